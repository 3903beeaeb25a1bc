//! Where every printed character of a page is, and whose text it is: the
//! map that places a proof mark, given as a point or a drag on the page,
//! on an article's characters.
//!
//! The boxes come from the laid-out frames themselves (each glyph's pen
//! position, advance and the font's ascender and descender, through every
//! group's transform and clip), never from a re-reading of the PDF. Whose
//! text a glyph prints comes from the template: before each printed part of
//! an article it leaves `metadata((zp: "seg", a, f, b))`, and after the
//! article `(zp: "seg-end")`; walking the frames in order meets those tags
//! before the glyphs they name. Within a part the glyphs are aligned with
//! the typeset copy of the stored text ([`crate::view::typeset_text_map`]),
//! so each character points back at its index in the stored text.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};
use typst::introspection::{MetadataElem, Tag};
use typst::layout::{Abs, Frame, FrameItem, Point, Transform};
use typst::visualize::CurveItem;
use zonepress_core::Id;
use zonepress_core::correction::{TextPart, part_text};

use crate::error::ExportError;
use crate::exporter::{IssueDoc, LaidOutIssue};
use crate::view::typeset_text_map;

/// Whose character a glyph prints: an article's part and the character's
/// index in the stored text of that part.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct CharSource {
    pub article: Id,
    pub part: TextPart,
    pub index: u32,
}

/// One printed character and its box, in points from the top-left corner
/// of the trimmed page.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CharBox {
    pub x: f32,
    pub y: f32,
    pub w: f32,
    pub h: f32,
    pub ch: char,
    /// `None` for the template's own text (masthead, headers, folio) and for
    /// what an article's template adds (the `◆` of a brief).
    pub at: Option<CharSource>,
}

impl CharBox {
    pub fn contains(&self, x: f32, y: f32) -> bool {
        x >= self.x && x <= self.x + self.w && y >= self.y && y <= self.y + self.h
    }

    pub fn centre(&self) -> (f32, f32) {
        (self.x + self.w / 2.0, self.y + self.h / 2.0)
    }
}

#[derive(Deserialize)]
struct SegMark {
    zp: String,
    #[serde(default)]
    a: Option<Id>,
    #[serde(default)]
    f: Option<String>,
    #[serde(default)]
    b: Option<u32>,
}

fn part_of(f: &str, b: Option<u32>) -> Option<TextPart> {
    Some(match f {
        "kicker" => TextPart::Kicker,
        "title" => TextPart::Title,
        "subtitle" => TextPart::Subtitle,
        "byline" => TextPart::Byline,
        "column" => TextPart::Column,
        "block" => TextPart::Block(b?),
        "credit" => TextPart::Credit(b?),
        _ => return None,
    })
}

/// A glyph met in the frames: its box and characters, and the part it
/// was met in.
struct Found {
    x: f64,
    y: f64,
    w: f64,
    h: f64,
    text: String,
    seg: Option<(Id, TextPart)>,
}

#[derive(Clone, Copy)]
struct Clip {
    x0: f64,
    y0: f64,
    x1: f64,
    y1: f64,
}

impl Clip {
    fn contains(&self, x: f64, y: f64) -> bool {
        x >= self.x0 - 0.5 && x <= self.x1 + 0.5 && y >= self.y0 - 0.5 && y <= self.y1 + 0.5
    }

    fn intersect(self, o: Clip) -> Clip {
        Clip {
            x0: self.x0.max(o.x0),
            y0: self.y0.max(o.y0),
            x1: self.x1.min(o.x1),
            y1: self.y1.min(o.y1),
        }
    }
}

/// The axis-aligned box of `points` under `ts`.
fn bounds(points: impl IntoIterator<Item = Point>, ts: Transform) -> Option<Clip> {
    let mut out: Option<Clip> = None;
    for p in points {
        let p = p.transform(ts);
        let (x, y) = (p.x.to_pt(), p.y.to_pt());
        out = Some(match out {
            None => Clip {
                x0: x,
                y0: y,
                x1: x,
                y1: y,
            },
            Some(c) => Clip {
                x0: c.x0.min(x),
                y0: c.y0.min(y),
                x1: c.x1.max(x),
                y1: c.y1.max(y),
            },
        });
    }
    out
}

struct Walk {
    seg: Option<(Id, TextPart)>,
    out: Vec<Found>,
}

