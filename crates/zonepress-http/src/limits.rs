//! What one account, and one session of it, may hold of the server at once,
//! so that whatever one account does, a colleague's request is answered:
//!
//! - event streams (`GET /api/events`): at most
//!   [`QuotaLimits::streams_per_session`] per session and
//!   [`QuotaLimits::streams_per_account`] per account; more are refused
//!   `too_many`;
//! - heavy commands ([`zonepress_api::is_heavy`]: previews, exports,
//!   verifies, 数字报): at most a bounded number admitted (running or
//!   waiting) per session and per account, refused `too_many` beyond; of
//!   those admitted, one per account runs at a time and at most
//!   half the blocking pool's slots in the whole server, so the pool
//!   always keeps slots for light commands;
//! - commands of any kind: one account runs at most all but one of the
//!   pool's slots; the rest of its requests wait their turn behind its own.
//!
//! Tickets hand their place back when dropped (the stream or request ends).
//! This lives in the HTTP server: the desktop app's own window is one user.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use tokio::sync::{OwnedSemaphorePermit, Semaphore};
use zonepress_api::{ApiError, ErrorCode};

/// The caps; the defaults suit an office of a few dozen people.
#[derive(Debug, Clone)]
pub struct QuotaLimits {
    /// Event streams one session may hold (tabs of one browser).
    pub streams_per_session: usize,
    /// Event streams one account may hold (its sessions together).
    pub streams_per_account: usize,
    /// Heavy commands one session may have running or waiting (the layout
    /// screen asks for every page's preview at once: 8 pages of A4).
    pub heavy_per_session: usize,
    /// Heavy commands one account may have running or waiting.
    pub heavy_per_account: usize,
}

impl Default for QuotaLimits {
    fn default() -> Self {
        QuotaLimits {
            streams_per_session: 4,
            streams_per_account: 8,
            heavy_per_session: 10,
            heavy_per_account: 16,
        }
    }
}

#[derive(Default)]
struct Account {
    streams: usize,
    heavy: usize,
    /// Per session token hash: (streams, heavy).
    sessions: HashMap<String, (usize, usize)>,
    /// The account's share of the blocking pool.
    running: Option<Arc<Semaphore>>,
    /// One heavy command of the account at a time.
    heavy_running: Option<Arc<Semaphore>>,
}

/// The counts of every account with something open.
pub(crate) struct Quotas {
    limits: QuotaLimits,
    accounts: Mutex<HashMap<i64, Account>>,
    /// Slots of the blocking pool one account may use.
    per_account_running: usize,
    /// Heavy commands running in the whole server.
    heavy_slots: Arc<Semaphore>,
}

#[derive(Clone, Copy)]
enum Kind {
    Stream,
    Heavy,
}

/// A place held by a stream or a heavy request; given back when dropped.
pub(crate) struct Ticket {
    quotas: Arc<Quotas>,
    account: i64,
    session: String,
    kind: Kind,
}

impl Drop for Ticket {
    fn drop(&mut self) {
        let mut accounts = self.quotas.lock();
        let Some(a) = accounts.get_mut(&self.account) else {
            return;
        };
        let s = a.sessions.entry(self.session.clone()).or_default();
        match self.kind {
            Kind::Stream => {
                a.streams = a.streams.saturating_sub(1);
                s.0 = s.0.saturating_sub(1);
            }
            Kind::Heavy => {
                a.heavy = a.heavy.saturating_sub(1);
                s.1 = s.1.saturating_sub(1);
            }
        }
        // Accounts are few and kept (with their share of the pool);
        // sessions with nothing open are forgotten.
        if *s == (0, 0) {
            a.sessions.remove(&self.session);
        }
    }
}

fn too_many(what_zh: &str, whose_zh: &str, limit: usize, log: String) -> ApiError {
    ApiError::new(
        ErrorCode::TooMany,
        format!(
            "{whose_zh}{what_zh}已达上限（{limit}个），请关闭多余的窗口或等待进行中的任务完成后再试"
        ),
        log,
    )
    .with_detail(serde_json::json!({ "limit": limit }))
}

