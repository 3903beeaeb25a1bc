//! `word/document.xml` to paragraphs and image references.
//!
//! - runs: text of `w:t`, `w:tab` as a space, `w:br` / `w:cr` split the
//!   paragraph (a heading's line break becomes a space instead), `w:sym` and
//!   `w:noBreakHyphen` as characters; hidden text (`w:vanish`) is dropped;
//! - tracked changes: insertions kept, deletions dropped (as if accepted),
//!   the characters of each counted for the warning;
//! - footnote and endnote references: a marker ①②… where the note was
//!   referenced (the notes' text is read by [`read_notes`] and appended by
//!   the caller);
//! - comments: only counted (their text lives in another part);
//! - `mc:AlternateContent`: the first choice is read, the fallback skipped
//!   (Word writes every text box and picture twice);
//! - tables: one paragraph per row, cells separated by U+3000; a row with a
//!   single non-empty cell (a story typed in a one-cell box, a merged
//!   caption row) keeps that cell's paragraphs as they are;
//! - text boxes (`w:txbxContent`): their paragraphs follow the paragraph
//!   they are anchored in;
//! - pictures: `a:blip r:embed` (DrawingML) and `v:imagedata r:id` (VML).

use std::collections::{HashMap, HashSet};

use super::styles::{StyleRole, Styles};
use super::xml::{Ns, XmlEvent, attr, on_off, walk};
use crate::assemble::Origin;
use crate::error::ImportError;

/// A paragraph (or a piece of one between line breaks) as read.
#[derive(Debug, Clone, Default)]
pub(crate) struct DocPara {
    pub text: String,
    pub role: Option<StyleRole>,
    pub bold: bool,
    /// Largest font size, half-points (0 if unknown).
    pub size: u32,
    pub origin: Origin,
}

#[derive(Debug, Clone)]
pub(crate) enum DocItem {
    Para(DocPara),
    /// A relationship id of a picture.
    Image(String),
    /// A relationship id of a linked (not embedded) picture.
    LinkedImage(String),
}

/// Footnote or endnote.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub(crate) enum NoteKind {
    Foot,
    End,
}

/// The text of a document's footnotes and endnotes by (kind, id): each note
/// as its paragraphs.
pub(crate) type NoteTexts = HashMap<(NoteKind, String), Vec<String>>;

/// What the document holds besides its text, for the notes.
#[derive(Debug, Default)]
pub(crate) struct Found {
    pub table_rows: usize,
    pub text_boxes: usize,
    /// The notes referenced, in order of first reference; the marker of
    /// note `i` is [`note_marker`]`(i + 1)`.
    pub notes: Vec<(NoteKind, String)>,
    /// References to a note whose text is missing or empty.
    pub notes_missing: usize,
    /// Distinct comment ids anchored in the text.
    pub comments: HashSet<String>,
    /// Tracked changes were found (even if only empty ones).
    pub tracked_changes: bool,
    /// Characters of tracked insertions kept and deletions dropped.
    pub inserted_chars: usize,
    pub deleted_chars: usize,
    pub numbering: bool,
    pub charts: bool,
}

impl Found {
    /// Add what was found in another part (the notes).
    pub fn merge(&mut self, other: Found) {
        self.table_rows += other.table_rows;
        self.text_boxes += other.text_boxes;
        self.comments.extend(other.comments);
        self.tracked_changes |= other.tracked_changes;
        self.inserted_chars += other.inserted_chars;
        self.deleted_chars += other.deleted_chars;
        self.numbering |= other.numbering;
        self.charts |= other.charts;
    }
}

/// The marker of the `n`th note (from 1): ①–㊿, then 〔51〕.
pub(crate) fn note_marker(n: usize) -> String {
    let c = match n {
        1..=20 => char::from_u32(0x2460 + n as u32 - 1),
        21..=35 => char::from_u32(0x3251 + n as u32 - 21),
        36..=50 => char::from_u32(0x32B1 + n as u32 - 36),
        _ => None,
    };
    match c {
        Some(c) => c.to_string(),
        None => format!("〔{n}〕"),
    }
}

