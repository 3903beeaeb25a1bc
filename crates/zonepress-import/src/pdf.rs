//! Text copied out of a PDF: every printed line ends in a line break, page
//! numbers and running heads sit between the lines, and some extractors put a
//! space between every two Chinese characters. [`clean_pdf_text`] undoes that.
//!
//! The rules, in order:
//! 1. lone page numbers (`3`, `- 3 -`, `第3页`, `第3页 共12页`, `3/12`) are dropped;
//! 2. a short line that recurs (three times, or twice when page numbers were
//!    found) is a running head and is dropped;
//! 3. a line is joined to the one before when the one before is a full line
//!    (close to the usual line width), does not end a sentence (`。！？”…` and
//!    the like) and the line itself is not indented and not a heading; a blank
//!    line always ends a paragraph;
//! 4. spaces between two Chinese characters (or a Chinese character and a
//!    digit) are removed inside paragraphs, but not in short heading-like lines,
//!    where a space separating two phrases of a title is meant; spaces between
//!    Latin words stay.

use std::collections::HashMap;

use crate::chars::{
    ends_sentence, is_blank, is_cjk, is_han, starts_with_chinese_ordinal, trim, width,
};
use crate::types::CleanedText;

/// Clean text pasted from a PDF: join wrapped lines, drop page numbers and
/// running heads, remove spaces between Chinese characters. The result has one
/// paragraph per line.
pub fn clean_pdf_text(text: &str) -> CleanedText {
    let text = text.replace("\r\n", "\n").replace('\r', "\n");
    let raw: Vec<&str> = text
        .split('\n')
        .map(|l| l.trim_end_matches(is_blank))
        .collect();

    // 1. page numbers
    let mut removed_page_numbers = 0;
    let mut lines: Vec<Option<&str>> = raw
        .iter()
        .map(|l| {
            if is_page_number(trim(l)) {
                removed_page_numbers += 1;
                None
            } else {
                Some(*l)
            }
        })
        .collect();

    // 2. running heads
    let mut counts: HashMap<String, usize> = HashMap::new();
    for l in lines.iter().flatten() {
        if let Some(key) = running_head_key(l) {
            *counts.entry(key).or_default() += 1;
        }
    }
    let min_repeats = if removed_page_numbers >= 2 { 2 } else { 3 };
    let mut removed_running_heads = 0;
    for slot in lines.iter_mut() {
        if let Some(l) = slot
            && running_head_key(l).is_some_and(|k| counts[&k] >= min_repeats)
        {
            *slot = None;
            removed_running_heads += 1;
        }
    }
    // a removed line is not a paragraph break: page ends fall mid-paragraph
    let lines: Vec<&str> = lines.into_iter().flatten().collect();

    // 3. join wrapped lines
    let full = full_line_width(&lines);
    let mut paragraphs: Vec<String> = Vec::new();
    let mut joined_lines = 0;
    let mut open = false; // the last paragraph may take the next line
    for line in &lines {
        let t = trim(line);
        if t.is_empty() {
            open = false;
            continue;
        }
        let indented = line.starts_with(['\u{3000}', '\t']) || line.starts_with("  ");
        let heading = is_heading_line(t, full);
        if open && !indented && !heading {
            let last = paragraphs.last_mut().expect("an open paragraph exists");
            if last.ends_with(|c: char| c.is_ascii_alphanumeric())
                && t.starts_with(|c: char| c.is_ascii_alphanumeric())
            {
                last.push(' ');
            }
            last.push_str(t);
            joined_lines += 1;
        } else {
            paragraphs.push(t.to_string());
        }
        let ends = t.chars().last().is_some_and(ends_sentence);
        open = !ends && !heading && full > 0 && width(line) * 10 >= full * 8;
    }

    // 4. stray spaces
    let paragraphs: Vec<String> = paragraphs
        .into_iter()
        .map(|p| {
            if looks_like_heading(&p) {
                p
            } else {
                remove_cjk_spaces(&p)
            }
        })
        .collect();

    CleanedText {
        text: paragraphs.join("\n"),
        joined_lines,
        removed_page_numbers,
        removed_running_heads,
    }
}

/// Does this plain text look like it was copied out of a PDF? Many lines of
/// nearly the same width, few blank lines, many lines ending mid-sentence.
pub fn looks_like_pdf_extraction(text: &str) -> bool {
    let lines: Vec<&str> = text.lines().map(trim).collect();
    let solid: Vec<&str> = lines.iter().copied().filter(|l| !l.is_empty()).collect();
    if solid.len() < 8 {
        return false;
    }
    let blank = lines.len() - solid.len();
    if blank * 5 > solid.len() {
        return false;
    }
    let full = full_line_width(&solid);
    if full < 30 {
        return false;
    }
    let near_full = solid
        .iter()
        .filter(|l| {
            let w = width(l);
            w * 100 >= full * 85 && w * 100 <= full * 110
        })
        .count();
    let open_ended = solid
        .iter()
        .filter(|l| !l.chars().last().is_some_and(ends_sentence))
        .count();
    near_full * 2 >= solid.len() && open_ended * 5 >= solid.len() * 2
}

