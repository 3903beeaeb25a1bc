//! Each account's notifications 通知: what was sent to whom, by whom, and
//! when it was read; and the deadline reminders, made once each (a unique
//! `once_key`), whatever the restarts.

use chrono::{DateTime, Utc};
use rusqlite::{Connection, Row, Transaction, params};
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use ts_rs::TS;
use zonepress_core::{Id, UserRef};

use crate::{Result, Store, from_millis, to_millis};

/// One notification as its recipient sees it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS, JsonSchema)]
pub struct Notification {
    pub id: Id,
    /// `assigned`, `reassigned`, `unassigned`, `decided`, `cancelled`,
    /// `due_soon`, `overdue`; `returned`, `signed` (one's article), `marked` (a
    /// 校样 mark on it), `voided` (a page one signed).
    pub kind: String,
    pub topic_id: Option<Id>,
    pub article_id: Option<Id>,
    pub title: String,
    pub body: String,
    pub sender: Option<UserRef>,
    pub created_at: DateTime<Utc>,
    pub read_at: Option<DateTime<Utc>>,
}

/// A page of one account's notifications, newest first.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS, JsonSchema)]
pub struct NotificationPage {
    pub items: Vec<Notification>,
    pub unread: u32,
    pub total: u32,
}

/// Who was told about a topic, and whether they have read it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS, JsonSchema)]
pub struct Delivery {
    pub id: Id,
    pub recipient: UserRef,
    pub kind: String,
    pub title: String,
    pub created_at: DateTime<Utc>,
    pub read_at: Option<DateTime<Utc>>,
}

/// A notification to store.
#[derive(Debug, Clone)]
pub struct NewNotification<'a> {
    pub user_id: Id,
    pub kind: &'static str,
    pub topic_id: Option<Id>,
    pub article_id: Option<Id>,
    pub title: &'a str,
    pub body: &'a str,
    pub sender_id: Option<Id>,
    pub at: DateTime<Utc>,
    /// Made at most once with this key (reminders).
    pub once_key: Option<String>,
}

/// Store a notification; `None` when one with its `once_key` exists.
pub(crate) fn insert_notification(tx: &Transaction, n: &NewNotification) -> Result<Option<Id>> {
    let changed = tx.execute(
        "INSERT OR IGNORE INTO notifications (user_id, kind, topic_id, article_id, title, body,
            sender_id, created_at, once_key)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
        params![
            n.user_id,
            n.kind,
            n.topic_id,
            n.article_id,
            n.title,
            n.body,
            n.sender_id,
            to_millis(n.at),
            n.once_key
        ],
    )?;
    Ok((changed > 0).then(|| tx.last_insert_rowid()))
}

fn notification_from_row(r: &Row) -> rusqlite::Result<Notification> {
    let sender = match r.get::<_, Option<Id>>(9)? {
        Some(id) => Some(UserRef {
            id,
            username: r.get(10)?,
            display_name: r.get(11)?,
        }),
        None => None,
    };
    Ok(Notification {
        id: r.get(0)?,
        kind: r.get(1)?,
        topic_id: r.get(2)?,
        article_id: r.get(3)?,
        title: r.get(4)?,
        body: r.get(5)?,
        created_at: from_millis(r.get(6)?),
        read_at: r.get::<_, Option<i64>>(7)?.map(from_millis),
        sender,
    })
}

/// A reminder the server owes: a topic whose deadline is near or past,
/// with no article submitted yet.
#[derive(Debug, Clone)]
pub struct DueTopic {
    pub topic_id: Id,
    pub title: String,
    pub assignee_id: Id,
    pub assigned_by: Option<Id>,
    pub due: String,
    pub due_at: DateTime<Utc>,
}

fn count(c: &Connection, sql: &str, user: Id) -> Result<u32> {
    Ok(c.query_row(sql, [user], |r| r.get(0))?)
}

impl Store {
    /// The newest `limit` notifications of an account (before id `before`).
    pub fn notifications(
        &self,
        user_id: Id,
        limit: u32,
        before: Option<Id>,
    ) -> Result<NotificationPage> {
        self.read(|c| {
            let mut stmt = c.prepare_cached(
                "SELECT n.id, n.kind, n.topic_id, n.article_id, n.title, n.body, n.created_at,
                        n.read_at, n.user_id, u.id, u.username, u.display_name
                 FROM notifications n LEFT JOIN users u ON u.id = n.sender_id
                 WHERE n.user_id = ?1 AND (?2 IS NULL OR n.id < ?2)
                 ORDER BY n.id DESC LIMIT ?3",
            )?;
            let items = stmt
                .query_map(params![user_id, before, limit], notification_from_row)?
                .collect::<rusqlite::Result<Vec<_>>>()?;
            Ok(NotificationPage {
                items,
                unread: count(
                    c,
                    "SELECT count(*) FROM notifications WHERE user_id = ?1 AND read_at IS NULL",
                    user_id,
                )?,
                total: count(
                    c,
                    "SELECT count(*) FROM notifications WHERE user_id = ?1",
                    user_id,
                )?,
            })
        })
    }

