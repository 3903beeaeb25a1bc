//! `zonepress serve --settings FILE`: the office server's settings file.
//!
//! The same `NAME=value` file as `/etc/zonepress/zonepress.conf` on Linux
//! (there read by `packaging/linux/zonepress-serve`); on Windows the
//! server's start-up task runs `zonepress.exe serve --settings
//! %ProgramData%\ZonePress\zonepress.conf` (see `packaging/windows/`). One
//! setting a line, `#` starts a comment line, blanks around names and values
//! and quotes around a value are dropped, a byte-order mark (Notepad) is
//! ignored. A name it does not know, a line that is no `NAME=value`, or
//! contradictory HTTPS settings are refused (`invalid_input`, exit code 2):
//! a typo never starts a server on other settings than the ones written
//! down.

use std::net::SocketAddr;
use std::path::{Path, PathBuf};

use zonepress_api::{ApiError, ErrorCode};

/// What `serve` takes from a settings file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ServeSettings {
    pub workspace: PathBuf,
    pub bind: SocketAddr,
    pub tls: bool,
    pub cert: Option<PathBuf>,
    pub key: Option<PathBuf>,
    pub public_names: Vec<String>,
}

/// Read and check the settings file at `path`.
pub fn read(path: &Path) -> Result<ServeSettings, ApiError> {
    let bytes = std::fs::read(path).map_err(|e| {
        refuse(
            format!("无法读取设置文件 {}：{e}", path.display()),
            format!("cannot read settings file {}: {e}", path.display()),
        )
    })?;
    let text = String::from_utf8(bytes).map_err(|_| {
        refuse(
            format!(
                "设置文件 {} 不是 UTF-8 文本（记事本“另存为”时请选 UTF-8）",
                path.display()
            ),
            format!("settings file {} is not UTF-8", path.display()),
        )
    })?;
    parse(&text, &path.display().to_string())
}

/// Check the settings in `text`; `file` names it in messages.
pub fn parse(text: &str, file: &str) -> Result<ServeSettings, ApiError> {
    let mut workspace = String::new();
    let mut bind = "127.0.0.1:8470".to_string();
    let mut tls = "no".to_string();
    let mut cert = String::new();
    let mut key = String::new();
    let mut public_names = String::new();
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    for (n, line) in text.lines().enumerate() {
        let line = line.trim();
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        let Some((name, value)) = line.split_once('=') else {
            return Err(refuse(
                format!("{file} 第 {} 行不是“名称=值”：{line}", n + 1),
                format!("{file} line {}: not NAME=value", n + 1),
            ));
        };
        let value = unquote(value.trim()).to_string();
        match name.trim() {
            "ZONEPRESS_WORKSPACE" => workspace = value,
            "ZONEPRESS_BIND" => bind = value,
            "ZONEPRESS_TLS" => tls = value,
            "ZONEPRESS_TLS_CERT" => cert = value,
            "ZONEPRESS_TLS_KEY" => key = value,
            "ZONEPRESS_PUBLIC_NAMES" => public_names = value,
            other => {
                return Err(refuse(
                    format!("{file} 第 {} 行：未知的设置 {other}", n + 1),
                    format!("{file} line {}: unknown setting {other}", n + 1),
                ));
            }
        }
    }
    if workspace.is_empty() {
        return Err(refuse(
            format!("{file} 没有设置工作区（ZONEPRESS_WORKSPACE）"),
            format!("{file}: no ZONEPRESS_WORKSPACE"),
        ));
    }
    let bind: SocketAddr = bind.parse().map_err(|_| {
        refuse(
            format!("{file}：ZONEPRESS_BIND 应为地址与端口，例如 0.0.0.0:8470（现为“{bind}”）"),
            format!("{file}: bad ZONEPRESS_BIND {bind:?}"),
        )
    })?;
    let tls = match tls.to_ascii_lowercase().as_str() {
        "yes" | "true" | "on" | "1" => true,
        "no" | "false" | "off" | "0" | "" => false,
        _ => {
            return Err(refuse(
                format!("ZONEPRESS_TLS 只能是 yes 或 no（现为“{tls}”）"),
                format!("{file}: bad ZONEPRESS_TLS {tls:?}"),
            ));
        }
    };
    if !tls && (!cert.is_empty() || !key.is_empty()) {
        return Err(refuse(
            "设置了证书但 ZONEPRESS_TLS=no；要启用 HTTPS 请改为 ZONEPRESS_TLS=yes".into(),
            format!("{file}: certificate without ZONEPRESS_TLS=yes"),
        ));
    }
    if cert.is_empty() != key.is_empty() {
        return Err(refuse(
            "ZONEPRESS_TLS_CERT 与 ZONEPRESS_TLS_KEY 须同时设置".into(),
            format!("{file}: ZONEPRESS_TLS_CERT and ZONEPRESS_TLS_KEY go together"),
        ));
    }
    let path = |s: String| (!s.is_empty()).then(|| PathBuf::from(s));
    Ok(ServeSettings {
        workspace: PathBuf::from(workspace),
        bind,
        tls,
        cert: path(cert),
        key: path(key),
        public_names: public_names.split_whitespace().map(String::from).collect(),
    })
}

