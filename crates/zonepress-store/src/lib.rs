//! ZonePress storage: one SQLite file per workspace.
//!
//! The file is opened in WAL mode with foreign keys on, a busy timeout and
//! `synchronous=FULL`; [`schema`] migrates it forward one version at a time.
//! Reads use pooled connections that never block the writer; every write runs
//! in one `BEGIN IMMEDIATE` transaction that commits only when the closure
//! returns `Ok` (see [`Store::write`]), so a refused change leaves nothing
//! behind and concurrent writers are serialised.
//!
//! The store persists what `zonepress-core` decides. It does not check roles
//! (the api crate does, before calling in) and it never deletes history:
//! revisions, signatures and the audit log are protected by triggers.

pub mod articles;
pub mod assets;
pub mod audit;
mod authorship;
pub mod contributors;
mod error;
pub mod issues;
pub mod notifications;
pub mod pages;
pub mod payments;
pub mod press;
pub mod private;
pub mod proof;
pub mod review;
pub mod schema;
pub mod search;
pub mod snapshot;
pub mod stats;
pub mod topics;
pub mod users;

use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use chrono::{DateTime, TimeZone, Utc};
use rusqlite::{Connection, OpenFlags, Transaction, TransactionBehavior};

pub use error::{Result, StoreError};

/// The workspace database.
pub struct Store {
    path: PathBuf,
    writer: Mutex<Connection>,
    readers: Mutex<Vec<Connection>>,
    stop_checkpointer: Arc<AtomicBool>,
    checkpointer: Option<std::thread::JoinHandle<()>>,
    /// The audit chain's key (kept in `audit.key` beside the database).
    key: Arc<audit::key::AuditKey>,
}

impl Drop for Store {
    /// The checkpoint thread ends with the store and closes its connection:
    /// once a store is dropped nothing of it touches the file (a restore
    /// replaces it right after).
    fn drop(&mut self) {
        self.stop_checkpointer.store(true, Ordering::Relaxed);
        if let Some(handle) = self.checkpointer.take() {
            handle.thread().unpark();
            let _ = handle.join();
        }
    }
}

/// How often the background thread folds the WAL back into the database.
const CHECKPOINT_EVERY: Duration = Duration::from_millis(500);

/// Commits only append to the WAL; this thread moves it into the database
/// file (a PASSIVE checkpoint never blocks readers or the writer), so a save
/// never pays for a checkpoint.
fn spawn_checkpointer(path: PathBuf, stop: Arc<AtomicBool>) -> Option<std::thread::JoinHandle<()>> {
    let spawned = std::thread::Builder::new()
        .name("zonepress-checkpoint".into())
        .spawn(move || {
            let Ok(conn) = Connection::open(&path) else {
                return;
            };
            let _ = conn.busy_timeout(Duration::from_millis(100));
            loop {
                std::thread::park_timeout(CHECKPOINT_EVERY);
                if stop.load(Ordering::Relaxed) {
                    break;
                }
                if let Err(e) = conn.query_row("PRAGMA wal_checkpoint(PASSIVE)", [], |_| Ok(())) {
                    tracing::debug!("checkpoint skipped: {e}");
                }
            }
        });
    match spawned {
        Ok(handle) => Some(handle),
        Err(e) => {
            tracing::warn!("no background checkpoints: {e}");
            None
        }
    }
}

impl std::fmt::Debug for Store {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Store").field("path", &self.path).finish()
    }
}

const MAX_IDLE_READERS: usize = 8;

