//! Output profiles: the CMYK ICC profile of the print shop's output
//! condition, the conversions made with it, and what a PDF/X output intent
//! says about it.
//!
//! The colour management is `moxcms` (pure Rust, the crate Typst itself
//! converts CMYK with, so it is linked already): it reads the LUT-based
//! (`lut16`, `mAB`/`mBA`) output profiles that ArgyllCMS and the shops'
//! tools write, and picks the A2B/B2A table of each rendering intent.
//! Photos go to CMYK with the **perceptual** intent (the built-in profiles'
//! perceptual tables are gamut-mapped from sRGB, so saturated screen colours
//! are compressed into the press gamut instead of clipped); CMYK goes back
//! to sRGB for the screen **relative colorimetric** with black-point
//! compensation (done here, see [`Colour::screen`]; `moxcms` has none), so
//! the paper shows white and the press's deepest black shows black.

use std::borrow::Cow;
use std::sync::{Arc, OnceLock};

use moxcms::{
    ColorProfile, DataColorSpace, Layout, ProfileClass, ProfileText, RenderingIntent,
    Transform8BitExecutor, TransformOptions,
};
use sha2::{Digest, Sha256};

use crate::error::ExportError;

/// The largest profile file accepted (shops' profiles are 0.5–4 MB).
pub const MAX_PROFILE_BYTES: usize = 8 * 1024 * 1024;

struct Builtin {
    key: &'static str,
    name: &'static str,
    icc: &'static [u8],
    zlib: &'static [u8],
    condition_id: &'static str,
    registry: &'static str,
    condition: &'static str,
}

const BUILTINS: [Builtin; 3] = [
    Builtin {
        key: "builtin:coated",
        name: "涂布纸 FOGRA39L（园区编务据公开特征数据生成）",
        icc: include_bytes!(concat!(env!("OUT_DIR"), "/coated.icc")),
        zlib: include_bytes!(concat!(env!("OUT_DIR"), "/coated.icc.zlib")),
        condition_id: "FOGRA39",
        registry: "http://www.color.org",
        condition: "Offset printing, according to ISO 12647-2:2004/Amd 1, OFCOM, paper type 1 or 2 = coated art, 115 g/m2, tone value increase curves A (CMY) and B (K)",
    },
    Builtin {
        key: "builtin:uncoated",
        name: "胶版纸 FOGRA29L（园区编务据公开特征数据生成）",
        icc: include_bytes!(concat!(env!("OUT_DIR"), "/uncoated.icc")),
        zlib: include_bytes!(concat!(env!("OUT_DIR"), "/uncoated.icc.zlib")),
        condition_id: "FOGRA29",
        registry: "http://www.color.org",
        condition: "Offset printing according to ISO 12647-2:2004, OFCOM, paper type 4 = white, uncoated, 120 g/m2",
    },
    Builtin {
        key: "builtin:newsprint",
        name: "新闻纸 CGATS TR 002（园区编务据公开特征数据生成）",
        icc: include_bytes!(concat!(env!("OUT_DIR"), "/newsprint.icc")),
        zlib: include_bytes!(concat!(env!("OUT_DIR"), "/newsprint.icc.zlib")),
        condition_id: "CGATS TR 002",
        registry: "http://www.color.org",
        condition: "Coldset printing on newsprint, ANSI CGATS/SNAP TR 002-2007",
    },
];

/// A CMYK output profile with what the PDF/X output intent says about it.
pub struct OutputProfile {
    /// `builtin:coated` …, or the SHA-256 of an imported file.
    pub key: String,
    /// Shown wherever the output condition is shown.
    pub name: String,
    /// The profile's own description (its `desc` tag).
    pub description: String,
    /// `OutputConditionIdentifier`: a registered printing condition
    /// (`FOGRA39`) or `Custom`.
    pub condition_id: String,
    /// `RegistryName` of a registered condition (empty for `Custom`).
    pub registry: String,
    /// `OutputCondition`, in words.
    pub condition: String,
    icc: Cow<'static, [u8]>,
    zlib: OnceLock<Cow<'static, [u8]>>,
    colour: OnceLock<Result<Arc<Colour>, String>>,
}

impl std::fmt::Debug for OutputProfile {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("OutputProfile")
            .field("key", &self.key)
            .field("description", &self.description)
            .finish()
    }
}

