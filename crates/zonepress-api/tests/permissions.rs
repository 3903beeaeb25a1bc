//! The permission matrix: every command × every role, each asserted against
//! the table below; plus the separation-of-duties cases of the 三审 rule.
//! A command missing from the table fails the test, so new commands must
//! declare who may call them.

use zonepress_testkit::api::Fixture;

use serde_json::{Value, json};
use zonepress_api::ErrorCode;

/// Every role, the 通讯员 included (the roles the matrix is checked for).
const ALL: &[&str] = &[
    "editor",
    "reviewer",
    "proofreader",
    "layout",
    "admin",
    "correspondent",
];
/// The office's staff: every role but the 通讯员.
const STAFF: &[&str] = &["editor", "reviewer", "proofreader", "layout", "admin"];
/// Those who write their own articles: editors and 通讯员.
const WRITERS: &[&str] = &["editor", "correspondent"];
/// Editors and admins plan topics (选题会, 派稿).
const PLANNERS: &[&str] = &["editor", "admin"];
/// 预留版位: layout staff (and proofreaders, who edit the plan) and planners.
const SLOT_KEEPERS: &[&str] = &["editor", "layout", "proofreader", "admin"];
const EDITOR: &[&str] = &["editor"];
const REVIEWER: &[&str] = &["reviewer"];
const ADMIN: &[&str] = &["admin"];
const ISSUES: &[&str] = &["editor", "layout", "admin"];
const COMMENTERS: &[&str] = &["editor", "reviewer", "proofreader", "layout"];
const PROOF: &[&str] = &["editor", "proofreader", "admin"];
const IGNORE_ERRORS: &[&str] = &["proofreader", "admin"];
const PROOFREADER: &[&str] = &["proofreader"];
const LAYOUT: &[&str] = &["layout", "proofreader", "admin"];
const EXPORT: &[&str] = &["layout"];
const VERIFY: &[&str] = &["reviewer", "layout", "admin"];
const CONTRIBUTORS: &[&str] = &["editor", "admin"];
const PAYMENTS: &[&str] = &["reviewer", "admin"];
/// 校样: layout staff start rounds; layout staff and proofreaders close them.
const ROUND_STARTERS: &[&str] = &["layout"];
const ROUND_CLOSERS: &[&str] = &["layout", "proofreader"];
/// Proofreaders, editors and reviewers mark the pages.
const MARKERS: &[&str] = &["editor", "reviewer", "proofreader"];
/// Editors resolve marks (layout staff: marks on the layout).
const RESOLVERS: &[&str] = &["editor", "layout"];
/// 签版 and 付印: by default the accounts that may sign the last review
/// level (the fixture's reviewer may sign any level).
const PAGE_SIGNERS: &[&str] = &["reviewer"];

