//! Load benchmark (tracker issue #10): 50 clients on loopback, each with an
//! open event stream, saving its own article, listing the issue and racing
//! saves on one shared article, for 60 s (`ZONEPRESS_LOAD_SECS` to change).
//!
//! The server runs in this process on a temp demo workspace, served by
//! `zonepress_http::serve` on 127.0.0.1; every client is the desktop's
//! client (`zonepress_http::client`) from its own address 127.0.0.x, with
//! its own account. It prints save and list latencies and requests per
//! second, and fails (exit 1) unless: no acknowledged save is lost, no
//! response has a status of 500 or more, every change event reaches every
//! subscriber, and event delivery p99 is under 1 s.

use std::collections::{BTreeSet, HashMap};
use std::net::IpAddr;
use std::process::ExitCode;
use std::sync::Arc;
use std::sync::atomic::{AtomicU32, AtomicU64, Ordering};
use std::time::{Duration, Instant};

use serde_json::{Value, json};
use zonepress_api::events::EventKind;
use zonepress_api::{ApiError, Context, ErrorCode, Reply};
use zonepress_http::client::{Client, ClientOptions};

const CLIENTS: usize = 50;
const PASSWORD: &str = "zonepress";

fn client(url: &str, i: usize) -> Client {
    Client::with_options(
        url,
        ClientOptions {
            local_address: Some(IpAddr::from([127, 0, 0, 10 + i as u8])),
            ..ClientOptions::default()
        },
    )
    .expect("client")
}

async fn call(
    c: &Client,
    command: &str,
    token: Option<&str>,
    body: Value,
) -> Result<Value, ApiError> {
    match c.call(command, token, body.to_string().as_bytes()).await? {
        Reply::Json(v) => Ok(v),
        Reply::Binary(_) => panic!("{command}: binary answer"),
    }
}

/// Statuses of 500 and more (the client maps them to these codes, or to
/// `network` when no answer came).
fn is_server_error(e: &ApiError) -> bool {
    matches!(
        e.code,
        ErrorCode::Internal | ErrorCode::Corrupt | ErrorCode::Busy | ErrorCode::Network
    )
}

#[derive(Default)]
struct Tally {
    save_ms: Vec<f64>,
    list_ms: Vec<f64>,
    race_ms: Vec<f64>,
    requests: u64,
    server_errors: u64,
    own_conflicts: u64,
    race_won: u64,
    race_lost: u64,
    /// (article, revision, content hash) of every acknowledged save.
    acked: Vec<(i64, u32, String)>,
    errors: Vec<String>,
}

/// What one subscriber received.
#[derive(Default)]
struct Received {
    seqs: BTreeSet<u64>,
    resyncs: u64,
    delays_ms: Vec<f64>,
    ended: Option<String>,
}

fn percentile(v: &mut [f64], p: f64) -> f64 {
    if v.is_empty() {
        return f64::NAN;
    }
    v.sort_by(|a, b| a.total_cmp(b));
    let i = ((v.len() as f64 - 1.0) * p).round() as usize;
    v[i]
}

fn main() -> ExitCode {
    let secs: u64 = std::env::var("ZONEPRESS_LOAD_SECS")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(60);
    let rt = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .expect("runtime");
    rt.block_on(run(Duration::from_secs(secs)))
}

