//! Archive search 稿库检索: every article of every issue, by its current
//! text, for anyone who may read the article lists.

use chrono::NaiveDate;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use ts_rs::TS;
use zonepress_core::{Action, ArticleStatus, Id, UserRef, authorize};
use zonepress_store::search::{MAX_LIMIT, SearchQuery};

use crate::{ApiError, Context, Empty, Session};
pub use zonepress_store::search::{SearchOrder, SearchResults};

/// Deepest a result list can be paged.
const MAX_OFFSET: u32 = 10_000;

#[derive(Debug, Clone, Default, Deserialize, Serialize, TS, JsonSchema)]
#[serde(deny_unknown_fields)]
#[ts(optional_fields)]
pub struct SearchArticlesInput {
    /// Words that must all occur (in the headline, byline, 栏目, body or a
    /// caption); `"…"` or `“…”` keeps a phrase together. Nothing is search
    /// syntax. May be empty when a filter is given.
    pub query: String,
    #[serde(default)]
    pub issue_id: Option<Id>,
    /// The author's account: username or name as shown.
    #[serde(default)]
    pub author: Option<String>,
    /// 栏目, exactly.
    #[serde(default)]
    pub column: Option<String>,
    /// Without a status, withdrawn (撤稿) articles are left out.
    #[serde(default)]
    pub status: Option<ArticleStatus>,
    /// Filed on or after this day: the issue's date, or for an article in
    /// no issue the day it was written.
    #[serde(default)]
    pub from: Option<NaiveDate>,
    /// Filed on or before this day.
    #[serde(default)]
    pub to: Option<NaiveDate>,
    /// Placed on a page of its issue (true) or not (false).
    #[serde(default)]
    pub placed: Option<bool>,
    /// `newest` (default) or `relevance`.
    #[serde(default)]
    pub order: Option<SearchOrder>,
    /// At most 100 (default 20).
    #[serde(default)]
    pub limit: Option<u32>,
    #[serde(default)]
    pub offset: Option<u32>,
}

/// What the search filters can offer.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS, JsonSchema)]
pub struct SearchOptions {
    /// Every 栏目 in use.
    pub columns: Vec<String>,
    /// Everyone who wrote an article.
    pub authors: Vec<UserRef>,
}

/// Search every article's current text (see [`SearchArticlesInput`]).
pub fn search_articles(
    ctx: &Context,
    session: &Session,
    input: SearchArticlesInput,
) -> Result<SearchResults, ApiError> {
    authorize(&session.user, Action::Read)?;
    if let (Some(from), Some(to)) = (input.from, input.to)
        && from > to
    {
        return Err(ApiError::invalid(
            "起始日期晚于结束日期",
            "search from after to",
        ));
    }
    let offset = input.offset.unwrap_or(0);
    if offset > MAX_OFFSET {
        return Err(ApiError::invalid(
            format!("最多只能翻到第{MAX_OFFSET}条，请加上筛选条件"),
            format!("search offset {offset}"),
        ));
    }
    if let Some(issue) = input.issue_id {
        ctx.store().issue(issue)?;
    }
    let author_id = match input.author.as_deref().map(str::trim) {
        None | Some("") => None,
        Some(name) => Some(author_id(ctx, name)?),
    };
    Ok(ctx.store().search(&SearchQuery {
        text: input.query,
        issue_id: input.issue_id,
        author_id,
        column: input
            .column
            .map(|c| c.trim().to_string())
            .filter(|c| !c.is_empty()),
        status: input.status,
        from: input.from,
        to: input.to,
        placed: input.placed,
        order: input.order.unwrap_or_default(),
        limit: input.limit.unwrap_or(20).clamp(1, MAX_LIMIT),
        offset,
    })?)
}

/// The account named by username, else by the name shown.
fn author_id(ctx: &Context, name: &str) -> Result<Id, ApiError> {
    if let Some(a) = ctx.store().user_auth(name)? {
        return Ok(a.user.id);
    }
    ctx.store()
        .search_options()?
        .1
        .into_iter()
        .find(|u| u.display_name == name)
        .map(|u| u.id)
        .ok_or_else(|| {
            ApiError::invalid(
                format!("没有名为“{name}”的作者"),
                format!("search author {name:?}: no such account"),
            )
        })
}

/// The 栏目 in use and the authors, for the search filters.
pub fn search_options(
    ctx: &Context,
    session: &Session,
    _: Empty,
) -> Result<SearchOptions, ApiError> {
    authorize(&session.user, Action::Read)?;
    let (columns, authors) = ctx.store().search_options()?;
    Ok(SearchOptions { columns, authors })
}
