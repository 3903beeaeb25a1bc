//! Timing of the demo issue (4 pages A3): `cargo bench -p zonepress-export`.
//! Prints figures; no statistics framework, the numbers are what matters.
//!
//! - font discovery: every font file read, then through the font index;
//! - a cold layout (first compile of the process) and its print PDF
//!   (PDF/X-4 in CMYK with bleed; the photo's CMYK copy read from the cache
//!   folder a first export wrote, as in a workspace that exported before);
//! - warm, after one change to one article on page 2 (its type scale, its
//!   headline span, a 50-character edit of its text): the relayout, how many
//!   pages were typeset again, the preview of that page at the scale the
//!   layout screen shows (0.7 px/pt), a preview of an unchanged page, and the
//!   whole print export (layout, PDF/X-4 with bleed; the manifest goes beside
//!   the file).
//!
//! The whole `zonepress export` process against xelatex (time and peak memory) in
//! `benches/cold_export.py`. Warm figures print the median and the fastest
//! run of each.

use zonepress_testkit::export;

use std::time::{Duration, Instant};

use zonepress_core::Block;
use zonepress_export::{ExportConfig, Exporter, IssueDoc, PdfOptions, PngUse};

/// The scale of the page pictures on the layout screen (ui/src/state/layout.ts).
const SCREEN_SCALE: f32 = 0.7;
/// States per change: twice this many stay below the 29 type scales (85–115 %).
const RUNS: usize = 14;

fn median(mut v: Vec<Duration>) -> Duration {
    v.sort();
    v[v.len() / 2]
}

fn ms(d: Duration) -> String {
    format!("{:.1} ms", d.as_secs_f64() * 1e3)
}

/// `median (min)`: on a machine shared with other work the median also
/// counts waiting for a core; the fastest run is closest to a quiet one.
fn spread(v: Vec<Duration>) -> String {
    let min = v.iter().min().copied().unwrap_or_default();
    format!("{} (min {:.1})", ms(median(v)), min.as_secs_f64() * 1e3)
}

/// One change to the second article of page 2; `i` makes each state new.
#[derive(Clone, Copy)]
enum Change {
    TypeScale,
    Span,
    Edit,
}

impl Change {
    fn name(self) -> &'static str {
        match self {
            Change::TypeScale => "type scale",
            Change::Span => "headline span",
            Change::Edit => "50-character edit",
        }
    }

    fn apply(self, doc: &mut IssueDoc, i: usize) {
        let placement = &mut doc.plan.pages[1].placements[1];
        match self {
            // 85–115 %, a new value each time.
            Change::TypeScale => placement.type_scale = 86 + (i % 29) as u16,
            Change::Span => {
                placement.headline_span = if i.is_multiple_of(2) { Some(1) } else { None };
                // A span alone repeats after two states: vary the text a
                // little too, so that no state comes from the cache.
                push_text(doc, 1, &format!("（{i}）"));
            }
            Change::Edit => {
                let sentence = "开发区有关负责同志表示，将继续优化营商环境，为企业发展提供全周期服务，推动项目早投产早见效。";
                let text: String = sentence.chars().cycle().skip(i).take(50).collect();
                push_text(doc, 1, &text);
            }
        }
    }
}

/// Append `text` to the first paragraph of placement `at` of page 2.
fn push_text(doc: &mut IssueDoc, at: usize, text: &str) {
    let id = doc.plan.pages[1].placements[at].article_id;
    let a = doc.articles.get_mut(&id).unwrap();
    if let Some(Block::Paragraph { text: t }) = a.content.body.first_mut() {
        t.push_str(text);
    }
}

fn main() {
    let (doc, assets) = export::demo();
    let index_dir = tempfile::tempdir().unwrap();
    let index = index_dir.path().join("font-index.json");

    // Font discovery: every font read (as the first start on a machine), then
    // through the index (as every later start).
    let t = Instant::now();
    let scanned = zonepress_export::world::FontSet::discover(&[], Some(&index)).unwrap();
    let scan = t.elapsed();
    let mut indexed = vec![];
    for _ in 0..5 {
        let t = Instant::now();
        zonepress_export::world::FontSet::discover(&[], Some(&index)).unwrap();
        indexed.push(t.elapsed());
    }
    println!(
        "font discovery: reading every font file {} ({} files); through the index {}",
        ms(scan),
        scanned.stats().files,
        ms(median(indexed))
    );

    // The photo converted to CMYK once, into the cache folder (what the
    // first export of a workspace does).
    let press_dir = tempfile::tempdir().unwrap();
    let config = ExportConfig {
        font_index: Some(index.clone()),
        press_cache: Some(press_dir.path().to_path_buf()),
        ..Default::default()
    };
    let t = Instant::now();
    Exporter::new(config.clone())
        .unwrap()
        .layout(&doc, &assets)
        .unwrap();
    println!(
        "first layout of the workspace, the photo converted to CMYK: {}",
        ms(t.elapsed())
    );
    let print = PdfOptions {
        pdf_x: true,
        ..Default::default()
    };
    let mut doc = doc;
    doc.bleed = true;

    // Cold: the first layout of the process, then the print PDF.
    let t = Instant::now();
    let exporter = Exporter::new(config).unwrap();
    let fonts = t.elapsed();
    let t = Instant::now();
    let laid = exporter.layout(&doc, &assets).unwrap();
    let layout = t.elapsed();
    let t = Instant::now();
    let pdf = laid.pdf(&print).unwrap();
    let pdf_time = t.elapsed();
    println!(
        "cold export: exporter (fonts from the index) {} + first layout of 4 pages {} + PDF/X-4 {} = {} ({} KiB)",
        ms(fonts),
        ms(layout),
        ms(pdf_time),
        ms(fonts + layout + pdf_time),
        pdf.len() / 1024
    );
    for page in 1..=4 {
        exporter
            .preview_png(&doc, &assets, page, SCREEN_SCALE)
            .unwrap();
    }

    // Warm: one change at a time, each a state not seen before.
    for change in [Change::TypeScale, Change::Span, Change::Edit] {
        let mut doc = doc.clone();
        let (mut relayout, mut preview, mut from_change, mut same, mut export) =
            (vec![], vec![], vec![], vec![], vec![]);
        let mut typeset = vec![];
        for i in 0..RUNS {
            change.apply(&mut doc, i);
            let before = exporter.pages_typeset();
            let t = Instant::now();
            let laid = exporter.layout(&doc, &assets).unwrap();
            relayout.push(t.elapsed());
            typeset.push(exporter.pages_typeset() - before);
            let t2 = Instant::now();
            exporter
                .render_page(&laid, 2, SCREEN_SCALE, PngUse::Screen)
                .unwrap();
            preview.push(t2.elapsed());
            from_change.push(t.elapsed());
            let t = Instant::now();
            exporter
                .preview_png(&doc, &assets, 3, SCREEN_SCALE)
                .unwrap();
            same.push(t.elapsed());
            // The print export straight after a further change.
            change.apply(&mut doc, i + RUNS);
            let t = Instant::now();
            let laid = exporter.layout(&doc, &assets).unwrap();
            laid.pdf(&print).unwrap();
            export.push(t.elapsed());
        }
        typeset.sort();
        println!(
            "after a {} change on page 2 (median of {RUNS}): relayout {} (pages typeset: {}); \
             preview of page 2 at {SCREEN_SCALE} px/pt {} more, {} from the change; \
             unchanged page 3 {}; whole export after a change {}",
            change.name(),
            spread(relayout),
            typeset[typeset.len() / 2],
            spread(preview),
            spread(from_change),
            spread(same),
            spread(export),
        );
    }
}
