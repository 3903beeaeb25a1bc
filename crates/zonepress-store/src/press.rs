//! The press: 印刷设置 (a row of `settings`) and the CMYK output profiles
//! imported into the workspace (`print_profiles`, kept with their bytes so
//! a backup carries them).

use chrono::{DateTime, Utc};
use rusqlite::{Connection, OptionalExtension, params};
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use ts_rs::TS;
use zonepress_core::press::PrintSettings;

use crate::audit::{Actor, Record, append};
use crate::{Result, Store, StoreError, from_millis, now, to_millis};

const SETTINGS_KEY: &str = "print_settings";

/// An output profile imported from a print shop's `.icc` file.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS, JsonSchema)]
pub struct StoredProfile {
    /// SHA-256 of the file.
    pub key: String,
    pub file_name: String,
    /// The profile's own description (its `desc` tag).
    pub description: String,
    pub size: u32,
    pub imported_by: String,
    pub imported_at: DateTime<Utc>,
}

/// 印刷设置 as stored; the defaults of coated paper until an admin saves them.
pub(crate) fn settings_in(conn: &Connection) -> Result<PrintSettings> {
    let json: Option<String> = conn
        .query_row(
            "SELECT value FROM settings WHERE key = ?1",
            [SETTINGS_KEY],
            |r| r.get(0),
        )
        .optional()?;
    Ok(match json {
        Some(json) => serde_json::from_str(&json)?,
        None => PrintSettings::default(),
    })
}

impl Store {
    /// 印刷设置; the defaults of coated paper until an admin saves them.
    pub fn print_settings(&self) -> Result<PrintSettings> {
        self.read(settings_in)
    }

    pub fn set_print_settings(&self, actor: &Actor, s: &PrintSettings) -> Result<PrintSettings> {
        let json = serde_json::to_string(s)?;
        self.write(|tx| {
            let before = settings_in(tx)?;
            tx.execute(
                "INSERT INTO settings (key, value) VALUES (?1, ?2)
                 ON CONFLICT (key) DO UPDATE SET value = ?2",
                params![SETTINGS_KEY, json],
            )?;
            if &before != s {
                append(
                    tx,
                    actor,
                    &Record::new(
                        "print.update",
                        "print",
                        None,
                        serde_json::json!({ "before": before, "after": s }),
                    ),
                )?;
            }
            Ok(s.clone())
        })
    }

    /// The imported profiles, oldest first (without their bytes).
    pub fn print_profiles(&self) -> Result<Vec<StoredProfile>> {
        self.read(|c| {
            let mut stmt = c.prepare(
                "SELECT key, file_name, description, length(icc), imported_by, imported_at
                   FROM print_profiles ORDER BY imported_at, key",
            )?;
            let rows = stmt.query_map([], |r| {
                Ok(StoredProfile {
                    key: r.get(0)?,
                    file_name: r.get(1)?,
                    description: r.get(2)?,
                    size: r.get(3)?,
                    imported_by: r.get(4)?,
                    imported_at: from_millis(r.get(5)?),
                })
            })?;
            Ok(rows.collect::<rusqlite::Result<Vec<_>>>()?)
        })
    }

    /// The bytes of an imported profile.
    pub fn print_profile_icc(&self, key: &str) -> Result<Option<Vec<u8>>> {
        self.read(|c| {
            Ok(c.query_row(
                "SELECT icc FROM print_profiles WHERE key = ?1",
                [key],
                |r| r.get(0),
            )
            .optional()?)
        })
    }

    /// Keep an imported profile (a second import of the same file keeps
    /// the first).
    pub fn add_print_profile(
        &self,
        actor: &Actor,
        key: &str,
        file_name: &str,
        description: &str,
        icc: &[u8],
    ) -> Result<StoredProfile> {
        let at = to_millis(now());
        self.write(|tx| {
            let added = tx.execute(
                "INSERT OR IGNORE INTO print_profiles (key, file_name, description, icc, imported_by, imported_at)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
                params![key, file_name, description, icc, actor.name, at],
            )?;
            if added > 0 {
                append(
                    tx,
                    actor,
                    &Record::new(
                        "print.profile_import",
                        "print_profile",
                        None,
                        serde_json::json!({
                            "key": key, "file_name": file_name,
                            "description": description, "size": icc.len(),
                        }),
                    ),
                )?;
            }
            tx.query_row(
                "SELECT key, file_name, description, length(icc), imported_by, imported_at
                   FROM print_profiles WHERE key = ?1",
                [key],
                |r| {
                    Ok(StoredProfile {
                        key: r.get(0)?,
                        file_name: r.get(1)?,
                        description: r.get(2)?,
                        size: r.get(3)?,
                        imported_by: r.get(4)?,
                        imported_at: from_millis(r.get(5)?),
                    })
                },
            )
            .map_err(StoreError::from)
        })
    }

    /// Remove an imported profile (the caller checks it is not in use).
    pub fn delete_print_profile(&self, actor: &Actor, key: &str) -> Result<()> {
        self.write(|tx| {
            let n = tx.execute("DELETE FROM print_profiles WHERE key = ?1", [key])?;
            if n == 0 {
                return Err(StoreError::NotFound {
                    what: "print profile",
                    key: key.into(),
                });
            }
            append(
                tx,
                actor,
                &Record::new(
                    "print.profile_delete",
                    "print_profile",
                    None,
                    serde_json::json!({ "key": key }),
                ),
            )?;
            Ok(())
        })
    }
}
