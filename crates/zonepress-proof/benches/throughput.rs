//! Throughput of `Checker::check` on the clean corpus repeated to ~1 MB,
//! with the 55-entry roster and the starter word list loaded.
//! Run with `cargo bench -p zonepress-proof`; prints its figures.

use zonepress_testkit::proof;

use std::hint::black_box;
use std::time::{Duration, Instant};

use zonepress_proof::{CheckContext, Checker, starter_word_list};

/// Time this thread has spent on a CPU (Linux: `/proc/thread-self/schedstat`,
/// nanoseconds). On a machine shared with other work the wall time also
/// counts waiting for a core; the CPU time is what the check itself costs.
fn cpu_time() -> Option<Duration> {
    let s = std::fs::read_to_string("/proc/thread-self/schedstat").ok()?;
    let ns: u64 = s.split_whitespace().next()?.parse().ok()?;
    Some(Duration::from_nanos(ns))
}

/// Runs `f` until at least `min` has passed (and at least `min_runs` times);
/// returns the fastest and the median run (wall time), and the mean CPU
/// time of a run.
fn time(
    min: Duration,
    min_runs: usize,
    mut f: impl FnMut(),
) -> (Duration, Duration, Option<Duration>) {
    let started = Instant::now();
    let cpu_started = cpu_time();
    let mut runs = Vec::new();
    while runs.len() < min_runs || started.elapsed() < min {
        let t = Instant::now();
        f();
        runs.push(t.elapsed());
    }
    // The CPU clock moves in scheduler ticks: take it over all runs.
    let cpu = cpu_started
        .zip(cpu_time())
        .map(|(a, b)| b.saturating_sub(a) / runs.len() as u32);
    runs.sort();
    (runs[0], runs[runs.len() / 2], cpu)
}

fn main() {
    let roster = proof::roster();
    let words = starter_word_list();
    let ctx = CheckContext {
        issue_date: Some(proof::issue_date()),
    };

    let t = Instant::now();
    let checker = Checker::new(&roster, &words);
    let build = t.elapsed();

    let mut big = String::new();
    while big.len() < 1 << 20 {
        big.push_str(proof::CLEAN);
        big.push('\n');
    }
    let big_chars = big.chars().count();
    let findings = checker.check(&big, &ctx).len();
    let (one_mb, one_mb_median, one_mb_cpu) = time(Duration::from_secs(3), 5, || {
        black_box(checker.check(black_box(&big), &ctx));
    });
    let rate = big_chars as f64 / one_mb_median.as_secs_f64();

    let article: String = proof::CLEAN.chars().take(5_000).collect();
    let (five_k, five_k_median, five_k_cpu) = time(Duration::from_secs(2), 50, || {
        black_box(checker.check(black_box(&article), &ctx));
    });

    println!("zonepress-proof throughput");
    println!(
        "  roster entries: {}, word rules: {}, build Checker: {:.2} ms",
        roster.len(),
        words.len(),
        build.as_secs_f64() * 1e3
    );
    println!(
        "  1 MB text: {} bytes, {} chars, {} findings, best {:.1} ms, median {:.1} ms",
        big.len(),
        big_chars,
        findings,
        one_mb.as_secs_f64() * 1e3,
        one_mb_median.as_secs_f64() * 1e3
    );
    let best_rate = big_chars as f64 / one_mb.as_secs_f64();
    println!(
        "  throughput: {:.1} million chars/s (best run), {:.1} (median run)",
        best_rate / 1e6,
        rate / 1e6
    );
    if let Some(cpu) = one_mb_cpu {
        println!(
            "  CPU time of a run (mean): {:.1} ms, {:.1} million chars per CPU second",
            cpu.as_secs_f64() * 1e3,
            big_chars as f64 / cpu.as_secs_f64() / 1e6
        );
    }
    println!(
        "  5,000-char article: best {:.3} ms, median {:.3} ms{}",
        five_k.as_secs_f64() * 1e3,
        five_k_median.as_secs_f64() * 1e3,
        five_k_cpu
            .map(|c| format!(", CPU {:.3} ms", c.as_secs_f64() * 1e3))
            .unwrap_or_default()
    );
    let judged = one_mb_cpu.map_or(best_rate, |cpu| big_chars as f64 / cpu.as_secs_f64());
    if judged < 20e6 {
        println!("  below the 20 million chars/s target");
    }
}
