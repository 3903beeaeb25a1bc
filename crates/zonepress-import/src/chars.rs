//! Text helpers of the parsers, the PDF cleaner and the normalisation
//! suggestions; the character classes are zonepress-core's (`chars`).

pub use zonepress_core::chars::{is_blank, is_cjk, is_han};

/// Characters that end a sentence, after which a line is never joined to the next.
pub fn ends_sentence(c: char) -> bool {
    matches!(
        c,
        '。' | '！' | '？' | '!' | '?' | '…' | '”' | '’' | '」' | '』' | '；' | '：'
    )
}

/// Trim ASCII, Unicode and ideographic whitespace (the indents of Chinese text).
pub fn trim(s: &str) -> &str {
    s.trim_matches(is_blank)
}

/// Visual width used to compare line lengths: a Han or full-width character is 2, others 1.
pub fn width(s: &str) -> usize {
    s.chars()
        .map(|c| {
            if is_cjk(c) || (c as u32) >= 0x1100 {
                2
            } else {
                1
            }
        })
        .sum()
}

/// Number of characters (Unicode scalar values).
pub fn len(s: &str) -> usize {
    s.chars().count()
}

/// Runs of whitespace (any kind) become one ASCII space; the ends are trimmed.
pub fn collapse_spaces(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut pending = false;
    for c in trim(s).chars() {
        if is_blank(c) {
            pending = true;
        } else {
            if pending {
                out.push(' ');
                pending = false;
            }
            out.push(c);
        }
    }
    out
}

/// Replace control characters (tabs included) by spaces, drop the ones that
/// have no place in text (zero-width, BOM), and trim.
pub fn clean_line(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '\u{FEFF}' | '\u{200B}' | '\u{200C}' | '\u{200D}' | '\u{00AD}' => {}
            '\t' | '\u{000B}' | '\u{000C}' => out.push(' '),
            c if c.is_control() => {}
            c => out.push(c),
        }
    }
    trim(&out).to_string()
}

/// A Chinese ordinal that opens a subhead: `一、`, `（一）`, `(一)`, `第一，`… only the
/// first two, which are unambiguous.
pub fn starts_with_chinese_ordinal(s: &str) -> bool {
    const NUMS: &str = "一二三四五六七八九十";
    let mut chars = s.chars().peekable();
    match chars.peek() {
        Some('（') | Some('(') => {
            chars.next();
            let mut n = 0;
            while let Some(c) = chars.peek() {
                if NUMS.contains(*c) {
                    n += 1;
                    chars.next();
                } else {
                    break;
                }
            }
            n > 0 && n <= 3 && matches!(chars.next(), Some('）') | Some(')'))
        }
        Some(c) if NUMS.contains(*c) => {
            let mut n = 0;
            while let Some(c) = chars.peek() {
                if NUMS.contains(*c) {
                    n += 1;
                    chars.next();
                } else {
                    break;
                }
            }
            n <= 3 && chars.next() == Some('、')
        }
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn classes() {
        assert!(is_han('园'));
        assert!(is_cjk('，'));
        assert!(!is_cjk('a'));
        assert!(!is_cjk(' '));
        assert!(!is_cjk('\u{3000}'));
        assert_eq!(width("园区ab"), 6);
        assert_eq!(trim("\u{3000}\u{3000}正文 "), "正文");
        assert_eq!(
            collapse_spaces(" 记者\u{3000}\u{3000}张三  通讯员 李四 "),
            "记者 张三 通讯员 李四"
        );
        assert_eq!(clean_line("a\tb\u{200B}c\u{7}"), "a bc");
    }

    #[test]
    fn ordinals() {
        assert!(starts_with_chinese_ordinal("一、坚持项目为王"));
        assert!(starts_with_chinese_ordinal("（三）强化要素保障"));
        assert!(starts_with_chinese_ordinal("十二、其他"));
        assert!(!starts_with_chinese_ordinal("一是加强领导"));
        assert!(!starts_with_chinese_ordinal("一季度"));
        assert!(!starts_with_chinese_ordinal("（记者 张三）"));
    }
}
