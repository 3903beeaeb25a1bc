//! The `zonepress` binary as users run it: the CLI on a temp workspace, and
//! `zonepress serve` answering real HTTP requests.

use std::io::Write;
use std::process::Stdio;

use serde_json::{Value, json};
use zonepress_testkit::poppler::{pdfinfo, pdfinfo_field};
use zonepress_testkit::runner::{bin, command, demo_workspace, zonepress};
use zonepress_testkit::served::{Server, free_port};

fn serve(ws: &std::path::Path) -> Server {
    Server::start(ws, &[])
}

/// One request on its own connection: (status, head, body). A body over
/// the limit is refused from its Content-Length alone: the answer comes at
/// once and the rest is never read, so the body is not sent (writing it
/// would race the server closing the connection).
fn request(
    port: u16,
    method: &str,
    path: &str,
    token: Option<&str>,
    body: &[u8],
) -> (u16, String, Vec<u8>) {
    let sent = if body.len() <= zonepress_api::SMALL_BODY {
        body
    } else {
        &[]
    };
    zonepress_testkit::raw::request(port, method, path, token, body.len(), sent)
}

fn post(port: u16, cmd: &str, token: Option<&str>, body: Value) -> (u16, Value) {
    let (status, _, bytes) = request(
        port,
        "POST",
        &format!("/api/{cmd}"),
        token,
        body.to_string().as_bytes(),
    );
    (
        status,
        serde_json::from_slice(&bytes).unwrap_or(Value::Null),
    )
}

#[test]
fn the_http_contract() {
    let ws = demo_workspace();
    let server = serve(ws.path());
    let port = server.port;

    let (status, body) = post(
        port,
        "login",
        None,
        json!({ "username": "editor", "password": "zonepress" }),
    );
    assert_eq!(status, 200);
    let token = body["token"].as_str().unwrap().to_string();

    let (status, issues) = post(port, "list_issues", Some(&token), json!({}));
    assert_eq!(status, 200);
    assert_eq!(issues[0]["serial"], 137);

    // check_text answers the findings themselves, as the CLI prints them.
    let (status, findings) = post(
        port,
        "check_text",
        Some(&token),
        json!({ "text": "开发区召开会议,部署冬季工作。", "issue_id": 1 }),
    );
    assert_eq!(status, 200);
    assert_eq!(findings.as_array().unwrap().len(), 1, "{findings}");
    assert_eq!(findings[0]["rule"], "punct.halfwidth");
    assert_eq!(
        (findings[0]["start"].as_u64(), findings[0]["end"].as_u64()),
        (Some(7), Some(8))
    );
    assert_eq!(findings[0]["replacement"], "，");
    assert!(findings[0]["message_en"].as_str().unwrap().len() > 5);

    let (status, err) = post(port, "list_issues", Some("forged"), json!({}));
    assert_eq!((status, err["code"].as_str()), (401, Some("unauthorized")));
    assert_eq!(err["message"], "登录已失效，请重新登录");

    let (status, err) = post(port, "no_such_command", Some(&token), json!({}));
    assert_eq!(
        (status, err["code"].as_str()),
        (404, Some("unknown_command"))
    );

    let (status, _, bytes) = request(
        port,
        "POST",
        "/api/create_article",
        Some(&token),
        b"{\"title\":",
    );
    let err: Value = serde_json::from_slice(&bytes).unwrap();
    assert_eq!((status, err["code"].as_str()), (422, Some("invalid_input")));

    let (status, err) = post(
        port,
        "create_issue",
        Some(&token),
        json!({ "year": 2026, "number": 11, "date": "2026-11-30" }),
    );
    assert_eq!((status, err["code"].as_str()), (409, Some("conflict")));

    let (status, err) = post(port, "list_users", Some(&token), json!({}));
    assert_eq!((status, err["code"].as_str()), (403, Some("forbidden")));

    let (status, a) = post(
        port,
        "create_article",
        Some(&token),
        json!({ "title": "HTTP 测试稿", "issue_id": 1 }),
    );
    assert_eq!(status, 200);
    let id = a["id"].as_i64().unwrap();
    assert_eq!(
        (
            a["revision"].as_u64(),
            a["content_hash"].as_str().map(str::len)
        ),
        (Some(1), Some(64))
    );
    let (status, err) = post(port, "get_article", Some(&token), json!({ "id": 999_999 }));
    assert_eq!((status, err["code"].as_str()), (404, Some("not_found")));

    // Two clients save on the same base revision at once: exactly one wins.
    let handles: Vec<_> = ["甲", "乙"]
        .into_iter()
        .map(|who| {
            let token = token.clone();
            std::thread::spawn(move || {
                post(
                    port,
                    "save_article",
                    Some(&token),
                    json!({ "id": id, "base_revision": 1, "title": format!("{who}的标题") }),
                )
                .0
            })
        })
        .collect();
    let mut statuses: Vec<u16> = handles.into_iter().map(|h| h.join().unwrap()).collect();
    statuses.sort();
    assert_eq!(statuses, vec![200, 409]);

    let (status, headers, bytes) = request(port, "GET", "/api/openapi.json", None, b"");
    assert_eq!(status, 200);
    assert!(headers.to_ascii_lowercase().contains("application/json"));
    let doc: Value = serde_json::from_slice(&bytes).unwrap();
    assert_eq!(doc["openapi"], "3.1.0");
    assert!(doc["paths"]["/api/save_article"]["post"].is_object());

    // A body over the limit gets our error shape, and the server keeps running.
    let big = vec![b' '; zonepress_api::SMALL_BODY + 1024];
    let (status, _, bytes) = request(port, "POST", "/api/check_text", Some(&token), &big);
    assert_eq!(status, 413);
    let err: Value = serde_json::from_slice(&bytes).unwrap();
    assert_eq!(err["code"], "too_large");
    assert_eq!(post(port, "whoami", Some(&token), json!({})).0, 200);
}

