//! Layout and export: the page plan of an issue, page previews, fit
//! (overflow per page), 印前检查 preflight, the print PDF with its manifest,
//! the 审稿单 review form, and verifying a PDF against the approved text.

use std::sync::Arc;

use chrono::Utc;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use ts_rs::TS;
use zonepress_core::layout::IssuePlan;
use zonepress_core::workflow::Signature;
use zonepress_core::{Action, ArticleStatus, ArticleSummary, Id, authorize, level_name_zh};
use zonepress_export::{
    AssetSource, ExportConfig, ExportError, Exporter, IssueDoc, PageFit, PdfOptions, PreflightItem,
    ReviewForm, Severity,
};
use zonepress_store::Store;
use zonepress_store::articles::ArticleFilter;
use zonepress_store::issues::{ExportRecord, NewExport};

use zonepress_store::snapshot::IssueSnapshot;

use crate::articles::IdInput;
use crate::events::{Change, EventKind};
use crate::proof::IssueIdInput;
use crate::{ApiError, Binary, Context, ErrorCode, Session};

impl From<ExportError> for ApiError {
    fn from(e: ExportError) -> ApiError {
        ApiError::new(
            ErrorCode::ExportFailed,
            e.message_zh(),
            format!("export: {e}"),
        )
        .with_detail(serde_json::json!({ "export_error": e.code() }))
    }
}

/// Images come from the workspace store.
pub(crate) struct StoreAssets<'a>(pub(crate) &'a Store);

impl AssetSource for StoreAssets<'_> {
    /// An image whose header declares more pixels than may be decoded
    /// ([`zonepress_core::image::MAX_PIXELS`]) is never handed to the
    /// typesetter: it counts as missing.
    fn asset(&self, asset_id: &str) -> Option<Vec<u8>> {
        let bytes = self.0.asset_bytes(asset_id).ok().flatten()?;
        match zonepress_core::image::probe(&bytes) {
            Some(info) if info.within_limits() => Some(bytes),
            Some(info) => {
                tracing::warn!(
                    asset_id,
                    "image of {}x{} pixels not decoded (beyond the limit)",
                    info.width,
                    info.height
                );
                None
            }
            None => Some(bytes),
        }
    }

    fn has_asset(&self, asset_id: &str) -> bool {
        self.0.asset_info(asset_id).ok().flatten().is_some()
    }

    fn output_profile(&self, key: &str) -> Option<Vec<u8>> {
        self.0.print_profile_icc(key).ok().flatten()
    }
}

/// The typesetter, created on first use and shared by every command of the
/// process, so that typeset pages and previews stay cached between commands.
/// The font index lives in the workspace's `cache/` folder: a new process
/// reads only font files that changed since it was written.
pub fn exporter(ctx: &Context) -> Result<Arc<Exporter>, ApiError> {
    ctx.exporter_cell()
        .get_or_init(|| {
            let fonts = ctx.dir().join("fonts");
            let templates = ctx.dir().join("templates");
            Exporter::new(ExportConfig {
                extra_font_dirs: fonts.is_dir().then_some(fonts).into_iter().collect(),
                template_dir: templates.is_dir().then_some(templates),
                font_index: Some(ctx.dir().join("cache").join("font-index.json")),
                press_cache: Some(crate::press::press_cache(ctx)),
            })
            .map(Arc::new)
            .map_err(ApiError::from)
        })
        .clone()
}

/// The plan of an issue as stored, or an empty one (front page + inner pages).
pub fn plan_of(ctx: &Context, issue_id: Id) -> Result<IssuePlan, ApiError> {
    let issue = ctx.store().issue(issue_id)?;
    Ok(ctx.store().issue_plan(issue_id)?.unwrap_or_else(|| {
        IssuePlan::empty(issue.id, issue.page_size, issue.columns, issue.page_count)
    }))
}

fn issue_doc(ctx: &Context, issue_id: Id, bleed: bool, proof: bool) -> Result<IssueDoc, ApiError> {
    Ok(doc_of(&ctx.store().issue_snapshot(issue_id)?, bleed, proof))
}

/// The document to typeset, from one snapshot of the issue.
pub(crate) fn doc_of(snap: &IssueSnapshot, bleed: bool, proof: bool) -> IssueDoc {
    let issue = &snap.issue;
    IssueDoc {
        publication: snap.publication.clone(),
        issue: issue.clone(),
        plan: snap.plan.clone().unwrap_or_else(|| {
            IssuePlan::empty(issue.id, issue.page_size, issue.columns, issue.page_count)
        }),
        articles: snap.articles.clone(),
        bleed,
        proof,
        proof_round: None,
        print: snap.print.clone(),
    }
}

/// The plan with what the layout measured.
#[derive(Debug, Clone, Serialize, Deserialize, TS, JsonSchema)]
pub struct IssueLayout {
    pub plan: IssuePlan,
    /// Overflow / underfill of each page, measured from the layout.
    pub fit: Vec<PageFit>,
    /// The issue's articles that are not placed (withdrawn ones left out).
    pub unplaced: Vec<ArticleSummary>,
    /// Every article of the issue by id, for showing the placed ones.
    pub articles: Vec<ArticleSummary>,
    /// Hash of everything the pages print (what 付印 binds).
    #[serde(default)]
    pub layout_hash: String,
    /// Per page: the hash of what it prints (`sign_page` takes it back) and
    /// its 签版 (未签 / 已签 / 已失效).
    #[serde(default)]
    pub pages: Vec<crate::pages::PageState>,
    /// The live 付印 at this layout.
    #[serde(default)]
    pub print_order: Option<zonepress_store::pages::PrintOrder>,
}

