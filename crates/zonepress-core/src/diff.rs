//! Character-level comparison of two revisions.
//!
//! Paragraphs are matched first (so an inserted paragraph reads as one
//! insertion), then changed paragraphs are compared character by character,
//! which is how Chinese text is edited: there are no words to diff.

use std::time::Duration;

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use similar::{ChangeTag, DiffTag, TextDiff};
use ts_rs::TS;

use crate::model::ArticleContent;
use crate::text::to_plain_lines;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum DiffOp {
    Equal,
    Insert,
    Delete,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS, JsonSchema)]
pub struct DiffSpan {
    pub op: DiffOp,
    pub text: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS, JsonSchema)]
pub struct TextDiffResult {
    pub spans: Vec<DiffSpan>,
    /// Characters inserted and deleted (whitespace included).
    pub inserted: u32,
    pub deleted: u32,
}

const TIMEOUT: Duration = Duration::from_millis(500);

fn push(spans: &mut Vec<DiffSpan>, op: DiffOp, text: &str) {
    if text.is_empty() {
        return;
    }
    if let Some(last) = spans.last_mut()
        && last.op == op
    {
        last.text.push_str(text);
        return;
    }
    spans.push(DiffSpan {
        op,
        text: text.to_string(),
    });
}

/// Compare two texts line by line, then character by character inside
/// changed lines. Lines are joined with `\n` in the output.
pub fn diff_lines(old: &[String], new: &[String]) -> TextDiffResult {
    let old_refs: Vec<&str> = old.iter().map(String::as_str).collect();
    let new_refs: Vec<&str> = new.iter().map(String::as_str).collect();
    let line_diff = TextDiff::configure()
        .timeout(TIMEOUT)
        .diff_slices(&old_refs, &new_refs);
    let mut spans = Vec::new();
    let join = |lines: &[&str]| {
        let mut s = lines.join("\n");
        s.push('\n');
        s
    };
    for op in line_diff.ops() {
        let (tag, o, n) = op.as_tag_tuple();
        match tag {
            DiffTag::Equal => push(&mut spans, DiffOp::Equal, &join(&old_refs[o.clone()])),
            DiffTag::Delete => push(&mut spans, DiffOp::Delete, &join(&old_refs[o.clone()])),
            DiffTag::Insert => push(&mut spans, DiffOp::Insert, &join(&new_refs[n.clone()])),
            DiffTag::Replace => {
                let a = join(&old_refs[o.clone()]);
                let b = join(&new_refs[n.clone()]);
                let chars = TextDiff::configure().timeout(TIMEOUT).diff_chars(&a, &b);
                for change in chars.iter_all_changes() {
                    let op = match change.tag() {
                        ChangeTag::Equal => DiffOp::Equal,
                        ChangeTag::Insert => DiffOp::Insert,
                        ChangeTag::Delete => DiffOp::Delete,
                    };
                    push(&mut spans, op, change.value());
                }
            }
        }
    }
    let count = |op: DiffOp| {
        spans
            .iter()
            .filter(|s| s.op == op)
            .map(|s| s.text.chars().filter(|c| *c != '\n').count() as u32)
            .sum()
    };
    TextDiffResult {
        inserted: count(DiffOp::Insert),
        deleted: count(DiffOp::Delete),
        spans,
    }
}

/// Compare two revisions of an article.
pub fn diff_content(old: &ArticleContent, new: &ArticleContent) -> TextDiffResult {
    diff_lines(&to_plain_lines(old), &to_plain_lines(new))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lines(v: &[&str]) -> Vec<String> {
        v.iter().map(|s| s.to_string()).collect()
    }

    fn render(r: &TextDiffResult) -> String {
        r.spans
            .iter()
            .map(|s| match s.op {
                DiffOp::Equal => s.text.clone(),
                DiffOp::Insert => format!("[+{}]", s.text),
                DiffOp::Delete => format!("[-{}]", s.text),
            })
            .collect()
    }

    #[test]
    fn changed_characters_are_marked_inside_a_paragraph() {
        let r = diff_lines(
            &lines(&["9月20日上午，开发区召开会议。"]),
            &lines(&["9月21日上午，开发区召开专题会议。"]),
        );
        assert_eq!(render(&r), "9月2[-0][+1]日上午，开发区召开[+专题]会议。\n");
        assert_eq!((r.inserted, r.deleted), (3, 1));
    }

    #[test]
    fn an_inserted_paragraph_is_one_insertion() {
        let r = diff_lines(&lines(&["甲。", "丙。"]), &lines(&["甲。", "乙。", "丙。"]));
        assert_eq!(render(&r), "甲。\n[+乙。\n]丙。\n");
    }

    #[test]
    fn identical_texts_have_no_changes() {
        let r = diff_lines(&lines(&["一", "二"]), &lines(&["一", "二"]));
        assert_eq!(r.inserted + r.deleted, 0);
        assert_eq!(r.spans.len(), 1);
    }
}