#[test]
fn a_workspace_is_served_by_one_process_only() {
    let ws = demo_workspace();
    let _first = serve(ws.path());
    let out = command(ws.path())
        .args(["serve", "--bind", &format!("127.0.0.1:{}", free_port())])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(3));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("正在被另一个进程使用"), "{stderr}");
    assert!(stderr.contains("zonepress serve"), "{stderr}");
}

#[test]
fn the_command_line() {
    let ws = demo_workspace();
    let out = zonepress(ws.path(), &["issues", "--json"]);
    let issues: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(issues[0]["year"], 2026);
    let out = zonepress(ws.path(), &["articles", "--issue", "1", "--json"]);
    let articles: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(articles.as_array().unwrap().len(), 21);
    let out = zonepress(ws.path(), &["articles", "--issue", "99"]);
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("找不到期次（99）"));

    // user add reads the password from stdin.
    let mut child = command(ws.path())
        .args([
            "user",
            "add",
            "wangfang",
            "--roles",
            "editor,reviewer",
            "--review-levels",
            "1,2",
            "--name",
            "王芳",
            "--password-stdin",
        ])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .unwrap();
    child
        .stdin
        .take()
        .unwrap()
        .write_all(b"a-long-password\n")
        .unwrap();
    assert!(child.wait().unwrap().success());
    let out = zonepress(ws.path(), &["user", "list", "--json"]);
    let users: Value = serde_json::from_slice(&out.stdout).unwrap();
    let wang = users
        .as_array()
        .unwrap()
        .iter()
        .find(|u| u["username"] == "wangfang")
        .unwrap();
    assert_eq!(wang["roles"], json!(["editor", "reviewer"]));
    assert_eq!(wang["review_levels"], json!([1, 2]));
    let out = zonepress(
        ws.path(),
        &["user", "add", "x", "--roles", "chief", "--password-stdin"],
    );
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("未知角色“chief”"));

    // check: findings and the exit code.
    let file = ws.path().join("稿件.txt");
    std::fs::write(&file, "开发区召开会议,部署冬季工作。").unwrap();
    let out = zonepress(ws.path(), &["check", file.to_str().unwrap(), "--json"]);
    assert_eq!(out.status.code(), Some(1));
    let findings: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(findings[0]["rule"], "punct.halfwidth");
    assert_eq!(findings[0]["start"], 7);
    assert_eq!(findings[0]["replacement"], "，");
    std::fs::write(&file, "开发区召开会议，部署冬季工作。").unwrap();
    assert_eq!(
        zonepress(ws.path(), &["check", file.to_str().unwrap()])
            .status
            .code(),
        Some(0)
    );

    // import: ids printed, bad files reported, the rest imported.
    let good = ws.path().join("来稿.txt");
    std::fs::write(
        &good,
        "园区举办职工运动会\n\n11月21日，园区举办第三届职工运动会。",
    )
    .unwrap();
    let bad = ws.path().join("旧稿.doc");
    std::fs::write(
        &bad,
        [0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1, 0, 0, 0, 0],
    )
    .unwrap();
    // no title at all: imported under its file name, marked 待定标题
    let untitled = ws.path().join("职工运动会.txt");
    std::fs::write(
        &untitled,
        "11月21日，园区举办第三届职工运动会，来自32家企业的600余名职工参加了田径、拔河、跳绳等8个项目的比赛。",
    )
    .unwrap();
    let out = zonepress(
        ws.path(),
        &[
            "import",
            good.to_str().unwrap(),
            bad.to_str().unwrap(),
            untitled.to_str().unwrap(),
            "--issue",
            "1",
            "--as",
            "editor",
            "--json",
        ],
    );
    assert!(!out.status.success());
    let results: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert!(results[0]["article_id"].as_i64().unwrap() > 21);
    assert_eq!(results[0]["title"], "园区举办职工运动会");
    assert_eq!(results[0]["warnings"], serde_json::json!([]));
    assert_eq!(results[0]["title_pending"], false);
    assert!(
        results[1]["error"]["message"]
            .as_str()
            .unwrap()
            .contains(".docx")
    );
    assert_eq!(results[2]["title"], "职工运动会");
    assert_eq!(results[2]["title_pending"], true);
    assert_eq!(results[2]["warnings"][0]["code"], "title_pending");
    assert!(
        results[2]["warnings"][0]["message_zh"]
            .as_str()
            .unwrap()
            .contains("待定标题")
    );
    // without --json the warnings go to stderr, the ids to stdout
    let out = zonepress(
        ws.path(),
        &[
            "import",
            untitled.to_str().unwrap(),
            "--issue",
            "1",
            "--as",
            "editor",
        ],
    );
    exits(&out, 0);
    assert!(String::from_utf8_lossy(&out.stdout).contains("\t职工运动会.txt\t职工运动会"));
    assert!(String::from_utf8_lossy(&out.stderr).contains("提示 职工运动会.txt：没有识别出标题"));

    // backup writes a complete copy that restore accepts.
    let backup = ws.path().join("备份.db");
    assert!(
        zonepress(ws.path(), &["backup", backup.to_str().unwrap()])
            .status
            .success()
    );
    let restored = tempfile::tempdir().unwrap();
    let out = zonepress(restored.path(), &["restore", backup.to_str().unwrap()]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let out = zonepress(restored.path(), &["articles", "--issue", "1", "--json"]);
    let articles: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(articles.as_array().unwrap().len(), 24);
}