fn layout_view(ctx: &Context, issue_id: Id) -> Result<IssueLayout, ApiError> {
    let snap = ctx.store().issue_snapshot(issue_id)?;
    let doc = doc_of(&snap, false, false);
    let exporter = exporter(ctx)?;
    let laid = exporter.layout(&doc, &StoreAssets(ctx.store()))?;
    let fit = laid.fit();
    // The layout screen asks for its page previews as soon as it has this
    // answer: start rendering the changed pages now.
    exporter.prerender(laid, SCREEN_PREVIEW_SCALE);
    let (hashes, layout_hash) = crate::pages::hashes(ctx, &doc)?;
    let open = crate::pages::open_marks_by_page(ctx, issue_id)?;
    let placed = doc.plan.placed_ids();
    let articles = ctx.store().list_articles(&ArticleFilter {
        issue_id: Some(issue_id),
        ..Default::default()
    })?;
    Ok(IssueLayout {
        unplaced: articles
            .iter()
            .filter(|a| !placed.contains(&a.id) && a.status != ArticleStatus::Withdrawn)
            .cloned()
            .collect(),
        articles,
        plan: doc.plan,
        fit,
        pages: crate::pages::page_states(&snap, &hashes, &open),
        print_order: crate::pages::live_order(&snap, &layout_hash),
        layout_hash,
    })
}

pub fn get_issue_plan(
    ctx: &Context,
    session: &Session,
    input: IssueIdInput,
) -> Result<IssueLayout, ApiError> {
    authorize(&session.user, Action::Read)?;
    layout_view(ctx, input.issue_id)
}

/// Store a page plan: the articles must belong to the issue.
pub fn plan_issue(
    ctx: &Context,
    session: &Session,
    plan: IssuePlan,
) -> Result<IssueLayout, ApiError> {
    authorize(&session.user, Action::Layout)?;
    plan.validate()?;
    ctx.store().issue(plan.issue_id)?;
    for id in plan.placed_ids() {
        let a = ctx.store().article(id)?;
        if a.issue_id != Some(plan.issue_id) {
            return Err(ApiError::invalid(
                format!("稿件《{}》不属于本期，不能排入版面", a.content.title),
                format!("article {id} is not in issue {}", plan.issue_id),
            ));
        }
        if a.status == ArticleStatus::Withdrawn {
            return Err(ApiError::invalid(
                format!("稿件《{}》已撤稿，不能排入版面", a.content.title),
                format!("article {id} is withdrawn"),
            ));
        }
    }
    ctx.store().save_plan(&session.actor(), &plan)?;
    ctx.publish(
        Change::new(EventKind::Plan, "save", plan.issue_id)
            .issue(Some(plan.issue_id))
            .by(&session.user),
    );
    crate::pages::after_change(ctx, session, Some(plan.issue_id), "版面调整")?;
    layout_view(ctx, plan.issue_id)
}

#[derive(Debug, Clone, Deserialize, Serialize, TS, JsonSchema)]
#[serde(deny_unknown_fields)]
#[ts(optional_fields)]
pub struct PreviewPageInput {
    pub issue_id: Id,
    /// 1-based page number.
    pub page: u8,
    /// Pixels per point, 0.1 to [`MAX_PREVIEW_SCALE`] (default 1.0; A3 is
    /// 842 × 1191 points).
    #[serde(default)]
    pub scale: Option<f32>,
}

/// The largest preview scale: the layout screen shows pages at 0.7 and
/// zooms one to 1.6 pixels per point; 2 leaves room for a sharper screen.
/// An A3 page at 2 is 1684 × 2382 pixels (16 MB to render); at 4 it was
/// four times that, and eight at once took the server's memory.
pub const MAX_PREVIEW_SCALE: f32 = 2.0;

/// The scale the layout screen shows its pages at (`PREVIEW_SCALE` in
/// `ui/src/state/layout.ts`): previews at it are rendered in the background
/// after every layout the screen is answered with.
pub const SCREEN_PREVIEW_SCALE: f32 = 0.7;

pub fn preview_page(
    ctx: &Context,
    session: &Session,
    input: PreviewPageInput,
) -> Result<Binary, ApiError> {
    authorize(&session.user, Action::Read)?;
    let scale = input.scale.unwrap_or(1.0);
    if !(0.1..=MAX_PREVIEW_SCALE).contains(&scale) {
        return Err(ApiError::invalid(
            "预览缩放应在0.1到2之间",
            "preview scale out of range",
        ));
    }
    let doc = issue_doc(ctx, input.issue_id, false, false)?;
    let png = exporter(ctx)?.preview_png(&doc, &StoreAssets(ctx.store()), input.page, scale)?;
    Ok(Binary {
        content_type: "image/png".into(),
        file_name: format!("page-{}.png", input.page),
        bytes: png,
    })
}

/// 印前检查: everything that stands between this issue and the print shop.
#[derive(Debug, Clone, Serialize, Deserialize, TS, JsonSchema)]
pub struct Preflight {
    pub issue_id: Id,
    pub items: Vec<PreflightItem>,
    pub errors: u32,
    pub warnings: u32,
    /// No errors: the print PDF may be exported.
    pub ready: bool,
    pub fit: Vec<PageFit>,
}

/// Layout checks plus approval, proofreading and the three passes.
pub fn preflight(ctx: &Context, issue_id: Id) -> Result<(Preflight, IssueDoc), ApiError> {
    let snap = ctx.store().issue_snapshot(issue_id)?;
    let doc = doc_of(&snap, false, false);
    let laid = exporter(ctx)?.layout(&doc, &StoreAssets(ctx.store()))?;
    Ok((preflight_of(ctx, &snap, &doc, &laid)?, doc))
}

