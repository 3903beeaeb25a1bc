//! The record proves itself: separation of duties for everyone who wrote a
//! revision, a complete hash-chained audit log, one snapshot and one layout
//! per export, and a `verify` that proves the PDF — each hole of issue #12
//! with a test that failed before and passes now. Real workspaces, real
//! Typst compiles, PDFs read back.

use zonepress_testkit::api::Demo;

use std::collections::HashMap;

use serde_json::{Value, json};
use zonepress_api::{ApiError, Caller, ErrorCode, Reply};

/// The demo article still waiting for 初审.
const IN_REVIEW: i64 = 20;

fn call_as(d: &Demo, token: &str, cmd: &str, body: Value) -> Result<Value, ApiError> {
    match zonepress_api::call(&d.ctx, cmd, Some(token), body.to_string().as_bytes())? {
        Reply::Json(v) => Ok(v),
        Reply::Binary(b) => Ok(json!({ "bytes": b.bytes.len() })),
    }
}

fn bytes_as(d: &Demo, token: &str, cmd: &str, body: Value) -> Vec<u8> {
    match zonepress_api::call(&d.ctx, cmd, Some(token), body.to_string().as_bytes()).unwrap() {
        Reply::Binary(b) => b.bytes,
        Reply::Json(v) => panic!("{cmd} answered JSON {v}"),
    }
}

fn audit_actions(d: &Demo) -> Vec<Value> {
    d.json(
        "admin",
        "list_audit",
        json!({ "limit": 1000, "oldest_first": true }),
    )["entries"]
        .as_array()
        .unwrap()
        .clone()
}

#[test]
fn a_reviewer_who_edited_the_round_cannot_sign_it() {
    let d = Demo::new();
    let reviewer1 = d
        .json("admin", "list_users", json!({}))
        .as_array()
        .unwrap()
        .iter()
        .find(|u| u["username"] == "reviewer1")
        .unwrap()["id"]
        .clone();
    // 郑雨桐 is also an editor now, and polishes a colleague's article in review.
    d.json(
        "admin",
        "update_user",
        json!({ "id": reviewer1, "roles": ["editor", "reviewer"] }),
    );
    let t = d.token("reviewer1");
    let before = call_as(&d, &t, "list_inbox", json!({})).unwrap();
    assert!(
        before["to_review"]
            .as_array()
            .unwrap()
            .iter()
            .any(|a| a["id"] == IN_REVIEW)
    );
    let saved = call_as(
        &d,
        &t,
        "save_article",
        json!({ "id": IN_REVIEW, "base_revision": 1, "subtitle": "——全区排查整改隐患一百余处" }),
    )
    .unwrap();
    assert_eq!(saved["revision"], 2);
    assert_eq!(
        (saved["status"].as_str(), saved["review_level"].as_u64()),
        (Some("in_review"), Some(1))
    );
    let err = call_as(
        &d,
        &t,
        "approve_article",
        json!({ "id": IN_REVIEW, "revision": 2, "level": 1 }),
    )
    .unwrap_err();
    assert_eq!(err.code, ErrorCode::Forbidden);
    assert!(err.message.contains("修改过本稿"), "{}", err.message);
    // The review screen says so, and the inbox no longer offers it.
    let view = call_as(&d, &t, "get_review", json!({ "id": IN_REVIEW })).unwrap();
    assert_eq!(view["allowed"]["approve"], false);
    assert!(
        view["allowed"]["review_refusal"]
            .as_str()
            .unwrap()
            .contains("修改过本稿")
    );
    let after = call_as(&d, &t, "list_inbox", json!({})).unwrap();
    assert!(
        !after["to_review"]
            .as_array()
            .unwrap()
            .iter()
            .any(|a| a["id"] == IN_REVIEW)
    );
    // Another reviewer of that level signs the polished revision.
    let reviewer2 = d
        .json("admin", "list_users", json!({}))
        .as_array()
        .unwrap()
        .iter()
        .find(|u| u["username"] == "reviewer2")
        .unwrap()["id"]
        .clone();
    d.json(
        "admin",
        "update_user",
        json!({ "id": reviewer2, "review_levels": [1, 2] }),
    );
    let signed = d.json(
        "reviewer2",
        "approve_article",
        json!({ "id": IN_REVIEW, "revision": 2, "level": 1 }),
    );
    assert_eq!(signed["review_level"], 2);
}

