//! Who has which article open (林悦正在编辑): kept in memory by the process
//! that serves the workspace. A client says it opened an article and repeats
//! it as a heartbeat while the article stays open; an entry whose client
//! went away without saying so expires after [`EXPIRES_AFTER_SECS`].

use std::collections::HashMap;
use std::sync::Mutex;
use std::time::{Duration, Instant};

use chrono::{DateTime, Utc};
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use ts_rs::TS;
use zonepress_core::{Action, Id, UserRef};

use crate::events::{Change, EventKind};
use crate::{ApiError, Context, Empty, Session};

/// A client that sends no heartbeat for this long is taken to be gone.
pub const EXPIRES_AFTER_SECS: u64 = 60;
/// How often clients should repeat `open_article`.
pub const HEARTBEAT_SECS: u64 = 20;

/// Opened to edit it, or only to read it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum OpenMode {
    Edit,
    View,
}

/// One person with an article open.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS, JsonSchema)]
pub struct Present {
    pub user: UserRef,
    pub mode: OpenMode,
    pub since: DateTime<Utc>,
    /// True for the caller's own session.
    pub you: bool,
}

/// Who has an article open.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS, JsonSchema)]
pub struct ArticlePresence {
    pub article_id: Id,
    pub present: Vec<Present>,
    /// Seconds between heartbeats the client should keep.
    pub heartbeat_secs: u32,
}

#[derive(Debug, Clone, Deserialize, Serialize, TS, JsonSchema)]
#[serde(deny_unknown_fields)]
#[ts(optional_fields)]
pub struct OpenArticleInput {
    pub id: Id,
    /// `edit` (default) or `view`.
    #[serde(default)]
    pub mode: Option<OpenMode>,
}

#[derive(Debug, Clone)]
struct Entry {
    user: UserRef,
    mode: OpenMode,
    since: DateTime<Utc>,
    seen: Instant,
}

/// article id → session (token hash) → entry.
#[derive(Debug, Default)]
pub struct Presence(Mutex<HashMap<Id, HashMap<String, Entry>>>);

impl Presence {
    fn with<T>(&self, f: impl FnOnce(&mut HashMap<Id, HashMap<String, Entry>>) -> T) -> T {
        f(&mut self.0.lock().unwrap_or_else(|p| p.into_inner()))
    }

    /// Drop entries whose client stopped sending heartbeats; answers the
    /// articles whose presence changed.
    pub fn expire(&self, now: Instant) -> Vec<Id> {
        let ttl = Duration::from_secs(EXPIRES_AFTER_SECS);
        self.with(|map| {
            let mut changed = Vec::new();
            map.retain(|id, sessions| {
                let before = sessions.len();
                sessions.retain(|_, e| now.duration_since(e.seen) < ttl);
                if sessions.len() != before {
                    changed.push(*id);
                }
                !sessions.is_empty()
            });
            changed
        })
    }

    /// Forget a session everywhere (it signed out); answers the articles it had open.
    pub fn forget_session(&self, token_hash: &str) -> Vec<Id> {
        self.with(|map| {
            let mut changed = Vec::new();
            map.retain(|id, sessions| {
                if sessions.remove(token_hash).is_some() {
                    changed.push(*id);
                }
                !sessions.is_empty()
            });
            changed
        })
    }

    /// Forget every session of an account (signed out everywhere, disabled).
    pub fn forget_user(&self, user_id: Id) -> Vec<Id> {
        self.with(|map| {
            let mut changed = Vec::new();
            map.retain(|id, sessions| {
                let before = sessions.len();
                sessions.retain(|_, e| e.user.id != user_id);
                if sessions.len() != before {
                    changed.push(*id);
                }
                !sessions.is_empty()
            });
            changed
        })
    }

