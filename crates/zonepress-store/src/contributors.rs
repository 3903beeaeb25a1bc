//! Contributors 通讯员 (people who write for the bulletin, in the office or in
//! the zone's departments and enterprises; optionally an account), and who
//! an article's byline and photo credits name, as an editor confirmed it.
//!
//! A confirmation belongs to the byline it was made for (its `source`): the
//! revision printed with that byline keeps it even after the byline changes.

use chrono::{DateTime, Utc};
use rusqlite::{Connection, OptionalExtension, Row, Transaction, params};
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use ts_rs::TS;
use zonepress_core::{CoreError, Id, UserRef};

use crate::audit::{Actor, Record, append};
use crate::{Result, Store, StoreError, from_millis, now, to_millis};

/// A contributor as listed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS, JsonSchema)]
pub struct Contributor {
    pub id: Id,
    /// 姓名, as bylines write it.
    pub name: String,
    /// 单位 (e.g. 经济发展局, 青禾社区, 本报).
    pub unit: String,
    /// 电话.
    pub phone: String,
    /// The account this contributor also is, if any.
    pub user: Option<UserRef>,
    /// 领取稿酬: false for staff who are not paid per article.
    pub paid: bool,
    /// No longer writing: kept for the record, not matched to new bylines.
    pub active: bool,
    pub note: String,
    pub updated_at: DateTime<Utc>,
}

/// A contributor to create (`id` absent) or change.
#[derive(Debug, Clone, Default)]
pub struct ContributorEdit {
    pub id: Option<Id>,
    pub name: String,
    pub unit: String,
    pub phone: String,
    pub user_id: Option<Id>,
    pub paid: bool,
    pub active: bool,
    pub note: String,
}

/// Whether a named person wrote the text or took photos.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, TS, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum CreditPart {
    Text,
    Photo,
}

impl CreditPart {
    fn as_str(self) -> &'static str {
        match self {
            CreditPart::Text => "text",
            CreditPart::Photo => "photo",
        }
    }
}

/// One person of a confirmed byline: who they are among the contributors
/// (`None`: confirmed as nobody to count, e.g. an outside author).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS, JsonSchema)]
pub struct CreditRow {
    pub part: CreditPart,
    pub name: String,
    pub role: String,
    pub contributor_id: Option<Id>,
}

/// What an editor confirmed for one byline of an article.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS, JsonSchema)]
pub struct ConfirmedCredits {
    pub article_id: Id,
    /// The byline and photo credits this was confirmed for.
    pub source: String,
    pub rows: Vec<CreditRow>,
    pub confirmed_by: String,
    pub confirmed_at: DateTime<Utc>,
}

const CONTRIBUTOR_SELECT: &str = "SELECT c.id, c.name, c.unit, c.phone, u.id, u.username,
        u.display_name, c.paid, c.active, c.note, c.updated_at
   FROM contributors c LEFT JOIN users u ON u.id = c.user_id";

fn contributor_from_row(r: &Row) -> rusqlite::Result<Contributor> {
    let user = match r.get::<_, Option<Id>>(4)? {
        Some(id) => Some(UserRef {
            id,
            username: r.get(5)?,
            display_name: r.get(6)?,
        }),
        None => None,
    };
    Ok(Contributor {
        id: r.get(0)?,
        name: r.get(1)?,
        unit: r.get(2)?,
        phone: r.get(3)?,
        user,
        paid: r.get(7)?,
        active: r.get(8)?,
        note: r.get(9)?,
        updated_at: from_millis(r.get(10)?),
    })
}

fn load_contributor(c: &Connection, id: Id) -> Result<Contributor> {
    c.query_row(
        &format!("{CONTRIBUTOR_SELECT} WHERE c.id = ?1"),
        [id],
        contributor_from_row,
    )
    .optional()?
    .ok_or(StoreError::NotFound {
        what: "contributor",
        key: id.to_string(),
    })
}

