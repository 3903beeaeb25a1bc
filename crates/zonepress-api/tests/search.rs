//! `search_articles` and `search_options` on the demo workspace: what each
//! role finds, edits found at once, filters by name, bad input answered
//! clearly.

use zonepress_testkit::api::Demo;

use serde_json::{Value, json};
use zonepress_api::{ErrorCode, Reply};

fn search(d: &Demo, user: &str, input: Value) -> Value {
    d.json(user, "search_articles", input)
}

fn titles(r: &Value) -> Vec<String> {
    r["hits"]
        .as_array()
        .unwrap()
        .iter()
        .map(|h| h["title"].as_str().unwrap().to_string())
        .collect()
}

#[test]
fn every_role_finds_demo_articles_by_names_and_numbers() {
    let d = Demo::new();
    for user in ["editor", "reviewer1", "proofreader", "layout", "admin"] {
        let r = search(&d, user, json!({ "query": "唐瑜" }));
        assert_eq!(titles(&r), vec!["企业服务专员唐瑜的一天"], "{user}");
    }
    let r = search(&d, "reviewer2", json!({ "query": "唐瑜" }));
    let hit = &r["hits"][0];
    assert_eq!(hit["issue"], "2026年第11期");
    assert_eq!(hit["page"], 4);
    assert_eq!(hit["status"], "approved");
    assert_eq!(hit["author"]["username"], "editor");
    assert!(hit["snippet"].as_str().unwrap().contains("«唐瑜»"), "{hit}");
    assert_eq!(r["terms"], json!(["唐瑜"]));
    assert_eq!(r["total"], 1);
    assert_eq!(r["total_exact"], true);

    // a number with its unit, a one-character word, a caption
    assert!(
        titles(&search(&d, "editor", json!({ "query": "126.5亿元" })))
            .contains(&"18个项目签约落户　总投资126.5亿元".to_string())
    );
    let r = search(&d, "editor", json!({ "query": "税" }));
    assert!(r["total"].as_u64().unwrap() >= 1);
    let r = search(&d, "editor", json!({ "query": "晨光" }));
    assert!(titles(&r).contains(&"晨光里的智造园区".to_string()));
}

#[test]
fn an_edit_is_found_at_once_and_a_withdrawn_article_only_by_status() {
    let d = Demo::new();
    let r = search(&d, "editor", json!({ "query": "邻里文化节" }));
    let id = r["hits"][0]["article_id"].as_i64().unwrap();
    let article = d.json("editor", "get_article", json!({ "id": id }));
    let mut body = article["body"].clone();
    body[0]["text"] = json!("禾丰社区举办首届邻里美食节，居民共享美食。");
    d.json(
        "editor",
        "save_article",
        json!({ "id": id, "base_revision": article["revision"], "body": body }),
    );
    assert_eq!(
        search(&d, "editor", json!({ "query": "邻里美食节" }))["total"],
        1
    );
    assert!(
        titles(&search(&d, "editor", json!({ "query": "共享美食" }))).len() == 1,
        "found at once"
    );

    d.json("editor", "withdraw_article", json!({ "id": id }));
    assert_eq!(
        search(&d, "editor", json!({ "query": "邻里美食节" }))["total"],
        0
    );
    let r = search(
        &d,
        "editor",
        json!({ "query": "邻里美食节", "status": "withdrawn" }),
    );
    assert_eq!(r["total"], 1);
    assert_eq!(r["hits"][0]["status"], "withdrawn");
}

#[test]
fn filters_by_issue_author_column_dates_and_placement() {
    let d = Demo::new();
    let issue = d.json("editor", "list_issues", json!({}))[0]["id"].clone();
    // filters alone list what they select
    let all = search(&d, "editor", json!({ "query": "", "issue_id": issue }));
    assert_eq!(all["total"], 21);
    let placed = search(
        &d,
        "editor",
        json!({ "query": "", "issue_id": issue, "placed": true }),
    );
    assert_eq!(placed["total"], 18);
    let r = search(
        &d,
        "editor",
        json!({ "query": "开发区", "column": "工作动态", "limit": 100 }),
    );
    assert!(
        r["hits"]
            .as_array()
            .unwrap()
            .iter()
            .all(|h| h["column"] == "工作动态")
    );
    // the author by username or by name
    let by_name = search(&d, "editor", json!({ "query": "开发区", "author": "林悦" }));
    let by_user = search(
        &d,
        "editor",
        json!({ "query": "开发区", "author": "editor" }),
    );
    assert_eq!(by_name["total"], by_user["total"]);
    assert!(by_name["total"].as_u64().unwrap() > 0);
    // the demo issue is dated 2026-11-30
    let r = search(
        &d,
        "editor",
        json!({ "query": "开发区", "issue_id": issue, "from": "2026-11-01", "to": "2026-11-30" }),
    );
    assert!(r["total"].as_u64().unwrap() > 0);
    let r = search(
        &d,
        "editor",
        json!({ "query": "开发区", "issue_id": issue, "to": "2026-10-31" }),
    );
    assert_eq!(r["total"], 0);

    let options = d.json("layout", "search_options", json!({}));
    assert!(
        options["columns"]
            .as_array()
            .unwrap()
            .contains(&json!("工作动态"))
    );
    assert!(
        options["authors"]
            .as_array()
            .unwrap()
            .iter()
            .any(|a| a["username"] == "editor")
    );
}

#[test]
fn bad_input_gets_a_clear_answer() {
    let d = Demo::new();
    let long = "园".repeat(10_000);
    for q in [
        "",
        "   ",
        "，。！",
        "\"",
        "\"\"",
        "NEAR(园区",
        "*",
        "-",
        "(",
        "园区 OR",
        "园区*",
        &long,
    ] {
        let r = d
            .call("editor", "search_articles", json!({ "query": q }))
            .unwrap_or_else(|e| panic!("{q:?}: {e:?}"));
        let Reply::Json(r) = r else { panic!() };
        if r["hits"].as_array().unwrap().is_empty() {
            let notice = r["notice"].as_str().unwrap_or("");
            assert!(
                r["total"] == 0 && (q.contains('园') || !notice.is_empty()),
                "{q:?}: {r}"
            );
        }
    }
    let clear = |input: Value| {
        let e = d.call("editor", "search_articles", input).unwrap_err();
        assert_eq!(e.code, ErrorCode::InvalidInput, "{e:?}");
        assert!(
            e.message
                .chars()
                .any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c)),
            "{e:?}"
        );
    };
    clear(json!({ "query": "园区", "author": "nobody" }));
    clear(json!({ "query": "园区", "from": "2026-12-01", "to": "2026-11-01" }));
    clear(json!({ "query": "园区", "offset": 1_000_000 }));
    let e = d
        .call(
            "editor",
            "search_articles",
            json!({ "query": "园区", "issue_id": 999 }),
        )
        .unwrap_err();
    assert_eq!(e.code, ErrorCode::NotFound);
}
