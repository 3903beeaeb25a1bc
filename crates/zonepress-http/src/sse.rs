//! `GET /api/events`: the workspace's change events as server-sent events.
//!
//! Each event is `id: <wire id>` and one `data:` line with the JSON
//! [`Event`]. A client that reconnects with `Last-Event-ID` first gets what
//! it missed, or one `resync` event when that is no longer known (it must
//! refetch what it shows); a stream that falls too far behind gets a
//! `resync` too. Comment lines keep an idle stream open. The session is
//! re-checked now and then and whenever an event names its account
//! (signed out, changed); when it is gone the stream sends `event: end`
//! with the error as data and closes. Opening or holding a stream never
//! counts as using the session. One session and one account hold a
//! bounded number of streams ([`crate::limits`]); more are refused
//! `too_many`.

use std::convert::Infallible;

use axum::extract::{Extension, State};
use axum::http::{HeaderMap, HeaderValue};
use axum::response::sse::{Event as SseEvent, Sse};
use axum::response::{IntoResponse, Response};
use tokio::sync::broadcast::error::RecvError;
use tokio::sync::mpsc;
use zonepress_api::events::{Event, EventKind, Subscription};
use zonepress_api::{ApiError, Caller, ErrorCode};

use crate::routes::{Peer, Shared, bearer, error_response};

pub(crate) async fn events(
    State(state): State<Shared>,
    Extension(Peer(peer)): Extension<Peer>,
    headers: HeaderMap,
) -> Response {
    let Some(token) = bearer(&headers) else {
        return error_response(ApiError::unauthorized());
    };
    let caller = Caller::http(peer.ip());
    let session = {
        let (caller, token) = (caller.clone(), token.clone());
        state
            .blocking(move |ctx| ctx.session_alive(&caller, Some(&token)))
            .await
    };
    let session = match session {
        Ok(s) if s.must_change_password => {
            return error_response(ApiError::new(
                ErrorCode::PasswordChangeRequired,
                "请先修改密码：此账号的密码由管理员设置，首次登录须设置新密码",
                "event stream before the password was changed",
            ));
        }
        Ok(s) => s,
        Err(e) => return error_response(e),
    };
    let ticket = match state
        .quotas
        .open_stream(session.user.id, &session.token_hash)
    {
        Ok(t) => t,
        Err(e) => {
            let mut res = error_response(e);
            res.headers_mut().insert(
                axum::http::header::CONNECTION,
                HeaderValue::from_static("close"),
            );
            return res;
        }
    };
    let last = headers
        .get("last-event-id")
        .and_then(|v| v.to_str().ok())
        .map(str::to_string);
    // Subscribed before the answer starts: whatever commits after the
    // client sees the answer reaches it.
    let subscription = state.ctx.events().subscribe(last.as_deref());
    let (tx, rx) = mpsc::channel::<SseEvent>(256);
    tokio::spawn(async move {
        pump(state, caller, token, session.user.id, subscription, tx).await;
        // The stream's place is given back when it ends.
        drop(ticket);
    });
    let stream = futures_util::stream::unfold(rx, |mut rx| async move {
        rx.recv().await.map(|e| (Ok::<_, Infallible>(e), rx))
    });
    let mut res = Sse::new(stream).into_response();
    res.headers_mut()
        .insert("x-accel-buffering", HeaderValue::from_static("no"));
    res
}

fn sse_event(state: &Shared, e: &Event) -> SseEvent {
    SseEvent::default()
        .id(state.ctx.events().wire_id(e))
        .data(serde_json::to_string(e).unwrap_or_default())
}

/// Feed one stream until the client goes, the session ends or the server stops.
async fn pump(
    state: Shared,
    caller: Caller,
    token: String,
    user_id: i64,
    subscription: Subscription,
    tx: mpsc::Sender<SseEvent>,
) {
    let bus = state.ctx.events();
    let mut receiver = subscription.receiver;
    let first = if subscription.resync {
        vec![bus.resync_event()]
    } else {
        subscription.missed
    };
    for e in &first {
        if tx.send(sse_event(&state, e)).await.is_err() {
            return;
        }
    }
    let alive = || {
        let (caller, token) = (caller.clone(), token.clone());
        let state = state.clone();
        async move {
            match state
                .blocking(move |ctx| ctx.session_alive(&caller, Some(&token)))
                .await
            {
                Err(e) if e.code == ErrorCode::Unauthorized => Err(e),
                // Busy or a passing error: keep the stream, check again later.
                _ => Ok(()),
            }
        }
    };
    let start = tokio::time::Instant::now();
    let every = state.limits.keep_alive;
    let mut keep_alive = tokio::time::interval_at(start + every, every);
    let every = state.limits.session_recheck;
    let mut recheck = tokio::time::interval_at(start + every, every);
    let mut stop = state.stop.clone();
    let ended: Option<ApiError> = loop {
        tokio::select! {
            received = receiver.recv() => match received {
                Ok(e) => {
                    if tx.send(sse_event(&state, &e)).await.is_err() {
                        return;
                    }
                    let names_us = matches!(e.kind, EventKind::Session | EventKind::User)
                        && e.id == user_id;
                    if names_us && let Err(gone) = alive().await {
                        break Some(gone);
                    }
                }
                Err(RecvError::Lagged(n)) => {
                    tracing::warn!(missed = n, "event stream fell behind; told to resync");
                    let resync = bus.resync_event();
                    receiver = bus.subscribe(None).receiver;
                    if tx.send(sse_event(&state, &resync)).await.is_err() {
                        return;
                    }
                }
                Err(RecvError::Closed) => break None,
            },
            _ = keep_alive.tick() => {
                if tx.send(SseEvent::default().comment("")).await.is_err() {
                    return;
                }
            }
            _ = recheck.tick() => {
                if let Err(gone) = alive().await {
                    break Some(gone);
                }
            }
            _ = tx.closed() => return,
            _ = crate::server::stopped(&mut stop) => break None,
        }
    };
    if let Some(e) = ended {
        tracing::debug!(user_id, "event stream ended: session gone");
        let e = crate::guard::for_client(e);
        let _ = tx
            .send(
                SseEvent::default()
                    .event("end")
                    .data(serde_json::to_string(&e).unwrap_or_default()),
            )
            .await;
    }
}