pub(crate) fn all_contributors(c: &Connection) -> Result<Vec<Contributor>> {
    let mut stmt = c.prepare_cached(&format!(
        "{CONTRIBUTOR_SELECT} ORDER BY c.active DESC, c.unit, c.name, c.id"
    ))?;
    let rows = stmt.query_map([], contributor_from_row)?;
    Ok(rows.collect::<rusqlite::Result<Vec<_>>>()?)
}

/// Every confirmation, keyed by article and source.
pub(crate) fn all_confirmed(
    c: &Connection,
) -> Result<std::collections::HashMap<(Id, String), Vec<CreditRow>>> {
    let mut stmt = c.prepare_cached(
        "SELECT article_id, source, part, name, role, contributor_id
           FROM article_credits ORDER BY article_id, source, position",
    )?;
    let mut out: std::collections::HashMap<(Id, String), Vec<CreditRow>> = Default::default();
    let mut rows = stmt.query([])?;
    while let Some(r) = rows.next()? {
        let part: String = r.get(2)?;
        out.entry((r.get(0)?, r.get(1)?))
            .or_default()
            .push(CreditRow {
                part: if part == "photo" {
                    CreditPart::Photo
                } else {
                    CreditPart::Text
                },
                name: r.get(3)?,
                role: r.get(4)?,
                contributor_id: r.get(5)?,
            });
    }
    Ok(out)
}

impl Store {
    /// Active first, then by unit and name.
    pub fn list_contributors(&self) -> Result<Vec<Contributor>> {
        self.read(all_contributors)
    }

    pub fn contributor(&self, id: Id) -> Result<Contributor> {
        self.read(|c| load_contributor(c, id))
    }

    /// Create or change a contributor (on the audit log). Two contributors
    /// may share a name, but not a name and a unit; an account is at most
    /// one contributor.
    pub fn save_contributor(&self, actor: &Actor, e: &ContributorEdit) -> Result<Contributor> {
        self.write(|tx| save_contributor_in(tx, actor, e))
    }

    /// Every confirmation of an article (one per byline it was made for).
    pub fn confirmed_credits(&self, article_id: Id) -> Result<Vec<ConfirmedCredits>> {
        self.read(|c| {
            let mut stmt = c.prepare_cached(
                "SELECT source, part, name, role, contributor_id, confirmed_by, confirmed_at
                   FROM article_credits WHERE article_id = ?1 ORDER BY source, position",
            )?;
            let mut out: Vec<ConfirmedCredits> = Vec::new();
            let mut rows = stmt.query([article_id])?;
            while let Some(r) = rows.next()? {
                let source: String = r.get(0)?;
                let part: String = r.get(1)?;
                let row = CreditRow {
                    part: if part == "photo" {
                        CreditPart::Photo
                    } else {
                        CreditPart::Text
                    },
                    name: r.get(2)?,
                    role: r.get(3)?,
                    contributor_id: r.get(4)?,
                };
                match out.last_mut() {
                    Some(last) if last.source == source => last.rows.push(row),
                    _ => out.push(ConfirmedCredits {
                        article_id,
                        source,
                        rows: vec![row],
                        confirmed_by: r.get(5)?,
                        confirmed_at: from_millis(r.get(6)?),
                    }),
                }
            }
            Ok(out)
        })
    }

    /// Confirm who the byline `source` of an article names (replacing an
    /// earlier confirmation of the same byline), on the audit log.
    pub fn save_credits(
        &self,
        actor: &Actor,
        article_id: Id,
        source: &str,
        rows: &[CreditRow],
    ) -> Result<()> {
        self.write(|tx| {
            crate::articles::load_article(tx, article_id)?;
            for r in rows {
                if let Some(id) = r.contributor_id {
                    load_contributor(tx, id)?;
                }
            }
            tx.execute(
                "DELETE FROM article_credits WHERE article_id = ?1 AND source = ?2",
                params![article_id, source],
            )?;
            let at = to_millis(now());
            for (i, r) in rows.iter().enumerate() {
                tx.execute(
                    "INSERT INTO article_credits (article_id, source, position, part, name, role,
                         contributor_id, confirmed_by, confirmed_at)
                     VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
                    params![
                        article_id,
                        source,
                        i as i64,
                        r.part.as_str(),
                        r.name,
                        r.role,
                        r.contributor_id,
                        actor.name,
                        at
                    ],
                )?;
            }
            append(
                tx,
                actor,
                &Record::new(
                    "credits.confirm",
                    "article",
                    Some(article_id),
                    serde_json::json!({
                        "byline": source,
                        "people": rows.iter().map(|r| serde_json::json!({
                            "name": r.name, "part": r.part, "contributor_id": r.contributor_id,
                        })).collect::<Vec<_>>(),
                    }),
                ),
            )?;
            Ok(())
        })
    }
}

