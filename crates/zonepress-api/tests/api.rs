//! The commands, called as the transports call them, on real workspaces.

use zonepress_testkit::api;

use api::Fixture;
use serde_json::json;
use zonepress_api::{Context, ErrorCode, Reply};

fn login(
    ctx: &Context,
    user: &str,
    password: &str,
) -> Result<serde_json::Value, zonepress_api::ApiError> {
    let body = serde_json::to_vec(&json!({ "username": user, "password": password })).unwrap();
    match zonepress_api::call(ctx, "login", None, &body)? {
        Reply::Json(v) => Ok(v),
        Reply::Binary(_) => unreachable!(),
    }
}

fn demo() -> (tempfile::TempDir, Context) {
    let dir = tempfile::tempdir().unwrap();
    let ctx = Context::open(dir.path()).unwrap();
    zonepress_api::demo::seed_demo(&ctx).unwrap();
    (dir, ctx)
}

#[test]
fn login_gives_a_token_that_works_and_logout_ends_it() {
    let (_d, ctx) = demo();
    let out = login(&ctx, "editor", "zonepress").unwrap();
    let token = out["token"].as_str().unwrap().to_string();
    assert_eq!(token.len(), 64);
    assert_eq!(out["user"]["display_name"], "林悦");
    let me = zonepress_api::call(&ctx, "whoami", Some(&token), b"").unwrap();
    let Reply::Json(me) = me else { panic!() };
    assert_eq!(me["publication"]["name"], "青禾开发区报");
    zonepress_api::call(&ctx, "logout", Some(&token), b"{}").unwrap();
    let err = zonepress_api::call(&ctx, "whoami", Some(&token), b"{}").unwrap_err();
    assert_eq!(err.code, ErrorCode::Unauthorized);
    assert_eq!(err.message, "登录已失效，请重新登录");
}

#[test]
fn wrong_passwords_are_refused_then_slowed_down() {
    let (_d, ctx) = demo();
    let err = login(&ctx, "nobody", "zonepress").unwrap_err();
    assert_eq!(
        (err.code, err.message.as_str()),
        (ErrorCode::Unauthorized, "用户名或密码错误")
    );
    for _ in 0..5 {
        let err = login(&ctx, "editor", "guess-guess").unwrap_err();
        assert_eq!(err.code, ErrorCode::Unauthorized);
    }
    // Now even the right password must wait.
    let err = login(&ctx, "editor", "zonepress").unwrap_err();
    assert_eq!(err.code, ErrorCode::RateLimited);
    assert!(err.message.contains("秒后再试"), "{}", err.message);
    let wait = err.detail.unwrap()["retry_after"].as_i64().unwrap();
    assert!((1..=30).contains(&wait), "{wait}");
    // Other accounts are not affected.
    login(&ctx, "admin", "zonepress").unwrap();
}

#[test]
fn an_expired_session_is_refused() {
    let f = Fixture::new();
    let user = f.user("editor");
    f.ctx
        .store_for_tests()
        .create_session(
            &zonepress_store::audit::Actor::system(),
            &zonepress_api::auth::hash_token("old-token"),
            user.id,
            chrono::Utc::now() - chrono::Duration::minutes(1),
        )
        .unwrap();
    let err = zonepress_api::call(&f.ctx, "whoami", Some("old-token"), b"{}").unwrap_err();
    assert_eq!(err.code, ErrorCode::Unauthorized);
}

