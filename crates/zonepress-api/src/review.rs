//! The 三审 review workflow: submit, approve, return, withdraw, the inbox,
//! history and comments on passages.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use ts_rs::TS;
use zonepress_core::diff::{TextDiffResult, diff_content};
use zonepress_core::text::to_plain_lines;
use zonepress_core::workflow::{self, Signature};
use zonepress_core::{Action, Article, CoreError, Field, Id, authorize};
use zonepress_store::review::NewComment;

use crate::articles::IdInput;
use crate::events::{Change, EventKind};
use crate::{ApiError, Context, Empty, ErrorCode, Session};
pub use zonepress_store::review::{Comment, History, Inbox};

/// Apply a workflow step as `session` and tell every client.
fn step(
    ctx: &Context,
    session: &Session,
    action: &'static str,
    id: zonepress_core::Id,
    opinion: &str,
    void_reason: &str,
    decide: impl FnOnce(&workflow::ReviewState) -> Result<workflow::Decision, CoreError>,
) -> Result<Article, ApiError> {
    let article = ctx
        .store()
        .review_action(id, &session.actor(), opinion, void_reason, decide)?;
    ctx.publish(Change::article(EventKind::Review, action, &article).by(&session.user));
    crate::notify::kinds::after_review(ctx, session, action, &article, opinion);
    Ok(article)
}

/// An article at a revision.
#[derive(Debug, Clone, Deserialize, Serialize, TS, JsonSchema)]
#[serde(deny_unknown_fields)]
#[ts(optional_fields)]
pub struct RevisionRef {
    pub id: Id,
    pub revision: u32,
}

#[derive(Debug, Clone, Deserialize, Serialize, TS, JsonSchema)]
#[serde(deny_unknown_fields)]
#[ts(optional_fields)]
pub struct ReviewInput {
    pub id: Id,
    /// The revision the reviewer read; refused with `conflict` when the article changed.
    pub revision: u32,
    /// The level the reviewer acts on; refused with `conflict` when another
    /// reviewer completed it first. Recommended for every client.
    #[serde(default)]
    pub level: Option<u8>,
    /// Required to return; optional to approve.
    #[serde(default)]
    pub opinion: Option<String>,
}

#[derive(Debug, Clone, Deserialize, Serialize, TS, JsonSchema)]
#[serde(deny_unknown_fields)]
#[ts(optional_fields)]
pub struct WithdrawInput {
    pub id: Id,
    #[serde(default)]
    pub reason: Option<String>,
}

#[derive(Debug, Clone, Deserialize, Serialize, TS, JsonSchema)]
#[serde(deny_unknown_fields)]
#[ts(optional_fields)]
pub struct AddCommentInput {
    /// The article.
    pub id: Id,
    /// The revision whose review text the range points into.
    pub revision: u32,
    /// Character range in the review text (`ReviewView::review_text`); for a
    /// reply, the parent's range is used.
    #[serde(default)]
    pub start: Option<u32>,
    #[serde(default)]
    pub end: Option<u32>,
    pub body: String,
    #[serde(default)]
    pub parent_id: Option<Id>,
}

#[derive(Debug, Clone, Deserialize, Serialize, TS, JsonSchema)]
#[serde(deny_unknown_fields)]
#[ts(optional_fields)]
pub struct ResolveCommentInput {
    pub comment_id: Id,
    /// `false` opens a resolved comment again (default `true`).
    #[serde(default)]
    pub resolved: Option<bool>,
}

/// What the caller may do with an article now, as the core decides it.
#[derive(Debug, Clone, Deserialize, Serialize, TS, JsonSchema)]
pub struct Allowed {
    pub approve: bool,
    pub return_: bool,
    /// Why review is not possible, in Chinese (empty when it is).
    pub review_refusal: String,
    pub submit: bool,
    pub withdraw: bool,
    pub reopen: bool,
    pub edit: bool,
}

/// Everything a reviewer needs on one screen.
#[derive(Debug, Clone, Deserialize, Serialize, TS, JsonSchema)]
pub struct ReviewView {
    pub article: Article,
    /// The text comments point into: the headline fields and blocks as lines.
    pub review_text: String,
    /// The revision of the last approve or return, if any.
    pub last_reviewed_revision: Option<u32>,
    /// What changed since then (absent before the first review or when unchanged).
    pub diff_since_last_review: Option<TextDiffResult>,
    pub live_signatures: Vec<Signature>,
    pub comments: Vec<Comment>,
    /// The publication's number of review levels.
    pub levels: u8,
    pub allowed: Allowed,
}

