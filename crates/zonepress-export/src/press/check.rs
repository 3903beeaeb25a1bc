//! 印前检查 of a print PDF, read from the file itself: any PDF, our own
//! export or an advertisement a company supplied.
//!
//! Each page's content is walked with a small graphics-state interpreter
//! (the `hayro` PDF parser Typst links already): colour spaces of fills,
//! strokes, text, images and shadings, the current transform (for an
//! image's resolution at its placed size, a text's size and a rule's width
//! on the page), forms and tiling patterns recursively. Findings name their
//! page and object:
//!
//! - `rgb_object` / `lab_object`: DeviceRGB, CalRGB, ICC-based RGB or Lab;
//! - `image_resolution`: under the lowest resolution at placed size;
//! - `ink_limit`: a CMYK fill, stroke or image area over the total ink limit
//!   (images in blocks of about half a millimetre as placed, so JPEG noise
//!   on a single pixel does not count);
//! - `multi_ink_fine`: text under 12 pt or rules under 0.25 pt in more than
//!   one ink;
//! - `font_not_embedded`;
//! - warnings for ICC-based grey (which some RIPs print in four colours),
//!   missing TrimBox or BleedBox, and a file that is not PDF/X.
//!
//! Hostile files are bounded: at most [`MAX_OPS`] operators in all, forms
//! nested [`MAX_DEPTH`] deep, images decoded for ink only up to
//! [`MAX_INK_PIXELS`].

use std::collections::{HashMap, HashSet};

use hayro_interpret::hayro_syntax;
use hayro_syntax::Pdf;
use hayro_syntax::content::TypedIter;
use hayro_syntax::content::ops::TypedInstruction as Op;
use hayro_syntax::object::{Array, Dict, Name, Object, Rect, Stream};
use hayro_syntax::page::Resources;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::exporter::Severity;

/// Operators read in one file, at most.
pub const MAX_OPS: usize = 20_000_000;
/// Forms and patterns nested at most this deep.
pub const MAX_DEPTH: u32 = 12;
/// Images larger than this are not decoded for the ink check.
pub const MAX_INK_PIXELS: u64 = 80_000_000;

/// What preflight holds a print PDF to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS, JsonSchema)]
pub struct PressLimits {
    /// Total ink limit in percent.
    pub ink_limit: u16,
    /// The lowest image resolution at placed size.
    pub min_ppi: u16,
}

/// One finding of the press check.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS, JsonSchema)]
pub struct PressFinding {
    pub severity: Severity,
    pub code: String,
    /// 1-based; none for the document as a whole.
    pub page: Option<u32>,
    /// The object, in Chinese: `图像 Im1（2400×1600 像素）`.
    pub object: String,
    pub message_zh: String,
    pub message_en: String,
}

/// The press check of one PDF.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS, JsonSchema)]
pub struct PressReport {
    pub pages: u32,
    /// `GTS_PDFXVersion` of the file, if it claims one.
    pub pdfx_version: Option<String>,
    /// The `GTS_PDFX` output intent's condition, if there is one.
    pub output_condition: Option<String>,
    pub limits: PressLimits,
    pub findings: Vec<PressFinding>,
    pub errors: u32,
    pub warnings: u32,
}

/// A colour space as far as the press cares.
#[derive(Debug, Clone, PartialEq)]
enum Cs {
    Gray,
    IccGray,
    Rgb(&'static str),
    Cmyk,
    Lab,
    /// A named ink (`None`: the special colorant `All`).
    Separation(Option<String>),
    DeviceN(usize),
    Indexed(Box<Cs>),
    Pattern,
    Unknown(String),
}

impl Cs {
    fn components(&self) -> usize {
        match self {
            Cs::Gray | Cs::IccGray | Cs::Separation(_) | Cs::Indexed(_) | Cs::Pattern => 1,
            Cs::Rgb(_) | Cs::Lab => 3,
            Cs::Cmyk => 4,
            Cs::DeviceN(n) => *n,
            Cs::Unknown(_) => 1,
        }
    }

    fn base(&self) -> &Cs {
        match self {
            Cs::Indexed(b) => b.base(),
            other => other,
        }
    }

    fn name_zh(&self) -> String {
        match self {
            Cs::Gray => "DeviceGray".into(),
            Cs::IccGray => "ICC 灰度".into(),
            Cs::Rgb(n) => (*n).into(),
            Cs::Cmyk => "CMYK".into(),
            Cs::Lab => "Lab".into(),
            Cs::Separation(Some(n)) => format!("专色 {n}"),
            Cs::Separation(None) => "专色 All".into(),
            Cs::DeviceN(n) => format!("DeviceN（{n}色）"),
            Cs::Indexed(b) => format!("索引色（{}）", b.name_zh()),
            Cs::Pattern => "图案".into(),
            Cs::Unknown(n) => n.clone(),
        }
    }
}

#[derive(Debug, Clone)]
struct Paint {
    cs: Cs,
    value: Vec<f32>,
}

impl Paint {
    fn black() -> Paint {
        Paint {
            cs: Cs::Gray,
            value: vec![0.0],
        }
    }

