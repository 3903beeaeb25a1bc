//! Finding the articles that match every term and every filter, newest
//! first, reading no more of the index than the answer needs.
//!
//! Each term is a cursor over its index (the trigram table for three
//! characters or more, the short table for one or two), and the filters are
//! one more cursor over `search_docs`. All of them walk article sort keys
//! from newest to oldest; a leapfrog join moves each cursor to the key the
//! others reached, so a rare term or a narrow filter steers the search and a
//! common term costs no more than the page it fills. Rows come in batches
//! that double with each fetch; the filters' cursor starts small again
//! after a jump.

use rusqlite::Connection;
use rusqlite::types::Value;

use super::keys::{UNIT_BITS, unit_field};
use super::text::Field;
use crate::Result;

const FIRST_BATCH: i64 = 64;
const MAX_BATCH: i64 = 4096;

/// What one cursor knows about the article it stands on.
#[derive(Debug, Clone, Copy, Default)]
pub(crate) struct Found {
    pub key: i64,
    /// Bit `f` set when a unit of field `f` matched.
    pub fields: u8,
    /// Matching body paragraphs.
    pub body_units: u16,
}

impl Found {
    pub fn has(&self, field: Field) -> bool {
        self.fields & (1 << field as u8) != 0
    }
}

/// How much reading a search has done (to bound the work spent counting).
#[derive(Debug, Default)]
pub(crate) struct Work {
    pub rows: u64,
    pub fetches: u64,
}

enum Source {
    /// Units of the index `table` matching an FTS5 query.
    Term { sql: String, query: String },
    /// Sort keys of `search_docs` passing the filters.
    Docs { sql: String, args: Vec<Value> },
}

pub(crate) struct Cursor {
    source: Source,
    /// 16 for unit row ids (key << 16 | unit), 0 for sort keys.
    shift: u32,
    lo: i64,
    buf: Vec<i64>,
    pos: usize,
    /// Upper bound (row id) of the next fetch.
    next_hi: i64,
    /// Nothing at or below `next_hi` is left to fetch.
    done: bool,
    batch: i64,
    current: Option<Found>,
}

impl Cursor {
    /// Units of `table` matching `query`, for sort keys in `lo..=hi`.
    pub fn term(table: &'static str, query: String, lo: i64, hi: i64) -> Cursor {
        let sql = format!(
            "SELECT rowid FROM {table} WHERE {table} MATCH ?1 AND rowid BETWEEN ?2 AND ?3
              ORDER BY rowid DESC LIMIT ?4"
        );
        Cursor::new(Source::Term { sql, query }, UNIT_BITS, lo, hi)
    }

    /// Sort keys in `lo..=hi` of the articles passing `filter` (an SQL
    /// condition on `search_docs` whose parameters start at `?4`).
    pub fn docs(filter: &str, args: Vec<Value>, lo: i64, hi: i64) -> Cursor {
        let sql = format!(
            "SELECT sort_key FROM search_docs WHERE sort_key BETWEEN ?1 AND ?2 {filter}
              ORDER BY sort_key DESC LIMIT ?3"
        );
        Cursor::new(Source::Docs { sql, args }, 0, lo, hi)
    }

    fn new(source: Source, shift: u32, lo: i64, hi: i64) -> Cursor {
        let low_bits = (1i64 << shift) - 1;
        Cursor {
            source,
            shift,
            lo: lo << shift,
            buf: Vec::new(),
            pos: 0,
            next_hi: (hi << shift) | low_bits,
            done: hi < lo,
            batch: FIRST_BATCH,
            current: None,
        }
    }

    fn fetch(&mut self, conn: &Connection, hi: i64, work: &mut Work) -> Result<()> {
        if hi < self.next_hi && matches!(self.source, Source::Docs { .. }) {
            // the filters jump to where a term matched: few of their rows
            // will be read straight on (a term's query costs more to start
            // than a few thousand of its rows, so its batches keep growing)
            self.batch = FIRST_BATCH;
        }
        self.buf.clear();
        self.pos = 0;
        if hi < self.lo {
            self.done = true;
            return Ok(());
        }
        match &self.source {
            Source::Term { sql, query } => {
                let mut stmt = conn.prepare_cached(sql)?;
                let rows = stmt
                    .query_map(rusqlite::params![query, self.lo, hi, self.batch], |r| {
                        r.get::<_, i64>(0)
                    })?;
                for r in rows {
                    self.buf.push(r?);
                }
            }
            Source::Docs { sql, args } => {
                let mut stmt = conn.prepare_cached(sql)?;
                let mut params: Vec<&dyn rusqlite::ToSql> = vec![&self.lo, &hi, &self.batch];
                params.extend(args.iter().map(|a| a as &dyn rusqlite::ToSql));
                let rows = stmt.query_map(params.as_slice(), |r| r.get::<_, i64>(0))?;
                for r in rows {
                    self.buf.push(r?);
                }
            }
        }
        work.fetches += 1;
        work.rows += self.buf.len() as u64;
        match self.buf.last() {
            Some(&last) if (self.buf.len() as i64) == self.batch => self.next_hi = last - 1,
            _ => self.done = true,
        }
        self.batch = (self.batch * 2).min(MAX_BATCH);
        Ok(())
    }

