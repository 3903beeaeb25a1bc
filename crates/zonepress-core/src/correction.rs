//! 校改: corrections made from proof marks, in the counting every passage
//! of the API uses.
//!
//! Comments and proof marks point into an article's *review text*: its
//! printed fields and body blocks as lines ([`crate::text::to_plain_lines`])
//! joined with `\n`, counted in characters. [`review_parts`] says where each
//! printed part's own text lies in it; [`apply_edit`] turns an edit of that
//! text (characters `start..end` replaced) into new content, refusing edits
//! that would touch the labels or join unlike parts; [`edit_inside`] is the
//! 校改 rule itself (the change lies inside the marked span); [`rebase_span`]
//! follows a marked span into a later revision of the same article.

use serde::{Deserialize, Serialize};

use crate::error::CoreError;
use crate::model::{ArticleContent, Block};
use crate::text::to_plain_lines;

/// A printed part of an article: a headline field, a body block (its text;
/// for a photo, the caption) or a photo's credit.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(tag = "part", content = "block", rename_all = "snake_case")]
pub enum TextPart {
    Kicker,
    Title,
    Subtitle,
    Byline,
    Column,
    /// The text of body block `i` (a photo's caption).
    Block(u32),
    /// The credit of the photo in body block `i`.
    Credit(u32),
}

/// Where a part's text lies in the review text (characters).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PartSpan {
    pub part: TextPart,
    pub start: usize,
    pub len: usize,
}

impl PartSpan {
    pub fn end(&self) -> usize {
        self.start + self.len
    }
}

/// The review text: every printed part as a line (labelled), joined with `\n`.
pub fn review_text(content: &ArticleContent) -> String {
    to_plain_lines(content).join("\n")
}

fn chars(s: &str) -> usize {
    s.chars().count()
}

/// Where each part's own text lies in [`review_text`], in its order.
pub fn review_parts(content: &ArticleContent) -> Vec<PartSpan> {
    let mut out = Vec::with_capacity(content.body.len() + 6);
    let mut at = 0usize;
    let mut first = true;
    // One line: its parts (part, offset in the line, length) and its length.
    let mut line = |parts: &[(TextPart, usize, usize)], len: usize| {
        if !first {
            at += 1; // the `\n` before the line
        }
        first = false;
        for &(part, offset, n) in parts {
            out.push(PartSpan {
                part,
                start: at + offset,
                len: n,
            });
        }
        at += len;
    };
    for (part, value) in [
        (TextPart::Kicker, &content.kicker),
        (TextPart::Title, &content.title),
        (TextPart::Subtitle, &content.subtitle),
        (TextPart::Byline, &content.byline),
        (TextPart::Column, &content.column),
    ] {
        if !value.is_empty() {
            let n = chars(value);
            // 【引题】…
            line(&[(part, 4, n)], 4 + n);
        }
    }
    for (i, block) in content.body.iter().enumerate() {
        let i = u32::try_from(i).unwrap_or(u32::MAX);
        match block {
            Block::Paragraph { text } => {
                let n = chars(text);
                line(&[(TextPart::Block(i), 0, n)], n);
            }
            Block::Subhead { text } => {
                let n = chars(text);
                line(&[(TextPart::Block(i), 5, n)], 5 + n);
            }
            Block::Brief { text } => {
                let n = chars(text);
                line(&[(TextPart::Block(i), 1, n)], 1 + n);
            }
            Block::Image {
                caption, credit, ..
            } => {
                // 【图片】caption（credit）
                let (c, r) = (chars(caption), chars(credit));
                line(
                    &[
                        (TextPart::Block(i), 4, c),
                        (TextPart::Credit(i), 4 + c + 1, r),
                    ],
                    4 + c + 1 + r + 1,
                );
            }
        }
    }
    out
}

