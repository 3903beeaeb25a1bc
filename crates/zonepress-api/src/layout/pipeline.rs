//! The pipeline the print PDF and the 数字报 share: one snapshot of the
//! issue, its layout, 印前检查 on that layout and the gate it makes (a
//! final output only when preflight passes and under 付印, at the layout
//! 付印 bound; a 校样 always), and the manifest of what it prints.

use std::sync::Arc;

use zonepress_export::{Exporter, IssueDoc, LaidOutIssue, Severity};

use super::{Manifest, StoreAssets, doc_of, exporter, manifest_of, preflight_of};
use crate::{ApiError, Context, ErrorCode, Session};

/// Which output the pipeline is for: the refusal names it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Output {
    /// The print PDF (or its 校样).
    Print,
    /// The 数字报 (or its 校样 preview).
    Web,
}

/// An issue laid out and let through the gate, ready to be written out.
pub(crate) struct Gated {
    pub doc: IssueDoc,
    pub exporter: Arc<Exporter>,
    pub laid: LaidOutIssue,
    /// The manifest of this output (its `export_uid` is [`Gated::uid`]).
    pub manifest: Manifest,
    /// The output's own id, recorded with it.
    pub uid: String,
}

/// Snapshot → layout → 印前检查 gate, as `session`, for an output of
/// `issue_id` (`proof`: a 校样, allowed despite preflight errors and
/// before 付印). The caller checked the right to export.
pub(crate) fn gated_layout(
    ctx: &Context,
    session: &Session,
    issue_id: zonepress_core::Id,
    bleed: bool,
    proof_copy: bool,
    output: Output,
) -> Result<Gated, ApiError> {
    let snap = ctx.store().issue_snapshot(issue_id)?;
    let doc = doc_of(&snap, bleed, proof_copy);
    let uid = {
        let mut b = [0u8; 12];
        getrandom::fill(&mut b).map_err(ApiError::internal)?;
        hex::encode(b)
    };
    let mut manifest = manifest_of(&snap, &doc, &session.user.display_name, proof_copy, &uid);
    let exporter = exporter(ctx)?;
    let laid = exporter.layout(&doc, &StoreAssets(ctx.store()))?;
    let pre = preflight_of(ctx, &snap, &doc, &laid)?;
    if !proof_copy && !pre.ready {
        let first: Vec<String> = pre
            .items
            .iter()
            .filter(|i| i.severity == Severity::Error)
            .take(3)
            .map(|i| i.message_zh.clone())
            .collect();
        let (message, log) = match output {
            Output::Print => ("不能导出付印稿（可导出带水印的校样）", "preflight has"),
            Output::Web => (
                "不能发布数字报（可导出标明校样的预览）",
                "web edition refused: preflight has",
            ),
        };
        return Err(ApiError::new(
            ErrorCode::ExportFailed,
            format!(
                "印前检查有{}个问题未解决，{message}：{}",
                pre.errors,
                first.join("；")
            ),
            format!("{log} {} errors", pre.errors),
        )
        .with_detail(serde_json::to_value(&pre).unwrap_or_default()));
    }
    // A final output only under 付印, at the layout it bound.
    if !proof_copy {
        crate::pages::gate::require_print_order(ctx, session, &snap, &doc, &mut manifest)?;
    }
    Ok(Gated {
        doc,
        exporter,
        laid,
        manifest,
        uid,
    })
}
