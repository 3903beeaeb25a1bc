//! Change events: what changed in the workspace, told to every connected
//! client so lists, the inbox, open articles and the page plan follow each
//! other within a second.
//!
//! A command publishes its events only after its write transaction has
//! committed (the store call returned `Ok`), and an event carries ids and
//! states, never article text. Events are numbered; the bus keeps the
//! newest [`BACKLOG`] so a client that reconnects with the last number it saw
//! gets what it missed. A client whose number is older than the backlog, or
//! from an earlier run of the server, is told to refetch (`resync`).

use std::collections::VecDeque;
use std::sync::Mutex;

use chrono::{DateTime, Utc};
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use ts_rs::TS;
use zonepress_core::{Article, ArticleStatus, Id, User};

/// How many recent events a reconnecting client can catch up on.
pub const BACKLOG: usize = 4096;

/// What an event is about. `id` names the thing: an article for `article`,
/// `review`, `comment` and `presence`; an issue for `plan`, `issue`,
/// `export` and `proof` passes; an account for `user` and `session`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum EventKind {
    /// An article was created, saved, restored or imported.
    Article,
    /// Submitted, approved, returned, withdrawn or reopened.
    Review,
    /// A comment was added or resolved.
    Comment,
    /// An issue's page plan changed.
    Plan,
    /// An issue was created or changed.
    Issue,
    /// Proofreading: ignores, 三校 passes, the roster, the word list.
    Proof,
    /// An account was created or changed.
    User,
    /// The publication settings changed.
    Publication,
    /// Who has an article open changed.
    Presence,
    /// An issue was exported.
    Export,
    /// An account's sessions were ended (signed out everywhere).
    Session,
    /// A contributor 通讯员 was added or changed, or an article's byline confirmed.
    Contributor,
    /// Payment rules changed, or a payment statement was issued or voided.
    Payment,
    /// Pages in the record (`id`: the issue): a 校样 round started or
    /// closed, a proof mark added or resolved, a page signed (签版) or its
    /// 签版 voided, 付印 ordered or voided.
    Page,
    /// A 选题 was proposed, decided, assigned or linked (`id`: the topic).
    Topic,
    /// A notification was made for an account, or read (`id`: the account).
    Notification,
    /// The client missed events and must refetch what it shows.
    Resync,
}

/// One change, as sent to clients (`data:` of a server-sent event).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS, JsonSchema)]
pub struct Event {
    /// Increasing number within one run of the server.
    pub seq: u64,
    pub kind: EventKind,
    /// What happened, e.g. `save`, `approve`, `open`.
    pub action: String,
    pub id: Id,
    pub issue_id: Option<Id>,
    pub revision: Option<u32>,
    pub status: Option<ArticleStatus>,
    pub review_level: Option<u8>,
    /// The account that acted.
    pub by: Option<Id>,
    pub by_name: Option<String>,
    pub at: DateTime<Utc>,
}

/// An event before the bus numbers it.
#[derive(Debug, Clone)]
pub struct Change {
    pub kind: EventKind,
    pub action: &'static str,
    pub id: Id,
    pub issue_id: Option<Id>,
    pub revision: Option<u32>,
    pub status: Option<ArticleStatus>,
    pub review_level: Option<u8>,
    pub by: Option<(Id, String)>,
}

impl Change {
    pub fn new(kind: EventKind, action: &'static str, id: Id) -> Change {
        Change {
            kind,
            action,
            id,
            issue_id: None,
            revision: None,
            status: None,
            review_level: None,
            by: None,
        }
    }

    /// An article's new state (ids, revision, status; never its text).
    pub fn article(kind: EventKind, action: &'static str, a: &Article) -> Change {
        Change {
            issue_id: a.issue_id,
            revision: Some(a.revision),
            status: Some(a.status),
            review_level: a.review_level,
            ..Change::new(kind, action, a.id)
        }
    }

    pub fn issue(mut self, issue_id: Option<Id>) -> Change {
        self.issue_id = issue_id;
        self
    }

    pub fn by(mut self, user: &User) -> Change {
        self.by = Some((user.id, user.display_name.clone()));
        self
    }
}

/// What a new subscriber gets: the events it missed, then a live receiver.
pub struct Subscription {
    /// Events after the one the client named (empty for a new client).
    pub missed: Vec<Event>,
    /// True when the client's last event is no longer known: it must refetch.
    pub resync: bool,
    pub receiver: tokio::sync::broadcast::Receiver<Event>,
}

struct Ring {
    next: u64,
    recent: VecDeque<Event>,
}

/// The workspace's event bus: one per [`crate::Context`].
pub struct EventBus {
    /// Distinguishes this run's numbers from an earlier run's.
    run: String,
    ring: Mutex<Ring>,
    sender: tokio::sync::broadcast::Sender<Event>,
}

