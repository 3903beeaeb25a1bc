//! Hostile input and abuse from a signed-in colleague (issue 25, findings
//! 1, 2, 4 and 7) against a real `zonepress serve`: a file sent to verify
//! can neither crash the server nor take its memory, one account cannot
//! hold every event stream or every worker, and a colleague's request is
//! still answered within a second. The hostile files are written here.

use std::io::Write;
use std::time::{Duration, Instant};

use base64::Engine;
use serde_json::{Value, json};
use zonepress_api::{ErrorCode, Reply};
use zonepress_http::client::Client;
use zonepress_testkit::handpdf::{pdf, stream};
use zonepress_testkit::raw::*;
use zonepress_testkit::runner::*;
use zonepress_testkit::served::*;

fn b64(bytes: &[u8]) -> String {
    base64::engine::general_purpose::STANDARD.encode(bytes)
}

/// One A4 page drawing `content`; the catalog carries `extra`.
fn one_page(extra: &str, content: Vec<u8>, more: Vec<Vec<u8>>) -> Vec<u8> {
    let mut objects = vec![
        format!("<< /Type /Catalog /Pages 2 0 R {extra} >>").into_bytes(),
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>".to_vec(),
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R >>".to_vec(),
        content,
    ];
    objects.extend(more);
    pdf(&objects)
}

/// `mib` MiB of zeros, zlib-compressed (about a thousandth of the size).
fn zlib_zeros(mib: usize) -> Vec<u8> {
    let mut z = flate2::write::ZlibEncoder::new(Vec::new(), flate2::Compression::best());
    let block = vec![0u8; 1024 * 1024];
    for _ in 0..mib {
        z.write_all(&block).unwrap();
    }
    z.finish().unwrap()
}

