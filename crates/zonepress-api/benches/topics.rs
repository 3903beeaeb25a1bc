//! The 选题会 view and the bell: `list_topics` of an issue with 60 topics
//! (assigned to 20 writers, a third with their article linked, deadlines
//! near and far) as an editor asks for it, and `list_notifications` of an
//! account with 500 notifications — each through the command table, as
//! JSON, on a real SQLite workspace (the deadline reminders are computed
//! on every notification list, so they are in the figure).
//!
//! `cargo bench --workspace --bench topics` prints the figures; the target
//! for each is 30 ms.

use std::time::{Duration, Instant};

use chrono::{NaiveDate, Utc};
use zonepress_api::{Context, Reply};
use zonepress_core::{ArticleContent, PageSize, Role};
use zonepress_store::articles::NewArticle;
use zonepress_store::audit::Actor;
use zonepress_store::issues::NewIssue;
use zonepress_store::notifications::NewNotification;
use zonepress_store::users::{NewUser, PasswordOrigin};

const TOPICS: usize = 60;
const WRITERS: usize = 20;
const NOTIFICATIONS: usize = 500;
const RUNS: usize = 30;

fn user(ctx: &Context, name: &str, roles: Vec<Role>) -> zonepress_core::User {
    let store = ctx.store_for_tests();
    let u = store
        .create_user(
            &Actor::system(),
            &NewUser {
                username: name.into(),
                display_name: format!("{name}名"),
                password_hash: "unused".into(),
                roles,
                review_levels: vec![],
                password_origin: PasswordOrigin::Owner,
            },
        )
        .unwrap();
    store
        .create_session(
            &Actor::system(),
            &zonepress_api::auth::hash_token(&format!("t-{name}")),
            u.id,
            Utc::now() + chrono::Duration::hours(2),
        )
        .unwrap();
    u
}

fn call(ctx: &Context, who: &str, command: &str, body: &str) -> usize {
    match zonepress_api::call(ctx, command, Some(&format!("t-{who}")), body.as_bytes()).unwrap() {
        Reply::Json(v) => serde_json::to_vec(&v).unwrap().len(),
        Reply::Binary(b) => b.bytes.len(),
    }
}

fn measure(label: &str, mut f: impl FnMut() -> usize) {
    let mut times: Vec<Duration> = Vec::with_capacity(RUNS);
    let mut bytes = 0;
    for _ in 0..RUNS {
        let t = Instant::now();
        bytes = f();
        times.push(t.elapsed());
    }
    times.sort();
    let ms = |d: Duration| d.as_secs_f64() * 1000.0;
    println!(
        "{label}: median {:.2} ms, slowest {:.2} ms over {RUNS} runs ({} KB of JSON) — target 30 ms",
        ms(times[RUNS / 2]),
        ms(times[RUNS - 1]),
        bytes / 1024
    );
}

fn main() {
    let dir = tempfile::tempdir().unwrap();
    let ctx = Context::open(dir.path()).unwrap();
    let store = ctx.store_for_tests();
    let editor = user(&ctx, "editor", vec![Role::Editor]);
    let writers: Vec<_> = (0..WRITERS)
        .map(|i| {
            let roles = if i % 2 == 0 {
                vec![Role::Correspondent]
            } else {
                vec![Role::Editor]
            };
            user(&ctx, &format!("writer{i}"), roles)
        })
        .collect();
    let issue = store
        .create_issue(
            &Actor::system(),
            &NewIssue {
                year: 2026,
                number: 12,
                serial: 138,
                date: NaiveDate::from_ymd_opt(2026, 12, 31).unwrap(),
                page_count: 8,
                page_size: PageSize::A3,
                columns: 4,
            },
        )
        .unwrap();
    let ed = Actor::user(&editor, "本机", "desktop");
    let now = Utc::now();
    for i in 0..TOPICS {
        let body = format!(
            r#"{{"issue_id":{},"title":"园区第{i}项重点工作进展","points":"走访企业，了解项目进度与困难","kind":"news","expected_chars":1200,"priority":"{}","page":{}}}"#,
            issue.id,
            ["headline", "major", "normal"][i % 3],
            i % 8 + 1
        );
        let t: serde_json::Value =
            match zonepress_api::call(&ctx, "propose_topic", Some("t-editor"), body.as_bytes())
                .unwrap()
            {
                Reply::Json(v) => v,
                _ => unreachable!(),
            };
        let id = t["id"].as_i64().unwrap();
        if i % 6 == 5 {
            continue; // still proposed
        }
        call(
            &ctx,
            "editor",
            "decide_topic",
            &format!(r#"{{"id":{id},"decision":"accepted"}}"#),
        );
        let w = &writers[i % WRITERS];
        let due = (now + chrono::Duration::days((i % 10) as i64 - 2)).format("%Y-%m-%d");
        call(
            &ctx,
            "editor",
            "assign_topic",
            &format!(
                r#"{{"topic_id":{id},"assignee":"{}","due":"{due}"}}"#,
                w.username
            ),
        );
        if i % 3 == 0 {
            let a = store
                .create_article(
                    &Actor::user(w, "本机", "desktop"),
                    &NewArticle {
                        issue_id: Some(issue.id),
                        content: ArticleContent {
                            title: format!("园区第{i}项重点工作进展"),
                            ..Default::default()
                        },
                        target_length: Some(1200),
                    },
                )
                .unwrap();
            store.link_topic_article(&ed, id, a.id, now).unwrap();
        }
    }
    // 500 notifications for one correspondent, a fifth of them unread.
    let reader = &writers[0];
    let titles: Vec<String> = (0..NOTIFICATIONS)
        .map(|i| {
            format!(
                "派稿：“园区第{i}项重点工作进展”，截稿2026-12-{:02}",
                i % 28 + 1
            )
        })
        .collect();
    let items: Vec<NewNotification> = titles
        .iter()
        .map(|t| NewNotification {
            user_id: reader.id,
            kind: "assigned",
            topic_id: None,
            article_id: None,
            title: t,
            body: "走访企业，了解项目进度与困难",
            sender_id: Some(editor.id),
            at: now,
            once_key: None,
        })
        .collect();
    store.notify(&items).unwrap();
    let all = store.notifications(reader.id, 1, None).unwrap().total;
    let page = store.notifications(reader.id, 400, None).unwrap();
    let ids: Vec<i64> = page.items.iter().map(|n| n.id).collect();
    store
        .mark_notifications_read(reader.id, Some(&ids), now)
        .unwrap();
    println!("{TOPICS} topics of one issue, {all} notifications of one account");

    let issue_body = format!(r#"{{"issue_id":{}}}"#, issue.id);
    measure("选题会 list_topics (60 topics, as an editor)", || {
        call(&ctx, "editor", "list_topics", &issue_body)
    });
    let who = reader.username.clone();
    measure("list_notifications (newest 50 of 500)", || {
        call(&ctx, &who, "list_notifications", "{}")
    });
    measure("list_notifications (newest 200 of 500)", || {
        call(&ctx, &who, "list_notifications", r#"{"limit":200}"#)
    });
}
