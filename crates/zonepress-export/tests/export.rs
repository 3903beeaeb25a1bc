//! Real compiles, real PDFs read back with poppler-utils.

use zonepress_testkit::export::*;

use zonepress_core::layout::{PageTemplate, Placement};
use zonepress_core::{ArticleContent, ArticleKind, Block, PageSize};
use zonepress_export::{PdfOptions, PngUse, Severity, compare_text, verify_pdf};

fn pdf_of(doc: &zonepress_export::IssueDoc, name: &str) -> (std::path::PathBuf, Vec<u8>) {
    let (_, assets) = demo();
    let laid = exporter()
        .layout(doc, &assets)
        .unwrap_or_else(|e| panic!("{e}"));
    let pdf = laid.pdf(&PdfOptions::default()).unwrap();
    (write_tmp(name, &pdf), pdf)
}

fn squash(s: &str) -> String {
    s.chars().filter(|c| !c.is_whitespace()).collect()
}

#[test]
fn demo_issue_prints_four_a3_pages_with_every_article_in_order() {
    let (doc, assets) = demo();
    let laid = exporter().layout(&doc, &assets).unwrap();
    assert_eq!(laid.page_count(), 4);
    assert!(laid.warnings().is_empty(), "{:?}", laid.warnings());
    // The demo as planned fills every page: nothing cut off, at most a few
    // lines left empty, and nothing for preflight to say.
    for fit in laid.fit() {
        assert_eq!(fit.overflow_chars, 0, "{fit:?}");
        assert!(fit.underfill_chars < 120, "{fit:?}");
    }
    assert!(laid.preflight().is_empty(), "{:#?}", laid.preflight());
    let pdf = laid.pdf(&PdfOptions::default()).unwrap();
    let path = write_tmp("demo.pdf", &pdf);
    let info = run("pdfinfo", &[path.to_str().unwrap()]);
    assert!(info.contains("Pages:           4"), "{info}");
    assert!(info.contains("841.89 x 1190.55 pts"), "{info}");
    assert!(info.contains("青禾开发区报"), "title in metadata: {info}");

    let contents = verify_pdf(&pdf).unwrap();
    assert_eq!(contents.pages.len(), 4);
    for page in &doc.plan.pages {
        let text = &contents.pages[usize::from(page.number) - 1];
        for p in &page.placements {
            let article = &doc.articles[&p.article_id];
            let mismatches = compare_text(&article.content, text);
            assert!(
                mismatches.is_empty(),
                "page {} article {:?}: {mismatches:#?}",
                page.number,
                article.content.title
            );
        }
    }
}

#[test]
fn every_font_is_embedded() {
    let (doc, _) = demo();
    let (path, _) = pdf_of(&doc, "fonts.pdf");
    let fonts = run("pdffonts", &[path.to_str().unwrap()]);
    let rows: Vec<&str> = fonts.lines().skip(2).collect();
    assert!(rows.len() >= 3, "{fonts}");
    for row in rows {
        let cols: Vec<&str> = row.split_whitespace().collect();
        // name type [encoding...] emb sub uni object ID
        let n = cols.len();
        assert_eq!(cols[n - 5], "yes", "not embedded: {row}");
    }
    assert!(fonts.contains("NotoSerifCJK"), "{fonts}");
    assert!(fonts.contains("NotoSansCJK"), "{fonts}");
}

#[test]
fn bleed_adds_six_millimetres_each_side_with_a_trim_box() {
    let (mut doc, _) = demo();
    doc.bleed = true;
    let (path, _) = pdf_of(&doc, "bleed.pdf");
    let info = run("pdfinfo", &["-box", path.to_str().unwrap()]);
    // 841.89 + 2 × 17.01 = 875.91; 1190.55 + 34.02 = 1224.57
    let media = info
        .lines()
        .find(|l| l.starts_with("MediaBox"))
        .expect(&info);
    let nums: Vec<f64> = media
        .split_whitespace()
        .filter_map(|t| t.parse().ok())
        .collect();
    assert!(
        (nums[2] - 875.91).abs() < 0.05 && (nums[3] - 1224.57).abs() < 0.05,
        "{media}"
    );
    let trim = info
        .lines()
        .find(|l| l.starts_with("TrimBox"))
        .expect(&info);
    let nums: Vec<f64> = trim
        .split_whitespace()
        .filter_map(|t| t.parse().ok())
        .collect();
    assert!(
        (nums[0] - 17.01).abs() < 0.1 && (nums[2] - 858.9).abs() < 0.1,
        "{trim}"
    );
}

#[test]
fn markup_characters_in_user_text_print_literally() {
    let title = r#"# $ [ ] \ * _ < @ " // /* 标题"#;
    let body = r#"正文里有 *星号* 和 _下划线_、$x^2$、<label> @ref = 等号 #let x = 1 以及 /* 注释 */ // 斜线。"#;
    let mut content = news(title, &[body.to_string(), filler(1, 300)]);
    content.kicker = "引题 #strong[不加粗] ——".into();
    let doc = doc(
        PageSize::A4,
        vec![(
            PageTemplate::Inner,
            vec![(content.clone(), placement(None))],
        )],
    );
    let (path, pdf) = pdf_of(&doc, "literal.pdf");
    let text = squash(&pdftotext(&path));
    for s in [title, body, "引题 #strong[不加粗] ——"] {
        assert!(
            text.contains(&squash(s)),
            "{s:?} not printed literally in {text}"
        );
    }
    let contents = verify_pdf(&pdf).unwrap();
    assert!(compare_text(&content, &contents.text()).is_empty());
}