    /// Inks the press lays down for it.
    fn inks(&self) -> usize {
        match &self.cs {
            Cs::Cmyk => self.value.iter().filter(|v| **v > 0.005).count(),
            Cs::Separation(None) => 4,
            Cs::DeviceN(_) => self.value.iter().filter(|v| **v > 0.005).count(),
            _ => 1,
        }
    }

    /// Total ink in percent, for CMYK.
    fn total(&self) -> Option<f64> {
        (self.cs == Cs::Cmyk).then(|| self.value.iter().map(|v| f64::from(*v) * 100.0).sum())
    }

    fn label(&self) -> String {
        match &self.cs {
            Cs::Cmyk if self.value.len() == 4 => {
                let p = |v: f32| (v * 100.0).round() as i32;
                format!(
                    "C{} M{} Y{} K{}",
                    p(self.value[0]),
                    p(self.value[1]),
                    p(self.value[2]),
                    p(self.value[3])
                )
            }
            other => other.name_zh(),
        }
    }
}

#[derive(Debug, Clone)]
struct State {
    ctm: [f64; 6],
    fill: Paint,
    stroke: Paint,
    line_width: f64,
    font: Option<(String, f64)>,
    /// Tz, as a fraction.
    h_scale: f64,
}

fn mul(a: [f64; 6], b: [f64; 6]) -> [f64; 6] {
    // a then b (row vectors): a × b
    [
        a[0] * b[0] + a[1] * b[2],
        a[0] * b[1] + a[1] * b[3],
        a[2] * b[0] + a[3] * b[2],
        a[2] * b[1] + a[3] * b[3],
        a[4] * b[0] + a[5] * b[2] + b[4],
        a[4] * b[1] + a[5] * b[3] + b[5],
    ]
}

/// The geometric mean scale of a transform.
fn scale(m: [f64; 6]) -> f64 {
    ((m[0] * m[3] - m[1] * m[2]).abs()).sqrt()
}

struct Walker<'p> {
    page: u32,
    limits: PressLimits,
    ops: usize,
    out: Vec<PressFinding>,
    seen: HashSet<(String, String)>,
    fonts_checked: &'p mut HashSet<String>,
    images_checked: &'p mut HashMap<(i32, i32), f64>,
}

