//! Serving on a LAN safely (tracker issue #11), against a real
//! `zonepress serve`: refusals before serving, sign-in throttling per
//! address, bounded memory under a burst, requests that break the rules,
//! security headers, and HTTPS with a pinned certificate.
//!
//! All traffic stays on loopback: different 127.0.0.x addresses play
//! different machines, and a bind to 0.0.0.0 only listens.

use std::io::{Read, Write};
use std::net::TcpStream;
use std::time::{Duration, Instant};

use serde_json::json;
use zonepress_api::ErrorCode;
use zonepress_testkit::raw::*;
use zonepress_testkit::runner::*;
use zonepress_testkit::served::*;

fn exits(out: &std::process::Output, code: i32, needle: &str) {
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(code), "{stderr}");
    assert!(stderr.contains(needle), "{needle:?} not in: {stderr}");
}

fn listening(port: u16) -> bool {
    TcpStream::connect(("127.0.0.1", port)).is_ok()
}

#[test]
fn demo_and_admin_set_passwords_are_never_served_beyond_this_machine() {
    let demo = demo_workspace();
    let port = free_port();
    let out = zonepress(
        demo.path(),
        &["serve", "--bind", &format!("0.0.0.0:{port}")],
    );
    exits(&out, 1, "不能在局域网上提供服务");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("editor") && stderr.contains("演示密码"),
        "{stderr}"
    );
    assert!(!listening(port));

    // An admin who chose their own password may share; an account whose
    // password the admin set may not, until its owner changes it.
    let ws = own_admin_workspace();
    let mut add = std::process::Command::new(bin())
        .arg("--workspace")
        .arg(ws.path())
        .args([
            "user", "add", "wangfang", "--roles", "editor", "--name", "王芳",
        ])
        .arg("--password-stdin")
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::null())
        .spawn()
        .unwrap();
    add.stdin
        .take()
        .unwrap()
        .write_all(b"set-by-the-admin-2026\n")
        .unwrap();
    assert!(add.wait().unwrap().success());
    let out = zonepress(ws.path(), &["serve", "--bind", &format!("0.0.0.0:{port}")]);
    exits(&out, 1, "wangfang");
    assert!(String::from_utf8_lossy(&out.stderr).contains("管理员设置的初始密码"));
    assert!(!listening(port));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_workspace_with_own_passwords_is_shared_and_says_so() {
    let ws = own_admin_workspace();
    let port = free_port();
    let server = Server::start_bound(ws.path(), &format!("0.0.0.0:{port}"), port, &[]);
    let client = client_from(&server.url(false), "127.0.0.2", None);
    let token = login(&client, "boss", ADMIN_PASSWORD).await;
    let info = call(&client, "server_info", Some(&token), json!({}))
        .await
        .unwrap();
    assert_eq!(info["network"]["sharing"], true, "{info}");
    let addresses = info["network"]["addresses"].as_array().unwrap();
    assert!(
        addresses
            .iter()
            .all(|a| !a.as_str().unwrap().contains("127.0.0.1")),
        "{info}"
    );
}