/// Preflight from one snapshot and the layout made from it.
pub(crate) fn preflight_of(
    ctx: &Context,
    snap: &IssueSnapshot,
    doc: &IssueDoc,
    laid: &zonepress_export::LaidOutIssue,
) -> Result<Preflight, ApiError> {
    let issue_id = snap.issue.id;
    let mut items = laid.preflight();
    let checker = crate::proof::checker_from(ctx, snap)?;
    let ignorers = crate::proof::error_ignorers(&snap.users);
    let levels = doc.publication.review_levels;
    for page in &doc.plan.pages {
        for p in &page.placements {
            let Some(a) = doc.articles.get(&p.article_id) else {
                continue;
            };
            let n = page.number;
            let title = &a.content.title;
            let sigs: &[Signature] = snap.signatures.get(&a.id).map_or(&[], Vec::as_slice);
            if a.status != ArticleStatus::Approved {
                let state = a.status.label_zh(a.review_level);
                items.push(PreflightItem::new(
                    Severity::Error,
                    "not_approved",
                    Some(n),
                    Some(a.id),
                    format!("第{n}版《{title}》尚未签发（当前：{state}）"),
                    format!(
                        "page {n}: article {} is not approved ({:?})",
                        a.id, a.status
                    ),
                ));
            } else {
                let bound = sigs
                    .iter()
                    .all(|s| s.content_hash == a.content_hash && s.revision == a.revision);
                if !bound {
                    items.push(PreflightItem::new(
                        Severity::Error,
                        "changed_since_approval",
                        Some(n),
                        Some(a.id),
                        format!("第{n}版《{title}》签发后内容有变动，须重新审核"),
                        format!("page {n}: article {} changed since approval", a.id),
                    ));
                } else if sigs.len() < usize::from(levels) {
                    // The publication asks for more levels than signed it
                    // (the setting was raised after approval).
                    items.push(PreflightItem::new(
                        Severity::Error,
                        "signatures_missing",
                        Some(n),
                        Some(a.id),
                        format!(
                            "第{n}版《{title}》只有{}级签发，本刊须经{levels}级审核",
                            sigs.len()
                        ),
                        format!(
                            "page {n}: article {} carries {} of {levels} signatures",
                            a.id,
                            sigs.len()
                        ),
                    ));
                }
            }
            for s in sigs {
                if let Some(reset) = &s.signer_reset {
                    items.push(PreflightItem::new(
                        Severity::Warning,
                        "signer_password_reset",
                        Some(n),
                        Some(a.id),
                        format!(
                            "第{n}版《{title}》的{}由{}签发，签发时该账号的密码是{}于{}重置的，本人此后未再自行修改：请确认确为本人签发",
                            level_name_zh(s.level),
                            s.signer.display_name,
                            reset.by.display_name,
                            reset.at.with_timezone(&chrono::Local).format("%-m月%-d日 %H:%M")
                        ),
                        format!(
                            "page {n}: article {} level {} signed by {} whose password {} had reset",
                            a.id, s.level, s.signer.username, reset.by.username
                        ),
                    ));
                }
            }
            let ignores = snap.ignores.get(&a.id).map_or(&[][..], Vec::as_slice);
            let date = Some(snap.issue.date);
            let check = crate::proof::check_with(&checker, a, date, ignores, &ignorers);
            if check.errors > 0 {
                items.push(PreflightItem::new(
                    Severity::Error,
                    "proof_errors",
                    Some(n),
                    Some(a.id),
                    format!("第{n}版《{title}》有{}处校对差错未处理", check.errors),
                    format!(
                        "page {n}: article {} has {} open proofreading errors",
                        a.id, check.errors
                    ),
                ));
            }
            for f in &check.findings {
                if f.finding.severity != zonepress_proof::Severity::Error {
                    continue;
                }
                if let Some(ig) = &f.ignored {
                    let confirmed = ig
                        .confirmed_by
                        .as_ref()
                        .map(|c| format!("，{}确认", c.display_name))
                        .unwrap_or_default();
                    items.push(PreflightItem::new(
                        Severity::Info,
                        "ignored_error",
                        Some(n),
                        Some(a.id),
                        format!(
                            "第{n}版《{title}》“{}”（{}）被{}忽略{confirmed}，理由：{}",
                            f.passage, f.finding.rule_name_zh, ig.by.display_name, ig.reason
                        ),
                        format!(
                            "page {n}: article {} error {} at {:?} ignored by {}",
                            a.id, f.finding.rule, f.passage, ig.by.username
                        ),
                    ));
                }
            }
        }
    }
    let passes = snap.passes.len();
    let needed = usize::from(snap.publication.proof_rounds);
    if passes < needed {
        items.push(PreflightItem::new(
            Severity::Warning,
            "proof_passes",
            None,
            None,
            if needed == 3 {
                format!("本期三校尚未完成（已完成{passes}校）")
            } else {
                format!("本期{needed}次校对尚未完成（已完成{passes}次）")
            },
            format!("{passes} of {needed} proofreading passes recorded"),
        ));
    }
    items.extend(crate::pages::gate::preflight_items(ctx, snap, doc)?);
    items.sort_by_key(|i| {
        (
            i.severity != Severity::Error,
            i.severity != Severity::Warning,
            i.page,
        )
    });
    let count = |s: Severity| items.iter().filter(|i| i.severity == s).count() as u32;
    let errors = count(Severity::Error);
    let warnings = count(Severity::Warning);
    Ok(Preflight {
        issue_id,
        fit: laid.fit(),
        ready: errors == 0,
        errors,
        warnings,
        items,
    })
}