/// `"value"` or `'value'` → `value`.
fn unquote(value: &str) -> &str {
    for q in ['"', '\''] {
        if let Some(inner) = value.strip_prefix(q).and_then(|v| v.strip_suffix(q)) {
            return inner;
        }
    }
    value
}

fn refuse(message: String, log: String) -> ApiError {
    ApiError::new(ErrorCode::InvalidInput, message, log)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_shipped_settings_files_are_read_as_written() {
        let linux = parse(
            include_str!("../../../packaging/linux/zonepress.conf"),
            "linux",
        )
        .unwrap();
        assert_eq!(
            linux.workspace,
            PathBuf::from("/var/lib/zonepress/workspace")
        );
        assert_eq!(linux.bind, "127.0.0.1:8470".parse().unwrap());
        // Both packaged servers speak HTTPS by default (a certificate of their own).
        assert!(linux.tls && linux.cert.is_none() && linux.public_names.is_empty());
        let windows = parse(
            include_str!("../../../packaging/windows/zonepress.conf"),
            "windows",
        )
        .unwrap();
        assert_eq!(
            windows.workspace,
            PathBuf::from(r"C:\ProgramData\ZonePress\workspace")
        );
        assert_eq!(windows.bind, linux.bind);
        assert!(windows.tls && windows.cert.is_none());
    }

    #[test]
    fn blanks_quotes_comments_and_a_byte_order_mark_are_dropped() {
        let s = parse(
            "\u{feff}# 注释\r\n\r\n  ZONEPRESS_WORKSPACE = \"D:\\编务 数据\\ws\" \r\n\
             ZONEPRESS_BIND=0.0.0.0:9000\r\nZONEPRESS_TLS=Yes\r\n\
             ZONEPRESS_PUBLIC_NAMES= bianwu.kfq.local  10.0.0.5 \r\n",
            "f",
        )
        .unwrap();
        assert_eq!(s.workspace, PathBuf::from("D:\\编务 数据\\ws"));
        assert_eq!(s.bind, "0.0.0.0:9000".parse().unwrap());
        assert!(s.tls);
        assert_eq!(s.public_names, ["bianwu.kfq.local", "10.0.0.5"]);
    }

    #[test]
    fn a_typo_is_refused_naming_its_line() {
        let e = parse(
            "ZONEPRESS_WORKSPACE=/w\nZONEPRESS_BIN=0.0.0.0:8470\n",
            "z.conf",
        )
        .unwrap_err();
        assert_eq!(e.code, ErrorCode::InvalidInput);
        assert_eq!(e.message, "z.conf 第 2 行：未知的设置 ZONEPRESS_BIN");
        let e = parse("ZONEPRESS_WORKSPACE /w\n", "z.conf").unwrap_err();
        assert!(e.message.contains("第 1 行不是“名称=值”"), "{}", e.message);
        let e = parse("ZONEPRESS_WORKSPACE=/w\nZONEPRESS_BIND=0.0.0.0\n", "z.conf").unwrap_err();
        assert!(
            e.message.contains("ZONEPRESS_BIND 应为地址与端口"),
            "{}",
            e.message
        );
        let e = parse("ZONEPRESS_WORKSPACE=/w\nZONEPRESS_TLS=maybe\n", "z.conf").unwrap_err();
        assert!(
            e.message.contains("只能是 yes 或 no（现为“maybe”）"),
            "{}",
            e.message
        );
        let e = parse("ZONEPRESS_BIND=0.0.0.0:1\n", "z.conf").unwrap_err();
        assert!(e.message.contains("没有设置工作区"), "{}", e.message);
    }

    #[test]
    fn https_settings_must_agree() {
        let base = "ZONEPRESS_WORKSPACE=/w\n";
        let e = parse(
            &format!("{base}ZONEPRESS_TLS_CERT=/c.pem\nZONEPRESS_TLS_KEY=/k.pem\n"),
            "f",
        )
        .unwrap_err();
        assert!(e.message.contains("ZONEPRESS_TLS=no"), "{}", e.message);
        let e = parse(
            &format!("{base}ZONEPRESS_TLS=yes\nZONEPRESS_TLS_CERT=/c.pem\n"),
            "f",
        )
        .unwrap_err();
        assert!(e.message.contains("须同时设置"), "{}", e.message);
        let s = parse(
            &format!(
                "{base}ZONEPRESS_TLS=on\nZONEPRESS_TLS_CERT=/c.pem\nZONEPRESS_TLS_KEY=/k.pem\n"
            ),
            "f",
        )
        .unwrap();
        assert_eq!(
            (s.cert.as_deref(), s.key.as_deref()),
            (Some(Path::new("/c.pem")), Some(Path::new("/k.pem")))
        );
    }
}
