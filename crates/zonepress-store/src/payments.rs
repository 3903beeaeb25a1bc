//! 稿酬: the dated payment rules, and issued payment statements 稿酬发放表.
//!
//! A statement is stored as issued — the rules it applied and every line —
//! so a later change of rules never alters it. Triggers refuse deleting a
//! statement and changing it in any way but voiding it, once. An issue is
//! paid by at most one statement that is not void.

use std::collections::BTreeMap;

use chrono::{DateTime, NaiveDate, Utc};
use rusqlite::{Connection, OptionalExtension, Row, params};
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use ts_rs::TS;
use zonepress_core::payment::PaymentRules;
use zonepress_core::{CoreError, Id};

use crate::audit::{Actor, Record, append};
use crate::{Result, Store, StoreError, from_millis, now, to_millis};

/// An issued statement as listed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS, JsonSchema)]
pub struct StatementRecord {
    pub id: Id,
    pub period_from: NaiveDate,
    pub period_to: NaiveDate,
    pub issued_at: DateTime<Utc>,
    pub issued_by: String,
    pub total_fen: i64,
    /// SHA-256 of the statement as issued.
    pub sha256: String,
    /// The issues it pays.
    pub issue_ids: Vec<Id>,
    pub voided_at: Option<DateTime<Utc>>,
    pub voided_by: Option<String>,
    pub void_reason: String,
}

/// A statement to store.
#[derive(Debug, Clone)]
pub struct NewStatement<'a> {
    pub period_from: NaiveDate,
    pub period_to: NaiveDate,
    pub total_fen: i64,
    /// The statement as issued (rules and lines), JSON.
    pub statement_json: &'a str,
    /// `(issue id, label)` of the issues it pays.
    pub issues: &'a [(Id, String)],
}

fn date_of(s: &str) -> NaiveDate {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap_or_default()
}

pub(crate) fn all_rules(c: &Connection) -> Result<Vec<PaymentRules>> {
    let mut stmt =
        c.prepare_cached("SELECT id, rules_json FROM payment_rules ORDER BY valid_from")?;
    let mut rows = stmt.query([])?;
    let mut out = Vec::new();
    while let Some(r) = rows.next()? {
        let json: String = r.get(1)?;
        let mut rules: PaymentRules = serde_json::from_str(&json)?;
        rules.id = r.get(0)?;
        out.push(rules);
    }
    Ok(out)
}

const STATEMENT_COLUMNS: &str = "s.id, s.period_from, s.period_to, s.issued_at,
        s.issued_by, s.total_fen, s.sha256, s.voided_at, s.voided_by, s.void_reason,
        (SELECT group_concat(i.issue_id) FROM payment_statement_issues i WHERE i.statement_id = s.id)";

fn statement_from_row(r: &Row) -> rusqlite::Result<StatementRecord> {
    let from: String = r.get(1)?;
    let to: String = r.get(2)?;
    let ids: Option<String> = r.get(10)?;
    let mut issue_ids: Vec<Id> = ids
        .unwrap_or_default()
        .split(',')
        .filter_map(|s| s.parse().ok())
        .collect();
    issue_ids.sort_unstable();
    Ok(StatementRecord {
        id: r.get(0)?,
        period_from: date_of(&from),
        period_to: date_of(&to),
        issued_at: from_millis(r.get(3)?),
        issued_by: r.get(4)?,
        total_fen: r.get(5)?,
        sha256: r.get(6)?,
        voided_at: r.get::<_, Option<i64>>(7)?.map(from_millis),
        voided_by: r.get(8)?,
        void_reason: r.get(9)?,
        issue_ids,
    })
}

fn load_statement(c: &Connection, id: Id) -> Result<(StatementRecord, String)> {
    c.query_row(
        &format!(
            "SELECT {STATEMENT_COLUMNS}, s.statement_json FROM payment_statements s WHERE s.id = ?1"
        ),
        [id],
        |r| Ok((statement_from_row(r)?, r.get::<_, String>(11)?)),
    )
    .optional()?
    .ok_or(StoreError::NotFound {
        what: "statement",
        key: id.to_string(),
    })
}

