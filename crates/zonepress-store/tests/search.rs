//! Archive search 稿库检索 against real SQLite files: the index follows every
//! write at once, short and long terms, phrases, filters, bad input, the
//! migration that builds it, and a check of many random edits against a
//! plain scan of the articles.

use chrono::NaiveDate;
use zonepress_core::layout::{IssuePlan, PagePlan, PageTemplate, Placement};
use zonepress_core::workflow::{self, TransitionKind};
use zonepress_core::{Article, ArticleContent, ArticleStatus, Block, Issue, PageSize, Role, User};
use zonepress_store::Store;
use zonepress_store::articles::{ArticleEdit, NewArticle};
use zonepress_store::audit::Actor;
use zonepress_store::issues::{IssueUpdate, NewIssue};
use zonepress_store::search::text::{fold, parse_query, units};
use zonepress_store::search::{SearchOrder, SearchQuery, SearchResults};
use zonepress_store::users::{NewUser, PasswordOrigin};

fn actor(u: &User) -> Actor {
    Actor::user(u, "本机", "desktop")
}

fn user(store: &Store, name: &str, roles: &[Role]) -> User {
    store
        .create_user(
            &Actor::system(),
            &NewUser {
                username: name.into(),
                display_name: format!("{name}姓名"),
                password_hash: "not-a-real-hash".into(),
                roles: roles.to_vec(),
                review_levels: vec![],
                password_origin: PasswordOrigin::Owner,
            },
        )
        .unwrap()
}

fn issue(store: &Store, number: u32, date: (i32, u32, u32)) -> Issue {
    store
        .create_issue(
            &Actor::system(),
            &NewIssue {
                year: date.0,
                number,
                serial: 100 + number,
                date: NaiveDate::from_ymd_opt(date.0, date.1, date.2).unwrap(),
                page_count: 4,
                page_size: PageSize::A3,
                columns: 4,
            },
        )
        .unwrap()
}

fn content(title: &str, paras: &[&str]) -> ArticleContent {
    ArticleContent {
        title: title.into(),
        byline: "记者 王晓静".into(),
        body: paras
            .iter()
            .map(|t| Block::Paragraph {
                text: (*t).to_string(),
            })
            .collect(),
        ..Default::default()
    }
}

fn create(store: &Store, by: &User, issue: Option<&Issue>, c: ArticleContent) -> Article {
    store
        .create_article(
            &actor(by),
            &NewArticle {
                issue_id: issue.map(|i| i.id),
                content: c,
                target_length: None,
            },
        )
        .unwrap()
}

fn save(store: &Store, by: &User, a: &Article, c: ArticleContent) -> Article {
    store
        .save_article(
            &actor(by),
            a.id,
            a.revision,
            "",
            TransitionKind::Edit,
            move |_, cur| {
                Ok(ArticleEdit {
                    content: c,
                    issue_id: cur.issue_id,
                    target_length: cur.target_length,
                    confirm_title: false,
                })
            },
        )
        .unwrap()
        .article
}

fn query(text: &str) -> SearchQuery {
    SearchQuery {
        text: text.into(),
        limit: 20,
        ..SearchQuery::default()
    }
}

fn search(store: &Store, q: SearchQuery) -> SearchResults {
    let r = store.search(&q).unwrap();
    assert_eq!(r.hits.len(), (r.total as usize).min(20), "{r:?}");
    r
}

fn titles(r: &SearchResults) -> Vec<&str> {
    r.hits.iter().map(|h| h.title.as_str()).collect()
}

fn found(store: &Store, text: &str) -> Vec<String> {
    search(store, query(text))
        .hits
        .into_iter()
        .map(|h| h.title)
        .collect()
}

fn open() -> (tempfile::TempDir, Store, User) {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(dir.path().join("w.db")).unwrap();
    let editor = user(&store, "editor", &[Role::Editor]);
    (dir, store, editor)
}

