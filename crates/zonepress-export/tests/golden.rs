//! Golden pictures of the demo pages at low resolution, compared with a
//! tolerance. Refresh with `ZONEPRESS_UPDATE_GOLDEN=1 cargo test -p zonepress-export --test golden`.

use zonepress_testkit::export;

/// 0.25 px per pt: an A3 page is 210 × 298 px.
const SCALE: f32 = 0.25;

fn decode(png: &[u8]) -> tiny_skia::Pixmap {
    tiny_skia::Pixmap::decode_png(png).expect("a PNG")
}

/// Mean absolute difference per channel (0–255) and the share of pixels
/// that differ by more than a quarter of the range.
fn difference(a: &tiny_skia::Pixmap, b: &tiny_skia::Pixmap) -> (f64, f64) {
    assert_eq!(
        (a.width(), a.height()),
        (b.width(), b.height()),
        "page size changed"
    );
    let (pa, pb) = (a.data(), b.data());
    let mut sum = 0u64;
    let mut far = 0usize;
    for (x, y) in pa.chunks(4).zip(pb.chunks(4)) {
        let d: u32 = (0..3).map(|i| u32::from(x[i].abs_diff(y[i]))).sum();
        sum += u64::from(d);
        if d > 3 * 64 {
            far += 1;
        }
    }
    let pixels = (pa.len() / 4) as f64;
    (sum as f64 / pixels / 3.0, far as f64 / pixels)
}

#[test]
fn demo_pages_match_their_golden_pictures() {
    let (doc, assets) = export::demo();
    let laid = export::exporter().layout(&doc, &assets).unwrap();
    let dir =
        std::path::PathBuf::from(std::env::var_os("CARGO_MANIFEST_DIR").expect("run by cargo"))
            .join("tests/golden");
    let update = std::env::var("ZONEPRESS_UPDATE_GOLDEN").is_ok_and(|v| v == "1");
    std::fs::create_dir_all(&dir).unwrap();
    // The pictures depend on the demo content: say so when it changed.
    let demo = std::fs::read(export::demo_dir().join("demo-issue.json")).unwrap();
    let demo_hash = {
        use sha2::Digest;
        hex::encode(sha2::Sha256::digest(&demo))
    };
    let hash_file = dir.join("demo-issue.sha256");
    let content_note = match std::fs::read_to_string(&hash_file) {
        Ok(h) if h.trim() == demo_hash => "",
        _ if update => "",
        _ => {
            " The demo issue (zonepress-api/demo/demo-issue.json) changed since the goldens were made."
        }
    };
    if update {
        std::fs::write(&hash_file, format!("{demo_hash}\n")).unwrap();
    }
    for page in 1..=laid.page_count() as u8 {
        let png = laid.png(page, SCALE).unwrap();
        let path = dir.join(format!("demo-page-{page}.png"));
        if update || !path.exists() {
            std::fs::write(&path, &png).unwrap();
            continue;
        }
        let golden = decode(&std::fs::read(&path).unwrap());
        let now = decode(&png);
        let (mean, far) = difference(&golden, &now);
        if mean > 2.5 || far > 0.01 {
            let fresh = export::write_tmp(&format!("demo-page-{page}.new.png"), &png);
            panic!(
                "page {page} differs from {} (mean {mean:.2}, {:.2}% far pixels); new picture at {}.{content_note} \
                 If the change is intended, run with ZONEPRESS_UPDATE_GOLDEN=1.",
                path.display(),
                far * 100.0,
                fresh.display()
            );
        }
    }
}