impl OutputProfile {
    /// A profile ZonePress builds at build time (`builtin:coated`,
    /// `builtin:uncoated`, `builtin:newsprint`).
    pub fn builtin(key: &str) -> Option<OutputProfile> {
        let b = BUILTINS.iter().find(|b| b.key == key)?;
        let description = ColorProfile::new_from_slice(b.icc)
            .ok()
            .and_then(|p| text(p.description.as_ref()))
            .unwrap_or_default();
        let zlib = OnceLock::new();
        let _ = zlib.set(Cow::Borrowed(b.zlib));
        Some(OutputProfile {
            key: b.key.into(),
            name: b.name.into(),
            description,
            condition_id: b.condition_id.into(),
            registry: b.registry.into(),
            condition: b.condition.into(),
            icc: Cow::Borrowed(b.icc),
            zlib,
            colour: OnceLock::new(),
        })
    }

    /// The keys of the built-in profiles.
    pub fn builtin_keys() -> impl Iterator<Item = &'static str> {
        BUILTINS.iter().map(|b| b.key)
    }

    /// A print shop's profile from its `.icc` file: it must be a CMYK
    /// output (printer) profile that converts both ways. `name` is shown
    /// (the file name it came in).
    pub fn from_icc(bytes: Vec<u8>, name: &str) -> Result<OutputProfile, ExportError> {
        let refuse = |zh: &str, en: String| ExportError::Profile {
            zh: zh.to_string(),
            en,
        };
        if bytes.len() > MAX_PROFILE_BYTES {
            return Err(refuse(
                "色彩配置文件太大（最大8 MB）",
                format!("profile of {} bytes", bytes.len()),
            ));
        }
        let p = ColorProfile::new_from_slice(&bytes)
            .map_err(|e| refuse("不是有效的 ICC 色彩配置文件", format!("ICC parse: {e:?}")))?;
        if p.color_space != DataColorSpace::Cmyk {
            return Err(refuse(
                "这不是 CMYK 配置文件：印刷输出须用印厂提供的 CMYK 配置文件",
                format!("colour space {:?}", p.color_space),
            ));
        }
        if p.profile_class != ProfileClass::OutputDevice {
            return Err(refuse(
                "这不是输出（印刷）配置文件：须用印厂提供的印刷输出配置文件",
                format!("profile class {:?}", p.profile_class),
            ));
        }
        let description = text(p.description.as_ref()).unwrap_or_else(|| name.to_string());
        let key = hex::encode(Sha256::digest(&bytes));
        let profile = OutputProfile {
            key,
            name: name.to_string(),
            description: description.clone(),
            condition_id: "Custom".into(),
            registry: String::new(),
            condition: description,
            icc: Cow::Owned(bytes),
            zlib: OnceLock::new(),
            colour: OnceLock::new(),
        };
        profile.colour().map_err(|e| {
            refuse(
                "此配置文件无法用于颜色转换（缺少所需的转换表）",
                format!("no usable transforms: {e}"),
            )
        })?;
        Ok(profile)
    }

    /// The ICC bytes.
    pub fn icc(&self) -> &[u8] {
        &self.icc
    }

    /// The ICC bytes zlib-compressed, for the output intent's stream.
    pub fn icc_zlib(&self) -> &[u8] {
        self.zlib
            .get_or_init(|| Cow::Owned(miniz_oxide::deflate::compress_to_vec_zlib(&self.icc, 6)))
    }

    /// The conversions, built on first use (a few milliseconds).
    pub fn colour(&self) -> Result<Arc<Colour>, String> {
        self.colour
            .get_or_init(|| Colour::new(&self.icc).map(Arc::new))
            .clone()
    }
}

/// The text of an ICC text tag, in the first language it has.
fn text(t: Option<&ProfileText>) -> Option<String> {
    let s = match t? {
        ProfileText::PlainString(s) => s.clone(),
        ProfileText::Localizable(v) => v
            .iter()
            .find(|l| l.language == "zh")
            .or_else(|| v.first())
            .map(|l| l.value.clone())?,
        ProfileText::Description(d) => {
            if d.unicode_string.trim().is_empty() {
                d.ascii_string.clone()
            } else {
                d.unicode_string.clone()
            }
        }
    };
    let s = s.trim_matches(|c: char| c == '\0' || c.is_whitespace());
    (!s.is_empty()).then(|| s.chars().filter(|c| !c.is_control()).collect())
}