pub fn preflight_issue(
    ctx: &Context,
    session: &Session,
    input: IssueIdInput,
) -> Result<Preflight, ApiError> {
    authorize(&session.user, Action::Read)?;
    Ok(preflight(ctx, input.issue_id)?.0)
}

#[derive(Debug, Clone, Default, Deserialize, Serialize, TS, JsonSchema)]
#[serde(deny_unknown_fields)]
#[ts(optional_fields)]
pub struct ExportOptions {
    /// 3 mm bleed with crop marks.
    #[serde(default)]
    pub bleed: Option<bool>,
    /// 校样: allowed despite preflight errors; every page carries a 校样 watermark.
    #[serde(default)]
    pub proof: Option<bool>,
    /// PDF/A: PDF/A-3b while the manifest is embedded, PDF/A-2b when it is not
    /// (PDF/A-2 allows no attachment but PDF/A files).
    #[serde(default)]
    pub pdf_a: Option<bool>,
    /// Embed the manifest in the PDF (default, but for PDF/X-4). Without it
    /// the manifest only goes beside the PDF, and `zonepress verify` reads it
    /// from there.
    #[serde(default)]
    pub embed_manifest: Option<bool>,
    /// PDF/X-4 in CMYK for the print shop (default of the final print
    /// export; not for a 校样 or with PDF/A). See [`crate::press::export_form`].
    #[serde(default)]
    pub pdf_x: Option<bool>,
}

#[derive(Debug, Clone, Deserialize, Serialize, TS, JsonSchema)]
#[serde(deny_unknown_fields)]
#[ts(optional_fields)]
pub struct ExportIssueInput {
    pub issue_id: Id,
    #[serde(default)]
    pub options: Option<ExportOptions>,
}

/// What was printed, and on whose signature: written beside the PDF and
/// embedded in it as `manifest.json`.
#[derive(Debug, Clone, Serialize, Deserialize, TS, JsonSchema)]
pub struct Manifest {
    pub generator: String,
    /// This export's own id, recorded in the workspace with the PDF's hash.
    #[serde(default)]
    pub export_uid: String,
    pub exported_at: chrono::DateTime<Utc>,
    pub exported_by: String,
    pub publication: String,
    pub issue_id: Id,
    pub issue: String,
    pub issue_date: chrono::NaiveDate,
    pub proof: bool,
    pub pages: u32,
    pub articles: Vec<ManifestArticle>,
    /// The audit log's newest entry when the export was made: a log cut
    /// back or rewritten after it shows when this PDF is verified (absent
    /// from manifests written before it was added).
    #[serde(default)]
    pub audit_head: Option<zonepress_store::audit::AuditHead>,
    /// The 校样 round this proof was frozen as (一校样 = 1).
    #[serde(default)]
    pub proof_round: Option<u8>,
    /// The hash of everything the pages print (what 付印 binds).
    #[serde(default)]
    pub layout_hash: Option<String>,
    /// Every page's 签版 the final export was made on.
    #[serde(default)]
    pub page_signoffs: Vec<crate::pages::gate::ManifestSignoff>,
    /// The 付印 the final export was made under.
    #[serde(default)]
    pub print_order: Option<crate::pages::gate::ManifestPrintOrder>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS, JsonSchema)]
pub struct ManifestArticle {
    pub article_id: Id,
    pub page: u8,
    pub title: String,
    pub revision: u32,
    pub content_hash: String,
    pub status: ArticleStatus,
    pub signatures: Vec<ManifestSignature>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS, JsonSchema)]
pub struct ManifestSignature {
    pub level: u8,
    pub level_name: String,
    pub signer: String,
    pub signed_at: chrono::DateTime<Utc>,
    pub revision: u32,
    pub content_hash: String,
}

pub(crate) fn manifest_of(
    snap: &IssueSnapshot,
    doc: &IssueDoc,
    by: &str,
    proof: bool,
    uid: &str,
) -> Manifest {
    let mut articles = Vec::new();
    for page in &doc.plan.pages {
        for p in &page.placements {
            let Some(a) = doc.articles.get(&p.article_id) else {
                continue;
            };
            let sigs: &[Signature] = snap.signatures.get(&a.id).map_or(&[], Vec::as_slice);
            articles.push(ManifestArticle {
                article_id: a.id,
                page: page.number,
                title: a.content.title.clone(),
                revision: a.revision,
                content_hash: a.content_hash.clone(),
                status: a.status,
                signatures: sigs
                    .iter()
                    .map(|s| ManifestSignature {
                        level: s.level,
                        level_name: level_name_zh(s.level).into(),
                        signer: s.signer.display_name.clone(),
                        signed_at: s.signed_at,
                        revision: s.revision,
                        content_hash: s.content_hash.clone(),
                    })
                    .collect(),
            });
        }
    }
    Manifest {
        generator: format!("ZonePress 园区编务 {}", env!("CARGO_PKG_VERSION")),
        export_uid: uid.into(),
        exported_at: Utc::now(),
        exported_by: by.into(),
        publication: doc.publication.name.clone(),
        issue_id: doc.issue.id,
        issue: doc.issue.label(),
        issue_date: doc.issue.date,
        proof,
        pages: doc.plan.pages.len() as u32,
        articles,
        audit_head: snap.audit_head.clone(),
        proof_round: doc.proof_round,
        layout_hash: None,
        page_signoffs: Vec::new(),
        print_order: None,
    }
}

/// The PDF and its manifest.
pub struct Exported {
    pub pdf: Vec<u8>,
    pub manifest: Manifest,
    pub file_name: String,
}

