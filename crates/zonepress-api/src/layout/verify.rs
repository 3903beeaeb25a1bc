//! Verify: an exported PDF (or a 数字报 zipped) against what this workspace
//! recorded and approved — its export record, manifest, text and live
//! signatures.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use ts_rs::TS;
use zonepress_core::{Action, Id, authorize, level_name_zh};
use zonepress_export::{IssueDoc, PdfOptions};
use zonepress_store::issues::ExportRecord;

use super::{Manifest, ManifestArticle, StoreAssets, compare_manifests, exporter, parse_manifest};
use crate::{ApiError, Context, Session};

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
    /// A 校样 (`proof` before 0.4).
    #[serde(alias = "proof")]
    pub proof_copy: bool,
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
                if !manifest.proof_copy {
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
        proof_copy: manifest.proof_copy,
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
