//! The desktop's modes and the routing of every command.
//!
//! The app works either on a workspace on this computer (本机工作区) or
//! connected to an office server (连接办公室服务器). The UI does not know
//! which: it calls the same commands, and [`Desktop::call`] sends each to
//! the local [`Context`] (through `zonepress_api::call`, as the HTTP server
//! does) or to the server through the pinning [`Client`]. Errors come back
//! as the API's errors in both modes (`network`, `unauthorized`,
//! `untrusted_certificate`, …), so the UI's recovery works the same.
//!
//! Only this module changes modes. The local workspace is opened only when
//! it exists (a first launch offers 新建工作区 and 打开演示工作区), in the
//! background so that the window paints at once; commands wait for it.
//! While the local workspace is open this process holds its lock, and with
//! 局域网共享 on it also serves it to the LAN (see [`crate::sharing`]).

use std::collections::HashSet;
use std::net::{IpAddr, Ipv4Addr};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

use serde_json::json;
use tokio::sync::watch;
use zonepress_api::auth::{CreateUserInput, Role};
use zonepress_api::workspace::{DB_FILE, NewWorkspace};
use zonepress_api::{ApiError, Context, ErrorCode, Reply, WorkspaceLock};
use zonepress_http::client::Client;
use zonepress_http::{ServerHandle, UiLookup, fingerprint_matches};

use crate::config::{ConfigFile, ModeName, RecentServer};
use crate::live::{self, Forwarding, Sink};
use crate::types::{CreateWorkspaceInput, DesktopStatus, ProbeResult, ServerSummary, Trust};

/// How the lock file names this program.
pub const LOCK_HOLDER: &str = "园区编务桌面版";
/// The window title without a mode.
pub const APP_TITLE: &str = "园区编务 ZonePress";

/// Where the desktop keeps things.
#[derive(Debug, Clone)]
pub struct Paths {
    /// The local workspace folder (`ZONEPRESS_WORKSPACE`, or the platform
    /// data folder's `workspace`).
    pub workspace: PathBuf,
    /// `desktop.json`.
    pub config: PathBuf,
}

/// The open local workspace.
pub struct Local {
    pub ctx: Arc<Context>,
    pub demo: bool,
    /// 局域网共享: the server while sharing, or why it is off although wanted.
    pub(crate) sharing: tokio::sync::Mutex<Sharing>,
    _lock: WorkspaceLock,
}

#[derive(Default)]
pub(crate) struct Sharing {
    pub handle: Option<ServerHandle>,
    pub error: Option<ApiError>,
}

/// The office server of connected mode.
pub struct Remote {
    pub client: Client,
    pub summary: ServerSummary,
}

/// The mode, as a value every command can hold on to while it runs.
#[derive(Clone)]
pub enum Mode {
    /// The local workspace is being opened (at start).
    Opening,
    /// No workspace: a first launch, or the local one could not be opened.
    Closed {
        error: Option<ApiError>,
    },
    Local(Arc<Local>),
    Remote(Arc<Remote>),
}

impl Mode {
    fn name(&self) -> ModeName {
        match self {
            Mode::Opening | Mode::Closed { .. } => ModeName::None,
            Mode::Local(_) => ModeName::Local,
            Mode::Remote(_) => ModeName::Remote,
        }
    }
}

type TitleSetter = Box<dyn Fn(&str) + Send + Sync>;

/// The desktop shell's state: one per app.
pub struct Desktop {
    workspace_dir: PathBuf,
    pub(crate) config: ConfigFile,
    mode: watch::Sender<Mode>,
    /// Mode changes one at a time.
    switching: tokio::sync::Mutex<()>,
    /// Files saved in this session: the only ones `open_exported` opens.
    exported: Mutex<HashSet<PathBuf>>,
    pub(crate) live: Forwarding,
    /// The web UI served to the LAN (the app's embedded assets).
    pub(crate) ui: Option<UiLookup>,
    /// The address 局域网共享 binds (all of this machine's addresses).
    pub(crate) bind_ip: IpAddr,
    title: Mutex<Option<TitleSetter>>,
}

pub(crate) fn no_workspace() -> ApiError {
    ApiError::new(
        ErrorCode::NotFound,
        "尚未打开工作区：请新建工作区、打开演示工作区，或连接办公室服务器",
        "no workspace open",
    )
}

/// Does `dir` hold a workspace database?
pub fn workspace_exists(dir: &Path) -> bool {
    dir.join(DB_FILE).is_file()
}

