//! The exporter: issue data in, laid-out pages out; fit, preflight, PDF and
//! PNG bytes from one compile.

use std::collections::{BTreeMap, HashMap, HashSet};
use std::path::PathBuf;
use std::sync::{Arc, Mutex};

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use ts_rs::TS;
use typst::foundations::{Bytes, NativeElement, Smart};
use typst::introspection::{Introspector, MetadataElem};
use typst::layout::{Frame, FrameItem, Transform};
use typst::visualize::ImageKind;
use typst::{World, WorldExt};
use typst_layout::PagedDocument;
use typst_pdf::{PdfStandard, PdfStandards};
use zonepress_core::layout::IssuePlan;
use zonepress_core::{Article, Id, Issue, Publication};

use crate::error::ExportError;
use crate::view::{self, TplData};
use crate::world::{self, Files, FontSet, Shared, Templates};

/// Where the exporter finds what is not data.
#[derive(Debug, Clone, Default)]
pub struct ExportConfig {
    /// Font directories searched before the system fonts.
    pub extra_font_dirs: Vec<PathBuf>,
    /// A workspace folder whose `*.typ` files replace the shipped templates
    /// of the same name.
    pub template_dir: Option<PathBuf>,
}

/// Images of the workspace, by the SHA-256 of their bytes.
pub trait AssetSource: Send + Sync {
    fn asset(&self, asset_id: &str) -> Option<Vec<u8>>;
}

/// No images at all (tests, text-only issues).
pub struct NoAssets;

impl AssetSource for NoAssets {
    fn asset(&self, _asset_id: &str) -> Option<Vec<u8>> {
        None
    }
}

impl AssetSource for HashMap<String, Vec<u8>> {
    fn asset(&self, asset_id: &str) -> Option<Vec<u8>> {
        self.get(asset_id).cloned()
    }
}

impl AssetSource for BTreeMap<String, Vec<u8>> {
    fn asset(&self, asset_id: &str) -> Option<Vec<u8>> {
        self.get(asset_id).cloned()
    }
}

/// Everything the template needs for one issue.
#[derive(Debug, Clone)]
pub struct IssueDoc {
    pub publication: Publication,
    pub issue: Issue,
    pub plan: IssuePlan,
    /// Every placed article, by id.
    pub articles: BTreeMap<Id, Article>,
    /// 3 mm bleed and crop marks around each page.
    pub bleed: bool,
    /// 校样: a visible watermark on every page.
    pub proof: bool,
}

/// How the PDF is written.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, TS, JsonSchema)]
pub struct PdfOptions {
    /// Conform to PDF/A-2b (PDF/A-3b when a manifest is attached, since
    /// PDF/A-2 forbids attachments).
    pub pdf_a: bool,
    /// Embedded as the attachment `manifest.json`.
    pub manifest_json: Option<String>,
    /// The document title in the PDF metadata; empty keeps
    /// `刊名 2026年第9期 总第123期`.
    pub title: String,
}

/// How one page fits, measured from the layout.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS, JsonSchema)]
pub struct PageFit {
    pub page: u8,
    /// Characters to cut so that everything fits (0 when it fits).
    pub overflow_chars: u32,
    /// Characters that would fill the blank space left (0 when full).
    pub underfill_chars: u32,
    /// `第2版超出约180字`, `第3版尚空约260字`, `第1版已排满`.
    pub message_zh: String,
}

#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize, TS, JsonSchema,
)]
#[serde(rename_all = "snake_case")]
pub enum Severity {
    Error,
    Warning,
    Info,
}

/// One finding of the preflight check.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS, JsonSchema)]
pub struct PreflightItem {
    pub severity: Severity,
    /// Stable code, e.g. `overflow`, `underfill`, `image_resolution`.
    pub code: String,
    pub page: Option<u8>,
    pub article_id: Option<Id>,
    pub message_zh: String,
    pub message_en: String,
}

