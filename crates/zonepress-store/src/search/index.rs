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

/// The article's distinct index units, folded (a sentence written twice
/// is indexed once).
fn indexed_units(content: &ArticleContent) -> Vec<Indexed> {
    let mut out: Vec<Indexed> = Vec::new();
    for u in text::index_units(content) {
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

/// Write a unit into both FTS tables under row id `id`.
fn index_unit(conn: &Connection, id: i64, u: &Indexed) -> Result<()> {
    conn.prepare_cached("INSERT INTO search_text (rowid, text) VALUES (?1, ?2)")?
        .execute(params![id, u.folded])?;
    conn.prepare_cached("INSERT INTO search_short (rowid, terms) VALUES (?1, ?2)")?
        .execute(params![id, text::short_terms(&u.folded)])?;
    Ok(())
}

/// Remember which unit of the article holds what (by fingerprint).
fn record_unit(conn: &Connection, article_id: Id, unit: i64, hash: i64) -> Result<()> {
    conn.prepare_cached("INSERT INTO search_units (article_id, unit, hash) VALUES (?1, ?2, ?3)")?
        .execute(params![article_id, unit, hash])?;
    Ok(())
}

fn unindex_unit(conn: &Connection, id: i64) -> Result<()> {
    conn.prepare_cached("DELETE FROM search_text WHERE rowid = ?1")?
        .execute([id])?;
    conn.prepare_cached("DELETE FROM search_short WHERE rowid = ?1")?
        .execute([id])?;
    Ok(())
}

/// Write `units` as the article's units under `key`, given the units it
/// had under `old_key`: unchanged units stay, changed ones are replaced;
/// under a new key everything is written again.
///
/// The writes go in ascending row id order (a delete before an insert of
/// the same id): FTS5 keeps a transaction's changes in memory only while
/// row ids ascend, and writes a new segment to disk whenever they do not.
fn write_units(
    conn: &Connection,
    article_id: Id,
    key: i64,
    old_key: Option<i64>,
    units: &[Indexed],
) -> Result<()> {
    let mut old: Vec<(i64, i64)> = Vec::new();
    if old_key.is_some() {
        let mut stmt =
            conn.prepare_cached("SELECT unit, hash FROM search_units WHERE article_id = ?1")?;
        for r in stmt.query_map([article_id], |r| Ok((r.get(0)?, r.get(1)?)))? {
            old.push(r?);
        }
    }
    // (row id, unit, what to insert there; None deletes)
    let mut ops: Vec<(i64, i64, Option<&Indexed>)> = Vec::new();
    match old_key {
        Some(old_key) if old_key != key => {
            ops.extend(
                old.drain(..)
                    .map(|(unit, _)| (rowid(old_key, unit), unit, None)),
            );
        }
        _ => {}
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
    ops.extend(
        old.into_iter()
            .map(|(unit, _)| (rowid(key, unit), unit, None)),
    );
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
        ops.push((rowid(key, unit), unit, Some(u)));
    }
    ops.sort_by_key(|&(id, _, insert)| (id, insert.is_some()));
    let mut forget =
        conn.prepare_cached("DELETE FROM search_units WHERE article_id = ?1 AND unit = ?2")?;
    for &(_, unit, insert) in &ops {
        if insert.is_none() {
            forget.execute(params![article_id, unit])?;
        }
    }
    for &(id, _, insert) in &ops {
        match insert {
            Some(u) => index_unit(conn, id, u)?,
            None => unindex_unit(conn, id)?,
        }
    }
    for (_, unit, insert) in ops {
        if let Some(u) = insert {
            record_unit(conn, article_id, unit, u.hash)?;
        }
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
/// the filters read (issue, author, status, 栏目, 版). Public for the
/// benchmark, which times it alone.
pub fn sync_article(conn: &Connection, a: &Article) -> Result<()> {
    let key = key_for(conn, a)?;
    let before: Option<Docs> = conn
        .prepare_cached(
            "SELECT sort_key, issue_id, author_id, status, column_name, page
               FROM search_docs WHERE article_id = ?1",
        )?
        .query_row([a.id], |r| {
            Ok(Docs {
                sort_key: r.get(0)?,
                issue_id: r.get(1)?,
                author_id: r.get(2)?,
                status: r.get(3)?,
                column: r.get(4)?,
                page: r.get(5)?,
            })
        })
        .optional()?;
    let page = match &before {
        Some(b) if b.issue_id == a.issue_id => b.page,
        _ => page_in_plan(conn, a.issue_id, a.id)?,
    };
    write_units(
        conn,
        a.id,
        key,
        before.as_ref().map(|b| b.sort_key),
        &indexed_units(&a.content),
    )?;
    let after = Docs {
        sort_key: key,
        issue_id: a.issue_id,
        author_id: a.author.id,
        status: a.status.as_str().to_string(),
        column: a.content.column.clone(),
        page,
    };
    if before.as_ref() != Some(&after) {
        conn.prepare_cached(
            "INSERT INTO search_docs (article_id, sort_key, issue_id, author_id, status, column_name, page)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)
             ON CONFLICT (article_id) DO UPDATE SET sort_key = excluded.sort_key,
                 issue_id = excluded.issue_id, author_id = excluded.author_id,
                 status = excluded.status, column_name = excluded.column_name, page = excluded.page",
        )?
        .execute(params![
            a.id,
            after.sort_key,
            after.issue_id,
            after.author_id,
            after.status,
            after.column,
            after.page
        ])?;
    }
    Ok(())
}

/// An article's row of `search_docs`.
#[derive(PartialEq, Eq)]
struct Docs {
    sort_key: i64,
    issue_id: Option<Id>,
    author_id: Id,
    status: String,
    column: String,
    page: Option<u8>,
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
/// search, and [`Store::rebuild_search_index`]). Reads only columns the
/// first schema with search had, so later migrations can add their own.
///
/// [`Store::rebuild_search_index`]: crate::Store::rebuild_search_index
pub(crate) fn rebuild(conn: &Connection) -> Result<u32> {
    // a large in-memory batch while building, then one segment per table:
    // later saves pay no merging left over from the build
    conn.execute_batch(
        "INSERT INTO search_text (search_text) VALUES ('delete-all');
         INSERT INTO search_short (search_short) VALUES ('delete-all');
         DELETE FROM search_units;
         DELETE FROM search_docs;
         INSERT INTO search_text (search_text, rank) VALUES ('hashsize', 1048576);
         INSERT INTO search_short (search_short, rank) VALUES ('hashsize', 1048576);",
    )?;
    let cache: i64 = conn.query_row("PRAGMA cache_size", [], |r| r.get(0))?;
    conn.pragma_update(None, "cache_size", -262_144)?;
    let count = insert_all(conn);
    conn.pragma_update(None, "cache_size", cache)?;
    let count = count?;
    conn.execute_batch(
        "INSERT INTO search_text (search_text) VALUES ('optimize');
         INSERT INTO search_short (search_short) VALUES ('optimize');
         INSERT INTO search_text (search_text, rank) VALUES ('hashsize', 1048576);
         INSERT INTO search_short (search_short, rank) VALUES ('hashsize', 1048576);",
    )?;
    Ok(count)
}

fn insert_all(conn: &Connection) -> Result<u32> {
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
    // every article's key first: the units are written in row id order
    let mut order: Vec<(i64, Id, Option<Id>)> = Vec::new();
    for r in conn
        .prepare("SELECT id, issue_id, created_at FROM articles")?
        .query_map([], |r| {
            Ok((
                r.get::<_, Id>(0)?,
                r.get::<_, Option<Id>>(1)?,
                r.get::<_, i64>(2)?,
            ))
        })?
    {
        let (id, issue_id, created_ms) = r?;
        let date = match issue_id.and_then(|i| issue_dates.get(&i)) {
            Some(d) => *d,
            None => from_millis(created_ms)
                .with_timezone(&chrono::Local)
                .date_naive(),
        };
        let key = keys::sort_key(date, id).ok_or_else(|| {
            StoreError::Decode(format!("article id {id} is beyond the search index"))
        })?;
        order.push((key, id, issue_id));
    }
    order.sort_unstable();
    let mut read = conn.prepare(
        "SELECT author_id, status, kicker, title, subtitle, byline, column_name, body_json
           FROM articles WHERE id = ?1",
    )?;
    let mut count = 0;
    for (key, id, issue_id) in order {
        let (author, status, content) = read.query_row([id], |r| {
            let body_json: String = r.get(7)?;
            Ok((
                r.get::<_, Id>(0)?,
                r.get::<_, String>(1)?,
                ArticleContent {
                    kicker: r.get(2)?,
                    title: r.get(3)?,
                    subtitle: r.get(4)?,
                    byline: r.get(5)?,
                    column: r.get(6)?,
                    body: serde_json::from_str(&body_json).map_err(|e| {
                        rusqlite::Error::FromSqlConversionFailure(
                            7,
                            rusqlite::types::Type::Text,
                            Box::new(e),
                        )
                    })?,
                    ..ArticleContent::default()
                },
            ))
        })?;
        let mut n = 0;
        for u in indexed_units(&content) {
            let unit = if u.field.is_header() {
                unit_number(u.field, 0)
            } else {
                n += 1;
                unit_number(u.field, n)
            };
            index_unit(conn, rowid(key, unit), &u)?;
            record_unit(conn, id, unit, u.hash)?;
        }
        let page = issue_id.and_then(|i| pages.get(&(i, id)).copied());
        conn.prepare_cached(
            "INSERT INTO search_docs (article_id, sort_key, issue_id, author_id, status, column_name, page)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
        )?
        .execute(params![id, key, issue_id, author, status, content.column, page])?;
        count += 1;
    }
    Ok(count)
}
