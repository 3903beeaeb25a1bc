//! 选题, 派稿, notifications and the 通讯员, through the commands on a real
//! SQLite workspace: a topic from proposal to 已完成 following its article,
//! what a 通讯员 may see, and deadline reminders on a test clock that fire
//! once, also across restarts.

use zonepress_testkit::api::Fixture;

use std::sync::Arc;

use chrono::{DateTime, TimeZone, Utc};
use serde_json::{Value, json};
use zonepress_api::notify::TestClock;
use zonepress_api::{Context, ErrorCode};
use zonepress_core::Role;

fn at(s: &str) -> DateTime<Utc> {
    DateTime::parse_from_rfc3339(s).unwrap().with_timezone(&Utc)
}

fn notes(f: &Fixture, who: &str) -> Value {
    f.ok(who, "list_notifications", json!({}))
}

#[test]
fn a_topic_follows_its_article_from_assignment_to_done() {
    let f = Fixture::new();
    let corr = f.user("correspondent");
    let t = f.ok(
        "correspondent",
        "propose_topic",
        json!({ "title": "经发局助企纾困走访记", "issue_id": f.issue_id, "points": "走访十家企业",
                "kind": "feature", "expected_chars": 1500, "expected_photos": 2, "priority": "major",
                "sources": "经发局办公室" }),
    );
    let id = t["id"].as_i64().unwrap();
    assert_eq!(t["state"], "proposed");
    assert_eq!(t["proposed_by"]["username"], "correspondent");

    // Not yet accepted: cannot be assigned.
    let err = f
        .call(
            "editor",
            "assign_topic",
            json!({ "topic_id": id, "assignee": "correspondent", "due": "2026-12-10" }),
        )
        .unwrap_err();
    assert_eq!(err.code, ErrorCode::InvalidState);
    assert!(err.message.contains("须先通过"), "{}", err.message);

    let t = f.ok(
        "editor",
        "decide_topic",
        json!({ "id": id, "decision": "accepted" }),
    );
    assert_eq!(t["state"], "accepted");
    let n = notes(&f, "correspondent");
    assert_eq!(n["unread"], 1);
    assert_eq!(n["items"][0]["kind"], "decided");
    assert!(
        n["items"][0]["title"].as_str().unwrap().contains("已通过"),
        "{n}"
    );

    let seq = f.ctx.events().next_seq();
    let t = f.ok(
        "editor",
        "assign_topic",
        json!({ "topic_id": id, "assignee": "correspondent", "due": "2026-12-10 18:00" }),
    );
    assert_eq!(t["state"], "assigned");
    assert_eq!(t["assignee"]["id"], corr.id);
    assert_eq!(t["due_at"], "2026-12-10T10:00:00Z");
    // The events: the topic, and a notification for the correspondent.
    let sub = f
        .ctx
        .events()
        .subscribe(Some(&format!("{}-{}", f.ctx.events().run(), seq - 1)));
    let kinds: Vec<(String, i64)> = sub
        .missed
        .iter()
        .map(|e| {
            (
                serde_json::to_value(e.kind)
                    .unwrap()
                    .as_str()
                    .unwrap()
                    .to_string(),
                e.id,
            )
        })
        .collect();
    assert!(kinds.contains(&("topic".into(), id)), "{kinds:?}");
    assert!(
        kinds.contains(&("notification".into(), corr.id)),
        "{kinds:?}"
    );
    let n = notes(&f, "correspondent");
    assert_eq!(n["unread"], 2);
    assert_eq!(n["items"][0]["kind"], "assigned");
    assert!(
        n["items"][0]["title"]
            .as_str()
            .unwrap()
            .contains("2026-12-10 18:00")
    );

    // The editor sees who was told and whether they read it.
    let detail = f.ok("editor", "get_topic", json!({ "id": id }));
    let d = detail["deliveries"].as_array().unwrap();
    assert_eq!(d.len(), 2);
    assert!(d.iter().all(|x| x["read_at"].is_null()));
    let marked = f.ok(
        "correspondent",
        "mark_notifications_read",
        json!({ "ids": [n["items"][0]["id"]] }),
    );
    assert_eq!(marked["marked"], 1);
    assert_eq!(marked["unread"], 1);
    let detail = f.ok("editor", "get_topic", json!({ "id": id }));
    let assigned = detail["deliveries"]
        .as_array()
        .unwrap()
        .iter()
        .find(|x| x["kind"] == "assigned")
        .unwrap();
    assert!(!assigned["read_at"].is_null());
    // Someone else's notifications cannot be marked.
    let other = f.ok(
        "editor",
        "mark_notifications_read",
        json!({ "ids": [detail["deliveries"][0]["id"]] }),
    );
    assert_eq!(other["marked"], 0);

    // The correspondent starts the article from the topic.
    let started = f.ok(
        "correspondent",
        "start_topic_article",
        json!({ "topic_id": id }),
    );
    let art = started["article"]["id"].as_i64().unwrap();
    assert_eq!(started["article"]["title"], "经发局助企纾困走访记");
    assert_eq!(started["article"]["issue_id"], f.issue_id);
    assert_eq!(started["article"]["target_length"], 1500);
    assert_eq!(started["topic"]["state"], "in_progress");
    assert_eq!(started["topic"]["article_id"], art);
    // A second start is refused.
    let err = f
        .call(
            "correspondent",
            "start_topic_article",
            json!({ "topic_id": id }),
        )
        .unwrap_err();
    assert_eq!(err.code, ErrorCode::InvalidState);

    // They write and submit their own article.
    let saved = f.ok(
        "correspondent",
        "save_article",
        json!({ "id": art, "base_revision": 1, "body": [{ "type": "paragraph", "text": "12月上旬，经发局走访园区十家企业，现场解决用工、融资等问题。" }] }),
    );
    let rev = saved["revision"].as_u64().unwrap();
    f.ok(
        "correspondent",
        "submit_article",
        json!({ "id": art, "revision": rev }),
    );
    let t = f.ok("editor", "get_topic", json!({ "id": id }));
    assert_eq!(t["topic"]["state"], "submitted");
    let board = f.ok(
        "editor",
        "list_topics",
        json!({ "issue_id": f.issue_id, "state": "submitted" }),
    );
    assert_eq!(board.as_array().unwrap().len(), 1);

    // 三审 by three reviewers: 已完成.
    f.add_user("reviewer2", vec![Role::Reviewer]);
    f.add_user("reviewer3", vec![Role::Reviewer]);
    for (who, level) in [("reviewer", 1), ("reviewer2", 2), ("reviewer3", 3)] {
        f.ok(
            who,
            "approve_article",
            json!({ "id": art, "revision": rev, "level": level }),
        );
    }
    let t = f.ok("editor", "get_topic", json!({ "id": id }));
    assert_eq!(t["topic"]["state"], "done");

    // Placed on page 2: the correspondent sees 已采用 with the issue and page.
    let mine = f.ok("correspondent", "list_my_pieces", json!({}));
    assert_eq!(mine["pieces"][0]["outcome"], "approved");
    f.ok(
        "layout",
        "plan_issue",
        json!({ "issue_id": f.issue_id, "page_size": "A3", "columns": 4, "pages": [
            { "number": 1, "template": "front", "placements": [] },
            { "number": 2, "template": "inner", "placements": [{ "article_id": art }] }
        ] }),
    );
    let mine = f.ok("correspondent", "list_my_pieces", json!({}));
    let p = &mine["pieces"][0];
    assert_eq!(p["outcome"], "used");
    assert_eq!(p["page"], 2);
    assert_eq!(p["issue_label"], "2026年第11期（总第137期）");
    assert_eq!(p["topic_id"], id);
    assert_eq!(mine["used"], 1);
    assert!(mine["used_chars"].as_u64().unwrap() > 20);

    // Every decision, assignment and link is on the audit log.
    let audit = f.ok("admin", "list_audit", json!({ "target_kind": "topic" }));
    let actions: Vec<&str> = audit["entries"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["action"].as_str().unwrap())
        .collect();
    for a in [
        "topic.propose",
        "topic.decide",
        "topic.assign",
        "topic.link",
    ] {
        assert!(actions.contains(&a), "{a} missing from {actions:?}");
    }
}