/// The text comments are anchored in, for a given content.
pub fn review_text(content: &zonepress_core::ArticleContent) -> String {
    to_plain_lines(content).join("\n")
}

fn opinion_of(input: &ReviewInput) -> Result<String, ApiError> {
    let opinion = input.opinion.clone().unwrap_or_default().trim().to_string();
    if opinion.chars().count() > 2000 {
        return Err(CoreError::TooLong {
            field: Field::Opinion,
            max: 2000,
            actual: opinion.chars().count(),
        }
        .into());
    }
    if opinion.chars().any(|c| c.is_control() && c != '\n') {
        return Err(CoreError::ControlCharacter {
            field: Field::Opinion,
            code: 0,
        }
        .into());
    }
    Ok(opinion)
}

pub fn submit_article(
    ctx: &Context,
    session: &Session,
    input: RevisionRef,
) -> Result<Article, ApiError> {
    crate::articles::authorize_on(ctx, session, Action::WriteArticle, input.id)?;
    step(ctx, session, "submit", input.id, "", "重新送审", |st| {
        workflow::submit(st, input.revision)
    })
}

pub fn approve_article(
    ctx: &Context,
    session: &Session,
    input: ReviewInput,
) -> Result<Article, ApiError> {
    authorize(&session.user, Action::Review)?;
    let opinion = opinion_of(&input)?;
    step(ctx, session, "approve", input.id, &opinion, "", |st| {
        workflow::approve(st, &session.user, input.revision, input.level)
    })
}

pub fn return_article(
    ctx: &Context,
    session: &Session,
    input: ReviewInput,
) -> Result<Article, ApiError> {
    authorize(&session.user, Action::Review)?;
    let opinion = opinion_of(&input)?;
    step(
        ctx,
        session,
        "return",
        input.id,
        &opinion,
        "退回修改",
        |st| workflow::return_to_author(st, &session.user, input.revision, input.level, &opinion),
    )
}

pub fn withdraw_article(
    ctx: &Context,
    session: &Session,
    input: WithdrawInput,
) -> Result<Article, ApiError> {
    authorize(&session.user, Action::Read)?;
    let reason = input.reason.unwrap_or_default();
    if reason.chars().count() > 500 {
        return Err(ApiError::invalid(
            "撤稿原因过长（最多500字）",
            "withdraw reason too long",
        ));
    }
    step(
        ctx,
        session,
        "withdraw",
        input.id,
        reason.trim(),
        "撤稿",
        |st| workflow::withdraw(st, &session.user),
    )
}

pub fn reopen_article(
    ctx: &Context,
    session: &Session,
    input: IdInput,
) -> Result<Article, ApiError> {
    authorize(&session.user, Action::Read)?;
    step(ctx, session, "reopen", input.id, "", "", |st| {
        workflow::reopen(st, &session.user)
    })
}

pub fn list_inbox(ctx: &Context, session: &Session, _: Empty) -> Result<Inbox, ApiError> {
    // A 通讯员's inbox: their own articles returned to them.
    authorize(&session.user, Action::Read)
        .or_else(|_| authorize(&session.user, Action::WriteOwnArticle))?;
    let mut inbox = ctx.store().inbox(&session.user)?;
    crate::articles::with_editors(ctx, &mut inbox.to_review);
    crate::articles::with_editors(ctx, &mut inbox.returned);
    Ok(inbox)
}

pub fn get_history(ctx: &Context, session: &Session, input: IdInput) -> Result<History, ApiError> {
    crate::articles::authorize_on(ctx, session, Action::Read, input.id)?;
    Ok(ctx.store().history(input.id)?)
}

fn refusal_zh(e: CoreError) -> String {
    ApiError::from(e).message
}

