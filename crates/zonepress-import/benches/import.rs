//! How long importing takes: 100 `.docx` files of about 2,000 characters each
//! (headline stack, subheads, bold runs, a photo, a table), the LibreOffice
//! fixture 100 times, 100 GBK text files and PDF text cleaning.
//!
//! `cargo bench -p zonepress-import` prints the figures; the target is 100
//! documents well under 5 s.

#[path = "../tests/common/mod.rs"]
mod common;

use std::hint::black_box;
use std::time::{Duration, Instant};

use common::{Docx, fixture, p, picture};

const PARAGRAPH: &str = "今年以来，青禾开发区坚持项目为王、产业为本，聚焦智能装备、新材料、生物医药三大主导产业，全力以赴稳增长、促投资、优环境，主要经济指标增速位居全市开发区前列。";

fn docx(n: usize, photo: &[u8]) -> Vec<u8> {
    let mut body = String::new();
    body.push_str(&p("深化改革开放 推动高质量发展——"));
    body.push_str(&format!(
        r#"<w:p><w:pPr><w:pStyle w:val="Heading1"/></w:pPr><w:r><w:t>项目建设提速 产业集群成势（第{n}篇）</w:t></w:r></w:p>"#
    ));
    body.push_str(&p("——青禾开发区经济运行综述"));
    body.push_str(&p("记者 王晓静 通讯员 刘畅"));
    let mut chars = 0;
    let mut i = 0;
    while chars < 2_000 {
        if i % 4 == 3 {
            body.push_str(&format!(
                r#"<w:p><w:r><w:rPr><w:b/></w:rPr><w:t>重点项目跑出加速度{i}</w:t></w:r></w:p>"#
            ));
        }
        body.push_str(&format!(
            r#"<w:p><w:r><w:t>{}</w:t></w:r><w:r><w:rPr><w:b/></w:rPr><w:t>第{i}段，</w:t></w:r><w:r><w:t>项目负责人介绍,从签约到开工只用了45天。</w:t></w:r></w:p>"#,
            &PARAGRAPH[..PARAGRAPH.len() - 3]
        ));
        chars += PARAGRAPH.chars().count() + 24;
        if i == 2 {
            body.push_str(&picture("rId9"));
            body.push_str(&p("图为青禾智能装备产业园二期项目施工现场。（摄影 陈立）"));
            body.push_str("<w:tbl><w:tr><w:tc><w:p><w:r><w:t>指标</w:t></w:r></w:p></w:tc><w:tc><w:p><w:r><w:t>386.5</w:t></w:r></w:p></w:tc></w:tr></w:tbl>");
        }
        i += 1;
    }
    let styles = r#"<w:style w:type="paragraph" w:styleId="Heading1"><w:name w:val="heading 1"/><w:pPr><w:outlineLvl w:val="0"/></w:pPr><w:rPr><w:b/><w:sz w:val="44"/></w:rPr></w:style>"#;
    Docx::new(&body)
        .styles(styles)
        .image("rId9", "image1.png", photo, false)
        .build()
}

fn run(label: &str, files: &[(String, Vec<u8>)]) -> Duration {
    // one warm-up pass, then the best of three
    let mut best = Duration::MAX;
    for round in 0..4 {
        let start = Instant::now();
        for (name, bytes) in files {
            let articles = zonepress_import::preview_import(name, bytes).expect("imports");
            black_box(articles);
        }
        if round > 0 {
            best = best.min(start.elapsed());
        }
    }
    let bytes: usize = files.iter().map(|(_, b)| b.len()).sum();
    println!(
        "{label}: {} files ({:.1} KB each) in {:.1} ms total, {:.2} ms per file",
        files.len(),
        bytes as f64 / files.len() as f64 / 1024.0,
        best.as_secs_f64() * 1000.0,
        best.as_secs_f64() * 1000.0 / files.len() as f64
    );
    best
}

fn main() {
    let photo = fixture("site-photo.png");
    let generated: Vec<(String, Vec<u8>)> = (0..100)
        .map(|n| (format!("稿件{n}.docx"), docx(n, &photo)))
        .collect();
    let sample = zonepress_import::preview_import(&generated[0].0, &generated[0].1).unwrap();
    let length = zonepress_core::text::article_length(&sample[0].content);
    println!(
        "each generated document: {length} characters of body, {} blocks",
        sample[0].content.body.len()
    );

    let total = run("generated .docx (~2,000 characters)", &generated);
    assert!(
        total < Duration::from_secs(5),
        "100 documents took {total:?}"
    );

    let lead = fixture("lead-story.docx");
    let office: Vec<(String, Vec<u8>)> = (0..100)
        .map(|n| (format!("lead-{n}.docx"), lead.clone()))
        .collect();
    run("LibreOffice lead-story.docx", &office);

    let gbk = fixture("story.gbk.txt");
    let texts: Vec<(String, Vec<u8>)> = (0..100)
        .map(|n| (format!("稿件{n}.txt"), gbk.repeat(4)))
        .collect();
    run("GBK .txt", &texts);

    let pdf = String::from_utf8(fixture("pdf-pasted.utf8.txt"))
        .unwrap()
        .repeat(20);
    let start = Instant::now();
    for _ in 0..100 {
        black_box(zonepress_import::clean_pdf_text(black_box(&pdf)));
    }
    println!(
        "clean_pdf_text: 100 × {} characters in {:.1} ms",
        pdf.chars().count(),
        start.elapsed().as_secs_f64() * 1000.0
    );
}
