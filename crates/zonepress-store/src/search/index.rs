//! Keeping the index in step with the articles, inside the transaction that
//! changes them.
//!
//! Every write that changes what search sees calls in here before it
//! commits: creating or importing an article, saving or restoring it
//! ([`sync_article`]), a workflow step (status), saving a page plan
//! ([`sync_plan`]: 版 numbers) and changing an issue's date
//! ([`sync_issue`]: the sort keys of its articles). A save re-indexes only
//! the units whose text changed, which is what keeps it cheap.

use std::collections::{HashMap, HashSet};

use chrono::NaiveDate;
use rusqlite::{Connection, OptionalExtension, params};
use zonepress_core::layout::IssuePlan;
use zonepress_core::{Article, ArticleContent, Id};

use super::keys::{self, MAX_UNIT_N, rowid, unit_field, unit_number};
use super::text::{self, Field};
use crate::{Result, StoreError, from_millis};

/// A unit as the index holds it.
struct Indexed {
    field: Field,
    hash: i64,
    folded: String,
}

/// The article's distinct units, folded (a paragraph written twice is
/// indexed once).
fn indexed_units(content: &ArticleContent) -> Vec<Indexed> {
    let mut out: Vec<Indexed> = Vec::new();
    for u in text::units(content) {
        let folded = text::fold(&u.text);
        let hash = text::fingerprint(u.field, &folded);
        if !out.iter().any(|o| o.hash == hash && o.field == u.field) {
            out.push(Indexed {
                field: u.field,
                hash,
                folded,
            });
        }
    }
    out
}

fn insert_unit(conn: &Connection, article_id: Id, key: i64, unit: i64, u: &Indexed) -> Result<()> {
    let id = rowid(key, unit);
    conn.prepare_cached("INSERT INTO search_text (rowid, text) VALUES (?1, ?2)")?
        .execute(params![id, u.folded])?;
    conn.prepare_cached("INSERT INTO search_short (rowid, terms) VALUES (?1, ?2)")?
        .execute(params![id, text::short_terms(&u.folded)])?;
    conn.prepare_cached("INSERT INTO search_units (article_id, unit, hash) VALUES (?1, ?2, ?3)")?
        .execute(params![article_id, unit, u.hash])?;
    Ok(())
}

fn delete_unit(conn: &Connection, article_id: Id, key: i64, unit: i64) -> Result<()> {
    let id = rowid(key, unit);
    conn.prepare_cached("DELETE FROM search_text WHERE rowid = ?1")?
        .execute([id])?;
    conn.prepare_cached("DELETE FROM search_short WHERE rowid = ?1")?
        .execute([id])?;
    conn.prepare_cached("DELETE FROM search_units WHERE article_id = ?1 AND unit = ?2")?
        .execute(params![article_id, unit])?;
    Ok(())
}

/// Write `units` as the article's units under `key`, given the units it
/// had under `old_key`: unchanged units stay, changed ones are replaced;
/// under a new key everything is written again.
fn write_units(
    conn: &Connection,
    article_id: Id,
    key: i64,
    old_key: Option<i64>,
    units: &[Indexed],
) -> Result<()> {
    let mut old: Vec<(i64, i64)> = Vec::new();
    if let Some(old_key) = old_key {
        let mut stmt =
            conn.prepare_cached("SELECT unit, hash FROM search_units WHERE article_id = ?1")?;
        for r in stmt.query_map([article_id], |r| Ok((r.get(0)?, r.get(1)?)))? {
            old.push(r?);
        }
        if old_key != key {
            for (unit, _) in old.drain(..) {
                delete_unit(conn, article_id, old_key, unit)?;
            }
        }
    }
    let mut kept: HashSet<i64> = HashSet::new();
    let mut fresh: Vec<&Indexed> = Vec::new();
    for u in units {
        let same = old
            .iter()
            .position(|&(unit, hash)| hash == u.hash && unit_field(unit) == u.field);
        match same {
            Some(i) => {
                kept.insert(old.swap_remove(i).0);
            }
            None => fresh.push(u),
        }
    }
    for (unit, _) in old {
        delete_unit(conn, article_id, key, unit)?;
    }
    // body units take the lowest numbers free
    let taken = |n: i64| {
        kept.contains(&unit_number(Field::Body, n))
            || kept.contains(&unit_number(Field::Caption, n))
    };
    let mut n = 0;
    for u in fresh {
        let unit = if u.field.is_header() {
            unit_number(u.field, 0)
        } else {
            n += 1;
            while taken(n) {
                n += 1;
            }
            if n > MAX_UNIT_N {
                return Err(StoreError::Decode(format!(
                    "article {article_id} has more blocks than the search index can number"
                )));
            }
            unit_number(u.field, n)
        };
        insert_unit(conn, article_id, key, unit, u)?;
    }
    Ok(())
}

