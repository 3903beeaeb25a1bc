//! Proofreading data: the roster of officials, the word list, findings
//! ignored with a reason, the proofreading passes of an issue, settings.
//! The store keeps rows; `zonepress-proof` does the checking.

use chrono::{DateTime, NaiveDate, Utc};
use rusqlite::{Connection, OptionalExtension, Row, params};
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use ts_rs::TS;
use zonepress_core::{Id, UserRef};

use crate::audit::{Actor, Record, append};
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
    /// 排序: lower is higher; `None` takes no part in the rank rules (the
    /// order of names, the order of stories).
    #[serde(default)]
    pub rank: Option<u32>,
}

/// One entry of the confusable / deprecated word list.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS, JsonSchema)]
pub struct WordRow {
    pub id: Id,
    pub wrong: String,
    pub right: String,
    /// `confusable`, `deprecated` or `internal` (内部资料 only).
    pub kind: String,
    pub note: String,
    /// The replacement is certain (offered as a one-click fix).
    pub certain: bool,
    /// Text around `wrong` that is fine.
    pub exceptions: Vec<String>,
}

/// A finding someone decided to leave, and why. An editor may only
/// propose leaving an error (`state` = `proposed`); a proofreader or admin
/// confirms it (`ignored`) or rejects it.
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
    /// `error`, `warning` or `info` as the finding was when ignored (empty
    /// for ignores recorded before severities were kept).
    #[serde(default)]
    pub severity: String,
    /// `ignored` or `proposed`.
    #[serde(default)]
    pub state: String,
    /// The proofreader or admin who confirmed a proposal.
    #[serde(default)]
    pub decided_by: Option<UserRef>,
    #[serde(default)]
    pub decided_at: Option<DateTime<Utc>>,
}

/// A new ignore or proposal.
#[derive(Debug, Clone)]
pub struct NewIgnore<'a> {
    pub article_id: Id,
    pub key: &'a str,
    pub rule: &'a str,
    pub passage: &'a str,
    pub reason: &'a str,
    pub severity: &'a str,
    /// Leave it now (`true`) or only propose it to a proofreader.
    pub confirmed: bool,
}

const IGNORE_SELECT: &str =
    "SELECT i.id, i.article_id, i.key, i.rule, i.passage, i.reason, u.id, u.username,
        u.display_name, i.created_at, i.severity, i.state, d.id, d.username, d.display_name,
        i.decided_at
   FROM finding_ignores i JOIN users u ON u.id = i.user_id
   LEFT JOIN users d ON d.id = i.decided_by";

fn ignore_from_row(r: &Row) -> rusqlite::Result<IgnoreRow> {
    let decider: Option<Id> = r.get(12)?;
    Ok(IgnoreRow {
        id: r.get(0)?,
        article_id: r.get(1)?,
        key: r.get(2)?,
        rule: r.get(3)?,
        passage: r.get(4)?,
        reason: r.get(5)?,
        user: user_ref_at(r, 6)?,
        created_at: from_millis(r.get(9)?),
        severity: r.get(10)?,
        state: r.get(11)?,
        decided_by: match decider {
            Some(_) => Some(user_ref_at(r, 12)?),
            None => None,
        },
        decided_at: r.get::<_, Option<i64>>(15)?.map(from_millis),
    })
}

/// 一校 / 二校 / 三校 of an issue.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS, JsonSchema)]
pub struct ProofPass {
    pub id: Id,
    pub issue_id: Id,
    pub pass: u8,
    pub user: UserRef,
    pub at: DateTime<Utc>,
    pub errors_found: u32,
    pub note: String,
    /// The 校样 round that recorded this pass when it closed: its marks and
    /// the 差错率 they make (absent for a pass typed in by hand).
    #[serde(default)]
    pub round: Option<crate::pages::RoundFigures>,
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
        rank: r.get(6)?,
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
        "SELECT id, name, title, valid_from, valid_to, note, rank FROM roster WHERE id = ?1",
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

pub(crate) fn lists_version_in(c: &Connection) -> Result<(i64, i64, i64, i64)> {
    Ok(c.query_row(
        "SELECT (SELECT count(*) FROM roster), (SELECT coalesce(max(updated_at), 0) FROM roster),
                (SELECT count(*) FROM word_rules), (SELECT coalesce(max(updated_at), 0) FROM word_rules)",
        [],
        |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)),
    )?)
}

