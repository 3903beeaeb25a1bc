//! The HTTP transport: `POST /api/<command>` with a JSON body and
//! `Authorization: Bearer <token>`, a thin wrapper over [`zonepress_api::call`].
//! Also serves the OpenAPI document and the built web UI.

use std::net::SocketAddr;
use std::path::PathBuf;
use std::sync::Arc;

use axum::Router;
use axum::body::Bytes;
use axum::extract::{ConnectInfo, DefaultBodyLimit, Path, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use tower_http::services::{ServeDir, ServeFile};
use zonepress_api::{ApiError, Context, ErrorCode, Reply};

/// Largest request body (imports carry files as base64).
pub const MAX_BODY: usize = 96 * 1024 * 1024;

fn error_response(e: &ApiError) -> Response {
    let status =
        StatusCode::from_u16(e.code.http_status()).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
    (status, axum::Json(e)).into_response()
}

fn bearer(headers: &HeaderMap) -> Option<String> {
    let value = headers.get(header::AUTHORIZATION)?.to_str().ok()?;
    let token = value
        .strip_prefix("Bearer ")
        .or_else(|| value.strip_prefix("bearer "))?;
    Some(token.trim().to_string())
}

async fn command(
    State(ctx): State<Arc<Context>>,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    Path(name): Path<String>,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    let token = bearer(&headers);
    let caller = zonepress_api::Caller::http(peer.ip());
    let result = tokio::task::spawn_blocking(move || {
        zonepress_api::call_from(&ctx, &caller, &name, token.as_deref(), &body)
    })
    .await
    .unwrap_or_else(|e| Err(ApiError::internal(format!("command panicked: {e}"))));
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
            res
        }
        Err(e) => error_response(&e),
    }
}

fn percent_encode(s: &str) -> String {
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

/// `GET /api/events`: the workspace's change events as server-sent events,
/// for the holder of a valid session. `Last-Event-ID` catches up.
async fn events(
    State(ctx): State<Arc<Context>>,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    headers: HeaderMap,
) -> Response {
    use axum::response::sse::{Event as SseEvent, KeepAlive, Sse};
    let token = bearer(&headers);
    let caller = zonepress_api::Caller::http(peer.ip());
    let check = {
        let (ctx, caller, token) = (ctx.clone(), caller.clone(), token.clone());
        tokio::task::spawn_blocking(move || ctx.session_alive(&caller, token.as_deref())).await
    };
    match check {
        Ok(Ok(_)) => {}
        Ok(Err(e)) => return error_response(&e),
        Err(e) => return error_response(&ApiError::internal(e)),
    }
    let last = headers
        .get("last-event-id")
        .and_then(|v| v.to_str().ok())
        .map(str::to_string);
    let sub = ctx.events().subscribe(last.as_deref());
    let mut first: Vec<zonepress_api::events::Event> = sub.missed;
    if sub.resync {
        first.push(ctx.events().resync_event());
    }
    let state = (ctx, first.into_iter(), sub.receiver);
    let stream = futures_util::stream::unfold(state, |(ctx, mut pending, mut rx)| async move {
        let event = match pending.next() {
            Some(e) => e,
            None => match rx.recv().await {
                Ok(e) => e,
                Err(tokio::sync::broadcast::error::RecvError::Lagged(_)) => {
                    ctx.events().resync_event()
                }
                Err(tokio::sync::broadcast::error::RecvError::Closed) => return None,
            },
        };
        let sse = SseEvent::default()
            .id(ctx.events().wire_id(&event))
            .data(serde_json::to_string(&event).unwrap_or_default());
        Some((Ok::<_, std::convert::Infallible>(sse), (ctx, pending, rx)))
    });
    Sse::new(stream)
        .keep_alive(KeepAlive::new().interval(std::time::Duration::from_secs(15)))
        .into_response()
}

async fn openapi() -> Response {
    axum::Json(zonepress_api::openapi::document()).into_response()
}

async fn health() -> Response {
    axum::Json(serde_json::json!({ "ok": true, "version": env!("CARGO_PKG_VERSION") }))
        .into_response()
}

async fn not_found_api() -> Response {
    error_response(&ApiError::new(
        ErrorCode::UnknownCommand,
        "未知的接口地址",
        "unknown API route",
    ))
}

async fn too_large_or_bad(res: Response) -> Response {
    // axum answers an oversized body with a plain-text 413: make it our error shape.
    if res.status() == StatusCode::PAYLOAD_TOO_LARGE {
        return (
            StatusCode::PAYLOAD_TOO_LARGE,
            axum::Json(ApiError::invalid(
                format!("上传内容过大（最大{}MB）", MAX_BODY / 1024 / 1024),
                "request body too large",
            )),
        )
            .into_response();
    }
    res
}

/// The whole HTTP application.
pub fn router(ctx: Arc<Context>, ui_dir: Option<PathBuf>) -> Router {
    let api = Router::new().nest(
        "/api",
        Router::new()
            .route("/openapi.json", get(openapi))
            .route("/health", get(health))
            .route("/events", get(events))
            .route("/{command}", post(command))
            .fallback(not_found_api)
            .layer(DefaultBodyLimit::max(MAX_BODY))
            .layer(axum::middleware::map_response(too_large_or_bad))
            .with_state(ctx),
    );
    match ui_dir {
        Some(dir) => {
            let index = dir.join("index.html");
            api.fallback_service(ServeDir::new(dir).fallback(ServeFile::new(index)))
        }
        None => api,
    }
}

/// Serve until Ctrl-C or SIGTERM.
pub async fn serve(
    ctx: Arc<Context>,
    addr: SocketAddr,
    ui_dir: Option<PathBuf>,
) -> std::io::Result<()> {
    let listener = tokio::net::TcpListener::bind(addr).await?;
    let local = listener.local_addr()?;
    tracing::info!(%local, "serving");
    println!(
        "园区编务 ZonePress 已启动：http://{local}/ （工作区 {}）",
        ctx.dir().display()
    );
    axum::serve(
        listener,
        router(ctx, ui_dir).into_make_service_with_connect_info::<SocketAddr>(),
    )
    .with_graceful_shutdown(shutdown())
    .await
}

async fn shutdown() {
    let ctrl_c = tokio::signal::ctrl_c();
    #[cfg(unix)]
    {
        let mut term = tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate())
            .expect("signal handler");
        tokio::select! {
            _ = ctrl_c => {},
            _ = term.recv() => {},
        }
    }
    #[cfg(not(unix))]
    {
        let _ = ctrl_c.await;
    }
    tracing::info!("shutting down");
}
