//! A workspace is a folder: `workspace.db` (the SQLite store) and
//! `workspace.lock` (held by the process serving it).

use std::fs::{File, OpenOptions};
use std::io::{Read, Seek, Write};
use std::path::{Path, PathBuf};

use chrono::Utc;
use zonepress_store::Store;

use crate::{ApiError, ErrorCode, Session};

pub const DB_FILE: &str = "workspace.db";
pub const LOCK_FILE: &str = "workspace.lock";

/// Everything a command needs: the store of one workspace.
pub struct Context {
    pub store: Store,
    dir: PathBuf,
    checker: crate::proof::CheckerCache,
    exporter: std::sync::OnceLock<Result<std::sync::Arc<zonepress_export::Exporter>, ApiError>>,
}

impl std::fmt::Debug for Context {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Context").field("dir", &self.dir).finish()
    }
}

impl Context {
    /// Open the workspace in `dir`, creating the folder and the database if
    /// they do not exist.
    pub fn open(dir: impl AsRef<Path>) -> Result<Context, ApiError> {
        let dir = dir.as_ref().to_path_buf();
        std::fs::create_dir_all(&dir).map_err(|e| {
            ApiError::new(
                ErrorCode::Internal,
                format!("无法创建工作区文件夹 {}：{e}", dir.display()),
                format!("cannot create workspace folder {}: {e}", dir.display()),
            )
        })?;
        let store = Store::open(dir.join(DB_FILE))?;
        let ctx = Context {
            store,
            dir,
            checker: Default::default(),
            exporter: Default::default(),
        };
        crate::proof::seed_word_list(&ctx)?;
        Ok(ctx)
    }

    pub(crate) fn checker_cache(&self) -> &crate::proof::CheckerCache {
        &self.checker
    }

    pub(crate) fn exporter_cell(
        &self,
    ) -> &std::sync::OnceLock<Result<std::sync::Arc<zonepress_export::Exporter>, ApiError>> {
        &self.exporter
    }

    pub fn dir(&self) -> &Path {
        &self.dir
    }

    /// The account behind a session token, or `unauthorized`.
    pub fn authenticate(&self, token: Option<&str>) -> Result<Session, ApiError> {
        let token = token
            .filter(|t| !t.is_empty())
            .ok_or_else(ApiError::unauthorized)?;
        let token_hash = crate::auth::hash_token(token);
        let user = self
            .store
            .session_user(&token_hash, Utc::now())?
            .ok_or_else(ApiError::unauthorized)?;
        Ok(Session { user, token_hash })
    }
}

/// An exclusive lock on a workspace folder, held while a process serves it.
/// The lock file names the holder so that others can say who has it.
#[derive(Debug)]
pub struct WorkspaceLock {
    _file: File,
    path: PathBuf,
}

impl WorkspaceLock {
    /// Take the lock or refuse with `workspace_locked`, naming the holder.
    pub fn acquire(dir: &Path, holder: &str) -> Result<WorkspaceLock, ApiError> {
        std::fs::create_dir_all(dir).map_err(ApiError::internal)?;
        let path = dir.join(LOCK_FILE);
        let mut file = OpenOptions::new()
            .read(true)
            .write(true)
            .create(true)
            .truncate(false)
            .open(&path)
            .map_err(ApiError::internal)?;
        match file.try_lock() {
            Ok(()) => {}
            Err(std::fs::TryLockError::WouldBlock) => {
                let mut who = String::new();
                let _ = file.read_to_string(&mut who);
                let who = who.trim();
                return Err(ApiError::new(
                    ErrorCode::WorkspaceLocked,
                    format!(
                        "工作区 {} 正在被另一个进程使用（{}），不能同时打开",
                        dir.display(),
                        if who.is_empty() { "未知进程" } else { who }
                    ),
                    format!("workspace {} is locked by {who}", dir.display()),
                ));
            }
            Err(std::fs::TryLockError::Error(e)) => return Err(ApiError::internal(e)),
        }
        file.set_len(0).map_err(ApiError::internal)?;
        file.rewind().map_err(ApiError::internal)?;
        let _ = write!(file, "{holder}，进程号 {}", std::process::id());
        let _ = file.flush();
        Ok(WorkspaceLock { _file: file, path })
    }

    pub fn path(&self) -> &Path {
        &self.path
    }
}
