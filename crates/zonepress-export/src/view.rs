//! The issue as the template sees it: plain data with every length already
//! decided (page geometry, column widths a whole number of characters, the
//! line pitch), rows of placed articles, text normalised for typesetting.
//!
//! This is the only place that turns core types into template input. Each
//! page is typeset alone: the issue's data with that one page
//! ([`TplData::page_alone`]) is serialised to `/data.json`, and the template
//! reads it with `json()`.

use std::collections::BTreeSet;

use chrono::Datelike;
use serde::Serialize;
use zonepress_core::layout::PageTemplate;
use zonepress_core::press::PublicationKind;
use zonepress_core::{ArticleKind, Block, Id, PageSize, Publication};

use crate::IssueDoc;

/// Millimetres to points.
pub fn mm(x: f64) -> f64 {
    x * 72.0 / 25.4
}

/// Extra width given to a column beyond its whole characters, so rounding
/// never loses a character a line.
const COLUMN_SLACK: f64 = 0.25;
/// Line pitch as a multiple of the body size.
const PITCH: f64 = 1.7;
/// Smallest gutter between columns, in ems of the body size.
const MIN_GUTTER_EM: f64 = 1.2;

/// Page geometry, all in pt.
#[derive(Debug, Clone, Serialize)]
pub struct Geom {
    pub page_w: f64,
    pub page_h: f64,
    pub margin_top: f64,
    pub margin_bottom: f64,
    pub margin_x: f64,
    pub text_w: f64,
    pub body_h: f64,
    pub cols: u8,
    pub colw: f64,
    pub gutter: f64,
    pub size: f64,
    pub pitch: f64,
    pub cpl: u32,
    pub masthead_h: f64,
    pub masthead_size: f64,
    pub lead_title: f64,
}

impl Geom {
    pub fn new(size: PageSize, cols: u8) -> Geom {
        let cols = cols.clamp(1, 6);
        let (w_mm, h_mm) = size.mm();
        let (page_w, page_h) = (mm(w_mm), mm(h_mm));
        let (margin_x, top, bottom, body, lead_title, masthead_size) = match size {
            PageSize::A3 => (mm(15.0), mm(17.0), mm(15.0), 10.5, 40.0, 78.0),
            PageSize::A4 => (mm(13.0), mm(15.0), mm(13.0), 9.5, 28.0, 54.0),
        };
        let text_w = page_w - 2.0 * margin_x;
        let (cpl, colw, gutter) = columns(text_w, cols, body);
        let pitch = (body * PITCH * 100.0).round() / 100.0;
        let avail = page_h - top - bottom;
        let lines = (avail / pitch).floor();
        let rest = avail - lines * pitch;
        Geom {
            page_w,
            page_h,
            margin_top: top + rest / 2.0,
            margin_bottom: bottom + rest / 2.0,
            margin_x,
            text_w,
            body_h: lines * pitch,
            cols,
            colw,
            gutter,
            size: body,
            pitch,
            cpl,
            masthead_h: (if size == PageSize::A3 { 7.0 } else { 6.0 }) * pitch,
            masthead_size,
            lead_title,
        }
    }

    /// Width of `n` page columns with the gutters between them.
    pub fn span(&self, n: u8) -> f64 {
        let n = f64::from(n.max(1));
        n * self.colw + (n - 1.0) * self.gutter
    }
}

/// Split `width` into `n` columns a whole number of `size` characters wide:
/// (characters per line, column width, gutter).
fn columns(width: f64, n: u8, size: f64) -> (u32, f64, f64) {
    let n_f = f64::from(n.max(1));
    let per = (width - (n_f - 1.0) * MIN_GUTTER_EM * size) / n_f;
    let cpl = ((per - COLUMN_SLACK) / size).floor().max(1.0);
    let colw = cpl * size + COLUMN_SLACK;
    let gutter = if n > 1 {
        (width - n_f * colw) / (n_f - 1.0)
    } else {
        0.0
    };
    (cpl as u32, colw, gutter)
}