impl Walker<'_> {
    fn push(&mut self, severity: Severity, code: &str, object: String, zh: String, en: String) {
        if !self.seen.insert((code.to_string(), object.clone())) {
            return;
        }
        self.out.push(PressFinding {
            severity,
            code: code.into(),
            page: Some(self.page),
            message_zh: format!("第{}页{object}：{zh}", self.page),
            object,
            message_en: format!("page {}: {en}", self.page),
        });
    }

    /// Check a colour in use for a drawing (`what`: the object's name).
    fn colour(&mut self, p: &Paint, what: &str, fine: Option<f64>) {
        match p.cs.base() {
            Cs::Rgb(n) => self.push(
                Severity::Error,
                "rgb_object",
                what.into(),
                format!("颜色为 {n}（RGB），印刷须用 CMYK"),
                format!("{what} in {n}"),
            ),
            Cs::Lab => self.push(
                Severity::Error,
                "lab_object",
                what.into(),
                "颜色为 Lab，印刷须用 CMYK".into(),
                format!("{what} in Lab"),
            ),
            Cs::IccGray => self.push(
                Severity::Warning,
                "gray_object",
                what.into(),
                "颜色为 ICC 灰度，部分印厂会转为四色黑，应改为 K 单色".into(),
                format!("{what} in ICC-based grey"),
            ),
            _ => {}
        }
        if let Some(total) = p.total()
            && total > f64::from(self.limits.ink_limit) + 0.5
        {
            self.push(
                Severity::Error,
                "ink_limit",
                what.into(),
                format!(
                    "颜色 {} 总墨量{total:.0}%，超过上限{}%",
                    p.label(),
                    self.limits.ink_limit
                ),
                format!("{what}: {} is {total:.0}% ink", p.label()),
            );
        }
        if let Some(size) = fine
            && p.inks() > 1
        {
            self.push(
                Severity::Error,
                "multi_ink_fine",
                what.into(),
                format!(
                    "{size:.2} pt 的细小对象用了{}个色版（{}），套印稍有偏差就会模糊，应只用一个色版（如 K100）",
                    p.inks(),
                    p.label()
                ),
                format!("{what} ({size:.2} pt) in {} inks: {}", p.inks(), p.label()),
            );
        }
    }

    fn walk(&mut self, data: &[u8], resources: &Resources<'_>, state: State, depth: u32) {
        if depth > MAX_DEPTH {
            self.push(
                Severity::Error,
                "too_deep",
                "嵌套对象".into(),
                format!("表单或图案嵌套超过{MAX_DEPTH}层，无法检查"),
                "forms nested too deep".into(),
            );
            return;
        }
        let mut stack: Vec<State> = vec![];
        let mut st = state;
        let mut tm = [1.0, 0.0, 0.0, 1.0, 0.0, 0.0];
        let mut tlm = tm;
        let mut leading = 0.0;
        let mut iter = TypedIter::new(data);
        while let Some(op) = iter.next() {
            self.ops += 1;
            if self.ops > MAX_OPS {
                return;
            }
            match op {
                Op::SaveState(_) if stack.len() < 256 => stack.push(st.clone()),
                Op::SaveState(_) => {}
                Op::RestoreState(_) => {
                    if let Some(s) = stack.pop() {
                        st = s;
                    }
                }
                Op::Transform(t) => {
                    let m = [
                        t.0.as_f64(),
                        t.1.as_f64(),
                        t.2.as_f64(),
                        t.3.as_f64(),
                        t.4.as_f64(),
                        t.5.as_f64(),
                    ];
                    st.ctm = mul(m, st.ctm);
                }
                Op::LineWidth(w) => st.line_width = w.0.as_f64(),
                Op::SetGraphicsState(name) => {
                    if let Some(gs) = resources.get_ext_g_state(name.0)
                        && let Some(w) = gs.get::<f64>(b"LW")
                    {
                        st.line_width = w;
                    }
                }
                Op::ColorSpaceNonStroke(n) => st.fill = initial(resolve_cs_name(n.0, resources)),
                Op::ColorSpaceStroke(n) => st.stroke = initial(resolve_cs_name(n.0, resources)),
                Op::NonStrokeColor(v) => st.fill.value = v.0.iter().map(|n| n.as_f32()).collect(),
                Op::StrokeColor(v) => st.stroke.value = v.0.iter().map(|n| n.as_f32()).collect(),
                Op::NonStrokeColorNamed(v) => {
                    st.fill.value = v.0.iter().map(|n| n.as_f32()).collect();
                    if let Some(name) = v.1 {
                        self.pattern(name, resources, &st, depth);
                    }
                }
                Op::StrokeColorNamed(v) => {
                    st.stroke.value = v.0.iter().map(|n| n.as_f32()).collect();
                    if let Some(name) = v.1 {
                        self.pattern(name, resources, &st, depth);
                    }
                }
                Op::NonStrokeColorDeviceGray(g) => {
                    st.fill = Paint {
                        cs: Cs::Gray,
                        value: vec![g.0.as_f32()],
                    }
                }
                Op::StrokeColorDeviceGray(g) => {
                    st.stroke = Paint {
                        cs: Cs::Gray,
                        value: vec![g.0.as_f32()],
                    }
                }
                Op::NonStrokeColorDeviceRgb(c) => {
                    st.fill = Paint {
                        cs: Cs::Rgb("DeviceRGB"),
                        value: vec![c.0.as_f32(), c.1.as_f32(), c.2.as_f32()],
                    }
                }
                Op::StrokeColorDeviceRgb(c) => {
                    st.stroke = Paint {
                        cs: Cs::Rgb("DeviceRGB"),
                        value: vec![c.0.as_f32(), c.1.as_f32(), c.2.as_f32()],
                    }
                }
                Op::NonStrokeColorCmyk(c) => {
                    st.fill = Paint {
                        cs: Cs::Cmyk,
                        value: vec![c.0.as_f32(), c.1.as_f32(), c.2.as_f32(), c.3.as_f32()],
                    }
                }
                Op::StrokeColorCmyk(c) => {
                    st.stroke = Paint {
                        cs: Cs::Cmyk,
                        value: vec![c.0.as_f32(), c.1.as_f32(), c.2.as_f32(), c.3.as_f32()],
                    }
                }
                Op::StrokePath(_) | Op::CloseAndStrokePath(_) => self.stroke(&st),
                Op::FillPathNonZero(_)
                | Op::FillPathNonZeroCompatibility(_)
                | Op::FillPathEvenOdd(_) => self.colour(&st.fill.clone(), "色块", None),
                Op::FillAndStrokeNonZero(_)
                | Op::FillAndStrokeEvenOdd(_)
                | Op::CloseFillAndStrokeNonZero(_)
                | Op::CloseFillAndStrokeEvenOdd(_) => {
                    self.colour(&st.fill.clone(), "色块", None);
                    self.stroke(&st);
                }
                Op::Shading(name) => {
                    if let Some(sh) = resources.get_shading(name.0) {
                        let cs = shading_cs(&sh, resources);
                        self.colour(
                            &Paint { cs, value: vec![] },
                            &format!("渐变 {}", name.0.as_str()),
                            None,
                        );
                    }
                }
                Op::TextFont(f) => {
                    let name = f.0.as_str().to_string();
                    self.font(&name, resources);
                    st.font = Some((name, f.1.as_f64()));
                }
                Op::HorizontalScaling(h) => st.h_scale = h.0.as_f64() / 100.0,
                Op::TextLeading(l) => leading = l.0.as_f64(),
                Op::BeginText(_) => {
                    tm = [1.0, 0.0, 0.0, 1.0, 0.0, 0.0];
                    tlm = tm;
                }
                Op::SetTextMatrix(m) => {
                    tm = [
                        m.0.as_f64(),
                        m.1.as_f64(),
                        m.2.as_f64(),
                        m.3.as_f64(),
                        m.4.as_f64(),
                        m.5.as_f64(),
                    ];
                    tlm = tm;
                }
                Op::NextLine(d) => {
                    tlm = mul([1.0, 0.0, 0.0, 1.0, d.0.as_f64(), d.1.as_f64()], tlm);
                    tm = tlm;
                }
                Op::NextLineAndSetLeading(d) => {
                    leading = -d.1.as_f64();
                    tlm = mul([1.0, 0.0, 0.0, 1.0, d.0.as_f64(), d.1.as_f64()], tlm);
                    tm = tlm;
                }
                Op::NextLineUsingLeading(_) => {
                    tlm = mul([1.0, 0.0, 0.0, 1.0, 0.0, -leading], tlm);
                    tm = tlm;
                }
                Op::ShowText(_)
                | Op::ShowTexts(_)
                | Op::NextLineAndShowText(_)
                | Op::ShowTextWithParameters(_) => {
                    if matches!(
                        op,
                        Op::NextLineAndShowText(_) | Op::ShowTextWithParameters(_)
                    ) {
                        tlm = mul([1.0, 0.0, 0.0, 1.0, 0.0, -leading], tlm);
                        tm = tlm;
                    }
                    self.text(&st, tm);
                }
                Op::XObject(name) => {
                    if let Some(x) = resources.get_x_object(name.0) {
                        self.xobject(name.0.as_str(), &x, resources, &st, depth);
                    }
                }
                Op::InlineImage(img) => self.image("内嵌图像", img.0, resources, &st),
                _ => {}
            }
        }
    }

    fn stroke(&mut self, st: &State) {
        let w = st.line_width * scale(st.ctm);
        let zh = format!("线条（{w:.2} pt）");
        let fine = (w < 0.25).then_some(w);
        self.colour(&st.stroke.clone(), &zh, fine);
    }

    fn text(&mut self, st: &State, tm: [f64; 6]) {
        let Some((font, size)) = &st.font else {
            return;
        };
        let m = mul(tm, st.ctm);
        let eff = size.abs() * scale(m) * st.h_scale.abs().sqrt();
        let what = format!("文字（字体 {font}，{eff:.1} pt）");
        let fine = (eff < 12.0).then_some(eff);
        self.colour(&st.fill.clone(), &what, fine);
    }

    fn font(&mut self, name: &str, resources: &Resources<'_>) {
        let Some(font) = resources.get_font(&Name::new_unescaped(name.as_bytes())) else {
            return;
        };
        let base = font
            .get::<Name<'_>>(b"BaseFont")
            .map(|n| n.as_str().to_string())
            .unwrap_or_else(|| name.to_string());
        if !self.fonts_checked.insert(base.clone()) {
            return;
        }
        if !font_embedded(&font) {
            self.push(
                Severity::Error,
                "font_not_embedded",
                format!("字体 {base}"),
                "字体未嵌入，印厂的输出设备会用别的字体替换".into(),
                format!("font {base} is not embedded"),
            );
        }
    }

    fn pattern(&mut self, name: &Name<'_>, resources: &Resources<'_>, st: &State, depth: u32) {
        let Some(obj) = resources.get_pattern(name) else {
            return;
        };
        match obj {
            Object::Stream(s) => {
                // A tiling pattern: its cells are content of their own.
                let res = s
                    .dict()
                    .get::<Dict<'_>>(b"Resources")
                    .map(|d| Resources::from_parent(d, resources.clone()))
                    .unwrap_or_else(|| resources.clone());
                if let Ok(data) = s.decoded() {
                    self.walk(&data, &res, st.clone(), depth + 1);
                }
            }
            Object::Dict(d) => {
                if let Some(sh) = d.get::<Object<'_>>(b"Shading") {
                    let dict = match &sh {
                        Object::Dict(d) => Some(d.clone()),
                        Object::Stream(s) => Some(s.dict().clone()),
                        _ => None,
                    };
                    if let Some(dict) = dict {
                        let cs = dict
                            .get::<Object<'_>>(b"ColorSpace")
                            .map(|o| resolve_cs(&o, resources, 0))
                            .unwrap_or(Cs::Unknown("?".into()));
                        self.colour(
                            &Paint { cs, value: vec![] },
                            &format!("渐变图案 {}", name.as_str()),
                            None,
                        );
                    }
                }
            }
            _ => {}
        }
    }

    fn xobject(
        &mut self,
        name: &str,
        x: &Stream<'_>,
        resources: &Resources<'_>,
        st: &State,
        depth: u32,
    ) {
        let dict = x.dict();
        match dict.get::<Name<'_>>(b"Subtype").as_deref() {
            Some(b"Image") => self.image(&format!("图像 {name}"), x, resources, st),
            Some(b"Form") => {
                let mut inner = st.clone();
                if let Some(m) = dict.get::<[f64; 6]>(b"Matrix") {
                    inner.ctm = mul(m, inner.ctm);
                }
                if let Some(group) = dict.get::<Dict<'_>>(b"Group")
                    && let Some(cs) = group.get::<Object<'_>>(b"CS")
                {
                    let cs = resolve_cs(&cs, resources, 0);
                    if matches!(cs, Cs::Rgb(_) | Cs::Lab) {
                        self.push(
                            Severity::Warning,
                            "blend_space",
                            format!("透明组 {name}"),
                            format!("透明混合色彩空间为 {}，应为 CMYK", cs.name_zh()),
                            format!("transparency group {name} blends in {}", cs.name_zh()),
                        );
                    }
                }
                let res = dict
                    .get::<Dict<'_>>(b"Resources")
                    .map(|d| Resources::from_parent(d, resources.clone()))
                    .unwrap_or_else(|| resources.clone());
                if let Ok(data) = x.decoded() {
                    self.walk(&data, &res, inner, depth + 1);
                }
            }
            _ => {}
        }
    }

    fn image(&mut self, what: &str, img: &Stream<'_>, resources: &Resources<'_>, st: &State) {
        let dict = img.dict();
        let get_num = |long: &[u8], short: &[u8]| {
            dict.get::<f64>(long)
                .or_else(|| dict.get::<f64>(short))
                .unwrap_or(0.0)
        };
        let (w, h) = (get_num(b"Width", b"W"), get_num(b"Height", b"H"));
        let mask = dict
            .get::<bool>(b"ImageMask")
            .or_else(|| dict.get::<bool>(b"IM"));
        let what = format!("{what}（{w:.0}×{h:.0} 像素）");
        // Resolution at the placed size: the unit square through the CTM.
        let m = st.ctm;
        let wide = (m[0] * m[0] + m[1] * m[1]).sqrt();
        let high = (m[2] * m[2] + m[3] * m[3]).sqrt();
        if wide > 0.5 && high > 0.5 && w > 0.0 && h > 0.0 && mask != Some(true) {
            let ppi = (w / (wide / 72.0)).min(h / (high / 72.0));
            if ppi + 0.5 < f64::from(self.limits.min_ppi) {
                self.push(
                    Severity::Error,
                    "image_resolution",
                    what.clone(),
                    format!(
                        "放置尺寸 {:.0}×{:.0} 毫米，实际分辨率约{ppi:.0} ppi，低于要求的{} ppi",
                        wide / 72.0 * 25.4,
                        high / 72.0 * 25.4,
                        self.limits.min_ppi
                    ),
                    format!("{what} at {ppi:.0} ppi, under {}", self.limits.min_ppi),
                );
            }
        }
        if mask == Some(true) {
            self.colour(&st.fill.clone(), &what, None);
            return;
        }
        let cs = dict
            .get::<Object<'_>>(b"ColorSpace")
            .or_else(|| dict.get::<Object<'_>>(b"CS"))
            .map(|o| resolve_cs(&o, resources, 0))
            .unwrap_or(Cs::Unknown("无".into()));
        let paint = Paint {
            cs: cs.clone(),
            value: vec![],
        };
        self.colour(&paint, &what, None);
        if cs == Cs::Cmyk {
            self.image_ink(&what, img, w, h, wide.min(high) / w.max(h).max(1.0));
        }
    }

    /// The ink of a CMYK image, in blocks of about half a millimetre as
    /// placed (at least 2×2 pixels): the largest block over the limit is
    /// reported with the area over it.
    fn image_ink(&mut self, what: &str, img: &Stream<'_>, w: f64, h: f64, pt_per_px: f64) {
        let id = img.obj_id();
        let key = (id.obj_number, id.gen_number);
        let (w, h) = (w as u64, h as u64);
        if w == 0 || h == 0 || w * h > MAX_INK_PIXELS {
            return;
        }
        let max = match self.images_checked.get(&key) {
            Some(m) => *m,
            None => {
                let block = ((1.4 / pt_per_px.max(1e-6)).round() as u64).clamp(2, 64);
                let m = image_max_ink(img, w as usize, h as usize, block as usize).unwrap_or(0.0);
                self.images_checked.insert(key, m);
                m
            }
        };
        if max > f64::from(self.limits.ink_limit) + 0.5 {
            self.push(
                Severity::Error,
                "ink_limit",
                what.into(),
                format!(
                    "图像中有区域总墨量约{max:.0}%，超过上限{}%",
                    self.limits.ink_limit
                ),
                format!("{what}: areas at {max:.0}% ink"),
            );
        }
    }
}