const NO_LINE_START: &str = "，。、；：？！）》”’」』〉】";
const NO_LINE_END: &str = "（《“‘「『〈【";

#[test]
fn no_line_starts_or_ends_with_prohibited_punctuation() {
    let (doc, _) = demo();
    let (path, _) = pdf_of(&doc, "clreq.pdf");
    let html = run(
        "pdftotext",
        &["-bbox-layout", "-enc", "UTF-8", path.to_str().unwrap(), "-"],
    );
    let mut lines = 0;
    let mut bad = vec![];
    for line in html.split("<line ").skip(1) {
        let words: String = line
            .split("<word ")
            .skip(1)
            .filter_map(|w| w.split_once('>').map(|(_, rest)| rest))
            .filter_map(|rest| rest.split_once("</word>").map(|(t, _)| t))
            .collect();
        let Some(first) = words.chars().next() else {
            continue;
        };
        lines += 1;
        let last = words.chars().last().unwrap();
        if NO_LINE_START.contains(first) || NO_LINE_END.contains(last) {
            bad.push(words);
        }
    }
    assert!(lines > 400, "only {lines} lines found");
    assert!(bad.is_empty(), "{} bad lines: {bad:#?}", bad.len());
}

#[test]
fn a_number_is_never_split_across_lines() {
    // Paragraphs of every length modulo the column width, each ending in a
    // number: one of them ends in a one-character last line, whose tie must
    // take the whole number down, never leave "2" above "1个。".
    let paragraphs: Vec<String> = (1..=40)
        .map(|n| {
            let lead: String = filler(n, n + 40).chars().take(n + 20).collect();
            format!("{lead}目前已建成数字化车间21个。")
        })
        .collect();
    let doc = doc(
        PageSize::A4,
        vec![(
            PageTemplate::Inner,
            vec![(news("开发区推进智能化改造", &paragraphs), placement(None))],
        )],
    );
    let (path, _) = pdf_of(&doc, "numbers.pdf");
    let lines = pdf_lines(&path);
    assert!(lines.len() > 100, "only {} lines", lines.len());
    let split: Vec<_> = lines
        .windows(2)
        .filter(|w| {
            w[0].chars().last().is_some_and(|c| c.is_ascii_digit())
                && w[1].chars().next().is_some_and(|c| c.is_ascii_digit())
        })
        .collect();
    assert!(split.is_empty(), "numbers split: {split:?}");
}

/// The text lines of a PDF, as poppler groups them (one column's line each).
fn pdf_lines(path: &std::path::Path) -> Vec<String> {
    let html = run(
        "pdftotext",
        &["-bbox-layout", "-enc", "UTF-8", path.to_str().unwrap(), "-"],
    );
    html.split("<line ")
        .skip(1)
        .map(|line| {
            line.split("<word ")
                .skip(1)
                .filter_map(|w| w.split_once('>').map(|(_, rest)| rest))
                .filter_map(|rest| rest.split_once("</word>").map(|(t, _)| t))
                .collect()
        })
        .filter(|l: &String| !l.is_empty())
        .collect()
}

#[test]
fn no_paragraph_ends_in_a_one_character_line() {
    // One paragraph of each length over two column widths: several of them
    // would end in a line holding one character and its full stop.
    let paragraphs: Vec<String> = (30..=70)
        .map(|n| {
            let text: String = filler(n, n + 10).chars().take(n - 1).collect();
            format!("{}。", text.trim_end_matches(['，', '。', '、']))
        })
        .collect();
    let doc = doc(
        PageSize::A4,
        vec![(
            PageTemplate::Inner,
            vec![(news("开发区召开专题会议", &paragraphs), placement(None))],
        )],
    );
    let (path, _) = pdf_of(&doc, "runts.pdf");
    let lines = pdf_lines(&path);
    assert!(lines.len() > 80, "only {} lines", lines.len());
    let closing = "，。、；：？！）》”’」』…—";
    let runts: Vec<_> = lines
        .iter()
        .filter(|l| l.chars().filter(|c| !closing.contains(*c)).count() == 1)
        .collect();
    assert!(runts.is_empty(), "one-character last lines: {runts:?}");
}

