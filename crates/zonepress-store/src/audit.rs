//! The audit log 审计日志: every action that matters for what is printed or
//! for who may do what, appended in the same transaction as the action.
//!
//! The log is append-only (triggers refuse updates and deletes) and
//! hash-chained: each entry stores a keyed hash (HMAC-SHA256, see [`key`])
//! of the previous entry's hash and its own canonical content, so an entry
//! edited behind the triggers' back (or a deleted one) breaks the chain at
//! that point, and [`Store::verify_audit`] names it. The key is kept outside
//! the database: whoever rewrites entries inside it — and recomputes the
//! hashes after them — cannot make them verify.
//!
//! Workspaces older than the key (schema 11) keep their entries as they
//! were, hashed with plain SHA-256: the upgrade appends an `audit.keyed`
//! entry, the re-keying point, and every entry from it on is keyed. Since
//! the re-keying entry's keyed hash covers the plain hash before it, the
//! entries before it are anchored too; their hashes never change, so the
//! `audit_head` of every earlier export still verifies. A log without a
//! re-keying entry, or with one under another key (the key file was lost
//! and replaced: recorded as such), does not verify.
//!
//! Entries cut off the end leave a chain that still verifies. Every export
//! therefore carries the newest entry as it stood ([`AuditHead`]) in its
//! manifest, inside the PDF that leaves the office: verifying that PDF
//! later finds a log cut back or rewritten behind it.

use std::sync::Arc;

use chrono::{DateTime, Utc};
use rusqlite::{Connection, OptionalExtension, Row, params};
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use ts_rs::TS;
use zonepress_core::{Id, User};

use crate::{Result, Store, StoreError, from_millis, now, to_millis};

pub mod key;

use key::AuditKey;

/// The action of the entry from which on the chain is keyed.
pub const KEYED: &str = "audit.keyed";

/// The hash the first entry chains to.
pub const GENESIS: &str = "0000000000000000000000000000000000000000000000000000000000000000";

/// Who acts, as the audit log records it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Actor {
    /// The account; 0 when there is none (the command line's local admin
    /// session, or a sign-in with an unknown name).
    pub id: Id,
    /// The account's name as shown (or the name typed at a failed sign-in).
    pub name: String,
    /// The client's address, or `本机`.
    pub client: String,
    /// `desktop`, `http`, `cli` or `system`.
    pub via: String,
}

impl Actor {
    pub fn user(user: &User, client: &str, via: &str) -> Actor {
        Actor {
            id: user.id,
            name: format!("{}（{}）", user.display_name, user.username),
            client: client.into(),
            via: via.into(),
        }
    }

    /// Work the program does on its own (migrations, creating the demo).
    pub fn system() -> Actor {
        Actor {
            id: 0,
            name: "系统".into(),
            client: "本机".into(),
            via: "system".into(),
        }
    }

    fn account(&self) -> Option<Id> {
        (self.id > 0).then_some(self.id)
    }
}

/// One action to append.
#[derive(Debug, Clone)]
pub struct Record {
    /// Dotted name, e.g. `login.fail`, `article.save`, `export.pdf`.
    pub action: &'static str,
    /// `article`, `user`, `issue`, `workspace`, …
    pub target_kind: &'static str,
    pub target_id: Option<Id>,
    /// Facts about the action (never article text), as a JSON object.
    pub detail: serde_json::Value,
}

impl Record {
    pub fn new(
        action: &'static str,
        target_kind: &'static str,
        target_id: Option<Id>,
        detail: serde_json::Value,
    ) -> Record {
        Record {
            action,
            target_kind,
            target_id,
            detail,
        }
    }
}

/// An entry as stored.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS, JsonSchema)]
pub struct AuditEntry {
    pub id: Id,
    pub at: DateTime<Utc>,
    pub actor_id: Option<Id>,
    pub actor: String,
    pub client: String,
    pub via: String,
    pub action: String,
    pub target_kind: String,
    pub target_id: Option<Id>,
    #[ts(type = "unknown")]
    pub detail: serde_json::Value,
    pub hash: String,
}

/// Which entries to list.
#[derive(Debug, Clone, Default)]
pub struct AuditFilter {
    pub since: Option<DateTime<Utc>>,
    pub until: Option<DateTime<Utc>>,
    pub actor_id: Option<Id>,
    /// An action name or a prefix ending in `.` (`login.`).
    pub action: Option<String>,
    pub target_kind: Option<String>,
    pub target_id: Option<Id>,
    pub limit: u32,
    pub offset: u32,
    /// Oldest first (the command line); newest first otherwise.
    pub oldest_first: bool,
}

