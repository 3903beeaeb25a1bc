//! 选题 topics and 派稿: proposals, editors' decisions, assignments with a
//! deadline, and the article written for a topic. Every decision,
//! assignment, reassignment and link is on the audit log, and the
//! notifications it makes are written in the same transaction.

use chrono::{DateTime, Utc};
use rusqlite::{Connection, OptionalExtension, Row, Transaction, params};
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use ts_rs::TS;
use zonepress_core::topics::{
    ReservedSlot, TopicDecision, TopicPriority, TopicState, effective_state,
};
use zonepress_core::{ArticleStatus, Id, UserRef};

use crate::audit::{Actor, Record, append};
use crate::notifications::{NewNotification, insert_notification};
use crate::{Result, Store, StoreError, from_millis, to_millis};

/// A topic as every screen shows it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS, JsonSchema)]
pub struct Topic {
    pub id: Id,
    pub issue_id: Option<Id>,
    pub title: String,
    /// 内容要点.
    pub points: String,
    /// 消息, 通讯, 图片, 要闻快览 …
    pub kind: String,
    pub expected_chars: Option<u32>,
    pub expected_photos: Option<u32>,
    pub priority: TopicPriority,
    /// 线索来源与联系人.
    pub sources: String,
    /// What the topic shows: its own state, or its article's progress.
    pub state: TopicState,
    /// The reason of the last decision (不采用, 待定).
    pub reason: String,
    /// The page (版) reserved for it in the issue, if any.
    pub page: Option<u8>,
    pub proposed_by: UserRef,
    pub proposed_at: DateTime<Utc>,
    pub decided_by: Option<UserRef>,
    pub decided_at: Option<DateTime<Utc>>,
    pub assignee: Option<UserRef>,
    pub assigned_by: Option<UserRef>,
    pub assigned_at: Option<DateTime<Utc>>,
    /// 截稿 as given (a date or a date-time).
    pub due: Option<String>,
    /// 截稿 as an instant.
    pub due_at: Option<DateTime<Utc>>,
    pub article_id: Option<Id>,
    pub article_status: Option<ArticleStatus>,
    pub updated_at: DateTime<Utc>,
}

/// A proposal to store.
#[derive(Debug, Clone)]
pub struct NewTopic {
    pub issue_id: Option<Id>,
    pub title: String,
    pub points: String,
    pub kind: String,
    pub expected_chars: Option<u32>,
    pub expected_photos: Option<u32>,
    pub priority: TopicPriority,
    pub sources: String,
    pub page: Option<u8>,
    /// Proposed by an editor and accepted at once.
    pub state: TopicState,
}

/// Which topics to list.
#[derive(Debug, Clone, Default)]
pub struct TopicFilter {
    pub issue_id: Option<Id>,
    pub assignee_id: Option<Id>,
    /// Only those this account proposed or was given (a 通讯员's own).
    pub involving: Option<Id>,
}

const TOPIC_COLUMNS: &str = "t.id, t.issue_id, t.title, t.points, t.kind, t.expected_chars,
    t.expected_photos, t.priority, t.sources, t.state, t.reason, t.page, t.proposed_at,
    t.decided_at, t.assigned_at, t.due, t.due_at, t.article_id, a.status, t.updated_at,
    p.id, p.username, p.display_name,
    d.id, d.username, d.display_name,
    s.id, s.username, s.display_name,
    b.id, b.username, b.display_name";

const TOPIC_FROM: &str = "topics t
    JOIN users p ON p.id = t.proposed_by
    LEFT JOIN users d ON d.id = t.decided_by
    LEFT JOIN users s ON s.id = t.assignee_id
    LEFT JOIN users b ON b.id = t.assigned_by
    LEFT JOIN articles a ON a.id = t.article_id";

