//! `audit`: the audit log 审计日志 (oldest first), or `audit verify` to check
//! its hash chain.

use std::io::Write;
use std::process::ExitCode;

use clap::Subcommand;
use zonepress_api::admin::ListAuditInput;
use zonepress_api::{ApiError, Empty, cmd};

use super::{CHECK_FOUND_ERRORS, Workspace, print_json};

#[derive(Subcommand, Debug)]
pub enum AuditCommand {
    /// Check the hash chain: exit 0 when intact, 1 naming the first broken entry.
    Verify {
        #[arg(long)]
        json: bool,
    },
}

impl Workspace {
    pub(super) fn audit(
        &self,
        as_user: Option<&str>,
        command: Option<AuditCommand>,
        since: Option<chrono::NaiveDate>,
        until: Option<chrono::NaiveDate>,
        action: Option<String>,
        json: bool,
    ) -> Result<ExitCode, ApiError> {
        let session = self.session(as_user)?;
        if let Some(AuditCommand::Verify { json: vjson }) = command {
            let report = self.call::<cmd::verify_audit>(&session, Empty {})?;
            if vjson || json {
                print_json(&report);
            } else if report.ok {
                println!("审计日志完整：{}条记录，哈希链无断点", report.entries);
                if let Some(since) = report.keyed_since {
                    println!(
                        "第{since}条起的记录以工作区文件夹中 audit.key 的密钥签名（HMAC-SHA256）"
                    );
                }
            } else {
                println!(
                    "审计日志被改动过：第{}条记录起哈希链断开（{}）",
                    report.first_broken.unwrap_or_default(),
                    report.reason.as_deref().unwrap_or("")
                );
            }
            return Ok(if report.ok {
                ExitCode::SUCCESS
            } else {
                ExitCode::from(CHECK_FOUND_ERRORS)
            });
        }
        let mut entries = Vec::new();
        let mut offset = 0u32;
        loop {
            let page = self.call::<cmd::list_audit>(
                &session,
                ListAuditInput {
                    since,
                    until,
                    action: action.clone(),
                    limit: Some(1000),
                    offset: Some(offset),
                    oldest_first: Some(true),
                    ..Default::default()
                },
            )?;
            let n = page.entries.len() as u32;
            entries.extend(page.entries);
            offset += n;
            if n < 1000 {
                break;
            }
        }
        if json {
            print_json(&entries);
        } else {
            let mut out = std::io::stdout().lock();
            for e in &entries {
                let _ = writeln!(
                    out,
                    "{:>6}  {}  {:<22} {}  {}{}  {}",
                    e.id,
                    e.at.with_timezone(&chrono::Local)
                        .format("%Y-%m-%d %H:%M:%S"),
                    e.action,
                    e.actor,
                    e.client,
                    if e.via.is_empty() {
                        String::new()
                    } else {
                        format!("/{}", e.via)
                    },
                    match (&e.target_kind, e.target_id) {
                        (k, Some(id)) => format!("{k}#{id}"),
                        (k, None) => k.clone(),
                    }
                );
            }
            let _ = writeln!(out, "共{}条", entries.len());
        }
        Ok(ExitCode::SUCCESS)
    }
}