#[test]
fn bad_input_gets_clear_chinese_errors_and_keeps_data() {
    let f = Fixture::new();
    let cases = [
        ("create_article", json!({ "title": "   " }), "主题不能为空"),
        (
            "create_article",
            json!({ "title": "长".repeat(1_000_000) }),
            "主题过长：1000000字，最多200字",
        ),
        (
            "create_article",
            json!({ "title": "标题", "body": [{ "type": "video", "url": "x" }] }),
            "正文中含有无法识别的段落类型",
        ),
        (
            "create_article",
            json!({ "title": "标题", "body": [{ "type": "paragraph", "text": "第一行\n第二行" }] }),
            "正文中含有不可见的控制字符，请删除后再保存",
        ),
        (
            "create_article",
            json!({ "titel": "拼错的字段" }),
            "不认识的字段：titel",
        ),
        ("get_article", json!({}), "缺少必填字段：id"),
        (
            "get_article",
            json!({ "id": 424242 }),
            "找不到稿件（424242）",
        ),
    ];
    for (cmd, body, msg) in cases {
        let err = f.call("editor", cmd, body).unwrap_err();
        assert_eq!(err.message, msg, "{cmd}");
        assert!(matches!(
            err.code,
            ErrorCode::InvalidInput | ErrorCode::NotFound
        ));
    }
    let token = api::token_of("editor");
    let err =
        zonepress_api::call(&f.ctx, "create_article", Some(&token), b"{\"title\": ").unwrap_err();
    assert_eq!(err.message, "请求内容不是有效的 JSON");
    let err = zonepress_api::call(&f.ctx, "drop_tables", Some(&token), b"{}").unwrap_err();
    assert_eq!(err.code, ErrorCode::UnknownCommand);
    assert_eq!(err.message, "未知的操作：drop_tables");
    // Nothing of that reached the store.
    assert_eq!(
        f.ctx
            .store_for_tests()
            .list_articles(&Default::default())
            .unwrap()
            .len(),
        1
    );
}

#[test]
fn a_stale_save_is_a_conflict_naming_the_current_revision() {
    let f = Fixture::new();
    let a = f.article_id;
    f.ok(
        "editor",
        "save_article",
        json!({ "id": a, "base_revision": 1, "title": "甲改的标题" }),
    );
    let err = f
        .call(
            "editor",
            "save_article",
            json!({ "id": a, "base_revision": 1, "title": "乙改的标题" }),
        )
        .unwrap_err();
    assert_eq!(err.code, ErrorCode::Conflict);
    assert_eq!(err.detail.unwrap()["current_revision"], 2);
    assert!(err.message.contains("您的内容未被覆盖"));
    let now = f.ok("editor", "get_article", json!({ "id": a }));
    assert_eq!(now["title"], "甲改的标题");
}

#[test]
fn a_partial_save_keeps_other_fields_and_returns_revision_and_hash() {
    let f = Fixture::new();
    let a = f.article_id;
    let before = f.ok("editor", "get_article", json!({ "id": a }));
    let after = f.ok(
        "editor",
        "save_article",
        json!({ "id": a, "base_revision": 1, "kicker": "筑牢安全防线——", "target_length": 800 }),
    );
    assert_eq!(after["revision"], 2);
    assert_eq!(after["title"], before["title"]);
    assert_eq!(after["body"], before["body"]);
    assert_eq!(after["target_length"], 800);
    assert_ne!(after["content_hash"], before["content_hash"]);
    assert_eq!(after["content_hash"].as_str().unwrap().len(), 64);
}

