//! `zonepress preflight --press FILE.pdf [--json]`: the press checks of any
//! PDF, through the `preflight_pdf` command (so the workspace's 印刷设置 —
//! ink limit, lowest resolution — apply). Exits with 1 when there are
//! errors.

use std::process::ExitCode;

use zonepress_api::press::PressPreflightInput;
use zonepress_api::press::Severity;
use zonepress_api::{ApiError, cmd};

use super::{CHECK_FOUND_ERRORS, Workspace, print_json};

impl Workspace {
    pub(super) fn preflight_press(
        &self,
        as_user: Option<&str>,
        file: &std::path::Path,
        json: bool,
    ) -> Result<ExitCode, ApiError> {
        let read_err = |e: std::io::Error| {
            ApiError::invalid(
                format!("无法读取 {}：{e}", file.display()),
                format!("read {}: {e}", file.display()),
            )
        };
        let size = std::fs::metadata(file).map_err(read_err)?.len();
        // The command takes the file as base64 within its body limit.
        let limit = (zonepress_api::LARGE_BODY / 4 * 3 - 1024) as u64;
        if size > limit {
            return Err(ApiError::invalid(
                format!(
                    "{} 太大（{} MB），最多 {} MB",
                    file.display(),
                    size / 1_048_576,
                    limit / 1_048_576
                ),
                format!("{} is {size} bytes", file.display()),
            ));
        }
        let pdf = std::fs::read(file).map_err(read_err)?;
        let session = self.session(as_user)?;
        use base64::Engine;
        let report = self.call::<cmd::preflight_pdf>(
            &session,
            PressPreflightInput {
                pdf_base64: base64::engine::general_purpose::STANDARD.encode(&pdf),
            },
        )?;
        if json {
            print_json(&report);
        } else {
            println!(
                "{}：{}页，{}，输出条件：{}",
                file.display(),
                report.pages,
                report
                    .pdfx_version
                    .as_deref()
                    .map_or("不是 PDF/X".to_string(), |v| v.to_string()),
                report.output_condition.as_deref().unwrap_or("无")
            );
            for f in &report.findings {
                let sev = match f.severity {
                    Severity::Error => "错误",
                    Severity::Warning => "警告",
                    Severity::Info => "提示",
                };
                println!("[{sev}] {}", f.message_zh);
            }
            println!(
                "印前检查（总墨量上限{}%，图片最低{} ppi）：错误{}个，警告{}个",
                report.limits.ink_limit, report.limits.min_ppi, report.errors, report.warnings
            );
        }
        Ok(if report.errors == 0 {
            ExitCode::SUCCESS
        } else {
            ExitCode::from(CHECK_FOUND_ERRORS)
        })
    }
}
