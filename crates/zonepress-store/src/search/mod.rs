//! Archive search 稿库检索: every article of every issue, its current text,
//! found in milliseconds.
//!
//! The index lives in the workspace database and is written in the same
//! transaction as the change it reflects ([`index`]). Each article is cut
//! into units — one per headline field (引题, 主题, 副题, 作者, 栏目), one per
//! body block (a photo: its caption and credit) — and each unit is a row of
//! two contentless FTS5 tables: `search_text` (trigram tokenizer) answers
//! terms of three characters or more, `search_short` (every letter or digit
//! and every adjacent pair) answers terms of one or two. A save writes only
//! the units it changed. `search_docs` holds what the filters read.
//!
//! Row ids are ordered like the results (newest issue first, see [`keys`]),
//! so a query walks the index from the newest end and stops once it has its
//! page and has counted [`TOTAL_CAP`] matches ([`engine`]). Snippets are cut
//! from the stored articles of the page only.

mod engine;
#[doc(hidden)]
pub mod index;
pub mod keys;
pub mod text;

use chrono::{DateTime, NaiveDate, Utc};
use rusqlite::types::Value;
use rusqlite::{Connection, OptionalExtension};
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use ts_rs::TS;
use zonepress_core::{ArticleContent, ArticleStatus, Id, UserRef};

use self::engine::{Cursor, Flow, Found, Work, leapfrog};
use self::text::{Field, Term};
use crate::{Result, Store};

/// Matches are counted up to this many; beyond, the total is "more than"
/// (counting every match of a common word would read most of the index).
pub const TOTAL_CAP: u32 = 200;
/// Relevance ranks this many of the newest matches.
pub const RELEVANCE_POOL: u32 = 1000;
/// Reading allowed for counting once the page is full (index rows).
const COUNT_BUDGET_ROWS: u64 = 60_000;
/// Reading allowed before giving up on filling a page (index fetches).
const FETCH_BUDGET: u64 = 20_000;
/// Most hits in one answer.
pub const MAX_LIMIT: u32 = 100;

/// How results are ordered.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize, TS, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum SearchOrder {
    /// Newest first: the issue's date (or, outside an issue, the day the
    /// article was written), newer articles first within a day.
    #[default]
    Newest,
    /// Matches in headlines before matches in the body, more matching
    /// sentences before fewer; among the newest [`RELEVANCE_POOL`] matches.
    Relevance,
}

/// A search, as the store runs it (the api resolves names and dates).
#[derive(Debug, Clone, Default)]
pub struct SearchQuery {
    /// What the user typed (see [`text::parse_query`]).
    pub text: String,
    pub issue_id: Option<Id>,
    pub author_id: Option<Id>,
    /// 栏目, exactly.
    pub column: Option<String>,
    /// Without a status, withdrawn (撤稿) articles are left out.
    pub status: Option<ArticleStatus>,
    /// Filed on or after this day (issue date, or the day written).
    pub from: Option<NaiveDate>,
    /// Filed on or before this day.
    pub to: Option<NaiveDate>,
    /// Placed on a page of its issue's plan (true) or not (false).
    pub placed: Option<bool>,
    pub order: SearchOrder,
    pub limit: u32,
    pub offset: u32,
}

impl SearchQuery {
    fn has_filter(&self) -> bool {
        self.issue_id.is_some()
            || self.author_id.is_some()
            || self.column.is_some()
            || self.status.is_some()
            || self.from.is_some()
            || self.to.is_some()
            || self.placed.is_some()
    }
}

/// One article found.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS, JsonSchema)]
pub struct SearchHit {
    pub article_id: Id,
    pub issue_id: Option<Id>,
    /// `2026年第11期`
    pub issue: Option<String>,
    pub kicker: String,
    pub title: String,
    pub subtitle: String,
    pub byline: String,
    pub column: String,
    /// A passage around the first match with every match marked `«…»`
    /// (the headline when only the headline matches; the opening of the
    /// body for a search by filters alone).
    pub snippet: String,
    /// The field the snippet comes from: `kicker`, `title`, `subtitle`,
    /// `byline`, `column`, `body` or `caption`.
    pub snippet_field: String,
    /// The body block the snippet comes from (0-based), to scroll to.
    pub snippet_block: Option<u32>,
    /// 版 in the issue's page plan, when placed.
    pub page: Option<u8>,
    pub status: ArticleStatus,
    pub review_level: Option<u8>,
    pub author: UserRef,
    /// The date the article is filed under (the issue's date, else the day
    /// it was written).
    pub date: NaiveDate,
    pub updated_at: DateTime<Utc>,
}

