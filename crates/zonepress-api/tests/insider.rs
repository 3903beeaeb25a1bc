//! No colleague may read, hold or sign what is not theirs (issue #25, part
//! B), on the real demo workspace: phone numbers in every answer about
//! contributors, presence heartbeats and the idle timeout, a changed
//! password and the other sessions, separation of duties after a restore,
//! formulas in the spreadsheets, refusals and comments on the record, and
//! re-enabling a weak account while the workspace is shared.

use zonepress_testkit::api::Demo;

use std::io::Read;

use serde_json::{Value, json};
use zonepress_api::{ApiError, Caller, ErrorCode, Reply};

fn call_as(d: &Demo, token: &str, cmd: &str, body: Value) -> Result<Value, ApiError> {
    match zonepress_api::call(&d.ctx, cmd, Some(token), body.to_string().as_bytes())? {
        Reply::Json(v) => Ok(v),
        Reply::Binary(b) => Ok(json!({ "bytes": b.bytes.len() })),
    }
}

fn user_id(d: &Demo, username: &str) -> i64 {
    d.json("admin", "list_users", json!({}))
        .as_array()
        .unwrap()
        .iter()
        .find(|u| u["username"] == username)
        .unwrap()["id"]
        .as_i64()
        .unwrap()
}

fn audit(d: &Demo, action: &str) -> Vec<Value> {
    d.json(
        "admin",
        "list_audit",
        json!({ "action": action, "limit": 1000, "oldest_first": true }),
    )["entries"]
        .as_array()
        .unwrap()
        .clone()
}

// ------------------------------------------------------------------ (3)

#[test]
fn no_answer_about_contributors_gives_a_phone_number_to_those_who_do_not_keep_the_list() {
    let d = Demo::new();
    let keepers_view = d.json("editor", "list_contributors", json!({}));
    let phones: Vec<String> = keepers_view
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|c| c["phone"].as_str())
        .filter(|p| !p.is_empty())
        .map(str::to_string)
        .collect();
    assert!(phones.len() >= 5, "the demo has phone numbers: {phones:?}");
    let articles = d.json("admin", "list_articles", json!({}));
    let ids: Vec<i64> = articles
        .as_array()
        .unwrap()
        .iter()
        .map(|a| a["id"].as_i64().unwrap())
        .collect();
    let first_byline = articles[0]["byline"].as_str().unwrap().to_string();
    let leaked = |answer: &Value| -> Vec<String> {
        let text = answer.to_string();
        phones
            .iter()
            .filter(|p| text.contains(p.as_str()))
            .cloned()
            .collect()
    };
    for reader in ["proofreader", "reviewer1", "layout"] {
        let token = d.token(reader);
        let mut answers = vec![
            call_as(&d, &token, "list_contributors", json!({})).unwrap(),
            call_as(
                &d,
                &token,
                "article_credits",
                json!({ "byline": first_byline }),
            )
            .unwrap(),
        ];
        for id in &ids {
            answers.push(call_as(&d, &token, "article_credits", json!({ "id": id })).unwrap());
        }
        let named: usize = answers
            .iter()
            .skip(1)
            .map(|a| {
                a["people"].as_array().map_or(0, |p| {
                    p.iter().filter(|x| x["contributor"].is_object()).count()
                })
            })
            .sum();
        assert!(named > 10, "{reader} still sees who the bylines name");
        for a in &answers {
            assert_eq!(leaked(a), Vec::<String>::new(), "{reader}: {a}");
        }
    }
    // Those who keep the list still read them, in the credits too.
    let editor = d.token("editor");
    let all: Vec<Value> = ids
        .iter()
        .map(|id| call_as(&d, &editor, "article_credits", json!({ "id": id })).unwrap())
        .collect();
    assert!(all.iter().any(|a| !leaked(a).is_empty()));
}

// ------------------------------------------------------------------ (5)

/// Move the session's last use `secs` further into the past.
fn age_session(d: &Demo, token: &str, secs: i64) {
    let hash = zonepress_api::auth::hash_token(token);
    d.ctx
        .store_for_tests()
        .write(|tx| {
            tx.execute(
                "UPDATE sessions SET last_seen_at = last_seen_at - ?2 WHERE token_hash = ?1",
                (hash.as_str(), secs * 1000),
            )?;
            Ok(())
        })
        .unwrap();
}

