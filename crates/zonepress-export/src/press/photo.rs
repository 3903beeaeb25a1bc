//! Photos for the press: each placed image converted once to a CMYK JPEG
//! with the output profile (perceptual intent, total ink held under the
//! limit), and its screen copy: the same CMYK back in sRGB through the same
//! profile, so previews and 数字报 page images show what the press prints.
//!
//! Conversions are kept in memory and, when the exporter has a cache
//! folder, on disk (`<key>.cmyk.jpg`, `<key>.screen.jpg`), keyed by the
//! image, the profile, the ink limit and [`CONVERSION`]: a new process
//! exporting an issue it exported before reads them instead of converting.

use std::io::Cursor;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, OnceLock};

use image::{DynamicImage, ImageDecoder, ImageReader};
use sha2::{Digest, Sha256};
use typst::foundations::{Bytes, Smart};
use typst::visualize::{ExchangeFormat, Image, RasterImage};

use super::profile::{Colour, OutputProfile};
use crate::recent::Recent;

/// Bump when the conversion changes, so cached results are made again.
const CONVERSION: &str = "press-photo-1";
/// JPEG quality of the CMYK and screen copies.
const QUALITY: u8 = 92;
/// The ink limit is held this far under the setting, so JPEG noise never
/// pushes an area over it.
const INK_MARGIN: u16 = 4;
/// Converted photos kept in memory.
const KEPT: usize = 48;

/// One photo ready for the press and the screen.
pub struct PressPhoto {
    /// The image it was made from.
    pub asset_id: String,
    /// The CMYK JPEG (Adobe inverted CMYK, as Photoshop writes it).
    pub cmyk: Bytes,
    screen_path: Option<PathBuf>,
    screen: OnceLock<Option<Bytes>>,
    screen_image: OnceLock<Option<RasterImage>>,
}

impl PressPhoto {
    /// The sRGB copy for the screen (read or made on first use).
    pub fn screen(&self) -> Option<Bytes> {
        self.screen
            .get_or_init(|| {
                let path = self.screen_path.as_ref()?;
                std::fs::read(path).ok().map(Bytes::new)
            })
            .clone()
    }

    /// The screen copy as an image for Typst, decoded once.
    pub fn screen_image(&self, like: &Image) -> Option<Image> {
        let raster = self
            .screen_image
            .get_or_init(|| {
                let bytes = self.screen()?;
                RasterImage::new(bytes, ExchangeFormat::Jpg, Smart::Auto).ok()
            })
            .clone()?;
        Some(Image::new(
            raster,
            like.alt().map(Into::into),
            like.scaling(),
        ))
    }
}

/// Converted photos of one exporter.
#[derive(Default)]
pub struct PhotoCache {
    dir: Option<PathBuf>,
    /// Converted photos in memory by key.
    mem: Mutex<Recent<String, Arc<PressPhoto>>>,
}

impl PhotoCache {
    pub fn new(dir: Option<PathBuf>) -> PhotoCache {
        PhotoCache {
            dir,
            mem: Mutex::default(),
        }
    }

    /// The press copy of image `asset_id`, converted with `profile` under
    /// `ink_limit` (percent); `original` reads the image when it must be
    /// converted. `None` when the image cannot be read or decoded.
    pub fn get(
        &self,
        asset_id: &str,
        profile: &OutputProfile,
        ink_limit: u16,
        original: impl FnOnce() -> Option<Vec<u8>>,
    ) -> Option<Arc<PressPhoto>> {
        let key = hex::encode(
            &Sha256::digest(format!(
                "{CONVERSION}\n{asset_id}\n{}\n{ink_limit}",
                profile.key
            ))[..16],
        );
        {
            let mut mem = self.mem.lock().unwrap_or_else(|e| e.into_inner());
            mem.next_use();
            if let Some(photo) = mem.get(&key) {
                return Some(photo.clone());
            }
        }
        let photo = Arc::new(self.load(&key, asset_id).or_else(|| {
            let bytes = original()?;
            let colour = profile.colour().ok()?;
            let made = convert(&bytes, &colour, ink_limit);
            match made {
                Ok((cmyk, screen)) => {
                    self.store(&key, &cmyk, &screen);
                    let cmyk = Bytes::new(cmyk);
                    Some(PressPhoto {
                        asset_id: asset_id.to_string(),
                        cmyk,
                        screen_path: None,
                        screen: OnceLock::from(Some(Bytes::new(screen))),
                        screen_image: OnceLock::new(),
                    })
                }
                Err(e) => {
                    tracing_warn(&format!("photo {asset_id} not converted: {e}"));
                    None
                }
            }
        })?);
        let mut mem = self.mem.lock().unwrap_or_else(|e| e.into_inner());
        mem.next_use();
        mem.insert(key, photo.clone(), KEPT);
        Some(photo)
    }