#[test]
fn a_password_reset_is_recorded_and_signatures_made_with_it_are_flagged() {
    let d = Demo::new();
    let users = d.json("admin", "list_users", json!({}));
    let reviewer1 = users
        .as_array()
        .unwrap()
        .iter()
        .find(|u| u["username"] == "reviewer1")
        .unwrap()["id"]
        .as_i64()
        .unwrap();
    d.json(
        "admin",
        "update_user",
        json!({ "id": reviewer1, "password": "管理员临时设置的密码" }),
    );
    let reset = audit_actions(&d)
        .into_iter()
        .find(|e| e["action"] == "user.password_reset")
        .expect("the reset is on the audit log");
    assert_eq!(reset["target_id"], reviewer1);
    assert!(reset["actor"].as_str().unwrap().contains("admin"));
    // Whoever signs in with the reset password must choose a new one first …
    let out = match zonepress_api::call(
        &d.ctx,
        "login",
        None,
        json!({ "username": "reviewer1", "password": "管理员临时设置的密码" })
            .to_string()
            .as_bytes(),
    )
    .unwrap()
    {
        Reply::Json(v) => v,
        Reply::Binary(_) => unreachable!(),
    };
    assert_eq!(out["must_change_password"], true);
    let t = out["token"].as_str().unwrap().to_string();
    let err = call_as(&d, &t, "list_inbox", json!({})).unwrap_err();
    assert_eq!(err.code, ErrorCode::PasswordChangeRequired);
    call_as(
        &d,
        &t,
        "change_password",
        json!({ "old_password": "管理员临时设置的密码", "new_password": "我自己改的新密码2026" }),
    )
    .unwrap();
    // … and what it signs carries the reset as a warning.
    call_as(
        &d,
        &t,
        "approve_article",
        json!({ "id": IN_REVIEW, "revision": 1, "level": 1 }),
    )
    .unwrap();
    let history = d.json("editor", "get_history", json!({ "id": IN_REVIEW }));
    let sig = &history["signatures"][0];
    assert_eq!(sig["signer"]["username"], "reviewer1");
    assert_eq!(sig["signer_reset"]["by"]["username"], "admin");
    // Once the owner changes it again of their own accord, the flag is gone.
    call_as(
        &d,
        &t,
        "change_password",
        json!({ "old_password": "我自己改的新密码2026", "new_password": "本人再次修改过的新密码" }),
    )
    .unwrap();
    let standing = d.json("admin", "list_users", json!({}));
    assert!(
        standing
            .as_array()
            .unwrap()
            .iter()
            .all(|u| u["must_change_password"] == false)
    );
}

