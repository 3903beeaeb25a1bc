//! User text goes out as text: titles full of markup, script and Typst
//! syntax show literally on every page of the edition and in the WeChat
//! HTML, and nothing outside the edition is linked.

use zonepress_core::{ArticleContent, ArticleKind, Block};
use zonepress_web::site::{self, CSP};
use zonepress_web::{Edition, EditionArticle, EditionPage, Region, html, read, wechat};

const NASTY: &str = r#"<script>alert(1)</script>"><svg onload=alert(2)> javascript:alert(3) #set text(red) $x^2$ [链接](http://evil.example) *粗* _斜_ \ @ref // 注释 & &amp;"#;

fn content(title: &str) -> ArticleContent {
    ArticleContent {
        kind: ArticleKind::News,
        kicker: format!("引题{NASTY}"),
        title: title.into(),
        subtitle: "——副题 <b>不加粗</b>".into(),
        byline: "记者 林悦 \"引号\" 'single'".into(),
        column: "工作动态<i>".into(),
        body: vec![
            Block::Paragraph {
                text: format!("11月20日上午，正文里也有{NASTY}。"),
            },
            Block::Subhead {
                text: "小标题</h2><script>x()</script>".into(),
            },
            Block::Brief {
                text: "◆不该出现的符号之外<li>".into(),
            },
            Block::Brief {
                text: "第二条 onclick=\"x()\"".into(),
            },
            Block::Image {
                asset_id: "a".repeat(64),
                caption: "图为<img src=x onerror=alert(4)>。".into(),
                credit: "摄影 \" onmouseover=\"x".into(),
            },
        ],
    }
}

fn edition<'a>(images: &'a dyn Fn(&str) -> Option<Vec<u8>>, proof_copy: bool) -> Edition<'a> {
    Edition {
        publication: "青禾开发区报<script>".into(),
        publisher: "党群工作部\"".into(),
        issue_label: "2026年第11期 总第137期".into(),
        date_zh: "2026年11月25日".into(),
        proof_copy,
        pages: vec![EditionPage {
            number: 1,
            name: "要闻<svg onload=x>".into(),
            width_pt: 841.89,
            height_pt: 1190.55,
            png_small: b"\x89PNG small".to_vec(),
            small_px: 505,
            png_large: b"\x89PNG large".to_vec(),
            large_px: 1263,
            regions: vec![Region {
                article_id: 7,
                x: 42.5,
                y: 200.0,
                w: 400.0,
                h: 300.25,
            }],
        }],
        articles: vec![EditionArticle {
            id: 7,
            page: 1,
            content: content(NASTY),
            revision: 3,
            content_hash: "f".repeat(64),
        }],
        manifest_json: "{}".into(),
        images,
    }
}

/// A 1×1 PNG.
fn png() -> Vec<u8> {
    let mut v = b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR\0\0\0\x01\0\0\0\x01\x08\x02\0\0\0".to_vec();
    v.extend([0u8; 16]);
    v
}

/// Every tag name and attribute name in a document, in order.
fn tags(html: &str) -> Vec<String> {
    let mut out = vec![];
    let mut rest = html;
    while let Some(i) = rest.find('<') {
        rest = &rest[i + 1..];
        let end = rest.find('>').unwrap();
        let tag = &rest[..end];
        // Attribute values are quoted; drop them before naming attributes.
        let mut bare = String::new();
        let mut quoted = false;
        for c in tag.chars() {
            if c == '"' {
                quoted = !quoted;
            } else if !quoted {
                bare.push(c);
            }
        }
        for word in bare.split_whitespace() {
            out.push(
                word.split('=')
                    .next()
                    .unwrap()
                    .trim_start_matches('/')
                    .to_lowercase(),
            );
        }
        rest = &rest[end..];
    }
    out
}

#[test]
fn every_page_of_the_edition_shows_the_text_literally() {
    let bytes = png();
    let images = move |_: &str| Some(bytes.clone());
    let site = site::build(&edition(&images, false));
    let names: Vec<&String> = site.keys().collect();
    for f in [
        "index.html",
        "page-1.html",
        "article-7.html",
        "style.css",
        "manifest.json",
        "pages/page-1.png",
        "pages/page-1-s.png",
    ] {
        assert!(site.contains_key(f), "{f} missing from {names:?}");
    }
    assert!(
        site.keys()
            .any(|k| k.starts_with("images/") && k.ends_with(".png"))
    );
    for (path, bytes) in &site {
        if !path.ends_with(".html") {
            continue;
        }
        let page = String::from_utf8(bytes.clone()).unwrap();
        assert!(page.contains(&format!("content=\"{CSP}\"")), "{path}: CSP");
        let t = tags(&page);
        for bad in [
            "script",
            "onload",
            "onerror",
            "onclick",
            "onmouseover",
            "iframe",
            "b",
            "i",
        ] {
            assert!(
                !t.iter().any(|x| x == bad),
                "{path}: <{bad}> or {bad}= is markup"
            );
        }
        // Every link and source stays inside the edition.
        for attr in ["href=\"", "src=\""] {
            for v in page.split(attr).skip(1) {
                let v = &v[..v.find('"').unwrap()];
                assert!(
                    !v.contains(':') && !v.starts_with("//") && !v.starts_with('/'),
                    "{path}: {attr}{v}"
                );
            }
        }
        assert!(!page.contains("<script"), "{path}");
    }
    let article = String::from_utf8(site["article-7.html"].clone()).unwrap();
    // Read back, the page shows exactly the text as typed.
    let shown = read::contents(&site);
    let fields = &shown.articles[&7].fields;
    let want = zonepress_web::printed_fields(&content(NASTY));
    assert_eq!(
        fields
            .iter()
            .map(|(k, v)| (k.as_str(), v.as_str()))
            .collect::<Vec<_>>(),
        want.iter()
            .map(|(k, v)| (*k, v.as_str()))
            .collect::<Vec<_>>()
    );
    assert!(article.contains(&html::escape(NASTY)));
    assert_eq!(shown.regions[&1], vec![7]);
    // The page's region is in the page's own coordinates.
    let page = String::from_utf8(site["page-1.html"].clone()).unwrap();
    assert!(page.contains("viewBox=\"0 0 841.89 1190.55\""), "{page}");
    assert!(page.contains("<rect x=\"42.5\" y=\"200\" width=\"400\" height=\"300.25\"/>"));
    assert!(!page.contains("校样"));
}

