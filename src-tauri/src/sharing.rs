//! 局域网共享: the desktop serves its local workspace to the office with
//! `zonepress_http::serve` — the same server as `zonepress serve`, in this
//! process, on the same [`Context`](zonepress_api::Context), so the local
//! user and colleagues work on one workspace at once through the same
//! commands (and the workspace lock still keeps other processes out).
//!
//! Only an admin may turn it on or off: the shell asks the api
//! (`check_sharing`) with the caller's session, and records the change
//! (`record_sharing`) with that admin as the actor. `serve`
//! itself refuses while any account has a demo or admin-set password; the
//! refusal names them. The setting is remembered, so sharing resumes at
//! the next start (or is refused then, with the reason shown in 管理).

use std::net::SocketAddr;
use std::sync::Arc;

use serde_json::json;
use zonepress_api::admin::SharingChange;
use zonepress_api::auth::UnsafeAccount;
use zonepress_api::serving::ServingEvent;
use zonepress_api::{ApiError, Caller, Empty, ErrorCode, Session, cmd};
use zonepress_http::{Config, ServerHandle, TlsSource, UiSource};

use crate::config::SharingSettings;
use crate::desktop::{Desktop, Local, Mode, Sharing};
use crate::types::SharingStatus;

impl Desktop {
    /// The session of `token` on the local workspace, if it may turn
    /// 局域网共享 on or off (`check_sharing`, an admin's right).
    async fn sharing_admin(
        &self,
        local: &Arc<Local>,
        token: Option<String>,
    ) -> Result<Session, ApiError> {
        let ctx = local.ctx.clone();
        tokio::task::spawn_blocking(move || {
            let caller = Caller::local();
            let session = zonepress_api::authenticate(&ctx, &caller, token.as_deref())?;
            zonepress_api::invoke::<cmd::check_sharing>(&ctx, &caller, &session, Empty {})?;
            Ok(session)
        })
        .await
        .map_err(ApiError::internal)?
    }

    /// 局域网共享 now (admin). In connected mode it is not available here.
    pub async fn sharing_status(&self, token: Option<String>) -> Result<SharingStatus, ApiError> {
        let settings = self.config.get().sharing;
        let local = match self.ready().await {
            Mode::Local(local) => local,
            _ => return Ok(status_of(false, &settings, &Sharing::default())),
        };
        self.sharing_admin(&local, token).await?;
        let sharing = local.sharing.lock().await;
        Ok(status_of(true, &settings, &sharing))
    }

    /// Turn 局域网共享 on (on `port`, over HTTPS if asked) or off (admin).
    /// Turning it on again restarts the server with the new settings.
    pub async fn set_sharing(
        &self,
        token: Option<String>,
        enabled: bool,
        port: Option<u16>,
        https: Option<bool>,
    ) -> Result<SharingStatus, ApiError> {
        let local = match self.ready().await {
            Mode::Local(local) => local,
            Mode::Remote(_) => {
                return Err(ApiError::new(
                    ErrorCode::InvalidState,
                    "局域网共享只能在存放工作区的电脑上开启；当前连接的是办公室服务器",
                    "set_sharing in connected mode",
                ));
            }
            _ => {
                return Err(self
                    .local()
                    .await
                    .err()
                    .unwrap_or_else(|| ApiError::internal("no mode")));
            }
        };
        let admin = self.sharing_admin(&local, token).await?;
        let old = self.config.get().sharing;
        let settings = SharingSettings {
            enabled,
            port: port.unwrap_or(old.port),
            https: https.unwrap_or(old.https),
        };
        let mut sharing = local.sharing.lock().await;
        if let Some(handle) = sharing.handle.take() {
            handle.shutdown().await;
            if !enabled {
                record_change(&local, &admin, SharingChange::default()).await;
            }
        }
        sharing.error = None;
        if enabled {
            match self.start_sharing(&local, &settings).await {
                Ok(handle) => {
                    let change = SharingChange {
                        on: true,
                        addresses: handle.addresses().to_vec(),
                        https: Some(settings.https),
                    };
                    record_change(&local, &admin, change).await;
                    sharing.handle = Some(handle);
                }
                Err(e) => {
                    // Off now, and off at the next start: the admin sees why.
                    self.config.update(|s| {
                        s.sharing = SharingSettings {
                            enabled: false,
                            ..settings
                        }
                    })?;
                    return Err(e);
                }
            }
        }
        self.config.update(|s| s.sharing = settings)?;
        Ok(status_of(true, &settings, &sharing))
    }

