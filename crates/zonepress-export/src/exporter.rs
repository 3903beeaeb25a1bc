//! The exporter: issue data in, laid-out pages out; fit, preflight, PDF and
//! PNG bytes from one layout.
//!
//! Each page (版) is typeset as a Typst document of its own, from the data of
//! that page alone, and kept in a cache keyed by a hash of that data: after a
//! change to one article only its page is set again, and a cold layout sets
//! the pages side by side on every core. The PDF is written from the pages
//! of one layout joined into one document, so fonts are embedded once.

use std::collections::{BTreeMap, HashMap};
use std::path::PathBuf;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use ts_rs::TS;
use typst::foundations::{Bytes, NativeElement, Smart};
use typst::introspection::{Introspector, Location, MetadataElem, Tag};
use typst::layout::{Frame, FrameItem, Point};
use typst::model::{Destination, Document};
use typst::{World, WorldExt};
use typst_layout::PagedDocument;
use typst_pdf::{PdfStandard, PdfStandards};
use zonepress_core::layout::IssuePlan;
use zonepress_core::{Article, Id, Issue, Publication};

use crate::error::ExportError;
use crate::press::OutputProfile;
use crate::press::photo::{PhotoCache, PressPhoto};
use crate::recent::Recent;
use crate::view::{self, TplData};
use crate::world::{self, Files, FontSet, Shared, Templates};
use zonepress_core::press::PrintSettings;

/// Where the exporter finds what is not data.
#[derive(Debug, Clone, Default)]
pub struct ExportConfig {
    /// Font directories searched before the system fonts.
    pub extra_font_dirs: Vec<PathBuf>,
    /// A workspace folder whose `*.typ` files replace the shipped templates
    /// of the same name.
    pub template_dir: Option<PathBuf>,
    /// Where the font index is kept (see [`crate::fontindex`]); `None`
    /// reads every font file at start.
    pub font_index: Option<PathBuf>,
    /// A folder for photos converted to CMYK (see [`crate::press::photo`]);
    /// `None` converts them again in every process.
    pub press_cache: Option<PathBuf>,
}

/// Images of the workspace, by the SHA-256 of their bytes, and the output
/// profiles imported into it.
pub trait AssetSource: Send + Sync {
    fn asset(&self, asset_id: &str) -> Option<Vec<u8>>;

    /// Whether the image is there, without reading it (a photo converted
    /// for the press before is not read again).
    fn has_asset(&self, asset_id: &str) -> bool {
        self.asset(asset_id).is_some()
    }

    /// The bytes of an imported output profile (by its SHA-256); the
    /// built-in ones (`builtin:…`) never come from here.
    fn output_profile(&self, _key: &str) -> Option<Vec<u8>> {
        None
    }
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
    /// 校样: a visible watermark on every page (`proof` in documents
    /// stored before it was renamed).
    #[serde(alias = "proof")]
    pub proof_copy: bool,
    /// The 校样 round (1–3) the proof is made for: its watermark names it
    /// (一校样 / 二校样 / 三校样).
    #[serde(default)]
    pub proof_round: Option<u8>,
    /// 印刷设置: the output condition (profile, ink limit, lowest image
    /// resolution, bleed) and the masthead colour.
    #[serde(default)]
    pub print: PrintSettings,
    /// 预留版位 not yet taken by their article: typeset as placeholders
    /// after the page's articles ([`crate::slots`]).
    #[serde(default)]
    pub reserved: Vec<zonepress_core::topics::ReservedSlot>,
}

/// How the PDF is written.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, TS, JsonSchema)]
pub struct PdfOptions {
    /// Conform to PDF/A-2b (PDF/A-3b when a manifest is attached, since
    /// PDF/A-2 forbids attachments). Colours in sRGB (from the CMYK, through
    /// the output profile).
    pub pdf_a: bool,
    /// PDF/X-4 for the press: CMYK with one `GTS_PDFX` output intent of
    /// the issue's profile, TrimBox and BleedBox on every page. Allows no
    /// attachment (the manifest goes beside the file) and no PDF/A.
    #[serde(default)]
    pub pdf_x: bool,
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
    /// The object on the page the finding is about (`图片（2400×1600 像素）`,
    /// `文字“青禾开发区报”`), for the press checks.
    #[serde(default)]
    pub object: Option<String>,
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
            object: None,
            message_zh: zh,
            message_en: en,
        }
    }

    /// The same finding about an object on its page.
    pub fn with_object(mut self, object: impl Into<String>) -> PreflightItem {
        self.object = Some(object.into());
        self
    }
}

