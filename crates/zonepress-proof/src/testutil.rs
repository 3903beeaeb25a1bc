//! Helpers for the unit tests.

use chrono::NaiveDate;

use crate::{CheckContext, Checker, Finding, RosterEntry, starter_word_list};

pub fn date(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).expect("valid test date")
}

pub fn roster() -> Vec<RosterEntry> {
    let mut v = vec![
        RosterEntry::new("张海峰", "开发区党工委书记"),
        RosterEntry::new("王建国", "开发区党工委副书记"),
        RosterEntry::new("王建国", "管委会主任"),
        RosterEntry::new("陈思远", "管委会副主任"),
        RosterEntry::new("周晓梅", "管委会副主任"),
        RosterEntry::new("李明", "招商局局长"),
    ];
    v.push(RosterEntry {
        valid_to: Some(date(2025, 12, 31)),
        ..RosterEntry::new("刘振华", "管委会主任")
    });
    v
}

pub fn checker() -> Checker {
    Checker::new(&roster(), &starter_word_list())
}

pub fn run(text: &str) -> Vec<Finding> {
    checker().check(text, &CheckContext::default())
}

pub fn run_on(text: &str, issue: NaiveDate) -> Vec<Finding> {
    checker().check(
        text,
        &CheckContext {
            issue_date: Some(issue),
        },
    )
}

/// Findings of one rule as `(start, end, replacement)`.
pub fn of(findings: &[Finding], rule: &str) -> Vec<(usize, usize, Option<String>)> {
    findings
        .iter()
        .filter(|f| f.rule == rule)
        .map(|f| (f.start, f.end, f.replacement.clone()))
        .collect()
}

/// Findings of one rule in `text`, as `(start, end, replacement)`.
pub fn hits(text: &str, rule: &str) -> Vec<(usize, usize, Option<String>)> {
    of(&run(text), rule)
}

/// The char offset of the first occurrence of `needle` in `text`.
pub fn pos(text: &str, needle: &str) -> usize {
    let b = text.find(needle).expect("needle in text");
    text[..b].chars().count()
}

/// Shorthand for a finding with a replacement.
pub fn fix(start: usize, end: usize, r: &str) -> (usize, usize, Option<String>) {
    (start, end, Some(r.to_owned()))
}

/// Shorthand for a finding without a replacement.
pub fn flag(start: usize, end: usize) -> (usize, usize, Option<String>) {
    (start, end, None)
}
