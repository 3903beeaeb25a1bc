//! What the layout says about an issue: how each page fits (overflow and
//! underfill in characters, from the line counts the template measured),
//! and the layout-derived preflight findings.

use std::collections::{BTreeMap, HashMap, HashSet};

use sha2::{Digest, Sha256};
use typst::layout::{Frame, FrameItem, Transform};
use typst::visualize::ImageKind;
use zonepress_core::Id;

use typst::foundations::Bytes;

use crate::exporter::{
    IssueDoc, LaidOutIssue, MIN_DPI_WARNING, MarkKind, PageFit, PreflightItem, Severity,
};
use crate::world;

/// Round a character estimate for people: to tens above 50.
fn about(n: u32) -> u32 {
    if n > 50 { n.div_ceil(10) * 10 } else { n }
}

impl LaidOutIssue {
    pub(crate) fn analyse(&mut self, doc: &IssueDoc, missing_assets: &[String]) {
        let marks = self.marks();
        let font_warnings = self.font_warnings();
        let mut pre = vec![];
        let pages = self.data.pages.len();
        let sheets = self.page_count();
        if sheets != pages {
            pre.push(PreflightItem::new(
                Severity::Error,
                "page_count",
                None,
                None,
                format!("版面排出 {sheets} 页，应为 {pages} 版"),
                format!("the layout has {sheets} sheets, the plan {pages} pages"),
            ));
        }
        for m in &marks {
            if let MarkKind::PageStart { page } | MarkKind::PageEnd { page } = m.kind
                && m.sheet != usize::from(page)
            {
                pre.push(PreflightItem::new(
                    Severity::Error,
                    "page_spill",
                    Some(page),
                    None,
                    format!("第{page}版的内容跑到了第{}页", m.sheet),
                    format!("page {page} spilled onto sheet {}", m.sheet),
                ));
            }
        }
        if std::env::var_os("ZONEPRESS_DEBUG_MARKS").is_some() {
            for m in &marks {
                eprintln!("mark on sheet {}: {:?}", m.sheet, m.kind);
            }
        }
        // Fit per page.
        let geom = &self.data.geom;
        let mut fits = vec![];
        for page in &self.data.pages {
            let n = page.number;
            let mut over = 0u32;
            let mut under = 0u32;
            let mut first_over: Option<Id> = None;
            for m in &marks {
                match m.kind {
                    MarkKind::Fit {
                        page: p,
                        article,
                        lines,
                        cap,
                        cpl,
                        n: cols,
                        ..
                    } if p == n => {
                        if lines > cap {
                            over += (lines - cap) * cpl;
                            first_over.get_or_insert(article);
                            pre.push(PreflightItem::new(
                                Severity::Error,
                                "article_overflow",
                                Some(n),
                                Some(article),
                                format!(
                                    "第{n}版稿件《{}》超出约{}字",
                                    title_of(doc, article),
                                    about((lines - cap) * cpl)
                                ),
                                format!(
                                    "article {article} on page {n} overflows by about {} characters",
                                    about((lines - cap) * cpl)
                                ),
                            ));
                        } else if cap - lines >= cols.max(1) {
                            under += (cap - lines) * cpl;
                        }
                    }
                    MarkKind::Slot {
                        page: p,
                        lines,
                        cols,
                    } if p == n => {
                        under += lines * cols * geom.cpl;
                        pre.push(PreflightItem::new(
                            Severity::Warning,
                            "empty_slot",
                            Some(n),
                            None,
                            format!("第{n}版有{cols}栏空白（约{lines}行）没有安排稿件"),
                            format!("page {n} leaves {cols} column(s) empty ({lines} lines)"),
                        ));
                    }
                    _ => {}
                }
            }
            let message_zh = if over > 0 {
                format!("第{n}版超出约{}字", about(over))
            } else if under > 0 {
                format!("第{n}版尚空约{}字", about(under))
            } else {
                format!("第{n}版已排满")
            };
            if over > 0 {
                pre.push(PreflightItem::new(
                    Severity::Error,
                    "overflow",
                    Some(n),
                    first_over,
                    format!("{message_zh}，请删减稿件或调整版面"),
                    format!("page {n} overflows by about {} characters", about(over)),
                ));
            }
            let capacity = geom.body_h / geom.pitch * f64::from(geom.cols) * f64::from(geom.cpl);
            let threshold = (capacity * 0.04).max(f64::from(u32::from(geom.cols) * geom.cpl) * 2.0);
            if over == 0 && f64::from(under) > threshold {
                pre.push(PreflightItem::new(
                    Severity::Warning,
                    "underfill",
                    Some(n),
                    None,
                    format!("{message_zh}，请补稿或放大图片"),
                    format!(
                        "page {n} has room for about {} more characters",
                        about(under)
                    ),
                ));
            }
            fits.push(PageFit {
                page: n,
                overflow_chars: over,
                underfill_chars: under,
                message_zh,
            });
        }
        // Articles and slots.
        for plan_page in &doc.plan.pages {
            let n = plan_page.number;
            if plan_page.placements.is_empty() {
                pre.push(PreflightItem::new(
                    Severity::Error,
                    "empty_page",
                    Some(n),
                    None,
                    format!("第{n}版没有安排稿件"),
                    format!("page {n} has no articles"),
                ));
            }
            for p in &plan_page.placements {
                if !doc.articles.contains_key(&p.article_id) {
                    pre.push(PreflightItem::new(
                        Severity::Error,
                        "article_missing",
                        Some(n),
                        Some(p.article_id),
                        format!("第{n}版安排的稿件 {} 不存在或未提供", p.article_id),
                        format!("article {} placed on page {n} is missing", p.article_id),
                    ));
                }
            }
        }
        // Images.
        let owner: HashMap<&str, (u8, Id)> = self
            .data
            .pages
            .iter()
            .flat_map(|p| p.items.iter().map(move |i| (p.number, i)))
            .flat_map(|(n, i)| {
                i.images
                    .iter()
                    .map(move |img| (img.asset_id.as_str(), (n, i.id)))
            })
            .collect();
        for id in missing_assets {
            let (page, article) = owner.get(id.as_str()).copied().unzip();
            pre.push(PreflightItem::new(
                Severity::Error,
                "image_missing",
                page,
                article,
                "图片文件缺失，请重新插入图片".into(),
                format!("image {id} is not in the asset store"),
            ));
        }
        // Resolution at placed size, against 印刷设置's lowest resolution.
        let min_ppi = f64::from(self.print.min_ppi);
        let mut seen = HashSet::new();
        for (i, page) in self.sheets().enumerate() {
            let mut found = vec![];
            images(&page.frame, Transform::identity(), &mut found);
            for (data, pixels, dpi) in found {
                let asset_id = self
                    .photo_asset(&data)
                    .unwrap_or_else(|| hex::encode(Sha256::digest(data.as_slice())));
                if !seen.insert(asset_id.clone()) {
                    continue;
                }
                let article = owner.get(asset_id.as_str()).map(|o| o.1);
                let page_no = u8::try_from(i + 1).ok();
                let (severity, what) = if dpi + 0.5 < min_ppi {
                    (Severity::Error, "低于印刷设置要求的")
                } else if dpi < MIN_DPI_WARNING && min_ppi < MIN_DPI_WARNING {
                    (Severity::Warning, "可以印刷，但低于常用的")
                } else {
                    continue;
                };
                let need = if severity == Severity::Error {
                    min_ppi
                } else {
                    MIN_DPI_WARNING
                };
                pre.push(
                    PreflightItem::new(
                        severity,
                        "image_resolution",
                        page_no,
                        article,
                        format!(
                            "第{}版图片（{}）在版面上的实际分辨率约{dpi:.0} ppi，{what}{need:.0} ppi",
                            i + 1,
                            pixels
                        ),
                        format!("image {pixels} at {dpi:.0} ppi effective ({need:.0} needed)"),
                    )
                    .with_object(format!("图片（{pixels}）")),
                );
            }
        }
        // The press checks of what the print PDF will carry, and the
        // characters no font has, per page (kept with each typeset page).
        let colour = self.profile.colour().ok();
        let ink_limit = self.print.ink_limit;
        let checks: Vec<&SheetChecks> = self
            .pages
            .iter()
            .flat_map(|c| {
                c.checks.get_or_init(|| {
                    c.document
                        .pages()
                        .iter()
                        .map(|page| SheetChecks::of(page, colour.as_deref(), ink_limit))
                        .collect()
                })
            })
            .collect();
        for (i, found) in checks.iter().enumerate() {
            let n = u8::try_from(i + 1).unwrap_or(u8::MAX);
            for f in found.press.iter().cloned() {
                pre.push(
                    PreflightItem::new(
                        Severity::Error,
                        f.code,
                        Some(n),
                        None,
                        format!("第{n}版{}：{}", f.object_zh, f.detail_zh),
                        format!("page {n}, {}: {}", f.object_en, f.detail_en),
                    )
                    .with_object(f.object_zh),
                );
            }
        }
        // 出版形式: what the kind of publication must print.
        for field in zonepress_core::press::missing_fields(&doc.publication, &doc.issue) {
            let kind = doc.publication.kind.label_zh();
            pre.push(
                PreflightItem::new(
                    Severity::Error,
                    "publication_form_missing",
                    None,
                    None,
                    format!(
                        "出版形式缺少“{}”：{kind}须印{}，请在{}中填写",
                        field.label_zh(),
                        field.label_zh(),
                        field.where_zh()
                    ),
                    format!("publication form field {} is empty", field.key()),
                )
                .with_object(field.label_zh()),
            );
        }
        // Fonts.
        for w in &font_warnings {
            pre.push(PreflightItem::new(
                Severity::Error,
                "font_missing",
                None,
                None,
                format!("字体缺失：{w}"),
                format!("font problem: {w}"),
            ));
        }
        let mut tofu = BTreeMap::<u8, String>::new();
        for (i, found) in checks.iter().enumerate() {
            if !found.missing_chars.is_empty() {
                tofu.insert(
                    u8::try_from(i + 1).unwrap_or(u8::MAX),
                    found.missing_chars.clone(),
                );
            }
        }
        for (page, chars) in tofu {
            pre.push(PreflightItem::new(
                Severity::Error,
                "missing_glyph",
                Some(page),
                None,
                format!("第{page}版有字体缺少的字符：{chars}"),
                format!("page {page} has characters no font provides: {chars}"),
            ));
        }
        if self.data.fonts.kai == world::SERIF {
            pre.push(PreflightItem::new(
                Severity::Info,
                "font_kai_fallback",
                None,
                None,
                "未安装霞鹜文楷（fonts-lxgw-wenkai），署名和图片说明改用宋体".into(),
                "LXGW WenKai is not installed; bylines and captions use the serif".into(),
            ));
        }
        pre.sort_by_key(|p| (p.severity, p.page));
        self.fits = fits;
        self.preflight = pre;
    }
}