/// The answer of `verify_export` for `file`.
async fn verify(
    client: &Client,
    token: &str,
    file: &[u8],
) -> Result<Value, zonepress_api::ApiError> {
    call(
        client,
        "verify_export",
        Some(token),
        json!({ "pdf_base64": b64(file) }),
    )
    .await
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_pdf_nested_60000_deep_is_unreadable_and_the_server_lives_on() {
    let ws = demo_workspace();
    let mut server = Server::start(ws.path(), &[]);
    let url = server.url(false);
    let layout = client_from(&url, "127.0.0.2", None);
    let layout_token = login(&layout, "layout", DEMO_PASSWORD).await;
    let colleague = client_from(&url, "127.0.0.3", None);
    let editor_token = login(&colleague, "editor", DEMO_PASSWORD).await;

    // 120 KB: arrays 60,000 deep in the catalog and in the page's content.
    let deep = format!("{}{}", "[".repeat(60_000), "]".repeat(60_000));
    let in_syntax = one_page(&format!("/Deep {deep}"), stream("", b"BT ET"), vec![]);
    let in_content = one_page(
        "",
        stream("", format!("BT {deep} TJ ET").as_bytes()),
        vec![],
    );
    for (what, file) in [("syntax", &in_syntax), ("content", &in_content)] {
        let e = verify(&layout, &layout_token, file).await.unwrap_err();
        assert!(
            matches!(e.code, ErrorCode::UnreadableFile | ErrorCode::InvalidInput),
            "{what}: {e:?}"
        );
        if what == "syntax" {
            assert_eq!(e.code, ErrorCode::UnreadableFile, "{e:?}");
            assert!(e.message.starts_with("文件无法读取"), "{}", e.message);
        }
        assert!(
            server.child.try_wait().unwrap().is_none(),
            "the server died on {what}"
        );
        still_serves(&mut server, &colleague, &editor_token).await;
    }

    // Only those who export, and reviewers, may verify; a proofreader may not.
    let proofreader = client_from(&url, "127.0.0.4", None);
    let token = login(&proofreader, "proofreader", DEMO_PASSWORD).await;
    let e = verify(&proofreader, &token, &in_syntax).await.unwrap_err();
    assert_eq!(e.code, ErrorCode::Forbidden, "{e:?}");
    let reviewer = client_from(&url, "127.0.0.5", None);
    let token = login(&reviewer, "reviewer1", DEMO_PASSWORD).await;
    let e = verify(&reviewer, &token, b"not a pdf at all")
        .await
        .unwrap_err();
    assert_eq!(e.code, ErrorCode::UnreadableFile, "{e:?}");

    // The body limit is sized to real exports: 32 MB, not 64.
    let port = server.port;
    let answer = raw(
        port,
        &post_head(port, "verify_export", Some(&layout_token), 40 * 1024 * 1024),
        b"",
    );
    assert_eq!(answer.status, 413, "{:?}", answer.json());
    assert_eq!(answer.json()["detail"]["limit"], 32 * 1024 * 1024);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn flate_and_zip_bombs_keep_the_servers_memory_bounded() {
    let ws = demo_workspace();
    let mut server = Server::start(ws.path(), &[]);
    let url = server.url(false);
    let layout = client_from(&url, "127.0.0.2", None);
    let token = login(&layout, "layout", DEMO_PASSWORD).await;
    let colleague = client_from(&url, "127.0.0.3", None);
    let editor_token = login(&colleague, "editor", DEMO_PASSWORD).await;
    still_serves(&mut server, &colleague, &editor_token).await;
    let (_, hwm_before) = server.memory_kib();

    // 1 GiB of zeros in 1 MB, three ways: as the manifest attachment, as
    // another attachment beside a small manifest, and as the page's content.
    let bomb = zlib_zeros(1024);
    assert!(bomb.len() < 1_200_000, "{}", bomb.len());
    let files = |names: &str| format!("/Names << /EmbeddedFiles << /Names [{names}] >> >>");
    let attachment = |data: Vec<u8>| {
        vec![
            b"<< /Type /Filespec /F (f) /EF << /F 6 0 R >> >>".to_vec(),
            stream("/Type /EmbeddedFile /Filter /FlateDecode", &data),
        ]
    };
    let manifest_bomb = one_page(
        &files("(manifest.json) 5 0 R"),
        stream("", b"BT ET"),
        attachment(bomb.clone()),
    );
    let mut beside = attachment(bomb.clone());
    beside.push(b"<< /Type /Filespec /F (m) /EF << /F 8 0 R >> >>".to_vec());
    beside.push(stream("/Type /EmbeddedFile", b"{}"));
    let other_bomb = one_page(
        &files("(manifest.json) 7 0 R (photo.bin) 5 0 R"),
        stream("", b"BT ET"),
        beside,
    );
    let content_bomb = one_page("", stream("/Filter /FlateDecode", &bomb), vec![]);

    for (what, file) in [
        ("manifest bomb", &manifest_bomb),
        ("attachment bomb", &other_bomb),
        ("content bomb", &content_bomb),
    ] {
        let started = Instant::now();
        let out = verify(&layout, &token, file).await;
        let e = out.expect_err(what);
        assert!(
            matches!(e.code, ErrorCode::UnreadableFile | ErrorCode::InvalidInput),
            "{what}: {e:?}"
        );
        eprintln!("{what}: {:?} in {:?}", e.code, started.elapsed());
        still_serves(&mut server, &colleague, &editor_token).await;
    }

    // A 数字报 zip whose three files inflate to 200 MiB each (600 KB sent).
    let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let options = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated)
        .compression_level(Some(9));
    let block = vec![0u8; 1024 * 1024];
    for name in [
        "edition/page-1.png",
        "edition/page-2.png",
        "edition/page-3.png",
    ] {
        zip.start_file(name, options).unwrap();
        for _ in 0..200 {
            zip.write_all(&block).unwrap();
        }
    }
    zip.start_file("edition/manifest.json", options).unwrap();
    zip.write_all(b"{}").unwrap();
    let zip = zip.finish().unwrap().into_inner();
    assert!(zip.len() < 1_000_000, "{}", zip.len());
    let e = verify(&layout, &token, &zip).await.unwrap_err();
    assert!(
        matches!(e.code, ErrorCode::UnreadableFile | ErrorCode::InvalidInput),
        "{e:?}"
    );
    still_serves(&mut server, &colleague, &editor_token).await;

    // The bound: every bomb above is read in a child process, so the
    // server's own high-water mark grows by less than 64 MiB (it grew by
    // more than 1 GiB for the first PDF, and 512 MiB for the zip).
    let (_, hwm_after) = server.memory_kib();
    eprintln!("VmHWM before {hwm_before} KiB, after {hwm_after} KiB");
    assert!(
        hwm_after < hwm_before + 64 * 1024,
        "VmHWM grew from {hwm_before} to {hwm_after} KiB"
    );
}

/// The error of an event stream that must be refused.
async fn refused(client: &Client, token: &str) -> zonepress_api::ApiError {
    match client.events(token, None).await {
        Ok(_) => panic!("an event stream beyond the caps was opened"),
        Err(e) => e,
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn one_account_cannot_hold_every_event_stream() {
    let ws = demo_workspace();
    let server = Server::start(ws.path(), &[]);
    let url = server.url(false);
    // One proofreader from several machines, signed in three times.
    let machines: Vec<Client> = (2..=9)
        .map(|n| client_from(&url, &format!("127.0.0.{n}"), None))
        .collect();
    let first = login(&machines[0], "proofreader", DEMO_PASSWORD).await;
    let second = login(&machines[1], "proofreader", DEMO_PASSWORD).await;
    let third = login(&machines[2], "proofreader", DEMO_PASSWORD).await;

    let mut held = Vec::new();
    for machine in &machines[..4] {
        held.push(
            machine
                .events(&first, None)
                .await
                .expect("stream of the first session"),
        );
    }
    let e = refused(&machines[4], &first).await;
    assert_eq!(e.code, ErrorCode::TooMany, "{e:?}");
    assert!(e.message.contains("此登录"), "{}", e.message);
    for machine in &machines[4..8] {
        held.push(
            machine
                .events(&second, None)
                .await
                .expect("stream of the second session"),
        );
    }
    let e = refused(&machines[7], &third).await;
    assert_eq!(e.code, ErrorCode::TooMany, "{e:?}");
    assert!(e.message.contains("此账号"), "{}", e.message);
    // Many more tries change nothing and cost nothing.
    for i in 0..40 {
        let e = refused(&machines[i % 8], &third).await;
        assert_eq!(e.code, ErrorCode::TooMany);
    }

    // A colleague is answered at once, and gets a stream of their own.
    let colleague = client_from(&url, "127.0.0.10", None);
    let token = login(&colleague, "editor", DEMO_PASSWORD).await;
    let started = Instant::now();
    call(&colleague, "list_articles", Some(&token), json!({}))
        .await
        .unwrap();
    assert!(
        started.elapsed() < Duration::from_secs(1),
        "{:?}",
        started.elapsed()
    );
    let _mine = colleague
        .events(&token, None)
        .await
        .expect("the colleague's stream");

    // A stream that ends gives its place back.
    drop(held.pop());
    let deadline = Instant::now() + Duration::from_secs(10);
    loop {
        match machines[7].events(&third, None).await {
            Ok(_) => break,
            Err(e) if e.code == ErrorCode::TooMany && Instant::now() < deadline => {
                tokio::time::sleep(Duration::from_millis(100)).await
            }
            Err(e) => panic!("the place was not given back: {e:?}"),
        }
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn previews_at_any_scale_and_in_bulk_leave_colleagues_answered() {
    let ws = demo_workspace();
    let server = Server::start(ws.path(), &[]);
    let url = server.url(false);
    let layout = client_from(&url, "127.0.0.2", None);
    let token = login(&layout, "layout", DEMO_PASSWORD).await;
    let colleague = client_from(&url, "127.0.0.3", None);
    let proofreader = login(&colleague, "proofreader", DEMO_PASSWORD).await;

    // Scales beyond what the UI uses (0.7, and 1.6 to zoom) are refused.
    for scale in [4.0, 2.5] {
        let e = call(
            &layout,
            "preview_page",
            Some(&token),
            json!({ "issue_id": 1, "page": 1, "scale": scale }),
        )
        .await
        .unwrap_err();
        assert_eq!(e.code, ErrorCode::InvalidInput, "{e:?}");
    }

    // Fourteen previews at once from one session: ten are admitted and
    // run one at a time, the rest are refused `too_many`.
    let mut jobs = Vec::new();
    for i in 0..14u8 {
        let (client, token) = (layout.clone(), token.clone());
        jobs.push(tokio::spawn(async move {
            let body =
                json!({ "issue_id": 1, "page": i % 4 + 1, "scale": 0.7 + f32::from(i) * 0.06 });
            client
                .call("preview_page", Some(&token), body.to_string().as_bytes())
                .await
        }));
    }
    tokio::time::sleep(Duration::from_millis(300)).await;
    // Meanwhile a colleague's article list comes within a second, each time.
    for _ in 0..3 {
        let started = Instant::now();
        let list = call(&colleague, "list_articles", Some(&proofreader), json!({}))
            .await
            .unwrap();
        assert!(list.as_array().is_some_and(|a| !a.is_empty()));
        assert!(
            started.elapsed() < Duration::from_secs(1),
            "{:?}",
            started.elapsed()
        );
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
    let (mut pictures, mut refused) = (0, 0);
    for job in jobs {
        match job.await.unwrap() {
            Ok(Reply::Binary(b)) => {
                assert_eq!(b.content_type, "image/png");
                pictures += 1;
            }
            Err(e) if e.code == ErrorCode::TooMany => {
                assert!(e.message.contains("已达上限"), "{}", e.message);
                refused += 1;
            }
            other => panic!("{other:?}"),
        }
    }
    assert!(
        refused >= 1,
        "one session's heavy work is capped ({pictures} pictures)"
    );
    assert!(pictures >= 10, "{pictures} pictures, {refused} refused");
    // The account may preview again once its work is done.
    let again = layout
        .call(
            "preview_page",
            Some(&token),
            json!({ "issue_id": 1, "page": 1, "scale": 0.7 })
                .to_string()
                .as_bytes(),
        )
        .await;
    assert!(matches!(again, Ok(Reply::Binary(_))), "{again:?}");
}
