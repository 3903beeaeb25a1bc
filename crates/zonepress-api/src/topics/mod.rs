//! 选题 and 派稿: proposing topics (报题), the editors' decisions, assigning
//! a topic with a deadline 截稿, and the article written for it.
//!
//! Anyone signed in proposes; editors and admins decide, assign and link
//! (`PlanTopics`). A 通讯员 sees only the topics they proposed or were
//! given, and starts the article of a topic given to them.

pub mod correspondents;
pub mod pieces;
pub mod slots;

use chrono::{DateTime, FixedOffset, NaiveDate, NaiveDateTime, TimeZone, Utc};
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use ts_rs::TS;
use zonepress_core::topics::{TopicState, validate_topic};
use zonepress_core::{Action, Article, ArticleKind, Id, Role, authorize, is_staff};
use zonepress_store::notifications::Delivery;
use zonepress_store::topics::{Assignment, NewTopic, TopicFilter};

use crate::events::{Change, EventKind};
use crate::{ApiError, Context, ErrorCode, Session};
pub use zonepress_core::topics::{TopicDecision, TopicPriority};
pub use zonepress_store::topics::Topic;

#[derive(Debug, Clone, Default, Deserialize, Serialize, TS, JsonSchema)]
#[serde(deny_unknown_fields)]
#[ts(optional_fields)]
pub struct ProposeTopicInput {
    #[serde(default)]
    pub issue_id: Option<Id>,
    pub title: String,
    /// 内容要点.
    #[serde(default)]
    pub points: Option<String>,
    /// `news` 消息, `feature` 通讯, `photo` 图片, `briefs` 要闻快览 item, or any short word.
    #[serde(default)]
    pub kind: Option<String>,
    #[serde(default)]
    pub expected_chars: Option<u32>,
    #[serde(default)]
    pub expected_photos: Option<u32>,
    #[serde(default)]
    pub priority: Option<TopicPriority>,
    /// 线索来源与联系人.
    #[serde(default)]
    pub sources: Option<String>,
    /// 预留版位: the page of the issue kept for it.
    #[serde(default)]
    pub page: Option<u8>,
}

#[derive(Debug, Clone, Deserialize, Serialize, TS, JsonSchema)]
#[serde(deny_unknown_fields)]
#[ts(optional_fields)]
pub struct DecideTopicInput {
    pub id: Id,
    pub decision: TopicDecision,
    #[serde(default)]
    pub reason: Option<String>,
}

#[derive(Debug, Clone, Deserialize, Serialize, TS, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct TopicIdInput {
    pub id: Id,
}

#[derive(Debug, Clone, Default, Deserialize, Serialize, TS, JsonSchema)]
#[serde(deny_unknown_fields)]
#[ts(optional_fields)]
pub struct ListTopicsInput {
    #[serde(default)]
    pub issue_id: Option<Id>,
    #[serde(default)]
    pub state: Option<TopicState>,
    /// The assignee's username.
    #[serde(default)]
    pub assignee: Option<String>,
}

#[derive(Debug, Clone, Deserialize, Serialize, TS, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct AssignTopicInput {
    pub topic_id: Id,
    /// The assignee's username (a staff writer or a 通讯员).
    pub assignee: String,
    /// 截稿: a date (`2026-12-10`, the end of that day) or a date-time
    /// (`2026-12-10T18:00`), Beijing time.
    pub due: String,
}

#[derive(Debug, Clone, Deserialize, Serialize, TS, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct TopicRefInput {
    pub topic_id: Id,
}

#[derive(Debug, Clone, Deserialize, Serialize, TS, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct LinkTopicArticleInput {
    pub topic_id: Id,
    pub article_id: Id,
}

/// A topic with who was told about it and whether they read it (that
/// part for editors only).
#[derive(Debug, Clone, Serialize, Deserialize, TS, JsonSchema)]
pub struct TopicDetail {
    pub topic: Topic,
    pub deliveries: Vec<Delivery>,
}

/// An article and the topic it was written for, after 开始写稿.
#[derive(Debug, Clone, Serialize, Deserialize, TS, JsonSchema)]
pub struct StartedArticle {
    pub topic: Topic,
    pub article: Article,
}

/// The offset of Beijing time, in which deadlines are written.
fn beijing() -> FixedOffset {
    FixedOffset::east_opt(8 * 3600).expect("valid offset")
}

