//! Layout and export through the commands, on the demo workspace: real
//! Typst compiles, PDFs read back with poppler's pdftotext.

use zonepress_testkit::api::Demo;
use zonepress_testkit::poppler::{squash, text as pdftotext};

use serde_json::{Value, json};
use zonepress_api::ErrorCode;

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
    let report = zonepress_api::layout::verify(&d.ctx, &pdf, None).unwrap();
    assert!(report.ok, "{report:?}");
    let exports = d.json("editor", "list_exports", json!({ "issue_id": 1 }));
    assert_eq!(exports[0]["proof_copy"], false);
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
    let item = preflight_items(&pre)
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
        json!({ "issue_id": 1, "options": { "proof_copy": true } }),
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

/// `plan_issue` places only the issue's own articles that are not withdrawn,
/// and says which one it refused.
#[test]
fn a_plan_refuses_articles_of_elsewhere_withdrawn_or_unknown() {
    let d = Demo::new();
    let plan = d.json("layout", "get_issue_plan", json!({ "issue_id": 1 }))["plan"].clone();
    let with = |id: i64| {
        let mut p = plan.clone();
        p["pages"][3]["placements"]
            .as_array_mut()
            .unwrap()
            .push(json!({ "article_id": id }));
        p
    };
    let elsewhere = d.json(
        "editor",
        "create_article",
        json!({ "title": "稿库里的消息" }),
    )["id"]
        .as_i64()
        .unwrap();
    let err = d
        .call("layout", "plan_issue", with(elsewhere))
        .err()
        .unwrap();
    assert_eq!(err.code, ErrorCode::InvalidInput);
    assert!(
        err.message.contains("《稿库里的消息》不属于本期"),
        "{}",
        err.message
    );

    let err = d.call("layout", "plan_issue", with(999_999)).err().unwrap();
    assert_eq!(err.code, ErrorCode::NotFound, "{}", err.message);

    let ours = d.json(
        "editor",
        "create_article",
        json!({ "title": "本期撤下的消息", "issue_id": 1 }),
    )["id"]
        .as_i64()
        .unwrap();
    let placed = d.json("layout", "plan_issue", with(ours));
    assert!(
        placed["plan"]["pages"][3]["placements"]
            .to_string()
            .contains(&format!("\"article_id\":{ours}"))
    );
    d.json(
        "editor",
        "withdraw_article",
        json!({ "id": ours, "reason": "活动延期" }),
    );
    let err = d.call("layout", "plan_issue", with(ours)).err().unwrap();
    assert_eq!(err.code, ErrorCode::InvalidInput);
    assert!(
        err.message.contains("《本期撤下的消息》已撤稿"),
        "{}",
        err.message
    );
}

/// `proof`, the option's name before it became `proof_copy`, still makes a
/// 校样 for one version, and a manifest written then still reads as one.
#[test]
fn the_old_name_of_a_proof_copy_is_still_accepted() {
    let d = Demo::new();
    let old = d.bytes(
        "layout",
        "export_issue",
        json!({ "issue_id": 1, "options": { "proof": true } }),
    );
    assert!(
        pdftotext(&old)
            .split('\u{c}')
            .filter(|p| !p.trim().is_empty())
            .all(|p| p.contains("校样")),
        "every page carries the watermark"
    );
    let exports = d.json("editor", "list_exports", json!({ "issue_id": 1 }));
    assert_eq!(exports[0]["proof_copy"], true, "{exports}");
    let manifest = d.json("editor", "get_export_manifest", json!({ "issue_id": 1 }));
    assert_eq!(manifest["proof_copy"], true);
    assert!(
        manifest.get("proof").is_none(),
        "new manifests use the new name"
    );

    // Both names at once is a malformed request, not a guess.
    let Err(err) = d.call(
        "layout",
        "export_issue",
        json!({ "issue_id": 1, "options": { "proof": false, "proof_copy": true } }),
    ) else {
        panic!("two names for one option were taken");
    };
    assert_eq!(err.code, ErrorCode::InvalidInput);

    // A manifest written under the old name.
    let mut written_then = manifest.clone();
    let flag = written_then
        .as_object_mut()
        .unwrap()
        .remove("proof_copy")
        .unwrap();
    written_then["proof"] = flag;
    let read: zonepress_api::layout::Manifest = serde_json::from_value(written_then).unwrap();
    assert!(read.proof_copy);
}

