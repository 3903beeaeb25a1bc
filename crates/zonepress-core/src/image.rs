//! Recognising an image and reading its type and pixel size from its first
//! bytes (PNG, JPEG, GIF, BMP, WebP), without decoding it.

/// MIME type and pixel size of an image, read from its first bytes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ImageInfo {
    pub mime: &'static str,
    pub width: u32,
    pub height: u32,
}

/// Most pixels of an image ZonePress will decode (to print, preview or
/// publish it): 40 megapixels, 160 MB as RGBA. A full A3 page at 300 dpi
/// is 17 megapixels; a 50-KB PNG can declare 30,000 × 30,000 pixels, which
/// would take 3.6 GB to decode.
pub const MAX_PIXELS: u64 = 40_000_000;
/// Longest side of an image ZonePress will decode.
pub const MAX_SIDE: u32 = 20_000;

impl ImageInfo {
    /// Within [`MAX_PIXELS`] and [`MAX_SIDE`]: safe to decode.
    pub fn within_limits(&self) -> bool {
        self.width <= MAX_SIDE
            && self.height <= MAX_SIDE
            && u64::from(self.width) * u64::from(self.height) <= MAX_PIXELS
    }
}

/// Recognise PNG, JPEG, GIF, BMP and WebP. Anything else (EMF, WMF, TIFF,
/// SVG), or a header too damaged to give a size, gives `None`.
pub fn probe(b: &[u8]) -> Option<ImageInfo> {
    let info = if b.starts_with(b"\x89PNG\r\n\x1a\n") {
        png(b)
    } else if b.starts_with(&[0xFF, 0xD8]) {
        jpeg(b)
    } else if b.starts_with(b"GIF87a") || b.starts_with(b"GIF89a") {
        Some(ImageInfo {
            mime: "image/gif",
            width: u16le(b, 6)? as u32,
            height: u16le(b, 8)? as u32,
        })
    } else if b.starts_with(b"BM") {
        bmp(b)
    } else if b.starts_with(b"RIFF") && b.get(8..12) == Some(b"WEBP") {
        webp(b)
    } else {
        None
    }?;
    (info.width > 0 && info.height > 0).then_some(info)
}

fn u16le(b: &[u8], at: usize) -> Option<u16> {
    Some(u16::from_le_bytes(b.get(at..at + 2)?.try_into().ok()?))
}
fn u16be(b: &[u8], at: usize) -> Option<u16> {
    Some(u16::from_be_bytes(b.get(at..at + 2)?.try_into().ok()?))
}
fn u32be(b: &[u8], at: usize) -> Option<u32> {
    Some(u32::from_be_bytes(b.get(at..at + 4)?.try_into().ok()?))
}
fn u32le(b: &[u8], at: usize) -> Option<u32> {
    Some(u32::from_le_bytes(b.get(at..at + 4)?.try_into().ok()?))
}
fn u24le(b: &[u8], at: usize) -> Option<u32> {
    let s = b.get(at..at + 3)?;
    Some(s[0] as u32 | (s[1] as u32) << 8 | (s[2] as u32) << 16)
}

fn png(b: &[u8]) -> Option<ImageInfo> {
    if b.get(12..16)? != b"IHDR" {
        return None;
    }
    Some(ImageInfo {
        mime: "image/png",
        width: u32be(b, 16)?,
        height: u32be(b, 20)?,
    })
}

fn jpeg(b: &[u8]) -> Option<ImageInfo> {
    let mut i = 2;
    while i + 4 <= b.len() {
        if b[i] != 0xFF {
            return None;
        }
        let marker = b[i + 1];
        if marker == 0xFF {
            i += 1; // fill byte
            continue;
        }
        if matches!(marker, 0x01 | 0xD0..=0xD9) {
            i += 2;
            continue;
        }
        let len = u16be(b, i + 2)? as usize;
        let sof = matches!(marker, 0xC0..=0xCF) && !matches!(marker, 0xC4 | 0xC8 | 0xCC);
        if sof {
            return Some(ImageInfo {
                mime: "image/jpeg",
                height: u16be(b, i + 5)? as u32,
                width: u16be(b, i + 7)? as u32,
            });
        }
        if len < 2 {
            return None;
        }
        i += 2 + len;
    }
    None
}

