//! The desktop's own settings, in a small JSON file in the platform config
//! folder (`~/.config/cn.zonepress.desktop/desktop.json` on Linux): how the
//! app opens next time (the local workspace or an office server), the
//! office servers used before with the certificate fingerprints their users
//! confirmed, and 局域网共享 (on or off, port, HTTPS) so that sharing resumes
//! at the next start.
//!
//! A missing file means defaults. A damaged one is kept beside as
//! `desktop.json.bad` and replaced by defaults: the app always starts. The
//! file is written whole to a temporary name and renamed, so a crash never
//! leaves half a file.

use std::path::{Path, PathBuf};
use std::sync::Mutex;

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use ts_rs::TS;
use zonepress_api::ApiError;

/// The file's name in the config folder.
pub const FILE_NAME: &str = "desktop.json";
/// How many office servers are remembered.
pub const MAX_RECENT: usize = 8;
/// The port 局域网共享 offers first (as `zonepress serve`).
pub const DEFAULT_PORT: u16 = 8470;

/// How the app works: on a workspace on this computer, or connected to an
/// office server. `none`: no workspace is open (first launch, or it could
/// not be opened).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum ModeName {
    None,
    Local,
    Remote,
}

/// An office server used before.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct RecentServer {
    /// `http://192.168.1.20:8470` (as the client normalises it).
    pub address: String,
    /// The publication it served last time (刊名).
    pub publication: String,
    /// The certificate fingerprint the user confirmed (HTTPS only).
    #[serde(default)]
    pub fingerprint: Option<String>,
    pub last_used: DateTime<Utc>,
}

/// 局域网共享 as the admin last set it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(default)]
pub struct SharingSettings {
    /// Share at start (resumed; refused with the reason when accounts are unsafe).
    pub enabled: bool,
    pub port: u16,
    /// Serve HTTPS with the certificate kept in the workspace (the
    /// default: passwords and articles never cross the LAN in clear unless
    /// the admin turns it off).
    pub https: bool,
}

impl Default for SharingSettings {
    fn default() -> Self {
        SharingSettings {
            enabled: false,
            port: DEFAULT_PORT,
            https: true,
        }
    }
}

/// Everything in `desktop.json`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct Settings {
    /// The mode of the last session (`local` or `remote`).
    pub mode: Option<ModeName>,
    /// The server of connected mode.
    pub server: Option<String>,
    /// Servers used before, most recent first.
    pub servers: Vec<RecentServer>,
    pub sharing: SharingSettings,
}

impl Settings {
    /// The remembered entry of a (normalised) address.
    pub fn recent(&self, address: &str) -> Option<&RecentServer> {
        self.servers.iter().find(|s| s.address == address)
    }

    /// Put a server first in the list (replacing its old entry), keeping at
    /// most [`MAX_RECENT`].
    pub fn remember(&mut self, server: RecentServer) {
        self.servers.retain(|s| s.address != server.address);
        self.servers.insert(0, server);
        self.servers.truncate(MAX_RECENT);
    }

    /// Drop a server and its confirmed fingerprint.
    pub fn forget(&mut self, address: &str) {
        self.servers.retain(|s| s.address != address);
        if self.server.as_deref() == Some(address) {
            self.server = None;
            if self.mode == Some(ModeName::Remote) {
                self.mode = None;
            }
        }
    }
}

/// The settings file and its contents in memory.
#[derive(Debug)]
pub struct ConfigFile {
    path: PathBuf,
    settings: Mutex<Settings>,
}

impl ConfigFile {
    /// Read `path`; defaults when it is missing or unreadable.
    pub fn load(path: impl Into<PathBuf>) -> ConfigFile {
        let path = path.into();
        let settings = match std::fs::read(&path) {
            Ok(bytes) => match serde_json::from_slice::<Settings>(&bytes) {
                Ok(s) => s,
                Err(e) => {
                    tracing::warn!(
                        "{} unreadable ({e}); starting with defaults",
                        path.display()
                    );
                    let _ = std::fs::rename(&path, path.with_extension("json.bad"));
                    Settings::default()
                }
            },
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Settings::default(),
            Err(e) => {
                tracing::warn!("cannot read {}: {e}", path.display());
                Settings::default()
            }
        };
        ConfigFile {
            path,
            settings: Mutex::new(settings),
        }
    }

