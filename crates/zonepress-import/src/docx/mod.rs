//! `.docx` files (Word, WPS, LibreOffice): the zip package, the styles, the
//! main document part and its pictures, down to the [`Parsed`] items that
//! [`crate::assemble`] turns into an article.

mod document;
mod package;
mod styles;
mod xml;

use std::collections::HashMap;

use sha2::{Digest, Sha256};

use self::document::{DocItem, Found, NoteKind, NoteTexts, note_marker, read_document, read_notes};
use self::package::{EntryError, Package};
use self::styles::{StyleRole, Styles};
use self::xml::{Ns, XmlEvent, attr, part_text, walk};
use crate::assemble::{Item, Para, Parsed};
use crate::error::ImportError;
use crate::image::sniff;
use crate::notes;
use crate::types::{ImportLimits, ImportedImage};

const OLE_MAGIC: [u8; 8] = [0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1];
const MB: u64 = 1024 * 1024;

/// Is this an OLE2 compound file (legacy .doc/.wps, or encrypted OOXML)?
pub(crate) fn is_ole(bytes: &[u8]) -> bool {
    bytes.starts_with(&OLE_MAGIC)
}

/// An OLE2 file: an encrypted Office document carries a stream named
/// `EncryptedPackage` (its directory entry names are UTF-16LE); anything else
/// is a legacy binary document.
pub(crate) fn ole_error(bytes: &[u8]) -> ImportError {
    let needle: Vec<u8> = "EncryptedPackage"
        .encode_utf16()
        .flat_map(|u| u.to_le_bytes())
        .collect();
    if bytes.windows(needle.len()).any(|w| w == needle.as_slice()) {
        ImportError::Encrypted
    } else {
        ImportError::LegacyDoc
    }
}

/// Parse a `.docx` into paragraphs and pictures.
pub(crate) fn parse_docx(bytes: &[u8], limits: &ImportLimits) -> Result<Parsed, ImportError> {
    if is_ole(bytes) {
        return Err(ole_error(bytes));
    }
    if !bytes.starts_with(b"PK") {
        return Err(ImportError::NotAZip);
    }
    let mut pkg = Package::open(bytes, limits)?;
    let main = main_part(&mut pkg)?;
    let styles_name = sibling(&main, "styles.xml");
    let styles = match pkg.read_xml(&styles_name)? {
        Some(b) => Styles::parse(
            &styles_name,
            &part_text(&styles_name, b)?,
            limits.max_xml_depth,
        )?,
        None => Styles::default(),
    };
    let doc = pkg.read_xml(&main)?.ok_or(ImportError::NotWordDocument)?;
    let rels = read_rels(&mut pkg, &main)?;
    let mut note_texts = NoteTexts::new();
    let mut notes_found = Found::default();
    for (kind, rel_type, usual) in [
        (NoteKind::Foot, "/footnotes", "footnotes.xml"),
        (NoteKind::End, "/endnotes", "endnotes.xml"),
    ] {
        let part = rels
            .values()
            .find(|r| r.kind.ends_with(rel_type) && !r.external)
            .and_then(|r| r.resolved.clone())
            .unwrap_or_else(|| sibling(&main, usual));
        if let Some(bytes) = pkg.read_xml(&part)? {
            let found = read_notes(
                &part,
                &part_text(&part, bytes)?,
                &styles,
                kind,
                limits.max_xml_depth,
                &mut note_texts,
            )?;
            notes_found.merge(found);
        }
    }
    let (items, mut found) = read_document(
        &main,
        &part_text(&main, doc)?,
        &styles,
        &note_texts,
        limits.max_xml_depth,
    )?;

    let mut parsed = Parsed::default();
    // what the notes hold counts only when they are kept
    if !found.notes.is_empty() {
        found.merge(notes_found);
    }
    notes_for(&found, &mut parsed);
    parsed.note_paras = note_paragraphs(&found.notes, &mut note_texts);
    let mut image_index: HashMap<String, Option<usize>> = HashMap::new();

    let body_size = body_font_size(&items, &styles);
    for item in items {
        match item {
            DocItem::Para(p) => {
                let large = body_size > 0 && p.size * 4 >= body_size * 5 && p.size >= body_size + 4;
                parsed.items.push(Item::Text(Para {
                    text: p.text,
                    heading: match p.role {
                        Some(StyleRole::Heading(l)) => Some(l),
                        _ => None,
                    },
                    title_style: p.role == Some(StyleRole::Title),
                    subtitle_style: p.role == Some(StyleRole::Subtitle),
                    bold: p.bold,
                    large,
                    size: p.size,
                    origin: p.origin,
                }));
            }
            DocItem::Image(id) => {
                let idx = match image_index.get(&id) {
                    Some(idx) => *idx,
                    None => {
                        let idx = load_image(&mut pkg, &rels, &id, &mut parsed)?;
                        image_index.insert(id, idx);
                        idx
                    }
                };
                if let Some(idx) = idx {
                    parsed.items.push(Item::Image(idx));
                }
            }
            DocItem::LinkedImage(id) => {
                let target = rels
                    .get(&id)
                    .map(|r| r.target.as_str())
                    .unwrap_or(id.as_str());
                parsed.notes.push(notes::image_missing(target));
            }
        }
    }
    Ok(parsed)
}