#[test]
fn a_saved_edit_is_found_at_once_and_its_old_wording_no_longer_is() {
    let (_dir, store, ed) = open();
    let a = create(
        &store,
        &ed,
        None,
        content(
            "园区召开安全生产会议",
            &["会议要求各企业落实主体责任。", "青禾大道施工有序推进。"],
        ),
    );
    assert_eq!(found(&store, "主体责任"), vec!["园区召开安全生产会议"]);
    let a = save(
        &store,
        &ed,
        &a,
        content(
            "园区召开安全生产会议",
            &["会议要求各企业压实安全责任。", "青禾大道施工有序推进。"],
        ),
    );
    assert!(found(&store, "主体责任").is_empty(), "old wording gone");
    assert_eq!(found(&store, "压实安全").len(), 1, "new wording found");
    assert_eq!(
        found(&store, "青禾大道").len(),
        1,
        "the unchanged paragraph still found"
    );

    // restoring the first revision brings the old wording back
    let a = store
        .restore_revision(&actor(&ed), a.id, 1, a.revision)
        .unwrap()
        .article;
    assert_eq!(found(&store, "主体责任").len(), 1);
    assert!(found(&store, "压实安全").is_empty());

    // the headline is searched too, and a changed title replaces the old one
    let a = save(
        &store,
        &ed,
        &a,
        ArticleContent {
            kicker: "聚焦安全——".into(),
            subtitle: "——部署冬季消防工作".into(),
            column: "工作动态".into(),
            ..content("开发区召开安全会议", &["会议要求各企业落实主体责任。"])
        },
    );
    assert!(found(&store, "安全生产").is_empty());
    for t in ["聚焦安全", "冬季消防", "工作动态", "王晓静", "开发区召开"] {
        assert_eq!(found(&store, t).len(), 1, "{t}");
    }
    // a photo's caption and credit
    let photo = Block::Image {
        asset_id: "a".repeat(64),
        caption: "图为青禾湖湿地晨景。".into(),
        credit: "摄影 刘畅".into(),
    };
    let mut c = a.content.clone();
    c.body.push(photo);
    save(&store, &ed, &a, c);
    let r = search(&store, query("湿地晨景"));
    assert_eq!(r.hits[0].snippet, "图为青禾湖«湿地晨景»。 摄影 刘畅");
    assert_eq!(r.hits[0].snippet_field, "caption");
    assert_eq!(r.hits[0].snippet_block, Some(1));
    assert_eq!(found(&store, "刘畅").len(), 1);
}

#[test]
fn one_and_two_character_queries_mixed_text_and_phrases() {
    let (_dir, store, ed) = open();
    create(
        &store,
        &ed,
        None,
        content("税收稳步增长", &["前10个月完成税收收入38.6亿元。"]),
    );
    create(
        &store,
        &ed,
        None,
        content("M11地块开工", &["M11地块建设5G工厂，系统升级到1.0版。"]),
    );
    create(
        &store,
        &ed,
        None,
        content(
            "智能制造产业园签约",
            &["智能制造 产业园项目签约，园区再添新动能。"],
        ),
    );
    assert_eq!(found(&store, "税"), vec!["税收稳步增长"]);
    assert_eq!(found(&store, "园区").len(), 1);
    assert_eq!(found(&store, "园").len(), 1);
    assert_eq!(found(&store, "5G"), vec!["M11地块开工"]);
    assert_eq!(
        found(&store, "５ｇ"),
        vec!["M11地块开工"],
        "full width and case folded"
    );
    assert_eq!(found(&store, "m11"), vec!["M11地块开工"]);
    assert_eq!(found(&store, "1.0版"), vec!["M11地块开工"]);
    assert_eq!(found(&store, "38.6亿"), vec!["税收稳步增长"]);
    assert!(found(&store, "M12").is_empty());
    // words must all occur, in any field; a phrase keeps its words together
    assert_eq!(found(&store, "税收 38.6"), vec!["税收稳步增长"]);
    assert!(found(&store, "税收 5G").is_empty());
    assert_eq!(found(&store, "\"智能制造 产业园\"").len(), 1);
    assert_eq!(found(&store, "“智能制造 产业园”").len(), 1);
    assert!(found(&store, "\"产业园 智能制造\"").is_empty());
    assert_eq!(found(&store, "产业园 智能制造").len(), 1);
    // a short and a long term together
    assert_eq!(found(&store, "税 收入"), vec!["税收稳步增长"]);

    let r = search(&store, query("园区"));
    assert_eq!(r.terms, vec!["园区"]);
    assert!(
        r.hits[0].snippet.contains("«园区»"),
        "{}",
        r.hits[0].snippet
    );
    assert!(r.total_exact);
}