    /// The newest article at or below sort key `key` that this cursor
    /// matches. Keys asked for never increase, so asking again for the same
    /// key reads nothing.
    pub fn seek(&mut self, conn: &Connection, key: i64, work: &mut Work) -> Result<Option<Found>> {
        if let Some(c) = self.current
            && c.key <= key
        {
            return Ok(Some(c));
        }
        let key_top = (key << self.shift) | ((1i64 << self.shift) - 1);
        // find the first row at or below the key
        loop {
            while self.pos < self.buf.len() && self.buf[self.pos] > key_top {
                self.pos += 1;
            }
            if self.pos < self.buf.len() {
                break;
            }
            if self.done {
                self.current = None;
                return Ok(None);
            }
            let hi = self.next_hi.min(key_top);
            self.fetch(conn, hi, work)?;
        }
        // gather the article's matching units (they may run into the next batch)
        let k = self.buf[self.pos] >> self.shift;
        let mut found = Found {
            key: k,
            ..Found::default()
        };
        loop {
            while self.pos < self.buf.len() && self.buf[self.pos] >> self.shift == k {
                if self.shift > 0 {
                    let field = unit_field(self.buf[self.pos]);
                    found.fields |= 1 << field as u8;
                    if field == Field::Body {
                        found.body_units = found.body_units.saturating_add(1);
                    }
                }
                self.pos += 1;
            }
            if self.pos < self.buf.len() || self.done {
                break;
            }
            let hi = self.next_hi;
            self.fetch(conn, hi, work)?;
        }
        self.current = Some(found);
        Ok(Some(found))
    }
}

/// Whether to go on after a match.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Flow {
    Continue,
    Stop,
}

/// Walk the sort keys all `cursors` agree on, newest first, calling `each`
/// with the key and what each cursor found there. Answers true when every
/// match was visited, false when `each` stopped early.
pub(crate) fn leapfrog(
    conn: &Connection,
    cursors: &mut [Cursor],
    hi: i64,
    work: &mut Work,
    mut each: impl FnMut(i64, &[Found], &Work) -> Flow,
) -> Result<bool> {
    let n = cursors.len();
    if n == 0 {
        return Ok(true);
    }
    let mut found = vec![Found::default(); n];
    let mut bound = hi;
    loop {
        let mut key = bound;
        let mut agreeing = 0;
        let mut i = 0;
        while agreeing < n {
            let Some(f) = cursors[i].seek(conn, key, work)? else {
                return Ok(true);
            };
            if f.key == key {
                agreeing += 1;
            } else {
                key = f.key;
                agreeing = 1;
            }
            found[i] = f;
            i = (i + 1) % n;
        }
        if each(key, &found, work) == Flow::Stop {
            return Ok(false);
        }
        bound = key - 1;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Cursors over plain tables behave like the FTS ones (same row ids).
    fn conn_with(rows: &[(&str, &[i64])]) -> Connection {
        let c = Connection::open_in_memory().unwrap();
        c.execute_batch("CREATE TABLE search_docs (sort_key INTEGER PRIMARY KEY, status TEXT);")
            .unwrap();
        for (table, ids) in rows {
            c.execute_batch(&format!(
                "CREATE VIRTUAL TABLE {table} USING fts5(t, content='', contentless_delete=1);"
            ))
            .unwrap();
            for id in *ids {
                c.execute(
                    &format!("INSERT INTO {table} (rowid, t) VALUES (?1, 'x')"),
                    [id],
                )
                .unwrap();
            }
        }
        c
    }

    #[test]
    fn leapfrog_finds_keys_common_to_all_cursors_newest_first() {
        let unit = |key: i64, u: i64| (key << UNIT_BITS) | u;
        let a: Vec<i64> = (1..=300).map(|k| unit(k, 5)).collect();
        let b: Vec<i64> = [7, 150, 151, 299]
            .iter()
            .flat_map(|&k| [unit(k, 1), unit(k, 5 | (1 << 3)), unit(k, 5 | (2 << 3))])
            .collect();
        let c = conn_with(&[("ta", &a), ("tb", &b)]);
        for k in [7, 150, 151, 200, 299] {
            c.execute("INSERT INTO search_docs VALUES (?1, 'draft')", [k])
                .unwrap();
        }
        let mut cursors = vec![
            Cursor::term("ta", "x".into(), 0, 1000),
            Cursor::term("tb", "x".into(), 0, 1000),
            Cursor::docs("", vec![], 0, 1000),
        ];
        let mut work = Work::default();
        let mut keys = Vec::new();
        let all = leapfrog(&c, &mut cursors, 1000, &mut work, |k, f, _| {
            assert!(f[1].has(Field::Title));
            assert_eq!(f[1].body_units, 2);
            keys.push(k);
            Flow::Continue
        })
        .unwrap();
        assert!(all);
        assert_eq!(keys, vec![299, 151, 150, 7]);
        // a range and an early stop
        let mut cursors = vec![
            Cursor::term("ta", "x".into(), 100, 200),
            Cursor::term("tb", "x".into(), 100, 200),
        ];
        let mut keys = Vec::new();
        let all = leapfrog(&c, &mut cursors, 200, &mut work, |k, _, _| {
            keys.push(k);
            Flow::Stop
        })
        .unwrap();
        assert!(!all);
        assert_eq!(keys, vec![151]);
    }
}
