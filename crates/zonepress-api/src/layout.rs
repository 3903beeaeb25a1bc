//! Layout and what comes out of it, one job per file: the page plan of an
//! issue, its fit (overflow per page) and page previews in [`plan`];
//! 印前检查 in [`preflight`]; the snapshot → layout → 印前检查 gate the print
//! PDF and the 数字报 share in [`pipeline`]; the print PDF (or a 校样 proof)
//! and the list of exports in [`export`]; what an export printed and on
//! whose signature in [`manifest`]; a PDF (or a 数字报) held against the
//! approved text in [`verify`]; the 审稿单 in [`review_form`]; images stored
//! in the workspace in [`assets`].
//!
//! This file holds what they share: the typesetter of the process.

use std::sync::Arc;

use zonepress_export::{ExportConfig, ExportError, Exporter};

use crate::{ApiError, Context, ErrorCode};

mod assets;
mod export;
mod manifest;
pub(crate) mod pipeline;
mod plan;
mod preflight;
mod review_form;
mod verify;

pub use assets::*;
pub use export::*;
pub use manifest::*;
pub use plan::*;
pub use preflight::*;
pub use review_form::*;
pub use verify::*;

impl From<ExportError> for ApiError {
    fn from(e: ExportError) -> ApiError {
        ApiError::new(
            ErrorCode::ExportFailed,
            e.message_zh(),
            format!("export: {e}"),
        )
        .with_detail(serde_json::json!({ "export_error": e.code() }))
    }
}

/// The typesetter, created on first use and shared by every command of the
/// process, so that typeset pages and previews stay cached between commands.
/// The font index lives in the workspace's `cache/` folder: a new process
/// reads only font files that changed since it was written.
pub fn exporter(ctx: &Context) -> Result<Arc<Exporter>, ApiError> {
    ctx.exporter_cell()
        .get_or_init(|| {
            let fonts = ctx.dir().join("fonts");
            let templates = ctx.dir().join("templates");
            Exporter::new(ExportConfig {
                extra_font_dirs: fonts.is_dir().then_some(fonts).into_iter().collect(),
                template_dir: templates.is_dir().then_some(templates),
                font_index: Some(ctx.dir().join("cache").join("font-index.json")),
                press_cache: Some(crate::press::press_cache(ctx)),
            })
            .map(Arc::new)
            .map_err(ApiError::from)
        })
        .clone()
}
