//! `word/document.xml` to paragraphs and image references.
//!
//! - runs: text of `w:t`, `w:tab` as a space, `w:br` / `w:cr` split the
//!   paragraph (a heading's line break becomes a space instead), `w:sym` and
//!   `w:noBreakHyphen` as characters; hidden text (`w:vanish`) is dropped;
//! - tracked changes: insertions kept, deletions dropped (as if accepted);
//! - `mc:AlternateContent`: the first choice is read, the fallback skipped
//!   (Word writes every text box and picture twice);
//! - tables: one paragraph per row, cells separated by U+3000;
//! - text boxes (`w:txbxContent`): their paragraphs follow the paragraph
//!   they are anchored in;
//! - pictures: `a:blip r:embed` (DrawingML) and `v:imagedata r:id` (VML).

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

/// What the document holds besides its text, for the notes.
#[derive(Debug, Default)]
pub(crate) struct Found {
    pub table_rows: usize,
    pub text_boxes: usize,
    pub footnotes: bool,
    pub comments: bool,
    pub tracked_changes: bool,
    pub numbering: bool,
    pub charts: bool,
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
    row: Vec<String>,
    row_images: Vec<DocItem>,
    cell: Option<String>,
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
    in_text: bool,
}

/// Read the body of the main document part.
pub(crate) fn read_document(
    part: &str,
    xml: &str,
    styles: &Styles,
    max_depth: usize,
) -> Result<(Vec<DocItem>, Found), ImportError> {
    let mut w = Walker {
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
        in_text: false,
    };
    walk(part, xml, max_depth, |ev| w.event(ev))?;
    let pending = std::mem::take(&mut w.pending);
    w.items.extend(pending);
    Ok((w.items, w.found))
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
                    }
                    self.stack.pop();
                    return Ok(());
                }
                self.end(ns, name);
                self.stack.pop();
                Ok(())
            }
            XmlEvent::Text(t) => {
                if self.skip_from.is_none() && self.in_text && !self.run.hidden {
                    self.push_text(&t);
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
            }
            (Ns::W, "ins" | "moveTo") => self.found.tracked_changes = true,
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
            (Ns::W, "footnoteReference" | "endnoteReference") => self.found.footnotes = true,
            (Ns::W, "commentReference" | "commentRangeStart") => self.found.comments = true,
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
                    t.cell = Some(String::new());
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
            (Ns::W, "txbxContent") => self.textbox_depth = self.textbox_depth.saturating_sub(1),
            (Ns::W, "tc") => {
                if let Some(t) = self.tables.last_mut()
                    && let Some(cell) = t.cell.take()
                    && !cell.trim().is_empty()
                {
                    t.row.push(cell);
                }
            }
            (Ns::W, "tr") => {
                if let Some(t) = self.tables.last_mut() {
                    let cells = std::mem::take(&mut t.row);
                    let images = std::mem::take(&mut t.row_images);
                    let text = cells.join("\u{3000}");
                    self.found.table_rows += 1;
                    let mut out = images;
                    if !text.is_empty() {
                        out.push(DocItem::Para(DocPara {
                            text,
                            origin: Origin::Table,
                            ..Default::default()
                        }));
                    }
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
        let Some(p) = self.paras.last_mut() else {
            return;
        };
        let run = p.text_run();
        run.text.push_str(s);
        let n = s.chars().filter(|c| !c.is_whitespace()).count();
        run.chars += n;
        if bold {
            run.bold_chars += n;
        }
        if n > 0 {
            run.max_size = run.max_size.max(size);
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
                    match item {
                        DocItem::Para(para) => {
                            let cell = t.cell.get_or_insert_with(String::new);
                            if !cell.is_empty() {
                                cell.push('\u{3000}');
                            }
                            cell.push_str(para.text.trim());
                        }
                        image => t.row_images.push(image),
                    }
                }
            }
            Origin::Body => self.emit(out),
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
                match item {
                    DocItem::Para(p) => {
                        let cell = outer.cell.get_or_insert_with(String::new);
                        if !cell.is_empty() {
                            cell.push('\u{3000}');
                        }
                        cell.push_str(&p.text);
                    }
                    image => outer.row_images.push(image),
                }
            }
        } else if self.tables.last().is_some_and(|t| t.textbox_depth > 0) {
            self.pending.extend(out);
        } else {
            self.emit(out);
        }
    }
}
