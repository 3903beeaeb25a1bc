//! Pages in the record, end to end through the commands on the demo
//! workspace: 校样 rounds frozen with their watermark, marks placed by page
//! coordinates on the characters under them (checked against poppler's
//! own reading of the round's PDF), 校改 that keep the 三审 signatures,
//! 签版 bound to what each page prints, 付印, the gate on the final PDF and
//! the 数字报, `verify`, the audit log and the 三校 record.

use zonepress_testkit::api::Demo;
use zonepress_testkit::poppler::text as pdf_text;
mod pdfboxes;

use serde_json::{Value, json};
use zonepress_api::ErrorCode;

fn err(d: &Demo, user: &str, cmd: &str, body: Value) -> zonepress_api::ApiError {
    match d.call(user, cmd, body) {
        Err(e) => e,
        Ok(_) => panic!("{cmd} as {user} should fail"),
    }
}

/// `verify_export` of `pdf`; a final print PDF (PDF/X-4, which allows no
/// attachment) with the manifest written beside it.
fn verify(d: &Demo, pdf: &[u8], beside: Option<&Value>) -> Value {
    use base64::Engine;
    let mut input = json!({ "pdf_base64": base64::engine::general_purpose::STANDARD.encode(pdf) });
    if let Some(m) = beside {
        input["manifest_json"] = json!(m.to_string());
    }
    d.json("layout", "verify_export", input)
}

/// The title → id of the demo issue's articles.
fn article_id(d: &Demo, title: &str) -> i64 {
    d.json("editor", "list_articles", json!({ "issue_id": 1 }))
        .as_array()
        .unwrap()
        .iter()
        .find(|a| a["title"] == title)
        .unwrap_or_else(|| panic!("no article {title}"))["id"]
        .as_i64()
        .unwrap()
}

/// Where the PDF draws the character `ch` that follows `before` (read
/// back from the PDF, lines joined in drawing order).
fn find_char(chars: &[pdfboxes::PdfChar], before: &str, ch: char) -> (u8, f64, f64) {
    let before: Vec<char> = before.chars().collect();
    let i = (before.len()..chars.len())
        .find(|&i| {
            chars[i].ch == ch
                && chars[i - before.len()..i]
                    .iter()
                    .all(|c| c.page == chars[i].page)
                && chars[i - before.len()..i]
                    .iter()
                    .map(|c| c.ch)
                    .eq(before.iter().copied())
        })
        .unwrap_or_else(|| panic!("{ch} after {before:?} not found in the PDF"));
    let (x, y) = chars[i].centre_mm();
    (chars[i].page, x, y)
}

fn mark_at(d: &Demo, user: &str, round: i64, at: (u8, f64, f64), kind: &str, body: Value) -> Value {
    let mut input = json!({
        "round_id": round, "page": at.0, "x_mm": at.1, "y_mm": at.2, "kind": kind,
    });
    for (k, v) in body.as_object().unwrap() {
        input[k] = v.clone();
    }
    d.json(user, "add_proof_mark", input)
}

fn start(d: &Demo) -> Value {
    d.json("layout", "start_proof_round", json!({ "issue_id": 1 }))
}

fn round_pdf(d: &Demo, round: &Value) -> Vec<u8> {
    d.bytes("layout", "proof_round_pdf", json!({ "id": round["id"] }))
}

fn audit_actions(d: &Demo) -> Vec<String> {
    d.json("admin", "list_audit", json!({ "limit": 1000 }))["entries"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["action"].as_str().unwrap().to_string())
        .collect()
}

/// Sign every page as it prints now, as the 终审 reviewer, and order print.
fn sign_all_and_order(d: &Demo) -> Value {
    let pages = d.json("reviewer3", "get_issue_pages", json!({ "issue_id": 1 }));
    for p in pages["pages"].as_array().unwrap() {
        d.json(
            "reviewer3",
            "sign_page",
            json!({ "issue_id": 1, "page": p["page"], "page_hash": p["page_hash"] }),
        );
    }
    d.json("reviewer3", "order_print", json!({ "issue_id": 1 }))
}