fn bmp(b: &[u8]) -> Option<ImageInfo> {
    let header = u32le(b, 14)?;
    let (width, height) = if header == 12 {
        (u16le(b, 18)? as u32, u16le(b, 20)? as u32)
    } else {
        let w = i32::from_le_bytes(b.get(18..22)?.try_into().ok()?);
        let h = i32::from_le_bytes(b.get(22..26)?.try_into().ok()?);
        (w.unsigned_abs(), h.unsigned_abs())
    };
    Some(ImageInfo {
        mime: "image/bmp",
        width,
        height,
    })
}

fn webp(b: &[u8]) -> Option<ImageInfo> {
    let (width, height) = match b.get(12..16)? {
        b"VP8X" => (u24le(b, 24)? + 1, u24le(b, 27)? + 1),
        b"VP8L" => {
            if *b.get(20)? != 0x2F {
                return None;
            }
            let bits = u32le(b, 21)?;
            ((bits & 0x3FFF) + 1, ((bits >> 14) & 0x3FFF) + 1)
        }
        b"VP8 " => (
            (u16le(b, 26)? & 0x3FFF) as u32,
            (u16le(b, 28)? & 0x3FFF) as u32,
        ),
        _ => return None,
    };
    Some(ImageInfo {
        mime: "image/webp",
        width,
        height,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn png_header_is_read() {
        let mut png = b"\x89PNG\r\n\x1a\n\0\0\0\x0dIHDR".to_vec();
        png.extend_from_slice(&1800u32.to_be_bytes());
        png.extend_from_slice(&1200u32.to_be_bytes());
        assert_eq!(
            probe(&png),
            Some(ImageInfo {
                mime: "image/png",
                width: 1800,
                height: 1200
            })
        );
    }

    #[test]
    fn jpeg_frame_is_found_after_other_segments() {
        let mut j = vec![0xFF, 0xD8, 0xFF, 0xE0, 0x00, 0x04, 0x00, 0x00];
        j.extend_from_slice(&[0xFF, 0xC0, 0x00, 0x11, 0x08, 0x04, 0xB0, 0x07, 0x08]);
        assert_eq!(
            probe(&j),
            Some(ImageInfo {
                mime: "image/jpeg",
                width: 1800,
                height: 1200
            })
        );
    }

    #[test]
    fn garbage_and_truncation_give_none() {
        assert_eq!(probe(b""), None);
        assert_eq!(probe(b"GIF89a"), None);
        assert_eq!(probe(&[0xFF, 0xD8, 0xFF, 0xC0, 0x00]), None);
        assert_eq!(probe(&[0xFF, 0xD8, 0x00, 0x00, 0x00, 0x00]), None);
    }

    #[test]
    fn png_header() {
        let mut b = b"\x89PNG\r\n\x1a\n\0\0\0\x0dIHDR".to_vec();
        b.extend(640u32.to_be_bytes());
        b.extend(480u32.to_be_bytes());
        assert_eq!(
            probe(&b),
            Some(ImageInfo {
                mime: "image/png",
                width: 640,
                height: 480
            })
        );
    }

    #[test]
    fn jpeg_header_after_app_segments() {
        let mut b = vec![0xFF, 0xD8, 0xFF, 0xE0, 0x00, 0x04, 0x00, 0x00];
        b.extend([0xFF, 0xC2, 0x00, 0x11, 0x08, 0x01, 0xE0, 0x02, 0x80, 0x03]);
        assert_eq!(
            probe(&b),
            Some(ImageInfo {
                mime: "image/jpeg",
                width: 640,
                height: 480
            })
        );
    }

    #[test]
    fn gif_bmp_and_garbage() {
        let gif = b"GIF89a\x10\x00\x20\x00";
        assert_eq!(probe(gif).map(|i| (i.width, i.height)), Some((16, 32)));
        let mut bmp = b"BM".to_vec();
        bmp.extend([0u8; 12]);
        bmp.extend(40u32.to_le_bytes());
        bmp.extend(100i32.to_le_bytes());
        bmp.extend((-50i32).to_le_bytes());
        assert_eq!(probe(&bmp).map(|i| (i.width, i.height)), Some((100, 50)));
        assert_eq!(probe(b"\x01\x00\x00\x00 EMF"), None);
        assert_eq!(probe(&[0xFF, 0xD8, 0xFF]), None);
        assert_eq!(probe(b""), None);
    }
}
