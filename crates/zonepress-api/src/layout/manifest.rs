//! The manifest of an export: what was printed and on whose signature,
//! made from the snapshot, embedded in the PDF and written beside it, read
//! back strictly and compared with what the export placed.

use chrono::Utc;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use ts_rs::TS;
use zonepress_core::workflow::Signature;
use zonepress_core::{Action, ArticleStatus, Id, authorize, level_name_zh};
use zonepress_export::IssueDoc;

use zonepress_store::snapshot::IssueSnapshot;

use crate::{ApiError, Context, ErrorCode, Session};

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
    /// A 校样 rather than the print copy (`proof` in manifests written
    /// before 0.4, still read).
    #[serde(alias = "proof")]
    pub proof_copy: bool,
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
    proof_copy: bool,
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
        proof_copy,
        pages: doc.plan.pages.len() as u32,
        articles,
        audit_head: snap.audit_head.clone(),
        proof_round: doc.proof_round,
        layout_hash: None,
        page_signoffs: Vec::new(),
        print_order: None,
    }
}

/// `get_export_manifest`: an export's manifest — the one with `export_uid`
/// (what `export_issue` and `export_web` answer beside the file), or the
/// latest export's of the issue.
#[derive(Debug, Clone, Default, Deserialize, Serialize, TS, JsonSchema)]
#[serde(deny_unknown_fields)]
#[ts(optional_fields)]
pub struct ManifestInput {
    pub issue_id: Id,
    /// The export's own id; without it, the issue's latest export.
    #[serde(default)]
    pub export_uid: Option<String>,
}

/// The manifest of an export of an issue: the one named, or the latest.
pub fn last_manifest(
    ctx: &Context,
    session: &Session,
    input: ManifestInput,
) -> Result<Manifest, ApiError> {
    authorize(&session.user, Action::Read)?;
    let none = || ApiError::new(ErrorCode::NotFound, "本期还没有导出过", "no export yet");
    let json = match &input.export_uid {
        Some(uid) => ctx
            .store()
            .export_by_uid(uid)?
            .filter(|e| e.record.issue_id == input.issue_id)
            .map(|e| e.manifest_json)
            .ok_or_else(|| {
                ApiError::new(
                    ErrorCode::NotFound,
                    "找不到这次导出的记录",
                    format!("no export {uid:?} of issue {}", input.issue_id),
                )
            })?,
        None => ctx
            .store()
            .last_export_manifest(input.issue_id)?
            .ok_or_else(none)?,
    };
    serde_json::from_str(&json).map_err(ApiError::internal)
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
    if claimed.issue_id != recorded.issue_id || claimed.proof_copy != recorded.proof_copy {
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