fn initial(cs: Cs) -> Paint {
    let value = match cs {
        Cs::Cmyk => vec![0.0, 0.0, 0.0, 1.0],
        Cs::Separation(_) => vec![1.0],
        ref other => vec![0.0; other.components()],
    };
    Paint { cs, value }
}

fn resolve_cs_name(name: &Name<'_>, resources: &Resources<'_>) -> Cs {
    match name.as_ref() {
        b"DeviceGray" | b"G" => Cs::Gray,
        b"DeviceRGB" | b"RGB" => Cs::Rgb("DeviceRGB"),
        b"DeviceCMYK" | b"CMYK" => Cs::Cmyk,
        b"Pattern" => Cs::Pattern,
        _ => match resources.get_color_space(name) {
            Some(o) => resolve_cs(&o, resources, 0),
            None => Cs::Unknown(name.as_str().to_string()),
        },
    }
}

fn resolve_cs(o: &Object<'_>, resources: &Resources<'_>, depth: u32) -> Cs {
    if depth > 4 {
        return Cs::Unknown("?".into());
    }
    match o {
        Object::Name(n) => resolve_cs_name(n, resources),
        Object::Array(a) => array_cs(a, resources, depth),
        _ => Cs::Unknown("?".into()),
    }
}

fn array_cs(a: &Array<'_>, resources: &Resources<'_>, depth: u32) -> Cs {
    let mut it = a.flex_iter();
    let Some(kind) = it.next::<Name<'_>>() else {
        return Cs::Unknown("?".into());
    };
    match kind.as_ref() {
        b"ICCBased" => {
            let n = it
                .next::<Stream<'_>>()
                .and_then(|s| s.dict().get::<i64>(b"N"))
                .unwrap_or(0);
            match n {
                1 => Cs::IccGray,
                3 => Cs::Rgb("ICC RGB"),
                4 => Cs::Cmyk,
                _ => Cs::Unknown(format!("ICCBased N={n}")),
            }
        }
        b"CalRGB" => Cs::Rgb("CalRGB"),
        b"CalGray" => Cs::IccGray,
        b"Lab" => Cs::Lab,
        b"Separation" => {
            let name = it.next::<Name<'_>>().map(|n| n.as_str().to_string());
            match name.as_deref() {
                Some("All") => Cs::Separation(None),
                Some("None") | None => Cs::Separation(Some("None".into())),
                Some(n) => Cs::Separation(Some(n.to_string())),
            }
        }
        b"DeviceN" => Cs::DeviceN(it.next::<Array<'_>>().map_or(1, |a| a.raw_iter().count())),
        b"Indexed" | b"I" => {
            let base = it
                .next::<Object<'_>>()
                .map(|o| resolve_cs(&o, resources, depth + 1))
                .unwrap_or(Cs::Unknown("?".into()));
            Cs::Indexed(Box::new(base))
        }
        b"Pattern" => Cs::Pattern,
        b"DeviceRGB" => Cs::Rgb("DeviceRGB"),
        b"DeviceCMYK" => Cs::Cmyk,
        b"DeviceGray" => Cs::Gray,
        other => Cs::Unknown(String::from_utf8_lossy(other).into_owned()),
    }
}

