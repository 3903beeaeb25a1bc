//! The command line goes through the commands: a session for every action
//! (`--as` or the local admin), permissions and the audit log apply; the
//! first run for real use; the audit log and its chain; backup and restore
//! that never harm a workspace.

use std::path::Path;
use std::process::{Command, Output, Stdio};

use serde_json::Value;

use zonepress_testkit::runner::{bin, zonepress, zonepress_with_input};

fn text(out: &Output) -> String {
    format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    )
}

fn json(out: &Output) -> Value {
    assert!(out.status.success(), "{}", text(out));
    serde_json::from_slice(&out.stdout).unwrap()
}

fn demo() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let out = zonepress(dir.path(), &["init", "--demo"]);
    assert!(out.status.success(), "{}", text(&out));
    dir
}

#[test]
fn a_workspace_for_real_use_starts_with_one_admin() {
    let dir = tempfile::tempdir().unwrap();
    let ws = dir.path().join("office");
    // Weak passwords are refused and leave nothing behind.
    for weak in ["zonepress\n", "12345678\n", "short\n", "   \n", "zhaolei\n"] {
        let out = zonepress_with_input(
            &ws,
            &[
                "init",
                "--admin",
                "zhaolei",
                "--name",
                "赵磊",
                "--password-stdin",
            ],
            weak,
        );
        assert_eq!(out.status.code(), Some(2), "{weak:?}: {}", text(&out));
        assert!(
            !ws.join("workspace.db").exists(),
            "{weak:?} left a workspace"
        );
    }
    let huge = format!("{}\n", "密".repeat(1_000_000));
    let out = zonepress_with_input(
        &ws,
        &["init", "--admin", "zhaolei", "--password-stdin"],
        &huge,
    );
    assert!(text(&out).contains("密码过长"), "{}", text(&out));
    let out = zonepress_with_input(
        &ws,
        &[
            "init",
            "--admin",
            "zhaolei",
            "--name",
            "赵磊",
            "--password-stdin",
        ],
        "青禾园区2026办公\n",
    );
    assert!(out.status.success(), "{}", text(&out));
    assert!(
        text(&out).contains("管理员账号 zhaolei（赵磊）"),
        "{}",
        text(&out)
    );
    let users = json(&zonepress(&ws, &["user", "list", "--json"]));
    assert_eq!(users.as_array().unwrap().len(), 1);
    assert_eq!(users[0]["must_change_password"], false);
    // No second init over it.
    let out = zonepress(&ws, &["init", "--demo"]);
    assert!(!out.status.success());
    assert!(text(&out).contains("已经是一个工作区"), "{}", text(&out));
    // An account added by the admin must choose its own password first.
    let out = zonepress_with_input(
        &ws,
        &[
            "--as",
            "zhaolei",
            "user",
            "add",
            "wangfang",
            "--roles",
            "editor",
            "--name",
            "王芳",
            "--password-stdin",
        ],
        "管理员给的初始密码请改\n",
    );
    assert!(out.status.success(), "{}", text(&out));
    assert!(text(&out).contains("首次登录时须修改密码"));
    let users = json(&zonepress(&ws, &["user", "list", "--json"]));
    assert_eq!(users[1]["must_change_password"], true);
    // A folder that is no workspace is never created by a command.
    let typo = dir.path().join("offce");
    let out = zonepress(&typo, &["issues"]);
    assert!(!out.status.success());
    assert!(
        text(&out).contains("不是园区编务的工作区"),
        "{}",
        text(&out)
    );
    assert!(!typo.join("workspace.db").exists());
}