/// A page of entries and how many match in all.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS, JsonSchema)]
pub struct AuditPage {
    pub total: u64,
    pub entries: Vec<AuditEntry>,
}

/// The newest entry of the audit chain at one instant, as an export's
/// manifest carries it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS, JsonSchema)]
pub struct AuditHead {
    pub entry: Id,
    pub hash: String,
}

/// The newest entry, if the log has any.
pub(crate) fn head_in(conn: &Connection) -> Result<Option<AuditHead>> {
    Ok(conn
        .query_row(
            "SELECT id, hash FROM audit_log ORDER BY id DESC LIMIT 1",
            [],
            |r| {
                Ok(AuditHead {
                    entry: r.get(0)?,
                    hash: r.get(1)?,
                })
            },
        )
        .optional()?)
}

/// The stored hash of entry `id`, if the log still has it.
fn hash_in(conn: &Connection, id: Id) -> Result<Option<String>> {
    Ok(conn
        .query_row("SELECT hash FROM audit_log WHERE id = ?1", [id], |r| {
            r.get(0)
        })
        .optional()?)
}

/// What checking the chain found.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS, JsonSchema)]
pub struct ChainReport {
    pub ok: bool,
    pub entries: u64,
    /// The first entry whose hash does not follow from its content and its
    /// predecessor (or that is missing from the sequence).
    pub first_broken: Option<Id>,
    pub reason: Option<String>,
    /// The entry from which on every hash is keyed (HMAC-SHA256 under the
    /// key kept outside the database); the entries before it (made by
    /// older versions) are plain SHA-256, anchored by it.
    pub keyed_since: Option<Id>,
}

#[allow(clippy::too_many_arguments)]
fn canonical(
    id: Id,
    at: i64,
    actor_id: Option<Id>,
    actor: &str,
    client: &str,
    via: &str,
    action: &str,
    target_kind: &str,
    target_id: Option<Id>,
    detail: &str,
) -> String {
    serde_json::json!([
        id,
        at,
        actor_id,
        actor,
        client,
        via,
        action,
        target_kind,
        target_id,
        detail
    ])
    .to_string()
}

fn chain(prev: &str, canonical: &str) -> String {
    let mut h = Sha256::new();
    h.update(prev.as_bytes());
    h.update(b"\n");
    h.update(canonical.as_bytes());
    hex::encode(h.finalize())
}

fn last(conn: &Connection) -> Result<(Id, String)> {
    Ok(conn
        .query_row(
            "SELECT id, hash FROM audit_log ORDER BY id DESC LIMIT 1",
            [],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .optional()?
        .unwrap_or((0, GENESIS.to_string())))
}

/// How an entry's hash is made.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Seal {
    /// Plain SHA-256: only the entries a migration before the key backfills.
    Plain,
    /// HMAC-SHA256 under the workspace's key: every other entry.
    Keyed,
}

/// Append one entry at `at` (milliseconds) inside the caller's transaction.
pub(crate) fn append_at(
    conn: &Connection,
    actor: &Actor,
    record: &Record,
    at: i64,
    seal: Seal,
) -> Result<Id> {
    let (prev_id, prev_hash) = last(conn)?;
    let id = prev_id + 1;
    let detail = record.detail.to_string();
    let canon = canonical(
        id,
        at,
        actor.account(),
        &actor.name,
        &actor.client,
        &actor.via,
        record.action,
        record.target_kind,
        record.target_id,
        &detail,
    );
    let hash = match seal {
        Seal::Plain => chain(&prev_hash, &canon),
        Seal::Keyed => key::with_key(|k| k.seal(&prev_hash, &canon))?,
    };
    conn.prepare_cached(
        "INSERT INTO audit_log (id, at, actor_id, actor, client, via, action, target_kind,
             target_id, detail, prev_hash, hash)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12)",
    )?
    .execute(params![
        id,
        at,
        actor.account(),
        actor.name,
        actor.client,
        actor.via,
        record.action,
        record.target_kind,
        record.target_id,
        detail,
        prev_hash,
        hash
    ])?;
    Ok(id)
}

