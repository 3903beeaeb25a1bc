//! 签版 and 付印: the final approver signs each page exactly as it prints
//! (its page hash), seeing every 校改 made since the articles were signed,
//! and orders printing, which binds the issue's layout hash. Who may do
//! both is a publication setting (`may_sign_pages`).

use std::collections::{BTreeMap, HashMap};

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use ts_rs::TS;
use zonepress_core::diff::{TextDiffResult, diff_content};
use zonepress_core::pages::{MarkKind, MarkState, authorize_page_signing, round_name_zh};
use zonepress_core::{Action, Id, UserRef, authorize};
use zonepress_store::pages::{MarkFilter, PageSignoff, PrintOrder, ProofRound};

use super::{IssuePages, PageState, SignState, current, issue_pages, stale, void_stale};
use crate::events::{Change, EventKind};
use crate::proof::IssueIdInput;
use crate::{ApiError, Context, ErrorCode, Session};

#[derive(Debug, Clone, Deserialize, Serialize, TS, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct SignPageInput {
    pub issue_id: Id,
    /// 1-based page (版).
    pub page: u8,
    /// The page's hash as the signer saw it (`get_issue_plan` /
    /// `get_issue_pages`); a page changed since is refused with `conflict`.
    pub page_hash: String,
}

#[derive(Debug, Clone, Deserialize, Serialize, TS, JsonSchema)]
#[serde(deny_unknown_fields)]
#[ts(optional_fields)]
pub struct PageCorrectionsInput {
    pub issue_id: Id,
    /// One page only.
    #[serde(default)]
    pub page: Option<u8>,
}

/// A 校改 on a page: made from a proof mark since the article was signed.
#[derive(Debug, Clone, Serialize, Deserialize, TS, JsonSchema)]
pub struct PageCorrection {
    pub page: u8,
    pub article_id: Id,
    pub title: String,
    pub mark_id: Id,
    /// 一校 / 二校 / 三校.
    pub round_name: String,
    pub kind: MarkKind,
    pub kind_name: String,
    /// The revision before and the revision the 校改 made.
    pub from_revision: u32,
    pub revision: u32,
    /// Who marked it and who applied it.
    pub marked_by: UserRef,
    pub applied_by: Option<UserRef>,
    pub applied_at: Option<chrono::DateTime<chrono::Utc>>,
    /// Character-level difference of the two revisions.
    pub diff: TextDiffResult,
}

/// Why 付印 cannot be ordered yet, in Chinese (empty: it can).
pub(crate) fn blockers(
    rounds_needed: u8,
    rounds: &[ProofRound],
    pages: &[PageState],
    open: &HashMap<u8, u32>,
) -> Vec<String> {
    let mut out = Vec::new();
    let closed = rounds.iter().filter(|r| !r.is_open()).count() as u8;
    if let Some(r) = rounds.iter().find(|r| r.is_open()) {
        out.push(format!("{}样尚未结束", r.round_name));
    } else if closed < rounds_needed {
        out.push(format!(
            "本刊须经{rounds_needed}次校样，已完成{closed}次（下一轮：{}）",
            round_name_zh(closed + 1)
        ));
    }
    let open_total: u32 = open.values().sum();
    if open_total > 0 {
        out.push(format!("还有{open_total}处校样标记未处理"));
    }
    let unsigned: Vec<String> = pages
        .iter()
        .filter(|p| p.state != SignState::Signed)
        .map(|p| format!("第{}版", p.page))
        .collect();
    if !unsigned.is_empty() {
        out.push(format!("{}尚未签版（或签版已失效）", unsigned.join("、")));
    }
    out
}

/// The pages of an issue with their 签版 and hashes, the rounds, the 付印
/// and what stands between the issue and 付印 (what the 签版 screen shows).
pub fn get_issue_pages(
    ctx: &Context,
    session: &Session,
    input: IssueIdInput,
) -> Result<IssuePages, ApiError> {
    authorize(&session.user, Action::Read)?;
    issue_pages(ctx, session, input.issue_id)
}

/// 签版: sign one page exactly as it prints now.
pub fn sign_page(
    ctx: &Context,
    session: &Session,
    input: SignPageInput,
) -> Result<PageSignoff, ApiError> {
    let publication = ctx.store().publication()?;
    authorize_page_signing(&session.user, &publication)?;
    sign(ctx, session, input.issue_id, input.page, &input.page_hash)
}