#[test]
fn three_levels_then_an_edit_voids_every_signature() {
    let f = Fixture::new();
    for (name, level) in [("r1", 1), ("r2", 2), ("r3", 3)] {
        f.ok(
            "admin",
            "create_user",
            json!({ "username": name, "display_name": format!("审核{level}"), "password": "password-123", "roles": ["reviewer"], "review_levels": [level] }),
        );
        f.ctx
            .store_for_tests()
            .create_session(
                &zonepress_store::audit::Actor::system(),
                &zonepress_api::auth::hash_token(&api::token_of(name)),
                f.user(name).id,
                chrono::Utc::now() + chrono::Duration::hours(1),
            )
            .unwrap();
        // An account an admin made must choose its own password first.
        let err = f.call(name, "list_inbox", json!({})).unwrap_err();
        assert_eq!(err.code, ErrorCode::PasswordChangeRequired);
        f.ok(
            name,
            "change_password",
            json!({ "old_password": "password-123", "new_password": format!("审核员{level}号自己设的新密码") }),
        );
    }
    f.submit();
    let a = f.article_id;
    for (name, level) in [("r1", 1), ("r2", 2), ("r3", 3)] {
        f.ok(
            name,
            "approve_article",
            json!({ "id": a, "revision": 1, "level": level, "opinion": "同意" }),
        );
    }
    let art = f.ok("editor", "get_article", json!({ "id": a }));
    assert_eq!(art["status"], "approved");
    // The approver of an old revision is refused.
    let saved = f.ok(
        "author",
        "save_article",
        json!({ "id": a, "base_revision": 1, "title": "改了标题" }),
    );
    assert_eq!(
        (saved["status"].as_str(), saved["review_level"].as_u64()),
        (Some("in_review"), Some(1))
    );
    let err = f
        .call(
            "r1",
            "approve_article",
            json!({ "id": a, "revision": 1, "level": 1 }),
        )
        .unwrap_err();
    assert_eq!(err.code, ErrorCode::Conflict);
    let history = f.ok("editor", "get_history", json!({ "id": a }));
    let sigs = history["signatures"].as_array().unwrap();
    assert_eq!(sigs.len(), 3);
    assert!(sigs.iter().all(|s| s["voided_reason"] == "第2稿修改了内容"));
    let kinds: Vec<&str> = history["transitions"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| t["kind"].as_str().unwrap())
        .collect();
    assert_eq!(
        kinds,
        ["create", "submit", "approve", "approve", "approve", "edit"]
    );
    // The review screen shows what changed since the last review.
    let view = f.ok("r1", "get_review", json!({ "id": a }));
    assert_eq!(view["last_reviewed_revision"], 1);
    let spans = view["diff_since_last_review"]["spans"].as_array().unwrap();
    assert!(
        spans
            .iter()
            .any(|s| s["op"] == "insert" && s["text"].as_str().unwrap().contains("改了标题"))
    );
    assert_eq!(view["allowed"]["approve"], true);
}

#[test]
fn returning_needs_an_opinion_and_the_author_sees_it() {
    let f = Fixture::new();
    f.submit();
    let a = f.article_id;
    let err = f
        .call(
            "reviewer",
            "return_article",
            json!({ "id": a, "revision": 1, "level": 1, "opinion": " " }),
        )
        .unwrap_err();
    assert_eq!(err.message, "退回稿件必须填写审核意见");
    f.ok(
        "reviewer",
        "return_article",
        json!({ "id": a, "revision": 1, "level": 1, "opinion": "数据请核实" }),
    );
    let inbox = f.ok("author", "list_inbox", json!({}));
    assert_eq!(inbox["returned"][0]["id"], a);
    let h = f.ok("author", "get_history", json!({ "id": a }));
    assert_eq!(
        h["transitions"].as_array().unwrap().last().unwrap()["opinion"],
        "数据请核实"
    );
    // Revised and resubmitted, it starts at 初审 again.
    f.ok(
        "author",
        "save_article",
        json!({ "id": a, "base_revision": 1, "title": "核实后的标题" }),
    );
    let art = f.ok(
        "author",
        "submit_article",
        json!({ "id": a, "revision": 2 }),
    );
    assert_eq!(art["review_level"], 1);
}

#[test]
fn comments_anchor_to_a_passage_of_a_revision() {
    let f = Fixture::new();
    let a = f.article_id;
    let view = f.ok("reviewer", "get_review", json!({ "id": a }));
    let text: Vec<char> = view["review_text"].as_str().unwrap().chars().collect();
    let start = text.iter().position(|c| *c == '安').unwrap();
    let c = f.ok(
        "reviewer",
        "add_comment",
        json!({ "id": a, "revision": 1, "start": start, "end": start + 4, "body": "会议名称请核实" }),
    );
    assert_eq!(c["quote"], "安全生产");
    let reply = f.ok(
        "author",
        "add_comment",
        json!({ "id": a, "revision": 1, "parent_id": c["id"], "body": "已核实" }),
    );
    assert_eq!(reply["quote"], "安全生产");
    let err = f
        .call(
            "reviewer",
            "add_comment",
            json!({ "id": a, "revision": 1, "start": 0, "end": 99999, "body": "x" }),
        )
        .unwrap_err();
    assert_eq!(err.message, "批注位置超出了稿件正文范围，请重新选择文字");
    // Later edits leave it on its revision.
    f.ok(
        "author",
        "save_article",
        json!({ "id": a, "base_revision": 1, "title": "全新的标题" }),
    );
    let list = f.ok("reviewer", "list_comments", json!({ "id": a }));
    assert_eq!(list[0]["revision"], 1);
    let resolved = f.ok(
        "author",
        "resolve_comment",
        json!({ "comment_id": c["id"] }),
    );
    assert!(resolved["resolved_at"].is_string());
}