fn opt_ref(r: &Row, at: usize) -> rusqlite::Result<Option<UserRef>> {
    Ok(match r.get::<_, Option<Id>>(at)? {
        Some(id) => Some(UserRef {
            id,
            username: r.get(at + 1)?,
            display_name: r.get(at + 2)?,
        }),
        None => None,
    })
}

fn topic_from_row(r: &Row) -> rusqlite::Result<Topic> {
    let own: String = r.get(9)?;
    let own = TopicState::parse(&own).unwrap_or(TopicState::Proposed);
    let article_status = r
        .get::<_, Option<String>>(18)?
        .and_then(|s| ArticleStatus::parse(&s));
    Ok(Topic {
        id: r.get(0)?,
        issue_id: r.get(1)?,
        title: r.get(2)?,
        points: r.get(3)?,
        kind: r.get(4)?,
        expected_chars: r.get(5)?,
        expected_photos: r.get(6)?,
        priority: TopicPriority::parse(&r.get::<_, String>(7)?),
        sources: r.get(8)?,
        state: effective_state(own, article_status),
        reason: r.get(10)?,
        page: r.get(11)?,
        proposed_at: from_millis(r.get(12)?),
        decided_at: r.get::<_, Option<i64>>(13)?.map(from_millis),
        assigned_at: r.get::<_, Option<i64>>(14)?.map(from_millis),
        due: r.get(15)?,
        due_at: r.get::<_, Option<i64>>(16)?.map(from_millis),
        article_id: r.get(17)?,
        article_status,
        updated_at: from_millis(r.get(19)?),
        proposed_by: opt_ref(r, 20)?.unwrap_or(UserRef {
            id: 0,
            username: String::new(),
            display_name: String::new(),
        }),
        decided_by: opt_ref(r, 23)?,
        assignee: opt_ref(r, 26)?,
        assigned_by: opt_ref(r, 29)?,
    })
}

pub(crate) fn load_topic(c: &Connection, id: Id) -> Result<Topic> {
    c.query_row(
        &format!("SELECT {TOPIC_COLUMNS} FROM {TOPIC_FROM} WHERE t.id = ?1"),
        [id],
        topic_from_row,
    )
    .optional()?
    .ok_or(StoreError::NotFound {
        what: "topic",
        key: id.to_string(),
    })
}

/// The topic's own state (not what its article makes it show).
fn own_state(tx: &Transaction, id: Id) -> Result<TopicState> {
    let s: String = tx
        .query_row("SELECT state FROM topics WHERE id = ?1", [id], |r| r.get(0))
        .optional()?
        .ok_or(StoreError::NotFound {
            what: "topic",
            key: id.to_string(),
        })?;
    Ok(TopicState::parse(&s).unwrap_or(TopicState::Proposed))
}

/// An assignment to store.
#[derive(Debug, Clone)]
pub struct Assignment {
    pub assignee: UserRef,
    pub due: String,
    pub due_at: DateTime<Utc>,
}

