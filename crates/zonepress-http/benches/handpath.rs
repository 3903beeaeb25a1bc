//! The hand path of the layout screen, as a click sees it (tracker issue
//! #27): a layout person changes one article on page 2 of the demo issue
//! and waits for the answer, then for page 2's new preview.
//!
//! The server runs in this process on a temp demo workspace, served by
//! `zonepress_http::serve` on 127.0.0.1, and the client is the desktop's
//! (`zonepress_http::client`) from 127.0.0.2, signed in as the demo's 排版
//! account. Each change is one `plan_issue` with a state not seen before
//! (an article's type scale, or its headline span), so nothing is answered
//! from a cache that a real change would miss. Printed: the median and the
//! spread of the time from sending the change to its answer, and to the
//! changed page's preview (0.7 px/pt, as the layout screen asks), in a
//! release build (`make bench`). `ZONEPRESS_HANDPATH_RUNS` sets the number
//! of changes per kind (default 15).

use std::net::IpAddr;
use std::sync::Arc;
use std::time::{Duration, Instant};

use serde_json::{Value, json};
use zonepress_api::{Context, Reply};
use zonepress_http::client::{Client, ClientOptions};

async fn call(c: &Client, command: &str, token: &str, body: &Value) -> Value {
    match c
        .call(command, Some(token), body.to_string().as_bytes())
        .await
        .unwrap_or_else(|e| panic!("{command}: {e:?}"))
    {
        Reply::Json(v) => v,
        Reply::Binary(_) => panic!("{command}: binary answer"),
    }
}

async fn preview(c: &Client, token: &str, issue_id: i64, page: u8) -> usize {
    let body = json!({ "issue_id": issue_id, "page": page, "scale": 0.7 });
    match c
        .call("preview_page", Some(token), body.to_string().as_bytes())
        .await
        .expect("preview_page")
    {
        Reply::Binary(b) => b.bytes.len(),
        Reply::Json(_) => panic!("preview_page: JSON answer"),
    }
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}

fn spread(mut v: Vec<f64>) -> String {
    v.sort_by(|a, b| a.total_cmp(b));
    format!(
        "{:.1} ms (min {:.1}, max {:.1})",
        v[v.len() / 2],
        v[0],
        v[v.len() - 1]
    )
}

#[derive(Clone, Copy)]
enum Change {
    TypeScale,
    Span,
}

fn main() {
    let runs: usize = std::env::var("ZONEPRESS_HANDPATH_RUNS")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(15)
        .clamp(3, 40);
    let rt = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .expect("runtime");
    rt.block_on(run(runs));
}

async fn run(runs: usize) {
    let dir = tempfile::tempdir().expect("temp dir");
    // ZONEPRESS_HANDPATH_TEMPLATES: a folder of templates to time instead
    // of the shipped ones (the workspace's `templates/` folder replaces
    // them), to compare two versions of a template in one build.
    if let Some(from) = std::env::var_os("ZONEPRESS_HANDPATH_TEMPLATES") {
        let to = dir.path().join("templates");
        std::fs::create_dir_all(&to).expect("templates folder");
        for entry in std::fs::read_dir(&from).expect("templates to time") {
            let path = entry.expect("a template").path();
            std::fs::copy(&path, to.join(path.file_name().expect("a file name")))
                .expect("template copied");
        }
    }
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
    let c = Client::with_options(
        &url,
        ClientOptions {
            local_address: Some(IpAddr::from([127, 0, 0, 2])),
            ..ClientOptions::default()
        },
    )
    .expect("client");
    let login = match c
        .call(
            "login",
            None,
            json!({ "username": "layout", "password": zonepress_api::demo::DEMO_PASSWORD })
                .to_string()
                .as_bytes(),
        )
        .await
        .expect("login")
    {
        Reply::Json(v) => v,
        Reply::Binary(_) => panic!("login: binary answer"),
    };
    let token = login["token"].as_str().expect("token").to_string();
    let issues = call(&c, "list_issues", &token, &json!({})).await;
    let issue_id = issues
        .as_array()
        .and_then(|a| a.iter().map(|i| i["id"].as_i64().unwrap_or(0)).max())
        .expect("the demo issue");

    // The screen opened: the plan and every page's preview.
    let opened = call(
        &c,
        "get_issue_plan",
        &token,
        &json!({ "issue_id": issue_id }),
    )
    .await;
    let mut plan = opened["plan"].clone();
    for page in 1..=4 {
        preview(&c, &token, issue_id, page).await;
    }
    let placed = plan["pages"][1]["placements"]
        .as_array()
        .map_or(0, Vec::len);
    assert!(placed > 0, "page 2 of the demo has articles");

    println!(
        "hand path over HTTP (release), {runs} changes per kind to one article on page 2 of the demo issue:"
    );
    let mut seen = std::collections::HashSet::new();
    seen.insert(plan["pages"][1].to_string());
    for change in [Change::TypeScale, Change::Span] {
        let (mut answered, mut previewed) = (vec![], vec![]);
        for i in 0..runs {
            // A state of page 2 not seen before (the typeset-page cache
            // would answer one seen a moment ago).
            for tries in 0.. {
                let at = &mut plan["pages"][1]["placements"][i % placed];
                // Every span of this article seen with this type scale.
                let change = if tries >= 3 {
                    Change::TypeScale
                } else {
                    change
                };
                match change {
                    Change::TypeScale => {
                        let now = at["type_scale"].as_u64().unwrap_or(100);
                        at["type_scale"] = json!(if now >= 114 { 90 } else { now + 1 });
                    }
                    Change::Span => {
                        let now = at["headline_span"].as_u64().unwrap_or(0);
                        at["headline_span"] = json!(if now >= 3 { 1 } else { now + 1 });
                    }
                }
                if seen.insert(plan["pages"][1].to_string()) {
                    break;
                }
            }
            let t = Instant::now();
            let answer = call(&c, "plan_issue", &token, &plan).await;
            answered.push(ms(t.elapsed()));
            preview(&c, &token, issue_id, 2).await;
            previewed.push(ms(t.elapsed()));
            plan = answer["plan"].clone();
            seen.insert(plan["pages"][1].to_string());
        }
        println!(
            "  {}: plan_issue answered in {}; page 2's preview ready {} after the change was sent",
            match change {
                Change::TypeScale => "type scale",
                Change::Span => "headline span",
            },
            spread(answered),
            spread(previewed),
        );
    }
    server.shutdown().await;
}
