//! Dates written `M月D日` (Arabic or Chinese numerals): days that do not
//! exist, and datelines outside the issue's month and the month before.

use chrono::{Datelike, NaiveDate};

use crate::model::{CheckContext, Severity};
use crate::rule;
use crate::text::{Doc, Sink, chinese_digit};

/// A number of one or two ASCII digits ending at `end` (exclusive), not
/// part of a longer number.
fn arabic_before(doc: &Doc, end: usize) -> Option<(usize, u32)> {
    let mut s = end;
    while s > 0 && end - s < 3 && doc.chars[s - 1].is_ascii_digit() {
        s -= 1;
    }
    let len = end - s;
    if len == 0 || len > 2 || doc.before(s).is_ascii_digit() || doc.before(s) == '.' {
        return None;
    }
    Some((s, parse_ascii(&doc.chars[s..end])))
}

fn parse_ascii(digits: &[char]) -> u32 {
    digits
        .iter()
        .fold(0, |v, c| v * 10 + c.to_digit(10).unwrap_or(0))
}

/// A number of one or two ASCII digits starting at `start`.
fn arabic_after(doc: &Doc, start: usize) -> Option<(usize, u32)> {
    let mut e = start;
    while e < doc.len() && e - start < 3 && doc.chars[e].is_ascii_digit() {
        e += 1;
    }
    let len = e - start;
    if len == 0 || len > 2 {
        return None;
    }
    Some((e, parse_ascii(&doc.chars[start..e])))
}

fn is_cn_num(c: char) -> bool {
    c == '十' || matches!(chinese_digit(c), Some(1..=9))
}

/// Value of 一…九, 十, 十一…十九, 二十…三十九 (nothing larger is a day or month).
fn parse_chinese(s: &[char]) -> Option<u32> {
    let d = |c: char| chinese_digit(c).filter(|&v| v > 0);
    match s {
        [a] if *a == '十' => Some(10),
        [a] => d(*a),
        ['十', b] => Some(10 + d(*b)?),
        [a, '十'] => Some(d(*a)? * 10),
        [a, '十', b] => Some(d(*a)? * 10 + d(*b)?),
        _ => None,
    }
}

fn chinese_before(doc: &Doc, end: usize) -> Option<(usize, u32)> {
    let mut s = end;
    while s > 0 && end - s < 4 && is_cn_num(doc.chars[s - 1]) {
        s -= 1;
    }
    if s == end || is_cn_num(doc.before(s)) || doc.before(s) == '〇' {
        return None;
    }
    Some((s, parse_chinese(&doc.chars[s..end])?))
}

fn chinese_after(doc: &Doc, start: usize) -> Option<(usize, u32)> {
    let mut e = start;
    while e < doc.len() && e - start < 4 && is_cn_num(doc.chars[e]) {
        e += 1;
    }
    if e == start {
        return None;
    }
    Some((e, parse_chinese(&doc.chars[start..e])?))
}

fn days_in_month(year: Option<i32>, month: u32) -> u32 {
    match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        _ => match year {
            Some(y) if NaiveDate::from_ymd_opt(y, 2, 29).is_none() => 28,
            _ => 29,
        },
    }
}

/// Words just before a date that make it a plan, a deadline, a range end or
/// a date of another year: those are not datelines.
const NOT_DATELINE_BEFORE: &[&str] = &[
    "将", "定于", "拟", "计划", "预计", "预定", "截至", "截止", "至", "到", "—", "～", "~", "-",
    "农历", "阴历",
];
/// Words just after a date with the same effect.
const NOT_DATELINE_AFTER: &[&str] = &[
    "前", "起", "以前", "之前", "以后", "之后", "后", "为止", "开始", "至", "到", "—", "～", "~",
    "-", "止",
];

fn window_has(doc: &Doc, start: usize, end: usize, words: &[&str]) -> bool {
    let window = doc.slice(start, end);
    words.iter().any(|w| window.contains(w))
}

