//! The print export: the PDF/X-4 (or PDF/A, or a 校样 proof) of an issue,
//! recorded with its manifest, and the list of an issue's exports.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use ts_rs::TS;
use zonepress_core::{Action, Id, authorize};
use zonepress_export::{PdfOptions, Severity};
use zonepress_store::issues::{ExportRecord, NewExport};

use super::{Manifest, StoreAssets, doc_of, exporter, manifest_of, preflight_of};
use crate::events::{Change, EventKind};
use crate::proof::IssueIdInput;
use crate::{ApiError, Binary, Context, ErrorCode, Session};

#[derive(Debug, Clone, Default, Deserialize, Serialize, TS, JsonSchema)]
#[serde(deny_unknown_fields)]
#[ts(optional_fields)]
pub struct ExportOptions {
    /// 3 mm bleed with crop marks.
    #[serde(default)]
    pub bleed: Option<bool>,
    /// 校样: allowed despite preflight errors; every page carries a 校样 watermark.
    #[serde(default)]
    pub proof: Option<bool>,
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

/// The PDF and its manifest.
pub struct Exported {
    pub pdf: Vec<u8>,
    pub manifest: Manifest,
    pub file_name: String,
}

/// Export an issue as `session`, who must hold the layout role: the
/// command, the CLI and the desktop's save dialog all come here.
pub fn export_as(
    ctx: &Context,
    session: &Session,
    issue_id: Id,
    options: &ExportOptions,
) -> Result<Exported, ApiError> {
    authorize(&session.user, Action::Export)?;
    export(ctx, session, issue_id, options)
}

/// Export an issue as `session` (the caller checked the right to export). Refused on preflight
/// errors unless it is a proof (校样). Preflight, the layout, the manifest
/// and the signature check all come from one snapshot of the workspace, and
/// the issue is typeset once.
fn export(
    ctx: &Context,
    session: &Session,
    issue_id: Id,
    options: &ExportOptions,
) -> Result<Exported, ApiError> {
    let proof = options.proof.unwrap_or(false);
    let form = crate::press::export_form(options)?;
    let embed = form.embed_manifest;
    let snap = ctx.store().issue_snapshot(issue_id)?;
    let doc = doc_of(&snap, form.bleed, proof);
    let uid = {
        let mut b = [0u8; 12];
        getrandom::fill(&mut b).map_err(ApiError::internal)?;
        hex::encode(b)
    };
    let mut manifest = manifest_of(&snap, &doc, &session.user.display_name, proof, &uid);
    let exporter = exporter(ctx)?;
    let assets = StoreAssets(ctx.store());
    let laid = exporter.layout(&doc, &assets)?;
    let pre = preflight_of(ctx, &snap, &doc, &laid)?;
    if !proof && !pre.ready {
        let first: Vec<String> = pre
            .items
            .iter()
            .filter(|i| i.severity == Severity::Error)
            .take(3)
            .map(|i| i.message_zh.clone())
            .collect();
        return Err(ApiError::new(
            ErrorCode::ExportFailed,
            format!(
                "印前检查有{}个问题未解决，不能导出付印稿（可导出带水印的校样）：{}",
                pre.errors,
                first.join("；")
            ),
            format!("preflight has {} errors", pre.errors),
        )
        .with_detail(serde_json::to_value(&pre).unwrap_or_default()));
    }
    // The print PDF only under 付印, at the layout it bound.
    if !proof {
        crate::pages::gate::require_print_order(ctx, session, &snap, &doc, &mut manifest)?;
    }
    let manifest_json = serde_json::to_string_pretty(&manifest).map_err(ApiError::internal)?;
    let pdf = laid.pdf(&PdfOptions {
        pdf_a: form.pdf_a,
        pdf_x: form.pdf_x,
        manifest_json: embed.then(|| manifest_json.clone()),
        title: String::new(),
    })?;
    let sha = hex::encode(Sha256::digest(&pdf));
    ctx.store().record_export(
        &session.actor(),
        &NewExport {
            issue_id,
            proof,
            pdf_sha256: &sha,
            pages: laid.page_count() as u32,
            manifest_json: &manifest_json,
            export_uid: &uid,
            options_json: &serde_json::to_string(options).map_err(ApiError::internal)?,
            doc_json: &serde_json::to_string(&doc).map_err(ApiError::internal)?,
        },
    )?;
    ctx.publish(
        Change::new(
            EventKind::Export,
            if proof { "proof" } else { "pdf" },
            issue_id,
        )
        .issue(Some(issue_id))
        .by(&session.user),
    );
    let file_name = format!(
        "{}-{}年第{}期{}.pdf",
        doc.publication.name,
        doc.issue.year,
        doc.issue.number,
        if proof { "-校样" } else { "" }
    );
    Ok(Exported {
        pdf,
        manifest,
        file_name,
    })
}

pub fn export_issue(
    ctx: &Context,
    session: &Session,
    input: ExportIssueInput,
) -> Result<Binary, ApiError> {
    let out = export_as(
        ctx,
        session,
        input.issue_id,
        &input.options.unwrap_or_default(),
    )?;
    Ok(Binary {
        content_type: "application/pdf".into(),
        file_name: out.file_name,
        bytes: out.pdf,
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
