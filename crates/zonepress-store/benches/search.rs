//! `cargo bench -p zonepress-store --bench search`: archive search over a
//! workspace of 100,000 articles of 800–2,000 characters, made from the demo
//! issue's own sentences (digits varied, enterprise names, plot numbers like
//! M11, 5G, 1.0版 mixed in), spread over 323 monthly issues with page plans
//! and a tenth in no issue. Prints: the time to build the index from the
//! articles (what the migration does) and the database size; p50/p95 of 200
//! queries of three or more characters and of 200 queries of one or two
//! (newest first, limit 20, warm); a few filtered queries; and what a save
//! pays for keeping the index in step. Asserts nothing.
//! `ZONEPRESS_BENCH_ARTICLES=10000` for a quicker run;
//! `ZONEPRESS_BENCH_DB=FILE` keeps the workspace in FILE (and reuses it).

use std::time::{Duration, Instant};

use chrono::{Datelike, NaiveDate, TimeZone, Utc};
use zonepress_core::layout::{IssuePlan, PagePlan, PageTemplate, Placement};
use zonepress_core::text::{article_length, content_hash};
use zonepress_core::workflow::TransitionKind;
use zonepress_core::{ArticleContent, ArticleStatus, Block, PageSize, Role};
use zonepress_store::Store;
use zonepress_store::articles::ArticleEdit;
use zonepress_store::audit::Actor;
use zonepress_store::issues::NewIssue;
use zonepress_store::search::{SearchQuery, SearchResults};
use zonepress_store::users::{NewUser, PasswordOrigin};

const DEMO: &str = include_str!("../../zonepress-api/demo/demo-issue.json");

struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }

    fn pick<'a>(&mut self, v: &'a [String]) -> &'a str {
        &v[self.below(v.len())]
    }
}

/// The demo issue cut into what the generator recombines.
struct Demo {
    sentences: Vec<String>,
    titles: Vec<String>,
    kickers: Vec<String>,
    bylines: Vec<String>,
    columns: Vec<String>,
}

fn demo() -> Demo {
    let v: serde_json::Value = serde_json::from_str(DEMO).unwrap();
    let mut d = Demo {
        sentences: Vec::new(),
        titles: Vec::new(),
        kickers: Vec::new(),
        bylines: Vec::new(),
        columns: vec![String::new(); 4],
    };
    for a in v["articles"].as_array().unwrap() {
        let c = &a["content"];
        let s = |k: &str| c[k].as_str().unwrap_or("").to_string();
        d.titles.push(s("title"));
        for (list, value) in [
            (&mut d.kickers, s("kicker")),
            (&mut d.bylines, s("byline")),
            (&mut d.columns, s("column")),
        ] {
            if !value.is_empty() && !list.contains(&value) {
                list.push(value);
            }
        }
        for b in c["body"].as_array().unwrap() {
            let text = b["text"].as_str().or(b["caption"].as_str()).unwrap_or("");
            let mut cur = String::new();
            for ch in text.chars() {
                cur.push(ch);
                if "。！？；".contains(ch) {
                    d.sentences.push(std::mem::take(&mut cur));
                }
            }
            if cur.chars().count() > 4 {
                d.sentences.push(cur);
            }
        }
    }
    d
}

const FIRMS_A: &[char] = &[
    '华', '恒', '远', '鑫', '瑞', '达', '博', '泰', '创', '宏', '科', '智', '新', '安', '丰', '盛',
    '德', '中', '联', '通', '汇', '海', '天', '金', '宇', '凯', '晟', '骏', '璟', '禾',
];
const FIRMS_B: &[&str] = &[
    "光电",
    "材料",
    "精密",
    "机械",
    "生物",
    "医药",
    "新能源",
    "智能",
    "装备",
    "半导体",
    "电子",
    "化工",
    "食品",
    "物流",
    "软件",
];

fn vary_digits(s: &str, rng: &mut Rng) -> String {
    s.chars()
        .map(|c| {
            if c.is_ascii_digit() {
                char::from(b'0' + rng.below(10) as u8)
            } else {
                c
            }
        })
        .collect()
}

fn paragraph(d: &Demo, rng: &mut Rng) -> String {
    let mut p = String::new();
    for _ in 0..2 + rng.below(3) {
        p.push_str(&vary_digits(rng.pick(&d.sentences), rng));
        if rng.below(5) == 0 {
            let firm = format!(
                "{}{}{}",
                FIRMS_A[rng.below(FIRMS_A.len())],
                FIRMS_A[rng.below(FIRMS_A.len())],
                FIRMS_B[rng.below(FIRMS_B.len())]
            );
            p.push_str(&format!(
                "{firm}有限公司M{}地块项目投产，5G工厂管理系统升级到{}.0版。",
                rng.below(400),
                1 + rng.below(4)
            ));
        }
    }
    p
}

