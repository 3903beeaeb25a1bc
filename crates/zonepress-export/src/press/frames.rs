//! Colour on the typeset pages: the same frames go to the press in CMYK
//! and to the screen in sRGB.
//!
//! The templates define every colour in CMYK; black text and rules are K
//! only. For the press, whatever is not CMYK yet is made so (a grey becomes
//! K only, any other RGB colour goes through the profile, relative
//! colorimetric). For the screen, every CMYK colour and every photo goes
//! back to sRGB through the same profile ([`super::profile::Colour::screen`]).
//! The press checks of a layout read the frames as the press mapping leaves
//! them: RGB left over (gradients, transparency), ink over the limit, and
//! fine text or rules that need more than one plate to register.

use typst::layout::{Frame, FrameItem, Transform};
use typst::visualize::{
    Cmyk as TypstCmyk, Color, FixedStroke, Image, ImageKind, Paint, ProcessColor,
};
use typst_layout::Page;

use super::profile::Colour;

/// Text below this size needs one plate (K) to stay sharp.
pub const FINE_TEXT_PT: f64 = 12.0;
/// Rules below this width need one plate.
pub const FINE_RULE_PT: f64 = 0.25;

/// A colour as CMYK components 0–1, if it is one.
pub fn cmyk_of(c: &Color) -> Option<[f32; 4]> {
    match c {
        Color::Process(ProcessColor::Cmyk(k)) => Some([k.c, k.m, k.y, k.k]),
        _ => None,
    }
}

fn cmyk(c: f32, m: f32, y: f32, k: f32) -> Color {
    Color::Process(ProcessColor::Cmyk(TypstCmyk { c, m, y, k }))
}

/// The colour the press gets: CMYK as it is, a grey as K only, any other
/// opaque colour through the profile. Spot colours stay (with a CMYK
/// stand-in from the template). `None`: leave it (already CMYK, or with
/// transparency that CMYK cannot carry, which the checks report).
pub fn press_colour(c: &Color, colour: &Colour) -> Option<Color> {
    let Color::Process(p) = c else {
        return None;
    };
    match p {
        ProcessColor::Cmyk(_) => None,
        ProcessColor::Luma(l) => (l.alpha >= 1.0).then(|| cmyk(0.0, 0.0, 0.0, 1.0 - l.luma)),
        other => {
            let [r, g, b, a] = other.to_vec4_u8();
            (a == 255).then(|| {
                let [c, m, y, k] = colour.vector_cmyk([r, g, b]);
                let f = |v: u8| f32::from(v) / 255.0;
                cmyk(f(c), f(m), f(y), f(k))
            })
        }
    }
}

/// The colour the screen gets: CMYK (and a spot colour's CMYK stand-in)
/// as the press prints it, in sRGB.
pub fn screen_colour(c: &Color, colour: &Colour) -> Option<Color> {
    let press = match c {
        Color::Spot(s) => Color::Process(s.fallback()),
        other => press_colour(other, colour).unwrap_or_else(|| other.clone()),
    };
    let [c, m, y, k] = cmyk_of(&press)?;
    let to = |v: f32| (v.clamp(0.0, 1.0) * 255.0).round() as u8;
    let mut rgb = [0u8; 3];
    colour.screen(&[to(c), to(m), to(y), to(k)], &mut rgb);
    Some(Color::from_u8(rgb[0], rgb[1], rgb[2], 255))
}

/// A copy of `page` with colours and images replaced; the page itself when
/// nothing changes (nothing is copied then).
pub fn map_page(
    page: &Page,
    colour: &mut dyn FnMut(&Color) -> Option<Color>,
    image: &mut dyn FnMut(&Image) -> Option<Image>,
) -> Page {
    let mut out = page.clone();
    if needs(&page.frame, colour, image) {
        map_frame(&mut out.frame, colour, image);
    }
    out
}

fn paint_needs(p: &Paint, colour: &mut dyn FnMut(&Color) -> Option<Color>) -> bool {
    matches!(p, Paint::Solid(c) if colour(c).is_some())
}