/// Read a deadline: a date (its end, 23:59:59) or a date-time, Beijing time.
pub fn parse_due(s: &str) -> Result<DateTime<Utc>, ApiError> {
    let s = s.trim();
    let bad = || {
        ApiError::invalid(
            format!(
                "截稿时间“{}”无法识别，请写成 2026-12-10 或 2026-12-10 18:00",
                s.chars().take(40).collect::<String>()
            ),
            format!("bad due {s:?}"),
        )
    };
    if s.len() > 40 {
        return Err(bad());
    }
    if let Ok(t) = DateTime::parse_from_rfc3339(s) {
        return Ok(t.with_timezone(&Utc));
    }
    let local = if let Ok(d) = NaiveDate::parse_from_str(s, "%Y-%m-%d") {
        d.and_hms_opt(23, 59, 59).ok_or_else(bad)?
    } else {
        [
            "%Y-%m-%dT%H:%M",
            "%Y-%m-%d %H:%M",
            "%Y-%m-%dT%H:%M:%S",
            "%Y-%m-%d %H:%M:%S",
        ]
        .iter()
        .find_map(|f| NaiveDateTime::parse_from_str(s, f).ok())
        .ok_or_else(bad)?
    };
    let t = beijing()
        .from_local_datetime(&local)
        .single()
        .ok_or_else(bad)?;
    Ok(t.with_timezone(&Utc))
}

fn clean(s: Option<String>) -> String {
    s.map(|s| s.trim().to_string()).unwrap_or_default()
}

fn not_yours() -> ApiError {
    ApiError::new(
        ErrorCode::Forbidden,
        "没有权限：通讯员只能查看自己报的选题和派给自己的选题",
        "correspondent asked for someone else's topic",
    )
}

/// Whether the account may see this topic: staff see all, a 通讯员 only
/// their own.
fn may_see(session: &Session, t: &Topic) -> bool {
    is_staff(&session.user)
        || t.proposed_by.id == session.user.id
        || t.assignee.as_ref().is_some_and(|a| a.id == session.user.id)
}

fn publish_topic(ctx: &Context, session: &Session, action: &'static str, t: &Topic) {
    ctx.publish(
        Change::new(EventKind::Topic, action, t.id)
            .issue(t.issue_id)
            .by(&session.user),
    );
}

pub(crate) fn publish_notified(ctx: &Context, users: impl IntoIterator<Item = Id>) {
    let mut seen = std::collections::BTreeSet::new();
    for u in users {
        if seen.insert(u) {
            ctx.publish(Change::new(EventKind::Notification, "new", u));
        }
    }
}

/// 报题.
pub fn propose_topic(
    ctx: &Context,
    session: &Session,
    input: ProposeTopicInput,
) -> Result<Topic, ApiError> {
    authorize(&session.user, Action::ProposeTopic)?;
    let title = input.title.trim().to_string();
    let points = clean(input.points);
    let sources = clean(input.sources);
    let kind = clean(input.kind);
    validate_topic(
        &title,
        &points,
        &sources,
        input.expected_chars,
        input.expected_photos,
    )?;
    if kind.chars().count() > 20 {
        return Err(ApiError::invalid(
            "体裁过长：最多20字",
            "topic kind too long",
        ));
    }
    if let Some(issue_id) = input.issue_id {
        let issue = ctx.store().issue(issue_id)?;
        if let Some(p) = input.page
            && (p == 0 || p > issue.page_count)
        {
            return Err(ApiError::invalid(
                format!("本期只有{}个版，没有第{p}版", issue.page_count),
                format!("page {p} of {} pages", issue.page_count),
            ));
        }
    } else if input.page.is_some() {
        return Err(ApiError::invalid(
            "预留版位须先选定期次",
            "page without issue",
        ));
    }
    if input.page.is_some() {
        authorize(&session.user, Action::PlanTopics)?;
    }
    let topic = ctx.store().propose_topic(
        &session.actor(),
        &NewTopic {
            issue_id: input.issue_id,
            title,
            points,
            kind,
            expected_chars: input.expected_chars,
            expected_photos: input.expected_photos,
            priority: input.priority.unwrap_or_default(),
            sources,
            page: input.page,
            state: TopicState::Proposed,
        },
        ctx.now(),
    )?;
    publish_topic(ctx, session, "propose", &topic);
    slots::topic_changed(ctx, session, &topic, false)?;
    Ok(topic)
}