/// The text of one part.
pub fn part_text(content: &ArticleContent, part: TextPart) -> Option<&str> {
    Some(match part {
        TextPart::Kicker => &content.kicker,
        TextPart::Title => &content.title,
        TextPart::Subtitle => &content.subtitle,
        TextPart::Byline => &content.byline,
        TextPart::Column => &content.column,
        TextPart::Block(i) => content.body.get(i as usize)?.text(),
        TextPart::Credit(i) => match content.body.get(i as usize)? {
            Block::Image { credit, .. } => credit,
            _ => return None,
        },
    })
}

/// The review-text offset where `part`'s text begins.
pub fn part_start(content: &ArticleContent, part: TextPart) -> Option<usize> {
    review_parts(content)
        .into_iter()
        .find(|p| p.part == part)
        .map(|p| p.start)
}

fn slot(content: &mut ArticleContent, part: TextPart) -> Option<&mut String> {
    Some(match part {
        TextPart::Kicker => &mut content.kicker,
        TextPart::Title => &mut content.title,
        TextPart::Subtitle => &mut content.subtitle,
        TextPart::Byline => &mut content.byline,
        TextPart::Column => &mut content.column,
        TextPart::Block(i) => match content.body.get_mut(i as usize)? {
            Block::Paragraph { text } | Block::Subhead { text } | Block::Brief { text } => text,
            Block::Image { caption, .. } => caption,
        },
        TextPart::Credit(i) => match content.body.get_mut(i as usize)? {
            Block::Image { credit, .. } => credit,
            _ => return None,
        },
    })
}

fn splice(text: &str, start: usize, end: usize, new: &str) -> String {
    let mut out: String = text.chars().take(start).collect();
    out.push_str(new);
    out.extend(text.chars().skip(end));
    out
}

/// A text block of the same kind as `b`, holding `text`.
fn like(b: &Block, text: String) -> Option<Block> {
    match b {
        Block::Paragraph { .. } => Some(Block::Paragraph { text }),
        Block::Subhead { .. } => Some(Block::Subhead { text }),
        Block::Brief { .. } => Some(Block::Brief { text }),
        Block::Image { .. } => None,
    }
}

fn refuse(en: &str, zh: &str) -> CoreError {
    CoreError::invalid(en, zh)
}

/// The content with review-text characters `start..end` replaced by `new`.
///
/// The span lies inside one part's text, or runs from one body block into a
/// later one of the same kind (their text is joined: 接排). A `\n` in `new`
/// splits a body block into blocks of its kind (另起段); headline fields,
/// captions and credits stay one line. The labels (`【主题】`, `◆`) and the
/// line breaks of other parts cannot be edited.
pub fn apply_edit(
    content: &ArticleContent,
    start: usize,
    end: usize,
    new: &str,
) -> Result<ArticleContent, CoreError> {
    if start > end {
        return Err(refuse("edit span reversed", "校改位置不正确"));
    }
    let parts = review_parts(content);
    let find = |x: usize| parts.iter().find(|p| p.start <= x && x <= p.end()).copied();
    let (Some(a), Some(b)) = (find(start), find(end)) else {
        return Err(refuse(
            "edit outside the parts' text",
            "校改的位置不在稿件文字之内（不能改动“【主题】”“◆”等标记）",
        ));
    };
    let mut out = content.clone();
    if a.part == b.part {
        let text = part_text(content, a.part).unwrap_or_default();
        let changed = splice(text, start - a.start, end - a.start, new);
        if !changed.contains('\n') {
            *slot(&mut out, a.part).expect("a part of the content") = changed;
            return Ok(out);
        }
        let TextPart::Block(i) = a.part else {
            return Err(refuse(
                "line break in a one-line field",
                "标题、署名、图片说明中不能另起段",
            ));
        };
        return split_block(out, i as usize, &changed);
    }
    // From body block i into body block j: joined (接排).
    let (TextPart::Block(i), TextPart::Block(j)) = (a.part, b.part) else {
        return Err(refuse(
            "edit across parts",
            "校改只能改动同一段文字，或把相连的正文段落接排",
        ));
    };
    let (i, j) = (i as usize, j as usize);
    let kind = |k: usize| std::mem::discriminant(&content.body[k]);
    if (i..=j).any(|k| matches!(content.body[k], Block::Image { .. }) || kind(k) != kind(i)) {
        return Err(refuse(
            "join across unlike blocks",
            "只能把相连的同类正文段落接排，图片和小标题不能并入正文",
        ));
    }
    let first = content.body[i].text();
    let last = content.body[j].text();
    let mut joined: String = first.chars().take(start - a.start).collect();
    joined.push_str(new);
    joined.extend(last.chars().skip(end - b.start));
    out.body.drain(i + 1..=j);
    out.body[i] = like(&content.body[i], joined.clone()).expect("a text block");
    if joined.contains('\n') {
        return split_block(out, i, &joined);
    }
    Ok(out)
}

