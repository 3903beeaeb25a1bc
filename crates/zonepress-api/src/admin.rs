//! The workspace as a whole: the audit log 审计日志 and its chain, backups
//! and restores, and how the workspace is served to the office.

use chrono::{DateTime, NaiveDate, Utc};
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use ts_rs::TS;
use zonepress_core::{Action, Id, authorize};
use zonepress_store::audit::{Actor, AuditFilter, Record};

use crate::auth::{NetworkInfo, UnsafeAccount};
use crate::{ApiError, Binary, Context, Empty, ErrorCode, Session, WorkspaceLock};
pub use zonepress_store::audit::{AuditPage, ChainReport};

#[derive(Debug, Clone, Default, Deserialize, Serialize, TS, JsonSchema)]
#[serde(deny_unknown_fields)]
#[ts(optional_fields)]
pub struct ListAuditInput {
    /// From this day (inclusive, local date) …
    #[serde(default)]
    pub since: Option<NaiveDate>,
    /// … to this day (inclusive).
    #[serde(default)]
    pub until: Option<NaiveDate>,
    #[serde(default)]
    pub actor_id: Option<Id>,
    /// An action (`login.fail`) or a group ending in a dot (`login.`).
    #[serde(default)]
    pub action: Option<String>,
    #[serde(default)]
    pub target_kind: Option<String>,
    #[serde(default)]
    pub target_id: Option<Id>,
    /// At most 1,000 (default 100).
    #[serde(default)]
    pub limit: Option<u32>,
    #[serde(default)]
    pub offset: Option<u32>,
    /// Oldest first (default newest first).
    #[serde(default)]
    pub oldest_first: Option<bool>,
}

fn local_midnight(d: NaiveDate) -> DateTime<Utc> {
    d.and_hms_opt(0, 0, 0)
        .and_then(|t| t.and_local_timezone(chrono::Local).earliest())
        .map(|t| t.with_timezone(&Utc))
        .unwrap_or_else(|| d.and_hms_opt(0, 0, 0).unwrap_or_default().and_utc())
}

/// The audit log, filtered (admin).
pub fn list_audit(
    ctx: &Context,
    session: &Session,
    input: ListAuditInput,
) -> Result<AuditPage, ApiError> {
    authorize(&session.user, Action::ManageUsers)?;
    if let (Some(a), Some(b)) = (input.since, input.until)
        && a > b
    {
        return Err(ApiError::invalid(
            "起始日期晚于结束日期",
            "audit since after until",
        ));
    }
    Ok(ctx.store().audit_entries(&AuditFilter {
        since: input.since.map(local_midnight),
        until: input.until.and_then(|d| d.succ_opt()).map(local_midnight),
        actor_id: input.actor_id,
        action: input.action.filter(|a| !a.trim().is_empty()),
        target_kind: input.target_kind,
        target_id: input.target_id,
        limit: input.limit.unwrap_or(100).min(1000),
        offset: input.offset.unwrap_or(0),
        oldest_first: input.oldest_first.unwrap_or(false),
    })?)
}

/// Check the audit log's hash chain (admin).
pub fn verify_audit(ctx: &Context, session: &Session, _: Empty) -> Result<ChainReport, ApiError> {
    authorize(&session.user, Action::ManageUsers)?;
    Ok(ctx.store().verify_audit()?)
}

/// A consistent copy of the workspace database, as a download (admin).
pub fn backup_workspace(ctx: &Context, session: &Session, _: Empty) -> Result<Binary, ApiError> {
    authorize(&session.user, Action::Backup)?;
    let dir = tempfile_dir(ctx)?;
    let path = dir.join(format!(
        "backup-{}.db",
        chrono::Local::now().format("%Y%m%d-%H%M%S")
    ));
    let out = (|| {
        ctx.store().backup_to(&session.actor(), &path)?;
        std::fs::read(&path).map_err(ApiError::internal)
    })();
    let _ = std::fs::remove_file(&path);
    Ok(Binary {
        record_id: None,
        content_type: "application/vnd.sqlite3".into(),
        file_name: format!(
            "园区编务备份-{}.db",
            chrono::Local::now().format("%Y%m%d-%H%M")
        ),
        bytes: out?,
    })
}

fn tempfile_dir(ctx: &Context) -> Result<std::path::PathBuf, ApiError> {
    let dir = ctx.dir().join("tmp");
    zonepress_store::private::create_dir(&dir).map_err(ApiError::internal)?;
    Ok(dir)
}

/// What a restore did.
#[derive(Debug, Clone, Serialize, Deserialize, TS, JsonSchema)]
pub struct Restored {
    /// Where the replaced database was kept, if there was one.
    pub kept: Option<String>,
    pub schema_version: u32,
    pub users: u32,
    pub articles: u32,
}