/// A page of results.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize, TS, JsonSchema)]
pub struct SearchResults {
    /// Articles matching; a lower bound when `total_exact` is false.
    pub total: u32,
    /// False when there are more matches than were counted (200; 1,000 by
    /// relevance; or what could be read in time): "more than `total`".
    pub total_exact: bool,
    pub hits: Vec<SearchHit>,
    /// The terms searched for, folded (lower case, half-width): what the
    /// editor highlights.
    pub terms: Vec<String>,
    /// Why nothing was searched (an empty query, only punctuation, too
    /// long), or that the results may be incomplete.
    pub notice: Option<String>,
}

impl SearchResults {
    fn notice(message: String) -> SearchResults {
        SearchResults {
            total_exact: true,
            notice: Some(message),
            ..SearchResults::default()
        }
    }
}

/// Weight of a match in each field, for [`SearchOrder::Relevance`].
fn relevance(found: &[Found]) -> u32 {
    let mut score = 0;
    for f in found {
        for (field, weight) in [
            (Field::Title, 12),
            (Field::Kicker, 6),
            (Field::Subtitle, 6),
            (Field::Column, 4),
            (Field::Caption, 3),
            (Field::Byline, 3),
        ] {
            if f.has(field) {
                score += weight;
            }
        }
        score += u32::from(f.body_units.min(4));
    }
    score
}

/// The filters as an SQL condition on `search_docs` (parameters from `?4`).
fn docs_filter(q: &SearchQuery) -> (String, Vec<Value>) {
    let mut sql = String::new();
    let mut args: Vec<Value> = Vec::new();
    let mut add = |cond: &str, v: Option<Value>| match v {
        Some(v) => {
            args.push(v);
            sql.push_str(&format!(" AND {cond} ?{}", args.len() + 3));
        }
        None => {
            sql.push_str(" AND ");
            sql.push_str(cond);
        }
    };
    match q.status {
        Some(s) => add("status =", Some(s.as_str().to_string().into())),
        None => add("status != 'withdrawn'", None),
    }
    if let Some(i) = q.issue_id {
        add("issue_id =", Some(i.into()));
    }
    if let Some(a) = q.author_id {
        add("author_id =", Some(a.into()));
    }
    if let Some(c) = &q.column {
        add("column_name =", Some(c.clone().into()));
    }
    match q.placed {
        Some(true) => add("page IS NOT NULL", None),
        Some(false) => add("page IS NULL", None),
        None => {}
    }
    (sql, args)
}

/// The sort keys the date filters and the issue allow.
fn key_range(conn: &Connection, q: &SearchQuery) -> Result<(i64, i64)> {
    let mut lo = 0;
    let mut hi = keys::MAX_KEY;
    if let Some(from) = q.from {
        lo = lo.max(keys::day_range(keys::day_number(from)).0);
    }
    if let Some(to) = q.to {
        hi = hi.min(keys::day_range(keys::day_number(to)).1);
    }
    if let Some(issue) = q.issue_id {
        let date: Option<String> = conn
            .query_row("SELECT date FROM issues WHERE id = ?1", [issue], |r| {
                r.get(0)
            })
            .optional()?;
        match date.and_then(|d| NaiveDate::parse_from_str(&d, "%Y-%m-%d").ok()) {
            Some(d) => {
                let (a, b) = keys::day_range(keys::day_number(d));
                lo = lo.max(a);
                hi = hi.min(b);
            }
            None => hi = -1,
        }
    }
    Ok((lo, hi))
}

struct Matches {
    /// Sort keys of the page, in order.
    page: Vec<i64>,
    total: u32,
    exact: bool,
    complete: bool,
}

