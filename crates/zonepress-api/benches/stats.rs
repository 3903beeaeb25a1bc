//! 稿件统计 of a year: 12 issues with 5,000 printed articles, their bylines
//! (single authors, co-authors, 记者/通讯员 roles, namesakes, unregistered
//! names, photo credits) counted per person and per unit through the
//! `article_stats` command, as a signed-in reviewer asks for it — reading
//! the issues, the print exports' manifests, the articles and contributors
//! from a real SQLite workspace, and answering JSON. Also the year's
//! payment statement and the articles behind the busiest row.
//!
//! `cargo bench -p zonepress-api --bench stats` prints the figures; the
//! target for the statistics is under 100 ms.

use std::time::{Duration, Instant};

use chrono::NaiveDate;
use serde_json::{Value, json};
use zonepress_api::{Context, Reply};
use zonepress_core::{ArticleContent, ArticleKind, Block, PageSize};
use zonepress_store::articles::NewArticle;
use zonepress_store::audit::Actor;
use zonepress_store::contributors::ContributorEdit;
use zonepress_store::issues::{NewExport, NewIssue};

const ISSUES: usize = 12;
const ARTICLES: usize = 5000;
const RUNS: usize = 25;

const SURNAMES: &[&str] = &["王", "李", "张", "刘", "陈", "杨", "赵", "黄"];
const GIVEN: &[&str] = &["晓岚", "振华", "思远", "雨桐", "嘉怡", "立新"];
const UNITS: &[&str] = &[
    "经济发展局",
    "建设交通局",
    "科技创新局",
    "社会事业局",
    "招商局",
    "党群工作部",
    "政务服务中心",
    "青禾社区",
    "融媒体中心",
    "综合执法局",
];

/// A paragraph of about `n` characters, written for the benchmark.
fn paragraph(seed: usize, n: usize) -> String {
    const PIECES: &[&str] = &[
        "园区企业加快技术改造，",
        "项目现场机器轰鸣，",
        "工作人员逐户走访了解诉求，",
        "新建的服务中心已投入使用，",
        "今年以来累计办结事项三千余件，",
        "一批重点项目按计划推进。",
    ];
    let mut s = String::new();
    let mut i = seed;
    while s.chars().count() < n {
        s.push_str(PIECES[i % PIECES.len()]);
        i += 1;
    }
    s
}

/// Time this thread has spent on a CPU (Linux), so that a figure taken on
/// a machine shared with other work can be told apart from waiting for a core.
fn cpu_time() -> Option<Duration> {
    let s = std::fs::read_to_string("/proc/thread-self/schedstat").ok()?;
    let ns: u64 = s.split_whitespace().next()?.parse().ok()?;
    Some(Duration::from_nanos(ns))
}

fn load_average() -> String {
    std::fs::read_to_string("/proc/loadavg")
        .ok()
        .and_then(|s| s.split_whitespace().next().map(str::to_string))
        .unwrap_or_else(|| "?".into())
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}

/// Wall-clock and CPU time of one run.
type Took = (Duration, Option<Duration>);

fn timed<T>(f: impl FnOnce() -> T) -> (T, Took) {
    let cpu = cpu_time();
    let start = Instant::now();
    let out = f();
    let wall = start.elapsed();
    let cpu = cpu.zip(cpu_time()).map(|(a, b)| b.saturating_sub(a));
    (out, (wall, cpu))
}

fn call(ctx: &Context, token: &str, command: &str, body: Value) -> (Value, Took) {
    let bytes = body.to_string();
    let (reply, took) = timed(|| zonepress_api::call(ctx, command, Some(token), bytes.as_bytes()));
    match reply {
        Ok(Reply::Json(v)) => (v, took),
        other => panic!("{command}: {other:?}"),
    }
}

fn figures(label: &str, times: Vec<Took>) {
    let n = times.len();
    let mut wall: Vec<Duration> = times.iter().map(|t| t.0).collect();
    wall.sort();
    let mut cpu: Vec<Duration> = times.iter().filter_map(|t| t.1).collect();
    cpu.sort();
    let cpu = if cpu.len() == n {
        format!("; on the CPU: median {:.1} ms", ms(cpu[n / 2]))
    } else {
        String::new()
    };
    println!(
        "{label}: best {:.1} ms, median {:.1} ms, p90 {:.1} ms{cpu} ({n} runs)",
        ms(wall[0]),
        ms(wall[n / 2]),
        ms(wall[n * 9 / 10]),
    );
}

