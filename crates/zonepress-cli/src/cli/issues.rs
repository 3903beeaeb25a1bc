//! `issues` and `articles`: the lists of issues and of an issue's articles.

use std::io::Write;
use std::process::ExitCode;

use zonepress_api::articles::ArticleStatus;
use zonepress_api::articles::ListArticlesInput;
use zonepress_api::{ApiError, Empty, ErrorCode, cmd};

use super::{Workspace, print_json};

impl Workspace {
    pub(super) fn issues(&self, as_user: Option<&str>, json: bool) -> Result<ExitCode, ApiError> {
        let session = self.session(as_user)?;
        let issues = self.call::<cmd::list_issues>(&session, Empty {})?;
        if json {
            print_json(&issues);
        } else {
            let mut out = std::io::stdout().lock();
            for i in issues {
                let _ = writeln!(
                    out,
                    "{:>4}  {}  {}  {}版 {}  {}篇",
                    i.id,
                    i.label(),
                    i.date,
                    i.page_count,
                    i.page_size.as_str(),
                    i.article_count
                );
            }
        }
        Ok(ExitCode::SUCCESS)
    }

    pub(super) fn articles(
        &self,
        as_user: Option<&str>,
        issue: Option<i64>,
        json: bool,
    ) -> Result<ExitCode, ApiError> {
        let session = self.session(as_user)?;
        let articles = self.call::<cmd::list_articles>(
            &session,
            ListArticlesInput {
                issue_id: issue,
                ..Default::default()
            },
        )?;
        if issue.is_some() && articles.is_empty() {
            // An unknown issue is an error, not an empty list.
            let known = self.call::<cmd::list_issues>(&session, Empty {})?;
            if !known.iter().any(|i| Some(i.id) == issue) {
                return Err(ApiError::new(
                    ErrorCode::NotFound,
                    format!("找不到期次（{}）", issue.unwrap_or_default()),
                    "no such issue",
                ));
            }
        }
        if json {
            print_json(&articles);
        } else {
            let mut out = std::io::stdout().lock();
            for a in articles {
                let status = if a.status == ArticleStatus::InReview {
                    a.status.label_zh(a.review_level)
                } else {
                    a.status.label_zh(None)
                };
                let _ = writeln!(
                    out,
                    "{:>5}  {:<6} 第{}稿 {:>5}字  {}  {}",
                    a.id, status, a.revision, a.length, a.author.display_name, a.title
                );
            }
        }
        Ok(ExitCode::SUCCESS)
    }
}
