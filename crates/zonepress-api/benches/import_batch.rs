//! Importing as an editor does it: 100 `.docx` files of about 2,000
//! characters each through `import_articles`, parsing, storing each photo as
//! an asset and writing each draft to a real SQLite workspace (WAL, full
//! sync), in one batch.
//!
//! `cargo bench -p zonepress-api` prints the figures; the target is under 5 s.

use zonepress_testkit::docx;

use std::time::{Duration, Instant};

use base64::Engine;
use serde_json::{Value, json};
use zonepress_api::{Context, Reply};

fn main() {
    let photo = docx::fixture("site-photo.png");
    let items: Vec<Value> = (0..100)
        .map(|n| {
            json!({
                "file_name": format!("稿件{n}.docx"),
                "data_base64": base64::engine::general_purpose::STANDARD.encode(docx::sample_docx(n, &photo)),
            })
        })
        .collect();
    let body = serde_json::to_vec(&json!({ "issue_id": 1, "items": items })).expect("json");
    let mut times = Vec::new();
    for _ in 0..3 {
        // A fresh workspace each round: the demo issue and accounts.
        let dir = tempfile::tempdir().expect("temp dir");
        let ctx = Context::open(dir.path()).expect("workspace");
        zonepress_api::demo::seed_demo(&ctx).expect("demo");
        let login = json!({ "username": "editor", "password": zonepress_api::demo::DEMO_PASSWORD });
        let token = match zonepress_api::call(&ctx, "login", None, login.to_string().as_bytes()) {
            Ok(Reply::Json(v)) => v["token"].as_str().expect("token").to_string(),
            other => panic!("login: {other:?}"),
        };
        let start = Instant::now();
        let reply = zonepress_api::call(&ctx, "import_articles", Some(&token), &body);
        let took = start.elapsed();
        let Ok(Reply::Json(results)) = reply else {
            panic!("import: {reply:?}")
        };
        let imported = results
            .as_array()
            .expect("results")
            .iter()
            .filter(|r| r["article_id"].is_i64())
            .count();
        assert_eq!(imported, 100, "{results:#}");
        times.push(took);
    }
    times.sort();
    let ms = |d: Duration| d.as_secs_f64() * 1000.0;
    println!(
        "import_articles: 100 .docx (≈2,000 chars, one photo each) into a workspace: best {:.0} ms, median {:.0} ms ({:.1} ms per file)",
        ms(times[0]),
        ms(times[1]),
        ms(times[1]) / 100.0
    );
}
