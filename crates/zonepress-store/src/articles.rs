//! Articles 稿件 and their revisions.
//!
//! Every content change is a new revision (number, author, time, content
//! hash). A save names the revision it was based on; a stale base is refused
//! with [`CoreError::StaleRevision`] and nothing is written.

use rusqlite::{Connection, OptionalExtension, Row, params};
use zonepress_core::text::{article_length, content_hash};
use zonepress_core::topics::TopicPriority;
use zonepress_core::workflow::{self, TransitionKind};
use zonepress_core::{
    Article, ArticleContent, ArticleKind, ArticleStatus, ArticleSummary, CoreError, Id, Revision,
    RevisionSummary, UserRef,
};

use crate::audit::{Actor, Record, append};
use crate::review::{
    apply_decision, live_signatures, record_transition, review_state, round_writers,
};
use crate::users::user_ref_at;
use crate::{Result, Store, StoreError, from_millis, now, to_millis};

pub use crate::assets::NewAsset;

#[derive(Debug, Clone)]
pub struct NewArticle {
    pub issue_id: Option<Id>,
    pub content: ArticleContent,
    pub target_length: Option<u32>,
}

/// How an imported draft came to be, written with its creation.
#[derive(Debug, Clone, Default)]
pub struct ImportRecord {
    /// The note of revision 1 (`导入自 稿件.docx`).
    pub revision_note: String,
    /// The note on the `create` transition of the history: the file and
    /// what the import warned about.
    pub history_note: String,
    /// The title is a stand-in (待定标题).
    pub title_pending: bool,
}

/// The full new state of an article's editable fields.
#[derive(Debug, Clone)]
pub struct ArticleEdit {
    pub content: ArticleContent,
    pub issue_id: Option<Id>,
    pub target_length: Option<u32>,
    /// The editor keeps the stand-in title of a 待定标题 article as it is
    /// (changing the title clears the mark anyway).
    pub confirm_title: bool,
}

/// Which articles to list.
#[derive(Debug, Clone, Default)]
pub struct ArticleFilter {
    pub issue_id: Option<Id>,
    pub status: Option<ArticleStatus>,
    pub author_id: Option<Id>,
}

/// What a save did.
#[derive(Debug, Clone)]
pub struct SaveOutcome {
    pub article: Article,
    /// False when the content was identical: no revision was written.
    pub new_revision: bool,
    /// Signatures voided by this change.
    pub voided_signatures: usize,
}

const SUMMARY_COLUMNS: &str =
    "a.id, a.issue_id, a.kind, a.kicker, a.title, a.byline, a.column_name,
    a.target_length, a.length, a.status, a.review_level, a.revision, a.content_hash,
    a.author_id, a.updated_at, a.updated_by, a.title_pending, a.priority";

const ARTICLE_COLUMNS: &str = "a.id, a.issue_id, a.kind, a.kicker, a.title, a.subtitle, a.byline,
    a.column_name, a.body_json, a.target_length, a.length, a.status, a.review_level, a.revision,
    a.content_hash, a.created_at, a.updated_at,
    au.id, au.username, au.display_name, ub.id, ub.username, ub.display_name, a.title_pending,
    a.priority";

const JOINS: &str = "FROM articles a JOIN users au ON au.id = a.author_id
                     JOIN users ub ON ub.id = a.updated_by";

fn decode_err(e: impl std::fmt::Display) -> rusqlite::Error {
    rusqlite::Error::FromSqlConversionFailure(
        0,
        rusqlite::types::Type::Text,
        Box::<dyn std::error::Error + Send + Sync>::from(e.to_string()),
    )
}

/// The text of column `at`, borrowed from the row (no allocation).
fn str_at<'r>(r: &'r Row, at: usize) -> rusqlite::Result<&'r str> {
    r.get_ref(at)?.as_str().map_err(decode_err)
}

