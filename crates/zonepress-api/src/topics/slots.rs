//! 预留版位: a page of the issue held for a topic. The slot is typeset as a
//! placeholder of the topic's expected length showing its title, owner and
//! deadline (so it counts in the page's fit and in the page's hash, and a
//! 签版 of the page is voided when it changes); the topic's article takes
//! the slot as soon as it exists (开始写稿 or a link places it on the
//! reserved page); preflight — and so the final export — lists a slot still
//! without its article as an error.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use ts_rs::TS;
use zonepress_core::layout::Placement;
use zonepress_core::{Action, ArticleStatus, Id, authorize};
use zonepress_export::{IssueDoc, PreflightItem, Severity};
use zonepress_store::topics::Topic;

use crate::events::{Change, EventKind};
use crate::{ApiError, Context, Session};

#[derive(Debug, Clone, Deserialize, Serialize, TS, JsonSchema)]
#[serde(deny_unknown_fields)]
#[ts(optional_fields)]
pub struct ReserveSlotInput {
    pub topic_id: Id,
    /// 第N版 of the topic's issue to hold for it; absent or null lets the
    /// slot go.
    #[serde(default)]
    pub page: Option<u8>,
}

/// Layout staff, editors and admins reserve slots.
fn authorize_reserve(session: &Session) -> Result<(), ApiError> {
    if authorize(&session.user, Action::Layout).is_ok() {
        return Ok(());
    }
    authorize(&session.user, Action::PlanTopics)?;
    Ok(())
}

/// 预留版位 (or let it go): hold page `page` of the topic's issue for it.
pub fn reserve_topic_slot(
    ctx: &Context,
    session: &Session,
    input: ReserveSlotInput,
) -> Result<Topic, ApiError> {
    authorize_reserve(session)?;
    let topic = ctx.store().topic(input.topic_id)?;
    let Some(issue_id) = topic.issue_id else {
        return Err(ApiError::invalid(
            "这个选题还没有定期次，不能预留版位",
            format!("topic {} has no issue", topic.id),
        ));
    };
    if let Some(p) = input.page {
        let pages = crate::layout::plan_of(ctx, issue_id)?.pages.len();
        if p == 0 || usize::from(p) > pages {
            return Err(ApiError::invalid(
                format!("本期只有{pages}个版，没有第{p}版"),
                format!("page {p} of {pages} pages"),
            ));
        }
    }
    let topic =
        ctx.store()
            .reserve_topic_page(&session.actor(), topic.id, input.page, ctx.now())?;
    ctx.publish(
        Change::new(EventKind::Topic, "reserve", topic.id)
            .issue(Some(issue_id))
            .by(&session.user),
    );
    take_slot(ctx, session, &topic)?;
    pages_changed(ctx, session, Some(issue_id), "预留版位")?;
    Ok(topic)
}

/// Tell the layout screens that what the pages print changed, and void
/// the 签版 of pages that no longer print what was signed.
pub(crate) fn pages_changed(
    ctx: &Context,
    session: &Session,
    issue_id: Option<Id>,
    cause: &str,
) -> Result<(), ApiError> {
    let Some(issue_id) = issue_id else {
        return Ok(());
    };
    ctx.publish(
        Change::new(EventKind::Plan, "slot", issue_id)
            .issue(Some(issue_id))
            .by(&session.user),
    );
    crate::pages::after_change(ctx, session, Some(issue_id), cause)
}

/// After a change to a topic holding a slot: the slot shows its title,
/// owner and deadline, so its page changed.
pub(crate) fn topic_changed(
    ctx: &Context,
    session: &Session,
    topic: &Topic,
    held_page: bool,
) -> Result<(), ApiError> {
    if held_page || topic.page.is_some() {
        pages_changed(ctx, session, topic.issue_id, "预留版位")?;
    }
    Ok(())
}

/// The article takes its topic's slot: once the topic of a reserved page
/// has an article of the issue that is on no page, it goes on that page,
/// after the articles there.
pub(crate) fn take_slot(ctx: &Context, session: &Session, topic: &Topic) -> Result<bool, ApiError> {
    let (Some(page), Some(issue_id), Some(article_id)) =
        (topic.page, topic.issue_id, topic.article_id)
    else {
        return Ok(false);
    };
    let article = ctx.store().article(article_id)?;
    if article.issue_id != Some(issue_id) || article.status == ArticleStatus::Withdrawn {
        return Ok(false);
    }
    let mut plan = crate::layout::plan_of(ctx, issue_id)?;
    if plan.placed_ids().contains(&article_id) {
        return Ok(false);
    }
    let Some(p) = plan.pages.iter_mut().find(|p| p.number == page) else {
        return Ok(false);
    };
    p.placements.push(Placement::new(article_id));
    plan.validate()?;
    ctx.store().save_plan(&session.actor(), &plan)?;
    pages_changed(ctx, session, Some(issue_id), "预留版位排入稿件")?;
    Ok(true)
}

/// Preflight: each slot still without its article is an error (the final
/// export is refused while one is left).
pub(crate) fn preflight_items(doc: &IssueDoc) -> Vec<PreflightItem> {
    doc.reserved
        .iter()
        .map(|s| {
            let n = s.page;
            let who = zonepress_export::slots::slot_line(s);
            let (zh, en) = match s.article_id {
                Some(a) => (
                    format!(
                        "第{n}版为选题“{}”预留的版位，稿件尚未排入（{who}）",
                        s.title
                    ),
                    format!(
                        "page {n}: the slot of topic {} waits for article {a}",
                        s.topic_id
                    ),
                ),
                None => (
                    format!("第{n}版为选题“{}”预留的版位还没有稿件（{who}）", s.title),
                    format!("page {n}: the slot of topic {} has no article", s.topic_id),
                ),
            };
            PreflightItem::new(
                Severity::Error,
                "reserved_slot_empty",
                Some(n),
                s.article_id,
                zh,
                en,
            )
            .with_object(format!("预留版位“{}”", s.title))
        })
        .collect()
}
