//! Network readiness: which accounts keep the workspace from being served
//! beyond this machine, and the rule that keeps them from being (re-)enabled
//! while it is.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use ts_rs::TS;
use zonepress_core::Id;
use zonepress_store::users::PasswordOrigin;

use super::verify_password;
use crate::{ApiError, Context, ErrorCode};

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
pub(super) fn check_enable_while_shared(
    ctx: &Context,
    id: Id,
    new_password: bool,
) -> Result<(), ApiError> {
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