#[test]
fn bad_input_gets_a_clear_answer_never_an_sql_error() {
    let (_dir, store, ed) = open();
    create(
        &store,
        &ed,
        None,
        content(
            "园区“双招双引”见实效",
            &["NEAR(园区 企业) 与 -税 *号 都是正文。"],
        ),
    );
    for q in ["", "   ", "，。！？", "\"\"", "—— …… ()", "*", "-"] {
        let r = search(&store, query(q));
        assert!(r.hits.is_empty(), "{q:?}");
        assert!(r.notice.is_some(), "{q:?} explained");
    }
    let long = "园".repeat(10_000);
    let r = search(&store, query(&long));
    assert!(r.hits.is_empty());
    assert!(r.notice.unwrap().contains("太长"));
    // FTS syntax typed as text is text
    for q in [
        "\"",
        "园区\"",
        "NEAR",
        "NEAR(园区",
        "园区 OR 税",
        "园区 AND",
        "-税",
        "*号",
        "(园区",
        "园区*",
        "^园区",
        "col:园区",
        "\"园区\" \"",
        "“双招双引”",
    ] {
        let r = store.search(&query(q));
        assert!(r.is_ok(), "{q:?}: {r:?}");
    }
    assert_eq!(found(&store, "NEAR(园区").len(), 1);
    assert_eq!(found(&store, "*号").len(), 1);
    assert!(
        found(&store, "园区 OR 税").is_empty(),
        "OR is a word that must occur"
    );
    assert_eq!(found(&store, "“双招双引”").len(), 1);
}

