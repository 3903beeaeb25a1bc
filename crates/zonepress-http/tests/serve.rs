//! The library as the desktop uses it: start serving a workspace at run
//! time with the UI from a lookup function (embedded assets), then stop.

use std::borrow::Cow;
use std::io::{Read, Write};
use std::net::{SocketAddr, TcpStream};
use std::sync::Arc;
use std::time::Duration;

use serde_json::json;
use zonepress_api::{Context, ErrorCode, Reply};
use zonepress_http::client::Client;
use zonepress_http::{Config, TlsSource, UiLookup, UiSource, serve};

fn demo() -> (tempfile::TempDir, Arc<Context>) {
    let dir = tempfile::tempdir().unwrap();
    let ctx = Arc::new(Context::open(dir.path()).unwrap());
    zonepress_api::demo::seed_demo(&ctx).unwrap();
    (dir, ctx)
}

/// `GET path`: (status, content type, body).
fn get(addr: SocketAddr, path: &str) -> (u16, String, String) {
    let mut s = TcpStream::connect(addr).unwrap();
    s.set_read_timeout(Some(Duration::from_secs(10))).unwrap();
    write!(
        s,
        "GET {path} HTTP/1.1\r\nHost: localhost:{}\r\nConnection: close\r\n\r\n",
        addr.port()
    )
    .unwrap();
    let mut raw = String::new();
    s.read_to_string(&mut raw).unwrap();
    let (head, body) = raw.split_once("\r\n\r\n").unwrap();
    let status = head.split(' ').nth(1).unwrap().parse().unwrap();
    let content_type = head
        .lines()
        .find_map(|l| l.strip_prefix("content-type: "))
        .unwrap_or("")
        .to_string();
    (status, content_type, body.to_string())
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_desktop_shares_its_workspace_and_stops_sharing() {
    let (_dir, ctx) = demo();
    let lookup: UiLookup = Arc::new(|path: &str| match path {
        "index.html" => Some((
            Cow::Borrowed(b"<!doctype html><title>embedded</title>".as_slice()),
            "text/html".to_string(),
        )),
        "assets/app.js" => Some((Cow::Owned(b"export {}".to_vec()), "text/javascript".into())),
        _ => None,
    });
    let server = serve(
        ctx.clone(),
        "127.0.0.1:0".parse().unwrap(),
        Config {
            ui: Some(UiSource::Lookup(lookup)),
            ..Config::default()
        },
    )
    .await
    .unwrap();
    let addr = server.local_addr();
    let network = ctx.network();
    assert!(!network.sharing);
    assert_eq!(network.addresses, vec![format!("http://{addr}/")]);
    assert_eq!(server.tls_fingerprint(), None);

    let (status, ct, body) = get(addr, "/");
    assert_eq!((status, ct.as_str()), (200, "text/html"));
    assert!(body.contains("embedded"));
    assert_eq!(get(addr, "/assets/app.js").1, "text/javascript");
    // App routes and anything unknown get the app; nothing escapes upwards.
    assert!(get(addr, "/issues/1/layout").2.contains("embedded"));
    assert!(get(addr, "/assets/../../etc/passwd").2.contains("embedded"));

    let client = Client::new(&format!("http://{addr}"), None).unwrap();
    assert_eq!(client.health().await.unwrap().publication, "青禾开发区报");
    let Reply::Json(login) = client
        .call(
            "login",
            None,
            json!({ "username": "editor", "password": "zonepress" })
                .to_string()
                .as_bytes(),
        )
        .await
        .unwrap()
    else {
        panic!("login answered a file");
    };
    let token = login["token"].as_str().unwrap();
    let mut events = client.events(token, None).await.unwrap();
    let Reply::Binary(pdf) = client
        .call("export_review_form", Some(token), br#"{"id":1}"#)
        .await
        .unwrap()
    else {
        panic!("a review form is a file");
    };
    assert_eq!(pdf.content_type, "application/pdf");
    assert!(pdf.file_name.ends_with(".pdf"), "{}", pdf.file_name);
    assert!(pdf.bytes.starts_with(b"%PDF"));

    // 局域网共享 off: streams end, the port closes, the workspace says so.
    tokio::time::timeout(Duration::from_secs(10), server.shutdown())
        .await
        .expect("shutdown took too long");
    let end = tokio::time::timeout(Duration::from_secs(5), events.next())
        .await
        .expect("stream still open after shutdown");
    assert!(end.is_none() || end.unwrap().is_err());
    assert_eq!(ctx.network(), Default::default());
    assert!(TcpStream::connect(addr).is_err());
    assert_eq!(client.health().await.unwrap_err().code, ErrorCode::Network);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn https_tells_the_workspace_its_fingerprint() {
    let (_dir, ctx) = demo();
    let server = serve(
        ctx.clone(),
        "127.0.0.1:0".parse().unwrap(),
        Config {
            tls: Some(TlsSource::Generated),
            ..Config::default()
        },
    )
    .await
    .unwrap();
    let fingerprint = server.tls_fingerprint().unwrap().to_string();
    assert_eq!(
        ctx.network().tls_fingerprint.as_deref(),
        Some(fingerprint.as_str())
    );
    assert!(ctx.network().addresses[0].starts_with("https://127.0.0.1:"));
    let url = format!("https://{}", server.local_addr());
    let (health, seen) = zonepress_http::client::probe(&url).await.unwrap();
    assert!(health.tls);
    assert!(zonepress_http::fingerprint_matches(
        &seen.unwrap(),
        &fingerprint
    ));
    // Plain HTTP to an HTTPS port, and HTTPS to a plain one, fail clearly.
    let plain = Client::new(&format!("http://{}", server.local_addr()), None).unwrap();
    assert_eq!(plain.health().await.unwrap_err().code, ErrorCode::Network);
    server.shutdown().await;
}
