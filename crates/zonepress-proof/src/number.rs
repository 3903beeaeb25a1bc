//! Numbers per GB/T 15835-2011: half-width digits, 〇 in years, one year
//! form per text, the percent sign in ranges.

use crate::model::Severity;
use crate::rule;
use crate::text::{Doc, Sink, chinese_digit, is_break};

pub(crate) fn check(doc: &Doc, out: &mut Sink) {
    fullwidth(doc, out);
    year_zero(doc, out);
    mixed_year(doc, out);
    percent_range(doc, out);
}

fn is_fullwidth_alnum(c: char) -> bool {
    matches!(c, '０'..='９' | 'Ａ'..='Ｚ' | 'ａ'..='ｚ')
}

fn to_halfwidth(c: char) -> char {
    match c {
        '０'..='９' | 'Ａ'..='Ｚ' | 'ａ'..='ｚ' | '．' => {
            char::from_u32(c as u32 - 0xFEE0).unwrap_or(c)
        }
        _ => c,
    }
}

/// `２０２６` → `2026`, `ＡＢＣ` → `ABC`, `３．５` → `3.5`.
fn fullwidth(doc: &Doc, out: &mut Sink) {
    let n = doc.len();
    let mut i = 0;
    while i < n {
        if !is_fullwidth_alnum(doc.chars[i]) {
            i += 1;
            continue;
        }
        let s = i;
        while i < n
            && (is_fullwidth_alnum(doc.chars[i])
                || (doc.chars[i] == '．'
                    && matches!(doc.before(i), '０'..='９')
                    && matches!(doc.at(i + 1), '０'..='９')))
        {
            i += 1;
        }
        let shown = doc.slice(s, i);
        let fixed: String = shown.chars().map(to_halfwidth).collect();
        let digits = shown.chars().all(|c| matches!(c, '０'..='９' | '．'));
        out.push(
            rule::NUMBER_FULLWIDTH,
            Severity::Error,
            s,
            i,
            if digits {
                format!("数字应使用半角形式：“{fixed}”")
            } else {
                format!("数字和外文字母应使用半角形式：“{fixed}”")
            },
            format!("Use half-width digits and letters: “{fixed}”"),
            Some(fixed),
        );
    }
}

/// Stand-ins people type for 〇 in a year.
fn is_wrong_zero(c: char) -> bool {
    matches!(c, '0' | 'O' | 'o' | 'Ｏ' | '０' | '○' | '◯' | '零')
}

/// `二0二六年`, `二O二六年`, `二○二六年` → `二〇二六年`; `二零二六年` is a
/// warning (common in speech, not the standard form).
fn year_zero(doc: &Doc, out: &mut Sink) {
    for y in 0..doc.len() {
        if doc.chars[y] != '年' || y < 4 {
            continue;
        }
        let s = y - 4;
        let run = &doc.chars[s..y];
        let yearish = |c: char| is_wrong_zero(c) || chinese_digit(c).is_some();
        if !run.iter().all(|&c| yearish(c)) {
            continue;
        }
        let p = doc.before(s);
        if yearish(p) || p.is_ascii_alphanumeric() {
            continue;
        }
        let numerals = run.iter().any(|&c| {
            matches!(
                c,
                '一' | '二' | '三' | '四' | '五' | '六' | '七' | '八' | '九'
            )
        });
        let wrong: Vec<char> = run.iter().copied().filter(|&c| is_wrong_zero(c)).collect();
        if !numerals || wrong.is_empty() {
            continue;
        }
        let only_ling = wrong.iter().all(|&c| c == '零');
        let fixed: String = run
            .iter()
            .map(|&c| if is_wrong_zero(c) { '〇' } else { c })
            .collect();
        let shown: String = run.iter().collect();
        out.push(
            rule::NUMBER_YEAR_ZERO,
            if only_ling {
                Severity::Warning
            } else {
                Severity::Error
            },
            s,
            y,
            format!("汉字数字年份中的零应写作“〇”：“{shown}”应为“{fixed}”"),
            format!("A year in Chinese numerals writes zero as “〇”: “{fixed}”"),
            Some(fixed),
        );
    }
}

struct Year {
    start: usize,
    value: u32,
    chinese: bool,
}

fn to_chinese_year(v: u32) -> String {
    v.to_string()
        .chars()
        .map(|d| match d {
            '0' => '〇',
            '1' => '一',
            '2' => '二',
            '3' => '三',
            '4' => '四',
            '5' => '五',
            '6' => '六',
            '7' => '七',
            '8' => '八',
            '9' => '九',
            other => other,
        })
        .collect()
}

