//! Serving: bind, accept with bounds and timeouts, optional TLS, and a
//! handle that stops it all (the desktop turns 局域网共享 on and off).
//!
//! Our own accept loop rather than `axum::serve`, for what a LAN server
//! needs: a bound on open connections (overall and per client address), a
//! deadline for the TLS handshake, hyper's header read timeout (which also
//! closes keep-alive connections left idle), and a shutdown that ends event
//! streams and waits briefly for requests in flight.

use std::borrow::Cow;
use std::collections::HashMap;
use std::net::{IpAddr, SocketAddr};
use std::path::PathBuf;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use axum::body::Body;
use hyper::body::Incoming;
use hyper_util::rt::{TokioIo, TokioTimer};
use tokio::io::{AsyncRead, AsyncWrite};
use tokio::sync::{Semaphore, watch};
use tower::ServiceExt;
use zonepress_api::auth::NetworkInfo;
use zonepress_api::serving::ServingEvent;
use zonepress_api::{ApiError, Context, ErrorCode};

use crate::routes::{self, AppState, Peer};
use crate::tls::{self, TlsSource};

/// Finds a file of the web UI by its path without the leading slash
/// (`index.html`, `assets/index-abc.js`): its bytes and MIME type. The
/// desktop app serves its embedded assets this way.
pub type UiLookup = Arc<dyn Fn(&str) -> Option<(Cow<'static, [u8]>, String)> + Send + Sync>;

/// Where the web UI comes from.
#[derive(Clone)]
pub enum UiSource {
    /// A folder with `index.html` (the Vite build, `ui/dist`).
    Dir(PathBuf),
    /// A lookup function (assets embedded in the program).
    Lookup(UiLookup),
}

impl std::fmt::Debug for UiSource {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            UiSource::Dir(dir) => f.debug_tuple("Dir").field(dir).finish(),
            UiSource::Lookup(_) => f.write_str("Lookup(..)"),
        }
    }
}

/// Bounds and timeouts. The defaults suit an office of a few dozen people.
#[derive(Debug, Clone)]
pub struct Limits {
    /// Open connections at once (event streams included).
    pub max_connections: usize,
    /// Open connections from one client address.
    pub max_connections_per_client: usize,
    /// Commands running at once in the blocking pool; more wait their turn.
    pub max_running: usize,
    /// How long a request waits for its turn before it is answered `busy`.
    pub queue_timeout: Duration,
    /// For the whole request head, and for an idle keep-alive connection
    /// to start its next request.
    pub header_timeout: Duration,
    /// The TLS handshake.
    pub handshake_timeout: Duration,
    /// A body must arrive within this, plus `body_min_rate` for its size.
    pub body_timeout: Duration,
    /// Bytes per second a body must at least arrive at.
    pub body_min_rate: u64,
    /// Comment lines on an idle event stream.
    pub keep_alive: Duration,
    /// How often an event stream re-checks its session.
    pub session_recheck: Duration,
    /// Expire silent presence entries this often.
    pub presence_sweep: Duration,
    /// How long a shutdown waits for requests in flight.
    pub shutdown_grace: Duration,
    /// What one account and one session may hold at once.
    pub quotas: crate::limits::QuotaLimits,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            max_connections: 512,
            max_connections_per_client: 64,
            // Twice the cores: enough to overlap a write's fsync with
            // reads, few enough that event streams and new connections
            // still get the CPU under a burst.
            max_running: std::thread::available_parallelism()
                .map_or(4, |n| n.get() * 2)
                .clamp(4, 16),
            queue_timeout: Duration::from_secs(30),
            header_timeout: Duration::from_secs(10),
            handshake_timeout: Duration::from_secs(10),
            body_timeout: Duration::from_secs(10),
            body_min_rate: 256 * 1024,
            keep_alive: Duration::from_secs(15),
            session_recheck: Duration::from_secs(20),
            presence_sweep: Duration::from_secs(15),
            shutdown_grace: Duration::from_secs(5),
            quotas: crate::limits::QuotaLimits::default(),
        }
    }
}