/// Export an issue as `session`, who must hold the layout role: the
/// command, the CLI and the desktop's save dialog all come here.
pub fn export_as(
    ctx: &Context,
    session: &Session,
    issue_id: Id,
    options: &ExportOptions,
) -> Result<Exported, ApiError> {
    authorize(&session.user, Action::Export)?;
    export(ctx, session, issue_id, options)
}

/// Export an issue as `session` (the caller checked the right to export). Refused on preflight
/// errors unless it is a proof (校样). Preflight, the layout, the manifest
/// and the signature check all come from one snapshot of the workspace, and
/// the issue is typeset once.
fn export(
    ctx: &Context,
    session: &Session,
    issue_id: Id,
    options: &ExportOptions,
) -> Result<Exported, ApiError> {
    let proof = options.proof.unwrap_or(false);
    let form = crate::press::export_form(options)?;
    let embed = form.embed_manifest;
    let snap = ctx.store().issue_snapshot(issue_id)?;
    let doc = doc_of(&snap, form.bleed, proof);
    let uid = {
        let mut b = [0u8; 12];
        getrandom::fill(&mut b).map_err(ApiError::internal)?;
        hex::encode(b)
    };
    let mut manifest = manifest_of(&snap, &doc, &session.user.display_name, proof, &uid);
    let exporter = exporter(ctx)?;
    let assets = StoreAssets(ctx.store());
    let laid = exporter.layout(&doc, &assets)?;
    let pre = preflight_of(ctx, &snap, &doc, &laid)?;
    if !proof && !pre.ready {
        let first: Vec<String> = pre
            .items
            .iter()
            .filter(|i| i.severity == Severity::Error)
            .take(3)
            .map(|i| i.message_zh.clone())
            .collect();
        return Err(ApiError::new(
            ErrorCode::ExportFailed,
            format!(
                "印前检查有{}个问题未解决，不能导出付印稿（可导出带水印的校样）：{}",
                pre.errors,
                first.join("；")
            ),
            format!("preflight has {} errors", pre.errors),
        )
        .with_detail(serde_json::to_value(&pre).unwrap_or_default()));
    }
    // The print PDF only under 付印, at the layout it bound.
    if !proof {
        crate::pages::gate::require_print_order(ctx, session, &snap, &doc, &mut manifest)?;
    }
    let manifest_json = serde_json::to_string_pretty(&manifest).map_err(ApiError::internal)?;
    let pdf = laid.pdf(&PdfOptions {
        pdf_a: form.pdf_a,
        pdf_x: form.pdf_x,
        manifest_json: embed.then(|| manifest_json.clone()),
        title: String::new(),
    })?;
    let sha = hex::encode(Sha256::digest(&pdf));
    ctx.store().record_export(
        &session.actor(),
        &NewExport {
            issue_id,
            proof,
            pdf_sha256: &sha,
            pages: laid.page_count() as u32,
            manifest_json: &manifest_json,
            export_uid: &uid,
            options_json: &serde_json::to_string(options).map_err(ApiError::internal)?,
            doc_json: &serde_json::to_string(&doc).map_err(ApiError::internal)?,
        },
    )?;
    ctx.publish(
        Change::new(
            EventKind::Export,
            if proof { "proof" } else { "pdf" },
            issue_id,
        )
        .issue(Some(issue_id))
        .by(&session.user),
    );
    let file_name = format!(
        "{}-{}年第{}期{}.pdf",
        doc.publication.name,
        doc.issue.year,
        doc.issue.number,
        if proof { "-校样" } else { "" }
    );
    Ok(Exported {
        pdf,
        manifest,
        file_name,
    })
}

pub fn export_issue(
    ctx: &Context,
    session: &Session,
    input: ExportIssueInput,
) -> Result<Binary, ApiError> {
    let out = export_as(
        ctx,
        session,
        input.issue_id,
        &input.options.unwrap_or_default(),
    )?;
    Ok(Binary {
        content_type: "application/pdf".into(),
        file_name: out.file_name,
        bytes: out.pdf,
    })
}

pub fn list_exports(
    ctx: &Context,
    session: &Session,
    input: IssueIdInput,
) -> Result<Vec<ExportRecord>, ApiError> {
    authorize(&session.user, Action::Read)?;
    Ok(ctx.store().exports(input.issue_id)?)
}

/// The manifest of the latest export of an issue.
pub fn last_manifest(
    ctx: &Context,
    session: &Session,
    input: IssueIdInput,
) -> Result<Manifest, ApiError> {
    authorize(&session.user, Action::Read)?;
    let json = ctx
        .store()
        .last_export_manifest(input.issue_id)?
        .ok_or_else(|| ApiError::new(ErrorCode::NotFound, "本期还没有导出过", "no export yet"))?;
    serde_json::from_str(&json).map_err(ApiError::internal)
}

pub fn export_review_form(
    ctx: &Context,
    session: &Session,
    input: IdInput,
) -> Result<Binary, ApiError> {
    authorize(&session.user, Action::Read)?;
    let a = ctx.store().article(input.id)?;
    let publication = ctx.store().publication()?;
    let issue_label = match a.issue_id {
        Some(id) => Some(ctx.store().issue(id)?.label()),
        None => None,
    };
    let form = ReviewForm {
        publication_name: publication.name,
        issue_label,
        article_id: a.id,
        kicker: a.content.kicker.clone(),
        title: a.content.title.clone(),
        subtitle: a.content.subtitle.clone(),
        author: a.author.display_name.clone(),
        byline: a.content.byline.clone(),
        length: a.length,
        revision: a.revision,
        content_hash: a.content_hash.clone(),
        levels: publication.review_levels,
        signatures: ctx.store().history(a.id)?.signatures,
        status_zh: a.status.label_zh(a.review_level),
        generated_at: chrono::Local::now()
            .format("%Y年%-m月%-d日 %H:%M")
            .to_string(),
    };
    let pdf = exporter(ctx)?.review_form_pdf(&form)?;
    Ok(Binary {
        content_type: "application/pdf".into(),
        file_name: format!("审稿单-{}.pdf", a.id),
        bytes: pdf,
    })
}

