//! Accounts: listing, creating (the first admin of a new workspace too) and
//! changing them (admin).

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use ts_rs::TS;
use zonepress_core::{Action, Field, Id, Role, User, authorize};
use zonepress_store::users::{NewUser, PasswordOrigin, UserUpdate};

use super::{check_enable_while_shared, hash_demo_password, hash_unchecked, validate_password};
use crate::events::{Change, EventKind};
use crate::{ApiError, Context, Empty, Session};

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
    let new = new_user(ctx, input, origin)?;
    let user = ctx.store().create_user(&session.actor(), &new)?;
    ctx.publish(Change::new(EventKind::User, "create", user.id).by(&session.user));
    Ok(user)
}

/// An account to store: the name, roles and levels checked, the password
/// checked against the rules and hashed.
pub(crate) fn new_user(
    ctx: &Context,
    input: CreateUserInput,
    origin: PasswordOrigin,
) -> Result<NewUser, ApiError> {
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
    Ok(NewUser {
        username: username.to_string(),
        display_name: input.display_name.trim().to_string(),
        password_hash: hash,
        roles,
        review_levels,
        password_origin: origin,
    })
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
