//! Contributors 通讯员: the list editors and admins keep (a contributor may
//! also be an account; phone numbers for editors and admins only).

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use ts_rs::TS;
use zonepress_core::{Action, Id, authorize};
use zonepress_store::contributors::ContributorEdit;

use crate::events::{Change, EventKind};
use crate::{ApiError, Context, Empty, Session};
pub use zonepress_store::contributors::Contributor;

// ---------------------------------------------------------------- contributors

#[derive(Debug, Clone, Deserialize, Serialize, TS, JsonSchema)]
#[serde(deny_unknown_fields)]
#[ts(optional_fields)]
pub struct SaveContributorInput {
    /// Absent: a new contributor. Present: fields left out keep their value.
    #[serde(default)]
    pub id: Option<Id>,
    pub name: String,
    #[serde(default)]
    pub unit: Option<String>,
    #[serde(default)]
    pub phone: Option<String>,
    /// The account this contributor also is; 0 removes the link.
    #[serde(default)]
    pub user_id: Option<Id>,
    /// 领取稿酬 (default yes).
    #[serde(default)]
    pub paid: Option<bool>,
    /// Still writing (default yes).
    #[serde(default)]
    pub active: Option<bool>,
    #[serde(default)]
    pub note: Option<String>,
}

pub(super) fn validate_text(what: &str, s: &str, max: usize) -> Result<(), ApiError> {
    if s.chars().count() > max {
        return Err(ApiError::invalid(
            format!("{what}过长（最多{max}字）"),
            format!("{what} too long"),
        ));
    }
    if s.chars().any(char::is_control) {
        return Err(ApiError::invalid(
            format!("{what}中含有不可见的控制字符"),
            format!("{what} has control characters"),
        ));
    }
    Ok(())
}

fn validate_name(name: &str) -> Result<(), ApiError> {
    if name.is_empty() {
        return Err(ApiError::invalid("请填写通讯员姓名", "empty name"));
    }
    validate_text("姓名", name, 20)?;
    if name
        .chars()
        .any(|c| c.is_whitespace() || "、，,／/；;：:|（）()".contains(c))
    {
        return Err(ApiError::invalid(
            "姓名中不能含有空格或、，／：等分隔符号（署名靠这些符号区分不同的人）",
            "separator in name",
        ));
    }
    Ok(())
}

fn validate_phone(phone: &str) -> Result<(), ApiError> {
    validate_text("电话", phone, 30)?;
    if !phone
        .chars()
        .all(|c| c.is_ascii_digit() || " -+()（）转#".contains(c))
    {
        return Err(ApiError::invalid(
            "电话号码只能包含数字、空格、-、+、括号和“转”",
            "bad phone",
        ));
    }
    Ok(())
}

/// Contributors, active first. Phone numbers only for those who keep the list.
pub fn list_contributors(
    ctx: &Context,
    session: &Session,
    _: Empty,
) -> Result<Vec<Contributor>, ApiError> {
    authorize(&session.user, Action::Read)?;
    super::phones::contributors_for(ctx, session)
}

/// Add or change a contributor (editors and admins).
pub fn save_contributor(
    ctx: &Context,
    session: &Session,
    input: SaveContributorInput,
) -> Result<Contributor, ApiError> {
    authorize(&session.user, Action::ManageContributors)?;
    let before = input.id.map(|id| ctx.store().contributor(id)).transpose()?;
    let keep = |given: Option<String>, old: Option<&String>| {
        given
            .map(|s| s.trim().to_string())
            .or_else(|| old.cloned())
            .unwrap_or_default()
    };
    let edit = ContributorEdit {
        id: input.id,
        name: input.name.trim().to_string(),
        unit: keep(input.unit, before.as_ref().map(|b| &b.unit)),
        phone: keep(input.phone, before.as_ref().map(|b| &b.phone)),
        user_id: match input.user_id {
            Some(0) => None,
            Some(id) => Some(id),
            None => before.as_ref().and_then(|b| b.user.as_ref().map(|u| u.id)),
        },
        paid: input
            .paid
            .or(before.as_ref().map(|b| b.paid))
            .unwrap_or(true),
        active: input
            .active
            .or(before.as_ref().map(|b| b.active))
            .unwrap_or(true),
        note: keep(input.note, before.as_ref().map(|b| &b.note)),
    };
    validate_name(&edit.name)?;
    validate_text("单位", &edit.unit, 40)?;
    validate_phone(&edit.phone)?;
    validate_text("备注", &edit.note, 200)?;
    let saved = super::phones::for_reader(
        session,
        ctx.store().save_contributor(&session.actor(), &edit)?,
    );
    ctx.publish(
        Change::new(
            EventKind::Contributor,
            if before.is_some() { "update" } else { "create" },
            saved.id,
        )
        .by(&session.user),
    );
    Ok(saved)
}