#[test]
fn latin_words_get_a_quarter_em_and_numbers_stay_close() {
    let doc = doc(
        PageSize::A4,
        vec![(
            PageTemplate::Inner,
            vec![(
                news(
                    "园区建成5G基站",
                    &["11月24日，开发区新建5G基站36座，年产10GWh储能电池项目同步开工，园区GDP增速居全市前列。".into()],
                ),
                placement(None),
            )],
        )],
    );
    let (path, _) = pdf_of(&doc, "latin.pdf");
    // poppler starts a new word at a visible gap: the Latin words stand
    // apart, the dates and counts do not.
    let words: Vec<String> = run(
        "pdftotext",
        &["-bbox", "-enc", "UTF-8", path.to_str().unwrap(), "-"],
    )
    .split("<word ")
    .skip(1)
    .filter_map(|w| {
        w.split_once('>')
            .and_then(|(_, r)| r.split_once("</word>"))
            .map(|(t, _)| t.to_string())
    })
    .collect();
    for latin in ["5G", "10GWh", "GDP"] {
        assert!(
            words.iter().any(|w| w == latin),
            "{latin} not set apart: {words:?}"
        );
    }
    for close in ["11月24日", "基站36"] {
        assert!(
            words.iter().any(|w| w.contains(close)),
            "{close} is set close: {words:?}"
        );
    }
}

#[test]
fn a_photo_page_opens_with_a_band_and_leads_captions_with_a_triangle() {
    let text: Vec<String> = (0..12).map(|i| filler(i, 280)).collect();
    let mut story = news("晨光里的园区", &text);
    story.body.insert(
        0,
        Block::Image {
            asset_id: "missing".into(),
            caption: "图为清晨的智能制造产业园。".into(),
            credit: String::new(),
        },
    );
    // A third page after them carries the colophon (版权栏) the last page
    // gives its foot to, so the two compared pages differ by the band only.
    let pages = vec![
        (PageTemplate::Inner, vec![(story.clone(), placement(None))]),
        (PageTemplate::Photo, vec![(story, placement(None))]),
        (
            PageTemplate::Inner,
            vec![(news("园区简讯", &[filler(20, 200)]), placement(None))],
        ),
    ];
    let laid = exporter()
        .layout(&doc(PageSize::A4, pages), &zonepress_export::NoAssets)
        .unwrap();
    // The band takes three lines of every column from the photo page.
    let (inner, photo) = (&laid.fit()[0], &laid.fit()[1]);
    let lost = i64::from(photo.overflow_chars) - i64::from(inner.overflow_chars)
        + i64::from(inner.underfill_chars)
        - i64::from(photo.underfill_chars);
    assert!((90..=240).contains(&lost), "{inner:?} {photo:?}");
    let pdf = laid.pdf(&PdfOptions::default()).unwrap();
    let pages = verify_pdf(&pdf).unwrap().pages;
    assert!(!squash(&pages[0]).contains("▲图为"), "{}", pages[0]);
    assert!(
        squash(&pages[1]).contains("▲图为清晨的智能制造产业园。"),
        "{}",
        pages[1]
    );
    // The band shows the page's name under the running header's.
    assert_eq!(
        squash(&pages[1]).matches("综合新闻").count(),
        2,
        "{}",
        pages[1]
    );
    assert_eq!(
        squash(&pages[0]).matches("综合新闻").count(),
        0,
        "{}",
        pages[0]
    );
}

fn one_article_page(chars: usize) -> zonepress_export::IssueDoc {
    let mut paragraphs = vec![];
    let mut left = chars;
    while left > 0 {
        let n = left.min(300);
        paragraphs.push(
            filler(paragraphs.len(), n)
                .chars()
                .take(n)
                .collect::<String>(),
        );
        left -= n;
    }
    doc(
        PageSize::A4,
        vec![(
            PageTemplate::Inner,
            vec![(
                news("开发区召开四季度重点项目推进会", &paragraphs),
                placement(None),
            )],
        )],
    )
}

#[test]
fn overflow_is_measured_and_estimated_in_characters() {
    let e = exporter();
    // A4, 3 columns: roughly 3 × 16 × 47 ≈ 2,300 characters a page.
    let fits = e
        .layout(&one_article_page(1200), &zonepress_export::NoAssets)
        .unwrap();
    let fit = &fits.fit()[0];
    assert_eq!(fit.overflow_chars, 0, "{fit:?}");
    assert!(fit.underfill_chars > 600, "{fit:?}");
    assert!(fit.message_zh.contains("尚空约"), "{fit:?}");

    let a = e
        .layout(&one_article_page(3000), &zonepress_export::NoAssets)
        .unwrap();
    let b = e
        .layout(&one_article_page(3400), &zonepress_export::NoAssets)
        .unwrap();
    let (fa, fb) = (&a.fit()[0], &b.fit()[0]);
    assert!(
        fa.overflow_chars > 300 && fa.overflow_chars < 1500,
        "{fa:?}"
    );
    assert!(fa.message_zh.starts_with("第1版超出约"), "{fa:?}");
    let delta = i64::from(fb.overflow_chars) - i64::from(fa.overflow_chars);
    assert!(
        (340..=470).contains(&delta),
        "400 more characters → {delta} more overflow"
    );
    assert!(
        a.preflight()
            .iter()
            .any(|p| p.code == "overflow" && p.severity == Severity::Error)
    );
    // The overfull page stays one sheet: the text is cut at the box.
    assert_eq!(a.page_count(), 1);
    let pdf = a.pdf(&PdfOptions::default()).unwrap();
    let info = run(
        "pdfinfo",
        &[write_tmp("overflow.pdf", &pdf).to_str().unwrap()],
    );
    assert!(info.contains("Pages:           1"), "{info}");
}