#[test]
fn presence_heartbeats_never_keep_an_idle_session_alive() {
    let d = Demo::new();
    let mut p = d.json("admin", "get_publication", json!({}));
    p["session_idle_minutes"] = json!(5);
    d.json("admin", "update_publication", p);
    let editor = d.token("editor");
    let article = 20;
    call_as(&d, &editor, "open_article", json!({ "id": article })).unwrap();

    // 200 s without touching anything, the article open on the screen:
    // heartbeats every 20 s, and a refresh the client made on its own.
    age_session(&d, &editor, 200);
    for _ in 0..3 {
        call_as(&d, &editor, "open_article", json!({ "id": article })).unwrap();
        call_as(&d, &editor, "get_presence", json!({ "id": article })).unwrap();
    }
    let background = Caller::local().in_background(true);
    zonepress_api::call_from(&d.ctx, &background, "list_articles", Some(&editor), b"{}").unwrap();
    // 180 s more: 380 s idle under a 5-minute limit. The session is over.
    age_session(&d, &editor, 180);
    let e = call_as(&d, &editor, "whoami", json!({})).unwrap_err();
    assert_eq!(e.code, ErrorCode::Unauthorized, "{e:?}");
    let e = call_as(&d, &editor, "open_article", json!({ "id": article })).unwrap_err();
    assert_eq!(e.code, ErrorCode::Unauthorized);

    // The user's own action does count.
    let reviewer = d.token("reviewer1");
    age_session(&d, &reviewer, 200);
    call_as(&d, &reviewer, "get_article", json!({ "id": article })).unwrap();
    age_session(&d, &reviewer, 180);
    call_as(&d, &reviewer, "whoami", json!({})).unwrap();
}

// ------------------------------------------------------------------ (6)

#[test]
fn changing_a_password_signs_out_the_other_sessions_and_says_so() {
    let d = Demo::new();
    let here = d.token("editor");
    let laptop = d.token("editor");
    let phone = d.token("editor");
    let someone_else = d.token("reviewer1");
    let out = call_as(
        &d,
        &here,
        "change_password",
        json!({ "old_password": "zonepress", "new_password": "青禾园区-新密码2026" }),
    )
    .unwrap();
    assert_eq!(out["other_sessions_ended"], 2, "{out}");
    for gone in [&laptop, &phone] {
        let e = call_as(&d, gone, "whoami", json!({})).unwrap_err();
        assert_eq!(e.code, ErrorCode::Unauthorized);
        assert!(e.message.contains("密码已在另一处修改"), "{}", e.message);
    }
    // This session and other accounts go on.
    call_as(&d, &here, "whoami", json!({})).unwrap();
    call_as(&d, &someone_else, "whoami", json!({})).unwrap();
    let entry = audit(&d, "user.password_change").pop().unwrap();
    assert_eq!(entry["detail"]["other_sessions_ended"], 2);
}

// ------------------------------------------------------------------ (8)

fn body(text: &str) -> Value {
    json!([{ "type": "paragraph", "text": text }])
}