/// 采用、不采用 or 待定.
pub fn decide_topic(
    ctx: &Context,
    session: &Session,
    input: DecideTopicInput,
) -> Result<Topic, ApiError> {
    authorize(&session.user, Action::PlanTopics)?;
    let reason = clean(input.reason);
    let (topic, _told) = ctx.store().decide_topic(
        &session.actor(),
        input.id,
        input.decision,
        &reason,
        ctx.now(),
    )?;
    publish_topic(ctx, session, "decide", &topic);
    if topic.proposed_by.id != session.user.id {
        publish_notified(ctx, [topic.proposed_by.id]);
    }
    slots::topic_changed(ctx, session, &topic, false)?;
    Ok(topic)
}

pub fn get_topic(
    ctx: &Context,
    session: &Session,
    input: TopicIdInput,
) -> Result<TopicDetail, ApiError> {
    authorize(&session.user, Action::ProposeTopic)?;
    let topic = ctx.store().topic(input.id)?;
    if !may_see(session, &topic) {
        return Err(not_yours());
    }
    let deliveries = if authorize(&session.user, Action::PlanTopics).is_ok() {
        ctx.store().topic_deliveries(topic.id)?
    } else {
        vec![]
    };
    Ok(TopicDetail { topic, deliveries })
}

/// The 选题会 view: an issue's topics by page and priority (a 通讯员: their own).
pub fn list_topics(
    ctx: &Context,
    session: &Session,
    input: ListTopicsInput,
) -> Result<Vec<Topic>, ApiError> {
    authorize(&session.user, Action::ProposeTopic)?;
    let assignee_id = match input.assignee.as_deref().map(str::trim) {
        Some(name) if !name.is_empty() => match ctx.store().user_auth(name)? {
            Some(a) => Some(a.user.id),
            None => return Ok(vec![]),
        },
        _ => None,
    };
    let involving = (!is_staff(&session.user)).then_some(session.user.id);
    let mut topics = ctx.store().list_topics(&TopicFilter {
        issue_id: input.issue_id,
        assignee_id,
        involving,
    })?;
    if let Some(state) = input.state {
        topics.retain(|t| t.state == state);
    }
    Ok(topics)
}

/// 派稿 (or reassign).
pub fn assign_topic(
    ctx: &Context,
    session: &Session,
    input: AssignTopicInput,
) -> Result<Topic, ApiError> {
    authorize(&session.user, Action::PlanTopics)?;
    let due_at = parse_due(&input.due)?;
    let name = input.assignee.trim();
    let assignee = match ctx.store().user_auth(name)? {
        Some(a) if !a.user.disabled => a.user,
        Some(_) => {
            return Err(ApiError::invalid(
                format!("账号“{name}”已停用，不能派稿给它"),
                format!("assignee {name} disabled"),
            ));
        }
        None => {
            return Err(ApiError::invalid(
                format!("没有账号“{}”", name.chars().take(40).collect::<String>()),
                format!("no assignee {name:?}"),
            ));
        }
    };
    if !assignee.has_role(Role::Editor) && !assignee.has_role(Role::Correspondent) {
        return Err(ApiError::invalid(
            format!("{}不是编辑或通讯员，不能接受派稿", assignee.display_name),
            format!("assignee {name} neither editor nor correspondent"),
        ));
    }
    let (topic, _) = ctx.store().assign_topic(
        &session.actor(),
        input.topic_id,
        &Assignment {
            assignee: zonepress_core::UserRef {
                id: assignee.id,
                username: assignee.username.clone(),
                display_name: assignee.display_name.clone(),
            },
            due: input.due.trim().to_string(),
            due_at,
        },
        ctx.now(),
    )?;
    publish_topic(ctx, session, "assign", &topic);
    let told: Vec<Id> = ctx
        .store()
        .topic_deliveries(topic.id)?
        .into_iter()
        .filter(|d| d.read_at.is_none())
        .map(|d| d.recipient.id)
        .collect();
    publish_notified(ctx, told);
    slots::topic_changed(ctx, session, &topic, false)?;
    Ok(topic)
}

