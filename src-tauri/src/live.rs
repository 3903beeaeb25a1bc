//! Change events for the window: the local workspace's event bus, or the
//! office server's event stream, forwarded as pushes the shell emits on
//! Tauri's event channel (`zonepress://event`, `…-alive`, `…-end`).
//!
//! One forwarding at a time: a new subscription replaces the old one, and
//! nothing of the old one is pushed after that (a generation number checked
//! under a lock). The shell never reconnects by itself: when a stream ends
//! it pushes the error (`network` when the connection broke or the server
//! stopped, `unauthorized` when the session ended) and the UI reconnects
//! with the id of the last event it saw, so it gets what it missed.

use std::sync::{Arc, Mutex};
use std::time::Duration;

use tokio::sync::broadcast::error::RecvError;
use zonepress_api::events::{Event, EventKind, Subscription};
use zonepress_api::{ApiError, Caller, Context, ErrorCode};
use zonepress_http::client::EventStream;

/// How often an idle forwarding says it is alive (the server's keep-alive
/// comments come as often; the UI takes 45 s of silence as a cut).
pub const KEEP_ALIVE: Duration = Duration::from_secs(15);

/// What the shell tells the window.
#[derive(Debug, Clone, PartialEq)]
pub enum Push {
    /// One change and its id (`<run>-<seq>`).
    Event { id: String, event: Event },
    /// Nothing happened, the connection is alive.
    Alive,
    /// The stream ended; the UI reconnects (or signs out).
    End(ApiError),
}

/// Where pushes go (the window; a channel in tests).
pub type Sink = Arc<dyn Fn(Push) + Send + Sync>;

/// The current forwarding.
#[derive(Default)]
pub struct Forwarding {
    generation: Arc<Mutex<u64>>,
    task: Mutex<Option<tokio::task::JoinHandle<()>>>,
}

impl Forwarding {
    /// Stop forwarding; nothing is pushed after this returns. Answers the
    /// new generation (for the next subscription).
    pub fn stop(&self) -> u64 {
        let generation = {
            let mut g = self.generation.lock().unwrap_or_else(|p| p.into_inner());
            *g += 1;
            *g
        };
        if let Some(task) = self.task.lock().unwrap_or_else(|p| p.into_inner()).take() {
            task.abort();
        }
        generation
    }

    /// A sink that pushes only while `generation` is current.
    pub fn guarded(&self, generation: u64, sink: Sink) -> Sink {
        let current = self.generation.clone();
        Arc::new(move |push| {
            let g = current.lock().unwrap_or_else(|p| p.into_inner());
            if *g == generation {
                sink(push);
            }
        })
    }

    /// Run `task` as the forwarding of `generation`, unless a newer
    /// subscription came meanwhile.
    pub fn start(
        &self,
        generation: u64,
        task: impl std::future::Future<Output = ()> + Send + 'static,
    ) {
        let g = self.generation.lock().unwrap_or_else(|p| p.into_inner());
        if *g != generation {
            return;
        }
        let handle = tokio::spawn(task);
        if let Some(old) = self
            .task
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .replace(handle)
        {
            old.abort();
        }
    }
}

/// Check the session for a local event subscription, as `GET /api/events`
/// does (without counting as use).
pub fn check_local_session(ctx: &Context, token: &str) -> Result<i64, ApiError> {
    let session = ctx.session_alive(&Caller::local(), Some(token))?;
    if session.must_change_password {
        return Err(ApiError::new(
            ErrorCode::PasswordChangeRequired,
            "请先修改密码：此账号的密码由管理员设置，首次登录须设置新密码",
            "event subscription before the password was changed",
        ));
    }
    Ok(session.user.id)
}

/// Forward the local workspace's events: what was missed first (or one
/// `resync`), then each new one, keep-alives in between. Ends with
/// `unauthorized` when an event about the account finds its session gone.
pub async fn forward_local(
    ctx: Arc<Context>,
    token: String,
    user_id: i64,
    subscription: Subscription,
    sink: Sink,
) {
    let bus = ctx.events();
    let push_event = |e: Event| {
        sink(Push::Event {
            id: bus.wire_id(&e),
            event: e,
        })
    };
    let mut receiver = subscription.receiver;
    if subscription.resync {
        push_event(bus.resync_event());
    } else {
        subscription.missed.into_iter().for_each(push_event);
    }
    let mut keep_alive =
        tokio::time::interval_at(tokio::time::Instant::now() + KEEP_ALIVE, KEEP_ALIVE);
    loop {
        tokio::select! {
            received = receiver.recv() => match received {
                Ok(e) => {
                    let names_us = matches!(e.kind, EventKind::Session | EventKind::User) && e.id == user_id;
                    push_event(e);
                    if names_us {
                        let (ctx, token) = (ctx.clone(), token.clone());
                        let alive = tokio::task::spawn_blocking(move || {
                            ctx.session_alive(&Caller::local(), Some(&token))
                        })
                        .await;
                        if let Ok(Err(e)) = alive
                            && e.code == ErrorCode::Unauthorized
                        {
                            sink(Push::End(e));
                            return;
                        }
                    }
                }
                Err(RecvError::Lagged(n)) => {
                    tracing::warn!(missed = n, "event forwarding fell behind; told to resync");
                    receiver = bus.subscribe(None).receiver;
                    push_event(bus.resync_event());
                }
                Err(RecvError::Closed) => {
                    sink(Push::End(ApiError::new(
                        ErrorCode::Network,
                        "工作区已关闭",
                        "event bus closed",
                    )));
                    return;
                }
            },
            _ = keep_alive.tick() => sink(Push::Alive),
        }
    }
}

/// Aborts a task when dropped.
struct AbortOnDrop(tokio::task::JoinHandle<()>);

impl Drop for AbortOnDrop {
    fn drop(&mut self) {
        self.0.abort();
    }
}

/// Forward an office server's event stream until it ends; keep-alives come
/// from a ticker beside it (so that the stream's own silence timeout still
/// finds a dead connection).
pub async fn forward_remote(mut stream: EventStream, server: String, sink: Sink) {
    let ticker = {
        let sink = sink.clone();
        AbortOnDrop(tokio::spawn(async move {
            let mut tick =
                tokio::time::interval_at(tokio::time::Instant::now() + KEEP_ALIVE, KEEP_ALIVE);
            loop {
                tick.tick().await;
                sink(Push::Alive);
            }
        }))
    };
    loop {
        match stream.next().await {
            Some(Ok(event)) => sink(Push::Event {
                id: stream.last_event_id().unwrap_or_default().to_string(),
                event,
            }),
            Some(Err(e)) => {
                drop(ticker);
                sink(Push::End(e));
                return;
            }
            None => {
                drop(ticker);
                sink(Push::End(stopped(&server)));
                return;
            }
        }
    }
}

/// The server closed the stream: it stopped serving.
pub fn stopped(server: &str) -> ApiError {
    ApiError::new(
        ErrorCode::Network,
        format!("服务器 {server} 已停止服务（可能已关闭局域网共享或正在重启），正在尝试重新连接"),
        format!("event stream of {server} closed by the server"),
    )
}