#[derive(Debug, Clone, Deserialize, Serialize, TS, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct AssetInput {
    /// SHA-256 of the image.
    pub id: String,
}

pub fn get_asset(ctx: &Context, session: &Session, input: AssetInput) -> Result<Binary, ApiError> {
    authorize(&session.user, Action::Read)?;
    let info = ctx.store().asset_info(&input.id)?;
    let bytes = ctx.store().asset_bytes(&input.id)?;
    match (info, bytes) {
        (Some(info), Some(bytes)) => Ok(Binary {
            content_type: info.mime,
            file_name: input.id,
            bytes,
        }),
        _ => Err(ApiError::new(
            ErrorCode::NotFound,
            "找不到图片",
            format!("asset {} not found", input.id),
        )),
    }
}

/// What `zonepress verify` found for one article.
#[derive(Debug, Clone, Serialize, Deserialize, TS, JsonSchema)]
pub struct VerifiedArticle {
    pub article_id: Id,
    pub page: u8,
    pub title: String,
    pub revision: u32,
    /// The printed text equals the approved revision.
    pub ok: bool,
    pub problems: Vec<String>,
}

#[derive(Debug, Clone, Serialize, Deserialize, TS, JsonSchema)]
pub struct VerifyReport {
    pub issue: String,
    pub proof: bool,
    pub articles: Vec<VerifiedArticle>,
    /// The PDF is byte for byte an export this workspace recorded.
    #[serde(default)]
    pub hash_matches: bool,
    /// The recorded export the PDF claims to be (found by its hash or by the
    /// manifest's export id).
    #[serde(default)]
    pub export: Option<ExportRecord>,
    /// Problems of the PDF as a whole (record, manifest, pages, 签版 and
    /// 付印), in Chinese.
    #[serde(default)]
    pub problems: Vec<String>,
    pub ok: bool,
    /// The 校样 round a proof was frozen as (一校样 = 1).
    #[serde(default)]
    pub proof_round: Option<u8>,
    /// What the check is, in Chinese (e.g. that a 校样 is no print copy).
    #[serde(default)]
    pub notes: Vec<String>,
}

#[derive(Debug, Clone, Deserialize, Serialize, TS, JsonSchema)]
#[serde(deny_unknown_fields)]
#[ts(optional_fields)]
pub struct VerifyInput {
    /// The PDF, base64 (or a 数字报 edition as a .zip, which carries its
    /// manifest inside).
    pub pdf_base64: String,
    /// The manifest written beside the PDF, for a PDF without one inside.
    #[serde(default)]
    pub manifest_json: Option<String>,
}

/// Check a PDF, or a 数字报 edition zipped, against this workspace (the
/// command behind `zonepress verify`).
pub fn verify_export(
    ctx: &Context,
    session: &Session,
    input: VerifyInput,
) -> Result<VerifyReport, ApiError> {
    authorize(&session.user, Action::VerifyExport)?;
    use base64::Engine;
    let pdf = base64::engine::general_purpose::STANDARD
        .decode(input.pdf_base64.trim())
        .map_err(|e| ApiError::invalid("PDF 文件内容编码不正确", format!("bad base64: {e}")))?;
    verify(ctx, &pdf, input.manifest_json.as_deref())
}

/// Where the manifest of `pdf` is written beside it (`第11期.pdf` →
/// `第11期.manifest.json`), and where `verify` looks for it.
pub fn manifest_path(pdf: &std::path::Path) -> std::path::PathBuf {
    pdf.with_extension("manifest.json")
}

/// Write an exported PDF and its manifest beside it (the CLI and the
/// desktop's save dialog); answers where the manifest went.
pub fn write_export(
    pdf_path: &std::path::Path,
    pdf: &[u8],
    manifest_json: &str,
) -> Result<std::path::PathBuf, ApiError> {
    let write = |path: &std::path::Path, bytes: &[u8]| {
        std::fs::write(path, bytes).map_err(|e| {
            ApiError::invalid(
                format!("无法写入 {}：{e}", path.display()),
                format!("write {}: {e}", path.display()),
            )
        })
    };
    let beside = manifest_path(pdf_path);
    write(pdf_path, pdf)?;
    write(&beside, manifest_json.as_bytes())?;
    Ok(beside)
}

/// Read a manifest strictly: every field present, pages within the PDF.
pub(crate) fn parse_manifest(json: &str, pdf_pages: usize) -> Result<Manifest, ApiError> {
    let manifest: Manifest = serde_json::from_str(json).map_err(|e| {
        let msg = e.to_string();
        let what = if msg.starts_with("missing field") {
            format!("缺少字段 {}", msg.split('`').nth(1).unwrap_or(""))
        } else {
            "内容格式不正确".to_string()
        };
        ApiError::invalid(
            format!("导出清单（manifest）无法读取：{what}"),
            format!("bad manifest: {msg}"),
        )
    })?;
    for a in &manifest.articles {
        if a.page == 0 || usize::from(a.page) > pdf_pages {
            return Err(ApiError::invalid(
                format!(
                    "导出清单（manifest）不正确：稿件《{}》的版次为第{}版，而 PDF 只有{}版",
                    a.title, a.page, pdf_pages
                ),
                format!("manifest page {} outside 1..={pdf_pages}", a.page),
            ));
        }
    }
    Ok(manifest)
}

