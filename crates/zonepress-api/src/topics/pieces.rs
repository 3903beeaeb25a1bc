//! 我的稿件: what a writer (a 通讯员 above all) sees of their own pieces —
//! each article with its outcome (已采用 with the issue and page, 未采用,
//! 退回 with the editor's opinion) and their own 稿件统计.

use std::collections::HashMap;

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use ts_rs::TS;
use zonepress_core::workflow::TransitionKind;
use zonepress_core::{Action, ArticleStatus, Id, authorize};
use zonepress_store::articles::ArticleFilter;

use crate::{ApiError, Context, Empty, Session};

/// Where one's piece stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum PieceOutcome {
    /// 草稿 / 写作中.
    Draft,
    /// 审核中.
    InReview,
    /// 退回, with the editor's opinion.
    Returned,
    /// 已签发, not yet on a page.
    Approved,
    /// 已采用: signed and placed on a page of an issue.
    Used,
    /// 未采用 (withdrawn).
    NotUsed,
}

#[derive(Debug, Clone, Serialize, Deserialize, TS, JsonSchema)]
pub struct Piece {
    pub article_id: Id,
    pub title: String,
    pub length: u32,
    pub status: ArticleStatus,
    pub outcome: PieceOutcome,
    pub issue_id: Option<Id>,
    /// `2026年第11期（总第137期）`.
    pub issue_label: Option<String>,
    /// 第N版 when used.
    pub page: Option<u8>,
    /// The opinion of the last 退回.
    pub opinion: String,
    pub topic_id: Option<Id>,
}

#[derive(Debug, Clone, Serialize, Deserialize, TS, JsonSchema)]
pub struct MyPieces {
    pub pieces: Vec<Piece>,
    /// 稿件统计 of one's own: pieces, submitted, used, characters used.
    pub total: u32,
    pub submitted: u32,
    pub used: u32,
    pub used_chars: u32,
}

/// One's own articles with their outcome and one's own 稿件统计.
pub fn list_my_pieces(ctx: &Context, session: &Session, _: Empty) -> Result<MyPieces, ApiError> {
    authorize(&session.user, Action::WriteOwnArticle)?;
    let store = ctx.store();
    let list = store.list_articles(&ArticleFilter {
        issue_id: None,
        status: None,
        author_id: Some(session.user.id),
    })?;
    let mut pages: HashMap<Id, HashMap<Id, u8>> = HashMap::new();
    let mut labels: HashMap<Id, String> = HashMap::new();
    let mut out = MyPieces {
        pieces: vec![],
        total: 0,
        submitted: 0,
        used: 0,
        used_chars: 0,
    };
    for a in list {
        let (issue_label, page) = match a.issue_id {
            Some(i) => {
                if let std::collections::hash_map::Entry::Vacant(slot) = labels.entry(i) {
                    let issue = store.issue(i)?;
                    slot.insert(format!(
                        "{}年第{}期（总第{}期）",
                        issue.year, issue.number, issue.serial
                    ));
                    let mut placed = HashMap::new();
                    if let Some(plan) = store.issue_plan(i)? {
                        for p in &plan.pages {
                            for pl in &p.placements {
                                placed.insert(pl.article_id, p.number);
                            }
                        }
                    }
                    pages.insert(i, placed);
                }
                (labels.get(&i).cloned(), pages[&i].get(&a.id).copied())
            }
            None => (None, None),
        };
        let outcome = match a.status {
            ArticleStatus::Draft => PieceOutcome::Draft,
            ArticleStatus::InReview => PieceOutcome::InReview,
            ArticleStatus::Returned => PieceOutcome::Returned,
            ArticleStatus::Withdrawn => PieceOutcome::NotUsed,
            ArticleStatus::Approved if page.is_some() => PieceOutcome::Used,
            ArticleStatus::Approved => PieceOutcome::Approved,
        };
        let opinion = if outcome == PieceOutcome::Returned {
            store
                .history(a.id)?
                .transitions
                .iter()
                .rev()
                .find(|t| t.kind == TransitionKind::Return)
                .map(|t| t.opinion.clone())
                .unwrap_or_default()
        } else {
            String::new()
        };
        out.total += 1;
        if a.status != ArticleStatus::Draft {
            out.submitted += 1;
        }
        if outcome == PieceOutcome::Used {
            out.used += 1;
            out.used_chars += a.length;
        }
        out.pieces.push(Piece {
            article_id: a.id,
            title: a.title,
            length: a.length,
            status: a.status,
            outcome,
            issue_id: a.issue_id,
            issue_label: issue_label.filter(|_| page.is_some() || a.issue_id.is_some()),
            page: page.filter(|_| outcome == PieceOutcome::Used),
            opinion,
            topic_id: store.topic_of_article(a.id)?,
        });
    }
    Ok(out)
}