#[test]
fn filters_issue_dates_column_author_status_and_placement() {
    let (_dir, store, ed) = open();
    let other = user(&store, "tongxun", &[Role::Editor]);
    let old = issue(&store, 3, (2024, 3, 31));
    let new = issue(&store, 11, (2025, 11, 30));
    let mut c = content("招商引资再上新台阶", &["园区招商引资成效明显。"]);
    c.column = "工作动态".into();
    let a1 = create(&store, &ed, Some(&old), c.clone());
    let a2 = create(&store, &other, Some(&new), c.clone());
    let a3 = create(
        &store,
        &ed,
        None,
        content("招商引资座谈会举行", &["园区企业座谈。"]),
    );
    store
        .save_plan(
            &actor(&ed),
            &IssuePlan {
                issue_id: new.id,
                page_size: PageSize::A3,
                columns: 4,
                pages: vec![
                    PagePlan {
                        number: 1,
                        template: PageTemplate::Front,
                        name: String::new(),
                        placements: vec![],
                    },
                    PagePlan {
                        number: 2,
                        template: PageTemplate::Inner,
                        name: String::new(),
                        placements: vec![Placement::new(a2.id)],
                    },
                ],
            },
        )
        .unwrap();

    let ids = |q: SearchQuery| -> Vec<i64> {
        search(&store, q)
            .hits
            .iter()
            .map(|h| h.article_id)
            .collect()
    };
    // newest first: an article in no issue is filed under the day it was
    // written (today), then the newest issue, then the older one
    let all = ids(query("招商引资"));
    assert_eq!(all.len(), 3);
    assert_eq!(all[1..], [a2.id, a1.id]);
    let r = search(&store, query("招商引资"));
    let h2 = r.hits.iter().find(|h| h.article_id == a2.id).unwrap();
    assert_eq!(h2.issue.as_deref(), Some("2025年第11期"));
    assert_eq!(h2.page, Some(2));
    assert_eq!(h2.date, NaiveDate::from_ymd_opt(2025, 11, 30).unwrap());
    assert_eq!(h2.author.username, "tongxun");
    assert_eq!(h2.status, ArticleStatus::Draft);

    assert_eq!(
        ids(SearchQuery {
            issue_id: Some(old.id),
            ..query("招商引资")
        }),
        vec![a1.id]
    );
    assert_eq!(
        ids(SearchQuery {
            from: NaiveDate::from_ymd_opt(2024, 1, 1),
            to: NaiveDate::from_ymd_opt(2024, 12, 31),
            ..query("招商")
        }),
        vec![a1.id]
    );
    assert_eq!(
        ids(SearchQuery {
            to: NaiveDate::from_ymd_opt(2025, 11, 30),
            ..query("招商")
        }),
        vec![a2.id, a1.id]
    );
    assert_eq!(
        ids(SearchQuery {
            column: Some("工作动态".into()),
            ..query("园区")
        }),
        vec![a2.id, a1.id]
    );
    assert_eq!(
        ids(SearchQuery {
            author_id: Some(ed.id),
            ..query("园区")
        })
        .len(),
        2
    );
    assert_eq!(
        ids(SearchQuery {
            placed: Some(true),
            ..query("招商")
        }),
        vec![a2.id]
    );
    assert_eq!(
        ids(SearchQuery {
            placed: Some(false),
            ..query("招商")
        })
        .len(),
        2
    );
    // filters alone list what they select
    let r = search(
        &store,
        SearchQuery {
            issue_id: Some(new.id),
            ..query("")
        },
    );
    assert_eq!(titles(&r), vec!["招商引资再上新台阶"]);
    assert!(r.hits[0].snippet.starts_with("园区招商引资"));

    // a status change is seen at once by the status filter
    let a3 = store
        .review_action(a3.id, &actor(&ed), "", "", |st| {
            workflow::submit(st, a3.revision)
        })
        .unwrap();
    assert_eq!(
        ids(SearchQuery {
            status: Some(ArticleStatus::InReview),
            ..query("招商")
        }),
        vec![a3.id]
    );
    // moving the article to another issue files it there (same day: the
    // newer article first)
    let moved = store
        .save_article(
            &actor(&ed),
            a1.id,
            a1.revision,
            "",
            TransitionKind::Edit,
            |_, cur| {
                Ok(ArticleEdit {
                    content: cur.content.clone(),
                    issue_id: Some(new.id),
                    target_length: None,
                    confirm_title: false,
                })
            },
        )
        .unwrap();
    assert!(!moved.new_revision);
    assert_eq!(
        ids(SearchQuery {
            issue_id: Some(new.id),
            ..query("招商")
        }),
        vec![a2.id, a1.id]
    );
    // changing an issue's date refiles its articles
    store
        .update_issue(
            &Actor::system(),
            new.id,
            &IssueUpdate {
                date: NaiveDate::from_ymd_opt(2023, 6, 30),
                ..IssueUpdate::default()
            },
        )
        .unwrap();
    assert_eq!(
        ids(SearchQuery {
            to: NaiveDate::from_ymd_opt(2023, 12, 31),
            ..query("招商")
        }),
        vec![a2.id, a1.id]
    );
}

#[test]
fn a_withdrawn_article_is_found_only_with_the_status_filter() {
    let (_dir, store, ed) = open();
    let a = create(
        &store,
        &ed,
        None,
        content("一篇撤下的稿件", &["青禾湖环境整治。"]),
    );
    create(
        &store,
        &ed,
        None,
        content("另一篇稿件", &["青禾湖环境整治成效。"]),
    );
    store
        .review_action(a.id, &actor(&ed), "", "", |st| workflow::withdraw(st, &ed))
        .unwrap();
    assert_eq!(found(&store, "环境整治"), vec!["另一篇稿件"]);
    let r = search(
        &store,
        SearchQuery {
            status: Some(ArticleStatus::Withdrawn),
            ..query("环境整治")
        },
    );
    assert_eq!(titles(&r), vec!["一篇撤下的稿件"]);
    assert_eq!(r.hits[0].status, ArticleStatus::Withdrawn);
    // reopened, it is found again
    store
        .review_action(a.id, &actor(&ed), "", "", |st| workflow::reopen(st, &ed))
        .unwrap();
    assert_eq!(found(&store, "环境整治").len(), 2);
}

