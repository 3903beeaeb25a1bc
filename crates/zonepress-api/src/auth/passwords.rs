//! Passwords: Argon2id hashing (a few at a time), the rules a chosen password
//! must meet, and changing one's own password.

use std::time::Instant;

use argon2::password_hash::SaltString;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use super::{MIN_PASSWORD_CHARS, throttled};
use crate::events::{Change, EventKind};
use crate::{ApiError, Context, Session};

#[derive(Debug, Clone, Deserialize, Serialize, TS, JsonSchema)]
#[serde(deny_unknown_fields)]
#[ts(optional_fields)]
pub struct ChangePasswordInput {
    pub old_password: String,
    pub new_password: String,
}

/// Argon2id with a random salt, as a PHC string (no rules checked: the
/// callers check [`validate_password`] first).
pub(super) fn hash_unchecked(password: &str) -> Result<String, ApiError> {
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
    super::sessions::announce_ended(
        ctx,
        session,
        user.id,
        ended,
        super::sessions::Ended::PasswordChanged,
    );
    ctx.publish(Change::new(EventKind::User, "password", user.id).by(&session.user));
    Ok(PasswordChanged {
        other_sessions_ended: n,
    })
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