fn needs(
    frame: &Frame,
    colour: &mut dyn FnMut(&Color) -> Option<Color>,
    image: &mut dyn FnMut(&Image) -> Option<Image>,
) -> bool {
    frame.items().any(|(_, item)| match item {
        FrameItem::Group(g) => needs(&g.frame, colour, image),
        FrameItem::Text(t) => {
            paint_needs(&t.fill, colour)
                || t.stroke
                    .as_ref()
                    .is_some_and(|s| paint_needs(&s.paint, colour))
        }
        FrameItem::Shape(s, _) => {
            s.fill.as_ref().is_some_and(|f| paint_needs(f, colour))
                || s.stroke
                    .as_ref()
                    .is_some_and(|s| paint_needs(&s.paint, colour))
        }
        FrameItem::Image(img, _, _) => image(img).is_some(),
        _ => false,
    })
}

fn map_paint(p: &mut Paint, colour: &mut dyn FnMut(&Color) -> Option<Color>) {
    if let Paint::Solid(c) = p
        && let Some(n) = colour(c)
    {
        *p = Paint::Solid(n);
    }
}

fn map_stroke(s: &mut Option<FixedStroke>, colour: &mut dyn FnMut(&Color) -> Option<Color>) {
    if let Some(s) = s {
        map_paint(&mut s.paint, colour);
    }
}

fn map_frame(
    frame: &mut Frame,
    colour: &mut dyn FnMut(&Color) -> Option<Color>,
    image: &mut dyn FnMut(&Image) -> Option<Image>,
) {
    frame.retain(|item| {
        match item {
            FrameItem::Group(g) if needs(&g.frame, colour, image) => {
                map_frame(&mut g.frame, colour, image);
            }
            FrameItem::Text(t) => {
                map_paint(&mut t.fill, colour);
                map_stroke(&mut t.stroke, colour);
            }
            FrameItem::Shape(s, _) => {
                if let Some(f) = &mut s.fill {
                    map_paint(f, colour);
                }
                map_stroke(&mut s.stroke, colour);
            }
            FrameItem::Image(img, _, _) => {
                if let Some(n) = image(img) {
                    *img = n;
                }
            }
            _ => {}
        }
        true
    });
}

/// What a press check found on a page.
#[derive(Debug, Clone, PartialEq)]
pub struct FrameFinding {
    /// `rgb_object`, `ink_limit` or `multi_ink_fine`.
    pub code: &'static str,
    /// The object, in Chinese: `文字“青禾开发区报”`, `线条（0.2 pt）`.
    pub object_zh: String,
    pub object_en: String,
    pub detail_zh: String,
    pub detail_en: String,
}

/// Inks of a CMYK colour that print (over half a percent).
fn inks(c: [f32; 4]) -> usize {
    c.iter().filter(|v| **v > 0.005).count()
}

fn total(c: [f32; 4]) -> f64 {
    c.iter().map(|v| f64::from(*v) * 100.0).sum()
}

fn label(c: [f32; 4]) -> String {
    let p = |v: f32| (v * 100.0).round() as i32;
    format!("C{} M{} Y{} K{}", p(c[0]), p(c[1]), p(c[2]), p(c[3]))
}

fn snippet(s: &str) -> String {
    let t: String = s.chars().filter(|c| !c.is_whitespace()).take(12).collect();
    if s.chars().filter(|c| !c.is_whitespace()).count() > 12 {
        format!("{t}…")
    } else {
        t
    }
}

/// The press checks of one page, on its colours after the press mapping.
/// Each finding names its object once per page (the first of its kind).
pub fn check_page(page: &Page, colour: &Colour, ink_limit: u16) -> Vec<FrameFinding> {
    let mut out = vec![];
    walk(
        &page.frame,
        Transform::identity(),
        colour,
        ink_limit,
        &mut out,
    );
    let mut seen = std::collections::HashSet::new();
    out.retain(|f| seen.insert((f.code, f.object_en.clone(), f.detail_en.clone())));
    out
}

