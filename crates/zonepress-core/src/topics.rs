//! 选题 topics and 派稿 assignments: the states a topic goes through and
//! the rules of moving between them. No IO.
//!
//! A topic's own state is set by editors (`proposed` → `accepted`,
//! `declined` or `held`; `accepted` → `assigned`; any open one →
//! `cancelled`). Once an article is linked, what the topic shows follows the
//! article: 写作中 while it is a draft or returned, 已交稿 once submitted,
//! 已完成 once signed at the last level ([`effective_state`]).

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::error::CoreError;
use crate::model::{ArticleStatus, Id};

/// Where a topic stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, TS, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum TopicState {
    /// 报题
    Proposed,
    /// 已通过
    Accepted,
    /// 不采用
    Declined,
    /// 待定
    Held,
    /// 已派稿
    Assigned,
    /// 写作中
    InProgress,
    /// 已交稿
    Submitted,
    /// 已完成
    Done,
    /// 已取消
    Cancelled,
}

impl TopicState {
    pub const ALL: [TopicState; 9] = [
        TopicState::Proposed,
        TopicState::Accepted,
        TopicState::Declined,
        TopicState::Held,
        TopicState::Assigned,
        TopicState::InProgress,
        TopicState::Submitted,
        TopicState::Done,
        TopicState::Cancelled,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            TopicState::Proposed => "proposed",
            TopicState::Accepted => "accepted",
            TopicState::Declined => "declined",
            TopicState::Held => "held",
            TopicState::Assigned => "assigned",
            TopicState::InProgress => "in_progress",
            TopicState::Submitted => "submitted",
            TopicState::Done => "done",
            TopicState::Cancelled => "cancelled",
        }
    }

    pub fn label_zh(self) -> &'static str {
        match self {
            TopicState::Proposed => "报题",
            TopicState::Accepted => "已通过",
            TopicState::Declined => "不采用",
            TopicState::Held => "待定",
            TopicState::Assigned => "已派稿",
            TopicState::InProgress => "写作中",
            TopicState::Submitted => "已交稿",
            TopicState::Done => "已完成",
            TopicState::Cancelled => "已取消",
        }
    }

    pub fn parse(s: &str) -> Option<TopicState> {
        TopicState::ALL.into_iter().find(|t| t.as_str() == s)
    }
}

/// An editor's decision on a proposed topic.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum TopicDecision {
    Accepted,
    Declined,
    Held,
}

impl TopicDecision {
    pub fn state(self) -> TopicState {
        match self {
            TopicDecision::Accepted => TopicState::Accepted,
            TopicDecision::Declined => TopicState::Declined,
            TopicDecision::Held => TopicState::Held,
        }
    }
}

/// 头条 / 重点 / 一般.
#[derive(
    Debug,
    Clone,
    Copy,
    PartialEq,
    Eq,
    PartialOrd,
    Ord,
    Default,
    Serialize,
    Deserialize,
    TS,
    JsonSchema,
)]
#[serde(rename_all = "snake_case")]
pub enum TopicPriority {
    /// 头条
    Headline,
    /// 重点
    Major,
    /// 一般
    #[default]
    Normal,
}

impl TopicPriority {
    pub fn as_str(self) -> &'static str {
        match self {
            TopicPriority::Headline => "headline",
            TopicPriority::Major => "major",
            TopicPriority::Normal => "normal",
        }
    }

    pub fn parse(s: &str) -> TopicPriority {
        match s {
            "headline" => TopicPriority::Headline,
            "major" => TopicPriority::Major,
            _ => TopicPriority::Normal,
        }
    }
}

/// The longest title, points and sources of a topic (characters).
pub const MAX_TITLE: usize = 120;
pub const MAX_POINTS: usize = 4000;
pub const MAX_SOURCES: usize = 1000;
pub const MAX_REASON: usize = 500;
/// The largest expected length and photo count.
pub const MAX_EXPECTED_CHARS: u32 = 50_000;
pub const MAX_EXPECTED_PHOTOS: u32 = 50;