/// The date an article is filed under: its issue's, else the day it was
/// written (local time).
fn article_date(conn: &Connection, issue_id: Option<Id>, created_ms: i64) -> Result<NaiveDate> {
    if let Some(issue) = issue_id {
        let date: Option<String> = conn
            .prepare_cached("SELECT date FROM issues WHERE id = ?1")?
            .query_row([issue], |r| r.get(0))
            .optional()?;
        if let Some(d) = date.and_then(|d| NaiveDate::parse_from_str(&d, "%Y-%m-%d").ok()) {
            return Ok(d);
        }
    }
    Ok(from_millis(created_ms)
        .with_timezone(&chrono::Local)
        .date_naive())
}

fn key_for(conn: &Connection, a: &Article) -> Result<i64> {
    let date = article_date(conn, a.issue_id, crate::to_millis(a.created_at))?;
    keys::sort_key(date, a.id).ok_or_else(|| {
        StoreError::Decode(format!("article id {} is beyond the search index", a.id))
    })
}

/// The 版 an article is placed on in its issue's plan.
fn page_in_plan(conn: &Connection, issue_id: Option<Id>, article_id: Id) -> Result<Option<u8>> {
    let Some(issue) = issue_id else {
        return Ok(None);
    };
    let json: Option<String> = conn
        .prepare_cached("SELECT plan_json FROM page_plans WHERE issue_id = ?1")?
        .query_row([issue], |r| r.get(0))
        .optional()?;
    let Some(json) = json else {
        return Ok(None);
    };
    let plan: IssuePlan = serde_json::from_str(&json)?;
    Ok(plan
        .pages
        .iter()
        .find(|p| p.placements.iter().any(|pl| pl.article_id == article_id))
        .map(|p| p.number))
}