impl Store {
    /// Store a proposal (报题) by `actor`.
    pub fn propose_topic(&self, actor: &Actor, t: &NewTopic, at: DateTime<Utc>) -> Result<Topic> {
        self.write(|tx| {
            let ms = to_millis(at);
            let decided = (t.state != TopicState::Proposed).then_some(actor.id);
            tx.execute(
                "INSERT INTO topics (issue_id, title, points, kind, expected_chars,
                    expected_photos, priority, sources, state, page, proposed_by, proposed_at,
                    decided_by, decided_at, updated_at)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?12)",
                params![
                    t.issue_id,
                    t.title,
                    t.points,
                    t.kind,
                    t.expected_chars,
                    t.expected_photos,
                    t.priority.as_str(),
                    t.sources,
                    t.state.as_str(),
                    t.page,
                    actor.id,
                    ms,
                    decided,
                    decided.map(|_| ms),
                ],
            )?;
            let id = tx.last_insert_rowid();
            append(
                tx,
                actor,
                &Record::new(
                    "topic.propose",
                    "topic",
                    Some(id),
                    serde_json::json!({ "issue_id": t.issue_id, "title": t.title, "state": t.state }),
                ),
            )?;
            load_topic(tx, id)
        })
    }

    pub fn topic(&self, id: Id) -> Result<Topic> {
        self.read(|c| load_topic(c, id))
    }

    /// Topics, in the 选题会's order: by page, priority, then as proposed.
    pub fn list_topics(&self, f: &TopicFilter) -> Result<Vec<Topic>> {
        self.read(|c| {
            let mut stmt = c.prepare_cached(&format!(
                "SELECT {TOPIC_COLUMNS} FROM {TOPIC_FROM}
                 WHERE (?1 IS NULL OR t.issue_id = ?1)
                   AND (?2 IS NULL OR t.assignee_id = ?2)
                   AND (?3 IS NULL OR t.proposed_by = ?3 OR t.assignee_id = ?3)
                 ORDER BY t.page IS NULL, t.page,
                   CASE t.priority WHEN 'headline' THEN 0 WHEN 'major' THEN 1 ELSE 2 END, t.id"
            ))?;
            let rows = stmt.query_map(
                params![f.issue_id, f.assignee_id, f.involving],
                topic_from_row,
            )?;
            Ok(rows.collect::<rusqlite::Result<Vec<_>>>()?)
        })
    }

    /// An editor's decision; the proposer (when someone else) is told.
    pub fn decide_topic(
        &self,
        actor: &Actor,
        id: Id,
        decision: TopicDecision,
        reason: &str,
        at: DateTime<Utc>,
    ) -> Result<(Topic, Vec<Id>)> {
        self.write(|tx| {
            let from = own_state(tx, id)?;
            zonepress_core::topics::check_decision(from, decision, reason)?;
            let ms = to_millis(at);
            let to = decision.state();
            tx.execute(
                "UPDATE topics SET state = ?2, reason = ?3, decided_by = ?4, decided_at = ?5,
                    updated_at = ?5 WHERE id = ?1",
                params![id, to.as_str(), reason, actor.id, ms],
            )?;
            append(
                tx,
                actor,
                &Record::new(
                    "topic.decide",
                    "topic",
                    Some(id),
                    serde_json::json!({ "from": from, "to": to, "reason": reason }),
                ),
            )?;
            let topic = load_topic(tx, id)?;
            let mut told = Vec::new();
            if topic.proposed_by.id != actor.id && topic.proposed_by.id > 0 {
                let title = format!("您报的选题“{}”{}", topic.title, to.label_zh());
                told.push(insert_notification(
                    tx,
                    &NewNotification {
                        user_id: topic.proposed_by.id,
                        kind: "decided",
                        topic_id: Some(id),
                        article_id: None,
                        title: &title,
                        body: reason,
                        sender_id: Some(actor.id).filter(|i| *i > 0),
                        at,
                        once_key: None,
                    },
                )?);
            }
            Ok((topic, told.into_iter().flatten().collect()))
        })
    }

    /// 派稿 (or reassign): the new assignee is told, and the previous one.
    pub fn assign_topic(
        &self,
        actor: &Actor,
        id: Id,
        a: &Assignment,
        at: DateTime<Utc>,
    ) -> Result<(Topic, Vec<Id>)> {
        self.write(|tx| {
            let from = own_state(tx, id)?;
            let before = load_topic(tx, id)?;
            zonepress_core::topics::check_assign(before.state)?;
            let ms = to_millis(at);
            let state = if from == TopicState::Accepted {
                TopicState::Assigned
            } else {
                from
            };
            tx.execute(
                "UPDATE topics SET state = ?2, assignee_id = ?3, assigned_by = ?4, assigned_at = ?5,
                    due = ?6, due_at = ?7, updated_at = ?5 WHERE id = ?1",
                params![
                    id,
                    state.as_str(),
                    a.assignee.id,
                    actor.id,
                    ms,
                    a.due,
                    to_millis(a.due_at)
                ],
            )?;
            let previous = before.assignee.clone();
            let reassign = previous.is_some();
            append(
                tx,
                actor,
                &Record::new(
                    if reassign {
                        "topic.reassign"
                    } else {
                        "topic.assign"
                    },
                    "topic",
                    Some(id),
                    serde_json::json!({
                        "from": previous.as_ref().map(|u| &u.username),
                        "to": a.assignee.username,
                        "due": a.due,
                    }),
                ),
            )?;
            let topic = load_topic(tx, id)?;
            let sender = Some(actor.id).filter(|i| *i > 0);
            let mut told = Vec::new();
            let same_person = previous.as_ref().is_some_and(|p| p.id == a.assignee.id);
            let title = if same_person {
                format!("选题“{}”的截稿时间改为{}", topic.title, a.due)
            } else {
                format!("派稿：“{}”，截稿{}", topic.title, a.due)
            };
            told.push(insert_notification(
                tx,
                &NewNotification {
                    user_id: a.assignee.id,
                    kind: if reassign { "reassigned" } else { "assigned" },
                    topic_id: Some(id),
                    article_id: topic.article_id,
                    title: &title,
                    body: &topic.points,
                    sender_id: sender,
                    at,
                    once_key: None,
                },
            )?);
            if let Some(p) = previous.filter(|p| p.id != a.assignee.id) {
                let title = format!("选题“{}”已改派给{}", topic.title, a.assignee.display_name);
                told.push(insert_notification(
                    tx,
                    &NewNotification {
                        user_id: p.id,
                        kind: "unassigned",
                        topic_id: Some(id),
                        article_id: None,
                        title: &title,
                        body: "",
                        sender_id: sender,
                        at,
                        once_key: None,
                    },
                )?);
            }
            Ok((topic, told.into_iter().flatten().collect()))
        })
    }

    /// Link the article written for a topic (one topic per article).
    pub fn link_topic_article(
        &self,
        actor: &Actor,
        id: Id,
        article_id: Id,
        at: DateTime<Utc>,
    ) -> Result<Topic> {
        self.write(|tx| {
            let before = load_topic(tx, id)?;
            let other: Option<Id> = tx
                .query_row(
                    "SELECT id FROM topics WHERE article_id = ?1 AND id != ?2",
                    params![article_id, id],
                    |r| r.get(0),
                )
                .optional()?;
            if let Some(other) = other {
                return Err(zonepress_core::CoreError::wrong_state(
                    format!("article {article_id} already linked to topic {other}"),
                    "这篇稿件已关联到另一个选题",
                )
                .into());
            }
            tx.execute(
                "UPDATE topics SET article_id = ?2, updated_at = ?3 WHERE id = ?1",
                params![id, article_id, to_millis(at)],
            )?;
            append(
                tx,
                actor,
                &Record::new(
                    "topic.link",
                    "topic",
                    Some(id),
                    serde_json::json!({ "from": before.article_id, "article_id": article_id }),
                ),
            )?;
            load_topic(tx, id)
        })
    }

    /// The topic an article was written for.
    pub fn topic_of_article(&self, article_id: Id) -> Result<Option<Id>> {
        self.read(|c| {
            Ok(c.query_row(
                "SELECT id FROM topics WHERE article_id = ?1",
                [article_id],
                |r| r.get(0),
            )
            .optional()?)
        })
    }

    /// 预留版位: hold page `page` of the topic's issue for it, or let it go
    /// (`None`). On the audit log as `topic.reserve`.
    pub fn reserve_topic_page(
        &self,
        actor: &Actor,
        id: Id,
        page: Option<u8>,
        at: DateTime<Utc>,
    ) -> Result<Topic> {
        self.write(|tx| {
            let before = load_topic(tx, id)?;
            zonepress_core::topics::check_reserve(before.state)?;
            tx.execute(
                "UPDATE topics SET page = ?2, updated_at = ?3 WHERE id = ?1",
                params![id, page, to_millis(at)],
            )?;
            append(
                tx,
                actor,
                &Record::new(
                    "topic.reserve",
                    "topic",
                    Some(id),
                    serde_json::json!({ "issue_id": before.issue_id, "from": before.page, "to": page }),
                ),
            )?;
            load_topic(tx, id)
        })
    }

    /// 取消选题 with a reason; the assignee (when someone else) is told.
    /// The reserved page, if any, is let go. On the audit log as
    /// `topic.cancel`.
    pub fn cancel_topic(
        &self,
        actor: &Actor,
        id: Id,
        reason: &str,
        at: DateTime<Utc>,
    ) -> Result<(Topic, Vec<Id>)> {
        self.write(|tx| {
            let before = load_topic(tx, id)?;
            zonepress_core::topics::check_cancel(before.state, reason)?;
            let ms = to_millis(at);
            tx.execute(
                "UPDATE topics SET state = 'cancelled', reason = ?2, page = NULL,
                    decided_by = ?3, decided_at = ?4, updated_at = ?4 WHERE id = ?1",
                params![id, reason, actor.id, ms],
            )?;
            append(
                tx,
                actor,
                &Record::new(
                    "topic.cancel",
                    "topic",
                    Some(id),
                    serde_json::json!({ "from": before.state, "reason": reason, "page": before.page }),
                ),
            )?;
            let topic = load_topic(tx, id)?;
            let mut told = Vec::new();
            let mut tell = vec![topic.proposed_by.id];
            if let Some(a) = &topic.assignee {
                tell.push(a.id);
            }
            tell.sort_unstable();
            tell.dedup();
            for user in tell.into_iter().filter(|u| *u > 0 && *u != actor.id) {
                let title = format!("选题“{}”已取消", topic.title);
                told.extend(insert_notification(
                    tx,
                    &NewNotification {
                        user_id: user,
                        kind: "cancelled",
                        topic_id: Some(id),
                        article_id: topic.article_id,
                        title: &title,
                        body: reason,
                        sender_id: Some(actor.id).filter(|i| *i > 0),
                        at,
                        once_key: None,
                    },
                )?);
            }
            Ok((topic, told))
        })
    }
}

