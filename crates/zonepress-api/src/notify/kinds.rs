//! Notifications of what happens to one's own work, made right after the
//! action that caused them committed: one's article returned (with the
//! opinion) or signed at the last level (签发), a 校样 mark on one's
//! article, a page one signed (签版) voided by a later change. Nobody is
//! told of their own doing. A notification that cannot be stored is
//! logged and never undoes the action.

use zonepress_core::{Article, ArticleStatus, Id};
use zonepress_store::notifications::NewNotification;
use zonepress_store::pages::{PageSignoff, ProofMark};

use crate::{Context, Session};

/// Store one notification from `session`'s user to `to` and tell clients.
fn send(
    ctx: &Context,
    session: &Session,
    to: Id,
    kind: &'static str,
    article_id: Option<Id>,
    title: &str,
    body: &str,
) {
    if to <= 0 || to == session.user.id {
        return;
    }
    let item = NewNotification {
        user_id: to,
        kind,
        topic_id: None,
        article_id,
        title,
        body,
        sender_id: Some(session.user.id).filter(|i| *i > 0),
        at: ctx.now(),
        once_key: None,
    };
    match ctx.store().notify(std::slice::from_ref(&item)) {
        Ok(made) => crate::topics::publish_notified(ctx, made.iter().map(|(u, _)| *u)),
        Err(e) => tracing::warn!(kind, to, "notification not stored: {e}"),
    }
}

/// After a review step: the author hears of a 退回 and of the 签发.
pub(crate) fn after_review(
    ctx: &Context,
    session: &Session,
    action: &str,
    a: &Article,
    opinion: &str,
) {
    let title = &a.content.title;
    match action {
        "return" => send(
            ctx,
            session,
            a.author.id,
            "returned",
            Some(a.id),
            &format!("您的稿件《{title}》被{}退回", session.user.display_name),
            opinion,
        ),
        "approve" if a.status == ArticleStatus::Approved => send(
            ctx,
            session,
            a.author.id,
            "signed",
            Some(a.id),
            &format!("您的稿件《{title}》已签发"),
            opinion,
        ),
        _ => {}
    }
}

/// A 校样 mark on an article: its author hears of it.
pub(crate) fn proof_marked(ctx: &Context, session: &Session, mark: &ProofMark) {
    let Some(article_id) = mark.article_id else {
        return;
    };
    let Ok(a) = ctx.store().article(article_id) else {
        return;
    };
    let quote = if mark.quote.is_empty() {
        String::new()
    } else {
        format!("“{}”", crate::pages::clip(&mark.quote, 30))
    };
    let what = [mark.replacement.as_str(), mark.note.as_str()]
        .iter()
        .filter(|s| !s.is_empty())
        .copied()
        .collect::<Vec<_>>()
        .join("；");
    send(
        ctx,
        session,
        a.author.id,
        "marked",
        Some(a.id),
        &format!(
            "您的稿件《{}》在第{}版有校样标记：{}{quote}",
            a.content.title, mark.page, mark.kind_name
        ),
        &what,
    );
}

/// A 签版 voided: the one who signed the page hears why.
pub(crate) fn signoff_voided(ctx: &Context, session: &Session, s: &PageSignoff, reason: &str) {
    let label = ctx
        .store()
        .issue(s.issue_id)
        .map(|i| format!("{}年第{}期", i.year, i.number))
        .unwrap_or_default();
    send(
        ctx,
        session,
        s.signer.id,
        "voided",
        None,
        &format!("您签版的{label}第{}版已失效", s.page),
        reason,
    );
}