#[test]
fn proof_copies_say_proof_on_every_page() {
    let (mut doc, _) = demo();
    doc.proof_copy = true;
    let (_, pdf) = pdf_of(&doc, "proof.pdf");
    let contents = verify_pdf(&pdf).unwrap();
    assert_eq!(contents.pages.len(), 4);
    for (i, page) in contents.pages.iter().enumerate() {
        assert!(page.contains("校样"), "page {} has no 校样", i + 1);
    }
}

#[test]
fn manifest_is_attached_and_read_back() {
    let (doc, assets) = demo();
    let laid = exporter().layout(&doc, &assets).unwrap();
    let manifest = r#"{"issue":"2026年第11期","articles":[{"id":1,"hash":"abc"}]}"#;
    for pdf_a in [false, true] {
        let pdf = laid
            .pdf(&PdfOptions {
                pdf_a,
                pdf_x: false,
                manifest_json: Some(manifest.into()),
                title: "青禾开发区报 2026年第11期".into(),
            })
            .unwrap();
        let contents = verify_pdf(&pdf).unwrap();
        assert_eq!(contents.manifest_json.as_deref(), Some(manifest));
        assert_eq!(contents.pages.len(), 4);
        let path = write_tmp("manifest.pdf", &pdf);
        let info = run("pdfinfo", &[path.to_str().unwrap()]);
        assert!(
            info.contains("Title:           青禾开发区报 2026年第11期"),
            "{info}"
        );
    }
    let plain = verify_pdf(&laid.pdf(&PdfOptions::default()).unwrap()).unwrap();
    assert_eq!(plain.manifest_json, None);
}

#[test]
fn pdf_a_2b_is_declared() {
    let (doc, assets) = demo();
    let laid = exporter().layout(&doc, &assets).unwrap();
    let pdf = laid
        .pdf(&PdfOptions {
            pdf_a: true,
            ..Default::default()
        })
        .unwrap();
    let path = write_tmp("pdfa.pdf", &pdf);
    let meta = run("pdfinfo", &["-meta", path.to_str().unwrap()]);
    assert_eq!(pdfa_part(&meta), Some(('2', 'B')), "{meta}");
    // With the manifest attached, PDF/A-2 cannot hold it: PDF/A-3b.
    let pdf = laid
        .pdf(&PdfOptions {
            pdf_a: true,
            manifest_json: Some("{}".into()),
            ..Default::default()
        })
        .unwrap();
    let path = write_tmp("pdfa3.pdf", &pdf);
    let meta = run("pdfinfo", &["-meta", path.to_str().unwrap()]);
    assert_eq!(pdfa_part(&meta), Some(('3', 'B')), "{meta}");
    assert_eq!(
        verify_pdf(&pdf).unwrap().manifest_json.as_deref(),
        Some("{}"),
        "the manifest rides on the first page of the tagged PDF too"
    );
}

/// The PDF/A part and conformance declared in XMP metadata, written either
/// as elements or as attributes.
fn pdfa_part(xmp: &str) -> Option<(char, char)> {
    let value = |key: &str| {
        let at = xmp.find(key)? + key.len();
        xmp[at..].chars().find(char::is_ascii_alphanumeric)
    };
    Some((value("pdfaid:part")?, value("pdfaid:conformance")?))
}

#[test]
fn compare_text_reports_a_changed_passage() {
    let (doc, _) = demo();
    let (_, pdf) = pdf_of(&doc, "compare.pdf");
    let text = verify_pdf(&pdf).unwrap().text();
    let mut content = doc.articles[&1].content.clone();
    assert!(compare_text(&content, &text).is_empty());
    if let Block::Paragraph { text: t } = &mut content.body[1] {
        *t = t.replacen("开发区", "开法区", 1);
    }
    let m = compare_text(&content, &text);
    assert_eq!(m.len(), 1, "{m:#?}");
    assert_eq!(m[0].block, Some(1));
    assert!(m[0].expected.contains("开法区"), "{m:?}");
}

#[test]
fn missing_articles_images_and_empty_pages_are_preflight_findings() {
    let (mut doc, _) = demo();
    doc.plan.pages[1].placements.push(Placement::new(999));
    doc.plan.pages[2].placements.clear();
    // No assets at all: the photo is missing.
    let laid = exporter()
        .layout(&doc, &zonepress_export::NoAssets)
        .unwrap();
    let pre = laid.preflight();
    let has = |code: &str, page: u8| pre.iter().any(|p| p.code == code && p.page == Some(page));
    assert!(has("article_missing", 2), "{pre:#?}");
    assert!(has("empty_page", 3), "{pre:#?}");
    assert!(
        pre.iter()
            .any(|p| p.code == "image_missing" && p.severity == Severity::Error)
    );
    assert!(has("empty_slot", 3), "{pre:#?}");
    assert_eq!(laid.page_count(), 4);
}

