//! Reading an image's type and pixel size from its first bytes (PNG, JPEG),
//! without decoding it.

/// What a stored image is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ImageInfo {
    pub mime: &'static str,
    pub width: u32,
    pub height: u32,
}

/// `None` for anything that is not a well-formed PNG or JPEG header.
pub fn probe(bytes: &[u8]) -> Option<ImageInfo> {
    if bytes.starts_with(b"\x89PNG\r\n\x1a\n") && bytes.len() >= 24 && &bytes[12..16] == b"IHDR" {
        let w = u32::from_be_bytes(bytes[16..20].try_into().ok()?);
        let h = u32::from_be_bytes(bytes[20..24].try_into().ok()?);
        return (w > 0 && h > 0).then_some(ImageInfo {
            mime: "image/png",
            width: w,
            height: h,
        });
    }
    if bytes.starts_with(&[0xFF, 0xD8]) {
        return probe_jpeg(bytes);
    }
    None
}

fn probe_jpeg(b: &[u8]) -> Option<ImageInfo> {
    let mut i = 2;
    while i + 4 <= b.len() {
        if b[i] != 0xFF {
            return None;
        }
        let marker = b[i + 1];
        if marker == 0xFF {
            i += 1;
            continue;
        }
        if matches!(marker, 0xD8 | 0x01 | 0xD0..=0xD7) {
            i += 2;
            continue;
        }
        let len = u16::from_be_bytes([b[i + 2], b[i + 3]]) as usize;
        if len < 2 {
            return None;
        }
        // Start-of-frame markers carry the size (not DHT C4, JPG C8, DAC CC).
        if matches!(marker, 0xC0..=0xCF) && !matches!(marker, 0xC4 | 0xC8 | 0xCC) {
            if i + 9 > b.len() {
                return None;
            }
            let h = u16::from_be_bytes([b[i + 5], b[i + 6]]) as u32;
            let w = u16::from_be_bytes([b[i + 7], b[i + 8]]) as u32;
            return (w > 0 && h > 0).then_some(ImageInfo {
                mime: "image/jpeg",
                width: w,
                height: h,
            });
        }
        i += 2 + len;
    }
    None
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
}
