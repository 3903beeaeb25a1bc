//! The lists proofreading checks against: the roster of officials and the
//! confusable and deprecated word list (seeded once, kept by admins).

use chrono::NaiveDate;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use ts_rs::TS;
use zonepress_core::{Action, Id, authorize};
use zonepress_proof::WordKind;
use zonepress_store::proof::{RosterRow, WordRow};

use super::kind_str;
use crate::articles::IdInput;
use crate::events::{Change, EventKind};
use crate::{ApiError, Context, Empty, Session};

/// Put the starter word list into a workspace that never had one; a
/// workspace seeded before the 内部资料 entries existed gets those once
/// (an admin who deletes them later switches the rule off for good).
pub fn seed_word_list(ctx: &Context) -> Result<(), ApiError> {
    let seeded = ctx.store().setting("word_list_seeded")?.is_some();
    let internal_seeded = ctx.store().setting("word_list_internal_seeded")?.is_some();
    if seeded && internal_seeded {
        return Ok(());
    }
    let rows: Vec<WordRow> = zonepress_proof::starter_word_list()
        .into_iter()
        .filter(|w| !seeded || w.kind == WordKind::Internal)
        .map(|w| WordRow {
            id: 0,
            wrong: w.wrong,
            right: w.right,
            kind: kind_str(w.kind).into(),
            note: w.note,
            certain: w.certain,
            exceptions: w.exceptions,
        })
        .collect();
    ctx.store()
        .add_word_rules(&zonepress_store::audit::Actor::system(), &rows)?;
    ctx.store().set_setting("word_list_seeded", "1")?;
    ctx.store().set_setting("word_list_internal_seeded", "1")?;
    Ok(())
}

#[derive(Debug, Clone, Deserialize, Serialize, TS, JsonSchema)]
#[serde(deny_unknown_fields)]
#[ts(optional_fields)]
pub struct RosterInput {
    /// Absent or 0 adds an entry.
    #[serde(default)]
    pub id: Option<Id>,
    pub name: String,
    pub title: String,
    #[serde(default)]
    pub valid_from: Option<NaiveDate>,
    #[serde(default)]
    pub valid_to: Option<NaiveDate>,
    #[serde(default)]
    pub note: Option<String>,
    /// 排序 (lower is higher); absent: no rank.
    #[serde(default)]
    pub rank: Option<u32>,
}

/// 排序 by dragging: the ranked entries in their new order.
#[derive(Debug, Clone, Deserialize, Serialize, TS, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ReorderRosterInput {
    /// Roster entry ids, highest rank first; every other entry loses its rank.
    pub ids: Vec<Id>,
}

#[derive(Debug, Clone, Deserialize, Serialize, TS, JsonSchema)]
#[serde(deny_unknown_fields)]
#[ts(optional_fields)]
pub struct WordInput {
    /// Absent or 0 adds an entry.
    #[serde(default)]
    pub id: Option<Id>,
    pub wrong: String,
    pub right: String,
    /// `confusable` (易错词) or `deprecated` (不规范用语).
    pub kind: String,
    #[serde(default)]
    pub note: Option<String>,
    #[serde(default)]
    pub certain: Option<bool>,
    #[serde(default)]
    pub exceptions: Option<Vec<String>>,
}

pub fn list_roster(ctx: &Context, session: &Session, _: Empty) -> Result<Vec<RosterRow>, ApiError> {
    authorize(&session.user, Action::Read)?;
    Ok(ctx.store().roster()?)
}

fn validate_line(label: &str, s: &str, max: usize, required: bool) -> Result<String, ApiError> {
    let t = s.trim();
    if required && t.is_empty() {
        return Err(ApiError::invalid(
            format!("{label}不能为空"),
            format!("{label} empty"),
        ));
    }
    if t.chars().count() > max || t.chars().any(char::is_control) {
        return Err(ApiError::invalid(
            format!("{label}过长或含有控制字符（最多{max}字）"),
            format!("{label} too long"),
        ));
    }
    Ok(t.to_string())
}

