//! `verify`: an exported PDF, or a 数字报 folder or .zip, against the
//! workspace's approved revisions; exits with 1 on any mismatch.

use std::process::ExitCode;

use zonepress_api::layout::VerifyInput;
use zonepress_api::{ApiError, cmd};

use super::{CHECK_FOUND_ERRORS, Workspace, print_json};

impl Workspace {
    pub(super) fn verify(
        &self,
        as_user: Option<&str>,
        file: &std::path::Path,
        json: bool,
    ) -> Result<ExitCode, ApiError> {
        let pdf = if file.is_dir() {
            // A 数字报 folder: its files, packed as the zip the command reads.
            zonepress_api::files::read_edition(file)?
        } else {
            std::fs::read(file).map_err(|e| {
                ApiError::invalid(
                    format!("无法读取 {}：{e}", file.display()),
                    format!("read {}: {e}", file.display()),
                )
            })?
        };
        // A PDF/A-2b export carries no manifest: it is the file beside it.
        let beside = std::fs::read_to_string(zonepress_api::files::manifest_path(file)).ok();
        let session = self.session(as_user)?;
        use base64::Engine;
        let report = self.call::<cmd::verify_export>(
            &session,
            VerifyInput {
                pdf_base64: base64::engine::general_purpose::STANDARD.encode(&pdf),
                manifest_json: beside,
            },
        )?;
        if json {
            print_json(&report);
        } else {
            match &report.export {
                Some(e) if report.hash_matches => println!(
                    "✓ 此文件是本工作区记录的导出（{}，{}导出，SHA-256 {}）",
                    e.at.with_timezone(&chrono::Local).format("%Y-%m-%d %H:%M"),
                    e.user.display_name,
                    &e.pdf_sha256[..16]
                ),
                _ => {}
            }
            for n in &report.notes {
                println!("※ {n}");
            }
            for p in &report.problems {
                println!("✗ {p}");
            }
            for a in &report.articles {
                if a.ok {
                    println!(
                        "✓ 第{}版《{}》与签发的第{}稿一致",
                        a.page, a.title, a.revision
                    );
                } else {
                    println!("✗ 第{}版《{}》（第{}稿）：", a.page, a.title, a.revision);
                    for p in &a.problems {
                        println!("    {p}");
                    }
                }
            }
            println!(
                "{}：{}篇稿件，{}篇不一致{}",
                report.issue,
                report.articles.len(),
                report.articles.iter().filter(|a| !a.ok).count(),
                if report.ok {
                    "，核验通过"
                } else {
                    "，核验未通过"
                }
            );
        }
        Ok(if report.ok {
            ExitCode::SUCCESS
        } else {
            ExitCode::from(CHECK_FOUND_ERRORS)
        })
    }
}