#[test]
fn the_command_line_acts_with_a_session_and_leaves_a_record() {
    let ws = demo();
    let ws = ws.path();
    // Permissions apply: a reviewer may not export.
    let pdf = ws.join("out.pdf");
    let out = zonepress(
        ws,
        &[
            "--as",
            "reviewer1",
            "export",
            "--issue",
            "1",
            "-o",
            pdf.to_str().unwrap(),
            "--proof-copy",
        ],
    );
    assert!(!out.status.success());
    assert!(text(&out).contains("没有权限"), "{}", text(&out));
    assert!(!pdf.exists());
    let out = zonepress(ws, &["--as", "nobody", "issues"]);
    assert!(text(&out).contains("没有账号“nobody”"), "{}", text(&out));
    // An export by the layout account is on the audit log with its hash
    // (`--proof`, the old name of `--proof-copy`, is still taken).
    let out = zonepress(
        ws,
        &[
            "export",
            "--issue",
            "1",
            "-o",
            pdf.to_str().unwrap(),
            "--proof",
        ],
    );
    assert!(out.status.success(), "{}", text(&out));
    let log = json(&zonepress(ws, &["audit", "--json", "--action", "export."]));
    let entry = log.as_array().unwrap().last().unwrap().clone();
    assert_eq!(entry["action"], "export.proof", "{entry}");
    assert_eq!(entry["via"], "cli");
    assert_eq!(entry["client"], "本机");
    assert!(entry["actor"].as_str().unwrap().contains("layout"));
    let bytes = std::fs::read(&pdf).unwrap();
    use sha2::Digest;
    assert_eq!(
        entry["detail"]["pdf_sha256"],
        hex::encode(sha2::Sha256::digest(&bytes))
    );
    // The local admin session is recorded as such.
    let backup = ws.join("copy.db");
    let out = zonepress(ws, &["backup", backup.to_str().unwrap()]);
    assert!(out.status.success(), "{}", text(&out));
    let log = json(&zonepress(
        ws,
        &["audit", "--json", "--action", "workspace.backup"],
    ));
    assert_eq!(log[0]["actor"], "本机管理员（命令行）（local-admin）");
    assert!(log[0]["actor_id"].is_null());
    // `audit` without --json reads as a table; --since filters by day.
    let out = zonepress(ws, &["audit", "--since", "2999-01-01"]);
    assert!(text(&out).contains("共0条"), "{}", text(&out));
}

#[test]
fn audit_verify_names_the_first_broken_entry() {
    let ws = demo();
    let ws = ws.path();
    let out = zonepress(ws, &["audit", "verify"]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out));
    assert!(text(&out).contains("审计日志完整"), "{}", text(&out));
    // Edit an entry directly in SQLite, with the triggers dropped.
    let db = ws.join("workspace.db");
    let conn = rusqlite::Connection::open(&db).unwrap();
    conn.execute_batch(
        "DROP TRIGGER audit_no_update;
         UPDATE audit_log SET detail = '{}' WHERE id = 12;",
    )
    .unwrap();
    drop(conn);
    let out = zonepress(ws, &["audit", "verify"]);
    assert_eq!(out.status.code(), Some(1), "{}", text(&out));
    assert!(
        text(&out).contains("第12条记录起哈希链断开"),
        "{}",
        text(&out)
    );
    let report = json_any(&zonepress(ws, &["audit", "verify", "--json"]));
    assert_eq!(report["first_broken"], 12);
}

fn json_any(out: &Output) -> Value {
    serde_json::from_slice(&out.stdout).unwrap_or_else(|_| panic!("{}", text(out)))
}

fn sha(path: &Path) -> String {
    use sha2::Digest;
    hex::encode(sha2::Sha256::digest(std::fs::read(path).unwrap()))
}