fn content(d: &Demo, rng: &mut Rng) -> ArticleContent {
    let target = 800 + rng.below(1201);
    let mut body = Vec::new();
    let mut n = 0;
    while n < target {
        let mut text = paragraph(d, rng);
        let len = text.chars().count();
        if n + len > target && n > 0 {
            text = text.chars().take((target - n).max(20)).collect();
        }
        n += text.chars().count();
        body.push(Block::Paragraph { text });
    }
    if rng.below(10) == 0 {
        body.push(Block::Image {
            asset_id: format!("{:064x}", rng.next()),
            caption: format!("图为{}", vary_digits(rng.pick(&d.sentences), rng)),
            credit: "摄影 刘畅".into(),
        });
    }
    ArticleContent {
        kicker: if rng.below(6) == 0 {
            rng.pick(&d.kickers).to_string()
        } else {
            String::new()
        },
        title: vary_digits(rng.pick(&d.titles), rng),
        byline: rng.pick(&d.bylines).to_string(),
        column: rng.pick(&d.columns).to_string(),
        body,
        ..ArticleContent::default()
    }
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1e3
}

fn pct(v: &mut [Duration], p: f64) -> f64 {
    v.sort();
    ms(v[((v.len() as f64 - 1.0) * p).round() as usize])
}

/// A stretch of a paragraph that starts and ends with a letter or digit.
fn sample(p: &str, len: usize, rng: &mut Rng) -> Option<String> {
    let chars: Vec<char> = p.chars().collect();
    for _ in 0..50 {
        if chars.len() <= len {
            return None;
        }
        let s = rng.below(chars.len() - len);
        let q = &chars[s..s + len];
        let ok = if len <= 2 {
            q.iter().all(|c| c.is_alphanumeric())
        } else {
            q[0].is_alphanumeric() && q[len - 1].is_alphanumeric()
        };
        if ok {
            return Some(q.iter().collect());
        }
    }
    None
}

fn run_queries(store: &Store, queries: &[SearchQuery]) -> (Vec<Duration>, Vec<SearchResults>) {
    let mut times = Vec::new();
    let mut results = Vec::new();
    for q in queries {
        let t = Instant::now();
        let r = store.search(q).unwrap();
        times.push(t.elapsed());
        results.push(r);
    }
    (times, results)
}

fn report(name: &str, store: &Store, queries: &[SearchQuery]) {
    run_queries(store, queries); // warm
    let (mut times, results) = run_queries(store, queries);
    let worst = times
        .iter()
        .zip(queries)
        .max_by_key(|(t, _)| **t)
        .map(|(t, q)| format!("{:.1} ms {:?}", ms(*t), q.text))
        .unwrap();
    let empty = results.iter().filter(|r| r.hits.is_empty()).count();
    let capped = results.iter().filter(|r| !r.total_exact).count();
    let mut totals: Vec<u32> = results.iter().map(|r| r.total).collect();
    totals.sort();
    println!(
        "{name}: {} queries, p50 {:.2} ms, p95 {:.2} ms, max {worst}; \
         {empty} found nothing, median total {}, {capped} with more than {} matches",
        queries.len(),
        pct(&mut times.clone(), 0.5),
        pct(&mut times, 0.95),
        totals[totals.len() / 2],
        zonepress_store::search::TOTAL_CAP,
    );
}

