//! Who wrote the text of a revision: every account whose characters are
//! still in it. Separation of duties refuses them the signature — nobody
//! signs a revision they wrote any part of, whoever saved it last.
//!
//! How "wrote any part" is computed, revision by revision from the first:
//!
//! - each character of a revision's text — its fields (引题, 主题, 副题,
//!   作者, 栏目) and blocks (paragraphs, subheads, 要闻 items, captions and
//!   photo credits), one line each, without labels — carries the accounts
//!   that wrote it;
//! - a revision whose content equals an earlier one (a 恢复 restore, or an
//!   undo by hand) takes that revision's authors as they were — restoring a
//!   colleague's text does not make it the restorer's, nor stop it being the
//!   colleague's;
//! - otherwise the revision is compared with the one before it: paragraph by
//!   paragraph, then character by character inside changed paragraphs.
//!   Unchanged characters keep their authors, inserted characters are the
//!   saver's, and a paragraph moved unchanged keeps its authors. Inside a
//!   changed paragraph, what is left of the old text counts only in runs of
//!   at least [`MIN_SURVIVING`] characters: a lone `的` or `。` that a
//!   rewrite happens to share with the text it replaced is the rewriter's;
//! - where a comparison would cost too much (very long changed passages, or
//!   the article's whole history past [`WORK_BUDGET`]), the changed text is
//!   counted as written by everyone who wrote the text it replaced *and* the
//!   saver: the rule errs on refusing a signature, never on allowing one.
//!
//! The accounts that wrote the text of the last revision are the answer.
//! (The store adds whoever saved or restored a revision in the current
//! review round: they decided what the text says even where their own
//! characters are gone.)

use std::collections::{BTreeSet, HashMap, HashSet};

use similar::{Algorithm, DiffOp, capture_diff_slices};

use crate::model::{ArticleContent, Block, Id};

/// One stored revision, oldest first.
#[derive(Debug, Clone, Copy)]
pub struct RevisionText<'a> {
    /// Who saved (or restored, or imported) it.
    pub author: Id,
    pub content_hash: &'a str,
    pub content: &'a ArticleContent,
}

/// Character comparisons (old × new characters of changed passages)
/// allowed over a whole history before the rule turns conservative.
pub const WORK_BUDGET: u64 = 64_000_000;
/// The largest changed passage compared character by character
/// (old × new characters); larger ones are counted conservatively.
const MAX_BLOCK_WORK: u64 = 16_000_000;
/// The most paragraphs compared as a sequence (old + new).
const MAX_LINES: usize = 20_000;
/// The shortest run of old characters inside a changed paragraph that still
/// counts as its authors' text.
pub const MIN_SURVIVING: usize = 3;

/// A revision's text, one line per field and block, without labels.
fn text_lines(c: &ArticleContent) -> Vec<String> {
    let mut lines = vec![
        c.kicker.clone(),
        c.title.clone(),
        c.subtitle.clone(),
        c.byline.clone(),
        c.column.clone(),
    ];
    for block in &c.body {
        match block {
            Block::Paragraph { text } | Block::Subhead { text } | Block::Brief { text } => {
                lines.push(text.clone())
            }
            Block::Image {
                caption, credit, ..
            } => {
                lines.push(caption.clone());
                lines.push(credit.clone());
            }
        }
    }
    lines
}

/// Sets of authors, interned: a character carries the index of its set.
#[derive(Default)]
struct Sets {
    list: Vec<Vec<Id>>,
    index: HashMap<Vec<Id>, u32>,
}

impl Sets {
    fn intern(&mut self, mut ids: Vec<Id>) -> u32 {
        ids.sort_unstable();
        ids.dedup();
        if let Some(&i) = self.index.get(&ids) {
            return i;
        }
        let i = self.list.len() as u32;
        self.list.push(ids.clone());
        self.index.insert(ids, i);
        i
    }

    /// One set holding every author of `sets` and `also`.
    fn union(&mut self, sets: impl IntoIterator<Item = u32>, also: Id) -> u32 {
        let mut ids: BTreeSet<Id> = BTreeSet::new();
        ids.insert(also);
        for s in sets.into_iter().collect::<BTreeSet<u32>>() {
            ids.extend(self.list[s as usize].iter().copied());
        }
        self.intern(ids.into_iter().collect())
    }
}

/// A revision's text as lines of characters, each with its author set.
#[derive(Clone, Default)]
struct Attributed {
    lines: Vec<String>,
    authors: Vec<Vec<u32>>,
}