/// `3`, `- 3 -`, `— 3 —`, `第3页`, `第 3 页 共 12 页`, `3/12`, `3 / 12`, `Page 3`, `Page 3 of 12`.
pub(crate) fn is_page_number(t: &str) -> bool {
    if t.is_empty() || t.chars().count() > 16 {
        return false;
    }
    let s: String = t.chars().filter(|c| !is_blank(*c)).collect();
    let s = s.trim_matches(|c| matches!(c, '-' | '－' | '—' | '–' | '·'));
    let digits = |x: &str| !x.is_empty() && x.len() <= 4 && x.bytes().all(|b| b.is_ascii_digit());
    if digits(s) {
        return true;
    }
    if let Some((a, b)) = s.split_once(['/', '／']) {
        return digits(a) && digits(b);
    }
    if let Some(rest) = s.strip_prefix('第')
        && let Some((n, tail)) = rest.split_once('页')
    {
        if !digits(n) {
            return false;
        }
        if tail.is_empty() {
            return true;
        }
        let tail = tail.trim_start_matches(['，', ',', '/', '／']);
        if let Some(total) = tail.strip_prefix('共').and_then(|t| t.strip_suffix('页')) {
            return digits(total);
        }
        return false;
    }
    let lower = s.to_ascii_lowercase();
    if let Some(rest) = lower.strip_prefix("page") {
        return match rest.split_once("of") {
            Some((a, b)) => digits(a) && digits(b),
            None => digits(rest),
        };
    }
    false
}

/// The comparison key of a line that could be a running head: short, and the
/// same text once its digits (a page number inside the head) are removed.
fn running_head_key(line: &str) -> Option<String> {
    let t = trim(line);
    let n = t.chars().count();
    if n == 0 || n > 30 {
        return None;
    }
    let key: String = t
        .chars()
        .filter(|c| !c.is_ascii_digit() && !is_blank(*c))
        .collect();
    (key.chars().count() >= 2).then_some(key)
}

/// The width of a full printed line: the 80th percentile of line widths.
fn full_line_width(lines: &[&str]) -> usize {
    let mut widths: Vec<usize> = lines
        .iter()
        .map(|l| width(l.trim_end_matches(is_blank)))
        .filter(|w| *w > 0)
        .collect();
    if widths.is_empty() {
        return 0;
    }
    widths.sort_unstable();
    widths[(widths.len() * 8 / 10).min(widths.len() - 1)]
}

/// A heading line: short, does not end a sentence, numbered like a subhead.
fn is_heading_line(t: &str, full: usize) -> bool {
    let w = width(t);
    let short = full == 0 || w * 10 <= full * 7;
    short && !t.chars().last().is_some_and(ends_sentence) && starts_with_chinese_ordinal(t)
}

/// A short line without sentence-ending punctuation: a title or subhead whose
/// inner space is meant.
fn looks_like_heading(p: &str) -> bool {
    let n = p.chars().count();
    n <= 30 && !p.ends_with(['。', '，', '；', '：', '！', '？', '…', ',', '.', ';'])
}

/// Remove ASCII spaces between two Chinese characters, or between a Chinese
/// character and a digit (`2026 年 9 月` → `2026年9月`).
pub(crate) fn remove_cjk_spaces(p: &str) -> String {
    let chars: Vec<char> = p.chars().collect();
    let mut out = String::with_capacity(p.len());
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        if c == ' ' || c == '\u{00A0}' {
            let mut j = i;
            while j < chars.len() && (chars[j] == ' ' || chars[j] == '\u{00A0}') {
                j += 1;
            }
            let prev = out.chars().last();
            let next = chars.get(j).copied();
            let drop = match (prev, next) {
                (Some(a), Some(b)) => {
                    (is_cjk(a) && is_cjk(b))
                        || (is_han(a) && b.is_ascii_digit())
                        || (a.is_ascii_digit() && is_han(b))
                }
                _ => false,
            };
            if !drop {
                out.extend(&chars[i..j]);
            }
            i = j;
        } else {
            out.push(c);
            i += 1;
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn page_numbers() {
        for t in [
            "3",
            "- 3 -",
            "—3—",
            "第3页",
            "第 3 页 共 12 页",
            "3/12",
            "3 / 12",
            "Page 3 of 12",
        ] {
            assert!(is_page_number(t), "{t}");
        }
        for t in ["2026年", "一、总体要求", "3个项目", "第三页", "12345"] {
            assert!(!is_page_number(t), "{t}");
        }
    }

    #[test]
    fn spaces() {
        assert_eq!(
            remove_cjk_spaces("开 发 区 于 2026 年 9 月 召开 ZonePress user group 会议。"),
            "开发区于2026年9月召开 ZonePress user group 会议。"
        );
    }
}