/// `http://host:port` as the client will use it (what the user typed,
/// normalised), or the client's Chinese message for a bad address.
pub fn normalize_address(address: &str) -> Result<String, ApiError> {
    Ok(Client::new(address, None)?.server().to_string())
}

impl Desktop {
    /// The shell's state. Nothing slow happens here: call [`Desktop::start`]
    /// to open the local workspace.
    pub fn new(paths: Paths, ui: Option<UiLookup>) -> Arc<Desktop> {
        let config = ConfigFile::load(&paths.config);
        let settings = config.get();
        let remote = match (settings.mode, settings.server.as_deref()) {
            (Some(ModeName::Remote), Some(address)) => {
                let recent = settings.recent(address).cloned();
                Client::new(
                    address,
                    recent.as_ref().and_then(|r| r.fingerprint.as_deref()),
                )
                .ok()
                .map(|client| {
                    Arc::new(Remote {
                        summary: ServerSummary {
                            address: client.server().to_string(),
                            publication: recent.map(|r| r.publication).unwrap_or_default(),
                            tls: client.is_tls(),
                            fingerprint: settings
                                .recent(address)
                                .and_then(|r| r.fingerprint.clone()),
                        },
                        client,
                    })
                })
            }
            _ => None,
        };
        let mode = match remote {
            Some(r) => Mode::Remote(r),
            None if workspace_exists(&paths.workspace) => Mode::Opening,
            None => Mode::Closed { error: None },
        };
        Arc::new(Desktop {
            workspace_dir: paths.workspace,
            config,
            mode: watch::Sender::new(mode),
            switching: tokio::sync::Mutex::new(()),
            exported: Mutex::default(),
            live: Forwarding::default(),
            ui,
            bind_ip: IpAddr::V4(Ipv4Addr::UNSPECIFIED),
            title: Mutex::new(None),
        })
    }

    /// Tell `set` the window title now and whenever the mode changes.
    pub fn on_title(&self, set: impl Fn(&str) + Send + Sync + 'static) {
        set(&self.title());
        *self.title.lock().unwrap_or_else(|p| p.into_inner()) = Some(Box::new(set));
    }

    fn title_changed(&self) {
        let title = self.title();
        if let Some(set) = &*self.title.lock().unwrap_or_else(|p| p.into_inner()) {
            set(&title);
        }
    }

    /// The window title: 演示 for the demo workspace, the publication and
    /// server when connected.
    pub fn title(&self) -> String {
        match &*self.mode.borrow() {
            Mode::Local(l) if l.demo => format!("{APP_TITLE} — 演示工作区（仅限本机）"),
            Mode::Remote(r) if !r.summary.publication.is_empty() => format!(
                "{APP_TITLE} — {}（办公室服务器 {}）",
                r.summary.publication,
                host_of(&r.summary.address)
            ),
            Mode::Remote(r) => {
                format!("{APP_TITLE} — 办公室服务器 {}", host_of(&r.summary.address))
            }
            _ => APP_TITLE.to_string(),
        }
    }

    /// Open the local workspace if the app starts on it, then resume
    /// 局域网共享 if it was on. Runs in the background at start.
    pub async fn start(self: &Arc<Self>) {
        if !matches!(*self.mode.borrow(), Mode::Opening) {
            self.title_changed();
            return;
        }
        let _switching = self.switching.lock().await;
        let dir = self.workspace_dir.clone();
        let mode = tokio::task::spawn_blocking(move || open_local(&dir))
            .await
            .unwrap_or_else(|e| Mode::Closed {
                error: Some(ApiError::internal(e)),
            });
        self.set_mode(mode.clone());
        if let Mode::Local(local) = mode {
            self.resume_sharing(&local).await;
        }
    }

    /// The mode once the local workspace is opened.
    pub async fn ready(&self) -> Mode {
        let mut rx = self.mode.subscribe();
        let mode = rx
            .wait_for(|m| !matches!(m, Mode::Opening))
            .await
            .map(|m| m.clone());
        mode.unwrap_or(Mode::Closed { error: None })
    }

    /// Replace the mode; the old one's event forwarding stops and its
    /// sharing is shut down by the caller.
    fn set_mode(&self, mode: Mode) -> Mode {
        self.live.stop();
        let old = self.mode.send_replace(mode);
        self.title_changed();
        old
    }

