//! 排版建议 on the command line: `layout suggest --issue ID [--apply N]
//! [--json]` lists up to five page plans that fit, with the parts of each
//! score, and with `--apply N` makes plan N the issue's plan — through the
//! same commands as the desktop and the server (`suggest_layout`,
//! `plan_issue`).

use std::collections::HashMap;
use std::io::Write;
use std::process::ExitCode;

use clap::Subcommand;
use zonepress_api::proof::IssueIdInput;
use zonepress_api::suggest::{SuggestLayoutInput, Suggestion};
use zonepress_api::{ApiError, ErrorCode, cmd};

use super::{Workspace, print_json};

#[derive(Subcommand, Debug)]
pub enum LayoutCommand {
    /// 排版建议: up to 5 plans that fit, best first; `--apply N` takes plan N.
    Suggest {
        #[arg(long)]
        issue: i64,
        /// Make suggestion N (1-based) the issue's page plan.
        #[arg(long, value_name = "N")]
        apply: Option<usize>,
        #[arg(long)]
        json: bool,
    },
}

fn describe(out: &mut impl Write, n: usize, s: &Suggestion, titles: &HashMap<i64, String>) {
    let _ = writeln!(out, "方案{n}  扣分 {}", s.score);
    for p in &s.parts {
        let _ = writeln!(out, "  {}：{}", p.label_zh, p.detail_zh);
    }
    for page in &s.plan.pages {
        let names: Vec<String> = page
            .placements
            .iter()
            .map(|pl| {
                let t = titles.get(&pl.article_id).map_or("?", String::as_str);
                if pl.type_scale == 100 {
                    format!("《{t}》")
                } else {
                    format!("《{t}》{}%", pl.type_scale)
                }
            })
            .collect();
        let _ = writeln!(out, "  第{}版：{}", page.number, names.join("、"));
    }
    for l in &s.left_out {
        let _ = writeln!(out, "  未排入《{}》：{}", l.title, l.reason_zh);
    }
}

impl Workspace {
    pub(super) fn layout(
        &self,
        as_user: Option<&str>,
        command: LayoutCommand,
    ) -> Result<ExitCode, ApiError> {
        let session = self.session(as_user)?;
        let LayoutCommand::Suggest { issue, apply, json } = command;
        let found = self.call::<cmd::suggest_layout>(
            &session,
            SuggestLayoutInput {
                issue_id: issue,
                pages: None,
                keep: None,
            },
        )?;
        let Some(n) = apply else {
            if json {
                print_json(&found);
                return Ok(ExitCode::SUCCESS);
            }
            let now =
                self.call::<cmd::get_issue_plan>(&session, IssueIdInput { issue_id: issue })?;
            let titles: HashMap<i64, String> = now
                .articles
                .iter()
                .map(|a| (a.id, a.title.clone()))
                .collect();
            let mut out = std::io::stdout().lock();
            for (i, s) in found.suggestions.iter().enumerate() {
                describe(&mut out, i + 1, s, &titles);
                let _ = writeln!(out);
            }
            let _ = writeln!(
                out,
                "共{}个方案（评估{}种排法，用时{}毫秒）；用 --apply N 采用其中一个",
                found.suggestions.len(),
                found.searched,
                found.took_ms
            );
            return Ok(ExitCode::SUCCESS);
        };
        let Some(chosen) = n.checked_sub(1).and_then(|i| found.suggestions.get(i)) else {
            return Err(ApiError::new(
                ErrorCode::InvalidInput,
                format!("没有方案{n}：共{}个方案", found.suggestions.len()),
                format!("no suggestion {n}"),
            ));
        };
        let applied = self.call::<cmd::plan_issue>(&session, chosen.plan.clone())?;
        if json {
            print_json(&applied);
        } else {
            let fits: Vec<&str> = applied.fit.iter().map(|f| f.message_zh.as_str()).collect();
            println!("已采用方案{n}：{}", fits.join("，"));
        }
        Ok(ExitCode::SUCCESS)
    }
}