/// Append one entry now, inside the caller's transaction (inside
/// [`Store::write`]).
pub fn append(conn: &Connection, actor: &Actor, record: &Record) -> Result<Id> {
    append_at(conn, actor, record, to_millis(now()), Seal::Keyed)
}

/// The migration to schema 6: the article transitions and exports made
/// before the log existed become its first entries, in time order.
pub(crate) fn backfill(conn: &Connection) -> Result<()> {
    struct Old {
        at: i64,
        actor_id: Id,
        actor: String,
        record: Record,
    }
    let mut old: Vec<Old> = Vec::new();
    {
        let mut stmt = conn.prepare(
            "SELECT t.at, t.actor_id, u.display_name, u.username, t.kind, t.article_id,
                    t.from_status, t.to_status, t.to_level, t.revision, t.content_hash
               FROM transitions t JOIN users u ON u.id = t.actor_id ORDER BY t.id",
        )?;
        let rows = stmt.query_map([], |r| {
            let kind: String = r.get(4)?;
            Ok(Old {
                at: r.get(0)?,
                actor_id: r.get(1)?,
                actor: format!("{}（{}）", r.get::<_, String>(2)?, r.get::<_, String>(3)?),
                record: Record::new(
                    transition_action(&kind),
                    "article",
                    Some(r.get(5)?),
                    serde_json::json!({
                        "from": r.get::<_, Option<String>>(6)?,
                        "to": r.get::<_, String>(7)?,
                        "level": r.get::<_, Option<u8>>(8)?,
                        "revision": r.get::<_, u32>(9)?,
                        "content_hash": r.get::<_, String>(10)?,
                        "backfilled": true,
                    }),
                ),
            })
        })?;
        for row in rows {
            old.push(row?);
        }
        let mut stmt = conn.prepare(
            "SELECT e.at, e.user_id, u.display_name, u.username, e.issue_id, e.proof,
                    e.pdf_sha256, e.pages
               FROM exports e JOIN users u ON u.id = e.user_id ORDER BY e.id",
        )?;
        let rows = stmt.query_map([], |r| {
            Ok(Old {
                at: r.get(0)?,
                actor_id: r.get(1)?,
                actor: format!("{}（{}）", r.get::<_, String>(2)?, r.get::<_, String>(3)?),
                record: Record::new(
                    "export.pdf",
                    "issue",
                    Some(r.get(4)?),
                    serde_json::json!({
                        "proof": r.get::<_, bool>(5)?,
                        "pdf_sha256": r.get::<_, String>(6)?,
                        "pages": r.get::<_, u32>(7)?,
                        "backfilled": true,
                    }),
                ),
            })
        })?;
        for row in rows {
            old.push(row?);
        }
    }
    old.sort_by_key(|o| o.at);
    for o in old {
        let actor = Actor {
            id: o.actor_id,
            name: o.actor,
            client: String::new(),
            via: "backfill".into(),
        };
        append_at(conn, &actor, &o.record, o.at, Seal::Plain)?;
    }
    Ok(())
}

/// The table a backup copy carries its audit key in (never the live database).
const BACKUP_KEY_TABLE: &str = "backup_audit_key";

fn table_exists(conn: &Connection, name: &str) -> Result<bool> {
    Ok(conn
        .query_row(
            "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?1",
            [name],
            |_| Ok(()),
        )
        .optional()?
        .is_some())
}

/// The key a backup copy carries, read from an open connection.
fn backup_key_in(conn: &Connection) -> Result<Option<AuditKey>> {
    if !table_exists(conn, BACKUP_KEY_TABLE)? {
        return Ok(None);
    }
    let hex: Option<String> = conn
        .query_row(
            &format!("SELECT key FROM {BACKUP_KEY_TABLE} LIMIT 1"),
            [],
            |r| r.get(0),
        )
        .optional()?;
    Ok(hex.as_deref().and_then(AuditKey::from_hex))
}

/// Has the log a re-keying entry (is its chain keyed)?
pub(crate) fn is_keyed(conn: &Connection) -> Result<bool> {
    if !table_exists(conn, "audit_log")? {
        return Ok(false);
    }
    Ok(conn
        .query_row(
            "SELECT 1 FROM audit_log WHERE action = ?1 LIMIT 1",
            [KEYED],
            |_| Ok(()),
        )
        .optional()?
        .is_some())
}

