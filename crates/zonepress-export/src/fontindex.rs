//! The font index: every font face of the system (and of extra folders)
//! with what Typst needs to choose among them (family, variant, coverage),
//! kept in a file so that a new process need not read every font again.
//!
//! Reading the faces is what makes discovery slow: the Noto CJK collections
//! hold dozens of faces of 20–27 MB files, and each face's coverage is
//! computed from its character map (0.2–0.3 s warm, about 1 s cold). The
//! index remembers, per font file, its size and modification time and the
//! faces found in it. A later start lists the font folders, compares each
//! file with the index and reads only files that are new or changed; the
//! files that name the folders (fontconfig's; see [`crate::fontdirs`]) are
//! compared too, and when they changed the folders are looked up again. A missing, unreadable or stale
//! index is never an error: the fonts are then read as without one.

use std::collections::{BTreeMap, HashSet};
use std::path::{Path, PathBuf};
use std::time::UNIX_EPOCH;

use serde::{Deserialize, Serialize};
use typst::text::FontInfo;

use crate::fontdirs;

/// Bump when the file format or what is stored changes.
const FORMAT: u32 = 1;

/// One face of a font file.
pub(crate) struct Face {
    pub path: PathBuf,
    pub index: u32,
    pub info: FontInfo,
}

/// What the index file holds.
#[derive(Serialize, Deserialize)]
struct IndexFile {
    format: u32,
    /// [`TYPST`]: the face metadata may differ between Typst versions.
    typst: String,
    /// The files and folders that decide the system's font folders (see
    /// [`crate::fontdirs`]), with their modification times (`None`: absent).
    config: Vec<(PathBuf, Option<u128>)>,
    /// The system font folders when the index was made.
    system_roots: Vec<PathBuf>,
    /// Every font file found, with its faces.
    files: Vec<FileEntry>,
}

#[derive(Serialize, Deserialize, Clone)]
struct FileEntry {
    path: PathBuf,
    size: u64,
    mtime: u128,
    faces: Vec<(u32, FontInfo)>,
}

/// How discovery went (for the benchmark and the log).
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct DiscoveryStats {
    /// Font files found.
    pub files: usize,
    /// Files whose faces were read (not taken from the index).
    pub read: usize,
    /// The index file was used.
    pub from_index: bool,
}

/// Every face under `extra_dirs` (first) and the system font folders, in a
/// stable order. `index_path` is where the index is read and written
/// (`None`: read every font file).
pub(crate) fn discover(
    extra_dirs: &[PathBuf],
    index_path: Option<&Path>,
) -> (Vec<Face>, DiscoveryStats) {
    let config = fontdirs::config_stamps();
    let old = index_path.and_then(load);
    let system_roots = match &old {
        Some(old) if old.config == config => old.system_roots.clone(),
        _ => fontdirs::system_roots(),
    };
    let known: BTreeMap<&Path, &FileEntry> = old
        .iter()
        .flat_map(|o| &o.files)
        .map(|f| (f.path.as_path(), f))
        .collect();
    let mut stats = DiscoveryStats {
        from_index: old.is_some(),
        ..Default::default()
    };
    let mut seen = HashSet::new();
    let mut files = vec![];
    for root in extra_dirs.iter().chain(&system_roots) {
        let mut found = vec![];
        walk(root, &mut seen, &mut found);
        found.sort();
        for path in found {
            let Ok(meta) = std::fs::metadata(&path) else {
                continue;
            };
            let size = meta.len();
            let mtime = mtime_of(&meta).unwrap_or(0);
            let entry = match known.get(path.as_path()) {
                Some(e) if e.size == size && e.mtime == mtime => (*e).clone(),
                _ => {
                    stats.read += 1;
                    FileEntry {
                        faces: read_faces(&path),
                        path,
                        size,
                        mtime,
                    }
                }
            };
            files.push(entry);
        }
    }
    stats.files = files.len();
    let unchanged = old.as_ref().is_some_and(|o| {
        o.config == config
            && o.system_roots == system_roots
            && o.files.len() == files.len()
            && stats.read == 0
            && o.files.iter().zip(&files).all(|(a, b)| a.path == b.path)
    });
    if let Some(path) = index_path
        && !unchanged
    {
        save(
            path,
            &IndexFile {
                format: FORMAT,
                typst: TYPST.into(),
                config,
                system_roots,
                files: files.clone(),
            },
        );
    }
    let faces = files
        .into_iter()
        .flat_map(|f| {
            let path = f.path;
            f.faces.into_iter().map(move |(index, info)| Face {
                path: path.clone(),
                index,
                info,
            })
        })
        .collect();
    (faces, stats)
}

/// The Typst whose face metadata the index holds (its `FontInfo` may
/// change between versions): keep in step with the workspace's `typst`.
const TYPST: &str = "0.15";

