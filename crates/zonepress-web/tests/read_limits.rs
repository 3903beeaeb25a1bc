//! A 数字报 zip sent to verify is held to its limits by the sizes its
//! entries declare and by what they really inflate to.

use std::io::Write;

use zonepress_web::read::{MAX_FILE_BYTES, from_zip};

fn zip_of(files: &[(&str, usize)]) -> Vec<u8> {
    let mut z = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let options = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated);
    for (name, size) in files {
        z.start_file(*name, options).unwrap();
        z.write_all(&vec![b'0'; *size]).unwrap();
    }
    z.finish().unwrap().into_inner()
}

/// Rewrite every size field that says `from` (the local header's and the
/// central directory's uncompressed size) to say `to`.
fn lie_about_size(zip: &mut [u8], from: u32, to: u32) -> usize {
    let (from, to) = (from.to_le_bytes(), to.to_le_bytes());
    let mut n = 0;
    for i in 0..zip.len().saturating_sub(4) {
        if zip[i..i + 4] == from {
            zip[i..i + 4].copy_from_slice(&to);
            n += 1;
        }
    }
    n
}

#[test]
fn a_file_declaring_more_than_the_limit_is_refused_before_it_is_read() {
    let big = MAX_FILE_BYTES as usize + 1;
    let zip = zip_of(&[("ed/manifest.json", 2), ("ed/page-1.png", big)]);
    assert!(zip.len() < 200_000, "{}", zip.len());
    let e = from_zip(&zip).unwrap_err();
    assert!(e.to_string().contains("declares"), "{e}");
    assert!(e.message_zh().contains("数字报"), "{}", e.message_zh());
}

#[test]
fn a_file_inflating_beyond_what_it_declares_is_refused() {
    let size = 40 * 1024 * 1024;
    let mut zip = zip_of(&[("ed/page-1.png", size)]);
    assert!(lie_about_size(&mut zip, size as u32, 1000) >= 2);
    // Refused, whether the zip reader stops at the declared size (then
    // the checksum fails) or reads on (then our limit stops it).
    assert!(from_zip(&zip).is_err());
}

#[test]
fn an_edition_within_the_limits_is_read() {
    let zip = zip_of(&[("ed/manifest.json", 2), ("ed/page-1.png", 1024 * 1024)]);
    let site = from_zip(&zip).unwrap();
    assert_eq!(site.len(), 2);
    assert_eq!(site["page-1.png"].len(), 1024 * 1024);
}
