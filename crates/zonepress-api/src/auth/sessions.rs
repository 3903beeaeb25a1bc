//! Ending sessions: 退出所有设备 (one's own or an admin's), and the other
//! sessions of an account whose password was just changed.
//!
//! Ended sessions are deleted in the same transaction as what ended them;
//! their clients are told through the event bus (a `session` event naming
//! the account makes every open event stream of it re-check its session
//! and end with the reason), and the token hashes are kept in memory for a
//! day so that the next use of such a token is told why
//! ([`EndedSessions::refusal`]); an expired or unknown token keeps the plain
//! answer.

use std::collections::HashMap;
use std::sync::Mutex;
use std::time::{Duration, Instant};

use zonepress_core::Id;

use crate::events::{Change, EventKind};
use crate::{ApiError, Context, ErrorCode, Session};

/// Why a session was ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Ended {
    /// 退出所有设备, by the owner or an admin.
    Everywhere,
    /// The owner changed the password on another device.
    PasswordChanged,
}

/// The sessions ended on purpose, remembered for a day (at most
/// [`MAX_ENDED`] tokens).
#[derive(Debug, Default)]
pub(crate) struct EndedSessions(Mutex<HashMap<String, (Instant, Ended)>>);

const MAX_ENDED: usize = 10_000;

impl EndedSessions {
    pub(crate) fn remember(&self, token_hashes: Vec<String>, why: Ended, now: Instant) {
        let mut map = self.0.lock().unwrap_or_else(|p| p.into_inner());
        let day = Duration::from_secs(24 * 3600);
        map.retain(|_, (at, _)| now.duration_since(*at) < day);
        if map.len() + token_hashes.len() > MAX_ENDED {
            map.clear();
        }
        map.extend(token_hashes.into_iter().map(|h| (h, (now, why))));
    }

    /// Why `token_hash` no longer signs in: ended on purpose, or the plain answer.
    pub(crate) fn refusal(&self, token_hash: &str) -> ApiError {
        let map = self.0.lock().unwrap_or_else(|p| p.into_inner());
        match map.get(token_hash).map(|(_, why)| *why) {
            Some(Ended::Everywhere) => ApiError::new(
                ErrorCode::Unauthorized,
                "您的账号已在所有设备上退出登录，请重新登录",
                "session ended by a sign-out everywhere",
            ),
            Some(Ended::PasswordChanged) => ApiError::new(
                ErrorCode::Unauthorized,
                "您的账号密码已在另一处修改，此处的登录已退出，请用新密码重新登录",
                "session ended by a password change elsewhere",
            ),
            None => ApiError::unauthorized(),
        }
    }
}

/// Tell the clients of `user_id` that `ended` sessions were ended (after
/// the commit that deleted them): their next request and their event
/// streams hear why, and their open articles are let go.
pub(crate) fn announce_ended(
    ctx: &Context,
    by: &Session,
    user_id: Id,
    ended: Vec<String>,
    why: Ended,
) {
    let now = Instant::now();
    let changed = if why == Ended::Everywhere {
        ctx.presence().forget_user(user_id)
    } else {
        let mut changed = Vec::new();
        for token_hash in &ended {
            changed.extend(ctx.presence().forget_session(token_hash));
        }
        changed
    };
    ctx.ended_sessions().remember(ended, why, now);
    crate::presence::announce(ctx, &changed);
    ctx.publish(Change::new(EventKind::Session, "sign_out", user_id).by(&by.user));
}