fn main() {
    // ZONEPRESS_BENCH_WORKSPACE=DIR keeps the workspace for a look with sqlite3.
    let dir = tempfile::tempdir().expect("temp dir");
    let path = std::env::var_os("ZONEPRESS_BENCH_WORKSPACE")
        .map(std::path::PathBuf::from)
        .unwrap_or_else(|| dir.path().to_path_buf());
    let ctx = Context::open(&path).expect("workspace");
    zonepress_api::demo::seed_demo(&ctx).expect("demo");
    let store = ctx.store_for_tests();
    let system = Actor::system();
    // Articles need an author: the demo's editor.
    let editor = store
        .list_users()
        .expect("users")
        .into_iter()
        .find(|u| u.username == "editor")
        .expect("demo editor");
    let actor = Actor::user(&editor, "本机", "system");
    let setup = Instant::now();

    // The demo's photo, reused by the photo stories.
    let photo = (1..=40)
        .find_map(|id| {
            store
                .article(id)
                .ok()?
                .content
                .body
                .iter()
                .find_map(|b| match b {
                    Block::Image { asset_id, .. } => Some(asset_id.clone()),
                    _ => None,
                })
        })
        .expect("the demo has a photo");

    // 48 names: 40 registered (two of them namesakes in different units),
    // 8 that bylines use but nobody registered.
    let names: Vec<String> = SURNAMES
        .iter()
        .flat_map(|s| GIVEN.iter().map(move |g| format!("{s}{g}")))
        .collect();
    for (i, name) in names.iter().take(40).enumerate() {
        let edit = ContributorEdit {
            id: None,
            name: name.clone(),
            unit: UNITS[i % UNITS.len()].into(),
            phone: String::new(),
            user_id: None,
            paid: i % 7 != 0,
            active: true,
            note: String::new(),
        };
        store.save_contributor(&system, &edit).expect("contributor");
    }
    store
        .save_contributor(
            &system,
            &ContributorEdit {
                id: None,
                name: names[3].clone(),
                unit: "青禾中学".into(),
                phone: String::new(),
                user_id: None,
                paid: true,
                active: true,
                note: "同名".into(),
            },
        )
        .expect("namesake");

    let mut made = 0;
    for m in 0..ISSUES {
        let issue = store
            .create_issue(
                &system,
                &NewIssue {
                    year: 2025,
                    number: m as u32 + 1,
                    serial: 110 + m as u32,
                    date: NaiveDate::from_ymd_opt(2025, m as u32 + 1, 25).expect("date"),
                    page_count: 8,
                    page_size: PageSize::A3,
                    columns: 4,
                },
            )
            .expect("issue");
        let count = ARTICLES / ISSUES + usize::from(m < ARTICLES % ISSUES);
        let mut placed = Vec::with_capacity(count);
        for k in 0..count {
            let n = made + k;
            let name = |j: usize| names[(n * 7 + j * 13) % names.len()].clone();
            let byline = match n % 10 {
                0 => format!("记者 {}", name(0)),
                1 => format!("通讯员 {}", name(0)),
                2 => format!("{}　{}", name(0), name(1)),
                3 => format!("本报记者 {}　通讯员 {}", name(0), name(1)),
                4 => format!("{}、{}、{}", name(0), name(1), name(2)),
                5 => format!("{}／{}", UNITS[n % UNITS.len()], name(0)),
                6 if n % 50 == 6 => String::new(),
                _ => name(0),
            };
            let mut body = vec![
                Block::Paragraph {
                    text: paragraph(n, 300 + n % 500),
                },
                Block::Paragraph {
                    text: paragraph(n + 3, 200 + n % 300),
                },
            ];
            let kind = if n % 9 == 0 {
                body.push(Block::Image {
                    asset_id: photo.clone(),
                    caption: "图为施工人员在现场作业。".into(),
                    credit: format!("{} 摄", name(3)),
                });
                ArticleKind::Photo
            } else {
                ArticleKind::News
            };
            let article = store
                .create_article(
                    &actor,
                    &NewArticle {
                        issue_id: Some(issue.id),
                        content: ArticleContent {
                            kind,
                            kicker: String::new(),
                            title: format!("园区工作动态第{n}篇"),
                            subtitle: String::new(),
                            byline,
                            column: if n % 4 == 0 {
                                "专题报道"
                            } else {
                                "工作动态"
                            }
                            .into(),
                            body,
                        },
                        target_length: None,
                    },
                )
                .expect("article");
            placed.push(json!({
                "article_id": article.id,
                "page": 1 + k % 8,
                "revision": article.revision,
            }));
        }
        made += count;
        let manifest = json!({ "issue_id": issue.id, "articles": placed }).to_string();
        store
            .record_export(
                &actor,
                &NewExport {
                    issue_id: issue.id,
                    proof_copy: false,
                    pdf_sha256: &format!("{:064x}", m),
                    pages: 8,
                    manifest_json: &manifest,
                    export_uid: &format!("bench-{m}"),
                    options_json: "{}",
                    doc_json: "{}",
                },
            )
            .expect("export");
    }
    println!(
        "setup: {ISSUES} issues, {made} articles exported for print, {} contributors in {:.1} s",
        store.list_contributors().expect("contributors").len(),
        setup.elapsed().as_secs_f64()
    );

    println!("load average when timing: {}", load_average());
    let login = json!({ "username": "reviewer1", "password": zonepress_api::demo::DEMO_PASSWORD });
    let token = match zonepress_api::call(&ctx, "login", None, login.to_string().as_bytes()) {
        Ok(Reply::Json(v)) => v["token"].as_str().expect("token").to_string(),
        other => panic!("login: {other:?}"),
    };
    let year = json!({ "from": "2025-01-01", "to": "2025-12-31" });

    // The figures are right before they are timed.
    let (stats, _) = call(
        &ctx,
        &token,
        "article_stats",
        json!({ "from": "2025-01-01", "to": "2025-12-31", "by": "person" }),
    );
    assert_eq!(stats["issues"].as_array().expect("issues").len(), ISSUES);
    assert_eq!(stats["totals"]["printed"], ARTICLES);
    let shares: i64 = stats["rows"]
        .as_array()
        .expect("rows")
        .iter()
        .map(|r| r["printed_share"].as_i64().expect("share"))
        .sum();
    assert_eq!(
        shares,
        ARTICLES as i64 * 1000,
        "the shares add up to the articles"
    );
    println!(
        "article_stats of 2025: {} rows per person, {} printed, {} characters",
        stats["rows"].as_array().expect("rows").len(),
        stats["totals"]["printed"],
        stats["totals"]["chars"]
    );

    for by in ["person", "unit"] {
        let times = (0..RUNS)
            .map(|_| {
                call(
                    &ctx,
                    &token,
                    "article_stats",
                    json!({ "from": "2025-01-01", "to": "2025-12-31", "by": by }),
                )
                .1
            })
            .collect();
        figures(
            &format!("article_stats, a year of {ISSUES} issues and {ARTICLES} articles, by {by}"),
            times,
        );
    }
    // The part of it that reads the workspace: one snapshot of the period's facts.
    let local = |d: NaiveDate| {
        d.and_hms_opt(0, 0, 0)
            .expect("midnight")
            .and_local_timezone(chrono::Local)
            .earliest()
            .expect("local time")
            .with_timezone(&chrono::Utc)
    };
    let (from, to) = (
        NaiveDate::from_ymd_opt(2025, 1, 1).expect("date"),
        NaiveDate::from_ymd_opt(2025, 12, 31).expect("date"),
    );
    let end = NaiveDate::from_ymd_opt(2026, 1, 1).expect("date");
    let times = (0..RUNS)
        .map(|_| {
            let (facts, took) = timed(|| {
                store
                    .period_facts(from, to, (local(from), local(end)))
                    .expect("facts")
            });
            assert_eq!(facts.printed.len(), ARTICLES);
            took
        })
        .collect();
    figures(
        "  of which reading the facts from SQLite (period_facts)",
        times,
    );
    let busiest = stats["rows"][0]["key"].as_str().expect("key").to_string();
    let times = (0..RUNS)
        .map(|_| {
            call(
                &ctx,
                &token,
                "stats_articles",
                json!({ "from": "2025-01-01", "to": "2025-12-31", "key": busiest }),
            )
            .1
        })
        .collect();
    figures("stats_articles, the articles behind the busiest row", times);
    let times = (0..10)
        .map(|_| call(&ctx, &token, "payment_statement", year.clone()).1)
        .collect();
    figures("payment_statement of the same year", times);
}