fn key_of(a: &ManifestArticle) -> (Id, u8, u32, &str) {
    (a.article_id, a.page, a.revision, a.content_hash.as_str())
}

/// What the manifest says against what the export placed.
pub(crate) fn compare_manifests(
    claimed: &Manifest,
    recorded: &Manifest,
    problems: &mut Vec<String>,
) {
    if claimed.issue_id != recorded.issue_id || claimed.proof != recorded.proof {
        problems.push("导出清单的期次或校样标记与导出记录不一致".into());
    }
    for r in &recorded.articles {
        if !claimed.articles.iter().any(|c| key_of(c) == key_of(r)) {
            problems.push(format!(
                "导出清单缺少导出时排在第{}版的《{}》（第{}稿）",
                r.page, r.title, r.revision
            ));
        }
    }
    for c in &claimed.articles {
        if !recorded.articles.iter().any(|r| key_of(r) == key_of(c)) {
            problems.push(format!(
                "导出清单中的第{}版《{}》（第{}稿）不是这次导出排入的稿件",
                c.page, c.title, c.revision
            ));
        }
    }
}

fn squash(s: &str) -> String {
    s.chars().filter(|c| !c.is_whitespace()).collect()
}

fn clip(s: &str, n: usize) -> String {
    let mut out: String = s.chars().take(n).collect();
    if s.chars().count() > n {
        out.push('…');
    }
    out
}

/// Set the recorded document again and compare each page's text with the
/// PDF's: what the PDF has beyond it belongs to no article and is not the
/// template's own.
fn compare_pages(
    ctx: &Context,
    doc_json: &str,
    pages: &[String],
    problems: &mut Vec<String>,
) -> Result<(), ApiError> {
    let doc: IssueDoc = serde_json::from_str(doc_json).map_err(ApiError::internal)?;
    let laid = exporter(ctx)?.layout(&doc, &StoreAssets(ctx.store()))?;
    let again = laid.pdf(&PdfOptions::default())?;
    let expected = zonepress_export::verify_pdf(&again)?.pages;
    if expected.len() != pages.len() {
        problems.push(format!(
            "PDF 有{}版，导出时为{}版",
            pages.len(),
            expected.len()
        ));
    }
    for (i, (want, got)) in expected.iter().zip(pages).enumerate() {
        let (want, got) = (squash(want), squash(got));
        if want == got {
            continue;
        }
        let n = i + 1;
        let diff = similar::TextDiff::from_chars(want.as_str(), got.as_str());
        let mut added = Vec::new();
        let mut removed = Vec::new();
        for op in diff.ops() {
            let tag = op.tag();
            if matches!(tag, similar::DiffTag::Insert | similar::DiffTag::Replace) {
                let r = op.new_range();
                added.push(got.chars().skip(r.start).take(r.len()).collect::<String>());
            }
            if matches!(tag, similar::DiffTag::Delete | similar::DiffTag::Replace) {
                let r = op.old_range();
                removed.push(want.chars().skip(r.start).take(r.len()).collect::<String>());
            }
        }
        for a in added.iter().take(3) {
            problems.push(format!(
                "第{n}版有不属于任何稿件、也不是版式本身的文字：“{}”",
                clip(a, 30)
            ));
        }
        for r in removed.iter().take(3) {
            problems.push(format!("第{n}版缺少导出时的文字：“{}”", clip(r, 30)));
        }
    }
    Ok(())
}

/// Compare a PDF with what this workspace recorded and approved. The
/// manifest embedded in the PDF is used; `beside` (the JSON written next to
/// the PDF) serves a PDF exported without one. The PDF passes only when it
/// is byte for byte a recorded export, its manifest lists exactly what that
/// export placed, every article is printed in full on its page, nothing else
/// is printed but the template's own text, and every article still carries
/// live signatures of all the publication's levels at the printed revision.
pub fn verify(ctx: &Context, pdf: &[u8], beside: Option<&str>) -> Result<VerifyReport, ApiError> {
    if zonepress_web::read::is_zip(pdf) {
        return crate::web::verify_edition(ctx, pdf);
    }
    let contents = crate::sandbox::read_pdf(pdf)?;
    let sha = hex::encode(Sha256::digest(pdf));
    let by_hash = ctx.store().export_by_hash(&sha)?;
    let hash_matches = by_hash.is_some();
    // The manifest inside the PDF, else the one beside it, else (a PDF/X-4
    // print PDF, which carries no attachment, sent alone) the one this
    // workspace recorded for exactly these bytes.
    let json = contents
        .manifest_json
        .clone()
        .or_else(|| beside.map(str::to_owned))
        .or_else(|| by_hash.as_ref().map(|r| r.manifest_json.clone()))
        .ok_or_else(|| {
            ApiError::invalid(
                "此 PDF 中没有园区编务的导出清单（manifest），旁边也没有清单文件，本工作区也没有这份文件的导出记录，无法核对",
                "no manifest attachment, no manifest file beside the PDF, and no export recorded with its hash",
            )
        })?;
    let manifest = parse_manifest(&json, contents.pages.len())?;
    let record = match by_hash {
        Some(r) => Some(r),
        None => ctx.store().export_by_uid(&manifest.export_uid)?,
    };
    let mut problems = Vec::new();
    match &record {
        None => problems.push(
            "本工作区没有这份导出的记录：此 PDF 不是在本工作区导出的，或导出后被改动过".into(),
        ),
        Some(r) => {
            if !hash_matches {
                problems.push(format!(
                    "PDF 文件与{}导出时的文件不一致（SHA-256 不同）：导出后被改动过",
                    r.record
                        .at
                        .with_timezone(&chrono::Local)
                        .format("%Y年%-m月%-d日 %H:%M")
                ));
            }
            match serde_json::from_str::<Manifest>(&r.manifest_json) {
                Ok(recorded) => compare_manifests(&manifest, &recorded, &mut problems),
                Err(e) => tracing::warn!(
                    "recorded manifest of export {} unreadable: {e}",
                    r.record.id
                ),
            }
            if !hash_matches && !r.doc_json.is_empty() {
                compare_pages(ctx, &r.doc_json, &contents.pages, &mut problems)?;
            }
        }
    }
    let articles = verify_articles(ctx, &manifest, |m, rev, problems| {
        let page_text = contents
            .pages
            .get(usize::from(m.page).saturating_sub(1))
            .map(String::as_str)
            .unwrap_or("");
        for mismatch in zonepress_export::compare_text(&rev.content, page_text) {
            problems.push(mismatch.message_zh);
        }
    })?;
    verify_report(ctx, manifest, hash_matches, record, problems, articles)
}

