//! Sign-in, sessions and accounts.
//!
//! Passwords are hashed with Argon2id. A session token is 32 random bytes;
//! only its SHA-256 is stored. After [`FREE_ATTEMPTS`] failed logins in a row
//! an account must wait before the next attempt, the wait doubling with each
//! further failure (up to [`MAX_WAIT_SECS`]).

use argon2::password_hash::{PasswordHasher, PasswordVerifier, SaltString};
use argon2::{Argon2, PasswordHash};
use chrono::{DateTime, Duration, Utc};
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use ts_rs::TS;
use zonepress_core::{Action, Field, Id, Publication, Role, User, authorize};
use zonepress_store::users::{NewUser, UserUpdate};

use crate::{ApiError, Context, Empty, ErrorCode, Session};

/// Failed logins allowed before waits begin.
pub const FREE_ATTEMPTS: u32 = 5;
/// The longest wait between attempts.
pub const MAX_WAIT_SECS: i64 = 15 * 60;
/// How long a session lasts.
pub const SESSION_HOURS: i64 = 12;

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
    /// A new password set by the admin.
    #[serde(default)]
    pub password: Option<String>,
}

pub fn hash_token(token: &str) -> String {
    hex::encode(Sha256::digest(token.as_bytes()))
}

fn random_hex(bytes: usize) -> Result<String, ApiError> {
    let mut buf = vec![0u8; bytes];
    getrandom::fill(&mut buf).map_err(ApiError::internal)?;
    Ok(hex::encode(buf))
}

/// Argon2id with a random salt, as a PHC string.
pub fn hash_password(password: &str) -> Result<String, ApiError> {
    check_password_rules(password)?;
    let mut salt = [0u8; 16];
    getrandom::fill(&mut salt).map_err(ApiError::internal)?;
    let salt = SaltString::encode_b64(&salt).map_err(ApiError::internal)?;
    Ok(Argon2::default()
        .hash_password(password.as_bytes(), &salt)
        .map_err(ApiError::internal)?
        .to_string())
}

fn verify_password(password: &str, phc: &str) -> bool {
    PasswordHash::new(phc)
        .map(|h| {
            Argon2::default()
                .verify_password(password.as_bytes(), &h)
                .is_ok()
        })
        .unwrap_or(false)
}

fn check_password_rules(password: &str) -> Result<(), ApiError> {
    let n = password.chars().count();
    if n < 8 {
        return Err(ApiError::invalid(
            "密码至少需要8个字符",
            "password shorter than 8 characters",
        ));
    }
    if n > 256 {
        return Err(ApiError::invalid(
            "密码过长（最多256个字符）",
            "password longer than 256 characters",
        ));
    }
    Ok(())
}

