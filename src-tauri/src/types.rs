//! What the desktop-only commands take and answer, and their TypeScript
//! declarations (`ui/src/api/desktop.gen.ts`, generated from these types; a
//! test fails when the file is stale, `ZONEPRESS_UPDATE_TYPES=1` rewrites it).

use serde::{Deserialize, Serialize};
use ts_rs::TS;
use zonepress_api::ApiError;

pub use crate::config::{ModeName, RecentServer};

/// What the login screen needs to know: the mode, the local workspace, the
/// office server, the servers used before.
#[derive(Debug, Clone, Serialize, Deserialize, TS)]
pub struct DesktopStatus {
    pub mode: ModeName,
    /// The folder of the local workspace.
    pub workspace_dir: String,
    /// A workspace database exists in that folder.
    pub workspace_exists: bool,
    /// The open local workspace holds the demo content (演示).
    pub demo: bool,
    /// Why the local workspace could not be opened (used by another
    /// program, damaged).
    #[ts(type = "ApiError | null")]
    pub workspace_error: Option<ApiError>,
    /// The office server, in connected mode.
    pub server: Option<ServerSummary>,
    /// Servers used before, most recent first.
    pub recent_servers: Vec<RecentServer>,
    /// The window's title.
    pub title: String,
}

/// The office server of connected mode.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct ServerSummary {
    pub address: String,
    pub publication: String,
    pub tls: bool,
    /// The pinned certificate fingerprint (HTTPS).
    pub fingerprint: Option<String>,
}

/// How far a server's certificate is trusted.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum Trust {
    /// Plain HTTP: no certificate.
    Plain,
    /// HTTPS, never confirmed: show the fingerprint and ask.
    New,
    /// HTTPS, the certificate confirmed before.
    Trusted,
    /// HTTPS, another certificate than the one confirmed: refuse and warn.
    Changed,
}

/// Who answers at an address, before anyone signs in.
#[derive(Debug, Clone, Serialize, Deserialize, TS)]
pub struct ProbeResult {
    /// The address as it will be used (`http://192.168.1.20:8470`).
    pub address: String,
    /// The publication it serves (刊名).
    pub publication: String,
    /// The server program's version.
    pub version: String,
    pub api_version: u32,
    /// Speaks this app's command set.
    pub compatible: bool,
    pub tls: bool,
    /// The fingerprint of the certificate it showed now (HTTPS).
    pub fingerprint: Option<String>,
    /// The fingerprint confirmed for this address before.
    pub pinned: Option<String>,
    pub trust: Trust,
}

/// 新建工作区: the first admin of a new workspace on this computer.
#[derive(Debug, Clone, Serialize, Deserialize, TS)]
pub struct CreateWorkspaceInput {
    pub username: String,
    pub display_name: String,
    pub password: String,
}

/// 局域网共享 on this computer.
#[derive(Debug, Clone, Serialize, Deserialize, TS)]
pub struct SharingStatus {
    /// Sharing can be set here (a local workspace is open).
    pub available: bool,
    /// Serving the LAN now.
    pub enabled: bool,
    /// The admin wants sharing on (it resumes at the next start).
    pub wanted: bool,
    pub port: u16,
    pub https: bool,
    /// The addresses colleagues use.
    pub addresses: Vec<String>,
    /// The certificate's fingerprint, when serving HTTPS.
    pub fingerprint: Option<String>,
    /// Why sharing is off although wanted (refused at start).
    #[ts(type = "ApiError | null")]
    pub error: Option<ApiError>,
}

/// The whole generated file.
#[cfg(test)]
pub fn definitions() -> String {
    let cfg = ts_rs::Config::new().with_large_int("number");
    let decls = [
        ModeName::decl(&cfg),
        RecentServer::decl(&cfg),
        DesktopStatus::decl(&cfg),
        ServerSummary::decl(&cfg),
        Trust::decl(&cfg),
        ProbeResult::decl(&cfg),
        CreateWorkspaceInput::decl(&cfg),
        SharingStatus::decl(&cfg),
    ];
    let mut out = String::from(
        "// Generated from the Rust types by zonepress-desktop (src-tauri/src/types.rs). Do not edit.\n\
         // Regenerate: ZONEPRESS_UPDATE_TYPES=1 cargo test -p zonepress-desktop types\n\n\
         import type { ApiError } from './types.gen';\n\n",
    );
    for decl in decls {
        out.push_str("export ");
        out.push_str(decl.trim_end());
        if !decl.trim_end().ends_with(';') {
            out.push(';');
        }
        out.push_str("\n\n");
    }
    out.truncate(out.trim_end().len());
    out.push('\n');
    out
}

#[cfg(test)]
mod tests {
    #[test]
    fn typescript_declarations_are_current() {
        let path =
            std::path::PathBuf::from(std::env::var_os("CARGO_MANIFEST_DIR").expect("run by cargo"))
                .join("../ui/src/api/desktop.gen.ts");
        let fresh = super::definitions();
        if std::env::var_os("ZONEPRESS_UPDATE_TYPES").is_some() {
            std::fs::write(&path, &fresh).unwrap();
            return;
        }
        let current = std::fs::read_to_string(&path).unwrap_or_default();
        assert!(
            current == fresh,
            "{} is stale: run ZONEPRESS_UPDATE_TYPES=1 cargo test -p zonepress-desktop types",
            path.display()
        );
    }
}
