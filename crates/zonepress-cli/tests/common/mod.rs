//! A real `zonepress serve` on a temp workspace, raw HTTP on loopback, and
//! the desktop's client (`zonepress_http::client`) from 127.0.0.x addresses.

#![allow(dead_code)]

use std::io::{BufRead, BufReader, Read, Write};
use std::net::{IpAddr, TcpListener, TcpStream};
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::sync::mpsc;
use std::time::{Duration, Instant};

use serde_json::{Value, json};
use zonepress_api::Reply;
use zonepress_http::client::{Client, ClientOptions};

pub const BIN: &str = env!("CARGO_BIN_EXE_zonepress");
pub const DEMO_PASSWORD: &str = "zonepress";
pub const ADMIN_PASSWORD: &str = "Qinghe-Office-2026";

pub fn zonepress(ws: &Path, args: &[&str]) -> std::process::Output {
    Command::new(BIN)
        .arg("--workspace")
        .arg(ws)
        .args(args)
        .output()
        .unwrap()
}

/// `zonepress` with `input` on its standard input (`--password-stdin`).
pub fn zonepress_with_input(ws: &Path, args: &[&str], input: &str) -> std::process::Output {
    let mut child = Command::new(BIN)
        .arg("--workspace")
        .arg(ws)
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    child
        .stdin
        .take()
        .unwrap()
        .write_all(input.as_bytes())
        .unwrap();
    child.wait_with_output().unwrap()
}

pub fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

/// `zonepress init --demo`: demo accounts, password `zonepress`.
pub fn demo_workspace() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let out = zonepress(dir.path(), &["init", "--demo"]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    dir
}

/// `zonepress init --admin boss`: one admin who chose their own password.
pub fn own_admin_workspace() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let mut child = Command::new(BIN)
        .arg("--workspace")
        .arg(dir.path())
        .args([
            "init",
            "--admin",
            "boss",
            "--name",
            "赵磊",
            "--password-stdin",
        ])
        .stdin(Stdio::piped())
        .stdout(Stdio::null())
        .spawn()
        .unwrap();
    child
        .stdin
        .take()
        .unwrap()
        .write_all(format!("{ADMIN_PASSWORD}\n").as_bytes())
        .unwrap();
    assert!(child.wait().unwrap().success());
    dir
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
        let mut child = Command::new(BIN)
            .arg("--workspace")
            .arg(ws)
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

/// A raw HTTP/1.1 answer.
#[derive(Debug)]
pub struct Answer {
    pub status: u16,
    /// Header names in lower case.
    pub headers: Vec<(String, String)>,
    pub body: Vec<u8>,
}

impl Answer {
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.as_str())
    }

    pub fn json(&self) -> Value {
        serde_json::from_slice(&self.body).unwrap_or(Value::Null)
    }

    pub fn code(&self) -> String {
        self.json()["code"].as_str().unwrap_or("").to_string()
    }
}

/// Send `head` (everything up to and including the blank line) and
/// `body` as given, then read one answer. The answer is complete when its
/// `Content-Length` has arrived, so a server that closes right after (or
/// resets an unread upload) still gives it.
pub fn raw(port: u16, head: &str, body: &[u8]) -> Answer {
    let mut s = TcpStream::connect(("127.0.0.1", port)).unwrap();
    s.set_read_timeout(Some(Duration::from_secs(20))).unwrap();
    s.write_all(head.as_bytes()).unwrap();
    let _ = s.write_all(body);
    read_answer(&mut s).expect("no answer")
}

pub fn read_answer(s: &mut TcpStream) -> Option<Answer> {
    let mut raw = Vec::new();
    let mut buf = [0u8; 8192];
    loop {
        if let Some(answer) = parse_answer(&raw) {
            return Some(answer);
        }
        match s.read(&mut buf) {
            Ok(0) | Err(_) => return parse_answer(&raw),
            Ok(n) => raw.extend_from_slice(&buf[..n]),
        }
    }
}

fn parse_answer(raw: &[u8]) -> Option<Answer> {
    let split = raw.windows(4).position(|w| w == b"\r\n\r\n")?;
    let head = String::from_utf8_lossy(&raw[..split]).to_string();
    let mut lines = head.split("\r\n");
    let status: u16 = lines.next()?.split(' ').nth(1)?.parse().ok()?;
    let headers: Vec<(String, String)> = lines
        .filter_map(|l| l.split_once(':'))
        .map(|(n, v)| (n.trim().to_ascii_lowercase(), v.trim().to_string()))
        .collect();
    let length: usize = headers
        .iter()
        .find(|(n, _)| n == "content-length")
        .and_then(|(_, v)| v.parse().ok())?;
    let body = &raw[split + 4..];
    (body.len() >= length).then(|| Answer {
        status,
        headers,
        body: body[..length].to_vec(),
    })
}

/// A JSON POST with a correct `Host` and nothing unusual.
pub fn post_head(port: u16, command: &str, token: Option<&str>, length: usize) -> String {
    let auth = token
        .map(|t| format!("Authorization: Bearer {t}\r\n"))
        .unwrap_or_default();
    format!(
        "POST /api/{command} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nContent-Type: application/json\r\n{auth}Content-Length: {length}\r\nConnection: close\r\n\r\n"
    )
}