fn status_at(r: &Row, at: usize) -> rusqlite::Result<ArticleStatus> {
    let s = str_at(r, at)?;
    ArticleStatus::parse(s).ok_or_else(|| decode_err(format!("unknown status {s}")))
}

fn kind_at(r: &Row, at: usize) -> rusqlite::Result<ArticleKind> {
    let s = str_at(r, at)?;
    ArticleKind::parse(s).ok_or_else(|| decode_err(format!("unknown kind {s}")))
}

/// Every account by id: lists resolve authors from this instead of joining.
fn user_refs(conn: &Connection) -> Result<std::collections::HashMap<Id, UserRef>> {
    let mut stmt = conn.prepare_cached("SELECT id, username, display_name FROM users")?;
    let rows = stmt.query_map([], |r| user_ref_at(r, 0))?;
    let mut map = std::collections::HashMap::new();
    for u in rows {
        let u = u?;
        map.insert(u.id, u);
    }
    Ok(map)
}

fn summary_from_row(
    r: &Row,
    users: &std::collections::HashMap<Id, UserRef>,
) -> rusqlite::Result<ArticleSummary> {
    let user = |at: usize| -> rusqlite::Result<UserRef> {
        let id: Id = r.get(at)?;
        users
            .get(&id)
            .cloned()
            .ok_or_else(|| decode_err(format!("unknown user {id}")))
    };
    Ok(ArticleSummary {
        id: r.get(0)?,
        issue_id: r.get(1)?,
        kind: kind_at(r, 2)?,
        kicker: r.get(3)?,
        title: r.get(4)?,
        byline: r.get(5)?,
        column: r.get(6)?,
        target_length: r.get(7)?,
        length: r.get(8)?,
        status: status_at(r, 9)?,
        review_level: r.get(10)?,
        revision: r.get(11)?,
        content_hash: r.get(12)?,
        author: user(13)?,
        updated_at: from_millis(r.get(14)?),
        updated_by: user(15)?,
        editing: Vec::new(),
        title_pending: r.get(16)?,
        priority: TopicPriority::parse(str_at(r, 17)?),
    })
}

fn article_from_row(r: &Row) -> rusqlite::Result<Article> {
    let body_json: String = r.get(8)?;
    let body = serde_json::from_str(&body_json).map_err(decode_err)?;
    Ok(Article {
        id: r.get(0)?,
        issue_id: r.get(1)?,
        content: ArticleContent {
            kind: kind_at(r, 2)?,
            kicker: r.get(3)?,
            title: r.get(4)?,
            subtitle: r.get(5)?,
            byline: r.get(6)?,
            column: r.get(7)?,
            body,
        },
        target_length: r.get(9)?,
        length: r.get(10)?,
        status: status_at(r, 11)?,
        review_level: r.get(12)?,
        revision: r.get(13)?,
        content_hash: r.get(14)?,
        created_at: from_millis(r.get(15)?),
        updated_at: from_millis(r.get(16)?),
        author: user_ref_at(r, 17)?,
        updated_by: user_ref_at(r, 20)?,
        title_pending: r.get(23)?,
        priority: TopicPriority::parse(str_at(r, 24)?),
    })
}

pub(crate) fn load_article(conn: &Connection, id: Id) -> Result<Article> {
    conn.query_row(
        &format!("SELECT {ARTICLE_COLUMNS} {JOINS} WHERE a.id = ?1"),
        [id],
        article_from_row,
    )
    .optional()?
    .ok_or(StoreError::NotFound {
        what: "article",
        key: id.to_string(),
    })
}

fn validate_issue(conn: &Connection, issue_id: Option<Id>) -> Result<()> {
    if let Some(id) = issue_id {
        crate::issues::load_issue(conn, id)?;
    }
    Ok(())
}

pub(crate) fn insert_revision(
    conn: &Connection,
    article_id: Id,
    number: u32,
    content: &ArticleContent,
    author: Id,
    at: i64,
    note: &str,
) -> Result<()> {
    conn.execute(
        "INSERT INTO revisions (article_id, number, content_json, content_hash, length, author_id, created_at, note)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
        params![
            article_id,
            number,
            serde_json::to_string(content)?,
            content_hash(content),
            article_length(content),
            author,
            at,
            note
        ],
    )?;
    Ok(())
}

