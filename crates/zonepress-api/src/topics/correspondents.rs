//! 通讯员 accounts: an admin makes a member unit's writer an account in one
//! step, linked to their contributor record (made with the account when
//! there is none), both in one transaction. The password is the admin's,
//! so the owner must choose a new one at the first sign-in.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use ts_rs::TS;
use zonepress_core::{Action, Id, Role, User, authorize};
use zonepress_store::contributors::{Contributor, ContributorEdit};
use zonepress_store::users::PasswordOrigin;

use crate::events::{Change, EventKind};
use crate::{ApiError, Context, Session};

#[derive(Debug, Clone, Deserialize, Serialize, TS, JsonSchema)]
#[serde(deny_unknown_fields)]
#[ts(optional_fields)]
pub struct CreateCorrespondentInput {
    pub username: String,
    pub display_name: String,
    /// The first password; the owner changes it at the first sign-in.
    pub password: String,
    /// The contributor record to link; absent: one is made.
    #[serde(default)]
    pub contributor_id: Option<Id>,
    /// 单位 of a new contributor record.
    #[serde(default)]
    pub unit: Option<String>,
    #[serde(default)]
    pub phone: Option<String>,
}

#[derive(Debug, Clone, Serialize, Deserialize, TS, JsonSchema)]
pub struct CorrespondentAccount {
    pub user: User,
    pub contributor: Contributor,
}

/// 开通通讯员账号 (admin).
pub fn create_correspondent(
    ctx: &Context,
    session: &Session,
    input: CreateCorrespondentInput,
) -> Result<CorrespondentAccount, ApiError> {
    authorize(&session.user, Action::ManageUsers)?;
    let existing = input
        .contributor_id
        .map(|id| ctx.store().contributor(id))
        .transpose()?;
    if let Some(c) = &existing
        && let Some(u) = &c.user
    {
        return Err(ApiError::invalid(
            format!("通讯员“{}”已有账号“{}”", c.name, u.username),
            format!("contributor {} already has account {}", c.id, u.username),
        ));
    }
    let new = crate::auth::new_user(
        ctx,
        crate::auth::CreateUserInput {
            username: input.username,
            display_name: input.display_name,
            password: input.password,
            roles: vec![Role::Correspondent],
            review_levels: None,
        },
        PasswordOrigin::Admin,
    )?;
    let unit = input.unit.unwrap_or_default().trim().to_string();
    let phone = input.phone.unwrap_or_default().trim().to_string();
    // One transaction: the account and its contributor record, or neither.
    let (user, contributor) = ctx.store().create_account_with_contributor(
        &session.actor(),
        &new,
        |user| match existing {
            Some(c) => ContributorEdit {
                id: Some(c.id),
                name: c.name,
                unit: c.unit,
                phone: c.phone,
                user_id: Some(user.id),
                paid: c.paid,
                active: c.active,
                note: c.note,
            },
            None => ContributorEdit {
                id: None,
                name: user.display_name.clone(),
                unit,
                phone,
                user_id: Some(user.id),
                paid: true,
                active: true,
                note: String::new(),
            },
        },
    )?;
    ctx.publish(Change::new(EventKind::User, "create", user.id).by(&session.user));
    ctx.publish(Change::new(EventKind::Contributor, "save", contributor.id).by(&session.user));
    Ok(CorrespondentAccount { user, contributor })
}