#[test]
fn relevance_puts_headline_matches_first_and_paging_follows_the_order() {
    let (_dir, store, ed) = open();
    let in_title = create(
        &store,
        &ed,
        None,
        content("营商环境再优化", &["开发区出台新举措。"]),
    );
    for i in 0..30 {
        create(
            &store,
            &ed,
            None,
            content(&format!("工作动态{i}"), &["持续优化营商环境。"]),
        );
    }
    let newest = search(&store, query("营商环境"));
    assert_eq!(newest.total, 31);
    assert_eq!(newest.hits.len(), 20);
    assert_ne!(
        newest.hits[0].article_id, in_title.id,
        "oldest is not first by date"
    );
    let ranked = search(
        &store,
        SearchQuery {
            order: SearchOrder::Relevance,
            ..query("营商环境")
        },
    );
    assert_eq!(ranked.hits[0].article_id, in_title.id);
    assert_eq!(ranked.hits[0].snippet_field, "title");
    // pages do not overlap and together give everything
    let mut seen: Vec<i64> = Vec::new();
    for offset in [0, 20] {
        let page = store
            .search(&SearchQuery {
                offset,
                ..query("营商环境")
            })
            .unwrap();
        assert_eq!(page.total, 31);
        seen.extend(page.hits.iter().map(|h| h.article_id));
    }
    seen.sort();
    seen.dedup();
    assert_eq!(seen.len(), 31);
}

#[test]
fn an_existing_workspace_gets_its_index_from_the_migration() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("old.db");
    {
        let store = Store::open(&path).unwrap();
        let ed = user(&store, "editor", &[Role::Editor]);
        let i = issue(&store, 11, (2026, 11, 30));
        create(
            &store,
            &ed,
            Some(&i),
            content("青禾湿地生态修复通过验收", &["湿地面积达到1200亩。"]),
        );
        create(
            &store,
            &ed,
            None,
            content("税务服务进园区", &["办税更便捷。"]),
        );
    }
    // back to how a workspace looked before search: drop its tables, step back
    {
        let conn = rusqlite::Connection::open(&path).unwrap();
        let version: u32 = conn
            .query_row("PRAGMA user_version", [], |r| r.get(0))
            .unwrap();
        let step = zonepress_store::schema::MIGRATIONS
            .iter()
            .position(|m| m.contains("CREATE TABLE search_docs"))
            .unwrap() as u32;
        assert!(step < version, "the search step ran");
        // what the steps after search made goes too (they run again)
        for later in &zonepress_store::schema::MIGRATIONS[step as usize + 1..] {
            let words: Vec<&str> = later.split_whitespace().collect();
            for w in words.windows(3) {
                let kind = match (w[0], w[1]) {
                    ("CREATE", "TABLE") => "TABLE",
                    ("CREATE", "INDEX") => "INDEX",
                    ("CREATE", "TRIGGER") => "TRIGGER",
                    _ => continue,
                };
                let name = w[2].trim_end_matches('(');
                conn.execute_batch(&format!("DROP {kind} IF EXISTS {name};"))
                    .unwrap();
            }
            for w in words.windows(4) {
                if w[0] == "CREATE" && w[1] == "UNIQUE" && w[2] == "INDEX" {
                    conn.execute_batch(&format!("DROP INDEX IF EXISTS {};", w[3]))
                        .unwrap();
                }
            }
            // columns added to older tables go too
            for w in words.windows(6) {
                if w[0] == "ALTER" && w[1] == "TABLE" && w[3] == "ADD" && w[4] == "COLUMN" {
                    conn.execute_batch(&format!("ALTER TABLE {} DROP COLUMN {};", w[2], w[5]))
                        .unwrap();
                }
            }
        }
        conn.execute_batch(
            "DROP TABLE search_docs; DROP TABLE search_units;
             DROP TABLE search_text; DROP TABLE search_short;",
        )
        .unwrap();
        conn.pragma_update(None, "user_version", step).unwrap();
    }
    let store = Store::open(&path).unwrap();
    assert_eq!(found(&store, "生态修复"), vec!["青禾湿地生态修复通过验收"]);
    assert_eq!(found(&store, "税"), vec!["税务服务进园区"]);
    assert_eq!(found(&store, "1200亩").len(), 1);
    assert_eq!(store.rebuild_search_index().unwrap(), 2);
    assert_eq!(found(&store, "湿地").len(), 1);
}