#[test]
fn nobody_signs_a_revision_whose_text_they_wrote_even_after_a_restore() {
    let d = Demo::new();
    let reviewer1 = user_id(&d, "reviewer1");
    let reviewer2 = user_id(&d, "reviewer2");
    // 郑雨桐 (初审) also edits; 何建华 may now sign 初审 too.
    d.json(
        "admin",
        "update_user",
        json!({ "id": reviewer1, "roles": ["editor", "reviewer"] }),
    );
    d.json(
        "admin",
        "update_user",
        json!({ "id": reviewer2, "review_levels": [1, 2] }),
    );
    let editor = d.token("editor");
    let co_editor = d.token("reviewer1");
    let other = d.token("reviewer2");
    let created = call_as(
        &d,
        &editor,
        "create_article",
        json!({ "issue_id": 1, "title": "园区企业座谈会召开", "body": body("林悦起草的第一稿。") }),
    )
    .unwrap();
    let id = created["id"].as_i64().unwrap();
    // The co-editor rewrites it entirely (第2稿) …
    call_as(
        &d,
        &co_editor,
        "save_article",
        json!({ "id": id, "base_revision": 1, "title": "青禾园区召开重点企业座谈会",
                "body": body("11月18日，青禾园区召开重点企业座谈会，听取企业对营商环境的意见建议。") }),
    )
    .unwrap();
    // … the editor writes another text (第3稿), sends it, and it is returned.
    call_as(
        &d,
        &editor,
        "save_article",
        json!({ "id": id, "base_revision": 2, "title": "另拟的标题",
                "body": body("编辑另写了一稿，与前一稿完全不同。") }),
    )
    .unwrap();
    call_as(
        &d,
        &editor,
        "submit_article",
        json!({ "id": id, "revision": 3 }),
    )
    .unwrap();
    call_as(
        &d,
        &other,
        "return_article",
        json!({ "id": id, "revision": 3, "level": 1, "opinion": "请用原来那一稿" }),
    )
    .unwrap();
    // After the return the editor restores the co-editor's 第2稿 and sends it.
    call_as(
        &d,
        &editor,
        "restore_revision",
        json!({ "id": id, "number": 2, "base_revision": 3 }),
    )
    .unwrap();
    call_as(
        &d,
        &editor,
        "submit_article",
        json!({ "id": id, "revision": 4 }),
    )
    .unwrap();

    // Every word of 第4稿 is the co-editor's: he may not sign it.
    let e = call_as(
        &d,
        &co_editor,
        "approve_article",
        json!({ "id": id, "revision": 4, "level": 1 }),
    )
    .unwrap_err();
    assert_eq!(e.code, ErrorCode::Forbidden, "{e:?}");
    assert!(e.message.contains("撰写的文字"), "{}", e.message);
    let view = call_as(&d, &co_editor, "get_review", json!({ "id": id })).unwrap();
    assert_eq!(view["allowed"]["approve"], false);
    let inbox = call_as(&d, &co_editor, "list_inbox", json!({})).unwrap();
    assert!(
        !inbox["to_review"]
            .as_array()
            .unwrap()
            .iter()
            .any(|a| a["id"] == id)
    );
    // A small change by the editor leaves most of the text his: still no.
    call_as(
        &d,
        &editor,
        "save_article",
        json!({ "id": id, "base_revision": 4,
                "body": body("11月18日上午，青禾园区召开重点企业座谈会，听取企业对营商环境的意见建议。") }),
    )
    .unwrap();
    let e = call_as(
        &d,
        &co_editor,
        "approve_article",
        json!({ "id": id, "revision": 5, "level": 1 }),
    )
    .unwrap_err();
    assert_eq!(e.code, ErrorCode::Forbidden);
    // Someone who wrote none of it signs.
    let signed = call_as(
        &d,
        &other,
        "approve_article",
        json!({ "id": id, "revision": 5, "level": 1 }),
    )
    .unwrap();
    assert_eq!(signed["review_level"], 2);
}

// ------------------------------------------------------------------ (9)

/// The cells of one sheet of an .xlsx: (text, quote-prefixed) per cell.
fn xlsx_texts(xlsx: &[u8], sheet: usize) -> Vec<(String, bool)> {
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(xlsx)).unwrap();
    let mut read = |name: &str| {
        let mut s = String::new();
        zip.by_name(name).unwrap().read_to_string(&mut s).unwrap();
        s
    };
    let shared = read("xl/sharedStrings.xml");
    let styles = read("xl/styles.xml");
    let sheet = read(&format!("xl/worksheets/sheet{sheet}.xml"));
    let strings: Vec<String> = shared
        .split("<si>")
        .skip(1)
        .map(|si| {
            si.split("<t")
                .skip(1)
                .filter_map(|t| t.split_once('>').map(|(_, rest)| rest))
                .map(|rest| rest.split("</t>").next().unwrap_or(""))
                .collect::<String>()
                .replace("&amp;", "&")
                .replace("&lt;", "<")
                .replace("&gt;", ">")
                .replace("&quot;", "\"")
        })
        .collect();
    let xfs: Vec<bool> = styles
        .split("<cellXfs")
        .nth(1)
        .unwrap()
        .split("</cellXfs>")
        .next()
        .unwrap()
        .split("<xf ")
        .skip(1)
        .map(|xf| xf.split('>').next().unwrap().contains("quotePrefix=\"1\""))
        .collect();
    sheet
        .split("<c ")
        .skip(1)
        .filter(|c| c.split('>').next().unwrap().contains("t=\"s\""))
        .map(|c| {
            let head = c.split('>').next().unwrap();
            let style: usize = head
                .split("s=\"")
                .nth(1)
                .and_then(|s| s.split('"').next())
                .and_then(|s| s.parse().ok())
                .unwrap_or(0);
            let idx: usize = c
                .split("<v>")
                .nth(1)
                .unwrap()
                .split("</v>")
                .next()
                .unwrap()
                .parse()
                .unwrap();
            (strings[idx].clone(), xfs[style])
        })
        .collect()
}

