//! `zonepress layout suggest` on a demo workspace, as the layout account
//! runs it: the suggestions with their parts, then `--apply 1`.

use serde_json::Value;

use zonepress_testkit::runner::{text, zonepress};

#[test]
fn suggestions_are_listed_and_one_is_applied() {
    let dir = tempfile::tempdir().unwrap();
    let ws = dir.path().join("ws");
    assert!(zonepress(&ws, &["init", "--demo"]).status.success());

    let out = zonepress(
        &ws,
        &["--as", "layout", "layout", "suggest", "--issue", "1"],
    );
    assert!(out.status.success(), "{}", text(&out.stderr));
    let shown = text(&out.stdout);
    assert!(shown.contains("方案1"), "{shown}");
    assert!(shown.contains("版面空白：第1版"), "{shown}");
    assert!(shown.contains("领导排序："), "{shown}");
    assert!(shown.contains("第4版：《"), "{shown}");

    let out = zonepress(
        &ws,
        &[
            "--as", "layout", "layout", "suggest", "--issue", "1", "--json",
        ],
    );
    assert!(out.status.success(), "{}", text(&out.stderr));
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    let first = v["suggestions"][0]["plan"].clone();
    assert!(v["searched"].as_u64().unwrap() > 0);

    let out = zonepress(
        &ws,
        &[
            "--as", "layout", "layout", "suggest", "--issue", "1", "--apply", "1", "--json",
        ],
    );
    assert!(out.status.success(), "{}", text(&out.stderr));
    let applied: Value = serde_json::from_slice(&out.stdout).unwrap();
    // The same seed gives the same first suggestion, now the plan.
    assert_eq!(applied["plan"], first);
    assert!(
        applied["fit"]
            .as_array()
            .unwrap()
            .iter()
            .all(|f| f["overflow_chars"] == 0)
    );

    let out = zonepress(
        &ws,
        &[
            "--as", "layout", "layout", "suggest", "--issue", "1", "--apply", "9",
        ],
    );
    assert!(!out.status.success());
    assert!(
        text(&out.stderr).contains("没有方案9"),
        "{}",
        text(&out.stderr)
    );
}
