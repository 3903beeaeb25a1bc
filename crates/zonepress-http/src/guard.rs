//! What every request must pass before it reaches a command, and what every
//! response carries: the `Host` names this machine (no DNS rebinding), the
//! `Origin` is the server's own (no cross-site requests), security headers,
//! and error messages without paths or internals.

use std::net::IpAddr;
use std::sync::Mutex;
use std::time::{Duration, Instant};

use axum::http::{HeaderMap, HeaderName, HeaderValue, header};
use zonepress_api::{ApiError, ErrorCode};

use crate::net;

/// The names and addresses a `Host` header may give.
#[derive(Debug)]
pub(crate) struct HostPolicy {
    bind: IpAddr,
    names: Vec<String>,
    public_ips: Vec<IpAddr>,
    /// The machine's addresses and when they were read: addresses change
    /// (DHCP, another network), so an unknown one is looked up again, at
    /// most once a second.
    machine: Mutex<(Instant, Vec<IpAddr>)>,
}

fn canonical_ips() -> Vec<IpAddr> {
    net::interface_ips()
        .into_iter()
        .map(|ip| ip.to_canonical())
        .collect()
}

impl HostPolicy {
    /// `localhost`, the machine's host name (and `NAME.local`), the bound
    /// address, every address of the machine, and the `--public-name`s.
    pub(crate) fn new(bind: IpAddr, public_names: &[String]) -> HostPolicy {
        let mut names = vec!["localhost".to_string()];
        if let Some(host) = net::host_name() {
            names.push(format!("{host}.local"));
            names.push(host);
        }
        let mut public_ips = Vec::new();
        for given in public_names {
            let Some((host, _)) = net::split_authority(given) else {
                continue;
            };
            match host.parse::<IpAddr>() {
                Ok(ip) => public_ips.push(ip),
                Err(_) => names.push(host),
            }
        }
        names.sort();
        names.dedup();
        HostPolicy {
            bind,
            names,
            public_ips,
            machine: Mutex::new((Instant::now(), canonical_ips())),
        }
    }

    fn is_machine_address(&self, ip: IpAddr) -> bool {
        let mut machine = self.machine.lock().unwrap_or_else(|p| p.into_inner());
        if machine.1.contains(&ip) {
            return true;
        }
        if machine.0.elapsed() >= Duration::from_secs(1) {
            *machine = (Instant::now(), canonical_ips());
        }
        machine.1.contains(&ip)
    }

    /// Does `host` (a `Host` header) name this server?
    pub(crate) fn allows(&self, host: &str) -> bool {
        let Some((host, _)) = net::split_authority(host) else {
            return false;
        };
        match host.parse::<IpAddr>() {
            Ok(ip) => {
                let ip = ip.to_canonical();
                ip.is_loopback()
                    || ip == self.bind.to_canonical()
                    || self.public_ips.contains(&ip)
                    || self.is_machine_address(ip)
            }
            Err(_) => self.names.contains(&host),
        }
    }
}

fn default_port(scheme: &str) -> u16 {
    if scheme == "https" { 443 } else { 80 }
}

/// Is `origin` (an `Origin` header) this server's own origin, as the
/// client reached it (`scheme://` + the `Host` header)?
pub(crate) fn same_origin(origin: &str, scheme: &str, host: &str) -> bool {
    let Some((origin_scheme, authority)) = origin.trim().split_once("://") else {
        return false;
    };
    if !origin_scheme.eq_ignore_ascii_case(scheme) {
        return false;
    }
    let (Some((oh, op)), Some((hh, hp))) =
        (net::split_authority(authority), net::split_authority(host))
    else {
        return false;
    };
    oh == hh && op.unwrap_or(default_port(scheme)) == hp.unwrap_or(default_port(scheme))
}

/// Does the request carry a body (a length above zero, or chunks)?
pub(crate) fn has_body(headers: &HeaderMap) -> bool {
    headers.contains_key(header::TRANSFER_ENCODING) || content_length(headers).unwrap_or(0) > 0
}

pub(crate) fn content_length(headers: &HeaderMap) -> Option<u64> {
    headers
        .get(header::CONTENT_LENGTH)?
        .to_str()
        .ok()?
        .trim()
        .parse()
        .ok()
}