impl Quotas {
    pub(crate) fn new(limits: QuotaLimits, max_running: usize) -> Quotas {
        let max_running = max_running.max(1);
        let heavy_running = (max_running / 2).max(1);
        Quotas {
            limits,
            accounts: Mutex::new(HashMap::new()),
            per_account_running: max_running.saturating_sub(1).max(1),
            heavy_slots: Arc::new(Semaphore::new(heavy_running)),
        }
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, HashMap<i64, Account>> {
        self.accounts.lock().unwrap_or_else(|p| p.into_inner())
    }

    /// A place for one more event stream of `session` (a token hash) of
    /// `account`, or `too_many`.
    pub(crate) fn open_stream(
        self: &Arc<Self>,
        account: i64,
        session: &str,
    ) -> Result<Ticket, ApiError> {
        let mut accounts = self.lock();
        let a = accounts.entry(account).or_default();
        let s = a.sessions.get(session).copied().unwrap_or_default();
        if s.0 >= self.limits.streams_per_session {
            return Err(too_many(
                "实时更新连接",
                "此登录打开的",
                self.limits.streams_per_session,
                format!("account {account}: session holds {} event streams", s.0),
            ));
        }
        if a.streams >= self.limits.streams_per_account {
            return Err(too_many(
                "实时更新连接",
                "此账号打开的",
                self.limits.streams_per_account,
                format!("account {account} holds {} event streams", a.streams),
            ));
        }
        a.streams += 1;
        a.sessions.entry(session.to_string()).or_default().0 += 1;
        Ok(self.ticket(account, session, Kind::Stream))
    }

    /// Admit one more heavy command of `session` of `account`, or `too_many`.
    pub(crate) fn admit_heavy(
        self: &Arc<Self>,
        account: i64,
        session: &str,
    ) -> Result<Ticket, ApiError> {
        let mut accounts = self.lock();
        let a = accounts.entry(account).or_default();
        let s = a.sessions.get(session).copied().unwrap_or_default();
        if s.1 >= self.limits.heavy_per_session {
            return Err(too_many(
                "排版、预览、导出或核对任务",
                "此登录同时进行的",
                self.limits.heavy_per_session,
                format!("account {account}: session has {} heavy commands", s.1),
            ));
        }
        if a.heavy >= self.limits.heavy_per_account {
            return Err(too_many(
                "排版、预览、导出或核对任务",
                "此账号同时进行的",
                self.limits.heavy_per_account,
                format!("account {account} has {} heavy commands", a.heavy),
            ));
        }
        a.heavy += 1;
        a.sessions.entry(session.to_string()).or_default().1 += 1;
        Ok(self.ticket(account, session, Kind::Heavy))
    }

    fn ticket(self: &Arc<Self>, account: i64, session: &str, kind: Kind) -> Ticket {
        Ticket {
            quotas: self.clone(),
            account,
            session: session.to_string(),
            kind,
        }
    }

    /// The account's share of the blocking pool.
    pub(crate) fn running_of(&self, account: i64) -> Arc<Semaphore> {
        let mut accounts = self.lock();
        let a = accounts.entry(account).or_default();
        a.running
            .get_or_insert_with(|| Arc::new(Semaphore::new(self.per_account_running)))
            .clone()
    }

    /// The account's one heavy slot, then one of the server's.
    pub(crate) async fn heavy_permits(
        &self,
        account: i64,
    ) -> Result<(OwnedSemaphorePermit, OwnedSemaphorePermit), tokio::sync::AcquireError> {
        let mine = {
            let mut accounts = self.lock();
            let a = accounts.entry(account).or_default();
            a.heavy_running
                .get_or_insert_with(|| Arc::new(Semaphore::new(1)))
                .clone()
        };
        let mine = mine.acquire_owned().await?;
        let server = self.heavy_slots.clone().acquire_owned().await?;
        Ok((mine, server))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn streams_are_capped_per_session_and_per_account_and_given_back() {
        let q = Arc::new(Quotas::new(QuotaLimits::default(), 4));
        let a: Vec<Ticket> = (0..4).map(|_| q.open_stream(1, "s1").unwrap()).collect();
        let e = q.open_stream(1, "s1").err().unwrap();
        assert_eq!(e.code, ErrorCode::TooMany);
        assert!(e.message.contains("此登录"), "{}", e.message);
        let b: Vec<Ticket> = (0..4).map(|_| q.open_stream(1, "s2").unwrap()).collect();
        let e = q.open_stream(1, "s3").err().unwrap();
        assert!(e.message.contains("此账号"), "{}", e.message);
        // Another account is not affected.
        let _other = q.open_stream(2, "t1").unwrap();
        drop(a);
        let _again = q.open_stream(1, "s3").unwrap();
        drop(b);
        assert_eq!(q.lock().get(&1).map(|a| a.streams), Some(1));
    }

    #[test]
    fn heavy_work_is_admitted_within_the_caps() {
        let q = Arc::new(Quotas::new(QuotaLimits::default(), 4));
        let held: Vec<Ticket> = (0..10).map(|_| q.admit_heavy(7, "s").unwrap()).collect();
        assert_eq!(
            q.admit_heavy(7, "s").err().unwrap().code,
            ErrorCode::TooMany
        );
        let more: Vec<Ticket> = (0..6).map(|_| q.admit_heavy(7, "t").unwrap()).collect();
        assert_eq!(
            q.admit_heavy(7, "u").err().unwrap().code,
            ErrorCode::TooMany
        );
        drop(held);
        drop(more);
        let accounts = q.lock();
        let a = accounts.get(&7).unwrap();
        assert_eq!(a.heavy, 0);
        assert!(
            a.sessions.is_empty(),
            "sessions with nothing open are forgotten"
        );
        drop(accounts);
        assert_eq!(q.heavy_slots.available_permits(), 2, "half the pool");
    }
}
