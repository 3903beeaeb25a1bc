//! The 数字报 and the 公众号 HTML through the commands, on the demo
//! workspace: real Typst layout and page images, the zip read back, the
//! edition verified against the approved revisions, and the refusals.

use zonepress_testkit::api::Demo;

use serde_json::{Value, json};
use zonepress_api::ErrorCode;

/// The edition's files, from the zip `export_web` answered.
fn edition(d: &Demo, proof_copy: bool) -> (Vec<u8>, zonepress_web::Site) {
    let zip = d.bytes(
        "layout",
        "export_web",
        json!({ "issue_id": 1, "proof_copy": proof_copy }),
    );
    let site = zonepress_web::read::from_zip(&zip).unwrap();
    (zip, site)
}

fn text(site: &zonepress_web::Site, path: &str) -> String {
    String::from_utf8(site[path].clone()).unwrap()
}

fn placed(d: &Demo) -> Vec<(i64, u64)> {
    let plan = d.json("layout", "get_issue_plan", json!({ "issue_id": 1 }));
    let mut out = vec![];
    for p in plan["plan"]["pages"].as_array().unwrap() {
        for a in p["placements"].as_array().unwrap() {
            out.push((
                a["article_id"].as_i64().unwrap(),
                p["number"].as_u64().unwrap(),
            ));
        }
    }
    out
}

/// Sign the article's current revision at all three levels.
fn sign(d: &Demo, id: i64) {
    let a = d.json("editor", "get_article", json!({ "id": id }));
    let rev = a["revision"].clone();
    // A saved approved article is back in 初审 already; a draft is sent.
    if a["status"] != "in_review" {
        d.json(
            "editor",
            "submit_article",
            json!({ "id": id, "revision": rev }),
        );
    }
    for (user, level) in [("reviewer1", 1), ("reviewer2", 2), ("reviewer3", 3)] {
        d.json(
            user,
            "approve_article",
            json!({ "id": id, "revision": rev, "level": level, "opinion": "同意。" }),
        );
    }
}

fn squash(s: &str) -> String {
    s.chars().filter(|c| !c.is_whitespace()).collect()
}