/// The audit key of the database at `db_path`, as it is opened:
///
/// - the key file's, when there is one (a key in the database itself is
///   never preferred to it: the database is what the key protects);
/// - else the key a backup copy carries (a backup copied in by hand), which
///   goes into the key file;
/// - else a new key, written to the key file. When the log was already
///   keyed the old key is lost: the answer says so (`true`) and the store
///   records it in the log, which from then on no longer verifies.
///
/// A backup's key table is dropped from a database opened as a workspace.
pub(crate) fn open_key(
    conn: &Connection,
    db_path: &std::path::Path,
) -> Result<(Arc<AuditKey>, bool)> {
    let path = key::key_path(db_path);
    let from_backup = backup_key_in(conn)?;
    let (key, lost) = match key::read_key_file(&path)? {
        Some(k) => (k, false),
        None => match from_backup {
            Some(k) => {
                key::write_key_file(&path, &k)?;
                (k, false)
            }
            None => {
                let lost = is_keyed(conn)?;
                let k = AuditKey::generate()?;
                key::write_key_file(&path, &k)?;
                if lost {
                    tracing::error!(
                        key_file = %path.display(),
                        "the audit key file is missing: a new key is used and the log no longer verifies"
                    );
                }
                (k, lost)
            }
        },
    };
    crate::private::restrict_file(&path)?;
    if table_exists(conn, BACKUP_KEY_TABLE)? {
        conn.execute_batch(&format!("DROP TABLE {BACKUP_KEY_TABLE}"))?;
    }
    Ok((Arc::new(key), lost))
}

fn keyed_record(key: &AuditKey, reason: &str) -> Record {
    Record::new(
        KEYED,
        "workspace",
        None,
        serde_json::json!({
            "scheme": "hmac-sha256",
            "key_id": key.id(),
            "key_file": key::KEY_FILE,
            "reason": reason,
        }),
    )
}

/// The migration that keys the chain: the re-keying entry, under the key
/// of the write (the entries before it keep their plain hashes).
pub(crate) fn start_keyed_chain(conn: &Connection) -> Result<()> {
    let empty = last(conn)?.0 == 0;
    let record = key::with_key(|k| keyed_record(k, if empty { "created" } else { "upgrade" }))?;
    append(conn, &Actor::system(), &record)?;
    Ok(())
}

/// The key file was missing for a keyed log: a new key starts here, and
/// the log says so.
pub(crate) fn record_key_lost(conn: &mut Connection) -> Result<()> {
    let tx = conn.transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)?;
    let record = key::with_key(|k| keyed_record(k, "key_file_missing"))?;
    append(&tx, &Actor::system(), &record)?;
    tx.commit()?;
    Ok(())
}

/// Put `key` into the backup copy at `dest` (a table of the copy alone).
pub(crate) fn put_backup_key(dest: &std::path::Path, key: &AuditKey) -> Result<()> {
    let copy = Connection::open(dest)?;
    copy.execute_batch(&format!(
        "CREATE TABLE {BACKUP_KEY_TABLE} (key TEXT NOT NULL);
         INSERT INTO {BACKUP_KEY_TABLE} (key) VALUES ('{}');",
        key.to_hex()
    ))?;
    Ok(())
}

/// The key a backup file carries, read without changing the file.
pub(crate) fn read_backup_key(path: &std::path::Path) -> Result<Option<AuditKey>> {
    let conn = crate::open_immutable(path).map_err(|e| StoreError::Corrupt {
        path: path.to_path_buf(),
        detail: e.to_string(),
    })?;
    backup_key_in(&conn)
}

/// The audit action of an article transition kind.
pub fn transition_action(kind: &str) -> &'static str {
    match kind {
        "create" => "article.create",
        "edit" => "article.save",
        "restore" => "article.restore",
        "correct" => "article.correct",
        "submit" => "review.submit",
        "approve" => "review.approve",
        "return" => "review.return",
        "withdraw" => "review.withdraw",
        "reopen" => "review.reopen",
        "import" => "article.import",
        _ => "article.other",
    }
}

fn entry_from_row(r: &Row) -> rusqlite::Result<AuditEntry> {
    let detail: String = r.get(9)?;
    Ok(AuditEntry {
        id: r.get(0)?,
        at: from_millis(r.get(1)?),
        actor_id: r.get(2)?,
        actor: r.get(3)?,
        client: r.get(4)?,
        via: r.get(5)?,
        action: r.get(6)?,
        target_kind: r.get(7)?,
        target_id: r.get(8)?,
        detail: serde_json::from_str(&detail).unwrap_or(serde_json::Value::String(detail)),
        hash: r.get(10)?,
    })
}

