//! Pages in the record: 校样 rounds, the proof marks placed on them, 签版 of
//! each page and 付印 of the issue.
//!
//! A round keeps what it froze: the document it typeset, its PDF (with the
//! round's watermark), the hash of each page and of the whole layout, and
//! the box of every printed character (for placing marks). Rounds, marks,
//! page sign-offs and print orders are never deleted (triggers): a round can
//! only be closed, a mark resolved, a sign-off or print order voided, once.
//! Every step is on the audit log, in the same transaction.

use chrono::{DateTime, Utc};
use rusqlite::{Connection, OptionalExtension, Row, params};
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use ts_rs::TS;
use zonepress_core::pages::{MarkKind, MarkState, round_name_zh};
use zonepress_core::workflow::TransitionKind;
use zonepress_core::{Article, ArticleContent, CoreError, Id, UserRef};

use crate::audit::{Actor, Record, append};
use crate::issues::{NewExport, insert_export, load_issue};
use crate::users::user_ref_at;
use crate::{Result, Store, StoreError, from_millis, now, to_millis};

/// `3,7` → `[3, 7]` (the publication's page signers).
pub fn parse_ids(s: &str) -> Vec<Id> {
    s.split(',').filter_map(|x| x.trim().parse().ok()).collect()
}

pub fn format_ids(ids: &[Id]) -> String {
    ids.iter().map(Id::to_string).collect::<Vec<_>>().join(",")
}

/// What a closed round counted: its marks against the characters of its
/// pages, and the 差错率 (marks per 10,000 characters).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS, JsonSchema)]
pub struct RoundFigures {
    pub round_id: Id,
    pub marks: u32,
    /// Characters of article text printed on the round's pages.
    pub chars: u32,
    /// 差错率: marks per 10,000 characters.
    pub error_rate: f64,
}

impl RoundFigures {
    pub fn new(round_id: Id, marks: u32, chars: u32) -> RoundFigures {
        RoundFigures {
            round_id,
            marks,
            chars,
            error_rate: rate(marks, chars),
        }
    }
}

/// Per 10,000, two decimals.
pub fn rate(marks: u32, chars: u32) -> f64 {
    if chars == 0 {
        0.0
    } else {
        (f64::from(marks) * 10_000.0 / f64::from(chars) * 100.0).round() / 100.0
    }
}

/// One page of a round, with the hash of what it printed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS, JsonSchema)]
pub struct RoundPage {
    pub page: u8,
    pub page_hash: String,
}

/// A 校样 round (一校 / 二校 / 三校) of an issue.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS, JsonSchema)]
pub struct ProofRound {
    pub id: Id,
    pub issue_id: Id,
    /// 1 = 一校, 2 = 二校, 3 = 三校.
    pub round: u8,
    /// 一校 / 二校 / 三校.
    pub round_name: String,
    /// The hash of everything the pages printed when the round froze them.
    pub layout_hash: String,
    pub pages: Vec<RoundPage>,
    /// SHA-256 of the round's PDF (recorded as an export: `verify` knows it).
    pub pdf_sha256: String,
    pub started_by: UserRef,
    pub started_at: DateTime<Utc>,
    pub closed_by: Option<UserRef>,
    pub closed_at: Option<DateTime<Utc>>,
    pub marks: u32,
    pub open_marks: u32,
    /// Characters of article text on the round's pages.
    pub chars: u32,
    /// 差错率: marks per 10,000 characters of the pages.
    pub error_rate: f64,
}

impl ProofRound {
    pub fn is_open(&self) -> bool {
        self.closed_at.is_none()
    }
}

/// A round to store, with what it froze.
#[derive(Debug, Clone)]
pub struct NewRound<'a> {
    pub issue_id: Id,
    /// The number the caller typeset it as (checked: the next one).
    pub round: u8,
    /// The publication's number of rounds.
    pub max_rounds: u8,
    pub layout_hash: &'a str,
    pub pages: &'a [RoundPage],
    pub doc_json: &'a str,
    pub pdf: &'a [u8],
    pub boxes_json: &'a str,
    pub chars: u32,
    /// Its PDF, recorded as an export (a 校样).
    pub export: NewExport<'a>,
}

/// A proof mark on a round's page.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS, JsonSchema)]
pub struct ProofMark {
    pub id: Id,
    pub round_id: Id,
    pub round: u8,
    pub issue_id: Id,
    /// 1-based page (版).
    pub page: u8,
    /// The point clicked, or the corner a drag began at (mm from the
    /// top-left corner of the trimmed page).
    pub x_mm: f64,
    pub y_mm: f64,
    /// The other corner of a drag (equal to the point for a click).
    pub x2_mm: f64,
    pub y2_mm: f64,
    /// The article under the mark; `null` on the template (masthead, folio)
    /// or empty space.
    pub article_id: Option<Id>,
    /// The article's revision on the round's pages.
    pub revision: Option<u32>,
    /// Characters `start..end` of that revision's text (the counting of
    /// comments: the review text); `null` for a box around no text.
    pub start: Option<u32>,
    pub end: Option<u32>,
    /// Exactly the text covered (empty for a box around no text).
    pub quote: String,
    pub kind: MarkKind,
    /// 改正 / 删除 … (GB/T 14706).
    pub kind_name: String,
    pub symbol: String,
    /// The new text (改正, 增补).
    pub replacement: String,
    pub note: String,
    pub by: UserRef,
    pub at: DateTime<Utc>,
    pub state: MarkState,
    pub resolved_by: Option<UserRef>,
    pub resolved_at: Option<DateTime<Utc>>,
    /// Why it was rejected (or how it was done by hand).
    pub reason: String,
    /// The revision its 校改 made, when the server applied it.
    pub applied_revision: Option<u32>,
}