fn title_of(doc: &IssueDoc, id: Id) -> String {
    doc.articles
        .get(&id)
        .map(|a| a.content.title.clone())
        .or_else(|| crate::slots::slot_title(doc, id))
        .unwrap_or_default()
}

/// Images of a frame with their pixel size and effective resolution.
fn images(frame: &Frame, ts: Transform, out: &mut Vec<(Bytes, String, f64)>) {
    for (_, item) in frame.items() {
        match item {
            FrameItem::Group(g) => images(&g.frame, ts.pre_concat(g.transform), out),
            FrameItem::Image(image, size, _) => {
                if let ImageKind::Raster(raster) = image.kind() {
                    let scale_x = (ts.sx.get().powi(2) + ts.ky.get().powi(2)).sqrt();
                    let width_pt = size.x.to_pt() * scale_x;
                    if width_pt > 0.0 {
                        let dpi = f64::from(raster.width()) / (width_pt / 72.0);
                        let pixels = format!("{}×{} 像素", raster.width(), raster.height());
                        out.push((raster.data().clone(), pixels, dpi));
                    }
                }
            }
            _ => {}
        }
    }
}

/// What preflight finds on one typeset page, kept with it (see
/// `Compiled::checks`).
pub(crate) struct SheetChecks {
    /// The press checks (none without a usable output profile).
    press: Vec<crate::press::frames::FrameFinding>,
    /// The characters set with no font's glyph.
    missing_chars: String,
}

impl SheetChecks {
    fn of(
        page: &typst_layout::Page,
        colour: Option<&crate::press::profile::Colour>,
        ink_limit: u16,
    ) -> Self {
        let mut missing_chars = String::new();
        missing_glyphs(&page.frame, &mut missing_chars);
        SheetChecks {
            press: colour.map_or_else(Vec::new, |c| {
                crate::press::frames::check_page(page, c, ink_limit)
            }),
            missing_chars,
        }
    }
}

/// Characters set with glyph 0 (no font has them).
fn missing_glyphs(frame: &Frame, out: &mut String) {
    for (_, item) in frame.items() {
        match item {
            FrameItem::Group(g) => missing_glyphs(&g.frame, out),
            FrameItem::Text(t) => {
                for g in &t.glyphs {
                    if g.id == 0
                        && let Some(s) = t.text.get(g.range())
                    {
                        for c in s.chars() {
                            if !c.is_whitespace() && !out.contains(c) {
                                out.push(c);
                            }
                        }
                    }
                }
            }
            _ => {}
        }
    }
}
