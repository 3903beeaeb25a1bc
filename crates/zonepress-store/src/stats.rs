//! What the statistics 稿件统计 and the payments 稿酬 count, read in one
//! snapshot: the issues of a period, what each printed, what was submitted,
//! the contributors, the editors' confirmations and the payment rules.
//!
//! "Printed" means: in the latest print (non-proof) export recorded for the
//! issue, at the revision that export's manifest recorded. An issue never
//! exported for print has printed nothing. The figures of a printed article
//! (title, byline, 栏目, length, photo credits) are those of that revision,
//! whatever the article became afterwards.

use std::collections::HashMap;

use chrono::{DateTime, NaiveDate, Utc};
use rusqlite::{Connection, params};
use serde::Deserialize;
use zonepress_core::payment::PaymentRules;
use zonepress_core::{ArticleKind, ArticleStatus, Id, issue_label};

use crate::contributors::{Contributor, CreditRow};
use crate::{Result, Store, from_millis, to_millis};

/// An issue dated in the period.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PeriodIssue {
    pub id: Id,
    pub date: NaiveDate,
    /// `2026年第11期 总第137期`
    pub label: String,
    /// The latest print export: its id and when it was made.
    pub print_export: Option<(Id, DateTime<Utc>)>,
}

/// One article as the latest print export of its issue placed it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PrintedArticle {
    pub issue_id: Id,
    pub article_id: Id,
    pub page: u8,
    pub revision: u32,
    pub title: String,
    pub byline: String,
    pub column: String,
    pub kind: ArticleKind,
    /// Characters of that revision, counted the Chinese way.
    pub chars: u32,
    /// The credit of each photo of that revision, in order (empty: none).
    pub photo_credits: Vec<String>,
}

/// An article submitted in the period (as it is now).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SubmittedArticle {
    pub article_id: Id,
    pub issue_id: Option<Id>,
    pub title: String,
    pub byline: String,
    pub status: ArticleStatus,
    pub chars: u32,
    pub photo_credits: Vec<String>,
}

/// Everything the statistics of a period are computed from.
#[derive(Debug, Clone, Default)]
pub struct PeriodFacts {
    pub issues: Vec<PeriodIssue>,
    pub printed: Vec<PrintedArticle>,
    pub submitted: Vec<SubmittedArticle>,
    pub contributors: Vec<Contributor>,
    /// Confirmations by (article, byline source).
    pub confirmed: HashMap<(Id, String), Vec<CreditRow>>,
    pub rules: Vec<PaymentRules>,
}

/// What of a body a count needs: the photos' credits.
#[derive(Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
enum LightBlock {
    Image {
        #[serde(default)]
        credit: String,
    },
    #[serde(other)]
    Other,
}

fn photo_credits(body_json: Option<String>) -> Result<Vec<String>> {
    let Some(json) = body_json else {
        return Ok(vec![]);
    };
    let blocks: Vec<LightBlock> = serde_json::from_str(&json)?;
    Ok(blocks
        .into_iter()
        .filter_map(|b| match b {
            LightBlock::Image { credit } => Some(credit),
            LightBlock::Other => None,
        })
        .collect())
}

fn kind_of(s: &str) -> ArticleKind {
    ArticleKind::parse(s).unwrap_or_default()
}

/// The marker of a photo block in stored JSON: bodies without it are not parsed.
const IMAGE_MARK: &str = r#""type":"image""#;

