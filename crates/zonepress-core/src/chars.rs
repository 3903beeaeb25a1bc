//! Character classes of Chinese text, one definition for every crate: the
//! importer's cleaner, the proofreading rules, the typesetting of
//! punctuation and the reading of bylines all ask these. The UI's mirror
//! (`isCjk` in ui/src) is tested against the same vectors
//! (`tests/chars.json`, read by the tests here and by Vitest).

/// A Han character: the CJK unified ideographs and their extensions A to G,
/// the compatibility ideographs, and 〇 (the ideographic zero of 二〇二六年).
pub fn is_han(c: char) -> bool {
    matches!(c as u32,
        0x4E00..=0x9FFF       // unified ideographs
        | 0x3400..=0x4DBF     // extension A
        | 0xF900..=0xFAFF     // compatibility ideographs
        | 0x20000..=0x3134F   // extensions B to G
        | 0x3007) // 〇
}

/// Punctuation of Chinese text: the CJK symbols and punctuation block
/// (without the ideographic space, which is a space), the full-width
/// punctuation of the full-width forms (not its digits and letters), the
/// curly quotes, the dashes, the ellipsis, the middle dot and ◆.
pub fn is_cjk_punct(c: char) -> bool {
    matches!(c as u32,
        0x3001..=0x3006 // 〇 (U+3007) is a Han character
        | 0x3008..=0x303F
        | 0xFF01..=0xFF0F
        | 0xFF1A..=0xFF20
        | 0xFF3B..=0xFF40
        | 0xFF5B..=0xFF65)
        || matches!(c, '“' | '”' | '‘' | '’' | '—' | '―' | '…' | '·' | '◆')
}

/// Han or Chinese punctuation: a character that makes the text around it
/// Chinese (where a half-width comma is a slip, where no space belongs).
pub fn is_cjk(c: char) -> bool {
    is_han(c) || is_cjk_punct(c)
}

/// A line or paragraph break.
pub fn is_break(c: char) -> bool {
    matches!(c, '\n' | '\u{2028}' | '\u{2029}')
}

/// Any blank: Unicode whitespace (breaks included), the ideographic space
/// U+3000, the no-break space and the byte-order mark that editors leave.
pub fn is_blank(c: char) -> bool {
    c.is_whitespace() || c == '\u{FEFF}'
}

/// A space inside a line: a blank that is not a break (the ideographic
/// space U+3000, the no-break space, tabs and carriage returns included).
pub fn is_space(c: char) -> bool {
    is_blank(c) && !is_break(c)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::Value;

    /// The shared vectors, also read by the UI's test of its mirror.
    #[test]
    fn every_shared_vector_is_classed_as_written() {
        let vectors: Vec<Value> =
            serde_json::from_str(include_str!("../tests/chars.json")).expect("chars.json is JSON");
        assert!(vectors.len() >= 40);
        for v in &vectors {
            let s = v["char"].as_str().unwrap();
            let mut chars = s.chars();
            let c = chars.next().unwrap();
            assert!(chars.next().is_none(), "one character per vector: {s:?}");
            let got = [
                ("han", is_han(c)),
                ("cjk_punct", is_cjk_punct(c)),
                ("cjk", is_cjk(c)),
                ("space", is_space(c)),
                ("break", is_break(c)),
                ("blank", is_blank(c)),
            ];
            for (class, is) in got {
                assert_eq!(
                    Some(is),
                    v[class].as_bool(),
                    "{class} of U+{:04X} ({})",
                    c as u32,
                    v["note"]
                );
            }
        }
    }

    #[test]
    fn classes() {
        assert!(is_han('园') && is_han('〇') && is_han('𠀀'));
        assert!(!is_han('，') && !is_han('a') && !is_han('ア'));
        assert!(is_cjk_punct('，') && is_cjk_punct('《') && is_cjk_punct('…'));
        assert!(!is_cjk_punct('\u{3000}') && !is_cjk_punct('１') && !is_cjk_punct('Ａ'));
        assert!(is_space('\u{3000}') && is_space('\t') && !is_space('\n'));
        assert!(is_blank('\n') && is_blank('\u{FEFF}') && !is_blank('园'));
    }
}