/// Users, issues and `n` articles written straight into their tables, page
/// plans, then the index built from them (timed). Answers the characters.
fn build(store: &Store, path: &std::path::Path, n: usize, d: &Demo) -> usize {
    let users: Vec<_> = (0..12)
        .map(|i| {
            store
                .create_user(
                    &Actor::system(),
                    &NewUser {
                        username: format!("editor{i}"),
                        display_name: format!("编辑{i}"),
                        password_hash: "x".into(),
                        roles: vec![Role::Editor],
                        review_levels: vec![],
                        password_origin: PasswordOrigin::Owner,
                    },
                )
                .unwrap()
        })
        .collect();
    // 2000年第1期 … 2026年第11期, dated the last day of the month
    let mut issues = Vec::new();
    for year in 2000..=2026 {
        for month in 1..=12u32 {
            if year == 2026 && month == 12 {
                break;
            }
            let next = if month == 12 {
                NaiveDate::from_ymd_opt(year + 1, 1, 1)
            } else {
                NaiveDate::from_ymd_opt(year, month + 1, 1)
            };
            let date = next.unwrap().pred_opt().unwrap();
            let issue = store
                .create_issue(
                    &Actor::system(),
                    &NewIssue {
                        year,
                        number: month,
                        serial: issues.len() as u32 + 1,
                        date,
                        page_count: 4,
                        page_size: PageSize::A3,
                        columns: 4,
                    },
                )
                .unwrap();
            issues.push(issue);
        }
    }

    // the articles, written straight into their tables (the index is built after)
    let mut rng = Rng(0x9E37_79B9_7F4A_7C15);
    let t = Instant::now();
    let mut chars = 0usize;
    let mut in_issue: Vec<Vec<i64>> = vec![Vec::new(); issues.len()];
    let batch = 5_000;
    for start in (0..n).step_by(batch) {
        store
            .write(|tx| {
                let mut ins = tx.prepare(
                    "INSERT INTO articles (issue_id, author_id, kind, kicker, title, subtitle,
                         byline, column_name, body_json, target_length, length, status,
                         review_level, revision, content_hash, created_at, updated_at,
                         updated_by, title_pending)
                     VALUES (?1, ?2, 'news', ?3, ?4, '', ?5, ?6, ?7, NULL, ?8, ?9, NULL, 1,
                             ?10, ?11, ?11, ?2, 0)",
                )?;
                let mut rev = tx.prepare(
                    "INSERT INTO revisions (article_id, number, content_json, content_hash,
                         length, author_id, created_at) VALUES (?1, 1, ?2, ?3, ?4, ?5, ?6)",
                )?;
                for _ in start..(start + batch).min(n) {
                    let c = content(d, &mut rng);
                    chars += article_length(&c) as usize;
                    let issue = (rng.below(10) > 0).then(|| rng.below(issues.len()));
                    let at = match issue {
                        Some(i) => issues[i].date,
                        None => {
                            NaiveDate::from_ymd_opt(2025, 1, 1).unwrap()
                                + chrono::Days::new(rng.below(680) as u64)
                        }
                    };
                    let at = Utc
                        .with_ymd_and_hms(at.year(), at.month(), at.day(), 2, 0, 0)
                        .unwrap()
                        .timestamp_millis();
                    let status = match rng.below(100) {
                        0 | 1 => ArticleStatus::Withdrawn,
                        2 => ArticleStatus::Draft,
                        _ => ArticleStatus::Approved,
                    };
                    let author = users[rng.below(users.len())].id;
                    let hash = content_hash(&c);
                    ins.execute(rusqlite::params![
                        issue.map(|i| issues[i].id),
                        author,
                        c.kicker,
                        c.title,
                        c.byline,
                        c.column,
                        serde_json::to_string(&c.body).unwrap(),
                        article_length(&c),
                        status.as_str(),
                        hash,
                        at
                    ])?;
                    let id = tx.last_insert_rowid();
                    rev.execute(rusqlite::params![
                        id,
                        serde_json::to_string(&c).unwrap(),
                        hash,
                        article_length(&c),
                        author,
                        at
                    ])?;
                    if let Some(i) = issue {
                        in_issue[i].push(id);
                    }
                }
                Ok(())
            })
            .unwrap();
    }
    println!(
        "workspace: {n} articles, {:.1} million characters (average {}), {} issues, written in {:.1} s",
        chars as f64 / 1e6,
        chars / n,
        issues.len(),
        t.elapsed().as_secs_f64()
    );
    // a page plan per issue: its first 18 articles on 4 pages
    let layout = Actor::user(&users[0], "127.0.0.1", "bench");
    for (issue, ids) in issues.iter().zip(&in_issue) {
        let pages = (0..4)
            .map(|p| PagePlan {
                number: p + 1,
                template: if p == 0 {
                    PageTemplate::Front
                } else {
                    PageTemplate::Inner
                },
                name: String::new(),
                placements: ids
                    .iter()
                    .skip(p as usize * 4)
                    .take(if p == 3 { 6 } else { 4 })
                    .map(|&id| Placement::new(id))
                    .collect(),
            })
            .collect();
        store
            .save_plan(
                &layout,
                &IssuePlan {
                    issue_id: issue.id,
                    page_size: PageSize::A3,
                    columns: 4,
                    pages,
                },
            )
            .unwrap();
    }

    let size = |p: &std::path::Path| std::fs::metadata(p).map(|m| m.len()).unwrap_or(0);
    let checkpoint = || {
        let c = rusqlite::Connection::open(path).unwrap();
        c.busy_timeout(Duration::from_secs(30)).unwrap();
        c.query_row("PRAGMA wal_checkpoint(TRUNCATE)", [], |_| Ok(()))
            .unwrap();
    };
    checkpoint();
    let before = size(path);
    let t = Instant::now();
    let indexed = store.rebuild_search_index().unwrap();
    let build = t.elapsed();
    checkpoint();
    let after = size(path);
    println!(
        "index build: {indexed} articles in {:.1} s ({:.2} ms an article); database {:.0} MB, \
         of which the index {:.0} MB ({:.1} bytes a character)",
        build.as_secs_f64(),
        ms(build) / indexed as f64,
        after as f64 / 1e6,
        after.saturating_sub(before) as f64 / 1e6,
        after.saturating_sub(before) as f64 / chars as f64
    );
    chars
}

