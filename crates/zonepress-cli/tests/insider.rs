//! Issue #25, part B, against a real `zonepress serve` on loopback: sixty
//! wrong sign-ins at once get exactly five tries; a changed password ends
//! the account's other event streams; starting and stopping the server is
//! on the audit log with its address and TLS; a workspace's files are
//! private whatever the umask, through backup and restore.

use std::path::Path;
use std::process::Command;
use std::time::Duration;

use serde_json::{Value, json};
use zonepress_api::ErrorCode;
use zonepress_testkit::runner::*;
use zonepress_testkit::served::*;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sixty_wrong_sign_ins_at_once_get_exactly_five_tries() {
    let ws = demo_workspace();
    let server = Server::start(ws.path(), &[]);
    let url = server.url(false);
    let tasks: Vec<_> = (0..60)
        .map(|_| {
            let client = client_from(&url, "127.0.0.2", None);
            tokio::spawn(async move {
                call(
                    &client,
                    "login",
                    None,
                    json!({ "username": "reviewer1", "password": "not-the-password" }),
                )
                .await
                .unwrap_err()
                .code
            })
        })
        .collect();
    let mut tried = 0;
    let mut throttled = 0;
    for t in tasks {
        match t.await.unwrap() {
            ErrorCode::Unauthorized => tried += 1,
            ErrorCode::RateLimited => throttled += 1,
            other => panic!("{other:?}"),
        }
    }
    assert_eq!((tried, throttled), (5, 55));
    drop(server);
    // Five password checks, five entries.
    let out = zonepress(ws.path(), &["audit", "--json", "--action", "login.fail"]);
    let log: Value = serde_json::from_slice(&out.stdout).unwrap();
    let of_reviewer1 = log
        .as_array()
        .unwrap()
        .iter()
        .filter(|e| e["actor"].as_str().unwrap_or("").contains("reviewer1"))
        .count();
    assert_eq!(of_reviewer1, 5);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_changed_password_ends_the_other_sessions_and_their_event_streams() {
    let ws = demo_workspace();
    let server = Server::start(ws.path(), &[]);
    let url = server.url(false);
    let office = client_from(&url, "127.0.0.2", None);
    let home = client_from(&url, "127.0.0.3", None);
    let here = login(&office, "editor", DEMO_PASSWORD).await;
    let there = login(&home, "editor", DEMO_PASSWORD).await;
    let mut stream = home.events(&there, None).await.unwrap();
    let mut own = office.events(&here, None).await.unwrap();
    let out = call(
        &office,
        "change_password",
        Some(&here),
        json!({ "old_password": DEMO_PASSWORD, "new_password": "青禾园区-新密码2026" }),
    )
    .await
    .unwrap();
    assert_eq!(out["other_sessions_ended"], 1);
    // The stream at home ends, saying why.
    let end = loop {
        match tokio::time::timeout(Duration::from_secs(10), stream.next())
            .await
            .expect("the stream was not ended within 10 s")
        {
            Some(Ok(_)) => continue,
            Some(Err(e)) => break e,
            None => panic!("the stream closed without saying why"),
        }
    };
    assert_eq!(end.code, ErrorCode::Unauthorized);
    assert!(
        end.message.contains("密码已在另一处修改"),
        "{}",
        end.message
    );
    let e = call(&home, "whoami", Some(&there), json!({}))
        .await
        .unwrap_err();
    assert_eq!(e.code, ErrorCode::Unauthorized);
    // The session that changed it goes on, its stream too.
    call(&office, "whoami", Some(&here), json!({}))
        .await
        .unwrap();
    let next = tokio::time::timeout(Duration::from_secs(10), own.next())
        .await
        .expect("own stream still delivers");
    assert!(matches!(next, Some(Ok(_))), "{next:?}");
}

/// Send SIGTERM (systemctl stop) and wait for the server to end.
fn stop(server: &mut Server) {
    let status = Command::new("kill")
        .args(["-TERM", &server.child.id().to_string()])
        .status()
        .unwrap();
    assert!(status.success());
    for _ in 0..100 {
        if server.child.try_wait().unwrap().is_some() {
            return;
        }
        std::thread::sleep(Duration::from_millis(100));
    }
    panic!("the server did not stop on SIGTERM");
}

#[test]
fn serving_starts_and_stops_on_the_record_with_address_and_tls() {
    let ws = demo_workspace();
    let mut server = Server::start(ws.path(), &["--tls"]);
    let port = server.port;
    stop(&mut server);
    let out = zonepress(ws.path(), &["audit", "--json", "--action", "server."]);
    let log: Value = serde_json::from_slice(&out.stdout).unwrap();
    let log = log.as_array().unwrap();
    assert_eq!(log.len(), 2, "{log:?}");
    assert_eq!(log[0]["action"], "server.start");
    assert_eq!(log[0]["detail"]["bind"], format!("127.0.0.1:{port}"));
    assert_eq!(log[0]["detail"]["tls"], true);
    assert_eq!(
        log[0]["detail"]["tls_fingerprint"].as_str().unwrap(),
        server.fingerprint()
    );
    assert_eq!(log[1]["action"], "server.stop");
    assert_eq!(log[1]["detail"]["bind"], format!("127.0.0.1:{port}"));
    assert_eq!(log[1]["detail"]["orderly"], true);
    let verify = zonepress(ws.path(), &["audit", "verify"]);
    assert_eq!(verify.status.code(), Some(0));
}

/// `zonepress ARGS` under umask 000: whatever the umask, files are private.
fn zonepress_open_umask(ws: &Path, args: &[&str]) -> std::process::Output {
    Command::new("sh")
        .arg("-c")
        .arg("umask 000; exec \"$0\" \"$@\"")
        .arg(bin())
        .arg("--workspace")
        .arg(ws)
        .args(args)
        .output()
        .unwrap()
}

#[cfg(unix)]
fn mode(path: &Path) -> u32 {
    use std::os::unix::fs::PermissionsExt;
    std::fs::metadata(path)
        .unwrap_or_else(|e| panic!("{}: {e}", path.display()))
        .permissions()
        .mode()
        & 0o777
}

#[cfg(unix)]
#[test]
fn workspace_files_are_private_whatever_the_umask() {
    let parent = tempfile::tempdir().unwrap();
    let ws = parent.path().join("ws");
    let out = zonepress_open_umask(&ws, &["init", "--demo"]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(mode(&ws), 0o700);
    for f in ["workspace.db", "audit.key"] {
        assert_eq!(mode(&ws.join(f)), 0o600, "{f}");
    }
    // Serving: the WAL, the shared memory and the generated TLS key.
    let mut server = {
        let port = free_port();
        let child = Command::new("sh")
            .arg("-c")
            .arg("umask 000; exec \"$0\" \"$@\"")
            .arg(bin())
            .arg("--workspace")
            .arg(&ws)
            .args(["serve", "--bind", &format!("127.0.0.1:{port}"), "--tls"])
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::null())
            .spawn()
            .unwrap();
        let deadline = std::time::Instant::now() + Duration::from_secs(30);
        while std::net::TcpStream::connect(("127.0.0.1", port)).is_err() {
            assert!(std::time::Instant::now() < deadline, "server did not start");
            std::thread::sleep(Duration::from_millis(100));
        }
        ServerChild(child)
    };
    for f in [
        "workspace.db",
        "workspace.db-wal",
        "workspace.db-shm",
        "audit.key",
        "workspace.lock",
        "tls/key.pem",
    ] {
        assert_eq!(mode(&ws.join(f)), 0o600, "{f}");
    }
    assert_eq!(mode(&ws.join("tls")), 0o700);
    server.stop();

    // A backup, and a restore of it, under the same umask.
    let backup = parent.path().join("backup.db");
    let out = zonepress_open_umask(&ws, &["backup", backup.to_str().unwrap()]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(mode(&backup), 0o600);
    // Someone loosens the copy; the restored workspace is private anyway.
    std::fs::set_permissions(&backup, std::os::unix::fs::PermissionsExt::from_mode(0o644)).unwrap();
    let out = zonepress_open_umask(&ws, &["restore", backup.to_str().unwrap()]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(mode(&ws), 0o700);
    assert_eq!(mode(&ws.join("workspace.db")), 0o600);
    assert_eq!(mode(&ws.join("audit.key")), 0o600);
    for entry in std::fs::read_dir(&ws).unwrap().flatten() {
        let name = entry.file_name().to_string_lossy().to_string();
        if name.starts_with("workspace-before-restore-") {
            assert_eq!(mode(&entry.path()), 0o600, "{name}");
        }
    }
    let verify = zonepress(&ws, &["audit", "verify"]);
    assert_eq!(
        verify.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&verify.stdout)
    );

    // A workspace made loose by an older version is tightened on opening.
    std::fs::set_permissions(&ws, std::os::unix::fs::PermissionsExt::from_mode(0o755)).unwrap();
    std::fs::set_permissions(
        ws.join("workspace.db"),
        std::os::unix::fs::PermissionsExt::from_mode(0o644),
    )
    .unwrap();
    let out = zonepress(&ws, &["issues"]);
    assert!(out.status.success());
    assert_eq!(mode(&ws), 0o700);
    assert_eq!(mode(&ws.join("workspace.db")), 0o600);
}

/// A server started through `sh`; stopped with SIGTERM.
struct ServerChild(std::process::Child);

impl ServerChild {
    fn stop(&mut self) {
        let _ = Command::new("kill")
            .args(["-TERM", &self.0.id().to_string()])
            .status();
        let _ = self.0.wait();
    }
}

impl Drop for ServerChild {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

/// Move a session's last use `secs` into the past, in the running server's
/// database (another connection, as SQLite allows).
fn age_session(ws: &Path, token: &str, secs: i64) {
    let conn = rusqlite::Connection::open(ws.join("workspace.db")).unwrap();
    conn.busy_timeout(Duration::from_secs(5)).unwrap();
    let n = conn
        .execute(
            "UPDATE sessions SET last_seen_at = last_seen_at - ?2 WHERE token_hash = ?1",
            rusqlite::params![zonepress_api::auth::hash_token(token), secs * 1000],
        )
        .unwrap();
    assert_eq!(n, 1);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn heartbeats_and_background_refreshes_over_http_do_not_keep_a_session_alive() {
    let ws = demo_workspace();
    let server = Server::start(ws.path(), &[]);
    let client = client_from(&server.url(false), "127.0.0.2", None);
    // The default idle timeout: 30 minutes.
    let idle = login(&client, "editor", DEMO_PASSWORD).await;
    let busy = login(&client, "reviewer1", DEMO_PASSWORD).await;
    call(&client, "open_article", Some(&idle), json!({ "id": 20 }))
        .await
        .unwrap();
    for token in [&idle, &busy] {
        age_session(ws.path(), token, 1000);
    }
    // 1,000 s later: heartbeats and a refresh after a change event …
    call(&client, "open_article", Some(&idle), json!({ "id": 20 }))
        .await
        .unwrap();
    client
        .call_marked("list_articles", Some(&idle), b"{}", true)
        .await
        .unwrap();
    // … against a click.
    call(&client, "list_articles", Some(&busy), json!({}))
        .await
        .unwrap();
    for token in [&idle, &busy] {
        age_session(ws.path(), token, 900);
    }
    let e = call(&client, "whoami", Some(&idle), json!({}))
        .await
        .unwrap_err();
    assert_eq!(e.code, ErrorCode::Unauthorized);
    call(&client, "whoami", Some(&busy), json!({}))
        .await
        .unwrap();
}
