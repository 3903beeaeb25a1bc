//! The print export: the PDF/X-4 (or PDF/A, or a 校样 proof) of an issue,
//! recorded with its manifest, and the list of an issue's exports.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use ts_rs::TS;
use zonepress_core::{Action, Id, authorize};
use zonepress_export::PdfOptions;
use zonepress_store::issues::NewExport;

use super::pipeline::{Gated, Output, gated_layout};
use crate::events::{Change, EventKind};
use crate::proof::IssueIdInput;
use crate::{ApiError, Binary, Context, Session};
pub use zonepress_store::issues::ExportRecord;

#[derive(Debug, Clone, Default, Deserialize, Serialize, TS, JsonSchema)]
#[serde(deny_unknown_fields)]
#[ts(optional_fields)]
pub struct ExportOptions {
    /// 3 mm bleed with crop marks.
    #[serde(default)]
    pub bleed: Option<bool>,
    /// 校样: allowed despite preflight errors; every page carries a 校样
    /// watermark. `proof`, its name until 0.4, is still accepted.
    #[serde(default, alias = "proof")]
    pub proof_copy: Option<bool>,
    /// PDF/A: PDF/A-3b while the manifest is embedded, PDF/A-2b when it is not
    /// (PDF/A-2 allows no attachment but PDF/A files).
    #[serde(default)]
    pub pdf_a: Option<bool>,
    /// Embed the manifest in the PDF (default, but for PDF/X-4). Without it
    /// the manifest only goes beside the PDF, and `zonepress verify` reads it
    /// from there.
    #[serde(default)]
    pub embed_manifest: Option<bool>,
    /// PDF/X-4 in CMYK for the print shop (default of the final print
    /// export; not for a 校样 or with PDF/A). See [`crate::press::export_form`].
    #[serde(default)]
    pub pdf_x: Option<bool>,
}

#[derive(Debug, Clone, Deserialize, Serialize, TS, JsonSchema)]
#[serde(deny_unknown_fields)]
#[ts(optional_fields)]
pub struct ExportIssueInput {
    pub issue_id: Id,
    #[serde(default)]
    pub options: Option<ExportOptions>,
}

/// `export_issue`: the print PDF (or a 校样), as `session`, who must hold
/// the layout role. Refused on preflight errors unless it is a proof (校样).
/// Preflight, the layout, the manifest and the signature check all come
/// from one snapshot of the workspace ([`super::pipeline`]), and the issue
/// is typeset once. The answer carries the export's id: the caller fetches
/// this export's manifest with it (`get_export_manifest`), not the latest.
pub fn export_issue(
    ctx: &Context,
    session: &Session,
    input: ExportIssueInput,
) -> Result<Binary, ApiError> {
    authorize(&session.user, Action::Export)?;
    let issue_id = input.issue_id;
    let options = input.options.unwrap_or_default();
    let proof_copy = options.proof_copy.unwrap_or(false);
    let form = crate::press::export_form(&options)?;
    let Gated {
        doc,
        laid,
        manifest,
        uid,
        ..
    } = gated_layout(
        ctx,
        session,
        issue_id,
        form.bleed,
        proof_copy,
        Output::Print,
    )?;
    let manifest_json = serde_json::to_string_pretty(&manifest).map_err(ApiError::internal)?;
    let pdf = laid.pdf(&PdfOptions {
        pdf_a: form.pdf_a,
        pdf_x: form.pdf_x,
        manifest_json: form.embed_manifest.then(|| manifest_json.clone()),
        title: String::new(),
    })?;
    let sha = hex::encode(Sha256::digest(&pdf));
    ctx.store().record_export(
        &session.actor(),
        &NewExport {
            issue_id,
            proof_copy,
            pdf_sha256: &sha,
            pages: laid.page_count() as u32,
            manifest_json: &manifest_json,
            export_uid: &uid,
            options_json: &serde_json::to_string(&options).map_err(ApiError::internal)?,
            doc_json: &serde_json::to_string(&doc).map_err(ApiError::internal)?,
        },
    )?;
    ctx.publish(
        Change::new(
            EventKind::Export,
            if proof_copy { "proof" } else { "pdf" },
            issue_id,
        )
        .issue(Some(issue_id))
        .by(&session.user),
    );
    Ok(Binary {
        content_type: "application/pdf".into(),
        file_name: format!(
            "{}-{}年第{}期{}.pdf",
            doc.publication.name,
            doc.issue.year,
            doc.issue.number,
            if proof_copy { "-校样" } else { "" }
        ),
        bytes: pdf,
        record_id: Some(uid),
    })
}

pub fn list_exports(
    ctx: &Context,
    session: &Session,
    input: IssueIdInput,
) -> Result<Vec<ExportRecord>, ApiError> {
    authorize(&session.user, Action::Read)?;
    Ok(ctx.store().exports(input.issue_id)?)
}