/// Each article of `manifest` against the workspace: its revision's content
/// hash, what the output shows of it (`check_shown` adds its problems) and,
/// for a print export, its live signatures. The verify of a PDF and of a
/// 数字报 differ only in what they read of the output.
pub(crate) fn verify_articles(
    ctx: &Context,
    manifest: &Manifest,
    mut check_shown: impl FnMut(&ManifestArticle, &zonepress_core::Revision, &mut Vec<String>),
) -> Result<Vec<VerifiedArticle>, ApiError> {
    let levels = ctx.store().publication()?.review_levels;
    let mut articles = Vec::new();
    for m in &manifest.articles {
        let mut problems = Vec::new();
        match ctx.store().revision(m.article_id, m.revision) {
            Ok(rev) => {
                if rev.content_hash != m.content_hash {
                    problems.push(format!("清单中的内容哈希与工作区第{}稿不一致", m.revision));
                }
                check_shown(m, &rev, &mut problems);
                if !manifest.proof {
                    problems.extend(signature_problem(
                        ctx,
                        m.article_id,
                        m.revision,
                        &rev.content_hash,
                        levels,
                    )?);
                }
            }
            Err(e) => problems.push(ApiError::from(e).message),
        }
        articles.push(VerifiedArticle {
            article_id: m.article_id,
            page: m.page,
            title: m.title.clone(),
            revision: m.revision,
            ok: problems.is_empty(),
            problems,
        });
    }
    Ok(articles)
}

/// Whether the audit log still holds, unchanged, the newest entry it had
/// when the export was made. A log cut back after the export still passes
/// its own chain check; the manifest inside the PDF that left the office
/// is what shows it.
fn audit_problem(ctx: &Context, manifest: &Manifest) -> Result<Option<String>, ApiError> {
    let Some(head) = &manifest.audit_head else {
        return Ok(None);
    };
    Ok(match ctx.store().audit_hash(head.entry)? {
        None => Some(format!(
            "审计日志中已没有导出时的第{}条记录：导出后审计日志被截短",
            head.entry
        )),
        Some(hash) if hash != head.hash => Some(format!(
            "审计日志第{}条与导出时不一致：导出后审计日志被截短或改写",
            head.entry
        )),
        Some(_) => None,
    })
}

/// The report of a verify: whole-output `problems` and each article's,
/// after the check every output shares: the audit log still holds the
/// entry its manifest was made after.
pub(crate) fn verify_report(
    ctx: &Context,
    manifest: Manifest,
    hash_matches: bool,
    record: Option<zonepress_store::issues::ExportDetail>,
    mut problems: Vec<String>,
    articles: Vec<VerifiedArticle>,
) -> Result<VerifyReport, ApiError> {
    problems.extend(audit_problem(ctx, &manifest)?);
    let recorded = record
        .as_ref()
        .and_then(|r| serde_json::from_str::<Manifest>(&r.manifest_json).ok());
    problems.extend(crate::pages::gate::signoff_problems(
        ctx,
        &manifest,
        recorded.as_ref(),
        record.as_ref().map(|r| r.doc_json.as_str()),
    )?);
    Ok(VerifyReport {
        ok: problems.is_empty() && articles.iter().all(|a| a.ok),
        notes: crate::pages::gate::proof_note(&manifest)
            .into_iter()
            .collect(),
        proof_round: manifest.proof_round,
        issue: manifest.issue,
        proof: manifest.proof,
        hash_matches,
        export: record.map(|r| r.record),
        problems,
        articles,
    })
}

/// What is wrong with the live signatures of a printed revision, if
/// anything: none left, or some of the publication's levels missing. Shared
/// by the verify of a PDF and of a 数字报.
pub(crate) fn signature_problem(
    ctx: &Context,
    article_id: Id,
    revision: u32,
    content_hash: &str,
    levels: u8,
) -> Result<Option<String>, ApiError> {
    let live = ctx.store().live_signatures(article_id)?;
    let signed: Vec<u8> = live
        .iter()
        .filter(|s| s.revision == revision && s.content_hash == content_hash)
        .map(|s| s.level)
        .collect();
    let missing: Vec<&str> = (1..=levels)
        .filter(|l| !signed.contains(l))
        .map(level_name_zh)
        .collect();
    Ok(if signed.is_empty() {
        Some("工作区中这一稿已没有有效的签发签名".into())
    } else if !missing.is_empty() {
        Some(format!(
            "这一稿缺少{}的有效签名（本刊须经{levels}级审核）",
            missing.join("、")
        ))
    } else {
        None
    })
}