fn find(conn: &Connection, q: &SearchQuery, terms: &[Term]) -> Result<Matches> {
    let (lo, hi) = key_range(conn, q)?;
    let mut cursors: Vec<Cursor> = terms
        .iter()
        .map(|t| {
            let table = if t.is_short() {
                "search_short"
            } else {
                "search_text"
            };
            Cursor::term(table, t.fts_query(), lo, hi)
        })
        .collect();
    let (filter, args) = docs_filter(q);
    cursors.push(Cursor::docs(&filter, args, lo, hi));

    let want = (q.offset + q.limit) as usize;
    let mut work = Work::default();
    let mut count: u32 = 0;
    let mut page: Vec<i64> = Vec::new();
    let mut pool: Vec<(u32, i64)> = Vec::new();
    let mut page_full_at: Option<u64> = None;
    let mut gave_up = false;
    let all = leapfrog(conn, &mut cursors, hi, &mut work, |key, found, work| {
        count += 1;
        match q.order {
            SearchOrder::Newest => {
                if count as usize > q.offset as usize && page.len() < q.limit as usize {
                    page.push(key);
                }
            }
            SearchOrder::Relevance => pool.push((relevance(&found[..found.len() - 1]), key)),
        }
        if count as usize >= want && page_full_at.is_none() {
            page_full_at = Some(work.rows);
        }
        let cap = match q.order {
            SearchOrder::Newest => TOTAL_CAP,
            SearchOrder::Relevance => RELEVANCE_POOL,
        };
        let counted_enough = count >= cap.max(want as u32);
        let counting_too_long = page_full_at.is_some_and(|at| work.rows - at > COUNT_BUDGET_ROWS);
        if work.fetches > FETCH_BUDGET && page_full_at.is_none() {
            gave_up = true;
        }
        if counted_enough || counting_too_long || gave_up {
            Flow::Stop
        } else {
            Flow::Continue
        }
    })?;
    if q.order == SearchOrder::Relevance {
        // stable: equal scores stay newest first
        pool.sort_by_key(|p| std::cmp::Reverse(p.0));
        page = pool
            .iter()
            .skip(q.offset as usize)
            .take(q.limit as usize)
            .map(|p| p.1)
            .collect();
    }
    Ok(Matches {
        page,
        total: count,
        exact: all,
        complete: !gave_up,
    })
}

/// The hit for an article of the page.
fn hit(conn: &Connection, key: i64, terms: &[Term]) -> Result<SearchHit> {
    let mut stmt = conn.prepare_cached(
        "SELECT a.id, a.issue_id, a.kicker, a.title, a.subtitle, a.byline, a.column_name,
                a.body_json, a.status, a.review_level, a.updated_at,
                u.id, u.username, u.display_name, d.page, i.year, i.number
           FROM articles a JOIN users u ON u.id = a.author_id
           LEFT JOIN search_docs d ON d.article_id = a.id
           LEFT JOIN issues i ON i.id = a.issue_id
          WHERE a.id = ?1",
    )?;
    let (mut h, body_json) = stmt.query_row([keys::article_of(key)], |r| {
        let status: String = r.get(8)?;
        let year: Option<i32> = r.get(15)?;
        let number: Option<u32> = r.get(16)?;
        Ok((
            SearchHit {
                article_id: r.get(0)?,
                issue_id: r.get(1)?,
                issue: year.zip(number).map(|(y, n)| format!("{y}年第{n}期")),
                kicker: r.get(2)?,
                title: r.get(3)?,
                subtitle: r.get(4)?,
                byline: r.get(5)?,
                column: r.get(6)?,
                snippet: String::new(),
                snippet_field: String::new(),
                snippet_block: None,
                page: r.get(14)?,
                status: ArticleStatus::parse(&status).unwrap_or(ArticleStatus::Draft),
                review_level: r.get(9)?,
                author: UserRef {
                    id: r.get(11)?,
                    username: r.get(12)?,
                    display_name: r.get(13)?,
                },
                date: keys::date_of_day(keys::day_of(key)),
                updated_at: crate::from_millis(r.get(10)?),
            },
            r.get::<_, String>(7)?,
        ))
    })?;
    let content = ArticleContent {
        kicker: std::mem::take(&mut h.kicker),
        title: std::mem::take(&mut h.title),
        subtitle: std::mem::take(&mut h.subtitle),
        byline: std::mem::take(&mut h.byline),
        column: std::mem::take(&mut h.column),
        body: serde_json::from_str(&body_json)?,
        ..ArticleContent::default()
    };
    let units = text::units(&content);
    // the passage: the body unit with the most terms, else a headline field
    let best = |header: bool| {
        let mut best: Option<(usize, &text::Unit)> = None;
        for u in units.iter().filter(|u| u.field.is_header() == header) {
            let n = text::terms_in(&u.text, terms);
            if n > best.map_or(0, |b| b.0) {
                best = Some((n, u));
            }
        }
        best.map(|b| b.1)
    };
    let unit = best(false).or_else(|| best(true));
    h.snippet = match unit {
        Some(u) => text::snippet(&u.text, terms).unwrap_or_default(),
        None => String::new(),
    };
    // a search by filters alone: the opening of the body
    let unit = unit.or_else(|| {
        (terms.is_empty())
            .then(|| units.iter().find(|u| !u.field.is_header()))
            .flatten()
    });
    if h.snippet.is_empty()
        && let Some(u) = unit
    {
        let cut: String = u.text.chars().take(text::SNIPPET_CHARS).collect();
        let more = u.text.chars().count() > text::SNIPPET_CHARS;
        h.snippet = if more { format!("{cut}…") } else { cut };
    }
    h.snippet_field = unit.map_or("", |u| u.field.as_str()).to_string();
    h.snippet_block = unit.and_then(|u| u.block).map(|b| b as u32);
    drop(units);
    h.kicker = content.kicker;
    h.title = content.title;
    h.subtitle = content.subtitle;
    h.byline = content.byline;
    h.column = content.column;
    Ok(h)
}

