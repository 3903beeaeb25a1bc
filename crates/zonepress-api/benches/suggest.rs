//! 排版建议 on the demo issue (4 pages A3, 21 articles) through the command
//! table: the time to the first suggestion and to all five, in a new
//! process (nothing measured or typeset yet) and then on plans shuffled by
//! a seeded permutation across the four pages (the articles' measures are
//! cached by then; each shuffle's candidate pages are new).
//!
//! `cargo bench -p zonepress-api --bench suggest` prints the figures; the
//! targets: the first suggestion within 3 s, all five within 10 s, on two
//! cores.

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

fn call(ctx: &Context, token: &str, cmd: &str, body: Value) -> Value {
    match zonepress_api::call(ctx, cmd, Some(token), body.to_string().as_bytes())
        .unwrap_or_else(|e| panic!("{cmd}: {e:?}"))
    {
        Reply::Json(v) => v,
        Reply::Binary(_) => panic!("{cmd} answered bytes"),
    }
}

/// SplitMix64, for the shuffles.
fn next(state: &mut u64) -> u64 {
    *state = state.wrapping_add(0x9e37_79b9_7f4a_7c15);
    let mut z = *state;
    z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
    z ^ (z >> 31)
}

fn shuffle(ctx: &Context, token: &str, seed: u64) {
    let mut plan = call(ctx, token, "get_issue_plan", json!({ "issue_id": 1 }))["plan"].clone();
    let mut all = vec![];
    let mut counts = vec![];
    for p in plan["pages"].as_array().unwrap() {
        let pl = p["placements"].as_array().unwrap();
        counts.push(pl.len());
        all.extend(pl.iter().cloned());
    }
    let mut state = seed;
    for k in (1..all.len()).rev() {
        all.swap(k, (next(&mut state) % (k as u64 + 1)) as usize);
    }
    let mut it = all.into_iter();
    for (p, n) in plan["pages"].as_array_mut().unwrap().iter_mut().zip(counts) {
        p["placements"] = Value::Array(it.by_ref().take(n).collect());
    }
    call(ctx, token, "plan_issue", plan);
}

fn ms(d: Duration) -> String {
    format!("{:.0} ms", d.as_secs_f64() * 1000.0)
}

fn main() {
    let dir = tempfile::tempdir().unwrap();
    let ctx = Context::open(dir.path()).unwrap();
    zonepress_api::demo::seed_demo_before_proofs(&ctx).unwrap();
    let t = token(&ctx, "layout");
    let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
    println!("suggest_layout, demo issue (4 pages A3, 21 articles), {cores} cores");

    let run = |label: &str| -> (Duration, Duration, u64, usize) {
        let start = Instant::now();
        let out = call(&ctx, &t, "suggest_layout", json!({ "issue_id": 1 }));
        let all = start.elapsed();
        let first = Duration::from_millis(out["first_ms"].as_u64().unwrap());
        let n = out["suggestions"].as_array().unwrap().len();
        let searched = out["searched"].as_u64().unwrap();
        println!(
            "  {label:<28} first {:>8}   all {n} {:>8}   {searched} plans scored",
            ms(first),
            ms(all)
        );
        (first, all, searched, n)
    };
    run("new process");
    let mut firsts = vec![];
    let mut alls = vec![];
    for seed in 1..=10u64 {
        shuffle(&ctx, &t, seed);
        let (f, a, _, _) = run(&format!("shuffled, seed {seed}"));
        firsts.push(f);
        alls.push(a);
    }
    firsts.sort();
    alls.sort();
    println!(
        "  shuffled: first suggestion median {} (worst {}), all five median {} (worst {})",
        ms(firsts[firsts.len() / 2]),
        ms(firsts[firsts.len() - 1]),
        ms(alls[alls.len() / 2]),
        ms(alls[alls.len() - 1])
    );
}