/// How to serve.
#[derive(Debug, Clone, Default)]
pub struct Config {
    /// The web UI; `None` serves the API only.
    pub ui: Option<UiSource>,
    /// Serve HTTPS with this certificate.
    pub tls: Option<TlsSource>,
    /// Further names clients may use in `Host` (`--public-name`).
    pub public_names: Vec<String>,
    pub limits: Limits,
}

/// A running server. Dropping it stops the server too (without waiting).
#[derive(Debug)]
pub struct ServerHandle {
    local_addr: SocketAddr,
    addresses: Vec<String>,
    fingerprint: Option<String>,
    stop: watch::Sender<bool>,
    task: Option<tokio::task::JoinHandle<()>>,
    ctx: Arc<Context>,
}

impl ServerHandle {
    /// The bound address (with the real port when 0 was asked for).
    pub fn local_addr(&self) -> SocketAddr {
        self.local_addr
    }

    /// The URLs colleagues should use (`http://192.168.1.20:8470/`).
    pub fn addresses(&self) -> &[String] {
        &self.addresses
    }

    /// SHA-256 fingerprint of the certificate (`AB:CD:…`) when serving HTTPS.
    pub fn tls_fingerprint(&self) -> Option<&str> {
        self.fingerprint.as_deref()
    }

    /// Stop: no new connections, event streams end, requests in flight get
    /// [`Limits::shutdown_grace`] to finish. The workspace is then no
    /// longer shown as shared.
    pub async fn shutdown(mut self) {
        let _ = self.stop.send(true);
        if let Some(task) = self.task.take() {
            let _ = task.await;
        }
        self.ctx.set_network(NetworkInfo::default());
        let (ctx, detail) = (self.ctx.clone(), self.stop_detail(true));
        let _ = tokio::task::spawn_blocking(move || {
            zonepress_api::serving::record(&ctx, ServingEvent::Stopped, detail)
        })
        .await;
        tracing::info!(addr = %self.local_addr, "stopped serving");
    }

    /// What the audit log keeps of a stop.
    fn stop_detail(&self, orderly: bool) -> serde_json::Value {
        serde_json::json!({
            "bind": self.local_addr.to_string(),
            "tls": self.fingerprint.is_some(),
            "orderly": orderly,
        })
    }
}

impl Drop for ServerHandle {
    fn drop(&mut self) {
        if self.task.is_some() {
            let _ = self.stop.send(true);
            self.ctx.set_network(NetworkInfo::default());
            zonepress_api::serving::record(
                &self.ctx,
                ServingEvent::Stopped,
                self.stop_detail(false),
            );
        }
    }
}

fn bind_error(addr: SocketAddr, e: &std::io::Error) -> ApiError {
    use std::io::ErrorKind;
    let port = addr.port();
    let message = match e.kind() {
        ErrorKind::AddrInUse => format!(
            "端口 {port} 已被占用（可能已有另一个园区编务或其他程序在使用它）。请关闭占用它的程序，或换一个端口，如 --bind {}:{}",
            addr.ip(),
            port.wrapping_add(1).max(1024)
        ),
        ErrorKind::AddrNotAvailable => format!(
            "地址 {} 不是本机的地址，不能在它上面提供服务。请使用本机网卡的地址，或 0.0.0.0（本机所有地址）、127.0.0.1（只限本机）",
            addr.ip()
        ),
        ErrorKind::PermissionDenied => format!(
            "没有权限使用端口 {port}（1024 以下的端口需要管理员权限），请换一个端口，如 --bind {}:8470",
            addr.ip()
        ),
        _ => format!("无法在 {addr} 上提供服务：{e}"),
    };
    ApiError::new(
        ErrorCode::InvalidInput,
        message,
        format!("bind {addr}: {e}"),
    )
}