/// Who passes the permission check of each command, and a valid input.
fn case(f: &Fixture, command: &str) -> Option<(&'static [&'static str], Value)> {
    let a = f.article_id;
    let i = f.issue_id;
    let txt = base64_of("开发区召开安全会议\n\n11月20日，开发区召开会议。");
    Some(match command {
        "login" => return None,
        "logout" | "whoami" | "list_inbox" => (ALL, json!({})),
        "get_publication" | "list_issues" | "list_roster" | "list_word_rules" => (STAFF, json!({})),
        "change_password" => (
            ALL,
            json!({ "old_password": "wrong-old", "new_password": "new-password-1" }),
        ),
        "list_users" => (ADMIN, json!({})),
        "create_user" => (
            ADMIN,
            json!({ "username": "newbie", "display_name": "新人", "password": "password-123", "roles": ["editor"] }),
        ),
        "update_user" => (ADMIN, json!({ "id": f.author.id, "display_name": "改名" })),
        "update_publication" => (
            ADMIN,
            json!({ "name": "青禾开发区报", "publisher": "党群工作部", "permit_number": "内准字", "page_size": "A3", "columns": 4, "review_levels": 3 }),
        ),
        "create_issue" => (
            ISSUES,
            json!({ "year": 2026, "number": 12, "date": "2026-12-31" }),
        ),
        "update_issue" => (ISSUES, json!({ "id": i, "page_count": 4 })),
        // A 通讯员 gets their own articles only (none here).
        "list_articles" => (ALL, json!({ "issue_id": i })),
        "get_article" | "list_revisions" | "get_history" | "get_review" | "list_comments"
        | "check_article" => (STAFF, json!({ "id": a })),
        "get_revision" => (STAFF, json!({ "id": a, "number": 1 })),
        "diff_revisions" => (STAFF, json!({ "id": a, "from": 1, "to": 1 })),
        "create_article" => (WRITERS, json!({ "title": "新稿", "issue_id": i })),
        "save_article" => (
            EDITOR,
            json!({ "id": a, "base_revision": 1, "title": "改过的标题" }),
        ),
        "restore_revision" => (EDITOR, json!({ "id": a, "number": 1, "base_revision": 1 })),
        "submit_article" => (EDITOR, json!({ "id": a, "revision": 1 })),
        "approve_article" | "return_article" => {
            f.submit();
            (
                REVIEWER,
                json!({ "id": a, "revision": 1, "level": 1, "opinion": "请核实数据" }),
            )
        }
        // Only the author (not one of the role accounts) or an admin.
        "withdraw_article" | "reopen_article" => (ADMIN, json!({ "id": a })),
        "add_comment" => (
            COMMENTERS,
            json!({ "id": a, "revision": 1, "start": 0, "end": 2, "body": "此处请核实" }),
        ),
        "resolve_comment" => {
            let c = f
                .ctx
                .store_for_tests()
                .add_comment(
                    &zonepress_store::audit::Actor::user(&f.author, "本机", "desktop"),
                    &zonepress_store::review::NewComment {
                        article_id: a,
                        revision: 1,
                        parent_id: None,
                        start: 0,
                        end: 2,
                        quote: "【主".into(),
                        body: "作者自己的批注".into(),
                    },
                )
                .unwrap();
            // Comment role, and then: the comment's author, the article's author or a reviewer.
            (REVIEWER, json!({ "comment_id": c.id }))
        }
        "search_articles" => (STAFF, json!({ "query": "安全 会议", "issue_id": i })),
        "search_options" => (STAFF, json!({})),
        "check_text" => (STAFF, json!({ "text": "会议,召开。", "issue_id": i })),
        "ignore_finding" => (
            PROOF,
            json!({ "article_id": a, "key": "nope", "reason": "原文如此" }),
        ),
        "unignore_finding" => (PROOF, json!({ "article_id": a, "key": "nope" })),
        "issue_proof_report" => (STAFF, json!({ "issue_id": i })),
        "record_proof_pass" => (PROOFREADER, json!({ "issue_id": i, "pass": 1 })),
        "reorder_roster" => (ADMIN, json!({ "ids": [] })),
        "set_article_priority" => (PLANNERS, json!({ "id": a, "priority": "major" })),
        "suggest_layout" => (LAYOUT, json!({ "issue_id": i })),
        "save_roster_entry" => (
            ADMIN,
            json!({ "name": "张海峰", "title": "开发区党工委书记" }),
        ),
        "delete_roster_entry" | "delete_word_rule" => (ADMIN, json!({ "id": 999_999 })),
        "save_word_rule" => (
            ADMIN,
            json!({ "wrong": "帐号", "right": "账号", "kind": "confusable" }),
        ),
        "preview_import" => (
            WRITERS,
            json!({ "file_name": "稿件.txt", "data_base64": txt }),
        ),
        "import_articles" => (
            WRITERS,
            json!({ "issue_id": i, "items": [{ "file_name": "稿件.txt", "data_base64": txt }] }),
        ),
        "clean_pdf_text" => (ALL, json!({ "text": "第一行\n第二行" })),
        "get_issue_plan" | "preflight_issue" | "list_exports" | "get_export_manifest" => {
            (STAFF, json!({ "issue_id": i }))
        }
        "plan_issue" => (
            LAYOUT,
            json!({ "issue_id": i, "page_size": "A3", "columns": 4, "pages": [{ "number": 1, "template": "front", "placements": [] }] }),
        ),
        "preview_page" => (STAFF, json!({ "issue_id": i, "page": 1 })),
        "export_issue" => (
            EXPORT,
            json!({ "issue_id": i, "options": { "proof_copy": true } }),
        ),
        "export_review_form" => (STAFF, json!({ "id": a })),
        "get_asset" => (STAFF, json!({ "id": "0".repeat(64) })),
        "logout_all" => (ALL, json!({})),
        "list_ignore_proposals" => (STAFF, json!({})),
        "sign_out_user" => (ADMIN, json!({ "id": f.author.id })),
        "diff_unsaved" => (
            STAFF,
            json!({ "id": a, "number": 1, "title": "改过的标题" }),
        ),
        "open_article" | "close_article" | "get_presence" => (STAFF, json!({ "id": a })),
        "review_ignore" => (IGNORE_ERRORS, json!({ "id": 999_999, "accept": true })),
        "verify_export" => (
            VERIFY,
            json!({ "pdf_base64": base64_of("%PDF-1.7 not really") }),
        ),
        "list_audit" | "verify_audit" | "backup_workspace" | "server_info" | "check_sharing" => {
            (ADMIN, json!({}))
        }
        "record_sharing" => (ADMIN, json!({ "on": false })),
        "list_contributors" => (STAFF, json!({})),
        "save_contributor" => (CONTRIBUTORS, json!({ "name": "陈曦", "unit": "经发局" })),
        "article_credits" => (STAFF, json!({ "id": a })),
        "confirm_article_credits" => (CONTRIBUTORS, json!({ "id": a, "source": "", "people": [] })),
        "article_stats" | "export_stats" => {
            (STAFF, json!({ "from": "2026-11-01", "to": "2026-11-30" }))
        }
        "stats_articles" => (
            STAFF,
            json!({ "from": "2026-11-01", "to": "2026-11-30", "key": "-" }),
        ),
        "payment_statement" => (
            PAYMENTS,
            json!({ "from": "2026-11-01", "to": "2026-11-30" }),
        ),
        "export_payment_statement" => (
            PAYMENTS,
            json!({ "from": "2026-11-01", "to": "2026-11-30", "format": "xlsx" }),
        ),
        "list_payment_statements" | "list_payment_rules" => (PAYMENTS, json!({})),
        "get_payment_statement" => (PAYMENTS, json!({ "id": 999_999 })),
        "issue_payment_statement" => (ADMIN, json!({ "from": "2026-11-01", "to": "2026-11-30" })),
        "void_payment_statement" => (ADMIN, json!({ "id": 999_999, "reason": "重复" })),
        "save_payment_rules" => (
            ADMIN,
            json!({ "valid_from": "2026-01-01", "per_thousand": 8000 }),
        ),
        "delete_payment_rules" => (ADMIN, json!({ "id": 999_999 })),
        // A 校样 of the web edition: allowed before the issue is print-ready.
        "export_web" => (EXPORT, json!({ "issue_id": i, "proof_copy": true })),
        // Anyone may copy a signed article; an unsigned one is refused by
        // state (invalid_state), not by role.
        "wechat_html" => (STAFF, json!({ "id": a })),
        "wechat_issue_html" => (STAFF, json!({ "issue_id": i })),
        "start_proof_round" => (ROUND_STARTERS, json!({ "issue_id": i })),
        "close_proof_round" => (ROUND_CLOSERS, json!({ "id": 999_999 })),
        "list_proof_rounds" | "get_issue_pages" | "page_corrections" => {
            (STAFF, json!({ "issue_id": i }))
        }
        "proof_round_pdf" => (STAFF, json!({ "id": 999_999 })),
        "proof_round_page" => (STAFF, json!({ "id": 999_999, "page": 1 })),
        "proof_marks_pdf" => (STAFF, json!({ "round_id": 999_999 })),
        "proof_mark_kinds" => (STAFF, json!({})),
        "list_proof_marks" => (STAFF, json!({ "issue_id": i })),
        "add_proof_mark" => (
            MARKERS,
            json!({ "round_id": 999_999, "page": 1, "x_mm": 10.0, "y_mm": 10.0, "kind": "keep" }),
        ),
        "resolve_proof_mark" => (RESOLVERS, json!({ "id": 999_999, "resolution": "applied" })),
        "apply_proof_mark" => (EDITOR, json!({ "id": 999_999, "base_revision": 1 })),
        "sign_page" => (
            PAGE_SIGNERS,
            json!({ "issue_id": i, "page": 1, "page_hash": "0" }),
        ),
        "order_print" => (PAGE_SIGNERS, json!({ "issue_id": i })),
        // 印刷设置: everyone reads the output condition, admins change it.
        "get_print_settings" => (STAFF, json!({})),
        "update_print_settings" => (
            ADMIN,
            json!({ "paper": "uncoated", "ink_limit": 260, "min_ppi": 300, "bleed_mm": 3.0,
                    "masthead": { "c": 0, "m": 100, "y": 100, "k": 10 } }),
        ),
        "import_print_profile" => (
            ADMIN,
            json!({ "file_name": "x.icc", "data_base64": base64_of("not a profile") }),
        ),
        "delete_print_profile" => (ADMIN, json!({ "key": "0".repeat(64) })),
        "preflight_pdf" => (
            STAFF,
            json!({ "pdf_base64": base64_of("%PDF-1.7 not really") }),
        ),
        // 选题 and 派稿: the fixture's topic was proposed by the author,
        // so a 通讯员 may not read it or start its article.
        "propose_topic" => (ALL, json!({ "title": "园区新签约项目巡礼", "issue_id": i })),
        "list_topics" => (ALL, json!({ "issue_id": i })),
        "list_notifications" => (ALL, json!({ "limit": 20 })),
        "mark_notifications_read" => (ALL, json!({})),
        "get_topic" => (STAFF, json!({ "id": f.topic(false) })),
        "decide_topic" => (
            PLANNERS,
            json!({ "id": f.topic(false), "decision": "held", "reason": "下期再议" }),
        ),
        "assign_topic" => (
            PLANNERS,
            json!({ "topic_id": f.topic(true), "assignee": "author", "due": "2026-11-25" }),
        ),
        // The assignee (the author) or an editor; the others are refused.
        "start_topic_article" => (EDITOR, json!({ "topic_id": f.assigned_topic() })),
        "link_topic_article" => (
            PLANNERS,
            json!({ "topic_id": f.topic(true), "article_id": a }),
        ),
        "cancel_topic" => (
            PLANNERS,
            json!({ "id": f.topic(true), "reason": "活动延期" }),
        ),
        "reserve_topic_slot" => (
            SLOT_KEEPERS,
            json!({ "topic_id": f.topic(true), "page": 2 }),
        ),
        "list_my_pieces" => (WRITERS, json!({})),
        "get_reminder_settings" => (ALL, json!({})),
        "update_reminder_settings" => (ADMIN, json!({ "reminder_days": 3 })),
        "create_correspondent" => (
            ADMIN,
            json!({ "username": "tongxun", "display_name": "通讯员甲", "password": "qinghe-2026-tx", "unit": "经发局" }),
        ),
        _ => return Some((&[], Value::Null)),
    })
}

