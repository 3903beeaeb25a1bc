//! How articles and their units are numbered in the index.
//!
//! An article's *sort key* is its date (the date, or the day it was
//! written when it is in no issue) in days since 1970, then its id:
//! `day << 31 | article_id`. A unit's row id in both FTS tables is
//! `sort_key << 16 | unit`, and `unit` is `n << 3 | field`. So the index's
//! own row order is the results' order (newest issue first, newer articles
//! first within a day), and a cursor can stop after the page it needs.
//! Editing an article keeps its key; moving it to another issue or changing
//! the date gives it a new one (its units are written again).

use chrono::{Datelike, NaiveDate};
use zonepress_core::Id;

use super::text::Field;

/// Bits of the unit number in a row id.
pub const UNIT_BITS: u32 = 16;
/// Bits of the article id in a sort key.
pub const ID_BITS: u32 = 31;
const ID_MASK: i64 = (1 << ID_BITS) - 1;
/// Body units per article (`n` is 13 bits; an article has at most 5,000 blocks).
pub const MAX_UNIT_N: i64 = (1 << (UNIT_BITS - 3)) - 1;
/// Days after 1970 a sort key can hold (16 bits: until 2149).
const MAX_DAY: i64 = (1 << 16) - 1;

/// The largest sort key.
pub const MAX_KEY: i64 = (MAX_DAY << ID_BITS) | ID_MASK;

/// Days since 1970-01-01, kept within what a key holds.
pub fn day_number(date: NaiveDate) -> i64 {
    i64::from(date.num_days_from_ce() - 719_163).clamp(0, MAX_DAY)
}

pub fn date_of_day(day: i64) -> NaiveDate {
    NaiveDate::from_num_days_from_ce_opt(day as i32 + 719_163).unwrap_or_default()
}

/// `None` for an id beyond what a key holds (two billion articles).
pub fn sort_key(date: NaiveDate, article_id: Id) -> Option<i64> {
    (0..=ID_MASK)
        .contains(&article_id)
        .then(|| (day_number(date) << ID_BITS) | article_id)
}

/// The first and last sort key of a day.
pub fn day_range(day: i64) -> (i64, i64) {
    (day << ID_BITS, (day << ID_BITS) | ID_MASK)
}

pub fn article_of(key: i64) -> Id {
    key & ID_MASK
}

pub fn day_of(key: i64) -> i64 {
    key >> ID_BITS
}

pub fn unit_number(field: Field, n: i64) -> i64 {
    (n << 3) | field as i64
}

pub fn rowid(key: i64, unit: i64) -> i64 {
    (key << UNIT_BITS) | unit
}

/// The field of a unit (from a unit number or a row id).
pub fn unit_field(unit_or_rowid: i64) -> Field {
    Field::from_bits(unit_or_rowid & 7).unwrap_or(Field::Body)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_order_by_day_then_article_and_round_trip() {
        let d = |y, m, day| NaiveDate::from_ymd_opt(y, m, day).unwrap();
        let a = sort_key(d(2026, 11, 30), 5).unwrap();
        let b = sort_key(d(2026, 11, 30), 6).unwrap();
        let c = sort_key(d(2026, 12, 1), 1).unwrap();
        assert!(a < b && b < c);
        assert_eq!(article_of(c), 1);
        assert_eq!(date_of_day(day_of(a)), d(2026, 11, 30));
        assert_eq!(day_number(d(1970, 1, 1)), 0);
        assert_eq!(day_number(d(1900, 1, 1)), 0);
        assert!(sort_key(d(2026, 1, 1), 1 << 31).is_none());
        let top = rowid(MAX_KEY, unit_number(Field::Caption, MAX_UNIT_N));
        assert!(top > 0, "row ids stay positive");
        assert_eq!(unit_field(top), Field::Caption);
        assert_eq!(top >> UNIT_BITS, MAX_KEY);
    }
}