#[test]
fn preflight_warns_of_a_signature_made_after_a_reset() {
    let d = Demo::new();
    // Put the reset signature on a placed article: reopen article 2 through an edit.
    let a = d.json("editor", "get_article", json!({ "id": 2 }));
    let rev = a["revision"].as_u64().unwrap();
    d.json(
        "editor",
        "save_article",
        json!({ "id": 2, "base_revision": rev, "byline": "本报记者 林悦" }),
    );
    let users = d.json("admin", "list_users", json!({}));
    let id_of = |name: &str| {
        users
            .as_array()
            .unwrap()
            .iter()
            .find(|u| u["username"] == name)
            .unwrap()["id"]
            .clone()
    };
    d.json(
        "admin",
        "update_user",
        json!({ "id": id_of("reviewer1"), "password": "管理员临时设置的密码" }),
    );
    let login = |pw: &str| match zonepress_api::call(
        &d.ctx,
        "login",
        None,
        json!({ "username": "reviewer1", "password": pw })
            .to_string()
            .as_bytes(),
    )
    .unwrap()
    {
        Reply::Json(v) => v["token"].as_str().unwrap().to_string(),
        Reply::Binary(_) => unreachable!(),
    };
    let t = login("管理员临时设置的密码");
    call_as(
        &d,
        &t,
        "change_password",
        json!({ "old_password": "管理员临时设置的密码", "new_password": "我自己改的新密码2026" }),
    )
    .unwrap();
    let rev = rev + 1;
    call_as(
        &d,
        &t,
        "approve_article",
        json!({ "id": 2, "revision": rev, "level": 1 }),
    )
    .unwrap();
    d.json(
        "reviewer2",
        "approve_article",
        json!({ "id": 2, "revision": rev, "level": 2 }),
    );
    d.json(
        "reviewer3",
        "approve_article",
        json!({ "id": 2, "revision": rev, "level": 3 }),
    );
    let pre = d.json("layout", "preflight_issue", json!({ "issue_id": 1 }));
    let warning = pre["items"]
        .as_array()
        .unwrap()
        .iter()
        .find(|i| i["code"] == "signer_password_reset")
        .expect("a warning for the signature made after a reset");
    assert_eq!(warning["severity"], "warning");
    assert_eq!(warning["article_id"], 2);
    assert!(warning["message_zh"].as_str().unwrap().contains("赵磊"));
}

#[test]
fn every_action_that_matters_is_on_the_audit_log() {
    let d = Demo::new();
    let from = |ip: &str| Caller::http(ip.parse().unwrap());
    // A failed and a good sign-in from two machines.
    let body = |pw: &str| json!({ "username": "editor", "password": pw }).to_string();
    assert!(
        zonepress_api::call_from(
            &d.ctx,
            &from("127.0.0.2"),
            "login",
            None,
            body("wrong-one").as_bytes()
        )
        .is_err()
    );
    let Reply::Json(ok) = zonepress_api::call_from(
        &d.ctx,
        &from("127.0.0.3"),
        "login",
        None,
        body("zonepress").as_bytes(),
    )
    .unwrap() else {
        panic!()
    };
    assert!(ok["token"].is_string());
    // Accounts, settings, lists, plan, issue, proofreading, export, backup.
    let created = d.json(
        "admin",
        "create_user",
        json!({ "username": "wangfang", "display_name": "王芳", "password": "管理员设的初始密码够长", "roles": ["editor"] }),
    );
    d.json(
        "admin",
        "update_user",
        json!({ "id": created["id"], "roles": ["editor", "reviewer"], "review_levels": [1] }),
    );
    d.json(
        "admin",
        "update_user",
        json!({ "id": created["id"], "disabled": true }),
    );
    let mut p = d.json("admin", "get_publication", json!({}));
    p["review_levels"] = json!(2);
    d.json("admin", "update_publication", p);
    d.json(
        "admin",
        "save_roster_entry",
        json!({ "name": "吴桐", "title": "开发区管委会副主任" }),
    );
    d.json(
        "admin",
        "save_word_rule",
        json!({ "wrong": "按装", "right": "安装", "kind": "confusable" }),
    );
    let plan = d.json("layout", "get_issue_plan", json!({ "issue_id": 1 }));
    d.json("layout", "plan_issue", plan["plan"].clone());
    d.json(
        "layout",
        "update_issue",
        json!({ "id": 1, "status": "layout" }),
    );
    let pdf = d.bytes(
        "layout",
        "export_issue",
        json!({ "issue_id": 1, "options": { "proof_copy": true } }),
    );
    let backup = d.bytes("admin", "backup_workspace", json!({}));
    assert!(backup.starts_with(b"SQLite format 3"));

    let log = audit_actions(&d);
    let has = |action: &str| log.iter().any(|e| e["action"] == action);
    for action in [
        "login.fail",
        "login.ok",
        "user.create",
        "user.update",
        "publication.update",
        "roster.add",
        "words.add",
        "plan.save",
        "issue.status",
        "proof_round.start",
        "proof_mark.add",
        "proof_mark.reject",
        "article.correct",
        "proof_round.close",
        "page.sign",
        "print.order",
        "export.proof",
        "workspace.backup",
        "review.approve",
        "article.create",
    ] {
        assert!(has(action), "{action} is missing from the audit log");
    }
    let fail = log.iter().find(|e| e["action"] == "login.fail").unwrap();
    assert_eq!(fail["client"], "127.0.0.2");
    let good = log
        .iter()
        .find(|e| e["action"] == "login.ok" && e["client"] == "127.0.0.3")
        .expect("the sign-in from 127.0.0.3");
    assert_eq!(good["via"], "http");
    let export = log.iter().rfind(|e| e["action"] == "export.proof").unwrap();
    assert_eq!(
        export["detail"]["pdf_sha256"],
        sha256_hex(&pdf),
        "the export's PDF hash is on the record"
    );
    let disabled = log
        .iter()
        .filter(|e| e["action"] == "user.update")
        .any(|e| e["detail"]["after"]["disabled"] == true);
    assert!(disabled, "disabling is recorded");
    // Filters work: by action group and by person.
    let logins = d.json("admin", "list_audit", json!({ "action": "login." }));
    assert!(
        logins["entries"]
            .as_array()
            .unwrap()
            .iter()
            .all(|e| e["action"].as_str().unwrap().starts_with("login."))
    );
    let by_layout = d.json("admin", "list_audit", json!({ "actor_id": 7 }));
    assert!(by_layout["total"].as_u64().unwrap() >= 2);
    // Only admins read it.
    let err = d.call("editor", "list_audit", json!({})).unwrap_err();
    assert_eq!(err.code, ErrorCode::Forbidden);
    let chain = d.json("admin", "verify_audit", json!({}));
    assert_eq!(chain["ok"], true);
    assert!(chain["entries"].as_u64().unwrap() > 100);
}