#[derive(Debug, Clone, Serialize)]
pub struct Meta {
    pub title: String,
    pub name: String,
    pub publisher: String,
    pub permit: String,
    pub issue_label: String,
    pub date_zh: String,
    /// The issue date, `YYYY-MM-DD` (the PDF's creation date).
    pub date_iso: String,
    pub page_count: usize,
    /// Always false for the template: a proof's marking is laid behind the
    /// typeset page by the exporter (kept for templates that read it). The
    /// template reads it as `proof`: the name is part of the data every page
    /// hash covers, so renaming it would void every 签版 already given.
    #[serde(rename = "proof")]
    pub proof_copy: bool,
    /// Extra sheet around the trim on each side, in pt: always 0, since
    /// bleed and crop marks are added when a PDF is written
    /// ([`crate::press::marks`]); kept for templates that read it.
    pub bleed: f64,
    /// The output condition the photos were converted for (the profile's
    /// key and the ink limit): pages typeset for another one differ.
    pub press: String,
    /// The masthead red: CMYK, 0–1 each.
    pub masthead_cmyk: [f64; 4],
    /// Print the masthead red as this spot colour (empty: CMYK).
    pub masthead_spot: String,
    /// The lines beside the masthead's name, as the 出版形式 requires.
    pub masthead_lines: Vec<String>,
    /// The left of every page's foot: `内部资料　免费交流` for 内部资料.
    pub footer_note: String,
    /// The colophon 版权栏 at the foot of the last page, item by item.
    pub colophon: Vec<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct Fonts {
    pub serif: String,
    pub sans: String,
    pub kai: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct TplBlock {
    pub t: &'static str,
    pub text: String,
    /// Its index in the article's body (the template tags its text with it).
    pub src: u32,
}

#[derive(Debug, Clone, Serialize)]
pub struct TplImage {
    /// Its index in the article's body.
    pub src: u32,
    pub asset_id: String,
    /// Virtual path of the image, `None` when the store does not have it.
    pub path: Option<String>,
    pub caption: String,
    pub credit: String,
}

/// One placed article with its geometry.
#[derive(Debug, Clone, Serialize)]
pub struct TplItem {
    pub id: Id,
    pub kind: &'static str,
    /// The lead story of the front page: the largest headline.
    pub lead: bool,
    /// Page columns the article occupies.
    pub w: u8,
    pub width_pt: f64,
    pub head_w: f64,
    pub img_w: f64,
    /// Body columns, their width, the gutter between them.
    pub n: u8,
    pub colw: f64,
    pub gutter: f64,
    pub cpl: u32,
    pub size: f64,
    pub pitch: f64,
    pub inset: f64,
    pub kicker: String,
    pub title: String,
    pub subtitle: String,
    pub byline: String,
    pub column: String,
    pub blocks: Vec<TplBlock>,
    pub images: Vec<TplImage>,
}

#[derive(Debug, Clone, Serialize)]
pub struct TplPage {
    pub number: u8,
    pub template: &'static str,
    pub name: String,
    /// Placed articles in plan order; the template packs them into the
    /// columns, each at the highest free place its width allows.
    pub items: Vec<TplItem>,
}

#[derive(Debug, Clone, Serialize)]
pub struct TplData {
    pub meta: Meta,
    pub geom: Geom,
    pub fonts: Fonts,
    pub pages: Vec<TplPage>,
}

impl TplData {
    /// The data of one page typeset alone: the issue, the geometry and that
    /// page (`meta.page_count` still counts the whole issue).
    pub fn page_alone(&self, page: &TplPage) -> TplData {
        TplData {
            meta: self.meta.clone(),
            geom: self.geom.clone(),
            fonts: self.fonts.clone(),
            pages: vec![page.clone()],
        }
    }

    /// Every image asset the pages refer to.
    pub fn asset_ids(&self) -> BTreeSet<String> {
        self.pages
            .iter()
            .flat_map(|p| &p.items)
            .flat_map(|i| &i.images)
            .filter(|img| !img.asset_id.is_empty())
            .map(|img| img.asset_id.clone())
            .collect()
    }
}

pub fn asset_path(asset_id: &str) -> String {
    format!("/assets/{asset_id}")
}

/// `2026年9月30日 星期三`
pub fn date_zh(date: chrono::NaiveDate) -> String {
    const DAYS: [&str; 7] = ["一", "二", "三", "四", "五", "六", "日"];
    format!(
        "{}年{}月{}日 星期{}",
        date.year(),
        date.month(),
        date.day(),
        DAYS[date.weekday().num_days_from_monday() as usize]
    )
}

/// Build the template data. `kai` is the family for bylines and captions.
pub fn build(doc: &IssueDoc, fonts: Fonts) -> TplData {
    let plan = &doc.plan;
    let geom = Geom::new(plan.page_size, plan.columns);
    let cols = geom.cols;
    let mut pages = Vec::with_capacity(plan.pages.len());
    for page in &plan.pages {
        let front = page.template == PageTemplate::Front;
        let mut items = vec![];
        for (index, placement) in page.placements.iter().enumerate() {
            let Some(article) = doc.articles.get(&placement.article_id) else {
                continue; // reported by preflight
            };
            let body_cols = placement.body_columns.unwrap_or(cols).clamp(1, cols);
            let w = body_cols
                .max(placement.headline_span.unwrap_or(0))
                .clamp(1, cols);
            let mut it = item(
                &geom,
                placement,
                &article.content,
                w,
                body_cols,
                front && index == 0,
            );
            // On a page named after the column, the tag would only repeat
            // the running header.
            if !page.name.is_empty() && it.column == typeset_text(&page.name) {
                it.column.clear();
            }
            items.push(it);
        }
        for slot in doc.reserved.iter().filter(|s| s.page == page.number) {
            items.push(crate::slots::slot_item(&geom, slot));
        }
        pages.push(TplPage {
            number: page.number,
            template: match page.template {
                PageTemplate::Front => "front",
                PageTemplate::Inner => "inner",
                PageTemplate::Photo => "photo",
            },
            name: page.name.clone(),
            items,
        });
    }
    let issue = &doc.issue;
    TplData {
        meta: Meta {
            title: format!("{} {}", doc.publication.name, issue.label()),
            name: doc.publication.name.clone(),
            publisher: doc.publication.publisher.clone(),
            permit: doc.publication.permit_number.clone(),
            issue_label: issue.label(),
            date_zh: date_zh(issue.date),
            date_iso: issue.date.format("%Y-%m-%d").to_string(),
            page_count: plan.pages.len(),
            proof_copy: false,
            bleed: 0.0,
            press: format!("{} {}", doc.print.profile_key(), doc.print.ink_limit),
            masthead_cmyk: {
                let m = doc.print.masthead;
                [m.c, m.m, m.y, m.k].map(|v| f64::from(v.min(100)) / 100.0)
            },
            masthead_spot: doc.print.masthead_spot.trim().to_string(),
            masthead_lines: masthead_lines(&doc.publication, issue),
            footer_note: match doc.publication.kind {
                PublicationKind::Internal => INTERNAL_NOTE.into(),
                PublicationKind::Public => String::new(),
            },
            colophon: colophon(&doc.publication, issue),
        },
        geom,
        fonts,
        pages,
    }
}

/// The words every 内部资料 prints.
pub const INTERNAL_NOTE: &str = "内部资料\u{3000}免费交流";

/// `准印证号：（青）内准字第2026-018号`, unless the number says so itself.
fn permit_line(permit: &str) -> String {
    let permit = permit.trim();
    if permit.is_empty() || permit.starts_with("准印证") {
        permit.to_string()
    } else {
        format!("准印证号：{permit}")
    }
}

/// `CN 32-1234/D`, however it was typed.
fn cn_line(cn: &str) -> String {
    let cn = cn.trim();
    let bare = cn
        .trim_start_matches("CN")
        .trim_start_matches("cn")
        .trim_start_matches([' ', '\u{3000}']);
    if bare.is_empty() {
        String::new()
    } else {
        format!("CN {bare}")
    }
}

/// The lines beside the masthead's name: who publishes it, the 期号 and
/// date, and what the kind of publication must show there.
pub fn masthead_lines(p: &Publication, issue: &zonepress_core::Issue) -> Vec<String> {
    let mut lines = vec![
        p.publisher.trim().to_string(),
        issue.label(),
        date_zh(issue.date),
    ];
    match p.kind {
        PublicationKind::Internal => {
            lines.push(INTERNAL_NOTE.into());
            lines.push(permit_line(&p.permit_number));
        }
        PublicationKind::Public => {
            lines.push(cn_line(&p.cn_number));
            if !p.postal_code.trim().is_empty() {
                lines.push(format!("邮发代号：{}", p.postal_code.trim()));
            }
        }
    }
    lines.retain(|l| !l.is_empty());
    lines
}

/// The colophon 版权栏 of the last page: the 出版形式 fields the kind of
/// publication prints, each as `名称：值`, empty ones left out (preflight
/// names a required one that is empty).
pub fn colophon(p: &Publication, issue: &zonepress_core::Issue) -> Vec<String> {
    let item = |label: &str, value: &str| {
        let v = value.trim();
        if v.is_empty() {
            String::new()
        } else {
            format!("{label}：{v}")
        }
    };
    let date = issue
        .print_date
        .map(zonepress_core::press::print_date_zh)
        .unwrap_or_default();
    let run = if p.print_run > 0 {
        format!("{}份", p.print_run)
    } else {
        String::new()
    };
    let mut items = match p.kind {
        PublicationKind::Internal => vec![
            item("编印", &p.editor_unit),
            item("发送对象", &p.audience),
            item("印刷", &p.printer),
            item("印刷日期", &date),
            item("印数", &run),
            permit_line(&p.permit_number),
            issue.label(),
        ],
        PublicationKind::Public => vec![
            item("主办", &p.publisher),
            item("编印", &p.editor_unit),
            item("印刷", &p.printer),
            item("印刷日期", &date),
            item("印数", &run),
            item("国内统一连续出版物号", &cn_line(&p.cn_number)),
            item("邮发代号", &p.postal_code),
            issue.label(),
        ],
    };
    items.retain(|i| !i.is_empty());
    items
}

pub(crate) fn item(
    geom: &Geom,
    placement: &zonepress_core::layout::Placement,
    content: &zonepress_core::ArticleContent,
    w: u8,
    n: u8,
    lead: bool,
) -> TplItem {
    let scale = f64::from(placement.type_scale.clamp(50, 200)) / 100.0;
    let size = geom.size * scale;
    let pitch = (geom.pitch * scale * 100.0).round() / 100.0;
    let width_pt = geom.span(w);
    let briefs = content.kind == ArticleKind::Briefs;
    let inset = if briefs { 0.7 * geom.size } else { 0.0 };
    let (cpl, colw, gutter) = if n == w && scale == 1.0 && !briefs {
        (geom.cpl, geom.colw, geom.gutter)
    } else {
        let (cpl, colw, gutter) = columns(width_pt - 2.0 * inset, n, size);
        (cpl, colw, gutter)
    };
    let head_w = geom.span(placement.headline_span.unwrap_or(w).clamp(1, w));
    let img_w = geom.span(placement.image_columns.unwrap_or(w).clamp(1, w));
    let mut blocks = vec![];
    let mut images = vec![];
    for (src, block) in content.body.iter().enumerate() {
        let src = u32::try_from(src).unwrap_or(u32::MAX);
        match block {
            Block::Paragraph { text } => blocks.push(TplBlock {
                t: "p",
                text: typeset_text(text),
                src,
            }),
            Block::Subhead { text } => blocks.push(TplBlock {
                t: "h",
                text: typeset_text(text),
                src,
            }),
            Block::Brief { text } => blocks.push(TplBlock {
                t: "b",
                text: typeset_text(text),
                src,
            }),
            Block::Image {
                asset_id,
                caption,
                credit,
            } => images.push(TplImage {
                src,
                asset_id: asset_id.clone(),
                path: Some(asset_path(asset_id)),
                caption: typeset_text(caption),
                credit: typeset_text(credit),
            }),
        }
    }
    TplItem {
        id: placement_id(placement),
        kind: match content.kind {
            ArticleKind::News => "news",
            ArticleKind::Briefs => "briefs",
            ArticleKind::Photo => "photo",
        },
        lead,
        w,
        width_pt,
        head_w,
        img_w,
        n,
        colw,
        gutter,
        cpl,
        size,
        pitch,
        inset,
        kicker: typeset_text(&content.kicker),
        title: typeset_text(&content.title),
        subtitle: typeset_text(&content.subtitle),
        byline: typeset_text(&content.byline),
        column: typeset_text(&content.column),
        blocks,
        images,
    }
}

fn placement_id(p: &zonepress_core::layout::Placement) -> Id {
    p.article_id
}

/// Is `c` a Chinese character or Chinese punctuation? (The one definition,
/// in zonepress-core.)
pub use zonepress_core::chars::is_cjk;

/// The typeset copy of a text: half-width `,;:()` inside Chinese become
/// full-width `，；：（）`, with the spaces around them dropped. Only the copy
/// that goes to the template is changed; the stored text stays as written.
/// Numbers like `1,000` or `10:30` and Latin text keep their punctuation.
pub fn typeset_text(s: &str) -> String {
    typeset_text_map(s).0
}

/// [`typeset_text`], and for each character of the typeset copy the index
/// of the character of `s` it stands for (a widened mark stands for the
/// half-width one; dropped spaces stand for nothing).
pub fn typeset_text_map(s: &str) -> (String, Vec<usize>) {
    let chars: Vec<char> = s.chars().collect();
    let prev_non_space = |i: usize| chars[..i].iter().rev().find(|c| **c != ' ').copied();
    let next_non_space = |i: usize| chars[i + 1..].iter().find(|c| **c != ' ').copied();
    let mut out: Vec<char> = Vec::with_capacity(chars.len());
    let mut from: Vec<usize> = Vec::with_capacity(chars.len());
    let mut skip_spaces = false;
    // Matching ')' positions of '(' that were widened.
    let mut widened_close: Vec<usize> = vec![];
    for (i, &c) in chars.iter().enumerate() {
        if skip_spaces && c == ' ' {
            continue;
        }
        skip_spaces = false;
        let before = prev_non_space(i).is_some_and(is_cjk);
        let after = next_non_space(i).is_some_and(is_cjk);
        let wide = match c {
            ',' | ';' | ':' => {
                let digits = i > 0
                    && chars[i - 1].is_ascii_digit()
                    && chars.get(i + 1).is_some_and(|d| d.is_ascii_digit());
                if !digits && (before || after) {
                    Some(match c {
                        ',' => '，',
                        ';' => '；',
                        _ => '：',
                    })
                } else {
                    None
                }
            }
            '(' => {
                let close = chars[i + 1..]
                    .iter()
                    .position(|&d| d == ')' || d == '(')
                    .map(|p| p + i + 1)
                    .filter(|&p| chars[p] == ')');
                match close {
                    Some(p) => {
                        let inside = chars[i + 1..p].iter().any(|&d| is_cjk(d));
                        let after_close = chars[p + 1..]
                            .iter()
                            .find(|d| **d != ' ')
                            .is_some_and(|&d| is_cjk(d));
                        if before || inside || after_close {
                            widened_close.push(p);
                            Some('（')
                        } else {
                            None
                        }
                    }
                    None => None,
                }
            }
            ')' if widened_close.contains(&i) => Some('）'),
            _ => None,
        };
        match wide {
            Some(w) => {
                while out.last() == Some(&' ') {
                    out.pop();
                    from.pop();
                }
                out.push(w);
                from.push(i);
                skip_spaces = true;
            }
            None => {
                out.push(c);
                from.push(i);
            }
        }
    }
    (out.into_iter().collect(), from)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn half_width_punctuation_inside_chinese_is_widened() {
        assert_eq!(
            typeset_text("会议指出, 要抓好落实;"),
            "会议指出，要抓好落实；"
        );
        assert_eq!(typeset_text("通知如下:一是"), "通知如下：一是");
        assert_eq!(
            typeset_text("锐猫科技(江苏)有限公司"),
            "锐猫科技（江苏）有限公司"
        );
        assert_eq!(typeset_text("生产总值(GDP)增长"), "生产总值（GDP）增长");
    }

    #[test]
    fn the_typeset_copy_maps_back_to_the_text() {
        let src = "会议指出, 要抓好(江苏)落实";
        let (out, from) = typeset_text_map(src);
        assert_eq!(out, "会议指出，要抓好（江苏）落实");
        let chars: Vec<char> = src.chars().collect();
        let typeset: Vec<char> = out.chars().collect();
        assert_eq!(from.len(), typeset.len());
        assert_eq!(chars[from[4]], ',');
        assert_eq!(chars[from[5]], '要');
        assert_eq!(chars[from[from.len() - 1]], '实');
    }

    #[test]
    fn numbers_and_latin_keep_their_punctuation() {
        assert_eq!(typeset_text("投资1,000万元"), "投资1,000万元");
        assert_eq!(typeset_text("上午10:30开始"), "上午10:30开始");
        assert_eq!(typeset_text("f(x) = 1, 2"), "f(x) = 1, 2");
        assert_eq!(
            typeset_text("# $ [ ] \\ * _ < @ \" // /*"),
            "# $ [ ] \\ * _ < @ \" // /*"
        );
    }

    #[test]
    fn a3_columns_are_whole_characters() {
        let g = Geom::new(PageSize::A3, 4);
        assert_eq!(g.cpl, 17);
        assert!((g.colw - 17.0 * 10.5 - COLUMN_SLACK).abs() < 1e-9);
        assert!((4.0 * g.colw + 3.0 * g.gutter - g.text_w).abs() < 1e-6);
        assert!(g.gutter >= MIN_GUTTER_EM * g.size);
        let a4 = Geom::new(PageSize::A4, 3);
        assert!(a4.cpl >= 15, "{}", a4.cpl);
    }

    #[test]
    fn weekday_is_printed() {
        let d = chrono::NaiveDate::from_ymd_opt(2026, 9, 30).unwrap();
        assert_eq!(date_zh(d), "2026年9月30日 星期三");
    }
}