async fn run(duration: Duration) -> ExitCode {
    let dir = tempfile::tempdir().expect("temp dir");
    let ctx = Arc::new(Context::open(dir.path()).expect("workspace"));
    zonepress_api::demo::seed_demo(&ctx).expect("demo");
    let server = zonepress_http::serve(
        ctx.clone(),
        "127.0.0.1:0".parse().unwrap(),
        zonepress_http::Config::default(),
    )
    .await
    .expect("serve");
    let url = format!("http://{}", server.local_addr());

    // Accounts: the admin creates 50 editors; each sets its own password.
    let admin = client(&url, 200);
    let admin_token = call(
        &admin,
        "login",
        None,
        json!({ "username": "admin", "password": PASSWORD }),
    )
    .await
    .expect("admin login")["token"]
        .as_str()
        .unwrap()
        .to_string();
    let mut sessions = Vec::new();
    for i in 0..CLIENTS {
        let username = format!("load{i:02}");
        let first = format!("Initial-{i}-pass-word");
        call(
            &admin,
            "create_user",
            Some(&admin_token),
            json!({ "username": username, "display_name": format!("压测编辑{i:02}"), "password": first, "roles": ["editor"] }),
        )
        .await
        .expect("create_user");
        let c = client(&url, i);
        let login = call(
            &c,
            "login",
            None,
            json!({ "username": username, "password": first }),
        )
        .await
        .expect("login");
        let token = login["token"].as_str().unwrap().to_string();
        call(
            &c,
            "change_password",
            Some(&token),
            json!({ "old_password": first, "new_password": format!("Own-{i}-chosen-password") }),
        )
        .await
        .expect("change_password");
        sessions.push((c, token));
    }
    let (owner, owner_token) = &sessions[0];
    let shared = call(
        owner,
        "create_article",
        Some(owner_token),
        json!({ "title": "共享稿：各位编辑同时修改", "issue_id": 1 }),
    )
    .await
    .expect("shared article");
    let shared_id = shared["id"].as_i64().unwrap();
    let shared_rev = Arc::new(AtomicU32::new(1));
    let mut own = Vec::new();
    for (i, (c, token)) in sessions.iter().enumerate() {
        let a = call(
            c,
            "create_article",
            Some(token),
            json!({ "title": format!("压测稿{i:02}"), "issue_id": 1 }),
        )
        .await
        .expect("own article");
        own.push(a["id"].as_i64().unwrap());
    }

    // Every client opens its event stream before the clock starts.
    let mut streams = Vec::new();
    for (c, token) in &sessions {
        streams.push(c.events(token, None).await.expect("event stream"));
    }
    let first_seq = ctx.events().next_seq();
    let stop_streams = Arc::new(AtomicU64::new(u64::MAX));
    let mut subscribers = Vec::new();
    for mut stream in streams {
        let shared_rev = shared_rev.clone();
        let stop_at = stop_streams.clone();
        subscribers.push(tokio::spawn(async move {
            let mut got = Received::default();
            loop {
                let next = tokio::time::timeout(Duration::from_millis(200), stream.next()).await;
                let Ok(next) = next else {
                    if got
                        .seqs
                        .last()
                        .is_some_and(|s| *s + 1 >= stop_at.load(Ordering::Relaxed))
                    {
                        break;
                    }
                    continue;
                };
                match next {
                    Some(Ok(e)) => {
                        let delay = (chrono::Utc::now() - e.at).num_microseconds().unwrap_or(0);
                        got.delays_ms.push(delay as f64 / 1000.0);
                        if e.kind == EventKind::Resync {
                            got.resyncs += 1;
                            continue;
                        }
                        if e.kind == EventKind::Article && e.id == shared_id {
                            shared_rev.fetch_max(e.revision.unwrap_or(0), Ordering::Relaxed);
                        }
                        got.seqs.insert(e.seq);
                    }
                    Some(Err(e)) => {
                        got.ended = Some(format!("{:?}: {}", e.code, e.message));
                        break;
                    }
                    None => {
                        got.ended = Some("closed".into());
                        break;
                    }
                }
            }
            got
        }));
    }

    let started = Instant::now();
    let deadline = started + duration;
    let mut workers = Vec::new();
    for (i, (c, token)) in sessions.iter().cloned().enumerate() {
        let own_id = own[i];
        let shared_rev = shared_rev.clone();
        workers.push(tokio::spawn(async move {
            let mut t = Tally::default();
            let mut own_rev = 1u32;
            let mut n = 0u64;
            while Instant::now() < deadline {
                n += 1;
                let op = (n + i as u64) % 3;
                let began = Instant::now();
                t.requests += 1;
                match op {
                    0 => {
                        let r = call(
                            &c,
                            "save_article",
                            Some(&token),
                            json!({ "id": own_id, "base_revision": own_rev, "title": format!("压测稿{i:02} 第{n}次保存") }),
                        )
                        .await;
                        t.save_ms.push(began.elapsed().as_secs_f64() * 1000.0);
                        match r {
                            Ok(a) => {
                                own_rev = a["revision"].as_u64().unwrap() as u32;
                                t.acked.push((own_id, own_rev, a["content_hash"].as_str().unwrap().into()));
                            }
                            Err(e) if e.code == ErrorCode::Conflict => t.own_conflicts += 1,
                            Err(e) => {
                                t.server_errors += u64::from(is_server_error(&e));
                                t.errors.push(format!("save: {:?} {}", e.code, e.message));
                            }
                        }
                    }
                    1 => {
                        let r = call(&c, "list_articles", Some(&token), json!({ "issue_id": 1 })).await;
                        t.list_ms.push(began.elapsed().as_secs_f64() * 1000.0);
                        if let Err(e) = r {
                            t.server_errors += u64::from(is_server_error(&e));
                            t.errors.push(format!("list: {:?} {}", e.code, e.message));
                        }
                    }
                    _ => {
                        let base = shared_rev.load(Ordering::Relaxed);
                        let r = call(
                            &c,
                            "save_article",
                            Some(&token),
                            json!({ "id": shared_id, "base_revision": base, "subtitle": format!("——{i:02}号编辑第{n}次修改") }),
                        )
                        .await;
                        t.race_ms.push(began.elapsed().as_secs_f64() * 1000.0);
                        match r {
                            Ok(a) => {
                                let rev = a["revision"].as_u64().unwrap() as u32;
                                shared_rev.fetch_max(rev, Ordering::Relaxed);
                                t.race_won += 1;
                                t.acked.push((shared_id, rev, a["content_hash"].as_str().unwrap().into()));
                            }
                            Err(e) if e.code == ErrorCode::Conflict => {
                                t.race_lost += 1;
                                if let Some(cur) = e.detail.as_ref().and_then(|d| d["current_revision"].as_u64()) {
                                    shared_rev.fetch_max(cur as u32, Ordering::Relaxed);
                                }
                            }
                            Err(e) => {
                                t.server_errors += u64::from(is_server_error(&e));
                                t.errors.push(format!("race: {:?} {}", e.code, e.message));
                            }
                        }
                    }
                }
            }
            t
        }));
    }
    let mut total = Tally::default();
    for w in workers {
        let t = w.await.expect("worker");
        total.save_ms.extend(t.save_ms);
        total.list_ms.extend(t.list_ms);
        total.race_ms.extend(t.race_ms);
        total.requests += t.requests;
        total.server_errors += t.server_errors;
        total.own_conflicts += t.own_conflicts;
        total.race_won += t.race_won;
        total.race_lost += t.race_lost;
        total.acked.extend(t.acked);
        total.errors.extend(t.errors);
    }
    let elapsed = started.elapsed();

    // Let the streams drain, then stop them once they have everything.
    let last_seq = ctx.events().next_seq();
    stop_streams.store(last_seq, Ordering::Relaxed);
    let mut received = Vec::new();
    for s in subscribers {
        match tokio::time::timeout(Duration::from_secs(30), s).await {
            Ok(r) => received.push(r.expect("subscriber")),
            Err(_) => received.push(Received {
                ended: Some("did not drain within 30 s".into()),
                ..Received::default()
            }),
        }
    }

    // Lost saves: every acknowledged (revision, hash) is in the history.
    let (checker, checker_token) = &sessions[0];
    let mut lost = 0u64;
    let mut by_article: HashMap<i64, Vec<(u32, String)>> = HashMap::new();
    for (id, rev, hash) in &total.acked {
        by_article
            .entry(*id)
            .or_default()
            .push((*rev, hash.clone()));
    }
    for (id, acked) in &by_article {
        let history = call(
            checker,
            "list_revisions",
            Some(checker_token),
            json!({ "id": id }),
        )
        .await
        .expect("list_revisions");
        let stored: HashMap<u32, String> = history
            .as_array()
            .unwrap()
            .iter()
            .map(|r| {
                (
                    r["number"].as_u64().unwrap() as u32,
                    r["content_hash"].as_str().unwrap().to_string(),
                )
            })
            .collect();
        for (rev, hash) in acked {
            if stored.get(rev) != Some(hash) {
                lost += 1;
            }
        }
    }
    let revisions: BTreeSet<(i64, u32)> =
        total.acked.iter().map(|(id, rev, _)| (*id, *rev)).collect();
    let duplicate_acks = total.acked.len() - revisions.len();

    let expected: BTreeSet<u64> = (first_seq..last_seq).collect();
    let mut missing = 0usize;
    let mut resyncs = 0u64;
    let mut ended = Vec::new();
    let mut delays = Vec::new();
    for r in &received {
        missing += expected.difference(&r.seqs).count();
        resyncs += r.resyncs;
        if let Some(why) = &r.ended {
            ended.push(why.clone());
        }
        delays.extend(r.delays_ms.iter().copied());
    }
    let events_published = expected.len();
    let deliveries = delays.len();
    let p99_delivery = percentile(&mut delays, 0.99);

    let mut saves: Vec<f64> = total
        .save_ms
        .iter()
        .chain(total.race_ms.iter())
        .copied()
        .collect();
    println!(
        "load: {CLIENTS} clients with event streams, {:.1} s on loopback",
        elapsed.as_secs_f64()
    );
    println!(
        "  requests: {} ({:.0}/s); status >= 500: {}",
        total.requests,
        total.requests as f64 / elapsed.as_secs_f64(),
        total.server_errors
    );
    println!(
        "  save (own + shared): n={} p50 {:.1} ms p99 {:.1} ms; own article only p50 {:.1} ms p99 {:.1} ms",
        saves.len(),
        percentile(&mut saves, 0.5),
        percentile(&mut saves.clone(), 0.99),
        percentile(&mut total.save_ms, 0.5),
        percentile(&mut total.save_ms, 0.99)
    );
    println!(
        "  list_articles: n={} p50 {:.1} ms p99 {:.1} ms",
        total.list_ms.len(),
        percentile(&mut total.list_ms, 0.5),
        percentile(&mut total.list_ms, 0.99)
    );
    println!(
        "  shared article: {} saves won, {} refused as conflicts; own-article conflicts: {}",
        total.race_won, total.race_lost, total.own_conflicts
    );
    println!(
        "  acknowledged saves: {}, lost: {lost}, acknowledged twice: {duplicate_acks}",
        total.acked.len()
    );
    println!(
        "  events: {events_published} published, {deliveries} deliveries to {} subscribers, missing: {missing}, resyncs: {resyncs}, delivery p50 {:.1} ms p99 {:.1} ms",
        received.len(),
        percentile(&mut delays, 0.5),
        p99_delivery
    );
    for e in total.errors.iter().take(5) {
        println!("  error: {e}");
    }
    for e in ended.iter().take(5) {
        println!("  stream ended early: {e}");
    }
    server.shutdown().await;

    let ok = lost == 0
        && duplicate_acks == 0
        && total.server_errors == 0
        && missing == 0
        && resyncs == 0
        && ended.is_empty()
        && p99_delivery < 1000.0
        && total.own_conflicts == 0;
    println!("load: {}", if ok { "PASS" } else { "FAIL" });
    if ok {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    }
}
