//! The 三审 workflow on disk: signatures, the append-only audit log, the
//! inbox, comments anchored to passages.

use chrono::{DateTime, Utc};
use rusqlite::{Connection, OptionalExtension, Row, params};
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use ts_rs::TS;
use zonepress_core::workflow::{
    Decision, PasswordReset, ReviewState, Signature, Transition, TransitionKind,
};
use zonepress_core::{Article, ArticleStatus, ArticleSummary, CoreError, Id, User, UserRef};

use crate::articles::load_article;
use crate::audit::{Actor, Record, append, transition_action};
use crate::users::review_levels;
use crate::users::user_ref_at;
use crate::{Result, Store, StoreError, from_millis, now, to_millis};

/// A comment on a passage of one revision, or a reply to another comment.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS, JsonSchema)]
pub struct Comment {
    pub id: Id,
    pub article_id: Id,
    /// The revision whose text the range points into.
    pub revision: u32,
    pub parent_id: Option<Id>,
    /// Character range in the revision's review text (see `text::to_plain_lines`).
    pub start: u32,
    pub end: u32,
    /// The commented passage as it read in that revision.
    pub quote: String,
    pub body: String,
    pub author: UserRef,
    pub created_at: DateTime<Utc>,
    pub resolved_at: Option<DateTime<Utc>>,
    pub resolved_by: Option<UserRef>,
}

#[derive(Debug, Clone)]
pub struct NewComment {
    pub article_id: Id,
    pub revision: u32,
    pub parent_id: Option<Id>,
    pub start: u32,
    pub end: u32,
    pub quote: String,
    pub body: String,
}

fn signature_from_row(r: &Row) -> rusqlite::Result<Signature> {
    let reset_by: Option<Id> = r.get(12)?;
    Ok(Signature {
        signer_reset: match reset_by {
            Some(_) => Some(PasswordReset {
                by: user_ref_at(r, 12)?,
                at: from_millis(r.get::<_, Option<i64>>(15)?.unwrap_or(0)),
            }),
            None => None,
        },
        id: r.get(0)?,
        article_id: r.get(1)?,
        level: r.get(2)?,
        signer: user_ref_at(r, 3)?,
        signed_at: from_millis(r.get(6)?),
        opinion: r.get(7)?,
        revision: r.get(8)?,
        content_hash: r.get(9)?,
        voided_at: r.get::<_, Option<i64>>(10)?.map(from_millis),
        voided_reason: r.get(11)?,
        carried: match r.get::<_, Option<Id>>(16)? {
            Some(signature_id) => Some(zonepress_core::workflow::Carried {
                signature_id,
                from_revision: r.get(17)?,
                mark_id: r.get(18)?,
            }),
            None => None,
        },
    })
}

const SIGNATURE_SELECT: &str =
    "SELECT s.id, s.article_id, s.level, u.id, u.username, u.display_name,
        s.signed_at, s.opinion, s.revision, s.content_hash, s.voided_at, s.voided_reason,
        rb.id, rb.username, rb.display_name, s.signer_reset_at,
        s.carried_from, cf.revision, s.carried_by_mark
   FROM signatures s JOIN users u ON u.id = s.signer_id
   LEFT JOIN users rb ON rb.id = s.signer_reset_by
   LEFT JOIN signatures cf ON cf.id = s.carried_from";

pub(crate) fn live_signatures(conn: &Connection, article_id: Id) -> Result<Vec<Signature>> {
    let mut stmt = conn.prepare_cached(&format!(
        "{SIGNATURE_SELECT} WHERE s.article_id = ?1 AND s.voided_at IS NULL ORDER BY s.level"
    ))?;
    let rows = stmt.query_map([article_id], signature_from_row)?;
    Ok(rows.collect::<rusqlite::Result<Vec<_>>>()?)
}

pub(crate) fn review_state<'a>(
    conn: &Connection,
    article: &Article,
    sigs: &'a [Signature],
    writers: &'a [Id],
) -> Result<ReviewState<'a>> {
    Ok(ReviewState {
        status: article.status,
        review_level: article.review_level,
        author_id: article.author.id,
        revision: article.revision,
        live_signatures: sigs,
        levels: review_levels(conn)?,
        writers,
    })
}