fn main() {
    let n: usize = std::env::var("ZONEPRESS_BENCH_ARTICLES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(100_000);
    let d = demo();
    // ZONEPRESS_BENCH_DB=FILE keeps the workspace (and reuses it when it exists)
    let dir = tempfile::tempdir().unwrap();
    let path = std::env::var_os("ZONEPRESS_BENCH_DB")
        .map(std::path::PathBuf::from)
        .unwrap_or_else(|| dir.path().join("search-bench.db"));
    let fresh = !path.exists();
    let store = Store::open(&path).unwrap();
    if fresh {
        build(&store, &path, n, &d);
    }
    let users = store.list_users().unwrap();
    let mut issues = store.list_issues().unwrap();
    issues.reverse();
    let n = store.list_articles(&Default::default()).unwrap().len();

    // queries: stretches of freshly generated text, like what an editor remembers
    let mut qrng = Rng(12_345);
    let mut long = Vec::new();
    let mut short = Vec::new();
    while long.len() < 200 || short.len() < 200 {
        let p = paragraph(&d, &mut qrng);
        let len = 3 + qrng.below(6);
        if long.len() < 200
            && let Some(q) = sample(&p, len, &mut qrng)
        {
            long.push(q);
        }
        let len = 1 + qrng.below(2);
        if short.len() < 200
            && let Some(q) = sample(&p, len, &mut qrng)
        {
            short.push(q);
        }
    }
    // names and codes that occur rarely, and words that do not occur at all
    for (i, q) in [
        "鑫瑞光电",
        "M11地块",
        "3.0版",
        "璟禾软件",
        "晨光里的智造园区",
        "量子通信",
    ]
    .iter()
    .enumerate()
    {
        long[i * 30] = q.to_string();
    }
    for (i, q) in ["5G", "园区", "税", "璟", "骏禾", "鲲"].iter().enumerate() {
        short[i * 30] = q.to_string();
    }
    let newest = |q: &String| SearchQuery {
        text: q.clone(),
        limit: 20,
        ..SearchQuery::default()
    };
    report(
        "three or more characters, newest first, limit 20",
        &store,
        &long.iter().map(newest).collect::<Vec<_>>(),
    );
    report(
        "one or two characters, newest first, limit 20",
        &store,
        &short.iter().map(newest).collect::<Vec<_>>(),
    );
    let issue = issues[issues.len() - 30].id;
    let filtered: Vec<SearchQuery> = long
        .iter()
        .take(50)
        .enumerate()
        .map(|(i, q)| match i % 5 {
            0 => SearchQuery {
                issue_id: Some(issue),
                ..newest(q)
            },
            1 => SearchQuery {
                author_id: Some(users[i % users.len()].id),
                ..newest(q)
            },
            2 => SearchQuery {
                status: Some(ArticleStatus::Withdrawn),
                ..newest(q)
            },
            3 => SearchQuery {
                from: NaiveDate::from_ymd_opt(2010, 1, 1),
                to: NaiveDate::from_ymd_opt(2012, 12, 31),
                ..newest(q)
            },
            _ => SearchQuery {
                order: zonepress_store::search::SearchOrder::Relevance,
                ..newest(q)
            },
        })
        .collect();
    report(
        "with a filter (issue, author, 撤稿, three years) or by relevance",
        &store,
        &filtered,
    );

    // what a save pays for the index
    let actor = Actor::user(&users[0], "127.0.0.1", "bench");
    let mut srng = Rng(777);
    let pick = |rng: &mut Rng| loop {
        let a = store.article(1 + rng.below(n) as i64).unwrap();
        if a.status != ArticleStatus::Withdrawn {
            return a;
        }
    };
    let save = |a: &zonepress_core::Article, c: ArticleContent| {
        store
            .save_article(
                &actor,
                a.id,
                a.revision,
                "",
                TransitionKind::Edit,
                |_, cur| {
                    Ok(ArticleEdit {
                        content: c,
                        issue_id: cur.issue_id,
                        target_length: cur.target_length,
                        confirm_title: false,
                    })
                },
            )
            .unwrap()
    };
    // a sentence of one paragraph rewritten: what an autosave usually carries
    let sentence_edit = |a: &zonepress_core::Article, rng: &mut Rng| {
        let mut c = a.content.clone();
        let i = rng.below(c.body.len());
        if let Block::Paragraph { text } = &mut c.body[i] {
            let cut = text.find('。').map_or(text.len(), |p| p + '。'.len_utf8());
            let new = vary_digits(rng.pick(&d.sentences), rng);
            text.replace_range(..cut, &new);
        }
        c
    };
    let paragraph_edit = |a: &zonepress_core::Article, rng: &mut Rng| {
        let mut c = a.content.clone();
        let i = rng.below(c.body.len());
        c.body[i] = Block::Paragraph {
            text: paragraph(&d, rng),
        };
        c
    };
    let rounds = 300;
    // 1. save_article as the editor makes it, index included
    let mut save_t = Vec::new();
    for _ in 0..rounds {
        let a = pick(&mut srng);
        let c = sentence_edit(&a, &mut srng);
        let t = Instant::now();
        save(&a, c);
        save_t.push(t.elapsed());
    }
    // 2. the index's part alone, in its own transaction (then the save
    // itself, untimed, finds the index already in step), against a
    // transaction changing one row: durable (as a save commits) and without
    // the disk flush (the work itself; fsync times on this machine vary
    // with how far the WAL file grows)
    let raw = rusqlite::Connection::open(&path).unwrap();
    raw.busy_timeout(Duration::from_secs(5)).unwrap();
    raw.pragma_update(None, "synchronous", "OFF").unwrap();
    let mean = |v: &[Duration]| ms(v.iter().sum::<Duration>()) / v.len() as f64;
    let mut measure = |edit: &dyn Fn(&zonepress_core::Article, &mut Rng) -> ArticleContent| {
        let mut t = [Vec::new(), Vec::new(), Vec::new(), Vec::new()];
        for round in 0..rounds {
            let durable = round % 2 == 0;
            let a = pick(&mut srng);
            let mut edited = a.clone();
            edited.content = edit(&a, &mut srng);
            let in_tx = |f: &dyn Fn(&rusqlite::Connection) -> zonepress_store::Result<()>| {
                let start = Instant::now();
                if durable {
                    store.write(|tx| f(tx)).unwrap();
                } else {
                    raw.execute_batch("BEGIN IMMEDIATE").unwrap();
                    f(&raw).unwrap();
                    raw.execute_batch("COMMIT").unwrap();
                }
                start.elapsed()
            };
            let i = if durable { 0 } else { 2 };
            t[i].push(in_tx(&|c| {
                zonepress_store::search::index::sync_article(c, &edited)
            }));
            save(&a, edited.content.clone());
            t[i + 1].push(in_tx(&|c| {
                c.execute(
                    "UPDATE search_docs SET page = page WHERE article_id = ?1",
                    [a.id],
                )?;
                Ok(())
            }));
        }
        let [mut idx, mut base, mut idx_raw, mut base_raw] = t;
        (
            mean(&idx_raw) - mean(&base_raw),
            pct(&mut idx_raw, 0.5) - pct(&mut base_raw, 0.5),
            pct(&mut idx, 0.5) - pct(&mut base, 0.5),
            pct(&mut idx, 0.95) - pct(&mut base, 0.95),
        )
    };
    let sentence = measure(&sentence_edit);
    let para = measure(&paragraph_edit);
    let whole = measure(&|_, rng| content(&d, rng));
    println!(
        "save_article, one sentence changed: mean {:.2} ms, p50 {:.2} ms, p95 {:.2} ms (index included)",
        ms(save_t.iter().sum::<Duration>()) / save_t.len() as f64,
        pct(&mut save_t.clone(), 0.5),
        pct(&mut save_t, 0.95)
    );
    for (what, (mean, p50, durable50, durable95)) in [
        ("one sentence changed", sentence),
        ("one paragraph rewritten", para),
        ("every word new (restore, import)", whole),
    ] {
        println!(
            "what the index adds to a save, {what}: mean {mean:.2} ms, p50 {p50:.2} ms of work; \
             with the durable commit p50 {durable50:.2} ms, p95 {durable95:.2} ms"
        );
    }
}
