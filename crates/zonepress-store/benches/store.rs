//! `cargo bench -p zonepress-store`: save_article of a 5,000-character
//! article (p50/p99, durable commits on a real file), what the audit log adds
//! to a save, list_articles over 10,000 articles, and checking an audit
//! chain of 100,000 entries. Prints figures; asserts nothing.

use std::time::{Duration, Instant};

use zonepress_core::workflow::TransitionKind;
use zonepress_core::{ArticleContent, Block, PageSize, Role};
use zonepress_store::Store;
use zonepress_store::articles::{ArticleEdit, ArticleFilter, NewArticle};
use zonepress_store::audit::{Actor, Record};
use zonepress_store::issues::NewIssue;
use zonepress_store::users::{NewUser, PasswordOrigin};

fn body(seed: usize, chars: usize) -> Vec<Block> {
    let sentence = "开发区坚持把项目建设作为推动高质量发展的主抓手，围绕主导产业链精准招商，引进了一批补链强链延链的关键项目。";
    let mut out = Vec::new();
    let mut n = 0;
    let mut i = seed;
    while n < chars {
        let text = format!("{}第{i}段：{sentence}{sentence}{sentence}", i % 7);
        n += text.chars().count();
        out.push(Block::Paragraph { text });
        i += 1;
    }
    out
}

/// Time this thread has spent on a CPU (Linux: `/proc/thread-self/schedstat`,
/// nanoseconds; it moves in scheduler ticks, so take it over many runs). On
/// a machine shared with other work the wall time also counts waiting.
fn cpu_time() -> Option<Duration> {
    let s = std::fs::read_to_string("/proc/thread-self/schedstat").ok()?;
    let ns: u64 = s.split_whitespace().next()?.parse().ok()?;
    Some(Duration::from_nanos(ns))
}

fn percentile(sorted: &[Duration], p: f64) -> Duration {
    sorted[((sorted.len() as f64 - 1.0) * p).round() as usize]
}

fn main() {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(dir.path().join("bench.db")).unwrap();
    let user = store
        .create_user(
            &Actor::system(),
            &NewUser {
                username: "editor".into(),
                display_name: "编辑".into(),
                password_hash: "x".into(),
                roles: vec![Role::Editor],
                review_levels: vec![],
                password_origin: PasswordOrigin::Owner,
            },
        )
        .unwrap();
    let user = Actor::user(&user, "127.0.0.2", "http");
    let issue = store
        .create_issue(
            &Actor::system(),
            &NewIssue {
                year: 2026,
                number: 1,
                serial: 1,
                date: chrono::NaiveDate::from_ymd_opt(2026, 1, 31).unwrap(),
                page_count: 4,
                page_size: PageSize::A3,
                columns: 4,
            },
        )
        .unwrap();
    let content = |seed| ArticleContent {
        title: "开发区重点项目建设综述".into(),
        body: body(seed, 5_000),
        ..Default::default()
    };
    let a = store
        .create_article(
            &user,
            &NewArticle {
                issue_id: Some(issue.id),
                content: content(0),
                target_length: None,
            },
        )
        .unwrap();

    // save_article: each save a new revision of ~5,000 characters.
    let mut times = Vec::new();
    let mut rev = a.revision;
    for i in 1..=500 {
        let c = content(i);
        let t = Instant::now();
        let out = store
            .save_article(&user, a.id, rev, "", TransitionKind::Edit, move |_, cur| {
                Ok(ArticleEdit {
                    content: c,
                    issue_id: cur.issue_id,
                    target_length: cur.target_length,
                    confirm_title: false,
                })
            })
            .unwrap();
        times.push(t.elapsed());
        rev = out.article.revision;
    }
    times.sort();
    println!(
        "save_article, 5,000 characters, {} saves: p50 {:.2} ms, p99 {:.2} ms, max {:.2} ms",
        times.len(),
        percentile(&times, 0.5).as_secs_f64() * 1e3,
        percentile(&times, 0.99).as_secs_f64() * 1e3,
        times.last().unwrap().as_secs_f64() * 1e3
    );

    // What the audit log adds to a save: one chained entry appended inside
    // the save's transaction (sharing its commit).
    let record = |i: i64| {
        Record::new(
            "article.save",
            "article",
            Some(a.id),
            serde_json::json!({ "revision": i, "content_hash": "9f2c4e1a7b3d5f60a1b2c3d4e5f60718293a4b5c6d7e8f90a1b2c3d4e5f60718" }),
        )
    };
    let n = 2_000;
    let t = Instant::now();
    store
        .write(|tx| {
            for i in 0..n {
                zonepress_store::audit::append(tx, &user, &record(i))?;
            }
            Ok(())
        })
        .unwrap();
    println!(
        "audit entry appended inside a save's transaction: {:.3} ms each ({n} entries)",
        t.elapsed().as_secs_f64() * 1e3 / n as f64
    );

    // list_articles over 10,000 articles.
    let t = Instant::now();
    for i in 0..10_000 {
        store
            .create_article(
                &user,
                &NewArticle {
                    issue_id: Some(issue.id),
                    content: ArticleContent {
                        title: format!("稿件{i}"),
                        body: body(i, 600),
                        ..Default::default()
                    },
                    target_length: Some(600),
                },
            )
            .unwrap();
    }
    println!(
        "created 10,000 articles in {:.1} s",
        t.elapsed().as_secs_f64()
    );
    let mut times = Vec::new();
    let cpu_started = cpu_time();
    for _ in 0..20 {
        let t = Instant::now();
        let list = store
            .list_articles(&ArticleFilter {
                issue_id: Some(issue.id),
                ..Default::default()
            })
            .unwrap();
        times.push(t.elapsed());
        assert_eq!(list.len(), 10_001);
    }
    let cpu = cpu_started
        .zip(cpu_time())
        .map(|(a, b)| b.saturating_sub(a) / times.len() as u32);
    times.sort();
    println!(
        "list_articles over 10,001 articles: median {:.1} ms, fastest {:.1} ms, worst {:.1} ms{}",
        percentile(&times, 0.5).as_secs_f64() * 1e3,
        times[0].as_secs_f64() * 1e3,
        times.last().unwrap().as_secs_f64() * 1e3,
        cpu.map(|c| format!("; CPU time {:.1} ms a list", c.as_secs_f64() * 1e3))
            .unwrap_or_default()
    );

    // audit verify over 100,000 entries.
    let have = store.verify_audit().unwrap().entries;
    store
        .write(|tx| {
            for i in have..100_000 {
                zonepress_store::audit::append(tx, &user, &record(i as i64))?;
            }
            Ok(())
        })
        .unwrap();
    let t = Instant::now();
    let report = store.verify_audit().unwrap();
    assert!(report.ok);
    println!(
        "audit verify over {} entries: {:.2} s",
        report.entries,
        t.elapsed().as_secs_f64()
    );
}