fn notes_for(found: &Found, parsed: &mut Parsed) {
    if found.table_rows > 0 {
        parsed.notes.push(notes::table_flattened(found.table_rows));
    }
    if found.text_boxes > 0 {
        parsed.notes.push(notes::text_box_kept(found.text_boxes));
    }
    if !found.notes.is_empty() {
        let foot = found
            .notes
            .iter()
            .filter(|(k, _)| *k == NoteKind::Foot)
            .count();
        parsed.notes.push(notes::footnotes_appended(
            foot,
            found.notes.len() - foot,
            &note_marker(found.notes.len()),
        ));
    }
    if found.notes_missing > 0 {
        parsed
            .notes
            .push(notes::footnotes_ignored(found.notes_missing));
    }
    if !found.comments.is_empty() {
        parsed
            .notes
            .push(notes::comments_ignored(found.comments.len()));
    }
    if found.tracked_changes {
        parsed.notes.push(notes::tracked_changes(
            found.inserted_chars,
            found.deleted_chars,
        ));
    }
    if found.numbering {
        parsed.notes.push(notes::numbering_dropped());
    }
    if found.charts {
        parsed.notes.push(notes::chart_ignored());
    }
}

/// The notes referenced, in order, as paragraphs: the first of each note led
/// by its marker.
fn note_paragraphs(order: &[(NoteKind, String)], texts: &mut NoteTexts) -> Vec<String> {
    let mut out = Vec::new();
    for (i, key) in order.iter().enumerate() {
        let Some(paras) = texts.remove(key) else {
            continue;
        };
        for (j, para) in paras.into_iter().enumerate() {
            out.push(if j == 0 {
                format!("{}{para}", note_marker(i + 1))
            } else {
                para
            });
        }
    }
    out
}

/// The font size most of the body text is set in (by characters).
fn body_font_size(items: &[DocItem], styles: &Styles) -> u32 {
    let mut by_size: HashMap<u32, usize> = HashMap::new();
    for item in items {
        if let DocItem::Para(p) = item
            && p.size > 0
            && p.role.is_none()
        {
            *by_size.entry(p.size).or_default() += p.text.chars().count();
        }
    }
    by_size
        .into_iter()
        .max_by_key(|(size, n)| (*n, std::cmp::Reverse(*size)))
        .map(|(s, _)| s)
        .or(styles.default_size)
        .unwrap_or(0)
}

/// The main document part named by the package relationships, or the usual
/// `word/document.xml`.
fn main_part(pkg: &mut Package<'_>) -> Result<String, ImportError> {
    if let Some(bytes) = pkg.read_xml("_rels/.rels")? {
        let rels = parse_rels(
            "_rels/.rels",
            &part_text("_rels/.rels", bytes)?,
            "",
            pkg.limits.max_xml_depth,
        )?;
        for rel in rels.values() {
            if rel.kind.ends_with("/officeDocument")
                && !rel.external
                && let Some(target) = &rel.resolved
                && pkg.has(target)
            {
                return Ok(target.clone());
            }
        }
    }
    if pkg.has("word/document.xml") {
        Ok("word/document.xml".into())
    } else {
        Err(ImportError::NotWordDocument)
    }
}

/// A part next to `part` (`word/document.xml` + `styles.xml` → `word/styles.xml`).
fn sibling(part: &str, name: &str) -> String {
    match part.rsplit_once('/') {
        Some((dir, _)) => format!("{dir}/{name}"),
        None => name.to_string(),
    }
}

#[derive(Debug, Clone)]
struct Rel {
    kind: String,
    target: String,
    external: bool,
    /// The part name inside the package; `None` when the target leaves it.
    resolved: Option<String>,
}

fn read_rels(pkg: &mut Package<'_>, main: &str) -> Result<HashMap<String, Rel>, ImportError> {
    let (dir, file) = main.rsplit_once('/').unwrap_or(("", main));
    let name = if dir.is_empty() {
        format!("_rels/{file}.rels")
    } else {
        format!("{dir}/_rels/{file}.rels")
    };
    match pkg.read_xml(&name)? {
        Some(b) => parse_rels(&name, &part_text(&name, b)?, dir, pkg.limits.max_xml_depth),
        None => Ok(HashMap::new()),
    }
}