#[derive(Debug, Default)]
struct TextRun {
    text: String,
    bold_chars: usize,
    chars: usize,
    max_size: u32,
}

#[derive(Debug)]
enum Seg {
    Text(TextRun),
    Break,
    Image(String),
    LinkedImage(String),
}

#[derive(Debug, Default)]
struct ParaBuilder {
    style: Option<String>,
    outline: Option<u8>,
    segs: Vec<Seg>,
    origin: Origin,
}

impl ParaBuilder {
    fn text_run(&mut self) -> &mut TextRun {
        if !matches!(self.segs.last(), Some(Seg::Text(_))) {
            self.segs.push(Seg::Text(TextRun::default()));
        }
        match self.segs.last_mut() {
            Some(Seg::Text(run)) => run,
            _ => unreachable!("a text segment was just pushed"),
        }
    }
}

#[derive(Debug, Default)]
struct RunProps {
    bold: Option<bool>,
    size: Option<u32>,
    style: Option<String>,
    hidden: bool,
}

#[derive(Debug, Default)]
struct Table {
    /// Text-box depth when the table started, to tell its cells from a text
    /// box inside a cell.
    textbox_depth: usize,
    /// The non-empty cells of the row so far, each as its items.
    row: Vec<Vec<DocItem>>,
    cell: Option<Vec<DocItem>>,
}

impl Table {
    fn push(&mut self, item: DocItem) {
        self.cell.get_or_insert_with(Vec::new).push(item);
    }
}

struct Walker<'s> {
    part: &'s str,
    styles: &'s Styles,
    items: Vec<DocItem>,
    found: Found,
    paras: Vec<ParaBuilder>,
    tables: Vec<Table>,
    textbox_depth: usize,
    /// Paragraphs of text boxes, emitted after the paragraph they are anchored in.
    pending: Vec<DocItem>,
    run: RunProps,
    /// Open elements, innermost last (W namespace local names; others as "").
    stack: Vec<(Ns, String)>,
    /// While skipping a subtree: the stack depth where it started.
    skip_from: Option<usize>,
    /// The subtree skipped is a tracked deletion: its text is counted.
    skipping_deletion: bool,
    /// Depth of tracked insertions around the current run.
    ins_depth: usize,
    in_text: bool,
    /// The notes the references may point to; `None` while reading the notes themselves.
    note_texts: Option<&'s NoteTexts>,
    /// While reading a notes part: the note being read and where its items start.
    note: Option<(NoteKind, String, usize)>,
    /// The notes read from a notes part: (kind, id, items range).
    notes_read: Vec<(NoteKind, String, std::ops::Range<usize>)>,
}

impl<'s> Walker<'s> {
    fn new(part: &'s str, styles: &'s Styles, note_texts: Option<&'s NoteTexts>) -> Self {
        Walker {
            part,
            styles,
            items: Vec::new(),
            found: Found::default(),
            paras: Vec::new(),
            tables: Vec::new(),
            textbox_depth: 0,
            pending: Vec::new(),
            run: RunProps::default(),
            stack: Vec::new(),
            skip_from: None,
            skipping_deletion: false,
            ins_depth: 0,
            in_text: false,
            note_texts,
            note: None,
            notes_read: Vec::new(),
        }
    }
}

/// Read the body of the main document part. A reference to a note found in
/// `note_texts` gets its marker; the notes referenced are listed in
/// [`Found::notes`].
pub(crate) fn read_document(
    part: &str,
    xml: &str,
    styles: &Styles,
    note_texts: &NoteTexts,
    max_depth: usize,
) -> Result<(Vec<DocItem>, Found), ImportError> {
    let mut w = Walker::new(part, styles, Some(note_texts));
    walk(part, xml, max_depth, |ev| w.event(ev))?;
    let pending = std::mem::take(&mut w.pending);
    w.items.extend(pending);
    Ok((w.items, w.found))
}

