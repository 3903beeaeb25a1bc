//! Layout and export through the commands, on the demo workspace: real
//! Typst compiles, PDFs read back with poppler's pdftotext.

use std::io::Write;
use std::process::{Command, Stdio};

use serde_json::{Value, json};
use zonepress_api::{Context, ErrorCode, Reply};

struct Demo {
    _dir: tempfile::TempDir,
    ctx: Context,
}

impl Demo {
    fn new() -> Demo {
        let dir = tempfile::tempdir().unwrap();
        let ctx = Context::open(dir.path()).unwrap();
        zonepress_api::demo::seed_demo(&ctx).unwrap();
        Demo { _dir: dir, ctx }
    }

    fn token(&self, user: &str) -> String {
        let body = json!({ "username": user, "password": zonepress_api::demo::DEMO_PASSWORD });
        match zonepress_api::call(&self.ctx, "login", None, body.to_string().as_bytes()).unwrap() {
            Reply::Json(v) => v["token"].as_str().unwrap().to_string(),
            Reply::Binary(_) => unreachable!(),
        }
    }

    fn call(&self, user: &str, cmd: &str, body: Value) -> Result<Reply, zonepress_api::ApiError> {
        zonepress_api::call(
            &self.ctx,
            cmd,
            Some(&self.token(user)),
            body.to_string().as_bytes(),
        )
    }

    fn json(&self, user: &str, cmd: &str, body: Value) -> Value {
        match self
            .call(user, cmd, body)
            .unwrap_or_else(|e| panic!("{cmd}: {e:?}"))
        {
            Reply::Json(v) => v,
            Reply::Binary(_) => panic!("{cmd} answered bytes"),
        }
    }

    fn bytes(&self, user: &str, cmd: &str, body: Value) -> Vec<u8> {
        match self
            .call(user, cmd, body)
            .unwrap_or_else(|e| panic!("{cmd}: {e:?}"))
        {
            Reply::Binary(b) => b.bytes,
            Reply::Json(_) => panic!("{cmd} answered JSON"),
        }
    }
}