/// The conversions of one output profile.
pub struct Colour {
    /// The profile itself (photos with their own source profile are
    /// converted to it).
    profile: ColorProfile,
    /// sRGB → CMYK, perceptual (photos).
    photo: Arc<Transform8BitExecutor>,
    /// sRGB → CMYK, relative colorimetric (a stray RGB colour).
    vector: Arc<Transform8BitExecutor>,
    /// CMYK → sRGB, relative colorimetric, before black-point compensation.
    to_srgb: Arc<Transform8BitExecutor>,
    /// Black-point compensation on the sRGB channels.
    bpc: [u8; 256],
}

impl Colour {
    fn new(icc: &[u8]) -> Result<Colour, String> {
        let profile = ColorProfile::new_from_slice(icc).map_err(|e| format!("{e:?}"))?;
        let srgb = ColorProfile::new_srgb();
        let opts = |intent| TransformOptions {
            rendering_intent: intent,
            ..TransformOptions::default()
        };
        let photo = srgb
            .create_transform_8bit(
                Layout::Rgb,
                &profile,
                Layout::Rgba,
                opts(RenderingIntent::Perceptual),
            )
            .map_err(|e| format!("sRGB to CMYK: {e:?}"))?;
        let vector = srgb
            .create_transform_8bit(
                Layout::Rgb,
                &profile,
                Layout::Rgba,
                opts(RenderingIntent::RelativeColorimetric),
            )
            .map_err(|e| format!("sRGB to CMYK: {e:?}"))?;
        let to_srgb = profile
            .create_transform_8bit(
                Layout::Rgba,
                &srgb,
                Layout::Rgb,
                opts(RenderingIntent::RelativeColorimetric),
            )
            .map_err(|e| format!("CMYK to sRGB: {e:?}"))?;
        // The deepest black the press prints: sRGB black through the
        // profile's own black generation and ink limit, and back.
        let mut black = [0u8; 4];
        photo
            .transform(&[0, 0, 0], &mut black)
            .map_err(|e| format!("{e:?}"))?;
        let mut rgb = [0u8; 3];
        to_srgb
            .transform(&black, &mut rgb)
            .map_err(|e| format!("{e:?}"))?;
        let y = 0.2126 * linear(rgb[0]) + 0.7152 * linear(rgb[1]) + 0.0722 * linear(rgb[2]);
        let y = y.clamp(0.0, 0.5);
        let mut bpc = [0u8; 256];
        for (v, out) in bpc.iter_mut().enumerate() {
            let l = ((linear(v as u8) - y) / (1.0 - y)).max(0.0);
            *out = encode(l);
        }
        Ok(Colour {
            profile,
            photo,
            vector,
            to_srgb,
            bpc,
        })
    }

    /// CMYK (0–255 each) as sRGB on the screen: relative colorimetric,
    /// then black-point compensation. Compensation in linear light scales
    /// towards the press's black as it would in XYZ, since that black is
    /// neutral: the paper stays white, the deepest black becomes black.
    pub fn screen(&self, cmyk: &[u8], rgb: &mut [u8]) {
        if self.to_srgb.transform(cmyk, rgb).is_err() {
            rgb.fill(0);
            return;
        }
        for v in rgb.iter_mut() {
            *v = self.bpc[usize::from(*v)];
        }
    }

    /// One sRGB colour in CMYK (relative colorimetric): a neutral grey
    /// becomes K only.
    pub fn vector_cmyk(&self, rgb: [u8; 3]) -> [u8; 4] {
        if rgb[0] == rgb[1] && rgb[1] == rgb[2] {
            return [0, 0, 0, 255 - rgb[0]];
        }
        let mut out = [0u8; 4];
        if self.vector.transform(&rgb, &mut out).is_err() {
            return [0, 0, 0, 255];
        }
        out
    }

    /// sRGB pixels to CMYK pixels, perceptual.
    pub fn photo_cmyk(&self, rgb: &[u8], cmyk: &mut [u8]) -> Result<(), String> {
        self.photo
            .transform(rgb, cmyk)
            .map_err(|e| format!("{e:?}"))
    }

    /// A transform from a photo's own RGB profile to this CMYK, perceptual.
    pub fn photo_from(&self, source: &[u8]) -> Option<Arc<Transform8BitExecutor>> {
        let src = ColorProfile::new_from_slice(source).ok()?;
        if src.color_space != DataColorSpace::Rgb {
            return None;
        }
        src.create_transform_8bit(
            Layout::Rgb,
            &self.profile,
            Layout::Rgba,
            TransformOptions {
                rendering_intent: RenderingIntent::Perceptual,
                ..TransformOptions::default()
            },
        )
        .ok()
    }
}

