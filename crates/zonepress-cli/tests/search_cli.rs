//! `zonepress search` on a demo workspace, as users run it.

use serde_json::Value;
use zonepress_testkit::runner::{text, zonepress};

#[test]
fn search_prints_hits_json_and_clear_refusals() {
    let dir = tempfile::tempdir().unwrap();
    let ws = dir.path().join("ws");
    assert!(zonepress(&ws, &["init", "--demo"]).status.success());

    let out = zonepress(&ws, &["search", "唐瑜"]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    let stdout = text(&out.stdout);
    assert!(stdout.contains("找到1篇"), "{stdout}");
    assert!(stdout.contains("企业服务专员唐瑜的一天"), "{stdout}");
    assert!(
        stdout.contains("2026年第11期 第4版 · 已签发 · 林悦"),
        "{stdout}"
    );
    assert!(stdout.contains("«唐瑜»"), "{stdout}");

    let out = zonepress(
        &ws,
        &[
            "search",
            "开发区",
            "--issue",
            "1",
            "--author",
            "editor",
            "--from",
            "2026-11-01",
            "--to",
            "2026-11-30",
            "--json",
        ],
    );
    assert!(out.status.success(), "{}", text(&out.stderr));
    let r: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert!(r["total"].as_u64().unwrap() > 5, "{r}");
    for h in r["hits"].as_array().unwrap() {
        assert_eq!(h["issue_id"], 1);
        assert_eq!(h["author"]["username"], "editor");
        assert!(h["snippet"].as_str().unwrap().contains("«开发区»"), "{h}");
    }

    // a draft found by its status in Chinese
    let out = zonepress(
        &ws,
        &["search", "", "--issue", "1", "--status", "草稿", "--json"],
    );
    let r: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(r["total"], 1);
    assert_eq!(r["hits"][0]["status"], "draft");

    // nothing to look for, or a name nobody has: said plainly
    let out = zonepress(&ws, &["search", "，。"]);
    assert!(out.status.success());
    assert!(
        text(&out.stderr).contains("没有文字"),
        "{}",
        text(&out.stderr)
    );
    let out = zonepress(&ws, &["search", "园区", "--author", "nobody"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(text(&out.stderr).contains("nobody"));
    let out = zonepress(&ws, &["search", "园区", "--status", "发表"]);
    assert_eq!(out.status.code(), Some(2));
    let out = zonepress(&ws, &["search", "量子纠缠"]);
    assert!(text(&out.stdout).contains("没有找到"));
}
