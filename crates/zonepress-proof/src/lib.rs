//! ZonePress proofreading checker (校对).
//!
//! What it does: takes a plain text (paragraphs joined with `\n`), the
//! official roster and the editable word list, and returns findings, each
//! naming its rule, its char range and, where the fix is certain, the
//! replacement. The rules cover punctuation (GB/T 15834-2011), numbers
//! (GB/T 15835-2011), repeated characters and phrases, confusable and
//! deprecated wording, names next to titles, and dates outside the issue's
//! period. See [`rule`] for the ids.
//!
//! What it never does: IO, clocks, network, or changing the text on its
//! own ([`apply_fixes`] is for a caller that asks). It depends on no other
//! ZonePress crate; callers map their own types to [`RosterEntry`] and
//! [`WordRule`]. When in doubt a rule stays quiet: a false alarm costs the
//! proofreader more than a missed style point.
//!
//! Offsets are Unicode scalar values (Rust `chars()`); a UI that counts
//! UTF-16 units converts at its boundary.
//!
//! | rule id | 名称 | usual severity |
//! |---|---|---|
//! | `punct.halfwidth` | 中文语境中的半角标点 | error |
//! | `punct.halfwidth_quote` | 中文语境中的半角引号 | error |
//! | `punct.unbalanced` | 引号或括号不成对 | error |
//! | `punct.dash` | 破折号形式不规范 | error |
//! | `punct.ellipsis` | 省略号形式不规范 | error |
//! | `punct.doubled` | 标点重复或连用不当 | error (`！！` warning) |
//! | `repeat.char` | 字重复 | error (across a line break: warning) |
//! | `repeat.phrase` | 词语重复 | warning |
//! | `number.fullwidth` | 全角数字或字母 | error |
//! | `number.year_zero` | 年份中的“〇”写法不规范 | error (`零`: warning) |
//! | `number.mixed_year` | 年份数字形式不统一 | warning |
//! | `number.percent_range` | 百分数范围缺少百分号 | warning |
//! | `word.confusable` | 易错词语 | warning |
//! | `word.deprecated` | 不规范用语 | info |
//! | `roster.wrong_title` | 人名与职务不符 | error |
//! | `roster.wrong_name` | 职务与人名不符 | error (a guessed name: warning) |
//! | `roster.rank_order` | 领导同志排名顺序 | warning |
//! | `date.invalid` | 日期不存在 | error |
//! | `date.out_of_period` | 日期不在本期范围内 | warning |

mod checker;
mod date;
mod model;
mod number;
mod punct;
mod rank;
mod repeat;
mod roster;
pub mod rule;
mod starter;
mod text;
mod words;

pub use checker::{Checker, apply_fixes, error_rate};
pub use model::{CheckContext, Finding, RosterEntry, RuleInfo, Severity, WordKind, WordRule};
pub use starter::starter_word_list;

/// Every rule the checker knows (id, names, usual severity).
pub fn rules() -> Vec<RuleInfo> {
    rule::all()
}

#[cfg(test)]
pub(crate) mod testutil;
