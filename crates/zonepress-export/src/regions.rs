//! Where each placed article sits on its page, read from the layout itself:
//! the template leaves `metadata((zp: "region", …))` at the top-left corner
//! of every article box, and Typst's introspector knows where it landed.
//! The digital edition (数字报) turns these into clickable regions.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use typst::foundations::NativeElement;
use typst::introspection::{Introspector, MetadataElem};
use zonepress_core::Id;

use crate::exporter::LaidOutIssue;

/// One placed article's box on its page, in points from the page's
/// top-left corner (the trimmed page: without bleed).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct ArticleRegion {
    /// 1-based page (版) number.
    pub page: u8,
    pub article_id: Id,
    pub x: f64,
    pub y: f64,
    pub w: f64,
    pub h: f64,
}

#[derive(Deserialize)]
struct RegionMark {
    zp: String,
    page: u8,
    article: Id,
    w: f64,
    h: f64,
}

impl LaidOutIssue {
    /// Every article box the layout placed, in page and plan order. An
    /// article left out of its page (no room for its head and two lines)
    /// has no region.
    pub fn article_regions(&self) -> Vec<ArticleRegion> {
        let bleed = self.data.meta.bleed;
        let mut out = vec![];
        // each page is a document of its own, typeset alone
        for (sheet, compiled) in self.pages.iter().enumerate() {
            out.extend(regions_of(&compiled.document, sheet + 1, bleed));
        }
        out.sort_by_key(|r| r.page);
        out
    }

    /// Width and height of a page (1-based) in points, without bleed.
    pub fn page_size_pt(&self, page: u8) -> Option<(f64, f64)> {
        let compiled = self.pages.get(usize::from(page).checked_sub(1)?)?;
        let p = compiled.document.pages().first()?;
        let bleed = 2.0 * self.data.meta.bleed;
        let size = p.frame.size();
        Some((size.x.to_pt() - bleed, size.y.to_pt() - bleed))
    }
}

/// The region marks of one page's document (`sheet`: the page's number in
/// the issue).
fn regions_of(
    document: &typst_layout::PagedDocument,
    sheet: usize,
    bleed: f64,
) -> Vec<ArticleRegion> {
    let introspector = document.introspector();
    let mut out = vec![];
    for elem in introspector.query(&MetadataElem::ELEM.select()) {
        let Some(meta) = elem.to_packed::<MetadataElem>() else {
            continue;
        };
        let Ok(value) = serde_json::to_value(&meta.value) else {
            continue;
        };
        let Ok(mark) = serde_json::from_value::<RegionMark>(value) else {
            continue;
        };
        if mark.zp != "region" || mark.h <= 0.0 {
            continue;
        }
        let Some(pos) = elem.location().and_then(|loc| introspector.position(loc)) else {
            continue;
        };
        // the page's own document has one sheet, and the template's page
        // number names it
        if pos.page.get() != 1 || sheet != usize::from(mark.page) {
            continue;
        }
        out.push(ArticleRegion {
            page: mark.page,
            article_id: mark.article,
            x: pos.point.x.to_pt() - bleed,
            y: pos.point.y.to_pt() - bleed,
            w: mark.w,
            h: mark.h,
        });
    }
    out
}
