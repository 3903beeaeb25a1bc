//! Layout and export: the page plan of an issue, page previews, fit
//! (overflow per page), 印前检查 preflight, the print PDF with its manifest,
//! the 审稿单 review form, and verifying a PDF against the approved text.

use std::collections::BTreeMap;
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
use zonepress_store::issues::ExportRecord;

use crate::articles::IdInput;
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
struct StoreAssets<'a>(&'a Store);

impl AssetSource for StoreAssets<'_> {
    fn asset(&self, asset_id: &str) -> Option<Vec<u8>> {
        self.0.asset_bytes(asset_id).ok().flatten()
    }
}

/// The typesetter, created on first use (font discovery takes a moment) and
/// shared by every command of the process.
pub fn exporter(ctx: &Context) -> Result<Arc<Exporter>, ApiError> {
    ctx.exporter_cell()
        .get_or_init(|| {
            let fonts = ctx.dir().join("fonts");
            let templates = ctx.dir().join("templates");
            Exporter::new(ExportConfig {
                extra_font_dirs: fonts.is_dir().then_some(fonts).into_iter().collect(),
                template_dir: templates.is_dir().then_some(templates),
            })
            .map(Arc::new)
            .map_err(ApiError::from)
        })
        .clone()
}

/// The plan of an issue as stored, or an empty one (front page + inner pages).
pub fn plan_of(ctx: &Context, issue_id: Id) -> Result<IssuePlan, ApiError> {
    let issue = ctx.store.issue(issue_id)?;
    Ok(ctx.store.issue_plan(issue_id)?.unwrap_or_else(|| {
        IssuePlan::empty(issue.id, issue.page_size, issue.columns, issue.page_count)
    }))
}

fn issue_doc(ctx: &Context, issue_id: Id, bleed: bool, proof: bool) -> Result<IssueDoc, ApiError> {
    let issue = ctx.store.issue(issue_id)?;
    let plan = plan_of(ctx, issue_id)?;
    let mut articles = BTreeMap::new();
    for id in plan.placed_ids() {
        articles.insert(id, ctx.store.article(id)?);
    }
    Ok(IssueDoc {
        publication: ctx.store.publication()?,
        issue,
        plan,
        articles,
        bleed,
        proof,
    })
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
}

