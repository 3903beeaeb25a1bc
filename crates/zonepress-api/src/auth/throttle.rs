//! Sign-in throttling, counted before the password is checked.
//!
//! Failed sign-ins slow down the client address that made them (and that
//! account from that address), so a colleague mistyping — or someone
//! guessing — never locks the real owner out from another machine. The
//! waits double up to [`MAX_WAIT_SECS`].
//!
//! An attempt is counted when it *starts* ([`LoginGuard::begin`]), in the
//! same lock as the check: it holds a place among the free attempts while
//! its password hash runs, so sixty sign-ins sent at once get exactly
//! [`FREE_ATTEMPTS`] tries between them, not as many as got past the check
//! before the first failure was written down. Once the free attempts are
//! used, one attempt at a time is let through after each wait.
//!
//! The guard also bounds how many password hashes run at once
//! ([`MAX_HASHING`]), so a burst of sign-ins cannot exhaust memory.

use std::collections::HashMap;
use std::sync::{Condvar, Mutex};
use std::time::{Duration, Instant};

use crate::{ApiError, ErrorCode};

/// Failed sign-ins allowed for one account from one address before waits begin.
pub const FREE_ATTEMPTS: u32 = 5;
/// Failed sign-ins allowed from one address, all accounts together.
pub const FREE_ATTEMPTS_PER_CLIENT: u32 = 20;
/// The longest wait between attempts.
pub const MAX_WAIT_SECS: i64 = 15 * 60;
/// Password hashes computed at once (each takes about 19 MiB for a moment).
pub const MAX_HASHING: usize = 2;

/// Entries kept before old ones are forgotten.
const MAX_ENTRIES: usize = 100_000;

/// Attempts counted per client address and per (address, account).
#[derive(Debug, Clone, Copy)]
struct Tally {
    /// Attempts that failed.
    failed: u32,
    /// Attempts under way (their password hash is running).
    pending: u32,
    /// When the last one failed.
    last: Instant,
}

/// The sign-in guard of one workspace: attempt counts in memory, and the
/// permits that bound how many password hashes run at once.
#[derive(Debug)]
pub struct LoginGuard {
    tallies: Mutex<HashMap<String, Tally>>,
    hashing: Mutex<usize>,
    freed: Condvar,
}

impl Default for LoginGuard {
    fn default() -> Self {
        LoginGuard {
            tallies: Mutex::default(),
            hashing: Mutex::new(0),
            freed: Condvar::new(),
        }
    }
}

/// The wait after `failed` failures of which `free` cost nothing.
pub(crate) fn wait_after(failed: u32, free: u32) -> i64 {
    if failed < free {
        return 0;
    }
    let exp = (failed - free).min(10);
    (30i64 << exp).min(MAX_WAIT_SECS)
}

/// Why an attempt may not start now.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Refusal {
    /// Too many failures: wait this many seconds.
    Wait(i64),
    /// The places left are held by attempts still under way: try again in
    /// a moment (they may succeed).
    Crowded,
}

/// Whether one more attempt may start under `tally`.
fn check(tally: Option<&Tally>, free: u32, now: Instant) -> Result<(), Refusal> {
    let Some(t) = tally else {
        return Ok(());
    };
    if t.failed + t.pending < free {
        return Ok(());
    }
    if t.failed < free {
        return Err(Refusal::Crowded);
    }
    // Beyond the free attempts, one at a time after each wait.
    if t.pending > 0 {
        return Err(Refusal::Wait(wait_after(t.failed + t.pending, free)));
    }
    let left = wait_after(t.failed, free) - now.duration_since(t.last).as_secs() as i64;
    if left > 0 {
        Err(Refusal::Wait(left))
    } else {
        Ok(())
    }
}

/// A sign-in attempt counted in advance. Settle it with
/// [`Attempt::failed`] or [`Attempt::succeeded`]; dropped unsettled (the
/// attempt ended in another error, e.g. `busy`) it gives its place back.
#[must_use = "an attempt must be settled"]
pub(crate) struct Attempt<'a> {
    guard: &'a LoginGuard,
    keys: [String; 2],
    settled: bool,
}

impl Attempt<'_> {
    /// The password was wrong (or the account unknown): it counts.
    pub(crate) fn failed(mut self, now: Instant) {
        self.settled = true;
        self.guard.with(|map| {
            for key in &self.keys {
                let t = map.entry(key.clone()).or_insert(Tally {
                    failed: 0,
                    pending: 1,
                    last: now,
                });
                t.pending = t.pending.saturating_sub(1);
                t.failed += 1;
                t.last = now;
            }
        });
    }

    /// A good sign-in clears that account's count from that address.
    pub(crate) fn succeeded(mut self) {
        self.settled = true;
        self.guard.with(|map| {
            map.remove(&self.keys[0]);
            release(map, &self.keys[1]);
        });
    }
}

fn release(map: &mut HashMap<String, Tally>, key: &str) {
    if let Some(t) = map.get_mut(key) {
        t.pending = t.pending.saturating_sub(1);
        if t.pending == 0 && t.failed == 0 {
            map.remove(key);
        }
    }
}

impl Drop for Attempt<'_> {
    fn drop(&mut self) {
        if !self.settled {
            self.guard.with(|map| {
                for key in &self.keys {
                    release(map, key);
                }
            });
        }
    }
}

/// A running password hash; dropping it frees the permit.
pub(crate) struct HashPermit<'a>(&'a LoginGuard);

