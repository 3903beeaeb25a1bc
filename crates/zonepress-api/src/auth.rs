//! Sign-in and sessions (this file), with one file per neighbouring job:
//! [`passwords`], [`accounts`], [`network`] readiness, the sign-in
//! [`throttle`] and [`sessions`].
//!
//! Passwords are hashed with Argon2id, a few at a time ([`MAX_HASHING`]),
//! so a burst of sign-ins cannot exhaust memory. A session token is 32
//! random bytes; only its SHA-256 is stored. Failed sign-ins slow down the
//! client address that made them ([`throttle`]). Sessions end after
//! [`SESSION_HOURS`] or after the publication's idle timeout; a changed
//! password ends the account's other sessions ([`sessions`]). An account
//! whose password an admin set must choose its own at the next sign-in.

mod sessions;
mod throttle;

use std::time::Instant;

use argon2::password_hash::SaltString;
use chrono::{DateTime, Duration, Utc};
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use ts_rs::TS;
use zonepress_core::{Action, Id, Publication, authorize};
use zonepress_store::audit::Actor;

use crate::{ApiError, Caller, Context, Empty, ErrorCode, Session};
pub use zonepress_core::{Role, User};

pub(crate) use sessions::EndedSessions;
pub use throttle::{
    FREE_ATTEMPTS, FREE_ATTEMPTS_PER_CLIENT, LoginGuard, MAX_HASHING, MAX_WAIT_SECS,
};

/// How long a session lasts at most.
pub const SESSION_HOURS: i64 = 12;
/// Shortest password.
pub const MIN_PASSWORD_CHARS: usize = 10;

mod accounts;
mod network;
mod passwords;

pub use accounts::*;
pub use network::*;
pub use passwords::*;

#[derive(Debug, Clone, Deserialize, Serialize, TS, JsonSchema)]
#[serde(deny_unknown_fields)]
#[ts(optional_fields)]
pub struct LoginInput {
    pub username: String,
    pub password: String,
}

#[derive(Debug, Clone, Deserialize, Serialize, TS, JsonSchema)]
pub struct LoginOutput {
    pub token: String,
    pub user: User,
    pub expires_at: DateTime<Utc>,
    /// The password was set by an admin: call `change_password` before
    /// anything else (every other command answers `password_change_required`).
    pub must_change_password: bool,
    /// Minutes without use after which the session ends.
    pub idle_minutes: u32,
}

#[derive(Debug, Clone, Deserialize, Serialize, TS, JsonSchema)]
pub struct WhoAmI {
    pub user: User,
    pub publication: Publication,
}

/// How many sessions were ended.
#[derive(Debug, Clone, Deserialize, Serialize, TS, JsonSchema)]
pub struct SignedOut {
    pub sessions: u32,
}

pub fn hash_token(token: &str) -> String {
    hex::encode(Sha256::digest(token.as_bytes()))
}

fn random_hex(bytes: usize) -> Result<String, ApiError> {
    let mut buf = vec![0u8; bytes];
    getrandom::fill(&mut buf).map_err(ApiError::internal)?;
    Ok(hex::encode(buf))
}

/// The dummy hash checked for unknown usernames, so that a missing account
/// takes as long to refuse as a wrong password.
fn dummy_hash() -> &'static str {
    static DUMMY: std::sync::OnceLock<String> = std::sync::OnceLock::new();
    DUMMY.get_or_init(|| {
        let salt = SaltString::encode_b64(b"zonepress-dummy!").expect("salt");
        crate::hashing::hash(b"no such account", &salt).expect("hash")
    })
}

/// `who`: the account as the log may name it.
fn refused(who: &str) -> ApiError {
    ApiError::new(
        ErrorCode::Unauthorized,
        "用户名或密码错误",
        format!("failed login for {who}"),
    )
}

fn throttled(why: throttle::Refusal, what: &str) -> ApiError {
    match why {
        throttle::Refusal::Wait(secs) => ApiError::new(
            ErrorCode::RateLimited,
            format!("密码错误次数过多，请{secs}秒后再试"),
            format!("{what} throttled for {secs}s"),
        )
        .with_detail(serde_json::json!({ "retry_after": secs })),
        throttle::Refusal::Crowded => ApiError::new(
            ErrorCode::RateLimited,
            "同时进行的登录尝试过多，请稍后再试",
            format!("{what} refused: the free attempts are all under way"),
        )
        .with_detail(serde_json::json!({ "retry_after": 1 })),
    }
}

