//! Every kind of bad input gives its own error, never a panic, and a bad file
//! in a batch does not stop the others.

use zonepress_testkit::docx;

use docx::{Docx, fixture, p, picture, png_of_size, zip};
use zonepress_import::{
    ImportError, ImportLimits, preview_batch, preview_import, preview_import_with,
};

const MB: usize = 1024 * 1024;

fn err(name: &str, bytes: &[u8]) -> ImportError {
    match preview_import(name, bytes) {
        Ok(a) => panic!("{name}: expected an error, got {a:?}"),
        Err(e) => e,
    }
}

fn ole(extra_utf16: &str) -> Vec<u8> {
    let mut b = vec![0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1];
    b.resize(1536, 0);
    b.extend(extra_utf16.encode_utf16().flat_map(|u| u.to_le_bytes()));
    b.resize(4096, 0);
    b
}

#[test]
fn legacy_doc_is_refused_with_the_save_as_message() {
    for name in ["旧稿.doc", "旧稿.docx", "旧稿.wps"] {
        let e = err(name, &ole("WordDocument"));
        assert_eq!(e, ImportError::LegacyDoc, "{name}");
        assert_eq!(
            e.message_zh(),
            "这是旧版 Word 文档（.doc）或旧版 WPS 文档，请在 Word 或 WPS 中另存为 .docx 后再导入"
        );
        assert_eq!(e.code(), "legacy_doc");
    }
    assert_eq!(
        err("rtf.doc", b"{\\rtf1\\ansi hello}"),
        ImportError::UnsupportedFormat {
            extension: "rtf".into()
        }
    );
}

#[test]
fn encrypted_document_is_recognised() {
    let e = err("加密.docx", &ole("EncryptionInfo\0EncryptedPackage"));
    assert_eq!(e, ImportError::Encrypted);
    assert!(e.message_zh().contains("密码"));
}

#[test]
fn not_a_zip_and_truncated_zip() {
    assert_eq!(
        err("假的.docx", "这不是 Word 文档".as_bytes()),
        ImportError::NotAZip
    );
    let whole = fixture("lead-story.docx");
    for cut in [whole.len() / 2, whole.len() - 10, 30] {
        assert_eq!(
            err("截断.docx", &whole[..cut]),
            ImportError::Truncated,
            "cut at {cut}"
        );
    }
    // a zip without a Word document in it
    let other = zip(&[("photo.png", &fixture("site-photo.png"), false)]);
    assert_eq!(err("照片.docx", &other), ImportError::NotWordDocument);
}

#[test]
fn corrupt_entry_is_an_error_not_a_panic() {
    let mut bytes = Docx::new(&p("正文")).build();
    // flip bytes in the middle of the compressed document part
    let at = bytes
        .windows(17)
        .position(|w| w == b"word/document.xml")
        .unwrap()
        + 40;
    for b in &mut bytes[at..at + 20] {
        *b ^= 0x5A;
    }
    let e = err("坏.docx", &bytes);
    assert!(
        matches!(
            e,
            ImportError::Corrupt { .. } | ImportError::BadXml { .. } | ImportError::Truncated
        ),
        "{e:?}"
    );
}

#[test]
fn zip_bomb_is_refused_early() {
    // 200 MB of spaces inside the document part compresses to a few hundred KB
    let mut xml = b"<?xml version=\"1.0\"?><w:document xmlns:w=\"x\"><w:body>".to_vec();
    xml.resize(200 * MB, b' ');
    let bomb = zip(&[("word/document.xml", &xml, true)]);
    drop(xml);
    assert!(bomb.len() < 2 * MB);
    let e = err("炸弹.docx", &bomb);
    assert_eq!(
        e,
        ImportError::ZipBomb {
            part: "word/document.xml".into()
        }
    );
    assert!(e.message_zh().contains("恶意"));

    // compressed less (ratio under the zip-bomb threshold), the same data
    // still stops at the 64 MB XML budget
    let mut xml = b"<?xml version=\"1.0\"?><w:document xmlns:w=\"x\"><w:body>".to_vec();
    xml.resize(200 * MB, b' ');
    let fast = docx::zip_level(&[("word/document.xml", &xml, true)], Some(1));
    drop(xml);
    assert_eq!(
        err("炸弹.docx", &fast),
        ImportError::TooLarge {
            part: "word/document.xml".into(),
            limit_mb: 64
        }
    );
}

#[test]
fn xml_past_the_budget_is_too_large() {
    // ordinary-looking XML, just more of it than the limits allow
    let para = p("开发区召开会议，部署重点工作。");
    let body = para.repeat(2_000);
    let limits = ImportLimits {
        max_xml_bytes: 64 * 1024,
        ..ImportLimits::default()
    };
    let e = preview_import_with("长.docx", &Docx::new(&body).build(), &limits).unwrap_err();
    assert!(
        matches!(e, ImportError::TooLarge { ref part, .. } if part == "word/document.xml"),
        "{e:?}"
    );
}