/// Who wrote any part of the current review round: the author (or
/// importer) and the writers of every revision since the article last went
/// back to its author (its last return or reopen; its creation before that),
/// including the revision it went back at, whose text the round builds on.
pub(crate) fn round_writers(conn: &Connection, article: &Article) -> Result<Vec<Id>> {
    let mut stmt = conn.prepare_cached(
        "SELECT DISTINCT author_id FROM revisions
          WHERE article_id = ?1 AND number >= coalesce(
                (SELECT revision FROM transitions WHERE article_id = ?1
                    AND kind IN ('return', 'reopen') ORDER BY id DESC LIMIT 1), 1)",
    )?;
    let mut writers: Vec<Id> = stmt
        .query_map([article.id], |r| r.get(0))?
        .collect::<rusqlite::Result<_>>()?;
    if !writers.contains(&article.author.id) {
        writers.push(article.author.id);
    }
    writers.sort_unstable();
    Ok(writers)
}

/// Append one row to the article's record (and to the audit log)
/// describing its move from `from` to its current state.
pub(crate) fn record_transition(
    conn: &Connection,
    after: &Article,
    kind: TransitionKind,
    who: &Actor,
    from_status: Option<ArticleStatus>,
    from_level: Option<u8>,
    opinion: &str,
) -> Result<()> {
    let actor = who.id;
    append(
        conn,
        who,
        &Record::new(
            transition_action(kind.as_str()),
            "article",
            Some(after.id),
            serde_json::json!({
                "from": from_status.map(|s| s.as_str()),
                "from_level": from_level,
                "to": after.status.as_str(),
                "level": after.review_level,
                "revision": after.revision,
                "content_hash": after.content_hash,
                "opinion": opinion,
            }),
        ),
    )?;
    conn.execute(
        "INSERT INTO transitions (article_id, kind, actor_id, at, from_status, from_level,
             to_status, to_level, revision, content_hash, opinion)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)",
        params![
            after.id,
            kind.as_str(),
            actor,
            to_millis(now()),
            from_status.map(|s| s.as_str()),
            from_level,
            after.status.as_str(),
            after.review_level,
            after.revision,
            after.content_hash,
            opinion
        ],
    )?;
    Ok(())
}

/// Write a workflow decision: void signatures, sign, move the article, log it.
/// Returns how many signatures were voided.
pub(crate) fn apply_decision(
    conn: &Connection,
    article_id: Id,
    actor: &Actor,
    decision: &Decision,
    opinion: &str,
    void_reason: &str,
    at: i64,
) -> Result<usize> {
    let before = load_article(conn, article_id)?;
    let voided = if decision.void_signatures {
        conn.execute(
            "UPDATE signatures SET voided_at = ?2, voided_reason = ?3
              WHERE article_id = ?1 AND voided_at IS NULL",
            params![article_id, at, void_reason],
        )?
    } else {
        0
    };
    if let Some(level) = decision.sign_level {
        conn.execute(
            "INSERT INTO signatures (article_id, level, signer_id, signed_at, opinion, revision,
                 content_hash, signer_reset_by, signer_reset_at)
             SELECT ?1, ?2, ?3, ?4, ?5, ?6, ?7, u.password_reset_by, u.password_reset_at
               FROM users u WHERE u.id = ?3",
            params![
                article_id,
                level,
                actor.id,
                at,
                opinion,
                before.revision,
                before.content_hash
            ],
        )?;
    }
    conn.execute(
        "UPDATE articles SET status = ?2, review_level = ?3 WHERE id = ?1",
        params![article_id, decision.to_status.as_str(), decision.to_level],
    )?;
    let after = load_article(conn, article_id)?;
    crate::search::index::sync_article(conn, &after)?;
    record_transition(
        conn,
        &after,
        decision.kind,
        actor,
        Some(before.status),
        before.review_level,
        opinion,
    )?;
    Ok(voided)
}

/// An article's whole record: every signature (live and voided) and every
/// transition, oldest first.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS, JsonSchema)]
pub struct History {
    pub signatures: Vec<Signature>,
    pub transitions: Vec<Transition>,
}

/// What waits for an account.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS, JsonSchema)]
pub struct Inbox {
    /// Articles awaiting a level this account may sign (待我审核).
    pub to_review: Vec<ArticleSummary>,
    /// This account's articles that were returned (退回给我).
    pub returned: Vec<ArticleSummary>,
}

fn transition_from_row(r: &Row) -> rusqlite::Result<Transition> {
    let kind: String = r.get(2)?;
    let from_status: Option<String> = r.get(7)?;
    let to_status: String = r.get(9)?;
    Ok(Transition {
        id: r.get(0)?,
        article_id: r.get(1)?,
        kind: TransitionKind::parse(&kind).unwrap_or(TransitionKind::Edit),
        actor: user_ref_at(r, 3)?,
        at: from_millis(r.get(6)?),
        from_status: from_status.as_deref().and_then(ArticleStatus::parse),
        from_level: r.get(8)?,
        to_status: ArticleStatus::parse(&to_status).unwrap_or(ArticleStatus::Draft),
        to_level: r.get(10)?,
        revision: r.get(11)?,
        content_hash: r.get(12)?,
        opinion: r.get(13)?,
    })
}