#[test]
fn restore_reads_the_backup_unchanged_and_refuses_what_is_not_a_workspace() {
    let ws = demo();
    let ws = ws.path();
    let backup = ws.join("../zp-backup-test.db");
    let _ = std::fs::remove_file(&backup);
    let out = zonepress(ws, &["backup", backup.to_str().unwrap()]);
    assert!(out.status.success(), "{}", text(&out));
    let before = sha(&backup);
    // A file that is not a workspace, and a name that does not exist.
    let note = ws.join("note.txt");
    std::fs::write(&note, "下期稿件安排：头版为招商引资专题。").unwrap();
    let out = zonepress(ws, &["restore", note.to_str().unwrap()]);
    assert!(!out.status.success());
    assert!(
        text(&out).contains("不是园区编务的工作区") || text(&out).contains("已损坏"),
        "{}",
        text(&out)
    );
    let out = zonepress(ws, &["restore", ws.join("no-such.db").to_str().unwrap()]);
    assert!(!out.status.success());
    assert!(text(&out).contains("找不到备份文件"), "{}", text(&out));
    // Restore into a workspace that changed since: the old one is kept.
    let out = zonepress(
        ws,
        &[
            "--as",
            "admin",
            "user",
            "add",
            "later",
            "--roles",
            "editor",
            "--password-stdin",
        ],
    );
    assert!(
        text(&out).contains("密码不能为空"),
        "no password given: {}",
        text(&out)
    );
    let out = zonepress_with_input(
        ws,
        &[
            "--as",
            "admin",
            "user",
            "add",
            "later",
            "--roles",
            "editor",
            "--password-stdin",
        ],
        "后来加的这个账号的密码\n",
    );
    assert!(out.status.success(), "{}", text(&out));
    let out = zonepress(ws, &["restore", backup.to_str().unwrap()]);
    assert!(out.status.success(), "{}", text(&out));
    assert!(text(&out).contains("原数据库已另存为"), "{}", text(&out));
    assert_eq!(
        sha(&backup),
        before,
        "the backup file is read, never changed"
    );
    let users = json(&zonepress(ws, &["user", "list", "--json"]));
    assert!(
        users
            .as_array()
            .unwrap()
            .iter()
            .all(|u| u["username"] != "later")
    );
    let log = json(&zonepress(
        ws,
        &["audit", "--json", "--action", "workspace.restore"],
    ));
    assert_eq!(log.as_array().unwrap().len(), 1);
    assert!(json(&zonepress(ws, &["audit", "verify", "--json"]))["ok"] == true);
    let _ = std::fs::remove_file(&backup);
}

#[test]
fn restore_takes_the_workspace_lock() {
    let ws = demo();
    let ws = ws.path();
    let backup = ws.join("b.db");
    assert!(
        zonepress(ws, &["backup", backup.to_str().unwrap()])
            .status
            .success()
    );
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let mut server = Command::new(bin())
        .arg("--workspace")
        .arg(ws)
        .args(["serve", "--bind", &format!("127.0.0.1:{port}")])
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let start = std::time::Instant::now();
    while std::net::TcpStream::connect(("127.0.0.1", port)).is_err() {
        assert!(start.elapsed() < std::time::Duration::from_secs(30));
        std::thread::sleep(std::time::Duration::from_millis(50));
    }
    let out = zonepress(ws, &["restore", backup.to_str().unwrap()]);
    let _ = server.kill();
    let _ = server.wait();
    assert_eq!(out.status.code(), Some(3), "{}", text(&out));
    assert!(
        text(&out).contains("正在被另一个进程使用"),
        "{}",
        text(&out)
    );
}

#[test]
fn stats_counts_the_print_export_and_writes_a_workbook() {
    let dir = demo();
    let ws = dir.path();
    let period = ["--from", "2026-11-01", "--to", "2026-11-30"];
    // Nothing printed before the print export.
    let before = json(&zonepress(
        ws,
        &[&["stats"][..], &period, &["--json"]].concat(),
    ));
    assert_eq!(before["totals"]["printed"], 0);
    let pdf = ws.join("第11期.pdf");
    let out = zonepress(ws, &["export", "--issue", "1", "-o", pdf.to_str().unwrap()]);
    assert!(out.status.success(), "{}", text(&out));
    let xlsx = ws.join("统计.xlsx");
    let stats = json(&zonepress(
        ws,
        &[
            &["stats"][..],
            &period,
            &["--json", "--xlsx", xlsx.to_str().unwrap()],
        ]
        .concat(),
    ));
    assert_eq!(stats["totals"]["printed"], 18);
    assert!(std::fs::read(&xlsx).unwrap().starts_with(b"PK"));
    // The table, per unit, as a person reads it.
    let out = zonepress(ws, &[&["stats"][..], &period, &["--by", "unit"]].concat());
    let shown = text(&out);
    assert!(out.status.success(), "{shown}");
    assert!(
        shown.contains("按单位") && shown.contains("经济发展局") && shown.contains("合计"),
        "{shown}"
    );
    // A period that ends before it starts: a Chinese message, exit 2.
    let out = zonepress(ws, &["stats", "--from", "2026-12-01", "--to", "2026-11-01"]);
    assert_eq!(out.status.code(), Some(2), "{}", text(&out));
    assert!(text(&out).contains("晚于"));
}