/// Read a footnotes or endnotes part: the text of each note, by id (the
/// separators Word writes are not notes). Pictures in notes are left out.
pub(crate) fn read_notes(
    part: &str,
    xml: &str,
    styles: &Styles,
    kind: NoteKind,
    max_depth: usize,
    into: &mut NoteTexts,
) -> Result<Found, ImportError> {
    let mut w = Walker::new(part, styles, None);
    walk(part, xml, max_depth, |ev| w.event(ev))?;
    for (k, id, range) in std::mem::take(&mut w.notes_read) {
        if k != kind {
            continue;
        }
        let paras: Vec<String> = w.items[range]
            .iter()
            .filter_map(|item| match item {
                DocItem::Para(p) if !p.text.trim().is_empty() => Some(p.text.trim().to_string()),
                _ => None,
            })
            .collect();
        into.insert((kind, id), paras);
    }
    Ok(w.found)
}

impl Walker<'_> {
    fn parent(&self) -> Option<&str> {
        self.stack.iter().rev().nth(1).map(|(_, n)| n.as_str())
    }

    fn event(&mut self, ev: XmlEvent<'_, '_>) -> Result<(), ImportError> {
        match ev {
            XmlEvent::Start { ns, name, element } => {
                self.stack.push((ns, name.to_string()));
                if self.skip_from.is_some() {
                    return Ok(());
                }
                self.start(ns, name, element)
            }
            XmlEvent::End { ns, name } => {
                if let Some(from) = self.skip_from {
                    if self.stack.len() == from {
                        self.skip_from = None;
                        self.skipping_deletion = false;
                    }
                    self.stack.pop();
                    return Ok(());
                }
                self.end(ns, name);
                self.stack.pop();
                Ok(())
            }
            XmlEvent::Text(t) => {
                if self.skip_from.is_none() {
                    if self.in_text && !self.run.hidden {
                        self.push_text(&t);
                    }
                } else if self.skipping_deletion
                    && matches!(self.stack.last(), Some((Ns::W, n)) if n == "delText" || n == "t")
                {
                    self.found.deleted_chars += t.chars().filter(|c| !c.is_whitespace()).count();
                }
                Ok(())
            }
        }
    }

    fn skip(&mut self) {
        self.skip_from = Some(self.stack.len());
    }

    fn start(
        &mut self,
        ns: Ns,
        name: &str,
        e: &quick_xml::events::BytesStart<'_>,
    ) -> Result<(), ImportError> {
        let part = self.part;
        match (ns, name) {
            (Ns::Mc, "Fallback") => self.skip(),
            (Ns::W, "del" | "moveFrom") => {
                self.found.tracked_changes = true;
                self.skip();
                self.skipping_deletion = true;
            }
            (Ns::W, "ins" | "moveTo") => {
                self.found.tracked_changes = true;
                self.ins_depth += 1;
            }
            (Ns::W, "footnote" | "endnote") if self.note_texts.is_none() => {
                // separators and continuation notices are not notes
                let normal = attr(part, e, "type")?.is_none_or(|t| t == "normal");
                match attr(part, e, "id")? {
                    Some(id) if normal => {
                        let kind = if name == "footnote" {
                            NoteKind::Foot
                        } else {
                            NoteKind::End
                        };
                        self.note = Some((kind, id, self.items.len()));
                    }
                    _ => self.skip(),
                }
            }
            (Ns::W, "pPrChange" | "rPrChange" | "sdtPr" | "sdtEndPr" | "instrText") => self.skip(),
            (Ns::W, "p") => {
                let origin = self.origin_here();
                self.paras.push(ParaBuilder {
                    origin,
                    ..Default::default()
                });
            }
            (Ns::W, "pStyle") if self.parent() == Some("pPr") => {
                if let Some(p) = self.paras.last_mut() {
                    p.style = attr(part, e, "val")?;
                }
            }
            (Ns::W, "outlineLvl") if self.parent() == Some("pPr") => {
                if let Some(p) = self.paras.last_mut() {
                    p.outline = attr(part, e, "val")?
                        .and_then(|v| v.parse::<u8>().ok())
                        .map(|v| v.saturating_add(1));
                }
            }
            (Ns::W, "numPr") if self.parent() == Some("pPr") => self.found.numbering = true,
            (Ns::W, "r") => self.run = RunProps::default(),
            (Ns::W, "b") if self.in_run_props() => self.run.bold = Some(on_off(part, e)?),
            (Ns::W, "sz") if self.in_run_props() => {
                self.run.size = attr(part, e, "val")?.and_then(|v| v.parse().ok());
            }
            (Ns::W, "rStyle") if self.in_run_props() => self.run.style = attr(part, e, "val")?,
            (Ns::W, "vanish") if self.in_run_props() => self.run.hidden = on_off(part, e)?,
            (Ns::W, "t") => self.in_text = true,
            (Ns::W, "tab") if self.parent() == Some("r") => self.push_text(" "),
            (Ns::W, "noBreakHyphen") => self.push_text("-"),
            (Ns::W, "sym") => {
                let c = attr(part, e, "char")?
                    .and_then(|h| u32::from_str_radix(&h, 16).ok())
                    .and_then(char::from_u32)
                    .filter(|c| !('\u{E000}'..='\u{F8FF}').contains(c));
                if let Some(c) = c {
                    self.push_text(&c.to_string());
                }
            }
            (Ns::W, "br" | "cr") if self.parent() == Some("r") => {
                if let Some(p) = self.paras.last_mut() {
                    p.segs.push(Seg::Break);
                }
            }
            (Ns::W, "footnoteReference" | "endnoteReference") if !self.run.hidden => {
                let kind = if name == "footnoteReference" {
                    NoteKind::Foot
                } else {
                    NoteKind::End
                };
                let id = attr(part, e, "id")?.unwrap_or_default();
                self.note_reference(kind, id);
            }
            (Ns::W, "commentReference" | "commentRangeStart") => {
                let id = attr(part, e, "id")?.unwrap_or_default();
                self.found.comments.insert(id);
            }
            (Ns::W, "txbxContent") => {
                self.textbox_depth += 1;
                self.found.text_boxes += 1;
            }
            (Ns::W, "tbl") => self.tables.push(Table {
                textbox_depth: self.textbox_depth,
                ..Default::default()
            }),
            (Ns::W, "tr") => {
                if let Some(t) = self.tables.last_mut() {
                    t.row.clear();
                }
            }
            (Ns::W, "tc") => {
                if let Some(t) = self.tables.last_mut() {
                    t.cell = Some(Vec::new());
                }
            }
            (Ns::A, "blip") => {
                if let Some(id) = attr(part, e, "embed")? {
                    self.push_image(Seg::Image(id));
                } else if let Some(id) = attr(part, e, "link")? {
                    self.push_image(Seg::LinkedImage(id));
                }
            }
            (Ns::V, "imagedata") => {
                if let Some(id) = attr(part, e, "id")? {
                    self.push_image(Seg::Image(id));
                }
            }
            (Ns::Chart, "chart") => self.found.charts = true,
            (Ns::W, "object") => self.found.charts = true,
            _ => {}
        }
        Ok(())
    }

    fn end(&mut self, ns: Ns, name: &str) {
        match (ns, name) {
            (Ns::W, "t") => self.in_text = false,
            (Ns::W, "p") => {
                if let Some(p) = self.paras.pop() {
                    self.finish_paragraph(p);
                }
            }
            (Ns::W, "ins" | "moveTo") => self.ins_depth = self.ins_depth.saturating_sub(1),
            (Ns::W, "footnote" | "endnote") => {
                if let Some((kind, id, start)) = self.note.take() {
                    let pending = std::mem::take(&mut self.pending);
                    self.items.extend(pending);
                    self.notes_read.push((kind, id, start..self.items.len()));
                }
            }
            (Ns::W, "txbxContent") => self.textbox_depth = self.textbox_depth.saturating_sub(1),
            (Ns::W, "tc") => {
                if let Some(t) = self.tables.last_mut()
                    && let Some(cell) = t.cell.take()
                    && !cell.is_empty()
                {
                    t.row.push(cell);
                }
            }
            (Ns::W, "tr") => {
                if let Some(t) = self.tables.last_mut() {
                    let cells = std::mem::take(&mut t.row);
                    self.found.table_rows += 1;
                    let out = row_items(cells);
                    self.emit_row(out);
                }
            }
            (Ns::W, "tbl") => {
                self.tables.pop();
            }
            _ => {}
        }
    }

    fn in_run_props(&self) -> bool {
        self.parent() == Some("rPr")
            && self
                .stack
                .iter()
                .rev()
                .nth(2)
                .is_some_and(|(_, n)| n == "r")
    }

    /// Where a paragraph starting now belongs.
    fn origin_here(&self) -> Origin {
        match self.tables.last() {
            Some(t) if t.textbox_depth == self.textbox_depth && t.cell.is_some() => Origin::Table,
            _ if self.textbox_depth > 0 => Origin::TextBox,
            _ => Origin::Body,
        }
    }

    fn push_text(&mut self, s: &str) {
        let bold = self.run_bold();
        let size = self.run_size();
        let n = s.chars().filter(|c| !c.is_whitespace()).count();
        let Some(p) = self.paras.last_mut() else {
            return;
        };
        let run = p.text_run();
        run.text.push_str(s);
        run.chars += n;
        if bold {
            run.bold_chars += n;
        }
        if n > 0 {
            run.max_size = run.max_size.max(size);
        }
        if self.ins_depth > 0 {
            self.found.inserted_chars += n;
        }
    }

    /// A reference to a footnote or endnote: its marker in the text, the
    /// note listed (once) in the order of first reference.
    fn note_reference(&mut self, kind: NoteKind, id: String) {
        let known = self
            .note_texts
            .and_then(|n| n.get(&(kind, id.clone())))
            .is_some_and(|paras| !paras.is_empty());
        if !known {
            self.found.notes_missing += 1;
            return;
        }
        let key = (kind, id);
        let n = match self.found.notes.iter().position(|k| *k == key) {
            Some(i) => i + 1,
            None => {
                self.found.notes.push(key);
                self.found.notes.len()
            }
        };
        if let Some(p) = self.paras.last_mut() {
            // a marker, not the author's characters: not counted for bold
            p.text_run().text.push_str(&note_marker(n));
        }
    }

    fn push_image(&mut self, seg: Seg) {
        // a picture outside any paragraph (rare) still needs a home
        if self.paras.is_empty() {
            self.paras.push(ParaBuilder::default());
        }
        if let Some(p) = self.paras.last_mut() {
            p.segs.push(seg);
        }
    }

    fn para_style(&self) -> Option<&str> {
        let p = self.paras.last()?;
        self.styles.paragraph_style(p.style.as_deref())
    }

    fn run_bold(&self) -> bool {
        if let Some(b) = self.run.bold {
            return b;
        }
        if let Some(b) = self.run.style.as_deref().and_then(|s| self.styles.bold(s)) {
            return b;
        }
        if let Some(b) = self.para_style().and_then(|s| self.styles.bold(s)) {
            return b;
        }
        self.styles.default_bold()
    }

    fn run_size(&self) -> u32 {
        self.run
            .size
            .or_else(|| self.run.style.as_deref().and_then(|s| self.styles.size(s)))
            .or_else(|| self.para_style().and_then(|s| self.styles.size(s)))
            .or(self.styles.default_size)
            .unwrap_or(0)
    }

    fn finish_paragraph(&mut self, p: ParaBuilder) {
        let style = self.styles.paragraph_style(p.style.as_deref());
        let role = match p.outline {
            Some(l @ 1..=9) => Some(StyleRole::Heading(l)),
            _ => style.and_then(|s| self.styles.role(s)),
        };
        let headline = role.is_some();
        let mut out: Vec<DocItem> = Vec::new();
        let mut acc = TextRun::default();
        let flush = |acc: &mut TextRun, out: &mut Vec<DocItem>| {
            let run = std::mem::take(acc);
            if !run.text.trim().is_empty() {
                out.push(DocItem::Para(DocPara {
                    text: run.text,
                    role,
                    bold: run.chars > 0 && run.bold_chars == run.chars,
                    size: run.max_size,
                    origin: p.origin,
                }));
            }
        };
        for seg in p.segs {
            match seg {
                Seg::Text(run) => {
                    acc.text.push_str(&run.text);
                    acc.chars += run.chars;
                    acc.bold_chars += run.bold_chars;
                    acc.max_size = acc.max_size.max(run.max_size);
                }
                // a line break inside a headline is a space; elsewhere a new paragraph
                Seg::Break if headline => acc.text.push(' '),
                Seg::Break => flush(&mut acc, &mut out),
                Seg::Image(id) => {
                    flush(&mut acc, &mut out);
                    out.push(DocItem::Image(id));
                }
                Seg::LinkedImage(id) => {
                    flush(&mut acc, &mut out);
                    out.push(DocItem::LinkedImage(id));
                }
            }
        }
        flush(&mut acc, &mut out);

        match p.origin {
            Origin::TextBox => self.pending.extend(out),
            Origin::Table => {
                // the table outlives its paragraphs (end tags are checked)
                let Some(t) = self.tables.last_mut() else {
                    return self.emit(out);
                };
                for item in out {
                    t.push(item);
                }
            }
            Origin::Body | Origin::TableRow => self.emit(out),
        }
    }

    /// Emit a body paragraph, followed by the text boxes anchored in it.
    fn emit(&mut self, out: Vec<DocItem>) {
        self.items.extend(out);
        let pending = std::mem::take(&mut self.pending);
        self.items.extend(pending);
    }

    /// Emit a finished table row: into the enclosing cell for a nested table,
    /// after the anchor for a table inside a text box, else into the body.
    fn emit_row(&mut self, out: Vec<DocItem>) {
        let n = self.tables.len();
        if n >= 2 && self.tables[n - 2].textbox_depth == self.tables[n - 1].textbox_depth {
            let outer = &mut self.tables[n - 2];
            for item in out {
                outer.push(item);
            }
        } else if self.tables.last().is_some_and(|t| t.textbox_depth > 0) {
            self.pending.extend(out);
        } else {
            self.emit(out);
        }
    }
}

