//! The idle timeout: a session ends after the publication's idle minutes
//! without its user doing anything. What counts is the user's own actions,
//! never what the client does on its own:
//!
//! - the presence commands (`open_article` repeated as a heartbeat while an
//!   article is open, `close_article`, `get_presence`) never count — an
//!   article left open on an unattended screen must not keep the session;
//! - a request the client marks as its own (a refresh after a change event,
//!   a poll: HTTP header `X-ZonePress-Background: 1`, the desktop's
//!   `background` flag) never counts;
//! - an event stream never counts (it only asks whether the session lives).
//!
//! Everything else is a user's action and notes the session as used, at
//! most every [`NOTE_EVERY_SECS`] (a write each time would cost a commit
//! per request).

use chrono::Utc;

use crate::{ApiError, Caller, Context, Session};

/// Commands clients repeat by themselves while an article is open.
pub const NOT_USE: &[&str] = &["open_article", "close_article", "get_presence"];

/// A session's last use is written at most this often.
pub const NOTE_EVERY_SECS: i64 = 30;

/// Does `command`, sent by `caller`, count as the user using the session?
pub fn counts_as_use(caller: &Caller, command: &str) -> bool {
    !caller.background && !NOT_USE.contains(&command)
}

/// Note that `session` was used, when `command` counts as use.
pub(crate) fn note_use(
    ctx: &Context,
    caller: &Caller,
    session: &Session,
    command: &str,
) -> Result<(), ApiError> {
    let Some(last) = session.last_seen_at else {
        return Ok(());
    };
    if !counts_as_use(caller, command) {
        return Ok(());
    }
    let now = Utc::now();
    if now - last > chrono::Duration::seconds(NOTE_EVERY_SECS) {
        ctx.store().touch_session(&session.token_hash, now)?;
    }
    Ok(())
}