#[test]
fn the_demo_workspace_is_complete_and_clean() {
    let (_d, ctx) = demo();
    let articles = ctx
        .store_for_tests()
        .list_articles(&Default::default())
        .unwrap();
    assert_eq!(articles.len(), 21);
    let approved: Vec<_> = articles
        .iter()
        .filter(|a| a.status == zonepress_core::ArticleStatus::Approved)
        .collect();
    assert_eq!(approved.len(), 18);
    for a in &approved {
        assert_eq!(
            ctx.store_for_tests().live_signatures(a.id).unwrap().len(),
            3,
            "{}",
            a.title
        );
    }
    let total: u32 = approved.iter().map(|a| a.length).sum();
    assert!(total > 8_000, "demo has {total} characters");
    let plan = ctx
        .store_for_tests()
        .issue_plan(approved[0].issue_id.unwrap())
        .unwrap()
        .unwrap();
    assert_eq!(plan.pages.len(), 4);
    assert_eq!(plan.placed_ids().len(), 18);
    // The demo text raises no proofreading error.
    for a in &articles {
        let article = ctx.store_for_tests().article(a.id).unwrap();
        let check = zonepress_api::proof::check_content(&ctx, &article).unwrap();
        let errors: Vec<_> = check
            .findings
            .iter()
            .filter(|f| f.finding.severity == zonepress_proof::Severity::Error)
            .map(|f| format!("{} {}", f.finding.rule, f.passage))
            .collect();
        assert!(errors.is_empty(), "{}: {errors:?}", a.title);
    }
    // Seeding twice is refused.
    assert!(zonepress_api::demo::seed_demo(&ctx).is_err());
}