fn sha256_hex(bytes: &[u8]) -> String {
    use sha2::Digest;
    hex::encode(sha2::Sha256::digest(bytes))
}

#[test]
fn the_audit_chain_names_an_entry_edited_behind_the_triggers() {
    let d = Demo::new();
    d.json(
        "admin",
        "save_roster_entry",
        json!({ "name": "吴桐", "title": "开发区管委会副主任" }),
    );
    assert_eq!(d.json("admin", "verify_audit", json!({}))["ok"], true);
    // Someone with the database file drops the triggers and rewrites entry 5.
    d.ctx
        .store_for_tests()
        .write(|tx| {
            tx.execute_batch(
                "DROP TRIGGER audit_no_update;
                 UPDATE audit_log SET actor = '某人' WHERE id = 5;",
            )?;
            Ok(())
        })
        .unwrap();
    let report = d.json("admin", "verify_audit", json!({}));
    assert_eq!(report["ok"], false);
    assert_eq!(report["first_broken"], 5);
    assert_eq!(report["entries"], 4);
}

fn problems_of(report: &Value) -> Vec<String> {
    report["problems"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p.as_str().unwrap().to_string())
        .collect()
}

#[test]
fn an_audit_log_cut_back_after_an_export_is_named_by_its_pdf_and_its_record() {
    let d = Demo::new();
    // The archive copy (PDF/A-3b) carries its manifest inside; the print
    // PDF/X-4 has it beside (see below).
    let pdf = d.bytes(
        "layout",
        "export_issue",
        json!({ "issue_id": 1, "options": { "pdf_a": true } }),
    );
    // The demo's three 校样 rounds were exports before this one.
    let n = d
        .json("layout", "list_exports", json!({ "issue_id": 1 }))
        .as_array()
        .unwrap()
        .len();
    let manifest = zonepress_export::verify_pdf(&pdf)
        .unwrap()
        .manifest_json
        .unwrap();
    let head = serde_json::from_str::<Value>(&manifest).unwrap()["audit_head"].clone();
    let entry = head["entry"].as_i64().unwrap();
    // The newest entry before the export's own record of itself.
    let log = audit_actions(&d);
    let export_entry = log
        .iter()
        .rfind(|e| e["action"] == "export.pdf")
        .expect("the export is on the log");
    assert_eq!(export_entry["id"].as_i64().unwrap(), entry + 1);
    assert_eq!(verify(&d, &pdf, None).unwrap()["ok"], true);

    // Someone with the database file drops the trigger and cuts the log
    // back from that entry on: what is left still chains.
    d.ctx
        .store_for_tests()
        .write(|tx| {
            tx.execute_batch(&format!(
                "DROP TRIGGER audit_no_delete; DELETE FROM audit_log WHERE id >= {entry};"
            ))?;
            Ok(())
        })
        .unwrap();
    // The chain alone holds; the recorded export's anchor does not.
    let chain = d.ctx.store_for_tests().verify_audit().unwrap();
    assert!(!chain.ok);
    assert_eq!(chain.entries as i64, entry - 1);
    assert_eq!(chain.first_broken, Some(entry));
    assert_eq!(
        chain.reason.as_deref(),
        Some(
            format!("第{n}次导出时审计日志已有第{entry}条记录，现在没有了：导出后被截短").as_str()
        )
    );
    // (Straight to the check: a command would add entries of its own.)
    let report = zonepress_api::layout::verify(&d.ctx, &pdf, None).unwrap();
    assert!(!report.ok);
    assert_eq!(
        report.problems,
        [format!(
            "审计日志中已没有导出时的第{entry}条记录：导出后审计日志被截短"
        )]
    );

    // Entries written since take the same numbers: the anchor sees they
    // are not the ones the PDF was made after.
    d.json(
        "admin",
        "save_roster_entry",
        json!({ "name": "吴桐", "title": "开发区管委会副主任" }),
    );
    assert!(d.ctx.store_for_tests().audit_hash(entry).unwrap().is_some());
    let chain = d.json("admin", "verify_audit", json!({}));
    assert_eq!(chain["ok"], false);
    assert_eq!(chain["first_broken"], entry);
    let report = verify(&d, &pdf, None).unwrap();
    assert_eq!(report["ok"], false);
    assert!(
        problems_of(&report).contains(&format!(
            "审计日志第{entry}条与导出时不一致：导出后审计日志被截短或改写"
        )),
        "{report}"
    );
}

