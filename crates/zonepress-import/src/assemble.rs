//! From the paragraphs of any format to a proposed article: the headline
//! stack, the byline, subheads, images with captions and credits, the kind.
//!
//! Every parser produces the same thing, a list of [`Item`]s with what the
//! format knows about each paragraph (a heading style, bold, a large font).
//! This module decides what they are:
//!
//! - **A filled-in form** wins over everything: lines labelled `标题：`
//!   (`主题：`, `题目：`), `引题：`, `副题：`, `作者：` and `栏目：` among the
//!   first lines give those fields; `【工作动态】` on the first line is the 栏目.
//! - **Title (主题)**: among the first lines before the body starts (at most
//!   six, up to the first long or sentence-like paragraph): a paragraph in the
//!   Title style; else the heading of the highest level; else the largest
//!   short bold or large-font line; else the first short line that does not
//!   end like a sentence. Lines ending with `——` and lines starting with `——`
//!   are never the title; a row of table cells is never part of the
//!   headline (above it, it is passed over and noted as text before the
//!   title; after it, it starts the body). When the first paragraph is body
//!   text and a text box is anchored in it, the text box's lines are read as
//!   if they came first (a headline typed in a box at the top of the page).
//! - **No title found**: a stand-in, so that every readable file imports —
//!   the first short line of the text that is not a byline, caption or dash
//!   line (copied: it stays in the body), else the file name without its
//!   extension; the article is marked 待定标题 (note
//!   [`notes::TITLE_PENDING`]).
//! - **Kicker (引题)**: the line right before the title when it ends with a
//!   dash (`——`, `—`, `--`), or when it is set smaller than the title.
//! - **Subtitle (副题)**: the line right after the title when it starts with a
//!   dash, is in a Subtitle style, or is set smaller but still emphasised.
//!   Kicker and subtitle keep their dashes: they are printed.
//! - **Byline (作者)**: up to three lines right after the headline that read
//!   like `记者 张三`, `通讯员 李四`, `文/张三 图/李四`, `（张三 李四）` or just
//!   names, joined with a space; else a 电头 `本报讯（记者 王五）` opening the
//!   first paragraph (the 电头 is then removed from the paragraph, with a note,
//!   since the template prints the byline under the headline); else a closing
//!   line `（张三 李四）` or `通讯员 李四` at the very end.
//! - **Body**: heading-styled paragraphs and short whole-bold or `一、`-numbered
//!   lines are subheads; a paragraph starting with `图为` right after an image
//!   is its caption, with a trailing credit split off; text from tables and
//!   text boxes stays plain paragraphs. A body that is mostly `◆` items is a
//!   briefs box; a lone captioned image is a photo story.
//! - **Notes**: the text of footnotes and endnotes ends the body under the
//!   subhead `注释`, each note led by the marker the text carries.

use zonepress_core::{ArticleContent, ArticleKind, Block};

use crate::byline::{parse_byline, split_credit, split_dateline};
use crate::chars::{clean_line, collapse_spaces, len, starts_with_chinese_ordinal, trim};
use crate::error::ImportError;
use crate::fixes::suggest_for_content;
use crate::names;
use crate::notes::{self, TitleSource};
use crate::types::{ImportNote, ImportedImage, ProposedArticle};

/// Where a paragraph came from inside its document.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub(crate) enum Origin {
    #[default]
    Body,
    /// A paragraph of a table row that has a single cell.
    Table,
    /// A row of several table cells, joined into one paragraph.
    TableRow,
    TextBox,
}

/// One paragraph as a parser saw it, with the formatting hints it could read.
#[derive(Debug, Clone, Default, PartialEq)]
pub(crate) struct Para {
    pub text: String,
    /// Outline level 1–9 from a heading style, `w:outlineLvl` or `#`s.
    pub heading: Option<u8>,
    /// The document's Title style (标题 / Title).
    pub title_style: bool,
    /// The document's Subtitle style (副标题 / Subtitle).
    pub subtitle_style: bool,
    /// Every character of the paragraph is bold.
    pub bold: bool,
    /// Set in a font clearly larger than the body text.
    pub large: bool,
    /// Largest font size in the paragraph, in half-points (0 = unknown).
    pub size: u32,
    pub origin: Origin,
}

