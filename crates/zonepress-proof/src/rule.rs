//! Rule ids. They are stable: stored findings, the UI's filters and the
//! preflight report refer to them.

use crate::model::{RuleInfo, Severity};

/// Half-width `, . ; : ? ! ( )` in Chinese text (GB/T 15834-2011).
pub const PUNCT_HALFWIDTH: &str = "punct.halfwidth";
/// Half-width `"` or `'` in Chinese text.
pub const PUNCT_HALFWIDTH_QUOTE: &str = "punct.halfwidth_quote";
/// Quotation marks or brackets that do not pair up, or close before they open.
pub const PUNCT_UNBALANCED: &str = "punct.unbalanced";
/// A dash written other than `——`.
pub const PUNCT_DASH: &str = "punct.dash";
/// An ellipsis written other than `……`, or `……` together with 等.
pub const PUNCT_ELLIPSIS: &str = "punct.ellipsis";
/// Two pause or stop marks in a row (`，，`, `。，`, `！！`).
pub const PUNCT_DOUBLED: &str = "punct.doubled";
/// A function character written twice (`的的`), or a character repeated
/// across a line break.
pub const REPEAT_CHAR: &str = "repeat.char";
/// A phrase of 2–8 characters written twice in a row (`召开召开`).
pub const REPEAT_PHRASE: &str = "repeat.phrase";
/// Full-width digits or Latin letters (`２０２６`, `ＡＢＣ`).
pub const NUMBER_FULLWIDTH: &str = "number.fullwidth";
/// A year in Chinese numerals with a wrong zero (`二0二六年`, `二○二六年`).
pub const NUMBER_YEAR_ZERO: &str = "number.year_zero";
/// Years written both as `二〇二六年` and as `2026年` in one text.
pub const NUMBER_MIXED_YEAR: &str = "number.mixed_year";
/// A percentage range whose first number lacks `%` (`5～8%`).
pub const NUMBER_PERCENT_RANGE: &str = "number.percent_range";
/// A confusable word from the word list.
pub const WORD_CONFUSABLE: &str = "word.confusable";
/// A deprecated expression from the word list.
pub const WORD_DEPRECATED: &str = "word.deprecated";
/// Wording a 内部资料 may not use (本报讯), from the word list.
pub const WORD_INTERNAL: &str = "word.internal";
/// A roster name next to a title that person does not hold.
pub const ROSTER_WRONG_TITLE: &str = "roster.wrong_title";
/// A roster title next to a name that does not hold it.
pub const ROSTER_WRONG_NAME: &str = "roster.wrong_name";
/// Ranked officials named in one enumeration out of their 排序.
pub const ROSTER_RANK_ORDER: &str = "roster.rank_order";
/// A date that does not exist (`2月30日`).
pub const DATE_INVALID: &str = "date.invalid";
/// A date outside the month and the month before.
pub const DATE_OUT_OF_PERIOD: &str = "date.out_of_period";

const TABLE: &[(&str, &str, &str, Severity)] = &[
    (
        PUNCT_HALFWIDTH,
        "中文语境中的半角标点",
        "Half-width punctuation in Chinese text",
        Severity::Error,
    ),
    (
        PUNCT_HALFWIDTH_QUOTE,
        "中文语境中的半角引号",
        "Half-width quotation mark in Chinese text",
        Severity::Error,
    ),
    (
        PUNCT_UNBALANCED,
        "引号或括号不成对",
        "Unbalanced quotation marks or brackets",
        Severity::Error,
    ),
    (
        PUNCT_DASH,
        "破折号形式不规范",
        "Malformed dash",
        Severity::Error,
    ),
    (
        PUNCT_ELLIPSIS,
        "省略号形式不规范",
        "Malformed ellipsis",
        Severity::Error,
    ),
    (
        PUNCT_DOUBLED,
        "标点重复或连用不当",
        "Doubled punctuation",
        Severity::Error,
    ),
    (REPEAT_CHAR, "字重复", "Repeated character", Severity::Error),
    (
        REPEAT_PHRASE,
        "词语重复",
        "Repeated phrase",
        Severity::Warning,
    ),
    (
        NUMBER_FULLWIDTH,
        "全角数字或字母",
        "Full-width digits or letters",
        Severity::Error,
    ),
    (
        NUMBER_YEAR_ZERO,
        "年份中的“〇”写法不规范",
        "Wrong zero in a year written in Chinese numerals",
        Severity::Error,
    ),
    (
        NUMBER_MIXED_YEAR,
        "年份数字形式不统一",
        "Mixed year forms",
        Severity::Warning,
    ),
    (
        NUMBER_PERCENT_RANGE,
        "百分数范围缺少百分号",
        "Percentage range missing a percent sign",
        Severity::Warning,
    ),
    (
        WORD_CONFUSABLE,
        "易错词语",
        "Confusable word",
        Severity::Warning,
    ),
    (
        WORD_DEPRECATED,
        "不规范用语",
        "Deprecated expression",
        Severity::Info,
    ),
    (
        WORD_INTERNAL,
        "内部资料不宜使用的称谓",
        "Wording an internal publication may not use",
        Severity::Warning,
    ),
    (
        ROSTER_WRONG_TITLE,
        "人名与职务不符",
        "Title does not match the person",
        Severity::Error,
    ),
    (
        ROSTER_WRONG_NAME,
        "职务与人名不符",
        "Name does not match the title",
        Severity::Error,
    ),
    (
        ROSTER_RANK_ORDER,
        "领导同志排名顺序",
        "Officials not named in rank order",
        Severity::Warning,
    ),
    (DATE_INVALID, "日期不存在", "Invalid date", Severity::Error),
    (
        DATE_OUT_OF_PERIOD,
        "日期不在本期范围内",
        "Date outside the issue's period",
        Severity::Warning,
    ),
];

/// Every rule the checker knows, in a stable order.
pub fn all() -> Vec<RuleInfo> {
    TABLE
        .iter()
        .map(|&(id, zh, en, severity)| RuleInfo {
            id: id.to_owned(),
            name_zh: zh.to_owned(),
            name_en: en.to_owned(),
            severity,
        })
        .collect()
}

/// The Chinese name of a rule id (empty for an unknown id).
pub fn name_zh(id: &str) -> &'static str {
    TABLE
        .iter()
        .find(|(rid, ..)| *rid == id)
        .map(|(_, zh, ..)| *zh)
        .unwrap_or("")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_are_unique_and_named() {
        let rules = all();
        for (i, r) in rules.iter().enumerate() {
            assert!(!r.name_zh.is_empty());
            assert!(rules[i + 1..].iter().all(|o| o.id != r.id), "{}", r.id);
            assert_eq!(name_zh(&r.id), r.name_zh);
        }
        assert_eq!(name_zh("no.such"), "");
    }
}
