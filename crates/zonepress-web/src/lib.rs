//! ZonePress beyond paper: the 数字报 digital edition and WeChat-ready HTML.
//!
//! The pipeline: the api layer typesets the issue once and hands an
//! [`Edition`] (page images, each placed article's region on its page as
//! Typst laid it out, the approved content of each article, the manifest);
//! [`site::build`] turns it into the files of a static website
//! ([`Site`]: `index.html`, `page-N.html`, `article-ID.html`, `style.css`,
//! page images, photos, `manifest.json`), [`archive::zip`] packs them.
//! [`wechat`] writes an article (or a whole issue) as HTML with inline styles
//! only, for pasting into the WeChat editor. [`read`] reads an edition back
//! (a folder or a zip) so `verify` can hold it against the approved
//! revisions.
//!
//! What it never does: touch the store or typeset (it is given bytes and
//! data), write files (it returns them), run or link any script or anything
//! outside the edition (a strict Content-Security-Policy says so on every
//! page), or put user text anywhere but escaped text and attribute values
//! ([`html::escape`]): a title `<script>` or `"><svg onload=…>` shows as typed.

pub mod archive;
mod error;
pub mod html;
pub mod read;
pub mod site;
pub mod wechat;

pub use error::WebError;
pub use site::{Edition, EditionArticle, EditionPage, Region, Site};

/// The printed fields of an article in reading order, each with the
/// `data-zp` name the edition gives its element: what a reader sees, and
/// what `verify` compares with the approved revision.
pub fn printed_fields(content: &zonepress_core::ArticleContent) -> Vec<(&'static str, String)> {
    use zonepress_core::Block;
    let mut out = vec![];
    for (name, value) in [
        ("column", &content.column),
        ("kicker", &content.kicker),
        ("title", &content.title),
        ("subtitle", &content.subtitle),
        ("byline", &content.byline),
    ] {
        if !value.trim().is_empty() {
            out.push((name, value.clone()));
        }
    }
    for block in &content.body {
        match block {
            Block::Paragraph { text } => out.push(("p", text.clone())),
            Block::Subhead { text } => out.push(("h", text.clone())),
            Block::Brief { text } => out.push(("b", text.clone())),
            Block::Image {
                caption, credit, ..
            } => {
                if !caption.trim().is_empty() {
                    out.push(("caption", caption.clone()));
                }
                if !credit.trim().is_empty() {
                    out.push(("credit", credit.clone()));
                }
            }
        }
    }
    out
}