    /// Who edits each article (for lists), other than nobody.
    pub fn editors(&self) -> HashMap<Id, Vec<UserRef>> {
        let ttl = Duration::from_secs(EXPIRES_AFTER_SECS);
        let now = Instant::now();
        self.with(|map| {
            map.iter()
                .filter_map(|(id, sessions)| {
                    let mut users: Vec<UserRef> = Vec::new();
                    let mut list: Vec<&Entry> = sessions
                        .values()
                        .filter(|e| e.mode == OpenMode::Edit && now.duration_since(e.seen) < ttl)
                        .collect();
                    list.sort_by_key(|e| e.since);
                    for e in list {
                        if !users.iter().any(|u| u.id == e.user.id) {
                            users.push(e.user.clone());
                        }
                    }
                    (!users.is_empty()).then_some((*id, users))
                })
                .collect()
        })
    }

    fn view(&self, article_id: Id, token_hash: &str) -> ArticlePresence {
        let mut present: Vec<Present> = self.with(|map| {
            map.get(&article_id)
                .map(|sessions| {
                    sessions
                        .iter()
                        .map(|(token, e)| Present {
                            user: e.user.clone(),
                            mode: e.mode,
                            since: e.since,
                            you: token == token_hash,
                        })
                        .collect()
                })
                .unwrap_or_default()
        });
        present.sort_by_key(|p| p.since);
        ArticlePresence {
            article_id,
            present,
            heartbeat_secs: HEARTBEAT_SECS as u32,
        }
    }
}

/// Publish a presence change for each article.
pub(crate) fn announce(ctx: &Context, articles: &[Id]) {
    for id in articles {
        ctx.publish(Change::new(EventKind::Presence, "change", *id));
    }
}

/// Expire silent clients and tell the others.
pub fn sweep(ctx: &Context) {
    let changed = ctx.presence().expire(Instant::now());
    announce(ctx, &changed);
}

/// Say the caller has the article open (and keep saying it as a heartbeat).
pub fn open_article(
    ctx: &Context,
    session: &Session,
    input: OpenArticleInput,
) -> Result<ArticlePresence, ApiError> {
    crate::articles::authorize_on(ctx, session, Action::Read, input.id)?;
    ctx.store().article(input.id)?;
    sweep(ctx);
    let mode = input.mode.unwrap_or(OpenMode::Edit);
    let now = Instant::now();
    let changed = ctx.presence().with(|map| {
        let sessions = map.entry(input.id).or_default();
        match sessions.get_mut(&session.token_hash) {
            Some(e) if e.mode == mode => {
                e.seen = now;
                false
            }
            Some(e) => {
                e.mode = mode;
                e.seen = now;
                true
            }
            None => {
                sessions.insert(
                    session.token_hash.clone(),
                    Entry {
                        user: session.user.as_ref(),
                        mode,
                        since: Utc::now(),
                        seen: now,
                    },
                );
                true
            }
        }
    });
    if changed {
        ctx.publish(Change::new(EventKind::Presence, "open", input.id).by(&session.user));
    }
    Ok(ctx.presence().view(input.id, &session.token_hash))
}

/// Say the caller closed the article.
pub fn close_article(
    ctx: &Context,
    session: &Session,
    input: crate::articles::IdInput,
) -> Result<Empty, ApiError> {
    crate::articles::authorize_on(ctx, session, Action::Read, input.id)?;
    let removed = ctx.presence().with(|map| {
        let Some(sessions) = map.get_mut(&input.id) else {
            return false;
        };
        let removed = sessions.remove(&session.token_hash).is_some();
        if sessions.is_empty() {
            map.remove(&input.id);
        }
        removed
    });
    if removed {
        ctx.publish(Change::new(EventKind::Presence, "close", input.id).by(&session.user));
    }
    Ok(Empty {})
}

/// Who has an article open, without opening it.
pub fn get_presence(
    ctx: &Context,
    session: &Session,
    input: crate::articles::IdInput,
) -> Result<ArticlePresence, ApiError> {
    crate::articles::authorize_on(ctx, session, Action::Read, input.id)?;
    sweep(ctx);
    Ok(ctx.presence().view(input.id, &session.token_hash))
}