#[test]
fn verify_finds_a_pdf_that_no_longer_matches_the_workspace() {
    let d = Demo::new();
    let pdf = d.bytes("layout", "export_issue", json!({ "issue_id": 1 }));
    assert!(
        zonepress_api::layout::verify(&d.ctx, &pdf, None)
            .unwrap()
            .ok
    );
    // After the export an approved article is changed and approved again:
    // the printed revision no longer carries a live signature.
    let a = d.json("editor", "get_article", json!({ "id": 2 }));
    d.json(
        "editor",
        "save_article",
        json!({ "id": 2, "base_revision": a["revision"], "title": "改过的标题" }),
    );
    let report = zonepress_api::layout::verify(&d.ctx, &pdf, None).unwrap();
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

#[test]
fn a_pdf_a_2b_export_keeps_its_manifest_beside_and_still_verifies() {
    let d = Demo::new();
    let pdf = d.bytes(
        "layout",
        "export_issue",
        json!({ "issue_id": 1, "options": { "pdf_a": true, "embed_manifest": false } }),
    );
    // PDF/A-2 allows no JSON attachment: none is embedded.
    assert_eq!(
        zonepress_export::verify_pdf(&pdf).unwrap().manifest_json,
        None
    );
    let path = std::env::temp_dir().join(format!("zp-pdfa2b-{}.pdf", std::process::id()));
    std::fs::write(&path, &pdf).unwrap();
    let meta = zonepress_testkit::poppler::run("pdfinfo", &["-meta", path.to_str().unwrap()]);
    std::fs::remove_file(&path).ok();
    assert!(meta.contains("pdfaid"), "{meta}");
    assert!(
        meta.contains("<pdfaid:part>2<") || meta.contains("pdfaid:part=\"2\""),
        "{meta}"
    );
    // Without the file beside it, the workspace's record of exactly these
    // bytes serves as the manifest.
    let report = zonepress_api::layout::verify(&d.ctx, &pdf, None).unwrap();
    assert!(report.ok && report.hash_matches, "{report:?}");
    // Bytes this workspace never exported, sent alone: verify says why it
    // cannot check.
    let mut changed = pdf.clone();
    changed.extend_from_slice(b"\n% changed after the export\n");
    let err = zonepress_api::layout::verify(&d.ctx, &changed, None).unwrap_err();
    assert_eq!(err.code, ErrorCode::InvalidInput);
    assert!(err.message.contains("清单"), "{}", err.message);
    // With the manifest of that export, it checks every article.
    let manifest = d.json("layout", "get_export_manifest", json!({ "issue_id": 1 }));
    let report = zonepress_api::layout::verify(&d.ctx, &pdf, Some(&manifest.to_string())).unwrap();
    assert!(report.ok, "{report:?}");
    assert_eq!(report.articles.len(), 18);
}

/// The items of a `preflight_issue` answer.
fn preflight_items(pre: &Value) -> &Vec<Value> {
    pre["items"].as_array().expect("preflight items")
}

/// The id of the placed article whose title contains `part`.
fn placed_titled(d: &Demo, part: &str) -> (i64, u8) {
    let layout = d.json("layout", "get_issue_plan", json!({ "issue_id": 1 }));
    for page in layout["plan"]["pages"].as_array().unwrap() {
        for p in page["placements"].as_array().unwrap() {
            let id = p["article_id"].as_i64().unwrap();
            let a = d.json("editor", "get_article", json!({ "id": id }));
            if a["title"].as_str().unwrap().contains(part) {
                return (id, page["number"].as_u64().unwrap() as u8);
            }
        }
    }
    panic!("no placed article titled {part}")
}

#[test]
fn a_roster_change_makes_a_printed_title_a_preflight_error() {
    let d = Demo::new();
    let pre = d.json("layout", "preflight_issue", json!({ "issue_id": 1 }));
    assert!(
        !preflight_items(&pre)
            .iter()
            .any(|i| i["code"] == "proof_errors"),
        "{pre:#}"
    );
    let text = "开发区经济发展局局长刘卫东表示";
    let before = d.json(
        "editor",
        "check_text",
        json!({ "text": text, "issue_id": 1 }),
    );
    assert_eq!(before.as_array().unwrap().len(), 0, "{before:#}");

    // 刘卫东 left the post at the end of October; 赵志刚 holds it on the issue's date.
    let roster = d.json("admin", "list_roster", json!({}));
    let liu = roster
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["name"] == "刘卫东")
        .unwrap();
    d.json(
        "admin",
        "save_roster_entry",
        json!({ "id": liu["id"], "name": "刘卫东", "title": liu["title"], "valid_to": "2026-10-31" }),
    );
    d.json(
        "admin",
        "save_roster_entry",
        json!({ "name": "赵志刚", "title": "开发区经济发展局局长", "valid_from": "2026-11-01" }),
    );
    // An editor may not change the roster.
    let refused = d
        .call(
            "editor",
            "save_roster_entry",
            json!({ "name": "钱明", "title": "开发区招商局局长" }),
        )
        .unwrap_err();
    assert_eq!(refused.code, ErrorCode::Forbidden);

    let after = d.json(
        "editor",
        "check_text",
        json!({ "text": text, "issue_id": 1 }),
    );
    let finding = &after.as_array().unwrap()[0];
    assert_eq!(finding["severity"], "error", "{after:#}");
    assert!(
        finding["message_zh"].as_str().unwrap().contains("赵志刚"),
        "{after:#}"
    );

    let (id, page) = placed_titled(&d, "智改数转");
    let pre = d.json("layout", "preflight_issue", json!({ "issue_id": 1 }));
    assert_eq!(pre["ready"], false);
    let item = preflight_items(&pre)
        .iter()
        .find(|i| i["code"] == "proof_errors" && i["article_id"] == id)
        .unwrap_or_else(|| panic!("{pre:#}"));
    assert_eq!(item["page"], page);
    assert!(
        item["message_zh"]
            .as_str()
            .unwrap()
            .contains("校对差错未处理"),
        "{item}"
    );
    let err = d
        .call("layout", "export_issue", json!({ "issue_id": 1 }))
        .expect_err("export refused");
    assert_eq!(err.code, ErrorCode::ExportFailed);
}

