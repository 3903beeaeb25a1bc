//! Sign-in, sessions and accounts.
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
use zonepress_core::{Action, Field, Id, Publication, Role, User, authorize};
use zonepress_store::audit::Actor;
use zonepress_store::users::{NewUser, PasswordOrigin, UserUpdate};

use crate::events::{Change, EventKind};
use crate::{ApiError, Caller, Context, Empty, ErrorCode, Session};

pub(crate) use sessions::EndedSessions;
pub use throttle::{
    FREE_ATTEMPTS, FREE_ATTEMPTS_PER_CLIENT, LoginGuard, MAX_HASHING, MAX_WAIT_SECS,
};

/// How long a session lasts at most.
pub const SESSION_HOURS: i64 = 12;
/// Shortest password.
pub const MIN_PASSWORD_CHARS: usize = 10;

/// How the workspace is reached over the network, as the serving process
/// knows it (shown in 管理).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, TS, JsonSchema)]
pub struct NetworkInfo {
    /// Served to the LAN (not only to this machine).
    pub sharing: bool,
    /// Addresses colleagues can use, e.g. `https://192.168.1.20:8470/`.
    pub addresses: Vec<String>,
    /// SHA-256 fingerprint of the TLS certificate, when served over HTTPS.
    pub tls_fingerprint: Option<String>,
}

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

#[derive(Debug, Clone, Deserialize, Serialize, TS, JsonSchema)]
#[serde(deny_unknown_fields)]
#[ts(optional_fields)]
pub struct ChangePasswordInput {
    pub old_password: String,
    pub new_password: String,
}

#[derive(Debug, Clone, Deserialize, Serialize, TS, JsonSchema)]
#[serde(deny_unknown_fields)]
#[ts(optional_fields)]
pub struct CreateUserInput {
    pub username: String,
    pub display_name: String,
    pub password: String,
    pub roles: Vec<Role>,
    /// Review levels this account may sign; empty = any.
    #[serde(default)]
    pub review_levels: Option<Vec<u8>>,
}

#[derive(Debug, Clone, Deserialize, Serialize, TS, JsonSchema)]
#[serde(deny_unknown_fields)]
#[ts(optional_fields)]
pub struct UpdateUserInput {
    pub id: Id,
    #[serde(default)]
    pub display_name: Option<String>,
    #[serde(default)]
    pub roles: Option<Vec<Role>>,
    #[serde(default)]
    pub review_levels: Option<Vec<u8>>,
    #[serde(default)]
    pub disabled: Option<bool>,
    /// A new password set by the admin; the owner must change it at the
    /// next sign-in.
    #[serde(default)]
    pub password: Option<String>,
}

#[derive(Debug, Clone, Deserialize, Serialize, TS, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct UserIdInput {
    pub id: Id,
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

/// Argon2id with a random salt, as a PHC string (no rules checked: the
/// callers check [`validate_password`] first).
fn hash_unchecked(password: &str) -> Result<String, ApiError> {
    let mut salt = [0u8; 16];
    getrandom::fill(&mut salt).map_err(ApiError::internal)?;
    let salt = SaltString::encode_b64(&salt).map_err(ApiError::internal)?;
    crate::hashing::hash(password.as_bytes(), &salt).map_err(ApiError::internal)
}

/// Check the rules, then hash.
pub fn hash_password(password: &str, username: &str) -> Result<String, ApiError> {
    validate_password(password, username)?;
    hash_unchecked(password)
}

/// The demo workspace's shared password, hashed without the rules (it is
/// short and well known on purpose: a demo is never served on a LAN).
pub(crate) fn hash_demo_password(password: &str) -> Result<String, ApiError> {
    hash_unchecked(password)
}

pub(crate) fn verify_password(password: &str, phc: &str) -> bool {
    crate::hashing::verify(password.as_bytes(), phc)
}

/// Passwords anyone would try first.
const COMMON_PASSWORDS: &[&str] = &[
    "zonepress",
    "zonepress1",
    "zonepress123",
    "12345678",
    "123456789",
    "1234567890",
    "0123456789",
    "12345678910",
    "password",
    "password1",
    "password123",
    "passw0rd",
    "qwerty",
    "qwertyuiop",
    "qwerty123",
    "1q2w3e4r",
    "1q2w3e4r5t",
    "abc123456",
    "abcd1234",
    "a123456789",
    "admin123",
    "admin12345",
    "administrator",
    "11111111",
    "1111111111",
    "00000000",
    "0000000000",
    "88888888",
    "8888888888",
    "66666666",
    "6666666666",
    "123123123",
    "12341234",
    "87654321",
    "woaini1314",
    "iloveyou",
    "5201314520",
    "aaaaaaaaaa",
    "changeme",
    "welcome123",
];

