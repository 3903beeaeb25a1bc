//! Reading an edition back (a zip, or the folder it was unpacked into) for
//! `verify`: its files, its manifest, what each article page shows and
//! which regions each page image carries.

use std::collections::BTreeMap;
use std::io::Read;
use std::path::Path;

use sha2::{Digest, Sha256};
use zonepress_core::Id;

use crate::error::WebError;
use crate::html::unescape;
use crate::site::{MANIFEST, Site, is_asset_id};

/// Most files an edition may have, most bytes one file may inflate to, and
/// most bytes altogether. An edition of 4 A3 pages has about 40 files and
/// 10 MB; its largest file (a page image) is about 1 MB. A zip is held to
/// these by the sizes its entries declare and, since those can lie, by what
/// they actually inflate to.
pub const MAX_FILES: usize = 5_000;
pub const MAX_FILE_BYTES: u64 = 32 * 1024 * 1024;
pub const MAX_BYTES: u64 = 128 * 1024 * 1024;

/// Is this the start of a zip file?
pub fn is_zip(bytes: &[u8]) -> bool {
    bytes.starts_with(b"PK\x03\x04")
}

fn safe(path: &str) -> bool {
    !path.is_empty()
        && !path.starts_with('/')
        && !path.contains('\\')
        && path
            .split('/')
            .all(|p| !p.is_empty() && p != "." && p != "..")
}

/// The files of a zipped edition, the folder they sit under stripped.
pub fn from_zip(bytes: &[u8]) -> Result<Site, WebError> {
    let bad = |en: String| WebError::not_edition(en, "文件不是园区编务导出的数字报压缩包（.zip）");
    let mut z = zip::ZipArchive::new(std::io::Cursor::new(bytes))
        .map_err(|e| bad(format!("not a zip: {e}")))?;
    if z.len() > MAX_FILES {
        return Err(bad(format!("{} entries", z.len())));
    }
    let mut files = Site::new();
    let mut total = 0u64;
    for i in 0..z.len() {
        let mut f = z.by_index(i).map_err(|e| bad(format!("entry {i}: {e}")))?;
        if f.is_dir() {
            continue;
        }
        let name = f
            .name()
            .map_err(|e| bad(format!("entry {i} name: {e}")))?
            .to_string();
        if !safe(&name) {
            return Err(bad(format!("unsafe path {name:?}")));
        }
        let left = MAX_BYTES.saturating_sub(total);
        let declared = f.size();
        if declared > MAX_FILE_BYTES || declared > left {
            return Err(bad(format!("{name}: declares {declared} bytes")));
        }
        let limit = MAX_FILE_BYTES.min(left);
        let mut buf = Vec::with_capacity(declared as usize);
        (&mut f)
            .take(limit + 1)
            .read_to_end(&mut buf)
            .map_err(|e| bad(format!("{name}: {e}")))?;
        if buf.len() as u64 > limit {
            return Err(bad(format!("{name}: inflates beyond {limit} bytes")));
        }
        total += buf.len() as u64;
        files.insert(name, buf);
    }
    Ok(strip_root(files))
}

/// The files of an edition folder (the folder holding `manifest.json`).
pub fn from_dir(dir: &Path) -> Result<Site, WebError> {
    let mut files = Site::new();
    let mut total = 0u64;
    let mut stack = vec![(dir.to_path_buf(), String::new())];
    while let Some((d, prefix)) = stack.pop() {
        let entries = std::fs::read_dir(&d).map_err(|e| {
            WebError::not_edition(format!("read {}: {e}", d.display()), "无法读取数字报文件夹")
        })?;
        for entry in entries.flatten() {
            let name = entry.file_name().to_string_lossy().into_owned();
            let rel = format!("{prefix}{name}");
            let ft = entry.file_type().map_err(|e| {
                WebError::not_edition(format!("{rel}: {e}"), "无法读取数字报文件夹")
            })?;
            if ft.is_dir() {
                stack.push((entry.path(), format!("{rel}/")));
            } else if ft.is_file() {
                let bytes = std::fs::read(entry.path()).map_err(|e| {
                    WebError::not_edition(format!("{rel}: {e}"), "无法读取数字报文件夹中的文件")
                })?;
                total += bytes.len() as u64;
                if total > MAX_BYTES
                    || bytes.len() as u64 > MAX_FILE_BYTES
                    || files.len() >= MAX_FILES
                {
                    return Err(WebError::not_edition(
                        "folder too large",
                        "文件夹过大，不是数字报",
                    ));
                }
                files.insert(rel, bytes);
            }
        }
    }
    Ok(strip_root(files))
}