#[test]
fn web_writes_an_edition_that_verify_checks_and_wechat_writes_a_signed_article() {
    let dir = demo();
    let ws = dir.path();
    let out_dir = ws.join("数字报");
    let out = zonepress(
        ws,
        &["web", "--issue", "1", "-o", out_dir.to_str().unwrap()],
    );
    assert!(out.status.success(), "{}", text(&out));
    assert!(text(&out).contains("4版，18篇稿件"), "{}", text(&out));
    assert!(out_dir.join("index.html").is_file());
    assert!(out_dir.join("manifest.json").is_file());
    // The folder verifies against the approved revisions.
    let out = zonepress(ws, &["verify", out_dir.to_str().unwrap()]);
    assert!(out.status.success(), "{}", text(&out));
    assert!(text(&out).contains("核验通过"), "{}", text(&out));
    // A word slipped into an article page is found.
    let page = out_dir.join("article-2.html");
    let html = std::fs::read_to_string(&page).unwrap();
    let html = html.replacen("data-zp=\"p\">", "data-zp=\"p\">据悉，", 1);
    std::fs::write(&page, html).unwrap();
    let out = zonepress(ws, &["verify", out_dir.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(1), "{}", text(&out));
    assert!(text(&out).contains("据悉，"), "{}", text(&out));
    // Never written into a folder that holds something.
    let out = zonepress(
        ws,
        &["web", "--issue", "1", "-o", out_dir.to_str().unwrap()],
    );
    assert!(!out.status.success());
    assert!(text(&out).contains("不是空文件夹"), "{}", text(&out));
    // The zip verifies too.
    let zip = ws.join("数字报.zip");
    let out = zonepress(
        ws,
        &["web", "--issue", "1", "-o", zip.to_str().unwrap(), "--zip"],
    );
    assert!(out.status.success(), "{}", text(&out));
    let out = zonepress(ws, &["verify", zip.to_str().unwrap(), "--json"]);
    let report = json(&out);
    assert_eq!(report["ok"], true, "{report}");
    assert_eq!(report["hash_matches"], true);
    // Only layout staff publish the edition.
    let out = zonepress(
        ws,
        &[
            "--as",
            "editor",
            "web",
            "--issue",
            "1",
            "-o",
            ws.join("x").to_str().unwrap(),
        ],
    );
    assert!(!out.status.success());

    // 公众号: a signed article, and the refusal of an unsigned one.
    let file = ws.join("a1.html");
    let out = zonepress(
        ws,
        &["wechat", "--article", "1", "-o", file.to_str().unwrap()],
    );
    assert!(out.status.success(), "{}", text(&out));
    let html = std::fs::read_to_string(&file).unwrap();
    assert!(
        html.contains("<section style=") && !html.contains("class=") && !html.contains("<script")
    );
    let articles = json(&zonepress(ws, &["articles", "--issue", "1", "--json"]));
    let draft = articles
        .as_array()
        .unwrap()
        .iter()
        .find(|a| a["status"] == "draft")
        .unwrap()["id"]
        .to_string();
    let out = zonepress(
        ws,
        &[
            "wechat",
            "--article",
            &draft,
            "-o",
            ws.join("d.html").to_str().unwrap(),
        ],
    );
    assert!(!out.status.success());
    assert!(text(&out).contains("尚未签发"), "{}", text(&out));
    assert!(!ws.join("d.html").exists());
}