/// A mark to store.
#[derive(Debug, Clone)]
pub struct NewMark {
    pub round_id: Id,
    pub page: u8,
    pub x_mm: f64,
    pub y_mm: f64,
    pub x2_mm: f64,
    pub y2_mm: f64,
    pub article_id: Option<Id>,
    pub revision: Option<u32>,
    pub start: Option<u32>,
    pub end: Option<u32>,
    pub quote: String,
    pub kind: MarkKind,
    pub replacement: String,
    pub note: String,
}

/// Which marks to list.
#[derive(Debug, Clone, Default)]
pub struct MarkFilter {
    pub round_id: Option<Id>,
    pub article_id: Option<Id>,
    pub issue_id: Option<Id>,
}

/// One page's 签版.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS, JsonSchema)]
pub struct PageSignoff {
    pub id: Id,
    pub issue_id: Id,
    pub page: u8,
    /// The page as it was signed (see `get_issue_plan`).
    pub page_hash: String,
    pub signer: UserRef,
    pub signed_at: DateTime<Utc>,
    pub voided_at: Option<DateTime<Utc>>,
    /// Why it was voided, e.g. `第2版内容有变动：稿件《…》第5稿`.
    pub voided_reason: String,
}

/// 付印: the order to print an issue, bound to its layout.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS, JsonSchema)]
pub struct PrintOrder {
    pub id: Id,
    pub issue_id: Id,
    pub layout_hash: String,
    /// The page sign-offs it was given on.
    pub signoffs: Vec<Id>,
    pub by: UserRef,
    pub at: DateTime<Utc>,
    pub voided_at: Option<DateTime<Utc>>,
    pub voided_reason: String,
}

/// A 校改 to write: the new content of the mark's article.
#[derive(Debug, Clone)]
pub struct Correction<'a> {
    pub mark_id: Id,
    pub base_revision: u32,
    pub content: &'a ArticleContent,
    /// The note of the new revision (`校改：一校样第2版标记12（改正）`).
    pub note: &'a str,
}

const ROUND_SELECT: &str = "SELECT r.id, r.issue_id, r.round, r.layout_hash, r.page_hashes,
        r.pdf_sha256, su.id, su.username, su.display_name, r.started_at,
        cu.id, cu.username, cu.display_name, r.closed_at, r.chars,
        (SELECT count(*) FROM proof_marks m WHERE m.round_id = r.id),
        (SELECT count(*) FROM proof_marks m WHERE m.round_id = r.id AND m.state = 'open')
   FROM proof_rounds r JOIN users su ON su.id = r.started_by
   LEFT JOIN users cu ON cu.id = r.closed_by";

fn round_from_row(r: &Row) -> rusqlite::Result<ProofRound> {
    let pages: String = r.get(4)?;
    let closer: Option<Id> = r.get(10)?;
    let round: u8 = r.get(2)?;
    let marks: u32 = r.get(15)?;
    let chars: u32 = r.get(14)?;
    Ok(ProofRound {
        id: r.get(0)?,
        issue_id: r.get(1)?,
        round,
        round_name: round_name_zh(round).into(),
        layout_hash: r.get(3)?,
        pages: serde_json::from_str(&pages).unwrap_or_default(),
        pdf_sha256: r.get(5)?,
        started_by: user_ref_at(r, 6)?,
        started_at: from_millis(r.get(9)?),
        closed_by: match closer {
            Some(_) => Some(user_ref_at(r, 10)?),
            None => None,
        },
        closed_at: r.get::<_, Option<i64>>(13)?.map(from_millis),
        marks,
        open_marks: r.get(16)?,
        chars,
        error_rate: rate(marks, chars),
    })
}

fn load_round(conn: &Connection, id: Id) -> Result<ProofRound> {
    conn.query_row(
        &format!("{ROUND_SELECT} WHERE r.id = ?1"),
        [id],
        round_from_row,
    )
    .optional()?
    .ok_or(StoreError::NotFound {
        what: "proof round",
        key: id.to_string(),
    })
}

