//! Characters and their boxes read back from a written PDF: the page's
//! content stream interpreted (hayro, the PDF reader Typst itself uses for
//! PDF images), each glyph's origin and advance from the PDF's own font
//! widths, its character from the font's ToUnicode map. This reads the PDF
//! file, independently of the layout frames that placed the characters —
//! what the test of mark placement compares the commands against.
//! (`pdftotext -bbox-layout` gives only word boxes: a justified line of
//! Chinese is one "word" there.)

#![allow(dead_code)]

use hayro_interpret::font::Glyph;
use hayro_interpret::hayro_cmap::BfString;
use hayro_interpret::hayro_syntax::Pdf;
use hayro_interpret::{
    BlendMode, ClipPath, Context, Device, GlyphDrawMode, Image, InterpreterCache,
    InterpreterSettings, Paint, PathDrawMode, SoftMask, TransformExt, interpret_page,
};
use kurbo::{Affine, BezPath, Point, Rect, Shape};

/// One character drawn, with its box in points from the page's top-left
/// corner (the advance and one em: ascender 0.88, descender 0.12), and the
/// line it is on (the glyphs drawn on one baseline, left to right).
#[derive(Debug, Clone)]
pub struct PdfChar {
    pub page: u8,
    pub x: f64,
    pub y: f64,
    pub w: f64,
    pub h: f64,
    pub ch: char,
    pub line: Vec<char>,
    pub at: usize,
}

impl PdfChar {
    pub fn centre_mm(&self) -> (f64, f64) {
        let mm = |pt: f64| pt * 25.4 / 72.0;
        (mm(self.x + self.w / 2.0), mm(self.y + self.h / 2.0))
    }
}

struct Raw {
    rect: Rect,
    baseline: f64,
    text: String,
}

struct Boxes {
    clips: Vec<Rect>,
    out: Vec<Raw>,
}

impl<'a> Device<'a> for Boxes {
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
        let t = transform * glyph_transform;
        let advance = match glyph {
            Glyph::Outline(o) => f64::from(o.advance_width().unwrap_or(1000.0)),
            Glyph::Type3(_) => 1000.0,
        };
        // Glyph space: 1000 units to the em, y up.
        let corners = [
            t * Point::new(0.0, -120.0),
            t * Point::new(advance, -120.0),
            t * Point::new(0.0, 880.0),
            t * Point::new(advance, 880.0),
        ];
        let rect = corners
            .iter()
            .skip(1)
            .fold(Rect::from_points(corners[0], corners[0]), |r, p| {
                r.union_pt(*p)
            });
        let visible = self
            .clips
            .last()
            .is_none_or(|c| c.inflate(0.5, 0.5).contains(rect.center()));
        if !visible {
            return;
        }
        let text = match glyph.as_unicode() {
            Some(BfString::Char(c)) => c.to_string(),
            Some(BfString::String(s)) => s,
            None => return,
        };
        self.out.push(Raw {
            rect,
            baseline: (t * Point::ORIGIN).y,
            text,
        });
    }
    fn draw_image(&mut self, _: Image<'a, '_>, _: Affine) {}
    fn pop_clip_path(&mut self) {
        if self.clips.len() > 1 {
            self.clips.pop();
        }
    }
    fn pop_transparency_group(&mut self) {}
}

/// Every visible character of every page of `pdf`, whitespace left out.
pub fn chars(pdf: &[u8]) -> Vec<PdfChar> {
    let pdf = Pdf::new(pdf.to_vec()).expect("a PDF");
    let cache = InterpreterCache::new();
    let mut found = Vec::new();
    for (i, page) in pdf.pages().iter().enumerate() {
        let (w, h) = page.render_dimensions();
        let bounds = Rect::new(0.0, 0.0, f64::from(w), f64::from(h));
        let mut context = Context::new(
            page.initial_transform(true).to_kurbo(),
            bounds,
            &cache,
            pdf.xref(),
            InterpreterSettings::default(),
        );
        let mut device = Boxes {
            clips: vec![bounds],
            out: Vec::new(),
        };
        interpret_page(page, &mut context, &mut device);
        // Lines: glyphs drawn one after another on one baseline, rightwards.
        let mut lines: Vec<Vec<(Rect, char)>> = Vec::new();
        let mut last: Option<(f64, f64)> = None;
        for raw in device.out {
            let cs: Vec<char> = raw.text.chars().collect();
            let n = cs.len() as f64;
            let new_line =
                last.is_none_or(|(y, x)| (raw.baseline - y).abs() > 1.0 || raw.rect.x0 + 1.0 < x);
            if new_line {
                lines.push(Vec::new());
            }
            last = Some((raw.baseline, raw.rect.x1));
            let line = lines.last_mut().expect("a line");
            for (k, c) in cs.into_iter().enumerate() {
                if c.is_whitespace() {
                    continue;
                }
                let w = raw.rect.width() / n;
                let x0 = raw.rect.x0 + w * k as f64;
                line.push((Rect::new(x0, raw.rect.y0, x0 + w, raw.rect.y1), c));
            }
        }
        for line in lines {
            let text: Vec<char> = line.iter().map(|(_, c)| *c).collect();
            for (at, (r, c)) in line.iter().enumerate() {
                found.push(PdfChar {
                    page: u8::try_from(i + 1).unwrap_or(u8::MAX),
                    x: r.x0,
                    y: r.y0,
                    w: r.width(),
                    h: r.height(),
                    ch: *c,
                    line: text.clone(),
                    at,
                });
            }
        }
    }
    found
}

/// Is `c` a full-width CJK character?
pub fn full_width(c: char) -> bool {
    matches!(c as u32, 0x4E00..=0x9FFF | 0x3400..=0x4DBF)
}

/// A small seeded generator (xorshift), so a failing pick can be replayed.
pub struct Rng(pub u64);

impl Rng {
    pub fn next(&mut self) -> u64 {
        let mut x = self.0;
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        self.0 = x;
        x
    }

    pub fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
}