fn scale_of(ts: Transform) -> f64 {
    let sx = (ts.sx.get().powi(2) + ts.ky.get().powi(2)).sqrt();
    let sy = (ts.kx.get().powi(2) + ts.sy.get().powi(2)).sqrt();
    (sx * sy).sqrt()
}

/// The object a finding names, in Chinese and English: made only for a
/// finding (a page holds thousands of text runs, and few are findings).
type What<'a> = &'a dyn Fn() -> (String, String);

fn check_paint(
    p: &Paint,
    what: What,
    fine: Option<f64>,
    colour: &Colour,
    ink_limit: u16,
    out: &mut Vec<FrameFinding>,
) {
    let c = match p {
        Paint::Solid(c) => press_colour(c, colour).unwrap_or_else(|| c.clone()),
        Paint::Gradient(_) | Paint::Tiling(_) => {
            let (object_zh, object_en) = what();
            out.push(FrameFinding {
                code: "rgb_object",
                object_zh,
                object_en,
                detail_zh: "渐变或图案填充以 RGB 输出".into(),
                detail_en: "gradient or tiling paint is written in RGB".into(),
            });
            return;
        }
    };
    let components = match &c {
        Color::Spot(s) => cmyk_of(&Color::Process(s.colorant.fallback)),
        other => cmyk_of(other),
    };
    let Some(components) = components else {
        let (object_zh, object_en) = what();
        out.push(FrameFinding {
            code: "rgb_object",
            object_zh,
            object_en,
            detail_zh: "颜色不是 CMYK（带透明度的 RGB 或灰度色）".into(),
            detail_en: format!("colour {c:?} is not CMYK"),
        });
        return;
    };
    if matches!(c, Color::Spot(_)) {
        return;
    }
    if total(components) > f64::from(ink_limit) + 0.5 {
        let (object_zh, object_en) = what();
        out.push(FrameFinding {
            code: "ink_limit",
            object_zh,
            object_en,
            detail_zh: format!(
                "颜色 {} 总墨量{:.0}%，超过上限{ink_limit}%",
                label(components),
                total(components)
            ),
            detail_en: format!(
                "{} has {:.0}% ink, over {ink_limit}%",
                label(components),
                total(components)
            ),
        });
    }
    if let Some(size) = fine
        && inks(components) > 1
    {
        let (object_zh, object_en) = what();
        out.push(FrameFinding {
            code: "multi_ink_fine",
            object_zh,
            object_en,
            detail_zh: format!(
                "{size:.2} pt 的细小对象用了{}个色版（{}），套印稍有偏差就会模糊，应只用一个色版（如 K100）",
                inks(components),
                label(components)
            ),
            detail_en: format!(
                "{size:.2} pt object in {} inks ({})",
                inks(components),
                label(components)
            ),
        });
    }
}

fn walk(
    frame: &Frame,
    ts: Transform,
    colour: &Colour,
    ink_limit: u16,
    out: &mut Vec<FrameFinding>,
) {
    for (_, item) in frame.items() {
        match item {
            FrameItem::Group(g) => {
                walk(&g.frame, ts.pre_concat(g.transform), colour, ink_limit, out)
            }
            FrameItem::Text(t) => {
                let size = t.size.to_pt() * scale_of(ts);
                let what = || {
                    let text = snippet(&t.text);
                    (format!("文字“{text}”"), format!("text {text:?}"))
                };
                let fine = (size < FINE_TEXT_PT).then_some(size);
                check_paint(&t.fill, &what, fine, colour, ink_limit, out);
                if let Some(s) = &t.stroke {
                    check_paint(&s.paint, &what, fine, colour, ink_limit, out);
                }
            }
            FrameItem::Shape(s, _) => {
                if let Some(f) = &s.fill {
                    let what = || ("色块".to_string(), "filled shape".to_string());
                    check_paint(f, &what, None, colour, ink_limit, out);
                }
                if let Some(st) = &s.stroke {
                    let w = stroke_width(st, ts);
                    let what = || (format!("线条（{w:.2} pt）"), format!("rule ({w:.2} pt)"));
                    let fine = (w < FINE_RULE_PT).then_some(w);
                    check_paint(&st.paint, &what, fine, colour, ink_limit, out);
                }
            }
            FrameItem::Image(img, _, _) => {
                if let ImageKind::Raster(r) = img.kind()
                    && r.dynamic().color().has_color()
                    && !is_cmyk_jpeg(r.data())
                {
                    out.push(FrameFinding {
                        code: "rgb_object",
                        object_zh: format!("图片（{}×{} 像素）", r.width(), r.height()),
                        object_en: format!("image {}x{}", r.width(), r.height()),
                        detail_zh: "图片是 RGB，未转换为 CMYK".into(),
                        detail_en: "image is RGB, not converted to CMYK".into(),
                    });
                }
                if let ImageKind::Svg(_) | ImageKind::Pdf(_) = img.kind() {
                    out.push(FrameFinding {
                        code: "rgb_object",
                        object_zh: "矢量图片".into(),
                        object_en: "vector image".into(),
                        detail_zh: "矢量图片的颜色未经 CMYK 转换".into(),
                        detail_en: "vector image colours are not converted".into(),
                    });
                }
            }
            _ => {}
        }
    }
}