#[test]
fn text_that_a_spreadsheet_would_run_is_written_as_text_in_every_export() {
    let d = Demo::new();
    // The demo issue printed, so that contributors have rows.
    d.bytes("layout", "export_issue", json!({ "issue_id": 1 }));
    let contributors = d.json("editor", "list_contributors", json!({}));
    let he = contributors
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["name"] == "何佳宁")
        .unwrap()
        .clone();
    d.json(
        "editor",
        "save_contributor",
        json!({ "id": he["id"], "name": "何佳宁", "unit": "=1+1", "paid": true }),
    );
    let period = json!({ "from": "2026-11-01", "to": "2026-11-30" });

    // CSV: the cell begins with a quote, nothing in a cell begins with =.
    let mut input = period.clone();
    input["format"] = json!("csv");
    let csv = String::from_utf8(d.bytes("reviewer1", "export_stats", input)).unwrap();
    let line = csv.lines().find(|l| l.starts_with("何佳宁,")).unwrap();
    assert!(line.starts_with("何佳宁,'=1+1,1,1,"), "{line}");
    for l in csv.lines() {
        assert!(
            !l.split(',').any(|cell| cell.starts_with('=')),
            "a formula cell: {l}"
        );
    }
    // per unit the unit is the row's name, first in its line
    input = period.clone();
    input["format"] = json!("csv");
    input["by"] = json!("unit");
    let csv = String::from_utf8(d.bytes("reviewer1", "export_stats", input)).unwrap();
    assert!(csv.lines().any(|l| l.starts_with("'=1+1,")), "{csv}");

    // .xlsx: a text cell, marked with the quote prefix; numbers stay numbers.
    input = period.clone();
    input["format"] = json!("xlsx");
    let xlsx = d.bytes("reviewer1", "export_stats", input);
    let cells = xlsx_texts(&xlsx, 1);
    assert!(cells.contains(&("=1+1".to_string(), true)), "{cells:?}");
    assert!(cells.contains(&("何佳宁".to_string(), false)));
    assert!(cells.iter().all(|(t, q)| !t.starts_with('=') || *q));

    // The 稿酬发放表 too (the demo has payment rules).
    let mut input = period.clone();
    input["format"] = json!("xlsx");
    let sheet = d.bytes("admin", "export_payment_statement", input);
    let cells = xlsx_texts(&sheet, 1);
    assert!(cells.contains(&("=1+1".to_string(), true)), "{cells:?}");
}

// ----------------------------------------------------------------- (10)

#[test]
fn comments_resolved_and_reopened_and_refused_privileged_commands_are_on_the_record() {
    let d = Demo::new();
    let reviewer = d.token("reviewer1");
    let comment = call_as(
        &d,
        &reviewer,
        "add_comment",
        json!({ "id": 20, "revision": 1, "start": 0, "end": 2, "body": "这里请核实" }),
    )
    .unwrap();
    let cid = comment["id"].as_i64().unwrap();
    call_as(
        &d,
        &reviewer,
        "resolve_comment",
        json!({ "comment_id": cid }),
    )
    .unwrap();
    call_as(
        &d,
        &reviewer,
        "resolve_comment",
        json!({ "comment_id": cid, "resolved": false }),
    )
    .unwrap();
    let resolved = audit(&d, "comment.resolve");
    let reopened = audit(&d, "comment.reopen");
    assert_eq!((resolved.len(), reopened.len()), (1, 1));
    assert_eq!(resolved[0]["detail"]["comment"], cid);
    assert_eq!(resolved[0]["target_id"], 20);
    assert!(resolved[0]["actor"].as_str().unwrap().contains("reviewer1"));

    // A proofreader tries what only an admin may: each try is recorded.
    let proofreader = d.token("proofreader");
    for (cmd, body) in [
        ("list_audit", json!({})),
        ("backup_workspace", json!({})),
        (
            "create_user",
            json!({ "username": "x1", "display_name": "某人", "password": "青禾园区-编务2026", "roles": ["admin"] }),
        ),
        (
            "update_user",
            json!({ "id": 1, "roles": ["proofreader", "admin"] }),
        ),
    ] {
        let e = call_as(&d, &proofreader, cmd, body).unwrap_err();
        assert_eq!(e.code, ErrorCode::Forbidden, "{cmd}");
    }
    // Everyday refusals are not: a proofreader may not export either.
    call_as(&d, &proofreader, "export_issue", json!({ "issue_id": 1 })).unwrap_err();
    let refused = audit(&d, "access.refused");
    let commands: Vec<&str> = refused
        .iter()
        .map(|e| e["detail"]["command"].as_str().unwrap())
        .collect();
    assert_eq!(
        commands,
        [
            "list_audit",
            "backup_workspace",
            "create_user",
            "update_user"
        ]
    );
    assert!(
        refused
            .iter()
            .all(|e| e["actor"].as_str().unwrap().contains("proofreader"))
    );
    // A loop of refusals fills no log.
    for _ in 0..50 {
        call_as(&d, &proofreader, "list_users", json!({})).unwrap_err();
    }
    let refused = audit(&d, "access.refused");
    assert_eq!(
        refused.len(),
        zonepress_api::privileged::MAX_PER_MINUTE as usize
    );
    assert_eq!(d.json("admin", "verify_audit", json!({}))["ok"], true);
}