/// The rules every chosen password must meet.
pub fn validate_password(password: &str, username: &str) -> Result<(), ApiError> {
    if password.trim().is_empty() {
        return Err(ApiError::invalid(
            "密码不能为空，也不能只有空格",
            "empty or whitespace password",
        ));
    }
    let n = password.chars().count();
    if password.len() > 1024 || n > 256 {
        return Err(ApiError::invalid(
            "密码过长（最多256个字符）",
            "password longer than 256 characters",
        ));
    }
    if n < MIN_PASSWORD_CHARS {
        return Err(ApiError::invalid(
            format!("密码至少需要{MIN_PASSWORD_CHARS}个字符"),
            format!("password shorter than {MIN_PASSWORD_CHARS} characters"),
        ));
    }
    let lower = password.trim().to_lowercase();
    let name = username.trim().to_lowercase();
    let distinct = {
        let mut c: Vec<char> = lower.chars().collect();
        c.sort_unstable();
        c.dedup();
        c.len()
    };
    if COMMON_PASSWORDS.contains(&lower.as_str())
        || (!name.is_empty()
            && (lower == name
                || lower.starts_with(&name)
                    && lower[name.len()..].chars().all(|c| c.is_ascii_digit())))
        || distinct < 3
    {
        return Err(ApiError::invalid(
            "这个密码太常见或太容易猜到（如用户名、连续或重复的数字、zonepress），请换一个",
            "password is common, repetitive or the username",
        ));
    }
    Ok(())
}

fn validate_username(username: &str) -> Result<(), ApiError> {
    let ok = (2..=32).contains(&username.len())
        && username
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-' || c == '.');
    if ok {
        Ok(())
    } else {
        Err(ApiError::invalid(
            "用户名应为2至32位的英文字母、数字、下划线、连字符或点",
            format!("invalid username {username:?}"),
        ))
    }
}

fn validate_display_name(name: &str) -> Result<(), ApiError> {
    if name.trim().is_empty() {
        return Err(zonepress_core::CoreError::Empty {
            field: Field::DisplayName,
        }
        .into());
    }
    if name.chars().count() > 40 || name.chars().any(char::is_control) {
        return Err(ApiError::invalid(
            "姓名过长或含有控制字符",
            "display name too long or has control characters",
        ));
    }
    Ok(())
}

