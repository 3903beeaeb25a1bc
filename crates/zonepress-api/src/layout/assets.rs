//! Images stored in the workspace: the typesetter's asset source and the
//! `get_asset` command.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use ts_rs::TS;
use zonepress_core::{Action, authorize};
use zonepress_export::AssetSource;
use zonepress_store::Store;

use crate::{ApiError, Binary, Context, ErrorCode, Session};

/// Images come from the workspace store.
pub(crate) struct StoreAssets<'a>(pub(crate) &'a Store);

impl AssetSource for StoreAssets<'_> {
    /// An image whose header declares more pixels than may be decoded
    /// ([`zonepress_core::image::MAX_PIXELS`]) is never handed to the
    /// typesetter: it counts as missing.
    fn asset(&self, asset_id: &str) -> Option<Vec<u8>> {
        let bytes = self.0.asset_bytes(asset_id).ok().flatten()?;
        match zonepress_core::image::probe(&bytes) {
            Some(info) if info.within_limits() => Some(bytes),
            Some(info) => {
                tracing::warn!(
                    asset_id,
                    "image of {}x{} pixels not decoded (beyond the limit)",
                    info.width,
                    info.height
                );
                None
            }
            None => Some(bytes),
        }
    }

    fn has_asset(&self, asset_id: &str) -> bool {
        self.0.asset_info(asset_id).ok().flatten().is_some()
    }

    fn output_profile(&self, key: &str) -> Option<Vec<u8>> {
        self.0.print_profile_icc(key).ok().flatten()
    }
}

#[derive(Debug, Clone, Deserialize, Serialize, TS, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct AssetInput {
    /// SHA-256 of the image.
    pub id: String,
}

pub fn get_asset(ctx: &Context, session: &Session, input: AssetInput) -> Result<Binary, ApiError> {
    authorize(&session.user, Action::Read)?;
    let info = ctx.store().asset_info(&input.id)?;
    let bytes = ctx.store().asset_bytes(&input.id)?;
    match (info, bytes) {
        (Some(info), Some(bytes)) => Ok(Binary {
            record_id: None,
            content_type: info.mime,
            file_name: input.id,
            bytes,
        }),
        _ => Err(ApiError::new(
            ErrorCode::NotFound,
            "找不到图片",
            format!("asset {} not found", input.id),
        )),
    }
}
