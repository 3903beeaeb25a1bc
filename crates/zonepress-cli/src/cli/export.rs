//! `export`: an issue's print PDF (PDF/X-4, PDF/A or a 校样 proof) with its
//! manifest beside it.

use std::process::ExitCode;

use zonepress_api::ApiError;
use zonepress_core::Role;

use super::Workspace;

pub(super) struct ExportFlags {
    pub(super) bleed: bool,
    pub(super) proof: bool,
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
        let out = zonepress_api::layout::export_as(
            &self.ctx,
            &session,
            issue,
            &zonepress_api::layout::ExportOptions {
                bleed: flags.bleed.then_some(true),
                proof: Some(flags.proof),
                pdf_a: Some(flags.pdf_a),
                embed_manifest: flags.pdf_a.then_some(!flags.pdf_a2b),
                pdf_x: None,
            },
        )?;
        let manifest_path = zonepress_api::layout::write_export(
            output,
            &out.pdf,
            &serde_json::to_string_pretty(&out.manifest).map_err(ApiError::internal)?,
        )?;
        println!(
            "已导出{}：{}（{}版，{}篇稿件），清单：{}",
            match (flags.proof, flags.pdf_a) {
                (true, _) => "校样",
                (false, true) => "存档稿（PDF/A）",
                (false, false) => "付印稿（PDF/X-4）",
            },
            output.display(),
            out.manifest.pages,
            out.manifest.articles.len(),
            manifest_path.display()
        );
        Ok(ExitCode::SUCCESS)
    }
}