/// Start serving `ctx` on `addr` and answer at once with a handle; the
/// server runs on the current Tokio runtime until [`ServerHandle::shutdown`].
///
/// Beyond loopback it first checks that no account still has a demo or
/// admin-set password ([`zonepress_api::serving::check_network_ready`]). While
/// serving, the workspace knows how it is served (`server_info`) and silent
/// presence entries expire.
pub async fn serve(
    ctx: Arc<Context>,
    addr: SocketAddr,
    config: Config,
) -> Result<ServerHandle, ApiError> {
    let sharing = !addr.ip().is_loopback();
    let tls = {
        let ctx = ctx.clone();
        let tls_source = config.tls.clone();
        tokio::task::spawn_blocking(move || -> Result<_, ApiError> {
            if sharing {
                zonepress_api::serving::check_network_ready(&ctx)?;
            }
            tls_source
                .map(|source| tls::server_config(&source, ctx.dir()))
                .transpose()
        })
        .await
        .map_err(ApiError::internal)??
    };
    let listener = tokio::net::TcpListener::bind(addr)
        .await
        .map_err(|e| bind_error(addr, &e))?;
    let local_addr = listener.local_addr().map_err(ApiError::internal)?;
    let fingerprint = tls.as_ref().map(|t| t.fingerprint.clone());
    let addresses = crate::net::urls(local_addr, tls.is_some());
    ctx.set_network(NetworkInfo {
        sharing,
        addresses: addresses.clone(),
        tls_fingerprint: fingerprint.clone(),
    });

    let (stop, stop_rx) = watch::channel(false);
    let limits = config.limits.clone();
    let state = Arc::new(AppState {
        ctx: ctx.clone(),
        hosts: crate::guard::HostPolicy::new(local_addr.ip(), &config.public_names),
        scheme: if tls.is_some() { "https" } else { "http" },
        running: Arc::new(Semaphore::new(limits.max_running.max(1))),
        quotas: Arc::new(crate::limits::Quotas::new(
            limits.quotas.clone(),
            limits.max_running,
        )),
        limits: limits.clone(),
        stop: stop_rx.clone(),
    });
    let router = routes::router(state, config.ui.clone());
    let acceptor = tls.map(|t| tokio_rustls::TlsAcceptor::from(t.config));

    tokio::spawn(sweep_presence(
        ctx.clone(),
        limits.presence_sweep,
        stop_rx.clone(),
    ));
    let task = tokio::spawn(accept_loop(listener, router, acceptor, limits, stop_rx));
    tracing::info!(%local_addr, sharing, tls = fingerprint.is_some(), "serving");
    {
        let ctx = ctx.clone();
        let detail = serde_json::json!({
            "bind": local_addr.to_string(),
            "addresses": addresses,
            "sharing": sharing,
            "tls": fingerprint.is_some(),
            "tls_fingerprint": fingerprint,
        });
        let _ = tokio::task::spawn_blocking(move || {
            zonepress_api::serving::record(&ctx, ServingEvent::Started, detail)
        })
        .await;
    }
    Ok(ServerHandle {
        local_addr,
        addresses,
        fingerprint,
        stop,
        task: Some(task),
        ctx,
    })
}

pub(crate) async fn stopped(stop: &mut watch::Receiver<bool>) {
    let _ = stop.wait_for(|s| *s).await;
}

async fn sweep_presence(ctx: Arc<Context>, every: Duration, mut stop: watch::Receiver<bool>) {
    let mut tick = tokio::time::interval(every);
    tick.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
    loop {
        tokio::select! {
            _ = tick.tick() => {}
            _ = stopped(&mut stop) => return,
        }
        let ctx = ctx.clone();
        let _ = tokio::task::spawn_blocking(move || {
            zonepress_api::presence::sweep(&ctx);
            // Deadline reminders that fell due since the last sweep.
            if let Err(e) = zonepress_api::notify::reminders::send_due(&ctx) {
                tracing::warn!("deadline reminders: {}", e.log);
            }
        })
        .await;
    }
}

/// Connections per client address.
#[derive(Default)]
struct PerClient(Mutex<HashMap<IpAddr, usize>>);

/// One connection counted against its address; dropping it frees the slot.
struct ClientSlot {
    table: Arc<PerClient>,
    ip: IpAddr,
}