#[test]
fn raising_the_review_levels_after_approval_is_a_preflight_error() {
    let d = Demo::new();
    let mut publication = d.json("admin", "get_publication", json!({}));
    publication["review_levels"] = json!(1);
    d.json("admin", "update_publication", publication.clone());
    // Re-approved under one level: one signature.
    let (id, page) = placed_titled(&d, "唐瑜");
    let a = d.json("editor", "get_article", json!({ "id": id }));
    let a = d.json(
        "editor",
        "save_article",
        json!({ "id": id, "base_revision": a["revision"], "byline": "本报记者 王晓静" }),
    );
    // An edit to an approved article sends it back to 初审 by itself.
    assert_eq!(a["status"], "in_review");
    let a = d.json(
        "reviewer1",
        "approve_article",
        json!({ "id": id, "revision": a["revision"], "opinion": "同意签发。" }),
    );
    assert_eq!(a["status"], "approved");
    let pre = d.json("layout", "preflight_issue", json!({ "issue_id": 1 }));
    assert!(
        !preflight_items(&pre)
            .iter()
            .any(|i| i["article_id"] == id && i["severity"] == "error"),
        "{pre:#}"
    );

    publication["review_levels"] = json!(3);
    d.json("admin", "update_publication", publication);
    let pre = d.json("layout", "preflight_issue", json!({ "issue_id": 1 }));
    let item = preflight_items(&pre)
        .iter()
        .find(|i| i["code"] == "signatures_missing")
        .unwrap_or_else(|| panic!("{pre:#}"));
    assert_eq!(item["article_id"], id);
    assert_eq!(item["page"], page);
    assert!(
        item["message_zh"]
            .as_str()
            .unwrap()
            .contains("只有1级签发，本刊须经3级审核"),
        "{item}"
    );
}