fn validate_len(what_zh: &str, s: &str, max: usize) -> Result<(), CoreError> {
    let n = s.chars().count();
    if n > max {
        return Err(CoreError::invalid(
            format!("{what_zh} too long: {n} > {max}"),
            format!("{what_zh}过长：{n}字，最多{max}字"),
        ));
    }
    if let Some(c) = s
        .chars()
        .find(|c| c.is_control() && *c != '\n' && *c != '\t')
    {
        return Err(CoreError::invalid(
            format!("{what_zh} contains control character U+{:04X}", c as u32),
            format!("{what_zh}中含有不可见的控制字符，请删除后再保存"),
        ));
    }
    Ok(())
}

/// Check what a proposal says: a title, lengths within bounds.
pub fn validate_topic(
    title: &str,
    points: &str,
    sources: &str,
    expected_chars: Option<u32>,
    expected_photos: Option<u32>,
) -> Result<(), CoreError> {
    if title.trim().is_empty() {
        return Err(CoreError::invalid("topic title empty", "请填写选题标题"));
    }
    validate_len("选题标题", title, MAX_TITLE)?;
    validate_len("内容要点", points, MAX_POINTS)?;
    validate_len("线索来源", sources, MAX_SOURCES)?;
    if expected_chars.is_some_and(|c| c > MAX_EXPECTED_CHARS) {
        return Err(CoreError::invalid(
            "expected length too large",
            format!("预计字数最多{MAX_EXPECTED_CHARS}字"),
        ));
    }
    if expected_photos.is_some_and(|c| c > MAX_EXPECTED_PHOTOS) {
        return Err(CoreError::invalid(
            "too many expected photos",
            format!("预计图片最多{MAX_EXPECTED_PHOTOS}张"),
        ));
    }
    Ok(())
}

/// Check a decision: declining needs a reason; only a topic not yet
/// assigned can be decided on.
pub fn check_decision(
    from: TopicState,
    decision: TopicDecision,
    reason: &str,
) -> Result<(), CoreError> {
    validate_len("理由", reason, MAX_REASON)?;
    if decision == TopicDecision::Declined && reason.trim().is_empty() {
        return Err(CoreError::invalid(
            "declining needs a reason",
            "不采用选题须填写理由",
        ));
    }
    match from {
        TopicState::Proposed | TopicState::Accepted | TopicState::Held | TopicState::Declined => {
            Ok(())
        }
        other => Err(CoreError::wrong_state(
            format!("topic is {}", other.as_str()),
            format!("选题当前为“{}”，不能再改变采用与否", other.label_zh()),
        )),
    }
}

/// Check that a topic may be assigned (or reassigned).
pub fn check_assign(from: TopicState) -> Result<(), CoreError> {
    match from {
        TopicState::Accepted | TopicState::Assigned | TopicState::InProgress => Ok(()),
        TopicState::Proposed | TopicState::Held => Err(CoreError::wrong_state(
            format!("topic is {}", from.as_str()),
            format!("选题当前为“{}”，须先通过才能派稿", from.label_zh()),
        )),
        other => Err(CoreError::wrong_state(
            format!("topic is {}", other.as_str()),
            format!("选题当前为“{}”，不能派稿", other.label_zh()),
        )),
    }
}

/// What a topic shows: its own state, or, once an article is linked, the
/// article's progress.
pub fn effective_state(own: TopicState, article: Option<ArticleStatus>) -> TopicState {
    let Some(status) = article else {
        return own;
    };
    if matches!(own, TopicState::Cancelled | TopicState::Declined) {
        return own;
    }
    match status {
        ArticleStatus::Draft | ArticleStatus::Returned => TopicState::InProgress,
        ArticleStatus::InReview => TopicState::Submitted,
        // 已签发: signed at the last review level.
        ArticleStatus::Approved => TopicState::Done,
        ArticleStatus::Withdrawn => TopicState::InProgress,
    }
}

/// Check that a topic may be cancelled (撤销选题): any open one, not one
/// already done, declined or cancelled. `shown` is what the topic shows
/// (its article's progress once linked).
pub fn check_cancel(shown: TopicState, reason: &str) -> Result<(), CoreError> {
    validate_len("理由", reason, MAX_REASON)?;
    match shown {
        TopicState::Done | TopicState::Declined | TopicState::Cancelled => {
            Err(CoreError::wrong_state(
                format!("topic is {}", shown.as_str()),
                format!("选题当前为“{}”，不能取消", shown.label_zh()),
            ))
        }
        _ => Ok(()),
    }
}

/// How many characters a reserved slot holds when its topic names no
/// expected length: a common news story of the bulletin.
pub const SLOT_DEFAULT_CHARS: u32 = 800;

