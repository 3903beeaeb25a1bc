//! `zonepress topics` and `zonepress topic add` on a demo workspace, as an
//! editor runs them; a 通讯员 account made with `user add --roles
//! correspondent` gets its contributor record.

use serde_json::Value;

use zonepress_testkit::runner::{text, zonepress, zonepress_with_input};

#[test]
fn topics_are_proposed_assigned_and_listed_from_the_command_line() {
    let dir = tempfile::tempdir().unwrap();
    let ws = dir.path().join("ws");
    assert!(zonepress(&ws, &["init", "--demo"]).status.success());

    let out = zonepress(&ws, &["topics", "--issue", "1"]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert!(text(&out.stdout).contains("本期还没有选题"));

    // A 通讯员 account, linked to a contributor record.
    let out = zonepress_with_input(
        &ws,
        &[
            "user",
            "add",
            "chenxi",
            "--roles",
            "correspondent",
            "--name",
            "陈曦",
            "--password-stdin",
        ],
        "qinghe-tongxun-2026\n",
    );
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert!(
        text(&out.stdout).contains("通讯员"),
        "{}",
        text(&out.stdout)
    );

    let out = zonepress(
        &ws,
        &[
            "--as",
            "editor",
            "topic",
            "add",
            "--issue",
            "1",
            "--title",
            "园区新签约项目巡礼",
            "--assign",
            "chenxi",
            "--due",
            "2026-12-10",
        ],
    );
    assert!(out.status.success(), "{}", text(&out.stderr));
    let said = text(&out.stdout);
    assert!(said.contains("已派稿") && said.contains("陈曦"), "{said}");

    let out = zonepress(
        &ws,
        &[
            "--as",
            "editor",
            "topic",
            "add",
            "--issue",
            "1",
            "--title",
            "秋季运动会掠影",
        ],
    );
    assert!(out.status.success(), "{}", text(&out.stderr));

    let out = zonepress(&ws, &["topics", "--issue", "1"]);
    let listed = text(&out.stdout);
    assert!(listed.contains("园区新签约项目巡礼"), "{listed}");
    assert!(
        listed.contains("[已派稿]") && listed.contains("截稿2026-12-10"),
        "{listed}"
    );
    assert!(
        listed.contains("[报题]") && listed.contains("未派稿"),
        "{listed}"
    );

    let out = zonepress(&ws, &["topics", "--issue", "1", "--json"]);
    let topics: Value = serde_json::from_slice(&out.stdout).unwrap();
    let topics = topics.as_array().unwrap();
    assert_eq!(topics.len(), 2);
    assert_eq!(topics[0]["state"], "assigned");
    assert_eq!(topics[0]["assignee"]["username"], "chenxi");
    assert_eq!(topics[0]["due_at"], "2026-12-10T15:59:59Z");

    // A reviewer may propose, not assign: refused in Chinese, exit 1.
    let out = zonepress(
        &ws,
        &[
            "--as",
            "reviewer1",
            "topic",
            "add",
            "--issue",
            "1",
            "--title",
            "再报一题",
            "--assign",
            "chenxi",
            "--due",
            "2026-12-10",
        ],
    );
    assert_eq!(out.status.code(), Some(1));
    assert!(
        text(&out.stderr).contains("没有权限"),
        "{}",
        text(&out.stderr)
    );
    // A bad deadline: refused before anything is assigned, exit 2.
    let out = zonepress(
        &ws,
        &[
            "--as",
            "editor",
            "topic",
            "add",
            "--issue",
            "1",
            "--title",
            "三报一题",
            "--assign",
            "chenxi",
            "--due",
            "下周",
        ],
    );
    assert_eq!(out.status.code(), Some(2), "{}", text(&out.stderr));
    assert!(
        text(&out.stderr).contains("截稿时间"),
        "{}",
        text(&out.stderr)
    );
}
