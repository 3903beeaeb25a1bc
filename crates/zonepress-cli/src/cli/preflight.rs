//! `preflight --issue ID`: the 印前检查 of an issue through `preflight_issue`;
//! exits with 1 when it is not ready for print.

use std::process::ExitCode;

use zonepress_api::proof::IssueIdInput;
use zonepress_api::{ApiError, cmd};

use super::{CHECK_FOUND_ERRORS, Workspace, print_json};

impl Workspace {
    pub(super) fn preflight(
        &self,
        as_user: Option<&str>,
        issue: i64,
        json: bool,
    ) -> Result<ExitCode, ApiError> {
        let session = self.session(as_user)?;
        let report =
            self.call::<cmd::preflight_issue>(&session, IssueIdInput { issue_id: issue })?;
        if json {
            print_json(&report);
        } else {
            for f in &report.fit {
                println!("{}", f.message_zh);
            }
            for i in &report.items {
                let sev = match i.severity {
                    zonepress_api::press::Severity::Error => "错误",
                    zonepress_api::press::Severity::Warning => "警告",
                    zonepress_api::press::Severity::Info => "提示",
                };
                println!("[{sev}] {}", i.message_zh);
            }
            println!(
                "印前检查：错误{}个，警告{}个{}",
                report.errors,
                report.warnings,
                if report.ready {
                    "，可以导出付印稿"
                } else {
                    "，不能导出付印稿"
                }
            );
        }
        Ok(if report.ready {
            ExitCode::SUCCESS
        } else {
            ExitCode::from(CHECK_FOUND_ERRORS)
        })
    }
}