fn pdftotext(pdf: &[u8]) -> String {
    let mut child = Command::new("pdftotext")
        .args(["-", "-"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .expect("pdftotext (poppler-utils) is installed");
    child.stdin.take().unwrap().write_all(pdf).unwrap();
    let out = child.wait_with_output().unwrap();
    String::from_utf8(out.stdout).unwrap()
}

fn squash(s: &str) -> String {
    s.chars().filter(|c| !c.is_whitespace()).collect()
}

#[test]
fn the_review_form_holds_the_title_reviewers_and_opinions() {
    let d = Demo::new();
    // Article 1 of the demo was signed at three levels.
    let pdf = d.bytes("editor", "export_review_form", json!({ "id": 1 }));
    assert!(pdf.starts_with(b"%PDF"));
    let text = squash(&pdftotext(&pdf));
    for needle in [
        "审稿单",
        "18个项目签约落户",
        "郑雨桐",
        "何建华",
        "周敏",
        "事实准确，同意送复审。",
        "同意签发。",
        "初审",
        "复审",
        "终审",
    ] {
        assert!(text.contains(needle), "review form lacks {needle}");
    }
}

#[test]
fn the_demo_issue_plans_full_and_exports_with_a_manifest() {
    let d = Demo::new();
    let layout = d.json("layout", "get_issue_plan", json!({ "issue_id": 1 }));
    let fit = layout["fit"].as_array().unwrap();
    assert_eq!(fit.len(), 4);
    for f in fit {
        assert_eq!(f["overflow_chars"], 0, "{f}");
        assert!(f["underfill_chars"].as_u64().unwrap() < 150, "{f}");
    }
    let pre = d.json("layout", "preflight_issue", json!({ "issue_id": 1 }));
    assert_eq!(pre["ready"], true, "{pre}");
    let pdf = d.bytes("layout", "export_issue", json!({ "issue_id": 1 }));
    let text = squash(&pdftotext(&pdf));
    assert!(text.contains("青禾开发区报"));
    assert!(!text.contains("校样"));
    let manifest = d.json("layout", "get_export_manifest", json!({ "issue_id": 1 }));
    assert_eq!(manifest["pages"], 4);
    let placed = manifest["articles"].as_array().unwrap();
    assert_eq!(
        placed.len(),
        layout["plan"]["pages"]
            .as_array()
            .unwrap()
            .iter()
            .map(|p| p["placements"].as_array().unwrap().len())
            .sum::<usize>()
    );
    for a in placed {
        assert_eq!(a["signatures"].as_array().unwrap().len(), 3);
        assert_eq!(a["content_hash"].as_str().unwrap().len(), 64);
    }
    // The PDF carries the same manifest and verifies against the workspace.
    let report = zonepress_api::layout::verify(&d.ctx, &pdf).unwrap();
    assert!(report.ok, "{report:?}");
    let exports = d.json("editor", "list_exports", json!({ "issue_id": 1 }));
    assert_eq!(exports[0]["proof"], false);
}

#[test]
fn nothing_unapproved_is_printed_but_a_proof_may_be_made() {
    let d = Demo::new();
    // An edit to a placed, approved article voids its signatures.
    let placed = d.json("layout", "get_issue_plan", json!({ "issue_id": 1 }))["plan"]["pages"][1]["placements"][0]["article_id"]
        .as_i64()
        .unwrap();
    let a = d.json("editor", "get_article", json!({ "id": placed }));
    let mut body = a["body"].clone();
    let first = body[0]["text"].as_str().unwrap().replace('。', "！");
    body[0]["text"] = json!(first);
    d.json(
        "editor",
        "save_article",
        json!({ "id": placed, "base_revision": a["revision"], "body": body }),
    );

    let pre = d.json("layout", "preflight_issue", json!({ "issue_id": 1 }));
    assert_eq!(pre["ready"], false);
    let item = pre["items"]
        .as_array()
        .unwrap()
        .iter()
        .find(|i| i["code"] == "not_approved")
        .unwrap();
    assert_eq!(item["article_id"], placed);
    assert!(
        item["message_zh"]
            .as_str()
            .unwrap()
            .contains("尚未签发（当前：待初审）")
    );

    let err = match d.call("layout", "export_issue", json!({ "issue_id": 1 })) {
        Err(e) => e,
        Ok(_) => panic!("an unapproved article was exported"),
    };
    assert_eq!(err.code, ErrorCode::ExportFailed);
    assert!(err.message.contains("不能导出付印稿"), "{}", err.message);

    let proof = d.bytes(
        "layout",
        "export_issue",
        json!({ "issue_id": 1, "options": { "proof": true } }),
    );
    let text = pdftotext(&proof);
    let pages: Vec<&str> = text
        .split('\u{c}')
        .filter(|p| !p.trim().is_empty())
        .collect();
    assert_eq!(pages.len(), 4);
    assert!(
        pages.iter().all(|p| p.contains("校样")),
        "every page carries the watermark"
    );
}

#[test]
fn verify_finds_a_pdf_that_no_longer_matches_the_workspace() {
    let d = Demo::new();
    let pdf = d.bytes("layout", "export_issue", json!({ "issue_id": 1 }));
    assert!(zonepress_api::layout::verify(&d.ctx, &pdf).unwrap().ok);
    // After the export an approved article is changed and approved again:
    // the printed revision no longer carries a live signature.
    let a = d.json("editor", "get_article", json!({ "id": 2 }));
    d.json(
        "editor",
        "save_article",
        json!({ "id": 2, "base_revision": a["revision"], "title": "改过的标题" }),
    );
    let report = zonepress_api::layout::verify(&d.ctx, &pdf).unwrap();
    assert!(!report.ok);
    let bad: Vec<_> = report.articles.iter().filter(|a| !a.ok).collect();
    assert_eq!(bad.len(), 1);
    assert_eq!(bad[0].article_id, 2);
}

#[test]
fn a_preview_is_a_png_of_the_page() {
    let d = Demo::new();
    let png = d.bytes(
        "editor",
        "preview_page",
        json!({ "issue_id": 1, "page": 2, "scale": 0.5 }),
    );
    assert!(png.starts_with(b"\x89PNG"));
    let info = zonepress_core::image::probe(&png).unwrap();
    assert_eq!((info.width, info.height), (421, 595));
    let err = match d.call(
        "editor",
        "preview_page",
        json!({ "issue_id": 1, "page": 9 }),
    ) {
        Err(e) => e,
        Ok(_) => panic!("page 9 of 4"),
    };
    assert!(err.message.contains("第9版不存在"), "{}", err.message);
}
