//! A workspace is a folder: `workspace.db` (the SQLite store) and
//! `workspace.lock` (held by the process serving it).

use std::fs::{File, OpenOptions};
use std::path::{Path, PathBuf};

use std::sync::atomic::{AtomicU32, Ordering};

use chrono::Utc;
use zonepress_store::Store;
use zonepress_store::audit::Actor;

use crate::events::{Change, EventBus};
use crate::{ApiError, Caller, ErrorCode, Session, Via};

pub const DB_FILE: &str = "workspace.db";
pub const LOCK_FILE: &str = "workspace.lock";

/// Everything a command needs: the store of one workspace, its event bus,
/// who has which article open, and the sign-in guard. The store handle is
/// private to this crate: everything else goes through the commands, so
/// permissions and the audit log always apply.
pub struct Context {
    store: Store,
    dir: PathBuf,
    checker: crate::proof::CheckerCache,
    exporter: std::sync::OnceLock<Result<std::sync::Arc<zonepress_export::Exporter>, ApiError>>,
    events: EventBus,
    presence: crate::presence::Presence,
    guard: crate::auth::LoginGuard,
    ended: crate::auth::EndedSessions,
    /// The publication's idle timeout, cached (changed only through
    /// `update_publication` in this process, which holds the workspace lock).
    idle_minutes: AtomicU32,
    network: std::sync::Mutex<crate::auth::NetworkInfo>,
    refusals: crate::privileged::RefusalLog,
    /// Character maps of recent 校样 rounds (placing proof marks).
    pages: crate::pages::PageCache,
    /// What time it is (the real clock; a test clock in tests).
    clock: std::sync::Arc<dyn crate::notify::Clock>,
}

impl std::fmt::Debug for Context {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Context").field("dir", &self.dir).finish()
    }
}

impl Context {
    /// Open the workspace in `dir`, creating the folder and the database if
    /// they do not exist. The folder is made private (0700) and its files
    /// (database, WAL, audit key, backups kept beside it) readable by their
    /// owner only (0600), whatever the umask.
    pub fn open(dir: impl AsRef<Path>) -> Result<Context, ApiError> {
        Context::open_with_clock(dir, std::sync::Arc::new(crate::notify::SystemClock))
    }

    /// [`Context::open`] on a given clock (tests). Opening sends the
    /// deadline reminders that fell due while no server ran.
    pub fn open_with_clock(
        dir: impl AsRef<Path>,
        clock: std::sync::Arc<dyn crate::notify::Clock>,
    ) -> Result<Context, ApiError> {
        let dir = dir.as_ref().to_path_buf();
        zonepress_store::private::create_dir(&dir).map_err(|e| {
            ApiError::new(
                ErrorCode::Internal,
                format!("无法创建工作区文件夹 {}：{e}", dir.display()),
                format!("cannot create workspace folder {}: {e}", dir.display()),
            )
        })?;
        if let Err(e) = zonepress_store::private::restrict_dir(&dir) {
            tracing::warn!("cannot make {} private: {e}", dir.display());
        }
        restrict_workspace_files(&dir);
        let store = Store::open(dir.join(DB_FILE))?;
        let idle = store.publication()?.session_idle_minutes;
        let ctx = Context {
            store,
            dir,
            checker: Default::default(),
            exporter: Default::default(),
            events: EventBus::default(),
            presence: Default::default(),
            guard: Default::default(),
            ended: Default::default(),
            idle_minutes: AtomicU32::new(idle),
            network: Default::default(),
            refusals: Default::default(),
            pages: Default::default(),
            clock,
        };
        crate::proof::seed_word_list(&ctx)?;
        if let Err(e) = crate::notify::reminders::send_due(&ctx) {
            tracing::warn!("deadline reminders at start: {}", e.log);
        }
        Ok(ctx)
    }

    /// Open an existing workspace only: a folder without a ZonePress
    /// database is refused (a typo never creates a workspace).
    pub fn open_existing(dir: impl AsRef<Path>) -> Result<Context, ApiError> {
        let dir = dir.as_ref();
        if !dir.join(DB_FILE).is_file() {
            return Err(ApiError::new(
                ErrorCode::NotFound,
                format!(
                    "{} 不是园区编务的工作区（没有 {DB_FILE}）。新建工作区请用 `zonepress init`",
                    dir.display()
                ),
                format!("no workspace at {}", dir.display()),
            ));
        }
        Context::open(dir)
    }