#[test]
fn a_correspondent_sees_only_their_own_topics_and_articles() {
    let f = Fixture::new();
    let theirs = f.ok(
        "correspondent",
        "propose_topic",
        json!({ "title": "社区志愿服务见闻" }),
    );
    let others = f.topic(false);
    let list = f.ok("correspondent", "list_topics", json!({}));
    let ids: Vec<i64> = list
        .as_array()
        .unwrap()
        .iter()
        .map(|t| t["id"].as_i64().unwrap())
        .collect();
    assert_eq!(ids, vec![theirs["id"].as_i64().unwrap()]);
    assert_eq!(
        f.ok("editor", "list_topics", json!({}))
            .as_array()
            .unwrap()
            .len(),
        2
    );
    let err = f
        .call("correspondent", "get_topic", json!({ "id": others }))
        .unwrap_err();
    assert_eq!(err.code, ErrorCode::Forbidden);
    // The deliveries are for editors only.
    let own = f.ok("correspondent", "get_topic", json!({ "id": theirs["id"] }));
    assert!(own["deliveries"].as_array().unwrap().is_empty());

    // Another person's article: refused; their own: read, saved, listed.
    for cmd in [
        "get_article",
        "list_revisions",
        "get_history",
        "check_article",
    ] {
        let err = f
            .call("correspondent", cmd, json!({ "id": f.article_id }))
            .unwrap_err();
        assert_eq!(err.code, ErrorCode::Forbidden, "{cmd}");
    }
    let own = f.ok(
        "correspondent",
        "create_article",
        json!({ "title": "社区志愿服务见闻" }),
    );
    let oid = own["id"].as_i64().unwrap();
    for cmd in ["get_article", "list_revisions", "get_history"] {
        f.ok("correspondent", cmd, json!({ "id": oid }));
    }
    let listed = f.ok("correspondent", "list_articles", json!({}));
    let ids: Vec<i64> = listed
        .as_array()
        .unwrap()
        .iter()
        .map(|a| a["id"].as_i64().unwrap())
        .collect();
    assert_eq!(ids, vec![oid]);

    // Returned with the editor's opinion: 退回 shown with it.
    f.ok(
        "correspondent",
        "submit_article",
        json!({ "id": oid, "revision": 1 }),
    );
    f.ok(
        "reviewer",
        "return_article",
        json!({ "id": oid, "revision": 1, "level": 1, "opinion": "请补充志愿者人数" }),
    );
    let mine = f.ok("correspondent", "list_my_pieces", json!({}));
    assert_eq!(mine["pieces"][0]["outcome"], "returned");
    assert_eq!(mine["pieces"][0]["opinion"], "请补充志愿者人数");
}