#[test]
fn an_export_lays_out_once_and_is_recorded_with_its_hash() {
    let d = Demo::new();
    let exporter = zonepress_api::layout::exporter(&d.ctx).unwrap();
    let before = exporter.compiles();
    let pdf = d.bytes("layout", "export_issue", json!({ "issue_id": 1 }));
    // (The demo's 校样 rounds set these very pages already: none at all.)
    assert!(
        exporter.compiles() - before <= 1,
        "preflight, layout and the manifest come from one compile"
    );
    // PDF/X-4 allows no attachment: the manifest goes beside the file.
    let contents = zonepress_export::verify_pdf(&pdf).unwrap();
    assert!(contents.manifest_json.is_none(), "no attachment in PDF/X-4");
    let exports = d.json("layout", "list_exports", json!({ "issue_id": 1 }));
    assert_eq!(exports[0]["pdf_sha256"], sha256_hex(&pdf));
    let beside = d
        .json("layout", "get_export_manifest", json!({ "issue_id": 1 }))
        .to_string();
    // Sent alone, the bytes of a recorded export are checked against the
    // manifest recorded with it.
    assert_eq!(verify(&d, &pdf, None).unwrap()["ok"], true);
    let report = verify(&d, &pdf, Some(&beside)).unwrap();
    assert_eq!(report["ok"], true, "{report}");
    assert_eq!(report["hash_matches"], true);
}

