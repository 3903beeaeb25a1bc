//! The checker: the word list and the roster compiled once, then any number
//! of texts checked against them.

use crate::date;
use crate::model::{CheckContext, Finding, RosterEntry, Severity, WordRule};
use crate::number;
use crate::punct;
use crate::rank::RankIndex;
use crate::repeat;
use crate::roster::RosterIndex;
use crate::text::{Doc, Sink};
use crate::words::WordMatcher;

/// A proofreading checker for one roster and one word list.
///
/// Building it compiles both into Aho–Corasick automata; `check` is then
/// a few linear passes over the text. A `Checker` is `Send + Sync` and can
/// be shared between threads.
pub struct Checker {
    words: WordMatcher,
    roster: RosterIndex,
    ranks: RankIndex,
}

impl Default for Checker {
    /// A checker with no roster and no word list.
    fn default() -> Self {
        Checker::new(&[], &[])
    }
}

impl std::fmt::Debug for Checker {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Checker")
            .field("word_rules", &self.words.len())
            .field("roster_entries", &self.roster.len())
            .finish()
    }
}

impl Checker {
    pub fn new(roster: &[RosterEntry], words: &[WordRule]) -> Checker {
        Checker {
            words: WordMatcher::new(words),
            roster: RosterIndex::new(roster),
            ranks: RankIndex::new(roster),
        }
    }

    /// Every finding in `text`, sorted by `start` (then `end`, then rule).
    /// Offsets count Unicode scalar values (`text.chars()`).
    pub fn check(&self, text: &str, ctx: &CheckContext) -> Vec<Finding> {
        let doc = Doc::new(text);
        let mut sink = Sink::new(doc.len());
        punct::check(&doc, &mut sink);
        repeat::check(&doc, &mut sink);
        number::check(&doc, &mut sink);
        self.words.check(&doc, &mut sink);
        self.roster.check(&doc, ctx, &mut sink);
        self.ranks.check(&doc, ctx, &mut sink);
        date::check(&doc, ctx, &mut sink);
        let mut findings = sink.findings;
        findings.sort_by(|a, b| {
            (a.start, a.end, &a.rule, &a.message_zh).cmp(&(b.start, b.end, &b.rule, &b.message_zh))
        });
        findings.dedup();
        findings
    }
}

/// 差错率: error-severity findings per 10,000 characters of `chars`
/// characters of text (0 for an empty text).
pub fn error_rate(findings: &[Finding], chars: usize) -> f64 {
    if chars == 0 {
        return 0.0;
    }
    let errors = findings
        .iter()
        .filter(|f| f.severity == Severity::Error)
        .count();
    errors as f64 * 10_000.0 / chars as f64
}

/// `text` with every certain replacement applied. Findings without a
/// replacement, out of range, or overlapping one applied before them are
/// skipped, so the result is always well formed.
pub fn apply_fixes(text: &str, findings: &[Finding]) -> String {
    let chars: Vec<char> = text.chars().collect();
    let mut fixes: Vec<&Finding> = findings
        .iter()
        .filter(|f| f.replacement.is_some() && f.start <= f.end && f.end <= chars.len())
        .collect();
    fixes.sort_by_key(|f| (f.start, f.end));
    let mut out = String::with_capacity(text.len());
    let mut at = 0;
    for f in fixes {
        if f.start < at {
            continue;
        }
        out.extend(&chars[at..f.start]);
        out.push_str(f.replacement.as_deref().unwrap_or_default());
        at = f.end;
    }
    out.extend(&chars[at..]);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn checker_is_shareable_between_threads() {
        fn send_sync<T: Send + Sync>() {}
        send_sync::<Checker>();
        let c = Checker::default();
        assert!(format!("{c:?}").contains("word_rules: 0"));
        assert!(c.check("开发区,召开", &CheckContext::default()).len() == 1);
    }
}
