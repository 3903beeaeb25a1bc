//! Articles 稿件: create, read, save with optimistic concurrency, revisions.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use ts_rs::TS;
use zonepress_core::diff::{TextDiffResult, diff_content};
use zonepress_core::text::{normalize, validate};
use zonepress_core::workflow::TransitionKind;
use zonepress_core::{
    Action, ArticleContent, ArticleKind, Block, Id, Revision, RevisionSummary, authorize,
};
use zonepress_store::articles::{ArticleEdit, ArticleFilter, NewArticle};

use crate::events::{Change, EventKind};
use crate::{ApiError, Context, Session};
pub use zonepress_core::text::count_chars;
pub use zonepress_core::{Article, ArticleStatus, ArticleSummary};

#[derive(Debug, Clone, Deserialize, Serialize, TS, JsonSchema)]
#[serde(deny_unknown_fields)]
#[ts(optional_fields)]
pub struct IdInput {
    pub id: Id,
}

#[derive(Debug, Clone, Default, Deserialize, Serialize, TS, JsonSchema)]
#[serde(deny_unknown_fields)]
#[ts(optional_fields)]
pub struct ListArticlesInput {
    #[serde(default)]
    pub issue_id: Option<Id>,
    #[serde(default)]
    pub status: Option<ArticleStatus>,
    /// Only the caller's own articles.
    #[serde(default)]
    pub mine: Option<bool>,
}

#[derive(Debug, Clone, Deserialize, Serialize, TS, JsonSchema)]
#[serde(deny_unknown_fields)]
#[ts(optional_fields)]
pub struct CreateArticleInput {
    /// The issue it is planned for; absent = not yet assigned (稿库).
    #[serde(default)]
    pub issue_id: Option<Id>,
    #[serde(default)]
    pub kind: Option<ArticleKind>,
    #[serde(default)]
    pub kicker: Option<String>,
    pub title: String,
    #[serde(default)]
    pub subtitle: Option<String>,
    #[serde(default)]
    pub byline: Option<String>,
    #[serde(default)]
    pub column: Option<String>,
    #[serde(default)]
    pub body: Option<Vec<Block>>,
    #[serde(default)]
    pub target_length: Option<u32>,
}

/// A save: every field but `id` and `base_revision` is optional; absent
/// fields keep their stored value.
#[derive(Debug, Clone, Deserialize, Serialize, TS, JsonSchema)]
#[serde(deny_unknown_fields)]
#[ts(optional_fields)]
pub struct SaveArticleInput {
    pub id: Id,
    /// The revision the edit was based on.
    pub base_revision: u32,
    #[serde(default)]
    pub kind: Option<ArticleKind>,
    #[serde(default)]
    pub kicker: Option<String>,
    #[serde(default)]
    pub title: Option<String>,
    #[serde(default)]
    pub subtitle: Option<String>,
    #[serde(default)]
    pub byline: Option<String>,
    #[serde(default)]
    pub column: Option<String>,
    #[serde(default)]
    pub body: Option<Vec<Block>>,
    /// 0 removes the target.
    #[serde(default)]
    pub target_length: Option<u32>,
    #[serde(default)]
    pub issue_id: Option<Id>,
    /// The editor checked the stand-in title of a 待定标题 article and keeps
    /// it: the mark ends (a changed title ends it anyway).
    #[serde(default)]
    pub confirm_title: Option<bool>,
}

#[derive(Debug, Clone, Deserialize, Serialize, TS, JsonSchema)]
#[serde(deny_unknown_fields)]
#[ts(optional_fields)]
pub struct RevisionInput {
    pub id: Id,
    pub number: u32,
}

#[derive(Debug, Clone, Deserialize, Serialize, TS, JsonSchema)]
#[serde(deny_unknown_fields)]
#[ts(optional_fields)]
pub struct DiffInput {
    pub id: Id,
    /// The older revision.
    pub from: u32,
    /// The newer revision.
    pub to: u32,
}

#[derive(Debug, Clone, Deserialize, Serialize, TS, JsonSchema)]
#[serde(deny_unknown_fields)]
#[ts(optional_fields)]
pub struct RestoreInput {
    pub id: Id,
    /// The revision whose content becomes current again.
    pub number: u32,
    /// The revision the user was looking at (refused with `conflict` when stale).
    pub base_revision: u32,
}

/// Normalise and validate content, and make sure referenced images exist.
pub fn prepare_content(
    ctx: &Context,
    mut content: ArticleContent,
) -> Result<ArticleContent, ApiError> {
    normalize(&mut content);
    validate(&content)?;
    validate_assets(ctx, &content.body)?;
    Ok(content)
}

/// Every image a body refers to must be stored.
pub fn validate_assets(ctx: &Context, body: &[Block]) -> Result<(), ApiError> {
    for block in body {
        if let Block::Image { asset_id, .. } = block
            && ctx.store().asset_info(asset_id)?.is_none()
        {
            return Err(ApiError::invalid(
                "正文引用的图片不存在，请重新插入图片",
                format!("image asset {asset_id} not found"),
            ));
        }
    }
    Ok(())
}