#[test]
fn the_demo_edition_has_one_region_per_article_and_verifies() {
    let d = Demo::new();
    let (zip, site) = edition(&d, false);
    let placed = placed(&d);
    assert_eq!(placed.len(), 18);
    let shown = zonepress_web::read::contents(&site);
    // Each page image carries exactly one region per placed article, and
    // every region lies on the page.
    for (id, page) in &placed {
        let regions = &shown.regions[&(*page as u8)];
        assert_eq!(
            regions.iter().filter(|r| *r == id).count(),
            1,
            "article {id} on page {page}: {regions:?}"
        );
        assert!(site.contains_key(&format!("article-{id}.html")));
    }
    assert_eq!(shown.regions.values().map(Vec::len).sum::<usize>(), 18);
    for page in 1..=4u8 {
        let html = text(&site, &format!("page-{page}.html"));
        for rect in html.split("<rect ").skip(1) {
            let attr = |name: &str| -> f64 {
                let v = rect.split(&format!("{name}=\"")).nth(1).unwrap();
                v[..v.find('"').unwrap()].parse().unwrap()
            };
            let (x, y, w, h) = (attr("x"), attr("y"), attr("width"), attr("height"));
            assert!(w > 50.0 && h > 50.0, "page {page}: {x} {y} {w} {h}");
            assert!(
                x + w <= 842.0 && y + h <= 1191.0,
                "page {page}: {x} {y} {w} {h}"
            );
        }
        assert!(site[&format!("pages/page-{page}.png")].starts_with(b"\x89PNG"));
        assert!(
            site[&format!("pages/page-{page}-s.png")].len()
                < site[&format!("pages/page-{page}.png")].len()
        );
    }
    // No script, nothing from outside, on any page.
    for (path, bytes) in &site {
        if path.ends_with(".html") {
            let html = String::from_utf8_lossy(bytes);
            assert!(!html.contains("<script"), "{path}");
            assert!(
                !html.contains("http://") && !html.contains("https://"),
                "{path}"
            );
            assert!(html.contains("Content-Security-Policy"), "{path}");
            assert!(!html.contains("校样"), "{path}");
        }
    }
    // The demo's photo is in the edition under its own hash.
    assert!(site.keys().any(|k| k.starts_with("images/")));
    // The same manifest as the print PDF: each article's revision and hash.
    let manifest: Value = serde_json::from_slice(&site["manifest.json"]).unwrap();
    assert_eq!(manifest["pages"], 4);
    assert_eq!(manifest["articles"].as_array().unwrap().len(), 18);
    for a in manifest["articles"].as_array().unwrap() {
        assert_eq!(a["signatures"].as_array().unwrap().len(), 3);
        let page = text(&site, &format!("article-{}.html", a["article_id"]));
        assert!(page.contains(&format!("data-revision=\"{}\"", a["revision"])));
    }

    // verify: the zip, and the folder it unpacks into.
    let report = zonepress_api::layout::verify(&d.ctx, &zip, None).unwrap();
    assert!(report.ok, "{report:?}");
    assert!(report.hash_matches);
    assert_eq!(report.articles.len(), 18);
    let dir = tempfile::tempdir().unwrap();
    for (p, b) in &site {
        let t = dir.path().join(p);
        std::fs::create_dir_all(t.parent().unwrap()).unwrap();
        std::fs::write(t, b).unwrap();
    }
    let folder = zonepress_web::read::from_dir(dir.path()).unwrap();
    let report = zonepress_api::web::verify_site(&d.ctx, &folder).unwrap();
    assert!(report.ok, "{report:?}");

    // A word changed on one article page is found and named.
    let (id, _) = placed[3];
    let path = format!("article-{id}.html");
    let mut tampered = folder.clone();
    let page = text(&tampered, &path);
    let start = page.find("data-zp=\"p\">").unwrap() + 12;
    let mut changed = page.clone();
    changed.insert_str(start, "据悉，");
    tampered.insert(path.clone(), changed.into_bytes());
    let report = zonepress_api::web::verify_site(&d.ctx, &tampered).unwrap();
    assert!(!report.ok);
    assert!(!report.hash_matches);
    let bad: Vec<_> = report.articles.iter().filter(|a| !a.ok).collect();
    assert_eq!(bad.len(), 1, "{report:?}");
    assert_eq!(bad[0].article_id, id);
    assert!(
        bad[0].problems.iter().any(|p| p.contains("据悉，")),
        "{:?}",
        bad[0].problems
    );
    // A region taken off a page image is found too.
    let mut no_region = folder.clone();
    let (id, page) = placed[0];
    let html = text(&no_region, &format!("page-{page}.html"));
    let cut = html.replace(
        &format!("data-article=\"{id}\" aria-label"),
        "data-article=\"0\" aria-label",
    );
    no_region.insert(format!("page-{page}.html"), cut.into_bytes());
    let report = zonepress_api::web::verify_site(&d.ctx, &no_region).unwrap();
    let a = report.articles.iter().find(|a| a.article_id == id).unwrap();
    assert!(
        !a.ok && a.problems.iter().any(|p| p.contains("热区")),
        "{a:?}"
    );

    // An article changed and signed again after the edition: its page no
    // longer shows a revision with live signatures.
    let a = d.json("editor", "get_article", json!({ "id": 2 }));
    d.json(
        "editor",
        "save_article",
        json!({ "id": 2, "base_revision": a["revision"], "title": "改过的标题" }),
    );
    let report = zonepress_api::layout::verify(&d.ctx, &zip, None).unwrap();
    assert!(!report.ok);
    let bad: Vec<_> = report.articles.iter().filter(|a| !a.ok).collect();
    assert_eq!(bad.len(), 1);
    assert_eq!(bad[0].article_id, 2);

    // The edition is recorded (beside the demo's three 校样 rounds) and on
    // the audit log under its own action.
    let exports = d.json("layout", "list_exports", json!({ "issue_id": 1 }));
    let finals: Vec<&Value> = exports
        .as_array()
        .unwrap()
        .iter()
        .filter(|e| e["proof_copy"] == false)
        .collect();
    assert_eq!(finals.len(), 1);
    let log = d.json("admin", "list_audit", json!({ "action": "export.web" }));
    assert_eq!(log["entries"].as_array().unwrap().len(), 1, "{log}");

    // Its manifest anchors the audit log's newest entry before that one:
    // a log cut back behind the edition is named when it is verified.
    let anchor = log["entries"][0]["id"].as_i64().unwrap() - 1;
    d.ctx
        .store_for_tests()
        .write(|tx| {
            tx.execute_batch(&format!(
                "DROP TRIGGER audit_no_delete; DELETE FROM audit_log WHERE id >= {anchor};"
            ))?;
            Ok(())
        })
        .unwrap();
    let report = zonepress_api::layout::verify(&d.ctx, &zip, None).unwrap();
    let cut = format!("审计日志中已没有导出时的第{anchor}条记录：导出后审计日志被截短");
    assert!(report.problems.contains(&cut), "{:?}", report.problems);
}