    /// Leave the current mode for `next`: a local workspace stops sharing
    /// (colleagues' apps see the server stop) and releases its lock.
    async fn switch_to(&self, next: Mode) {
        let old = self.set_mode(next);
        if let Mode::Local(local) = old {
            let handle = local.sharing.lock().await.handle.take();
            if let Some(handle) = handle {
                handle.shutdown().await;
            }
        }
    }

    /// The open local workspace, or why there is none.
    pub async fn local(&self) -> Result<Arc<Local>, ApiError> {
        match self.ready().await {
            Mode::Local(l) => Ok(l),
            Mode::Remote(_) => Err(ApiError::new(
                ErrorCode::InvalidState,
                "当前连接的是办公室服务器，此操作只能在本机工作区上进行",
                "local-only operation in connected mode",
            )),
            Mode::Closed { error } => Err(error.unwrap_or_else(no_workspace)),
            Mode::Opening => Err(no_workspace()),
        }
    }

    /// What the login screen shows.
    pub async fn status(&self) -> DesktopStatus {
        let mode = self.ready().await;
        let settings = self.config.get();
        let (demo, workspace_error, server) = match &mode {
            Mode::Local(l) => (l.demo, None, None),
            Mode::Remote(r) => (false, None, Some(r.summary.clone())),
            Mode::Closed { error } => (false, error.clone(), None),
            Mode::Opening => (false, None, None),
        };
        DesktopStatus {
            mode: mode.name(),
            workspace_dir: self.workspace_dir.display().to_string(),
            workspace_exists: workspace_exists(&self.workspace_dir),
            demo,
            workspace_error,
            server,
            recent_servers: settings.servers,
            title: self.title(),
        }
    }

    // ----- commands ---------------------------------------------------

    /// Run a command of the API in the current mode.
    pub async fn call(
        &self,
        command: String,
        token: Option<String>,
        input: serde_json::Value,
    ) -> Result<Reply, ApiError> {
        self.call_marked(command, token, input, false).await
    }

    /// Run a command; `background`: the UI sent it on its own (a refresh
    /// after a change event), so it does not count as using the session.
    pub async fn call_marked(
        &self,
        command: String,
        token: Option<String>,
        input: serde_json::Value,
        background: bool,
    ) -> Result<Reply, ApiError> {
        let body = serde_json::to_vec(&input).map_err(ApiError::internal)?;
        match self.ready().await {
            Mode::Local(local) => tokio::task::spawn_blocking(move || {
                let caller = zonepress_api::Caller::local().in_background(background);
                zonepress_api::call_from(&local.ctx, &caller, &command, token.as_deref(), &body)
            })
            .await
            .map_err(ApiError::internal)?,
            Mode::Remote(remote) => {
                remote
                    .client
                    .call_marked(&command, token.as_deref(), &body, background)
                    .await
            }
            Mode::Closed { error } => Err(error.unwrap_or_else(no_workspace)),
            Mode::Opening => Err(no_workspace()),
        }
    }

    // ----- the local workspace -----------------------------------------

    /// 本机工作区: open the local workspace (if it exists; otherwise the
    /// first-launch choices follow).
    pub async fn use_local(self: &Arc<Self>) -> Result<DesktopStatus, ApiError> {
        {
            let _switching = self.switching.lock().await;
            if !matches!(self.ready().await, Mode::Local(_)) {
                // Leave the old mode first: its lock, if any, is released.
                self.switch_to(Mode::Closed { error: None }).await;
                let dir = self.workspace_dir.clone();
                let mode = tokio::task::spawn_blocking(move || open_local(&dir))
                    .await
                    .map_err(ApiError::internal)?;
                self.switch_to(mode.clone()).await;
                if let Mode::Local(local) = mode {
                    self.resume_sharing(&local).await;
                }
            }
            self.config.update(|s| s.mode = Some(ModeName::Local))?;
        }
        Ok(self.status().await)
    }

    /// 新建工作区: a new workspace in the local folder with its first admin.
    /// A password that breaks the rules is refused before anything is
    /// created; a failure leaves no database behind.
    pub async fn create_workspace(
        self: &Arc<Self>,
        input: CreateWorkspaceInput,
    ) -> Result<DesktopStatus, ApiError> {
        zonepress_api::auth::validate_password(&input.password, input.username.trim())?;
        self.replace_local(move |dir| create_local(dir, input))
            .await?;
        Ok(self.status().await)
    }