impl Para {
    pub fn plain(text: impl Into<String>) -> Self {
        Para {
            text: text.into(),
            ..Default::default()
        }
    }
    fn emphasised(&self) -> bool {
        self.heading.is_some() || self.title_style || self.bold || self.large
    }
}

#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Item {
    Text(Para),
    /// Index into [`Parsed::images`].
    Image(usize),
}

/// What a parser hands over.
#[derive(Debug, Default)]
pub(crate) struct Parsed {
    pub items: Vec<Item>,
    pub images: Vec<ImportedImage>,
    pub notes: Vec<ImportNote>,
    /// The text of footnotes and endnotes, each note's first paragraph led
    /// by its marker; appended to the body under `注释`.
    pub note_paras: Vec<String>,
}

/// The subhead the notes are appended under.
pub(crate) const NOTES_SUBHEAD: &str = "注释";
/// Longest stand-in title taken from the file name, in characters.
const MAX_FILE_NAME_TITLE: usize = 60;

const DASH_ENDS: &[&str] = &["——", "—", "--", "――", "－－"];

fn ends_with_dash(t: &str) -> bool {
    DASH_ENDS.iter().any(|d| t.ends_with(d))
}
fn starts_with_dash(t: &str) -> bool {
    DASH_ENDS.iter().any(|d| t.starts_with(d))
}
/// Short enough for a headline line.
fn short(t: &str, max: usize) -> bool {
    len(t) <= max
}
/// Reads like body text: long, or a sentence.
fn body_like(p: &Para) -> bool {
    let n = len(&p.text);
    n > 60 || (n > 25 && p.text.ends_with(['。', '，', '；']))
}

/// Turn the parsed items into a proposed article.
pub(crate) fn assemble(file_name: &str, parsed: Parsed) -> Result<ProposedArticle, ImportError> {
    let Parsed {
        items,
        images,
        mut notes,
        note_paras,
    } = parsed;
    let mut items: Vec<Item> = items
        .into_iter()
        .filter_map(|item| match item {
            Item::Text(mut p) => {
                p.text = clean_line(&p.text);
                (!p.text.is_empty()).then_some(Item::Text(p))
            }
            image => Some(image),
        })
        .collect();
    if items.is_empty() {
        return Err(ImportError::Empty);
    }

    let mut content = ArticleContent::default();
    let mut used = vec![false; items.len()];
    headline(&items, &mut used, &mut content, &mut notes);
    if content.title.is_empty()
        && let Some(reordered) = text_box_first(&items)
    {
        let mut c = ArticleContent::default();
        let mut u = vec![false; reordered.len()];
        let mut n = notes.clone();
        headline(&reordered, &mut u, &mut c, &mut n);
        if !c.title.is_empty() {
            n.push(notes::title_from_text_box(&c.title));
            (items, used, content, notes) = (reordered, u, c, n);
        }
    }
    items = items
        .into_iter()
        .zip(used)
        .filter_map(|(item, used)| (!used).then_some(item))
        .collect();

    // the 电头 of the first paragraph, then a closing byline
    if let Some(Item::Text(first)) = items.iter_mut().find(|i| matches!(i, Item::Text(_)))
        && let Some((byline, rest)) = split_dateline(&first.text)
        && (content.byline.is_empty() || content.byline == byline)
    {
        let lead = first.text[..first.text.len() - rest.len()]
            .trim()
            .to_string();
        notes.push(notes::dateline_moved(&lead));
        content.byline = byline;
        first.text = rest;
    }
    if content.byline.is_empty()
        && let Some(Item::Text(last)) = items.last()
        && let Some(byline) = parse_byline(&last.text, false)
    {
        content.byline = byline;
        items.pop();
    }

    let stand_in = if content.title.is_empty() {
        Some(match first_short_line(&items) {
            Some(line) => (line, TitleSource::Line),
            None => (file_name_title(file_name), TitleSource::FileName),
        })
    } else {
        None
    };
    content.body = body_blocks(items, &images);
    content.kind = kind_of(&mut content.body);
    if !note_paras.is_empty() {
        content.body.push(Block::Subhead {
            text: NOTES_SUBHEAD.to_string(),
        });
        content
            .body
            .extend(note_paras.into_iter().map(|text| Block::Paragraph {
                text: clean_line(&text),
            }));
    }

    // each referenced image once, in order of first use (moved, not copied)
    let mut pool: Vec<Option<ImportedImage>> = images.into_iter().map(Some).collect();
    let mut kept: Vec<ImportedImage> = Vec::new();
    for block in &content.body {
        if let Block::Image { asset_id, .. } = block
            && let Some(slot) = pool
                .iter_mut()
                .find(|s| s.as_ref().is_some_and(|i| &i.asset_id == asset_id))
        {
            kept.extend(slot.take());
        }
    }
    if content.body.is_empty() && content.title.is_empty() {
        return Err(ImportError::Empty);
    }
    if let Some((title, source)) = stand_in {
        notes.push(notes::title_pending(&title, source));
        content.title = title;
    }
    let fixes = suggest_for_content(&content);
    Ok(ProposedArticle {
        file_name: file_name.to_string(),
        content,
        images: kept,
        warnings: notes,
        fixes,
    })
}