    fn paths(&self, key: &str) -> Option<(PathBuf, PathBuf)> {
        let dir = self.dir.as_ref()?;
        Some((
            dir.join(format!("{key}.cmyk.jpg")),
            dir.join(format!("{key}.screen.jpg")),
        ))
    }

    fn load(&self, key: &str, asset_id: &str) -> Option<PressPhoto> {
        let (cmyk, screen) = self.paths(key)?;
        let bytes = std::fs::read(&cmyk).ok()?;
        // A file cut short by a crash is no JPEG, a missing screen copy
        // cannot be served: convert again.
        if bytes.len() < 4 || bytes[bytes.len() - 2..] != [0xFF, 0xD9] || !screen.is_file() {
            return None;
        }
        Some(PressPhoto {
            asset_id: asset_id.to_string(),
            cmyk: Bytes::new(bytes),
            screen_path: Some(screen),
            screen: OnceLock::new(),
            screen_image: OnceLock::new(),
        })
    }

    /// Keep a conversion on disk (best effort: a cache that cannot be
    /// written only costs the next process a conversion).
    fn store(&self, key: &str, cmyk: &[u8], screen: &[u8]) {
        let Some((cmyk_path, screen_path)) = self.paths(key) else {
            return;
        };
        let write = |path: &Path, bytes: &[u8]| -> std::io::Result<()> {
            if let Some(dir) = path.parent() {
                std::fs::create_dir_all(dir)?;
            }
            let tmp = path.with_extension("tmp");
            std::fs::write(&tmp, bytes)?;
            std::fs::rename(&tmp, path)
        };
        // The screen copy first: a CMYK file on disk means both are there.
        if let Err(e) = write(&screen_path, screen).and_then(|()| write(&cmyk_path, cmyk)) {
            tracing_warn(&format!("press cache not written: {e}"));
        }
    }
}

fn tracing_warn(msg: &str) {
    // The export crate logs nothing itself; the message goes to stderr
    // only in debug builds, where a failed conversion is worth seeing.
    if cfg!(debug_assertions) {
        eprintln!("zonepress-export: {msg}");
    }
}

/// Decode an image as the press sees it: EXIF orientation applied,
/// transparency over white paper, 8-bit RGB; with its own ICC profile.
fn decode(bytes: &[u8]) -> Result<(image::RgbImage, Option<Vec<u8>>), String> {
    let reader = ImageReader::new(Cursor::new(bytes))
        .with_guessed_format()
        .map_err(|e| e.to_string())?;
    let mut decoder = reader.into_decoder().map_err(|e| e.to_string())?;
    let icc = decoder.icc_profile().ok().flatten();
    let orientation = decoder.orientation().ok();
    let mut img = DynamicImage::from_decoder(decoder).map_err(|e| e.to_string())?;
    if let Some(o) = orientation {
        img.apply_orientation(o);
    }
    let rgb = if img.color().has_alpha() {
        let rgba = img.to_rgba8();
        let mut out = image::RgbImage::new(rgba.width(), rgba.height());
        for (o, p) in out.pixels_mut().zip(rgba.pixels()) {
            let a = u32::from(p[3]);
            for i in 0..3 {
                o[i] = ((u32::from(p[i]) * a + 255 * (255 - a) + 127) / 255) as u8;
            }
        }
        out
    } else {
        img.to_rgb8()
    };
    Ok((rgb, icc))
}

