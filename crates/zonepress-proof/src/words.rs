//! The editable word list: confusable words and deprecated expressions,
//! found with one Aho–Corasick automaton (leftmost-longest, so an entry's
//! exceptions, being longer, win over the entry).

use std::collections::HashMap;

use aho_corasick::{AhoCorasick, AhoCorasickKind, MatchKind};

use crate::model::{Severity, WordKind, WordRule};
use crate::rule;
use crate::text::{Doc, Sink, chinese_digit};

#[derive(Default)]
struct Target {
    /// Rules whose literal is this pattern.
    rules: Vec<usize>,
}

pub(crate) struct WordMatcher {
    ac: Option<AhoCorasick>,
    targets: Vec<Target>,
    rules: Vec<WordRule>,
}

impl WordMatcher {
    pub fn new(words: &[WordRule]) -> WordMatcher {
        let mut patterns: Vec<String> = Vec::new();
        let mut index: HashMap<String, usize> = HashMap::new();
        let mut targets: Vec<Target> = Vec::new();
        let mut rules: Vec<WordRule> = Vec::new();
        let mut intern =
            |p: &str, patterns: &mut Vec<String>, targets: &mut Vec<Target>| -> usize {
                *index.entry(p.to_owned()).or_insert_with(|| {
                    patterns.push(p.to_owned());
                    targets.push(Target::default());
                    patterns.len() - 1
                })
            };
        for w in words {
            let lit = w.literal().trim();
            if lit.is_empty() {
                continue;
            }
            let r = rules.len();
            rules.push(w.clone());
            let k = intern(lit, &mut patterns, &mut targets);
            targets[k].rules.push(r);
            for e in &w.exceptions {
                let e = e.trim();
                if !e.is_empty() {
                    intern(e, &mut patterns, &mut targets);
                }
            }
        }
        let ac = if patterns.is_empty() {
            None
        } else {
            // No prefilter: the patterns start with the few UTF-8 lead
            // bytes of Chinese text, which a prefilter finds everywhere.
            AhoCorasick::builder()
                .match_kind(MatchKind::LeftmostLongest)
                .kind(Some(AhoCorasickKind::DFA))
                .prefilter(false)
                .build(&patterns)
                .or_else(|_| {
                    AhoCorasick::builder()
                        .match_kind(MatchKind::LeftmostLongest)
                        .build(&patterns)
                })
                .ok()
        };
        WordMatcher { ac, targets, rules }
    }

    pub fn len(&self) -> usize {
        self.rules.len()
    }

    pub fn check(&self, doc: &Doc, out: &mut Sink) {
        let Some(ac) = &self.ac else { return };
        let mut cursor = doc.cursor();
        for m in ac.find_iter(doc.text) {
            let target = &self.targets[m.pattern().as_usize()];
            let start = cursor.at(m.start());
            let end = cursor.at(m.end());
            // The first rule whose context holds; an exception has none.
            let Some(&r) = target
                .rules
                .iter()
                .find(|&&r| !self.rules[r].needs_date() || date_follows(doc, end))
            else {
                continue;
            };
            let w = &self.rules[r];
            let lit = w.literal().trim();
            let right = w.right.trim();
            let note = w.note.trim();
            let (rule_id, severity) = match w.kind {
                WordKind::Confusable => (rule::WORD_CONFUSABLE, Severity::Warning),
                WordKind::Deprecated => (rule::WORD_DEPRECATED, Severity::Info),
                WordKind::Internal => (rule::WORD_INTERNAL, Severity::Warning),
            };
            let mut zh = match (w.kind, right.is_empty()) {
                (_, true) => format!("“{lit}”不宜使用"),
                (WordKind::Confusable, false) => format!("“{lit}”应为“{right}”"),
                (WordKind::Deprecated, false) => format!("“{lit}”宜改为“{right}”"),
                (WordKind::Internal, false) => format!("内部资料宜将“{lit}”改为“{right}”"),
            };
            if !note.is_empty() {
                zh.push('。');
                zh.push_str(note);
            }
            let en = if right.is_empty() {
                format!("Avoid “{lit}”")
            } else if w.kind == WordKind::Confusable {
                format!("“{lit}” should be “{right}”")
            } else {
                format!("Prefer “{right}” to “{lit}”")
            };
            let replacement = (w.certain && !right.is_empty()).then(|| right.to_owned());
            out.push(rule_id, severity, start, end, zh, en, replacement);
        }
    }
}

/// Words that begin a date or a point in time.
const TIME_WORDS: &[&str] = &[
    "今年",
    "去年",
    "本年",
    "明年",
    "本月",
    "上月",
    "当月",
    "目前",
    "当前",
    "现在",
    "发稿",
    "年底",
    "年末",
    "月底",
    "月末",
    "日前",
    "今天",
    "昨天",
    "昨日",
    "今日",
    "本周",
    "上周",
    "上半年",
    "下半年",
    "前三季度",
    "一季度",
    "二季度",
    "三季度",
    "四季度",
];

/// Whether a date or time expression starts at `at` (for `{date}` entries).
fn date_follows(doc: &Doc, at: usize) -> bool {
    let c = doc.at(at);
    if c.is_ascii_digit() || matches!(c, '０'..='９') || chinese_digit(c).is_some() || c == '十'
    {
        return true;
    }
    TIME_WORDS
        .iter()
        .any(|w| w.chars().enumerate().all(|(k, wc)| doc.at(at + k) == wc))
}

#[cfg(test)]
mod tests;
