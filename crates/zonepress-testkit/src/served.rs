//! A real `zonepress serve` on a temp workspace, started on loopback and
//! stopped when dropped; with the `http` feature, the desktop's client
//! (`zonepress_http::client`) from 127.0.0.x addresses.

use std::io::{BufRead, BufReader};
use std::net::TcpListener;
use std::path::Path;
use std::process::{Child, Stdio};
use std::sync::mpsc;
use std::time::{Duration, Instant};

use crate::runner;

/// A port nobody listens on now, below the kernel's ephemeral range
/// (32768–60999 on Linux). A port the kernel hands out for `:0` may be
/// handed out again as the local port of some test's client connection
/// before the server binds it, and the server then fails to start; ports
/// chosen here are never used that way.
pub fn free_port() -> u16 {
    use std::sync::atomic::{AtomicU32, Ordering};
    static NEXT: AtomicU32 = AtomicU32::new(0);
    let seed = std::process::id()
        ^ std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |d| d.subsec_nanos());
    for _ in 0..200 {
        let n = NEXT.fetch_add(1, Ordering::Relaxed);
        // Spread over 20000–31999 by process and call.
        let port = 20_000 + (seed.wrapping_add(n.wrapping_mul(7919)) % 12_000) as u16;
        if TcpListener::bind(("0.0.0.0", port)).is_ok() {
            return port;
        }
    }
    TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

/// A running `zonepress serve`; killed when dropped.
pub struct Server {
    pub child: Child,
    pub port: u16,
    /// What it printed on standard output, line by line.
    lines: mpsc::Receiver<String>,
    pub printed: Vec<String>,
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

impl Server {
    /// Start `zonepress serve --bind 127.0.0.1:<port> <extra>` and wait
    /// until it accepts connections and has printed its start lines.
    pub fn start(ws: &Path, extra: &[&str]) -> Server {
        Server::start_on(ws, free_port(), extra)
    }

    pub fn start_on(ws: &Path, port: u16, extra: &[&str]) -> Server {
        Server::start_bound(ws, &format!("127.0.0.1:{port}"), port, extra)
    }

    /// Bind `bind` (e.g. `0.0.0.0:<port>`); traffic goes to 127.0.0.1:`port`.
    pub fn start_bound(ws: &Path, bind: &str, port: u16, extra: &[&str]) -> Server {
        let mut child = runner::command(ws)
            .args(["serve", "--bind", bind])
            .args(extra)
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        let stdout = child.stdout.take().unwrap();
        let (tx, lines) = mpsc::channel();
        std::thread::spawn(move || {
            for line in BufReader::new(stdout).lines().map_while(Result::ok) {
                if tx.send(line).is_err() {
                    break;
                }
            }
        });
        let mut server = Server {
            child,
            port,
            lines,
            printed: Vec::new(),
        };
        let start = Instant::now();
        while !server.printed.iter().any(|l| l.contains("已启动")) {
            if let Ok(line) = server.lines.recv_timeout(Duration::from_millis(100)) {
                server.printed.push(line);
            }
            if let Ok(Some(status)) = server.child.try_wait() {
                panic!("zonepress serve exited with {status}");
            }
            assert!(
                start.elapsed() < Duration::from_secs(30),
                "server did not start"
            );
        }
        // The fingerprint lines follow the first one.
        while let Ok(line) = server.lines.recv_timeout(Duration::from_millis(300)) {
            server.printed.push(line);
        }
        server
    }

    /// The SHA-256 fingerprint it printed.
    pub fn fingerprint(&self) -> String {
        self.printed
            .iter()
            .find_map(|l| l.strip_prefix("证书指纹（SHA-256）："))
            .expect("no fingerprint printed")
            .trim()
            .to_string()
    }

    pub fn url(&self, tls: bool) -> String {
        format!(
            "{}://127.0.0.1:{}",
            if tls { "https" } else { "http" },
            self.port
        )
    }

    /// The server's resident memory: (VmRSS, VmHWM) in KiB.
    pub fn memory_kib(&self) -> (u64, u64) {
        let status = std::fs::read_to_string(format!("/proc/{}/status", self.child.id())).unwrap();
        let field = |name: &str| {
            status
                .lines()
                .find_map(|l| l.strip_prefix(name))
                .and_then(|v| v.split_whitespace().next())
                .and_then(|v| v.parse::<u64>().ok())
                .unwrap()
        };
        (field("VmRSS:"), field("VmHWM:"))
    }
}

#[cfg(feature = "http")]
pub use client::*;

#[cfg(feature = "http")]
mod client {
    use std::net::IpAddr;

    use serde_json::{Value, json};
    use zonepress_api::Reply;
    use zonepress_http::client::{Client, ClientOptions};

    /// The desktop's client from `local` (127.0.0.x).
    pub fn client_from(url: &str, local: &str, pinned: Option<&str>) -> Client {
        Client::with_options(
            url,
            ClientOptions {
                pinned_fingerprint: pinned.map(str::to_string),
                local_address: Some(local.parse::<IpAddr>().unwrap()),
                ..ClientOptions::default()
            },
        )
        .unwrap()
    }

    /// A command's JSON answer, or its error.
    pub async fn call(
        client: &Client,
        command: &str,
        token: Option<&str>,
        body: Value,
    ) -> Result<Value, zonepress_api::ApiError> {
        match client
            .call(command, token, body.to_string().as_bytes())
            .await?
        {
            Reply::Json(v) => Ok(v),
            Reply::Binary(b) => panic!("{command} answered a file {}", b.content_type),
        }
    }

    pub async fn login(client: &Client, username: &str, password: &str) -> String {
        let out = call(
            client,
            "login",
            None,
            json!({ "username": username, "password": password }),
        )
        .await
        .unwrap_or_else(|e| panic!("login {username}: {e:?}"));
        out["token"].as_str().unwrap().to_string()
    }

    /// After a hostile request: the server process lives, answers its
    /// health route, and a colleague's ordinary command still answers
    /// within a second with the demo's articles.
    pub async fn still_serves(server: &mut super::Server, colleague: &Client, token: &str) {
        assert!(
            server.child.try_wait().unwrap().is_none(),
            "the server died"
        );
        let port = server.port;
        let health = crate::raw::raw(
            port,
            &format!(
                "GET /api/health HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nConnection: close\r\n\r\n"
            ),
            b"",
        );
        assert!(
            health.status == 200 && health.json()["ok"] == true,
            "the server no longer answers /api/health"
        );
        let started = std::time::Instant::now();
        let list = call(colleague, "list_articles", Some(token), json!({}))
            .await
            .expect("list_articles after the hostile request");
        assert!(list.as_array().is_some_and(|a| a.len() > 10), "{list}");
        assert!(
            started.elapsed() < std::time::Duration::from_secs(1),
            "{:?}",
            started.elapsed()
        );
    }
}