fn validate_levels(levels: &[u8]) -> Result<(), ApiError> {
    if levels.iter().any(|l| !(1..=3).contains(l)) {
        return Err(ApiError::invalid(
            "审核级别只能是1（初审）、2（复审）或3（终审）",
            format!("invalid review levels {levels:?}"),
        ));
    }
    Ok(())
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

/// What `change_password` did besides changing the password.
#[derive(Debug, Clone, Deserialize, Serialize, TS, JsonSchema)]
pub struct PasswordChanged {
    /// The account's other sessions (other devices, other browser tabs)
    /// that were signed out; this one stays signed in.
    pub other_sessions_ended: u32,
}

/// Choose one's own password. Wrong old passwords are throttled like
/// sign-ins. Every other session of the account ends with it (in the same
/// transaction): whoever knew the old password is signed out everywhere
/// but here.
pub fn change_password(
    ctx: &Context,
    session: &Session,
    input: ChangePasswordInput,
) -> Result<PasswordChanged, ApiError> {
    let guard = ctx.guard();
    let username = session.user.username.clone();
    let attempt = guard
        .begin(&session.client, &username, Instant::now())
        .map_err(|why| throttled(why, &format!("change_password of {username:?}")))?;
    if input.old_password.len() > 1024 {
        return Err(ApiError::invalid("原密码不正确", "old password too long"));
    }
    let auth = ctx
        .store()
        .user_auth(&username)?
        .ok_or_else(ApiError::unauthorized)?;
    let ok = {
        let _permit = guard.hash_permit()?;
        verify_password(&input.old_password, &auth.password_hash)
    };
    if !ok {
        attempt.failed(Instant::now());
        ctx.store()
            .record_failed_login(&session.actor(), "wrong old password at change_password")?;
        return Err(ApiError::invalid("原密码不正确", "wrong old password"));
    }
    attempt.succeeded();
    validate_password(&input.new_password, &username)?;
    if input.new_password == input.old_password {
        return Err(ApiError::invalid(
            "新密码不能与原密码相同",
            "new password equals the old one",
        ));
    }
    let hash = {
        let _permit = guard.hash_permit()?;
        hash_unchecked(&input.new_password)?
    };
    let (user, ended) = ctx.store().set_own_password(
        &session.actor(),
        session.user.id,
        &hash,
        &session.token_hash,
    )?;
    let n = ended.len() as u32;
    sessions::announce_ended(
        ctx,
        session,
        user.id,
        ended,
        sessions::Ended::PasswordChanged,
    );
    ctx.publish(Change::new(EventKind::User, "password", user.id).by(&session.user));
    Ok(PasswordChanged {
        other_sessions_ended: n,
    })
}

pub fn list_users(ctx: &Context, session: &Session, _: Empty) -> Result<Vec<User>, ApiError> {
    authorize(&session.user, Action::ManageUsers)?;
    Ok(ctx.store().list_users()?)
}

/// Create an account as `session` (whose rights the caller checked).
/// Passwords set by an admin must be changed at the first sign-in; the first
/// admin of a new workspace (`origin` = owner) chose their own.
pub fn add_user(
    ctx: &Context,
    session: &Session,
    input: CreateUserInput,
    origin: PasswordOrigin,
) -> Result<User, ApiError> {
    let username = input.username.trim();
    validate_username(username)?;
    validate_display_name(&input.display_name)?;
    let review_levels = input.review_levels.clone().unwrap_or_default();
    validate_levels(&review_levels)?;
    if input.roles.is_empty() {
        return Err(ApiError::invalid(
            "请至少选择一个角色",
            "an account needs at least one role",
        ));
    }
    let hash = if origin == PasswordOrigin::Demo {
        hash_demo_password(&input.password)?
    } else {
        validate_password(&input.password, username)?;
        let _permit = ctx.guard().hash_permit()?;
        hash_unchecked(&input.password)?
    };
    let mut roles = input.roles.clone();
    roles.sort();
    roles.dedup();
    let user = ctx.store().create_user(
        &session.actor(),
        &NewUser {
            username: username.to_string(),
            display_name: input.display_name.trim().to_string(),
            password_hash: hash,
            roles,
            review_levels,
            password_origin: origin,
        },
    )?;
    ctx.publish(Change::new(EventKind::User, "create", user.id).by(&session.user));
    Ok(user)
}

/// The first admin of a new workspace (`zonepress init --admin`): the
/// password is the admin's own choice, so no change is forced.
pub fn init_admin(ctx: &Context, input: CreateUserInput) -> Result<User, ApiError> {
    if ctx.store().user_count()? > 0 {
        return Err(ApiError::invalid(
            "工作区已有账号，不能再创建初始管理员",
            "workspace already has accounts",
        ));
    }
    add_user(ctx, &Session::local_admin(), input, PasswordOrigin::Owner)
}

pub fn create_user(
    ctx: &Context,
    session: &Session,
    input: CreateUserInput,
) -> Result<User, ApiError> {
    authorize(&session.user, Action::ManageUsers)?;
    add_user(ctx, session, input, PasswordOrigin::Admin)
}

pub fn update_user(
    ctx: &Context,
    session: &Session,
    input: UpdateUserInput,
) -> Result<User, ApiError> {
    authorize(&session.user, Action::ManageUsers)?;
    if let Some(name) = &input.display_name {
        validate_display_name(name)?;
    }
    if let Some(levels) = &input.review_levels {
        validate_levels(levels)?;
    }
    let removes_own_admin = input.id == session.user.id
        && (input.disabled == Some(true)
            || input
                .roles
                .as_ref()
                .is_some_and(|r| !r.contains(&Role::Admin)));
    if removes_own_admin {
        return Err(ApiError::invalid(
            "不能停用自己的账号或取消自己的管理员角色",
            "an admin cannot lock themselves out",
        ));
    }
    if input.roles.as_ref().is_some_and(Vec::is_empty) {
        return Err(ApiError::invalid(
            "请至少选择一个角色",
            "an account needs at least one role",
        ));
    }
    if input.disabled == Some(false) && ctx.store().user(input.id)?.disabled {
        check_enable_while_shared(ctx, input.id, input.password.is_some())?;
    }
    let password_hash = match input.password.as_deref() {
        Some(p) => {
            let target = ctx.store().user(input.id)?;
            validate_password(p, &target.username)?;
            let _permit = ctx.guard().hash_permit()?;
            Some(hash_unchecked(p)?)
        }
        None => None,
    };
    let reset = password_hash.is_some();
    let user = ctx.store().update_user(
        &session.actor(),
        input.id,
        &UserUpdate {
            display_name: input.display_name.map(|s| s.trim().to_string()),
            roles: input.roles,
            review_levels: input.review_levels,
            disabled: input.disabled,
            password_hash,
        },
    )?;
    if reset || user.disabled {
        let changed = ctx.presence().forget_user(user.id);
        crate::presence::announce(ctx, &changed);
        ctx.publish(Change::new(EventKind::Session, "sign_out", user.id).by(&session.user));
    }
    ctx.publish(Change::new(EventKind::User, "update", user.id).by(&session.user));
    Ok(user)
}

/// An account that must not be served to the LAN as it is.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS, JsonSchema)]
pub struct UnsafeAccount {
    pub username: String,
    pub display_name: String,
    /// `demo` (the demo password), `admin` (set by an admin, never changed
    /// by its owner).
    pub reason: String,
}

impl UnsafeAccount {
    /// 姓名（用户名，why), as the refusals name the account.
    pub fn label_zh(&self) -> String {
        format!(
            "{}（{}，{}）",
            self.display_name,
            self.username,
            if self.reason == "demo" {
                "演示密码"
            } else {
                "管理员设置的初始密码，本人尚未修改"
            }
        )
    }
}

/// Why an account's password must not be served to the LAN, if it must not.
fn unsafe_reason(s: &zonepress_store::users::PasswordStanding) -> Option<&'static str> {
    if s.origin == PasswordOrigin::Demo
        || verify_password(crate::demo::DEMO_PASSWORD, &s.password_hash)
    {
        Some("demo")
    } else if s.origin == PasswordOrigin::Admin || s.user.must_change_password {
        Some("admin")
    } else {
        None
    }
}