#[test]
fn a_proof_copy_says_so_on_every_page() {
    let images = |_: &str| None;
    let site = site::build(&edition(&images, true));
    for (path, bytes) in &site {
        if path.ends_with(".html") {
            let page = String::from_utf8_lossy(bytes);
            assert!(page.contains("data-proof-copy=\"1\""), "{path}");
            assert!(page.contains("<title>【校样】"), "{path}");
        }
    }
    // A photo that cannot be had is marked, its caption kept.
    let article = String::from_utf8_lossy(&site["article-7.html"]);
    assert!(article.contains("图片缺失"));
}

#[test]
fn wechat_html_has_inline_styles_only_and_the_revision_text() {
    let bytes = png();
    let images = move |_: &str| Some(bytes.clone());
    let c = content(NASTY);
    let html = wechat::article_section(&c, &images);
    let t = tags(&html);
    assert!(
        !t.iter()
            .any(|x| x == "class" || x == "script" || x.starts_with("on")),
        "{t:?}"
    );
    assert!(t.iter().filter(|x| *x == "style").count() > 8);
    for v in html.split("src=\"").skip(1) {
        assert!(v.starts_with("data:image/png;base64,"));
    }
    assert!(!html.contains("href="), "no link at all");
    // Text nodes, joined, are the revision's text and nothing else.
    let mut text = String::new();
    let mut rest = html.as_str();
    while let Some(i) = rest.find('>') {
        rest = &rest[i + 1..];
        let end = rest.find('<').unwrap_or(rest.len());
        text.push_str(&html::unescape(&rest[..end]));
        rest = &rest[end..];
    }
    let want: String = zonepress_web::printed_fields(&c)
        .into_iter()
        .map(|(_, v)| v)
        .collect();
    assert_eq!(text, want);
    let doc = wechat::document(NASTY, &html);
    assert!(doc.contains(&format!("<title>{}</title>", html::escape(NASTY))));
}

#[test]
fn an_edition_zips_and_reads_back_with_the_same_digest() {
    let images = |_: &str| None;
    let site = site::build(&edition(&images, false));
    let zip = zonepress_web::archive::zip(&site, "青禾-数字报", (2026, 11, 25)).unwrap();
    assert!(read::is_zip(&zip));
    let again = read::from_zip(&zip).unwrap();
    assert_eq!(again, site);
    assert_eq!(
        zonepress_web::archive::digest(&again),
        zonepress_web::archive::digest(&site)
    );
    // Same edition, same bytes.
    assert_eq!(
        zonepress_web::archive::zip(&site, "青禾-数字报", (2026, 11, 25)).unwrap(),
        zip
    );
    // Unpacked to a folder and read from there: the same files.
    let dir = tempfile::tempdir().unwrap();
    for (p, b) in &site {
        let t = dir.path().join(p);
        std::fs::create_dir_all(t.parent().unwrap()).unwrap();
        std::fs::write(t, b).unwrap();
    }
    assert_eq!(read::from_dir(dir.path()).unwrap(), site);
    // A changed file changes the digest; the manifest alone does not.
    let mut changed = site.clone();
    changed.insert("manifest.json".into(), b"{\"x\":1}".to_vec());
    assert_eq!(
        zonepress_web::archive::digest(&changed),
        zonepress_web::archive::digest(&site)
    );
    changed.get_mut("style.css").unwrap().push(b' ');
    assert_ne!(
        zonepress_web::archive::digest(&changed),
        zonepress_web::archive::digest(&site)
    );
    // Not a zip, and a zip with an escaping path, are refused.
    assert!(read::from_zip(b"PK\x03\x04 broken").is_err());
    let mut evil = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    evil.start_file("../evil.html", zip::write::SimpleFileOptions::default())
        .unwrap();
    std::io::Write::write_all(&mut evil, b"x").unwrap();
    let evil = evil.finish().unwrap().into_inner();
    assert!(read::from_zip(&evil).is_err());
}