impl Store {
    /// A new draft at revision 1, its creation on the audit log.
    pub fn create_article(&self, actor: &Actor, new: &NewArticle) -> Result<Article> {
        self.create_article_with_assets(actor, new, &[])
    }

    /// A new draft together with the images it refers to, in one
    /// transaction: an import either lands whole or not at all.
    pub fn create_article_with_assets(
        &self,
        actor: &Actor,
        new: &NewArticle,
        assets: &[NewAsset],
    ) -> Result<Article> {
        self.import_article(actor, new, assets, &ImportRecord::default())
    }

    /// An imported draft with its images, in one transaction, its origin on
    /// record: the note of revision 1, the note on the `create` transition
    /// (the import's warnings, shown in the history) and the 待定标题 mark.
    pub fn import_article(
        &self,
        actor: &Actor,
        new: &NewArticle,
        assets: &[NewAsset],
        record: &ImportRecord,
    ) -> Result<Article> {
        let hash = content_hash(&new.content);
        let length = article_length(&new.content);
        let at = to_millis(now());
        self.write(|tx| {
            validate_issue(tx, new.issue_id)?;
            for a in assets {
                crate::assets::insert_asset(tx, a, at)?;
            }
            let c = &new.content;
            tx.execute(
                "INSERT INTO articles (issue_id, author_id, kind, kicker, title, subtitle, byline,
                     column_name, body_json, target_length, length, status, review_level, revision,
                     content_hash, created_at, updated_at, updated_by, title_pending)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, 'draft', NULL, 1, ?12, ?13, ?13, ?2, ?14)",
                params![
                    new.issue_id,
                    actor.id,
                    c.kind.as_str(),
                    c.kicker,
                    c.title,
                    c.subtitle,
                    c.byline,
                    c.column,
                    serde_json::to_string(&c.body)?,
                    new.target_length,
                    length,
                    hash,
                    at,
                    record.title_pending
                ],
            )?;
            let id = tx.last_insert_rowid();
            insert_revision(tx, id, 1, c, actor.id, at, &record.revision_note)?;
            let article = load_article(tx, id)?;
            crate::search::index::sync_article(tx, &article)?;
            record_transition(
                tx,
                &article,
                TransitionKind::Create,
                actor,
                None,
                None,
                &record.history_note,
            )?;
            Ok(article)
        })
    }

    pub fn article(&self, id: Id) -> Result<Article> {
        self.read(|c| load_article(c, id))
    }

    /// Summaries, most recently updated first.
    pub fn list_articles(&self, filter: &ArticleFilter) -> Result<Vec<ArticleSummary>> {
        self.read(|c| {
            let users = user_refs(c)?;
            let mut sql = format!("SELECT {SUMMARY_COLUMNS} FROM articles a WHERE 1 = 1");
            let mut args: Vec<rusqlite::types::Value> = Vec::new();
            if let Some(issue) = filter.issue_id {
                args.push(issue.into());
                sql.push_str(&format!(" AND a.issue_id = ?{}", args.len()));
            }
            if let Some(status) = filter.status {
                args.push(status.as_str().to_string().into());
                sql.push_str(&format!(" AND a.status = ?{}", args.len()));
            }
            if let Some(author) = filter.author_id {
                args.push(author.into());
                sql.push_str(&format!(" AND a.author_id = ?{}", args.len()));
            }
            sql.push_str(" ORDER BY a.updated_at DESC, a.id DESC");
            let mut stmt = c.prepare_cached(&sql)?;
            let rows = stmt.query_map(rusqlite::params_from_iter(args), |r| {
                summary_from_row(r, &users)
            })?;
            Ok(rows.collect::<rusqlite::Result<Vec<_>>>()?)
        })
    }

    /// Set an article's 优先级. Not content: no revision, signatures stay.
    pub fn set_article_priority(
        &self,
        actor: &Actor,
        id: Id,
        priority: TopicPriority,
    ) -> Result<Article> {
        let at = to_millis(now());
        self.write(|tx| {
            let current = load_article(tx, id)?;
            if current.priority == priority {
                return Ok(current);
            }
            tx.execute(
                "UPDATE articles SET priority = ?2, updated_at = ?3, updated_by = ?4 WHERE id = ?1",
                params![id, priority.as_str(), at, actor.id],
            )?;
            append(
                tx,
                actor,
                &Record::new(
                    "article.priority",
                    "article",
                    Some(id),
                    serde_json::json!({ "from": current.priority.as_str(), "to": priority.as_str() }),
                ),
            )?;
            load_article(tx, id)
        })
    }

    /// Save a new state of the article, based on `base_revision`. `edit`
    /// receives the current article inside the transaction and returns the
    /// full new state (so partial updates merge with what is really stored).
    /// Identical content writes no revision; metadata (issue, target length)
    /// is not content and never makes a revision.
    pub fn save_article(
        &self,
        actor: &Actor,
        id: Id,
        base_revision: u32,
        note: &str,
        kind: TransitionKind,
        edit: impl FnOnce(&Connection, &Article) -> Result<ArticleEdit>,
    ) -> Result<SaveOutcome> {
        let at = to_millis(now());
        self.write(|tx| {
            let current = load_article(tx, id)?;
            if base_revision != current.revision {
                return Err(CoreError::StaleRevision {
                    given: base_revision,
                    current: current.revision,
                }
                .into());
            }
            let edit = edit(tx, &current)?;
            validate_issue(tx, edit.issue_id)?;
            let hash = content_hash(&edit.content);
            let content_changed = hash != current.content_hash;
            let mut voided = 0;
            let mut revision = current.revision;
            if content_changed {
                let sigs = live_signatures(tx, id)?;
                let writers = round_writers(tx, &current)?;
                let state = review_state(tx, &current, &sigs, &writers)?;
                let decision = workflow::on_content_change(&state, kind)?;
                revision += 1;
                insert_revision(tx, id, revision, &edit.content, actor.id, at, note)?;
                let c = &edit.content;
                tx.execute(
                    "UPDATE articles SET kind = ?2, kicker = ?3, title = ?4, subtitle = ?5, byline = ?6,
                         column_name = ?7, body_json = ?8, length = ?9, revision = ?10,
                         content_hash = ?11, updated_at = ?12, updated_by = ?13
                     WHERE id = ?1",
                    params![
                        id,
                        c.kind.as_str(),
                        c.kicker,
                        c.title,
                        c.subtitle,
                        c.byline,
                        c.column,
                        serde_json::to_string(&c.body)?,
                        article_length(c),
                        revision,
                        hash,
                        at,
                        actor.id
                    ],
                )?;
                append(
                    tx,
                    actor,
                    &Record::new(
                        if kind == TransitionKind::Restore { "article.restore" } else { "article.save" },
                        "article",
                        Some(id),
                        serde_json::json!({
                            "revision": revision,
                            "content_hash": hash,
                            "base_revision": base_revision,
                            "note": note,
                        }),
                    ),
                )?;
                if let Some(decision) = decision {
                    let reason = format!("第{revision}稿修改了内容");
                    voided = apply_decision(tx, id, actor, &decision, "", &reason, at)?;
                }
            }
            // 待定标题 ends when the title is changed or the editor confirms it
            let title_pending = current.title_pending
                && !edit.confirm_title
                && edit.content.title == current.content.title;
            let meta_changed = edit.issue_id != current.issue_id
                || edit.target_length != current.target_length
                || title_pending != current.title_pending;
            if meta_changed {
                tx.execute(
                    "UPDATE articles SET issue_id = ?2, target_length = ?3, title_pending = ?4,
                         updated_at = ?5, updated_by = ?6 WHERE id = ?1",
                    params![
                        id,
                        edit.issue_id,
                        edit.target_length,
                        title_pending,
                        at,
                        actor.id
                    ],
                )?;
            }
            let article = load_article(tx, id)?;
            if content_changed || meta_changed {
                crate::search::index::sync_article(tx, &article)?;
            }
            Ok(SaveOutcome {
                article,
                new_revision: content_changed,
                voided_signatures: voided,
            })
        })
    }

    /// Make revision `number`'s content the current content again, as a new
    /// revision noted `恢复自第N稿`. Restoring works like any content change:
    /// signatures on the current revision are voided.
    pub fn restore_revision(
        &self,
        actor: &Actor,
        id: Id,
        number: u32,
        base_revision: u32,
    ) -> Result<SaveOutcome> {
        self.save_article(
            actor,
            id,
            base_revision,
            &format!("恢复自第{number}稿"),
            TransitionKind::Restore,
            |conn, current| {
                let old = load_revision(conn, id, number)?;
                Ok(ArticleEdit {
                    content: old.content,
                    issue_id: current.issue_id,
                    target_length: current.target_length,
                    confirm_title: false,
                })
            },
        )
    }

    /// Oldest first.
    pub fn list_revisions(&self, article_id: Id) -> Result<Vec<RevisionSummary>> {
        self.read(|c| {
            load_article(c, article_id)?;
            let mut stmt = c.prepare_cached(
                "SELECT r.number, r.content_hash, r.length, u.id, u.username, u.display_name,
                        r.created_at, r.note
                   FROM revisions r JOIN users u ON u.id = r.author_id
                  WHERE r.article_id = ?1 ORDER BY r.number",
            )?;
            let rows = stmt.query_map([article_id], |r| {
                Ok(RevisionSummary {
                    number: r.get(0)?,
                    content_hash: r.get(1)?,
                    length: r.get(2)?,
                    author: user_ref_at(r, 3)?,
                    created_at: from_millis(r.get(6)?),
                    note: r.get(7)?,
                })
            })?;
            Ok(rows.collect::<rusqlite::Result<Vec<_>>>()?)
        })
    }

    pub fn revision(&self, article_id: Id, number: u32) -> Result<Revision> {
        self.read(|c| load_revision(c, article_id, number))
    }
}