/// The page hashes a layout answers from the data it typeset are the ones
/// computed on their own; a 校样, bleed or a missing photo builds them again
/// and still gets the same, and a change to one page changes only its hash.
#[test]
fn page_hashes_from_a_layout_equal_those_built_alone() {
    let ex = exporter();
    let (doc, assets) = demo();
    let alone = ex.page_hashes(&doc);
    assert_eq!(alone.len(), 4);
    let laid = ex.layout(&doc, &assets).unwrap();
    assert_eq!(ex.page_hashes_laid(&doc, &laid), alone);

    let mut copy = doc.clone();
    copy.proof_copy = true;
    copy.bleed = true;
    let laid = ex.layout(&copy, &assets).unwrap();
    assert_eq!(ex.page_hashes_laid(&copy, &laid), alone, "not what prints");

    let laid = ex.layout(&doc, &zonepress_export::NoAssets).unwrap();
    assert_eq!(
        ex.page_hashes_laid(&doc, &laid),
        alone,
        "a missing photo is not part of the hash"
    );

    let mut changed = doc.clone();
    changed.plan.pages[1].placements.swap(0, 1);
    let laid = ex.layout(&changed, &assets).unwrap();
    let hashes = ex.page_hashes_laid(&changed, &laid);
    assert_eq!(hashes, ex.page_hashes(&changed));
    let differ: Vec<usize> = (0..4).filter(|&i| hashes[i] != alone[i]).collect();
    assert_eq!(differ, vec![1]);
}

/// A grey PNG of `w` × `h` pixels (stored deflate, no compression).
fn png(w: u32, h: u32) -> Vec<u8> {
    fn crc(data: &[u8]) -> u32 {
        let mut c = 0xffff_ffffu32;
        for &b in data {
            c ^= u32::from(b);
            for _ in 0..8 {
                c = if c & 1 != 0 {
                    0xedb8_8320 ^ (c >> 1)
                } else {
                    c >> 1
                };
            }
        }
        !c
    }
    fn chunk(out: &mut Vec<u8>, kind: &[u8], data: &[u8]) {
        out.extend((data.len() as u32).to_be_bytes());
        let mut body = kind.to_vec();
        body.extend(data);
        out.extend(&body);
        out.extend(crc(&body).to_be_bytes());
    }
    let mut raw = vec![];
    for y in 0..h {
        raw.push(0u8);
        raw.extend((0..w).map(|x| ((x * 7 + y * 3) % 200) as u8 + 30));
    }
    let mut z = vec![0x78, 0x01];
    for (i, block) in raw.chunks(65_535).enumerate() {
        let last = (i + 1) * 65_535 >= raw.len();
        z.push(u8::from(last));
        z.extend((block.len() as u16).to_le_bytes());
        z.extend((!(block.len() as u16)).to_le_bytes());
        z.extend(block);
    }
    let (mut a, mut b) = (1u32, 0u32);
    for &x in &raw {
        a = (a + u32::from(x)) % 65_521;
        b = (b + a) % 65_521;
    }
    z.extend(((b << 16) | a).to_be_bytes());
    let mut out = b"\x89PNG\r\n\x1a\n".to_vec();
    let mut ihdr = w.to_be_bytes().to_vec();
    ihdr.extend(h.to_be_bytes());
    ihdr.extend([8, 0, 0, 0, 0]); // 8-bit greyscale
    chunk(&mut out, b"IHDR", &ihdr);
    chunk(&mut out, b"IDAT", &z);
    chunk(&mut out, b"IEND", &[]);
    out
}

#[test]
fn low_resolution_images_are_flagged() {
    use sha2::Digest;
    let small = png(400, 260);
    let id = hex::encode(sha2::Sha256::digest(&small));
    let photo = ArticleContent {
        kind: ArticleKind::Photo,
        title: "园区新貌".into(),
        body: vec![Block::Image {
            asset_id: id.clone(),
            caption: "图为开发区新建的邻里中心。".into(),
            credit: "摄影 刘畅".into(),
        }],
        ..Default::default()
    };
    let doc = doc(
        PageSize::A4,
        vec![(
            PageTemplate::Photo,
            vec![
                (photo, placement(None)),
                (news("简讯", &[filler(2, 900)]), placement(None)),
            ],
        )],
    );
    let assets = std::collections::HashMap::from([(id, small)]);
    let laid = exporter().layout(&doc, &assets).unwrap();
    let pre = laid.preflight();
    let item = pre
        .iter()
        .find(|p| p.code == "image_resolution")
        .unwrap_or_else(|| panic!("{pre:#?}"));
    // 400 px over about 7 inches: about 57 dpi.
    assert_eq!(item.severity, Severity::Error, "{item:?}");
    assert_eq!(item.article_id, Some(1));

    // The demo photo (2400 px) across all 4 columns of A3 is about 230 ppi:
    // under the 300 ppi of coated paper (the default of 印刷设置), an error
    // naming the image; on newsprint (200 ppi) printable, a warning.
    let (mut demo_doc, assets) = demo();
    for page in &mut demo_doc.plan.pages {
        for p in &mut page.placements {
            p.image_columns = None;
        }
    }
    let laid = exporter().layout(&demo_doc, &assets).unwrap();
    let item = laid
        .preflight()
        .into_iter()
        .find(|p| p.code == "image_resolution")
        .expect("the wide photo is flagged");
    assert_eq!(item.severity, Severity::Error, "{item:?}");
    assert!(item.message_zh.contains("300 ppi"), "{item:?}");
    assert_eq!(item.object.as_deref(), Some("图片（2400×1600 像素）"));
    demo_doc.print =
        zonepress_core::press::PrintSettings::for_paper(zonepress_core::press::Paper::Newsprint);
    let laid = exporter().layout(&demo_doc, &assets).unwrap();
    let item = laid
        .preflight()
        .into_iter()
        .find(|p| p.code == "image_resolution")
        .expect("the wide photo is flagged");
    assert_eq!(item.severity, Severity::Warning, "{item:?}");
}

