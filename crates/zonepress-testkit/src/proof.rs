//! The proofreading fixtures: the roster of officials and the clean corpus
//! written for one issue.

use chrono::NaiveDate;
use zonepress_proof::RosterEntry;

pub const ROSTER_TSV: &str = include_str!("../../zonepress-proof/tests/fixtures/roster.tsv");
pub const CLEAN: &str = include_str!("../../zonepress-proof/tests/corpus/clean.txt");

/// The issue the clean corpus was written for (2026年第10期).
pub fn issue_date() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 10, 15).expect("valid date")
}

/// `name<TAB>title<TAB>valid_from<TAB>valid_to`, `#` starts a comment.
pub fn roster() -> Vec<RosterEntry> {
    let date = |s: Option<&str>| {
        s.map(str::trim)
            .filter(|s| !s.is_empty())
            .map(|s| NaiveDate::parse_from_str(s, "%Y-%m-%d").expect("roster date"))
    };
    ROSTER_TSV
        .lines()
        .filter(|l| !l.trim().is_empty() && !l.starts_with('#'))
        .map(|l| {
            let mut f = l.split('\t');
            RosterEntry {
                name: f.next().unwrap_or_default().trim().to_owned(),
                title: f.next().unwrap_or_default().trim().to_owned(),
                valid_from: date(f.next()),
                valid_to: date(f.next()),
                rank: None,
            }
        })
        .collect()
}
