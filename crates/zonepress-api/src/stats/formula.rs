//! Text cells that a spreadsheet would run as a formula.
//!
//! Excel, WPS and LibreOffice read a cell that begins with `=`, `+`, `-` or
//! `@` (and, in a CSV, one that begins with a tab or a carriage return) as a
//! formula — `=HYPERLINK(…)` or a DDE call in a contributor's 单位 would run
//! on the computer of whoever opens the 稿件统计. Following the OWASP rule,
//! such text is written as text:
//!
//! - in a CSV, with a `'` in front (`=1+1` → `'=1+1`), then quoted as usual;
//! - in an .xlsx, as a string cell with the quote prefix set (Excel's own
//!   form of a typed `'`: the cell shows `=1+1` and is never evaluated).
//!
//! Only text is treated so: numbers (a negative amount included) stay numbers.

/// Does a spreadsheet take this text for a formula?
pub(crate) fn looks_like_formula(text: &str) -> bool {
    matches!(
        text.chars().next(),
        Some('=' | '+' | '-' | '@' | '\t' | '\r')
    )
}

/// One CSV field of text: prefixed when it would be a formula, quoted when
/// it holds a comma, a quote or a line break.
pub(crate) fn csv_text(text: &str) -> String {
    let text = if looks_like_formula(text) {
        format!("'{text}")
    } else {
        text.to_string()
    };
    if text.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", text.replace('"', "\"\""))
    } else {
        text
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formula_starts_are_prefixed_and_other_text_is_not() {
        assert_eq!(csv_text("=1+1"), "'=1+1");
        assert_eq!(csv_text("+86 123"), "'+86 123");
        assert_eq!(csv_text("-2"), "'-2");
        assert_eq!(csv_text("@SUM(A1)"), "'@SUM(A1)");
        assert_eq!(csv_text("\tx"), "'\tx");
        assert_eq!(csv_text("\r=1"), "\"'\r=1\"");
        assert_eq!(
            csv_text("=HYPERLINK(\"http://x\",\"点我\")"),
            "\"'=HYPERLINK(\"\"http://x\"\",\"\"点我\"\")\""
        );
        assert_eq!(csv_text("经济发展局"), "经济发展局");
        assert_eq!(csv_text("青禾社区，二组"), "青禾社区，二组");
        assert_eq!(csv_text("a,b"), "\"a,b\"");
        assert_eq!(csv_text("1=1"), "1=1");
        assert_eq!(csv_text(""), "");
    }
}
