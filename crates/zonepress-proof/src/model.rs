//! The data the checker takes in and hands back.

use chrono::NaiveDate;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

/// How bad a finding is. Only [`Severity::Error`] counts towards the
/// 差错率 (see [`crate::error_rate`]).
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, TS, JsonSchema,
)]
#[serde(rename_all = "snake_case")]
pub enum Severity {
    /// 差错: wrong by the standard or by the roster; must be fixed before print.
    Error,
    /// 存疑: probably wrong, a person decides.
    Warning,
    /// 提示: a preferred form exists.
    Info,
}

impl Severity {
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Error => "error",
            Severity::Warning => "warning",
            Severity::Info => "info",
        }
    }

    pub fn label_zh(self) -> &'static str {
        match self {
            Severity::Error => "差错",
            Severity::Warning => "存疑",
            Severity::Info => "提示",
        }
    }
}

/// One thing the checker found in a text.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS, JsonSchema)]
pub struct Finding {
    /// Stable rule id, e.g. `punct.halfwidth`; see [`crate::rule`].
    pub rule: String,
    /// The rule named in plain Chinese, e.g. 中文语境中的半角标点.
    pub rule_name_zh: String,
    pub severity: Severity,
    /// Offset of the first character, counted in Unicode scalar values
    /// (`text.chars()`), not bytes and not UTF-16 units.
    pub start: usize,
    /// Offset one past the last character (exclusive).
    pub end: usize,
    /// What is wrong and what to do, in Chinese.
    pub message_zh: String,
    /// The same in English.
    pub message_en: String,
    /// Text that replaces `start..end`; present only when the fix is certain.
    pub replacement: Option<String>,
}

/// One person holding one title, optionally for a period (both ends inclusive).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS, JsonSchema)]
pub struct RosterEntry {
    /// 姓名, e.g. 王建国.
    pub name: String,
    /// The full title as printed, e.g. 管委会主任 or 开发区党工委书记.
    pub title: String,
    /// First day in office; `None` means "since before anything we print".
    pub valid_from: Option<NaiveDate>,
    /// Last day in office; `None` means "still in office".
    pub valid_to: Option<NaiveDate>,
    /// 排序: lower is higher. Names of ranked officials in one enumeration
    /// must follow it (`roster.rank_order`); `None` takes no part.
    #[serde(default)]
    pub rank: Option<u32>,
}

impl RosterEntry {
    pub fn new(name: impl Into<String>, title: impl Into<String>) -> RosterEntry {
        RosterEntry {
            name: name.into(),
            title: title.into(),
            valid_from: None,
            valid_to: None,
            rank: None,
        }
    }

    /// The entry with a rank (lower is higher).
    pub fn ranked(mut self, rank: u32) -> RosterEntry {
        self.rank = Some(rank);
        self
    }

    /// Whether the entry was in force on `date`; with no date every entry is.
    pub fn valid_on(&self, date: Option<NaiveDate>) -> bool {
        match date {
            None => true,
            Some(d) => {
                self.valid_from.is_none_or(|from| from <= d)
                    && self.valid_to.is_none_or(|to| d <= to)
            }
        }
    }
}

/// What kind of word-list entry this is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, TS, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum WordKind {
    /// 易错词: a misspelling or a confused word (再接再励 → 再接再厉). Warning.
    Confusable,
    /// 不规范/不推荐用法: a deprecated form or an expression official news
    /// style avoids (惟一 → 唯一). Info.
    Deprecated,
    /// 内部资料用语: wording a 内部资料 may not use (本报讯 → 本刊讯: an
    /// internal publication is no 报 in the sense of the press rules of
    /// several provinces). Warning, and only for a publication printed as
    /// 内部资料 (the checker is built without these entries otherwise).
    Internal,
}

/// One entry of the editable word list (规范用语表).
///
/// `wrong` is literal text, except that it may end with the placeholder
/// `{date}`: then the literal part only matches when a date or a time
/// expression follows (`截止{date}` matches 截止9月30日 and 截止目前, never
/// 截止日期). The replacement covers only the literal part.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS, JsonSchema)]
pub struct WordRule {
    pub wrong: String,
    pub right: String,
    pub kind: WordKind,
    /// Why, shown to the proofreader (in Chinese).
    pub note: String,
    /// Whether `right` may replace `wrong` without looking at the context.
    /// When false the finding carries no replacement.
    #[serde(default = "yes")]
    pub certain: bool,
    /// Texts around `wrong` that are fine: longer words that contain it
    /// (激发韧性 for 发韧) or that start before it and run into it (讲座落
    /// for 座落于, as in 讲座落在实处). A match covered by one of these is
    /// not reported.
    #[serde(default)]
    pub exceptions: Vec<String>,
}

fn yes() -> bool {
    true
}

impl WordRule {
    /// A certain entry without exceptions.
    pub fn new(
        wrong: impl Into<String>,
        right: impl Into<String>,
        kind: WordKind,
        note: impl Into<String>,
    ) -> WordRule {
        WordRule {
            wrong: wrong.into(),
            right: right.into(),
            kind,
            note: note.into(),
            certain: true,
            exceptions: Vec::new(),
        }
    }

    /// The literal part of `wrong` (without a trailing `{date}`).
    pub fn literal(&self) -> &str {
        self.wrong
            .strip_suffix(DATE_PLACEHOLDER)
            .unwrap_or(&self.wrong)
    }

    /// Whether `wrong` asks for a date after the literal.
    pub fn needs_date(&self) -> bool {
        self.wrong.ends_with(DATE_PLACEHOLDER)
    }
}

pub(crate) const DATE_PLACEHOLDER: &str = "{date}";

/// What the checker knows about where the text will be printed.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, TS, JsonSchema)]
pub struct CheckContext {
    /// The issue's date (any day of its month). Enables the roster's date
    /// validity and the `date.out_of_period` rule.
    pub issue_date: Option<NaiveDate>,
}

/// A rule as the UI lists it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS, JsonSchema)]
pub struct RuleInfo {
    pub id: String,
    pub name_zh: String,
    pub name_en: String,
    /// The usual severity; a few rules report some cases one level lower.
    pub severity: Severity,
}
