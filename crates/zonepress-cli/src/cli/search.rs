//! `search`: 稿库检索 of every article of every issue by its current text.

use std::io::Write;
use std::process::ExitCode;

use zonepress_api::articles::ArticleStatus;
use zonepress_api::{ApiError, cmd};

use super::{Workspace, print_json};

#[derive(clap::Args, Debug)]
pub struct SearchArgs {
    /// What to look for (empty with a filter: everything the filters select).
    query: String,
    /// Only this issue (its id, see `zonepress issues`).
    #[arg(long)]
    issue: Option<i64>,
    /// Only articles by this account (username or name as shown).
    #[arg(long, value_name = "USERNAME")]
    author: Option<String>,
    /// Only this 栏目.
    #[arg(long)]
    column: Option<String>,
    /// Only this status: draft, in_review, approved, returned, withdrawn
    /// (or 草稿, 待审, 已签发, 退回, 撤稿); without it withdrawn articles are
    /// left out.
    #[arg(long)]
    status: Option<String>,
    /// Filed on or after this day (YYYY-MM-DD): the issue's date, or the day
    /// an article in no issue was written.
    #[arg(long)]
    from: Option<chrono::NaiveDate>,
    /// Filed on or before this day (YYYY-MM-DD).
    #[arg(long)]
    to: Option<chrono::NaiveDate>,
    /// Most relevant first instead of newest first.
    #[arg(long)]
    relevance: bool,
    /// How many to show (at most 100).
    #[arg(long, default_value_t = 20)]
    limit: u32,
    #[arg(long)]
    json: bool,
}

fn parse_status(s: &str) -> Result<ArticleStatus, ApiError> {
    let s = s.trim();
    ArticleStatus::parse(s)
        .or(match s {
            "草稿" => Some(ArticleStatus::Draft),
            "待审" | "审核中" => Some(ArticleStatus::InReview),
            "已签发" | "签发" => Some(ArticleStatus::Approved),
            "退回" => Some(ArticleStatus::Returned),
            "撤稿" => Some(ArticleStatus::Withdrawn),
            _ => None,
        })
        .ok_or_else(|| {
            ApiError::invalid(
                format!("不认识的状态“{s}”：可用 草稿、待审、已签发、退回、撤稿"),
                format!("search --status {s:?}"),
            )
        })
}

impl Workspace {
    pub(super) fn search(
        &self,
        as_user: Option<&str>,
        a: SearchArgs,
    ) -> Result<ExitCode, ApiError> {
        let session = self.session(as_user)?;
        let status = a.status.as_deref().map(parse_status).transpose()?;
        let input = zonepress_api::search::SearchArticlesInput {
            query: a.query,
            issue_id: a.issue,
            author: a.author,
            column: a.column,
            status,
            from: a.from,
            to: a.to,
            order: a
                .relevance
                .then_some(zonepress_api::search::SearchOrder::Relevance),
            limit: Some(a.limit),
            ..Default::default()
        };
        let r = self.call::<cmd::search_articles>(&session, input)?;
        if a.json {
            print_json(&r);
            return Ok(ExitCode::SUCCESS);
        }
        if let Some(notice) = &r.notice {
            eprintln!("{notice}");
        }
        let mut out = std::io::stdout().lock();
        if r.hits.is_empty() {
            if r.notice.is_none() {
                let _ = writeln!(out, "没有找到");
            }
            return Ok(ExitCode::SUCCESS);
        }
        let _ = writeln!(
            out,
            "找到{}篇{}，显示{}篇{}",
            r.total,
            if r.total_exact { "" } else { "以上" },
            r.hits.len(),
            if a.relevance {
                "（按相关度）"
            } else {
                "（从新到旧）"
            }
        );
        for h in &r.hits {
            let status = if h.status == ArticleStatus::InReview {
                h.status.label_zh(h.review_level)
            } else {
                h.status.label_zh(None)
            };
            let place = match (&h.issue, h.page) {
                (Some(issue), Some(page)) => format!("{issue} 第{page}版"),
                (Some(issue), None) => issue.clone(),
                (None, _) => "未编入期次".into(),
            };
            let headline = [h.kicker.as_str(), h.title.as_str(), h.subtitle.as_str()]
                .iter()
                .filter(|t| !t.is_empty())
                .copied()
                .collect::<Vec<_>>()
                .join(" ");
            let _ = writeln!(
                out,
                "\n{:>6}  {headline}\n        {place} · {status} · {} · {}\n        {}",
                h.article_id, h.author.display_name, h.date, h.snippet
            );
        }
        Ok(ExitCode::SUCCESS)
    }
}