#[test]
fn a_mark_at_the_centre_of_a_character_answers_that_character() {
    let d = Demo::before_proofs();
    let round = start(&d);
    assert_eq!(round["round"], 1);
    assert_eq!(round["pages"].as_array().unwrap().len(), 4);
    let pdf = round_pdf(&d, &round);
    // Poppler's reading of the PDF: body characters (full-width, one em of
    // the body size) on lines of real text.
    let chars: Vec<pdfboxes::PdfChar> = pdfboxes::chars(&pdf)
        .into_iter()
        .filter(|c| (c.h - 10.5).abs() < 0.05 && c.line.len() >= 10 && c.ch != '◆')
        .collect();
    let mut rng = pdfboxes::Rng(0x5eed_2026_1130);
    let mut picked = Vec::new();
    for page in 1..=4u8 {
        let on: Vec<&pdfboxes::PdfChar> = chars.iter().filter(|c| c.page == page).collect();
        assert!(
            on.len() > 500,
            "page {page}: only {} body characters read",
            on.len()
        );
        for _ in 0..80 {
            picked.push(on[rng.below(on.len())].clone());
        }
    }
    // Poppler reads the same characters there (its word boxes hold them).
    let words = poppler_words(&pdf);
    for c in &picked {
        let (cx, cy) = (c.x + c.w / 2.0, c.y + c.h / 2.0);
        assert!(
            words.iter().any(|w| w.0 == c.page
                && cx >= w.1
                && cx <= w.3
                && cy >= w.2
                && cy <= w.4
                && w.5.contains(c.ch)),
            "poppler has no {:?} at {cx:.1},{cy:.1} on page {}",
            c.ch,
            c.page
        );
    }
    let mut right = 0;
    let mut wrong = Vec::new();
    for c in &picked {
        let (x, y) = c.centre_mm();
        let m = d.json(
            "proofreader",
            "add_proof_mark",
            json!({ "round_id": round["id"], "page": c.page, "x_mm": x, "y_mm": y, "kind": "correct", "replacement": "某" }),
        );
        // The character itself, in an article, at an offset whose
        // neighbours in the article's text are the PDF line's neighbours.
        let ok = m["quote"].as_str() == Some(&c.ch.to_string())
            && m["article_id"].is_i64()
            && m["end"].as_u64() == m["start"].as_u64().map(|s| s + 1)
            && {
                let rev = d.json(
                    "proofreader",
                    "get_revision",
                    json!({ "id": m["article_id"], "number": m["revision"] }),
                );
                let text: Vec<char> = review_text(&rev).chars().collect();
                let s = m["start"].as_u64().unwrap() as usize;
                text.get(s) == Some(&c.ch)
                    && (c.at == 0
                        || s == 0
                        || !pdfboxes::full_width(c.line[c.at - 1])
                        || text[s - 1] == c.line[c.at - 1]
                        || text[s - 1] == '\n')
            };
        if ok {
            right += 1;
        } else {
            wrong.push(format!(
                "{:?} p{} {:?} → {} {}..{} in {}",
                c.ch,
                c.page,
                c.line
                    .iter()
                    .skip(c.at.saturating_sub(6))
                    .take(12)
                    .collect::<String>(),
                m["quote"],
                m["start"],
                m["end"],
                m["article_id"]
            ));
        }
    }
    let share = f64::from(right) / picked.len() as f64;
    println!(
        "{right} of {} marks landed on their character ({:.1} %); missed: {wrong:?}",
        picked.len(),
        share * 100.0
    );
    assert!(picked.len() >= 300);
    assert!(share >= 0.99, "{share}: {wrong:?}");
}