fn article_kind(kind: &str) -> ArticleKind {
    match kind {
        "photo" | "图片" | "图片新闻" => ArticleKind::Photo,
        "briefs" | "要闻快览" => ArticleKind::Briefs,
        _ => ArticleKind::News,
    }
}

/// 开始写稿: a draft from the topic (issue, kind, title, expected length), linked to it.
pub fn start_topic_article(
    ctx: &Context,
    session: &Session,
    input: TopicRefInput,
) -> Result<StartedArticle, ApiError> {
    authorize(&session.user, Action::WriteOwnArticle)?;
    let topic = ctx.store().topic(input.topic_id)?;
    let assignee = topic
        .assignee
        .as_ref()
        .is_some_and(|a| a.id == session.user.id);
    if !assignee {
        if !may_see(session, &topic) {
            return Err(not_yours());
        }
        authorize(&session.user, Action::PlanTopics).map_err(|_| {
            ApiError::new(
                ErrorCode::Forbidden,
                "没有权限：只有接受派稿的人或编辑可以开始写这篇稿件",
                "start_topic_article by neither the assignee nor an editor",
            )
        })?;
    }
    if let Some(a) = topic.article_id {
        return Err(ApiError::new(
            ErrorCode::InvalidState,
            format!("这个选题已有稿件（第{a}号），请直接打开它"),
            format!("topic {} already has article {a}", topic.id),
        ));
    }
    if !matches!(topic.state, TopicState::Accepted | TopicState::Assigned) {
        return Err(ApiError::new(
            ErrorCode::InvalidState,
            format!("选题当前为“{}”，不能开始写稿", topic.state.label_zh()),
            format!("topic {} is {}", topic.id, topic.state.as_str()),
        ));
    }
    let article = crate::articles::create_article(
        ctx,
        session,
        crate::articles::CreateArticleInput {
            issue_id: topic.issue_id,
            kind: Some(article_kind(&topic.kind)),
            kicker: None,
            title: topic.title.clone(),
            subtitle: None,
            byline: None,
            column: None,
            body: None,
            target_length: topic.expected_chars,
        },
    )?;
    let topic =
        ctx.store()
            .link_topic_article(&session.actor(), topic.id, article.id, ctx.now())?;
    publish_topic(ctx, session, "link", &topic);
    if !slots::take_slot(ctx, session, &topic)? {
        slots::topic_changed(ctx, session, &topic, false)?;
    }
    Ok(StartedArticle { topic, article })
}

/// Link an existing article to a topic (editors).
pub fn link_topic_article(
    ctx: &Context,
    session: &Session,
    input: LinkTopicArticleInput,
) -> Result<Topic, ApiError> {
    authorize(&session.user, Action::PlanTopics)?;
    let article = ctx.store().article(input.article_id)?;
    let topic =
        ctx.store()
            .link_topic_article(&session.actor(), input.topic_id, article.id, ctx.now())?;
    publish_topic(ctx, session, "link", &topic);
    if !slots::take_slot(ctx, session, &topic)? {
        slots::topic_changed(ctx, session, &topic, false)?;
    }
    Ok(topic)
}

#[derive(Debug, Clone, Deserialize, Serialize, TS, JsonSchema)]
#[serde(deny_unknown_fields)]
#[ts(optional_fields)]
pub struct CancelTopicInput {
    pub id: Id,
    #[serde(default)]
    pub reason: Option<String>,
}

/// 取消选题 (editors): an open topic is dropped with an optional reason,
/// its reserved page let go; whoever proposed it or was given it is told.
pub fn cancel_topic(
    ctx: &Context,
    session: &Session,
    input: CancelTopicInput,
) -> Result<Topic, ApiError> {
    authorize(&session.user, Action::PlanTopics)?;
    let reason = clean(input.reason);
    let held = ctx.store().topic(input.id)?.page.is_some();
    let (topic, _told) =
        ctx.store()
            .cancel_topic(&session.actor(), input.id, &reason, ctx.now())?;
    publish_topic(ctx, session, "cancel", &topic);
    let mut tell = vec![topic.proposed_by.id];
    tell.extend(topic.assignee.as_ref().map(|a| a.id));
    publish_notified(ctx, tell.into_iter().filter(|u| *u != session.user.id));
    slots::topic_changed(ctx, session, &topic, held)?;
    Ok(topic)
}