impl Store {
    /// Search every article's current text. See [`SearchQuery`] for the
    /// filters and [`text::parse_query`] for what a query means. A query
    /// with nothing to look up answers no hits and a `notice`; an empty
    /// query with filters lists what the filters select.
    pub fn search(&self, q: &SearchQuery) -> Result<SearchResults> {
        let mut q = q.clone();
        q.limit = q.limit.clamp(1, MAX_LIMIT);
        let terms = match text::parse_query(&q.text) {
            Ok(terms) => terms,
            Err(text::QueryProblem::Empty) if q.has_filter() => Vec::new(),
            Err(problem) => return Ok(SearchResults::notice(problem.message_zh())),
        };
        self.snapshot(|conn| {
            conn.set_prepared_statement_cache_capacity(64);
            let found = find(conn, &q, &terms)?;
            let hits = found
                .page
                .iter()
                .map(|&key| hit(conn, key, &terms))
                .collect::<Result<Vec<_>>>()?;
            Ok(SearchResults {
                total: found.total,
                total_exact: found.exact,
                hits,
                terms: terms.into_iter().map(|t| t.text).collect(),
                notice: (!found.complete)
                    .then(|| "检索范围太大，只列出了部分结果，请加上筛选条件".to_string()),
            })
        })
    }

    /// The 栏目 in use (sorted) and every author of an article, for the
    /// search filters.
    pub fn search_options(&self) -> Result<(Vec<String>, Vec<UserRef>)> {
        self.read(|c| {
            let columns = c
                .prepare_cached(
                    "SELECT DISTINCT column_name FROM search_docs
                      WHERE column_name != '' ORDER BY column_name",
                )?
                .query_map([], |r| r.get(0))?
                .collect::<rusqlite::Result<Vec<String>>>()?;
            let authors = c
                .prepare_cached(
                    "SELECT id, username, display_name FROM users
                      WHERE id IN (SELECT DISTINCT author_id FROM search_docs)
                      ORDER BY display_name, username",
                )?
                .query_map([], |r| {
                    Ok(UserRef {
                        id: r.get(0)?,
                        username: r.get(1)?,
                        display_name: r.get(2)?,
                    })
                })?
                .collect::<rusqlite::Result<Vec<_>>>()?;
            Ok((columns, authors))
        })
    }

    /// Build the search index again from every article (also run by the
    /// migration that introduced search). Answers how many articles it
    /// indexed.
    pub fn rebuild_search_index(&self) -> Result<u32> {
        self.write(|tx| index::rebuild(tx))
    }
}