pub(crate) fn roster_in(c: &Connection) -> Result<Vec<RosterRow>> {
    let mut stmt = c.prepare_cached(
        "SELECT id, name, title, valid_from, valid_to, note, rank FROM roster
         ORDER BY rank IS NULL, rank, id",
    )?;
    let rows = stmt.query_map([], roster_from_row)?;
    Ok(rows.collect::<rusqlite::Result<Vec<_>>>()?)
}

pub(crate) fn words_in(c: &Connection) -> Result<Vec<WordRow>> {
    let mut stmt = c.prepare_cached(
        "SELECT id, wrong, right, kind, note, certain, exceptions FROM word_rules ORDER BY id",
    )?;
    let rows = stmt.query_map([], word_from_row)?;
    Ok(rows.collect::<rusqlite::Result<Vec<_>>>()?)
}

pub(crate) fn ignores_in(c: &Connection, article_id: Id) -> Result<Vec<IgnoreRow>> {
    let mut stmt = c.prepare_cached(&format!(
        "{IGNORE_SELECT} WHERE i.article_id = ?1 ORDER BY i.id"
    ))?;
    let rows = stmt.query_map([article_id], ignore_from_row)?;
    Ok(rows.collect::<rusqlite::Result<Vec<_>>>()?)
}

pub(crate) fn passes_in(c: &Connection, issue_id: Id) -> Result<Vec<ProofPass>> {
    let mut stmt = c.prepare_cached(
        "SELECT p.id, p.issue_id, p.pass, u.id, u.username, u.display_name, p.at,
                p.errors_found, p.note, r.id, r.chars,
                (SELECT count(*) FROM proof_marks m WHERE m.round_id = r.id)
           FROM proof_passes p JOIN users u ON u.id = p.user_id
           LEFT JOIN proof_rounds r ON r.issue_id = p.issue_id AND r.round = p.pass
          WHERE p.issue_id = ?1 ORDER BY p.pass",
    )?;
    let rows = stmt.query_map([issue_id], |r| {
        let round: Option<Id> = r.get(9)?;
        Ok(ProofPass {
            id: r.get(0)?,
            issue_id: r.get(1)?,
            pass: r.get(2)?,
            user: user_ref_at(r, 3)?,
            at: from_millis(r.get(6)?),
            errors_found: r.get(7)?,
            note: r.get(8)?,
            round: match round {
                Some(round_id) => Some(crate::pages::RoundFigures::new(
                    round_id,
                    r.get(11)?,
                    r.get(10)?,
                )),
                None => None,
            },
        })
    })?;
    Ok(rows.collect::<rusqlite::Result<Vec<_>>>()?)
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
        self.read(lists_version_in)
    }

    pub fn roster(&self) -> Result<Vec<RosterRow>> {
        self.read(roster_in)
    }

    /// Insert (`id` 0) or update a roster entry.
    pub fn save_roster(&self, actor: &Actor, row: &RosterRow) -> Result<RosterRow> {
        let at = to_millis(now());
        self.write(|tx| {
            let id = if row.id == 0 {
                tx.execute(
                    "INSERT INTO roster (name, title, valid_from, valid_to, note, updated_at, rank)
                     VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
                    params![row.name, row.title, fmt_date(row.valid_from), fmt_date(row.valid_to), row.note, at, row.rank],
                )?;
                tx.last_insert_rowid()
            } else {
                load_roster(tx, row.id)?;
                tx.execute(
                    "UPDATE roster SET name = ?2, title = ?3, valid_from = ?4, valid_to = ?5, note = ?6,
                         updated_at = ?7, rank = ?8 WHERE id = ?1",
                    params![row.id, row.name, row.title, fmt_date(row.valid_from), fmt_date(row.valid_to), row.note, at, row.rank],
                )?;
                row.id
            };
            let saved = load_roster(tx, id)?;
            append(
                tx,
                actor,
                &Record::new(
                    if row.id == 0 { "roster.add" } else { "roster.update" },
                    "roster",
                    Some(id),
                    serde_json::to_value(&saved)?,
                ),
            )?;
            Ok(saved)
        })
    }

    /// 排序 by dragging: `ids` in rank order get the ranks 1, 2, 3 …; every
    /// other entry loses its rank. One audit entry records the new order.
    pub fn reorder_roster(&self, actor: &Actor, ids: &[Id]) -> Result<Vec<RosterRow>> {
        let at = to_millis(now());
        self.write(|tx| {
            for &id in ids {
                load_roster(tx, id)?;
            }
            tx.execute(
                "UPDATE roster SET rank = NULL, updated_at = ?1 WHERE rank IS NOT NULL",
                [at],
            )?;
            for (i, &id) in ids.iter().enumerate() {
                tx.execute(
                    "UPDATE roster SET rank = ?2, updated_at = ?3 WHERE id = ?1",
                    params![id, i as i64 + 1, at],
                )?;
            }
            append(
                tx,
                actor,
                &Record::new(
                    "roster.reorder",
                    "roster",
                    None,
                    serde_json::json!({ "ranked": ids }),
                ),
            )?;
            roster_in(tx)
        })
    }

    pub fn delete_roster(&self, actor: &Actor, id: Id) -> Result<()> {
        self.write(|tx| {
            let old = load_roster(tx, id)?;
            tx.execute("DELETE FROM roster WHERE id = ?1", [id])?;
            append(
                tx,
                actor,
                &Record::new(
                    "roster.delete",
                    "roster",
                    Some(id),
                    serde_json::to_value(&old)?,
                ),
            )?;
            Ok(())
        })
    }

    pub fn word_rules(&self) -> Result<Vec<WordRow>> {
        self.read(words_in)
    }

    /// Insert (`id` 0) or update a word rule; `wrong` is unique.
    pub fn save_word_rule(&self, actor: &Actor, row: &WordRow) -> Result<WordRow> {
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
            let saved = load_word(tx, id)?;
            append(
                tx,
                actor,
                &Record::new(
                    if row.id == 0 { "words.add" } else { "words.update" },
                    "word_rule",
                    Some(id),
                    serde_json::to_value(&saved)?,
                ),
            )?;
            Ok(saved)
        })
    }

    /// Put many word rules at once (e.g. the starter list), skipping words
    /// already present. Returns how many were added.
    pub fn add_word_rules(&self, actor: &Actor, rows: &[WordRow]) -> Result<usize> {
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
            if added > 0 {
                append(
                    tx,
                    actor,
                    &Record::new(
                        "words.add_many",
                        "word_rule",
                        None,
                        serde_json::json!({ "added": added }),
                    ),
                )?;
            }
            Ok(added)
        })
    }

    pub fn delete_word_rule(&self, actor: &Actor, id: Id) -> Result<()> {
        self.write(|tx| {
            let old = load_word(tx, id)?;
            tx.execute("DELETE FROM word_rules WHERE id = ?1", [id])?;
            append(
                tx,
                actor,
                &Record::new(
                    "words.delete",
                    "word_rule",
                    Some(id),
                    serde_json::to_value(&old)?,
                ),
            )?;
            Ok(())
        })
    }

    pub fn ignores(&self, article_id: Id) -> Result<Vec<IgnoreRow>> {
        self.read(|c| ignores_in(c, article_id))
    }

    /// Proposals to leave an error that wait for a proofreader, oldest
    /// first; only those of `issue_id` when given.
    pub fn ignore_proposals(&self, issue_id: Option<Id>) -> Result<Vec<IgnoreRow>> {
        self.read(|c| {
            let mut stmt = c.prepare_cached(&format!(
                "{IGNORE_SELECT} JOIN articles a ON a.id = i.article_id
                  WHERE i.state = 'proposed' AND (?1 IS NULL OR a.issue_id = ?1) ORDER BY i.id"
            ))?;
            let rows = stmt.query_map([issue_id], ignore_from_row)?;
            Ok(rows.collect::<rusqlite::Result<Vec<_>>>()?)
        })
    }

    pub fn ignore_row(&self, id: Id) -> Result<IgnoreRow> {
        self.read(|c| {
            c.query_row(
                &format!("{IGNORE_SELECT} WHERE i.id = ?1"),
                [id],
                ignore_from_row,
            )
            .optional()?
            .ok_or(StoreError::NotFound {
                what: "finding",
                key: id.to_string(),
            })
        })
    }

    /// Record that a finding is left as it is (or proposed to be), with a reason.
    pub fn ignore_finding(&self, actor: &Actor, new: &NewIgnore) -> Result<()> {
        let at = to_millis(now());
        let state = if new.confirmed { "ignored" } else { "proposed" };
        self.write(|tx| {
            crate::articles::load_article(tx, new.article_id)?;
            tx.execute(
                "INSERT INTO finding_ignores (article_id, key, rule, passage, reason, user_id,
                     created_at, severity, state, decided_by, decided_at)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, NULL, NULL)
                 ON CONFLICT (article_id, key) DO UPDATE SET reason = ?5, user_id = ?6,
                     created_at = ?7, severity = ?8, state = ?9, decided_by = NULL,
                     decided_at = NULL",
                params![
                    new.article_id,
                    new.key,
                    new.rule,
                    new.passage,
                    new.reason,
                    actor.id,
                    at,
                    new.severity,
                    state
                ],
            )?;
            append(
                tx,
                actor,
                &Record::new(
                    if new.confirmed {
                        "proof.ignore"
                    } else {
                        "proof.propose_ignore"
                    },
                    "article",
                    Some(new.article_id),
                    serde_json::json!({
                        "key": new.key, "rule": new.rule, "severity": new.severity,
                        "reason": new.reason,
                    }),
                ),
            )?;
            Ok(())
        })
    }

    /// Confirm (`accept`) or reject a proposal to leave an error.
    pub fn decide_ignore(
        &self,
        actor: &Actor,
        id: Id,
        accept: bool,
        note: &str,
    ) -> Result<IgnoreRow> {
        let at = to_millis(now());
        self.write(|tx| {
            let row = tx
                .query_row(
                    &format!("{IGNORE_SELECT} WHERE i.id = ?1"),
                    [id],
                    ignore_from_row,
                )
                .optional()?
                .ok_or(StoreError::NotFound {
                    what: "finding",
                    key: id.to_string(),
                })?;
            if row.state != "proposed" {
                return Err(zonepress_core::CoreError::invalid(
                    format!("ignore {id} is {}, not proposed", row.state),
                    "这条忽略申请已经处理过了",
                )
                .into());
            }
            if accept {
                tx.execute(
                    "UPDATE finding_ignores SET state = 'ignored', decided_by = ?2, decided_at = ?3,
                         decision_note = ?4 WHERE id = ?1",
                    params![id, actor.id, at, note],
                )?;
            } else {
                tx.execute("DELETE FROM finding_ignores WHERE id = ?1", [id])?;
            }
            append(
                tx,
                actor,
                &Record::new(
                    if accept {
                        "proof.ignore_confirm"
                    } else {
                        "proof.ignore_reject"
                    },
                    "article",
                    Some(row.article_id),
                    serde_json::json!({
                        "key": row.key, "rule": row.rule, "proposed_by": row.user.id,
                        "note": note,
                    }),
                ),
            )?;
            Ok(row)
        })
    }

    pub fn unignore_finding(&self, actor: &Actor, article_id: Id, key: &str) -> Result<()> {
        self.write(|tx| {
            let n = tx.execute(
                "DELETE FROM finding_ignores WHERE article_id = ?1 AND key = ?2",
                params![article_id, key],
            )?;
            if n > 0 {
                append(
                    tx,
                    actor,
                    &Record::new(
                        "proof.unignore",
                        "article",
                        Some(article_id),
                        serde_json::json!({ "key": key }),
                    ),
                )?;
            }
            Ok(())
        })
    }

    pub fn proof_passes(&self, issue_id: Id) -> Result<Vec<ProofPass>> {
        self.read(|c| passes_in(c, issue_id))
    }

    /// Record 一校/二校/三校 (a pass needs the one before it).
    pub fn record_proof_pass(
        &self,
        actor: &Actor,
        issue_id: Id,
        pass: u8,
        errors_found: u32,
        note: &str,
    ) -> Result<Vec<ProofPass>> {
        let user_id = actor.id;
        let at = to_millis(now());
        self.write(|tx| {
            crate::issues::load_issue(tx, issue_id)?;
            crate::pages::refuse_typed_pass(tx, issue_id)?;
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
            append(
                tx,
                actor,
                &Record::new(
                    "proof.pass",
                    "issue",
                    Some(issue_id),
                    serde_json::json!({ "pass": pass, "errors_found": errors_found, "note": note }),
                ),
            )?;
            Ok(())
        })?;
        self.proof_passes(issue_id)
    }
}