struct Carry<'s> {
    sets: &'s mut Sets,
    budget: u64,
}

impl Carry<'_> {
    /// The authors of `new_lines`, saved by `author` on top of `old`.
    fn next(&mut self, old: &Attributed, new_lines: Vec<String>, author: Id) -> Attributed {
        let me = self.sets.intern(vec![author]);
        let mine = |line: &str| vec![me; line.chars().count()];
        if old.lines.len() + new_lines.len() > MAX_LINES {
            let all = self
                .sets
                .union(old.authors.iter().flatten().copied(), author);
            let authors = new_lines
                .iter()
                .map(|l| vec![all; l.chars().count()])
                .collect();
            return Attributed {
                lines: new_lines,
                authors,
            };
        }
        let old_refs: Vec<&str> = old.lines.iter().map(String::as_str).collect();
        let new_refs: Vec<&str> = new_lines.iter().map(String::as_str).collect();
        let mut first_seen: HashMap<&str, usize> = HashMap::new();
        for (i, l) in old_refs.iter().enumerate() {
            first_seen.entry(l).or_insert(i);
        }
        let mut authors: Vec<Vec<u32>> = Vec::with_capacity(new_refs.len());
        for op in capture_diff_slices(Algorithm::Myers, &old_refs, &new_refs) {
            match op {
                DiffOp::Equal { old_index, len, .. } => {
                    authors.extend(old.authors[old_index..old_index + len].iter().cloned())
                }
                DiffOp::Delete { .. } => {}
                DiffOp::Insert {
                    new_index, new_len, ..
                } => {
                    for line in &new_refs[new_index..new_index + new_len] {
                        // a paragraph moved unchanged keeps its authors
                        authors.push(match first_seen.get(line) {
                            Some(&j) => old.authors[j].clone(),
                            None => mine(line),
                        });
                    }
                }
                DiffOp::Replace {
                    old_index,
                    old_len,
                    new_index,
                    new_len,
                } => authors.extend(self.block(
                    &old_refs[old_index..old_index + old_len],
                    &old.authors[old_index..old_index + old_len],
                    &new_refs[new_index..new_index + new_len],
                    author,
                )),
            }
        }
        Attributed {
            lines: new_lines,
            authors,
        }
    }

    /// Changed paragraphs, compared character by character (the line
    /// breaks inside the block are characters too, so a split or joined
    /// paragraph keeps its authors).
    fn block(
        &mut self,
        old_lines: &[&str],
        old_authors: &[Vec<u32>],
        new_lines: &[&str],
        author: Id,
    ) -> Vec<Vec<u32>> {
        let me = self.sets.intern(vec![author]);
        let old_chars: Vec<char> = old_lines.join("\n").chars().collect();
        let new_chars: Vec<char> = new_lines.join("\n").chars().collect();
        let mut old_char_authors: Vec<u32> = Vec::with_capacity(old_chars.len());
        for (i, a) in old_authors.iter().enumerate() {
            if i > 0 {
                old_char_authors.push(me);
            }
            old_char_authors.extend(a);
        }
        let work = old_chars.len() as u64 * new_chars.len() as u64;
        let new_char_authors: Vec<u32> = if work > MAX_BLOCK_WORK || work > self.budget {
            let all = self.sets.union(old_char_authors.iter().copied(), author);
            vec![all; new_chars.len()]
        } else {
            self.budget -= work;
            let mut out = Vec::with_capacity(new_chars.len());
            for op in capture_diff_slices(Algorithm::Myers, &old_chars, &new_chars) {
                match op {
                    // a coincidence, not surviving text
                    DiffOp::Equal { len, .. } if len < MIN_SURVIVING => {
                        out.extend(std::iter::repeat_n(me, len))
                    }
                    DiffOp::Equal { old_index, len, .. } => {
                        out.extend_from_slice(&old_char_authors[old_index..old_index + len])
                    }
                    DiffOp::Delete { .. } => {}
                    DiffOp::Insert { new_len, .. } | DiffOp::Replace { new_len, .. } => {
                        out.extend(std::iter::repeat_n(me, new_len))
                    }
                }
            }
            out
        };
        // back into lines: the line breaks carry no author
        let mut lines = Vec::with_capacity(new_lines.len());
        let mut at = 0;
        for line in new_lines {
            let n = line.chars().count();
            lines.push(new_char_authors[at..at + n].to_vec());
            at += n + 1;
        }
        lines
    }
}