fn stroke_width(s: &FixedStroke, ts: Transform) -> f64 {
    s.thickness.to_pt() * scale_of(ts)
}

/// Is this a CMYK JPEG (what [`super::photo`] writes)?
pub fn is_cmyk_jpeg(data: &[u8]) -> bool {
    // The frame header (SOF0..SOF15 but DHT/JPG/DAC) names the components.
    let mut i = 2;
    while i + 9 < data.len() {
        if data[i] != 0xFF {
            return false;
        }
        let marker = data[i + 1];
        let len = usize::from(u16::from_be_bytes([data[i + 2], data[i + 3]]));
        if matches!(marker, 0xC0..=0xCF) && !matches!(marker, 0xC4 | 0xC8 | 0xCC) {
            return data[i + 9] == 4;
        }
        i += 2 + len;
    }
    false
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::press::profile::OutputProfile;

    #[test]
    fn greys_become_k_only_and_rgb_goes_through_the_profile() {
        let p = OutputProfile::builtin("builtin:coated").unwrap();
        let c = p.colour().unwrap();
        let black = Color::Process(ProcessColor::Luma(typst::visualize::Luma::new(0.0, 1.0)));
        assert_eq!(
            cmyk_of(&press_colour(&black, &c).unwrap()),
            Some([0.0, 0.0, 0.0, 1.0])
        );
        let red = Color::from_u8(200, 22, 29, 255);
        let [cc, m, y, k] = cmyk_of(&press_colour(&red, &c).unwrap()).unwrap();
        assert!(
            m > 0.9 && y > 0.8 && cc < 0.1 && k < 0.3,
            "{cc} {m} {y} {k}"
        );
        let k100 = cmyk(0.0, 0.0, 0.0, 1.0);
        assert!(press_colour(&k100, &c).is_none());
        let screen = screen_colour(&k100, &c).unwrap().to_vec4_u8();
        assert!(screen[0] < 60 && screen[0] == screen[1], "{screen:?}");
        let paper = screen_colour(&cmyk(0.0, 0.0, 0.0, 0.0), &c)
            .unwrap()
            .to_vec4_u8();
        assert!(paper[..3].iter().all(|v| *v >= 250), "{paper:?}");
    }

    #[test]
    fn cmyk_jpegs_are_recognised() {
        let mut cmyk = vec![];
        jpeg_encoder::Encoder::new(&mut cmyk, 90)
            .encode(
                &[0, 0, 0, 255].repeat(4),
                2,
                2,
                jpeg_encoder::ColorType::Cmyk,
            )
            .unwrap();
        let mut rgb = vec![];
        jpeg_encoder::Encoder::new(&mut rgb, 90)
            .encode(&[9, 9, 9].repeat(4), 2, 2, jpeg_encoder::ColorType::Rgb)
            .unwrap();
        assert!(is_cmyk_jpeg(&cmyk));
        assert!(!is_cmyk_jpeg(&rgb));
    }
}