#[test]
fn error_messages_speak_chinese() {
    let e = zonepress_export::ExportError::FontsMissing {
        family: "Noto Serif CJK SC".into(),
        package: "fonts-noto-cjk".into(),
    };
    assert_eq!(
        e.message_zh(),
        "缺少字体 Noto Serif CJK SC，请安装 fonts-noto-cjk"
    );
    let e = exporter()
        .preview_png(&demo().0, &demo().1, 9, 0.5)
        .unwrap_err();
    assert!(e.message_zh().contains("第9版不存在"), "{}", e.message_zh());
}

#[test]
fn previews_are_cached_per_page_frame() {
    let e = zonepress_export::Exporter::new(Default::default()).unwrap();
    let (mut doc, assets) = demo();
    for page in 1..=4 {
        let png = e.preview_png(&doc, &assets, page, 0.3).unwrap();
        assert!(png.starts_with(b"\x89PNG"));
    }
    assert_eq!(e.cached_previews(), 4);
    // Change an article on page 3: only page 3 renders again.
    let id = doc.plan.pages[2].placements[0].article_id;
    let a = doc.articles.get_mut(&id).unwrap();
    a.content.title.push('！');
    for page in 1..=4 {
        e.preview_png(&doc, &assets, page, 0.3).unwrap();
    }
    assert_eq!(e.cached_previews(), 5);
}

/// The pixels of a PNG.
fn decoded(png: &[u8]) -> Vec<u8> {
    let mut reader = png::Decoder::new(std::io::Cursor::new(png))
        .read_info()
        .unwrap();
    let mut buf = vec![0; reader.output_buffer_size().unwrap()];
    let info = reader.next_frame(&mut buf).unwrap();
    buf.truncate(info.buffer_size());
    buf
}

#[test]
fn published_page_images_are_packed_tighter_with_the_same_pixels() {
    let e = zonepress_export::Exporter::new(Default::default()).unwrap();
    let (doc, assets) = demo();
    let laid = e.layout(&doc, &assets).unwrap();
    let screen = e.render_page(&laid, 1, 0.6, PngUse::Screen).unwrap();
    let published = e.render_page(&laid, 1, 0.6, PngUse::Publish).unwrap();
    // The 数字报's readers download these: at least a quarter smaller.
    assert!(
        published.len() * 4 < screen.len() * 3,
        "published {} bytes, screen {} bytes",
        published.len(),
        screen.len()
    );
    assert_eq!(decoded(&published), decoded(&screen));
    // Each is cached for what it is for.
    assert_eq!(e.cached_previews(), 2);
    assert_eq!(
        e.render_page(&laid, 1, 0.6, PngUse::Publish).unwrap(),
        published
    );
    assert_eq!(e.cached_previews(), 2);
}

#[test]
fn a_change_to_one_article_sets_only_its_page_again() {
    let e = zonepress_export::Exporter::new(Default::default()).unwrap();
    let (mut doc, assets) = demo();
    e.layout(&doc, &assets).unwrap();
    assert_eq!(e.pages_typeset(), 4);
    assert_eq!(e.compiles(), 1);
    // The same issue again: nothing is typeset.
    e.layout(&doc, &assets).unwrap();
    assert_eq!((e.pages_typeset(), e.compiles()), (4, 1));
    // A longer title and a smaller type on page 3: page 3 only.
    let p = &mut doc.plan.pages[2].placements[0];
    p.type_scale = 95;
    let id = p.article_id;
    doc.articles.get_mut(&id).unwrap().content.title.push('！');
    let laid = e.layout(&doc, &assets).unwrap();
    assert_eq!((e.pages_typeset(), e.compiles()), (5, 2));
    // The pages of two layouts make one PDF with every page in order.
    let text = verify_pdf(&laid.pdf(&PdfOptions::default()).unwrap()).unwrap();
    assert_eq!(text.pages.len(), 4);
    for (i, page) in text.pages.iter().enumerate() {
        assert!(
            page.contains(&format!("第{}版", i + 1)),
            "page {} says {page:.80}",
            i + 1
        );
    }
}

