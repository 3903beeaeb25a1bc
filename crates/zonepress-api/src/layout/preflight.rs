//! 印前检查: the layout's own checks plus approvals, proofreading and the
//! three passes, from one snapshot of the issue.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use ts_rs::TS;
use zonepress_core::workflow::Signature;
use zonepress_core::{Action, ArticleStatus, Id, authorize, level_name_zh};
use zonepress_export::{IssueDoc, PageFit, PreflightItem, Severity};

use zonepress_store::snapshot::IssueSnapshot;

use super::{StoreAssets, doc_of, exporter};
use crate::proof::IssueIdInput;
use crate::{ApiError, Context, Session};

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
    items.extend(crate::topics::slots::preflight_items(doc));
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