impl Store {
    /// Open (creating if missing) and migrate the database at `path`.
    /// A damaged file or a file that is not a database is refused with
    /// [`StoreError::Corrupt`] and left untouched. The database and its
    /// WAL are made private (0600); the audit key is read from (or, for a
    /// new database, written to) `audit.key` beside it (see
    /// [`audit::open_key`]).
    pub fn open(path: impl AsRef<Path>) -> Result<Store> {
        let path = path.as_ref().to_path_buf();
        private::database(&path)?;
        let mut conn = Connection::open(&path)?;
        // A damaged or foreign file shows on the first statements.
        let opened = (|| -> Result<()> {
            schema::configure(&conn)?;
            conn.query_row("SELECT count(*) FROM sqlite_master", [], |r| {
                r.get::<_, i64>(0)
            })?;
            let mode: String = conn.query_row("PRAGMA journal_mode=WAL", [], |r| r.get(0))?;
            if !mode.eq_ignore_ascii_case("wal") {
                tracing::warn!(mode, "could not switch the database to WAL mode");
            }
            Ok(())
        })();
        match opened {
            Err(StoreError::Sqlite(e))
                if matches!(
                    e.sqlite_error_code(),
                    Some(rusqlite::ErrorCode::NotADatabase | rusqlite::ErrorCode::DatabaseCorrupt)
                ) =>
            {
                return Err(StoreError::Corrupt {
                    path,
                    detail: e.to_string(),
                });
            }
            other => other?,
        }
        let (key, lost) = audit::open_key(&conn, &path)?;
        {
            let _sealing = audit::key::sealing(&key);
            schema::migrate(&mut conn)?;
            if lost {
                audit::record_key_lost(&mut conn)?;
            }
        }
        // Checkpoints happen in the background instead of inside a commit.
        conn.pragma_update(None, "wal_autocheckpoint", 0)?;
        let stop_checkpointer = Arc::new(AtomicBool::new(false));
        let checkpointer = spawn_checkpointer(path.clone(), Arc::clone(&stop_checkpointer));
        Ok(Store {
            path,
            writer: Mutex::new(conn),
            readers: Mutex::new(Vec::new()),
            stop_checkpointer,
            checkpointer,
            key,
        })
    }

    /// A short keyed hash of `text` (see [`audit::key::AuditKey::tag`]): how
    /// the audit log names what must not be kept as typed.
    pub fn audit_tag(&self, text: &str) -> String {
        self.key.tag(text)
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Run `f` on a read connection. Readers see the last committed state.
    pub fn read<T>(&self, f: impl FnOnce(&Connection) -> Result<T>) -> Result<T> {
        let pooled = self.readers.lock().expect("reader pool").pop();
        let conn = match pooled {
            Some(c) => c,
            None => {
                let c = Connection::open_with_flags(
                    &self.path,
                    OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX,
                )?;
                schema::configure(&c)?;
                // Readers map the file instead of copying each page through a
                // small per-connection cache: a year's statistics read every
                // article of twelve issues.
                c.pragma_update(None, "mmap_size", 256 * 1024 * 1024)?;
                c
            }
        };
        let out = f(&conn);
        let mut pool = self.readers.lock().expect("reader pool");
        if pool.len() < MAX_IDLE_READERS {
            pool.push(conn);
        }
        out
    }

    /// Run `f` inside one `BEGIN IMMEDIATE` transaction; commit only if it
    /// returns `Ok`. Writers are serialised (in this process by a mutex, across
    /// processes by SQLite's lock with a busy timeout).
    pub fn write<T>(&self, f: impl FnOnce(&Transaction) -> Result<T>) -> Result<T> {
        let mut conn = self
            .writer
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner());
        let _sealing = audit::key::sealing(&self.key);
        let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
        let out = f(&tx)?;
        tx.commit()?;
        Ok(out)
    }

    /// `PRAGMA quick_check`: `Ok(())` when the file is sound.
    pub fn check_integrity(&self) -> Result<()> {
        self.read(|c| {
            let verdict: String = c.query_row("PRAGMA quick_check", [], |r| r.get(0))?;
            if verdict == "ok" {
                Ok(())
            } else {
                Err(StoreError::Corrupt {
                    path: self.path.clone(),
                    detail: verdict,
                })
            }
        })
    }

    /// A consistent copy of the whole database (online backup), e.g. for the
    /// backup command. The copy is a complete, standalone SQLite file,
    /// readable by its owner only, that also carries the audit key (in a
    /// table of the copy alone: [`Store::backup_key`] reads it back and
    /// opening the copy as a workspace moves it into `audit.key`); the
    /// backup itself is on the audit log, in the copy too.
    pub fn backup_to(&self, actor: &audit::Actor, dest: impl AsRef<Path>) -> Result<()> {
        let dest = dest.as_ref();
        match private::create_file(dest) {
            Ok(_) => {}
            // an empty file made for it (VACUUM INTO refuses any other)
            Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => {
                private::restrict_file(dest)?
            }
            Err(e) => return Err(e.into()),
        }
        self.audit(
            actor,
            &audit::Record::new(
                "workspace.backup",
                "workspace",
                None,
                serde_json::json!({ "file": dest.file_name().map(|n| n.to_string_lossy()) }),
            ),
        )?;
        self.read(|c| {
            c.execute("VACUUM INTO ?1", [dest.to_string_lossy()])?;
            Ok(())
        })?;
        audit::put_backup_key(dest, &self.key)
    }