fn base64_of(s: &str) -> String {
    const T: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let b = s.as_bytes();
    let mut out = String::new();
    for chunk in b.chunks(3) {
        let n = (chunk[0] as u32) << 16
            | (*chunk.get(1).unwrap_or(&0) as u32) << 8
            | *chunk.get(2).unwrap_or(&0) as u32;
        for k in 0..4 {
            if k <= chunk.len() {
                out.push(T[(n >> (18 - 6 * k) & 63) as usize] as char);
            } else {
                out.push('=');
            }
        }
    }
    out
}

#[test]
fn every_command_for_every_role() {
    let mut checked = 0;
    let mut wrong = Vec::new();
    for info in zonepress_api::COMMANDS {
        for role in ALL {
            let f = Fixture::new();
            let Some((allowed, input)) = case(&f, info.name) else {
                continue;
            };
            assert!(
                !input.is_null(),
                "command {} has no row in the permission table",
                info.name
            );
            let out = f.call(role, info.name, input.clone());
            let refused = matches!(&out, Err(e) if e.code == ErrorCode::Forbidden);
            let should_pass = allowed.contains(role);
            if refused == should_pass {
                wrong.push(format!("{} as {role}: {:?}", info.name, out));
                continue;
            }
            if refused {
                let msg = out.unwrap_err().message;
                assert!(
                    msg.chars().any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c)),
                    "refusal of {} is not in Chinese: {msg}",
                    info.name
                );
            }
            checked += 1;
        }
    }
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
    assert!(checked >= 40 * ALL.len(), "only {checked} cases");
}

