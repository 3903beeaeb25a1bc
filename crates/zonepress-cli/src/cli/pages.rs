//! Pages in the record on the command line: `proof-round start|list`,
//! `sign-page` and `order-print`, each through the same commands as the
//! desktop and the server (`start_proof_round`, `list_proof_rounds`,
//! `get_issue_pages`, `sign_page`, `order_print`), as `--as USERNAME`.

use std::io::Write;
use std::process::ExitCode;

use clap::{Args, Subcommand};
use zonepress_api::pages::signoff::SignPageInput;
use zonepress_api::proof::IssueIdInput;
use zonepress_api::{ApiError, cmd};

use super::{Workspace, print_json};

#[derive(Subcommand, Debug)]
pub enum ProofRoundCommand {
    /// Freeze the issue's layout as its next 校样 round (一校样, 二校样, 三校样):
    /// its PDF with the round's watermark, the hash of every page, the box
    /// of every character (layout staff).
    Start {
        #[arg(long)]
        issue: i64,
        #[arg(long)]
        json: bool,
    },
    /// The issue's 校样 rounds with their marks and 差错率.
    List {
        #[arg(long)]
        issue: i64,
        #[arg(long)]
        json: bool,
    },
}

/// `sign-page --issue ID --page N`
#[derive(Args, Debug)]
pub struct SignPageArgs {
    #[arg(long)]
    pub issue: i64,
    /// 1-based page (版).
    #[arg(long)]
    pub page: u8,
    /// The page hash as it was looked at (`get_issue_pages`); without it the
    /// page is signed as it prints now.
    #[arg(long = "page-hash", value_name = "HASH")]
    pub page_hash: Option<String>,
    #[arg(long)]
    pub json: bool,
}

/// `order-print --issue ID`
#[derive(Args, Debug)]
pub struct OrderPrintArgs {
    #[arg(long)]
    pub issue: i64,
    #[arg(long)]
    pub json: bool,
}

fn local(t: chrono::DateTime<chrono::Utc>) -> String {
    t.with_timezone(&chrono::Local)
        .format("%Y-%m-%d %H:%M")
        .to_string()
}

fn short(hash: &str) -> &str {
    hash.get(..12).unwrap_or(hash)
}

impl Workspace {
    pub(super) fn proof_round(
        &self,
        as_user: Option<&str>,
        command: ProofRoundCommand,
    ) -> Result<ExitCode, ApiError> {
        let session = self.session(as_user)?;
        match command {
            ProofRoundCommand::Start { issue, json } => {
                let r = self
                    .call::<cmd::start_proof_round>(&session, IssueIdInput { issue_id: issue })?;
                if json {
                    print_json(&r);
                } else {
                    println!(
                        "已开始{}样：{}版，{}字，版面哈希 {}（校样 PDF 的 SHA-256 {}）",
                        r.round_name,
                        r.pages.len(),
                        r.chars,
                        short(&r.layout_hash),
                        short(&r.pdf_sha256)
                    );
                }
            }
            ProofRoundCommand::List { issue, json } => {
                let rounds = self
                    .call::<cmd::list_proof_rounds>(&session, IssueIdInput { issue_id: issue })?;
                if json {
                    print_json(&rounds);
                } else if rounds.is_empty() {
                    println!("本期还没有校样");
                } else {
                    let mut out = std::io::stdout().lock();
                    for r in rounds {
                        let state = match (&r.closed_by, r.closed_at) {
                            (Some(by), Some(at)) => {
                                format!("已结束（{}，{}）", by.display_name, local(at))
                            }
                            _ => format!("进行中（{}处未处理）", r.open_marks),
                        };
                        let _ = writeln!(
                            out,
                            "{:>4}  {}样  {}  标记{}处  {}字  差错率{:.2}/万  {}开始于{}",
                            r.id,
                            r.round_name,
                            state,
                            r.marks,
                            r.chars,
                            r.error_rate,
                            r.started_by.display_name,
                            local(r.started_at)
                        );
                    }
                }
            }
        }
        Ok(ExitCode::SUCCESS)
    }

    pub(super) fn sign_page(
        &self,
        as_user: Option<&str>,
        args: SignPageArgs,
    ) -> Result<ExitCode, ApiError> {
        let session = self.session(as_user)?;
        let page_hash = match args.page_hash {
            Some(h) => h,
            None => {
                let pages = self.call::<cmd::get_issue_pages>(
                    &session,
                    IssueIdInput {
                        issue_id: args.issue,
                    },
                )?;
                pages
                    .pages
                    .iter()
                    .find(|p| p.page == args.page)
                    .map(|p| p.page_hash.clone())
                    .ok_or_else(|| {
                        ApiError::invalid(
                            format!("本期只有{}版", pages.pages.len()),
                            format!("page {} out of range", args.page),
                        )
                    })?
            }
        };
        let s = self.call::<cmd::sign_page>(
            &session,
            SignPageInput {
                issue_id: args.issue,
                page: args.page,
                page_hash,
            },
        )?;
        if args.json {
            print_json(&s);
        } else {
            println!(
                "第{}版已签版：{}，{}（页面哈希 {}）",
                s.page,
                s.signer.display_name,
                local(s.signed_at),
                short(&s.page_hash)
            );
        }
        Ok(ExitCode::SUCCESS)
    }

    pub(super) fn order_print(
        &self,
        as_user: Option<&str>,
        args: OrderPrintArgs,
    ) -> Result<ExitCode, ApiError> {
        let session = self.session(as_user)?;
        let o = self.call::<cmd::order_print>(
            &session,
            IssueIdInput {
                issue_id: args.issue,
            },
        )?;
        if args.json {
            print_json(&o);
        } else {
            println!(
                "已付印：{}，{}（{}版签版，版面哈希 {}）",
                o.by.display_name,
                local(o.at),
                o.signoffs.len(),
                short(&o.layout_hash)
            );
        }
        Ok(ExitCode::SUCCESS)
    }
}
