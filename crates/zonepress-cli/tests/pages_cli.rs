//! `zonepress proof-round`, `sign-page` and `order-print` on a demo
//! workspace, as users run them; `verify` of the final PDF afterwards.

use serde_json::Value;

use zonepress_testkit::runner::{text, zonepress};

#[test]
fn rounds_sign_off_and_print_order_from_the_command_line() {
    let dir = tempfile::tempdir().unwrap();
    let ws = dir.path().join("ws");
    assert!(zonepress(&ws, &["init", "--demo"]).status.success());

    // The demo's three rounds, closed, with their marks.
    let out = zonepress(&ws, &["proof-round", "list", "--issue", "1"]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    let listed = text(&out.stdout);
    for name in ["一校样", "二校样", "三校样"] {
        assert!(listed.contains(name), "{listed}");
    }
    assert!(listed.contains("已结束"), "{listed}");
    let out = zonepress(&ws, &["proof-round", "list", "--issue", "1", "--json"]);
    let rounds: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(rounds.as_array().unwrap().len(), 3);
    assert_eq!(rounds[0]["marks"], 2);

    // A fourth round is refused in Chinese; only layout staff start one.
    let out = zonepress(
        &ws,
        &["--as", "layout", "proof-round", "start", "--issue", "1"],
    );
    assert_eq!(out.status.code(), Some(1));
    assert!(
        text(&out.stderr).contains("已经全部完成"),
        "{}",
        text(&out.stderr)
    );
    let out = zonepress(
        &ws,
        &["--as", "editor", "proof-round", "start", "--issue", "1"],
    );
    assert!(
        text(&out.stderr).contains("没有权限"),
        "{}",
        text(&out.stderr)
    );

    // 签版 only by the page signers; again as the page prints now.
    let out = zonepress(
        &ws,
        &[
            "--as",
            "reviewer1",
            "sign-page",
            "--issue",
            "1",
            "--page",
            "2",
        ],
    );
    assert_eq!(out.status.code(), Some(1));
    assert!(text(&out.stderr).contains("签版"), "{}", text(&out.stderr));
    let out = zonepress(
        &ws,
        &[
            "--as",
            "reviewer3",
            "sign-page",
            "--issue",
            "1",
            "--page",
            "2",
            "--page-hash",
            "0000",
        ],
    );
    assert_eq!(out.status.code(), Some(1));
    assert!(text(&out.stderr).contains("刷新"), "{}", text(&out.stderr));
    let out = zonepress(
        &ws,
        &[
            "--as",
            "reviewer3",
            "sign-page",
            "--issue",
            "1",
            "--page",
            "2",
        ],
    );
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert!(
        text(&out.stdout).contains("第2版已签版：周敏"),
        "{}",
        text(&out.stdout)
    );
    let out = zonepress(
        &ws,
        &["--as", "reviewer3", "order-print", "--issue", "1", "--json"],
    );
    assert!(out.status.success(), "{}", text(&out.stderr));
    let order: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(order["signoffs"].as_array().unwrap().len(), 4);

    // The print PDF goes out and verifies with its 签版 and 付印.
    let pdf = dir.path().join("第11期.pdf");
    let out = zonepress(
        &ws,
        &["export", "--issue", "1", "-o", pdf.to_str().unwrap()],
    );
    assert!(out.status.success(), "{}", text(&out.stderr));
    let out = zonepress(&ws, &["verify", pdf.to_str().unwrap(), "--json"]);
    assert!(out.status.success(), "{}", text(&out.stdout));
    let manifest: Value =
        serde_json::from_slice(&std::fs::read(dir.path().join("第11期.manifest.json")).unwrap())
            .unwrap();
    assert_eq!(manifest["page_signoffs"].as_array().unwrap().len(), 4);
    assert_eq!(manifest["print_order"]["ordered_by"], "周敏");
}
