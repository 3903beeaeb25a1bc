//! `web` (数字报, a folder or one .zip) and `wechat` (公众号 HTML of an article
//! or an issue).

use std::process::ExitCode;

use zonepress_api::articles::IdInput;
use zonepress_api::auth::Role;
use zonepress_api::layout::ManifestInput;
use zonepress_api::proof::IssueIdInput;
use zonepress_api::web::ExportWebInput;
use zonepress_api::{ApiError, cmd};

use super::Workspace;

impl Workspace {
    pub(super) fn web(
        &self,
        as_user: Option<&str>,
        issue: i64,
        output: &std::path::Path,
        zip: bool,
        proof_copy: bool,
    ) -> Result<ExitCode, ApiError> {
        // Never mix an edition into other files: a stale file would make
        // the folder differ from the recorded edition (refused before the
        // edition is made).
        if !zip
            && output.exists()
            && std::fs::read_dir(output).map_or(true, |mut d| d.next().is_some())
        {
            return Err(ApiError::invalid(
                format!(
                    "{} 已存在且不是空文件夹，请指定新的文件夹",
                    output.display()
                ),
                format!("{} exists and is not an empty folder", output.display()),
            ));
        }
        let session = self.session_with_role(as_user, Role::Layout, true, "导出人")?;
        let zipped = self.call::<cmd::export_web>(
            &session,
            ExportWebInput {
                issue_id: issue,
                proof_copy: Some(proof_copy),
            },
        )?;
        let manifest = self.call::<cmd::get_export_manifest>(
            &session,
            ManifestInput {
                issue_id: issue,
                export_uid: zipped.record_id.clone(),
            },
        )?;
        let files = zonepress_api::files::write_edition(output, &zipped.bytes, zip)?;
        println!(
            "已导出数字报{}：{}（{}版，{}篇稿件，{}个文件）；打开 {} 即可浏览",
            if proof_copy { "校样" } else { "" },
            output.display(),
            manifest.pages,
            manifest.articles.len(),
            files,
            if zip {
                "解压后的 index.html".to_string()
            } else {
                output.join("index.html").display().to_string()
            }
        );
        Ok(ExitCode::SUCCESS)
    }

    pub(super) fn wechat(
        &self,
        as_user: Option<&str>,
        article: Option<i64>,
        issue: Option<i64>,
        output: &std::path::Path,
    ) -> Result<ExitCode, ApiError> {
        let session = self.session(as_user)?;
        let out = match (article, issue) {
            (Some(id), _) => self.call::<cmd::wechat_html>(&session, IdInput { id })?,
            (None, Some(issue_id)) => {
                self.call::<cmd::wechat_issue_html>(&session, IssueIdInput { issue_id })?
            }
            (None, None) => {
                return Err(ApiError::invalid(
                    "请用 --article 或 --issue 指定稿件或期次",
                    "--article or --issue",
                ));
            }
        };
        std::fs::write(output, out.document.as_bytes()).map_err(|e| {
            ApiError::invalid(
                format!("无法写入 {}：{e}", output.display()),
                format!("write {}: {e}", output.display()),
            )
        })?;
        println!(
            "已写出公众号格式：{}（{}篇稿件：{}）",
            output.display(),
            out.articles.len(),
            out.articles
                .iter()
                .map(|a| format!("《{}》第{}稿", a.title, a.revision))
                .collect::<Vec<_>>()
                .join("、")
        );
        Ok(ExitCode::SUCCESS)
    }
}
