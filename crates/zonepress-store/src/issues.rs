//! Issues 期 of the bulletin.

use chrono::NaiveDate;
use rusqlite::{Connection, OptionalExtension, Row, params};
use zonepress_core::layout::IssuePlan;
use zonepress_core::{Id, Issue, IssueStatus, PageSize};

use crate::audit::{Actor, Record, append};
use crate::{Result, Store, StoreError, now, to_millis};

#[derive(Debug, Clone)]
pub struct NewIssue {
    pub year: i32,
    pub number: u32,
    pub serial: u32,
    pub date: NaiveDate,
    pub page_count: u8,
    pub page_size: PageSize,
    pub columns: u8,
}

/// Changes to an issue; `None` leaves a field as it is.
#[derive(Debug, Clone, Default)]
pub struct IssueUpdate {
    pub date: Option<NaiveDate>,
    pub status: Option<IssueStatus>,
    pub page_count: Option<u8>,
    pub page_size: Option<PageSize>,
    pub columns: Option<u8>,
    /// 印刷日期: `Some(None)` clears it.
    pub print_date: Option<Option<NaiveDate>>,
}

const ISSUE_SELECT: &str =
    "SELECT i.id, i.year, i.number, i.serial, i.date, i.status, i.page_count,
            i.page_size, i.columns,
            (SELECT count(*) FROM articles a WHERE a.issue_id = i.id), i.print_date
       FROM issues i";

fn issue_from_row(r: &Row) -> rusqlite::Result<Issue> {
    let date: String = r.get(4)?;
    let status: String = r.get(5)?;
    let size: String = r.get(7)?;
    Ok(Issue {
        id: r.get(0)?,
        year: r.get(1)?,
        number: r.get(2)?,
        serial: r.get(3)?,
        date: NaiveDate::parse_from_str(&date, "%Y-%m-%d").unwrap_or_default(),
        status: IssueStatus::parse(&status).unwrap_or(IssueStatus::Planning),
        page_count: r.get(6)?,
        page_size: PageSize::parse(&size).unwrap_or(PageSize::A3),
        columns: r.get(8)?,
        article_count: r.get(9)?,
        print_date: r
            .get::<_, Option<String>>(10)?
            .and_then(|d| NaiveDate::parse_from_str(&d, "%Y-%m-%d").ok()),
    })
}

pub(crate) fn load_issue(conn: &Connection, id: Id) -> Result<Issue> {
    conn.query_row(
        &format!("{ISSUE_SELECT} WHERE i.id = ?1"),
        [id],
        issue_from_row,
    )
    .optional()?
    .ok_or(StoreError::NotFound {
        what: "issue",
        key: id.to_string(),
    })
}

impl Store {
    pub fn create_issue(&self, actor: &Actor, new: &NewIssue) -> Result<Issue> {
        self.write(|tx| {
            let taken: bool = tx.query_row(
                "SELECT EXISTS (SELECT 1 FROM issues WHERE year = ?1 AND number = ?2)",
                params![new.year, new.number],
                |r| r.get(0),
            )?;
            if taken {
                return Err(StoreError::Duplicate {
                    what: "issue",
                    key: format!("{}年第{}期", new.year, new.number),
                });
            }
            tx.execute(
                "INSERT INTO issues (year, number, serial, date, status, page_count, page_size, columns, created_at)
                 VALUES (?1, ?2, ?3, ?4, 'planning', ?5, ?6, ?7, ?8)",
                params![
                    new.year,
                    new.number,
                    new.serial,
                    new.date.format("%Y-%m-%d").to_string(),
                    new.page_count,
                    new.page_size.as_str(),
                    new.columns,
                    to_millis(now())
                ],
            )?;
            let issue = load_issue(tx, tx.last_insert_rowid())?;
            append(
                tx,
                actor,
                &Record::new("issue.create", "issue", Some(issue.id), serde_json::to_value(&issue)?),
            )?;
            Ok(issue)
        })
    }

    pub fn issue(&self, id: Id) -> Result<Issue> {
        self.read(|c| load_issue(c, id))
    }

    /// Newest first.
    pub fn list_issues(&self) -> Result<Vec<Issue>> {
        self.read(|c| {
            let mut stmt = c.prepare(&format!(
                "{ISSUE_SELECT} ORDER BY i.year DESC, i.number DESC"
            ))?;
            let rows = stmt.query_map([], issue_from_row)?;
            Ok(rows.collect::<rusqlite::Result<Vec<_>>>()?)
        })
    }

    /// The serial number the next issue would get (总第N期).
    pub fn next_serial(&self) -> Result<u32> {
        self.read(|c| {
            Ok(
                c.query_row("SELECT coalesce(max(serial), 0) + 1 FROM issues", [], |r| {
                    r.get(0)
                })?,
            )
        })
    }