pub(crate) fn rounds_in(conn: &Connection, issue_id: Id) -> Result<Vec<ProofRound>> {
    let mut stmt = conn.prepare_cached(&format!(
        "{ROUND_SELECT} WHERE r.issue_id = ?1 ORDER BY r.round"
    ))?;
    let rows = stmt.query_map([issue_id], round_from_row)?;
    Ok(rows.collect::<rusqlite::Result<Vec<_>>>()?)
}

const MARK_SELECT: &str = "SELECT m.id, m.round_id, r.round, r.issue_id, m.page,
        m.x_mm, m.y_mm, m.x2_mm, m.y2_mm, m.article_id, m.revision, m.start_char, m.end_char,
        m.quote, m.kind, m.replacement, m.note, au.id, au.username, au.display_name,
        m.created_at, m.state, ru.id, ru.username, ru.display_name, m.resolved_at, m.reason,
        m.applied_revision
   FROM proof_marks m JOIN proof_rounds r ON r.id = m.round_id
   JOIN users au ON au.id = m.author_id
   LEFT JOIN users ru ON ru.id = m.resolved_by";

fn bad(e: impl std::fmt::Display) -> rusqlite::Error {
    rusqlite::Error::FromSqlConversionFailure(
        0,
        rusqlite::types::Type::Text,
        Box::<dyn std::error::Error + Send + Sync>::from(e.to_string()),
    )
}

fn mark_from_row(r: &Row) -> rusqlite::Result<ProofMark> {
    let kind: String = r.get(14)?;
    let kind = MarkKind::parse(&kind).ok_or_else(|| bad(format!("unknown mark kind {kind}")))?;
    let state: String = r.get(21)?;
    let state = MarkState::parse(&state).ok_or_else(|| bad(format!("unknown state {state}")))?;
    let resolver: Option<Id> = r.get(22)?;
    Ok(ProofMark {
        id: r.get(0)?,
        round_id: r.get(1)?,
        round: r.get(2)?,
        issue_id: r.get(3)?,
        page: r.get(4)?,
        x_mm: r.get(5)?,
        y_mm: r.get(6)?,
        x2_mm: r.get(7)?,
        y2_mm: r.get(8)?,
        article_id: r.get(9)?,
        revision: r.get(10)?,
        start: r.get(11)?,
        end: r.get(12)?,
        quote: r.get(13)?,
        kind,
        kind_name: kind.name_zh().into(),
        symbol: kind.symbol().into(),
        replacement: r.get(15)?,
        note: r.get(16)?,
        by: user_ref_at(r, 17)?,
        at: from_millis(r.get(20)?),
        state,
        resolved_by: match resolver {
            Some(_) => Some(user_ref_at(r, 22)?),
            None => None,
        },
        resolved_at: r.get::<_, Option<i64>>(25)?.map(from_millis),
        reason: r.get(26)?,
        applied_revision: r.get(27)?,
    })
}

fn load_mark(conn: &Connection, id: Id) -> Result<ProofMark> {
    conn.query_row(
        &format!("{MARK_SELECT} WHERE m.id = ?1"),
        [id],
        mark_from_row,
    )
    .optional()?
    .ok_or(StoreError::NotFound {
        what: "proof mark",
        key: id.to_string(),
    })
}

const SIGNOFF_SELECT: &str = "SELECT s.id, s.issue_id, s.page, s.page_hash,
        u.id, u.username, u.display_name, s.signed_at, s.voided_at, s.voided_reason
   FROM page_signoffs s JOIN users u ON u.id = s.signer_id";

fn signoff_from_row(r: &Row) -> rusqlite::Result<PageSignoff> {
    Ok(PageSignoff {
        id: r.get(0)?,
        issue_id: r.get(1)?,
        page: r.get(2)?,
        page_hash: r.get(3)?,
        signer: user_ref_at(r, 4)?,
        signed_at: from_millis(r.get(7)?),
        voided_at: r.get::<_, Option<i64>>(8)?.map(from_millis),
        voided_reason: r.get(9)?,
    })
}

/// Every sign-off of an issue (live and voided), by page, oldest first.
pub(crate) fn signoffs_in(conn: &Connection, issue_id: Id) -> Result<Vec<PageSignoff>> {
    let mut stmt = conn.prepare_cached(&format!(
        "{SIGNOFF_SELECT} WHERE s.issue_id = ?1 ORDER BY s.page, s.id"
    ))?;
    let rows = stmt.query_map([issue_id], signoff_from_row)?;
    Ok(rows.collect::<rusqlite::Result<Vec<_>>>()?)
}

const ORDER_SELECT: &str = "SELECT o.id, o.issue_id, o.layout_hash, o.signoffs,
        u.id, u.username, u.display_name, o.ordered_at, o.voided_at, o.voided_reason
   FROM print_orders o JOIN users u ON u.id = o.ordered_by";

fn order_from_row(r: &Row) -> rusqlite::Result<PrintOrder> {
    Ok(PrintOrder {
        id: r.get(0)?,
        issue_id: r.get(1)?,
        layout_hash: r.get(2)?,
        signoffs: parse_ids(&r.get::<_, String>(3)?),
        by: user_ref_at(r, 4)?,
        at: from_millis(r.get(7)?),
        voided_at: r.get::<_, Option<i64>>(8)?.map(from_millis),
        voided_reason: r.get(9)?,
    })
}