#[test]
fn an_admin_creates_a_correspondent_account_in_one_step() {
    let f = Fixture::new();
    let made = f.ok(
        "admin",
        "create_correspondent",
        json!({ "username": "chenxi", "display_name": "陈曦", "password": "qinghe-tongxun-26", "unit": "经发局" }),
    );
    assert_eq!(made["user"]["roles"], json!(["correspondent"]));
    assert_eq!(made["user"]["must_change_password"], true);
    assert_eq!(made["contributor"]["name"], "陈曦");
    assert_eq!(made["contributor"]["unit"], "经发局");
    assert_eq!(made["contributor"]["user"]["username"], "chenxi");
    // The password rules apply.
    let err = f
        .call(
            "admin",
            "create_correspondent",
            json!({ "username": "weak", "display_name": "弱密码", "password": "123" }),
        )
        .unwrap_err();
    assert_eq!(err.code, ErrorCode::InvalidInput);

    // One transaction: a contributor record that cannot be made (the same
    // name in the same unit) leaves no account behind.
    let err = f
        .call(
            "admin",
            "create_correspondent",
            json!({ "username": "chenxi2", "display_name": "陈曦", "password": "qinghe-tongxun-26", "unit": "经发局" }),
        )
        .unwrap_err();
    assert!(
        err.message.contains("经发局已有通讯员“陈曦”"),
        "{}",
        err.message
    );
    assert!(
        f.ctx
            .store_for_tests()
            .user_auth("chenxi2")
            .unwrap()
            .is_none(),
        "no account without its contributor record"
    );
}