/// Every account whose text is in the last of `revisions` (oldest first),
/// sorted. Empty when there are no revisions.
pub fn text_writers(revisions: &[RevisionText]) -> Vec<Id> {
    let mut sets = Sets::default();
    let mut carry = Carry {
        sets: &mut sets,
        budget: WORK_BUDGET,
    };
    // Only revisions whose content comes back later are kept whole.
    let mut seen_hashes: HashSet<&str> = HashSet::new();
    let recurring: HashSet<&str> = revisions
        .iter()
        .filter(|r| !seen_hashes.insert(r.content_hash))
        .map(|r| r.content_hash)
        .collect();
    let mut kept: HashMap<&str, Attributed> = HashMap::new();
    let mut current = Attributed::default();
    for r in revisions {
        current = match kept.get(r.content_hash) {
            Some(earlier) => earlier.clone(),
            None => carry.next(&current, text_lines(r.content), r.author),
        };
        if recurring.contains(r.content_hash) {
            kept.entry(r.content_hash)
                .or_insert_with(|| current.clone());
        }
    }
    let used: BTreeSet<u32> = current.authors.iter().flatten().copied().collect();
    let mut writers: BTreeSet<Id> = BTreeSet::new();
    for s in used {
        writers.extend(sets.list[s as usize].iter().copied());
    }
    writers.into_iter().collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{ArticleKind, Block};

    fn content(title: &str, paras: &[&str]) -> ArticleContent {
        ArticleContent {
            kind: ArticleKind::News,
            title: title.into(),
            body: paras
                .iter()
                .map(|t| Block::Paragraph {
                    text: (*t).to_string(),
                })
                .collect(),
            ..Default::default()
        }
    }

    fn writers(steps: &[(Id, &ArticleContent)]) -> Vec<Id> {
        let hashes: Vec<String> = steps
            .iter()
            .map(|(_, c)| crate::text::content_hash(c))
            .collect();
        let revs: Vec<RevisionText> = steps
            .iter()
            .zip(&hashes)
            .map(|((author, content), hash)| RevisionText {
                author: *author,
                content_hash: hash,
                content,
            })
            .collect();
        text_writers(&revs)
    }

    #[test]
    fn surviving_characters_keep_their_authors() {
        let a = content("园区召开会议", &["9月20日上午，开发区召开会议。"]);
        // 2 inserts two characters
        let b = content("园区召开会议", &["9月20日上午，开发区召开专题会议。"]);
        assert_eq!(writers(&[(1, &a), (2, &b)]), vec![1, 2]);
        // 3 rewrites everything: only 3 remains
        let c = content("新的标题", &["全新的内容。"]);
        assert_eq!(writers(&[(1, &a), (2, &b), (3, &c)]), vec![3]);
        // 2's two characters removed again: 2 no longer wrote any of it
        assert_eq!(writers(&[(1, &a), (2, &b), (1, &a)]), vec![1]);
    }

    #[test]
    fn a_restored_revision_is_still_its_authors() {
        let by_co_editor = content("园区召开会议", &["全文由副主编撰写。"]);
        let by_editor = content("另一个标题", &["编辑重写了全文。"]);
        // the editor restores revision 1: the text is the co-editor's
        let w = writers(&[(5, &by_co_editor), (1, &by_editor), (1, &by_co_editor)]);
        assert_eq!(w, vec![5]);
        // and a small change after the restore keeps it theirs too
        let touched = content("园区召开会议", &["全文由副主编撰写，编辑改了一处。"]);
        let w = writers(&[
            (5, &by_co_editor),
            (1, &by_editor),
            (1, &by_co_editor),
            (1, &touched),
        ]);
        assert_eq!(w, vec![1, 5]);
    }

    #[test]
    fn a_moved_paragraph_keeps_its_author() {
        let a = content("标题", &["甲写的第一段。", "甲写的第二段。"]);
        let b = content(
            "标题",
            &["甲写的第一段。", "甲写的第二段。", "乙加的一段。"],
        );
        let c = content("标题", &["乙加的一段。", "甲写的第一段。"]);
        assert_eq!(writers(&[(1, &a), (2, &b), (3, &c)]), vec![1, 2]);
    }

    #[test]
    fn passages_too_long_to_compare_count_everyone() {
        let long_a: String = "甲".repeat(5000);
        let long_b: String = "乙".repeat(5000);
        let a = content("甲的标题", &[&long_a]);
        let b = content("乙的标题", &[&long_b]);
        // 5000 × 5000 characters is past the block limit: both count
        assert_eq!(writers(&[(1, &a), (2, &b)]), vec![1, 2]);
    }
}
