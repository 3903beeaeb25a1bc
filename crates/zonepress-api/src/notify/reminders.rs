//! Deadline reminders 截稿提醒, computed by the server from each assigned
//! topic's deadline: "截稿 in N days" (N a publication setting, default 2)
//! and "overdue", each made once — its key names the topic, the deadline
//! and the kind, and the store refuses a second one with the same key. So
//! a restart never repeats one, and a server that was off when one fell
//! due sends it when it starts ([`crate::Context::open`]).

use chrono::Duration;
use zonepress_store::notifications::NewNotification;

use crate::{ApiError, Context};

/// The settings key of the reminder lead time in days.
pub const DAYS_KEY: &str = "topic_reminder_days";
pub const DEFAULT_DAYS: i64 = 2;

/// How many days before a deadline its assignee is reminded.
pub fn reminder_days(ctx: &Context) -> Result<i64, ApiError> {
    Ok(ctx
        .store()
        .setting(DAYS_KEY)?
        .and_then(|v| v.trim().parse::<i64>().ok())
        .filter(|d| (0..=30).contains(d))
        .unwrap_or(DEFAULT_DAYS))
}

/// Make the reminders that are due now and not yet made; tell clients.
/// Answers how many were made.
pub fn send_due(ctx: &Context) -> Result<usize, ApiError> {
    let now = ctx.now();
    let days = reminder_days(ctx)?;
    let due = ctx.store().due_topics(now, Duration::days(days))?;
    if due.is_empty() {
        return Ok(0);
    }
    let mut texts = Vec::new();
    for t in &due {
        let overdue = now > t.due_at;
        let key_kind = if overdue { "overdue" } else { "due_soon" };
        let title = if overdue {
            format!("已过截稿时间：“{}”（截稿{}）", t.title, t.due)
        } else {
            format!("截稿提醒：“{}”将于{}截稿", t.title, t.due)
        };
        let mut to = vec![(t.assignee_id, "")];
        if overdue && let Some(by) = t.assigned_by.filter(|b| *b > 0 && *b != t.assignee_id) {
            to.push((by, "editor"));
        }
        for (user, who) in to {
            texts.push((
                user,
                key_kind,
                t.topic_id,
                title.clone(),
                format!(
                    "{key_kind}{who}:{}:{}:{user}",
                    t.topic_id,
                    t.due_at.timestamp()
                ),
            ));
        }
    }
    let items: Vec<NewNotification> = texts
        .iter()
        .map(|(user, kind, topic, title, key)| NewNotification {
            user_id: *user,
            kind,
            topic_id: Some(*topic),
            article_id: None,
            title,
            body: "",
            sender_id: None,
            at: now,
            once_key: Some(key.clone()),
        })
        .collect();
    let made = ctx.store().notify(&items)?;
    crate::topics::publish_notified(ctx, made.iter().map(|(u, _)| *u));
    Ok(made.len())
}

/// The reminder setting of the publication.
#[derive(Debug, Clone, serde::Deserialize, serde::Serialize, ts_rs::TS, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ReminderSettings {
    /// Days before a 截稿 its assignee is reminded (0–30; default 2).
    pub reminder_days: u32,
}

/// How many days before a deadline reminders go out.
pub fn get_reminder_settings(
    ctx: &Context,
    session: &crate::Session,
    _: crate::Empty,
) -> Result<ReminderSettings, ApiError> {
    zonepress_core::authorize(&session.user, zonepress_core::Action::ProposeTopic)?;
    Ok(ReminderSettings {
        reminder_days: reminder_days(ctx)? as u32,
    })
}

/// Change the reminder lead time (admin); reminders now due go out at once.
pub fn update_reminder_settings(
    ctx: &Context,
    session: &crate::Session,
    input: ReminderSettings,
) -> Result<ReminderSettings, ApiError> {
    zonepress_core::authorize(&session.user, zonepress_core::Action::ManageSettings)?;
    if input.reminder_days > 30 {
        return Err(ApiError::invalid(
            "截稿提醒最多提前30天",
            format!("reminder_days {} > 30", input.reminder_days),
        ));
    }
    ctx.store()
        .set_setting(DAYS_KEY, &input.reminder_days.to_string())?;
    ctx.publish(
        crate::events::Change::new(crate::events::EventKind::Publication, "reminders", 0)
            .by(&session.user),
    );
    send_due(ctx)?;
    Ok(input)
}