pub fn list_articles(
    ctx: &Context,
    session: &Session,
    input: ListArticlesInput,
) -> Result<Vec<ArticleSummary>, ApiError> {
    // A 通讯员 lists their own articles only.
    let own_only = authorize(&session.user, Action::Read).is_err();
    if own_only {
        authorize(&session.user, Action::WriteOwnArticle)?;
    }
    let mut list = ctx.store().list_articles(&ArticleFilter {
        issue_id: input.issue_id,
        status: input.status,
        author_id: (own_only || input.mine.unwrap_or(false)).then_some(session.user.id),
    })?;
    with_editors(ctx, &mut list);
    Ok(list)
}

/// Fill in who has each article open for editing.
pub(crate) fn with_editors(ctx: &Context, list: &mut [ArticleSummary]) {
    crate::presence::sweep(ctx);
    let editors = ctx.presence().editors();
    if editors.is_empty() {
        return;
    }
    for a in list {
        if let Some(e) = editors.get(&a.id) {
            a.editing = e.clone();
        }
    }
}

pub fn create_article(
    ctx: &Context,
    session: &Session,
    input: CreateArticleInput,
) -> Result<Article, ApiError> {
    authorize(&session.user, Action::WriteOwnArticle)?;
    let content = prepare_content(
        ctx,
        ArticleContent {
            kind: input.kind.unwrap_or_default(),
            kicker: input.kicker.unwrap_or_default(),
            title: input.title,
            subtitle: input.subtitle.unwrap_or_default(),
            byline: input.byline.unwrap_or_default(),
            column: input.column.unwrap_or_default(),
            body: input.body.unwrap_or_default(),
        },
    )?;
    let article = ctx.store().create_article(
        &session.actor(),
        &NewArticle {
            issue_id: input.issue_id,
            content,
            target_length: input.target_length.filter(|n| *n > 0),
        },
    )?;
    ctx.publish(Change::article(EventKind::Article, "create", &article).by(&session.user));
    Ok(article)
}

/// Refuse unless the account may take `action` on article `id`: its roles
/// allow it, or it is a 通讯员 and the article is their own.
pub(crate) fn authorize_on(
    ctx: &Context,
    session: &Session,
    action: Action,
    id: Id,
) -> Result<(), ApiError> {
    let Err(refused) = authorize(&session.user, action) else {
        return Ok(());
    };
    if !session.user.has_role(zonepress_core::Role::Correspondent) {
        return Err(refused.into());
    }
    match ctx.store().article(id) {
        Ok(a) => Ok(zonepress_core::authorize_article(
            &session.user,
            action,
            a.author.id,
        )?),
        Err(_) => Err(refused.into()),
    }
}

pub fn get_article(ctx: &Context, session: &Session, input: IdInput) -> Result<Article, ApiError> {
    authorize_on(ctx, session, Action::Read, input.id)?;
    Ok(ctx.store().article(input.id)?)
}

pub fn save_article(
    ctx: &Context,
    session: &Session,
    input: SaveArticleInput,
) -> Result<Article, ApiError> {
    authorize_on(ctx, session, Action::WriteArticle, input.id)?;
    if let Some(body) = &input.body {
        validate_assets(ctx, body)?;
    }
    let sent_body = input.body;
    let old_issue = ctx.store().article(input.id)?.issue_id;
    let out = ctx.store().save_article(
        &session.actor(),
        input.id,
        input.base_revision,
        "",
        TransitionKind::Edit,
        |_, current| {
            let mut c = current.content.clone();
            if let Some(v) = input.kind {
                c.kind = v;
            }
            for (slot, v) in [
                (&mut c.kicker, input.kicker),
                (&mut c.title, input.title),
                (&mut c.subtitle, input.subtitle),
                (&mut c.byline, input.byline),
                (&mut c.column, input.column),
            ] {
                if let Some(v) = v {
                    *slot = v;
                }
            }
            if let Some(body) = sent_body {
                c.body = body;
            }
            normalize(&mut c);
            validate(&c)?;
            Ok(ArticleEdit {
                content: c,
                issue_id: input.issue_id.or(current.issue_id),
                target_length: match input.target_length {
                    Some(0) => None,
                    Some(n) => Some(n),
                    None => current.target_length,
                },
                confirm_title: input.confirm_title == Some(true),
            })
        },
    )?;
    publish_save(ctx, session, "save", &out.article, old_issue);
    if out.new_revision || old_issue != out.article.issue_id {
        let cause = format!(
            "稿件《{}》第{}稿",
            out.article.content.title, out.article.revision
        );
        crate::pages::after_change(ctx, session, out.article.issue_id, &cause)?;
        if old_issue != out.article.issue_id {
            crate::pages::after_change(ctx, session, old_issue, &cause)?;
        }
    }
    Ok(out.article)
}