/// Convert a photo: (CMYK JPEG, sRGB screen JPEG).
pub fn convert(
    bytes: &[u8],
    colour: &Colour,
    ink_limit: u16,
) -> Result<(Vec<u8>, Vec<u8>), String> {
    let (rgb, icc) = decode(bytes)?;
    let (w, h) = rgb.dimensions();
    let (w16, h16) = (
        u16::try_from(w).map_err(|_| "image wider than 65,535 pixels")?,
        u16::try_from(h).map_err(|_| "image taller than 65,535 pixels")?,
    );
    let mut cmyk = vec![0u8; w as usize * h as usize * 4];
    let own = icc.as_deref().and_then(|p| colour.photo_from(p));
    match own {
        Some(t) => t
            .transform(rgb.as_raw(), &mut cmyk)
            .map_err(|e| format!("{e:?}"))?,
        None => colour.photo_cmyk(rgb.as_raw(), &mut cmyk)?,
    }
    hold_ink(&mut cmyk, ink_limit.saturating_sub(INK_MARGIN));
    let mut press = Vec::with_capacity(cmyk.len() / 6);
    jpeg_encoder::Encoder::new(&mut press, QUALITY)
        .encode(&cmyk, w16, h16, jpeg_encoder::ColorType::Cmyk)
        .map_err(|e| e.to_string())?;
    let screen = screen_pixels(colour, &cmyk, w16, h16)?;
    Ok((press, screen))
}

/// Keep every pixel's total ink at or under `limit` percent: cyan, magenta
/// and yellow give way together, black stays (it carries the detail).
pub fn hold_ink(cmyk: &mut [u8], limit: u16) {
    let limit = (u32::from(limit) * 255).div_ceil(100);
    for px in cmyk.chunks_exact_mut(4) {
        let total: u32 = px.iter().map(|v| u32::from(*v)).sum();
        if total <= limit {
            continue;
        }
        let k = u32::from(px[3]);
        let cmy = total - k;
        let room = limit.saturating_sub(k);
        for v in &mut px[..3] {
            *v = (u32::from(*v) * room / cmy) as u8;
        }
    }
}

fn screen_pixels(colour: &Colour, cmyk: &[u8], w: u16, h: u16) -> Result<Vec<u8>, String> {
    let mut rgb = vec![0u8; usize::from(w) * usize::from(h) * 3];
    colour.screen(cmyk, &mut rgb);
    let mut out = Vec::with_capacity(rgb.len() / 8);
    jpeg_encoder::Encoder::new(&mut out, QUALITY)
        .encode(&rgb, w, h, jpeg_encoder::ColorType::Rgb)
        .map_err(|e| e.to_string())?;
    Ok(out)
}

/// The CMYK pixels of a CMYK JPEG written by [`convert`] (Adobe inverted).
pub fn decode_cmyk(jpeg: &[u8]) -> Result<(Vec<u8>, u16, u16), String> {
    use zune_jpeg::zune_core::colorspace::ColorSpace;
    use zune_jpeg::zune_core::options::DecoderOptions;
    let options = DecoderOptions::default().jpeg_set_out_colorspace(ColorSpace::CMYK);
    let mut d = zune_jpeg::JpegDecoder::new_with_options(Cursor::new(jpeg), options);
    let mut px = d.decode().map_err(|e| e.to_string())?;
    let (w, h) = d.dimensions().ok_or("no dimensions")?;
    let adobe_inverted = matches!(
        d.input_colorspace(),
        Some(ColorSpace::CMYK | ColorSpace::YCCK)
    );
    if adobe_inverted && !zune_inverts() {
        for v in &mut px {
            *v = 255 - *v;
        }
    }
    Ok((
        px,
        u16::try_from(w).map_err(|_| "too wide")?,
        u16::try_from(h).map_err(|_| "too tall")?,
    ))
}