/// The command ended with `code`; its error output tells why when not.
fn exits(out: &std::process::Output, code: i32) {
    assert_eq!(
        out.status.code(),
        Some(code),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

#[test]
fn export_preflight_and_verify_from_the_command_line() {
    let ws = demo_workspace();
    let path = |name: &str| ws.path().join(name).to_str().unwrap().to_string();

    // The demo issue is ready: preflight exits 0 and says so in JSON.
    let out = zonepress(ws.path(), &["preflight", "--issue", "1", "--json"]);
    exits(&out, 0);
    let report: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(
        (report["ready"].as_bool(), report["errors"].as_u64()),
        (Some(true), Some(0))
    );

    // export writes the PDF and its manifest beside it.
    let out = zonepress(
        ws.path(),
        &["export", "--issue", "1", "-o", &path("第11期.pdf")],
    );
    exits(&out, 0);
    let manifest: Value =
        serde_json::from_slice(&std::fs::read(ws.path().join("第11期.manifest.json")).unwrap())
            .unwrap();
    assert_eq!(manifest["articles"].as_array().unwrap().len(), 18);
    let info = pdfinfo(std::path::Path::new(&path("第11期.pdf")));
    assert_eq!(
        pdfinfo_field(&info, "Pages").as_deref(),
        Some("4"),
        "{info}"
    );

    // verify, with the workspace from the environment as the desktop's scripts use it.
    let verify = |file: &str| {
        std::process::Command::new(bin())
            .env("ZONEPRESS_WORKSPACE", ws.path())
            .args(["verify", file, "--json"])
            .output()
            .unwrap()
    };
    let out = verify(&path("第11期.pdf"));
    exits(&out, 0);
    let checked: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(checked["ok"], true);
    assert_eq!(checked["articles"].as_array().unwrap().len(), 18);

    // PDF/A-2b: no attachment; verify reads the manifest beside the PDF.
    let out = zonepress(
        ws.path(),
        &[
            "export",
            "--issue",
            "1",
            "-o",
            &path("存档.pdf"),
            "--pdf-a2b",
        ],
    );
    exits(&out, 0);
    exits(&verify(&path("存档.pdf")), 0);
    std::fs::rename(
        ws.path().join("存档.manifest.json"),
        ws.path().join("别处.json"),
    )
    .unwrap();
    // Without its manifest beside it, the file this workspace exported is
    // checked against the manifest recorded with that export ...
    exits(&verify(&path("存档.pdf")), 0);
    // ... and bytes it never exported cannot be checked at all.
    let mut changed = std::fs::read(path("存档.pdf")).unwrap();
    changed.extend_from_slice(b"\n% changed after the export\n");
    std::fs::write(path("改过.pdf"), changed).unwrap();
    let out = verify(&path("改过.pdf"));
    exits(&out, 2);
    assert!(String::from_utf8_lossy(&out.stderr).contains("清单"));
    let out = zonepress(
        ws.path(),
        &[
            "export",
            "--issue",
            "1",
            "-o",
            &path("x.pdf"),
            "--pdf-a",
            "--pdf-a2b",
        ],
    );
    exits(&out, 2);

    // An editor changes a printed article over HTTP: its signatures are void.
    {
        let server = serve(ws.path());
        let (_, login) = post(
            server.port,
            "login",
            None,
            json!({ "username": "editor", "password": "zonepress" }),
        );
        let token = login["token"].as_str().unwrap().to_string();
        let id = manifest["articles"][0]["article_id"].clone();
        let (_, a) = post(
            server.port,
            "get_article",
            Some(&token),
            json!({ "id": id }),
        );
        let (status, _) = post(
            server.port,
            "save_article",
            Some(&token),
            json!({ "id": id, "base_revision": a["revision"], "subtitle": "改过的副题" }),
        );
        assert_eq!(status, 200);
    }
    // Now preflight and export refuse, a proof is still allowed, and the
    // PDF already printed no longer verifies.
    let out = zonepress(ws.path(), &["preflight", "--issue", "1"]);
    exits(&out, 1);
    assert!(String::from_utf8_lossy(&out.stdout).contains("不能导出付印稿"));
    let out = zonepress(ws.path(), &["export", "--issue", "1", "-o", &path("y.pdf")]);
    exits(&out, 1);
    assert!(String::from_utf8_lossy(&out.stderr).contains("印前检查"));
    assert!(!ws.path().join("y.pdf").exists());
    let out = zonepress(
        ws.path(),
        &[
            "export",
            "--issue",
            "1",
            "-o",
            &path("校样.pdf"),
            "--proof-copy",
        ],
    );
    exits(&out, 0);
    let out = verify(&path("第11期.pdf"));
    exits(&out, 1);
    let checked: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(checked["ok"], false);
    assert_eq!(
        checked["articles"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|a| a["ok"] == false)
            .count(),
        1
    );
}