#[derive(Debug, Clone, Deserialize, Serialize, TS, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct SetPriorityInput {
    pub id: Id,
    /// 头条 `headline`, 重点 `major` or 一般 `normal`.
    pub priority: zonepress_core::topics::TopicPriority,
}

/// 优先级 of an article (editors, admins): how 排版建议 orders the stories.
/// Not content: no revision, the signatures stay.
pub fn set_article_priority(
    ctx: &Context,
    session: &Session,
    input: SetPriorityInput,
) -> Result<Article, ApiError> {
    authorize(&session.user, Action::PlanTopics)?;
    let a = ctx
        .store()
        .set_article_priority(&session.actor(), input.id, input.priority)?;
    publish_save(ctx, session, "priority", &a, a.issue_id);
    Ok(a)
}

/// Tell clients an article changed (and, when it moved, the issue it left).
fn publish_save(
    ctx: &Context,
    session: &Session,
    action: &'static str,
    a: &Article,
    old_issue: Option<zonepress_core::Id>,
) {
    ctx.publish(Change::article(EventKind::Article, action, a).by(&session.user));
    if old_issue.is_some() && old_issue != a.issue_id {
        ctx.publish(
            Change::article(EventKind::Article, "move", a)
                .issue(old_issue)
                .by(&session.user),
        );
    }
}

pub fn list_revisions(
    ctx: &Context,
    session: &Session,
    input: IdInput,
) -> Result<Vec<RevisionSummary>, ApiError> {
    authorize_on(ctx, session, Action::Read, input.id)?;
    Ok(ctx.store().list_revisions(input.id)?)
}

pub fn get_revision(
    ctx: &Context,
    session: &Session,
    input: RevisionInput,
) -> Result<Revision, ApiError> {
    authorize_on(ctx, session, Action::Read, input.id)?;
    Ok(ctx.store().revision(input.id, input.number)?)
}

pub fn diff_revisions(
    ctx: &Context,
    session: &Session,
    input: DiffInput,
) -> Result<TextDiffResult, ApiError> {
    authorize_on(ctx, session, Action::Read, input.id)?;
    let old = ctx.store().revision(input.id, input.from)?;
    let new = ctx.store().revision(input.id, input.to)?;
    Ok(diff_content(&old.content, &new.content))
}

pub fn restore_revision(
    ctx: &Context,
    session: &Session,
    input: RestoreInput,
) -> Result<Article, ApiError> {
    authorize_on(ctx, session, Action::WriteArticle, input.id)?;
    let article = ctx
        .store()
        .restore_revision(
            &session.actor(),
            input.id,
            input.number,
            input.base_revision,
        )?
        .article;
    publish_save(ctx, session, "restore", &article, article.issue_id);
    crate::pages::after_change(
        ctx,
        session,
        article.issue_id,
        &format!("稿件《{}》第{}稿", article.content.title, article.revision),
    )?;
    Ok(article)
}

/// Unsaved text compared with a stored revision (the editor's conflict view).
#[derive(Debug, Clone, Deserialize, Serialize, TS, JsonSchema)]
#[serde(deny_unknown_fields)]
#[ts(optional_fields)]
pub struct DiffUnsavedInput {
    pub id: Id,
    /// The stored revision to compare with (usually the latest).
    pub number: u32,
    /// The unsaved text; absent fields are taken from that revision.
    #[serde(default)]
    pub kind: Option<ArticleKind>,
    #[serde(default)]
    pub kicker: Option<String>,
    #[serde(default)]
    pub title: Option<String>,
    #[serde(default)]
    pub subtitle: Option<String>,
    #[serde(default)]
    pub byline: Option<String>,
    #[serde(default)]
    pub column: Option<String>,
    #[serde(default)]
    pub body: Option<Vec<Block>>,
}

/// Character-level comparison of revision `number` (old) with unsaved text (new).
pub fn diff_unsaved(
    ctx: &Context,
    session: &Session,
    input: DiffUnsavedInput,
) -> Result<TextDiffResult, ApiError> {
    authorize_on(ctx, session, Action::Read, input.id)?;
    let stored = ctx.store().revision(input.id, input.number)?;
    let mut mine = stored.content.clone();
    if let Some(k) = input.kind {
        mine.kind = k;
    }
    for (slot, v) in [
        (&mut mine.kicker, input.kicker),
        (&mut mine.title, input.title),
        (&mut mine.subtitle, input.subtitle),
        (&mut mine.byline, input.byline),
        (&mut mine.column, input.column),
    ] {
        if let Some(v) = v {
            *slot = v;
        }
    }
    if let Some(body) = input.body {
        mine.body = body;
    }
    normalize(&mut mine);
    Ok(diff_content(&stored.content, &mine))
}