impl Store {
    /// Append one entry on its own (for actions that write nothing else,
    /// such as a refused sign-in or a backup).
    pub fn audit(&self, actor: &Actor, record: &Record) -> Result<Id> {
        self.write(|tx| append(tx, actor, record))
    }

    /// Entries matching `filter`, with the number that match in all.
    pub fn audit_entries(&self, f: &AuditFilter) -> Result<AuditPage> {
        self.read(|c| {
            let mut cond = String::from("1 = 1");
            let mut args: Vec<rusqlite::types::Value> = Vec::new();
            let mut add = |sql: &str, v: rusqlite::types::Value| {
                args.push(v);
                cond.push_str(&format!(" AND {sql} ?{}", args.len()));
            };
            if let Some(t) = f.since {
                add("at >=", to_millis(t).into());
            }
            if let Some(t) = f.until {
                add("at <", to_millis(t).into());
            }
            if let Some(a) = f.actor_id {
                add("actor_id =", a.into());
            }
            if let Some(k) = &f.target_kind {
                add("target_kind =", k.clone().into());
            }
            if let Some(t) = f.target_id {
                add("target_id =", t.into());
            }
            if let Some(a) = f.action.as_deref().filter(|a| !a.is_empty()) {
                if let Some(prefix) = a.strip_suffix('.') {
                    add("action LIKE", format!("{prefix}.%").into());
                } else {
                    add("action =", a.to_string().into());
                }
            }
            let total: u64 = c.query_row(
                &format!("SELECT count(*) FROM audit_log WHERE {cond}"),
                rusqlite::params_from_iter(args.iter()),
                |r| r.get(0),
            )?;
            let order = if f.oldest_first { "ASC" } else { "DESC" };
            let limit = if f.limit == 0 {
                100
            } else {
                f.limit.min(10_000)
            };
            let mut stmt = c.prepare(&format!(
                "SELECT id, at, actor_id, actor, client, via, action, target_kind, target_id,
                        detail, hash
                   FROM audit_log WHERE {cond} ORDER BY id {order} LIMIT {limit} OFFSET {}",
                f.offset
            ))?;
            let entries = stmt
                .query_map(rusqlite::params_from_iter(args.iter()), entry_from_row)?
                .collect::<rusqlite::Result<Vec<_>>>()?;
            Ok(AuditPage { total, entries })
        })
    }

    /// The stored hash of entry `id`, if the log still has it.
    pub fn audit_hash(&self, id: Id) -> Result<Option<String>> {
        self.read(|c| hash_in(c, id))
    }