fn comment_from_row(r: &Row) -> rusqlite::Result<Comment> {
    let resolver: Option<Id> = r.get(14)?;
    Ok(Comment {
        id: r.get(0)?,
        article_id: r.get(1)?,
        revision: r.get(2)?,
        parent_id: r.get(3)?,
        start: r.get(4)?,
        end: r.get(5)?,
        quote: r.get(6)?,
        body: r.get(7)?,
        author: user_ref_at(r, 8)?,
        created_at: from_millis(r.get(11)?),
        resolved_at: r.get::<_, Option<i64>>(12)?.map(from_millis),
        resolved_by: match resolver {
            Some(_) => Some(user_ref_at(r, 14)?),
            None => None,
        },
    })
}

const COMMENT_SELECT: &str =
    "SELECT c.id, c.article_id, c.revision, c.parent_id, c.start_char, c.end_char,
        c.quote, c.body, u.id, u.username, u.display_name, c.created_at, c.resolved_at,
        c.resolved_by, rb.id, rb.username, rb.display_name
   FROM comments c JOIN users u ON u.id = c.author_id
   LEFT JOIN users rb ON rb.id = c.resolved_by";

fn load_comment(conn: &Connection, id: Id) -> Result<Comment> {
    conn.query_row(
        &format!("{COMMENT_SELECT} WHERE c.id = ?1"),
        [id],
        comment_from_row,
    )
    .optional()?
    .ok_or(StoreError::NotFound {
        what: "comment",
        key: id.to_string(),
    })
}

impl Store {
    /// Decide and apply one workflow step atomically: `decide` sees the
    /// article's state inside the write transaction, so two reviewers racing
    /// on the same level cannot both sign it.
    pub fn review_action(
        &self,
        article_id: Id,
        actor: &Actor,
        opinion: &str,
        void_reason: &str,
        decide: impl FnOnce(&ReviewState) -> std::result::Result<Decision, CoreError>,
    ) -> Result<Article> {
        let at = to_millis(now());
        self.write(|tx| {
            let article = load_article(tx, article_id)?;
            let sigs = live_signatures(tx, article_id)?;
            let writers = crate::authorship::signing_excluded(tx, &article)?;
            let state = review_state(tx, &article, &sigs, &writers)?;
            let decision = decide(&state)?;
            apply_decision(tx, article_id, actor, &decision, opinion, void_reason, at)?;
            load_article(tx, article_id)
        })
    }

    pub fn history(&self, article_id: Id) -> Result<History> {
        self.read(|c| {
            load_article(c, article_id)?;
            let mut stmt = c.prepare_cached(&format!(
                "{SIGNATURE_SELECT} WHERE s.article_id = ?1 ORDER BY s.id"
            ))?;
            let signatures = stmt
                .query_map([article_id], signature_from_row)?
                .collect::<rusqlite::Result<Vec<_>>>()?;
            let mut stmt = c.prepare_cached(
                "SELECT t.id, t.article_id, t.kind, u.id, u.username, u.display_name, t.at,
                        t.from_status, t.from_level, t.to_status, t.to_level, t.revision,
                        t.content_hash, t.opinion
                   FROM transitions t JOIN users u ON u.id = t.actor_id
                  WHERE t.article_id = ?1 ORDER BY t.id",
            )?;
            let transitions = stmt
                .query_map([article_id], transition_from_row)?
                .collect::<rusqlite::Result<Vec<_>>>()?;
            Ok(History {
                signatures,
                transitions,
            })
        })
    }

    /// The accounts that may not sign the article's current revision
    /// because they wrote part of it (see `ReviewState::writers` and
    /// [`crate::authorship`]).
    pub fn round_writers(&self, article_id: Id) -> Result<Vec<Id>> {
        self.read(|c| crate::authorship::signing_excluded(c, &load_article(c, article_id)?))
    }

    /// The signatures not voided, lowest level first.
    pub fn live_signatures(&self, article_id: Id) -> Result<Vec<Signature>> {
        self.read(|c| live_signatures(c, article_id))
    }

    /// The revision an article was last looked at by a reviewer: the revision
    /// of the newest approve or return. `None` before any review.
    pub fn last_reviewed_revision(&self, article_id: Id) -> Result<Option<u32>> {
        self.read(|c| {
            Ok(c.query_row(
                "SELECT revision FROM transitions
                  WHERE article_id = ?1 AND kind IN ('approve', 'return')
                  ORDER BY id DESC LIMIT 1",
                [article_id],
                |r| r.get(0),
            )
            .optional()?)
        })
    }