pub fn save_roster_entry(
    ctx: &Context,
    session: &Session,
    input: RosterInput,
) -> Result<RosterRow, ApiError> {
    authorize(&session.user, Action::ManageSettings)?;
    if let (Some(a), Some(b)) = (input.valid_from, input.valid_to)
        && a > b
    {
        return Err(ApiError::invalid(
            "任职起始日期晚于结束日期",
            "valid_from after valid_to",
        ));
    }
    let row = ctx.store().save_roster(
        &session.actor(),
        &RosterRow {
            id: input.id.unwrap_or(0),
            name: validate_line("姓名", &input.name, 20, true)?,
            title: validate_line("职务", &input.title, 80, true)?,
            valid_from: input.valid_from,
            valid_to: input.valid_to,
            note: validate_line("备注", input.note.as_deref().unwrap_or(""), 200, false)?,
            rank: validate_rank(input.rank)?,
        },
    )?;
    ctx.publish(Change::new(EventKind::Proof, "roster", row.id).by(&session.user));
    Ok(row)
}

/// The largest 排序 number (a roster is a few dozen people).
const MAX_RANK: u32 = 9999;

fn validate_rank(rank: Option<u32>) -> Result<Option<u32>, ApiError> {
    match rank {
        Some(r) if r == 0 || r > MAX_RANK => Err(ApiError::invalid(
            format!("排序应为1到{MAX_RANK}之间的整数"),
            format!("rank {r} out of range"),
        )),
        _ => Ok(rank),
    }
}

/// 排序 by dragging (admin): the given entries get the ranks 1, 2, 3 … in
/// that order, every other entry none.
pub fn reorder_roster(
    ctx: &Context,
    session: &Session,
    input: ReorderRosterInput,
) -> Result<Vec<RosterRow>, ApiError> {
    authorize(&session.user, Action::ManageSettings)?;
    let mut seen = std::collections::HashSet::new();
    if input.ids.len() > MAX_RANK as usize || !input.ids.iter().all(|id| seen.insert(*id)) {
        return Err(ApiError::invalid(
            "排序列表中有重复的条目",
            "roster order lists an entry twice",
        ));
    }
    let rows = ctx.store().reorder_roster(&session.actor(), &input.ids)?;
    ctx.publish(Change::new(EventKind::Proof, "roster", 0).by(&session.user));
    Ok(rows)
}

pub fn delete_roster_entry(
    ctx: &Context,
    session: &Session,
    input: IdInput,
) -> Result<Empty, ApiError> {
    authorize(&session.user, Action::ManageSettings)?;
    ctx.store().delete_roster(&session.actor(), input.id)?;
    ctx.publish(Change::new(EventKind::Proof, "roster", input.id).by(&session.user));
    Ok(Empty {})
}

pub fn list_word_rules(
    ctx: &Context,
    session: &Session,
    _: Empty,
) -> Result<Vec<WordRow>, ApiError> {
    authorize(&session.user, Action::Read)?;
    Ok(ctx.store().word_rules()?)
}

pub fn save_word_rule(
    ctx: &Context,
    session: &Session,
    input: WordInput,
) -> Result<WordRow, ApiError> {
    authorize(&session.user, Action::ManageSettings)?;
    if !["confusable", "deprecated", "internal"].contains(&input.kind.as_str()) {
        return Err(ApiError::invalid(
            "类型只能是“易错词”（confusable）、“不规范用语”（deprecated）或“内部资料用语”（internal）",
            "unknown word kind",
        ));
    }
    let wrong = validate_line("错误写法", &input.wrong, 30, true)?;
    let right = validate_line("正确写法", &input.right, 30, true)?;
    if wrong == right {
        return Err(ApiError::invalid(
            "错误写法与正确写法相同",
            "wrong == right",
        ));
    }
    let row = ctx.store().save_word_rule(
        &session.actor(),
        &WordRow {
            id: input.id.unwrap_or(0),
            wrong,
            right,
            kind: input.kind,
            note: validate_line("说明", input.note.as_deref().unwrap_or(""), 200, false)?,
            certain: input.certain.unwrap_or(true),
            exceptions: input
                .exceptions
                .unwrap_or_default()
                .into_iter()
                .map(|e| e.trim().to_string())
                .filter(|e| !e.is_empty())
                .collect(),
        },
    )?;
    ctx.publish(Change::new(EventKind::Proof, "words", row.id).by(&session.user));
    Ok(row)
}

pub fn delete_word_rule(
    ctx: &Context,
    session: &Session,
    input: IdInput,
) -> Result<Empty, ApiError> {
    authorize(&session.user, Action::ManageSettings)?;
    ctx.store().delete_word_rule(&session.actor(), input.id)?;
    ctx.publish(Change::new(EventKind::Proof, "words", input.id).by(&session.user));
    Ok(Empty {})
}