#[test]
fn a_name_typed_at_a_failed_sign_in_is_kept_as_a_short_hash() {
    let d = Demo::new();
    let typed = "Qinghe#Secret-2026";
    let e = zonepress_api::call(
        &d.ctx,
        "login",
        None,
        json!({ "username": typed, "password": "whatever" })
            .to_string()
            .as_bytes(),
    )
    .unwrap_err();
    assert_eq!(e.code, ErrorCode::Unauthorized);
    assert!(!e.log.contains(typed), "{}", e.log);
    let fails = audit(&d, "login.fail");
    let entry = fails.last().unwrap();
    let text = entry.to_string();
    assert!(!text.contains(typed), "{text}");
    assert!(!text.to_lowercase().contains("secret"), "{text}");
    let actor = entry["actor"].as_str().unwrap();
    assert!(actor.starts_with("未登记的用户名（"), "{actor}");
    // the same name gives the same tag, another name another one
    for name in [typed, "someone-else"] {
        zonepress_api::call(
            &d.ctx,
            "login",
            None,
            json!({ "username": name, "password": "whatever" })
                .to_string()
                .as_bytes(),
        )
        .unwrap_err();
    }
    let fails = audit(&d, "login.fail");
    let n = fails.len();
    assert_eq!(fails[n - 2]["actor"], actor);
    assert_ne!(fails[n - 1]["actor"], actor);
    // A known account's failure still names the account.
    zonepress_api::call(
        &d.ctx,
        "login",
        None,
        json!({ "username": "editor", "password": "wrong-password" })
            .to_string()
            .as_bytes(),
    )
    .unwrap_err();
    let last = audit(&d, "login.fail").pop().unwrap();
    assert!(last["actor"].as_str().unwrap().contains("editor"));
}

// ----------------------------------------------------- read in the code

#[test]
fn a_weak_account_is_not_enabled_again_while_the_workspace_is_shared() {
    let d = Demo::new();
    let admin = d.token("admin");
    let layout = user_id(&d, "layout");
    call_as(
        &d,
        &admin,
        "update_user",
        json!({ "id": layout, "disabled": true }),
    )
    .unwrap();
    d.ctx.set_network(zonepress_api::auth::NetworkInfo {
        sharing: true,
        addresses: vec!["https://192.168.1.20:8470/".into()],
        tls_fingerprint: None,
    });
    // The demo password, or a new one the admin sets: refused while shared.
    for body in [
        json!({ "id": layout, "disabled": false }),
        json!({ "id": layout, "disabled": false, "password": "青禾园区-排版2026" }),
    ] {
        let e = call_as(&d, &admin, "update_user", body).unwrap_err();
        assert_eq!(e.code, ErrorCode::Forbidden);
        assert!(e.message.contains("孙一鸣"), "{}", e.message);
        assert!(e.message.contains("局域网"), "{}", e.message);
    }
    let still = d.json("admin", "list_users", json!({}));
    assert!(
        still
            .as_array()
            .unwrap()
            .iter()
            .any(|u| u["id"] == layout && u["disabled"] == true)
    );
    // On this machine only, it may be.
    d.ctx
        .set_network(zonepress_api::auth::NetworkInfo::default());
    call_as(
        &d,
        &admin,
        "update_user",
        json!({ "id": layout, "disabled": false }),
    )
    .unwrap();
}