fn shading_cs(sh: &Object<'_>, resources: &Resources<'_>) -> Cs {
    let dict = match sh {
        Object::Dict(d) => d.clone(),
        Object::Stream(s) => s.dict().clone(),
        _ => return Cs::Unknown("?".into()),
    };
    dict.get::<Object<'_>>(b"ColorSpace")
        .map(|o| resolve_cs(&o, resources, 0))
        .unwrap_or(Cs::Unknown("?".into()))
}

fn font_embedded(font: &Dict<'_>) -> bool {
    let sub = font.get::<Name<'_>>(b"Subtype");
    match sub.as_deref() {
        Some(b"Type3") => true,
        Some(b"Type0") => font
            .get::<Array<'_>>(b"DescendantFonts")
            .and_then(|a| a.iter::<Dict<'_>>().next())
            .is_some_and(|d| descriptor_has_file(&d)),
        _ => descriptor_has_file(font),
    }
}

fn descriptor_has_file(font: &Dict<'_>) -> bool {
    font.get::<Dict<'_>>(b"FontDescriptor").is_some_and(|d| {
        d.contains_key(b"FontFile") || d.contains_key(b"FontFile2") || d.contains_key(b"FontFile3")
    })
}

/// The highest block-average total ink (percent) of a CMYK image.
fn image_max_ink(img: &Stream<'_>, w: usize, h: usize, block: usize) -> Option<f64> {
    let dict = img.dict();
    let bpc = dict.get::<i64>(b"BitsPerComponent").unwrap_or(8);
    if bpc != 8 {
        return None;
    }
    let dct = img
        .filters()
        .iter()
        .any(|f| format!("{f:?}").to_ascii_lowercase().contains("dct"));
    let inverted = dict
        .get::<Array<'_>>(b"Decode")
        .and_then(|a| a.iter::<f64>().next())
        .is_some_and(|first| first > 0.5);
    let px: Vec<u8> = if dct {
        let raw = img.raw_data();
        let (mut px, pw, ph) = super::photo::decode_cmyk(&raw).ok()?;
        if usize::from(pw) != w || usize::from(ph) != h {
            return None;
        }
        // decode_cmyk gives ink; the file's Decode array already undid
        // the Adobe inversion, so a file without it meant raw values.
        if !inverted && super::frames::is_cmyk_jpeg(&raw) && adobe_marker(&raw) {
            for v in &mut px {
                *v = 255 - *v;
            }
        }
        px
    } else {
        let data = img.decoded().ok()?;
        if data.len() < w * h * 4 {
            return None;
        }
        let mut px = data[..w * h * 4].to_vec();
        if inverted {
            for v in &mut px {
                *v = 255 - *v;
            }
        }
        px
    };
    let mut max = 0u64;
    let mut by = 0;
    while by < h {
        let mut bx = 0;
        while bx < w {
            let (mut sum, mut n) = (0u64, 0u64);
            for y in by..(by + block).min(h) {
                let row = &px[(y * w + bx) * 4..(y * w + (bx + block).min(w)) * 4];
                sum += row.iter().map(|v| u64::from(*v)).sum::<u64>();
                n += (row.len() / 4) as u64;
            }
            if let Some(avg) = (sum * 100).checked_div(n) {
                max = max.max(avg);
            }
            bx += block;
        }
        by += block;
    }
    Some(max as f64 / 255.0)
}