    /// A workspace without any account yet (just created).
    pub fn is_empty(&self) -> Result<bool, ApiError> {
        Ok(self.store.user_count()? == 0)
    }

    /// The store, inside this crate only.
    pub(crate) fn store(&self) -> &Store {
        &self.store
    }

    /// The store for tests that set up or inspect a workspace directly.
    #[cfg(feature = "testing")]
    #[doc(hidden)]
    pub fn store_for_tests(&self) -> &Store {
        &self.store
    }

    /// The workspace's change events (see [`crate::events`]).
    pub fn events(&self) -> &EventBus {
        &self.events
    }

    /// Tell every client about a committed change.
    pub(crate) fn publish(&self, change: Change) {
        self.events.publish(change);
    }

    /// The current time on the workspace's clock.
    pub fn now(&self) -> chrono::DateTime<Utc> {
        self.clock.now()
    }

    pub(crate) fn page_cache(&self) -> &crate::pages::PageCache {
        &self.pages
    }

    pub(crate) fn presence(&self) -> &crate::presence::Presence {
        &self.presence
    }

    /// The sessions ended by 退出所有设备, to say so to their clients.
    pub(crate) fn ended_sessions(&self) -> &crate::auth::EndedSessions {
        &self.ended
    }

    pub(crate) fn guard(&self) -> &crate::auth::LoginGuard {
        &self.guard
    }

    pub(crate) fn refusals(&self) -> &crate::privileged::RefusalLog {
        &self.refusals
    }

    pub(crate) fn set_idle_minutes(&self, minutes: u32) {
        self.idle_minutes.store(minutes, Ordering::Relaxed);
    }

    /// How this workspace is reached over the network (set by the server
    /// that serves it; shown in 管理).
    pub fn set_network(&self, info: crate::auth::NetworkInfo) {
        *self.network.lock().unwrap_or_else(|p| p.into_inner()) = info;
    }

    pub fn network(&self) -> crate::auth::NetworkInfo {
        self.network
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .clone()
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

    /// The account behind a session token, or `unauthorized` (expired,
    /// idle too long, signed out, forged). Checking does not count as using
    /// the session: the command that runs decides that
    /// ([`crate::idle::note_use`]).
    pub(crate) fn authenticate_from(
        &self,
        caller: &Caller,
        token: Option<&str>,
    ) -> Result<Session, ApiError> {
        self.session_alive(caller, token)
    }

    /// Is the session still valid? Asking does not count as using it (an
    /// open event stream must not keep an idle session alive).
    pub fn session_alive(&self, caller: &Caller, token: Option<&str>) -> Result<Session, ApiError> {
        let token = token
            .filter(|t| !t.is_empty() && t.len() <= 256)
            .ok_or_else(ApiError::unauthorized)?;
        let token_hash = crate::auth::hash_token(token);
        let now = Utc::now();
        let idle = chrono::Duration::minutes(i64::from(self.idle_minutes.load(Ordering::Relaxed)));
        let Some(info) = self.store.session_user(&token_hash, now, idle)? else {
            return Err(self.ended.refusal(&token_hash));
        };
        Ok(Session {
            must_change_password: info.user.must_change_password,
            user: info.user,
            token_hash,
            client: caller.client.clone(),
            via: caller.via,
            last_seen_at: Some(info.last_seen_at),
        })
    }
}

impl Session {
    /// The session as the audit log records its actions.
    pub fn actor(&self) -> Actor {
        Actor::user(&self.user, &self.client, self.via.as_str())
    }

    /// The command line's session when no account is named: an admin of
    /// this machine, recorded as such in the audit log. It may manage
    /// accounts, back up and read; it owns no articles and signs nothing.
    pub fn local_admin() -> Session {
        Session {
            user: zonepress_core::User {
                id: 0,
                username: "local-admin".into(),
                display_name: "本机管理员（命令行）".into(),
                roles: vec![zonepress_core::Role::Admin],
                review_levels: vec![],
                disabled: false,
                must_change_password: false,
            },
            token_hash: String::new(),
            client: crate::LOCAL_CLIENT.into(),
            via: Via::Cli,
            must_change_password: false,
            last_seen_at: None,
        }
    }

    /// The program acting on its own (creating the demo workspace).
    pub fn system() -> Session {
        Session {
            via: Via::System,
            user: zonepress_core::User {
                display_name: "系统".into(),
                username: "system".into(),
                ..Session::local_admin().user
            },
            ..Session::local_admin()
        }
    }