#[test]
fn proofreading_finds_roster_errors_and_ignoring_needs_a_reason() {
    let (_d, ctx) = demo();
    let token = login(&ctx, "editor", "zonepress").unwrap()["token"]
        .as_str()
        .unwrap()
        .to_string();
    let call = |cmd: &str, body: serde_json::Value| match zonepress_api::call(
        &ctx,
        cmd,
        Some(&token),
        &serde_json::to_vec(&body).unwrap(),
    ) {
        Ok(Reply::Json(v)) => Ok(v),
        Ok(Reply::Binary(_)) => unreachable!(),
        Err(e) => Err(e),
    };
    let created = call(
        "create_article",
        json!({ "issue_id": 1, "title": "检查稿", "body": [
            { "type": "paragraph", "text": "开发区党工委书记陈思远出席会议,并讲话。" },
            { "type": "paragraph", "text": "会议要求统筹项目、资金、人才……等方面的保障。" },
        ] }),
    )
    .unwrap();
    let id = created["id"].as_i64().unwrap();
    let check = call("check_article", json!({ "id": id })).unwrap();
    let rules: Vec<&str> = check["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["rule"].as_str().unwrap())
        .collect();
    assert!(rules.contains(&"roster.wrong_name"), "{rules:?}");
    assert!(rules.contains(&"punct.halfwidth"), "{rules:?}");
    let comma = check["findings"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["rule"] == "punct.halfwidth")
        .unwrap();
    assert_eq!(
        (
            comma["field"].as_str(),
            comma["block"].as_u64(),
            comma["local_start"].as_u64()
        ),
        (Some("body"), Some(0), Some(15))
    );
    let key = comma["key"].as_str().unwrap();
    let err = call(
        "ignore_finding",
        json!({ "article_id": id, "key": key, "reason": "" }),
    )
    .unwrap_err();
    assert_eq!(err.message, "忽略校对提示时请写明理由");
    let after = call(
        "ignore_finding",
        json!({ "article_id": id, "key": key, "reason": "引用原文" }),
    )
    .unwrap();
    let ignored = after["findings"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["key"] == key)
        .unwrap();
    // An editor only proposes leaving an error: it still counts …
    assert!(ignored["ignored"].is_null(), "{ignored}");
    assert_eq!(ignored["proposed"]["reason"], "引用原文");
    assert_eq!(after["errors"], check["errors"]);
    let proposal = ignored["proposed"]["id"].as_i64().unwrap();
    // … the editor cannot confirm it …
    let err = call("review_ignore", json!({ "id": proposal, "accept": true })).unwrap_err();
    assert_eq!(err.code, ErrorCode::Forbidden);
    // … a proofreader does, and then it no longer counts.
    let proofreader = login(&ctx, "proofreader", "zonepress").unwrap()["token"]
        .as_str()
        .unwrap()
        .to_string();
    let Reply::Json(waiting) = zonepress_api::call(
        &ctx,
        "list_ignore_proposals",
        Some(&proofreader),
        br#"{"issue_id": 1}"#,
    )
    .unwrap() else {
        panic!()
    };
    assert_eq!(waiting.as_array().unwrap().len(), 1, "{waiting}");
    let body =
        serde_json::to_vec(&json!({ "id": proposal, "accept": true, "note": "确系引文" })).unwrap();
    let Reply::Json(confirmed) =
        zonepress_api::call(&ctx, "review_ignore", Some(&proofreader), &body).unwrap()
    else {
        panic!()
    };
    let f = confirmed["findings"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["key"] == key)
        .unwrap();
    assert_eq!(f["ignored"]["reason"], "引用原文");
    assert_eq!(f["ignored"]["confirmed_by"]["username"], "proofreader");
    assert_eq!(
        confirmed["errors"].as_u64().unwrap(),
        check["errors"].as_u64().unwrap() - 1
    );
    // A warning the editor may leave at once (the second paragraph's
    // “……等”, a doubled ellipsis that is a matter of judgement).
    let warning = check["findings"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["severity"] == "warning" && f["block"] == 1)
        .unwrap_or_else(|| panic!("no warning in the second paragraph: {check:#}"));
    let out = call(
        "ignore_finding",
        json!({ "article_id": id, "key": warning["key"], "reason": "保留原稿说法" }),
    )
    .unwrap();
    let left = out["findings"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["key"] == warning["key"])
        .unwrap();
    assert_eq!(left["ignored"]["reason"], "保留原稿说法", "{left}");
    assert!(left["proposed"].is_null(), "{left}");
    // Warnings never counted as errors: the count is unchanged.
    assert_eq!(out["errors"], confirmed["errors"]);
    let report = call("issue_proof_report", json!({ "issue_id": 1 })).unwrap();
    assert!(report["error_rate"].as_f64().unwrap() > 0.0);
}

#[test]
fn a_damaged_workspace_is_refused_in_chinese_and_left_alone() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("workspace.db");
    std::fs::write(
        &db,
        b"this is not a database, it is a note about the next issue",
    )
    .unwrap();
    let err = Context::open(dir.path()).unwrap_err();
    assert_eq!(err.code, ErrorCode::Corrupt);
    assert!(
        err.message.contains("工作区数据库文件已损坏"),
        "{}",
        err.message
    );
    assert_eq!(
        std::fs::read(&db).unwrap(),
        b"this is not a database, it is a note about the next issue"
    );
}

#[test]
fn a_served_workspace_cannot_be_locked_twice() {
    let dir = tempfile::tempdir().unwrap();
    let _first =
        zonepress_api::WorkspaceLock::acquire(dir.path(), "zonepress serve http://127.0.0.1:8470")
            .unwrap();
    let err = zonepress_api::WorkspaceLock::acquire(dir.path(), "another").unwrap_err();
    assert_eq!(err.code, ErrorCode::WorkspaceLocked);
    assert!(err.message.contains("正在被另一个进程使用"));
    assert!(err.message.contains("127.0.0.1:8470"), "{}", err.message);
}

#[test]
fn the_openapi_document_lists_every_command() {
    let doc = zonepress_api::openapi::document();
    for info in zonepress_api::COMMANDS {
        let op = &doc["paths"][format!("/api/{}", info.name)]["post"];
        assert!(op.is_object(), "{} missing", info.name);
        assert_eq!(op["operationId"], info.name);
    }
    assert!(doc["components"]["schemas"]["Article"].is_object());
    assert!(doc["components"]["schemas"]["ApiError"].is_object());
}