fn verify(d: &Demo, pdf: &[u8], beside: Option<&str>) -> Result<Value, ApiError> {
    use base64::Engine;
    d.call(
        "layout",
        "verify_export",
        json!({
            "pdf_base64": base64::engine::general_purpose::STANDARD.encode(pdf),
            "manifest_json": beside,
        }),
    )
    .map(|r| match r {
        Reply::Json(v) => v,
        Reply::Binary(_) => unreachable!(),
    })
}

#[test]
fn saves_racing_exports_never_print_a_revision_without_its_signatures() {
    let d = Demo::new();
    let editor = d.token("editor");
    let reviewers = [
        d.token("reviewer1"),
        d.token("reviewer2"),
        d.token("reviewer3"),
    ];
    let layout = d.token("layout");
    let article = 5;
    let stop = std::sync::atomic::AtomicBool::new(false);
    let mut exported = Vec::new();
    let mut refused = 0;
    std::thread::scope(|s| {
        // Keep changing a placed article: every save voids its signatures,
        // then three reviewers sign the new revision again.
        s.spawn(|| {
            let mut n = 0;
            while !stop.load(std::sync::atomic::Ordering::Relaxed) {
                let a = call_as(&d, &editor, "get_article", json!({ "id": article })).unwrap();
                let rev = a["revision"].as_u64().unwrap();
                n += 1;
                let saved = call_as(
                    &d,
                    &editor,
                    "save_article",
                    json!({ "id": article, "base_revision": rev, "byline": format!("本报记者 林悦（第{n}次修改）") }),
                );
                let Ok(saved) = saved else { continue };
                let rev = saved["revision"].as_u64().unwrap();
                for (i, t) in reviewers.iter().enumerate() {
                    let _ = call_as(
                        &d,
                        t,
                        "approve_article",
                        json!({ "id": article, "revision": rev, "level": i + 1 }),
                    );
                }
                // the changed page is signed again and printing ordered
                d.sign_off();
                // a signed revision stands a moment, as between real edits
                std::thread::sleep(std::time::Duration::from_millis(100));
            }
        });
        // at least 12 attempts; more (bounded) until some got through on a
        // slow, loaded machine
        for attempt in 0..60 {
            if attempt >= 12 && exported.len() >= 2 {
                break;
            }
            // (The archive copy, whose manifest is inside: the print
            // PDF/X-4 goes through the same preflight and 付印 gate.)
            match zonepress_api::call(
                &d.ctx,
                "export_issue",
                Some(&layout),
                json!({ "issue_id": 1, "options": { "pdf_a": true } })
                    .to_string()
                    .as_bytes(),
            ) {
                Ok(Reply::Binary(b)) => exported.push(b.bytes),
                Err(e)
                    if e.code == ErrorCode::ExportFailed || e.code == ErrorCode::NotSignedOff =>
                {
                    refused += 1
                }
                other => {
                    stop.store(true, std::sync::atomic::Ordering::Relaxed);
                    panic!("{other:?}")
                }
            }
        }
        stop.store(true, std::sync::atomic::Ordering::Relaxed);
    });
    assert!(
        !exported.is_empty(),
        "some exports got through ({refused} refused)"
    );
    for pdf in &exported {
        let contents = zonepress_export::verify_pdf(pdf).unwrap();
        let manifest: Value =
            serde_json::from_str(contents.manifest_json.as_deref().unwrap()).unwrap();
        let m = manifest["articles"]
            .as_array()
            .unwrap()
            .iter()
            .find(|a| a["article_id"] == article)
            .unwrap();
        let revision = m["revision"].as_u64().unwrap();
        let levels: Vec<u64> = m["signatures"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|s| s["revision"] == revision && s["content_hash"] == m["content_hash"])
            .map(|s| s["level"].as_u64().unwrap())
            .collect();
        assert_eq!(
            levels,
            vec![1, 2, 3],
            "revision {revision} printed with signatures {levels:?}: {m}"
        );
        // The page shows exactly that revision.
        let printed = d.json(
            "editor",
            "get_revision",
            json!({ "id": article, "number": revision }),
        );
        let content: zonepress_core::ArticleContent =
            serde_json::from_value(printed["content"].clone()).unwrap();
        let page = &contents.pages[m["page"].as_u64().unwrap() as usize - 1];
        assert!(
            zonepress_export::compare_text(&content, page).is_empty(),
            "the PDF prints revision {revision} as signed"
        );
    }
}

