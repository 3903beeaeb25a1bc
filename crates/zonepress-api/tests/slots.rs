//! 预留版位 and the notifications of one's own work, through the commands
//! on real workspaces: a slot held for a topic counts in its page's fit and
//! hash, preflight and the final export refuse it, the topic's article
//! takes it; the author hears of a 退回, a 签发 and a 校样 mark, the signer
//! of a page hears that its 签版 was voided.

mod pdfboxes;

use serde_json::{Value, json};
use zonepress_api::ErrorCode;
use zonepress_testkit::api::{Demo, Fixture};

fn page2(layout: &Value) -> (u64, String) {
    let fit = layout["fit"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["page"] == 2)
        .unwrap();
    let hash = layout["pages"][1]["page_hash"]
        .as_str()
        .unwrap()
        .to_string();
    (fit["underfill_chars"].as_u64().unwrap(), hash)
}

fn codes(pre: &Value) -> Vec<String> {
    pre["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| i["code"].as_str().unwrap().to_string())
        .collect()
}

#[test]
fn a_reserved_slot_counts_in_the_fit_and_hash_until_its_article_takes_it() {
    let f = Fixture::new();
    let i = f.issue_id;
    let topic = f.topic(true); // 预计1200字
    let before = f.ok("layout", "get_issue_plan", json!({ "issue_id": i }));
    let (empty_under, empty_hash) = page2(&before);
    assert!(empty_under > 3000, "page 2 starts empty: {empty_under}");

    // Layout staff hold page 2 for the topic.
    let t = f.ok(
        "layout",
        "reserve_topic_slot",
        json!({ "topic_id": topic, "page": 2 }),
    );
    assert_eq!(t["page"], 2);
    let held = f.ok("layout", "get_issue_plan", json!({ "issue_id": i }));
    let slots = held["slots"].as_array().unwrap();
    assert_eq!(slots.len(), 1);
    assert_eq!(slots[0]["page"], 2);
    assert_eq!(slots[0]["title"], "开发区新签约项目巡礼");
    assert_eq!(slots[0]["expected_chars"], 1200);
    let (under, hash) = page2(&held);
    // Its expected length now fills part of the page (give or take lines
    // and the head).
    assert!(
        empty_under - under >= 1100,
        "{empty_under} → {under}: the slot's 1200 characters count"
    );
    assert_ne!(hash, empty_hash, "the page hash covers the slot");
    assert!(
        held["plan"]["pages"][1]["placements"]
            .as_array()
            .unwrap()
            .is_empty(),
        "a slot is not an article"
    );

    // Assigned: the slot shows the owner and the deadline (the hash moves).
    f.ok(
        "editor",
        "assign_topic",
        json!({ "topic_id": topic, "assignee": "author", "due": "2026-11-25" }),
    );
    let assigned = f.ok("layout", "get_issue_plan", json!({ "issue_id": i }));
    assert_eq!(assigned["slots"][0]["owner"], "author的名字");
    assert_eq!(assigned["slots"][0]["due"], "2026-11-25");
    assert_ne!(page2(&assigned).1, hash);

    // Preflight lists the slot as an error; the final export is refused.
    let pre = f.ok("layout", "preflight_issue", json!({ "issue_id": i }));
    assert_eq!(pre["ready"], false);
    let slot_item = pre["items"]
        .as_array()
        .unwrap()
        .iter()
        .find(|x| x["code"] == "reserved_slot_empty")
        .expect("the slot in preflight");
    assert_eq!(slot_item["severity"], "error");
    assert_eq!(slot_item["page"], 2);
    let msg = slot_item["message_zh"].as_str().unwrap();
    assert!(
        msg.contains("第2版")
            && msg.contains("开发区新签约项目巡礼")
            && msg.contains("截稿2026-11-25"),
        "{msg}"
    );
    let e = f
        .call("layout", "export_issue", json!({ "issue_id": i }))
        .unwrap_err();
    let refused = e.detail.as_ref().expect("the preflight with the refusal");
    assert!(
        refused["items"]
            .as_array()
            .unwrap()
            .iter()
            .any(|x| x["code"] == "reserved_slot_empty" && x["severity"] == "error"),
        "the refusal lists the slot: {e:?}"
    );

    // 开始写稿: the article takes the slot.
    let started = f.ok(
        "author",
        "start_topic_article",
        json!({ "topic_id": topic }),
    );
    let art = started["article"]["id"].as_i64().unwrap();
    let taken = f.ok("layout", "get_issue_plan", json!({ "issue_id": i }));
    assert!(taken["slots"].as_array().unwrap().is_empty());
    assert_eq!(
        taken["plan"]["pages"][1]["placements"][0]["article_id"],
        art
    );
    let pre = f.ok("layout", "preflight_issue", json!({ "issue_id": i }));
    assert!(!codes(&pre).contains(&"reserved_slot_empty".to_string()));
    assert!(codes(&pre).contains(&"not_approved".to_string()));

    // A second topic held and let go: the page prints as before.
    let other = f.topic(true);
    let now = page2(&taken).1;
    f.ok(
        "editor",
        "reserve_topic_slot",
        json!({ "topic_id": other, "page": 2 }),
    );
    assert_ne!(
        page2(&f.ok("layout", "get_issue_plan", json!({ "issue_id": i }))).1,
        now
    );
    f.ok(
        "layout",
        "reserve_topic_slot",
        json!({ "topic_id": other, "page": null }),
    );
    let back = f.ok("layout", "get_issue_plan", json!({ "issue_id": i }));
    assert_eq!(page2(&back).1, now);
    assert!(back["slots"].as_array().unwrap().is_empty());

    // Cancelling a topic lets its slot go, on the audit log.
    f.ok(
        "layout",
        "reserve_topic_slot",
        json!({ "topic_id": other, "page": 3 }),
    );
    let c = f.ok(
        "editor",
        "cancel_topic",
        json!({ "id": other, "reason": "活动延期到下月" }),
    );
    assert_eq!(c["state"], "cancelled");
    assert_eq!(c["page"], Value::Null);
    assert!(
        f.ok("layout", "get_issue_plan", json!({ "issue_id": i }))["slots"]
            .as_array()
            .unwrap()
            .is_empty()
    );
    let audit = f.ok("admin", "list_audit", json!({ "target_kind": "topic" }));
    let actions: Vec<&str> = audit["entries"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["action"].as_str().unwrap())
        .collect();
    assert!(actions.contains(&"topic.reserve"), "{actions:?}");
    assert!(actions.contains(&"topic.cancel"), "{actions:?}");
}

#[test]
fn a_slot_is_refused_where_it_cannot_be() {
    let f = Fixture::new();
    let topic = f.topic(true);
    for page in [0, 5, 200] {
        let e = f
            .call(
                "layout",
                "reserve_topic_slot",
                json!({ "topic_id": topic, "page": page }),
            )
            .unwrap_err();
        assert_eq!(e.code, ErrorCode::InvalidInput, "{page}: {e:?}");
        assert!(e.message.contains("本期只有4个版"), "{}", e.message);
    }
    let loose = f.ok(
        "editor",
        "propose_topic",
        json!({ "title": "未定期次的选题" }),
    );
    let e = f
        .call(
            "layout",
            "reserve_topic_slot",
            json!({ "topic_id": loose["id"], "page": 2 }),
        )
        .unwrap_err();
    assert!(e.message.contains("还没有定期次"), "{}", e.message);
    let declined = f.topic(false);
    f.ok(
        "editor",
        "decide_topic",
        json!({ "id": declined, "decision": "declined", "reason": "与上期重复" }),
    );
    let e = f
        .call(
            "layout",
            "reserve_topic_slot",
            json!({ "topic_id": declined, "page": 2 }),
        )
        .unwrap_err();
    assert_eq!(e.code, ErrorCode::InvalidState);
    // A done topic is not cancelled, nor one cancelled twice.
    let c = f.topic(true);
    f.ok("editor", "cancel_topic", json!({ "id": c }));
    let e = f
        .call("editor", "cancel_topic", json!({ "id": c }))
        .unwrap_err();
    assert_eq!(e.code, ErrorCode::InvalidState);
    assert!(e.message.contains("已取消"), "{}", e.message);
}

fn kinds(notes: &Value) -> Vec<String> {
    notes["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|n| n["kind"].as_str().unwrap().to_string())
        .collect()
}

#[test]
fn the_author_hears_of_a_return_and_of_the_signature() {
    let f = Fixture::new();
    let a = f.article_id;
    f.submit();
    f.ok(
        "reviewer",
        "return_article",
        json!({ "id": a, "revision": 1, "level": 1, "opinion": "导语过长，请压缩到一段。" }),
    );
    let notes = f.ok("author", "list_notifications", json!({}));
    let n = &notes["items"][0];
    assert_eq!(n["kind"], "returned");
    assert_eq!(n["article_id"], a);
    assert_eq!(n["body"], "导语过长，请压缩到一段。");
    assert!(
        n["title"]
            .as_str()
            .unwrap()
            .contains("《开发区召开安全生产会议》被reviewer的名字退回"),
        "{n}"
    );
    assert_eq!(n["sender"]["username"], "reviewer");
    // The reviewer is not told of their own doing.
    assert!(kinds(&f.ok("reviewer", "list_notifications", json!({}))).is_empty());

    // Resubmitted and signed at every level: one 签发 notice, at the last.
    f.ok(
        "author",
        "submit_article",
        json!({ "id": a, "revision": 1 }),
    );
    f.add_user("reviewer2", vec![zonepress_core::Role::Reviewer]);
    f.add_user("reviewer3", vec![zonepress_core::Role::Reviewer]);
    for (who, level) in [("reviewer", 1), ("reviewer2", 2)] {
        f.ok(
            who,
            "approve_article",
            json!({ "id": a, "revision": 1, "level": level }),
        );
        assert!(
            !kinds(&f.ok("author", "list_notifications", json!({}))).contains(&"signed".into())
        );
    }
    f.ok(
        "reviewer3",
        "approve_article",
        json!({ "id": a, "revision": 1, "level": 3, "opinion": "同意刊发。" }),
    );
    let notes = f.ok("author", "list_notifications", json!({}));
    assert_eq!(notes["items"][0]["kind"], "signed");
    assert!(
        notes["items"][0]["title"]
            .as_str()
            .unwrap()
            .contains("已签发")
    );
    assert_eq!(kinds(&notes).iter().filter(|k| *k == "signed").count(), 1);
}

#[test]
fn the_author_hears_of_a_proof_mark_and_the_signer_of_a_voided_page() {
    let d = Demo::before_proofs();
    let round = d.json("layout", "start_proof_round", json!({ "issue_id": 1 }));
    let pdf = d.bytes("layout", "proof_round_pdf", json!({ "id": round["id"] }));
    // A body character of page 2 (full-width, the body size).
    let c = pdfboxes::chars(&pdf)
        .into_iter()
        .find(|c| c.page == 2 && (c.h - 10.5).abs() < 0.05 && c.line.len() >= 10)
        .expect("a body character on page 2");
    let (x, y) = c.centre_mm();
    let mark = d.json(
        "proofreader",
        "add_proof_mark",
        json!({ "round_id": round["id"], "page": 2, "x_mm": x, "y_mm": y, "kind": "other", "note": "请核对此处" }),
    );
    let article = mark["article_id"]
        .as_i64()
        .expect("the mark is on an article");
    let author = d.json("editor", "get_article", json!({ "id": article }))["author"]["username"]
        .as_str()
        .unwrap()
        .to_string();
    let notes = d.json(&author, "list_notifications", json!({}));
    let n = notes["items"]
        .as_array()
        .unwrap()
        .iter()
        .find(|n| n["kind"] == "marked")
        .unwrap_or_else(|| panic!("{author} has no mark notice: {notes}"));
    assert_eq!(n["article_id"], article);
    assert!(n["title"].as_str().unwrap().contains("第2版"), "{n}");
    assert_eq!(n["body"], "请核对此处");

    // The signed demo: a slot held on page 2 changes what it prints, so
    // its 签版 is voided and the signer told.
    let d = Demo::new();
    let pages = d.json("reviewer3", "get_issue_pages", json!({ "issue_id": 1 }));
    assert_eq!(pages["pages"][1]["state"], "signed");
    let t = d.json(
        "editor",
        "propose_topic",
        json!({ "title": "园区春季招聘会", "issue_id": 1, "expected_chars": 300 }),
    );
    d.json(
        "editor",
        "decide_topic",
        json!({ "id": t["id"], "decision": "accepted" }),
    );
    d.json(
        "layout",
        "reserve_topic_slot",
        json!({ "topic_id": t["id"], "page": 2 }),
    );
    let pages = d.json("reviewer3", "get_issue_pages", json!({ "issue_id": 1 }));
    assert_ne!(pages["pages"][1]["state"], "signed");
    let notes = d.json("reviewer3", "list_notifications", json!({}));
    let n = notes["items"]
        .as_array()
        .unwrap()
        .iter()
        .find(|n| n["kind"] == "voided")
        .unwrap_or_else(|| panic!("no voided notice: {notes}"));
    assert!(n["title"].as_str().unwrap().contains("第2版已失效"), "{n}");
    assert!(n["body"].as_str().unwrap().contains("预留版位"), "{n}");
    // Page 1 still prints what was signed: no notice for it.
    assert!(
        !notes["items"]
            .as_array()
            .unwrap()
            .iter()
            .any(|n| n["title"].as_str().unwrap().contains("第1版"))
    );
}