#[test]
fn without_a_session_only_login_answers() {
    let f = Fixture::new();
    for info in zonepress_api::COMMANDS {
        if info.public {
            continue;
        }
        for token in [None, Some("forged-token")] {
            let out = zonepress_api::call(&f.ctx, info.name, token, b"{}");
            assert!(
                matches!(&out, Err(e) if e.code == ErrorCode::Unauthorized || e.code == ErrorCode::InvalidInput),
                "{} without a valid session: {out:?}",
                info.name
            );
        }
    }
}

#[test]
fn an_author_never_reviews_their_own_article() {
    let f = Fixture::new();
    // One account with both roles writes and submits an article.
    f.ok(
        "admin",
        "update_user",
        json!({ "id": f.user("editor").id, "roles": ["editor", "reviewer"] }),
    );
    let art = f.ok(
        "editor",
        "create_article",
        json!({ "title": "自己写的稿件" }),
    );
    let id = art["id"].as_i64().unwrap();
    f.ok(
        "editor",
        "submit_article",
        json!({ "id": id, "revision": 1 }),
    );
    let err = f
        .call(
            "editor",
            "approve_article",
            json!({ "id": id, "revision": 1, "level": 1 }),
        )
        .unwrap_err();
    assert_eq!(err.code, ErrorCode::Forbidden);
    assert_eq!(err.message, "不能审核自己撰写的稿件");
    let inbox = f.ok("editor", "list_inbox", json!({}));
    assert!(inbox["to_review"].as_array().unwrap().is_empty());
}