    /// At start (or on returning to the local workspace): share again if
    /// it was on. A refusal is kept for 管理 to show.
    pub(crate) async fn resume_sharing(&self, local: &Arc<Local>) {
        let settings = self.config.get().sharing;
        if !settings.enabled {
            return;
        }
        let mut sharing = local.sharing.lock().await;
        if sharing.handle.is_some() {
            return;
        }
        match self.start_sharing(local, &settings).await {
            Ok(handle) => {
                tracing::info!(addresses = ?handle.addresses(), "局域网共享 resumed");
                record(
                    local,
                    ServingEvent::SharingResumed,
                    json!({
                        "addresses": handle.addresses(),
                        "port": handle.local_addr().port(),
                        "https": handle.tls_fingerprint().is_some(),
                        "tls_fingerprint": handle.tls_fingerprint(),
                    }),
                )
                .await;
                sharing.handle = Some(handle);
                sharing.error = None;
            }
            Err(e) => {
                tracing::warn!("局域网共享 not resumed: {}", e.log);
                record(
                    local,
                    ServingEvent::SharingNotResumed,
                    json!({ "port": settings.port, "https": settings.https, "reason": e.message }),
                )
                .await;
                sharing.error = Some(e);
            }
        }
    }

    async fn start_sharing(
        &self,
        local: &Arc<Local>,
        settings: &SharingSettings,
    ) -> Result<ServerHandle, ApiError> {
        let addr = SocketAddr::new(self.bind_ip, settings.port);
        let config = Config {
            ui: self.ui.clone().map(UiSource::Lookup),
            tls: settings.https.then_some(TlsSource::Generated),
            ..Config::default()
        };
        zonepress_http::serve(local.ctx.clone(), addr, config)
            .await
            .map_err(|e| for_desktop(e, settings.port, local.demo))
    }
}

/// Write what the app did on its own to the local workspace's audit log.
async fn record(local: &Arc<Local>, event: ServingEvent, detail: serde_json::Value) {
    let ctx = local.ctx.clone();
    let _ =
        tokio::task::spawn_blocking(move || zonepress_api::serving::record(&ctx, event, detail))
            .await;
}

/// Record 局域网共享 turned on or off by `admin` (`record_sharing`, with the
/// admin as the actor); a failure to record is logged, sharing stays as it is.
async fn record_change(local: &Arc<Local>, admin: &Session, change: SharingChange) {
    let (ctx, admin) = (local.ctx.clone(), admin.clone());
    let out = tokio::task::spawn_blocking(move || {
        zonepress_api::invoke::<cmd::record_sharing>(&ctx, &Caller::local(), &admin, change)
    })
    .await;
    if let Ok(Err(e)) = out {
        tracing::warn!("局域网共享 not recorded: {}", e.log);
    }
}

fn status_of(available: bool, settings: &SharingSettings, sharing: &Sharing) -> SharingStatus {
    let handle = sharing.handle.as_ref();
    SharingStatus {
        available,
        enabled: handle.is_some(),
        wanted: settings.enabled,
        port: handle.map_or(settings.port, |h| h.local_addr().port()),
        https: handle.map_or(settings.https, |h| h.tls_fingerprint().is_some()),
        addresses: handle.map(|h| h.addresses().to_vec()).unwrap_or_default(),
        fingerprint: handle.and_then(|h| h.tls_fingerprint().map(str::to_string)),
        error: sharing.error.clone(),
    }
}

/// The server's refusals say what to do in the app rather than on the
/// command line (`--bind`).
fn for_desktop(e: ApiError, port: u16, demo: bool) -> ApiError {
    if e.code == ErrorCode::Forbidden
        && let Some(accounts) = e
            .detail
            .clone()
            .and_then(|d| serde_json::from_value::<Vec<UnsafeAccount>>(d).ok())
    {
        let names: Vec<String> = accounts.iter().map(UnsafeAccount::label_zh).collect();
        let advice = if demo {
            "演示工作区的账号都使用公开的演示密码，只能在本机使用，不能共享到局域网。要与同事协作，请新建工作区。"
        } else {
            "请让这些账号的本人登录并修改密码，或由管理员在“账号”中停用这些账号，然后再开启共享。"
        };
        return ApiError {
            message: format!(
                "不能开启局域网共享：以下账号仍在使用演示密码或管理员设置的初始密码：{}。{advice}",
                names.join("、")
            ),
            ..e
        };
    }
    if e.code == ErrorCode::InvalidInput && e.log.starts_with("bind ") {
        let message = if e.log.contains("in use") {
            format!(
                "端口 {port} 已被占用（可能已有另一个园区编务或其他程序在使用它），请换一个端口再开启"
            )
        } else if e.log.contains("ermission") {
            format!(
                "没有权限使用端口 {port}（1024 以下的端口需要系统管理员权限），请换一个 1024 以上的端口"
            )
        } else {
            e.message.clone()
        };
        return ApiError { message, ..e };
    }
    e
}