impl PreflightItem {
    fn new(
        severity: Severity,
        code: &str,
        page: Option<u8>,
        article_id: Option<Id>,
        zh: String,
        en: String,
    ) -> PreflightItem {
        PreflightItem {
            severity,
            code: code.into(),
            page,
            article_id,
            message_zh: zh,
            message_en: en,
        }
    }
}

/// Effective resolution below which an image is refused.
pub const MIN_DPI_ERROR: f64 = 150.0;
/// Effective resolution below which an image is flagged.
pub const MIN_DPI_WARNING: f64 = 300.0;

const BULLETIN: &str = "bulletin.typ";
const REVIEW: &str = "review.typ";
const SHIPPED: [(&str, &str); 2] = [
    (BULLETIN, include_str!("../templates/bulletin.typ")),
    (REVIEW, include_str!("../templates/review.typ")),
];

/// The typesetter of an app: fonts loaded once, templates parsed once,
/// the last layout and rendered previews cached. Share it in an `Arc`.
pub struct Exporter {
    shared: Arc<Shared>,
    cache: Mutex<Cache>,
}

#[derive(Default)]
struct Cache {
    /// Hash of the last compiled input and its result.
    last: Option<(u128, Arc<Compiled>)>,
    /// Rendered previews by (page hash, pixels per pt).
    pngs: HashMap<(u128, u32), Arc<Vec<u8>>>,
    compiles: u32,
}

/// One compile of an issue.
struct Compiled {
    document: PagedDocument,
    marks: Vec<Mark>,
    warnings: Vec<String>,
    font_warnings: Vec<String>,
}

impl Exporter {
    /// Discover fonts and read the templates. Fails when Noto Serif CJK SC
    /// or Noto Sans CJK SC is missing, or an override template is unreadable.
    pub fn new(cfg: ExportConfig) -> Result<Exporter, ExportError> {
        let fonts = FontSet::discover(&cfg.extra_font_dirs)?;
        let mut templates = Templates::default();
        for (name, text) in SHIPPED {
            let text = match &cfg.template_dir {
                Some(dir) if dir.join(name).is_file() => std::fs::read_to_string(dir.join(name))
                    .map_err(|e| ExportError::Template {
                        name: name.into(),
                        reason: e.to_string(),
                    })?,
                _ => text.to_string(),
            };
            templates.insert(&format!("/{name}"), text);
        }
        Ok(Exporter {
            shared: Arc::new(Shared {
                library: world::library(),
                fonts,
                templates,
            }),
            cache: Mutex::default(),
        })
    }

    /// Is this font family installed (as Typst names it)?
    pub fn has_font(&self, family: &str) -> bool {
        self.shared.fonts.has_family(family)
    }

    fn fonts(&self) -> view::Fonts {
        view::Fonts {
            serif: world::SERIF.into(),
            sans: world::SANS.into(),
            kai: if self.has_font(world::KAI) {
                world::KAI.into()
            } else {
                world::SERIF.into()
            },
        }
    }

    /// Set the issue. The result answers fit, preflight, PDF and previews.
    pub fn layout(
        &self,
        doc: &IssueDoc,
        assets: &dyn AssetSource,
    ) -> Result<LaidOutIssue, ExportError> {
        doc.plan.validate().map_err(|e| ExportError::InvalidIssue {
            reason: e.to_string(),
        })?;
        let mut data = view::build(doc, self.fonts());
        let mut files = Files::new();
        let mut missing_assets = vec![];
        for id in data.asset_ids() {
            match assets.asset(&id) {
                Some(bytes) => {
                    files.insert(world::file_id(&view::asset_path(&id)), Bytes::new(bytes));
                }
                None => missing_assets.push(id),
            }
        }
        for img in data
            .pages
            .iter_mut()
            .flat_map(|p| &mut p.items)
            .flat_map(|i| &mut i.images)
        {
            if missing_assets.contains(&img.asset_id) {
                img.path = None;
            }
        }
        let files = Arc::new(files);
        let compiled = self.compile_cached(&data, &files)?;
        let mut laid = LaidOutIssue {
            shared: self.shared.clone(),
            data,
            files,
            compiled,
            fits: vec![],
            preflight: vec![],
        };
        laid.analyse(doc, &missing_assets);
        Ok(laid)
    }