/// Find kicker, title, subtitle, byline (and a 栏目 label) among the first
/// lines; mark the items used.
fn headline(
    items: &[Item],
    used: &mut [bool],
    content: &mut ArticleContent,
    notes: &mut Vec<ImportNote>,
) {
    // the lead: text items before the body starts, images and rows of table
    // cells above it (a masthead-like table) skipped
    let mut lead: Vec<usize> = Vec::new();
    let mut rows_above = 0;
    for (i, item) in items.iter().enumerate() {
        if let Item::Text(p) = item {
            if p.origin == Origin::TableRow && lead.is_empty() {
                rows_above += 1;
                continue;
            }
            if body_like(p) || p.origin == Origin::TableRow || lead.len() == 6 {
                break;
            }
            lead.push(i);
        }
    }
    let para = |i: usize| match &items[i] {
        Item::Text(p) => p,
        Item::Image(_) => unreachable!("the lead holds text items only"),
    };

    // a 栏目 label on top: `【工作动态】`
    if let Some(&first) = lead.first() {
        let t = &para(first).text;
        let label = t.strip_prefix('【').and_then(|r| r.strip_suffix('】'));
        if let Some(label) = label.map(trim).filter(|l| !l.is_empty() && short(l, 12)) {
            content.column = label.to_string();
            used[first] = true;
            lead.remove(0);
        }
    }

    // a labelled form some correspondents fill in: `标题：…`, `引题：…`, `作者：…`
    let mut labelled_title = false;
    lead.retain(|&i| {
        let Some((label, value)) = labelled_line(&para(i).text) else {
            return true;
        };
        match label {
            Label::Title => {
                content.title = value.to_string();
                labelled_title = true;
            }
            Label::Kicker => content.kicker = value.to_string(),
            Label::Subtitle => content.subtitle = value.to_string(),
            Label::Byline => push_byline(&mut content.byline, &collapse_spaces(value)),
            Label::Column => content.column = value.to_string(),
        }
        used[i] = true;
        false
    });
    if labelled_title {
        for &b in lead.iter().take(3) {
            match parse_byline(&para(b).text, false) {
                Some(line) => {
                    push_byline(&mut content.byline, &line);
                    used[b] = true;
                }
                None => break,
            }
        }
        return;
    }

    let candidate = |i: usize| {
        let p = para(i);
        !ends_with_dash(&p.text)
            && !starts_with_dash(&p.text)
            && parse_byline(&p.text, false).is_none()
            && short(&p.text, 60)
    };
    let cands: Vec<usize> = lead.iter().copied().filter(|&i| candidate(i)).collect();
    let title = cands
        .iter()
        .copied()
        .find(|&i| para(i).title_style)
        .or_else(|| {
            cands
                .iter()
                .copied()
                .filter(|&i| para(i).heading.is_some())
                .min_by_key(|&i| para(i).heading)
        })
        .or_else(|| {
            // the largest emphasised line; the first of equals
            let emph: Vec<usize> = cands
                .iter()
                .copied()
                .filter(|&i| (para(i).bold || para(i).large) && short(&para(i).text, 50))
                .collect();
            let max = emph.iter().map(|&i| para(i).size).max()?;
            emph.into_iter().find(|&i| para(i).size == max)
        })
        .or_else(|| {
            cands
                .iter()
                .copied()
                .find(|&i| !para(i).text.ends_with(['。', '，', '；', '：']))
        });

    let Some(title) = title else {
        // no headline: a byline may still open the text
        for &i in lead.iter().take(3) {
            match parse_byline(&para(i).text, false) {
                Some(b) => {
                    push_byline(&mut content.byline, &b);
                    used[i] = true;
                }
                None => break,
            }
        }
        return;
    };
    let pos = lead
        .iter()
        .position(|&i| i == title)
        .expect("title is in the lead");
    let t = para(title);
    content.title = t.text.clone();
    used[title] = true;
    let smaller = |p: &Para| {
        p.emphasised()
            && (p.size > 0 && t.size > 0 && p.size < t.size
                || matches!((p.heading, t.heading), (Some(a), Some(b)) if a > b)
                || (t.title_style && !p.title_style))
    };

    let mut first_used = pos;
    if pos > 0 {
        let k = lead[pos - 1];
        let p = para(k);
        if short(&p.text, 60) && (ends_with_dash(&p.text) || smaller(p)) {
            content.kicker = p.text.clone();
            used[k] = true;
            first_used = pos - 1;
        }
    }
    let mut next = pos + 1;
    if let Some(&s) = lead.get(next) {
        let p = para(s);
        let is_sub = starts_with_dash(&p.text)
            || p.subtitle_style
            || (smaller(p) && !starts_with_chinese_ordinal(&p.text));
        if is_sub && short(&p.text, 80) && parse_byline(&p.text, false).is_none() {
            content.subtitle = p.text.clone();
            used[s] = true;
            next += 1;
        }
    }
    for &b in lead.iter().skip(next).take(3) {
        match parse_byline(&para(b).text, true) {
            Some(line) => {
                push_byline(&mut content.byline, &line);
                used[b] = true;
            }
            None => break,
        }
    }
    if first_used + rows_above > 0 {
        notes.push(notes::text_before_title(first_used + rows_above));
    }
}