fn split_block(mut out: ArticleContent, i: usize, text: &str) -> Result<ArticleContent, CoreError> {
    let Some(template) = out.body.get(i).cloned() else {
        return Err(refuse("no such block", "找不到要修改的段落"));
    };
    let pieces: Vec<Block> = text
        .split('\n')
        .filter(|p| !p.trim().is_empty())
        .map(|p| like(&template, p.to_string()))
        .collect::<Option<Vec<_>>>()
        .ok_or_else(|| refuse("split a caption", "图片说明中不能另起段"))?;
    out.body.splice(i..=i, pieces);
    Ok(out)
}

/// The 校改 rule: `new` differs from `old` (both review texts) only inside
/// characters `start..end` of `old` — what lies before and after the span
/// is kept as it was.
pub fn edit_inside(old: &str, new: &str, start: usize, end: usize) -> bool {
    let old: Vec<char> = old.chars().collect();
    let new: Vec<char> = new.chars().collect();
    if old == new || start > end || end > old.len() {
        return false;
    }
    let tail = old.len() - end;
    new.len() >= start + tail
        && new[..start] == old[..start]
        && new[new.len() - tail..] == old[end..]
}

/// Where characters `start..end` of `old` are in `new` (review texts of two
/// revisions), when they are still there unchanged and nothing was put
/// between them; `None` when the passage itself changed.
pub fn rebase_span(old: &str, new: &str, start: usize, end: usize) -> Option<(usize, usize)> {
    if old == new {
        return Some((start, end));
    }
    if start >= end {
        return None;
    }
    let old_chars: Vec<char> = old.chars().collect();
    let new_chars: Vec<char> = new.chars().collect();
    if end > old_chars.len() {
        return None;
    }
    let ops = similar::capture_diff_slices(similar::Algorithm::Myers, &old_chars, &new_chars);
    let mut map: Vec<Option<usize>> = vec![None; old_chars.len()];
    for op in ops {
        if let similar::DiffOp::Equal {
            old_index,
            new_index,
            len,
        } = op
        {
            for k in 0..len {
                map[old_index + k] = Some(new_index + k);
            }
        }
    }
    let first = map[start]?;
    let last = map[end - 1]?;
    (last + 1 - first == end - start && (start..end).all(|k| map[k].is_some()))
        .then_some((first, last + 1))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn article() -> ArticleContent {
        ArticleContent {
            kicker: "引题文字".into(),
            title: "开发区召开 全体会议".into(),
            byline: "记者 林悦".into(),
            body: vec![
                Block::Paragraph {
                    text: "9月20日上午，开发区召开会议。".into(),
                },
                Block::Paragraph {
                    text: "会议要求抓好落实。".into(),
                },
                Block::Image {
                    asset_id: "a".repeat(64),
                    caption: "园区新貌".into(),
                    credit: "林悦 摄".into(),
                },
                Block::Brief {
                    text: "11月2日，某事。".into(),
                },
            ],
            ..Default::default()
        }
    }

    fn slice(s: &str, start: usize, end: usize) -> String {
        s.chars().skip(start).take(end - start).collect()
    }

    #[test]
    fn parts_point_at_their_text_in_the_review_text() {
        let c = article();
        let text = review_text(&c);
        for p in review_parts(&c) {
            assert_eq!(
                slice(&text, p.start, p.end()),
                part_text(&c, p.part).unwrap(),
                "{:?}",
                p.part
            );
        }
        // kicker, title, byline, two paragraphs, caption and credit, a brief
        assert_eq!(review_parts(&c).len(), 8);
    }

    #[test]
    fn an_edit_inside_a_paragraph_changes_only_it() {
        let c = article();
        let text = review_text(&c);
        let p = part_start(&c, TextPart::Block(0)).unwrap();
        // 召开 → 举行
        let at = p + "9月20日上午，开发区".chars().count();
        let out = apply_edit(&c, at, at + 2, "举行").unwrap();
        assert_eq!(out.body[0].text(), "9月20日上午，开发区举行会议。");
        assert_eq!(out.body[1], c.body[1]);
        assert!(edit_inside(&text, &review_text(&out), at, at + 2));
        assert!(!edit_inside(&text, &review_text(&out), at + 1, at + 2));
        // A caption and a credit are parts of their own.
        let cap = part_start(&c, TextPart::Block(2)).unwrap();
        let out = apply_edit(&c, cap, cap + 2, "厂区").unwrap();
        assert!(
            matches!(&out.body[2], Block::Image { caption, credit, .. } if caption == "厂区新貌" && credit == "林悦 摄")
        );
        let cr = part_start(&c, TextPart::Credit(2)).unwrap();
        let out = apply_edit(&c, cr + 3, cr + 4, "供图").unwrap();
        assert!(matches!(&out.body[2], Block::Image { credit, .. } if credit == "林悦 供图"));
    }

    #[test]
    fn labels_and_other_lines_cannot_be_edited() {
        let c = article();
        // inside 【主题】 (the kicker's line is 【引题】引题文字, then a break)
        assert!(apply_edit(&c, 9, 11, "x").is_err());
        assert!(apply_edit(&c, 2, 3, "x").is_err());
        // a title cannot get a line break
        let t = part_start(&c, TextPart::Title).unwrap();
        assert!(apply_edit(&c, t, t, "\n").is_err());
        // from the byline into the body
        let b = part_start(&c, TextPart::Byline).unwrap();
        let p = part_start(&c, TextPart::Block(0)).unwrap();
        assert!(apply_edit(&c, b, p + 1, "").is_err());
        // a paragraph into a photo
        let cap = part_start(&c, TextPart::Block(2)).unwrap();
        assert!(apply_edit(&c, p, cap + 1, "").is_err());
    }

    #[test]
    fn paragraphs_split_and_join() {
        let c = article();
        let p = part_start(&c, TextPart::Block(0)).unwrap();
        let at = p + "9月20日上午，".chars().count();
        let split = apply_edit(&c, at, at, "\n").unwrap();
        assert_eq!(split.body.len(), 5);
        assert_eq!(split.body[0].text(), "9月20日上午，");
        assert_eq!(split.body[1].text(), "开发区召开会议。");
        // 接排: the break between the first two paragraphs goes.
        let p1 = part_start(&c, TextPart::Block(1)).unwrap();
        let end0 = p + c.body[0].text().chars().count();
        let joined = apply_edit(&c, end0, p1, "").unwrap();
        assert_eq!(joined.body.len(), 3);
        assert_eq!(
            joined.body[0].text(),
            "9月20日上午，开发区召开会议。会议要求抓好落实。"
        );
        assert!(edit_inside(
            &review_text(&c),
            &review_text(&joined),
            end0,
            p1
        ));
    }

    #[test]
    fn a_span_follows_later_revisions_until_it_changes() {
        let old = "开发区召开会议。会议要求抓好落实。";
        let new = "9月20日，开发区召开会议。会议要求抓好落实。";
        // 落实 moved by 6 characters
        let s = old.chars().position(|c| c == '落').unwrap();
        assert_eq!(rebase_span(old, new, s, s + 2), Some((s + 6, s + 8)));
        let changed = "开发区召开会议。会议要求抓好落地。";
        assert_eq!(rebase_span(old, changed, s, s + 2), None);
        let inserted = "开发区召开会议。会议要求抓好落到实。";
        assert_eq!(rebase_span(old, inserted, s, s + 2), None);
    }
}