    /// Mark an account's notifications read (the given ones, or all);
    /// answers how many were unread.
    pub fn mark_notifications_read(
        &self,
        user_id: Id,
        ids: Option<&[Id]>,
        at: DateTime<Utc>,
    ) -> Result<u32> {
        self.write(|tx| {
            let ms = to_millis(at);
            let n = match ids {
                None => tx.execute(
                    "UPDATE notifications SET read_at = ?2 WHERE user_id = ?1 AND read_at IS NULL",
                    params![user_id, ms],
                )?,
                Some(ids) => {
                    let mut n = 0;
                    let mut stmt = tx.prepare_cached(
                        "UPDATE notifications SET read_at = ?3
                         WHERE id = ?2 AND user_id = ?1 AND read_at IS NULL",
                    )?;
                    for id in ids {
                        n += stmt.execute(params![user_id, id, ms])?;
                    }
                    n
                }
            };
            Ok(n as u32)
        })
    }

    /// Everyone told about a topic, oldest first, with when they read it.
    pub fn topic_deliveries(&self, topic_id: Id) -> Result<Vec<Delivery>> {
        self.read(|c| {
            let mut stmt = c.prepare_cached(
                "SELECT n.id, u.id, u.username, u.display_name, n.kind, n.title, n.created_at,
                        n.read_at
                 FROM notifications n JOIN users u ON u.id = n.user_id
                 WHERE n.topic_id = ?1 ORDER BY n.id",
            )?;
            let rows = stmt.query_map([topic_id], |r| {
                Ok(Delivery {
                    id: r.get(0)?,
                    recipient: UserRef {
                        id: r.get(1)?,
                        username: r.get(2)?,
                        display_name: r.get(3)?,
                    },
                    kind: r.get(4)?,
                    title: r.get(5)?,
                    created_at: from_millis(r.get(6)?),
                    read_at: r.get::<_, Option<i64>>(7)?.map(from_millis),
                })
            })?;
            Ok(rows.collect::<rusqlite::Result<Vec<_>>>()?)
        })
    }

    /// Topics whose deadline is within `window` of `now` (or past) and
    /// whose article is not yet submitted.
    pub fn due_topics(
        &self,
        now: DateTime<Utc>,
        window: chrono::Duration,
    ) -> Result<Vec<DueTopic>> {
        self.read(|c| {
            let mut stmt = c.prepare_cached(
                "SELECT t.id, t.title, t.assignee_id, t.assigned_by, t.due, t.due_at
                 FROM topics t LEFT JOIN articles a ON a.id = t.article_id
                 WHERE t.due_at IS NOT NULL AND t.due_at <= ?1 AND t.assignee_id IS NOT NULL
                   AND t.state IN ('assigned', 'in_progress', 'accepted')
                   AND (a.status IS NULL OR a.status IN ('draft', 'returned', 'withdrawn'))",
            )?;
            let rows = stmt.query_map([to_millis(now + window)], |r| {
                Ok(DueTopic {
                    topic_id: r.get(0)?,
                    title: r.get(1)?,
                    assignee_id: r.get(2)?,
                    assigned_by: r.get(3)?,
                    due: r.get::<_, Option<String>>(4)?.unwrap_or_default(),
                    due_at: from_millis(r.get(5)?),
                })
            })?;
            Ok(rows.collect::<rusqlite::Result<Vec<_>>>()?)
        })
    }

    /// Store notifications (reminders with their once-keys) in one
    /// transaction; answers `(recipient, id)` of those actually made.
    pub fn notify(&self, items: &[NewNotification]) -> Result<Vec<(Id, Id)>> {
        if items.is_empty() {
            return Ok(vec![]);
        }
        self.write(|tx| {
            let mut made = Vec::new();
            for n in items {
                if let Some(id) = insert_notification(tx, n)? {
                    made.push((n.user_id, id));
                }
            }
            Ok(made)
        })
    }
}