/// A zip made by [`crate::archive::zip`] holds everything under one folder.
fn strip_root(files: Site) -> Site {
    if files.contains_key(MANIFEST) {
        return files;
    }
    let roots: std::collections::BTreeSet<&str> = files
        .keys()
        .filter_map(|k| k.split_once('/').map(|(r, _)| r))
        .collect();
    if roots.len() == 1 && files.keys().all(|k| k.contains('/')) {
        let root = format!("{}/", roots.into_iter().next().unwrap_or_default());
        return files
            .into_iter()
            .map(|(k, v)| (k[root.len()..].to_string(), v))
            .collect();
    }
    files
}

/// What one article page shows.
#[derive(Debug, Clone, Default, serde::Serialize, serde::Deserialize)]
pub struct ShownArticle {
    /// `(data-zp name, text)` in order, as [`crate::printed_fields`] names them.
    pub fields: Vec<(String, String)>,
}

/// An edition read back.
#[derive(Debug, Default, serde::Serialize, serde::Deserialize)]
pub struct EditionContents {
    pub manifest_json: Option<String>,
    /// By article id, from `article-ID.html`.
    pub articles: BTreeMap<Id, ShownArticle>,
    /// Per page, the articles its image has a region for (in order).
    pub regions: BTreeMap<u8, Vec<Id>>,
    /// Photos whose bytes are not the image their name (its SHA-256) says.
    pub bad_images: Vec<String>,
}

/// Read what an edition shows.
pub fn contents(site: &Site) -> EditionContents {
    let mut out = EditionContents {
        manifest_json: site
            .get(MANIFEST)
            .map(|b| String::from_utf8_lossy(b).into_owned()),
        ..Default::default()
    };
    for (path, bytes) in site {
        let text = || String::from_utf8_lossy(bytes);
        if let Some(id) = path
            .strip_prefix("article-")
            .and_then(|s| s.strip_suffix(".html"))
            .and_then(|s| s.parse::<Id>().ok())
        {
            out.articles.insert(
                id,
                ShownArticle {
                    fields: fields(&text()),
                },
            );
        } else if let Some(n) = path
            .strip_prefix("page-")
            .and_then(|s| s.strip_suffix(".html"))
            .and_then(|s| s.parse::<u8>().ok())
        {
            out.regions.insert(n, regions(&text()));
        } else if let Some(name) = path.strip_prefix("images/") {
            let stem = name.split('.').next().unwrap_or("");
            if !is_asset_id(stem) || hex::encode(Sha256::digest(bytes)) != stem.to_lowercase() {
                out.bad_images.push(path.clone());
            }
        }
    }
    out
}

/// The text of every element carrying `data-zp="…"` (the edition's own
/// markup: plain escaped text inside, no nested elements).
fn fields(html: &str) -> Vec<(String, String)> {
    let mut out = vec![];
    let mut rest = html;
    while let Some(i) = rest.find("data-zp=\"") {
        rest = &rest[i + 9..];
        let Some(q) = rest.find('"') else { break };
        let name = rest[..q].to_string();
        let Some(gt) = rest.find('>') else { break };
        rest = &rest[gt + 1..];
        let end = rest.find('<').unwrap_or(rest.len());
        out.push((name, unescape(&rest[..end])));
        rest = &rest[end..];
    }
    out
}

/// The article ids of the regions (`class="region" … data-article="ID"`).
fn regions(html: &str) -> Vec<Id> {
    let mut out = vec![];
    let mut rest = html;
    while let Some(i) = rest.find("<a class=\"region\"") {
        rest = &rest[i + 17..];
        let tag_end = rest.find('>').unwrap_or(rest.len());
        let tag = &rest[..tag_end];
        if let Some(id) = tag
            .split_once("data-article=\"")
            .and_then(|(_, r)| r.split_once('"'))
            .and_then(|(v, _)| v.parse().ok())
        {
            out.push(id);
        }
    }
    out
}
