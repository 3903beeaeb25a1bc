//! Live change events (tracker issue #10) from a real `zonepress serve`:
//! after the commit and without text, nothing missed across a reconnect,
//! and a stream that ends with its session.

use std::collections::HashMap;
use std::io::{Read, Write};
use std::net::TcpStream;
use std::time::{Duration, Instant};

use serde_json::json;
use zonepress_api::ErrorCode;
use zonepress_api::events::{Event, EventKind};
use zonepress_http::client::EventStream;
use zonepress_testkit::raw::*;
use zonepress_testkit::runner::*;
use zonepress_testkit::served::*;

async fn next(stream: &mut EventStream) -> Event {
    tokio::time::timeout(Duration::from_secs(10), stream.next())
        .await
        .expect("no event within 10 s")
        .expect("stream ended")
        .expect("stream failed")
}

/// Events until the one about article `id` at `revision`.
async fn until_revision(stream: &mut EventStream, id: i64, revision: u32) -> Vec<Event> {
    let mut seen = Vec::new();
    loop {
        let e = next(stream).await;
        let done = e.kind == EventKind::Article && e.id == id && e.revision == Some(revision);
        seen.push(e);
        if done {
            return seen;
        }
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn events_come_after_the_commit_and_carry_no_text() {
    let ws = demo_workspace();
    let server = Server::start(ws.path(), &[]);
    let url = server.url(false);
    let watcher = client_from(&url, "127.0.0.2", None);
    let watcher_token = login(&watcher, "reviewer1", DEMO_PASSWORD).await;
    let writer = client_from(&url, "127.0.0.3", None);
    let token = login(&writer, "editor", DEMO_PASSWORD).await;

    // A raw reader too, to see exactly what goes over the wire.
    let port = server.port;
    let raw_token = watcher_token.clone();
    let wire = std::thread::spawn(move || {
        let mut s = TcpStream::connect(("127.0.0.1", port)).unwrap();
        s.write_all(
            format!(
                "GET /api/events HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nAuthorization: Bearer {raw_token}\r\nAccept: text/event-stream\r\n\r\n"
            )
            .as_bytes(),
        )
        .unwrap();
        s.set_read_timeout(Some(Duration::from_millis(500)))
            .unwrap();
        let mut text = Vec::new();
        let started = Instant::now();
        let mut buf = [0u8; 4096];
        while started.elapsed() < Duration::from_secs(6) {
            match s.read(&mut buf) {
                Ok(0) => break,
                Ok(n) => text.extend_from_slice(&buf[..n]),
                Err(_) => {}
            }
        }
        String::from_utf8_lossy(&text).to_string()
    });
    let mut events = watcher.events(&watcher_token, None).await.unwrap();
    std::thread::sleep(Duration::from_millis(300));

    let title = "机密标题：管委会主任调研青禾园区";
    let body = "正文中的一句话，不应出现在事件里。";
    let a = call(
        &writer,
        "create_article",
        Some(&token),
        json!({ "title": title, "issue_id": 1, "body": [{ "type": "paragraph", "text": body }] }),
    )
    .await
    .unwrap();
    let id = a["id"].as_i64().unwrap();
    let mut revision = a["revision"].as_u64().unwrap() as u32;
    for n in 0..3 {
        let saved = call(
            &writer,
            "save_article",
            Some(&token),
            json!({ "id": id, "base_revision": revision, "subtitle": format!("——第{n}次修改的副题") }),
        )
        .await
        .unwrap();
        revision = saved["revision"].as_u64().unwrap() as u32;
    }
    // Each event names a state the server already shows to everyone.
    let seen = until_revision(&mut events, id, revision).await;
    for e in seen
        .iter()
        .filter(|e| e.id == id && e.kind == EventKind::Article)
    {
        let now = call(
            &watcher,
            "get_article",
            Some(&watcher_token),
            json!({ "id": id }),
        )
        .await
        .unwrap();
        assert!(
            now["revision"].as_u64().unwrap() >= u64::from(e.revision.unwrap()),
            "event for revision {:?} before its commit: {now}",
            e.revision
        );
        assert_eq!(e.by_name.as_deref(), Some("林悦"));
    }
    let saves: Vec<u32> = seen
        .iter()
        .filter(|e| e.id == id && e.action == "save")
        .map(|e| e.revision.unwrap())
        .collect();
    assert_eq!(saves.len(), 3, "{seen:?}");

    let text = wire.join().unwrap();
    assert!(text.contains("text/event-stream"), "{text}");
    assert!(text.contains(&format!("\"id\":{id}")), "{text}");
    for secret in [title, body, "副题", "管委会"] {
        assert!(!text.contains(secret), "{secret:?} went out in an event");
    }
    for line in text.lines().filter(|l| l.starts_with("data:")) {
        serde_json::from_str::<serde_json::Value>(line.trim_start_matches("data:").trim())
            .unwrap_or_else(|e| panic!("data line is not one JSON object ({e}): {line}"));
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_subscriber_that_reconnects_with_last_event_id_misses_nothing() {
    let ws = demo_workspace();
    let server = Server::start(ws.path(), &[]);
    let url = server.url(false);
    let watcher = client_from(&url, "127.0.0.2", None);
    let watcher_token = login(&watcher, "layout", DEMO_PASSWORD).await;
    let writer = client_from(&url, "127.0.0.3", None);
    let token = login(&writer, "editor", DEMO_PASSWORD).await;

    let mut ids = Vec::new();
    for n in 0..3 {
        let a = call(
            &writer,
            "create_article",
            Some(&token),
            json!({ "title": format!("续传测试稿{n}"), "issue_id": 1 }),
        )
        .await
        .unwrap();
        ids.push(a["id"].as_i64().unwrap());
    }
    let mut revisions: HashMap<i64, u32> = ids.iter().map(|id| (*id, 1)).collect();
    let save = |id: i64, base: u32, n: u32| {
        let writer = writer.clone();
        let token = token.clone();
        async move {
            let a = call(
                &writer,
                "save_article",
                Some(&token),
                json!({ "id": id, "base_revision": base, "title": format!("续传测试稿 第{n}次保存") }),
            )
            .await
            .unwrap();
            a["revision"].as_u64().unwrap() as u32
        }
    };

    let mut received: Vec<Event> = Vec::new();
    let mut stream = watcher.events(&watcher_token, None).await.unwrap();
    let mut n = 0;
    // Connected: a few saves arrive live.
    for &id in &ids {
        n += 1;
        let r = save(id, revisions[&id], n).await;
        revisions.insert(id, r);
    }
    received.extend(until_revision(&mut stream, ids[2], revisions[&ids[2]]).await);
    let last = stream.last_event_id().unwrap().to_string();
    drop(stream);

    // Disconnected: more saves, and a plan change.
    for _ in 0..3 {
        for &id in &ids {
            n += 1;
            let r = save(id, revisions[&id], n).await;
            revisions.insert(id, r);
        }
    }
    let mut stream = watcher.events(&watcher_token, Some(&last)).await.unwrap();
    received.extend(until_revision(&mut stream, ids[2], revisions[&ids[2]]).await);
    // Connected again: still live.
    n += 10;
    let r = save(ids[0], revisions[&ids[0]], n).await;
    revisions.insert(ids[0], r);
    received.extend(until_revision(&mut stream, ids[0], r).await);

    // Every event once, in order, no gap.
    let seqs: Vec<u64> = received.iter().map(|e| e.seq).collect();
    assert!(received.iter().all(|e| e.kind != EventKind::Resync));
    for pair in seqs.windows(2) {
        assert_eq!(pair[1], pair[0] + 1, "gap or repeat in {seqs:?}");
    }
    // What the events said last is what the server lists now.
    let list = call(
        &watcher,
        "list_articles",
        Some(&watcher_token),
        json!({ "issue_id": 1 }),
    )
    .await
    .unwrap();
    for &id in &ids {
        let listed = list
            .as_array()
            .unwrap()
            .iter()
            .find(|a| a["id"] == id)
            .unwrap()["revision"]
            .as_u64()
            .unwrap() as u32;
        let told = received
            .iter()
            .filter(|e| e.id == id && e.kind == EventKind::Article)
            .filter_map(|e| e.revision)
            .max()
            .unwrap();
        assert_eq!(
            (told, listed),
            (revisions[&id], revisions[&id]),
            "article {id}"
        );
    }

    // An id from another run of the server asks for a full refetch.
    let mut stream = watcher
        .events(&watcher_token, Some("0000-5"))
        .await
        .unwrap();
    assert_eq!(next(&mut stream).await.kind, EventKind::Resync);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_stream_ends_when_its_session_is_signed_out() {
    let ws = demo_workspace();
    let server = Server::start(ws.path(), &[]);
    let url = server.url(false);

    // Signing out everywhere ends one's own streams.
    let desk = client_from(&url, "127.0.0.2", None);
    let token = login(&desk, "editor", DEMO_PASSWORD).await;
    let other_token = login(&desk, "editor", DEMO_PASSWORD).await;
    let mut stream = desk.events(&token, None).await.unwrap();
    call(&desk, "logout_all", Some(&other_token), json!({}))
        .await
        .unwrap();
    let e = next(&mut stream).await;
    assert_eq!(e.kind, EventKind::Session);
    let end = tokio::time::timeout(Duration::from_secs(5), stream.next())
        .await
        .unwrap()
        .unwrap()
        .unwrap_err();
    assert_eq!(end.code, ErrorCode::Unauthorized);
    assert_eq!(end.message, "您的账号已在所有设备上退出登录，请重新登录");
    assert!(stream.next().await.is_none());
    // Any command of that session hears the same, over HTTP too.
    let err = call(&desk, "list_inbox", Some(&token), json!({}))
        .await
        .unwrap_err();
    assert_eq!(
        (err.code, err.message.as_str()),
        (
            ErrorCode::Unauthorized,
            "您的账号已在所有设备上退出登录，请重新登录"
        )
    );

    // An admin signing an account out ends that account's streams only.
    let admin = client_from(&url, "127.0.0.3", None);
    let admin_token = login(&admin, "admin", DEMO_PASSWORD).await;
    let mut admin_stream = admin.events(&admin_token, None).await.unwrap();
    let reviewer_token = login(&desk, "reviewer1", DEMO_PASSWORD).await;
    let mut reviewer_stream = desk.events(&reviewer_token, None).await.unwrap();
    let me = call(&desk, "whoami", Some(&reviewer_token), json!({}))
        .await
        .unwrap();
    call(
        &admin,
        "sign_out_user",
        Some(&admin_token),
        json!({ "id": me["user"]["id"] }),
    )
    .await
    .unwrap();
    loop {
        match tokio::time::timeout(Duration::from_secs(5), reviewer_stream.next())
            .await
            .unwrap()
        {
            Some(Ok(_)) => continue,
            Some(Err(e)) => {
                assert_eq!(e.code, ErrorCode::Unauthorized);
                break;
            }
            None => panic!("ended without saying why"),
        }
    }
    let e = next(&mut admin_stream).await;
    assert_eq!(
        (e.kind, e.action.as_str()),
        (EventKind::Session, "sign_out")
    );
    // The admin's stream lives on.
    call(
        &admin,
        "create_issue",
        Some(&admin_token),
        json!({ "year": 2026, "number": 12, "date": "2026-12-31" }),
    )
    .await
    .unwrap();
    let e = next(&mut admin_stream).await;
    assert_ne!(e.kind, EventKind::Session);

    // No stream without a valid session, and no token in the URL.
    let e = desk.events(&token, None).await.unwrap_err();
    assert_eq!(e.code, ErrorCode::Unauthorized);
    let port = server.port;
    let a = raw(
        port,
        &format!(
            "GET /api/events?token={admin_token} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nConnection: close\r\n\r\n"
        ),
        b"",
    );
    assert_eq!(a.status, 401);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_idle_stream_outlives_the_request_timeouts() {
    let ws = demo_workspace();
    let server = Server::start(ws.path(), &[]);
    let url = server.url(false);
    let watcher = client_from(&url, "127.0.0.2", None);
    let token = login(&watcher, "editor", DEMO_PASSWORD).await;
    let mut stream = watcher.events(&token, None).await.unwrap();
    // Longer than the header and idle timeouts (10 s), past a keep-alive.
    tokio::time::sleep(Duration::from_secs(17)).await;
    let a = call(
        &watcher,
        "create_article",
        Some(&token),
        json!({ "title": "长连接测试稿", "issue_id": 1 }),
    )
    .await
    .unwrap();
    let e = next(&mut stream).await;
    assert_eq!(e.id, a["id"].as_i64().unwrap());
}
