//! A small PDF reader for what verification needs, in pure Rust (on the
//! `hayro` crates Typst already links for PDF images): the text of each page
//! in the order it is drawn, decoded through the fonts' ToUnicode maps, and
//! the files attached to the document.
//!
//! Typst draws text in reading order (headline, then column after column),
//! so the drawing order is the reading order.

use hayro_interpret::font::Glyph;
use hayro_interpret::hayro_cmap::BfString;
use hayro_interpret::hayro_syntax::Pdf;
use hayro_interpret::hayro_syntax::object::{Array, Dict, Stream};
use hayro_interpret::{
    BlendMode, ClipPath, Context, Device, GlyphDrawMode, Image, InterpreterCache,
    InterpreterSettings, Paint, PathDrawMode, SoftMask, TransformExt, interpret_page,
};
use kurbo::{Affine, BezPath, Point, Rect, Shape};

/// Collects the Unicode text of the glyphs drawn, breaking lines where the
/// baseline moves or the pen goes back. Glyphs outside the current clip are
/// not printed and not collected: text cut off at a box is not "in" the PDF.
struct TextDevice {
    text: String,
    last: Option<Point>,
    clips: Vec<Rect>,
}

impl TextDevice {
    fn new(page: Rect) -> TextDevice {
        TextDevice {
            text: String::new(),
            last: None,
            clips: vec![page],
        }
    }

    fn visible(&self, at: Point) -> bool {
        self.clips
            .last()
            .is_none_or(|clip| clip.inflate(0.5, 0.5).contains(at))
    }
}

impl<'a> Device<'a> for TextDevice {
    fn set_soft_mask(&mut self, _: Option<SoftMask<'a>>) {}
    fn set_blend_mode(&mut self, _: BlendMode) {}
    fn draw_path(&mut self, _: &BezPath, _: Affine, _: &Paint<'a>, _: &PathDrawMode) {}
    fn push_clip_path(&mut self, clip: &ClipPath) {
        let rect = clip.path.bounding_box();
        let current = self.clips.last().copied().unwrap_or(rect);
        self.clips.push(current.intersect(rect));
    }
    fn push_transparency_group(&mut self, _: f32, _: Option<SoftMask<'a>>, _: BlendMode) {}
    fn draw_glyph(
        &mut self,
        glyph: &Glyph<'a>,
        transform: Affine,
        glyph_transform: Affine,
        _: &Paint<'a>,
        _: &GlyphDrawMode,
    ) {
        let to_page = transform * glyph_transform;
        let at = to_page * Point::ORIGIN;
        // Glyph space has 1000 units to the em. Compressed CJK punctuation
        // keeps its ink in one half of the em box (the left half of a closing
        // mark at a line end, the right half of an opening one at a line
        // start), so a glyph counts as shown when either half is inside.
        let shown = [250.0, 750.0]
            .into_iter()
            .any(|x| self.visible(to_page * Point::new(x, 350.0)));
        if !shown {
            return;
        }
        if let Some(last) = self.last
            && ((at.y - last.y).abs() > 2.0 || at.x + 2.0 < last.x)
        {
            self.text.push('\n');
        }
        self.last = Some(at);
        match glyph.as_unicode() {
            Some(BfString::Char(c)) => self.text.push(c),
            Some(BfString::String(s)) => self.text.push_str(&s),
            None => self.text.push('\u{FFFD}'),
        }
    }
    fn draw_image(&mut self, _: Image<'a, '_>, _: Affine) {}
    fn pop_clip_path(&mut self) {
        if self.clips.len() > 1 {
            self.clips.pop();
        }
    }
    fn pop_transparency_group(&mut self) {}
}

/// The PDF could not be parsed.
#[derive(Debug)]
pub struct Unreadable;

/// The text of each page, in drawing order.
pub fn page_texts(pdf: &[u8]) -> Result<Vec<String>, Unreadable> {
    let pdf = Pdf::new(pdf.to_vec()).map_err(|_| Unreadable)?;
    let cache = InterpreterCache::new();
    let mut out = vec![];
    for page in pdf.pages().iter() {
        let (w, h) = page.render_dimensions();
        let bounds = Rect::new(0.0, 0.0, f64::from(w), f64::from(h));
        let mut context = Context::new(
            page.initial_transform(true).to_kurbo(),
            bounds,
            &cache,
            pdf.xref(),
            InterpreterSettings::default(),
        );
        let mut device = TextDevice::new(bounds);
        interpret_page(page, &mut context, &mut device);
        out.push(device.text);
    }
    Ok(out)
}

/// The attached files (name, bytes) from the document's EmbeddedFiles tree.
pub fn attachments(pdf: &[u8]) -> Result<Vec<(String, Vec<u8>)>, Unreadable> {
    let pdf = Pdf::new(pdf.to_vec()).map_err(|_| Unreadable)?;
    let xref = pdf.xref();
    let mut out = vec![];
    let Some(catalog) = xref.get::<Dict<'_>>(xref.root_id()) else {
        return Err(Unreadable);
    };
    if let Some(tree) = catalog
        .get::<Dict<'_>>(b"Names")
        .and_then(|names| names.get::<Dict<'_>>(b"EmbeddedFiles"))
    {
        collect(&tree, &mut out, 0);
    }
    Ok(out)
}

/// Walk a name tree of file specifications.
fn collect(node: &Dict<'_>, out: &mut Vec<(String, Vec<u8>)>, depth: u32) {
    if depth > 16 {
        return;
    }
    if let Some(kids) = node.get::<Array<'_>>(b"Kids") {
        for kid in kids.iter::<Dict<'_>>() {
            collect(&kid, out, depth + 1);
        }
    }
    if let Some(names) = node.get::<Array<'_>>(b"Names") {
        let mut items = names.flex_iter();
        while let Some(name) = items.next::<hayro_interpret::hayro_syntax::object::String<'_>>() {
            let Some(spec) = items.next::<Dict<'_>>() else {
                break;
            };
            let file = spec
                .get::<Dict<'_>>(b"EF")
                .and_then(|ef| ef.get::<Stream<'_>>(b"F"));
            if let Some(data) = file.and_then(|f| f.decoded().ok()) {
                out.push((decode_text(name.as_bytes()), data.into_owned()));
            }
        }
    }
}

/// A PDF text string: UTF-16BE with a byte order mark, else Latin-1.
fn decode_text(bytes: &[u8]) -> String {
    if let Some(rest) = bytes.strip_prefix(&[0xFE, 0xFF]) {
        let units: Vec<u16> = rest
            .chunks_exact(2)
            .map(|c| u16::from_be_bytes([c[0], c[1]]))
            .collect();
        String::from_utf16_lossy(&units)
    } else {
        bytes.iter().map(|&b| char::from(b)).collect()
    }
}