/// The items of a finished table row. A row of several cells is one
/// paragraph, the cells (and the paragraphs inside a cell) separated by
/// U+3000, after the row's pictures; a row with a single cell keeps that
/// cell's paragraphs and pictures as they are.
fn row_items(mut cells: Vec<Vec<DocItem>>) -> Vec<DocItem> {
    if cells.len() == 1 {
        return cells.pop().unwrap_or_default();
    }
    let mut out = Vec::new();
    let mut texts: Vec<String> = Vec::new();
    for cell in cells {
        let mut paras: Vec<String> = Vec::new();
        for item in cell {
            match item {
                DocItem::Para(p) => paras.push(p.text.trim().to_string()),
                image => out.push(image),
            }
        }
        if !paras.is_empty() {
            texts.push(paras.join("\u{3000}"));
        }
    }
    if !texts.is_empty() {
        out.push(DocItem::Para(DocPara {
            text: texts.join("\u{3000}"),
            origin: Origin::TableRow,
            ..Default::default()
        }));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::note_marker;

    #[test]
    fn note_markers_are_circled_numbers_then_bracketed() {
        let m: Vec<String> = [1, 20, 21, 35, 36, 50, 51].map(note_marker).to_vec();
        assert_eq!(m, ["①", "⑳", "㉑", "㉟", "㊱", "㊿", "〔51〕"]);
    }
}