    /// A session of `user` on the command line (`--as USERNAME`).
    pub fn cli(user: zonepress_core::User) -> Session {
        Session {
            user,
            token_hash: String::new(),
            client: crate::LOCAL_CLIENT.into(),
            via: Via::Cli,
            must_change_password: false,
            last_seen_at: None,
        }
    }
}

/// Tighten what a workspace made by an older version left readable to
/// others: the databases kept beside it by restores, the temporary folder
/// and the TLS folder. (The database, its WAL and the audit key are made
/// private when the store opens them.) Failures are logged, never fatal.
fn restrict_workspace_files(dir: &Path) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        let done = match entry.file_type() {
            Ok(t) if t.is_dir() => {
                let name = entry.file_name();
                if name == "tmp" || name == "tls" {
                    zonepress_store::private::restrict_dir(&path).and_then(|()| {
                        for f in std::fs::read_dir(&path)?.flatten() {
                            if f.file_type().is_ok_and(|t| t.is_file()) {
                                zonepress_store::private::restrict_file(&f.path())?;
                            }
                        }
                        Ok(())
                    })
                } else {
                    Ok(())
                }
            }
            Ok(t) if t.is_file() => zonepress_store::private::restrict_file(&path),
            _ => Ok(()),
        };
        if let Err(e) = done {
            tracing::warn!("cannot make {} private: {e}", path.display());
        }
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
        zonepress_store::private::create_dir(dir).map_err(ApiError::internal)?;
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
                let who = crate::lockholder::read(&path, &mut file);
                let who = who.as_str();
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
        zonepress_store::private::restrict_file(&path).map_err(ApiError::internal)?;
        crate::lockholder::write(&path, &mut file, holder).map_err(ApiError::internal)?;
        Ok(WorkspaceLock { _file: file, path })
    }

    pub fn path(&self) -> &Path {
        &self.path
    }
}

/// What a new workspace starts with.
#[derive(Debug, Clone)]
pub enum NewWorkspace {
    /// No account yet (`zonepress init`): the first admin comes later.
    Empty,
    /// Its first admin, who chose this password (no change is forced).
    Admin(crate::auth::CreateUserInput),
    /// The demo: its accounts share a public password, for this machine only.
    Demo,
}

/// A workspace just created, locked by the process that created it.
#[derive(Debug)]
pub struct Created {
    pub ctx: Context,
    pub lock: WorkspaceLock,
    /// The first admin, when one was made.
    pub admin: Option<zonepress_core::User>,
    /// What the demo holds, when it was the demo.
    pub demo: Option<crate::demo::DemoSummary>,
}

/// Create a workspace in `dir` (新建工作区, `zonepress init`, the demo),
/// locked as `holder`. Refused when `dir` already holds a workspace with
/// accounts; a first admin's password is checked before anything is made;
/// when filling it fails, a database this call created is removed again.
/// The one way to make a workspace, for the command line and the desktop.
pub fn create(dir: &Path, holder: &str, what: NewWorkspace) -> Result<Created, ApiError> {
    if let NewWorkspace::Admin(admin) = &what {
        crate::auth::validate_password(&admin.password, admin.username.trim())?;
    }
    let existed = dir.join(DB_FILE).exists();
    let lock = WorkspaceLock::acquire(dir, holder)?;
    let ctx = Context::open(dir)?;
    if !ctx.is_empty()? {
        return Err(ApiError::new(
            ErrorCode::InvalidState,
            format!("{} 已经有一个工作区，不能再新建", dir.display()),
            "workspace exists",
        ));
    }
    let filled = match what {
        NewWorkspace::Empty => Ok((None, None)),
        NewWorkspace::Admin(admin) => crate::auth::init_admin(&ctx, admin).map(|u| (Some(u), None)),
        NewWorkspace::Demo => crate::demo::seed_demo(&ctx).map(|d| (None, Some(d))),
    };
    match filled {
        Ok((admin, demo)) => Ok(Created {
            ctx,
            lock,
            admin,
            demo,
        }),
        Err(e) => {
            drop(ctx);
            if !existed {
                for suffix in ["", "-wal", "-shm"] {
                    let _ = std::fs::remove_file(dir.join(format!("{DB_FILE}{suffix}")));
                }
            }
            Err(e)
        }
    }
}