/// Poppler's word boxes: (page, x0, y0, x1, y1, text).
fn poppler_words(pdf: &[u8]) -> Vec<(u8, f64, f64, f64, f64, String)> {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("x.pdf");
    std::fs::write(&path, pdf).unwrap();
    let out = std::process::Command::new("pdftotext")
        .arg("-bbox-layout")
        .arg(&path)
        .arg("-")
        .output()
        .expect("pdftotext (poppler-utils)");
    let xml = String::from_utf8(out.stdout).unwrap();
    let attr = |tag: &str, name: &str| -> f64 {
        let key = format!("{name}=\"");
        let s = tag.find(&key).unwrap() + key.len();
        tag[s..s + tag[s..].find('"').unwrap()].parse().unwrap()
    };
    let mut words = Vec::new();
    for (p, page) in xml.split("<page ").skip(1).enumerate() {
        for w in page.split("<word ").skip(1) {
            let (tag, rest) = w.split_once('>').unwrap();
            let text = rest.split("</word>").next().unwrap().to_string();
            words.push((
                (p + 1) as u8,
                attr(tag, "xMin") - 0.5,
                attr(tag, "yMin") - 0.5,
                attr(tag, "xMax") + 0.5,
                attr(tag, "yMax") + 0.5,
                text,
            ));
        }
    }
    words
}

/// The review text of a revision as the API counts it (lines joined).
fn review_text(rev: &Value) -> String {
    let c: zonepress_core::ArticleContent = serde_json::from_value(rev["content"].clone()).unwrap();
    zonepress_core::correction::review_text(&c)
}

#[test]
fn marks_on_the_template_and_empty_space_name_no_article() {
    let d = Demo::before_proofs();
    let round = start(&d);
    let pdf = round_pdf(&d, &round);
    let chars = pdfboxes::chars(&pdf);
    // The masthead's name on page 1.
    let (page, x, y) = find_char(&chars, "青禾开发区", '报');
    let m = mark_at(
        &d,
        "proofreader",
        round["id"].as_i64().unwrap(),
        (page, x, y),
        "other",
        json!({ "note": "刊名字距请调整" }),
    );
    assert_eq!(m["article_id"], Value::Null, "{m}");
    assert_eq!(m["start"], Value::Null);
    assert_eq!(m["quote"], "报");
    // The page margin: nothing at all.
    let m = mark_at(
        &d,
        "proofreader",
        round["id"].as_i64().unwrap(),
        (2, 3.0, 3.0),
        "add_space",
        json!({}),
    );
    assert_eq!(m["article_id"], Value::Null);
    assert_eq!(m["quote"], "");
    // A drag over a span of one article's text.
    let id = article_id(&d, "青禾湖湿地生态修复工程通过验收");
    let (p, xa, ya) = find_char(&chars, "青禾湖是开发区内最大的", '自');
    let (_, xb, yb) = find_char(&chars, "青禾湖是开发区内最大的自然水", '体');
    let m = d.json(
        "proofreader",
        "add_proof_mark",
        json!({ "round_id": round["id"], "page": p, "x_mm": xa, "y_mm": ya, "x2_mm": xb, "y2_mm": yb, "kind": "keep" }),
    );
    assert_eq!(m["article_id"], id);
    assert_eq!(m["quote"], "自然水体", "{m}");
    // Hostile input is refused with a Chinese message, nothing stored.
    for bad in [
        json!({ "round_id": round["id"], "page": 9, "x_mm": 10.0, "y_mm": 10.0, "kind": "keep" }),
        json!({ "round_id": round["id"], "page": 1, "x_mm": 1e9, "y_mm": 10.0, "kind": "keep" }),
        json!({ "round_id": round["id"], "page": 1, "x_mm": 10.0, "y_mm": 10.0, "kind": "correct" }),
        json!({ "round_id": round["id"], "page": 1, "x_mm": 10.0, "y_mm": 10.0, "kind": "other" }),
        json!({ "round_id": round["id"], "page": 1, "x_mm": 10.0, "y_mm": 10.0, "kind": "correct", "replacement": "x".repeat(600) }),
        json!({ "round_id": round["id"], "page": 1, "x_mm": 10.0, "y_mm": 10.0, "kind": "nope" }),
    ] {
        let e = err(&d, "proofreader", "add_proof_mark", bad);
        assert_eq!(e.code, ErrorCode::InvalidInput, "{e:?}");
        assert!(
            e.message
                .chars()
                .any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c)),
            "{e:?}"
        );
    }
    let marks = d.json(
        "proofreader",
        "list_proof_marks",
        json!({ "round_id": round["id"] }),
    );
    assert_eq!(marks.as_array().unwrap().len(), 3);
}

