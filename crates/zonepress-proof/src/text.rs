//! The checked text as the rules see it: a vector of chars with its lines,
//! character classes, and the sink that collects findings.

use crate::model::{Finding, Severity};
use crate::rule;
pub(crate) use zonepress_core::chars::{is_break, is_cjk, is_cjk_punct, is_han, is_space};

/// A text prepared once per `check` call and shared by every rule.
pub(crate) struct Doc<'a> {
    pub text: &'a str,
    pub chars: Vec<char>,
    /// `(start, end)` char ranges of the lines, without the line break.
    pub lines: Vec<(usize, usize)>,
    /// Sorted, disjoint char ranges of URLs and e-mail addresses.
    protected: Vec<(usize, usize)>,
}

impl<'a> Doc<'a> {
    pub fn new(text: &'a str) -> Doc<'a> {
        let chars: Vec<char> = text.chars().collect();
        let mut lines = Vec::new();
        let mut start = 0;
        for (i, &c) in chars.iter().enumerate() {
            if is_break(c) {
                lines.push((start, i));
                start = i + 1;
            }
        }
        lines.push((start, chars.len()));
        let protected = find_protected(&chars);
        Doc {
            text,
            chars,
            lines,
            protected,
        }
    }

    pub fn len(&self) -> usize {
        self.chars.len()
    }

    /// The char at `i`, or NUL outside the text (NUL is in no class).
    pub fn at(&self, i: usize) -> char {
        self.chars.get(i).copied().unwrap_or('\0')
    }

    /// The char before `i`, or NUL at the start.
    pub fn before(&self, i: usize) -> char {
        if i == 0 { '\0' } else { self.at(i - 1) }
    }

    /// Turns byte offsets that start a char (or `text.len()`), asked in
    /// increasing order as a search finds them, into char offsets.
    pub fn cursor(&self) -> CharCursor<'a> {
        CharCursor {
            text: self.text.as_bytes(),
            byte: 0,
            char: 0,
        }
    }

    pub fn is_protected(&self, i: usize) -> bool {
        let k = self.protected.partition_point(|&(_, end)| end <= i);
        self.protected.get(k).is_some_and(|&(s, _)| s <= i)
    }

    /// The nearest char left of `i` on the same line, skipping spaces.
    pub fn left(&self, i: usize) -> Option<char> {
        let mut j = i;
        while j > 0 {
            j -= 1;
            let c = self.chars[j];
            if is_break(c) {
                return None;
            }
            if !is_space(c) {
                return Some(c);
            }
        }
        None
    }

    /// The nearest char right of `i` on the same line, skipping spaces.
    pub fn right(&self, i: usize) -> Option<char> {
        let mut j = i + 1;
        while j < self.chars.len() {
            let c = self.chars[j];
            if is_break(c) {
                return None;
            }
            if !is_space(c) {
                return Some(c);
            }
            j += 1;
        }
        None
    }

    pub fn slice(&self, start: usize, end: usize) -> String {
        self.chars[start..end].iter().collect()
    }

    /// Index of the line that holds char `i`.
    pub fn line_of(&self, i: usize) -> usize {
        self.lines.partition_point(|&(_, end)| end < i)
    }
}

pub(crate) fn opt_cjk(c: Option<char>) -> bool {
    c.is_some_and(is_cjk)
}

pub(crate) fn opt_ascii_alnum(c: Option<char>) -> bool {
    c.is_some_and(|c| c.is_ascii_alphanumeric())
}

/// Chinese numerals used for years and small numbers.
pub(crate) fn chinese_digit(c: char) -> Option<u32> {
    Some(match c {
        '〇' | '零' => 0,
        '一' => 1,
        '二' => 2,
        '三' => 3,
        '四' => 4,
        '五' => 5,
        '六' => 6,
        '七' => 7,
        '八' => 8,
        '九' => 9,
        _ => return None,
    })
}