/// Whether zune-jpeg already undoes the Adobe inversion when asked for
/// CMYK (checked once on a one-pixel image of known ink).
fn zune_inverts() -> bool {
    static INVERTS: OnceLock<bool> = OnceLock::new();
    *INVERTS.get_or_init(|| {
        let mut probe = vec![];
        let ok = jpeg_encoder::Encoder::new(&mut probe, 100)
            .encode(&[0, 0, 0, 255], 1, 1, jpeg_encoder::ColorType::Cmyk)
            .is_ok();
        if !ok {
            return false;
        }
        use zune_jpeg::zune_core::colorspace::ColorSpace;
        use zune_jpeg::zune_core::options::DecoderOptions;
        let options = DecoderOptions::default().jpeg_set_out_colorspace(ColorSpace::CMYK);
        let mut d = zune_jpeg::JpegDecoder::new_with_options(Cursor::new(&probe), options);
        d.decode().is_ok_and(|px| px.len() == 4 && px[3] > 200)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn srgb_photo(w: u32, h: u32) -> Vec<u8> {
        let img = image::RgbImage::from_fn(w, h, |x, y| {
            image::Rgb([
                (x * 255 / w) as u8,
                (y * 255 / h) as u8,
                if (x / 8 + y / 8) % 2 == 0 { 40 } else { 210 },
            ])
        });
        let mut out = vec![];
        jpeg_encoder::Encoder::new(&mut out, 90)
            .encode(
                img.as_raw(),
                w as u16,
                h as u16,
                jpeg_encoder::ColorType::Rgb,
            )
            .unwrap();
        out
    }

    #[test]
    fn a_photo_becomes_cmyk_under_the_ink_limit_and_back_to_srgb() {
        let profile = OutputProfile::builtin("builtin:newsprint").unwrap();
        let colour = profile.colour().unwrap();
        let (cmyk, screen) = convert(&srgb_photo(96, 64), &colour, 220).unwrap();
        let (px, w, h) = decode_cmyk(&cmyk).unwrap();
        assert_eq!((w, h), (96, 64));
        assert_eq!(px.len(), 96 * 64 * 4);
        let max = px
            .chunks_exact(4)
            .map(|p| p.iter().map(|v| u32::from(*v)).sum::<u32>())
            .max()
            .unwrap();
        // Held at 216 %, with a little JPEG noise.
        assert!(max * 100 <= 222 * 255, "max ink {}%", max * 100 / 255);
        // The dark blue corner is dark: much ink, black included.
        let corner: u32 = px[..4].iter().map(|v| u32::from(*v)).sum();
        assert!(corner > 400 && px[3] > 100, "{:?}", &px[..4]);
        let s = image::load_from_memory(&screen).unwrap();
        assert_eq!(s.color(), image::ColorType::Rgb8);
        assert_eq!((s.width(), s.height()), (96, 64));
    }

    #[test]
    fn the_ink_limit_keeps_black() {
        let mut px = [200u8, 190, 180, 250, 10, 10, 10, 10];
        hold_ink(&mut px, 300);
        let total: u32 = px[..4].iter().map(|v| u32::from(*v)).sum();
        assert!(total <= 765, "{total}");
        assert_eq!(px[3], 250);
        assert_eq!(&px[4..], &[10, 10, 10, 10]);
    }

    #[test]
    fn converted_photos_are_read_back_from_disk() {
        let dir = tempfile::tempdir().unwrap();
        let profile = OutputProfile::builtin("builtin:coated").unwrap();
        let photo = srgb_photo(32, 32);
        let first = PhotoCache::new(Some(dir.path().into()));
        let a = first
            .get("a1", &profile, 300, || Some(photo.clone()))
            .unwrap();
        // Another process: nothing converted, the original never read.
        let second = PhotoCache::new(Some(dir.path().into()));
        let b = second.get("a1", &profile, 300, || None).unwrap();
        assert_eq!(a.cmyk, b.cmyk);
        assert_eq!(a.screen(), b.screen());
        // Another ink limit is another conversion.
        assert!(second.get("a1", &profile, 260, || None).is_none());
    }
}