/// Sign in. Unknown names and wrong passwords get the same answer after
/// the same work; failures slow down the address they came from.
pub fn login(ctx: &Context, caller: &Caller, input: LoginInput) -> Result<LoginOutput, ApiError> {
    let username = input.username.trim().to_string();
    if username.chars().count() > 64 || input.password.len() > 1024 || username.is_empty() {
        return Err(refused("a name or password of no account's shape"));
    }
    let guard = ctx.guard();
    let attempt = guard
        .begin(&caller.client, &username, Instant::now())
        .map_err(|why| throttled(why, &format!("login from {}", caller.client)))?;
    let auth = ctx.store().user_auth(&username)?;
    let good = {
        let _permit = guard.hash_permit()?;
        match &auth {
            Some(a) => verify_password(&input.password, &a.password_hash),
            None => {
                verify_password(&input.password, dummy_hash());
                false
            }
        }
    };
    let actor_of = |id: Id, name: String| Actor {
        id,
        name,
        client: caller.client.clone(),
        via: caller.via.as_str().into(),
    };
    let auth = match auth {
        Some(a) if good => a,
        other => {
            attempt.failed(Instant::now());
            // What was typed as the name of an unknown account is often a
            // password typed in the wrong box: the log keeps a keyed short
            // hash (the same name gives the same hash), never the text.
            let (actor, name) = match &other {
                Some(a) => (
                    actor_of(
                        a.user.id,
                        format!("{}（{}）", a.user.display_name, a.user.username),
                    ),
                    format!("{username:?}"),
                ),
                None => {
                    let tag = ctx.store().audit_tag(&username.to_lowercase());
                    (
                        actor_of(0, format!("未登记的用户名（{tag}）")),
                        format!("unknown name #{tag}"),
                    )
                }
            };
            ctx.store().record_failed_login(
                &actor,
                if other.is_some() {
                    "wrong password"
                } else {
                    "unknown account"
                },
            )?;
            return Err(refused(&name));
        }
    };
    if auth.user.disabled {
        drop(attempt);
        ctx.store().record_failed_login(
            &Actor::user(&auth.user, &caller.client, caller.via.as_str()),
            "disabled account",
        )?;
        return Err(ApiError::new(
            ErrorCode::Forbidden,
            "此账号已停用，请联系管理员",
            format!("disabled account {username:?}"),
        ));
    }
    attempt.succeeded();
    let token = random_hex(32)?;
    let expires_at = Utc::now() + Duration::hours(SESSION_HOURS);
    ctx.store().create_session(
        &Actor::user(&auth.user, &caller.client, caller.via.as_str()),
        &hash_token(&token),
        auth.user.id,
        expires_at,
    )?;
    Ok(LoginOutput {
        token,
        must_change_password: auth.user.must_change_password,
        idle_minutes: ctx.store().publication()?.session_idle_minutes,
        user: auth.user,
        expires_at,
    })
}

pub fn logout(ctx: &Context, session: &Session, _: Empty) -> Result<Empty, ApiError> {
    ctx.store()
        .delete_session(&session.actor(), &session.token_hash)?;
    let changed = ctx.presence().forget_session(&session.token_hash);
    crate::presence::announce(ctx, &changed);
    Ok(Empty {})
}

/// End every session of `user_id` and tell their clients.
fn sign_out_everywhere(
    ctx: &Context,
    session: &Session,
    user_id: Id,
) -> Result<SignedOut, ApiError> {
    let ended = ctx.store().delete_sessions_of(&session.actor(), user_id)?;
    let n = ended.len();
    sessions::announce_ended(ctx, session, user_id, ended, sessions::Ended::Everywhere);
    Ok(SignedOut { sessions: n as u32 })
}

/// Sign out all of one's own sessions (this one too).
pub fn logout_all(ctx: &Context, session: &Session, _: Empty) -> Result<SignedOut, ApiError> {
    authorize(&session.user, Action::ProposeTopic)?;
    sign_out_everywhere(ctx, session, session.user.id)
}

/// Sign an account out everywhere (admin).
pub fn sign_out_user(
    ctx: &Context,
    session: &Session,
    input: UserIdInput,
) -> Result<SignedOut, ApiError> {
    authorize(&session.user, Action::ManageUsers)?;
    sign_out_everywhere(ctx, session, input.id)
}

pub fn whoami(ctx: &Context, session: &Session, _: Empty) -> Result<WhoAmI, ApiError> {
    // Every account, the 通讯员 included (the publication's name and settings).
    authorize(&session.user, Action::ProposeTopic)?;
    Ok(WhoAmI {
        user: session.user.clone(),
        publication: ctx.store().publication()?,
    })
}