/// The live print order of an issue, if any.
pub(crate) fn live_order_in(conn: &Connection, issue_id: Id) -> Result<Option<PrintOrder>> {
    Ok(conn
        .query_row(
            &format!(
                "{ORDER_SELECT} WHERE o.issue_id = ?1 AND o.voided_at IS NULL
                 ORDER BY o.id DESC LIMIT 1"
            ),
            [issue_id],
            order_from_row,
        )
        .optional()?)
}

/// The typed-in 三校 record is closed to an issue that has 校样 rounds:
/// closing a round records its pass with the marks counted.
pub(crate) fn refuse_typed_pass(conn: &Connection, issue_id: Id) -> Result<()> {
    let rounds: u32 = conn.query_row(
        "SELECT count(*) FROM proof_rounds WHERE issue_id = ?1",
        [issue_id],
        |r| r.get(0),
    )?;
    if rounds > 0 {
        return Err(CoreError::wrong_state(
            "the issue has proof rounds: passes are recorded when rounds close",
            "本期的三校由校样轮次记录（结束一轮校样即登记该校次和差错率），不能再手工登记",
        )
        .into());
    }
    Ok(())
}

fn open_marks_on_page(conn: &Connection, issue_id: Id, page: u8) -> Result<u32> {
    Ok(conn.query_row(
        "SELECT count(*) FROM proof_marks m JOIN proof_rounds r ON r.id = m.round_id
          WHERE r.issue_id = ?1 AND m.page = ?2 AND m.state = 'open'",
        params![issue_id, page],
        |r| r.get(0),
    )?)
}

fn record(
    action: &'static str,
    kind: &'static str,
    id: Option<Id>,
    detail: serde_json::Value,
) -> Record {
    Record::new(action, kind, id, detail)
}

