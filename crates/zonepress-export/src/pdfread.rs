//! A small PDF reader for what verification needs, in pure Rust (on the
//! `hayro` crates Typst already links for PDF images): the text of each page
//! in the order it is drawn, decoded through the fonts' ToUnicode maps, and
//! the files attached to the document.
//!
//! Typst draws text in reading order (headline, then column after column),
//! so the drawing order is the reading order.
//!
//! A PDF to verify comes from a user, so nothing here trusts it: only the
//! attachment named `manifest.json` is decoded, through an inflater that
//! stops at [`MAX_MANIFEST_BYTES`]; the text collected stops at
//! [`MAX_TEXT_CHARS`] and [`MAX_PAGES`]. What the interpreter itself
//! decodes (content streams, fonts) is bounded by the process it runs in:
//! the api crate parses user PDFs in a child process with limits on memory,
//! CPU time and stack.

use hayro_interpret::font::Glyph;
use hayro_interpret::hayro_cmap::BfString;
use hayro_interpret::hayro_syntax::object::{Array, Dict, Stream};
use hayro_interpret::hayro_syntax::{Filter, Pdf};
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
    /// Characters this page may still collect.
    budget: usize,
}

impl TextDevice {
    fn new(page: Rect, budget: usize) -> TextDevice {
        TextDevice {
            text: String::new(),
            last: None,
            clips: vec![page],
            budget,
        }
    }

    fn push(&mut self, c: char) {
        if self.budget > 0 {
            self.budget -= 1;
            self.text.push(c);
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
            self.push('\n');
        }
        self.last = Some(at);
        match glyph.as_unicode() {
            Some(BfString::Char(c)) => self.push(c),
            Some(BfString::String(s)) => s.chars().for_each(|c| self.push(c)),
            None => self.push('\u{FFFD}'),
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

/// The PDF could not be parsed, or is beyond what a verify reads.
#[derive(Debug)]
pub struct Unreadable;

/// Largest `manifest.json` attachment read (a 4-page issue's is about 10 KB).
pub const MAX_MANIFEST_BYTES: usize = 4 * 1024 * 1024;
/// Most characters of text read from all pages together (a 4-page A3
/// issue has about 30,000).
pub const MAX_TEXT_CHARS: usize = 2_000_000;
/// Most pages read.
pub const MAX_PAGES: usize = 256;
/// Deepest nesting of arrays and dictionaries accepted (Typst's PDFs nest
/// about 5 deep). The parser recurses on nesting: a 60,000-deep array
/// overflows any thread's stack.
pub const MAX_NESTING: usize = 64;

/// What a verify reads of a PDF: each page's text and the manifest.
#[derive(Debug)]
pub struct Read {
    pub pages: Vec<String>,
    pub manifest: Option<Vec<u8>>,
}

/// The text of each page, in drawing order, and the `manifest.json`
/// attachment, within the limits above.
pub fn read(pdf: &[u8]) -> Result<Read, Unreadable> {
    if nests_deeper_than(pdf, MAX_NESTING) {
        return Err(Unreadable);
    }
    let pdf = Pdf::new(pdf.to_vec()).map_err(|_| Unreadable)?;
    let manifest = manifest(&pdf)?;
    let pages = page_texts(&pdf)?;
    Ok(Read { pages, manifest })
}

fn page_texts(pdf: &Pdf) -> Result<Vec<String>, Unreadable> {
    let cache = InterpreterCache::new();
    let mut out = vec![];
    let mut budget = MAX_TEXT_CHARS;
    let pages = pdf.pages();
    if pages.len() > MAX_PAGES {
        return Err(Unreadable);
    }
    for page in pages.iter() {
        let (w, h) = page.render_dimensions();
        let bounds = Rect::new(0.0, 0.0, f64::from(w), f64::from(h));
        let mut context = Context::new(
            page.initial_transform(true).to_kurbo(),
            bounds,
            &cache,
            pdf.xref(),
            InterpreterSettings::default(),
        );
        let mut device = TextDevice::new(bounds, budget);
        interpret_page(page, &mut context, &mut device);
        if device.budget == 0 {
            return Err(Unreadable);
        }
        budget = device.budget;
        out.push(device.text);
    }
    Ok(out)
}

/// The attachment `manifest.json` from the document's EmbeddedFiles tree,
/// decoded within [`MAX_MANIFEST_BYTES`]; other attachments are not read.
fn manifest(pdf: &Pdf) -> Result<Option<Vec<u8>>, Unreadable> {
    let xref = pdf.xref();
    let Some(catalog) = xref.get::<Dict<'_>>(xref.root_id()) else {
        return Err(Unreadable);
    };
    let Some(tree) = catalog
        .get::<Dict<'_>>(b"Names")
        .and_then(|names| names.get::<Dict<'_>>(b"EmbeddedFiles"))
    else {
        return Ok(None);
    };
    let mut visited = 0;
    match find(&tree, b"manifest.json", 0, &mut visited) {
        Some(stream) => decode_limited(&stream, MAX_MANIFEST_BYTES).map(Some),
        None => Ok(None),
    }
}

/// Find the file named `wanted` in a name tree of file specifications
/// (at most 16 levels and 10,000 nodes).
fn find<'a>(node: &Dict<'a>, wanted: &[u8], depth: u32, visited: &mut u32) -> Option<Stream<'a>> {
    *visited += 1;
    if depth > 16 || *visited > 10_000 {
        return None;
    }
    if let Some(names) = node.get::<Array<'_>>(b"Names") {
        let mut items = names.flex_iter();
        while let Some(name) = items.next::<hayro_interpret::hayro_syntax::object::String<'_>>() {
            let Some(spec) = items.next::<Dict<'_>>() else {
                break;
            };
            if decode_text(name.as_bytes()).as_bytes() == wanted {
                return spec
                    .get::<Dict<'_>>(b"EF")
                    .and_then(|ef| ef.get::<Stream<'_>>(b"F"));
            }
        }
    }
    if let Some(kids) = node.get::<Array<'_>>(b"Kids") {
        for kid in kids.iter::<Dict<'_>>() {
            if let Some(found) = find(&kid, wanted, depth + 1, visited) {
                return Some(found);
            }
        }
    }
    None
}

