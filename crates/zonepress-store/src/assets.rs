//! Images and other binary assets, stored by the SHA-256 of their bytes.

use rusqlite::{Connection, OptionalExtension, params};

use crate::{Result, Store, now, to_millis};

/// An image to store.
#[derive(Debug, Clone)]
pub struct NewAsset {
    /// SHA-256 (hex) of `bytes`.
    pub id: String,
    pub mime: String,
    pub width: u32,
    pub height: u32,
    pub bytes: Vec<u8>,
}

pub(crate) fn insert_asset(conn: &Connection, a: &NewAsset, at: i64) -> Result<()> {
    conn.execute(
        "INSERT INTO assets (id, mime, width, height, bytes, created_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6) ON CONFLICT (id) DO NOTHING",
        params![a.id, a.mime, a.width, a.height, a.bytes, at],
    )?;
    Ok(())
}

/// An asset's description (without its bytes).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AssetInfo {
    pub id: String,
    pub mime: String,
    pub width: u32,
    pub height: u32,
    pub size: u64,
}

impl Store {
    /// Store bytes under their id (the caller computes the SHA-256); storing
    /// the same bytes twice keeps one copy.
    pub fn put_asset(
        &self,
        id: &str,
        mime: &str,
        width: u32,
        height: u32,
        bytes: &[u8],
    ) -> Result<()> {
        let asset = NewAsset {
            id: id.to_string(),
            mime: mime.to_string(),
            width,
            height,
            bytes: bytes.to_vec(),
        };
        self.write(|tx| insert_asset(tx, &asset, to_millis(now())))
    }

    pub fn asset_bytes(&self, id: &str) -> Result<Option<Vec<u8>>> {
        self.read(|c| {
            Ok(
                c.query_row("SELECT bytes FROM assets WHERE id = ?1", [id], |r| r.get(0))
                    .optional()?,
            )
        })
    }

    pub fn asset_info(&self, id: &str) -> Result<Option<AssetInfo>> {
        self.read(|c| {
            Ok(c.query_row(
                "SELECT id, mime, width, height, length(bytes) FROM assets WHERE id = ?1",
                [id],
                |r| {
                    Ok(AssetInfo {
                        id: r.get(0)?,
                        mime: r.get(1)?,
                        width: r.get(2)?,
                        height: r.get(3)?,
                        size: r.get(4)?,
                    })
                },
            )
            .optional()?)
        })
    }
}
