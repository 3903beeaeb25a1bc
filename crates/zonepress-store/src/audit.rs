//! The audit log 审计日志: every action that matters for what is printed or
//! for who may do what, appended in the same transaction as the action.
//!
//! The log is append-only (triggers refuse updates and deletes) and
//! hash-chained: each entry stores the SHA-256 of the previous entry's hash
//! and its own canonical content, so an entry edited behind the triggers'
//! back (or a deleted one) breaks the chain at that point, and
//! [`Store::verify_audit`] names it.
//!
//! Entries cut off the end leave a chain that still verifies. Every export
//! therefore carries the newest entry as it stood ([`AuditHead`]) in its
//! manifest, inside the PDF that leaves the office: verifying that PDF
//! later finds a log cut back or rewritten behind it.

use chrono::{DateTime, Utc};
use rusqlite::{Connection, OptionalExtension, Row, params};
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use ts_rs::TS;
use zonepress_core::{Id, User};

use crate::{Result, Store, from_millis, now, to_millis};

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

/// Append one entry at `at` (milliseconds) inside the caller's transaction.
pub(crate) fn append_at(conn: &Connection, actor: &Actor, record: &Record, at: i64) -> Result<Id> {
    let (prev_id, prev_hash) = last(conn)?;
    let id = prev_id + 1;
    let detail = record.detail.to_string();
    let hash = chain(
        &prev_hash,
        &canonical(
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
        ),
    );
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
    append_at(conn, actor, record, to_millis(now()))
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
        append_at(conn, &actor, &o.record, o.at)?;
    }
    Ok(())
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
    /// its predecessor's and its own content, and ids must run without a gap.
    /// Then every recorded export's anchor ([`AuditHead`]) must still be in
    /// it, unchanged: a log cut back after an export fails here too.
    pub fn verify_audit(&self) -> Result<ChainReport> {
        self.read(|c| {
            let mut stmt = c.prepare(
                "SELECT id, at, actor_id, actor, client, via, action, target_kind, target_id,
                        detail, prev_hash, hash
                   FROM audit_log ORDER BY id",
            )?;
            let mut rows = stmt.query([])?;
            let mut prev = GENESIS.to_string();
            let mut expected_id: Id = 1;
            let mut n: u64 = 0;
            while let Some(r) = rows.next()? {
                let id: Id = r.get(0)?;
                let broken = |reason: &str| ChainReport {
                    ok: false,
                    entries: n,
                    first_broken: Some(id),
                    reason: Some(reason.to_string()),
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
                let canon = canonical(
                    id,
                    r.get(1)?,
                    r.get(2)?,
                    &r.get::<_, String>(3)?,
                    &r.get::<_, String>(4)?,
                    &r.get::<_, String>(5)?,
                    &r.get::<_, String>(6)?,
                    &r.get::<_, String>(7)?,
                    r.get(8)?,
                    &r.get::<_, String>(9)?,
                );
                if chain(&prev, &canon) != hash {
                    return Ok(broken("记录的内容与它的哈希不符"));
                }
                prev = hash;
                expected_id += 1;
                n += 1;
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
                });
            }
            Ok(ChainReport {
                ok: true,
                entries: n,
                first_broken: None,
                reason: None,
            })
        })
    }
}