fn check_username(username: &str) -> Result<(), ApiError> {
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

fn check_display_name(name: &str) -> Result<(), ApiError> {
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

fn check_levels(levels: &[u8]) -> Result<(), ApiError> {
    if levels.iter().any(|l| !(1..=3).contains(l)) {
        return Err(ApiError::invalid(
            "审核级别只能是1（初审）、2（复审）或3（终审）",
            format!("invalid review levels {levels:?}"),
        ));
    }
    Ok(())
}

/// How long an account must still wait before trying again, if at all.
pub fn login_wait(
    failed: u32,
    last_failed: Option<DateTime<Utc>>,
    now: DateTime<Utc>,
) -> Option<i64> {
    if failed < FREE_ATTEMPTS {
        return None;
    }
    let exp = (failed - FREE_ATTEMPTS).min(10);
    let wait = (30i64 << exp).min(MAX_WAIT_SECS);
    let until = last_failed? + Duration::seconds(wait);
    let left = (until - now).num_seconds();
    (left > 0).then_some(left)
}

/// The dummy hash checked for unknown usernames, so that a missing account
/// takes as long to refuse as a wrong password.
fn dummy_hash() -> &'static str {
    static DUMMY: std::sync::OnceLock<String> = std::sync::OnceLock::new();
    DUMMY.get_or_init(|| {
        let salt = SaltString::encode_b64(b"zonepress-dummy!").expect("salt");
        Argon2::default()
            .hash_password(b"no such account", &salt)
            .expect("hash")
            .to_string()
    })
}

pub fn login(ctx: &Context, input: LoginInput) -> Result<LoginOutput, ApiError> {
    let refused = || {
        ApiError::new(
            ErrorCode::Unauthorized,
            "用户名或密码错误",
            format!("failed login for {:?}", input.username),
        )
    };
    if input.username.len() > 64 || input.password.len() > 1024 {
        return Err(refused());
    }
    let now = Utc::now();
    let Some(auth) = ctx.store.user_auth(input.username.trim())? else {
        verify_password(&input.password, dummy_hash());
        return Err(refused());
    };
    if let Some(secs) = login_wait(auth.failed_logins, auth.last_failed_at, now) {
        return Err(ApiError::new(
            ErrorCode::RateLimited,
            format!("密码错误次数过多，请{secs}秒后再试"),
            format!("login for {:?} throttled for {secs}s", input.username),
        )
        .with_detail(serde_json::json!({ "retry_after": secs })));
    }
    if !verify_password(&input.password, &auth.password_hash) {
        ctx.store.record_login(auth.user.id, false, now)?;
        return Err(refused());
    }
    if auth.user.disabled {
        return Err(ApiError::new(
            ErrorCode::Forbidden,
            "此账号已停用，请联系管理员",
            format!("disabled account {:?}", input.username),
        ));
    }
    ctx.store.record_login(auth.user.id, true, now)?;
    let token = random_hex(32)?;
    let expires_at = now + Duration::hours(SESSION_HOURS);
    ctx.store
        .create_session(&hash_token(&token), auth.user.id, expires_at)?;
    Ok(LoginOutput {
        token,
        user: auth.user,
        expires_at,
    })
}

pub fn logout(ctx: &Context, session: &Session, _: Empty) -> Result<Empty, ApiError> {
    ctx.store.delete_session(&session.token_hash)?;
    Ok(Empty {})
}

pub fn whoami(ctx: &Context, session: &Session, _: Empty) -> Result<WhoAmI, ApiError> {
    authorize(&session.user, Action::Read)?;
    Ok(WhoAmI {
        user: session.user.clone(),
        publication: ctx.store.publication()?,
    })
}

pub fn change_password(
    ctx: &Context,
    session: &Session,
    input: ChangePasswordInput,
) -> Result<Empty, ApiError> {
    let auth = ctx
        .store
        .user_auth(&session.user.username)?
        .ok_or_else(ApiError::unauthorized)?;
    if !verify_password(&input.old_password, &auth.password_hash) {
        return Err(ApiError::invalid("原密码不正确", "wrong old password"));
    }
    let hash = hash_password(&input.new_password)?;
    ctx.store.update_user(
        session.user.id,
        &UserUpdate {
            password_hash: Some(hash),
            ..Default::default()
        },
    )?;
    Ok(Empty {})
}

pub fn list_users(ctx: &Context, session: &Session, _: Empty) -> Result<Vec<User>, ApiError> {
    authorize(&session.user, Action::ManageUsers)?;
    Ok(ctx.store.list_users()?)
}

/// Create an account without a session (the CLI and demo seeding use this;
/// the command checks the admin role first).
pub fn add_user(ctx: &Context, input: CreateUserInput) -> Result<User, ApiError> {
    let username = input.username.trim();
    check_username(username)?;
    check_display_name(&input.display_name)?;
    let review_levels = input.review_levels.clone().unwrap_or_default();
    check_levels(&review_levels)?;
    if input.roles.is_empty() {
        return Err(ApiError::invalid(
            "请至少选择一个角色",
            "an account needs at least one role",
        ));
    }
    let hash = hash_password(&input.password)?;
    let mut roles = input.roles.clone();
    roles.sort();
    roles.dedup();
    Ok(ctx.store.create_user(&NewUser {
        username: username.to_string(),
        display_name: input.display_name.trim().to_string(),
        password_hash: hash,
        roles,
        review_levels,
    })?)
}

pub fn create_user(
    ctx: &Context,
    session: &Session,
    input: CreateUserInput,
) -> Result<User, ApiError> {
    authorize(&session.user, Action::ManageUsers)?;
    add_user(ctx, input)
}

pub fn update_user(
    ctx: &Context,
    session: &Session,
    input: UpdateUserInput,
) -> Result<User, ApiError> {
    authorize(&session.user, Action::ManageUsers)?;
    if let Some(name) = &input.display_name {
        check_display_name(name)?;
    }
    if let Some(levels) = &input.review_levels {
        check_levels(levels)?;
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
    let password_hash = input.password.as_deref().map(hash_password).transpose()?;
    Ok(ctx.store.update_user(
        input.id,
        &UserUpdate {
            display_name: input.display_name.map(|s| s.trim().to_string()),
            roles: input.roles,
            review_levels: input.review_levels,
            disabled: input.disabled,
            password_hash,
        },
    )?)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn waits_begin_after_free_attempts_and_double() {
        let t0 = Utc::now();
        assert_eq!(login_wait(4, Some(t0), t0), None);
        assert_eq!(login_wait(5, Some(t0), t0), Some(30));
        assert_eq!(login_wait(6, Some(t0), t0), Some(60));
        assert_eq!(login_wait(40, Some(t0), t0), Some(MAX_WAIT_SECS));
        assert_eq!(login_wait(5, Some(t0), t0 + Duration::seconds(31)), None);
    }

    #[test]
    fn passwords_hash_and_verify() {
        let h = hash_password("青禾2026secret").unwrap();
        assert!(h.starts_with("$argon2id$"));
        assert!(verify_password("青禾2026secret", &h));
        assert!(!verify_password("wrong-password", &h));
        assert!(hash_password("short").is_err());
    }
}