#[test]
fn rounds_marks_corrections_sign_off_and_print_order() {
    let d = Demo::before_proofs();
    let typos = zonepress_api::demo::demo_typos();
    let wetland = article_id(&d, typos[0].0);
    let bus = article_id(&d, typos[1].0);
    let signed_before = d.json("editor", "get_history", json!({ "id": wetland }))["signatures"]
        .as_array()
        .unwrap()
        .len();

    // Nothing is signed yet: the final export waits, a 校样 never does.
    let e = err(&d, "layout", "export_issue", json!({ "issue_id": 1 }));
    assert_eq!(e.code, ErrorCode::NotSignedOff, "{e:?}");
    assert!(
        e.message.contains("第1版") && e.message.contains("第4版"),
        "{}",
        e.message
    );
    let e = err(&d, "layout", "export_web", json!({ "issue_id": 1 }));
    assert_eq!(e.code, ErrorCode::NotSignedOff, "{e:?}");
    d.bytes(
        "layout",
        "export_issue",
        json!({ "issue_id": 1, "options": { "proof_copy": true } }),
    );

    // 一校: the round freezes the layout with its watermark.
    let r1 = start(&d);
    let pdf1 = round_pdf(&d, &r1);
    let text1 = pdf_text(&pdf1);
    assert!(text1.contains("一校样"), "the round's watermark names it");
    assert!(text1.contains("公倾"), "the slip is in the 一校样");
    let chars = pdfboxes::chars(&pdf1);
    // Only one round at a time.
    assert_eq!(
        err(&d, "layout", "start_proof_round", json!({ "issue_id": 1 })).code,
        ErrorCode::InvalidState
    );

    // The proofreader marks the wrong character; it resolves to the text.
    let at = find_char(&chars, "修复湿地面积126公", '倾');
    assert_eq!(at.0, 2, "the wetland story is on page 2");
    let slip = mark_at(
        &d,
        "proofreader",
        r1["id"].as_i64().unwrap(),
        at,
        "correct",
        json!({ "replacement": "顷" }),
    );
    assert_eq!(slip["article_id"], wetland);
    assert_eq!(slip["quote"], "倾");
    assert_eq!(slip["state"], "open");
    // And suggests a change the editor will not make.
    let at = find_char(&chars, "芦苇荡和滩涂", '地');
    let suggestion = mark_at(
        &d,
        "proofreader",
        r1["id"].as_i64().unwrap(),
        at,
        "correct",
        json!({ "replacement": "带" }),
    );
    assert_eq!(suggestion["quote"], "地");

    // A page with an open mark cannot be signed; the round cannot close.
    let pages = d.json("reviewer3", "get_issue_pages", json!({ "issue_id": 1 }));
    assert_eq!(pages["pages"][1]["open_marks"], 2);
    let e = err(
        &d,
        "reviewer3",
        "sign_page",
        json!({ "issue_id": 1, "page": 2, "page_hash": pages["pages"][1]["page_hash"] }),
    );
    assert_eq!(e.code, ErrorCode::InvalidState, "{e:?}");
    assert!(e.message.contains("第2版"), "{}", e.message);
    assert_eq!(
        err(
            &d,
            "proofreader",
            "close_proof_round",
            json!({ "id": r1["id"] })
        )
        .code,
        ErrorCode::InvalidState
    );

    // The editor applies the correction: a 校改 that keeps the signatures.
    let a = d.json("editor", "get_article", json!({ "id": wetland }));
    let applied = d.json(
        "editor",
        "apply_proof_mark",
        json!({ "id": slip["id"], "base_revision": a["revision"] }),
    );
    assert_eq!(applied["mark"]["state"], "applied");
    assert_eq!(applied["signatures_kept"], 3);
    let after = &applied["article"];
    assert_eq!(after["status"], "approved");
    assert_eq!(after["revision"], a["revision"].as_u64().unwrap() + 1);
    let body = after["body"].to_string();
    assert!(body.contains("126公顷") && !body.contains("公倾"));
    let history = d.json("editor", "get_history", json!({ "id": wetland }));
    let live: Vec<&Value> = history["signatures"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|s| s["voided_at"].is_null())
        .collect();
    assert_eq!(live.len(), 3);
    assert!(
        live.iter()
            .all(|s| s["revision"] == after["revision"] && s["carried"]["mark_id"] == slip["id"])
    );
    assert_eq!(
        history["signatures"].as_array().unwrap().len(),
        signed_before + 3
    );
    assert!(
        history["transitions"]
            .as_array()
            .unwrap()
            .iter()
            .any(|t| t["kind"] == "correct")
    );
    let revs = d.json("editor", "list_revisions", json!({ "id": wetland }));
    assert!(
        revs.as_array().unwrap().last().unwrap()["note"]
            .as_str()
            .unwrap()
            .starts_with("校改")
    );
    // The mark cannot be applied twice.
    assert_eq!(
        err(
            &d,
            "editor",
            "apply_proof_mark",
            json!({ "id": slip["id"], "base_revision": after["revision"] })
        )
        .code,
        ErrorCode::Conflict
    );
    // Layout staff do not resolve text marks; a rejection needs a reason.
    assert_eq!(
        err(
            &d,
            "layout",
            "resolve_proof_mark",
            json!({ "id": suggestion["id"], "resolution": "rejected", "reason": "x" })
        )
        .code,
        ErrorCode::Forbidden
    );
    assert_eq!(
        err(
            &d,
            "editor",
            "resolve_proof_mark",
            json!({ "id": suggestion["id"], "resolution": "rejected" })
        )
        .code,
        ErrorCode::InvalidInput
    );
    let rejected = d.json(
        "editor",
        "resolve_proof_mark",
        json!({ "id": suggestion["id"], "resolution": "rejected", "reason": "“滩涂地貌”为规范用语，原文无误" }),
    );
    assert_eq!(rejected["state"], "rejected");
    let closed = d.json(
        "proofreader",
        "close_proof_round",
        json!({ "id": r1["id"] }),
    );
    assert!(closed["closed_at"].is_string());
    assert_eq!(closed["marks"], 2);
    assert!(closed["error_rate"].as_f64().unwrap() > 0.0);
    // No marks on a closed round.
    assert_eq!(
        err(
            &d,
            "proofreader",
            "add_proof_mark",
            json!({ "round_id": r1["id"], "page": 2, "x_mm": 50.0, "y_mm": 50.0, "kind": "keep" })
        )
        .code,
        ErrorCode::InvalidState
    );

    // 二校: the other slip, on the layout as corrected.
    let r2 = start(&d);
    assert_eq!(r2["round"], 2);
    assert_ne!(r2["layout_hash"], r1["layout_hash"]);
    let pdf2 = round_pdf(&d, &r2);
    let t2 = pdf_text(&pdf2);
    assert!(t2.contains("二校样") && t2.contains("126公顷"));
    let chars = pdfboxes::chars(&pdf2);
    let at = find_char(&chars, "早晚高峰时段每10分", '种');
    let slip2 = mark_at(
        &d,
        "proofreader",
        r2["id"].as_i64().unwrap(),
        at,
        "correct",
        json!({ "replacement": "钟" }),
    );
    assert_eq!(slip2["article_id"], bus);
    // A change outside the marked span is no 校改: the editor's own save
    // voids the signatures as always (checked on a copy of the rule below);
    // here the mark is applied.
    let b = d.json("editor", "get_article", json!({ "id": bus }));
    d.json(
        "editor",
        "apply_proof_mark",
        json!({ "id": slip2["id"], "base_revision": b["revision"] }),
    );
    d.json(
        "proofreader",
        "close_proof_round",
        json!({ "id": r2["id"] }),
    );

    // 三校, clean; then no fourth round.
    let r3 = start(&d);
    assert!(pdf_text(&round_pdf(&d, &r3)).contains("三校样"));
    // 付印 waits for the rounds to close.
    let e = err(&d, "reviewer3", "order_print", json!({ "issue_id": 1 }));
    assert_eq!(e.code, ErrorCode::InvalidState);
    assert!(e.message.contains("三校样尚未结束"), "{}", e.message);
    d.json("layout", "close_proof_round", json!({ "id": r3["id"] }));
    assert_eq!(
        err(&d, "layout", "start_proof_round", json!({ "issue_id": 1 })).code,
        ErrorCode::InvalidState
    );

    // The 三校 record shows each round's 差错率 from its marks.
    let report = d.json(
        "proofreader",
        "issue_proof_report",
        json!({ "issue_id": 1 }),
    );
    let passes = report["passes"].as_array().unwrap();
    assert_eq!(passes.len(), 3);
    assert_eq!(passes[0]["errors_found"], 2);
    assert_eq!(passes[0]["round"]["marks"], 2);
    assert_eq!(passes[1]["round"]["marks"], 1);
    assert_eq!(passes[2]["round"]["marks"], 0);
    assert!(passes[0]["round"]["chars"].as_u64().unwrap() > 8000);
    // …and the typed-in count is closed to it.
    assert_eq!(
        err(
            &d,
            "proofreader",
            "record_proof_pass",
            json!({ "issue_id": 1, "pass": 1 })
        )
        .code,
        ErrorCode::InvalidState
    );

    // The 签版 screen lists both 校改 with their diffs.
    let corrections = d.json(
        "reviewer3",
        "page_corrections",
        json!({ "issue_id": 1, "page": 2 }),
    );
    let corrections = corrections.as_array().unwrap();
    assert_eq!(corrections.len(), 2, "{corrections:?}");
    assert!(corrections[0]["diff"].to_string().contains("顷"));

    // 签版: only the page signers; a stale hash is a conflict.
    let pages = d.json("reviewer3", "get_issue_pages", json!({ "issue_id": 1 }));
    assert!(pages["may_sign"].as_bool().unwrap());
    assert!(
        pages["pages"]
            .as_array()
            .unwrap()
            .iter()
            .all(|p| p["state"] == "unsigned")
    );
    let p1 = &pages["pages"][0];
    assert_eq!(
        err(
            &d,
            "reviewer1",
            "sign_page",
            json!({ "issue_id": 1, "page": 1, "page_hash": p1["page_hash"] })
        )
        .code,
        ErrorCode::Forbidden
    );
    let e = err(
        &d,
        "reviewer3",
        "sign_page",
        json!({ "issue_id": 1, "page": 1, "page_hash": "0".repeat(64) }),
    );
    assert_eq!(e.code, ErrorCode::Conflict);
    assert_eq!(e.detail.unwrap()["page_hash"], p1["page_hash"]);
    let e = err(&d, "reviewer3", "order_print", json!({ "issue_id": 1 }));
    assert!(e.message.contains("尚未签版"), "{}", e.message);
    let order = sign_all_and_order(&d);
    assert_eq!(order["layout_hash"], pages["layout_hash"]);
    let plan = d.json("layout", "get_issue_plan", json!({ "issue_id": 1 }));
    assert_eq!(plan["layout_hash"], pages["layout_hash"]);
    assert!(
        plan["pages"]
            .as_array()
            .unwrap()
            .iter()
            .all(|p| p["state"] == "signed")
    );
    assert!(plan["print_order"].is_object());

    // The final PDF goes out, its manifest naming every 签版 and the 付印.
    let pdf = d.bytes("layout", "export_issue", json!({ "issue_id": 1 }));
    let manifest = d.json("layout", "get_export_manifest", json!({ "issue_id": 1 }));
    assert_eq!(manifest["page_signoffs"].as_array().unwrap().len(), 4);
    assert_eq!(manifest["print_order"]["print_order_id"], order["id"]);
    assert_eq!(manifest["layout_hash"], order["layout_hash"]);
    let report = verify(&d, &pdf, Some(&manifest));
    assert_eq!(report["ok"], true, "{report:#}");
    d.bytes("layout", "export_web", json!({ "issue_id": 1 }));

    // A layout change on page 3 voids that page's 签版 and the 付印 only.
    let mut plan_in = plan["plan"].clone();
    let placement = &mut plan_in["pages"][2]["placements"][0];
    placement["type_scale"] = json!(95);
    d.json("layout", "plan_issue", plan_in);
    let pages = d.json("reviewer3", "get_issue_pages", json!({ "issue_id": 1 }));
    let states: Vec<&str> = pages["pages"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["state"].as_str().unwrap())
        .collect();
    assert_eq!(states, ["signed", "signed", "voided", "signed"]);
    assert!(
        pages["pages"][2]["last_voided"]["voided_reason"]
            .as_str()
            .unwrap()
            .contains("版面调整")
    );
    assert!(pages["print_order"].is_null());
    let e = err(&d, "layout", "export_issue", json!({ "issue_id": 1 }));
    assert_eq!(e.code, ErrorCode::NotSignedOff);
    assert!(
        e.message.contains("第3版") && !e.message.contains("第1版"),
        "{}",
        e.message
    );
    assert_eq!(e.detail.unwrap()["unsigned_pages"], json!([3]));
    // The PDF exported before no longer verifies, naming the page.
    let report = verify(&d, &pdf, Some(&manifest));
    assert_eq!(report["ok"], false);
    let problems = report["problems"].to_string();
    assert!(
        problems.contains("第3版的签版") && problems.contains("付印"),
        "{problems}"
    );

    // The record.
    let actions = audit_actions(&d);
    for a in [
        "proof_round.start",
        "proof_round.close",
        "proof_mark.add",
        "proof_mark.reject",
        "article.correct",
        "page.sign",
        "page.signoff_void",
        "print.order",
        "print.void",
        "export.proof",
    ] {
        assert!(
            actions.iter().any(|x| x == a),
            "{a} missing from the audit log"
        );
    }
}

