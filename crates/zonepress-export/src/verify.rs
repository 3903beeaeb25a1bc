//! Reading a PDF back: the embedded manifest and the text of each page, and
//! checking that an article's approved text is printed, in order, exactly.
//!
//! The PDF is read in pure Rust ([`crate::pdfread`]): text through the
//! fonts' ToUnicode maps in drawing order, which for Typst output is the
//! reading order (headline, then column after column); the manifest from the
//! document's embedded files.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use ts_rs::TS;
use zonepress_core::{ArticleContent, Block};

use crate::error::ExportError;
use crate::pdfread;
use crate::view::typeset_text;

/// What [`verify_pdf`] found in a PDF.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS, JsonSchema)]
pub struct PdfContents {
    /// The attachment `manifest.json`, if the PDF has one.
    pub manifest_json: Option<String>,
    /// The text of each page in reading order.
    pub pages: Vec<String>,
}

impl PdfContents {
    /// All pages' text.
    pub fn text(&self) -> String {
        self.pages.join("\n")
    }
}

/// One place where the printed text differs from the approved text.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS, JsonSchema)]
pub struct TextMismatch {
    /// `kicker`, `title`, `subtitle`, `byline`, `body`, `caption`, `credit`.
    pub field: String,
    /// Index of the body block, for body text and captions.
    pub block: Option<u32>,
    /// The approved passage around the first difference.
    pub expected: String,
    /// What the PDF has there (empty when the passage is missing).
    pub found: String,
    pub message_zh: String,
}

/// The embedded manifest and the text of every page.
pub fn verify_pdf(pdf: &[u8]) -> Result<PdfContents, ExportError> {
    let unreadable = |what: &str| ExportError::Verify {
        reason: format!("{what} could not be read"),
    };
    if !pdf.starts_with(b"%PDF-") {
        return Err(ExportError::Verify {
            reason: "not a PDF file".into(),
        });
    }
    let read = pdfread::read(pdf).map_err(|_| unreadable("the pages or the manifest"))?;
    let pages = read.pages;
    let manifest_json = read
        .manifest
        .map(|bytes| String::from_utf8(bytes).map_err(|_| unreadable("manifest.json")))
        .transpose()?;
    Ok(PdfContents {
        manifest_json,
        pages,
    })
}

fn squash(s: &str) -> Vec<char> {
    s.chars().filter(|c| !c.is_whitespace()).collect()
}

fn find(hay: &[char], needle: &[char], from: usize) -> Option<usize> {
    if needle.is_empty() {
        return Some(from);
    }
    (from..hay.len().saturating_sub(needle.len() - 1))
        .find(|&i| hay[i..i + needle.len()] == *needle)
}

fn snippet(chars: &[char], at: usize, len: usize) -> String {
    let start = at.saturating_sub(6);
    chars[start..(at + len).min(chars.len())].iter().collect()
}

/// Is the article's printed text in `pdf_text`, in order, exactly? Only
/// whitespace and line breaks are ignored (and the half-width punctuation
/// the typesetter widens, which it widens here too). Returns the first
/// differing passage of each field or block that does not match.
pub fn compare_text(expected: &ArticleContent, pdf_text: &str) -> Vec<TextMismatch> {
    let hay = squash(pdf_text);
    let mut out = vec![];
    let mut cursor = 0usize;
    let mut check =
        |field: &str, block: Option<u32>, text: &str, ordered: bool, cursor: &mut usize| {
            let needle = squash(&typeset_text(text));
            if needle.is_empty() {
                return;
            }
            let from = if ordered { *cursor } else { 0 };
            if let Some(at) = find(&hay, &needle, from) {
                if ordered {
                    *cursor = at + needle.len();
                }
                return;
            }
            // Locate the passage by its longest matching prefix, then report
            // where it starts to differ.
            let mut best: Option<(usize, usize)> = None; // (pdf pos, matched len)
            let probe = needle.len().min(6);
            let mut i = from;
            while let Some(at) = find(&hay, &needle[..probe], i) {
                let matched = needle
                    .iter()
                    .zip(&hay[at..])
                    .take_while(|(a, b)| a == b)
                    .count();
                if best.is_none_or(|b| matched > b.1) {
                    best = Some((at, matched));
                }
                i = at + 1;
            }
            let (expected_s, found_s) = match best {
                Some((at, matched)) => (
                    snippet(&needle, matched, 14),
                    snippet(&hay, at + matched, 14),
                ),
                None => (snippet(&needle, 0, 20), String::new()),
            };
            let where_zh = match (field, block) {
                ("body", Some(b)) => format!("正文第{}段", b + 1),
                ("caption", _) => "图片说明".into(),
                ("credit", _) => "摄影署名".into(),
                ("kicker", _) => "引题".into(),
                ("title", _) => "主题".into(),
                ("subtitle", _) => "副题".into(),
                ("byline", _) => "署名".into(),
                _ => field.to_string(),
            };
            let message_zh = if found_s.is_empty() {
                format!("{where_zh}在 PDF 中找不到：“{expected_s}”")
            } else {
                format!("{where_zh}与审定稿不一致：应为“{expected_s}”，PDF 中为“{found_s}”")
            };
            out.push(TextMismatch {
                field: field.into(),
                block,
                expected: expected_s,
                found: found_s,
                message_zh,
            });
        };
    for (field, text) in [
        ("kicker", &expected.kicker),
        ("title", &expected.title),
        ("subtitle", &expected.subtitle),
        ("byline", &expected.byline),
    ] {
        check(field, None, text, true, &mut cursor);
    }
    let head_end = cursor;
    // Captions sit with their photos, above the body: check them anywhere
    // after the headline; the body blocks must follow one another.
    for (i, block) in expected.body.iter().enumerate() {
        let i = u32::try_from(i).unwrap_or(u32::MAX);
        match block {
            Block::Image {
                caption, credit, ..
            } => {
                let mut c = head_end;
                check("caption", Some(i), caption, false, &mut c);
                check("credit", Some(i), credit, false, &mut c);
            }
            Block::Brief { text } => check("body", Some(i), &format!("◆{text}"), true, &mut cursor),
            other => check("body", Some(i), other.text(), true, &mut cursor),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn content() -> ArticleContent {
        ArticleContent {
            title: "开发区召开 全体会议".into(),
            body: vec![
                Block::Paragraph {
                    text: "9月20日上午, 开发区召开会议。".into(),
                },
                Block::Paragraph {
                    text: "会议要求抓好落实。".into(),
                },
            ],
            ..Default::default()
        }
    }

    #[test]
    fn text_with_line_breaks_matches() {
        let pdf =
            "开发区召开\u{3000}全体会议\n9月20日上午，开发区召\n开会议。\n会议要求抓好落\n实。";
        assert!(compare_text(&content(), pdf).is_empty());
    }

    #[test]
    fn a_changed_character_is_reported_with_its_place() {
        let pdf = "开发区召开全体会议\n9月20日上午，开发区召开会议。\n会议要求抓好落识。";
        let m = compare_text(&content(), pdf);
        assert_eq!(m.len(), 1, "{m:?}");
        assert_eq!(m[0].block, Some(1));
        assert!(m[0].expected.contains("实"), "{m:?}");
        assert!(m[0].found.contains("识"), "{m:?}");
    }

    #[test]
    fn paragraphs_out_of_order_are_reported() {
        let pdf = "开发区召开全体会议\n会议要求抓好落实。\n9月20日上午，开发区召开会议。";
        assert!(!compare_text(&content(), pdf).is_empty());
    }
}