    /// A copy of the settings.
    pub fn get(&self) -> Settings {
        self.settings
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .clone()
    }

    /// Change the settings and write the file. The change stays in memory
    /// even when the file cannot be written (the error says why).
    pub fn update(&self, change: impl FnOnce(&mut Settings)) -> Result<(), ApiError> {
        let snapshot = {
            let mut s = self.settings.lock().unwrap_or_else(|p| p.into_inner());
            change(&mut s);
            s.clone()
        };
        write_atomically(&self.path, &snapshot)
    }
}

fn write_atomically(path: &Path, settings: &Settings) -> Result<(), ApiError> {
    let failed = |e: std::io::Error| {
        ApiError::new(
            zonepress_api::ErrorCode::Internal,
            format!("无法保存桌面程序的设置（{}）：{e}", path.display()),
            format!("write {}: {e}", path.display()),
        )
    };
    if let Some(dir) = path.parent() {
        std::fs::create_dir_all(dir).map_err(failed)?;
    }
    let json = serde_json::to_vec_pretty(settings).map_err(ApiError::internal)?;
    let tmp = path.with_extension("json.tmp");
    std::fs::write(&tmp, json).map_err(failed)?;
    std::fs::rename(&tmp, path).map_err(failed)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn server(address: &str, minutes: i64) -> RecentServer {
        RecentServer {
            address: address.into(),
            publication: "青禾开发区报".into(),
            fingerprint: None,
            last_used: Utc::now() - chrono::Duration::minutes(minutes),
        }
    }

    #[test]
    fn settings_survive_a_restart() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("sub/desktop.json");
        let file = ConfigFile::load(&path);
        assert_eq!(file.get(), Settings::default());
        assert_eq!(file.get().sharing.port, DEFAULT_PORT);
        file.update(|s| {
            s.mode = Some(ModeName::Remote);
            s.server = Some("https://pc.lan:8470".into());
            s.remember(RecentServer {
                fingerprint: Some("AB:CD".into()),
                ..server("https://pc.lan:8470", 0)
            });
            s.sharing = SharingSettings {
                enabled: true,
                port: 9000,
                https: true,
            };
        })
        .unwrap();
        let again = ConfigFile::load(&path);
        assert_eq!(again.get(), file.get());
        assert_eq!(
            again
                .get()
                .recent("https://pc.lan:8470")
                .unwrap()
                .fingerprint,
            Some("AB:CD".into())
        );
        assert!(!path.with_extension("json.tmp").exists());
    }

    #[test]
    fn recent_servers_are_most_recent_first_without_duplicates() {
        let mut s = Settings::default();
        for i in 0..10 {
            s.remember(server(&format!("http://10.0.0.{i}:8470"), 100 - i));
        }
        assert_eq!(s.servers.len(), MAX_RECENT);
        assert_eq!(s.servers[0].address, "http://10.0.0.9:8470");
        s.remember(server("http://10.0.0.5:8470", 0));
        assert_eq!(s.servers[0].address, "http://10.0.0.5:8470");
        assert_eq!(
            s.servers
                .iter()
                .filter(|r| r.address == "http://10.0.0.5:8470")
                .count(),
            1
        );
        s.mode = Some(ModeName::Remote);
        s.server = Some("http://10.0.0.5:8470".into());
        s.forget("http://10.0.0.5:8470");
        assert!(s.recent("http://10.0.0.5:8470").is_none());
        assert_eq!((s.mode, s.server), (None, None));
    }

    #[test]
    fn a_damaged_file_is_kept_aside_and_defaults_used() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("desktop.json");
        std::fs::write(&path, b"{\"mode\": \"loc").unwrap();
        let file = ConfigFile::load(&path);
        assert_eq!(file.get(), Settings::default());
        assert!(dir.path().join("desktop.json.bad").exists());
        // Unknown fields (a newer version's) and missing ones are fine.
        std::fs::write(
            &path,
            br#"{"mode":"local","future":1,"sharing":{"enabled":true}}"#,
        )
        .unwrap();
        let file = ConfigFile::load(&path);
        assert_eq!(file.get().mode, Some(ModeName::Local));
        assert_eq!(
            file.get().sharing,
            SharingSettings {
                enabled: true,
                port: DEFAULT_PORT,
                https: true
            }
        );
    }
}