    fn compile_cached(
        &self,
        data: &TplData,
        files: &Arc<Files>,
    ) -> Result<Arc<Compiled>, ExportError> {
        let json = serde_json::to_vec(data).expect("template data serialises");
        let mut key_input = json.clone();
        let mut ids: Vec<_> = files.keys().map(|k| format!("{k:?}")).collect();
        ids.sort();
        key_input.extend(ids.join(",").bytes());
        let key = typst::utils::hash128(&key_input);
        if let Some((k, c)) = &self.lock().last
            && *k == key
        {
            return Ok(c.clone());
        }
        let compiled = Arc::new(compile(&self.shared, json, files, BULLETIN)?);
        let mut cache = self.lock();
        cache.last = Some((key, compiled.clone()));
        cache.compiles += 1;
        if cache.compiles.is_multiple_of(16) {
            comemo::evict(10);
        }
        Ok(compiled)
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, Cache> {
        self.cache.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// A PNG of one page (1-based), at `pixels_per_pt` (1.0 = 72 dpi).
    /// Pages whose frames did not change since the last render are served
    /// from the cache without rendering.
    pub fn preview_png(
        &self,
        doc: &IssueDoc,
        assets: &dyn AssetSource,
        page: u8,
        pixels_per_pt: f32,
    ) -> Result<Vec<u8>, ExportError> {
        let laid = self.layout(doc, assets)?;
        self.render_page(&laid, page, pixels_per_pt)
    }

    /// Render one page of an issue already laid out, through the cache.
    pub fn render_page(
        &self,
        laid: &LaidOutIssue,
        page: u8,
        pixels_per_pt: f32,
    ) -> Result<Vec<u8>, ExportError> {
        let pages = laid.compiled.document.pages();
        let p = pages
            .get(usize::from(page).wrapping_sub(1))
            .ok_or(ExportError::NoSuchPage {
                page,
                count: pages.len(),
            })?;
        let ppp = pixels_per_pt.clamp(0.05, 16.0);
        let key = (typst::utils::hash128(p), ppp.to_bits());
        if let Some(png) = self.lock().pngs.get(&key) {
            return Ok(png.as_ref().clone());
        }
        let png = render_png(p, ppp)?;
        let mut cache = self.lock();
        if cache.pngs.len() >= 256 {
            cache.pngs.clear();
        }
        cache.pngs.insert(key, Arc::new(png.clone()));
        Ok(png)
    }

    /// How many previews are cached (for tests and diagnostics).
    pub fn cached_previews(&self) -> usize {
        self.lock().pngs.len()
    }

    /// The 审稿单 of one article as an A4 PDF.
    pub fn review_form_pdf(&self, form: &crate::ReviewForm) -> Result<Vec<u8>, ExportError> {
        let data = crate::review::data(form, &self.fonts());
        let json = serde_json::to_vec(&data).expect("review data serialises");
        let files = Files::new();
        let compiled = compile(&self.shared, json, &files, REVIEW)?;
        if let Some(w) = compiled.font_warnings.first() {
            return Err(font_error(w));
        }
        let mut document = compiled.document;
        document.info_mut().title = Some(format!("审稿单 {}", form.title).into());
        write_pdf(&document, false, form.generated_at.get(..10))
    }
}

/// The app shares one exporter across threads and hands layouts around.
const _: () = {
    const fn shared<T: Send + Sync>() {}
    shared::<Exporter>();
    shared::<LaidOutIssue>();
};

/// `unknown font family: noto serif cjk xx` → a FontsMissing error naming it.
fn font_error(warning: &str) -> ExportError {
    let family = warning
        .split_once("font family:")
        .map(|(_, f)| f.trim().to_string())
        .unwrap_or_else(|| warning.to_string());
    let package = if family.contains("wenkai") {
        "fonts-lxgw-wenkai"
    } else {
        "fonts-noto-cjk"
    };
    ExportError::FontsMissing {
        family,
        package: package.into(),
    }
}

fn render_png(page: &typst_layout::Page, ppp: f32) -> Result<Vec<u8>, ExportError> {
    let pixmap = typst_render::render(
        page,
        &typst_render::RenderOptions {
            pixel_per_pt: typst::utils::Scalar::new(f64::from(ppp)),
            render_bleed: false,
        },
    );
    pixmap.encode_png().map_err(|e| ExportError::Pdf {
        reason: format!("PNG encoding: {e}"),
    })
}

/// Compile `main` against `json` as `/data.json` plus `files`.
fn compile(
    shared: &Shared,
    json: Vec<u8>,
    files: &Files,
    main: &str,
) -> Result<Compiled, ExportError> {
    let mut all = files.clone();
    all.insert(world::file_id("/data.json"), Bytes::new(json));
    compile_files(shared, &all, main)
}

fn compile_files(shared: &Shared, files: &Files, main: &str) -> Result<Compiled, ExportError> {
    let world = shared.world(files, &format!("/{main}"));
    let result = typst::compile::<PagedDocument>(&world);
    let mut warnings = vec![];
    let mut font_warnings = vec![];
    for w in &result.warnings {
        let msg = w.message.to_string();
        if msg.contains("font") {
            font_warnings.push(msg);
        } else {
            warnings.push(msg);
        }
    }
    let document = result.output.map_err(|errors| ExportError::Compile {
        diagnostics: errors
            .iter()
            .map(|e| {
                let mut s = e.message.to_string();
                if let Some(id) = e.span.id()
                    && let Ok(source) = world.source(id)
                    && let Some(range) = world.range(e.span)
                    && let Some(line) = source.lines().byte_to_line(range.start)
                {
                    s.push_str(&format!(
                        " [{}:{}]",
                        id.get().vpath().get_without_slash(),
                        line + 1
                    ));
                }
                for h in &e.hints {
                    s.push_str(" (");
                    s.push_str(&h.v);
                    s.push(')');
                }
                s
            })
            .collect(),
    })?;
    let marks = marks(&document);
    Ok(Compiled {
        document,
        marks,
        warnings,
        font_warnings,
    })
}

/// A `metadata((zp: ...))` value the template left, with its sheet.
#[derive(Debug, Clone, Deserialize)]
#[serde(tag = "zp", rename_all = "kebab-case")]
enum MarkKind {
    Fit {
        page: u8,
        article: Id,
        lines: u32,
        cap: u32,
        cpl: u32,
        n: u32,
        #[serde(default)]
        #[allow(dead_code)]
        rows: u32,
    },
    /// The page's height for articles and how far the packing reached.
    #[allow(dead_code)]
    Page {
        page: u8,
        avail: f64,
        used: f64,
        pitch: f64,
    },
    Slot {
        page: u8,
        lines: u32,
        cols: u32,
    },
    PageStart {
        page: u8,
    },
    PageEnd {
        page: u8,
    },
}

#[derive(Debug, Clone)]
struct Mark {
    kind: MarkKind,
    /// Physical sheet (1-based) the marker landed on.
    sheet: usize,
}

fn marks(document: &PagedDocument) -> Vec<Mark> {
    let introspector = document.introspector();
    let mut out = vec![];
    for elem in introspector.query(&MetadataElem::ELEM.select()) {
        let Some(meta) = elem.to_packed::<MetadataElem>() else {
            continue;
        };
        let Ok(value) = serde_json::to_value(&meta.value) else {
            continue;
        };
        let Ok(kind) = serde_json::from_value::<MarkKind>(value) else {
            continue;
        };
        let sheet = elem
            .location()
            .and_then(|loc| introspector.position(loc))
            .map(|p| p.page.get())
            .unwrap_or(0);
        out.push(Mark { kind, sheet });
    }
    out
}

/// An issue set into pages: ask it how it fits, what preflight finds,
/// and for its PDF.
pub struct LaidOutIssue {
    shared: Arc<Shared>,
    data: TplData,
    files: Arc<Files>,
    compiled: Arc<Compiled>,
    fits: Vec<PageFit>,
    preflight: Vec<PreflightItem>,
}

impl std::fmt::Debug for LaidOutIssue {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("LaidOutIssue")
            .field("pages", &self.page_count())
            .field("fits", &self.fits)
            .finish()
    }
}

/// Round a character estimate for people: to tens above 50.
fn about(n: u32) -> u32 {
    if n > 50 { n.div_ceil(10) * 10 } else { n }
}

impl LaidOutIssue {
    /// Per page: overflow and underfill, measured from the layout.
    pub fn fit(&self) -> Vec<PageFit> {
        self.fits.clone()
    }

