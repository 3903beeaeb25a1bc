//! Notifications 通知: each account's list (the bell), marking read, and
//! the server's clock. Notifications are made where things happen (派稿,
//! a decision on a topic) and by [`reminders`] from the deadlines; each
//! new one is told to clients as a `notification` event naming the account.

pub mod kinds;
pub mod reminders;

use std::sync::Mutex;

use chrono::{DateTime, Utc};
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use ts_rs::TS;
use zonepress_core::{Action, Id, authorize};

use crate::events::{Change, EventKind};
use crate::{ApiError, Context, Session};
pub use zonepress_store::notifications::NotificationPage;

/// What time it is. The workspace reads it through this, so tests can
/// move time forward; production uses [`SystemClock`].
pub trait Clock: Send + Sync {
    fn now(&self) -> DateTime<Utc>;
}

/// The real clock.
#[derive(Debug, Clone, Copy, Default)]
pub struct SystemClock;

impl Clock for SystemClock {
    fn now(&self) -> DateTime<Utc> {
        Utc::now()
    }
}

/// A clock that stands still until told to move (tests).
#[derive(Debug)]
pub struct TestClock(Mutex<DateTime<Utc>>);

impl TestClock {
    pub fn at(t: DateTime<Utc>) -> TestClock {
        TestClock(Mutex::new(t))
    }

    pub fn set(&self, t: DateTime<Utc>) {
        *self.0.lock().unwrap_or_else(|p| p.into_inner()) = t;
    }
}

impl Clock for TestClock {
    fn now(&self) -> DateTime<Utc> {
        *self.0.lock().unwrap_or_else(|p| p.into_inner())
    }
}

/// The most notifications one request answers.
pub const MAX_PAGE: u32 = 200;

#[derive(Debug, Clone, Default, Deserialize, Serialize, TS, JsonSchema)]
#[serde(deny_unknown_fields)]
#[ts(optional_fields)]
pub struct ListNotificationsInput {
    /// How many, newest first (default 50, at most 200).
    #[serde(default)]
    pub limit: Option<u32>,
    /// Only those older than this id (the next page).
    #[serde(default)]
    pub before: Option<Id>,
}

#[derive(Debug, Clone, Default, Deserialize, Serialize, TS, JsonSchema)]
#[serde(deny_unknown_fields)]
#[ts(optional_fields)]
pub struct MarkReadInput {
    /// The notifications to mark; absent: all of one's own.
    #[serde(default)]
    pub ids: Option<Vec<Id>>,
}

#[derive(Debug, Clone, Serialize, Deserialize, TS, JsonSchema)]
pub struct MarkedRead {
    pub marked: u32,
    pub unread: u32,
}

/// One's own notifications, newest first, with the unread count. Sends
/// any deadline reminder that fell due first.
pub fn list_notifications(
    ctx: &Context,
    session: &Session,
    input: ListNotificationsInput,
) -> Result<NotificationPage, ApiError> {
    authorize(&session.user, Action::ProposeTopic)?;
    reminders::send_due(ctx)?;
    let limit = input.limit.unwrap_or(50).clamp(1, MAX_PAGE);
    Ok(ctx
        .store()
        .notifications(session.user.id, limit, input.before)?)
}

/// Mark one's own notifications read (those named, or all).
pub fn mark_notifications_read(
    ctx: &Context,
    session: &Session,
    input: MarkReadInput,
) -> Result<MarkedRead, ApiError> {
    authorize(&session.user, Action::ProposeTopic)?;
    if input.ids.as_ref().is_some_and(|ids| ids.len() > 1000) {
        return Err(ApiError::invalid(
            "一次最多标记1000条通知",
            "too many ids to mark read",
        ));
    }
    let marked =
        ctx.store()
            .mark_notifications_read(session.user.id, input.ids.as_deref(), ctx.now())?;
    if marked > 0 {
        ctx.publish(Change::new(
            EventKind::Notification,
            "read",
            session.user.id,
        ));
    }
    let unread = ctx.store().notifications(session.user.id, 1, None)?.unread;
    Ok(MarkedRead { marked, unread })
}
