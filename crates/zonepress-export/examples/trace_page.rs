//! Where the time of one page's typesetting goes: `cargo run -p
//! zonepress-export --example trace_page -- OUT.json [RUNS]` changes the
//! type scale of the second article of page 2 of the demo issue RUNS times
//! (a new state each time, as the layout screen's hand path does), prints
//! each relayout's time, and writes Typst's own timing of the last one as a
//! Chrome trace (open it in chrome://tracing or Perfetto, or sum it up with
//! `python3 crates/zonepress-export/examples/trace_sum.py OUT.json`).

use zonepress_testkit::export;

use std::time::Instant;

fn main() {
    let out = std::env::args()
        .nth(1)
        .unwrap_or("/tmp/zp-trace.json".into());
    let runs: usize = std::env::args()
        .nth(2)
        .and_then(|s| s.parse().ok())
        .unwrap_or(8);
    // ZONEPRESS_TEMPLATES: a folder of templates to try instead of the
    // shipped ones (as a workspace's `templates/` folder replaces them).
    let exporter = match std::env::var_os("ZONEPRESS_TEMPLATES") {
        Some(dir) => std::sync::Arc::new(
            zonepress_export::Exporter::new(zonepress_export::ExportConfig {
                template_dir: Some(dir.into()),
                ..Default::default()
            })
            .unwrap(),
        ),
        None => export::exporter(),
    };
    let (mut doc, assets) = export::demo();
    exporter.layout(&doc, &assets).unwrap();
    let mut times = vec![];
    for i in 0..runs {
        doc.plan.pages[1].placements[1].type_scale = 86 + (i % 29) as u16;
        if i + 1 == runs {
            typst_timing::enable();
        }
        let t = Instant::now();
        exporter.layout(&doc, &assets).unwrap();
        times.push(t.elapsed().as_secs_f64() * 1e3);
    }
    typst_timing::disable();
    println!(
        "relayouts after a type scale change on page 2: {}",
        times
            .iter()
            .map(|t| format!("{t:.1}"))
            .collect::<Vec<_>>()
            .join(" ")
    );
    let file = std::fs::File::create(&out).unwrap();
    // The template's spans, to name the functions called by their line.
    let id = zonepress_export::world::file_id("bulletin.typ");
    let text = match std::env::var_os("ZONEPRESS_TEMPLATES") {
        Some(dir) => {
            std::fs::read_to_string(std::path::Path::new(&dir).join("bulletin.typ")).unwrap()
        }
        None => include_str!("../templates/bulletin.typ").to_string(),
    };
    let source = typst::syntax::Source::new(id, text);
    typst_timing::export_json(file, |span| {
        let range = match typst::syntax::Span::from_raw(span).get() {
            typst::syntax::SpanKind::Number { id: of, num } if of == id => source.range(num, None),
            typst::syntax::SpanKind::Range { id: of, range } if of == id => Some(range),
            _ => None,
        };
        let line = range
            .and_then(|r| source.lines().byte_to_line(r.start))
            .map_or(0, |l| l as u32 + 1);
        ("bulletin.typ".into(), line)
    })
    .unwrap();
    println!("trace of the last relayout: {out}");
}