/// Replace the workspace in `dir` with the backup `input`. The backup is
/// read without being changed and must be a ZonePress workspace; the
/// workspace lock is taken (so nothing serves the folder meanwhile); the
/// replaced database is kept beside it (a backup itself, with its audit
/// key); the backup's audit key becomes the workspace's; the restored
/// files are private (0600) like every workspace file; the restore goes on
/// the audit log of both. `session` must be an admin (the command line's
/// local admin).
pub fn restore_workspace(
    dir: &std::path::Path,
    input: &std::path::Path,
    session: &Session,
) -> Result<Restored, ApiError> {
    authorize(&session.user, Action::Backup)?;
    if !input.is_file() {
        return Err(ApiError::new(
            ErrorCode::NotFound,
            format!("找不到备份文件 {}", input.display()),
            format!("no backup file at {}", input.display()),
        ));
    }
    let info = zonepress_store::Store::inspect_backup(input)?;
    let key = zonepress_store::Store::backup_key(input)?;
    if key.is_none() && info.keyed {
        return Err(ApiError::new(
            ErrorCode::Corrupt,
            "备份文件中缺少审计日志的密钥，无法恢复（用 zonepress backup 或 管理 → 备份 做的备份都带有密钥）",
            format!(
                "backup {} has a keyed audit log but no key",
                input.display()
            ),
        ));
    }
    let _lock = WorkspaceLock::acquire(dir, "zonepress restore")?;
    let db = dir.join(crate::workspace::DB_FILE);
    let record = |what: &'static str| {
        Record::new(
            what,
            "workspace",
            None,
            serde_json::json!({
                "backup": input.file_name().map(|n| n.to_string_lossy()),
                "schema_version": info.schema_version,
                "users": info.users,
                "articles": info.articles,
            }),
        )
    };
    let mut kept = None;
    if db.exists() {
        let stamp = chrono::Local::now().format("%Y%m%d-%H%M%S").to_string();
        // two restores in one second keep two files
        let keep = (1..)
            .map(|n| {
                dir.join(if n == 1 {
                    format!("workspace-before-restore-{stamp}.db")
                } else {
                    format!("workspace-before-restore-{stamp}-{n}.db")
                })
            })
            .find(|p| !p.exists())
            .expect("a free name");
        let ctx = Context::open(dir)?;
        ctx.store()
            .audit(&session.actor(), &record("workspace.replaced_by_restore"))?;
        ctx.store().backup_to(&session.actor(), &keep)?;
        drop(ctx);
        kept = Some(keep.display().to_string());
    }
    for suffix in ["-wal", "-shm"] {
        let _ = std::fs::remove_file(dir.join(format!("{}{suffix}", crate::workspace::DB_FILE)));
    }
    std::fs::copy(input, &db).map_err(|e| {
        ApiError::new(
            ErrorCode::Internal,
            "无法写入工作区数据库文件，原数据库已另存，可再次恢复",
            format!("copy backup into {}: {e}", db.display()),
        )
    })?;
    // a copy takes the backup file's permissions: private again
    zonepress_store::private::database(&db).map_err(ApiError::internal)?;
    if let Some(key) = &key {
        zonepress_store::audit::key::write_key_file(
            &zonepress_store::audit::key::key_path(&db),
            key,
        )?;
    }
    let ctx = Context::open(dir)?;
    ctx.store().check_integrity()?;
    ctx.store()
        .audit(&session.actor(), &record("workspace.restore"))?;
    Ok(Restored {
        kept,
        schema_version: info.schema_version,
        users: info.users,
        articles: info.articles,
    })
}

/// How the workspace is served, and whether it may be served to the LAN.
#[derive(Debug, Clone, Serialize, Deserialize, TS, JsonSchema)]
pub struct ServerInfo {
    pub version: String,
    pub network: NetworkInfo,
    /// Accounts that keep the workspace from being shared on the LAN.
    pub unsafe_accounts: Vec<UnsafeAccount>,
    /// This workspace holds the demo content.
    pub demo: bool,
}

/// How the workspace is served (admin: 管理 shows it).
pub fn server_info(ctx: &Context, session: &Session, _: Empty) -> Result<ServerInfo, ApiError> {
    authorize(&session.user, Action::ManageSettings)?;
    Ok(ServerInfo {
        version: env!("CARGO_PKG_VERSION").into(),
        network: ctx.network(),
        unsafe_accounts: crate::auth::unsafe_accounts(ctx)?,
        demo: is_demo(ctx)?,
    })
}

/// Was this workspace created with the demo content?
pub fn is_demo(ctx: &Context) -> Result<bool, ApiError> {
    Ok(ctx.store().setting("demo")?.is_some())
}

/// The record of what the program did on its own (serving began or
/// ended, 局域网共享 resumed at start): actor `system`. Transports reach it
/// through [`crate::serving::record`].
pub(crate) fn record_system(ctx: &Context, action: &'static str, detail: serde_json::Value) {
    if let Err(e) = ctx.store().audit(
        &Actor::system(),
        &Record::new(action, "workspace", None, detail),
    ) {
        tracing::warn!("could not write {action} to the audit log: {e}");
    }
}

/// `check_sharing`: whether the caller may turn 局域网共享 on or off (admin),
/// asked by the desktop before it starts or stops serving.
pub fn check_sharing(_ctx: &Context, session: &Session, _: Empty) -> Result<Empty, ApiError> {
    authorize(&session.user, Action::ShareWorkspace)?;
    Ok(Empty {})
}

/// 局域网共享 turned on or off in the desktop app.
#[derive(Debug, Clone, Default, Deserialize, Serialize, TS, JsonSchema)]
#[serde(deny_unknown_fields)]
#[ts(optional_fields)]
pub struct SharingChange {
    pub on: bool,
    /// The addresses colleagues use (on).
    #[serde(default)]
    pub addresses: Vec<String>,
    /// Served over HTTPS (on).
    #[serde(default)]
    pub https: Option<bool>,
}

/// `record_sharing`: 局域网共享 turned on or off, in the audit log with the
/// admin who did it as the actor (admin).
pub fn record_sharing(
    ctx: &Context,
    session: &Session,
    input: SharingChange,
) -> Result<Empty, ApiError> {
    authorize(&session.user, Action::ShareWorkspace)?;
    let (action, detail) = if input.on {
        (
            "workspace.share_on",
            serde_json::json!({ "addresses": input.addresses, "https": input.https.unwrap_or(false) }),
        )
    } else {
        ("workspace.share_off", serde_json::json!({}))
    };
    ctx.store().audit(
        &session.actor(),
        &Record::new(action, "workspace", None, detail),
    )?;
    Ok(Empty {})
}