    /// 打开演示工作区: the demo content in the local folder.
    pub async fn open_demo(self: &Arc<Self>) -> Result<DesktopStatus, ApiError> {
        self.replace_local(demo_local).await?;
        Ok(self.status().await)
    }

    /// Make a workspace in the local folder with `make` and switch to it.
    async fn replace_local(
        &self,
        make: impl FnOnce(&Path) -> Result<Local, ApiError> + Send + 'static,
    ) -> Result<(), ApiError> {
        let _switching = self.switching.lock().await;
        match self.ready().await {
            Mode::Local(_) => {
                return Err(ApiError::new(
                    ErrorCode::InvalidState,
                    "本机已有工作区并已打开",
                    "a local workspace is open",
                ));
            }
            Mode::Remote(_) => self.switch_to(Mode::Closed { error: None }).await,
            _ => {}
        }
        let dir = self.workspace_dir.clone();
        let local = tokio::task::spawn_blocking(move || make(&dir))
            .await
            .map_err(ApiError::internal)??;
        self.switch_to(Mode::Local(Arc::new(local))).await;
        self.config.update(|s| s.mode = Some(ModeName::Local))
    }

    // ----- office servers -----------------------------------------------

    /// Who answers at `address`, before anyone signs in: the publication,
    /// the version, and over HTTPS the certificate's fingerprint and whether
    /// it was confirmed before. An address typed without `http://` or
    /// `https://` is tried both ways and HTTPS is preferred; a host whose
    /// certificate was confirmed before is only ever reached over HTTPS —
    /// typed without a scheme it is not tried over plain HTTP, typed with
    /// `http://` it is refused (a LAN impostor must not get a cleartext
    /// connection by answering on plain HTTP).
    pub async fn probe(&self, address: &str) -> Result<ProbeResult, ApiError> {
        let typed = address.trim();
        let secure_base = https_base_of(typed);
        let pinned_https = secure_base.as_deref().and_then(|base| {
            self.config
                .get()
                .recent(base)
                .and_then(|r| r.fingerprint.clone())
        });
        let explicit_http = typed
            .get(..7)
            .is_some_and(|s| s.eq_ignore_ascii_case("http://"));
        if explicit_http && pinned_https.is_some() {
            return Err(downgrade_refused(secure_base.as_deref().unwrap_or(typed)));
        }
        let (health, fingerprint, base, tls) = if typed.contains("://") {
            probe_once(typed).await?
        } else if pinned_https.is_some() {
            probe_once(&format!("https://{typed}")).await?
        } else {
            let (http, https) = (format!("http://{typed}"), format!("https://{typed}"));
            let (secure, plain) = tokio::join!(probe_once(&https), probe_once(&http));
            match (secure, plain) {
                (Ok(s), _) => s,
                (Err(_), Ok(p)) => p,
                (Err(_), Err(e)) => return Err(e),
            }
        };
        let pinned = self
            .config
            .get()
            .recent(&base)
            .and_then(|r| r.fingerprint.clone());
        let trust = match (tls, &pinned, &fingerprint) {
            (false, _, _) => Trust::Plain,
            (true, None, _) => Trust::New,
            (true, Some(p), Some(found)) if fingerprint_matches(p, found) => Trust::Trusted,
            (true, Some(_), _) => Trust::Changed,
        };
        Ok(ProbeResult {
            address: base,
            compatible: health.api_version == zonepress_api::API_VERSION,
            publication: health.publication,
            version: health.version,
            api_version: health.api_version,
            tls,
            fingerprint,
            pinned,
            trust,
        })
    }