#[test]
fn bad_serve_input_gets_a_clear_message_and_a_failing_exit() {
    let ws = own_admin_workspace();

    let taken = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = taken.local_addr().unwrap().port();
    let out = zonepress(
        ws.path(),
        &["serve", "--bind", &format!("127.0.0.1:{port}")],
    );
    exits(&out, 2, "已被占用");

    // 192.0.2.1 is a documentation address: no machine has it.
    let out = zonepress(ws.path(), &["serve", "--bind", "192.0.2.1:8470"]);
    exits(&out, 2, "不是本机的地址");

    let missing = ws.path().join("没有这个.pem");
    let out = zonepress(
        ws.path(),
        &[
            "serve",
            "--bind",
            &format!("127.0.0.1:{}", free_port()),
            "--tls",
            "--cert",
            missing.to_str().unwrap(),
            "--key",
            missing.to_str().unwrap(),
        ],
    );
    exits(&out, 2, "无法读取证书文件");
    assert!(String::from_utf8_lossy(&out.stderr).contains("文件不存在"));
    let folder = ws.path().to_str().unwrap().to_string();
    let out = zonepress(
        ws.path(),
        &[
            "serve",
            "--bind",
            &format!("127.0.0.1:{}", free_port()),
            "--tls",
            "--cert",
            &folder,
            "--key",
            &folder,
        ],
    );
    exits(&out, 2, "无法读取证书文件");
    // Nothing was generated in their place.
    assert!(!ws.path().join("tls").exists());

    // --cert without --tls and --key is a usage error.
    let out = zonepress(ws.path(), &["serve", "--cert", &folder]);
    assert_eq!(out.status.code(), Some(2));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn wrong_passwords_from_one_machine_never_lock_out_another() {
    let ws = demo_workspace();
    let server = Server::start(ws.path(), &[]);
    let url = server.url(false);
    let guesser = client_from(&url, "127.0.0.2", None);
    let mut codes = Vec::new();
    for _ in 0..6 {
        let e = call(
            &guesser,
            "login",
            None,
            json!({ "username": "reviewer1", "password": "not-the-password" }),
        )
        .await
        .unwrap_err();
        codes.push(e.code);
    }
    assert_eq!(codes[..5], [ErrorCode::Unauthorized; 5]);
    assert_eq!(codes[5], ErrorCode::RateLimited);
    // The guesser is slowed down, even with the right password …
    let e = call(
        &guesser,
        "login",
        None,
        json!({ "username": "reviewer1", "password": DEMO_PASSWORD }),
    )
    .await
    .unwrap_err();
    assert_eq!(e.code, ErrorCode::RateLimited);
    assert!(e.detail.is_some(), "the wait is told: {e:?}");
    // … while the owner at another machine signs in at once.
    let owner = client_from(&url, "127.0.0.3", None);
    let token = login(&owner, "reviewer1", DEMO_PASSWORD).await;
    let me = call(&owner, "whoami", Some(&token), json!({}))
        .await
        .unwrap();
    assert_eq!(me["user"]["username"], "reviewer1");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_burst_of_200_wrong_logins_is_answered_within_a_memory_bound() {
    /// The most the server's peak resident memory may grow during the burst.
    const BOUND_KIB: u64 = 96 * 1024;
    let ws = demo_workspace();
    let server = Server::start(ws.path(), &[]);
    let url = server.url(false);
    // Warm up: one sign-in, so the baseline includes a hash and the pools.
    let warm = client_from(&url, "127.0.0.9", None);
    login(&warm, "editor", DEMO_PASSWORD).await;
    let (before, _) = server.memory_kib();

    let started = Instant::now();
    let tasks: Vec<_> = (0..200)
        .map(|i| {
            // 40 machines, 5 guesses each: most attempts cost a hash.
            let client = client_from(&url, &format!("127.0.1.{}", 10 + i % 40), None);
            tokio::spawn(async move {
                call(
                    &client,
                    "login",
                    None,
                    json!({ "username": format!("user{i}"), "password": "wrong-password-guess" }),
                )
                .await
                .unwrap_err()
                .code
            })
        })
        .collect();
    let mut answered = std::collections::BTreeMap::new();
    for t in tasks {
        *answered
            .entry(format!("{:?}", t.await.unwrap()))
            .or_insert(0) += 1;
    }
    let elapsed = started.elapsed();
    let (after, peak) = server.memory_kib();
    eprintln!(
        "burst: {answered:?} in {elapsed:?}; RSS {before} KiB before, {after} KiB after, peak {peak} KiB"
    );
    assert_eq!(answered.values().sum::<i32>(), 200);
    assert!(
        answered
            .keys()
            .all(|k| ["Unauthorized", "RateLimited", "Busy"].contains(&k.as_str())),
        "{answered:?}"
    );
    assert!(
        peak.saturating_sub(before) < BOUND_KIB,
        "peak {peak} KiB grew more than {BOUND_KIB} KiB over {before} KiB"
    );
    // And it still serves.
    login(&warm, "editor", DEMO_PASSWORD).await;
}

#[test]
fn requests_that_break_the_rules_get_their_answer() {
    let ws = demo_workspace();
    let server = Server::start(ws.path(), &[]);
    let port = server.port;
    let login_body = br#"{"username":"editor","password":"zonepress"}"#;
    let ok = raw(
        port,
        &post_head(port, "login", None, login_body.len()),
        login_body,
    );
    assert_eq!(ok.status, 200, "{:?}", ok.json());
    let token = ok.json()["token"].as_str().unwrap().to_string();

    // Another Host: a DNS-rebinding page cannot reach the API.
    let head = post_head(port, "login", None, login_body.len()).replace(
        &format!("Host: 127.0.0.1:{port}"),
        "Host: zonepress.evil.example",
    );
    let a = raw(port, &head, login_body);
    assert_eq!((a.status, a.code().as_str()), (421, "misdirected_request"));
    let a = raw(
        port,
        "GET / HTTP/1.1\r\nHost: evil.example\r\nConnection: close\r\n\r\n",
        b"",
    );
    assert_eq!(a.status, 421);

    // Not JSON.
    let head =
        post_head(port, "login", None, login_body.len()).replace("application/json", "text/plain");
    let a = raw(port, &head, login_body);
    assert_eq!(
        (a.status, a.code().as_str()),
        (415, "unsupported_media_type")
    );

    // A page of another site posting to us.
    let head = post_head(port, "login", None, login_body.len()).replace(
        "Connection: close",
        "Origin: http://evil.example\r\nConnection: close",
    );
    let a = raw(port, &head, login_body);
    assert_eq!((a.status, a.code().as_str()), (403, "forbidden"));
    assert!(a.header("access-control-allow-origin").is_none());
    // Our own origin is welcome.
    let head = post_head(port, "login", None, login_body.len()).replace(
        "Connection: close",
        &format!("Origin: http://127.0.0.1:{port}\r\nConnection: close"),
    );
    assert_eq!(raw(port, &head, login_body).status, 200);

    // Oversized bodies are refused from their announced length, unread.
    let a = raw(port, &post_head(port, "list_issues", None, 100 << 20), b"{");
    assert_eq!((a.status, a.code().as_str()), (413, "too_large"));
    let a = raw(port, &post_head(port, "login", None, 2 << 20), b"{");
    assert_eq!((a.status, a.code().as_str()), (413, "too_large"));
    let a = raw(
        port,
        &post_head(port, "import_articles", Some(&token), 65 << 20),
        b"{",
    );
    assert_eq!((a.status, a.code().as_str()), (413, "too_large"));
    // The token is checked before a body is read: no body is sent at all.
    let a = raw(
        port,
        &post_head(port, "import_articles", None, 2 << 20),
        b"",
    );
    assert_eq!((a.status, a.code().as_str()), (401, "unauthorized"));
    // An unknown command is refused without its body.
    let a = raw(
        port,
        &post_head(port, "drop_everything", None, 50 << 20),
        b"",
    );
    assert_eq!((a.status, a.code().as_str()), (404, "unknown_command"));
    // A chunked body is counted as it arrives (the last chunk never sent).
    let head = format!(
        "POST /api/check_text HTTP/1.1\r\nHost: localhost:{port}\r\nContent-Type: application/json\r\nAuthorization: Bearer {token}\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\n"
    );
    let mut chunks = Vec::new();
    for _ in 0..17 {
        chunks.extend_from_slice(format!("{:x}\r\n", 64 * 1024).as_bytes());
        chunks.extend(std::iter::repeat_n(b' ', 64 * 1024));
        chunks.extend_from_slice(b"\r\n");
    }
    let a = raw(port, &head, &chunks);
    assert_eq!((a.status, a.code().as_str()), (413, "too_large"));
    assert_eq!(a.json()["detail"]["limit"], zonepress_api::SMALL_BODY);

    // Slow clients are dropped: a trickled header, a trickled body, and an
    // idle keep-alive connection, side by side.
    let trickled_header = std::thread::spawn(move || {
        let mut s = TcpStream::connect(("127.0.0.1", port)).unwrap();
        let started = Instant::now();
        let mut closed_after = None;
        for b in b"POST /api/login HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\nX-Slow: ".iter().chain(b"a".repeat(60).iter()) {
            if s.write_all(&[*b]).is_err() {
                closed_after = Some(started.elapsed());
                break;
            }
            std::thread::sleep(Duration::from_millis(300));
            s.set_nonblocking(true).unwrap();
            let mut probe = [0u8; 64];
            let gone = matches!(s.read(&mut probe), Ok(0));
            s.set_nonblocking(false).unwrap();
            if gone {
                closed_after = Some(started.elapsed());
                break;
            }
        }
        closed_after
    });
    let trickled_body = std::thread::spawn(move || {
        let mut s = TcpStream::connect(("127.0.0.1", port)).unwrap();
        s.set_read_timeout(Some(Duration::from_secs(30))).unwrap();
        s.write_all(post_head(port, "login", None, 200).as_bytes())
            .unwrap();
        let started = Instant::now();
        let mut writer = s.try_clone().unwrap();
        std::thread::spawn(move || {
            for _ in 0..40 {
                if writer.write_all(b" ").is_err() {
                    break;
                }
                std::thread::sleep(Duration::from_millis(500));
            }
        });
        (read_answer(&mut s), started.elapsed())
    });
    let idle = std::thread::spawn(move || {
        let mut s = TcpStream::connect(("127.0.0.1", port)).unwrap();
        s.set_read_timeout(Some(Duration::from_secs(30))).unwrap();
        s.write_all(
            format!("GET /api/health HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\n\r\n").as_bytes(),
        )
        .unwrap();
        let first = read_answer(&mut s).map(|a| a.status);
        let started = Instant::now();
        let mut rest = [0u8; 16];
        let closed = matches!(s.read(&mut rest), Ok(0));
        (first, closed, started.elapsed())
    });

    let header_closed = trickled_header.join().unwrap();
    let closed = header_closed.expect("a trickled header kept its connection");
    assert!(closed < Duration::from_secs(14), "closed after {closed:?}");
    let (answer, took) = trickled_body.join().unwrap();
    let answer = answer.expect("no answer to a trickled body");
    assert_eq!(
        (answer.status, answer.code().as_str()),
        (408, "request_timeout")
    );
    assert!(took < Duration::from_secs(14), "answered after {took:?}");
    let (first, closed, after) = idle.join().unwrap();
    assert_eq!(first, Some(200));
    assert!(
        closed && after < Duration::from_secs(14),
        "idle for {after:?}"
    );

    // The server is fine after all that.
    assert_eq!(
        raw(port, &post_head(port, "whoami", Some(&token), 2), b"{}").status,
        200
    );
}

#[test]
fn every_response_carries_the_security_headers() {
    let ws = demo_workspace();
    let ui = tempfile::tempdir().unwrap();
    std::fs::write(
        ui.path().join("index.html"),
        "<!doctype html><title>园区编务</title><script type=\"module\" src=\"/assets/app.js\"></script>",
    )
    .unwrap();
    std::fs::create_dir(ui.path().join("assets")).unwrap();
    std::fs::write(ui.path().join("assets/app.js"), "console.log('hi')").unwrap();
    let server = Server::start(ws.path(), &["--ui", ui.path().to_str().unwrap()]);
    let port = server.port;
    let get = |path: &str, host: &str| {
        raw(
            port,
            &format!("GET {path} HTTP/1.1\r\nHost: {host}\r\nConnection: close\r\n\r\n"),
            b"",
        )
    };
    let host = format!("127.0.0.1:{port}");
    let answers = vec![
        ("/", get("/", &host)),
        ("/assets/app.js", get("/assets/app.js", &host)),
        ("/articles/12 (app route)", get("/articles/12", &host)),
        ("/api/health", get("/api/health", &host)),
        ("/api/openapi.json", get("/api/openapi.json", &host)),
        ("/api/nope", get("/api/nope", &host)),
        ("/api/events without a token", get("/api/events", &host)),
        ("wrong Host", get("/", "elsewhere.example")),
        ("401", raw(port, &post_head(port, "whoami", None, 2), b"{}")),
        (
            "preflight",
            raw(
                port,
                &format!(
                    "OPTIONS /api/login HTTP/1.1\r\nHost: {host}\r\nOrigin: http://evil.example\r\nAccess-Control-Request-Method: POST\r\nConnection: close\r\n\r\n"
                ),
                b"",
            ),
        ),
    ];
    for (what, a) in &answers {
        let csp = a
            .header("content-security-policy")
            .unwrap_or_else(|| panic!("{what}: no CSP"));
        let script = csp
            .split(';')
            .map(str::trim)
            .find(|d| d.starts_with("script-src"))
            .unwrap();
        assert_eq!(script, "script-src 'self'", "{what}");
        assert!(csp.contains("frame-ancestors 'none'"), "{what}");
        assert_eq!(a.header("x-frame-options"), Some("DENY"), "{what}");
        assert_eq!(
            a.header("x-content-type-options"),
            Some("nosniff"),
            "{what}"
        );
        assert_eq!(a.header("referrer-policy"), Some("no-referrer"), "{what}");
        assert!(
            !a.headers
                .iter()
                .any(|(n, _)| n.starts_with("access-control-")),
            "{what}: CORS header"
        );
    }
    let status = |what: &str| answers.iter().find(|(w, _)| *w == what).unwrap().1.status;
    assert_eq!(status("/"), 200);
    assert_eq!(status("/assets/app.js"), 200);
    assert_eq!(status("/articles/12 (app route)"), 200);
    assert_eq!(status("/api/nope"), 404);
    assert_eq!(status("/api/events without a token"), 401);
    assert_eq!(status("wrong Host"), 421);
    assert_ne!(status("preflight"), 200);
    let health = &answers.iter().find(|(w, _)| *w == "/api/health").unwrap().1;
    let health = health.json();
    assert_eq!(
        (
            health["publication"].as_str(),
            health["api_version"].as_u64(),
            health["tls"].as_bool()
        ),
        (
            Some("青禾开发区报"),
            Some(u64::from(zonepress_api::API_VERSION)),
            Some(false)
        )
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn https_with_the_printed_fingerprint_and_a_changed_certificate_refused() {
    let first_ws = demo_workspace();
    let port = free_port();
    let first = Server::start_on(first_ws.path(), port, &["--tls"]);
    let printed = first.fingerprint();
    let url = first.url(true);

    // First contact: the user sees the fingerprint the server printed.
    let (health, seen) = zonepress_http::client::probe(&url).await.unwrap();
    assert!(health.tls);
    assert_eq!(health.publication, "青禾开发区报");
    assert_eq!(seen.as_deref(), Some(printed.as_str()));
    // Until it is confirmed, nothing but health goes to the server.
    let unconfirmed = client_from(&url, "127.0.0.2", None);
    let e = call(&unconfirmed, "login", None, json!({}))
        .await
        .unwrap_err();
    assert_eq!(e.code, ErrorCode::UntrustedCertificate);

    // Confirmed: the desktop works over HTTPS, events included.
    let client = client_from(&url, "127.0.0.2", Some(&printed));
    let token = login(&client, "editor", DEMO_PASSWORD).await;
    let mut events = client.events(&token, None).await.unwrap();
    let a = call(
        &client,
        "create_article",
        Some(&token),
        json!({ "title": "加密连接测试稿", "issue_id": 1 }),
    )
    .await
    .unwrap();
    let e = tokio::time::timeout(Duration::from_secs(5), events.next())
        .await
        .unwrap()
        .unwrap()
        .unwrap();
    assert_eq!(
        (e.id, e.action.as_str()),
        (a["id"].as_i64().unwrap(), "create")
    );
    drop(events);

    // The same certificate given as files gives the same fingerprint.
    let tls_dir = first_ws.path().join("tls");
    drop(first);
    let other_ws = demo_workspace();
    let again = Server::start_on(
        other_ws.path(),
        port,
        &[
            "--tls",
            "--cert",
            tls_dir.join("cert.pem").to_str().unwrap(),
            "--key",
            tls_dir.join("key.pem").to_str().unwrap(),
        ],
    );
    assert_eq!(again.fingerprint(), printed);
    assert!(client.health().await.unwrap().tls);
    drop(again);

    // Someone else answers at that address with another certificate: the
    // desktop refuses before sending anything, and says what it expected.
    let impostor_ws = demo_workspace();
    let impostor = Server::start_on(impostor_ws.path(), port, &["--tls"]);
    assert_ne!(impostor.fingerprint(), printed);
    let e = call(&client, "whoami", Some(&token), json!({}))
        .await
        .unwrap_err();
    assert_eq!(e.code, ErrorCode::UntrustedCertificate, "{e:?}");
    assert!(e.message.contains("证书"), "{}", e.message);
    let detail = e.detail.unwrap();
    assert_eq!(detail["expected"], printed.as_str());
    assert_eq!(detail["found"], impostor.fingerprint().as_str());
    assert_eq!(
        client.health().await.unwrap_err().code,
        ErrorCode::UntrustedCertificate
    );

    // No server at all: a clear message, not a stack of errors.
    drop(impostor);
    let e = client.health().await.unwrap_err();
    assert_eq!(e.code, ErrorCode::Network);
    assert!(e.message.contains("无法连接服务器"), "{}", e.message);
}