/// Years written as `二〇二六年` and as `2026年` in the same text: the
/// less frequent form is flagged (Chinese numerals on a tie). Titles quoted
/// in 《》 keep their own form.
fn mixed_year(doc: &Doc, out: &mut Sink) {
    let mut years: Vec<Year> = Vec::new();
    let mut book = 0usize;
    for y in 0..doc.len() {
        match doc.chars[y] {
            '《' => book += 1,
            '》' => book = book.saturating_sub(1),
            c if is_break(c) => book = 0,
            '年' if book == 0 && y >= 4 => {
                let s = y - 4;
                let run = &doc.chars[s..y];
                let p = doc.before(s);
                if run.iter().all(|c| c.is_ascii_digit())
                    && matches!(run[0], '1' | '2')
                    && !p.is_ascii_digit()
                    && p != '.'
                {
                    let value = run
                        .iter()
                        .fold(0, |v, c| v * 10 + c.to_digit(10).unwrap_or(0));
                    years.push(Year {
                        start: s,
                        value,
                        chinese: false,
                    });
                } else if run.iter().all(|&c| c != '零' && chinese_digit(c).is_some())
                    && matches!(run[0], '一' | '二')
                    && chinese_digit(p).is_none()
                {
                    let value = run
                        .iter()
                        .fold(0, |v, &c| v * 10 + chinese_digit(c).unwrap_or(0));
                    years.push(Year {
                        start: s,
                        value,
                        chinese: true,
                    });
                }
            }
            _ => {}
        }
    }
    let chinese = years.iter().filter(|y| y.chinese).count();
    let arabic = years.len() - chinese;
    if chinese == 0 || arabic == 0 {
        return;
    }
    let flag_chinese = chinese <= arabic;
    for y in years.iter().filter(|y| y.chinese == flag_chinese) {
        let (fixed, zh, en) = if flag_chinese {
            (
                y.value.to_string(),
                "本文年份多用阿拉伯数字，此处为汉字数字，宜统一",
                "Most years in this text use Arabic digits; this one uses Chinese numerals",
            )
        } else {
            (
                to_chinese_year(y.value),
                "本文年份多用汉字数字，此处为阿拉伯数字，宜统一",
                "Most years in this text use Chinese numerals; this one uses Arabic digits",
            )
        };
        out.push(
            rule::NUMBER_MIXED_YEAR,
            Severity::Warning,
            y.start,
            y.start + 4,
            zh.to_owned(),
            en.to_owned(),
            Some(fixed),
        );
    }
}

/// The end of an ASCII number (digits with at most one decimal point)
/// starting at `i`, if one starts there.
fn number_end(doc: &Doc, i: usize) -> Option<usize> {
    let mut j = i;
    while doc.at(j).is_ascii_digit() {
        j += 1;
    }
    if j == i {
        return None;
    }
    if doc.at(j) == '.' && doc.at(j + 1).is_ascii_digit() {
        j += 1;
        while doc.at(j).is_ascii_digit() {
            j += 1;
        }
    }
    Some(j)
}

/// `5～8%` → `5%～8%`: a percentage range keeps both percent signs.
fn percent_range(doc: &Doc, out: &mut Sink) {
    let n = doc.len();
    let mut i = 0;
    while i < n {
        let c = doc.chars[i];
        let p = doc.before(i);
        if !c.is_ascii_digit() || p.is_ascii_alphanumeric() || p == '.' || p == '%' {
            i += 1;
            continue;
        }
        let Some(e1) = number_end(doc, i) else {
            i += 1;
            continue;
        };
        let conn = doc.at(e1);
        if matches!(conn, '-' | '~' | '～' | '—' | '–')
            && let Some(e2) = number_end(doc, e1 + 1)
            && matches!(doc.at(e2), '%' | '％')
            && !doc.at(e2 + 1).is_ascii_digit()
        {
            let pct = doc.at(e2);
            let shown = doc.slice(i, e2 + 1);
            let fixed = format!("{}{pct}{}", doc.slice(i, e1), doc.slice(e1, e2 + 1));
            out.push(
                rule::NUMBER_PERCENT_RANGE,
                Severity::Warning,
                i,
                e2 + 1,
                format!("百分数范围的前一个数值也应带百分号：“{shown}”宜写作“{fixed}”"),
                format!("Both ends of a percentage range take the percent sign: “{fixed}”"),
                Some(fixed),
            );
            i = e2 + 1;
            continue;
        }
        i = e1;
    }
}

#[cfg(test)]
mod tests;