/// The items with the text-box lines anchored in the first paragraph moved
/// before it, when that paragraph is body text: how a headline typed in a
/// box at the top of the page reads. `None` when there is no such box.
fn text_box_first(items: &[Item]) -> Option<Vec<Item>> {
    let is_box = |i: &Item| matches!(i, Item::Text(p) if p.origin == Origin::TextBox);
    let first = items.iter().position(|i| matches!(i, Item::Text(_)))?;
    let Item::Text(p) = &items[first] else {
        return None;
    };
    if p.origin == Origin::TextBox || !body_like(p) {
        return None;
    }
    let start = first + 1;
    let end = start + items[start..].iter().take_while(|i| is_box(i)).count();
    if end == start {
        return None;
    }
    let mut out = Vec::with_capacity(items.len());
    out.extend_from_slice(&items[..first]);
    out.extend_from_slice(&items[start..end]);
    out.push(items[first].clone());
    out.extend_from_slice(&items[end..]);
    Some(out)
}

/// A stand-in title when none was found: the first short line of the text
/// that could head it (not a byline, caption, `◆` brief, dash line or clause,
/// not a row of table cells), without a closing `。`.
fn first_short_line(items: &[Item]) -> Option<String> {
    items.iter().find_map(|item| {
        let Item::Text(p) = item else {
            return None;
        };
        let t = p.text.as_str();
        let fits = !body_like(p)
            && p.origin != Origin::TableRow
            && !starts_with_dash(t)
            && !ends_with_dash(t)
            && !t.starts_with('◆')
            && !t.ends_with(['，', '；', '：', '、', ',', ';', ':'])
            && !is_caption(t)
            && parse_byline(t, false).is_none();
        let t = trim(t.strip_suffix('。').unwrap_or(t));
        (fits && !t.is_empty()).then(|| t.to_string())
    })
}