#[test]
fn only_signed_articles_of_a_print_ready_issue_are_published() {
    let d = Demo::new();
    // The demo's 校样 rounds are recorded exports already.
    let before = d.json("layout", "list_exports", json!({ "issue_id": 1 }));
    // Anyone but layout staff is refused.
    for user in ["editor", "reviewer1", "proofreader", "admin"] {
        let err = d
            .call(user, "export_web", json!({ "issue_id": 1 }))
            .unwrap_err();
        assert_eq!(err.code, ErrorCode::Forbidden, "{user}");
    }
    // An edit to a placed article voids its signatures: not print-ready.
    let (id, _) = placed(&d)[1];
    let a = d.json("editor", "get_article", json!({ "id": id }));
    let mut body = a["body"].clone();
    body[0]["text"] = json!(format!("{}新增一句。", body[0]["text"].as_str().unwrap()));
    d.json(
        "editor",
        "save_article",
        json!({ "id": id, "base_revision": a["revision"], "body": body }),
    );
    let err = d
        .call("layout", "export_web", json!({ "issue_id": 1 }))
        .unwrap_err();
    assert_eq!(err.code, ErrorCode::ExportFailed);
    assert!(err.message.contains("不能发布数字报"), "{}", err.message);
    assert!(err.message.contains("尚未签发"), "{}", err.message);
    // Nothing was recorded.
    assert_eq!(
        d.json("layout", "list_exports", json!({ "issue_id": 1 })),
        before
    );

    // A 校样 may be made, and says so on every page.
    let (zip, site) = edition(&d, true);
    for (path, bytes) in &site {
        if path.ends_with(".html") {
            let html = String::from_utf8_lossy(bytes);
            assert!(html.contains("data-proof-copy=\"1\""), "{path}");
            assert!(html.contains("不得发布"), "{path}");
        }
    }
    let manifest: Value = serde_json::from_slice(&site["manifest.json"]).unwrap();
    assert_eq!(manifest["proof_copy"], true);
    let report = zonepress_api::layout::verify(&d.ctx, &zip, None).unwrap();
    assert!(report.proof_copy);

    // 公众号: the unsigned article is refused, and so is the issue with it.
    let err = d
        .call("editor", "wechat_html", json!({ "id": id }))
        .unwrap_err();
    assert_eq!(err.code, ErrorCode::InvalidState);
    assert!(err.message.contains("尚未签发"), "{}", err.message);
    let err = d
        .call("editor", "wechat_issue_html", json!({ "issue_id": 1 }))
        .unwrap_err();
    assert_eq!(err.code, ErrorCode::InvalidState);
    // Drafts, articles in review and returned ones too.
    let list = d.json("editor", "list_articles", json!({ "issue_id": 1 }));
    let mut refused = 0;
    for a in list.as_array().unwrap() {
        if a["status"] != "approved" {
            let err = d
                .call("reviewer1", "wechat_html", json!({ "id": a["id"] }))
                .unwrap_err();
            assert_eq!(err.code, ErrorCode::InvalidState);
            refused += 1;
        }
    }
    assert!(refused >= 4);
}

/// The text of an HTML fragment, tags dropped and references undone.
fn html_text(html: &str) -> String {
    let mut out = String::new();
    let mut rest = html;
    while let Some(i) = rest.find('>') {
        rest = &rest[i + 1..];
        let end = rest.find('<').unwrap_or(rest.len());
        out.push_str(&zonepress_web::html::unescape(&rest[..end]));
        rest = &rest[end..];
    }
    out
}