/// A stream's data, unfiltered or inflated (FlateDecode without a
/// predictor), stopping at `limit` bytes; any other filter is refused.
fn decode_limited(stream: &Stream<'_>, limit: usize) -> Result<Vec<u8>, Unreadable> {
    let raw = stream.raw_data();
    let filters = stream.filters();
    let predictor = stream
        .dict()
        .get::<Dict<'_>>(b"DecodeParms")
        .and_then(|p| p.get::<i32>(b"Predictor"))
        .unwrap_or(1);
    match filters.as_slice() {
        [] if raw.len() <= limit => Ok(raw.into_owned()),
        [Filter::FlateDecode] if predictor == 1 => {
            miniz_oxide::inflate::decompress_to_vec_zlib_with_limit(&raw, limit)
                .map_err(|_| Unreadable)
        }
        _ => Err(Unreadable),
    }
}
/// Whether arrays or dictionaries in the file's own syntax (outside
/// comments, strings and stream data) nest deeper than `limit`. Nesting
/// inside compressed object streams is not seen here; the process limits
/// of the caller catch what that does.
pub fn nests_deeper_than(b: &[u8], limit: usize) -> bool {
    let mut depth = 0usize;
    let mut i = 0;
    while i < b.len() {
        match b[i] {
            b'%' => {
                while i < b.len() && b[i] != b'\n' && b[i] != b'\r' {
                    i += 1;
                }
            }
            b'(' => {
                let mut level = 1u32;
                i += 1;
                while i < b.len() && level > 0 {
                    match b[i] {
                        b'\\' => i += 1,
                        b'(' => level += 1,
                        b')' => level -= 1,
                        _ => {}
                    }
                    i += 1;
                }
                continue;
            }
            b'<' if b.get(i + 1) == Some(&b'<') => {
                depth += 1;
                i += 1;
            }
            b'<' => {
                while i < b.len() && b[i] != b'>' {
                    i += 1;
                }
            }
            b'>' if b.get(i + 1) == Some(&b'>') => {
                depth = depth.saturating_sub(1);
                i += 1;
            }
            b'[' => depth += 1,
            b']' => depth = depth.saturating_sub(1),
            b's' if b[i..].starts_with(b"stream")
                && matches!(b.get(i + 6), Some(b'\r' | b'\n'))
                && (i == 0 || !b[i - 1].is_ascii_alphanumeric()) =>
            {
                // Stream data is not syntax: skip to its end.
                match b[i + 6..].windows(9).position(|w| w == b"endstream") {
                    Some(at) => i += 6 + at + 9,
                    None => return false,
                }
                continue;
            }
            _ => {}
        }
        if depth > limit {
            return true;
        }
        i += 1;
    }
    false
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nesting_is_measured_outside_strings_comments_and_streams() {
        let deep = format!(
            "%PDF-1.7\n1 0 obj\n{}{}\nendobj",
            "[".repeat(65),
            "]".repeat(65)
        );
        assert!(nests_deeper_than(deep.as_bytes(), MAX_NESTING));
        let flat = b"%PDF-1.7 %[[[[\n<< /A [1 2 [3]] /S ([[[[[[) /H <5b5b> >>\n\
            << /Length 9 >>\nstream\n[[[[[[[[[\nendstream";
        assert!(!nests_deeper_than(flat, 3));
        assert!(nests_deeper_than(flat, 2));
    }
}
