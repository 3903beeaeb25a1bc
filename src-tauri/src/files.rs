//! Files the user saves from the app (the print PDF with its manifest, the
//! 审稿单, a backup): made by the command in the current mode, written
//! where the user chose with the native dialog — in connected mode too, so
//! a reviewer at another PC gets the file on her own disk.

use std::path::Path;

use sha2::{Digest, Sha256};
use zonepress_api::layout::{ExportIssueInput, ExportOptions, Manifest, ManifestInput};
use zonepress_api::{ApiError, Caller, Command, ErrorCode, Reply, cmd};

use crate::desktop::{Desktop, Mode, no_workspace};

fn write_failed(path: &Path, e: std::io::Error) -> ApiError {
    ApiError::invalid(
        format!("无法写入 {}：{e}", path.display()),
        format!("write {}: {e}", path.display()),
    )
}

impl Desktop {
    /// Export an issue to `path` with its manifest beside it
    /// (`….manifest.json`), as the caller (the `export_issue` command's
    /// permissions). Answers where the manifest went.
    pub async fn export_to(
        &self,
        path: &Path,
        token: Option<String>,
        issue_id: i64,
        options: serde_json::Value,
    ) -> Result<std::path::PathBuf, ApiError> {
        let options: ExportOptions = serde_json::from_value(options).map_err(ApiError::from)?;
        let (pdf, manifest) = match self.ready().await {
            Mode::Local(local) => {
                let ctx = local.ctx.clone();
                tokio::task::spawn_blocking(move || {
                    let caller = Caller::local();
                    let session = zonepress_api::authenticate(&ctx, &caller, token.as_deref())?;
                    let pdf = zonepress_api::invoke::<cmd::export_issue>(
                        &ctx,
                        &caller,
                        &session,
                        ExportIssueInput {
                            issue_id,
                            options: Some(options),
                        },
                    )?;
                    let manifest = zonepress_api::invoke::<cmd::get_export_manifest>(
                        &ctx,
                        &caller,
                        &session,
                        ManifestInput {
                            issue_id,
                            export_uid: pdf.record_id,
                        },
                    )?;
                    Ok::<_, ApiError>((pdf.bytes, manifest))
                })
                .await
                .map_err(ApiError::internal)??
            }
            Mode::Remote(_) => self.remote_export(token, issue_id, options).await?,
            Mode::Closed { error } => return Err(error.unwrap_or_else(no_workspace)),
            Mode::Opening => return Err(no_workspace()),
        };
        let manifest = serde_json::to_string_pretty(&manifest).map_err(ApiError::internal)?;
        let beside = zonepress_api::files::write_export(path, &pdf, &manifest)?;
        self.mark_saved(path);
        Ok(beside)
    }

    /// `export_issue` on the server, then the manifest of that very export
    /// by the id the server answered with it. A server that sends no id
    /// gets the latest manifest, checked against the PDF's hash in the
    /// export record (another export in between is refused, not mixed up).
    async fn remote_export(
        &self,
        token: Option<String>,
        issue_id: i64,
        options: ExportOptions,
    ) -> Result<(Vec<u8>, Manifest), ApiError> {
        let input = ExportIssueInput {
            issue_id,
            options: Some(options),
        };
        let input = serde_json::to_value(input).map_err(ApiError::internal)?;
        let pdf = match self
            .call(cmd::export_issue::NAME.into(), token.clone(), input)
            .await?
        {
            Reply::Binary(b) => b,
            Reply::Json(_) => return Err(ApiError::internal("export_issue answered JSON")),
        };
        let which = ManifestInput {
            issue_id,
            export_uid: pdf.record_id.clone(),
        };
        let which = serde_json::to_value(which).map_err(ApiError::internal)?;
        let manifest = match self
            .call(cmd::get_export_manifest::NAME.into(), token.clone(), which)
            .await?
        {
            Reply::Json(v) => serde_json::from_value::<Manifest>(v).map_err(ApiError::internal)?,
            Reply::Binary(_) => return Err(ApiError::internal("manifest answered a file")),
        };
        if pdf.record_id.is_some() {
            return Ok((pdf.bytes, manifest));
        }
        let issue = serde_json::json!({ "issue_id": issue_id });
        let latest = match self
            .call(cmd::list_exports::NAME.into(), token, issue)
            .await?
        {
            Reply::Json(v) => v
                .get(0)
                .and_then(|r| r.get("pdf_sha256"))
                .and_then(|h| h.as_str())
                .map(str::to_ascii_lowercase),
            Reply::Binary(_) => None,
        };
        if latest.as_deref() != Some(hex::encode(Sha256::digest(&pdf.bytes)).as_str()) {
            return Err(ApiError::new(
                ErrorCode::Conflict,
                "导出期间其他同事也导出了本期，无法确定与此文件对应的清单，请重新导出",
                "another export of the issue landed between export and manifest",
            ));
        }
        Ok((pdf.bytes, manifest))
    }

    /// Run a command that answers with a file and write it to `path`.
    pub async fn download_to(
        &self,
        path: &Path,
        token: Option<String>,
        command: String,
        input: serde_json::Value,
    ) -> Result<(), ApiError> {
        if !zonepress_api::command_info(&command).is_some_and(|c| c.binary) {
            return Err(ApiError::new(
                ErrorCode::UnknownCommand,
                format!(
                    "“{}”不是返回文件的操作",
                    command.chars().take(64).collect::<String>()
                ),
                format!("save_download of a non-binary command {command:?}"),
            ));
        }
        // A backup holds password hashes and the audit key: its owner's only.
        let private = command == "backup_workspace";
        let bytes = match self.call(command, token, input).await? {
            Reply::Binary(b) => b.bytes,
            Reply::Json(_) => return Err(ApiError::internal("binary command answered JSON")),
        };
        if private {
            zonepress_api::files::write_private(path, &bytes, false)?;
        } else {
            std::fs::write(path, bytes).map_err(|e| write_failed(path, e))?;
        }
        self.mark_saved(path);
        Ok(())
    }
}