/// The file name without its extension, as a stand-in title.
fn file_name_title(file_name: &str) -> String {
    let stem = clean_line(names::stem(file_name));
    let stem: String = trim(&stem).chars().take(MAX_FILE_NAME_TITLE).collect();
    if stem.is_empty() {
        "未命名稿件".to_string()
    } else {
        stem
    }
}

enum Label {
    Title,
    Kicker,
    Subtitle,
    Byline,
    Column,
}

/// `标题：开发区召开会议` → (Title, `开发区召开会议`).
fn labelled_line(t: &str) -> Option<(Label, &str)> {
    let (name, value) = t.split_once(['：', ':'])?;
    let label = match trim(name) {
        "标题" | "主题" | "题目" | "主标题" => Label::Title,
        "引题" | "肩题" | "眉题" => Label::Kicker,
        "副题" | "副标题" => Label::Subtitle,
        "作者" | "撰稿" | "撰稿人" => Label::Byline,
        "栏目" => Label::Column,
        _ => return None,
    };
    let value = trim(value);
    (!value.is_empty()).then_some((label, value))
}

fn push_byline(byline: &mut String, line: &str) {
    if !byline.is_empty() {
        byline.push(' ');
    }
    byline.push_str(line);
}

fn is_caption(t: &str) -> bool {
    let t = t.trim_start_matches(['▲', '△', '↑', '上', '下', '左', '右']);
    t.starts_with("图为") || t.starts_with("图：")
}

fn body_blocks(items: Vec<Item>, images: &[ImportedImage]) -> Vec<Block> {
    let mut blocks = Vec::with_capacity(items.len());
    let mut iter = items.into_iter().peekable();
    while let Some(item) = iter.next() {
        match item {
            Item::Image(idx) => {
                let Some(image) = images.get(idx) else {
                    continue;
                };
                let (caption, credit) = match iter.peek() {
                    Some(Item::Text(p)) if is_caption(&p.text) => {
                        let split = split_credit(&p.text);
                        iter.next();
                        split
                    }
                    _ => (String::new(), String::new()),
                };
                blocks.push(Block::Image {
                    asset_id: image.asset_id.clone(),
                    caption,
                    credit,
                });
            }
            Item::Text(p) if p.text.is_empty() => {}
            Item::Text(p) => {
                let t = &p.text;
                // a subhead may end with `”` or `！`, never like a clause
                let shortish =
                    short(t, 30) && !t.ends_with(['。', '，', '；', '：', ',', ';', ':']);
                let subhead = p.origin == Origin::Body
                    && (p.heading.is_some()
                        || p.title_style
                        || (p.bold && shortish)
                        || (starts_with_chinese_ordinal(t) && shortish));
                blocks.push(if subhead {
                    Block::Subhead { text: p.text }
                } else {
                    Block::Paragraph { text: p.text }
                });
            }
        }
    }
    blocks
}

/// Briefs when most text blocks are `◆` items (they become brief blocks
/// without the `◆`, which the template prints); a photo story when the body is
/// one image and nothing else; news otherwise.
fn kind_of(body: &mut [Block]) -> ArticleKind {
    let texts = body
        .iter()
        .filter(|b| !matches!(b, Block::Image { .. }))
        .count();
    let briefs = body
        .iter()
        .filter(|b| matches!(b, Block::Paragraph { text } if text.starts_with('◆')))
        .count();
    if briefs >= 2 && briefs * 2 >= texts {
        for b in body.iter_mut() {
            if let Block::Paragraph { text } = b
                && let Some(rest) = text.strip_prefix('◆')
            {
                *b = Block::Brief {
                    text: trim(rest).to_string(),
                };
            }
        }
        return ArticleKind::Briefs;
    }
    if texts == 0 && body.len() == 1 {
        return ArticleKind::Photo;
    }
    ArticleKind::News
}