fn load(path: &Path) -> Option<IndexFile> {
    let bytes = std::fs::read(path).ok()?;
    let index: IndexFile = serde_json::from_slice(&bytes).ok()?;
    (index.format == FORMAT && index.typst == TYPST).then_some(index)
}

/// Write the index next to its final place and move it there, so that a
/// reader never sees half a file. Failures are logged nowhere: the index
/// is only a shortcut.
fn save(path: &Path, index: &IndexFile) {
    let Ok(json) = serde_json::to_vec(index) else {
        return;
    };
    if let Some(dir) = path.parent() {
        let _ = std::fs::create_dir_all(dir);
    }
    let tmp = path.with_extension(format!("tmp{}", std::process::id()));
    if std::fs::write(&tmp, json).is_ok() && std::fs::rename(&tmp, path).is_err() {
        let _ = std::fs::remove_file(&tmp);
    }
}

pub(crate) fn mtime_of(meta: &std::fs::Metadata) -> Option<u128> {
    Some(
        meta.modified()
            .ok()?
            .duration_since(UNIX_EPOCH)
            .ok()?
            .as_nanos(),
    )
}

/// Font files under `dir`, following links, each real file once (as
/// fontdb does).
fn walk(dir: &Path, seen: &mut HashSet<PathBuf>, out: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        let Ok(meta) = std::fs::metadata(&path) else {
            continue;
        };
        let real = if entry.file_type().is_ok_and(|t| t.is_symlink()) {
            match std::fs::canonicalize(&path) {
                Ok(p) => p,
                Err(_) => continue,
            }
        } else {
            path.clone()
        };
        if !seen.insert(real.clone()) {
            continue;
        }
        if meta.is_dir() {
            walk(&real, seen, out);
        } else if meta.is_file() && is_font_file(&real) {
            out.push(real);
        }
    }
}

fn is_font_file(path: &Path) -> bool {
    matches!(
        path.extension().and_then(|e| e.to_str()),
        Some("ttf" | "ttc" | "otf" | "otc" | "TTF" | "TTC" | "OTF" | "OTC")
    )
}

/// The faces of one font file (none when it cannot be read or parsed).
fn read_faces(path: &Path) -> Vec<(u32, FontInfo)> {
    let Ok(data) = std::fs::read(path) else {
        return vec![];
    };
    (0..faces_in(&data))
        .filter_map(|i| FontInfo::new(&data, i).map(|info| (i, info)))
        .collect()
}

/// Faces in a font file: a collection (`ttcf`) says how many it has.
fn faces_in(data: &[u8]) -> u32 {
    if data.starts_with(b"ttcf") && data.len() >= 12 {
        u32::from_be_bytes([data[8], data[9], data[10], data[11]])
    } else {
        1
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn collections_say_how_many_faces_they_hold() {
        let mut ttc = b"ttcf\0\x02\0\0".to_vec();
        ttc.extend(10u32.to_be_bytes());
        assert_eq!(faces_in(&ttc), 10);
        assert_eq!(faces_in(b"\0\x01\0\0rest"), 1);
    }

    #[test]
    fn the_index_is_used_and_follows_changes() {
        let Some(font) = fontdirs::system_roots()
            .iter()
            .flat_map(|r| {
                let mut v = vec![];
                walk(r, &mut HashSet::new(), &mut v);
                v
            })
            .find(|p| p.extension().is_some_and(|e| e == "ttf" || e == "otf"))
        else {
            return; // no single-face font on this machine
        };
        let dir = tempfile::tempdir().unwrap();
        let fonts = dir.path().join("fonts");
        std::fs::create_dir(&fonts).unwrap();
        std::fs::copy(&font, fonts.join("a.ttf")).unwrap();
        let index = dir.path().join("index.json");
        let extra = [fonts.clone()];

        let (first, stats) = discover(&extra, Some(&index));
        assert!(index.is_file());
        assert!(stats.read >= 1, "{stats:?}");
        assert_eq!(first[0].path, fonts.join("a.ttf"));

        let (again, stats) = discover(&extra, Some(&index));
        assert!(stats.from_index);
        assert_eq!(stats.read, 0, "{stats:?}");
        assert_eq!(again.len(), first.len());
        assert!(
            again
                .iter()
                .zip(&first)
                .all(|(a, b)| a.path == b.path && a.index == b.index && a.info == b.info)
        );

        // A new file is read, the others still come from the index.
        std::fs::copy(&font, fonts.join("b.ttf")).unwrap();
        let (more, stats) = discover(&extra, Some(&index));
        assert_eq!(stats.read, 1, "{stats:?}");
        assert_eq!(more.len(), first.len() + 1);
        assert_eq!(more[1].path, fonts.join("b.ttf"));

        // A garbled index is ignored.
        std::fs::write(&index, b"{not json").unwrap();
        let (same, stats) = discover(&extra, Some(&index));
        assert!(!stats.from_index);
        assert_eq!(same.len(), more.len());
    }
}