    /// 连接办公室服务器: switch to connected mode. Over HTTPS the user must
    /// have confirmed `fingerprint` (the one [`Desktop::probe`] showed) on
    /// the first connection; it is pinned and remembered. A certificate
    /// other than the pinned one is refused with a warning.
    pub async fn connect(
        self: &Arc<Self>,
        address: &str,
        fingerprint: Option<&str>,
    ) -> Result<DesktopStatus, ApiError> {
        let probe = self.probe(address).await?;
        if !probe.compatible {
            return Err(ApiError::new(
                ErrorCode::InvalidInput,
                format!(
                    "服务器 {} 的园区编务版本（{}，接口第{}版）与本机（{}，接口第{}版）不同，无法连接。请将本机和服务器的园区编务升级到同一版本",
                    probe.address,
                    probe.version,
                    probe.api_version,
                    env!("CARGO_PKG_VERSION"),
                    zonepress_api::API_VERSION
                ),
                format!(
                    "server api {} differs from ours {}",
                    probe.api_version,
                    zonepress_api::API_VERSION
                ),
            ));
        }
        let pin = match probe.trust {
            Trust::Plain => None,
            Trust::Trusted => probe.pinned.clone(),
            Trust::Changed => return Err(certificate_changed(&probe)),
            Trust::New => {
                let found = probe.fingerprint.clone().unwrap_or_default();
                match fingerprint {
                    Some(confirmed) if fingerprint_matches(confirmed, &found) => Some(found),
                    Some(_) => {
                        return Err(ApiError::new(
                            ErrorCode::UntrustedCertificate,
                            "服务器现在的证书与您核对的指纹不一致（证书可能刚刚更换），请重新核对后再连接",
                            "confirmed fingerprint differs from the one presented",
                        )
                        .with_detail(json!({ "expected": fingerprint, "found": found })));
                    }
                    None => {
                        return Err(ApiError::new(
                            ErrorCode::UntrustedCertificate,
                            "首次连接此服务器：请先核对服务器的证书指纹，确认一致后再连接",
                            "first HTTPS connection without a confirmed fingerprint",
                        )
                        .with_detail(json!({ "expected": null, "found": found })));
                    }
                }
            }
        };
        let client = Client::new(&probe.address, pin.as_deref())?;
        let remote = Arc::new(Remote {
            summary: ServerSummary {
                address: probe.address.clone(),
                publication: probe.publication.clone(),
                tls: probe.tls,
                fingerprint: pin.clone(),
            },
            client,
        });
        {
            let _switching = self.switching.lock().await;
            self.ready().await;
            self.switch_to(Mode::Remote(remote)).await;
            self.config.update(|s| {
                s.mode = Some(ModeName::Remote);
                s.server = Some(probe.address.clone());
                s.remember(RecentServer {
                    address: probe.address.clone(),
                    publication: probe.publication.clone(),
                    fingerprint: pin,
                    last_used: chrono::Utc::now(),
                });
            })?;
        }
        Ok(self.status().await)
    }

    /// Remove a server (and its confirmed fingerprint) from the recent list.
    pub async fn forget_server(&self, address: &str) -> Result<DesktopStatus, ApiError> {
        let address = normalize_address(address).unwrap_or_else(|_| address.to_string());
        self.config.update(|s| s.forget(&address))?;
        Ok(self.status().await)
    }

    // ----- events ---------------------------------------------------------

    /// Forward the change events of the current mode to `sink` (replacing
    /// any earlier forwarding), catching up after `last_event_id`. Answers
    /// once subscribed, or with the API error (`unauthorized`, `network`).
    pub async fn subscribe(
        &self,
        token: String,
        last_event_id: Option<String>,
        sink: Sink,
    ) -> Result<(), ApiError> {
        let generation = self.live.stop();
        let sink = self.live.guarded(generation, sink);
        match self.ready().await {
            Mode::Local(local) => {
                let ctx = local.ctx.clone();
                let (ctx2, token2) = (ctx.clone(), token.clone());
                let user_id =
                    tokio::task::spawn_blocking(move || live::check_local_session(&ctx2, &token2))
                        .await
                        .map_err(ApiError::internal)??;
                let subscription = ctx.events().subscribe(last_event_id.as_deref());
                self.live.start(
                    generation,
                    live::forward_local(ctx, token, user_id, subscription, sink),
                );
                Ok(())
            }
            Mode::Remote(remote) => {
                let stream = remote
                    .client
                    .events(&token, last_event_id.as_deref())
                    .await?;
                self.live.start(
                    generation,
                    live::forward_remote(stream, remote.summary.address.clone(), sink),
                );
                Ok(())
            }
            Mode::Closed { error } => Err(error.unwrap_or_else(no_workspace)),
            Mode::Opening => Err(no_workspace()),
        }
    }

    /// Stop forwarding events.
    pub fn unsubscribe(&self) {
        self.live.stop();
    }

    // ----- files ------------------------------------------------------------

    /// Remember a file saved in this session (it may be opened later).
    pub fn mark_saved(&self, path: &Path) {
        self.exported
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .insert(path.to_path_buf());
    }

    pub fn was_saved(&self, path: &Path) -> bool {
        self.exported
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .contains(path)
    }
}