#[test]
fn doctype_and_external_entities_are_refused() {
    let mut docx = Docx::new(&p("&xxe;"));
    docx.prolog = r#"<!DOCTYPE w:document [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>"#.into();
    assert_eq!(
        err("xxe.docx", &docx.build()),
        ImportError::Doctype {
            part: "word/document.xml".into()
        }
    );
    // billion laughs, also only possible through a DOCTYPE
    let mut docx = Docx::new(&p("&lol9;"));
    docx.prolog =
        r#"<!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;">]>"#.into();
    assert!(matches!(
        err("lol.docx", &docx.build()),
        ImportError::Doctype { .. }
    ));
    // an entity without a DOCTYPE is never expanded
    assert!(matches!(
        err("entity.docx", &Docx::new(&p("&xxe;")).build()),
        ImportError::BadXml { .. }
    ));
    // malformed XML
    assert!(matches!(
        err("malformed.docx", &Docx::new("<w:p><w:r></w:p>").build()),
        ImportError::BadXml { .. }
    ));
}

#[test]
fn path_like_names_are_refused() {
    for name in [
        "../稿件.docx",
        "/tmp/稿件.txt",
        "C:\\稿件\\来稿.docx",
        "稿件/../../x.txt",
    ] {
        assert!(
            matches!(err(name, b"text"), ImportError::UnsafeName { .. }),
            "{name}"
        );
    }
    let mut docx = Docx::new(&p("正文"));
    docx.parts
        .push(("../../evil.sh".into(), b"rm -rf /".to_vec(), true));
    assert_eq!(
        err("稿件.docx", &docx.build()),
        ImportError::UnsafeName {
            name: "../../evil.sh".into()
        }
    );
    let mut docx = Docx::new(&p("正文"));
    docx.parts
        .push(("/etc/cron.d/x".into(), b"x".to_vec(), true));
    assert!(matches!(
        err("稿件.docx", &docx.build()),
        ImportError::UnsafeName { .. }
    ));
    // an image reference pointing out of the package is ignored with a note
    let mut docx = Docx::new(&[p("标题"), picture("rIdX")].concat());
    docx.rels
        .push(("rIdX".into(), "../../../etc/passwd".into(), false));
    let a = preview_import("稿件.docx", &docx.build())
        .unwrap()
        .remove(0);
    assert_eq!(a.warnings[0].code, "image_unsafe_target");
}

#[test]
fn empty_unknown_and_binary_files() {
    for name in ["空.docx", "空.txt", "空.md"] {
        assert_eq!(err(name, b""), ImportError::Empty, "{name}");
    }
    assert_eq!(
        err("空白.txt", "  \r\n\u{3000}\n".as_bytes()),
        ImportError::Empty
    );
    assert_eq!(
        err("空文档.docx", &Docx::new("").build()),
        ImportError::Empty
    );
    assert_eq!(
        err("表格.xlsx", b"PK\x03\x04"),
        ImportError::UnsupportedFormat {
            extension: "xlsx".into()
        }
    );
    let pdf = err("稿件.pdf", b"%PDF-1.7");
    assert!(pdf.message_zh().contains("复制"), "{}", pdf.message_zh());
    assert_eq!(
        err("无扩展名", b"text"),
        ImportError::UnsupportedFormat {
            extension: String::new()
        }
    );
    assert!(matches!(
        err("图片.txt", &fixture("site-photo.png")),
        ImportError::Encoding { .. }
    ));
}

#[test]
fn a_whole_file_over_the_limit_is_too_large() {
    // 200 MB of nothing: refused by size before anything is read
    let huge = vec![0u8; 200 * MB];
    let e = err("巨大.docx", &huge);
    assert_eq!(
        e,
        ImportError::TooLarge {
            part: "巨大.docx".into(),
            limit_mb: 100
        }
    );
    assert!(e.message_zh().contains("100 MB"));
    let long_text = vec![b'a'; 6 * MB];
    assert!(matches!(
        err("长.txt", &long_text),
        ImportError::TooLarge { .. }
    ));
}