#[test]
fn hostile_topic_input_is_refused_in_chinese() {
    let f = Fixture::new();
    for bad in [
        json!({ "title": "" }),
        json!({ "title": "长".repeat(500) }),
        json!({ "title": "标题", "expected_chars": 99_000_000 }),
        json!({ "title": "标题", "issue_id": f.issue_id, "page": 9 }),
    ] {
        let err = f.call("editor", "propose_topic", bad.clone()).unwrap_err();
        assert_eq!(err.code, ErrorCode::InvalidInput, "{bad}");
        assert!(
            err.message
                .chars()
                .any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c))
        );
    }
    let id = f.topic(true);
    for due in ["明天", "2026-13-45", "x".repeat(100).as_str()] {
        let err = f
            .call(
                "editor",
                "assign_topic",
                json!({ "topic_id": id, "assignee": "author", "due": due }),
            )
            .unwrap_err();
        assert_eq!(err.code, ErrorCode::InvalidInput, "{due}");
    }
    let err = f
        .call(
            "editor",
            "assign_topic",
            json!({ "topic_id": id, "assignee": "reviewer", "due": "2026-12-10" }),
        )
        .unwrap_err();
    assert!(err.message.contains("不是编辑或通讯员"), "{}", err.message);
    let err = f
        .call(
            "editor",
            "decide_topic",
            json!({ "id": f.topic(false), "decision": "declined" }),
        )
        .unwrap_err();
    assert_eq!(err.message, "不采用选题须填写理由");
}

/// How many reminders of `kind` the account has.
fn reminders(f: &Fixture, who: &str, kind: &str) -> usize {
    notes(f, who)["items"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|n| n["kind"] == kind)
        .count()
}

#[test]
fn a_deadline_reminder_fires_once_also_across_restarts() {
    // 截稿 2026-12-10 (end of the day, Beijing time); reminders 2 days before.
    let clock = Arc::new(TestClock::at(at("2026-12-01T09:00:00+08:00")));
    let mut f = Fixture::with_clock(clock.clone());
    let id = f.topic(true);
    f.ok(
        "editor",
        "assign_topic",
        json!({ "topic_id": id, "assignee": "correspondent", "due": "2026-12-10" }),
    );
    assert_eq!(reminders(&f, "correspondent", "due_soon"), 0);

    // The lead time is a publication setting (default 2 days).
    assert_eq!(
        f.ok("editor", "get_reminder_settings", json!({}))["reminder_days"],
        2
    );
    let err = f
        .call(
            "admin",
            "update_reminder_settings",
            json!({ "reminder_days": 99 }),
        )
        .unwrap_err();
    assert_eq!(err.code, ErrorCode::InvalidInput);

    // Just before the reminder time: nothing.
    clock.set(at("2026-12-08T23:59:58+08:00"));
    assert_eq!(reminders(&f, "correspondent", "due_soon"), 0);
    // At it: one.
    clock.set(at("2026-12-09T00:00:00+08:00"));
    assert_eq!(reminders(&f, "correspondent", "due_soon"), 1);
    clock.set(at("2026-12-09T12:00:00+08:00"));
    assert_eq!(reminders(&f, "correspondent", "due_soon"), 1);

    // The server restarts after the deadline: the overdue reminder is sent
    // when it opens the workspace (before anyone asks), the due one is
    // not repeated.
    let dir = f._dir.path().to_path_buf();
    let later = Arc::new(TestClock::at(at("2026-12-11T08:00:00+08:00")));
    f.ctx = Context::open_with_clock(&dir, later.clone()).unwrap();
    let page = f
        .ctx
        .store_for_tests()
        .notifications(f.user("correspondent").id, 50, None)
        .unwrap();
    assert_eq!(page.items.iter().filter(|n| n.kind == "overdue").count(), 1);
    assert_eq!(reminders(&f, "correspondent", "due_soon"), 1);
    // The editor who assigned it is told too.
    assert_eq!(reminders(&f, "editor", "overdue"), 1);

    // And again: nothing new.
    f.ctx = Context::open_with_clock(&dir, later).unwrap();
    assert_eq!(reminders(&f, "correspondent", "overdue"), 1);
    assert_eq!(reminders(&f, "correspondent", "due_soon"), 1);
    assert_eq!(reminders(&f, "editor", "overdue"), 1);
}

