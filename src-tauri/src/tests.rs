//! The shell without a display: modes and routing (a local workspace, a
//! real `zonepress_http` server in this process), first launch, pinning,
//! events, 局域网共享, saved files, and the commands through Tauri's IPC
//! (`tauri::test`).

use std::io::{Read, Write};
use std::net::{SocketAddr, TcpListener};
use std::path::Path;
use std::sync::Arc;
use std::time::Duration;

use serde_json::{Value, json};
use tokio::sync::mpsc;
use zonepress_api::{Context, ErrorCode, Reply};
use zonepress_http::{Config, ServerHandle, TlsSource};

use crate::config::ModeName;
use crate::desktop::{Desktop, Paths};
use crate::live::{Push, Sink};
use crate::types::{CreateWorkspaceInput, Trust};

const STRONG: &str = "青禾园区-编务2026";

fn paths(dir: &Path) -> Paths {
    Paths {
        workspace: dir.join("data/workspace"),
        config: dir.join("config/desktop.json"),
    }
}

/// A desktop on `dir`, started (the local workspace opened if there is one).
async fn desktop(dir: &Path) -> Arc<Desktop> {
    let d = Desktop::new(paths(dir), None);
    d.start().await;
    d
}

async fn call(
    d: &Desktop,
    command: &str,
    token: Option<&str>,
    input: Value,
) -> Result<Value, zonepress_api::ApiError> {
    match d
        .call(command.into(), token.map(str::to_string), input)
        .await?
    {
        Reply::Json(v) => Ok(v),
        Reply::Binary(b) => Ok(json!({ "bytes": b.bytes.len(), "type": b.content_type })),
    }
}

async fn login(d: &Desktop, username: &str, password: &str) -> String {
    let out = call(
        d,
        "login",
        None,
        json!({ "username": username, "password": password }),
    )
    .await
    .unwrap_or_else(|e| panic!("login {username}: {e:?}"));
    out["token"].as_str().unwrap().to_string()
}

fn channel() -> (Sink, mpsc::UnboundedReceiver<Push>) {
    let (tx, rx) = mpsc::unbounded_channel();
    (Arc::new(move |p| drop(tx.send(p))), rx)
}

/// The next push that is not a keep-alive.
async fn next(rx: &mut mpsc::UnboundedReceiver<Push>) -> Push {
    loop {
        match tokio::time::timeout(Duration::from_secs(10), rx.recv()).await {
            Ok(Some(Push::Alive)) => continue,
            Ok(Some(p)) => return p,
            Ok(None) => panic!("forwarding ended without a push"),
            Err(_) => panic!("no push within 10 s"),
        }
    }
}

/// A demo workspace served on 127.0.0.1 (as `zonepress serve` would).
async fn demo_server(tls: bool) -> (tempfile::TempDir, Arc<Context>, ServerHandle) {
    let dir = tempfile::tempdir().unwrap();
    let ctx = Arc::new(Context::open(dir.path()).unwrap());
    zonepress_api::demo::seed_demo(&ctx).unwrap();
    let server = serve(&ctx, "127.0.0.1:0".parse().unwrap(), tls).await;
    (dir, ctx, server)
}

async fn serve(ctx: &Arc<Context>, addr: SocketAddr, tls: bool) -> ServerHandle {
    zonepress_http::serve(
        ctx.clone(),
        addr,
        Config {
            tls: tls.then_some(TlsSource::Generated),
            ..Config::default()
        },
    )
    .await
    .unwrap()
}