pub(crate) fn sign(
    ctx: &Context,
    session: &Session,
    issue_id: Id,
    page: u8,
    page_hash: &str,
) -> Result<PageSignoff, ApiError> {
    let now = current(ctx, issue_id)?;
    if stale(&now) {
        void_stale(ctx, session, issue_id, &now.pages, &now.layout_hash, "")?;
    }
    let Some(hash) = now.pages.get(usize::from(page).wrapping_sub(1)) else {
        return Err(ApiError::invalid(
            format!("本期只有{}版", now.pages.len()),
            format!("page {page} out of range"),
        ));
    };
    if hash != page_hash {
        return Err(ApiError::new(
            ErrorCode::Conflict,
            format!("第{page}版在您查看之后又有变动，请刷新后看过再签版"),
            format!("stale page hash for page {page}"),
        )
        .with_detail(serde_json::json!({ "page": page, "page_hash": hash })));
    }
    let signoff = ctx
        .store()
        .sign_page(&session.actor(), issue_id, page, page_hash)?;
    ctx.publish(
        Change::new(EventKind::Page, "sign", issue_id)
            .issue(Some(issue_id))
            .by(&session.user),
    );
    Ok(signoff)
}

/// 付印: order printing of the issue as it is laid out now — only when the
/// publication's proof rounds are closed, no mark is open and every page is
/// signed as it prints.
pub fn order_print(
    ctx: &Context,
    session: &Session,
    input: IssueIdInput,
) -> Result<PrintOrder, ApiError> {
    let publication = ctx.store().publication()?;
    authorize_page_signing(&session.user, &publication)?;
    order(ctx, session, input.issue_id)
}

pub(crate) fn order(
    ctx: &Context,
    session: &Session,
    issue_id: Id,
) -> Result<PrintOrder, ApiError> {
    let pages = issue_pages(ctx, session, issue_id)?;
    if !pages.blockers.is_empty() {
        return Err(ApiError::new(
            ErrorCode::InvalidState,
            format!("还不能付印：{}", pages.blockers.join("；")),
            format!("order_print refused: {}", pages.blockers.len()),
        )
        .with_detail(serde_json::json!({ "blockers": pages.blockers })));
    }
    let signoffs: Vec<Id> = pages
        .pages
        .iter()
        .filter_map(|p| p.signoff.as_ref().map(|s| s.id))
        .collect();
    let order =
        ctx.store()
            .order_print(&session.actor(), issue_id, &pages.layout_hash, &signoffs)?;
    ctx.publish(
        Change::new(EventKind::Page, "order_print", issue_id)
            .issue(Some(issue_id))
            .by(&session.user),
    );
    Ok(order)
}

/// The revision each live signature of an article was first made on
/// (following signatures carried by 校改 back to the one a reviewer read);
/// the lowest of them, `None` when the article is not signed.
fn signed_revision(ctx: &Context, article_id: Id) -> Result<Option<u32>, ApiError> {
    let all = ctx.store().history(article_id)?.signatures;
    let by_id: BTreeMap<Id, &zonepress_core::workflow::Signature> =
        all.iter().map(|s| (s.id, s)).collect();
    let mut lowest: Option<u32> = None;
    for s in all.iter().filter(|s| s.is_live()) {
        let mut at = s;
        while let Some(from) = at.carried.as_ref().and_then(|c| by_id.get(&c.signature_id)) {
            at = from;
        }
        lowest = Some(lowest.map_or(at.revision, |l| l.min(at.revision)));
    }
    Ok(lowest)
}

/// Every 校改 on the issue's pages since their articles were signed, with
/// its diff: what a page's 签版 approves beyond the 三审.
pub fn page_corrections(
    ctx: &Context,
    session: &Session,
    input: PageCorrectionsInput,
) -> Result<Vec<PageCorrection>, ApiError> {
    authorize(&session.user, Action::Read)?;
    let now = current(ctx, input.issue_id)?;
    let Some(plan) = &now.snap.plan else {
        return Ok(vec![]);
    };
    let mut out = Vec::new();
    for page in &plan.pages {
        if input.page.is_some_and(|p| p != page.number) {
            continue;
        }
        for p in &page.placements {
            let Some(a) = now.snap.articles.get(&p.article_id) else {
                continue;
            };
            let since = signed_revision(ctx, a.id)?.unwrap_or(0);
            for m in ctx.store().proof_marks(&MarkFilter {
                article_id: Some(a.id),
                ..Default::default()
            })? {
                let Some(rev) = m.applied_revision else {
                    continue;
                };
                if m.state != MarkState::Applied || rev <= since || rev > a.revision {
                    continue;
                }
                let before = ctx.store().revision(a.id, rev - 1)?;
                let after = ctx.store().revision(a.id, rev)?;
                out.push(PageCorrection {
                    page: page.number,
                    article_id: a.id,
                    title: a.content.title.clone(),
                    mark_id: m.id,
                    round_name: round_name_zh(m.round).into(),
                    kind: m.kind,
                    kind_name: m.kind_name.clone(),
                    from_revision: rev - 1,
                    revision: rev,
                    marked_by: m.by.clone(),
                    applied_by: m.resolved_by.clone(),
                    applied_at: m.resolved_at,
                    diff: diff_content(&before.content, &after.content),
                });
            }
        }
    }
    Ok(out)
}