#[test]
fn a4_issue_has_a4_pages() {
    let d = doc(
        PageSize::A4,
        vec![
            (
                PageTemplate::Front,
                vec![(
                    news("开发区召开 专题会议", &[filler(0, 600), filler(3, 500)]),
                    placement(None),
                )],
            ),
            (
                PageTemplate::Inner,
                vec![(
                    news("园区企业 喜获佳绩", &[filler(5, 800)]),
                    placement(Some(2)),
                )],
            ),
        ],
    );
    let (path, _) = pdf_of(&d, "a4.pdf");
    let info = run("pdfinfo", &[path.to_str().unwrap()]);
    assert!(info.contains("Pages:           2"), "{info}");
    assert!(
        info.contains("595.276 x 841.89 pts") || info.contains("595.28 x 841.89 pts"),
        "{info}"
    );
}

#[test]
fn review_form_lists_every_level_with_reviewer_opinion_and_state() {
    use chrono::{TimeZone, Utc};
    use zonepress_core::UserRef;
    use zonepress_core::workflow::Signature;
    let sig = |id: i64, level: u8, name: &str, opinion: &str, voided: Option<&str>| Signature {
        id,
        article_id: 7,
        level,
        signer: UserRef {
            id: 10 + id,
            username: format!("r{id}"),
            display_name: name.into(),
        },
        signed_at: Utc
            .with_ymd_and_hms(2026, 9, 20 + id as u32, 9, 30, 0)
            .unwrap(),
        opinion: opinion.into(),
        revision: if voided.is_some() { 2 } else { 3 },
        content_hash: "9f2c4e1a7b3d5f60a1b2c3d4e5f60718293a4b5c6d7e8f90a1b2c3d4e5f60718".into(),
        voided_at: voided.map(|_| Utc.with_ymd_and_hms(2026, 9, 23, 8, 0, 0).unwrap()),
        voided_reason: voided.unwrap_or("").into(),
        signer_reset: None,
        carried: None,
    };
    let form = zonepress_export::ReviewForm {
        publication_name: "开发区新闻".into(),
        issue_label: Some("2026年第9期 总第123期".into()),
        article_id: 7,
        kicker: "聚焦项目建设——".into(),
        title: "开发区召开 #四季度$ 重点项目推进会".into(),
        subtitle: "——确保全年目标任务圆满完成".into(),
        author: "王晓静".into(),
        byline: "记者 王晓静 通讯员 刘畅".into(),
        length: 1234,
        revision: 3,
        content_hash: "9f2c4e1a7b3d5f60a1b2c3d4e5f60718293a4b5c6d7e8f90a1b2c3d4e5f60718".into(),
        levels: 3,
        signatures: vec![
            sig(
                1,
                1,
                "李初审",
                "同意，数据已核实。",
                Some("第3稿修改了内容"),
            ),
            sig(2, 1, "李初审", "同意。", None),
            sig(3, 2, "赵复审", "领导职务表述准确，同意。", None),
        ],
        status_zh: "待终审".into(),
        generated_at: "2026-09-25 10:00".into(),
    };
    let pdf = exporter().review_form_pdf(&form).unwrap();
    let path = write_tmp("review.pdf", &pdf);
    let info = run("pdfinfo", &[path.to_str().unwrap()]);
    assert!(
        info.contains("595.276 x 841.89 pts") || info.contains("595.28 x 841.89"),
        "{info}"
    );
    let text = squash(&pdftotext(&path));
    for s in [
        "审稿单",
        "开发区召开#四季度$重点项目推进会",
        "聚焦项目建设——",
        "王晓静",
        "1234字",
        "第3稿",
        "初审",
        "复审",
        "终审",
        "李初审",
        "同意，数据已核实。",
        "赵复审",
        "领导职务表述准确，同意。",
        "有效",
        "已作废（2026-09-23，第3稿修改了内容）",
        "（待审）",
        "待终审",
        "2026-09-2510:00",
    ] {
        assert!(text.contains(&squash(s)), "{s:?} missing from {text}");
    }
}

#[test]
fn workspace_templates_override_the_shipped_ones_and_font_fallbacks_are_errors() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("bulletin.typ"),
        r#"#let D = json("/data.json")
#for pg in D.pages {
  page(width: 200pt, height: 200pt)[
    #text(font: "No Such Family SC")[自定义版式 #pg.number]
  ]
}
"#,
    )
    .unwrap();
    let e = zonepress_export::Exporter::new(zonepress_export::ExportConfig {
        extra_font_dirs: vec![],
        template_dir: Some(dir.path().to_path_buf()),
        ..Default::default()
    })
    .unwrap();
    let (doc, assets) = demo();
    let laid = e.layout(&doc, &assets).unwrap();
    assert_eq!(laid.page_count(), 4);
    let png = laid.png(1, 0.5).unwrap();
    assert!(png.starts_with(b"\x89PNG"));
    assert!(
        laid.preflight()
            .iter()
            .any(|p| p.code == "font_missing" && p.severity == Severity::Error),
        "{:#?}",
        laid.preflight()
    );
    let err = laid.pdf(&PdfOptions::default()).unwrap_err();
    assert!(
        matches!(err, zonepress_export::ExportError::FontsMissing { .. }),
        "{err}"
    );
    assert_eq!(
        err.message_zh(),
        "缺少字体 no such family sc，请安装 fonts-noto-cjk"
    );
}