fn adobe_marker(jpeg: &[u8]) -> bool {
    jpeg.windows(5).take(4096).any(|w| w == b"Adobe")
}

/// Run the press checks on a PDF.
pub fn check_pdf(pdf: &[u8], limits: PressLimits) -> Result<PressReport, crate::ExportError> {
    let doc = Pdf::new(pdf.to_vec()).map_err(|e| crate::ExportError::Verify {
        reason: format!("{e:?}"),
    })?;
    let mut findings = vec![];
    let xref = doc.xref();
    let catalog =
        xref.get::<Dict<'_>>(xref.root_id())
            .ok_or_else(|| crate::ExportError::Verify {
                reason: "no catalog".into(),
            })?;
    let mut output_condition = None;
    let mut intents = 0;
    if let Some(ois) = catalog.get::<Array<'_>>(b"OutputIntents") {
        for oi in ois.iter::<Dict<'_>>() {
            if oi.get::<Name<'_>>(b"S").as_deref() == Some(b"GTS_PDFX".as_slice()) {
                intents += 1;
                let text = |k: &[u8]| {
                    oi.get::<hayro_syntax::object::String<'_>>(k)
                        .map(|s| text_of(s.as_bytes()))
                        .filter(|s| !s.is_empty())
                };
                output_condition = text(b"Info")
                    .or_else(|| text(b"OutputConditionIdentifier"))
                    .or(Some(String::new()));
            }
        }
    }
    let pdfx_version = pdfx_version(pdf);
    let doc_finding = |severity, code: &str, zh: &str, en: &str| PressFinding {
        severity,
        code: code.into(),
        page: None,
        object: "文档".into(),
        message_zh: zh.into(),
        message_en: en.into(),
    };
    if pdfx_version.is_none() || intents != 1 {
        findings.push(doc_finding(
            Severity::Warning,
            "not_pdfx",
            "文件不是 PDF/X（没有 GTS_PDFXVersion 或没有唯一的 GTS_PDFX 输出意图）：印厂须按自己的设定转换颜色",
            "not PDF/X: no GTS_PDFXVersion or not exactly one GTS_PDFX output intent",
        ));
    }
    let mut fonts_checked = HashSet::new();
    let mut images_checked = HashMap::new();
    let mut ops = 0;
    let pages = doc.pages();
    for (i, page) in pages.iter().enumerate() {
        let n = i as u32 + 1;
        let raw = page.raw();
        let media = page.media_box();
        let trim = raw.get::<Rect>(b"TrimBox");
        let bleed = raw.get::<Rect>(b"BleedBox");
        let mut page_findings = vec![];
        let page_finding = |code: &str, zh: String, en: String| PressFinding {
            severity: Severity::Warning,
            code: code.into(),
            page: Some(n),
            object: "页面框".into(),
            message_zh: format!("第{n}页：{zh}"),
            message_en: format!("page {n}: {en}"),
        };
        match (trim, bleed) {
            (None, _) => page_findings.push(page_finding(
                "trim_box",
                "没有裁切框（TrimBox），印厂无法确定成品尺寸".into(),
                "no TrimBox".into(),
            )),
            (Some(t), b) => {
                let b = b.unwrap_or(media);
                let inside = |a: Rect, b: Rect| {
                    a.x0 >= b.x0 - 0.01
                        && a.y0 >= b.y0 - 0.01
                        && a.x1 <= b.x1 + 0.01
                        && a.y1 <= b.y1 + 0.01
                };
                if !inside(t, b) || !inside(b, media) {
                    page_findings.push(page_finding(
                        "page_boxes",
                        "页面框不正确：应为 媒体框 ⊇ 出血框 ⊇ 裁切框".into(),
                        "boxes not nested MediaBox ⊇ BleedBox ⊇ TrimBox".into(),
                    ));
                }
            }
        }
        if let Some(group) = raw.get::<Dict<'_>>(b"Group")
            && let Some(cs) = group.get::<Object<'_>>(b"CS")
        {
            let cs = resolve_cs(&cs, page.resources(), 0);
            if matches!(cs, Cs::Rgb(_) | Cs::Lab) {
                page_findings.push(page_finding(
                    "blend_space",
                    format!("页面透明混合色彩空间为 {}，应为 CMYK", cs.name_zh()),
                    "page transparency group blends in RGB".into(),
                ));
            }
        }
        let mut walker = Walker {
            page: n,
            limits,
            ops,
            out: vec![],
            seen: HashSet::new(),
            fonts_checked: &mut fonts_checked,
            images_checked: &mut images_checked,
        };
        let state = State {
            ctm: [1.0, 0.0, 0.0, 1.0, 0.0, 0.0],
            fill: Paint::black(),
            stroke: Paint::black(),
            line_width: 1.0,
            font: None,
            h_scale: 1.0,
        };
        if let Some(data) = page.page_stream() {
            walker.walk(data, page.resources(), state, 0);
        }
        ops = walker.ops;
        findings.extend(page_findings);
        findings.extend(walker.out);
        if ops > MAX_OPS {
            findings.push(doc_finding(
                Severity::Error,
                "too_large",
                "文件内容过多，未能检查完（超过两千万个绘制指令）",
                "too many operators; the check stopped",
            ));
            break;
        }
    }
    findings.sort_by_key(|f| (f.severity, f.page));
    let count = |s| findings.iter().filter(|f| f.severity == s).count() as u32;
    Ok(PressReport {
        pages: pages.len() as u32,
        pdfx_version,
        output_condition,
        limits,
        errors: count(Severity::Error),
        warnings: count(Severity::Warning),
        findings,
    })
}

/// `GTS_PDFXVersion` from the document information.
fn pdfx_version(pdf: &[u8]) -> Option<String> {
    let key = b"/GTS_PDFXVersion";
    let i = pdf.windows(key.len()).rposition(|w| w == key)?;
    let rest = &pdf[i + key.len()..(i + key.len() + 64).min(pdf.len())];
    let open = rest.iter().position(|c| *c == b'(')?;
    let close = rest[open..].iter().position(|c| *c == b')')? + open;
    Some(String::from_utf8_lossy(&rest[open + 1..close]).into_owned())
}

fn text_of(bytes: &[u8]) -> String {
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
