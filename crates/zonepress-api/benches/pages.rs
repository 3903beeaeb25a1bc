//! 校样 on the demo issue (4 pages A3), in a running app: starting a round
//! (the layout frozen: typeset, PDF with the round's watermark, the box of
//! every character, the hashes, all stored) against a warm export of the
//! same issue, and placing a mark by page coordinates.
//!
//! `cargo bench -p zonepress-api --bench pages` prints the figures; the
//! targets: a mark answers within 50 ms, and starting a round adds no more
//! than one warm export's time (it is one export and its character map).

use std::time::{Duration, Instant};

use serde_json::{Value, json};
use zonepress_api::{Context, Reply};

fn token(ctx: &Context, user: &str) -> String {
    let login = json!({ "username": user, "password": zonepress_api::demo::DEMO_PASSWORD });
    match zonepress_api::call(ctx, "login", None, login.to_string().as_bytes()) {
        Ok(Reply::Json(v)) => v["token"].as_str().expect("token").to_string(),
        other => panic!("login: {other:?}"),
    }
}

fn call(ctx: &Context, token: &str, cmd: &str, body: Value) -> (Duration, Reply) {
    let body = body.to_string();
    let start = Instant::now();
    let reply = zonepress_api::call(ctx, cmd, Some(token), body.as_bytes())
        .unwrap_or_else(|e| panic!("{cmd}: {e:?}"));
    (start.elapsed(), reply)
}

fn json_of(r: Reply) -> Value {
    match r {
        Reply::Json(v) => v,
        Reply::Binary(_) => panic!("bytes"),
    }
}

fn median(v: &mut [Duration]) -> Duration {
    v.sort();
    v[v.len() / 2]
}

fn pct(v: &mut [Duration], p: f64) -> Duration {
    v.sort();
    v[((v.len() as f64 - 1.0) * p).round() as usize]
}

fn main() {
    let mut exports = Vec::new();
    let mut rounds = Vec::new();
    let mut marks = Vec::new();
    let mut seed = 0x2026_1130_u64;
    for _ in 0..3 {
        let dir = tempfile::tempdir().expect("temp dir");
        let ctx = Context::open(dir.path()).expect("workspace");
        zonepress_api::demo::seed_demo_before_proofs(&ctx).expect("demo");
        let layout = token(&ctx, "layout");
        let proofreader = token(&ctx, "proofreader");
        // Warm: the issue typeset once, as the layout screen leaves it.
        call(&ctx, &layout, "get_issue_plan", json!({ "issue_id": 1 }));
        for _ in 0..5 {
            let (t, _) = call(
                &ctx,
                &layout,
                "export_issue",
                json!({ "issue_id": 1, "options": { "proof_copy": true } }),
            );
            exports.push(t);
        }
        for _ in 0..3 {
            let (t, r) = call(&ctx, &layout, "start_proof_round", json!({ "issue_id": 1 }));
            rounds.push(t);
            let round = json_of(r);
            for _ in 0..60 {
                // A point anywhere in the type area of a page: most land
                // on a character, some between lines or on a photo.
                let mut next = || {
                    seed ^= seed << 13;
                    seed ^= seed >> 7;
                    seed ^= seed << 17;
                    seed
                };
                let page = 1 + next() % 4;
                let x = 16.0 + (next() % 26_500) as f64 / 100.0;
                let y = 20.0 + (next() % 38_000) as f64 / 100.0;
                let (t, _) = call(
                    &ctx,
                    &proofreader,
                    "add_proof_mark",
                    json!({ "round_id": round["id"], "page": page, "x_mm": x, "y_mm": y, "kind": "other", "note": "基准测试" }),
                );
                marks.push(t);
            }
            // Close it (its marks rejected) so that the next round can start.
            let list = json_of(
                call(
                    &ctx,
                    &layout,
                    "list_proof_marks",
                    json!({ "round_id": round["id"] }),
                )
                .1,
            );
            let editor = token(&ctx, "editor");
            for m in list.as_array().expect("marks") {
                call(
                    &ctx,
                    &editor,
                    "resolve_proof_mark",
                    json!({ "id": m["id"], "resolution": "rejected", "reason": "基准测试" }),
                );
            }
            call(
                &ctx,
                &layout,
                "close_proof_round",
                json!({ "id": round["id"] }),
            );
        }
    }
    let export = median(&mut exports);
    let round = median(&mut rounds);
    let mark = median(&mut marks);
    let mark95 = pct(&mut marks, 0.95);
    let mark_max = *marks.iter().max().expect("marks");
    println!(
        "warm export of the demo (校样 PDF): median {export:.2?} over {} runs",
        exports.len()
    );
    println!(
        "start_proof_round (layout, PDF, character map, hashes, stored): median {round:.2?} \
         (min {:.2?}, max {:.2?}) over {} rounds — {:.2} warm exports, adds {:.2?}",
        rounds.iter().min().expect("rounds"),
        rounds.iter().max().expect("rounds"),
        rounds.len(),
        round.as_secs_f64() / export.as_secs_f64(),
        round.saturating_sub(export),
    );
    println!(
        "add_proof_mark by coordinates: median {mark:.2?}, p95 {mark95:.2?}, max {mark_max:.2?} over {} marks",
        marks.len()
    );
    if mark95 > Duration::from_millis(50) {
        println!("SLOWER than the 50 ms target for a mark");
    }
    if round.saturating_sub(export) > export {
        println!("starting a round adds MORE than one warm export");
    }
}