#[test]
fn one_account_signs_at_most_one_level() {
    let f = Fixture::new();
    f.submit();
    let a = f.article_id;
    f.ok(
        "reviewer",
        "approve_article",
        json!({ "id": a, "revision": 1, "level": 1 }),
    );
    let err = f
        .call(
            "reviewer",
            "approve_article",
            json!({ "id": a, "revision": 1, "level": 2 }),
        )
        .unwrap_err();
    assert_eq!(err.code, ErrorCode::Forbidden);
    assert!(err.message.contains("初审"), "{}", err.message);
    // Not in their inbox either.
    let inbox = f.ok("reviewer", "list_inbox", json!({}));
    assert!(inbox["to_review"].as_array().unwrap().is_empty());
}

#[test]
fn review_levels_per_account_are_enforced() {
    let f = Fixture::new();
    let reviewer = f.user("reviewer").id;
    f.ok(
        "admin",
        "update_user",
        json!({ "id": reviewer, "review_levels": [2, 3] }),
    );
    f.submit();
    let a = f.article_id;
    let err = f
        .call(
            "reviewer",
            "approve_article",
            json!({ "id": a, "revision": 1, "level": 1 }),
        )
        .unwrap_err();
    assert_eq!(err.code, ErrorCode::Forbidden);
    assert_eq!(err.message, "您的账号未被授权进行初审");
    assert!(
        f.ok("reviewer", "list_inbox", json!({}))["to_review"]
            .as_array()
            .unwrap()
            .is_empty()
    );
}

#[test]
fn a_reviewer_without_levels_sees_every_level_in_the_inbox() {
    let f = Fixture::new();
    f.submit();
    let inbox = f.ok("reviewer", "list_inbox", json!({}));
    let ids: Vec<i64> = inbox["to_review"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| a["id"].as_i64().unwrap())
        .collect();
    assert_eq!(ids, vec![f.article_id]);
}
