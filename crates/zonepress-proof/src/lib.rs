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

mod checker;
mod date;
mod model;
mod number;
mod punct;
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