    pub fn update_issue(&self, actor: &Actor, id: Id, u: &IssueUpdate) -> Result<Issue> {
        self.write(|tx| {
            let before = load_issue(tx, id)?;
            if let Some(d) = u.date {
                tx.execute(
                    "UPDATE issues SET date = ?2 WHERE id = ?1",
                    params![id, d.format("%Y-%m-%d").to_string()],
                )?;
            }
            if let Some(s) = u.status {
                tx.execute(
                    "UPDATE issues SET status = ?2 WHERE id = ?1",
                    params![id, s.as_str()],
                )?;
            }
            if let Some(n) = u.page_count {
                tx.execute(
                    "UPDATE issues SET page_count = ?2 WHERE id = ?1",
                    params![id, n],
                )?;
            }
            if let Some(s) = u.page_size {
                tx.execute(
                    "UPDATE issues SET page_size = ?2 WHERE id = ?1",
                    params![id, s.as_str()],
                )?;
            }
            if let Some(c) = u.columns {
                tx.execute(
                    "UPDATE issues SET columns = ?2 WHERE id = ?1",
                    params![id, c],
                )?;
            }
            if let Some(d) = u.print_date {
                tx.execute(
                    "UPDATE issues SET print_date = ?2 WHERE id = ?1",
                    params![id, d.map(|d| d.format("%Y-%m-%d").to_string())],
                )?;
            }
            let after = load_issue(tx, id)?;
            if after.date != before.date {
                crate::search::index::sync_issue(tx, id)?;
            }
            if after != before {
                append(
                    tx,
                    actor,
                    &Record::new(
                        if after.status != before.status {
                            "issue.status"
                        } else {
                            "issue.update"
                        },
                        "issue",
                        Some(id),
                        serde_json::json!({ "before": before, "after": after }),
                    ),
                )?;
            }
            Ok(after)
        })
    }
}

impl Store {
    /// The stored page plan of an issue, if one was saved.
    pub fn issue_plan(&self, issue_id: Id) -> Result<Option<IssuePlan>> {
        self.read(|c| {
            load_issue(c, issue_id)?;
            let json: Option<String> = c
                .query_row(
                    "SELECT plan_json FROM page_plans WHERE issue_id = ?1",
                    [issue_id],
                    |r| r.get(0),
                )
                .optional()?;
            Ok(json.map(|j| serde_json::from_str(&j)).transpose()?)
        })
    }

    /// Store the plan; the issue's page count, size and columns follow it.
    pub fn save_plan(&self, actor: &Actor, plan: &IssuePlan) -> Result<Issue> {
        let by = actor.id;
        self.write(|tx| {
            load_issue(tx, plan.issue_id)?;
            tx.execute(
                "INSERT INTO page_plans (issue_id, plan_json, updated_at, updated_by)
                 VALUES (?1, ?2, ?3, ?4)
                 ON CONFLICT (issue_id) DO UPDATE SET plan_json = ?2, updated_at = ?3, updated_by = ?4",
                params![plan.issue_id, serde_json::to_string(plan)?, to_millis(now()), by],
            )?;
            tx.execute(
                "UPDATE issues SET page_count = ?2, page_size = ?3, columns = ?4 WHERE id = ?1",
                params![
                    plan.issue_id,
                    plan.pages.len() as u32,
                    plan.page_size.as_str(),
                    plan.columns
                ],
            )?;
            crate::search::index::sync_plan(tx, plan)?;
            append(
                tx,
                actor,
                &Record::new(
                    "plan.save",
                    "issue",
                    Some(plan.issue_id),
                    serde_json::json!({
                        "pages": plan.pages.iter().map(|p| serde_json::json!({
                            "page": p.number,
                            "articles": p.placements.iter().map(|a| a.article_id).collect::<Vec<_>>(),
                        })).collect::<Vec<_>>(),
                    }),
                ),
            )?;
            load_issue(tx, plan.issue_id)
        })
    }
}

/// One export of an issue, as recorded.
#[derive(
    Debug,
    Clone,
    PartialEq,
    Eq,
    serde::Serialize,
    serde::Deserialize,
    ts_rs::TS,
    schemars::JsonSchema,
)]
pub struct ExportRecord {
    pub id: Id,
    pub issue_id: Id,
    pub user: zonepress_core::UserRef,
    pub at: chrono::DateTime<chrono::Utc>,
    /// A 校样 (a copy with the watermark) rather than the print PDF. Kept in
    /// the column `proof` of `exports`.
    #[serde(alias = "proof")]
    pub proof_copy: bool,
    pub pdf_sha256: String,
    pub pages: u32,
}

/// An export to record: what was made, by whom, from what.
#[derive(Debug, Clone)]
pub struct NewExport<'a> {
    pub issue_id: Id,
    pub proof_copy: bool,
    pub pdf_sha256: &'a str,
    pub pages: u32,
    pub manifest_json: &'a str,
    /// The export's own id, also written in its manifest.
    pub export_uid: &'a str,
    /// The options it was made with (bleed, PDF/A, manifest embedded).
    pub options_json: &'a str,
    /// The document it typeset (publication, issue, plan, articles), so
    /// `verify` can lay out the very same pages again.
    pub doc_json: &'a str,
}

/// A recorded export with what `verify` compares against.
#[derive(Debug, Clone)]
pub struct ExportDetail {
    pub record: ExportRecord,
    pub export_uid: String,
    pub manifest_json: String,
    pub options_json: String,
    pub doc_json: String,
}