/// [`Store::save_contributor`] inside a transaction of the caller.
pub(crate) fn save_contributor_in(
    tx: &Transaction,
    actor: &Actor,
    e: &ContributorEdit,
) -> Result<Contributor> {
    let before = e.id.map(|id| load_contributor(tx, id)).transpose()?;
    let twin: Option<Id> = tx
        .query_row(
            "SELECT id FROM contributors WHERE name = ?1 AND unit = ?2 AND id IS NOT ?3",
            params![e.name, e.unit, e.id],
            |r| r.get(0),
        )
        .optional()?;
    if twin.is_some() {
        return Err(CoreError::invalid(
            format!("contributor {} of {} exists", e.name, e.unit),
            if e.unit.is_empty() {
                format!(
                    "已有未填单位的通讯员“{}”，同名的人请填写单位加以区分",
                    e.name
                )
            } else {
                format!("{}已有通讯员“{}”", e.unit, e.name)
            },
        )
        .into());
    }
    if let Some(uid) = e.user_id {
        let taken: Option<String> = tx
            .query_row(
                "SELECT name FROM contributors WHERE user_id = ?1 AND id IS NOT ?2",
                params![uid, e.id],
                |r| r.get(0),
            )
            .optional()?;
        if let Some(name) = taken {
            return Err(CoreError::invalid(
                "account already linked",
                format!("该账号已关联通讯员“{name}”"),
            )
            .into());
        }
        crate::users::load_user(tx, uid)?;
    }
    let at = to_millis(now());
    let id = match e.id {
        Some(id) => {
            tx.execute(
                "UPDATE contributors SET name = ?2, unit = ?3, phone = ?4, user_id = ?5,
                     paid = ?6, active = ?7, note = ?8, updated_at = ?9 WHERE id = ?1",
                params![
                    id, e.name, e.unit, e.phone, e.user_id, e.paid, e.active, e.note, at
                ],
            )?;
            id
        }
        None => {
            tx.execute(
                "INSERT INTO contributors (name, unit, phone, user_id, paid, active, note,
                     created_at, updated_at)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?8)",
                params![
                    e.name, e.unit, e.phone, e.user_id, e.paid, e.active, e.note, at
                ],
            )?;
            tx.last_insert_rowid()
        }
    };
    let after = load_contributor(tx, id)?;
    let summary = |c: &Contributor| {
        serde_json::json!({
            "name": c.name, "unit": c.unit, "user_id": c.user.as_ref().map(|u| u.id),
            "paid": c.paid, "active": c.active,
        })
    };
    append(
        tx,
        actor,
        &Record::new(
            if before.is_some() {
                "contributor.update"
            } else {
                "contributor.create"
            },
            "contributor",
            Some(id),
            match &before {
                Some(b) => {
                    serde_json::json!({ "before": summary(b), "after": summary(&after) })
                }
                None => summary(&after),
            },
        ),
    )?;
    Ok(after)
}

impl Store {
    /// An account and its contributor record in one transaction (开通通讯员
    /// 账号): either both are made, or neither. `record` gives the
    /// contributor record to save, linked to the new account.
    pub fn create_account_with_contributor(
        &self,
        actor: &Actor,
        new: &crate::users::NewUser,
        record: impl FnOnce(&zonepress_core::User) -> ContributorEdit,
    ) -> Result<(zonepress_core::User, Contributor)> {
        self.write(|tx| {
            let user = crate::users::create_user_in(tx, actor, new)?;
            let contributor = save_contributor_in(tx, actor, &record(&user))?;
            Ok((user, contributor))
        })
    }
}