#[test]
fn an_image_declaring_too_many_pixels_is_never_decoded() {
    // 50 KB that claim 30,000 × 30,000 pixels: 3.6 GB to decode
    let bomb = png_of_size(30_000, 30_000, 50_000);
    let fine = png_of_size(6_000, 4_000, 1_000);
    let docx = Docx::new(
        &[
            p("园区夜景"),
            picture("rId9"),
            p("正文。"),
            picture("rId10"),
        ]
        .concat(),
    )
    .image("rId9", "image1.png", &bomb, false)
    .image("rId10", "image2.png", &fine, false)
    .build();
    let a = preview_import("夜景.docx", &docx).unwrap().remove(0);
    assert_eq!(a.images.len(), 1, "the 24-megapixel photo is kept");
    assert_eq!(a.images[0].width, 6_000);
    let note = a
        .warnings
        .iter()
        .find(|w| w.code == "image_too_many_pixels")
        .expect("a note on the left-out image");
    assert!(
        note.message_zh.contains("30000×30000"),
        "{}",
        note.message_zh
    );
}

#[test]
fn an_oversized_image_is_left_out_and_the_article_kept() {
    // a 60 MB photo (stored, as a JPEG would be) in a 60 MB document: under
    // the 100 MB file limit, over the 50 MB image limit
    let big = png_of_size(12_000, 9_000, 60 * MB);
    let docx = Docx::new(&[p("园区全景"), picture("rId9"), p("图为园区全景。")].concat())
        .image("rId9", "image1.png", &big, false)
        .build();
    drop(big);
    let a = preview_import("全景.docx", &docx).unwrap().remove(0);
    assert_eq!(a.content.title, "园区全景");
    assert!(a.images.is_empty());
    assert_eq!(a.warnings[0].code, "image_too_large");
    assert!(a.warnings[0].message_zh.contains("50 MB"));
    // the caption with no image before it stays a paragraph for the editor
    assert_eq!(a.content.body.len(), 1);
}

#[test]
fn a_200_mb_image_that_compresses_away_is_a_zip_bomb() {
    let bomb_image = png_of_size(100_000, 100_000, 200 * MB);
    let docx = Docx::new(&[p("标题"), picture("rId9")].concat())
        .image("rId9", "image1.png", &bomb_image, true)
        .build();
    drop(bomb_image);
    assert_eq!(
        err("图.docx", &docx),
        ImportError::ZipBomb {
            part: "word/media/image1.png".into()
        }
    );
}

#[test]
fn too_many_entries() {
    let names: Vec<String> = (0..50).map(|i| format!("word/x{i}.xml")).collect();
    let entries: Vec<(&str, &[u8], bool)> = names
        .iter()
        .map(|n| (n.as_str(), &b"<a/>"[..], false))
        .collect();
    let limits = ImportLimits {
        max_entries: 20,
        ..ImportLimits::default()
    };
    assert!(matches!(
        preview_import_with("多.docx", &zip(&entries), &limits),
        Err(ImportError::ZipBomb { .. })
    ));
}

#[test]
fn a_bad_file_in_a_batch_does_not_stop_the_others() {
    let files = vec![
        ("lead-story.docx".to_string(), fixture("lead-story.docx")),
        ("旧稿.doc".to_string(), ole("WordDocument")),
        ("story.gbk.txt".to_string(), fixture("story.gbk.txt")),
        (
            "截断.docx".to_string(),
            fixture("photo-news.docx")[..100].to_vec(),
        ),
        ("story.md".to_string(), fixture("story.md")),
    ];
    let results = preview_batch(&files);
    assert_eq!(results.len(), 5);
    assert_eq!(
        results[0].as_ref().unwrap()[0].content.title,
        "项目建设提速 产业集群成势"
    );
    assert_eq!(results[1].as_ref().unwrap_err(), &ImportError::LegacyDoc);
    assert_eq!(
        results[2].as_ref().unwrap()[0].content.title,
        "青禾开发区“企业服务专员”上岗"
    );
    assert_eq!(results[3].as_ref().unwrap_err(), &ImportError::Truncated);
    assert_eq!(
        results[4].as_ref().unwrap()[0].content.title,
        "青禾开发区启动“数字园区”建设"
    );
}

#[test]
fn every_error_has_a_code_and_both_messages() {
    let all = [
        ImportError::UnsupportedFormat {
            extension: "odt".into(),
        },
        ImportError::LegacyDoc,
        ImportError::NotAZip,
        ImportError::Truncated,
        ImportError::Corrupt {
            detail: "crc".into(),
        },
        ImportError::Encrypted,
        ImportError::TooLarge {
            part: "a.docx".into(),
            limit_mb: 100,
        },
        ImportError::ZipBomb {
            part: "word/document.xml".into(),
        },
        ImportError::NotWordDocument,
        ImportError::BadXml {
            part: "word/document.xml".into(),
            detail: "x".into(),
        },
        ImportError::Doctype {
            part: "word/document.xml".into(),
        },
        ImportError::UnsafeName {
            name: "../x".into(),
        },
        ImportError::Encoding { detail: "x".into() },
        ImportError::Empty,
    ];
    let mut codes: Vec<&str> = all.iter().map(ImportError::code).collect();
    codes.sort_unstable();
    codes.dedup();
    assert_eq!(codes.len(), all.len());
    for e in &all {
        assert!(!e.to_string().is_empty());
        assert!(
            e.message_zh()
                .chars()
                .any(|c| ('\u{4E00}'..='\u{9FFF}').contains(&c)),
            "{e:?}"
        );
    }
    assert!(all[0].message_zh().contains(".docx"));
}