    pub fn inbox(&self, user: &User) -> Result<Inbox> {
        self.read(|c| {
            let mut to_review = Vec::new();
            if user.has_role(zonepress_core::Role::Reviewer) {
                let all = crate::articles::summaries_where(
                    c,
                    "a.status = 'in_review' AND a.author_id <> ?1
                     AND NOT EXISTS (SELECT 1 FROM signatures s WHERE s.article_id = a.id
                                     AND s.signer_id = ?1 AND s.voided_at IS NULL)
                     AND NOT EXISTS (SELECT 1 FROM revisions r WHERE r.article_id = a.id
                                     AND r.author_id = ?1 AND r.number >= coalesce(
                                         (SELECT t.revision FROM transitions t
                                           WHERE t.article_id = a.id
                                             AND t.kind IN ('return', 'reopen')
                                           ORDER BY t.id DESC LIMIT 1), 1))",
                    user.id,
                )?;
                for a in all {
                    if !a.review_level.is_some_and(|l| user.may_sign_level(l)) {
                        continue;
                    }
                    // whose text is in it (a restored revision's author too)
                    let article = load_article(c, a.id)?;
                    if crate::authorship::signing_excluded(c, &article)?.contains(&user.id) {
                        continue;
                    }
                    to_review.push(a);
                }
            }
            let returned = crate::articles::summaries_where(
                c,
                "a.status = 'returned' AND a.author_id = ?1",
                user.id,
            )?;
            Ok(Inbox {
                to_review,
                returned,
            })
        })
    }

    pub fn add_comment(&self, author: &Actor, new: &NewComment) -> Result<Comment> {
        let at = to_millis(now());
        self.write(|tx| {
            load_article(tx, new.article_id)?;
            if let Some(parent) = new.parent_id {
                let p = load_comment(tx, parent)?;
                if p.article_id != new.article_id {
                    return Err(CoreError::invalid(
                        "a reply must be on the same article",
                        "回复必须针对同一篇稿件的批注",
                    )
                    .into());
                }
            }
            crate::articles::load_revision(tx, new.article_id, new.revision)?;
            tx.execute(
                "INSERT INTO comments (article_id, revision, parent_id, start_char, end_char, quote,
                     body, author_id, created_at)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
                params![
                    new.article_id,
                    new.revision,
                    new.parent_id,
                    new.start,
                    new.end,
                    new.quote,
                    new.body,
                    author.id,
                    at
                ],
            )?;
            let id = tx.last_insert_rowid();
            append(
                tx,
                author,
                &Record::new(
                    "comment.add",
                    "article",
                    Some(new.article_id),
                    serde_json::json!({ "comment_id": id, "revision": new.revision }),
                ),
            )?;
            load_comment(tx, id)
        })
    }

    pub fn comment(&self, id: Id) -> Result<Comment> {
        self.read(|c| load_comment(c, id))
    }

    pub fn resolve_comment(&self, id: Id, by: &Actor, resolved: bool) -> Result<Comment> {
        let at = to_millis(now());
        self.write(|tx| {
            let before = load_comment(tx, id)?;
            append(
                tx,
                by,
                &Record::new(
                    if resolved {
                        "comment.resolve"
                    } else {
                        "comment.reopen"
                    },
                    "article",
                    Some(before.article_id),
                    serde_json::json!({
                        "comment": id,
                        "revision": before.revision,
                        "was_resolved": before.resolved_at.is_some(),
                    }),
                ),
            )?;
            if resolved {
                tx.execute(
                    "UPDATE comments SET resolved_at = ?2, resolved_by = ?3 WHERE id = ?1",
                    params![id, at, by.id],
                )?;
            } else {
                tx.execute(
                    "UPDATE comments SET resolved_at = NULL, resolved_by = NULL WHERE id = ?1",
                    [id],
                )?;
            }
            load_comment(tx, id)
        })
    }

    /// Oldest first; replies carry their `parent_id`.
    pub fn comments(&self, article_id: Id) -> Result<Vec<Comment>> {
        self.read(|c| {
            let mut stmt = c.prepare_cached(&format!(
                "{COMMENT_SELECT} WHERE c.article_id = ?1 ORDER BY c.id"
            ))?;
            let rows = stmt.query_map([article_id], comment_from_row)?;
            Ok(rows.collect::<rusqlite::Result<Vec<_>>>()?)
        })
    }
}