fn starts_with_any(doc: &Doc, at: usize, words: &[&str]) -> bool {
    words
        .iter()
        .any(|w| w.chars().enumerate().all(|(k, c)| doc.at(at + k) == c))
}

/// Whether the clause after a date announces a plan (11月5日，开发区将召开……).
fn plan_follows(doc: &Doc, from: usize) -> bool {
    doc.chars[from..(from + 12).min(doc.len())]
        .iter()
        .take_while(|&&c| !matches!(c, '。' | '；' | '！' | '？') && !crate::text::is_break(c))
        .any(|&c| c == '将')
}

pub(crate) fn check(doc: &Doc, ctx: &CheckContext, out: &mut Sink) {
    for m in 0..doc.len() {
        if doc.chars[m] != '月' {
            continue;
        }
        let (month_start, month, arabic) = match arabic_before(doc, m) {
            Some((s, v)) => (s, v, true),
            None => match chinese_before(doc, m) {
                Some((s, v)) => (s, v, false),
                None => continue,
            },
        };
        let day = if arabic {
            arabic_after(doc, m + 1)
        } else {
            chinese_after(doc, m + 1)
        };
        let Some((day_end, day)) = day else { continue };
        if doc.at(day_end) != '日' {
            continue;
        }
        let end = day_end + 1;
        // An explicit year: 2026年9月20日.
        let year_mark = month_start > 0 && doc.chars[month_start - 1] == '年';
        let year = if year_mark && month_start >= 5 {
            let ys = month_start - 5;
            let y = &doc.chars[ys..month_start - 1];
            (y.iter().all(|c| c.is_ascii_digit()) && !doc.before(ys).is_ascii_digit())
                .then(|| parse_ascii(y) as i32)
        } else {
            None
        };
        let inferred_year = year.or_else(|| {
            ctx.issue_date.map(|d| {
                if month > d.month() {
                    d.year() - 1
                } else {
                    d.year()
                }
            })
        });
        let shown = doc.slice(month_start, end);
        if !(1..=12).contains(&month) || day == 0 || day > days_in_month(inferred_year, month) {
            let why = if (1..=12).contains(&month) {
                format!("{month}月没有{day}日")
            } else {
                "月份应在1至12之间".to_owned()
            };
            out.push(
                rule::DATE_INVALID,
                Severity::Error,
                month_start,
                end,
                format!("日期“{shown}”不存在：{why}"),
                format!("The date “{shown}” does not exist"),
                None,
            );
            continue;
        }
        let Some(issue) = ctx.issue_date else {
            continue;
        };
        if year_mark {
            continue; // dated explicitly (2025年…, 去年…, 每年…)
        }
        let (im, pm) = (
            issue.month(),
            if issue.month() == 1 {
                12
            } else {
                issue.month() - 1
            },
        );
        if month == im || month == pm {
            continue;
        }
        let line = doc.lines[doc.line_of(month_start)];
        let mut before_from = month_start.saturating_sub(6).max(line.0);
        if let Some(k) = doc.chars[before_from..month_start]
            .iter()
            .rposition(|&c| matches!(c, '。' | '！' | '？' | '；'))
        {
            before_from += k + 1;
        }
        if window_has(doc, before_from, month_start, NOT_DATELINE_BEFORE)
            || starts_with_any(doc, end, NOT_DATELINE_AFTER)
            || plan_follows(doc, end)
        {
            continue;
        }
        out.push(
            rule::DATE_OUT_OF_PERIOD,
            Severity::Warning,
            month_start,
            end,
            format!(
                "日期“{shown}”不在本期（{}年{}月）及上月范围内，请核实",
                issue.year(),
                issue.month()
            ),
            format!(
                "The date “{shown}” is outside the issue's month ({}-{:02}) and the month before; please verify",
                issue.year(),
                issue.month()
            ),
            None,
        );
    }
}

#[cfg(test)]
mod tests;