impl Default for EventBus {
    fn default() -> Self {
        let mut run = [0u8; 6];
        let _ = getrandom::fill(&mut run);
        EventBus {
            run: hex::encode(run),
            ring: Mutex::new(Ring {
                next: 1,
                recent: VecDeque::with_capacity(256),
            }),
            sender: tokio::sync::broadcast::channel(BACKLOG).0,
        }
    }
}

impl std::fmt::Debug for EventBus {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("EventBus").field("run", &self.run).finish()
    }
}

impl EventBus {
    /// This run's name: event ids on the wire are `<run>-<seq>`.
    pub fn run(&self) -> &str {
        &self.run
    }

    /// The wire id of an event (`id:` of a server-sent event).
    pub fn wire_id(&self, e: &Event) -> String {
        format!("{}-{}", self.run, e.seq)
    }

    /// Number and send a change to every subscriber. Call only after the
    /// change is committed.
    pub fn publish(&self, change: Change) -> Event {
        let mut ring = self.ring.lock().unwrap_or_else(|p| p.into_inner());
        let (by, by_name) = match change.by {
            Some((id, name)) => (Some(id), Some(name)),
            None => (None, None),
        };
        let event = Event {
            seq: ring.next,
            kind: change.kind,
            action: change.action.to_string(),
            id: change.id,
            issue_id: change.issue_id,
            revision: change.revision,
            status: change.status,
            review_level: change.review_level,
            by,
            by_name,
            at: Utc::now(),
        };
        ring.next += 1;
        if ring.recent.len() == BACKLOG {
            ring.recent.pop_front();
        }
        ring.recent.push_back(event.clone());
        // Sent under the lock, so subscribers see events in number order.
        let _ = self.sender.send(event.clone());
        event
    }

    /// Subscribe, catching up after `last` (a wire id from this or an
    /// earlier run, as a client sends it in `Last-Event-ID`).
    pub fn subscribe(&self, last: Option<&str>) -> Subscription {
        let ring = self.ring.lock().unwrap_or_else(|p| p.into_inner());
        let receiver = self.sender.subscribe();
        let Some(last) = last.map(str::trim).filter(|s| !s.is_empty()) else {
            return Subscription {
                missed: vec![],
                resync: false,
                receiver,
            };
        };
        let seq = last
            .split_once('-')
            .filter(|(run, _)| *run == self.run)
            .and_then(|(_, n)| n.parse::<u64>().ok());
        let Some(seq) = seq else {
            return Subscription {
                missed: vec![],
                resync: true,
                receiver,
            };
        };
        let oldest = ring.recent.front().map_or(ring.next, |e| e.seq);
        if seq + 1 < oldest || seq >= ring.next {
            return Subscription {
                missed: vec![],
                resync: true,
                receiver,
            };
        }
        Subscription {
            missed: ring
                .recent
                .iter()
                .filter(|e| e.seq > seq)
                .cloned()
                .collect(),
            resync: false,
            receiver,
        }
    }

    /// The number the next event will get (for tests and diagnostics).
    pub fn next_seq(&self) -> u64 {
        self.ring.lock().unwrap_or_else(|p| p.into_inner()).next
    }

    /// A `resync` event, sent to a client that missed too much.
    pub fn resync_event(&self) -> Event {
        Event {
            seq: self.next_seq().saturating_sub(1),
            kind: EventKind::Resync,
            action: "resync".into(),
            id: 0,
            issue_id: None,
            revision: None,
            status: None,
            review_level: None,
            by: None,
            by_name: None,
            at: Utc::now(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_reconnecting_client_gets_what_it_missed_in_order() {
        let bus = EventBus::default();
        let first = bus.publish(Change::new(EventKind::Issue, "create", 1));
        let mut live = bus.subscribe(None);
        bus.publish(Change::new(EventKind::Plan, "save", 1));
        bus.publish(Change::new(EventKind::Issue, "update", 1));
        assert_eq!(live.receiver.try_recv().unwrap().action, "save");
        let again = bus.subscribe(Some(&bus.wire_id(&first)));
        assert!(!again.resync);
        let seqs: Vec<u64> = again.missed.iter().map(|e| e.seq).collect();
        assert_eq!(seqs, vec![first.seq + 1, first.seq + 2]);
    }

    #[test]
    fn an_unknown_or_foreign_id_asks_for_a_resync() {
        let bus = EventBus::default();
        bus.publish(Change::new(EventKind::Issue, "create", 1));
        assert!(bus.subscribe(Some("otherrun-1")).resync);
        assert!(bus.subscribe(Some("garbage")).resync);
        assert!(bus.subscribe(Some(&format!("{}-99", bus.run()))).resync);
        assert!(!bus.subscribe(None).resync);
    }
}