/// Effective resolution below which an image is refused.
pub const MIN_DPI_ERROR: f64 = 150.0;
/// Effective resolution below which an image is flagged.
pub const MIN_DPI_WARNING: f64 = 300.0;

const BULLETIN: &str = "bulletin.typ";
const REVIEW: &str = "review.typ";
const WATERMARK: &str = "watermark.typ";
const SHIPPED: [(&str, &str); 3] = [
    (BULLETIN, include_str!("../templates/bulletin.typ")),
    (REVIEW, include_str!("../templates/review.typ")),
    (WATERMARK, include_str!("../templates/watermark.typ")),
];

/// The typesetter of an app: fonts found once, templates parsed once,
/// typeset pages and rendered previews cached. Share it in an `Arc`.
pub struct Exporter {
    shared: Arc<Shared>,
    cache: Mutex<Cache>,
    /// SHA-256 of the bulletin template in use (part of every page hash).
    template_sha: String,
    photos: PhotoCache,
    profiles: Mutex<HashMap<String, Arc<OutputProfile>>>,
    /// Previews rendered ahead of the screen asking (see [`prerender`]).
    prerender: prerender::Queue,
}

/// Typeset pages kept beyond those of the last layout (other arrangements
/// tried a moment ago, other issues).
const KEPT_PAGES: usize = 24;
/// Rendered previews kept.
const KEPT_PREVIEWS: usize = 64;

#[derive(Default)]
struct Cache {
    /// Typeset pages by the hash of their input; a use is a layout.
    pages: Recent<u128, Arc<Compiled>>,
    /// Rendered pages by (page frame hash, pixels per pt, use): the PNG, or
    /// the render in progress (whoever asks for the same page meanwhile
    /// waits for it instead of rendering it again).
    pngs: Recent<(u128, u32, PngUse), Arc<PngSlot>>,
    /// The marking laid behind a proof's pages, by the hash of its data.
    proof_marks: HashMap<u128, Arc<Compiled>>,
    /// Layouts that typeset at least one page.
    layouts: u32,
    /// Pages typeset.
    pages_typeset: u32,
}

type PngSlot = std::sync::OnceLock<Result<Arc<Vec<u8>>, ExportError>>;

/// One compile: a page of an issue (or a whole small document).
pub(crate) struct Compiled {
    pub(crate) document: PagedDocument,
    pub(crate) marks: Vec<Mark>,
    pub(crate) warnings: Vec<String>,
    pub(crate) font_warnings: Vec<String>,
    /// The pages in screen colour (sRGB through the output profile), made
    /// on first use. The profile is in the page's data, so a page typeset
    /// for one profile is never shown through another.
    screen: std::sync::OnceLock<Vec<typst_layout::Page>>,
    /// What preflight finds on each of its pages, made on first use: a
    /// page that comes from the cache is not walked again. The profile and
    /// the ink limit are in the page's data too.
    pub(crate) checks: std::sync::OnceLock<Vec<crate::preflight::SheetChecks>>,
}

impl Exporter {
    /// Discover fonts and read the templates. Fails when Noto Serif CJK SC
    /// or Noto Sans CJK SC is missing, or an override template is unreadable.
    pub fn new(cfg: ExportConfig) -> Result<Exporter, ExportError> {
        let fonts = FontSet::discover(&cfg.extra_font_dirs, cfg.font_index.as_deref())?;
        let mut templates = Templates::default();
        let mut template_sha = String::new();
        for (name, text) in SHIPPED {
            let text = match &cfg.template_dir {
                Some(dir) if dir.join(name).is_file() => std::fs::read_to_string(dir.join(name))
                    .map_err(|e| ExportError::Template {
                        name: name.into(),
                        reason: e.to_string(),
                    })?,
                _ => text.to_string(),
            };
            if name == BULLETIN {
                use sha2::Digest;
                template_sha = hex::encode(sha2::Sha256::digest(text.as_bytes()));
            }
            templates.insert(&format!("/{name}"), text);
        }
        templates.insert(CARRIER_PATH, CARRIER.into());
        Ok(Exporter {
            shared: Arc::new(Shared {
                library: world::library(),
                fonts,
                templates,
            }),
            cache: Mutex::default(),
            template_sha,
            photos: PhotoCache::new(cfg.press_cache),
            profiles: Mutex::default(),
            prerender: prerender::Queue::default(),
        })
    }