fn address(server: &ServerHandle, tls: bool) -> String {
    format!(
        "{}://{}",
        if tls { "https" } else { "http" },
        server.local_addr()
    )
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn first_launch_offers_a_new_workspace_and_refuses_a_weak_password() {
    let dir = tempfile::tempdir().unwrap();
    let d = desktop(dir.path()).await;
    let status = d.status().await;
    assert_eq!(status.mode, ModeName::None);
    assert!(!status.workspace_exists && status.workspace_error.is_none());
    assert_eq!(status.title, "园区编务 ZonePress");
    let e = call(&d, "whoami", Some("x"), json!({})).await.unwrap_err();
    assert_eq!(e.code, ErrorCode::NotFound);
    assert!(e.message.contains("尚未打开工作区"), "{}", e.message);

    let input = |password: &str| CreateWorkspaceInput {
        username: "sunym".into(),
        display_name: "孙一鸣".into(),
        password: password.into(),
    };
    for weak in ["zonepress", "short", "sunym12345"] {
        let e = d.create_workspace(input(weak)).await.unwrap_err();
        assert_eq!(e.code, ErrorCode::InvalidInput, "{weak}");
        assert!(
            !paths(dir.path()).workspace.join("workspace.db").exists(),
            "{weak}"
        );
    }
    // A bad username is found after the database is made: it goes again.
    let e = d
        .create_workspace(CreateWorkspaceInput {
            username: "孙 一鸣".into(),
            ..input(STRONG)
        })
        .await
        .unwrap_err();
    assert_eq!(e.code, ErrorCode::InvalidInput);
    assert!(!paths(dir.path()).workspace.join("workspace.db").exists());

    let status = d.create_workspace(input(STRONG)).await.unwrap();
    assert_eq!((status.mode, status.demo), (ModeName::Local, false));
    assert_eq!(status.title, "园区编务 ZonePress");
    let token = login(&d, "sunym", STRONG).await;
    let me = call(&d, "whoami", Some(&token), json!({})).await.unwrap();
    assert_eq!(me["user"]["display_name"], "孙一鸣");
    assert_eq!(me["user"]["roles"], json!(["admin"]));
    // A second 新建 is refused: the workspace is open.
    assert_eq!(
        d.create_workspace(input(STRONG)).await.unwrap_err().code,
        ErrorCode::InvalidState
    );
    // The admin's own password: the workspace may be shared.
    let info = call(&d, "server_info", Some(&token), json!({}))
        .await
        .unwrap();
    assert_eq!(info["unsafe_accounts"], json!([]));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_demo_is_marked_and_reopens_at_the_next_start_while_a_second_app_is_kept_out() {
    let dir = tempfile::tempdir().unwrap();
    let titles = Arc::new(std::sync::Mutex::new(Vec::<String>::new()));
    let d = desktop(dir.path()).await;
    {
        let titles = titles.clone();
        d.on_title(move |t| titles.lock().unwrap().push(t.to_string()));
    }
    let status = d.open_demo().await.unwrap();
    assert_eq!((status.mode, status.demo), (ModeName::Local, true));
    assert!(status.title.contains("演示"), "{}", status.title);
    assert_eq!(titles.lock().unwrap().last(), Some(&status.title));
    let token = login(&d, "editor", "zonepress").await;
    let list = call(&d, "list_articles", Some(&token), json!({}))
        .await
        .unwrap();
    assert_eq!(list.as_array().unwrap().len(), 21);
    assert_eq!(
        d.open_demo().await.unwrap_err().code,
        ErrorCode::InvalidState
    );

    // Another process on the same folder is refused, naming the holder.
    let second = desktop(dir.path()).await;
    let status = second.status().await;
    assert_eq!(status.mode, ModeName::None);
    let e = status.workspace_error.expect("locked");
    assert_eq!(e.code, ErrorCode::WorkspaceLocked);
    assert!(e.message.contains("园区编务桌面版"), "{}", e.message);
    drop(second);

    drop(d);
    let again = desktop(dir.path()).await;
    let status = again.status().await;
    assert_eq!((status.mode, status.demo), (ModeName::Local, true));
    login(&again, "reviewer1", "zonepress").await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn connected_mode_routes_every_command_to_the_server_and_is_remembered() {
    let (_server_dir, _ctx, server) = demo_server(false).await;
    let dir = tempfile::tempdir().unwrap();
    let d = desktop(dir.path()).await;
    let typed = server.local_addr().to_string(); // no scheme: tried as http and https
    let probe = d.probe(&typed).await.unwrap();
    assert_eq!(probe.address, address(&server, false));
    assert_eq!(
        (probe.publication.as_str(), probe.trust, probe.compatible),
        ("青禾开发区报", Trust::Plain, true)
    );

    let status = d.connect(&typed, None).await.unwrap();
    assert_eq!(status.mode, ModeName::Remote);
    assert_eq!(status.server.as_ref().unwrap().publication, "青禾开发区报");
    assert!(
        status.title.contains("青禾开发区报") && status.title.contains(&typed),
        "{}",
        status.title
    );
    let token = login(&d, "reviewer1", "zonepress").await;
    let inbox = call(&d, "list_inbox", Some(&token), json!({}))
        .await
        .unwrap();
    assert!(!inbox["to_review"].as_array().unwrap().is_empty());
    let list = call(&d, "list_articles", Some(&token), json!({}))
        .await
        .unwrap();
    assert_eq!(list.as_array().unwrap().len(), 21);
    // Errors come back as the server's: a reviewer may not manage accounts.
    let e = call(&d, "list_users", Some(&token), json!({}))
        .await
        .unwrap_err();
    assert_eq!(e.code, ErrorCode::Forbidden);
    assert_eq!(
        call(&d, "whoami", Some("expired"), json!({}))
            .await
            .unwrap_err()
            .code,
        ErrorCode::Unauthorized
    );

    // A file from the server is written where the user chose.
    let form = dir.path().join("审稿单.pdf");
    d.download_to(
        &form,
        Some(token.clone()),
        "export_review_form".into(),
        json!({ "id": 1 }),
    )
    .await
    .unwrap();
    assert!(std::fs::read(&form).unwrap().starts_with(b"%PDF"));
    assert!(d.was_saved(&form));
    let e = d
        .download_to(&form, Some(token.clone()), "list_users".into(), json!({}))
        .await
        .unwrap_err();
    assert_eq!(e.code, ErrorCode::UnknownCommand);

    // The next start is in connected mode at once, with the server named.
    drop(d);
    let again = Desktop::new(paths(dir.path()), None);
    let status = again.status().await;
    assert_eq!(status.mode, ModeName::Remote);
    assert_eq!(status.recent_servers[0].address, address(&server, false));
    assert_eq!(status.server.unwrap().publication, "青禾开发区报");
    call(&again, "whoami", Some(&token), json!({}))
        .await
        .unwrap();

    // The server goes away: a clear network error, and it comes back.
    let addr = server.local_addr();
    server.shutdown().await;
    let e = call(&again, "whoami", Some(&token), json!({}))
        .await
        .unwrap_err();
    assert_eq!(e.code, ErrorCode::Network);
    assert!(e.message.contains("无法连接服务器"), "{}", e.message);
    let _back = serve(&_ctx, addr, false).await;
    call(&again, "whoami", Some(&token), json!({}))
        .await
        .unwrap();

    // 本机工作区 again: no local workspace yet, so the first-launch choices.
    let status = again.use_local().await.unwrap();
    assert_eq!(
        (status.mode, status.workspace_exists),
        (ModeName::None, false)
    );
    assert_eq!(status.title, "园区编务 ZonePress");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn bad_addresses_and_other_versions_get_clear_messages() {
    let dir = tempfile::tempdir().unwrap();
    let d = desktop(dir.path()).await;
    let e = d.probe("http://192.168.1.20:8470/api").await.unwrap_err();
    assert_eq!(e.code, ErrorCode::InvalidInput);
    assert!(e.message.contains("服务器地址格式不正确"), "{}", e.message);

    let closed = TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap();
    let e = d.probe(&closed.to_string()).await.unwrap_err();
    assert_eq!(e.code, ErrorCode::Network);
    assert!(e.message.contains("无法连接服务器"), "{}", e.message);

    // Something that answers like a ZonePress server of another version.
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let other = listener.local_addr().unwrap();
    std::thread::spawn(move || {
        for stream in listener.incoming().take(4) {
            let mut s = stream.unwrap();
            let mut buf = [0u8; 4096];
            let _ = s.read(&mut buf);
            let body = r#"{"ok":true,"version":"9.0.0","api_version":999,"publication":"别的刊物","tls":false}"#;
            let _ = write!(
                s,
                "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
                body.len()
            );
        }
    });
    let probe = d.probe(&format!("http://{other}")).await.unwrap();
    assert!(!probe.compatible);
    let e = d
        .connect(&format!("http://{other}"), None)
        .await
        .unwrap_err();
    assert_eq!(e.code, ErrorCode::InvalidInput);
    assert!(
        e.message.contains("版本") && e.message.contains("9.0.0"),
        "{}",
        e.message
    );
    assert_eq!(d.status().await.mode, ModeName::None);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn https_is_pinned_after_confirmation_and_a_changed_certificate_refused() {
    let (server_dir, ctx, server) = demo_server(true).await;
    let dir = tempfile::tempdir().unwrap();
    let d = desktop(dir.path()).await;
    let at = address(&server, true);
    let probe = d.probe(&at).await.unwrap();
    assert_eq!(probe.trust, Trust::New);
    let shown = probe.fingerprint.clone().unwrap();
    assert_eq!(Some(shown.as_str()), server.tls_fingerprint());

    // Nothing is sent to an unconfirmed server; a wrong confirmation is refused.
    let e = d.connect(&at, None).await.unwrap_err();
    assert_eq!(e.code, ErrorCode::UntrustedCertificate);
    let e = d.connect(&at, Some(&"AB:".repeat(32))).await.unwrap_err();
    assert_eq!(e.code, ErrorCode::UntrustedCertificate);

    let status = d.connect(&at, Some(&shown.to_lowercase())).await.unwrap();
    assert_eq!(
        status.server.unwrap().fingerprint.as_deref(),
        Some(shown.as_str())
    );
    assert_eq!(
        status.recent_servers[0].fingerprint.as_deref(),
        Some(shown.as_str())
    );
    let token = login(&d, "editor", "zonepress").await;
    assert_eq!(d.probe(&at).await.unwrap().trust, Trust::Trusted);

    // The server shows another certificate on the same address.
    let addr = server.local_addr();
    server.shutdown().await;
    std::fs::remove_dir_all(server_dir.path().join("tls")).unwrap();
    let impostor = serve(&ctx, addr, true).await;
    assert_ne!(impostor.tls_fingerprint(), Some(shown.as_str()));
    let e = call(&d, "whoami", Some(&token), json!({}))
        .await
        .unwrap_err();
    assert_eq!(e.code, ErrorCode::UntrustedCertificate);
    assert!(e.message.contains("警告"), "{}", e.message);
    let probe = d.probe(&at).await.unwrap();
    assert_eq!(probe.trust, Trust::Changed);
    let e = d
        .connect(&at, probe.fingerprint.as_deref())
        .await
        .unwrap_err();
    assert_eq!(e.code, ErrorCode::UntrustedCertificate);
    assert_eq!(e.detail.unwrap()["expected"], json!(shown));

    // Removing the server is the way to confirm a new certificate.
    let status = d.forget_server(&at).await.unwrap();
    assert!(status.recent_servers.is_empty());
    assert_eq!(d.probe(&at).await.unwrap().trust, Trust::New);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn local_events_are_forwarded_and_end_with_the_session() {
    let dir = tempfile::tempdir().unwrap();
    let d = desktop(dir.path()).await;
    d.open_demo().await.unwrap();
    let token = login(&d, "editor", "zonepress").await;
    let (sink, mut rx) = channel();
    assert_eq!(
        d.subscribe("forged".into(), None, sink.clone())
            .await
            .unwrap_err()
            .code,
        ErrorCode::Unauthorized
    );
    d.subscribe(token.clone(), None, sink.clone())
        .await
        .unwrap();
    call(&d, "open_article", Some(&token), json!({ "id": 1 }))
        .await
        .unwrap();
    let Push::Event { id, event } = next(&mut rx).await else {
        panic!("expected an event")
    };
    assert_eq!((event.action.as_str(), event.id), ("open", 1));
    assert!(id.ends_with(&format!("-{}", event.seq)), "{id}");

    // Reconnecting with the last id gets what was missed; an unknown id a resync.
    d.unsubscribe();
    call(&d, "close_article", Some(&token), json!({ "id": 1 }))
        .await
        .unwrap();
    let (sink2, mut rx2) = channel();
    d.subscribe(token.clone(), Some(id), sink2).await.unwrap();
    let Push::Event { event, .. } = next(&mut rx2).await else {
        panic!("expected the missed event")
    };
    assert_eq!(event.id, 1);
    assert!(rx.try_recv().is_err(), "the replaced forwarding pushed");
    let (sink3, mut rx3) = channel();
    d.subscribe(token.clone(), Some("old-run-7".into()), sink3)
        .await
        .unwrap();
    let Push::Event { event, .. } = next(&mut rx3).await else {
        panic!("expected a resync")
    };
    assert_eq!(event.action, "resync");

    // Signed out everywhere: the session event, then the end.
    call(&d, "logout_all", Some(&token), json!({}))
        .await
        .unwrap();
    loop {
        match next(&mut rx3).await {
            Push::Event { .. } => continue,
            Push::End(e) => {
                assert_eq!(e.code, ErrorCode::Unauthorized);
                break;
            }
            Push::Alive => unreachable!(),
        }
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn remote_events_are_forwarded_and_a_stopped_server_ends_the_stream() {
    let (_server_dir, _ctx, server) = demo_server(false).await;
    let dir = tempfile::tempdir().unwrap();
    let d = desktop(dir.path()).await;
    d.connect(&address(&server, false), None).await.unwrap();
    let token = login(&d, "editor", "zonepress").await;
    let (sink, mut rx) = channel();
    d.subscribe(token.clone(), None, sink).await.unwrap();
    call(&d, "open_article", Some(&token), json!({ "id": 2 }))
        .await
        .unwrap();
    let Push::Event { id, event } = next(&mut rx).await else {
        panic!("expected an event")
    };
    assert_eq!((event.action.as_str(), event.id), ("open", 2));
    assert!(!id.is_empty());

    // 局域网共享 turned off on the host: a clear message, and the UI reconnects.
    server.shutdown().await;
    let Push::End(e) = next(&mut rx).await else {
        panic!("expected the end")
    };
    assert_eq!(e.code, ErrorCode::Network);
    assert!(e.message.contains("服务器"), "{}", e.message);
    let e = d.subscribe(token, Some(id), channel().0).await.unwrap_err();
    assert_eq!(e.code, ErrorCode::Network);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sharing_is_for_admins_refused_for_the_demo_and_resumes_at_the_next_start() {
    // The demo: refused, naming the accounts.
    let demo_dir = tempfile::tempdir().unwrap();
    let demo = desktop(demo_dir.path()).await;
    demo.open_demo().await.unwrap();
    let admin = login(&demo, "admin", "zonepress").await;
    let e = demo
        .set_sharing(Some(admin.clone()), true, Some(0), None)
        .await
        .unwrap_err();
    assert_eq!(e.code, ErrorCode::Forbidden);
    assert!(
        e.message.contains("林悦（editor，演示密码）") && e.message.contains("演示工作区"),
        "{}",
        e.message
    );
    assert!(e.detail.unwrap().as_array().unwrap().len() >= 7);
    let status = demo.sharing_status(Some(admin)).await.unwrap();
    assert!(status.available && !status.enabled && !status.wanted);
    drop(demo);

    // A workspace whose accounts chose their own passwords.
    let dir = tempfile::tempdir().unwrap();
    let d = desktop(dir.path()).await;
    d.create_workspace(CreateWorkspaceInput {
        username: "sunym".into(),
        display_name: "孙一鸣".into(),
        password: STRONG.into(),
    })
    .await
    .unwrap();
    let admin = login(&d, "sunym", STRONG).await;
    call(
        &d,
        "create_user",
        Some(&admin),
        json!({ "username": "zhengyt", "display_name": "郑雨桐", "password": "临时密码-请修改2026", "roles": ["reviewer"] }),
    )
    .await
    .unwrap();
    let e = d
        .set_sharing(Some(admin.clone()), true, Some(0), None)
        .await
        .unwrap_err();
    assert!(
        e.message.contains("郑雨桐（zhengyt，管理员设置的初始密码"),
        "{}",
        e.message
    );
    let reviewer = login(&d, "zhengyt", "临时密码-请修改2026").await;
    call(
        &d,
        "change_password",
        Some(&reviewer),
        json!({ "old_password": "临时密码-请修改2026", "new_password": "郑雨桐的新密码2026" }),
    )
    .await
    .unwrap();
    // Not an admin: refused by the core.
    let e = d
        .set_sharing(Some(reviewer.clone()), true, Some(0), None)
        .await
        .unwrap_err();
    assert_eq!(e.code, ErrorCode::Forbidden);
    assert_eq!(
        d.set_sharing(None, true, Some(0), None)
            .await
            .unwrap_err()
            .code,
        ErrorCode::Unauthorized
    );

    let status = d
        .set_sharing(Some(admin.clone()), true, Some(0), Some(false))
        .await
        .unwrap();
    assert!(status.enabled && status.wanted && status.port != 0);
    assert!(status.fingerprint.is_none());
    let info = call(&d, "server_info", Some(&admin), json!({}))
        .await
        .unwrap();
    assert_eq!(info["network"]["sharing"], true);
    // A colleague's app reaches it, and the local user goes on working.
    let colleague = tempfile::tempdir().unwrap();
    let c = desktop(colleague.path()).await;
    let host = format!("http://127.0.0.1:{}", status.port);
    c.connect(&host, None).await.unwrap();
    let t = login(&c, "zhengyt", "郑雨桐的新密码2026").await;
    call(&c, "list_inbox", Some(&t), json!({})).await.unwrap();
    call(&d, "list_users", Some(&admin), json!({}))
        .await
        .unwrap();
    let audit = call(
        &d,
        "list_audit",
        Some(&admin),
        json!({ "action": "workspace." }),
    )
    .await
    .unwrap();
    assert!(audit.to_string().contains("workspace.share_on"), "{audit}");

    // HTTPS: the fingerprint is shown.
    let status = d
        .set_sharing(Some(admin.clone()), true, Some(0), Some(true))
        .await
        .unwrap();
    assert!(status.https && status.fingerprint.is_some());
    assert!(status.addresses.iter().all(|a| a.starts_with("https://")));

    // The next start shares again (settings remembered).
    drop(d);
    tokio::time::sleep(Duration::from_millis(200)).await;
    let d = desktop(dir.path()).await;
    let admin = login(&d, "sunym", STRONG).await;
    let status = d.sharing_status(Some(admin.clone())).await.unwrap();
    assert!(status.enabled && status.https, "{status:?}");
    // Off: colleagues' connections end; the setting is remembered off.
    let status = d
        .set_sharing(Some(admin.clone()), false, None, None)
        .await
        .unwrap();
    assert!(!status.enabled && !status.wanted && status.addresses.is_empty());
    let info = call(&d, "server_info", Some(&admin), json!({}))
        .await
        .unwrap();
    assert_eq!(info["network"]["sharing"], false);
    assert!(
        !crate::config::ConfigFile::load(paths(dir.path()).config)
            .get()
            .sharing
            .enabled
    );
    // In connected mode sharing is not offered.
    let status = c.sharing_status(Some(t)).await.unwrap();
    assert!(!status.available);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sharing_that_became_unsafe_is_refused_at_start_with_the_reason() {
    let dir = tempfile::tempdir().unwrap();
    let d = desktop(dir.path()).await;
    d.create_workspace(CreateWorkspaceInput {
        username: "sunym".into(),
        display_name: "孙一鸣".into(),
        password: STRONG.into(),
    })
    .await
    .unwrap();
    let admin = login(&d, "sunym", STRONG).await;
    d.set_sharing(Some(admin.clone()), true, Some(0), None)
        .await
        .unwrap();
    call(
        &d,
        "create_user",
        Some(&admin),
        json!({ "username": "linyue", "display_name": "林悦", "password": "临时密码-请修改2026", "roles": ["editor"] }),
    )
    .await
    .unwrap();
    drop(d);
    tokio::time::sleep(Duration::from_millis(200)).await;
    let d = desktop(dir.path()).await;
    let admin = login(&d, "sunym", STRONG).await;
    let status = d.sharing_status(Some(admin)).await.unwrap();
    assert!(!status.enabled && status.wanted);
    let e = status.error.expect("refused");
    assert!(e.message.contains("林悦（linyue"), "{}", e.message);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_export_is_saved_with_its_manifest_in_both_modes() {
    let dir = tempfile::tempdir().unwrap();
    let d = desktop(dir.path()).await;
    d.open_demo().await.unwrap();
    let token = login(&d, "layout", "zonepress").await;
    let pdf = dir.path().join("local.pdf");
    let beside = d.export_to(&pdf, Some(token), 1, json!({})).await.unwrap();
    assert!(std::fs::read(&pdf).unwrap().starts_with(b"%PDF"));
    let manifest: Value = serde_json::from_slice(&std::fs::read(&beside).unwrap()).unwrap();
    assert_eq!(manifest["issue_id"], 1);

    let (_server_dir, _ctx, server) = demo_server(false).await;
    let colleague = tempfile::tempdir().unwrap();
    let c = desktop(colleague.path()).await;
    c.connect(&address(&server, false), None).await.unwrap();
    let token = login(&c, "layout", "zonepress").await;
    let pdf = dir.path().join("remote.pdf");
    let beside = c
        .export_to(&pdf, Some(token.clone()), 1, json!({ "proof_copy": true }))
        .await
        .unwrap();
    assert!(std::fs::read(&pdf).unwrap().starts_with(b"%PDF"));
    let manifest: Value = serde_json::from_slice(&std::fs::read(&beside).unwrap()).unwrap();
    assert_eq!(
        (manifest["issue_id"].clone(), manifest["proof_copy"].clone()),
        (json!(1), json!(true))
    );
    assert!(c.was_saved(&pdf));
    // Without the right to export, nothing is written.
    let reviewer = login(&c, "reviewer1", "zonepress").await;
    let denied = dir.path().join("denied.pdf");
    let e = c
        .export_to(&denied, Some(reviewer), 1, json!({}))
        .await
        .unwrap_err();
    assert_eq!(e.code, ErrorCode::Forbidden);
    assert!(!denied.exists());
}

/// The commands through Tauri's IPC, as the UI calls them.
#[test]
fn commands_answer_through_ipc() {
    use tauri::ipc::{CallbackFn, InvokeBody};
    use tauri::test::{INVOKE_KEY, get_ipc_response, mock_builder, mock_context, noop_assets};
    use tauri::webview::InvokeRequest;

    let dir = tempfile::tempdir().unwrap();
    let state = Desktop::new(paths(dir.path()), None);
    let app = crate::commands(mock_builder())
        .manage(state)
        .build(mock_context(noop_assets()))
        .unwrap();
    let webview = tauri::WebviewWindowBuilder::new(&app, "main", Default::default())
        .build()
        .unwrap();
    let invoke = |cmd: &str, body: Value| {
        get_ipc_response(
            &webview,
            InvokeRequest {
                cmd: cmd.into(),
                callback: CallbackFn(0),
                error: CallbackFn(1),
                url: "tauri://localhost".parse().unwrap(),
                body: InvokeBody::Json(body),
                headers: Default::default(),
                invoke_key: INVOKE_KEY.to_string(),
            },
        )
        .map(|b| b.deserialize::<Value>().unwrap())
    };
    let status = invoke("desktop_status", json!({})).unwrap();
    assert_eq!(status["mode"], "none");
    assert_eq!(status["recent_servers"], json!([]));
    // Errors arrive as the API's `{code, message}`.
    let e = invoke(
        "api",
        json!({ "command": "whoami", "token": null, "input": {} }),
    )
    .unwrap_err();
    assert_eq!(e["code"], "not_found");
    let e = invoke(
        "create_workspace",
        json!({ "input": { "username": "sunym", "display_name": "孙一鸣", "password": "zonepress" } }),
    )
    .unwrap_err();
    assert_eq!(e["code"], "invalid_input");
    let status = invoke("open_demo", json!({})).unwrap();
    assert_eq!(
        (status["mode"].clone(), status["demo"].clone()),
        (json!("local"), json!(true))
    );
    let login = invoke(
        "api",
        json!({ "command": "login", "token": null, "input": { "username": "editor", "password": "zonepress" } }),
    )
    .unwrap();
    let token = login["token"].as_str().unwrap();
    invoke(
        "subscribe_events",
        json!({ "token": token, "lastEventId": null }),
    )
    .unwrap();
    invoke("unsubscribe_events", json!({})).unwrap();
    let e = invoke("probe_server", json!({ "address": "ftp://x" })).unwrap_err();
    assert_eq!(e["code"], "invalid_input");
    let sharing = invoke("sharing_status", json!({ "token": token })).unwrap_err();
    assert_eq!(sharing["code"], "forbidden");
}

/// Through Tauri's IPC as the UI calls it: `api` goes to the office server
/// while connected and to the local workspace after 本机工作区; 局域网共享
/// set over IPC is reached by a plain HTTP client, and closed when stopped.
#[test]
fn ipc_routes_by_mode_and_sharing_is_reached_over_http() {
    use tauri::ipc::{CallbackFn, InvokeBody};
    use tauri::test::{INVOKE_KEY, get_ipc_response, mock_builder, mock_context, noop_assets};
    use tauri::webview::InvokeRequest;
    use zonepress_http::client::Client;

    // The office server: a demo workspace on 127.0.0.2, in this process.
    let server_dir = tempfile::tempdir().unwrap();
    let server_ctx = Arc::new(Context::open(server_dir.path()).unwrap());
    zonepress_api::demo::seed_demo(&server_ctx).unwrap();
    let server =
        tauri::async_runtime::block_on(serve(&server_ctx, "127.0.0.2:0".parse().unwrap(), false));

    let dir = tempfile::tempdir().unwrap();
    let app = crate::commands(mock_builder())
        .manage(Desktop::new(paths(dir.path()), None))
        .build(mock_context(noop_assets()))
        .unwrap();
    let webview = tauri::WebviewWindowBuilder::new(&app, "main", Default::default())
        .build()
        .unwrap();
    let invoke = |cmd: &str, body: Value| {
        get_ipc_response(
            &webview,
            InvokeRequest {
                cmd: cmd.into(),
                callback: CallbackFn(0),
                error: CallbackFn(1),
                url: "tauri://localhost".parse().unwrap(),
                body: InvokeBody::Json(body),
                headers: Default::default(),
                invoke_key: INVOKE_KEY.to_string(),
            },
        )
        .map(|b| b.deserialize::<Value>().unwrap())
    };
    let api = |command: &str, token: Option<&str>, input: Value| {
        invoke(
            "api",
            json!({ "command": command, "token": token, "input": input }),
        )
    };
    let count = |token: &str| {
        api("list_articles", Some(token), json!({}))
            .unwrap()
            .as_array()
            .unwrap()
            .len()
    };

    // First launch: a new workspace with its admin (no articles yet).
    let status = invoke(
        "create_workspace",
        json!({ "input": { "username": "sunym", "display_name": "孙一鸣", "password": STRONG } }),
    )
    .unwrap();
    assert_eq!(
        (status["mode"].clone(), status["demo"].clone()),
        (json!("local"), json!(false))
    );
    let local = api(
        "login",
        None,
        json!({ "username": "sunym", "password": STRONG }),
    )
    .unwrap();
    let local = local["token"].as_str().unwrap().to_string();
    assert_eq!(count(&local), 0);

    // Connected: the same `api` command answers from the server.
    let address = address(&server, false);
    let probe = invoke("probe_server", json!({ "address": address })).unwrap();
    assert_eq!(probe["publication"], "青禾开发区报");
    let status = invoke(
        "connect_server",
        json!({ "address": address, "fingerprint": null }),
    )
    .unwrap();
    assert_eq!(status["mode"], "remote");
    assert!(
        status["title"].as_str().unwrap().contains("127.0.0.2"),
        "{status}"
    );
    let e = api("whoami", Some(&local), json!({})).unwrap_err();
    assert_eq!(
        e["code"], "unauthorized",
        "the local session means nothing to the server"
    );
    let remote = api(
        "login",
        None,
        json!({ "username": "editor", "password": "zonepress" }),
    )
    .unwrap();
    let remote = remote["token"].as_str().unwrap().to_string();
    assert_eq!(count(&remote), 21);
    // A change made on the server is seen through the desktop.
    let created = api(
        "create_article",
        Some(&remote),
        json!({ "issue_id": 1, "title": "园区办公室联网试用" }),
    )
    .unwrap();
    let id = created["id"].as_i64().unwrap();
    let on_server = tauri::async_runtime::block_on(Client::new(&address, None).unwrap().call(
        "get_article",
        Some(&remote),
        json!({ "id": id }).to_string().as_bytes(),
    ))
    .unwrap();
    let Reply::Json(on_server) = on_server else {
        panic!("json expected")
    };
    assert!(
        on_server.to_string().contains("园区办公室联网试用"),
        "{on_server}"
    );
    assert_eq!(count(&remote), 22);
    // Sharing is for the computer that keeps the workspace.
    let e = invoke(
        "set_sharing",
        json!({ "token": remote, "enabled": true, "port": 0, "https": false }),
    )
    .unwrap_err();
    assert_eq!(e["code"], "invalid_state");

    // Back to the local workspace: the local session works again.
    let status = invoke("use_local", json!({})).unwrap();
    assert_eq!(status["mode"], "local");
    assert_eq!(count(&local), 0);

    // 局域网共享 from the app, reached by a plain HTTP client.
    let sharing = invoke(
        "set_sharing",
        json!({ "token": local, "enabled": true, "port": 0, "https": false }),
    )
    .unwrap();
    assert_eq!(sharing["enabled"], true);
    let port = sharing["port"].as_u64().unwrap();
    let colleague = Client::new(&format!("http://127.0.0.1:{port}"), None).unwrap();
    let login = tauri::async_runtime::block_on(
        colleague.call(
            "login",
            None,
            json!({ "username": "sunym", "password": STRONG })
                .to_string()
                .as_bytes(),
        ),
    )
    .unwrap();
    let Reply::Json(login) = login else {
        panic!("json expected")
    };
    let token = login["token"].as_str().unwrap().to_string();
    let whoami =
        tauri::async_runtime::block_on(colleague.call("whoami", Some(&token), b"{}")).unwrap();
    let Reply::Json(whoami) = whoami else {
        panic!("json expected")
    };
    assert_eq!(whoami["user"]["display_name"], "孙一鸣");
    // The host goes on working meanwhile.
    assert_eq!(count(&local), 0);
    let off = invoke("set_sharing", json!({ "token": local, "enabled": false })).unwrap();
    assert_eq!(off["enabled"], false);
    let e =
        tauri::async_runtime::block_on(colleague.call("whoami", Some(&token), b"{}")).unwrap_err();
    assert_eq!(e.code, ErrorCode::Network);
    tauri::async_runtime::block_on(server.shutdown());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sharing_on_a_port_in_use_says_so_in_the_apps_words_and_stays_off() {
    let dir = tempfile::tempdir().unwrap();
    let d = desktop(dir.path()).await;
    d.create_workspace(CreateWorkspaceInput {
        username: "sunym".into(),
        display_name: "孙一鸣".into(),
        password: STRONG.into(),
    })
    .await
    .unwrap();
    let admin = login(&d, "sunym", STRONG).await;
    let taken = TcpListener::bind("0.0.0.0:0").unwrap();
    let port = taken.local_addr().unwrap().port();
    let e = d
        .set_sharing(Some(admin.clone()), true, Some(port), Some(false))
        .await
        .unwrap_err();
    assert_eq!(e.code, ErrorCode::InvalidInput);
    assert!(
        e.message.contains(&format!("端口 {port} 已被占用")),
        "{}",
        e.message
    );
    // The app's words: no command-line flags.
    assert!(!e.message.contains("--bind"), "{}", e.message);
    let status = d.sharing_status(Some(admin)).await.unwrap();
    assert!(!status.enabled && !status.wanted, "{status:?}");
    assert_eq!(
        status.port, port,
        "the chosen port is kept for the next try"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_host_with_a_confirmed_certificate_is_never_reached_over_plain_http() {
    let (_server_dir, ctx, server) = demo_server(true).await;
    let dir = tempfile::tempdir().unwrap();
    let d = desktop(dir.path()).await;
    let at = address(&server, true);
    let shown = d.probe(&at).await.unwrap().fingerprint;
    d.connect(&at, shown.as_deref()).await.unwrap();
    // Typed without a scheme, the confirmed HTTPS address is the one used.
    let typed = server.local_addr().to_string();
    let probe = d.probe(&typed).await.unwrap();
    assert!(probe.tls);
    assert_eq!(probe.trust, Trust::Trusted);

    // Someone answers plain HTTP on that address instead.
    let addr = server.local_addr();
    server.shutdown().await;
    let impostor = serve(&ctx, addr, false).await;
    assert!(impostor.tls_fingerprint().is_none());
    let e = d.probe(&typed).await.unwrap_err();
    assert_ne!(e.code, ErrorCode::InvalidInput, "{e:?}");
    for typed_http in [format!("http://{typed}"), format!("HTTP://{typed}/")] {
        let e = d.probe(&typed_http).await.unwrap_err();
        assert_eq!(e.code, ErrorCode::UntrustedCertificate, "{typed_http}");
        assert!(e.message.contains("不能改用不加密的"), "{}", e.message);
        let e = d.connect(&typed_http, None).await.unwrap_err();
        assert_eq!(e.code, ErrorCode::UntrustedCertificate);
    }
    assert_eq!(
        d.connect(&typed, None).await.unwrap_err().code,
        d.probe(&typed).await.unwrap_err().code
    );
    // A host never confirmed is still found over plain HTTP.
    let fresh = tempfile::tempdir().unwrap();
    let other = desktop(fresh.path()).await;
    let probe = other.probe(&typed).await.unwrap();
    assert!(!probe.tls);
    assert_eq!(probe.trust, Trust::Plain);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sharing_is_https_by_default_and_its_resumption_is_on_the_record() {
    let dir = tempfile::tempdir().unwrap();
    let d = desktop(dir.path()).await;
    d.create_workspace(CreateWorkspaceInput {
        username: "sunym".into(),
        display_name: "孙一鸣".into(),
        password: STRONG.into(),
    })
    .await
    .unwrap();
    let admin = login(&d, "sunym", STRONG).await;
    let status = d.sharing_status(Some(admin.clone())).await.unwrap();
    assert!(status.https, "HTTPS is offered by default: {status:?}");
    let status = d
        .set_sharing(Some(admin.clone()), true, Some(0), None)
        .await
        .unwrap();
    assert!(status.enabled && status.https && status.fingerprint.is_some());
    assert!(status.addresses.iter().all(|a| a.starts_with("https://")));

    drop(d);
    tokio::time::sleep(Duration::from_millis(200)).await;
    let d = desktop(dir.path()).await;
    let admin = login(&d, "sunym", STRONG).await;
    let status = d.sharing_status(Some(admin.clone())).await.unwrap();
    assert!(status.enabled && status.https, "{status:?}");
    let log = call(
        &d,
        "list_audit",
        Some(&admin),
        json!({ "oldest_first": true, "limit": 1000 }),
    )
    .await
    .unwrap();
    let entries = log["entries"].as_array().unwrap();
    let resumed = entries
        .iter()
        .find(|e| e["action"] == "workspace.share_resumed")
        .unwrap_or_else(|| panic!("{log}"));
    assert_eq!(resumed["detail"]["https"], true);
    assert_eq!(
        resumed["detail"]["tls_fingerprint"].as_str(),
        status.fingerprint.as_deref()
    );
    assert!(
        entries
            .iter()
            .filter(|e| e["action"] == "server.start")
            .all(|e| e["detail"]["tls"] == true)
    );
    assert!(entries.iter().any(|e| e["action"] == "server.stop"));
}

#[cfg(unix)]
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_backup_saved_from_the_app_is_readable_by_its_owner_only() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().unwrap();
    let d = desktop(dir.path()).await;
    d.open_demo().await.unwrap();
    let admin = login(&d, "admin", "zonepress").await;
    let path = dir.path().join("备份.db");
    // a file there already, readable by all, is replaced by a private one
    std::fs::write(&path, b"old").unwrap();
    std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o644)).unwrap();
    d.download_to(&path, Some(admin), "backup_workspace".into(), json!({}))
        .await
        .unwrap();
    let bytes = std::fs::read(&path).unwrap();
    assert!(bytes.starts_with(b"SQLite format 3"));
    let mode = std::fs::metadata(&path).unwrap().permissions().mode() & 0o777;
    assert_eq!(mode, 0o600);
}
