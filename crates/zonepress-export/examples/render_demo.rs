//! Render the demo issue: `cargo run -p zonepress-export --example render_demo -- OUT_DIR`
//! writes demo.pdf and page PNGs, and prints the fit and preflight.

use zonepress_testkit::export;

use std::time::Instant;

use zonepress_export::PdfOptions;

fn main() {
    let out = std::path::PathBuf::from(std::env::args().nth(1).unwrap_or("/tmp/zp-demo".into()));
    std::fs::create_dir_all(&out).unwrap();
    let t = Instant::now();
    let exporter = export::exporter();
    println!("fonts: {:?}", t.elapsed());
    let (mut doc, assets) = export::demo();
    doc.bleed = std::env::var("BLEED").is_ok();
    doc.proof_copy = std::env::var("PROOF").is_ok();
    let t = Instant::now();
    let laid = exporter
        .layout(&doc, &assets)
        .unwrap_or_else(|e| panic!("{e}"));
    println!("layout: {:?}", t.elapsed());
    for w in laid.warnings() {
        println!("warning: {w}");
    }
    for f in laid.fit() {
        println!("{f:?}");
    }
    for p in laid.preflight() {
        println!(
            "{:?} {} p{:?} a{:?} {}",
            p.severity, p.code, p.page, p.article_id, p.message_zh
        );
    }
    let t = Instant::now();
    let pdf = laid.pdf(&PdfOptions::default()).unwrap();
    println!("pdf: {:?} {} bytes", t.elapsed(), pdf.len());
    std::fs::write(out.join("demo.pdf"), &pdf).unwrap();
    for page in 1..=laid.page_count() as u8 {
        let t = Instant::now();
        let png = laid.png(page, 1.0).unwrap();
        println!("png {page}: {:?}", t.elapsed());
        std::fs::write(out.join(format!("page-{page}.png")), png).unwrap();
    }
}