fn parse_rels(
    part: &str,
    xml: &str,
    base: &str,
    max_depth: usize,
) -> Result<HashMap<String, Rel>, ImportError> {
    let mut out = HashMap::new();
    walk(part, xml, max_depth, |ev| {
        if let XmlEvent::Start {
            ns: Ns::Rels,
            name: "Relationship",
            element,
        } = ev
        {
            let id = attr(part, element, "Id")?.unwrap_or_default();
            let target = attr(part, element, "Target")?.unwrap_or_default();
            let external = attr(part, element, "TargetMode")?.is_some_and(|m| m == "External");
            let kind = attr(part, element, "Type")?.unwrap_or_default();
            let resolved = if external {
                None
            } else {
                resolve_target(base, &target)
            };
            out.insert(
                id,
                Rel {
                    kind,
                    target,
                    external,
                    resolved,
                },
            );
        }
        Ok(())
    })?;
    Ok(out)
}

/// Resolve a relationship target against the source part's folder, inside
/// the package only: `media/a.png` from `word` → `word/media/a.png`,
/// `/word/media/a.png` as is, `../../x` → `None`.
fn resolve_target(base: &str, target: &str) -> Option<String> {
    let target = target.replace('\\', "/");
    let mut parts: Vec<&str> = if target.starts_with('/') {
        Vec::new()
    } else {
        base.split('/').filter(|s| !s.is_empty()).collect()
    };
    for seg in target.split('/') {
        match seg {
            "" | "." => {}
            ".." => {
                parts.pop()?;
            }
            s => parts.push(s),
        }
    }
    (!parts.is_empty()).then(|| parts.join("/"))
}

/// Read the picture of relationship `id` into `parsed.images`; `None` (with
/// a note) when it cannot be used.
fn load_image(
    pkg: &mut Package<'_>,
    rels: &HashMap<String, Rel>,
    id: &str,
    parsed: &mut Parsed,
) -> Result<Option<usize>, ImportError> {
    let Some(rel) = rels.get(id) else {
        parsed.notes.push(notes::image_missing(id));
        return Ok(None);
    };
    if rel.external {
        parsed.notes.push(notes::image_missing(&rel.target));
        return Ok(None);
    }
    let Some(name) = rel.resolved.clone() else {
        parsed.notes.push(notes::image_unsafe_target(&rel.target));
        return Ok(None);
    };
    let file_name = name.rsplit('/').next().unwrap_or(&name).to_string();
    let bytes = match pkg.read_image(&name) {
        Ok(Some(b)) => b,
        Ok(None) => {
            parsed.notes.push(notes::image_missing(&rel.target));
            return Ok(None);
        }
        Err(EntryError::TooLarge) => {
            parsed.notes.push(notes::image_too_large(
                &file_name,
                pkg.limits.max_image_bytes / MB,
            ));
            return Ok(None);
        }
        Err(EntryError::Fatal(e)) => return Err(e),
    };
    let Some(info) = sniff(&bytes) else {
        parsed.notes.push(notes::image_unsupported(&file_name));
        return Ok(None);
    };
    // Checked before anything decodes it (previews, print, 数字报).
    if !info.within_limits() {
        parsed.notes.push(notes::image_too_many_pixels(
            &file_name,
            info.width,
            info.height,
        ));
        return Ok(None);
    }
    let asset_id = hex::encode(Sha256::digest(&bytes));
    if let Some(i) = parsed.images.iter().position(|im| im.asset_id == asset_id) {
        return Ok(Some(i));
    }
    parsed.images.push(ImportedImage {
        asset_id,
        file_name,
        mime: info.mime.to_string(),
        width: info.width,
        height: info.height,
        bytes,
    });
    Ok(Some(parsed.images.len() - 1))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn targets_stay_inside_the_package() {
        assert_eq!(
            resolve_target("word", "media/image1.png").as_deref(),
            Some("word/media/image1.png")
        );
        assert_eq!(
            resolve_target("word", "/word/media/a.png").as_deref(),
            Some("word/media/a.png")
        );
        assert_eq!(
            resolve_target("word", "../media/a.png").as_deref(),
            Some("media/a.png")
        );
        assert_eq!(resolve_target("word", "../../etc/passwd"), None);
        assert_eq!(
            resolve_target("", "word/document.xml").as_deref(),
            Some("word/document.xml")
        );
    }

    #[test]
    fn ole_files() {
        let mut doc = OLE_MAGIC.to_vec();
        doc.extend([0u8; 600]);
        assert_eq!(ole_error(&doc), ImportError::LegacyDoc);
        doc.extend(
            "EncryptedPackage"
                .encode_utf16()
                .flat_map(|u| u.to_le_bytes()),
        );
        assert_eq!(ole_error(&doc), ImportError::Encrypted);
    }
}