#[test]
fn a_change_outside_the_marked_span_voids_the_signatures() {
    let d = Demo::before_proofs();
    let typos = zonepress_api::demo::demo_typos();
    let wetland = article_id(&d, typos[0].0);
    let r1 = start(&d);
    let chars = pdfboxes::chars(&round_pdf(&d, &r1));
    let slip = mark_at(
        &d,
        "proofreader",
        r1["id"].as_i64().unwrap(),
        find_char(&chars, "修复湿地面积126公", '倾'),
        "correct",
        json!({ "replacement": "顷" }),
    );
    let a = d.json("editor", "get_article", json!({ "id": wetland }));
    // The editor fixes it by hand instead: an ordinary save voids the 三审.
    let mut body = a["body"].clone();
    for b in body.as_array_mut().unwrap() {
        if let Some(t) = b["text"].as_str() {
            b["text"] = json!(t.replace("公倾", "公顷"));
        }
    }
    let saved = d.json(
        "editor",
        "save_article",
        json!({ "id": wetland, "base_revision": a["revision"], "body": body }),
    );
    assert_eq!(saved["status"], "in_review");
    let live = d.json("editor", "get_history", json!({ "id": wetland }))["signatures"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|s| s["voided_at"].is_null())
        .count();
    assert_eq!(live, 0);
    // The mark then ends as done by hand; the stale span cannot be applied.
    assert_eq!(
        err(
            &d,
            "editor",
            "apply_proof_mark",
            json!({ "id": slip["id"], "base_revision": saved["revision"] })
        )
        .code,
        ErrorCode::Conflict
    );
    let m = d.json(
        "editor",
        "resolve_proof_mark",
        json!({ "id": slip["id"], "resolution": "applied", "reason": "已在稿件中修改" }),
    );
    assert_eq!(m["state"], "applied");
    assert!(m["applied_revision"].is_null());
}

