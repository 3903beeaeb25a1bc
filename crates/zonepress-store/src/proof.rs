//! Proofreading data: the roster of officials, the word list, findings
//! ignored with a reason, the proofreading passes of an issue, settings.
//! The store keeps rows; `zonepress-proof` does the checking.

use chrono::{DateTime, NaiveDate, Utc};
use rusqlite::{Connection, OptionalExtension, Row, params};
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use ts_rs::TS;
use zonepress_core::{Id, UserRef};

use crate::users::user_ref_at;
use crate::{Result, Store, StoreError, from_millis, now, to_millis};

/// One official with one title, valid for a period.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS, JsonSchema)]
pub struct RosterRow {
    pub id: Id,
    pub name: String,
    pub title: String,
    pub valid_from: Option<NaiveDate>,
    pub valid_to: Option<NaiveDate>,
    pub note: String,
}

/// One entry of the confusable / deprecated word list.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS, JsonSchema)]
pub struct WordRow {
    pub id: Id,
    pub wrong: String,
    pub right: String,
    /// `confusable` or `deprecated`.
    pub kind: String,
    pub note: String,
    /// The replacement is certain (offered as a one-click fix).
    pub certain: bool,
    /// Text around `wrong` that is fine.
    pub exceptions: Vec<String>,
}

/// A finding someone decided to leave, and why.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS, JsonSchema)]
pub struct IgnoreRow {
    pub id: Id,
    pub article_id: Id,
    pub key: String,
    pub rule: String,
    pub passage: String,
    pub reason: String,
    pub user: UserRef,
    pub created_at: DateTime<Utc>,
}

/// 一校 / 二校 / 三校 of an issue.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS, JsonSchema)]
pub struct ProofPass {
    pub id: Id,
    pub issue_id: Id,
    pub pass: u8,
    pub user: UserRef,
    pub at: DateTime<Utc>,
    pub errors_found: u32,
    pub note: String,
}

fn date_at(r: &Row, at: usize) -> rusqlite::Result<Option<NaiveDate>> {
    Ok(r.get::<_, Option<String>>(at)?
        .and_then(|s| NaiveDate::parse_from_str(&s, "%Y-%m-%d").ok()))
}

fn roster_from_row(r: &Row) -> rusqlite::Result<RosterRow> {
    Ok(RosterRow {
        id: r.get(0)?,
        name: r.get(1)?,
        title: r.get(2)?,
        valid_from: date_at(r, 3)?,
        valid_to: date_at(r, 4)?,
        note: r.get(5)?,
    })
}

fn word_from_row(r: &Row) -> rusqlite::Result<WordRow> {
    let exceptions: String = r.get(6)?;
    Ok(WordRow {
        id: r.get(0)?,
        wrong: r.get(1)?,
        right: r.get(2)?,
        kind: r.get(3)?,
        note: r.get(4)?,
        certain: r.get(5)?,
        exceptions: serde_json::from_str(&exceptions).unwrap_or_default(),
    })
}

fn fmt_date(d: Option<NaiveDate>) -> Option<String> {
    d.map(|d| d.format("%Y-%m-%d").to_string())
}

fn load_roster(c: &Connection, id: Id) -> Result<RosterRow> {
    c.query_row(
        "SELECT id, name, title, valid_from, valid_to, note FROM roster WHERE id = ?1",
        [id],
        roster_from_row,
    )
    .optional()?
    .ok_or(StoreError::NotFound {
        what: "roster entry",
        key: id.to_string(),
    })
}

fn load_word(c: &Connection, id: Id) -> Result<WordRow> {
    c.query_row(
        "SELECT id, wrong, right, kind, note, certain, exceptions FROM word_rules WHERE id = ?1",
        [id],
        word_from_row,
    )
    .optional()?
    .ok_or(StoreError::NotFound {
        what: "word rule",
        key: id.to_string(),
    })
}

impl Store {
    pub fn setting(&self, key: &str) -> Result<Option<String>> {
        self.read(|c| {
            Ok(
                c.query_row("SELECT value FROM settings WHERE key = ?1", [key], |r| {
                    r.get(0)
                })
                .optional()?,
            )
        })
    }

    pub fn set_setting(&self, key: &str, value: &str) -> Result<()> {
        self.write(|tx| {
            tx.execute(
                "INSERT INTO settings (key, value) VALUES (?1, ?2)
                 ON CONFLICT (key) DO UPDATE SET value = ?2",
                params![key, value],
            )?;
            Ok(())
        })
    }