const EXPORT_SELECT: &str =
    "SELECT e.id, e.issue_id, u.id, u.username, u.display_name, e.at, e.proof,
        e.pdf_sha256, e.pages, e.export_uid, e.manifest_json, e.options_json, e.doc_json
   FROM exports e JOIN users u ON u.id = e.user_id";

fn export_from_row(r: &Row) -> rusqlite::Result<ExportDetail> {
    Ok(ExportDetail {
        record: ExportRecord {
            id: r.get(0)?,
            issue_id: r.get(1)?,
            user: crate::users::user_ref_at(r, 2)?,
            at: crate::from_millis(r.get(5)?),
            proof_copy: r.get(6)?,
            pdf_sha256: r.get(7)?,
            pages: r.get(8)?,
        },
        export_uid: r.get(9)?,
        manifest_json: r.get(10)?,
        options_json: r.get(11)?,
        doc_json: r.get(12)?,
    })
}

impl Store {
    /// Append an export to the issue's record (and to the audit log, with
    /// the PDF's SHA-256).
    pub fn record_export(&self, actor: &Actor, e: &NewExport) -> Result<Id> {
        self.write(|tx| insert_export(tx, actor, e))
    }

    /// The recorded export whose PDF has this SHA-256, if any.
    pub fn export_by_hash(&self, pdf_sha256: &str) -> Result<Option<ExportDetail>> {
        self.read(|c| {
            Ok(c.query_row(
                &format!("{EXPORT_SELECT} WHERE e.pdf_sha256 = ?1 ORDER BY e.id DESC LIMIT 1"),
                [pdf_sha256],
                export_from_row,
            )
            .optional()?)
        })
    }

    /// The recorded export with this id of its own (from a manifest).
    pub fn export_by_uid(&self, uid: &str) -> Result<Option<ExportDetail>> {
        if uid.is_empty() {
            return Ok(None);
        }
        self.read(|c| {
            Ok(c.query_row(
                &format!("{EXPORT_SELECT} WHERE e.export_uid = ?1 LIMIT 1"),
                [uid],
                export_from_row,
            )
            .optional()?)
        })
    }
    /// The manifest of the newest export of an issue.
    pub fn last_export_manifest(&self, issue_id: Id) -> Result<Option<String>> {
        self.read(|c| {
            Ok(c.query_row(
                "SELECT manifest_json FROM exports WHERE issue_id = ?1 ORDER BY id DESC LIMIT 1",
                [issue_id],
                |r| r.get(0),
            )
            .optional()?)
        })
    }

    /// Newest first.
    pub fn exports(&self, issue_id: Id) -> Result<Vec<ExportRecord>> {
        self.read(|c| {
            let mut stmt = c.prepare_cached(
                "SELECT e.id, e.issue_id, u.id, u.username, u.display_name, e.at, e.proof,
                        e.pdf_sha256, e.pages
                   FROM exports e JOIN users u ON u.id = e.user_id
                  WHERE e.issue_id = ?1 ORDER BY e.id DESC",
            )?;
            let rows = stmt.query_map([issue_id], |r| {
                Ok(ExportRecord {
                    id: r.get(0)?,
                    issue_id: r.get(1)?,
                    user: crate::users::user_ref_at(r, 2)?,
                    at: crate::from_millis(r.get(5)?),
                    proof_copy: r.get(6)?,
                    pdf_sha256: r.get(7)?,
                    pages: r.get(8)?,
                })
            })?;
            Ok(rows.collect::<rusqlite::Result<Vec<_>>>()?)
        })
    }
}

/// Append an export inside the caller's transaction (a 校样 round
/// records its PDF as an export in the same transaction as the round).
pub(crate) fn insert_export(tx: &Connection, actor: &Actor, e: &NewExport) -> Result<Id> {
    load_issue(tx, e.issue_id)?;
    tx.execute(
        "INSERT INTO exports (issue_id, user_id, at, proof, pdf_sha256, pages, manifest_json,
                 export_uid, options_json, doc_json)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
        params![
            e.issue_id,
            actor.id,
            to_millis(now()),
            e.proof_copy,
            e.pdf_sha256,
            e.pages,
            e.manifest_json,
            e.export_uid,
            e.options_json,
            e.doc_json
        ],
    )?;
    let id = tx.last_insert_rowid();
    let options = serde_json::from_str::<serde_json::Value>(e.options_json).unwrap_or_default();
    // A 数字报 edition is recorded like a PDF, under its own action.
    let web = options.get("web") == Some(&serde_json::Value::Bool(true));
    append(
        tx,
        actor,
        &Record::new(
            match (web, e.proof_copy) {
                (false, false) => "export.pdf",
                (false, true) => "export.proof",
                (true, false) => "export.web",
                (true, true) => "export.web_proof",
            },
            "issue",
            Some(e.issue_id),
            serde_json::json!({
                "export_id": id,
                "export_uid": e.export_uid,
                "pdf_sha256": e.pdf_sha256,
                "pages": e.pages,
                "options": options,
            }),
        ),
    )?;
    Ok(id)
}