impl Store {
    /// Every rule set, oldest first.
    pub fn payment_rules(&self) -> Result<Vec<PaymentRules>> {
        self.read(all_rules)
    }

    /// Store a rule set (new when `id` is 0); one per starting date. On the
    /// audit log with what changed.
    pub fn save_payment_rules(&self, actor: &Actor, rules: &PaymentRules) -> Result<PaymentRules> {
        rules.validate()?;
        self.write(|tx| {
            let from = rules.valid_from.format("%Y-%m-%d").to_string();
            let clash: Option<Id> = tx
                .query_row(
                    "SELECT id FROM payment_rules WHERE valid_from = ?1 AND id != ?2",
                    params![from, rules.id],
                    |r| r.get(0),
                )
                .optional()?;
            if clash.is_some() {
                return Err(CoreError::invalid(
                    "rules of that date exist",
                    format!("已有自{from}起执行的稿酬标准，请修改那一份"),
                )
                .into());
            }
            let before: Option<String> = if rules.id > 0 {
                Some(
                    tx.query_row(
                        "SELECT rules_json FROM payment_rules WHERE id = ?1",
                        [rules.id],
                        |r| r.get(0),
                    )
                    .optional()?
                    .ok_or(StoreError::NotFound {
                        what: "payment rules",
                        key: rules.id.to_string(),
                    })?,
                )
            } else {
                None
            };
            let mut stored = rules.clone();
            stored.id = 0;
            let json = serde_json::to_string(&stored)?;
            let at = to_millis(now());
            let id = if rules.id > 0 {
                tx.execute(
                    "UPDATE payment_rules SET valid_from = ?2, rules_json = ?3, updated_at = ?4,
                         updated_by = ?5 WHERE id = ?1",
                    params![rules.id, from, json, at, actor.name],
                )?;
                rules.id
            } else {
                tx.execute(
                    "INSERT INTO payment_rules (valid_from, rules_json, updated_at, updated_by)
                     VALUES (?1, ?2, ?3, ?4)",
                    params![from, json, at, actor.name],
                )?;
                tx.last_insert_rowid()
            };
            append(
                tx,
                actor,
                &Record::new(
                    if before.is_some() {
                        "payment.rules_update"
                    } else {
                        "payment.rules_create"
                    },
                    "payment_rules",
                    Some(id),
                    serde_json::json!({
                        "before": before.map(|b| serde_json::from_str::<serde_json::Value>(&b).unwrap_or_default()),
                        "after": stored,
                    }),
                ),
            )?;
            stored.id = id;
            Ok(stored)
        })
    }

    /// Remove a rule set (statements issued under it keep their copy).
    pub fn delete_payment_rules(&self, actor: &Actor, id: Id) -> Result<()> {
        self.write(|tx| {
            let json: String = tx
                .query_row(
                    "SELECT rules_json FROM payment_rules WHERE id = ?1",
                    [id],
                    |r| r.get(0),
                )
                .optional()?
                .ok_or(StoreError::NotFound {
                    what: "payment rules",
                    key: id.to_string(),
                })?;
            tx.execute("DELETE FROM payment_rules WHERE id = ?1", [id])?;
            append(
                tx,
                actor,
                &Record::new(
                    "payment.rules_delete",
                    "payment_rules",
                    Some(id),
                    serde_json::json!({
                        "before": serde_json::from_str::<serde_json::Value>(&json).unwrap_or_default(),
                    }),
                ),
            )?;
            Ok(())
        })
    }