/// Summaries matching a SQL condition with one parameter `?1`.
pub(crate) fn summaries_where(
    conn: &Connection,
    condition: &str,
    arg: Id,
) -> Result<Vec<ArticleSummary>> {
    let users = user_refs(conn)?;
    let mut stmt = conn.prepare_cached(&format!(
        "SELECT {SUMMARY_COLUMNS} FROM articles a WHERE {condition} ORDER BY a.updated_at DESC, a.id DESC"
    ))?;
    let rows = stmt.query_map([arg], |r| summary_from_row(r, &users))?;
    Ok(rows.collect::<rusqlite::Result<Vec<_>>>()?)
}

pub(crate) fn load_revision(c: &Connection, article_id: Id, number: u32) -> Result<Revision> {
    c.query_row(
        "SELECT r.number, r.content_hash, r.length, u.id, u.username, u.display_name,
                r.created_at, r.note, r.content_json
           FROM revisions r JOIN users u ON u.id = r.author_id
          WHERE r.article_id = ?1 AND r.number = ?2",
        params![article_id, number],
        |r| {
            let json: String = r.get(8)?;
            Ok(Revision {
                article_id,
                number: r.get(0)?,
                content_hash: r.get(1)?,
                length: r.get(2)?,
                author: user_ref_at(r, 3)?,
                created_at: from_millis(r.get(6)?),
                note: r.get(7)?,
                content: serde_json::from_str(&json).map_err(decode_err)?,
            })
        },
    )
    .optional()?
    .ok_or(StoreError::NotFound {
        what: "revision",
        key: format!("{article_id}#{number}"),
    })
}
