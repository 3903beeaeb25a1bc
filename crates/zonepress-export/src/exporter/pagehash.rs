//! The hash of what a page prints, and of the whole layout: what a 签版 and
//! a 付印 are bound to.
//!
//! A page's hash covers the template's source, the page's data exactly as
//! it goes to the template (the issue's masthead and folio, the geometry,
//! every placed article's text and settings, the images by their content
//! hash) and the revision and content hash of each article on it. It leaves
//! out what does not change the print: whether the copy is a 校样, bleed, the
//! publication's other settings. Computing it typesets nothing.

use sha2::{Digest, Sha256};

use super::{Exporter, IssueDoc, LaidOutIssue};
use crate::view;

impl Exporter {
    /// The hash of each page of `doc`, in order.
    pub fn page_hashes(&self, doc: &IssueDoc) -> Vec<String> {
        let mut plain = doc.clone();
        plain.proof_copy = false;
        plain.proof_round = None;
        plain.bleed = false;
        let data = view::build(&plain, self.fonts());
        data.pages
            .iter()
            .map(|page| {
                let json =
                    serde_json::to_vec(&data.page_alone(page)).expect("page data serialises");
                finish(self.page_hash_start(&json), page, doc)
            })
            .collect()
    }

    /// [`Exporter::page_hashes`] of `doc`, which `laid` is the layout of:
    /// from the data its pages were typeset from when that is the print
    /// data (no 校样, no bleed, every image found), so nothing is built or
    /// serialised twice; otherwise built again.
    pub fn page_hashes_laid(&self, doc: &IssueDoc, laid: &LaidOutIssue) -> Vec<String> {
        match &laid.hash_starts {
            Some(starts) if starts.len() == laid.data.pages.len() => starts
                .iter()
                .zip(&laid.data.pages)
                .map(|(start, page)| finish(start.clone(), page, doc))
                .collect(),
            _ => self.page_hashes(doc),
        }
    }

    /// A page's hash over the template and the page's data (`json`).
    pub(super) fn page_hash_start(&self, json: &[u8]) -> Sha256 {
        let mut h = Sha256::new();
        h.update(b"zonepress page v1\n");
        h.update(self.template_sha.as_bytes());
        h.update(b"\n");
        h.update(json);
        h
    }
}

/// The page hash: `start` with the revision and content hash of each
/// article on the page.
fn finish(mut h: Sha256, page: &view::TplPage, doc: &IssueDoc) -> String {
    for item in &page.items {
        if let Some(a) = doc.articles.get(&item.id) {
            h.update(format!("\n{}:{}:{}", a.id, a.revision, a.content_hash));
        }
    }
    hex::encode(h.finalize())
}

/// The hash of a layout: its pages' hashes in order.
pub fn layout_hash(page_hashes: &[String]) -> String {
    let mut h = Sha256::new();
    h.update(b"zonepress layout v1");
    for p in page_hashes {
        h.update(b"\n");
        h.update(p.as_bytes());
    }
    hex::encode(h.finalize())
}