    /// Store an issued statement. Refused when one of its issues is already
    /// paid by a statement that is not void.
    pub fn issue_statement(&self, actor: &Actor, s: &NewStatement) -> Result<StatementRecord> {
        use sha2::{Digest, Sha256};
        let sha = hex::encode(Sha256::digest(s.statement_json.as_bytes()));
        self.write(|tx| {
            let mut paid: BTreeMap<Id, Vec<String>> = BTreeMap::new();
            for (issue_id, label) in s.issues {
                let other: Option<Id> = tx
                    .query_row(
                        "SELECT p.statement_id FROM payment_statement_issues p
                           JOIN payment_statements s ON s.id = p.statement_id
                          WHERE p.issue_id = ?1 AND s.voided_at IS NULL LIMIT 1",
                        [issue_id],
                        |r| r.get(0),
                    )
                    .optional()?;
                if let Some(other) = other {
                    paid.entry(other).or_default().push(label.clone());
                }
            }
            if let Some((other, labels)) = paid.into_iter().next() {
                return Err(CoreError::invalid(
                    format!("issues already paid by statement {other}"),
                    format!(
                        "{}的稿酬已在第{other}号稿酬发放表中发放，不能重复发放（如须重新发放，请先作废第{other}号）",
                        labels.join("、")
                    ),
                )
                .into());
            }
            tx.execute(
                "INSERT INTO payment_statements (period_from, period_to, issued_at, issued_by,
                     total_fen, statement_json, sha256)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
                params![
                    s.period_from.format("%Y-%m-%d").to_string(),
                    s.period_to.format("%Y-%m-%d").to_string(),
                    to_millis(now()),
                    actor.name,
                    s.total_fen,
                    s.statement_json,
                    sha
                ],
            )?;
            let id = tx.last_insert_rowid();
            for (issue_id, _) in s.issues {
                tx.execute(
                    "INSERT INTO payment_statement_issues (statement_id, issue_id) VALUES (?1, ?2)",
                    params![id, issue_id],
                )?;
            }
            append(
                tx,
                actor,
                &Record::new(
                    "payment.issue",
                    "payment_statement",
                    Some(id),
                    serde_json::json!({
                        "from": s.period_from, "to": s.period_to, "total_fen": s.total_fen,
                        "issues": s.issues.iter().map(|(_, l)| l).collect::<Vec<_>>(),
                        "sha256": sha,
                    }),
                ),
            )?;
            Ok(load_statement(tx, id)?.0)
        })
    }

    /// Newest first.
    pub fn statements(&self) -> Result<Vec<StatementRecord>> {
        self.read(|c| {
            let mut stmt = c.prepare_cached(&format!(
                "SELECT {STATEMENT_COLUMNS} FROM payment_statements s ORDER BY s.id DESC"
            ))?;
            let rows = stmt.query_map([], statement_from_row)?;
            Ok(rows.collect::<rusqlite::Result<Vec<_>>>()?)
        })
    }

    /// One statement with its JSON as issued.
    pub fn statement(&self, id: Id) -> Result<(StatementRecord, String)> {
        self.read(|c| load_statement(c, id))
    }

    /// Void an issued statement with a reason (kept, marked void; its
    /// issues may be paid again).
    pub fn void_statement(&self, actor: &Actor, id: Id, reason: &str) -> Result<StatementRecord> {
        self.write(|tx| {
            let (record, _) = load_statement(tx, id)?;
            if record.voided_at.is_some() {
                return Err(CoreError::invalid(
                    "already void",
                    format!("第{id}号稿酬发放表已作废"),
                )
                .into());
            }
            tx.execute(
                "UPDATE payment_statements SET voided_at = ?2, voided_by = ?3, void_reason = ?4
                  WHERE id = ?1",
                params![id, to_millis(now()), actor.name, reason],
            )?;
            append(
                tx,
                actor,
                &Record::new(
                    "payment.void",
                    "payment_statement",
                    Some(id),
                    serde_json::json!({ "reason": reason, "total_fen": record.total_fen }),
                ),
            )?;
            Ok(load_statement(tx, id)?.0)
        })
    }
}