/// The revision's text, field by field, as stored.
fn revision_text(rev: &Value) -> String {
    let c = &rev["content"];
    let mut out = String::new();
    for f in ["column", "kicker", "title", "subtitle", "byline"] {
        out.push_str(c[f].as_str().unwrap_or(""));
    }
    for b in c["body"].as_array().unwrap() {
        for f in ["text", "caption", "credit"] {
            out.push_str(b[f].as_str().unwrap_or(""));
        }
    }
    out
}

#[test]
fn wechat_html_is_the_approved_text_with_inline_styles_only() {
    let d = Demo::new();
    let list = d.json("editor", "list_articles", json!({ "issue_id": 1 }));
    let mut checked = 0;
    let mut with_photo = 0;
    for a in list.as_array().unwrap() {
        if a["status"] != "approved" {
            continue;
        }
        let out = d.json("proofreader", "wechat_html", json!({ "id": a["id"] }));
        let html = out["html"].as_str().unwrap();
        assert!(!html.contains("<script"), "{}", a["id"]);
        assert!(!html.contains(" class="), "{}", a["id"]);
        assert!(
            !html.contains("http:") && !html.contains("https:"),
            "{}",
            a["id"]
        );
        for src in html.split("src=\"").skip(1) {
            assert!(src.starts_with("data:image/"), "{}", a["id"]);
            with_photo += 1;
        }
        let rev = d.json(
            "editor",
            "get_revision",
            json!({ "id": a["id"], "number": a["revision"] }),
        );
        assert_eq!(html_text(html), revision_text(&rev), "article {}", a["id"]);
        assert_eq!(out["articles"][0]["content_hash"], rev["content_hash"]);
        let doc = out["document"].as_str().unwrap();
        assert!(doc.starts_with("<!DOCTYPE html>") && doc.contains(html));
        checked += 1;
    }
    assert!(checked >= 18 && with_photo >= 1, "{checked} {with_photo}");
    // The whole issue, in page order.
    let issue = d.json("editor", "wechat_issue_html", json!({ "issue_id": 1 }));
    let ids: Vec<i64> = issue["articles"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| a["id"].as_i64().unwrap())
        .collect();
    assert_eq!(
        ids,
        placed(&d).into_iter().map(|(id, _)| id).collect::<Vec<_>>()
    );
    assert!(!issue["html"].as_str().unwrap().contains(" class="));
}

#[test]
fn a_title_full_of_markup_is_text_in_the_edition_and_for_wechat() {
    let d = Demo::new();
    let nasty =
        r#"<script>alert(1)</script>"><svg onload=alert(2)> javascript:alert(3) #[x] $y$ *z*"#;
    let (id, page) = placed(&d)[5];
    let a = d.json("editor", "get_article", json!({ "id": id }));
    d.json(
        "editor",
        "save_article",
        json!({ "id": id, "base_revision": a["revision"], "title": nasty }),
    );
    sign(&d, id);
    let out = d.json("editor", "wechat_html", json!({ "id": id }));
    let html = out["html"].as_str().unwrap();
    assert!(
        html.contains("&lt;script&gt;alert(1)&lt;/script&gt;&quot;&gt;&lt;svg onload=alert(2)&gt;")
    );
    assert!(!html.contains("<script") && !html.contains("<svg"));

    // Published if the issue passes preflight; a 校样 otherwise. Either
    // way the title is text on its page and in its region's label.
    let ready = d.json("layout", "preflight_issue", json!({ "issue_id": 1 }))["ready"] == true;
    let (_, site) = edition(&d, !ready);
    let article = text(&site, &format!("article-{id}.html"));
    let shown = zonepress_web::read::contents(&site);
    assert!(
        shown.articles[&id]
            .fields
            .iter()
            .any(|(k, v)| k == "title" && v == nasty)
    );
    assert!(!article.contains("<script") && !article.contains("<svg onload"));
    let page_html = text(&site, &format!("page-{page}.html"));
    assert!(page_html.contains(&zonepress_web::html::escape(nasty)));
    assert!(!page_html.contains("<script"));
    // Typst set the title literally on the page image too (the PDF's text).
    let pdf = d.bytes(
        "layout",
        "export_issue",
        json!({ "issue_id": 1, "options": { "proof_copy": true } }),
    );
    let contents = zonepress_export::verify_pdf(&pdf).unwrap();
    assert!(squash(&contents.pages[page as usize - 1]).contains(&squash("$y$*z*")));
}
