//! Files the user saves from the app (the print PDF with its manifest, the
//! 审稿单, a backup): made by the command in the current mode, written
//! where the user chose with the native dialog — in connected mode too, so
//! a reviewer at another PC gets the file on her own disk.

use std::path::Path;

use sha2::{Digest, Sha256};
use zonepress_api::layout::{ExportOptions, Manifest};
use zonepress_api::{ApiError, Caller, ErrorCode, Reply};

use crate::desktop::{Desktop, Mode, no_workspace};

/// Write a file only its owner can read (0600 on Unix, also when it
/// replaces a file that was not).
fn write_private(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create(true).truncate(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.mode(0o600);
    }
    let file = options.open(path)?;
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        file.set_permissions(std::fs::Permissions::from_mode(0o600))?;
    }
    std::io::Write::write_all(&mut &file, bytes)
}

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
                    let session =
                        zonepress_api::authenticate(&ctx, &Caller::local(), token.as_deref())?;
                    let out = zonepress_api::layout::export_as(&ctx, &session, issue_id, &options)?;
                    Ok::<_, ApiError>((out.pdf, out.manifest))
                })
                .await
                .map_err(ApiError::internal)??
            }
            Mode::Remote(_) => self.remote_export(token, issue_id, options).await?,
            Mode::Closed { error } => return Err(error.unwrap_or_else(no_workspace)),
            Mode::Opening => return Err(no_workspace()),
        };
        let manifest = serde_json::to_string_pretty(&manifest).map_err(ApiError::internal)?;
        let beside = zonepress_api::layout::write_export(path, &pdf, &manifest)?;
        self.mark_saved(path);
        Ok(beside)
    }

    /// `export_issue` on the server, then the manifest of that very export:
    /// the latest one, checked against the PDF's hash in the export record
    /// (another export of the issue in between is refused, not mixed up).
    async fn remote_export(
        &self,
        token: Option<String>,
        issue_id: i64,
        options: ExportOptions,
    ) -> Result<(Vec<u8>, Manifest), ApiError> {
        let input = serde_json::json!({ "issue_id": issue_id, "options": options });
        let pdf = match self
            .call("export_issue".into(), token.clone(), input)
            .await?
        {
            Reply::Binary(b) => b.bytes,
            Reply::Json(_) => return Err(ApiError::internal("export_issue answered JSON")),
        };
        let issue = serde_json::json!({ "issue_id": issue_id });
        let manifest = match self
            .call("get_export_manifest".into(), token.clone(), issue.clone())
            .await?
        {
            Reply::Json(v) => serde_json::from_value::<Manifest>(v).map_err(ApiError::internal)?,
            Reply::Binary(_) => return Err(ApiError::internal("manifest answered a file")),
        };
        let latest = match self.call("list_exports".into(), token, issue).await? {
            Reply::Json(v) => v
                .get(0)
                .and_then(|r| r.get("pdf_sha256"))
                .and_then(|h| h.as_str())
                .map(str::to_ascii_lowercase),
            Reply::Binary(_) => None,
        };
        if latest.as_deref() != Some(hex::encode(Sha256::digest(&pdf)).as_str()) {
            return Err(ApiError::new(
                ErrorCode::Conflict,
                "导出期间其他同事也导出了本期，无法确定与此文件对应的清单，请重新导出",
                "another export of the issue landed between export and manifest",
            ));
        }
        Ok((pdf, manifest))
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
            write_private(path, &bytes).map_err(|e| write_failed(path, e))?;
        } else {
            std::fs::write(path, bytes).map_err(|e| write_failed(path, e))?;
        }
        self.mark_saved(path);
        Ok(())
    }
}