#[test]
fn a_server_off_during_the_reminder_sends_it_at_start_and_submitted_pieces_are_not_chased() {
    let clock = Arc::new(TestClock::at(at("2026-12-01T09:00:00+08:00")));
    let mut f = Fixture::with_clock(clock);
    let chased = f.topic(true);
    let done = f.topic(true);
    for id in [chased, done] {
        f.ok(
            "editor",
            "assign_topic",
            json!({ "topic_id": id, "assignee": "author", "due": "2026-12-05 17:00" }),
        );
    }
    let started = f.ok("author", "start_topic_article", json!({ "topic_id": done }));
    let art = started["article"]["id"].as_i64().unwrap();
    f.ok(
        "author",
        "submit_article",
        json!({ "id": art, "revision": 1 }),
    );

    let dir = f._dir.path().to_path_buf();
    // Off from 12-01 to 12-04 10:00 (the reminder fell due on 12-03 17:00).
    let clock = Arc::new(TestClock::at(at("2026-12-04T10:00:00+08:00")));
    f.ctx = Context::open_with_clock(&dir, clock).unwrap();
    let author = f.user("author").id;
    let page = f
        .ctx
        .store_for_tests()
        .notifications(author, 50, None)
        .unwrap();
    let due: Vec<_> = page.items.iter().filter(|n| n.kind == "due_soon").collect();
    assert_eq!(due.len(), 1, "{page:?}");
    assert_eq!(due[0].topic_id, Some(chased));
    let _ = Utc.timestamp_opt(0, 0);

    // Restarted again, later the same day and before the deadline: the
    // reminder sent at the last start is not sent again.
    let clock = Arc::new(TestClock::at(at("2026-12-04T16:00:00+08:00")));
    f.ctx = Context::open_with_clock(&dir, clock).unwrap();
    assert_eq!(reminders(&f, "author", "due_soon"), 1);
    assert_eq!(reminders(&f, "author", "overdue"), 0);
}

#[test]
fn a_longer_lead_time_reminds_earlier() {
    let clock = Arc::new(TestClock::at(at("2026-12-01T09:00:00+08:00")));
    let f = Fixture::with_clock(clock.clone());
    let id = f.topic(true);
    f.ok(
        "editor",
        "assign_topic",
        json!({ "topic_id": id, "assignee": "author", "due": "2026-12-10" }),
    );
    clock.set(at("2026-12-06T09:00:00+08:00"));
    assert_eq!(reminders(&f, "author", "due_soon"), 0);
    f.ok(
        "admin",
        "update_reminder_settings",
        json!({ "reminder_days": 5 }),
    );
    assert_eq!(reminders(&f, "author", "due_soon"), 1);
}