pub fn get_review(
    ctx: &Context,
    session: &Session,
    input: IdInput,
) -> Result<ReviewView, ApiError> {
    authorize(&session.user, Action::Read)?;
    let article = ctx.store().article(input.id)?;
    let sigs = ctx.store().live_signatures(input.id)?;
    let levels = ctx.store().publication()?.review_levels;
    let last = ctx.store().last_reviewed_revision(input.id)?;
    let diff = match last {
        Some(n) if n != article.revision => {
            let old = ctx.store().revision(input.id, n)?;
            Some(diff_content(&old.content, &article.content))
        }
        _ => None,
    };
    let writers = ctx.store().round_writers(input.id)?;
    let state = workflow::ReviewState {
        status: article.status,
        review_level: article.review_level,
        author_id: article.author.id,
        revision: article.revision,
        live_signatures: &sigs,
        levels,
        writers: &writers,
    };
    let user = &session.user;
    let approve = workflow::approve(&state, user, article.revision, None);
    let review_refusal = match &approve {
        Ok(_) => String::new(),
        Err(e) => refusal_zh(e.clone()),
    };
    let may_write = authorize(user, Action::WriteArticle).is_ok();
    let allowed = Allowed {
        approve: approve.is_ok(),
        return_: approve.is_ok(),
        review_refusal,
        submit: may_write && workflow::submit(&state, article.revision).is_ok(),
        withdraw: workflow::withdraw(&state, user).is_ok(),
        reopen: workflow::reopen(&state, user).is_ok(),
        edit: may_write && article.status != zonepress_core::ArticleStatus::Withdrawn,
    };
    Ok(ReviewView {
        review_text: review_text(&article.content),
        last_reviewed_revision: last,
        diff_since_last_review: diff,
        live_signatures: sigs,
        comments: ctx.store().comments(input.id)?,
        levels,
        allowed,
        article,
    })
}

pub fn add_comment(
    ctx: &Context,
    session: &Session,
    input: AddCommentInput,
) -> Result<Comment, ApiError> {
    authorize(&session.user, Action::Comment)?;
    let body = input.body.trim().to_string();
    if body.is_empty() {
        return Err(CoreError::Empty {
            field: Field::Comment,
        }
        .into());
    }
    if body.chars().count() > 2000 {
        return Err(CoreError::TooLong {
            field: Field::Comment,
            max: 2000,
            actual: body.chars().count(),
        }
        .into());
    }
    let (revision, start, end) = match input.parent_id {
        Some(parent) => {
            let p = ctx.store().comment(parent)?;
            (p.revision, p.start, p.end)
        }
        None => (
            input.revision,
            input.start.unwrap_or(0),
            input.end.unwrap_or(0),
        ),
    };
    let rev = ctx.store().revision(input.id, revision)?;
    let text: Vec<char> = review_text(&rev.content).chars().collect();
    if start > end || end as usize > text.len() {
        return Err(ApiError::new(
            ErrorCode::InvalidInput,
            "批注位置超出了稿件正文范围，请重新选择文字",
            format!("comment range {start}..{end} outside {} chars", text.len()),
        ));
    }
    let quote: String = text[start as usize..end as usize].iter().collect();
    let comment = ctx.store().add_comment(
        &session.actor(),
        &NewComment {
            article_id: input.id,
            revision,
            parent_id: input.parent_id,
            start,
            end,
            quote,
            body,
        },
    )?;
    ctx.publish(
        Change::new(EventKind::Comment, "add", input.id)
            .issue(ctx.store().article(input.id)?.issue_id)
            .by(&session.user),
    );
    Ok(comment)
}

pub fn resolve_comment(
    ctx: &Context,
    session: &Session,
    input: ResolveCommentInput,
) -> Result<Comment, ApiError> {
    authorize(&session.user, Action::Comment)?;
    let comment = ctx.store().comment(input.comment_id)?;
    let article = ctx.store().article(comment.article_id)?;
    let user = &session.user;
    let may = comment.author.id == user.id
        || article.author.id == user.id
        || authorize(user, Action::Review).is_ok();
    if !may {
        return Err(ApiError::new(
            ErrorCode::Forbidden,
            "只有批注人、稿件作者或审核人员可以处理批注",
            "resolve by someone else",
        ));
    }
    let out = ctx.store().resolve_comment(
        input.comment_id,
        &session.actor(),
        input.resolved.unwrap_or(true),
    )?;
    ctx.publish(
        Change::new(EventKind::Comment, "resolve", article.id)
            .issue(article.issue_id)
            .by(&session.user),
    );
    Ok(out)
}

pub fn list_comments(
    ctx: &Context,
    session: &Session,
    input: IdInput,
) -> Result<Vec<Comment>, ApiError> {
    authorize(&session.user, Action::Read)?;
    ctx.store().article(input.id)?;
    Ok(ctx.store().comments(input.id)?)
}