fn linear(v: u8) -> f64 {
    let c = f64::from(v) / 255.0;
    if c <= 0.04045 {
        c / 12.92
    } else {
        ((c + 0.055) / 1.055).powf(2.4)
    }
}

fn encode(l: f64) -> u8 {
    let c = if l <= 0.003_130_8 {
        12.92 * l
    } else {
        1.055 * l.powf(1.0 / 2.4) - 0.055
    };
    (c * 255.0).round().clamp(0.0, 255.0) as u8
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_built_in_profiles_are_cmyk_output_profiles() {
        for key in OutputProfile::builtin_keys() {
            let p = OutputProfile::builtin(key).unwrap();
            let icc = ColorProfile::new_from_slice(p.icc()).unwrap();
            assert_eq!(icc.color_space, DataColorSpace::Cmyk, "{key}");
            assert_eq!(icc.profile_class, ProfileClass::OutputDevice, "{key}");
            assert!(p.description.starts_with("ZonePress"), "{}", p.description);
            let c = p.colour().unwrap();
            // Paper white stays white on the screen, K only is a dark grey
            // and the press's deepest black is black.
            let mut rgb = [0u8; 3];
            c.screen(&[0, 0, 0, 0], &mut rgb);
            assert!(rgb.iter().all(|v| *v >= 250), "{key} paper {rgb:?}");
            c.screen(&[0, 0, 0, 255], &mut rgb);
            assert!(rgb.iter().all(|v| *v < 60), "{key} K100 {rgb:?}");
            let mut black = [0u8; 4];
            c.photo_cmyk(&[0, 0, 0], &mut black).unwrap();
            c.screen(&black, &mut rgb);
            assert!(rgb.iter().all(|v| *v < 24), "{key} black {rgb:?}");
            // A saturated red gets magenta and yellow, little cyan.
            let mut red = [0u8; 4];
            c.photo_cmyk(&[200, 22, 29], &mut red).unwrap();
            assert!(red[1] > 200 && red[2] > 180 && red[0] < 30, "{key} {red:?}");
            assert_eq!(c.vector_cmyk([40, 40, 40]), [0, 0, 0, 215]);
        }
    }

    #[test]
    fn the_built_in_profiles_carry_one_fixed_date_not_their_build_time() {
        // build.rs: colprof writes the time it ran into the header, which
        // made every build's PDF/X-4 output intent differ (found comparing
        // the arm64 and Windows builds' PDFs with Linux's).
        for key in OutputProfile::builtin_keys() {
            let p = OutputProfile::builtin(key).unwrap();
            let date: Vec<u16> = p.icc()[24..36]
                .chunks(2)
                .map(|b| u16::from_be_bytes([b[0], b[1]]))
                .collect();
            assert_eq!(date, [2026, 1, 1, 0, 0, 0], "{key}");
            // The compressed copy in the output intent is the same profile.
            let unpacked = miniz_oxide::inflate::decompress_to_vec_zlib(p.icc_zlib()).unwrap();
            assert_eq!(unpacked, p.icc(), "{key}");
        }
    }

    #[test]
    fn an_rgb_profile_is_refused() {
        let srgb = ColorProfile::new_srgb().encode().unwrap();
        let e = OutputProfile::from_icc(srgb, "srgb.icc").unwrap_err();
        assert!(e.message_zh().contains("CMYK"), "{}", e.message_zh());
        let e = OutputProfile::from_icc(b"not a profile".to_vec(), "x.icc").unwrap_err();
        assert!(e.message_zh().contains("ICC"), "{}", e.message_zh());
    }

    #[test]
    fn an_imported_cmyk_profile_is_keyed_by_its_hash() {
        let bytes = OutputProfile::builtin("builtin:uncoated")
            .unwrap()
            .icc()
            .to_vec();
        let p = OutputProfile::from_icc(bytes.clone(), "印厂.icc").unwrap();
        assert_eq!(p.key, hex::encode(Sha256::digest(&bytes)));
        assert_eq!(p.condition_id, "Custom");
        assert_eq!(p.name, "印厂.icc");
        assert!(p.description.contains("FOGRA29L"));
    }
}