    /// A value that changes whenever the roster or the word list changes,
    /// so a cached checker knows when to rebuild.
    pub fn proof_lists_version(&self) -> Result<(i64, i64, i64, i64)> {
        self.read(|c| {
            Ok(c.query_row(
                "SELECT (SELECT count(*) FROM roster), (SELECT coalesce(max(updated_at), 0) FROM roster),
                        (SELECT count(*) FROM word_rules), (SELECT coalesce(max(updated_at), 0) FROM word_rules)",
                [],
                |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)),
            )?)
        })
    }

    pub fn roster(&self) -> Result<Vec<RosterRow>> {
        self.read(|c| {
            let mut stmt = c.prepare_cached(
                "SELECT id, name, title, valid_from, valid_to, note FROM roster ORDER BY id",
            )?;
            let rows = stmt.query_map([], roster_from_row)?;
            Ok(rows.collect::<rusqlite::Result<Vec<_>>>()?)
        })
    }

    /// Insert (`id` 0) or update a roster entry.
    pub fn save_roster(&self, row: &RosterRow) -> Result<RosterRow> {
        let at = to_millis(now());
        self.write(|tx| {
            let id = if row.id == 0 {
                tx.execute(
                    "INSERT INTO roster (name, title, valid_from, valid_to, note, updated_at)
                     VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
                    params![row.name, row.title, fmt_date(row.valid_from), fmt_date(row.valid_to), row.note, at],
                )?;
                tx.last_insert_rowid()
            } else {
                load_roster(tx, row.id)?;
                tx.execute(
                    "UPDATE roster SET name = ?2, title = ?3, valid_from = ?4, valid_to = ?5, note = ?6,
                         updated_at = ?7 WHERE id = ?1",
                    params![row.id, row.name, row.title, fmt_date(row.valid_from), fmt_date(row.valid_to), row.note, at],
                )?;
                row.id
            };
            load_roster(tx, id)
        })
    }

    pub fn delete_roster(&self, id: Id) -> Result<()> {
        self.write(|tx| {
            load_roster(tx, id)?;
            tx.execute("DELETE FROM roster WHERE id = ?1", [id])?;
            Ok(())
        })
    }

    pub fn word_rules(&self) -> Result<Vec<WordRow>> {
        self.read(|c| {
            let mut stmt = c.prepare_cached(
                "SELECT id, wrong, right, kind, note, certain, exceptions FROM word_rules ORDER BY id",
            )?;
            let rows = stmt.query_map([], word_from_row)?;
            Ok(rows.collect::<rusqlite::Result<Vec<_>>>()?)
        })
    }

    /// Insert (`id` 0) or update a word rule; `wrong` is unique.
    pub fn save_word_rule(&self, row: &WordRow) -> Result<WordRow> {
        let at = to_millis(now());
        self.write(|tx| {
            let clash: Option<Id> = tx
                .query_row("SELECT id FROM word_rules WHERE wrong = ?1", [&row.wrong], |r| r.get(0))
                .optional()?;
            if clash.is_some_and(|c| c != row.id) {
                return Err(StoreError::Duplicate {
                    what: "word rule",
                    key: row.wrong.clone(),
                });
            }
            let exceptions = serde_json::to_string(&row.exceptions)?;
            let id = if row.id == 0 {
                tx.execute(
                    "INSERT INTO word_rules (wrong, right, kind, note, certain, exceptions, updated_at)
                     VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
                    params![row.wrong, row.right, row.kind, row.note, row.certain, exceptions, at],
                )?;
                tx.last_insert_rowid()
            } else {
                load_word(tx, row.id)?;
                tx.execute(
                    "UPDATE word_rules SET wrong = ?2, right = ?3, kind = ?4, note = ?5, certain = ?6,
                         exceptions = ?7, updated_at = ?8 WHERE id = ?1",
                    params![row.id, row.wrong, row.right, row.kind, row.note, row.certain, exceptions, at],
                )?;
                row.id
            };
            load_word(tx, id)
        })
    }

    /// Put many word rules at once (e.g. the starter list), skipping words
    /// already present. Returns how many were added.
    pub fn add_word_rules(&self, rows: &[WordRow]) -> Result<usize> {
        let at = to_millis(now());
        self.write(|tx| {
            let mut added = 0;
            for row in rows {
                added += tx.execute(
                    "INSERT INTO word_rules (wrong, right, kind, note, certain, exceptions, updated_at)
                     VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7) ON CONFLICT (wrong) DO NOTHING",
                    params![
                        row.wrong,
                        row.right,
                        row.kind,
                        row.note,
                        row.certain,
                        serde_json::to_string(&row.exceptions)?,
                        at
                    ],
                )?;
            }
            Ok(added)
        })
    }

    pub fn delete_word_rule(&self, id: Id) -> Result<()> {
        self.write(|tx| {
            load_word(tx, id)?;
            tx.execute("DELETE FROM word_rules WHERE id = ?1", [id])?;
            Ok(())
        })
    }

    pub fn ignores(&self, article_id: Id) -> Result<Vec<IgnoreRow>> {
        self.read(|c| {
            let mut stmt = c.prepare_cached(
                "SELECT i.id, i.article_id, i.key, i.rule, i.passage, i.reason, u.id, u.username,
                        u.display_name, i.created_at
                   FROM finding_ignores i JOIN users u ON u.id = i.user_id
                  WHERE i.article_id = ?1 ORDER BY i.id",
            )?;
            let rows = stmt.query_map([article_id], |r| {
                Ok(IgnoreRow {
                    id: r.get(0)?,
                    article_id: r.get(1)?,
                    key: r.get(2)?,
                    rule: r.get(3)?,
                    passage: r.get(4)?,
                    reason: r.get(5)?,
                    user: user_ref_at(r, 6)?,
                    created_at: from_millis(r.get(9)?),
                })
            })?;
            Ok(rows.collect::<rusqlite::Result<Vec<_>>>()?)
        })
    }

    /// Record that a finding is left as it is, with a reason.
    pub fn ignore_finding(
        &self,
        article_id: Id,
        key: &str,
        rule: &str,
        passage: &str,
        reason: &str,
        user_id: Id,
    ) -> Result<()> {
        let at = to_millis(now());
        self.write(|tx| {
            crate::articles::load_article(tx, article_id)?;
            tx.execute(
                "INSERT INTO finding_ignores (article_id, key, rule, passage, reason, user_id, created_at)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)
                 ON CONFLICT (article_id, key) DO UPDATE SET reason = ?5, user_id = ?6, created_at = ?7",
                params![article_id, key, rule, passage, reason, user_id, at],
            )?;
            Ok(())
        })
    }

    pub fn unignore_finding(&self, article_id: Id, key: &str) -> Result<()> {
        self.write(|tx| {
            tx.execute(
                "DELETE FROM finding_ignores WHERE article_id = ?1 AND key = ?2",
                params![article_id, key],
            )?;
            Ok(())
        })
    }

    pub fn proof_passes(&self, issue_id: Id) -> Result<Vec<ProofPass>> {
        self.read(|c| {
            let mut stmt = c.prepare_cached(
                "SELECT p.id, p.issue_id, p.pass, u.id, u.username, u.display_name, p.at,
                        p.errors_found, p.note
                   FROM proof_passes p JOIN users u ON u.id = p.user_id
                  WHERE p.issue_id = ?1 ORDER BY p.pass",
            )?;
            let rows = stmt.query_map([issue_id], |r| {
                Ok(ProofPass {
                    id: r.get(0)?,
                    issue_id: r.get(1)?,
                    pass: r.get(2)?,
                    user: user_ref_at(r, 3)?,
                    at: from_millis(r.get(6)?),
                    errors_found: r.get(7)?,
                    note: r.get(8)?,
                })
            })?;
            Ok(rows.collect::<rusqlite::Result<Vec<_>>>()?)
        })
    }

    /// Record 一校/二校/三校 (a pass needs the one before it).
    pub fn record_proof_pass(
        &self,
        issue_id: Id,
        pass: u8,
        user_id: Id,
        errors_found: u32,
        note: &str,
    ) -> Result<Vec<ProofPass>> {
        let at = to_millis(now());
        self.write(|tx| {
            crate::issues::load_issue(tx, issue_id)?;
            let done: u8 = tx.query_row(
                "SELECT count(*) FROM proof_passes WHERE issue_id = ?1",
                [issue_id],
                |r| r.get(0),
            )?;
            if pass != done + 1 {
                return Err(zonepress_core::CoreError::invalid(
                    format!("pass {pass} cannot follow {done} recorded passes"),
                    if pass <= done {
                        format!("第{pass}次校对已经记录过")
                    } else {
                        format!("请先完成第{}次校对", done + 1)
                    },
                )
                .into());
            }
            tx.execute(
                "INSERT INTO proof_passes (issue_id, pass, user_id, at, errors_found, note)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
                params![issue_id, pass, user_id, at, errors_found, note],
            )?;
            Ok(())
        })?;
        self.proof_passes(issue_id)
    }
}