/// A small deterministic generator (xorshift) for the mutation test.
struct Rng(u64);
impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
}

#[test]
fn damaged_files_never_panic() {
    const ITERATIONS: usize = 150;
    let mut rng = Rng(0x5EED_2026);
    let samples = [
        ("lead-story.docx", fixture("lead-story.docx")),
        ("photo-news.docx", fixture("photo-news.docx")),
        ("story.gbk.txt", fixture("story.gbk.txt")),
        ("notice.utf16le.txt", fixture("notice.utf16le.txt")),
        ("story.md", fixture("story.md")),
    ];
    // the document part of a docx, stored uncompressed so that flipped bytes
    // reach the XML parser instead of the inflater
    let body = [p("标题"), p("图为现场。（摄影 张三）"), picture("rId1")].concat();
    let xml = format!(
        r#"<w:document xmlns:w="{}"><w:body>{body}</w:body></w:document>"#,
        docx::W_NS
    );
    let stored = zip(&[("word/document.xml", xml.as_bytes(), false)]);
    // Each damaged file is read or refused with a message in Chinese; both
    // happen, or the damage did not reach the parsers.
    let (mut read, mut refused) = (0, 0);
    for (name, original) in samples.iter().chain([("stored.docx", stored)].iter()) {
        for _ in 0..ITERATIONS {
            let mut bytes = original.clone();
            match rng.below(3) {
                0 => {
                    for _ in 0..1 + rng.below(8) {
                        let i = rng.below(bytes.len());
                        bytes[i] = rng.next() as u8;
                    }
                }
                1 => bytes.truncate(rng.below(bytes.len())),
                _ => {
                    let i = rng.below(bytes.len());
                    let junk: Vec<u8> = (0..rng.below(64)).map(|_| rng.next() as u8).collect();
                    bytes.splice(i..i, junk);
                }
            }
            match preview_import(name, &bytes) {
                Ok(articles) => {
                    read += 1;
                    for mut a in articles {
                        let all: Vec<usize> = (0..a.fixes.len()).collect();
                        zonepress_import::apply_fixes(&mut a, &all);
                    }
                }
                Err(e) => {
                    refused += 1;
                    assert!(
                        e.message_zh()
                            .chars()
                            .any(|c| ('\u{4E00}'..='\u{9FFF}').contains(&c)),
                        "{name}: {e:?}"
                    );
                }
            }
        }
    }
    assert!(read > 0 && refused > 0, "read {read}, refused {refused}");
}

#[test]
fn random_text_never_panics_the_cleaner_or_the_fixes() {
    let alphabet: Vec<char> =
        "开发区会议。，、；：？！“”（）——……a Z9 ,.;:?!()-\n\u{3000}\t第页/1 图为摄影"
            .chars()
            .collect();
    let mut rng = Rng(42);
    for _ in 0..2_000 {
        let len = rng.below(120);
        let text: String = (0..len)
            .map(|_| alphabet[rng.below(alphabet.len())])
            .collect();
        let cleaned = zonepress_import::clean_pdf_text(&text);
        assert!(!cleaned.text.contains("\n\n"));
        let content = zonepress_core::ArticleContent {
            title: text.replace('\n', ""),
            body: vec![zonepress_core::Block::Paragraph { text: text.clone() }],
            ..Default::default()
        };
        let fixes = zonepress_import::suggest_fixes(&content);
        for f in &fixes {
            let field = match f.field {
                zonepress_import::FixField::Title => &content.title,
                _ => &text,
            };
            let got: String = field.chars().skip(f.start).take(f.end - f.start).collect();
            assert_eq!(got, f.original);
        }
        let mut a = zonepress_import::ProposedArticle {
            file_name: "t.txt".into(),
            content,
            images: vec![],
            warnings: vec![],
            fixes,
        };
        let odd: Vec<usize> = (0..a.fixes.len()).step_by(2).collect();
        zonepress_import::apply_fixes(&mut a, &odd);
        let rest: Vec<usize> = (0..a.fixes.len()).collect();
        let n = rest.len();
        assert_eq!(zonepress_import::apply_fixes(&mut a, &rest), n, "{text:?}");
    }
}