/// The `https://host:port` of what was typed (with any scheme or none),
/// as the recent servers keep it.
fn https_base_of(typed: &str) -> Option<String> {
    let rest = typed
        .split_once("://")
        .map_or(typed, |(_, rest)| rest)
        .trim_end_matches('/');
    Client::new(&format!("https://{rest}"), None)
        .ok()
        .map(|c| c.server().to_string())
}

fn downgrade_refused(secure: &str) -> ApiError {
    ApiError::new(
        ErrorCode::UntrustedCertificate,
        format!(
            "此服务器以前用加密连接（{secure}）确认过证书，不能改用不加密的 http:// 连接：可能有人在冒充服务器。请使用 {secure}"
        ),
        format!("plain http refused for {secure}, which has a pinned certificate"),
    )
    .with_detail(json!({ "pinned_address": secure }))
}

/// `192.168.1.20:8470` from `http://192.168.1.20:8470`.
fn host_of(address: &str) -> &str {
    address.split_once("://").map_or(address, |(_, rest)| rest)
}

async fn probe_once(
    address: &str,
) -> Result<(zonepress_http::Health, Option<String>, String, bool), ApiError> {
    let client = Client::new(address, None)?;
    let health = client.health().await?;
    Ok((
        health,
        client.fingerprint_seen(),
        client.server().to_string(),
        client.is_tls(),
    ))
}

fn certificate_changed(probe: &ProbeResult) -> ApiError {
    ApiError::new(
        ErrorCode::UntrustedCertificate,
        format!(
            "警告：服务器 {} 的证书与您上次确认的不一致，可能有人在冒充服务器，已停止连接。如果管理员确实更换了证书，请向管理员核对新的证书指纹，再从最近使用的服务器中移除此服务器后重新连接",
            probe.address
        ),
        format!("certificate of {} changed", probe.address),
    )
    .with_detail(json!({ "expected": probe.pinned, "found": probe.fingerprint }))
}

/// Open the workspace in `dir` when it exists and has accounts.
pub fn open_local(dir: &Path) -> Mode {
    if !workspace_exists(dir) {
        return Mode::Closed { error: None };
    }
    let opened = (|| -> Result<Option<Local>, ApiError> {
        let lock = WorkspaceLock::acquire(dir, LOCK_HOLDER)?;
        let ctx = Context::open_existing(dir)?;
        if ctx.is_empty()? {
            // Made by `zonepress init` without an admin: the first-launch
            // choices can still fill it.
            return Ok(None);
        }
        let demo = zonepress_api::admin::is_demo(&ctx)?;
        Ok(Some(Local {
            ctx: Arc::new(ctx),
            demo,
            sharing: Default::default(),
            _lock: lock,
        }))
    })();
    match opened {
        Ok(Some(local)) => {
            tracing::info!(demo = local.demo, "workspace {} open", dir.display());
            Mode::Local(Arc::new(local))
        }
        Ok(None) => Mode::Closed { error: None },
        Err(e) => {
            tracing::error!("cannot open workspace {}: {}", dir.display(), e.log);
            Mode::Closed { error: Some(e) }
        }
    }
}

/// A new workspace in `dir` with its first admin (`zonepress_api::workspace::create`:
/// refused when `dir` has accounts; a failure leaves no database behind).
fn create_local(dir: &Path, input: CreateWorkspaceInput) -> Result<Local, ApiError> {
    let admin = CreateUserInput {
        username: input.username.trim().to_string(),
        display_name: input.display_name.trim().to_string(),
        password: input.password,
        roles: vec![Role::Admin],
        review_levels: None,
    };
    let made = zonepress_api::workspace::create(dir, LOCK_HOLDER, NewWorkspace::Admin(admin))?;
    if let Some(user) = &made.admin {
        tracing::info!(admin = %user.username, "workspace {} created", dir.display());
    }
    Ok(Local {
        ctx: Arc::new(made.ctx),
        demo: false,
        sharing: Default::default(),
        _lock: made.lock,
    })
}

/// The demo workspace in `dir`.
fn demo_local(dir: &Path) -> Result<Local, ApiError> {
    let made = zonepress_api::workspace::create(dir, LOCK_HOLDER, NewWorkspace::Demo)?;
    if let Some(summary) = &made.demo {
        tracing::info!(articles = summary.articles, "demo workspace created");
    }
    Ok(Local {
        ctx: Arc::new(made.ctx),
        demo: true,
        sharing: Default::default(),
        _lock: made.lock,
    })
}