#[test]
fn odd_inputs_still_set() {
    let empty = ArticleContent {
        title: String::new(),
        ..Default::default()
    };
    let briefs = ArticleContent {
        kind: ArticleKind::Briefs,
        title: "要闻快览".into(),
        body: (0..5)
            .map(|i| Block::Brief {
                text: filler(i, 60),
            })
            .collect(),
        ..Default::default()
    };
    let long_latin = news(
        "ZonePressSupercalifragilisticexpialidociousTitleWithoutSpaces",
        &["Latin text only, with no Chinese at all: it must still justify and wrap.".repeat(8)],
    );
    let mut d = doc(
        PageSize::A4,
        vec![
            (
                PageTemplate::Front,
                vec![
                    (empty, placement(Some(1))),
                    (briefs, placement(Some(1))),
                    (long_latin, placement(Some(1))),
                ],
            ),
            (PageTemplate::Inner, vec![]),
        ],
    );
    d.plan.columns = 3;
    d.publication.name = "一个非常非常长的开发区新闻内部资料刊名".into();
    let laid = exporter().layout(&d, &zonepress_export::NoAssets).unwrap();
    assert_eq!(laid.page_count(), 2);
    assert!(laid.preflight().iter().any(|p| p.code == "empty_page"));
    laid.pdf(&PdfOptions::default()).unwrap();
}

#[test]
fn the_pure_rust_reader_agrees_with_poppler() {
    // Where nothing is cut off: poppler keeps text that a clip hides.
    let (mut doc, assets) = demo();
    doc.proof_copy = true;
    doc.bleed = true;
    let laid = exporter().layout(&doc, &assets).unwrap();
    let pdf = laid.pdf(&PdfOptions::default()).unwrap();
    let path = write_tmp("reader.pdf", &pdf);
    let ours = verify_pdf(&pdf).unwrap();
    let poppler: Vec<String> = pdftotext(&path)
        .split('\u{c}')
        .map(str::to_string)
        .filter(|p| !p.trim().is_empty())
        .collect();
    assert_eq!(ours.pages.len(), poppler.len());
    for (i, (a, b)) in ours.pages.iter().zip(&poppler).enumerate() {
        assert_eq!(squash(a), squash(b), "page {}", i + 1);
    }
    // Lines come out as lines.
    assert!(ours.pages[1].lines().count() > 100);
}

#[test]
fn verification_sees_only_what_is_printed() {
    // The demo with one more article on its full page 1 overflows: the
    // text that is cut off (or left out) must not count as printed.
    let (mut doc, assets) = demo();
    let road = doc.plan.pages[1].placements.remove(1);
    assert!(
        doc.articles[&road.article_id]
            .content
            .title
            .contains("青禾大道")
    );
    doc.plan.pages[0].placements.insert(2, road);
    let laid = exporter().layout(&doc, &assets).unwrap();
    let cut: Vec<_> = laid
        .preflight()
        .into_iter()
        .filter(|p| p.code == "article_overflow" && p.page == Some(1))
        .filter_map(|p| p.article_id)
        .collect();
    assert!(cut.len() >= 2, "{cut:?}");
    let contents = verify_pdf(&laid.pdf(&PdfOptions::default()).unwrap()).unwrap();
    for id in cut {
        let m = compare_text(&doc.articles[&id].content, &contents.pages[0]);
        assert!(!m.is_empty(), "article {id} is cut but reads as complete");
    }
    // What fits reads back complete.
    let lead = &doc.articles[&doc.plan.pages[0].placements[0].article_id];
    assert!(compare_text(&lead.content, &contents.pages[0]).is_empty());
}

/// Previews rendered ahead after a layout (what the api does after each
/// plan change) land in the cache, and the screen then gets the same page
/// a render on its own would give.
#[test]
fn prerendered_previews_are_the_pages_the_screen_would_render() {
    let e = std::sync::Arc::new(zonepress_export::Exporter::new(Default::default()).unwrap());
    let (doc, assets) = demo();
    let laid = e.layout(&doc, &assets).unwrap();
    let pages = laid.page_count();
    assert_eq!(e.cached_previews(), 0);
    e.prerender(laid, 0.3);
    let started = std::time::Instant::now();
    while e.cached_previews() < pages {
        assert!(
            started.elapsed() < std::time::Duration::from_secs(120),
            "the background renders never finished"
        );
        std::thread::sleep(std::time::Duration::from_millis(20));
    }
    let laid = e.layout(&doc, &assets).unwrap();
    let ahead = e.render_page(&laid, 2, 0.3, PngUse::Screen).unwrap();
    // Still one preview per page: the screen's ask was a cache hit.
    assert_eq!(e.cached_previews(), pages);
    let fresh = zonepress_export::Exporter::new(Default::default()).unwrap();
    let own = fresh
        .render_page(
            &fresh.layout(&doc, &assets).unwrap(),
            2,
            0.3,
            PngUse::Screen,
        )
        .unwrap();
    assert_eq!(decoded(&ahead), decoded(&own));
}
