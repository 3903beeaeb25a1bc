//! Bleed and crop marks, added to typeset pages when a PDF is written.
//!
//! Pages are typeset at the paper size alone, so the layout screen, 印前检查
//! and every export share one typeset page (the page cache stays warm
//! whatever the export's bleed). For a PDF with bleed the page gets Typst's
//! `bleed` margin (the sheet grows, the TrimBox is the paper) and crop marks
//! in K only, 0.25 pt, outside the bleed.

use typst::layout::{Abs, FrameItem, Point, Sides};
use typst::syntax::Span;
use typst::visualize::{Cmyk, Color, FixedStroke, Geometry, Paint, ProcessColor};
use typst_layout::Page;

use crate::view::mm;

/// Length of a crop mark.
pub const MARK_MM: f64 = 3.0;
/// Marks start at least this far from the trim.
const MIN_GAP_MM: f64 = 3.0;

/// The sheet margin around the trim for `bleed_mm` of bleed with marks.
pub fn slug_mm(bleed_mm: f64) -> f64 {
    bleed_mm.max(MIN_GAP_MM) + MARK_MM
}

/// `page` on a sheet with room for `bleed_mm` of bleed and crop marks.
pub fn with_marks(page: &Page, bleed_mm: f64) -> Page {
    let mut out = page.clone();
    let slug = Abs::pt(mm(slug_mm(bleed_mm)));
    let gap = Abs::pt(mm(bleed_mm.max(MIN_GAP_MM)));
    out.bleed = Sides::splat(slug);
    let (w, h) = (page.frame.width(), page.frame.height());
    let stroke = FixedStroke {
        paint: Paint::Solid(Color::Process(ProcessColor::Cmyk(Cmyk {
            c: 0.0,
            m: 0.0,
            y: 0.0,
            k: 1.0,
        }))),
        thickness: Abs::pt(0.25),
        ..FixedStroke::default()
    };
    let line = |from: Point, to: Point| {
        FrameItem::Shape(
            Geometry::Line(to - from).stroked(stroke.clone()),
            Span::detached(),
        )
    };
    for (x, y) in [
        (Abs::zero(), Abs::zero()),
        (w, Abs::zero()),
        (Abs::zero(), h),
        (w, h),
    ] {
        let left = x == Abs::zero();
        let top = y == Abs::zero();
        // Horizontal mark, outward from the corner along the trim line.
        let (x0, x1) = if left {
            (-slug, -gap)
        } else {
            (w + gap, w + slug)
        };
        out.frame.push(
            Point::new(x0, y),
            line(Point::new(x0, y), Point::new(x1, y)),
        );
        // Vertical mark.
        let (y0, y1) = if top {
            (-slug, -gap)
        } else {
            (h + gap, h + slug)
        };
        out.frame.push(
            Point::new(x, y0),
            line(Point::new(x, y0), Point::new(x, y1)),
        );
    }
    out
}
