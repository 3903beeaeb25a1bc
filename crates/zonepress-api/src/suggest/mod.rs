//! 排版建议 (`suggest_layout`): complete page plans for an issue that fit,
//! ordered by the 头条 and the rank of the officials each story names.
//!
//! This module gathers what the search needs from the workspace — the
//! issue's articles (placed and not), each story's highest-ranked official
//! from the roster's 排序, the priorities, what the user keeps — and hands
//! it to [`zonepress_export::suggest`], which measures, searches and
//! typesets through the shared exporter. Applying a suggestion is an
//! ordinary `plan_issue`.

use std::time::Instant;

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use ts_rs::TS;
use zonepress_core::{Action, Article, ArticleStatus, Block, Id, authorize};
pub use zonepress_export::suggest::{Keep, Suggestion};
use zonepress_export::suggest::{MAX_SUGGESTIONS, Story, SuggestRequest};
use zonepress_store::articles::ArticleFilter;
use zonepress_store::proof::RosterRow;

use crate::layout::{StoreAssets, doc_of, exporter};
use crate::{ApiError, Context, Session};

#[derive(Debug, Clone, Deserialize, Serialize, TS, JsonSchema)]
#[serde(deny_unknown_fields)]
#[ts(optional_fields)]
pub struct SuggestLayoutInput {
    pub issue_id: Id,
    /// Plan only these pages (1-based); absent: every page.
    #[serde(default)]
    pub pages: Option<Vec<u8>>,
    /// Placements the user has fixed; never moved.
    #[serde(default)]
    pub keep: Option<Vec<Keep>>,
}

/// Up to five plans, best first.
#[derive(Debug, Clone, Serialize, Deserialize, TS, JsonSchema)]
pub struct SuggestLayout {
    pub suggestions: Vec<Suggestion>,
    /// Plans scored by the search.
    pub searched: u64,
    /// Milliseconds for the whole answer.
    pub took_ms: u64,
    /// Milliseconds until the first suggestion was ready.
    pub first_ms: u64,
}

/// The highest rank (lowest number) among the roster officials in force on
/// `date` that `text` names.
pub fn featured_rank(roster: &[RosterRow], date: chrono::NaiveDate, text: &str) -> Option<u32> {
    roster
        .iter()
        .filter(|r| r.valid_from.is_none_or(|f| f <= date) && r.valid_to.is_none_or(|t| date <= t))
        .filter_map(|r| {
            r.rank
                .filter(|_| !r.name.trim().is_empty() && text.contains(r.name.trim()))
        })
        .min()
}

/// Everything an article prints, for finding the officials it names.
fn text_of(a: &Article) -> String {
    let c = &a.content;
    let mut s = format!("{}\n{}\n{}\n", c.kicker, c.title, c.subtitle);
    for b in &c.body {
        match b {
            Block::Paragraph { text } | Block::Subhead { text } | Block::Brief { text } => {
                s.push_str(text);
            }
            Block::Image { caption, .. } => s.push_str(caption),
        }
        s.push('\n');
    }
    s
}

/// 排版建议 (layout staff, as `plan_issue`).
pub fn suggest_layout(
    ctx: &Context,
    session: &Session,
    input: SuggestLayoutInput,
) -> Result<SuggestLayout, ApiError> {
    authorize(&session.user, Action::Layout)?;
    let started = Instant::now();
    let snap = ctx.store().issue_snapshot(input.issue_id)?;
    let mut doc = doc_of(&snap, false, false);
    let numbers: Vec<u8> = doc.plan.pages.iter().map(|p| p.number).collect();
    let pages = input.pages.unwrap_or_default();
    if let Some(n) = pages.iter().find(|n| !numbers.contains(n)) {
        return Err(ApiError::invalid(
            format!("本期没有第{n}版"),
            format!("no page {n} in issue {}", input.issue_id),
        ));
    }
    let articles = ctx.store().list_articles(&ArticleFilter {
        issue_id: Some(input.issue_id),
        ..Default::default()
    })?;
    let keep = input.keep.unwrap_or_default();
    for (i, k) in keep.iter().enumerate() {
        if !numbers.contains(&k.page) {
            return Err(ApiError::invalid(
                format!("本期没有第{}版", k.page),
                format!("keep: no page {}", k.page),
            ));
        }
        if !articles
            .iter()
            .any(|a| a.id == k.article_id && a.status != ArticleStatus::Withdrawn)
        {
            return Err(ApiError::invalid(
                format!("要保留的稿件 {} 不在本期或已撤稿", k.article_id),
                format!("keep: article {} not in issue", k.article_id),
            ));
        }
        if keep[..i].iter().any(|o| o.article_id == k.article_id)
            || k.position.is_some_and(|p| {
                p == 0
                    || keep[..i]
                        .iter()
                        .any(|o| o.page == k.page && o.position == Some(p))
            })
        {
            return Err(ApiError::invalid(
                "保留的位置重复或不成立",
                "keep: duplicate article or position",
            ));
        }
        if !pages.is_empty() && !pages.contains(&k.page) {
            return Err(ApiError::invalid(
                format!("要保留的第{}版不在要调整的版面之中", k.page),
                "keep: page not planned",
            ));
        }
    }
    let date = snap.issue.date;
    let mut stories = vec![];
    for a in articles
        .iter()
        .filter(|a| a.status != ArticleStatus::Withdrawn)
    {
        let full = match doc.articles.entry(a.id) {
            std::collections::btree_map::Entry::Occupied(e) => e.into_mut(),
            std::collections::btree_map::Entry::Vacant(e) => e.insert(ctx.store().article(a.id)?),
        };
        stories.push(Story {
            id: a.id,
            title: a.title.clone(),
            rank: featured_rank(&snap.roster, date, &text_of(full)),
            priority: full.priority,
            approved: a.status == ArticleStatus::Approved,
        });
    }
    let out = exporter(ctx)?.suggest(
        &SuggestRequest {
            doc,
            stories,
            pages,
            keep,
            count: MAX_SUGGESTIONS,
            seed: input.issue_id as u64,
        },
        &StoreAssets(ctx.store()),
    )?;
    if out.suggestions.is_empty() {
        return Err(ApiError::invalid(
            "没有找到能排下的方案：请减少保留的位置，或删减稿件后再试",
            format!("no fitting plan for issue {}", input.issue_id),
        ));
    }
    Ok(SuggestLayout {
        suggestions: out.suggestions,
        searched: out.searched,
        took_ms: started.elapsed().as_millis() as u64,
        first_ms: out.first_ms,
    })
}