/// The topics of an issue holding a page (1..=`pages`) whose article is
/// not among `placed`, by page, priority and age.
pub(crate) fn reserved_slots_in(
    c: &Connection,
    issue_id: Id,
    placed: &[Id],
    pages: u8,
) -> Result<Vec<ReservedSlot>> {
    let mut stmt = c.prepare_cached(
        "SELECT t.id, t.page, t.title, COALESCE(s.display_name, ''), t.due, t.expected_chars,
                t.expected_photos, t.priority, t.article_id
         FROM topics t LEFT JOIN users s ON s.id = t.assignee_id
         WHERE t.issue_id = ?1 AND t.page IS NOT NULL AND t.page BETWEEN 1 AND ?2
           AND t.state NOT IN ('declined', 'cancelled')
         ORDER BY t.page,
           CASE t.priority WHEN 'headline' THEN 0 WHEN 'major' THEN 1 ELSE 2 END, t.id",
    )?;
    let rows = stmt.query_map(params![issue_id, pages], |r| {
        Ok(ReservedSlot {
            topic_id: r.get(0)?,
            page: r.get(1)?,
            title: r.get(2)?,
            owner: r.get(3)?,
            due: r.get(4)?,
            expected_chars: r.get(5)?,
            expected_photos: r.get(6)?,
            priority: TopicPriority::parse(&r.get::<_, String>(7)?),
            article_id: r.get(8)?,
        })
    })?;
    let mut out = rows.collect::<rusqlite::Result<Vec<_>>>()?;
    out.retain(|s| s.article_id.is_none_or(|a| !placed.contains(&a)));
    Ok(out)
}