    /// Recompute the chain from the first entry: each hash must follow from
    /// its predecessor's and its own content — plain SHA-256 before the
    /// re-keying entry, HMAC-SHA256 under the workspace's key from it on —
    /// and ids must run without a gap. A log without a re-keying entry under
    /// this key does not verify. Then every recorded export's anchor
    /// ([`AuditHead`]) must still be in it, unchanged: a log cut back after
    /// an export fails here too.
    pub fn verify_audit(&self) -> Result<ChainReport> {
        let key = Arc::clone(&self.key);
        self.read(|c| {
            /// How the entries from here on are hashed.
            #[derive(PartialEq)]
            enum Mode {
                Plain,
                Keyed,
                /// Under a key this workspace no longer has.
                OtherKey,
            }
            let mut stmt = c.prepare(
                "SELECT id, at, actor_id, actor, client, via, action, target_kind, target_id,
                        detail, prev_hash, hash
                   FROM audit_log ORDER BY id",
            )?;
            let mut rows = stmt.query([])?;
            let mut prev = GENESIS.to_string();
            let mut expected_id: Id = 1;
            let mut n: u64 = 0;
            let mut mode = Mode::Plain;
            let mut keyed_since: Option<Id> = None;
            // where a part begins that cannot be checked with this key, and
            // where the log says the key file was lost
            let mut other_key_from: Option<Id> = None;
            let mut lost_at: Option<Id> = None;
            while let Some(r) = rows.next()? {
                let id: Id = r.get(0)?;
                let broken = move |reason: &str| ChainReport {
                    ok: false,
                    entries: n,
                    first_broken: Some(id),
                    reason: Some(reason.to_string()),
                    keyed_since,
                };
                if id != expected_id {
                    return Ok(ChainReport {
                        first_broken: Some(expected_id),
                        ..broken("缺少这一条记录")
                    });
                }
                let prev_hash: String = r.get(10)?;
                let hash: String = r.get(11)?;
                if prev_hash != prev {
                    return Ok(broken("记录的前一条哈希与前一条记录不衔接"));
                }
                let action: String = r.get(6)?;
                let detail: String = r.get(9)?;
                if action == KEYED {
                    let d: serde_json::Value = serde_json::from_str(&detail).unwrap_or_default();
                    if d["key_id"].as_str() == Some(key.id().as_str()) {
                        mode = Mode::Keyed;
                        keyed_since.get_or_insert(id);
                    } else {
                        mode = Mode::OtherKey;
                        other_key_from.get_or_insert(id);
                    }
                    if d["reason"] == "key_file_missing" {
                        lost_at.get_or_insert(id);
                    }
                }
                let canon = canonical(
                    id,
                    r.get(1)?,
                    r.get(2)?,
                    &r.get::<_, String>(3)?,
                    &r.get::<_, String>(4)?,
                    &r.get::<_, String>(5)?,
                    &action,
                    &r.get::<_, String>(7)?,
                    r.get(8)?,
                    &detail,
                );
                let expected = match mode {
                    Mode::Plain => Some(chain(&prev, &canon)),
                    Mode::Keyed => Some(key.seal(&prev, &canon)),
                    Mode::OtherKey => None,
                };
                if expected.is_some_and(|e| e != hash) {
                    return Ok(broken("记录的内容与它的哈希不符"));
                }
                prev = hash;
                expected_id += 1;
                n += 1;
            }
            if n > 0 && keyed_since.is_none() && other_key_from.is_none() {
                return Ok(ChainReport {
                    ok: false,
                    entries: n,
                    first_broken: Some(1),
                    reason: Some(
                        "审计日志中没有启用密钥的记录：日志可能被整体改写过".to_string(),
                    ),
                    keyed_since,
                });
            }
            // Entries cut off the end leave a chain that holds: each
            // export's manifest names the entry the log had reached then.
            let mut stmt = c.prepare("SELECT id, manifest_json FROM exports ORDER BY id")?;
            let mut rows = stmt.query([])?;
            while let Some(r) = rows.next()? {
                /// The one field read of a manifest; those written before
                /// the anchor have none.
                #[derive(Deserialize)]
                struct Anchored {
                    audit_head: Option<AuditHead>,
                }
                let export: Id = r.get(0)?;
                let manifest: String = r.get(1)?;
                let Ok(Anchored {
                    audit_head: Some(head),
                }) = serde_json::from_str(&manifest)
                else {
                    continue;
                };
                let reason = match hash_in(c, head.entry)? {
                    None => format!(
                        "第{export}次导出时审计日志已有第{}条记录，现在没有了：导出后被截短",
                        head.entry
                    ),
                    Some(h) if h != head.hash => format!(
                        "第{}条记录与第{export}次导出时的不一致：导出后被截短或改写",
                        head.entry
                    ),
                    Some(_) => continue,
                };
                return Ok(ChainReport {
                    ok: false,
                    entries: n,
                    first_broken: Some(head.entry.min(n as Id + 1)),
                    reason: Some(reason),
                    keyed_since,
                });
            }
            let unverifiable = match (lost_at, other_key_from) {
                (Some(lost), other) => Some((
                    other.unwrap_or(lost).min(lost),
                    format!(
                        "审计密钥文件 {} 曾经丢失（第{lost}条记录起换用了新密钥），用原密钥签名的记录已无法验证",
                        key::KEY_FILE
                    ),
                )),
                (None, Some(other)) => Some((
                    other,
                    format!(
                        "第{other}条起的记录使用另一把审计密钥，无法用本工作区的密钥验证（密钥文件 {} 被更换过）",
                        key::KEY_FILE
                    ),
                )),
                (None, None) => None,
            };
            if let Some((id, reason)) = unverifiable {
                return Ok(ChainReport {
                    ok: false,
                    entries: n,
                    first_broken: Some(id),
                    reason: Some(reason),
                    keyed_since,
                });
            }
            Ok(ChainReport {
                ok: true,
                entries: n,
                first_broken: None,
                reason: None,
                keyed_since,
            })
        })
    }
}
