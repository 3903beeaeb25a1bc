//! 校样标记: a round's pages with its marks drawn over them in the round's
//! colour (一校 red, 二校 blue, 三校 green), numbered, with a legend that
//! says who marked what and how each mark ended. The marks are typeset as
//! transparent pages of their own (`templates/marks.typ`) and laid over the
//! round's pages, so the page itself stays vector text as in the 校样.

use std::sync::LazyLock;

use serde::Serialize;
use typst::foundations::Bytes;
use typst::layout::Point;
use typst::model::Document;
use typst_layout::PagedDocument;

use super::{Exporter, LaidOutIssue, font_error, write_pdf_with};
use crate::error::ExportError;
use crate::view::{Fonts, typeset_text};
use crate::world::{Files, Templates, ZpWorld, file_id};

const TEMPLATE: &str = "/marks.typ";

static TEMPLATES: LazyLock<Templates> = LazyLock::new(|| {
    let mut t = Templates::default();
    t.insert(
        TEMPLATE,
        include_str!("../../templates/marks.typ").to_string(),
    );
    t
});

/// One mark to draw: where (boxes in pt from the trimmed page's top-left)
/// and its row of the legend.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct MarkDrawing {
    pub page: u8,
    /// The characters marked, one box per line (or the box drawn).
    pub rects: Vec<[f64; 4]>,
    /// `#rrggbb`
    pub color: String,
    /// Drawn beside the mark: `3 ○改正`.
    pub label: String,
    /// The legend's cells.
    pub n: String,
    pub kind: String,
    pub quote: String,
    pub change: String,
    pub by: String,
    pub state: String,
}

/// Everything the marked proof prints besides the pages.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct MarkedProof {
    /// `青禾开发区报 2026年第11期 一校样 校样标记`
    pub title: String,
    /// `共5处标记，差错率…；生成于…`
    pub subtitle: String,
    /// The colours of the rounds shown: `一校：红色`.
    pub colours: Vec<(String, String)>,
    pub marks: Vec<MarkDrawing>,
    /// `YYYY-MM-DD`, the PDF's date.
    pub date: String,
}

#[derive(Serialize)]
struct PageData {
    w: f64,
    h: f64,
    marks: Vec<MarkOnPage>,
}

#[derive(Serialize)]
struct MarkOnPage {
    rects: Vec<[f64; 4]>,
    color: String,
    label: String,
}

#[derive(Serialize)]
struct Row {
    n: String,
    page: String,
    kind: String,
    quote: String,
    change: String,
    by: String,
    state: String,
    color: String,
}

#[derive(Serialize)]
struct Colour {
    hex: String,
    text: String,
}

#[derive(Serialize)]
struct Data {
    fonts: Fonts,
    pages: Vec<PageData>,
    legend_w: f64,
    legend_h: f64,
    title: String,
    subtitle: String,
    colours: Vec<Colour>,
    header: Vec<&'static str>,
    rows: Vec<Row>,
    empty: &'static str,
}

impl Exporter {
    /// The round's pages (`laid`, as the round froze them) with `proof`'s
    /// marks over them, and the legend after the last page.
    pub fn marked_proof_pdf(
        &self,
        laid: &LaidOutIssue,
        proof: &MarkedProof,
    ) -> Result<Vec<u8>, ExportError> {
        let count = laid.page_count();
        let mut pages = Vec::with_capacity(count);
        for n in 1..=count {
            let n8 = u8::try_from(n).unwrap_or(u8::MAX);
            let (w, h) = laid.page_size_pt(n8).unwrap_or((842.0, 1191.0));
            pages.push(PageData {
                w,
                h,
                marks: proof
                    .marks
                    .iter()
                    .filter(|m| m.page == n8 && !m.rects.is_empty())
                    .map(|m| MarkOnPage {
                        rects: m.rects.clone(),
                        color: m.color.clone(),
                        label: typeset_text(&m.label),
                    })
                    .collect(),
            });
        }
        let (legend_w, legend_h) = pages.first().map_or((842.0, 1191.0), |p| (p.w, p.h));
        let data = Data {
            fonts: self.fonts(),
            pages,
            legend_w,
            legend_h,
            title: typeset_text(&proof.title),
            subtitle: typeset_text(&proof.subtitle),
            colours: proof
                .colours
                .iter()
                .map(|(hex, text)| Colour {
                    hex: hex.clone(),
                    text: text.clone(),
                })
                .collect(),
            header: vec![
                "序号",
                "版",
                "标记",
                "原文",
                "改为 / 说明",
                "标记人",
                "处理",
            ],
            rows: proof
                .marks
                .iter()
                .map(|m| Row {
                    n: m.n.clone(),
                    page: format!("第{}版", m.page),
                    kind: m.kind.clone(),
                    quote: typeset_text(&m.quote),
                    change: typeset_text(&m.change),
                    by: m.by.clone(),
                    state: m.state.clone(),
                    color: m.color.clone(),
                })
                .collect(),
            empty: "本轮没有标记",
        };
        let json = serde_json::to_vec(&data).expect("mark data serialises");
        let mut files = Files::new();
        files.insert(file_id("/data.json"), Bytes::new(json));
        let world = ZpWorld {
            library: &self.shared.library,
            fonts: &self.shared.fonts,
            templates: &TEMPLATES,
            files: &files,
            main: file_id(TEMPLATE),
        };
        let result = typst::compile::<PagedDocument>(&world);
        if let Some(w) = result
            .warnings
            .iter()
            .map(|w| w.message.to_string())
            .find(|m| m.contains("font"))
        {
            return Err(font_error(&w));
        }
        let overlay = result.output.map_err(|errors| ExportError::Compile {
            diagnostics: errors.iter().map(|e| e.message.to_string()).collect(),
        })?;
        let mut out: Vec<typst_layout::Page> = Vec::with_capacity(count + 1);
        let over = overlay.pages();
        for i in 0..count {
            let n = u8::try_from(i + 1).unwrap_or(u8::MAX);
            let mut page = laid.shown_sheet(n)?;
            if let Some(o) = over.get(i) {
                let bleed = laid.data.meta.bleed;
                page.frame
                    .push_frame(Point::splat(typst::layout::Abs::pt(bleed)), o.frame.clone());
            }
            out.push(page);
        }
        out.extend(over.iter().skip(count).cloned());
        let mut info = laid
            .pages
            .first()
            .map(|c| c.document.info().clone())
            .unwrap_or_default();
        info.title = Some(proof.title.clone().into());
        let document = PagedDocument::new(out.into_iter().collect(), info);
        write_pdf_with(&document, None, Some(&proof.date))
    }
}