fn walk(frame: &Frame, ts: Transform, clip: Option<Clip>, w: &mut Walk) {
    for (pos, item) in frame.items() {
        match item {
            FrameItem::Group(group) => {
                let ts = ts
                    .pre_concat(Transform::translate(pos.x, pos.y))
                    .pre_concat(group.transform);
                let clip = match &group.clip {
                    None => clip,
                    Some(curve) => {
                        let points = curve.0.iter().flat_map(|c| match c {
                            CurveItem::Move(p) | CurveItem::Line(p) => vec![*p],
                            CurveItem::Cubic(a, b, c) => vec![*a, *b, *c],
                            CurveItem::Close => vec![],
                        });
                        match (bounds(points, ts), clip) {
                            (Some(b), Some(c)) => Some(b.intersect(c)),
                            (Some(b), None) => Some(b),
                            (None, c) => c,
                        }
                    }
                };
                walk(&group.frame, ts, clip, w);
            }
            FrameItem::Tag(Tag::Start(content, _)) => {
                let Some(meta) = content.to_packed::<MetadataElem>() else {
                    continue;
                };
                let Ok(value) = serde_json::to_value(&meta.value) else {
                    continue;
                };
                let Ok(mark) = serde_json::from_value::<SegMark>(value) else {
                    continue;
                };
                match mark.zp.as_str() {
                    "seg" => {
                        w.seg = match (mark.a, mark.f.as_deref()) {
                            (Some(a), Some(f)) => part_of(f, mark.b).map(|p| (a, p)),
                            _ => None,
                        }
                    }
                    "seg-end" => w.seg = None,
                    _ => {}
                }
            }
            FrameItem::Text(text) => {
                let size = text.size;
                let metrics = text.font.metrics();
                let ascender = metrics.ascender.at(size);
                let descender = -metrics.descender.at(size);
                let mut pen = Abs::zero();
                for g in &text.glyphs {
                    let x = pos.x + pen + g.x_offset.at(size);
                    pen += g.x_advance.at(size);
                    // The glyph's own em box, where its ink is: compressed
                    // punctuation keeps its natural width, shifted by its
                    // offset, though it advances the pen less.
                    let advance = text
                        .font
                        .x_advance(g.id)
                        .map_or(g.x_advance, |natural| natural.max(g.x_advance))
                        .at(size);
                    let baseline = pos.y - g.y_offset.at(size);
                    let corners = [
                        Point::new(x, baseline - ascender),
                        Point::new(x + advance, baseline - ascender),
                        Point::new(x, baseline + descender),
                        Point::new(x + advance, baseline + descender),
                    ];
                    let Some(b) = bounds(corners, ts) else {
                        continue;
                    };
                    let (cx, cy) = ((b.x0 + b.x1) / 2.0, (b.y0 + b.y1) / 2.0);
                    if clip.is_some_and(|c| !c.contains(cx, cy)) {
                        continue;
                    }
                    let chars = text.text.get(g.range()).unwrap_or_default();
                    if chars.is_empty() {
                        continue;
                    }
                    w.out.push(Found {
                        x: b.x0,
                        y: b.y0,
                        w: b.x1 - b.x0,
                        h: b.y1 - b.y0,
                        text: chars.to_string(),
                        seg: w.seg,
                    });
                }
            }
            _ => {}
        }
    }
}

impl LaidOutIssue {
    /// Every visible printed character of page `page` (1-based) with its
    /// box and, for an article's text, where it comes from in `doc` (the
    /// document this layout was made from). Whitespace is left out.
    pub fn char_boxes(&self, doc: &IssueDoc, page: u8) -> Result<Vec<CharBox>, ExportError> {
        let sheet = self.sheet(page)?;
        let bleed = self.data.meta.bleed;
        let mut w = Walk {
            seg: None,
            out: Vec::new(),
        };
        walk(&sheet.frame, Transform::identity(), None, &mut w);
        // One box per character, the glyph's box split among its characters.
        let mut boxes: Vec<CharBox> = Vec::with_capacity(w.out.len());
        let mut segs: Vec<Option<(Id, TextPart)>> = Vec::with_capacity(w.out.len());
        for f in &w.out {
            let chars: Vec<char> = f.text.chars().collect();
            let n = chars.len() as f64;
            for (k, ch) in chars.into_iter().enumerate() {
                if ch.is_whitespace() {
                    continue;
                }
                boxes.push(CharBox {
                    x: (f.x + f.w * k as f64 / n - bleed) as f32,
                    y: (f.y - bleed) as f32,
                    w: (f.w / n) as f32,
                    h: f.h as f32,
                    ch,
                    at: None,
                });
                segs.push(f.seg);
            }
        }
        // The glyphs of each part, in order, aligned with its stored text.
        let mut by_part: BTreeMap<(Id, TextPart), Vec<usize>> = BTreeMap::new();
        for (i, seg) in segs.iter().enumerate() {
            if let Some(key) = seg {
                by_part.entry(*key).or_default().push(i);
            }
        }
        for ((article, part), glyphs) in by_part {
            let Some(source) = doc
                .articles
                .get(&article)
                .and_then(|a| part_text(&a.content, part))
            else {
                continue;
            };
            let (typeset, from) = typeset_text_map(source);
            let expected: Vec<(char, usize)> = typeset
                .chars()
                .zip(from)
                .filter(|(c, _)| !c.is_whitespace())
                .collect();
            let printed: Vec<char> = glyphs.iter().map(|&i| boxes[i].ch).collect();
            for (g, e) in align(&printed, &expected) {
                boxes[glyphs[g]].at = Some(CharSource {
                    article,
                    part,
                    index: u32::try_from(expected[e].1).unwrap_or(u32::MAX),
                });
            }
        }
        Ok(boxes)
    }
}

/// Pairs (printed index, expected index) of the characters that match, in
/// order: all of them when the part printed exactly its text, else those a
/// character diff keeps.
fn align(printed: &[char], expected: &[(char, usize)]) -> Vec<(usize, usize)> {
    let want: Vec<char> = expected.iter().map(|(c, _)| *c).collect();
    if printed == want.as_slice() {
        return (0..printed.len()).map(|i| (i, i)).collect();
    }
    let mut out = Vec::new();
    for op in similar::capture_diff_slices(similar::Algorithm::Myers, printed, &want) {
        if let similar::DiffOp::Equal {
            old_index,
            new_index,
            len,
        } = op
        {
            out.extend((0..len).map(|k| (old_index + k, new_index + k)));
        }
    }
    out
}
