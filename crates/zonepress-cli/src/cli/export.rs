//! `export`: an issue's print PDF (PDF/X-4, PDF/A or a 校样 proof) with its
//! manifest beside it.

use std::process::ExitCode;

use zonepress_api::auth::Role;
use zonepress_api::layout::{ExportIssueInput, ExportOptions, ManifestInput};
use zonepress_api::{ApiError, cmd};

use super::Workspace;

pub(super) struct ExportFlags {
    pub(super) bleed: bool,
    pub(super) proof_copy: bool,
    pub(super) pdf_a: bool,
    pub(super) pdf_a2b: bool,
}

impl Workspace {
    pub(super) fn export(
        &self,
        as_user: Option<&str>,
        issue: i64,
        output: &std::path::Path,
        flags: ExportFlags,
    ) -> Result<ExitCode, ApiError> {
        let session = self.session_with_role(as_user, Role::Layout, true, "导出人")?;
        let pdf = self.call::<cmd::export_issue>(
            &session,
            ExportIssueInput {
                issue_id: issue,
                options: Some(ExportOptions {
                    bleed: flags.bleed.then_some(true),
                    proof_copy: Some(flags.proof_copy),
                    pdf_a: Some(flags.pdf_a),
                    embed_manifest: flags.pdf_a.then_some(!flags.pdf_a2b),
                    pdf_x: None,
                }),
            },
        )?;
        // The manifest of this very export, by its id.
        let manifest = self.call::<cmd::get_export_manifest>(
            &session,
            ManifestInput {
                issue_id: issue,
                export_uid: pdf.record_id,
            },
        )?;
        let manifest_path = zonepress_api::files::write_export(
            output,
            &pdf.bytes,
            &serde_json::to_string_pretty(&manifest).map_err(ApiError::internal)?,
        )?;
        println!(
            "已导出{}：{}（{}版，{}篇稿件），清单：{}",
            match (flags.proof_copy, flags.pdf_a) {
                (true, _) => "校样",
                (false, true) => "存档稿（PDF/A）",
                (false, false) => "付印稿（PDF/X-4）",
            },
            output.display(),
            manifest.pages,
            manifest.articles.len(),
            manifest_path.display()
        );
        Ok(ExitCode::SUCCESS)
    }
}