    /// The output profile `key` names: a built-in one, or one imported into
    /// the workspace (read through `assets` once, then kept).
    pub fn output_profile(
        &self,
        key: &str,
        assets: &dyn AssetSource,
    ) -> Result<Arc<OutputProfile>, ExportError> {
        let mut profiles = self.profiles.lock().unwrap_or_else(|e| e.into_inner());
        if let Some(p) = profiles.get(key) {
            return Ok(p.clone());
        }
        let profile = match OutputProfile::builtin(key) {
            Some(p) => p,
            None => {
                let bytes = assets.output_profile(key).ok_or_else(|| ExportError::Profile {
                    zh: "印刷设置中选用的色彩配置文件已不在工作区中，请在 管理 → 印刷设置 中重新选择".into(),
                    en: format!("output profile {key} not found"),
                })?;
                let p = OutputProfile::from_icc(bytes, "")?;
                if p.key != key {
                    return Err(ExportError::Profile {
                        zh: "色彩配置文件内容与记录不符".into(),
                        en: format!("profile {key} hashes to {}", p.key),
                    });
                }
                p
            }
        };
        let p = Arc::new(profile);
        profiles.insert(key.to_string(), p.clone());
        Ok(p)
    }

    /// How the fonts were found (from the index or read).
    pub fn font_discovery(&self) -> crate::DiscoveryStats {
        self.shared.fonts.stats()
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

    /// Set the issue for an export with its manifest attached: one layout
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
        self.set_pages(doc, assets, manifest_json)
    }

    /// The layout of `doc` without checking its plan: the measuring pages
    /// of 排版建议 place each article on several pages, at several settings.
    pub(crate) fn layout_unchecked(
        &self,
        doc: &IssueDoc,
        assets: &dyn AssetSource,
    ) -> Result<LaidOutIssue, ExportError> {
        self.set_pages(doc, assets, None)
    }

