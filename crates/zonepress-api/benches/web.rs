//! The 数字报 of the demo issue (4 pages A3), cold, as `export_web` makes
//! it: a fresh process-wide typesetter (fonts discovered from scratch), one
//! layout, page images at two resolutions, article pages, the zip.
//!
//! `cargo bench -p zonepress-api --bench web` prints the figures; the
//! target is under 3 s cold.

use std::time::{Duration, Instant};

use serde_json::json;
use zonepress_api::{Context, Reply};

fn token(ctx: &Context, user: &str) -> String {
    let login = json!({ "username": user, "password": zonepress_api::demo::DEMO_PASSWORD });
    match zonepress_api::call(ctx, "login", None, login.to_string().as_bytes()) {
        Ok(Reply::Json(v)) => v["token"].as_str().expect("token").to_string(),
        other => panic!("login: {other:?}"),
    }
}

fn export(ctx: &Context, token: &str) -> (Duration, usize) {
    let body = json!({ "issue_id": 1 }).to_string();
    let start = Instant::now();
    let reply = zonepress_api::call(ctx, "export_web", Some(token), body.as_bytes());
    let took = start.elapsed();
    match reply {
        Ok(Reply::Binary(b)) => (took, b.bytes.len()),
        other => panic!("export_web: {other:?}"),
    }
}

fn main() {
    let mut cold = Vec::new();
    let mut warm = Vec::new();
    let mut size = 0;
    for _ in 0..3 {
        // A fresh workspace and context each round: nothing typeset, no
        // fonts loaded, no page rendered.
        let dir = tempfile::tempdir().expect("temp dir");
        {
            let ctx = Context::open(dir.path()).expect("workspace");
            zonepress_api::demo::seed_demo(&ctx).expect("demo");
        }
        // The demo's 校样 rounds typeset the issue and kept a font index:
        // start again from nothing.
        let _ = std::fs::remove_dir_all(dir.path().join("cache"));
        let ctx = Context::open(dir.path()).expect("workspace");
        let t = token(&ctx, "layout");
        let (c, n) = export(&ctx, &t);
        cold.push(c);
        size = n;
        // Again in the same process: the layout and page images are cached.
        warm.push(export(&ctx, &t).0);
    }
    cold.sort();
    warm.sort();
    println!(
        "数字报 of the 4-page demo issue (layout, 8 page images, 18 article pages, zip of {} KiB): \
         cold median {:.2?} (min {:.2?}, max {:.2?}); again in the same process {:.2?}",
        size / 1024,
        cold[1],
        cold[0],
        cold[2],
        warm[1]
    );
    let limit = Duration::from_secs(3);
    if cold[1] > limit {
        println!("SLOWER than the 3 s target");
    }
}