    /// Layout-derived checks (overflow, underfill, image resolution, fonts,
    /// empty pages and slots, articles missing from the data).
    pub fn preflight(&self) -> Vec<PreflightItem> {
        self.preflight.clone()
    }

    /// Physical pages of the layout (always the plan's page count).
    pub fn page_count(&self) -> usize {
        self.compiled.document.pages().len()
    }

    /// Warnings of the compile that are not about fonts (template authors).
    pub fn warnings(&self) -> &[String] {
        &self.compiled.warnings
    }

    /// A PNG of one page without the preview cache.
    pub fn png(&self, page: u8, pixels_per_pt: f32) -> Result<Vec<u8>, ExportError> {
        let pages = self.compiled.document.pages();
        let p = pages
            .get(usize::from(page).wrapping_sub(1))
            .ok_or(ExportError::NoSuchPage {
                page,
                count: pages.len(),
            })?;
        render_png(p, pixels_per_pt.clamp(0.05, 16.0))
    }

    /// The print PDF. Refuses when a font fell back (a wrong family name).
    pub fn pdf(&self, opts: &PdfOptions) -> Result<Vec<u8>, ExportError> {
        if let Some(w) = self.compiled.font_warnings.first() {
            return Err(font_error(w));
        }
        let date = self.data.meta.date_iso.clone();
        let mut document = match &opts.manifest_json {
            None => self.compiled.document.clone(),
            Some(manifest) => {
                // The attachment is an element of the document: set the
                // issue again with it (incremental, the layout is reused).
                let mut data = self.data.clone();
                data.meta.manifest = true;
                let mut files = (*self.files).clone();
                files.insert(
                    world::file_id("/manifest.json"),
                    Bytes::new(manifest.clone().into_bytes()),
                );
                let json = serde_json::to_vec(&data).expect("template data serialises");
                compile(&self.shared, json, &files, BULLETIN)?.document
            }
        };
        if !opts.title.trim().is_empty() {
            document.info_mut().title = Some(opts.title.trim().into());
        }
        let pdf_a = opts.pdf_a;
        let standard = match (pdf_a, opts.manifest_json.is_some()) {
            (false, _) => None,
            (true, false) => Some(PdfStandard::A_2b),
            (true, true) => Some(PdfStandard::A_3b),
        };
        write_pdf_with(&document, standard, Some(&date))
    }