impl Store {
    /// Store a round the caller typeset as round `new.round`: refused when
    /// the round before it is still open, when someone started that round
    /// meanwhile, or beyond the publication's number of rounds. Its PDF is
    /// recorded as an export (a 校样) in the same transaction.
    pub fn start_proof_round(&self, actor: &Actor, new: &NewRound) -> Result<ProofRound> {
        let at = to_millis(now());
        self.write(|tx| {
            load_issue(tx, new.issue_id)?;
            let rounds = rounds_in(tx, new.issue_id)?;
            if let Some(last) = rounds.last()
                && last.is_open()
            {
                return Err(CoreError::wrong_state(
                    format!("round {} is still open", last.round),
                    format!(
                        "{}样还未结束（还有{}处标记未处理），结束后才能开始下一轮校样",
                        last.round_name, last.open_marks
                    ),
                )
                .into());
            }
            let next = rounds.len() as u8 + 1;
            if next > new.max_rounds {
                return Err(CoreError::wrong_state(
                    format!("all {} proof rounds are done", new.max_rounds),
                    format!("本刊设{}次校样，已经全部完成", new.max_rounds),
                )
                .into());
            }
            if next != new.round {
                return Err(CoreError::outdated(
                    format!("round {} was started meanwhile", new.round),
                    format!("{}样刚由他人开始，请刷新", round_name_zh(new.round)),
                )
                .into());
            }
            let export_id = insert_export(tx, actor, &new.export)?;
            tx.execute(
                "INSERT INTO proof_rounds (issue_id, round, layout_hash, page_hashes, doc_json, pdf,
                     pdf_sha256, export_uid, boxes_json, chars, started_by, started_at)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12)",
                params![
                    new.issue_id,
                    new.round,
                    new.layout_hash,
                    serde_json::to_string(new.pages)?,
                    new.doc_json,
                    new.pdf,
                    new.export.pdf_sha256,
                    new.export.export_uid,
                    new.boxes_json,
                    new.chars,
                    actor.id,
                    at
                ],
            )?;
            let id = tx.last_insert_rowid();
            append(
                tx,
                actor,
                &record(
                    "proof_round.start",
                    "issue",
                    Some(new.issue_id),
                    serde_json::json!({
                        "round_id": id,
                        "round": new.round,
                        "layout_hash": new.layout_hash,
                        "pdf_sha256": new.export.pdf_sha256,
                        "export_id": export_id,
                        "pages": new.pages.len(),
                        "chars": new.chars,
                    }),
                ),
            )?;
            load_round(tx, id)
        })
    }

    /// The rounds of an issue, first round first.
    pub fn proof_rounds(&self, issue_id: Id) -> Result<Vec<ProofRound>> {
        self.read(|c| {
            load_issue(c, issue_id)?;
            rounds_in(c, issue_id)
        })
    }

    pub fn proof_round(&self, id: Id) -> Result<ProofRound> {
        self.read(|c| load_round(c, id))
    }

    /// The round's PDF as it was frozen.
    pub fn proof_round_pdf(&self, id: Id) -> Result<Vec<u8>> {
        self.read(|c| {
            c.query_row("SELECT pdf FROM proof_rounds WHERE id = ?1", [id], |r| {
                r.get(0)
            })
            .optional()?
            .ok_or(StoreError::NotFound {
                what: "proof round",
                key: id.to_string(),
            })
        })
    }

    /// The document the round typeset, and the character boxes of its pages.
    pub fn proof_round_frozen(&self, id: Id) -> Result<(String, String)> {
        self.read(|c| {
            c.query_row(
                "SELECT doc_json, boxes_json FROM proof_rounds WHERE id = ?1",
                [id],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )
            .optional()?
            .ok_or(StoreError::NotFound {
                what: "proof round",
                key: id.to_string(),
            })
        })
    }

    /// The round that froze the PDF with this SHA-256, if any.
    pub fn proof_round_by_pdf(&self, pdf_sha256: &str) -> Result<Option<ProofRound>> {
        self.read(|c| {
            Ok(c.query_row(
                &format!("{ROUND_SELECT} WHERE r.pdf_sha256 = ?1 ORDER BY r.id DESC LIMIT 1"),
                [pdf_sha256],
                round_from_row,
            )
            .optional()?)
        })
    }

    /// Close a round whose every mark is resolved; its pass goes on the
    /// issue's 三校 record with the marks counted.
    pub fn close_proof_round(&self, actor: &Actor, id: Id) -> Result<ProofRound> {
        let at = to_millis(now());
        self.write(|tx| {
            let round = load_round(tx, id)?;
            if !round.is_open() {
                return Err(CoreError::wrong_state(
                    format!("round {id} is closed"),
                    format!("{}样已经结束", round.round_name),
                )
                .into());
            }
            if round.open_marks > 0 {
                return Err(CoreError::wrong_state(
                    format!("round {id} has {} open marks", round.open_marks),
                    format!(
                        "{}样还有{}处标记未处理（改或不改），全部处理后才能结束",
                        round.round_name, round.open_marks
                    ),
                )
                .into());
            }
            tx.execute(
                "UPDATE proof_rounds SET closed_by = ?2, closed_at = ?3 WHERE id = ?1",
                params![id, actor.id, at],
            )?;
            let note = format!(
                "{}样：{}处标记，{}字，差错率{:.2}/万",
                round.round_name, round.marks, round.chars, round.error_rate
            );
            tx.execute(
                "INSERT OR IGNORE INTO proof_passes (issue_id, pass, user_id, at, errors_found, note)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
                params![round.issue_id, round.round, actor.id, at, round.marks, note],
            )?;
            append(
                tx,
                actor,
                &record(
                    "proof_round.close",
                    "issue",
                    Some(round.issue_id),
                    serde_json::json!({
                        "round_id": id,
                        "round": round.round,
                        "marks": round.marks,
                        "chars": round.chars,
                        "error_rate": round.error_rate,
                    }),
                ),
            )?;
            load_round(tx, id)
        })
    }

    /// Place a mark on an open round.
    pub fn add_proof_mark(&self, actor: &Actor, m: &NewMark) -> Result<ProofMark> {
        let at = to_millis(now());
        self.write(|tx| {
            let round = load_round(tx, m.round_id)?;
            if !round.is_open() {
                return Err(CoreError::wrong_state(
                    format!("round {} is closed", round.id),
                    format!("{}样已经结束，不能再加标记", round.round_name),
                )
                .into());
            }
            tx.execute(
                "INSERT INTO proof_marks (round_id, page, x_mm, y_mm, x2_mm, y2_mm, article_id,
                     revision, start_char, end_char, quote, kind, replacement, note, author_id,
                     created_at)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16)",
                params![
                    m.round_id,
                    m.page,
                    m.x_mm,
                    m.y_mm,
                    m.x2_mm,
                    m.y2_mm,
                    m.article_id,
                    m.revision,
                    m.start,
                    m.end,
                    m.quote,
                    m.kind.as_str(),
                    m.replacement,
                    m.note,
                    actor.id,
                    at
                ],
            )?;
            let id = tx.last_insert_rowid();
            append(
                tx,
                actor,
                &record(
                    "proof_mark.add",
                    "issue",
                    Some(round.issue_id),
                    serde_json::json!({
                        "mark_id": id,
                        "round": round.round,
                        "page": m.page,
                        "kind": m.kind.as_str(),
                        "article_id": m.article_id,
                        "revision": m.revision,
                        "start": m.start,
                        "end": m.end,
                    }),
                ),
            )?;
            load_mark(tx, id)
        })
    }

    pub fn proof_mark(&self, id: Id) -> Result<ProofMark> {
        self.read(|c| load_mark(c, id))
    }

    /// Marks, oldest first.
    pub fn proof_marks(&self, f: &MarkFilter) -> Result<Vec<ProofMark>> {
        self.read(|c| {
            let mut sql = format!("{MARK_SELECT} WHERE 1 = 1");
            let mut args: Vec<Id> = Vec::new();
            for (col, v) in [
                ("m.round_id", f.round_id),
                ("m.article_id", f.article_id),
                ("r.issue_id", f.issue_id),
            ] {
                if let Some(v) = v {
                    args.push(v);
                    sql.push_str(&format!(" AND {col} = ?{}", args.len()));
                }
            }
            sql.push_str(" ORDER BY m.id");
            let mut stmt = c.prepare_cached(&sql)?;
            let rows = stmt.query_map(rusqlite::params_from_iter(args), mark_from_row)?;
            Ok(rows.collect::<rusqlite::Result<Vec<_>>>()?)
        })
    }

    /// Resolve an open mark as applied (by hand or on the layout) or
    /// rejected, with a reason.
    pub fn resolve_proof_mark(
        &self,
        actor: &Actor,
        id: Id,
        state: MarkState,
        reason: &str,
    ) -> Result<ProofMark> {
        let at = to_millis(now());
        self.write(|tx| {
            let mark = load_mark(tx, id)?;
            refuse_resolved(&mark)?;
            tx.execute(
                "UPDATE proof_marks SET state = ?2, resolved_by = ?3, resolved_at = ?4, reason = ?5
                  WHERE id = ?1",
                params![id, state.as_str(), actor.id, at, reason],
            )?;
            append(
                tx,
                actor,
                &record(
                    if state == MarkState::Rejected {
                        "proof_mark.reject"
                    } else {
                        "proof_mark.apply"
                    },
                    "issue",
                    Some(mark.issue_id),
                    serde_json::json!({
                        "mark_id": id,
                        "round": mark.round,
                        "page": mark.page,
                        "kind": mark.kind.as_str(),
                        "article_id": mark.article_id,
                        "reason": reason,
                    }),
                ),
            )?;
            load_mark(tx, id)
        })
    }

    /// 校改: write the corrected content as a new revision of the mark's
    /// article, carry its live signatures to that revision (the old ones are
    /// voided as carried), record the correction in its history and mark
    /// the mark applied. The caller checked that the change lies inside
    /// the marked span.
    pub fn apply_correction(
        &self,
        actor: &Actor,
        c: &Correction,
    ) -> Result<(ProofMark, Article, usize)> {
        let at = to_millis(now());
        self.write(|tx| {
            let mark = load_mark(tx, c.mark_id)?;
            refuse_resolved(&mark)?;
            let Some(article_id) = mark.article_id else {
                return Err(CoreError::wrong_state(
                    "mark on no article",
                    "此标记不在稿件文字上，不能校改",
                )
                .into());
            };
            let current = crate::articles::load_article(tx, article_id)?;
            if c.base_revision != current.revision {
                return Err(CoreError::StaleRevision {
                    given: c.base_revision,
                    current: current.revision,
                }
                .into());
            }
            let hash = zonepress_core::text::content_hash(c.content);
            if hash == current.content_hash {
                return Err(CoreError::invalid(
                    "correction changes nothing",
                    "校改后内容与原稿相同，没有可改的内容",
                )
                .into());
            }
            let revision = current.revision + 1;
            crate::articles::insert_revision(
                tx, article_id, revision, c.content, actor.id, at, c.note,
            )?;
            let k = c.content;
            tx.execute(
                "UPDATE articles SET kind = ?2, kicker = ?3, title = ?4, subtitle = ?5, byline = ?6,
                     column_name = ?7, body_json = ?8, length = ?9, revision = ?10,
                     content_hash = ?11, updated_at = ?12, updated_by = ?13
                 WHERE id = ?1",
                params![
                    article_id,
                    k.kind.as_str(),
                    k.kicker,
                    k.title,
                    k.subtitle,
                    k.byline,
                    k.column,
                    serde_json::to_string(&k.body)?,
                    zonepress_core::text::article_length(k),
                    revision,
                    hash,
                    at,
                    actor.id
                ],
            )?;
            // Carry every live signature to the new revision.
            let live = crate::review::live_signatures(tx, article_id)?;
            for s in &live {
                tx.execute(
                    "UPDATE signatures SET voided_at = ?2, voided_reason = ?3 WHERE id = ?1",
                    params![
                        s.id,
                        at,
                        format!(
                            "第{revision}稿为校改（校样标记{}），签名延续至第{revision}稿",
                            mark.id
                        )
                    ],
                )?;
                tx.execute(
                    "INSERT INTO signatures (article_id, level, signer_id, signed_at, opinion,
                         revision, content_hash, signer_reset_by, signer_reset_at, carried_from,
                         carried_by_mark)
                     SELECT article_id, level, signer_id, signed_at, opinion, ?2, ?3,
                            signer_reset_by, signer_reset_at, id, ?4
                       FROM signatures WHERE id = ?1",
                    params![s.id, revision, hash, mark.id],
                )?;
            }
            let article = crate::articles::load_article(tx, article_id)?;
            crate::search::index::sync_article(tx, &article)?;
            append(
                tx,
                actor,
                &record(
                    "article.correct",
                    "article",
                    Some(article_id),
                    serde_json::json!({
                        "revision": revision,
                        "content_hash": hash,
                        "base_revision": c.base_revision,
                        "mark_id": mark.id,
                        "round": mark.round,
                        "page": mark.page,
                        "kind": mark.kind.as_str(),
                        "signatures_carried": live.len(),
                    }),
                ),
            )?;
            crate::review::record_transition(
                tx,
                &article,
                TransitionKind::Correct,
                actor,
                Some(current.status),
                current.review_level,
                c.note,
            )?;
            tx.execute(
                "UPDATE proof_marks SET state = 'applied', resolved_by = ?2, resolved_at = ?3,
                     applied_revision = ?4
                  WHERE id = ?1",
                params![mark.id, actor.id, at, revision],
            )?;
            Ok((load_mark(tx, mark.id)?, article, live.len()))
        })
    }

    /// Every sign-off of an issue (live and voided), by page, oldest first.
    pub fn page_signoffs(&self, issue_id: Id) -> Result<Vec<PageSignoff>> {
        self.read(|c| signoffs_in(c, issue_id))
    }

    /// Does the issue have a live sign-off or print order (something a
    /// change could void)?
    pub fn has_live_signoffs(&self, issue_id: Id) -> Result<bool> {
        self.read(|c| {
            Ok(c.query_row(
                "SELECT EXISTS (SELECT 1 FROM page_signoffs WHERE issue_id = ?1 AND voided_at IS NULL)
                     OR EXISTS (SELECT 1 FROM print_orders WHERE issue_id = ?1 AND voided_at IS NULL)",
                [issue_id],
                |r| r.get(0),
            )?)
        })
    }

    /// Issues with a live sign-off or print order.
    pub fn issues_with_live_signoffs(&self) -> Result<Vec<Id>> {
        self.read(|c| {
            let mut stmt = c.prepare_cached(
                "SELECT issue_id FROM page_signoffs WHERE voided_at IS NULL
                 UNION SELECT issue_id FROM print_orders WHERE voided_at IS NULL",
            )?;
            let rows = stmt.query_map([], |r| r.get(0))?;
            Ok(rows.collect::<rusqlite::Result<Vec<_>>>()?)
        })
    }

    /// 签版: sign page `page` of an issue as it prints now (`page_hash`,
    /// which the caller computed from the current layout). Refused while a
    /// mark on the page is open. Signing a page already signed at that
    /// hash answers the live sign-off.
    pub fn sign_page(
        &self,
        actor: &Actor,
        issue_id: Id,
        page: u8,
        page_hash: &str,
    ) -> Result<PageSignoff> {
        let at = to_millis(now());
        self.write(|tx| {
            load_issue(tx, issue_id)?;
            let open = open_marks_on_page(tx, issue_id, page)?;
            if open > 0 {
                return Err(CoreError::wrong_state(
                    format!("page {page} has {open} open proof marks"),
                    format!("第{page}版还有{open}处校样标记未处理，处理后才能签版"),
                )
                .into());
            }
            let live: Vec<PageSignoff> = signoffs_in(tx, issue_id)?
                .into_iter()
                .filter(|s| s.page == page && s.voided_at.is_none())
                .collect();
            if let Some(same) = live.iter().find(|s| s.page_hash == page_hash) {
                return Ok(same.clone());
            }
            for s in &live {
                tx.execute(
                    "UPDATE page_signoffs SET voided_at = ?2, voided_reason = ?3 WHERE id = ?1",
                    params![s.id, at, format!("第{page}版重新签版")],
                )?;
            }
            tx.execute(
                "INSERT INTO page_signoffs (issue_id, page, page_hash, signer_id, signed_at)
                 VALUES (?1, ?2, ?3, ?4, ?5)",
                params![issue_id, page, page_hash, actor.id, at],
            )?;
            let id = tx.last_insert_rowid();
            append(
                tx,
                actor,
                &record(
                    "page.sign",
                    "issue",
                    Some(issue_id),
                    serde_json::json!({ "signoff_id": id, "page": page, "page_hash": page_hash }),
                ),
            )?;
            Ok(signoffs_in(tx, issue_id)?
                .into_iter()
                .find(|s| s.id == id)
                .expect("the sign-off just written"))
        })
    }

    /// Void what no longer matches the issue as it prints now: every live
    /// sign-off of a page whose hash is not `pages[page - 1]` (or a page
    /// gone), and the live print order when `layout_hash` changed. Answers
    /// what was voided.
    pub fn void_stale_signoffs(
        &self,
        actor: &Actor,
        issue_id: Id,
        pages: &[String],
        layout_hash: &str,
        reason: &dyn Fn(u8) -> String,
    ) -> Result<(Vec<PageSignoff>, Option<PrintOrder>)> {
        let at = to_millis(now());
        self.write(|tx| {
            let mut voided = Vec::new();
            for s in signoffs_in(tx, issue_id)? {
                let now_hash = pages.get(usize::from(s.page).wrapping_sub(1));
                if s.voided_at.is_some() || now_hash == Some(&s.page_hash) {
                    continue;
                }
                let why = reason(s.page);
                tx.execute(
                    "UPDATE page_signoffs SET voided_at = ?2, voided_reason = ?3 WHERE id = ?1",
                    params![s.id, at, why],
                )?;
                append(
                    tx,
                    actor,
                    &record(
                        "page.signoff_void",
                        "issue",
                        Some(issue_id),
                        serde_json::json!({
                            "signoff_id": s.id,
                            "page": s.page,
                            "signer": s.signer.username,
                            "page_hash": s.page_hash,
                            "reason": why,
                        }),
                    ),
                )?;
                voided.push(s);
            }
            let mut order_voided = None;
            if let Some(o) = live_order_in(tx, issue_id)?
                && o.layout_hash != layout_hash
            {
                let pages: Vec<String> = voided.iter().map(|s| format!("第{}版", s.page)).collect();
                let why = if pages.is_empty() {
                    "版面有变动，付印失效".to_string()
                } else {
                    format!("{}签版失效，付印随之失效", pages.join("、"))
                };
                tx.execute(
                    "UPDATE print_orders SET voided_at = ?2, voided_reason = ?3 WHERE id = ?1",
                    params![o.id, at, why],
                )?;
                append(
                    tx,
                    actor,
                    &record(
                        "print.void",
                        "issue",
                        Some(issue_id),
                        serde_json::json!({ "print_order_id": o.id, "reason": why }),
                    ),
                )?;
                order_voided = Some(o);
            }
            Ok((voided, order_voided))
        })
    }

    /// 付印: bind the issue's layout, given on these live sign-offs (checked
    /// again here). A live order on the same layout is answered as it is.
    pub fn order_print(
        &self,
        actor: &Actor,
        issue_id: Id,
        layout_hash: &str,
        signoffs: &[Id],
    ) -> Result<PrintOrder> {
        let at = to_millis(now());
        self.write(|tx| {
            load_issue(tx, issue_id)?;
            if let Some(o) = live_order_in(tx, issue_id)?
                && o.layout_hash == layout_hash
            {
                return Ok(o);
            }
            let all = signoffs_in(tx, issue_id)?;
            for id in signoffs {
                if !all.iter().any(|s| s.id == *id && s.voided_at.is_none()) {
                    return Err(CoreError::outdated(
                        format!("sign-off {id} is no longer live"),
                        "签版刚刚失效，请刷新后重新签版",
                    )
                    .into());
                }
            }
            tx.execute(
                "INSERT INTO print_orders (issue_id, layout_hash, signoffs, ordered_by, ordered_at)
                 VALUES (?1, ?2, ?3, ?4, ?5)",
                params![issue_id, layout_hash, format_ids(signoffs), actor.id, at],
            )?;
            let id = tx.last_insert_rowid();
            append(
                tx,
                actor,
                &record(
                    "print.order",
                    "issue",
                    Some(issue_id),
                    serde_json::json!({
                        "print_order_id": id,
                        "layout_hash": layout_hash,
                        "signoffs": signoffs,
                    }),
                ),
            )?;
            Ok(live_order_in(tx, issue_id)?.expect("the order just written"))
        })
    }

    /// Every print order of an issue (live and voided), oldest first.
    pub fn print_orders(&self, issue_id: Id) -> Result<Vec<PrintOrder>> {
        self.read(|c| {
            let mut stmt = c.prepare_cached(&format!(
                "{ORDER_SELECT} WHERE o.issue_id = ?1 ORDER BY o.id"
            ))?;
            let rows = stmt.query_map([issue_id], order_from_row)?;
            Ok(rows.collect::<rusqlite::Result<Vec<_>>>()?)
        })
    }

    /// A page sign-off by id (live or voided).
    pub fn page_signoff(&self, id: Id) -> Result<Option<PageSignoff>> {
        self.read(|c| {
            Ok(c.query_row(
                &format!("{SIGNOFF_SELECT} WHERE s.id = ?1"),
                [id],
                signoff_from_row,
            )
            .optional()?)
        })
    }

    /// A print order by id (live or voided).
    pub fn print_order(&self, id: Id) -> Result<Option<PrintOrder>> {
        self.read(|c| {
            Ok(c.query_row(
                &format!("{ORDER_SELECT} WHERE o.id = ?1"),
                [id],
                order_from_row,
            )
            .optional()?)
        })
    }
}

fn refuse_resolved(mark: &ProofMark) -> Result<()> {
    if mark.state == MarkState::Open {
        return Ok(());
    }
    let who = mark
        .resolved_by
        .as_ref()
        .map(|u| u.display_name.clone())
        .unwrap_or_default();
    Err(CoreError::outdated(
        format!("mark {} is already {}", mark.id, mark.state.as_str()),
        format!("此标记已由{who}处理（{}）", mark.state.label_zh()),
    )
    .into())
}