/// Accounts that keep the workspace from being served beyond this machine:
/// enabled accounts with the demo password or a password an admin set and
/// its owner never changed.
pub fn unsafe_accounts(ctx: &Context) -> Result<Vec<UnsafeAccount>, ApiError> {
    let mut out = Vec::new();
    for s in ctx.store().password_standings()? {
        if s.user.disabled {
            continue;
        }
        if let Some(reason) = unsafe_reason(&s) {
            out.push(UnsafeAccount {
                username: s.user.username,
                display_name: s.user.display_name,
                reason: reason.into(),
            });
        }
    }
    Ok(out)
}

/// While the workspace is served beyond this machine, an account with the
/// demo password or an admin-set one is never (re-)enabled: the rule that
/// keeps `serve` from starting with such accounts holds while it runs.
fn check_enable_while_shared(ctx: &Context, id: Id, new_password: bool) -> Result<(), ApiError> {
    if !ctx.network().sharing {
        return Ok(());
    }
    let Some(s) = ctx
        .store()
        .password_standings()?
        .into_iter()
        .find(|s| s.user.id == id)
    else {
        return Ok(());
    };
    let reason = if new_password {
        Some("admin")
    } else {
        unsafe_reason(&s)
    };
    let Some(reason) = reason else {
        return Ok(());
    };
    let account = UnsafeAccount {
        username: s.user.username,
        display_name: s.user.display_name,
        reason: reason.into(),
    };
    Err(ApiError::new(
        ErrorCode::Forbidden,
        format!(
            "工作区正在局域网上提供服务，不能启用仍使用演示密码或管理员设置的初始密码的账号：{}。请先停止局域网共享（或只在本机提供服务），启用后请本人登录修改密码，再开启共享",
            account.label_zh()
        ),
        format!(
            "refusing to enable {} ({reason} password) while served beyond loopback",
            account.username
        ),
    )
    .with_detail(serde_json::to_value(vec![account]).unwrap_or_default()))
}

/// Refuse to serve on the LAN while any account is unsafe: a Chinese
/// message naming them and how to fix it.
pub fn check_network_ready(ctx: &Context) -> Result<(), ApiError> {
    let bad = unsafe_accounts(ctx)?;
    if bad.is_empty() {
        return Ok(());
    }
    let names: Vec<String> = bad.iter().map(UnsafeAccount::label_zh).collect();
    Err(ApiError::new(
        ErrorCode::Forbidden,
        format!(
            "不能在局域网上提供服务：以下账号仍在使用演示密码或管理员设置的初始密码：{}。请让这些账号的本人登录并修改密码，或由管理员停用这些账号；演示工作区只能在本机使用（--bind 127.0.0.1）",
            names.join("、")
        ),
        format!(
            "refusing to serve beyond loopback: {} account(s) with demo or admin-set passwords: {}",
            bad.len(),
            bad.iter().map(|a| a.username.as_str()).collect::<Vec<_>>().join(", ")
        ),
    )
    .with_detail(serde_json::to_value(&bad).unwrap_or_default()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn passwords_hash_verify_and_follow_the_rules() {
        let h = hash_password("青禾2026secret", "editor").unwrap();
        assert!(h.starts_with("$argon2id$"));
        assert!(verify_password("青禾2026secret", &h));
        assert!(!verify_password("wrong-password", &h));
        for bad in [
            "short",
            "zonepress",
            "12345678",
            "1234567890",
            "Password",
            "          ",
            "",
            "aaaaaaaaaaaa",
            "reviewer1",
            "reviewer12345",
        ] {
            assert!(validate_password(bad, "reviewer1").is_err(), "{bad:?}");
        }
        assert!(validate_password(&"长".repeat(300), "x").is_err());
        assert!(validate_password("青禾园区-审稿2026", "reviewer1").is_ok());
    }
}
