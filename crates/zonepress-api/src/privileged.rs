//! Refused attempts at privileged commands go on the audit log.
//!
//! Privileged are the commands only an admin may run — accounts, sessions
//! of others, publication settings, the roster and word list, the audit log
//! itself, backups, how the workspace is served, and issuing, voiding and
//! setting the rules of 稿酬 ([`PRIVILEGED`]). When one of them is refused
//! with `forbidden` to a signed-in account, the refusal is recorded
//! (`access.refused`, with the command and the refusal) so that an admin
//! sees who tried. Other refusals (a reviewer who may not sign a level, an
//! editor who may not export) are part of everyday work and are not.
//!
//! A colleague sending refusals in a loop must not fill the log: each
//! account gets at most [`MAX_PER_MINUTE`] such entries a minute; the next
//! entry after a pause says how many were left out.

use std::collections::HashMap;
use std::sync::Mutex;
use std::time::{Duration, Instant};

use zonepress_core::Id;
use zonepress_store::audit::Record;

use crate::{ApiError, Context, ErrorCode, Session};

/// The commands only an admin may run.
pub const PRIVILEGED: &[&str] = &[
    "list_users",
    "create_user",
    "update_user",
    "sign_out_user",
    "update_publication",
    "save_roster_entry",
    "delete_roster_entry",
    "save_word_rule",
    "delete_word_rule",
    "list_audit",
    "verify_audit",
    "backup_workspace",
    "server_info",
    "issue_payment_statement",
    "void_payment_statement",
    "save_payment_rules",
    "delete_payment_rules",
];

/// Refusals recorded per account and minute, at most.
pub const MAX_PER_MINUTE: u32 = 20;

#[derive(Debug, Clone, Copy)]
struct Window {
    start: Instant,
    recorded: u32,
    left_out: u32,
}

/// Per account: how many refusals were recorded in the current minute.
#[derive(Debug, Default)]
pub(crate) struct RefusalLog(Mutex<HashMap<Id, Window>>);

impl RefusalLog {
    /// May one more refusal of `user` be recorded now? Answers how many
    /// were left out before it.
    fn admit(&self, user: Id, now: Instant) -> Option<u32> {
        let mut map = self.0.lock().unwrap_or_else(|p| p.into_inner());
        if map.len() > 10_000 {
            map.retain(|_, w| now.duration_since(w.start) < Duration::from_secs(60));
        }
        let w = map.entry(user).or_insert(Window {
            start: now,
            recorded: 0,
            left_out: 0,
        });
        if now.duration_since(w.start) >= Duration::from_secs(60) {
            w.start = now;
            w.recorded = 0;
        }
        if w.recorded >= MAX_PER_MINUTE {
            w.left_out += 1;
            return None;
        }
        w.recorded += 1;
        Some(std::mem::take(&mut w.left_out))
    }
}

/// Record `error` when it refuses a privileged `command` to `session`.
pub(crate) fn note_refusal(ctx: &Context, session: &Session, command: &str, error: &ApiError) {
    if error.code != ErrorCode::Forbidden || !PRIVILEGED.contains(&command) {
        return;
    }
    let Some(left_out) = ctx.refusals().admit(session.user.id, Instant::now()) else {
        tracing::warn!(
            user = %session.user.username,
            command,
            "refused privileged command not recorded (too many this minute)"
        );
        return;
    };
    let mut detail = serde_json::json!({
        "command": command,
        "refusal": error.message,
    });
    if left_out > 0 {
        detail["left_out_before"] = left_out.into();
    }
    if let Err(e) = ctx.store().audit(
        &session.actor(),
        &Record::new("access.refused", "workspace", None, detail),
    ) {
        tracing::warn!("could not record a refused {command}: {e}");
    }
}