/// The assets an issue document refers to, read through the command.
/// A refused export leaves its layout in the exporter's cache; the next
/// export of the same pages must still carry its own manifest, not the one
/// of the refused attempt (whose article was not yet signed).
#[test]
fn an_export_after_a_refused_one_carries_its_own_manifest() {
    let d = Demo::new();
    let editor = d.token("editor");
    let layout = d.token("layout");
    let article = 5;
    let a = call_as(&d, &editor, "get_article", json!({ "id": article })).unwrap();
    let saved = call_as(
        &d,
        &editor,
        "save_article",
        json!({ "id": article, "base_revision": a["revision"], "byline": "本报记者 林悦（修改后）" }),
    )
    .unwrap();
    let rev = saved["revision"].as_u64().unwrap();
    for level in 1..=2u64 {
        let t = d.token(&format!("reviewer{level}"));
        call_as(
            &d,
            &t,
            "approve_article",
            json!({ "id": article, "revision": rev, "level": level }),
        )
        .unwrap();
    }
    // 终审 is still missing: refused, after the issue was laid out
    let refused = zonepress_api::call(
        &d.ctx,
        "export_issue",
        Some(&layout),
        json!({ "issue_id": 1 }).to_string().as_bytes(),
    );
    assert_eq!(refused.err().map(|e| e.code), Some(ErrorCode::ExportFailed));
    let t = d.token("reviewer3");
    call_as(
        &d,
        &t,
        "approve_article",
        json!({ "id": article, "revision": rev, "level": 3 }),
    )
    .unwrap();
    // the changed page is signed again, printing ordered
    assert!(d.sign_off());
    // the same pages again: the PDF's manifest is this export's (the
    // archive copy, which carries it inside)
    let pdf = bytes_as(
        &d,
        &layout,
        "export_issue",
        json!({ "issue_id": 1, "options": { "pdf_a": true } }),
    );
    let contents = zonepress_export::verify_pdf(&pdf).unwrap();
    let manifest: Value = serde_json::from_str(contents.manifest_json.as_deref().unwrap()).unwrap();
    let m = manifest["articles"]
        .as_array()
        .unwrap()
        .iter()
        .find(|a| a["article_id"] == article)
        .unwrap();
    assert_eq!(m["status"], "approved", "{m}");
    assert_eq!(m["revision"], rev);
    assert_eq!(m["signatures"].as_array().unwrap().len(), 3, "{m}");
    let recorded = d.json("layout", "list_exports", json!({ "issue_id": 1 }));
    let sha = sha256_hex(&pdf);
    assert!(
        recorded
            .as_array()
            .unwrap()
            .iter()
            .any(|r| r["pdf_sha256"] == sha.as_str()),
        "{recorded}"
    );
}

fn assets_of(d: &Demo, doc: &zonepress_export::IssueDoc) -> HashMap<String, Vec<u8>> {
    let mut out = HashMap::new();
    for a in doc.articles.values() {
        for b in &a.content.body {
            if let zonepress_core::Block::Image { asset_id, .. } = b {
                out.insert(
                    asset_id.clone(),
                    d.bytes("editor", "get_asset", json!({ "id": asset_id })),
                );
            }
        }
    }
    out
}