impl Drop for HashPermit<'_> {
    fn drop(&mut self) {
        let mut n = self.0.hashing.lock().unwrap_or_else(|p| p.into_inner());
        *n -= 1;
        self.0.freed.notify_one();
    }
}

impl LoginGuard {
    fn with<T>(&self, f: impl FnOnce(&mut HashMap<String, Tally>) -> T) -> T {
        f(&mut self.tallies.lock().unwrap_or_else(|p| p.into_inner()))
    }

    fn client_key(client: &str) -> String {
        format!("c\u{1}{client}")
    }

    fn account_key(client: &str, username: &str) -> String {
        format!("a\u{1}{client}\u{1}{}", username.trim().to_lowercase())
    }

    /// Start an attempt of `client` on `username`, counted at once; or why
    /// not now.
    pub(crate) fn begin(
        &self,
        client: &str,
        username: &str,
        now: Instant,
    ) -> Result<Attempt<'_>, Refusal> {
        let keys = [
            Self::account_key(client, username),
            Self::client_key(client),
        ];
        self.with(|map| {
            let account = check(map.get(&keys[0]), FREE_ATTEMPTS, now);
            let address = check(map.get(&keys[1]), FREE_ATTEMPTS_PER_CLIENT, now);
            match (account, address) {
                (Err(Refusal::Wait(a)), Err(Refusal::Wait(b))) => {
                    return Err(Refusal::Wait(a.max(b)));
                }
                (Err(Refusal::Wait(s)), _) | (_, Err(Refusal::Wait(s))) => {
                    return Err(Refusal::Wait(s));
                }
                (Err(e), _) | (_, Err(e)) => return Err(e),
                (Ok(()), Ok(())) => {}
            }
            if map.len() > MAX_ENTRIES {
                // Forget old failures rather than grow without bound.
                let day = Duration::from_secs(24 * 3600);
                map.retain(|_, t| t.pending > 0 || now.duration_since(t.last) < day);
            }
            for key in &keys {
                map.entry(key.clone())
                    .or_insert(Tally {
                        failed: 0,
                        pending: 0,
                        last: now,
                    })
                    .pending += 1;
            }
            Ok(())
        })?;
        Ok(Attempt {
            guard: self,
            keys,
            settled: false,
        })
    }

    /// Wait (up to a few seconds) for a hashing permit, or refuse with `busy`.
    pub(crate) fn hash_permit(&self) -> Result<HashPermit<'_>, ApiError> {
        let deadline = Instant::now() + Duration::from_secs(10);
        let mut n = self.hashing.lock().unwrap_or_else(|p| p.into_inner());
        while *n >= MAX_HASHING {
            let now = Instant::now();
            if now >= deadline {
                return Err(ApiError::new(
                    ErrorCode::Busy,
                    "登录的人太多，请稍后再试",
                    "no password hashing permit within 10 s",
                ));
            }
            n = self
                .freed
                .wait_timeout(n, deadline - now)
                .unwrap_or_else(|p| p.into_inner())
                .0;
        }
        *n += 1;
        Ok(HashPermit(self))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn waits_begin_after_free_attempts_and_double() {
        assert_eq!(wait_after(4, FREE_ATTEMPTS), 0);
        assert_eq!(wait_after(5, FREE_ATTEMPTS), 30);
        assert_eq!(wait_after(6, FREE_ATTEMPTS), 60);
        assert_eq!(wait_after(40, FREE_ATTEMPTS), MAX_WAIT_SECS);
    }

    #[test]
    fn failures_from_one_address_never_slow_down_another() {
        let g = LoginGuard::default();
        let t = Instant::now();
        for _ in 0..6 {
            if let Ok(a) = g.begin("127.0.0.2", "reviewer1", t) {
                a.failed(t);
            }
        }
        assert!(g.begin("127.0.0.2", "reviewer1", t).is_err());
        assert!(g.begin("127.0.0.2", "editor", t).is_ok());
        assert!(g.begin("127.0.0.3", "reviewer1", t).is_ok());
        for i in 0..20 {
            g.begin("127.0.0.4", &format!("u{i}"), t).unwrap().failed(t);
        }
        assert!(g.begin("127.0.0.4", "anyone", t).is_err());
    }

    #[test]
    fn attempts_under_way_hold_their_place() {
        let g = LoginGuard::default();
        let t = Instant::now();
        let running: Vec<Attempt> = (0..FREE_ATTEMPTS)
            .map(|_| g.begin("127.0.0.2", "editor", t).unwrap())
            .collect();
        // The sixth is refused while the five still run, whatever they become.
        assert_eq!(
            g.begin("127.0.0.2", "editor", t).err(),
            Some(Refusal::Crowded)
        );
        for a in running {
            a.failed(t);
        }
        assert_eq!(
            g.begin("127.0.0.2", "editor", t).err(),
            Some(Refusal::Wait(30))
        );
        // After the wait, one attempt at a time.
        let later = t + Duration::from_secs(31);
        let one = g.begin("127.0.0.2", "editor", later).unwrap();
        assert!(g.begin("127.0.0.2", "editor", later).is_err());
        drop(one);
        // An attempt that ended otherwise (busy) gave its place back.
        let again = g.begin("127.0.0.2", "editor", later).unwrap();
        again.succeeded();
        assert!(g.begin("127.0.0.2", "editor", later).is_ok());
    }
}