/// Bring the index in step with `a` as it now stands in this transaction:
/// its units (only those that changed are written), its sort key, and what
/// the filters read (issue, author, status, 栏目, 版).
pub(crate) fn sync_article(conn: &Connection, a: &Article) -> Result<()> {
    let key = key_for(conn, a)?;
    let before: Option<(i64, Option<Id>, Option<u8>)> = conn
        .prepare_cached("SELECT sort_key, issue_id, page FROM search_docs WHERE article_id = ?1")?
        .query_row([a.id], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
        .optional()?;
    let page = match before {
        Some((_, issue, page)) if issue == a.issue_id => page,
        _ => page_in_plan(conn, a.issue_id, a.id)?,
    };
    write_units(
        conn,
        a.id,
        key,
        before.map(|b| b.0),
        &indexed_units(&a.content),
    )?;
    conn.prepare_cached(
        "INSERT INTO search_docs (article_id, sort_key, issue_id, author_id, status, column_name, page)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)
         ON CONFLICT (article_id) DO UPDATE SET sort_key = excluded.sort_key,
             issue_id = excluded.issue_id, author_id = excluded.author_id,
             status = excluded.status, column_name = excluded.column_name, page = excluded.page",
    )?
    .execute(params![
        a.id,
        key,
        a.issue_id,
        a.author.id,
        a.status.as_str(),
        a.content.column,
        page
    ])?;
    Ok(())
}

/// The 版 of every article of the plan's issue, after the plan was saved.
pub(crate) fn sync_plan(conn: &Connection, plan: &IssuePlan) -> Result<()> {
    conn.prepare_cached("UPDATE search_docs SET page = NULL WHERE issue_id = ?1")?
        .execute([plan.issue_id])?;
    let mut set = conn.prepare_cached(
        "UPDATE search_docs SET page = ?3 WHERE article_id = ?1 AND issue_id = ?2",
    )?;
    for page in &plan.pages {
        for p in &page.placements {
            set.execute(params![p.article_id, plan.issue_id, page.number])?;
        }
    }
    Ok(())
}

/// After an issue's date changed: its articles are filed under the new date.
pub(crate) fn sync_issue(conn: &Connection, issue_id: Id) -> Result<()> {
    let ids: Vec<Id> = conn
        .prepare_cached("SELECT id FROM articles WHERE issue_id = ?1")?
        .query_map([issue_id], |r| r.get(0))?
        .collect::<rusqlite::Result<_>>()?;
    for id in ids {
        sync_article(conn, &crate::articles::load_article(conn, id)?)?;
    }
    Ok(())
}

/// Build the whole index from the articles (the migration that introduced
/// search, and the benchmark). Reads only columns the first schema with
/// search had, so later migrations can add their own.
pub fn rebuild(conn: &Connection) -> Result<u32> {
    conn.execute_batch(
        "INSERT INTO search_text (search_text) VALUES ('delete-all');
         INSERT INTO search_short (search_short) VALUES ('delete-all');
         DELETE FROM search_units;
         DELETE FROM search_docs;",
    )?;
    let mut issue_dates: HashMap<Id, NaiveDate> = HashMap::new();
    for r in conn
        .prepare("SELECT id, date FROM issues")?
        .query_map([], |r| Ok((r.get::<_, Id>(0)?, r.get::<_, String>(1)?)))?
    {
        let (id, date) = r?;
        if let Ok(d) = NaiveDate::parse_from_str(&date, "%Y-%m-%d") {
            issue_dates.insert(id, d);
        }
    }
    let mut pages: HashMap<(Id, Id), u8> = HashMap::new();
    for r in conn
        .prepare("SELECT plan_json FROM page_plans")?
        .query_map([], |r| r.get::<_, String>(0))?
    {
        let plan: IssuePlan = serde_json::from_str(&r?)?;
        for page in &plan.pages {
            for p in &page.placements {
                pages.insert((plan.issue_id, p.article_id), page.number);
            }
        }
    }
    let mut stmt = conn.prepare(
        "SELECT id, issue_id, author_id, status, created_at, kicker, title, subtitle, byline,
                column_name, body_json
           FROM articles ORDER BY id",
    )?;
    let mut rows = stmt.query([])?;
    let mut count = 0;
    while let Some(r) = rows.next()? {
        let id: Id = r.get(0)?;
        let issue_id: Option<Id> = r.get(1)?;
        let created_ms: i64 = r.get(4)?;
        let body_json: String = r.get(10)?;
        let content = ArticleContent {
            kicker: r.get(5)?,
            title: r.get(6)?,
            subtitle: r.get(7)?,
            byline: r.get(8)?,
            column: r.get(9)?,
            body: serde_json::from_str(&body_json)?,
            ..ArticleContent::default()
        };
        let date = match issue_id.and_then(|i| issue_dates.get(&i)) {
            Some(d) => *d,
            None => from_millis(created_ms)
                .with_timezone(&chrono::Local)
                .date_naive(),
        };
        let key = keys::sort_key(date, id).ok_or_else(|| {
            StoreError::Decode(format!("article id {id} is beyond the search index"))
        })?;
        let mut n = 0;
        for u in indexed_units(&content) {
            let unit = if u.field.is_header() {
                unit_number(u.field, 0)
            } else {
                n += 1;
                unit_number(u.field, n)
            };
            insert_unit(conn, id, key, unit, &u)?;
        }
        let page = issue_id.and_then(|i| pages.get(&(i, id)).copied());
        conn.prepare_cached(
            "INSERT INTO search_docs (article_id, sort_key, issue_id, author_id, status, column_name, page)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
        )?
        .execute(params![
            id,
            key,
            issue_id,
            r.get::<_, Id>(2)?,
            r.get::<_, String>(3)?,
            content.column,
            page
        ])?;
        count += 1;
    }
    Ok(count)
}