#[test]
fn the_demo_comes_signed_and_ordered_and_its_proofs_verify() {
    let d = Demo::new();
    let rounds = d.json("layout", "list_proof_rounds", json!({ "issue_id": 1 }));
    let rounds = rounds.as_array().unwrap();
    assert_eq!(rounds.len(), 3);
    assert!(rounds.iter().all(|r| r["closed_at"].is_string()));
    let marks = d.json("layout", "list_proof_marks", json!({ "issue_id": 1 }));
    let states: Vec<&str> = marks
        .as_array()
        .unwrap()
        .iter()
        .map(|m| m["state"].as_str().unwrap())
        .collect();
    assert!(
        states.contains(&"applied") && states.contains(&"rejected"),
        "{states:?}"
    );
    let pages = d.json("layout", "get_issue_pages", json!({ "issue_id": 1 }));
    assert!(
        pages["blockers"].as_array().unwrap().is_empty(),
        "{pages:#}"
    );
    assert!(pages["print_order"].is_object());
    // Out of the box, the print PDF and the 数字报 go out.
    let pdf = d.bytes("layout", "export_issue", json!({ "issue_id": 1 }));
    let manifest = d.json("layout", "get_export_manifest", json!({ "issue_id": 1 }));
    assert_eq!(verify(&d, &pdf, Some(&manifest))["ok"], true);
    // A round's PDF verifies as the proof it is, its text without false
    // mismatches from the watermark.
    let r1 = d.bytes(
        "layout",
        "proof_round_pdf",
        json!({ "id": rounds[0]["id"] }),
    );
    let report = verify(&d, &r1, None);
    assert_eq!(report["ok"], true, "{report:#}");
    assert_eq!(report["proof_copy"], true);
    assert_eq!(report["proof_round"], 1);
    assert!(
        report["notes"][0].as_str().unwrap().contains("一校样"),
        "{report}"
    );
    assert!(report["hash_matches"].as_bool().unwrap());
    // The proof with its marks for paper: the legend says who marked.
    let marked = d.bytes(
        "proofreader",
        "proof_marks_pdf",
        json!({ "round_id": rounds[0]["id"] }),
    );
    std::fs::create_dir_all("../../tests/out").ok();
    std::fs::write("../../tests/out/pages-round1.pdf", &r1).ok();
    std::fs::write("../../tests/out/pages-round1-marks.pdf", &marked).ok();
    let text = pdf_text(&marked);
    assert!(
        text.contains("校样标记") && text.contains("钱晓雯") && text.contains("不改"),
        "{text}"
    );
    // A round's page image is a PNG.
    let png = d.bytes(
        "proofreader",
        "proof_round_page",
        json!({ "id": rounds[2]["id"], "page": 2, "scale": 0.5 }),
    );
    assert_eq!(&png[1..4], b"PNG");
}