/// `application/json`, with or without parameters (`; charset=utf-8`).
pub(crate) fn is_json(headers: &HeaderMap) -> bool {
    headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.split(';').next())
        .is_some_and(|m| m.trim().eq_ignore_ascii_case("application/json"))
}

/// The page may run only its own scripts; Ant Design sets inline styles;
/// previews and PDFs are shown from blob URLs; nobody may frame the UI.
pub(crate) const CONTENT_SECURITY_POLICY: &str = "default-src 'self'; script-src 'self'; \
     style-src 'self' 'unsafe-inline'; img-src 'self' data: blob:; font-src 'self' data:; \
     connect-src 'self'; frame-src 'self' blob:; object-src 'self' blob:; worker-src 'self' blob:; \
     base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

/// Set on every response.
pub(crate) fn security_headers(headers: &mut HeaderMap) {
    let set: [(HeaderName, &'static str); 4] = [
        (header::CONTENT_SECURITY_POLICY, CONTENT_SECURITY_POLICY),
        (header::X_FRAME_OPTIONS, "DENY"),
        (header::X_CONTENT_TYPE_OPTIONS, "nosniff"),
        (header::REFERRER_POLICY, "no-referrer"),
    ];
    for (name, value) in set {
        headers.insert(name, HeaderValue::from_static(value));
    }
}

/// The message clients get for internal errors; the log keeps the detail.
const INTERNAL_MESSAGE: &str =
    "系统内部错误，操作未完成，已保存的内容不受影响。详细原因已记入服务器日志";
const CORRUPT_MESSAGE: &str =
    "工作区数据库无法读取（已损坏或来自更新版本的园区编务），请联系管理员检查服务器";

/// An error as a client may see it: internal errors get a generic message
/// (and no detail); other messages lose anything that looks like a file path,
/// SQL or template internals.
pub(crate) fn for_client(e: ApiError) -> ApiError {
    match e.code {
        ErrorCode::Internal => ApiError::new(ErrorCode::Internal, INTERNAL_MESSAGE, e.log),
        ErrorCode::Corrupt => ApiError::new(ErrorCode::Corrupt, CORRUPT_MESSAGE, e.log),
        _ => {
            let message = if looks_internal(&e.message) {
                tracing::warn!(code = ?e.code, "error message withheld from the client: {}", e.message);
                "操作未完成（详细原因已记入服务器日志）".to_string()
            } else {
                redact_paths(&e.message)
            };
            ApiError {
                message,
                detail: e.detail.map(redact_json),
                ..e
            }
        }
    }
}

/// SQL or template text that slipped into a message.
fn looks_internal(message: &str) -> bool {
    let lower = message.to_ascii_lowercase();
    [
        "sqlite",
        "insert into",
        "delete from",
        "constraint failed",
        "no such table",
        "typst",
        ".typ",
        "#let ",
        "#set ",
        "panicked",
    ]
    .iter()
    .any(|needle| lower.contains(needle))
}

/// Replace absolute paths (`/srv/zonepress/x.db`, `C:\\Users\\…`, `~/…`) by `…`.
pub(crate) fn redact_paths(text: &str) -> String {
    let chars: Vec<char> = text.chars().collect();
    let mut out = String::with_capacity(text.len());
    let mut i = 0;
    while i < chars.len() {
        // A path starts after a space, punctuation or Chinese text, not
        // inside a word or a fraction (`A3/A4`, `2026/11`).
        let inside_word =
            i > 0 && (chars[i - 1].is_ascii_alphanumeric() || "._-/\\:".contains(chars[i - 1]));
        if !inside_word && may_start_path(&chars[i..]) {
            let end = (i..chars.len())
                .find(|&j| ends_path(chars[j]))
                .unwrap_or(chars.len());
            let candidate: String = chars[i..end].iter().collect();
            let kept = candidate.trim_end_matches(['.', ',', ':', ';']);
            if is_path(kept) {
                out.push('…');
                out.push_str(&candidate[kept.len()..]);
                i = end;
                continue;
            }
        }
        out.push(chars[i]);
        i += 1;
    }
    out
}

fn may_start_path(rest: &[char]) -> bool {
    match rest {
        ['/', ..] | ['~', '/', ..] | ['.', '/', ..] | ['\\', '\\', ..] => true,
        [d, ':', '\\' | '/', ..] => d.is_ascii_alphabetic(),
        _ => false,
    }
}

/// Where a path in a message ends: spaces, quotes, brackets, Chinese punctuation.
fn ends_path(c: char) -> bool {
    c.is_whitespace() || "\"'“”‘’（）()《》<>，。；：、！？".contains(c)
}

fn is_path(t: &str) -> bool {
    let unix = (t.starts_with('/') || t.starts_with("~/") || t.starts_with("./"))
        && t.trim_start_matches(['~', '.']).matches('/').count() >= 2;
    let b = t.as_bytes();
    let windows = b.len() > 3
        && b[0].is_ascii_alphabetic()
        && b[1] == b':'
        && (b[2] == b'\\' || b[2] == b'/');
    let unc = t.starts_with("\\\\");
    unix || windows || unc
}

fn redact_json(v: serde_json::Value) -> serde_json::Value {
    use serde_json::Value;
    match v {
        Value::String(s) => Value::String(redact_paths(&s)),
        Value::Array(a) => Value::Array(a.into_iter().map(redact_json).collect()),
        Value::Object(o) => {
            Value::Object(o.into_iter().map(|(k, v)| (k, redact_json(v))).collect())
        }
        other => other,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hosts_must_name_this_machine() {
        let p = HostPolicy::new(
            "0.0.0.0".parse().unwrap(),
            &["zonepress.office.lan".into(), "10.9.8.7".into()],
        );
        assert!(p.allows("localhost:8470"));
        assert!(p.allows("LOCALHOST"));
        assert!(p.allows("127.0.0.1:8470"));
        assert!(p.allows("127.0.0.2"));
        assert!(p.allows("[::1]:8470"));
        assert!(p.allows("zonepress.office.lan:8470"));
        assert!(p.allows("10.9.8.7:8470"));
        assert!(!p.allows("evil.example:8470"));
        assert!(!p.allows("8.8.8.8"));
        assert!(!p.allows(""));
        assert!(!p.allows("localhost.evil.example"));
        if let Some(name) = net::host_name() {
            assert!(p.allows(&format!("{name}:8470")));
        }
    }

    #[test]
    fn only_the_servers_own_origin_is_same_origin() {
        assert!(same_origin(
            "http://127.0.0.1:8470",
            "http",
            "127.0.0.1:8470"
        ));
        assert!(same_origin("https://pc.lan", "https", "pc.lan:443"));
        assert!(!same_origin(
            "https://127.0.0.1:8470",
            "http",
            "127.0.0.1:8470"
        ));
        assert!(!same_origin(
            "http://127.0.0.1:8471",
            "http",
            "127.0.0.1:8470"
        ));
        assert!(!same_origin(
            "http://evil.example",
            "http",
            "127.0.0.1:8470"
        ));
        assert!(!same_origin("null", "http", "127.0.0.1:8470"));
    }

    #[test]
    fn clients_never_see_paths_or_internals() {
        let e = ApiError::new(
            ErrorCode::Internal,
            "无法创建工作区文件夹 /srv/zonepress/ws：权限不足",
            "mkdir",
        );
        let shown = for_client(e);
        assert!(!shown.message.contains("/srv"));
        assert_eq!(shown.log, "mkdir");

        let e = ApiError::new(
            ErrorCode::NotFound,
            "找不到文件 /home/lin/稿件/第1稿.docx，请重试",
            "x",
        )
        .with_detail(serde_json::json!({ "file": "C:\\Users\\lin\\a.docx", "n": 1 }));
        let shown = for_client(e);
        assert_eq!(shown.message, "找不到文件 …，请重试");
        assert_eq!(shown.detail.unwrap()["file"], "…");

        let e = ApiError::invalid("UNIQUE constraint failed: users.username", "x");
        assert!(!for_client(e).message.contains("users"));

        let plain = "稿件已被他人修改（您基于第2稿，当前已是第3稿），A3/A4 版面，2026/11/30";
        assert_eq!(redact_paths(plain), plain);
        assert_eq!(redact_paths("工作区/srv/ws/x.db 已锁定"), "工作区… 已锁定");
        assert_eq!(redact_paths("见 C:\\ZonePress\\工作区\\a.db。"), "见 …。");
        assert_eq!(redact_paths("(/tmp/a/b.pdf)"), "(…)");
    }
}
