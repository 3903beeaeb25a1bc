//! The routes: `POST /api/<command>`, `GET /api/events`, `GET /api/health`,
//! `GET /api/openapi.json` and the web UI, behind the request guard.

use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Duration;

use axum::Router;
use axum::body::{Body, Bytes};
use axum::extract::{Extension, Path, Request, State};
use axum::http::{HeaderMap, HeaderValue, Method, StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use http_body_util::BodyExt;
use tokio::sync::{OwnedSemaphorePermit, Semaphore, watch};
use tower_http::services::{ServeDir, ServeFile};
use zonepress_api::{ApiError, Caller, Context, ErrorCode, Reply, Session};

use crate::guard;
use crate::server::{Limits, UiSource};

/// The client's address, set by the accept loop on every request.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Peer(pub SocketAddr);

/// What every handler shares.
pub(crate) struct AppState {
    pub ctx: Arc<Context>,
    pub hosts: guard::HostPolicy,
    /// `http` or `https`.
    pub scheme: &'static str,
    /// Permits to run a command in the blocking pool.
    pub running: Arc<Semaphore>,
    /// What each account and session holds (streams, heavy work, slots).
    pub quotas: Arc<crate::limits::Quotas>,
    pub limits: Limits,
    /// Becomes true when the server stops.
    pub stop: watch::Receiver<bool>,
}

pub(crate) type Shared = Arc<AppState>;

/// An error answer: `{code, message, detail?}` with the code's status, as
/// a client may see it.
pub(crate) fn error_response(e: ApiError) -> Response {
    let e = guard::for_client(e);
    let status =
        StatusCode::from_u16(e.code.http_status()).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
    (status, axum::Json(e)).into_response()
}

/// An error answered before the request body was read: the connection
/// closes rather than read what the client still sends.
fn refuse_unread(e: ApiError) -> Response {
    let mut res = error_response(e);
    res.headers_mut()
        .insert(header::CONNECTION, HeaderValue::from_static("close"));
    res
}

pub(crate) fn bearer(headers: &HeaderMap) -> Option<String> {
    let value = headers.get(header::AUTHORIZATION)?.to_str().ok()?;
    let (scheme, token) = value.trim().split_once(' ')?;
    scheme
        .eq_ignore_ascii_case("bearer")
        .then(|| token.trim().to_string())
}

fn busy() -> ApiError {
    ApiError::new(
        ErrorCode::Busy,
        "服务器正忙，请稍后重试",
        "no free command slot within the queue timeout",
    )
}

impl AppState {
    /// Run `f` in the blocking pool once a slot is free (or answer `busy`).
    pub(crate) async fn blocking<T, F>(&self, f: F) -> Result<T, ApiError>
    where
        F: FnOnce(&Context) -> Result<T, ApiError> + Send + 'static,
        T: Send + 'static,
    {
        self.blocking_within(None, f).await
    }

    /// [`Self::blocking`] for a command of `account`: it first waits for
    /// one of the account's own slots, so one account never holds the
    /// whole pool.
    pub(crate) async fn blocking_for<T, F>(&self, account: i64, f: F) -> Result<T, ApiError>
    where
        F: FnOnce(&Context) -> Result<T, ApiError> + Send + 'static,
        T: Send + 'static,
    {
        self.blocking_within(Some(account), f).await
    }

    async fn blocking_within<T, F>(&self, account: Option<i64>, f: F) -> Result<T, ApiError>
    where
        F: FnOnce(&Context) -> Result<T, ApiError> + Send + 'static,
        T: Send + 'static,
    {
        let deadline = tokio::time::Instant::now() + self.limits.queue_timeout;
        let mine = match account {
            Some(id) => Some(
                tokio::time::timeout_at(deadline, self.quotas.running_of(id).acquire_owned())
                    .await
                    .map_err(|_| busy())?
                    .map_err(ApiError::internal)?,
            ),
            None => None,
        };
        let permit: OwnedSemaphorePermit =
            tokio::time::timeout_at(deadline, self.running.clone().acquire_owned())
                .await
                .map_err(|_| busy())?
                .map_err(ApiError::internal)?;
        let ctx = self.ctx.clone();
        tokio::task::spawn_blocking(move || {
            let _permits = (permit, mine);
            f(&ctx)
        })
        .await
        .unwrap_or_else(|e| Err(ApiError::internal(format!("command panicked: {e}"))))
    }
}

/// Every request: the `Host` must name this machine (421), an `Origin`
/// must be ours (403); every response gets the security headers.
async fn guard_request(State(state): State<Shared>, req: Request, next: Next) -> Response {
    let host = req
        .headers()
        .get(header::HOST)
        .and_then(|h| h.to_str().ok())
        .map(str::to_string)
        .or_else(|| req.uri().authority().map(|a| a.to_string()));
    let mut res = match host {
        Some(host) if state.hosts.allows(&host) => {
            let origin = req
                .headers()
                .get(header::ORIGIN)
                .map(|o| o.to_str().unwrap_or("").to_string());
            match origin {
                Some(origin) if !guard::same_origin(&origin, state.scheme, &host) => {
                    refuse_unread(ApiError::new(
                        ErrorCode::Forbidden,
                        "拒绝来自其他网站的请求",
                        format!("foreign origin {origin:?} for host {host:?}"),
                    ))
                }
                _ => next.run(req).await,
            }
        }
        other => refuse_unread(ApiError::new(
            ErrorCode::MisdirectedRequest,
            "请求的地址不是本服务器的地址。请使用管理员告知的地址访问",
            format!("Host {other:?} names no address of this server"),
        )),
    };
    guard::security_headers(res.headers_mut());
    res
}

/// The whole HTTP application.
pub(crate) fn router(state: Shared, ui: Option<UiSource>) -> Router {
    let api = Router::new().nest(
        "/api",
        Router::new()
            .route("/health", get(health))
            .route("/openapi.json", get(openapi))
            .route("/events", get(crate::sse::events))
            .route("/{command}", post(command).fallback(post_only))
            .fallback(unknown_api),
    );
    let app = match ui {
        Some(UiSource::Dir(dir)) => {
            let index = dir.join("index.html");
            api.fallback_service(ServeDir::new(dir).fallback(ServeFile::new(index)))
        }
        Some(UiSource::Lookup(lookup)) => {
            api.fallback(move |method: Method, uri: axum::http::Uri| {
                let lookup = lookup.clone();
                async move { ui_asset(&lookup, &method, uri.path()) }
            })
        }
        None => api.fallback(no_ui),
    };
    app.layer(axum::middleware::from_fn_with_state(
        state.clone(),
        guard_request,
    ))
    .with_state(state)
}

fn ui_asset(lookup: &crate::server::UiLookup, method: &Method, path: &str) -> Response {
    if method != Method::GET && method != Method::HEAD {
        return StatusCode::METHOD_NOT_ALLOWED.into_response();
    }
    let path = path.trim_start_matches('/');
    let clean = !path.split('/').any(|s| s == ".." || s == ".") && !path.contains('\\');
    let path = if path.is_empty() { "index.html" } else { path };
    let found = clean
        .then(|| lookup(path))
        .flatten()
        // The UI routes in the browser: unknown paths get the app.
        .or_else(|| lookup("index.html"));
    match found {
        Some((bytes, mime)) => {
            let mut res = Response::new(Body::from(bytes.into_owned()));
            if let Ok(v) = HeaderValue::from_str(&mime) {
                res.headers_mut().insert(header::CONTENT_TYPE, v);
            }
            res
        }
        None => no_ui_response(),
    }
}

fn no_ui_response() -> Response {
    error_response(ApiError::new(
        ErrorCode::NotFound,
        "此服务器未提供网页界面",
        "no web UI configured",
    ))
}

async fn no_ui() -> Response {
    no_ui_response()
}

async fn unknown_api() -> Response {
    error_response(ApiError::new(
        ErrorCode::UnknownCommand,
        "未知的接口地址",
        "unknown API route",
    ))
}

async fn post_only(Path(name): Path<String>) -> Response {
    if zonepress_api::command_info(&name).is_none() {
        return unknown_api().await;
    }
    let mut res = error_response(ApiError::new(
        ErrorCode::UnknownCommand,
        "此接口只接受 POST 请求",
        "command called with a method other than POST",
    ));
    *res.status_mut() = StatusCode::METHOD_NOT_ALLOWED;
    res
}

async fn openapi() -> Response {
    axum::Json(zonepress_api::openapi::document()).into_response()
}

async fn health(State(state): State<Shared>) -> Response {
    let name = state
        .blocking(zonepress_api::issues::publication_name)
        .await;
    match name {
        Ok(publication) => axum::Json(crate::Health {
            ok: true,
            version: env!("CARGO_PKG_VERSION").to_string(),
            api_version: zonepress_api::API_VERSION,
            publication,
            tls: state.scheme == "https",
        })
        .into_response(),
        Err(e) => error_response(e),
    }
}

fn too_large(command: &str, limit: usize) -> ApiError {
    ApiError::new(
        ErrorCode::TooLarge,
        format!(
            "提交的内容过大（此操作最多 {}）",
            if limit >= 1024 * 1024 {
                format!("{} MB", limit / 1024 / 1024)
            } else {
                format!("{} KB", limit / 1024)
            }
        ),
        format!("body over {limit} bytes for {command}"),
    )
    .with_detail(serde_json::json!({ "limit": limit }))
}

/// Read at most `limit` bytes by `deadline`.
async fn read_body(
    body: Body,
    command: &str,
    limit: usize,
    deadline: tokio::time::Instant,
) -> Result<Bytes, ApiError> {
    let mut body = body;
    let mut buf: Vec<u8> = Vec::new();
    loop {
        let frame = tokio::time::timeout_at(deadline, body.frame())
            .await
            .map_err(|_| {
                ApiError::new(
                    ErrorCode::RequestTimeout,
                    "请求内容发送得太慢，连接已断开，请重试",
                    format!("body of {command} not received in time"),
                )
            })?;
        let Some(frame) = frame else { break };
        let frame = frame.map_err(|e| {
            ApiError::invalid(
                "请求内容不完整",
                format!("reading the body of {command}: {e}"),
            )
        })?;
        if let Ok(data) = frame.into_data() {
            if buf.len() + data.len() > limit {
                return Err(too_large(command, limit));
            }
            buf.extend_from_slice(&data);
        }
    }
    Ok(Bytes::from(buf))
}

/// `POST /api/<command>`: everything that can be refused without the
/// body is refused first (unknown command, not JSON, too large, no valid
/// session); then the body is read within its limit and deadline, and the
/// command runs in the blocking pool.
async fn command(
    State(state): State<Shared>,
    Extension(Peer(peer)): Extension<Peer>,
    Path(name): Path<String>,
    headers: HeaderMap,
    body: Body,
) -> Response {
    let Some(info) = zonepress_api::command_info(&name) else {
        return refuse_unread(ApiError::new(
            ErrorCode::UnknownCommand,
            format!("未知的操作：{}", name.chars().take(64).collect::<String>()),
            format!("unknown command {name:?}"),
        ));
    };
    let command = info.name;
    if guard::has_body(&headers) && !guard::is_json(&headers) {
        return refuse_unread(ApiError::new(
            ErrorCode::UnsupportedMediaType,
            "请求内容必须是 JSON（Content-Type: application/json）",
            format!(
                "{command}: content type {:?}",
                headers.get(header::CONTENT_TYPE)
            ),
        ));
    }
    let limit = zonepress_api::max_body(command);
    let declared = guard::content_length(&headers);
    if declared.is_some_and(|n| n > limit as u64) {
        return refuse_unread(too_large(command, limit));
    }
    // A refresh the client made on its own does not count as use of the
    // session (see `zonepress_api::idle`).
    let background = headers
        .get("x-zonepress-background")
        .is_some_and(|v| v.as_bytes() == b"1");
    let caller = Caller::http(peer.ip()).in_background(background);
    let token = bearer(&headers);
    let session: Option<Session> = if info.public {
        None
    } else {
        let caller = caller.clone();
        let token = token.clone();
        match state
            .blocking(move |ctx| zonepress_api::authenticate(ctx, &caller, token.as_deref()))
            .await
        {
            Ok(s) => Some(s),
            Err(e) => return refuse_unread(e),
        }
    };
    // Heavy work is admitted (or refused `too_many`) before the body is read.
    let heavy = match &session {
        Some(s) if zonepress_api::is_heavy(command) => {
            match state.quotas.admit_heavy(s.user.id, &s.token_hash) {
                Ok(ticket) => Some(ticket),
                Err(e) => return refuse_unread(e),
            }
        }
        _ => None,
    };
    let expected = declared.map_or(limit as u64, |n| n.min(limit as u64));
    let deadline = tokio::time::Instant::now()
        + state.limits.body_timeout
        + Duration::from_secs(expected / state.limits.body_min_rate.max(1));
    let body = match read_body(body, command, limit, deadline).await {
        Ok(b) => b,
        Err(e) => return refuse_unread(e),
    };
    let account = session.as_ref().map(|s| s.user.id);
    // Admitted heavy work waits for the account's one heavy slot and one
    // of the server's.
    let heavy_permits = match (&heavy, account) {
        (Some(_), Some(id)) => {
            match tokio::time::timeout(state.limits.queue_timeout, state.quotas.heavy_permits(id))
                .await
            {
                Ok(Ok(p)) => Some(p),
                Ok(Err(e)) => return error_response(ApiError::internal(e)),
                Err(_) => return error_response(busy()),
            }
        }
        _ => None,
    };
    let run = move |ctx: &Context| match session {
        Some(session) => zonepress_api::call_session(ctx, &caller, session, command, &body),
        None => zonepress_api::call_from(ctx, &caller, command, token.as_deref(), &body),
    };
    let result = match account {
        Some(id) => state.blocking_for(id, run).await,
        None => state.blocking(run).await,
    };
    drop((heavy_permits, heavy));
    match result {
        Ok(Reply::Json(value)) => axum::Json(value).into_response(),
        Ok(Reply::Binary(bin)) => {
            let mut res = bin.bytes.into_response();
            let h = res.headers_mut();
            if let Ok(v) = HeaderValue::from_str(&bin.content_type) {
                h.insert(header::CONTENT_TYPE, v);
            }
            let disposition = format!(
                "inline; filename*=UTF-8''{}",
                percent_encode(&bin.file_name)
            );
            if let Ok(v) = HeaderValue::from_str(&disposition) {
                h.insert(header::CONTENT_DISPOSITION, v);
            }
            if let Some(v) = bin.record_id.and_then(|id| HeaderValue::from_str(&id).ok()) {
                h.insert(RECORD_HEADER, v);
            }
            res
        }
        Err(e) => error_response(e),
    }
}

/// The header of a file answer that carries what the command recorded it
/// as ([`zonepress_api::Binary::record_id`]: an export's id).
pub(crate) const RECORD_HEADER: &str = "x-zonepress-record";

pub(crate) fn percent_encode(s: &str) -> String {
    s.bytes()
        .map(|b| {
            if b.is_ascii_alphanumeric() || b"-_.~".contains(&b) {
                (b as char).to_string()
            } else {
                format!("%{b:02X}")
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bearer_tokens_come_from_the_header_only() {
        let mut h = HeaderMap::new();
        assert_eq!(bearer(&h), None);
        h.insert(
            header::AUTHORIZATION,
            HeaderValue::from_static("Bearer abc "),
        );
        assert_eq!(bearer(&h).as_deref(), Some("abc"));
        h.insert(
            header::AUTHORIZATION,
            HeaderValue::from_static("bearer abc"),
        );
        assert_eq!(bearer(&h).as_deref(), Some("abc"));
        h.insert(header::AUTHORIZATION, HeaderValue::from_static("Basic abc"));
        assert_eq!(bearer(&h), None);
    }
}