impl PerClient {
    fn take(self: &Arc<Self>, ip: IpAddr, max: usize) -> Option<ClientSlot> {
        let mut map = self.0.lock().unwrap_or_else(|p| p.into_inner());
        let n = map.entry(ip).or_insert(0);
        if *n >= max {
            return None;
        }
        *n += 1;
        Some(ClientSlot {
            table: self.clone(),
            ip,
        })
    }
}

impl Drop for ClientSlot {
    fn drop(&mut self) {
        let mut map = self.table.0.lock().unwrap_or_else(|p| p.into_inner());
        if let Some(n) = map.get_mut(&self.ip) {
            *n -= 1;
            if *n == 0 {
                map.remove(&self.ip);
            }
        }
    }
}

async fn accept_loop(
    listener: tokio::net::TcpListener,
    router: axum::Router,
    acceptor: Option<tokio_rustls::TlsAcceptor>,
    limits: Limits,
    mut stop: watch::Receiver<bool>,
) {
    let max = limits.max_connections.max(1);
    let open = Arc::new(Semaphore::new(max));
    let per_client = Arc::new(PerClient::default());
    loop {
        // Wait for a free slot first: beyond the bound, clients wait in the
        // kernel's backlog instead of costing us a task each.
        let permit = tokio::select! {
            p = open.clone().acquire_owned() => match p { Ok(p) => p, Err(_) => break },
            _ = stopped(&mut stop) => break,
        };
        let (stream, peer) = tokio::select! {
            r = listener.accept() => match r {
                Ok(x) => x,
                Err(e) => {
                    // Out of file descriptors and the like: wait, then go on.
                    tracing::warn!("accept failed: {e}");
                    tokio::time::sleep(Duration::from_millis(100)).await;
                    continue;
                }
            },
            _ = stopped(&mut stop) => break,
        };
        let peer_ip = peer.ip().to_canonical();
        let Some(slot) = per_client.take(peer_ip, limits.max_connections_per_client) else {
            tracing::warn!(%peer_ip, "too many connections from one client; dropped");
            continue;
        };
        let _ = stream.set_nodelay(true);
        let router = router.clone();
        let acceptor = acceptor.clone();
        let limits = limits.clone();
        let stop = stop.clone();
        tokio::spawn(async move {
            let _permit = permit;
            let _slot = slot;
            match acceptor {
                None => serve_connection(stream, peer, router, &limits, stop).await,
                Some(acceptor) => {
                    match tokio::time::timeout(limits.handshake_timeout, acceptor.accept(stream))
                        .await
                    {
                        Ok(Ok(tls)) => serve_connection(tls, peer, router, &limits, stop).await,
                        Ok(Err(e)) => tracing::debug!(%peer, "TLS handshake failed: {e}"),
                        Err(_) => tracing::debug!(%peer, "TLS handshake timed out"),
                    }
                }
            }
        });
    }
    drop(listener);
    // Connections see the stop signal and close; wait for them a little.
    let grace = limits.shutdown_grace + Duration::from_secs(1);
    let _ = tokio::time::timeout(grace, open.acquire_many(max as u32)).await;
}

async fn serve_connection<I>(
    io: I,
    peer: SocketAddr,
    router: axum::Router,
    limits: &Limits,
    mut stop: watch::Receiver<bool>,
) where
    I: AsyncRead + AsyncWrite + Unpin + Send + 'static,
{
    let service = hyper::service::service_fn(move |mut req: hyper::Request<Incoming>| {
        req.extensions_mut().insert(Peer(peer));
        router.clone().oneshot(req.map(Body::new))
    });
    let mut builder = hyper::server::conn::http1::Builder::new();
    builder
        .timer(TokioTimer::new())
        .header_read_timeout(limits.header_timeout)
        .max_buf_size(256 * 1024);
    let conn = builder.serve_connection(TokioIo::new(io), service);
    tokio::pin!(conn);
    tokio::select! {
        r = conn.as_mut() => {
            if let Err(e) = r {
                tracing::debug!(%peer, "connection ended: {e}");
            }
        }
        _ = stopped(&mut stop) => {
            conn.as_mut().graceful_shutdown();
            let _ = tokio::time::timeout(limits.shutdown_grace, conn).await;
        }
    }
}