/// A tiny deterministic random source for the edit check.
struct Rng(u64);
impl Rng {
    fn below(&mut self, n: usize) -> usize {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        (self.0 % n as u64) as usize
    }
}

#[test]
fn after_many_random_edits_search_agrees_with_a_plain_scan() {
    let (_dir, store, ed) = open();
    let words = [
        "园区", "企业", "税收", "5G", "M11", "招商", "项目", "湿地", "青禾", "服务", "开工",
        "签约", "1.0版", "人才", "大道",
    ];
    let mut rng = Rng(0x5eed);
    let sentence = |rng: &mut Rng| -> String {
        (0..3 + rng.below(5))
            .map(|_| words[rng.below(words.len())])
            .collect::<Vec<_>>()
            .join(if rng.below(3) == 0 { "，" } else { "" })
            + "。"
    };
    let mut articles: Vec<Article> = (0..12)
        .map(|i| {
            let paras: Vec<String> = (0..1 + rng.below(4)).map(|_| sentence(&mut rng)).collect();
            let refs: Vec<&str> = paras.iter().map(String::as_str).collect();
            create(
                &store,
                &ed,
                None,
                content(&format!("稿件{i}{}", sentence(&mut rng)), &refs),
            )
        })
        .collect();
    for _ in 0..150 {
        let i = rng.below(articles.len());
        let mut c = articles[i].content.clone();
        match rng.below(5) {
            0 if !c.body.is_empty() => {
                c.body.remove(rng.below(c.body.len()));
            }
            1 => {
                let at = rng.below(c.body.len() + 1);
                c.body.insert(
                    at,
                    Block::Paragraph {
                        text: sentence(&mut rng),
                    },
                );
            }
            2 if !c.body.is_empty() => {
                // a paragraph written twice
                let p = c.body[rng.below(c.body.len())].clone();
                c.body.push(p);
            }
            3 => c.title = format!("稿件{i}{}", sentence(&mut rng)),
            _ => {
                if let Some(b) = c.body.first_mut() {
                    *b = Block::Subhead {
                        text: sentence(&mut rng),
                    };
                }
            }
        }
        if c == articles[i].content {
            continue;
        }
        articles[i] = save(&store, &ed, &articles[i], c);
    }
    // every one- to four-word query: the index agrees with reading every article
    let mut checked = 0;
    for q in words
        .iter()
        .flat_map(|a| words.iter().map(move |b| format!("{a}{b}")))
        .chain(words.iter().map(|w| w.to_string()))
        .chain(["园", "税", "g", "区企", "园区 税收", "湿地 5G 人才"].map(String::from))
    {
        let terms = parse_query(&q).unwrap();
        let mut expected: Vec<i64> = articles
            .iter()
            .filter(|a| {
                let text: Vec<String> = units(&a.content).iter().map(|u| fold(&u.text)).collect();
                terms
                    .iter()
                    .all(|t| text.iter().any(|u| u.contains(&t.text)))
            })
            .map(|a| a.id)
            .collect();
        expected.sort();
        let mut got: Vec<i64> = store
            .search(&SearchQuery {
                limit: 100,
                ..query(&q)
            })
            .unwrap()
            .hits
            .iter()
            .map(|h| h.article_id)
            .collect();
        got.sort();
        assert_eq!(got, expected, "{q}");
        checked += usize::from(!expected.is_empty());
    }
    assert!(
        checked > 50,
        "the check found something to compare ({checked})"
    );
}