    fn set_pages(
        &self,
        doc: &IssueDoc,
        assets: &dyn AssetSource,
        manifest_json: Option<&str>,
    ) -> Result<LaidOutIssue, ExportError> {
        let profile = self.output_profile(doc.print.profile_key(), assets)?;
        let mut data = view::build(doc, self.fonts());
        let mut files = Files::new();
        let mut missing_assets = vec![];
        let mut photos = HashMap::new();
        for id in data.asset_ids() {
            if !assets.has_asset(&id) {
                missing_assets.push(id);
                continue;
            }
            // Photos are typeset as their CMYK copies: the print PDF takes
            // them as they are, the screen swaps in their sRGB copies.
            let mut original = None;
            let photo = self.photos.get(&id, &profile, doc.print.ink_limit, || {
                original = assets.asset(&id);
                original.clone()
            });
            let bytes = match photo {
                Some(photo) => {
                    let bytes = photo.cmyk.clone();
                    photos.insert(typst::utils::hash128(&bytes), photo);
                    Some(bytes)
                }
                // Unconvertible: typeset as it is (preflight reports it).
                None => original.or_else(|| assets.asset(&id)).map(Bytes::new),
            };
            match bytes {
                Some(bytes) => {
                    files.insert(world::file_id(&view::asset_path(&id)), bytes);
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
        let jsons: Vec<Vec<u8>> = data
            .pages
            .iter()
            .map(|page| {
                serde_json::to_vec(&data.page_alone(page)).expect("template data serialises")
            })
            .collect();
        let pages = self.typeset_pages(&jsons, &files)?;
        // The page hashes of a print layout start from the very data the
        // pages were typeset from (see [`Exporter::page_hashes_laid`]).
        let hash_starts = (missing_assets.is_empty()
            && !doc.proof_copy
            && doc.proof_round.is_none()
            && !doc.bleed)
            .then(|| {
                jsons
                    .iter()
                    .map(|json| self.page_hash_start(json))
                    .collect()
            });
        let proof_mark = if doc.proof_copy {
            Some(self.proof_mark(&data, doc.proof_round)?)
        } else {
            None
        };
        let manifest = match manifest_json {
            Some(json) => Some(Arc::new(attachment(&self.shared, json)?)),
            None => None,
        };
        let mut laid = LaidOutIssue {
            shared: self.shared.clone(),
            data,
            pages,
            manifest,
            proof_mark,
            fits: vec![],
            preflight: vec![],
            profile,
            photos: Arc::new(photos),
            print: doc.print.clone(),
            bleed: doc.bleed,
            hash_starts,
        };
        laid.analyse(doc, &missing_assets);
        Ok(laid)
    }

    /// Every page of `data`, each from the cache or typeset now (those
    /// typeset now side by side on the available cores).
    fn typeset_pages(
        &self,
        jsons: &[Vec<u8>],
        files: &Arc<Files>,
    ) -> Result<Vec<Arc<Compiled>>, ExportError> {
        let jobs: Vec<(u128, &[u8])> = jsons
            .iter()
            .map(|json| {
                // The data names every image (by its content hash) and
                // whether it is missing; the templates are the exporter's.
                (typst::utils::hash128(json), json.as_slice())
            })
            .collect();
        let mut found: Vec<Option<Arc<Compiled>>> = {
            let mut cache = self.lock();
            cache.pages.next_use();
            jobs.iter()
                .map(|(key, _)| cache.pages.get(key).cloned())
                .collect()
        };
        let todo: Vec<usize> = (0..jobs.len()).filter(|&i| found[i].is_none()).collect();
        if todo.is_empty() {
            return Ok(found.into_iter().flatten().collect());
        }
        let done = self.compile_all(&todo, &jobs, files)?;
        let mut cache = self.lock();
        for (i, compiled) in todo.into_iter().zip(done) {
            cache.pages.insert(jobs[i].0, compiled.clone(), usize::MAX);
            found[i] = Some(compiled);
        }
        cache.layouts += 1;
        // Keep the pages of this layout and the most recently used others.
        cache.pages.keep_newest(jobs.len() + KEPT_PAGES);
        Ok(found.into_iter().flatten().collect())
    }

    /// Typeset the pages `todo` of `jobs`, on up to as many threads as
    /// there are cores.
    fn compile_all(
        &self,
        todo: &[usize],
        jobs: &[(u128, &[u8])],
        files: &Arc<Files>,
    ) -> Result<Vec<Arc<Compiled>>, ExportError> {
        let threads = std::thread::available_parallelism()
            .map_or(1, |n| n.get())
            .min(todo.len());
        let compile_one = |i: usize| -> Result<Arc<Compiled>, ExportError> {
            compile(&self.shared, jobs[i].1.to_vec(), files, BULLETIN).map(Arc::new)
        };
        let results: Vec<Result<Arc<Compiled>, ExportError>> = if threads <= 1 {
            todo.iter().map(|&i| compile_one(i)).collect()
        } else {
            let next = AtomicUsize::new(0);
            let mut results: Vec<_> = todo.iter().map(|_| None).collect();
            std::thread::scope(|scope| {
                let workers: Vec<_> = (0..threads)
                    .map(|_| {
                        scope.spawn(|| {
                            let mut mine = vec![];
                            while let Some(&i) = todo.get(next.fetch_add(1, Ordering::Relaxed)) {
                                mine.push((i, compile_one(i)));
                            }
                            mine
                        })
                    })
                    .collect();
                for worker in workers {
                    for (i, r) in worker.join().expect("a typesetting thread panicked") {
                        let k = todo.iter().position(|&t| t == i).expect("a page to do");
                        results[k] = Some(r);
                    }
                }
            });
            results
                .into_iter()
                .map(|r| r.expect("every page was typeset"))
                .collect()
        };
        let mut out = Vec::with_capacity(results.len());
        for r in results {
            out.push(r?);
        }
        let mut cache = self.lock();
        let before = cache.pages_typeset / 16;
        cache.pages_typeset += out.len() as u32;
        if cache.pages_typeset / 16 != before {
            // Old memoised results of pages no longer shown.
            comemo::evict(10);
        }
        Ok(out)
    }

    /// The 校样 marking of `data`'s pages (the watermark naming the copy or
    /// the round, and 不得付印 in the footer band), typeset once per page
    /// size and label.
    fn proof_mark(&self, data: &TplData, round: Option<u8>) -> Result<Arc<Compiled>, ExportError> {
        let g = &data.geom;
        let bleed = data.meta.bleed;
        let json = serde_json::to_vec(&serde_json::json!({
            "w": g.page_w + 2.0 * bleed,
            "h": g.page_h + 2.0 * bleed,
            "trim_w": g.page_w,
            "size": g.size,
            "footer_from_bottom": bleed + (g.margin_bottom - 0.6 * g.pitch - 1.25 * g.size).max(0.0),
            "sans": data.fonts.sans,
            "label": match round {
                Some(n) => zonepress_core::pages::proof_copy_label(n),
                None => "校样".into(),
            },
        }))
        .expect("watermark data serialises");
        let key = typst::utils::hash128(&json);
        if let Some(c) = self.lock().proof_marks.get(&key) {
            return Ok(c.clone());
        }
        let compiled = Arc::new(compile(&self.shared, json, &Files::new(), WATERMARK)?);
        let mut cache = self.lock();
        if cache.proof_marks.len() > 16 {
            cache.proof_marks.clear();
        }
        cache.proof_marks.insert(key, compiled.clone());
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
        self.render_page(&laid, page, pixels_per_pt, PngUse::Screen)
    }

    /// Render one page of an issue already laid out, through the cache.
    pub fn render_page(
        &self,
        laid: &LaidOutIssue,
        page: u8,
        pixels_per_pt: f32,
        usage: PngUse,
    ) -> Result<Vec<u8>, ExportError> {
        let p = laid.shown_sheet(page)?;
        let ppp = pixels_per_pt.clamp(0.05, 16.0);
        let key = (typst::utils::hash128(&p), ppp.to_bits(), usage);
        let slot = {
            let mut cache = self.lock();
            cache.pngs.next_use();
            match cache.pngs.get(&key).cloned() {
                Some(slot) => slot,
                None => {
                    // A full cache drops its least recently used half (a
                    // render in progress finishes for those waiting on it).
                    let slot = Arc::new(PngSlot::new());
                    cache.pngs.insert(key, slot.clone(), KEPT_PREVIEWS);
                    slot
                }
            }
        };
        match slot.get_or_init(|| render_png(&p, ppp, usage).map(Arc::new)) {
            Ok(png) => Ok(png.as_ref().clone()),
            Err(e) => {
                // Not kept: the next ask tries again.
                let mut cache = self.lock();
                if cache.pngs.peek(&key).is_some_and(|s| Arc::ptr_eq(s, &slot)) {
                    cache.pngs.remove(&key);
                }
                Err(e.clone())
            }
        }
    }

    /// How many layouts typeset at least one page since the exporter was
    /// made (for tests and diagnostics).
    pub fn compiles(&self) -> u32 {
        self.lock().layouts
    }

    /// How many pages were typeset since the exporter was made: a layout
    /// after a change to one page sets that page only (for tests,
    /// benchmarks and diagnostics).
    pub fn pages_typeset(&self) -> u32 {
        self.lock().pages_typeset
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

/// What a page image is for, which decides how hard its PNG is packed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum PngUse {
    /// A preview on this screen: the fast DEFLATE setting, so that it
    /// follows the hand (a page is mostly white, it still packs well).
    Screen,
    /// Published for readers to download (数字报): the high DEFLATE
    /// setting. The demo edition's zip drops from 7.0 MB to 3.9 MB for
    /// about 0.1 s more encoding per page image.
    Publish,
}

/// Render a page and encode it as a PNG, RGB when the page is opaque, as
/// typeset pages are.
fn render_png(page: &typst_layout::Page, ppp: f32, usage: PngUse) -> Result<Vec<u8>, ExportError> {
    let pixmap = typst_render::render(
        page,
        &typst_render::RenderOptions {
            pixel_per_pt: typst::utils::Scalar::new(f64::from(ppp)),
            render_bleed: false,
        },
    );
    encode_png(&pixmap, usage).map_err(|e| ExportError::Pdf {
        reason: format!("PNG encoding: {e}"),
    })
}

fn encode_png(pixmap: &tiny_skia::Pixmap, usage: PngUse) -> Result<Vec<u8>, png::EncodingError> {
    let opaque = pixmap.pixels().iter().all(|p| p.alpha() == 255);
    let (color, data) = if opaque {
        // Premultiplied and opaque: the colour channels are the colours.
        let mut rgb = Vec::with_capacity(pixmap.data().len() / 4 * 3);
        for px in pixmap.data().chunks_exact(4) {
            rgb.extend_from_slice(&px[..3]);
        }
        (png::ColorType::Rgb, rgb)
    } else {
        (png::ColorType::Rgba, pixmap.clone().take_demultiplied())
    };
    let mut out = Vec::with_capacity(data.len() / 8);
    {
        let mut encoder = png::Encoder::new(&mut out, pixmap.width(), pixmap.height());
        encoder.set_color(color);
        encoder.set_depth(png::BitDepth::Eight);
        encoder.set_compression(match usage {
            PngUse::Screen => png::Compression::Fast,
            PngUse::Publish => png::Compression::High,
        });
        let mut writer = encoder.write_header()?;
        writer.write_image_data(&data)?;
    }
    Ok(out)
}

/// The small internal document that carries the manifest: its only content
/// is the attachment, which goes onto the first page of the PDF.
const CARRIER_PATH: &str = "/zonepress-manifest.typ";
const CARRIER: &str = r#"#set page(width: 10pt, height: 10pt, margin: 0pt)
#pdf.attach(
  "/manifest.json",
  relationship: "data",
  mime-type: "application/json",
  description: "ZonePress export manifest",
)
"#;

/// Typeset the manifest's carrier (a few milliseconds, never cached: each
/// export has its own manifest).
fn attachment(shared: &Shared, manifest_json: &str) -> Result<Compiled, ExportError> {
    let mut files = Files::new();
    files.insert(
        world::file_id("/manifest.json"),
        Bytes::new(manifest_json.as_bytes().to_vec()),
    );
    compile_files(shared, &files, CARRIER_PATH.trim_start_matches('/'))
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
        screen: std::sync::OnceLock::new(),
        checks: std::sync::OnceLock::new(),
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
    /// An article as measured before packing (see `crate::suggest::pack`).
    Item {
        page: u8,
        article: Id,
        natural: f64,
        fixed: f64,
        least: f64,
        lines: u32,
        n: u32,
        w: u32,
        pitch: f64,
        cpl: u32,
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
    /// One compile per page of the plan, in order.
    pub(crate) pages: Vec<Arc<Compiled>>,
    /// The manifest's carrier, for an export.
    manifest: Option<Arc<Compiled>>,
    /// A 校样's marking, laid behind every page.
    proof_mark: Option<Arc<Compiled>>,
    pub(crate) fits: Vec<PageFit>,
    pub(crate) preflight: Vec<PreflightItem>,
    /// The output profile the photos were converted with.
    pub(crate) profile: Arc<OutputProfile>,
    /// The photos by the hash of their CMYK bytes, for their screen copies.
    photos: Arc<HashMap<u128, Arc<PressPhoto>>>,
    pub(crate) print: PrintSettings,
    /// Bleed and crop marks on the PDF.
    bleed: bool,
    /// Per page, the page hash over everything but the articles'
    /// revisions; only for a print layout with every image found.
    hash_starts: Option<Vec<sha2::Sha256>>,
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

    /// Every physical sheet of the layout, in order.
    pub(crate) fn sheets(&self) -> impl Iterator<Item = &typst_layout::Page> {
        self.pages.iter().flat_map(|c| c.document.pages())
    }

    /// Sheet `page` (1-based) on screen: in screen colour, a 校样 with its
    /// marking behind.
    pub(crate) fn shown_sheet(&self, page: u8) -> Result<typst_layout::Page, ExportError> {
        Ok(self.proofed(self.screen_sheet(page)?))
    }

    /// `page` with a 校样's marking behind it, if this is a 校样.
    fn proofed(&self, page: typst_layout::Page) -> typst_layout::Page {
        match &self.proof_mark {
            None => page,
            Some(mark) => self.marked(page, mark),
        }
    }

    /// `page` with the proof marking's frame laid behind it.
    fn marked(&self, mut page: typst_layout::Page, mark: &Compiled) -> typst_layout::Page {
        if let Some(m) = mark.document.pages().first() {
            page.frame.prepend_frame(Point::zero(), m.frame.clone());
        }
        page
    }

    /// Sheet `page` (1-based), as typeset (without a proof's marking).
    pub(crate) fn sheet(&self, page: u8) -> Result<&typst_layout::Page, ExportError> {
        let count = self.page_count();
        self.sheets()
            .nth(usize::from(page).wrapping_sub(1))
            .ok_or(ExportError::NoSuchPage { page, count })
    }

    /// The marks of every page, numbered by physical sheet of the whole issue.
    pub(crate) fn marks(&self) -> Vec<Mark> {
        let mut out = vec![];
        let mut before = 0;
        for c in &self.pages {
            out.extend(c.marks.iter().map(|m| Mark {
                kind: m.kind.clone(),
                sheet: if m.sheet == 0 { 0 } else { before + m.sheet },
            }));
            before += c.document.pages().len();
        }
        out
    }

    /// Font warnings of every page, each once.
    pub(crate) fn font_warnings(&self) -> Vec<String> {
        let mut out: Vec<String> = vec![];
        for w in self.pages.iter().flat_map(|c| &c.font_warnings) {
            if !out.contains(w) {
                out.push(w.clone());
            }
        }
        out
    }

    /// Physical pages of the layout (always the plan's page count).
    pub fn page_count(&self) -> usize {
        self.pages.iter().map(|c| c.document.pages().len()).sum()
    }

    /// Warnings of the compile that are not about fonts (template authors),
    /// each once.
    pub fn warnings(&self) -> Vec<String> {
        let mut out: Vec<String> = vec![];
        for w in self.pages.iter().flat_map(|c| &c.warnings) {
            if !out.contains(w) {
                out.push(w.clone());
            }
        }
        out
    }

    /// A PNG of one page without the preview cache.
    pub fn png(&self, page: u8, pixels_per_pt: f32) -> Result<Vec<u8>, ExportError> {
        render_png(
            &self.shown_sheet(page)?,
            pixels_per_pt.clamp(0.05, 16.0),
            PngUse::Screen,
        )
    }

    /// The output profile of this layout.
    pub fn output_profile(&self) -> &OutputProfile {
        &self.profile
    }

    /// Sheet `page` (1-based) in screen colour.
    fn screen_sheet(&self, page: u8) -> Result<typst_layout::Page, ExportError> {
        let count = self.page_count();
        self.screen_pages()
            .nth(usize::from(page).wrapping_sub(1))
            .ok_or(ExportError::NoSuchPage { page, count })
    }

    /// Every sheet in screen colour: CMYK through the output profile to
    /// sRGB, photos as their sRGB copies (each compile's pages mapped once).
    fn screen_pages(&self) -> impl Iterator<Item = typst_layout::Page> + '_ {
        self.pages.iter().flat_map(move |c| {
            c.screen
                .get_or_init(|| {
                    let colour = self.profile.colour().ok();
                    c.document
                        .pages()
                        .iter()
                        .map(|p| match &colour {
                            Some(colour) => crate::press::frames::map_page(
                                p,
                                &mut |col| crate::press::frames::screen_colour(col, colour),
                                &mut |img| self.screen_image(img),
                            ),
                            None => p.clone(),
                        })
                        .collect()
                })
                .clone()
        })
    }

    /// The asset id of a photo typeset from its CMYK copy.
    pub(crate) fn photo_asset(&self, data: &Bytes) -> Option<String> {
        self.photos
            .get(&typst::utils::hash128(data))
            .map(|p| p.asset_id.clone())
    }

    fn screen_image(&self, img: &typst::visualize::Image) -> Option<typst::visualize::Image> {
        let typst::visualize::ImageKind::Raster(r) = img.kind() else {
            return None;
        };
        let photo = self.photos.get(&typst::utils::hash128(r.data()))?;
        photo.screen_image(img)
    }

    /// Every sheet as the press gets it: colours in CMYK (a grey as K
    /// only), with bleed and crop marks when the export asked for them.
    fn press_pages(&self) -> Vec<typst_layout::Page> {
        let colour = self.profile.colour().ok();
        self.sheets()
            .map(|p| {
                let p = self.proofed(p.clone());
                let p = match &colour {
                    Some(colour) => crate::press::frames::map_page(
                        &p,
                        &mut |col| crate::press::frames::press_colour(col, colour),
                        &mut |_| None,
                    ),
                    None => p,
                };
                self.with_bleed(p)
            })
            .collect()
    }

    fn with_bleed(&self, page: typst_layout::Page) -> typst_layout::Page {
        if self.bleed {
            crate::press::marks::with_marks(&page, self.print.bleed_mm)
        } else {
            page
        }
    }

    /// The print PDF. Refuses when a font fell back (a wrong family name).
    pub fn pdf(&self, opts: &PdfOptions) -> Result<Vec<u8>, ExportError> {
        if let Some(w) = self.font_warnings().first() {
            return Err(font_error(w));
        }
        let date = self.data.meta.date_iso.clone();
        // Laid out for an export, the manifest is here already; otherwise its
        // small carrier is typeset now (the pages are not set again).
        let manifest = match (&self.manifest, &opts.manifest_json) {
            (Some(m), _) => Some(m.clone()),
            (None, Some(json)) => Some(Arc::new(attachment(&self.shared, json)?)),
            (None, None) => None,
        };
        if opts.pdf_x {
            if opts.pdf_a {
                return Err(ExportError::Pdf {
                    reason: "a PDF is either PDF/X-4 or PDF/A, not both".into(),
                });
            }
            if manifest.is_some() {
                return Err(ExportError::Pdf {
                    reason: "PDF/X-4 allows no attachment: the manifest goes beside the PDF".into(),
                });
            }
            let pages = self.press_pages();
            let mut document = self.document_of(pages, None, false);
            let title = if opts.title.trim().is_empty() {
                self.data.meta.title.clone()
            } else {
                opts.title.trim().to_string()
            };
            document.info_mut().title = Some(title.as_str().into());
            let pdf = write_pdf_with(&document, None, Some(&date))?;
            let bleed_pt = if self.bleed {
                crate::view::mm(self.print.bleed_mm)
            } else {
                0.0
            };
            return crate::press::pdfx::to_pdfx(
                &pdf,
                &crate::press::pdfx::PdfxInfo {
                    title: &title,
                    author: &self.data.meta.publisher,
                    keywords: &format!("{}, {}", self.data.meta.name, self.data.meta.issue_label),
                    date: &date,
                    bleed_pt,
                    profile: &self.profile,
                },
            );
        }
        let standard = match (opts.pdf_a, manifest.is_some()) {
            (false, _) => None,
            (true, false) => Some(PdfStandard::A_2b),
            (true, true) => Some(PdfStandard::A_3b),
        };
        let mut document = self.joined(manifest.as_deref(), standard.is_some());
        if !opts.title.trim().is_empty() {
            document.info_mut().title = Some(opts.title.trim().into());
        }
        write_pdf_with(&document, standard, Some(&date))
    }

    /// The pages of every compile as one document, the manifest's
    /// attachment on the first page. `tagged`: each page's elements get
    /// locations of their own across the document (pages typeset apart
    /// can share them), which a tagged PDF needs.
    fn joined(&self, manifest: Option<&Compiled>, tagged: bool) -> PagedDocument {
        // Screen colour: sRGB (PDF/A's output intent is sRGB), the 校样 and
        // the archive copy showing what the press prints.
        let pages: Vec<typst_layout::Page> = self
            .screen_pages()
            .map(|p| self.with_bleed(self.proofed(p)))
            .collect();
        self.document_of(pages, manifest, tagged)
    }

    /// `pages` (one per sheet, in order) as one document, the manifest's
    /// attachment on the first page.
    fn document_of(
        &self,
        sheets: Vec<typst_layout::Page>,
        manifest: Option<&Compiled>,
        tagged: bool,
    ) -> PagedDocument {
        let mut pages: Vec<typst_layout::Page> = Vec::with_capacity(sheets.len());
        let mut sheets = sheets.into_iter();
        for (i, c) in self.pages.iter().enumerate() {
            for _ in c.document.pages() {
                let Some(mut page) = sheets.next() else {
                    break;
                };
                if tagged && i > 0 {
                    relocate(&mut page.frame, i as u128);
                }
                pages.push(page);
            }
        }
        if let (Some(m), Some(first)) = (manifest, pages.first_mut()) {
            let tags: Vec<(Point, FrameItem)> = m
                .document
                .pages()
                .iter()
                .flat_map(|p| p.frame.items())
                .filter(|(_, item)| matches!(item, FrameItem::Tag(_)))
                .map(|(_, item)| (Point::zero(), item.clone()))
                .collect();
            first.frame.prepend_multiple(tags);
        }
        let info = self
            .pages
            .first()
            .map(|c| c.document.info().clone())
            .unwrap_or_default();
        PagedDocument::new(pages.into_iter().collect(), info)
    }
}

/// Give every element of `frame` a location of its own for page `salt`.
fn relocate(frame: &mut Frame, salt: u128) {
    let new = |loc: Location| Location::new(typst::utils::hash128(&(loc.hash(), salt)));
    frame.retain(|item| {
        match item {
            FrameItem::Group(group) => {
                relocate(&mut group.frame, salt);
                if let Some(parent) = &mut group.parent {
                    parent.location = new(parent.location);
                }
            }
            FrameItem::Tag(Tag::Start(content, _)) => {
                if let Some(loc) = content.location() {
                    content.set_location(new(loc));
                }
            }
            FrameItem::Tag(Tag::End(loc, _, _)) => *loc = new(*loc),
            FrameItem::Link(Destination::Location(loc), _) => *loc = new(*loc),
            _ => {}
        }
        true
    });
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
// A 校样 round's pages with its proof marks drawn over them.
pub(crate) mod marks;
// What a page prints, as a hash (签版, 付印).
pub(crate) mod pagehash;
// Previews rendered in the background right after a change.
mod prerender;