fn layout_view(ctx: &Context, issue_id: Id) -> Result<IssueLayout, ApiError> {
    let doc = issue_doc(ctx, issue_id, false, false)?;
    let fit = exporter(ctx)?.layout(&doc, &StoreAssets(&ctx.store))?.fit();
    let placed = doc.plan.placed_ids();
    let articles = ctx.store.list_articles(&ArticleFilter {
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
    ctx.store.issue(plan.issue_id)?;
    for id in plan.placed_ids() {
        let a = ctx.store.article(id)?;
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
    ctx.store.save_plan(&plan, session.user.id)?;
    layout_view(ctx, plan.issue_id)
}

#[derive(Debug, Clone, Deserialize, Serialize, TS, JsonSchema)]
#[serde(deny_unknown_fields)]
#[ts(optional_fields)]
pub struct PreviewPageInput {
    pub issue_id: Id,
    /// 1-based page number.
    pub page: u8,
    /// Pixels per point (default 1.0; A3 is 842 × 1191 points).
    #[serde(default)]
    pub scale: Option<f32>,
}

pub fn preview_page(
    ctx: &Context,
    session: &Session,
    input: PreviewPageInput,
) -> Result<Binary, ApiError> {
    authorize(&session.user, Action::Read)?;
    let scale = input.scale.unwrap_or(1.0);
    if !(0.1..=4.0).contains(&scale) {
        return Err(ApiError::invalid(
            "预览缩放应在0.1到4之间",
            "preview scale out of range",
        ));
    }
    let doc = issue_doc(ctx, input.issue_id, false, false)?;
    let png = exporter(ctx)?.preview_png(&doc, &StoreAssets(&ctx.store), input.page, scale)?;
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
    let doc = issue_doc(ctx, issue_id, false, false)?;
    let laid = exporter(ctx)?.layout(&doc, &StoreAssets(&ctx.store))?;
    let mut items = laid.preflight();
    for page in &doc.plan.pages {
        for p in &page.placements {
            let Some(a) = doc.articles.get(&p.article_id) else {
                continue;
            };
            let n = page.number;
            let title = &a.content.title;
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
                let sigs = ctx.store.live_signatures(a.id)?;
                let levels = doc.publication.review_levels;
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
            let check = crate::proof::check_content(ctx, a)?;
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
        }
    }
    let passes = ctx.store.proof_passes(issue_id)?.len();
    if passes < 3 {
        items.push(PreflightItem::new(
            Severity::Warning,
            "proof_passes",
            None,
            None,
            format!("本期三校尚未完成（已完成{passes}校）"),
            format!("{passes} of 3 proofreading passes recorded"),
        ));
    }
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
    Ok((
        Preflight {
            issue_id,
            fit: laid.fit(),
            ready: errors == 0,
            errors,
            warnings,
            items,
        },
        doc,
    ))
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
    /// Embed the manifest in the PDF (default). Without it the manifest only
    /// goes beside the PDF, and `zonepress verify` reads it from there.
    #[serde(default)]
    pub embed_manifest: Option<bool>,
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
    pub exported_at: chrono::DateTime<Utc>,
    pub exported_by: String,
    pub publication: String,
    pub issue_id: Id,
    pub issue: String,
    pub issue_date: chrono::NaiveDate,
    pub proof: bool,
    pub pages: u32,
    pub articles: Vec<ManifestArticle>,
}

#[derive(Debug, Clone, Serialize, Deserialize, TS, JsonSchema)]
pub struct ManifestArticle {
    pub article_id: Id,
    pub page: u8,
    pub title: String,
    pub revision: u32,
    pub content_hash: String,
    pub status: ArticleStatus,
    pub signatures: Vec<ManifestSignature>,
}

#[derive(Debug, Clone, Serialize, Deserialize, TS, JsonSchema)]
pub struct ManifestSignature {
    pub level: u8,
    pub level_name: String,
    pub signer: String,
    pub signed_at: chrono::DateTime<Utc>,
    pub revision: u32,
    pub content_hash: String,
}

fn manifest(ctx: &Context, doc: &IssueDoc, by: &str, proof: bool) -> Result<Manifest, ApiError> {
    let mut articles = Vec::new();
    for page in &doc.plan.pages {
        for p in &page.placements {
            let Some(a) = doc.articles.get(&p.article_id) else {
                continue;
            };
            let sigs: Vec<Signature> = ctx.store.live_signatures(a.id)?;
            articles.push(ManifestArticle {
                article_id: a.id,
                page: page.number,
                title: a.content.title.clone(),
                revision: a.revision,
                content_hash: a.content_hash.clone(),
                status: a.status,
                signatures: sigs
                    .into_iter()
                    .map(|s| ManifestSignature {
                        level: s.level,
                        level_name: level_name_zh(s.level).into(),
                        signer: s.signer.display_name,
                        signed_at: s.signed_at,
                        revision: s.revision,
                        content_hash: s.content_hash,
                    })
                    .collect(),
            });
        }
    }
    Ok(Manifest {
        generator: format!("ZonePress 园区编务 {}", env!("CARGO_PKG_VERSION")),
        exported_at: Utc::now(),
        exported_by: by.into(),
        publication: doc.publication.name.clone(),
        issue_id: doc.issue.id,
        issue: doc.issue.label(),
        issue_date: doc.issue.date,
        proof,
        pages: doc.plan.pages.len() as u32,
        articles,
    })
}

/// The PDF and its manifest.
pub struct Exported {
    pub pdf: Vec<u8>,
    pub manifest: Manifest,
    pub file_name: String,
}

/// Export an issue as `user` (the CLI and the command use this). Refused on
/// preflight errors unless it is a proof (校样).
pub fn export(
    ctx: &Context,
    issue_id: Id,
    by: &str,
    by_id: Id,
    options: &ExportOptions,
) -> Result<Exported, ApiError> {
    let proof = options.proof.unwrap_or(false);
    let (pre, _) = preflight(ctx, issue_id)?;
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
    let doc = issue_doc(ctx, issue_id, options.bleed.unwrap_or(false), proof)?;
    let manifest = manifest(ctx, &doc, by, proof)?;
    let manifest_json = serde_json::to_string_pretty(&manifest).map_err(ApiError::internal)?;
    let laid = exporter(ctx)?.layout(&doc, &StoreAssets(&ctx.store))?;
    let pdf = laid.pdf(&PdfOptions {
        pdf_a: options.pdf_a.unwrap_or(false),
        manifest_json: options
            .embed_manifest
            .unwrap_or(true)
            .then(|| manifest_json.clone()),
        title: String::new(),
    })?;
    ctx.store.record_export(
        issue_id,
        by_id,
        proof,
        &hex::encode(Sha256::digest(&pdf)),
        laid.page_count() as u32,
        &manifest_json,
    )?;
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
    authorize(&session.user, Action::Export)?;
    let out = export(
        ctx,
        input.issue_id,
        &session.user.display_name,
        session.user.id,
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
    Ok(ctx.store.exports(input.issue_id)?)
}

/// The manifest of the latest export of an issue.
pub fn last_manifest(
    ctx: &Context,
    session: &Session,
    input: IssueIdInput,
) -> Result<Manifest, ApiError> {
    authorize(&session.user, Action::Read)?;
    let json = ctx
        .store
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
    let a = ctx.store.article(input.id)?;
    let publication = ctx.store.publication()?;
    let issue_label = match a.issue_id {
        Some(id) => Some(ctx.store.issue(id)?.label()),
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
        signatures: ctx.store.history(a.id)?.signatures,
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
    let info = ctx.store.asset_info(&input.id)?;
    let bytes = ctx.store.asset_bytes(&input.id)?;
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
    pub ok: bool,
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

/// Compare a PDF with the revisions its manifest names, from the workspace.
/// The manifest embedded in the PDF is used; `beside` (the JSON written next
/// to the PDF) serves a PDF exported without one.
pub fn verify(ctx: &Context, pdf: &[u8], beside: Option<&str>) -> Result<VerifyReport, ApiError> {
    let contents = zonepress_export::verify_pdf(pdf)?;
    let json = contents
        .manifest_json
        .clone()
        .or_else(|| beside.map(str::to_owned))
        .ok_or_else(|| {
            ApiError::invalid(
                "此 PDF 中没有园区编务的导出清单（manifest），旁边也没有清单文件，无法核对",
                "no manifest attachment and no manifest file beside the PDF",
            )
        })?;
    let manifest: Manifest = serde_json::from_str(&json)
        .map_err(|e| ApiError::invalid("PDF 中的导出清单无法读取", format!("bad manifest: {e}")))?;
    let mut articles = Vec::new();
    for m in &manifest.articles {
        let mut problems = Vec::new();
        match ctx.store.revision(m.article_id, m.revision) {
            Ok(rev) => {
                if rev.content_hash != m.content_hash {
                    problems.push(format!("清单中的内容哈希与工作区第{}稿不一致", m.revision));
                }
                let page_text = contents
                    .pages
                    .get(m.page as usize - 1)
                    .map(String::as_str)
                    .unwrap_or("");
                for mismatch in zonepress_export::compare_text(&rev.content, page_text) {
                    problems.push(mismatch.message_zh);
                }
                let live = ctx.store.live_signatures(m.article_id)?;
                if !manifest.proof
                    && !live
                        .iter()
                        .any(|s| s.revision == m.revision && s.content_hash == m.content_hash)
                {
                    problems.push("工作区中这一稿已没有有效的签发签名".into());
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
    Ok(VerifyReport {
        ok: articles.iter().all(|a| a.ok),
        issue: manifest.issue,
        proof: manifest.proof,
        articles,
    })
}
