use std::path::PathBuf;

use zonepress_core::CoreError;

#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    /// A domain rule refused the change; nothing was written.
    #[error(transparent)]
    Core(#[from] CoreError),
    #[error("{what} {key} not found")]
    NotFound { what: &'static str, key: String },
    #[error("{what} {key} already exists")]
    Duplicate { what: &'static str, key: String },
    #[error("the database file {path} is damaged or not a ZonePress workspace: {detail}")]
    Corrupt { path: PathBuf, detail: String },
    #[error(
        "the workspace was written by a newer ZonePress (schema {found}, this build knows {supported})"
    )]
    TooNew { found: u32, supported: u32 },
    #[error("the audit key {path} cannot be used: {detail}")]
    AuditKey { path: PathBuf, detail: String },
    #[error("the database is busy; try again")]
    Busy,
    #[error("stored data could not be read: {0}")]
    Decode(String),
    #[error("database error: {0}")]
    Sqlite(rusqlite::Error),
    #[error("file error: {0}")]
    Io(#[from] std::io::Error),
}

impl From<rusqlite::Error> for StoreError {
    fn from(e: rusqlite::Error) -> Self {
        use rusqlite::ffi::ErrorCode;
        match e.sqlite_error_code() {
            Some(ErrorCode::DatabaseBusy | ErrorCode::DatabaseLocked) => StoreError::Busy,
            _ => StoreError::Sqlite(e),
        }
    }
}

impl From<serde_json::Error> for StoreError {
    fn from(e: serde_json::Error) -> Self {
        StoreError::Decode(e.to_string())
    }
}

pub type Result<T, E = StoreError> = std::result::Result<T, E>;