#[test]
fn verify_proves_the_pdf_and_names_each_kind_of_tampering() {
    let d = Demo::new();
    let layout = d.token("layout");
    // A PDF/A-2b export: the manifest is beside it, so it can be tampered with.
    let pdf = bytes_as(
        &d,
        &layout,
        "export_issue",
        json!({ "issue_id": 1, "options": { "pdf_a": true, "embed_manifest": false } }),
    );
    let manifest = call_as(&d, &layout, "get_export_manifest", json!({ "issue_id": 1 })).unwrap();
    let beside = manifest.to_string();
    let good = verify(&d, &pdf, Some(&beside)).unwrap();
    assert_eq!(good["ok"], true, "{good}");

    // An emptied manifest no longer verifies anything.
    let mut emptied = manifest.clone();
    emptied["articles"] = json!([]);
    let r = verify(&d, &pdf, Some(&emptied.to_string())).unwrap();
    assert_eq!(r["ok"], false);
    assert!(r["problems"].to_string().contains("导出清单缺少"), "{r}");
    // Nor a shortened one.
    let mut short = manifest.clone();
    short["articles"].as_array_mut().unwrap().pop();
    let r = verify(&d, &pdf, Some(&short.to_string())).unwrap();
    assert_eq!(r["ok"], false);
    assert!(r["problems"].to_string().contains("导出清单缺少"), "{r}");

    // Malformed manifests are clear errors, never a panic.
    let mut page0 = manifest.clone();
    page0["articles"][0]["page"] = json!(0);
    let err = verify(&d, &pdf, Some(&page0.to_string())).unwrap_err();
    assert_eq!(err.code, ErrorCode::InvalidInput);
    assert!(err.message.contains("第0版"), "{}", err.message);
    let mut missing = manifest.clone();
    missing["articles"][0]
        .as_object_mut()
        .unwrap()
        .remove("revision");
    let err = verify(&d, &pdf, Some(&missing.to_string())).unwrap_err();
    assert!(err.message.contains("缺少字段 revision"), "{}", err.message);

    // Text added to a page: the same export, typeset again with one more
    // paragraph in an article on page 2, carrying the real manifest.
    let record = d
        .ctx
        .store_for_tests()
        .export_by_hash(&sha256_hex(&pdf))
        .unwrap()
        .unwrap();
    let mut doc: zonepress_export::IssueDoc = serde_json::from_str(&record.doc_json).unwrap();
    let victim = doc.plan.pages[1].placements[0].article_id;
    doc.articles
        .get_mut(&victim)
        .unwrap()
        .content
        .body
        .push(zonepress_core::Block::Paragraph {
            text: "本段文字未经审核擅自加入版面。".into(),
        });
    let assets = assets_of(&d, &doc);
    let exporter = zonepress_api::layout::exporter(&d.ctx).unwrap();
    let forged = exporter
        .layout_for_export(&doc, &assets, &beside)
        .unwrap()
        .pdf(&zonepress_export::PdfOptions::default())
        .unwrap();
    let r = verify(&d, &forged, None).unwrap();
    assert_eq!(r["ok"], false);
    assert_eq!(r["hash_matches"], false);
    let problems = r["problems"].to_string();
    assert!(problems.contains("不属于任何稿件"), "{r}");
    assert!(problems.contains("擅自加入"), "{r}");

    // Signatures voided after the export: the PDF no longer proves approval.
    let a = d.json("editor", "get_article", json!({ "id": victim }));
    d.json(
        "editor",
        "save_article",
        json!({ "id": victim, "base_revision": a["revision"], "byline": "本报记者 林悦（改）" }),
    );
    let r = verify(&d, &pdf, Some(&beside)).unwrap();
    assert_eq!(r["ok"], false);
    let bad = r["articles"]
        .as_array()
        .unwrap()
        .iter()
        .find(|x| x["article_id"] == victim)
        .unwrap();
    assert!(bad["problems"].to_string().contains("签名"), "{bad}");
}

#[test]
fn a_proof_export_verifies_its_text_despite_the_watermark() {
    let d = Demo::new();
    let proof = d.bytes(
        "layout",
        "export_issue",
        json!({ "issue_id": 1, "options": { "proof_copy": true } }),
    );
    let r = verify(&d, &proof, None).unwrap();
    assert_eq!(r["ok"], true, "{r}");
    assert_eq!(r["proof_copy"], true);
    assert!(
        r["articles"]
            .as_array()
            .unwrap()
            .iter()
            .all(|a| a["ok"] == true)
    );
}
