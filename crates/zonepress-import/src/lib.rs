//! ZonePress import: correspondents' files into proposed articles.
//!
//! What it does: [`preview_import`] reads the bytes of one uploaded file — a
//! `.docx` from Word, WPS or LibreOffice, a `.txt` in UTF-8, UTF-16 or
//! GBK/GB18030, a `.md` — and proposes an article: the headline stack (引题,
//! 主题, 副题), the byline, the body as paragraphs, subheads and captioned
//! images, with notes on what could not be kept as it was (tables flattened,
//! text boxes, footnotes moved to the end, comments left out, tracked changes
//! accepted, a stand-in title marked 待定标题) and normalisations it offers
//! but does not apply
//! ([`SuggestedFix`], applied by [`apply_fixes`] when the editor accepts them).
//! [`clean_pdf_text`] repairs text pasted from a PDF. A readable file is
//! never refused for what it lacks: without a recognisable title it gets a
//! stand-in one (see `assemble`). Hostile files (zip
//! bombs, DOCTYPEs, path-like names, truncated or encrypted documents) are
//! refused with an [`ImportError`] and never panic.
//!
//! What it never does: write anything. No store, no disk, no network. Images
//! come back as bytes with their SHA-256 asset id; the caller stores them and
//! creates the draft. Names from the upload or inside the archive are data,
//! never used as paths.
//!
//! Limits and refusals (defaults of [`ImportLimits`]): a `.docx` over
//! 100 MB or a text file over 5 MB is refused whole with
//! [`ImportError::TooLarge`]; the XML parts of one document may inflate to
//! 64 MB together (past that: `TooLarge` naming the part); one image may be
//! 50 MB and all images 200 MB — a larger image is *left out with an
//! `image_too_large` note* and the article is still proposed; an entry that
//! inflates more than 200 times its compressed size once past 1 MB is a
//! [`ImportError::ZipBomb`] (so a 200 MB image of zeros in a small file is
//! refused as a bomb, a real 200 MB photo by the file limit). Sizes in zip
//! headers are never trusted: every entry is read through a counting reader.
//! XML with a DOCTYPE is refused; no entity other than the predefined ones
//! and character references is ever expanded.
//!
//! The pipeline: `names` checks the file name → a format parser (`docx`,
//! `text`, `markdown`, with `pdf` cleaning for text that came out of a PDF)
//! produces paragraphs with formatting hints → `assemble` decides the
//! headline, byline, subheads, captions and kind → `fixes` lists the offered
//! normalisations.

mod assemble;
mod byline;
mod chars;
mod docx;
mod error;
mod fixes;
mod image;
mod markdown;
mod names;
pub mod notes;
mod pdf;
mod text;
mod types;

pub use error::ImportError;
pub use fixes::apply_fixes;
pub use names::extension;
pub use pdf::{clean_pdf_text, looks_like_pdf_extraction};
pub use types::{
    CleanedText, FixField, ImportLimits, ImportNote, ImportedImage, ProposedArticle, SuggestedFix,
};

use zonepress_core::ArticleContent;

const MB: u64 = 1024 * 1024;

/// The extensions [`preview_import`] reads.
pub const SUPPORTED_EXTENSIONS: &[&str] = &["docx", "txt", "md"];

/// Propose articles from one uploaded file (one article per file today; a
/// `Vec` so that a file holding several stories can be split later).
///
/// `file_name` is the bare name as uploaded (`稿件.docx`): a name with a
/// directory part, `..` or a drive is refused with [`ImportError::UnsafeName`]
/// (callers holding a path pass `Path::file_name`). The format is chosen by
/// the extension and checked against the bytes: a `.doc` that is really a
/// `.docx` is read, a `.docx` that is really a `.doc` gives
/// [`ImportError::LegacyDoc`].
pub fn preview_import(file_name: &str, bytes: &[u8]) -> Result<Vec<ProposedArticle>, ImportError> {
    preview_import_with(file_name, bytes, &ImportLimits::default())
}

/// [`preview_import`] with explicit size limits.
pub fn preview_import_with(
    file_name: &str,
    bytes: &[u8],
    limits: &ImportLimits,
) -> Result<Vec<ProposedArticle>, ImportError> {
    let ext = names::validate_upload_name(file_name)?;
    let too_large = |limit: u64| {
        (bytes.len() as u64 > limit).then(|| ImportError::TooLarge {
            part: file_name.to_string(),
            limit_mb: limit / MB,
        })
    };
    let parsed = match ext.as_str() {
        "docx" | "docm" | "doc" | "wps" => {
            if let Some(e) = too_large(limits.max_docx_bytes) {
                return Err(e);
            }
            if bytes.is_empty() {
                return Err(ImportError::Empty);
            }
            if matches!(ext.as_str(), "doc" | "wps") && !bytes.starts_with(b"PK") {
                return Err(if docx::is_ole(bytes) {
                    docx::ole_error(bytes)
                } else if bytes.starts_with(b"{\\rtf") {
                    ImportError::UnsupportedFormat {
                        extension: "rtf".into(),
                    }
                } else {
                    ImportError::LegacyDoc
                });
            }
            docx::parse_docx(bytes, limits)?
        }
        "txt" | "text" | "md" | "markdown" => {
            if let Some(e) = too_large(limits.max_text_bytes) {
                return Err(e);
            }
            if bytes.is_empty() {
                return Err(ImportError::Empty);
            }
            if matches!(ext.as_str(), "md" | "markdown") {
                let decoded = text::decode(bytes)?;
                markdown::parse_markdown(&decoded.text)
            } else {
                text::parse_txt(bytes)?
            }
        }
        _ => return Err(ImportError::UnsupportedFormat { extension: ext }),
    };
    Ok(vec![assemble::assemble(file_name, parsed)?])
}

/// Propose articles from several files; each file succeeds or fails alone.
pub fn preview_batch(
    files: &[(String, Vec<u8>)],
) -> Vec<Result<Vec<ProposedArticle>, ImportError>> {
    files
        .iter()
        .map(|(name, bytes)| preview_import(name, bytes))
        .collect()
}

/// The normalisations offered for some content (the same ones an import
/// offers), e.g. for text an editor pasted.
pub fn suggest_fixes(content: &ArticleContent) -> Vec<SuggestedFix> {
    fixes::suggest_for_content(content)
}
