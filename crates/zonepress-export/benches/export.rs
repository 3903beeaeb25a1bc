//! Timing of the demo issue (4 pages A3): `cargo bench -p zonepress-export`.
//! Prints figures; no statistics framework, the numbers are what matters.

#[path = "../tests/common/mod.rs"]
mod common;

use std::time::{Duration, Instant};

use zonepress_core::Block;
use zonepress_export::{ExportConfig, Exporter, PdfOptions};

fn median(mut v: Vec<Duration>) -> Duration {
    v.sort();
    v[v.len() / 2]
}

fn main() {
    let (doc, assets) = common::demo();

    // Cold: fonts discovered from scratch, first compile, PDF.
    let t = Instant::now();
    let exporter = Exporter::new(ExportConfig::default()).unwrap();
    let fonts = t.elapsed();
    let laid = exporter.layout(&doc, &assets).unwrap();
    let layout = t.elapsed() - fonts;
    let pdf = laid.pdf(&PdfOptions::default()).unwrap();
    let cold = t.elapsed();
    println!(
        "cold export (fonts {fonts:.1?} + layout {layout:.1?} + pdf): {cold:.1?}, {} KiB",
        pdf.len() / 1024
    );

    // Warm: an edit in one article, set again, PDF again.
    let mut warm = vec![];
    let mut warm_layout = vec![];
    let mut preview = vec![];
    let mut preview_same = vec![];
    let mut doc2 = doc.clone();
    for i in 0..12 {
        let id = doc2.plan.pages[1].placements[1].article_id;
        let a = doc2.articles.get_mut(&id).unwrap();
        if let Some(Block::Paragraph { text }) = a.content.body.first_mut() {
            text.push_str(if i % 2 == 0 {
                "新增一句。"
            } else {
                "再加。"
            });
        }
        let t = Instant::now();
        let laid = exporter.layout(&doc2, &assets).unwrap();
        warm_layout.push(t.elapsed());
        laid.pdf(&PdfOptions::default()).unwrap();
        warm.push(t.elapsed());
        let t = Instant::now();
        exporter.preview_png(&doc2, &assets, 2, 1.0).unwrap();
        preview.push(t.elapsed());
        let t = Instant::now();
        exporter.preview_png(&doc2, &assets, 2, 1.0).unwrap();
        preview_same.push(t.elapsed());
    }
    println!(
        "warm export (edit, layout, pdf): median {:.1?}",
        median(warm)
    );
    println!("warm layout alone: median {:.1?}", median(warm_layout));
    println!(
        "warm preview of the edited page at 1 px/pt: median {:.1?}",
        median(preview)
    );
    println!(
        "preview of an unchanged page (cache hit): median {:.1?}",
        median(preview_same)
    );
}