pub(crate) fn period_facts(
    c: &Connection,
    from: NaiveDate,
    to: NaiveDate,
    created: (DateTime<Utc>, DateTime<Utc>),
) -> Result<PeriodFacts> {
    let (from_s, to_s) = (
        from.format("%Y-%m-%d").to_string(),
        to.format("%Y-%m-%d").to_string(),
    );
    let mut issues = Vec::new();
    {
        let mut stmt = c.prepare_cached(
            "SELECT i.id, i.year, i.number, i.serial, i.date,
                    (SELECT max(e.id) FROM exports e WHERE e.issue_id = i.id AND e.proof = 0)
               FROM issues i WHERE i.date BETWEEN ?1 AND ?2 ORDER BY i.date, i.year, i.number",
        )?;
        let mut rows = stmt.query(params![from_s, to_s])?;
        while let Some(r) = rows.next()? {
            let date: String = r.get(4)?;
            let export: Option<Id> = r.get(5)?;
            issues.push((
                PeriodIssue {
                    id: r.get(0)?,
                    date: NaiveDate::parse_from_str(&date, "%Y-%m-%d").unwrap_or_default(),
                    label: issue_label(r.get(1)?, r.get(2)?, r.get(3)?),
                    print_export: None,
                },
                export,
            ));
        }
    }
    let mut export_at = c.prepare_cached("SELECT at FROM exports WHERE id = ?1")?;
    for (issue, export) in &mut issues {
        if let Some(id) = export {
            let at: i64 = export_at.query_row([*id], |r| r.get(0))?;
            issue.print_export = Some((*id, from_millis(at)));
        }
    }
    let export_ids: Vec<Id> = issues.iter().filter_map(|(_, e)| *e).collect();
    let issues: Vec<PeriodIssue> = issues.into_iter().map(|(i, _)| i).collect();

    // Every placed article of those exports, at the revision recorded: from
    // the article row when it is still at that revision, else from the
    // revision itself.
    let mut printed = Vec::new();
    if !export_ids.is_empty() {
        let ids = serde_json::to_string(&export_ids)?;
        let mut stmt = c.prepare_cached(
            r#"WITH placed AS (
                 SELECT e.issue_id AS issue_id,
                        CAST(m.value ->> '$.article_id' AS INTEGER) AS article_id,
                        CAST(m.value ->> '$.page' AS INTEGER) AS page,
                        CAST(m.value ->> '$.revision' AS INTEGER) AS revision
                   FROM exports e, json_each(e.manifest_json, '$.articles') m
                  WHERE e.id IN (SELECT value FROM json_each(?1)))
               SELECT p.issue_id, p.article_id, p.page, p.revision,
                      -- The article row when it is still at that revision (the
                      -- revision row, with its whole content, is then never read).
                      CASE WHEN a.revision = p.revision THEN a.length ELSE r.length END,
                      a.revision = p.revision,
                      a.title, a.byline, a.column_name, a.kind,
                      CASE WHEN instr(a.body_json, ?2) THEN a.body_json END,
                      CASE WHEN a.revision = p.revision THEN NULL ELSE r.content_json END
                 FROM placed p
                 JOIN revisions r ON r.article_id = p.article_id AND r.number = p.revision
                 JOIN articles a ON a.id = p.article_id
                ORDER BY p.issue_id, p.page, p.article_id"#,
        )?;
        let mut rows = stmt.query(params![ids, IMAGE_MARK])?;
        while let Some(r) = rows.next()? {
            let current: bool = r.get(5)?;
            let (title, byline, column, kind, body) = if current {
                let kind: String = r.get(9)?;
                (
                    r.get::<_, String>(6)?,
                    r.get::<_, String>(7)?,
                    r.get::<_, String>(8)?,
                    kind_of(&kind),
                    r.get::<_, Option<String>>(10)?,
                )
            } else {
                let json: String = r.get(11)?;
                let content: zonepress_core::ArticleContent = serde_json::from_str(&json)?;
                let body = json
                    .contains(IMAGE_MARK)
                    .then(|| serde_json::to_string(&content.body))
                    .transpose()?;
                (
                    content.title,
                    content.byline,
                    content.column,
                    content.kind,
                    body,
                )
            };
            printed.push(PrintedArticle {
                issue_id: r.get(0)?,
                article_id: r.get(1)?,
                page: r.get(2)?,
                revision: r.get(3)?,
                chars: r.get(4)?,
                title,
                byline,
                column,
                kind,
                photo_credits: photo_credits(body)?,
            });
        }
    }

    let mut submitted = Vec::new();
    {
        let ids = serde_json::to_string(&issues.iter().map(|i| i.id).collect::<Vec<_>>())?;
        let mut stmt = c.prepare_cached(
            "SELECT a.id, a.issue_id, a.title, a.byline, a.status, a.length,
                    CASE WHEN instr(a.body_json, ?4) THEN a.body_json END
               FROM articles a
              WHERE a.issue_id IN (SELECT value FROM json_each(?1))
                 OR (a.issue_id IS NULL AND a.created_at >= ?2 AND a.created_at < ?3)
              ORDER BY a.id",
        )?;
        let mut rows = stmt.query(params![
            ids,
            to_millis(created.0),
            to_millis(created.1),
            IMAGE_MARK
        ])?;
        while let Some(r) = rows.next()? {
            let status: String = r.get(4)?;
            submitted.push(SubmittedArticle {
                article_id: r.get(0)?,
                issue_id: r.get(1)?,
                title: r.get(2)?,
                byline: r.get(3)?,
                status: ArticleStatus::parse(&status).unwrap_or(ArticleStatus::Draft),
                chars: r.get(5)?,
                photo_credits: photo_credits(r.get(6)?)?,
            });
        }
    }

    Ok(PeriodFacts {
        issues,
        printed,
        submitted,
        contributors: crate::contributors::all_contributors(c)?,
        confirmed: crate::contributors::all_confirmed(c)?,
        rules: crate::payments::all_rules(c)?,
    })
}

impl Store {
    /// The facts of the period `from..=to` (issue dates), read in one
    /// snapshot; articles not assigned to an issue count as submitted when
    /// created within `created` (start inclusive, end exclusive).
    pub fn period_facts(
        &self,
        from: NaiveDate,
        to: NaiveDate,
        created: (DateTime<Utc>, DateTime<Utc>),
    ) -> Result<PeriodFacts> {
        self.snapshot(|c| period_facts(c, from, to, created))
    }
}