    fn analyse(&mut self, doc: &IssueDoc, missing_assets: &[String]) {
        let compiled = self.compiled.clone();
        let mut pre = vec![];
        let pages = self.data.pages.len();
        if compiled.document.pages().len() != pages {
            pre.push(PreflightItem::new(
                Severity::Error,
                "page_count",
                None,
                None,
                format!(
                    "版面排出 {} 页，应为 {pages} 版",
                    compiled.document.pages().len()
                ),
                format!(
                    "the layout has {} sheets, the plan {pages} pages",
                    compiled.document.pages().len()
                ),
            ));
        }
        for m in &compiled.marks {
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
            for m in &compiled.marks {
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
            for m in &compiled.marks {
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
        let mut seen = HashSet::new();
        for (i, page) in compiled.document.pages().iter().enumerate() {
            let mut found = vec![];
            images(&page.frame, Transform::identity(), &mut found);
            for (asset_id, dpi) in found {
                if !seen.insert(asset_id.clone()) {
                    continue;
                }
                let article = owner.get(asset_id.as_str()).map(|o| o.1);
                let page_no = u8::try_from(i + 1).ok();
                let (severity, what) = if dpi < MIN_DPI_ERROR {
                    (Severity::Error, "过低，无法印刷")
                } else if dpi < MIN_DPI_WARNING {
                    (Severity::Warning, "偏低，印刷可能模糊")
                } else {
                    continue;
                };
                pre.push(PreflightItem::new(
                    severity,
                    "image_resolution",
                    page_no,
                    article,
                    format!("图片在版面上的实际分辨率约{dpi:.0}dpi，{what}（需300dpi）"),
                    format!("image at {dpi:.0} dpi effective (300 dpi needed)"),
                ));
            }
        }
        // Fonts.
        for w in &compiled.font_warnings {
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
        for (i, page) in compiled.document.pages().iter().enumerate() {
            let mut chars = String::new();
            missing_glyphs(&page.frame, &mut chars);
            if !chars.is_empty() {
                tofu.insert(u8::try_from(i + 1).unwrap_or(u8::MAX), chars);
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
        .unwrap_or_default()
}

/// Images of a frame with their effective resolution, by asset id (the
/// SHA-256 of the bytes, as the store names them).
fn images(frame: &Frame, ts: Transform, out: &mut Vec<(String, f64)>) {
    for (_, item) in frame.items() {
        match item {
            FrameItem::Group(g) => images(&g.frame, ts.pre_concat(g.transform), out),
            FrameItem::Image(image, size, _) => {
                if let ImageKind::Raster(raster) = image.kind() {
                    let scale_x = (ts.sx.get().powi(2) + ts.ky.get().powi(2)).sqrt();
                    let width_pt = size.x.to_pt() * scale_x;
                    if width_pt > 0.0 {
                        let dpi = f64::from(raster.width()) / (width_pt / 72.0);
                        let id = hex::encode(Sha256::digest(raster.data().as_slice()));
                        out.push((id, dpi));
                    }
                }
            }
            _ => {}
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

fn write_pdf(
    document: &PagedDocument,
    pdf_a: bool,
    date: Option<&str>,
) -> Result<Vec<u8>, ExportError> {
    write_pdf_with(document, pdf_a.then_some(PdfStandard::A_2b), date)
}

/// `date` (`YYYY-MM-DD`) is the PDF's creation date, so that the same issue
/// gives the same bytes.
fn write_pdf_with(
    document: &PagedDocument,
    standard: Option<PdfStandard>,
    date: Option<&str>,
) -> Result<Vec<u8>, ExportError> {
    let standards = match standard {
        Some(s) => PdfStandards::new(&[s]).map_err(|e| ExportError::Pdf {
            reason: e.message().to_string(),
        })?,
        None => PdfStandards::default(),
    };
    let timestamp = date
        .and_then(|d| chrono::NaiveDate::parse_from_str(d, "%Y-%m-%d").ok())
        .and_then(|d| {
            use chrono::Datelike;
            typst::foundations::Datetime::from_ymd(
                d.year(),
                u8::try_from(d.month()).ok()?,
                u8::try_from(d.day()).ok()?,
            )
        })
        .map(typst_pdf::Timestamp::new_utc);
    let options = typst_pdf::PdfOptions {
        ident: Smart::Auto,
        creator: Smart::Custom(Some("ZonePress 园区编务 (Typst)".into())),
        timestamp,
        page_ranges: None,
        standards,
        tagged: standard.is_some(),
        pretty: false,
    };
    typst_pdf::pdf(document, &options).map_err(|errors| ExportError::Pdf {
        reason: errors
            .iter()
            .map(|e| e.message.to_string())
            .collect::<Vec<_>>()
            .join("; "),
    })
}
