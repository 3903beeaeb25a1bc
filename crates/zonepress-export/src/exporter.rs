//! The exporter: issue data in, laid-out pages out; fit, preflight, PDF and
//! PNG bytes from one compile.

use std::collections::{BTreeMap, HashMap};
use std::path::PathBuf;
use std::sync::{Arc, Mutex};

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use ts_rs::TS;
use typst::foundations::{Bytes, NativeElement, Smart};
use typst::introspection::{Introspector, MetadataElem};
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

/// Everything the template needs for one issue. Serialisable, so an
/// export can keep what it typeset and `verify` can set it again.
#[derive(Debug, Clone, Serialize, Deserialize)]
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
    pub fn new(
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
pub(crate) struct Compiled {
    pub(crate) document: PagedDocument,
    pub(crate) marks: Vec<Mark>,
    pub(crate) warnings: Vec<String>,
    pub(crate) font_warnings: Vec<String>,
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
        self.layout_with(doc, assets, None)
    }

    /// Set the issue for an export with its manifest attached: one compile
    /// answers preflight, fit and the PDF (which then needs no second pass).
    pub fn layout_for_export(
        &self,
        doc: &IssueDoc,
        assets: &dyn AssetSource,
        manifest_json: &str,
    ) -> Result<LaidOutIssue, ExportError> {
        self.layout_with(doc, assets, Some(manifest_json))
    }

    fn layout_with(
        &self,
        doc: &IssueDoc,
        assets: &dyn AssetSource,
        manifest_json: Option<&str>,
    ) -> Result<LaidOutIssue, ExportError> {
        doc.plan.validate().map_err(|e| ExportError::InvalidIssue {
            reason: e.to_string(),
        })?;
        let mut data = view::build(doc, self.fonts());
        let mut files = Files::new();
        if let Some(manifest) = manifest_json {
            data.meta.manifest = true;
            files.insert(
                world::file_id("/manifest.json"),
                Bytes::new(manifest.to_string().into_bytes()),
            );
        }
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
        // each file by its name and its bytes: the manifest differs from
        // one export to the next while the pages may not, and a layout
        // cached with an earlier manifest must not carry it into this PDF
        let mut ids: Vec<_> = files
            .iter()
            .map(|(k, b)| format!("{k:?}={:032x}", typst::utils::hash128(b.as_slice())))
            .collect();
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

    /// How many times an issue was typeset by [`Exporter::layout`] and
    /// [`Exporter::layout_for_export`] (for tests and diagnostics).
    pub fn compiles(&self) -> u32 {
        self.lock().compiles
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
pub(crate) enum MarkKind {
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
pub(crate) struct Mark {
    pub(crate) kind: MarkKind,
    /// Physical sheet (1-based) the marker landed on.
    pub(crate) sheet: usize,
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
    pub(crate) data: TplData,
    files: Arc<Files>,
    pub(crate) compiled: Arc<Compiled>,
    pub(crate) fits: Vec<PageFit>,
    pub(crate) preflight: Vec<PreflightItem>,
}

impl std::fmt::Debug for LaidOutIssue {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("LaidOutIssue")
            .field("pages", &self.page_count())
            .field("fits", &self.fits)
            .finish()
    }
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
        let attached = self.data.meta.manifest;
        let mut document = match &opts.manifest_json {
            // Laid out with the manifest already (an export): no second pass.
            _ if attached => self.compiled.document.clone(),
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
        let standard = match (pdf_a, attached || opts.manifest_json.is_some()) {
            (false, _) => None,
            (true, false) => Some(PdfStandard::A_2b),
            (true, true) => Some(PdfStandard::A_3b),
        };
        write_pdf_with(&document, standard, Some(&date))
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

// The 稿酬发放表 (payment statement) PDF, with a template of its own.
pub(crate) mod statement;