/// 预留版位: a place on a page held for a topic whose article is not on the
/// page yet. It is typeset as a placeholder of the topic's expected length
/// (so it counts in the page's fit and in its hash) showing the title, the
/// owner and the deadline; preflight and the final export refuse it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS, JsonSchema)]
pub struct ReservedSlot {
    /// 第N版.
    pub page: u8,
    pub topic_id: Id,
    pub title: String,
    /// Who writes it (the assignee's name); empty when not yet assigned.
    pub owner: String,
    /// 截稿 as written, when assigned.
    pub due: Option<String>,
    pub expected_chars: Option<u32>,
    pub expected_photos: Option<u32>,
    pub priority: TopicPriority,
    /// The topic's article when it exists but is not on any page.
    pub article_id: Option<Id>,
}

impl ReservedSlot {
    /// The characters the slot holds on the page.
    pub fn chars(&self) -> u32 {
        self.expected_chars
            .filter(|c| *c > 0)
            .unwrap_or(SLOT_DEFAULT_CHARS)
            .min(MAX_EXPECTED_CHARS)
    }
}

/// Check that a topic in this state may hold a page slot.
pub fn check_reserve(state: TopicState) -> Result<(), CoreError> {
    match state {
        TopicState::Declined | TopicState::Cancelled => Err(CoreError::wrong_state(
            format!("topic is {}", state.as_str()),
            format!("选题当前为“{}”，不能预留版位", state.label_zh()),
        )),
        _ => Ok(()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_article_drives_the_state_once_linked() {
        use ArticleStatus::*;
        let a = TopicState::Assigned;
        assert_eq!(effective_state(a, None), TopicState::Assigned);
        assert_eq!(effective_state(a, Some(Draft)), TopicState::InProgress);
        assert_eq!(effective_state(a, Some(InReview)), TopicState::Submitted);
        assert_eq!(effective_state(a, Some(Returned)), TopicState::InProgress);
        assert_eq!(effective_state(a, Some(Approved)), TopicState::Done);
        assert_eq!(
            effective_state(TopicState::Cancelled, Some(Approved)),
            TopicState::Cancelled
        );
    }

    #[test]
    fn declining_needs_a_reason_and_assigned_topics_are_not_decided_again() {
        assert!(check_decision(TopicState::Proposed, TopicDecision::Declined, " ").is_err());
        assert!(check_decision(TopicState::Proposed, TopicDecision::Declined, "重复").is_ok());
        assert!(check_decision(TopicState::Assigned, TopicDecision::Held, "").is_err());
        assert!(check_assign(TopicState::Proposed).is_err());
        assert!(check_assign(TopicState::Accepted).is_ok());
        assert!(check_assign(TopicState::Assigned).is_ok());
    }

    #[test]
    fn open_topics_can_be_cancelled_and_closed_ones_not() {
        assert!(check_cancel(TopicState::Assigned, "活动延期").is_ok());
        assert!(check_cancel(TopicState::Submitted, "").is_ok());
        assert!(check_cancel(TopicState::Done, "").is_err());
        assert!(check_cancel(TopicState::Cancelled, "").is_err());
        assert!(check_reserve(TopicState::Declined).is_err());
        assert!(check_reserve(TopicState::Proposed).is_ok());
    }

    #[test]
    fn a_slot_without_an_expected_length_holds_a_common_story() {
        let mut s = ReservedSlot {
            page: 2,
            topic_id: 1,
            title: "园区新签项目".into(),
            owner: String::new(),
            due: None,
            expected_chars: None,
            expected_photos: None,
            priority: TopicPriority::Normal,
            article_id: None,
        };
        assert_eq!(s.chars(), SLOT_DEFAULT_CHARS);
        s.expected_chars = Some(1200);
        assert_eq!(s.chars(), 1200);
    }

    #[test]
    fn titles_are_bounded_and_required() {
        assert!(validate_topic("", "", "", None, None).is_err());
        assert!(validate_topic(&"长".repeat(MAX_TITLE + 1), "", "", None, None).is_err());
        assert!(validate_topic("标题\u{7}", "", "", None, None).is_err());
        assert!(validate_topic("园区新签项目", "要点", "", Some(1200), Some(2)).is_ok());
        assert!(validate_topic("园区新签项目", "", "", Some(1_000_000), None).is_err());
    }
}