    /// The audit key a backup file carries, if any (read-only, like
    /// [`Store::inspect_backup`]).
    pub fn backup_key(path: impl AsRef<Path>) -> Result<Option<audit::key::AuditKey>> {
        audit::read_backup_key(path.as_ref())
    }

    /// Look into a backup file without changing it (opened read-only and
    /// immutable: no journal, no migration). Refused with `Corrupt` when it
    /// is not a ZonePress workspace or is damaged, `TooNew` when a newer
    /// version made it.
    pub fn inspect_backup(path: impl AsRef<Path>) -> Result<BackupInfo> {
        let path = path.as_ref();
        let not_ours = |detail: String| StoreError::Corrupt {
            path: path.to_path_buf(),
            detail,
        };
        let conn = open_immutable(path).map_err(|e| not_ours(e.to_string()))?;
        let version: u32 = conn
            .query_row("PRAGMA user_version", [], |r| r.get(0))
            .map_err(|e| not_ours(e.to_string()))?;
        if version > schema::VERSION {
            return Err(StoreError::TooNew {
                found: version,
                supported: schema::VERSION,
            });
        }
        let tables: i64 = conn
            .query_row(
                "SELECT count(*) FROM sqlite_master WHERE type = 'table'
                    AND name IN ('users', 'articles', 'revisions', 'publication')",
                [],
                |r| r.get(0),
            )
            .map_err(|e| not_ours(e.to_string()))?;
        if version == 0 || tables < 4 {
            return Err(not_ours("not a ZonePress workspace".into()));
        }
        let verdict: String = conn
            .query_row("PRAGMA quick_check", [], |r| r.get(0))
            .map_err(|e| not_ours(e.to_string()))?;
        if verdict != "ok" {
            return Err(not_ours(verdict));
        }
        let count = |table: &str| -> Result<u32> {
            Ok(conn.query_row(&format!("SELECT count(*) FROM {table}"), [], |r| r.get(0))?)
        };
        Ok(BackupInfo {
            schema_version: version,
            users: count("users")?,
            articles: count("articles")?,
            keyed: audit::is_keyed(&conn)?,
        })
    }

    /// Run `f` on one read transaction: everything it reads is one
    /// consistent state of the workspace, whatever commits meanwhile.
    pub fn snapshot<T>(&self, f: impl FnOnce(&Connection) -> Result<T>) -> Result<T> {
        self.read(|c| {
            c.execute_batch("BEGIN DEFERRED")?;
            let out = f(c);
            let end = c.execute_batch("COMMIT");
            let out = out?;
            end?;
            Ok(out)
        })
    }
}

/// A database file opened read-only and immutable: no journal, no
/// migration, nothing written beside it.
pub(crate) fn open_immutable(path: &Path) -> rusqlite::Result<Connection> {
    let uri = format!(
        "file:{}?mode=ro&immutable=1",
        path.to_string_lossy()
            .replace('%', "%25")
            .replace('?', "%3f")
            .replace('#', "%23")
    );
    Connection::open_with_flags(
        &uri,
        OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_URI,
    )
}

/// What a backup file holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct BackupInfo {
    pub schema_version: u32,
    pub users: u32,
    pub articles: u32,
    /// Its audit chain is keyed (the backup must then carry the key).
    pub keyed: bool,
}

pub(crate) fn now() -> DateTime<Utc> {
    Utc::now()
}

pub(crate) fn to_millis(t: DateTime<Utc>) -> i64 {
    t.timestamp_millis()
}

pub(crate) fn from_millis(ms: i64) -> DateTime<Utc> {
    Utc.timestamp_millis_opt(ms)
        .single()
        .unwrap_or(DateTime::<Utc>::MIN_UTC)
}
