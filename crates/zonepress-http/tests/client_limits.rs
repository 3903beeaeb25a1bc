//! The desktop's client reads at most so much of an answer: a server — or
//! whoever answers in its place on the LAN — sending more (declared, or
//! streamed without a length) is cut off with a clear error, not read into
//! memory.

use std::io::{Read, Write};
use std::net::TcpListener;
use std::time::Duration;

use zonepress_api::ErrorCode;
use zonepress_http::client::{Client, ClientOptions};

/// A one-connection-at-a-time "server" on loopback answering every request
/// with `head` and then `body_len` bytes (chunked when no length is in
/// `head`). Answers its address.
fn impostor(head: &'static str, body_len: usize, chunked: bool) -> String {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let addr = listener.local_addr().unwrap();
    std::thread::spawn(move || {
        for stream in listener.incoming().take(4) {
            let Ok(mut s) = stream else { return };
            let _ = s.set_read_timeout(Some(Duration::from_secs(5)));
            let mut buf = [0u8; 4096];
            let _ = s.read(&mut buf);
            if s.write_all(head.as_bytes()).is_err() {
                continue;
            }
            let chunk = vec![b'x'; 64 * 1024];
            let mut sent = 0;
            while sent < body_len {
                let n = chunk.len().min(body_len - sent);
                let ok = if chunked {
                    s.write_all(format!("{n:x}\r\n").as_bytes()).is_ok()
                        && s.write_all(&chunk[..n]).is_ok()
                        && s.write_all(b"\r\n").is_ok()
                } else {
                    s.write_all(&chunk[..n]).is_ok()
                };
                if !ok {
                    break; // the client hung up: good
                }
                sent += n;
            }
            if chunked {
                let _ = s.write_all(b"0\r\n\r\n");
            }
        }
    });
    format!("http://{addr}")
}

fn client(url: &str, max_answer: usize) -> Client {
    Client::with_options(
        url,
        ClientOptions {
            max_answer,
            request_timeout: Duration::from_secs(20),
            ..ClientOptions::default()
        },
    )
    .unwrap()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn answers_larger_than_the_limit_are_refused_unread() {
    // Declared too large: refused before reading.
    let url = impostor(
        "HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: 999999999999\r\n\r\n",
        256 * 1024,
        false,
    );
    let e = client(&url, 1024 * 1024)
        .call("list_articles", Some("t"), b"{}")
        .await
        .unwrap_err();
    assert_eq!(e.code, ErrorCode::TooLarge, "{e:?}");
    assert!(e.message.contains("回应过大"), "{}", e.message);

    // Streamed without a length, past the limit: cut off.
    let url = impostor(
        "HTTP/1.1 200 OK\r\ncontent-type: application/octet-stream\r\ntransfer-encoding: chunked\r\n\r\n",
        8 * 1024 * 1024,
        true,
    );
    let e = client(&url, 1024 * 1024)
        .call("backup_workspace", Some("t"), b"{}")
        .await
        .unwrap_err();
    assert_eq!(e.code, ErrorCode::TooLarge, "{e:?}");

    // An error answer or a health answer is small: 1 MiB at most.
    let url = impostor(
        "HTTP/1.1 500 Internal Server Error\r\ncontent-type: application/json\r\ntransfer-encoding: chunked\r\n\r\n",
        4 * 1024 * 1024,
        true,
    );
    let e = client(&url, 512 * 1024 * 1024)
        .call("whoami", Some("t"), b"{}")
        .await
        .unwrap_err();
    assert_eq!(e.code, ErrorCode::TooLarge, "{e:?}");
    let e = client(&url, 512 * 1024 * 1024).health().await.unwrap_err();
    assert_eq!(e.code, ErrorCode::TooLarge, "{e:?}");

    // Within the limit an answer is read whole.
    let url = impostor(
        "HTTP/1.1 200 OK\r\ncontent-type: application/octet-stream\r\ncontent-length: 262144\r\n\r\n",
        256 * 1024,
        false,
    );
    match client(&url, 1024 * 1024)
        .call("backup_workspace", Some("t"), b"{}")
        .await
        .unwrap()
    {
        zonepress_api::Reply::Binary(b) => assert_eq!(b.bytes.len(), 256 * 1024),
        zonepress_api::Reply::Json(_) => panic!("not JSON"),
    }
}