/// URLs (`http://`, `https://`, `www.`) and e-mail addresses, as char ranges.
/// Punctuation rules leave these alone.
fn find_protected(chars: &[char]) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    let mut i = 0;
    let n = chars.len();
    while i < n {
        let c = chars[i];
        if !c.is_ascii_graphic() {
            i += 1;
            continue;
        }
        let start = i;
        while i < n && chars[i].is_ascii_graphic() {
            i += 1;
        }
        let token = &chars[start..i];
        let has = |pat: &[u8]| {
            token.windows(pat.len()).any(|w| {
                w.iter()
                    .zip(pat)
                    .all(|(&c, &p)| c.to_ascii_lowercase() == char::from(p))
            })
        };
        let is_url = has(b"://") || has(b"www.");
        let is_mail = token
            .iter()
            .position(|&c| c == '@')
            .is_some_and(|at| at > 0 && token[at + 1..].contains(&'.'));
        if is_url || is_mail {
            // A sentence may end right after the address.
            let mut end = i;
            while end > start && matches!(chars[end - 1], '.' | ',' | ';' | ':' | '!' | '?' | ')') {
                end -= 1;
            }
            out.push((start, end));
        }
    }
    out
}

/// Char offsets of byte offsets, counting on from the last one asked.
pub(crate) struct CharCursor<'a> {
    text: &'a [u8],
    byte: usize,
    char: usize,
}

impl CharCursor<'_> {
    /// The char offset of `byte` (a char boundary or the text's end).
    pub fn at(&mut self, byte: usize) -> usize {
        if byte < self.byte {
            // Asked out of order: count from the start again.
            self.byte = 0;
            self.char = 0;
        }
        // Every byte that is not a UTF-8 continuation byte starts a char.
        self.char += self.text[self.byte..byte]
            .iter()
            .filter(|&&b| (b as i8) >= -0x40)
            .count();
        self.byte = byte;
        self.char
    }
}

/// Collects findings and keeps their offsets honest.
pub(crate) struct Sink {
    pub findings: Vec<Finding>,
    len: usize,
}

impl Sink {
    pub fn new(len: usize) -> Sink {
        Sink {
            findings: Vec::new(),
            len,
        }
    }

    #[allow(clippy::too_many_arguments)]
    pub fn push(
        &mut self,
        rule_id: &str,
        severity: Severity,
        start: usize,
        end: usize,
        message_zh: String,
        message_en: String,
        replacement: Option<String>,
    ) {
        let end = end.min(self.len);
        let start = start.min(end);
        self.findings.push(Finding {
            rule: rule_id.to_owned(),
            rule_name_zh: rule::name_zh(rule_id).to_owned(),
            severity,
            start,
            end,
            message_zh,
            message_en,
            replacement,
        });
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn offsets_and_lines() {
        let d = Doc::new("a中\nb😀c");
        assert_eq!(d.len(), 6);
        assert_eq!(d.lines, vec![(0, 2), (3, 6)]);
        let mut cursor = d.cursor();
        assert_eq!(cursor.at(4), 2);
        assert_eq!(cursor.at(d.text.len()), 6);
        assert_eq!(cursor.at(1), 1, "out of order");
        assert_eq!(d.line_of(0), 0);
        assert_eq!(d.line_of(2), 0);
        assert_eq!(d.line_of(3), 1);
        assert_eq!(d.left(3), None);
        assert_eq!(d.right(1), None);
        assert_eq!(d.right(3), Some('😀'));
    }

    #[test]
    fn protected_urls_and_mail() {
        let d = Doc::new("见https://www.example.cn/a?b=1，或写信至office@example.gov.cn.");
        let url_q = d.chars.iter().position(|&c| c == '?').unwrap();
        assert!(d.is_protected(url_q));
        let at = d.chars.iter().position(|&c| c == '@').unwrap();
        assert!(d.is_protected(at));
        assert!(
            !d.is_protected(d.len() - 1),
            "the sentence's full stop is not part of the address"
        );
        assert!(!d.is_protected(0));
    }
}
