//! Accounts, sessions and the publication settings.

use chrono::{DateTime, Utc};
use rusqlite::{Connection, OptionalExtension, Row, Transaction, params};
use zonepress_core::press::PublicationKind;
use zonepress_core::{Id, PageSize, Publication, Role, User, UserRef};

use crate::audit::{Actor, Record, append};
use crate::{Result, Store, StoreError, from_millis, now, to_millis};

/// Who chose an account's current password.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PasswordOrigin {
    /// The owner chose it (or the first admin at `init`).
    Owner,
    /// An admin set it; the owner must change it at the next sign-in.
    Admin,
    /// The demo workspace's shared password.
    Demo,
}

impl PasswordOrigin {
    pub fn as_str(self) -> &'static str {
        match self {
            PasswordOrigin::Owner => "self",
            PasswordOrigin::Admin => "admin",
            PasswordOrigin::Demo => "demo",
        }
    }

    pub fn parse(s: &str) -> PasswordOrigin {
        match s {
            "admin" => PasswordOrigin::Admin,
            "demo" => PasswordOrigin::Demo,
            _ => PasswordOrigin::Owner,
        }
    }
}

/// A new account; the caller hashes the password.
#[derive(Debug, Clone)]
pub struct NewUser {
    pub username: String,
    pub display_name: String,
    pub password_hash: String,
    pub roles: Vec<Role>,
    pub review_levels: Vec<u8>,
    pub password_origin: PasswordOrigin,
}

/// What login needs to know about an account.
#[derive(Debug, Clone)]
pub struct UserAuth {
    pub user: User,
    pub password_hash: String,
    pub password_origin: PasswordOrigin,
}

/// Changes to an account; `None` leaves a field as it is.
#[derive(Debug, Clone, Default)]
pub struct UserUpdate {
    pub display_name: Option<String>,
    pub roles: Option<Vec<Role>>,
    pub review_levels: Option<Vec<u8>>,
    pub disabled: Option<bool>,
    /// A password an admin sets: the owner must change it at next sign-in.
    pub password_hash: Option<String>,
}

/// A live session and its account.
#[derive(Debug, Clone)]
pub struct SessionInfo {
    pub user: User,
    pub last_seen_at: DateTime<Utc>,
    pub client: String,
}

/// An account's password standing, for the check before serving on a LAN.
#[derive(Debug, Clone)]
pub struct PasswordStanding {
    pub user: User,
    pub origin: PasswordOrigin,
    pub password_hash: String,
    /// Set when an admin reset the password and the owner has not chosen
    /// a new one of their own accord since: (who reset it, when).
    pub reset_by: Option<(Id, DateTime<Utc>)>,
}

fn join_roles(roles: &[Role]) -> String {
    roles
        .iter()
        .map(|r| r.as_str())
        .collect::<Vec<_>>()
        .join(",")
}

fn join_levels(levels: &[u8]) -> String {
    levels
        .iter()
        .map(|l| l.to_string())
        .collect::<Vec<_>>()
        .join(",")
}

pub(crate) const USER_COLUMNS: &str =
    "id, username, display_name, roles, review_levels, disabled, must_change_password";

pub(crate) fn user_from_row(row: &Row, at: usize) -> rusqlite::Result<User> {
    let roles: String = row.get(at + 3)?;
    let levels: String = row.get(at + 4)?;
    Ok(User {
        id: row.get(at)?,
        username: row.get(at + 1)?,
        display_name: row.get(at + 2)?,
        roles: roles.split(',').filter_map(Role::parse).collect(),
        review_levels: levels
            .split(',')
            .filter_map(|s| s.trim().parse().ok())
            .collect(),
        disabled: row.get(at + 5)?,
        must_change_password: row.get(at + 6)?,
    })
}

pub(crate) fn user_ref_at(r: &Row, at: usize) -> rusqlite::Result<UserRef> {
    Ok(UserRef {
        id: r.get(at)?,
        username: r.get(at + 1)?,
        display_name: r.get(at + 2)?,
    })
}

pub(crate) fn load_user(conn: &Connection, id: Id) -> Result<User> {
    conn.query_row(
        &format!("SELECT {USER_COLUMNS} FROM users WHERE id = ?1"),
        [id],
        |r| user_from_row(r, 0),
    )
    .optional()?
    .ok_or(StoreError::NotFound {
        what: "user",
        key: id.to_string(),
    })
}

fn publication_from(conn: &Connection) -> Result<Publication> {
    Ok(conn
        .query_row(
            "SELECT name, publisher, permit_number, page_size, columns, review_levels,
                    session_idle_minutes, proof_rounds, page_signers, kind, cn_number,
                    postal_code, editor_unit, audience, printer, print_run
               FROM publication WHERE id = 1",
            [],
            |r| {
                let size: String = r.get(3)?;
                Ok(Publication {
                    name: r.get(0)?,
                    publisher: r.get(1)?,
                    permit_number: r.get(2)?,
                    page_size: PageSize::parse(&size).unwrap_or(PageSize::A3),
                    columns: r.get(4)?,
                    review_levels: r.get(5)?,
                    session_idle_minutes: r.get(6)?,
                    proof_rounds: r.get(7)?,
                    page_signers: crate::pages::parse_ids(&r.get::<_, String>(8)?),
                    kind: if r.get::<_, String>(9)? == "public" {
                        PublicationKind::Public
                    } else {
                        PublicationKind::Internal
                    },
                    cn_number: r.get(10)?,
                    postal_code: r.get(11)?,
                    editor_unit: r.get(12)?,
                    audience: r.get(13)?,
                    printer: r.get(14)?,
                    print_run: r.get(15)?,
                })
            },
        )
        .optional()?
        .unwrap_or_default())
}

pub(crate) fn publication_in(conn: &Connection) -> Result<Publication> {
    publication_from(conn)
}

pub(crate) fn users_in(conn: &Connection) -> Result<Vec<User>> {
    let mut stmt = conn.prepare_cached(&format!("SELECT {USER_COLUMNS} FROM users ORDER BY id"))?;
    let rows = stmt.query_map([], |r| user_from_row(r, 0))?;
    Ok(rows.collect::<rusqlite::Result<Vec<_>>>()?)
}

pub(crate) fn review_levels(conn: &Connection) -> Result<u8> {
    Ok(publication_from(conn)?.review_levels)
}

fn user_detail(u: &User) -> serde_json::Value {
    serde_json::json!({
        "username": u.username,
        "display_name": u.display_name,
        "roles": u.roles.iter().map(|r| r.as_str()).collect::<Vec<_>>(),
        "review_levels": u.review_levels,
        "disabled": u.disabled,
    })
}

impl Store {
    pub fn create_user(&self, actor: &Actor, new: &NewUser) -> Result<User> {
        self.write(|tx| create_user_in(tx, actor, new))
    }

    pub fn user(&self, id: Id) -> Result<User> {
        self.read(|c| load_user(c, id))
    }

    pub fn user_count(&self) -> Result<u32> {
        self.read(|c| Ok(c.query_row("SELECT count(*) FROM users", [], |r| r.get(0))?))
    }

    pub fn list_users(&self) -> Result<Vec<User>> {
        self.read(users_in)
    }

    pub fn user_auth(&self, username: &str) -> Result<Option<UserAuth>> {
        self.read(|c| {
            Ok(c.query_row(
                &format!(
                    "SELECT {USER_COLUMNS}, password_hash, password_origin
                       FROM users WHERE username = ?1"
                ),
                [username],
                |r| {
                    Ok(UserAuth {
                        user: user_from_row(r, 0)?,
                        password_hash: r.get(7)?,
                        password_origin: PasswordOrigin::parse(&r.get::<_, String>(8)?),
                    })
                },
            )
            .optional()?)
        })
    }

    /// Every account's password standing (for the LAN safety check and the
    /// signature warnings).
    pub fn password_standings(&self) -> Result<Vec<PasswordStanding>> {
        self.read(|c| {
            let mut stmt = c.prepare(&format!(
                "SELECT {USER_COLUMNS}, password_origin, password_hash, password_reset_by,
                        password_reset_at
                   FROM users ORDER BY id"
            ))?;
            let rows = stmt.query_map([], |r| {
                let by: Option<Id> = r.get(9)?;
                let at: Option<i64> = r.get(10)?;
                Ok(PasswordStanding {
                    user: user_from_row(r, 0)?,
                    origin: PasswordOrigin::parse(&r.get::<_, String>(7)?),
                    password_hash: r.get(8)?,
                    reset_by: by.zip(at.map(from_millis)),
                })
            })?;
            Ok(rows.collect::<rusqlite::Result<Vec<_>>>()?)
        })
    }

    /// Put a refused sign-in on the record (`actor` names the typed account).
    pub fn record_failed_login(&self, actor: &Actor, reason: &str) -> Result<()> {
        self.write(|tx| {
            append(
                tx,
                actor,
                &Record::new(
                    "login.fail",
                    "user",
                    (actor.id > 0).then_some(actor.id),
                    serde_json::json!({ "reason": reason }),
                ),
            )?;
            Ok(())
        })
    }

    /// Change an account as an admin (`actor`). A new password makes the
    /// owner choose another at the next sign-in and ends their sessions.
    pub fn update_user(&self, actor: &Actor, id: Id, update: &UserUpdate) -> Result<User> {
        self.write(|tx| {
            let before = load_user(tx, id)?;
            let at = to_millis(now());
            if let Some(v) = &update.display_name {
                tx.execute(
                    "UPDATE users SET display_name = ?2 WHERE id = ?1",
                    params![id, v],
                )?;
            }
            if let Some(v) = &update.roles {
                tx.execute(
                    "UPDATE users SET roles = ?2 WHERE id = ?1",
                    params![id, join_roles(v)],
                )?;
            }
            if let Some(v) = &update.review_levels {
                tx.execute(
                    "UPDATE users SET review_levels = ?2 WHERE id = ?1",
                    params![id, join_levels(v)],
                )?;
            }
            if let Some(v) = update.disabled {
                tx.execute(
                    "UPDATE users SET disabled = ?2 WHERE id = ?1",
                    params![id, v],
                )?;
                if v {
                    tx.execute("DELETE FROM sessions WHERE user_id = ?1", [id])?;
                }
            }
            let after = load_user(tx, id)?;
            if after != before {
                append(
                    tx,
                    actor,
                    &Record::new(
                        "user.update",
                        "user",
                        Some(id),
                        serde_json::json!({ "before": user_detail(&before), "after": user_detail(&after) }),
                    ),
                )?;
            }
            if let Some(v) = &update.password_hash {
                tx.execute(
                    "UPDATE users SET password_hash = ?2, failed_logins = 0, password_origin = 'admin',
                         must_change_password = 1, password_reset_by = ?3, password_reset_at = ?4
                     WHERE id = ?1",
                    params![id, v, (actor.id > 0).then_some(actor.id), at],
                )?;
                let ended = tx.execute("DELETE FROM sessions WHERE user_id = ?1", [id])?;
                append(
                    tx,
                    actor,
                    &Record::new(
                        "user.password_reset",
                        "user",
                        Some(id),
                        serde_json::json!({ "username": after.username, "sessions_ended": ended }),
                    ),
                )?;
            }
            load_user(tx, id)
        })
    }

    /// The owner's own new password. After an admin's reset the first change
    /// is the one the reset forced: the reset stays on record (signatures
    /// made with it are flagged) until the owner changes it again. Every
    /// session of the account but `keep_session` (the one changing it) ends
    /// in the same transaction; answers their token hashes.
    pub fn set_own_password(
        &self,
        actor: &Actor,
        id: Id,
        hash: &str,
        keep_session: &str,
    ) -> Result<(User, Vec<String>)> {
        self.write(|tx| {
            let ended = tx
                .prepare(
                    "DELETE FROM sessions WHERE user_id = ?1 AND token_hash <> ?2
                     RETURNING token_hash",
                )?
                .query_map(params![id, keep_session], |r| r.get::<_, String>(0))?
                .collect::<rusqlite::Result<Vec<_>>>()?;
            let forced: bool = tx.query_row(
                "SELECT must_change_password FROM users WHERE id = ?1",
                [id],
                |r| r.get(0),
            )?;
            if forced {
                tx.execute(
                    "UPDATE users SET password_hash = ?2, password_origin = 'self',
                         must_change_password = 0 WHERE id = ?1",
                    params![id, hash],
                )?;
            } else {
                tx.execute(
                    "UPDATE users SET password_hash = ?2, password_origin = 'self',
                         must_change_password = 0, password_reset_by = NULL,
                         password_reset_at = NULL WHERE id = ?1",
                    params![id, hash],
                )?;
            }
            append(
                tx,
                actor,
                &Record::new(
                    "user.password_change",
                    "user",
                    Some(id),
                    serde_json::json!({
                        "forced_by_reset": forced,
                        "other_sessions_ended": ended.len(),
                    }),
                ),
            )?;
            Ok((load_user(tx, id)?, ended))
        })
    }

    /// A new session after a good sign-in; expired sessions are cleared.
    pub fn create_session(
        &self,
        actor: &Actor,
        token_hash: &str,
        user_id: Id,
        expires_at: DateTime<Utc>,
    ) -> Result<()> {
        let at = now();
        self.write(|tx| {
            tx.execute(
                "DELETE FROM sessions WHERE expires_at < ?1",
                [to_millis(at)],
            )?;
            tx.execute(
                "INSERT INTO sessions (token_hash, user_id, created_at, expires_at, last_seen_at,
                     client, via)
                 VALUES (?1, ?2, ?3, ?4, ?3, ?5, ?6)",
                params![
                    token_hash,
                    user_id,
                    to_millis(at),
                    to_millis(expires_at),
                    actor.client,
                    actor.via
                ],
            )?;
            append(
                tx,
                actor,
                &Record::new(
                    "login.ok",
                    "user",
                    Some(user_id),
                    serde_json::json!({ "expires_at": expires_at }),
                ),
            )?;
            Ok(())
        })
    }

    /// The account behind a session that is neither expired nor idle longer
    /// than `idle`.
    pub fn session_user(
        &self,
        token_hash: &str,
        at: DateTime<Utc>,
        idle: chrono::Duration,
    ) -> Result<Option<SessionInfo>> {
        self.read(|c| {
            Ok(c.query_row(
                "SELECT u.id, u.username, u.display_name, u.roles, u.review_levels, u.disabled,
                        u.must_change_password, s.last_seen_at, s.client
                   FROM sessions s JOIN users u ON u.id = s.user_id
                  WHERE s.token_hash = ?1 AND s.expires_at > ?2 AND s.last_seen_at > ?3
                    AND u.disabled = 0",
                params![token_hash, to_millis(at), to_millis(at - idle)],
                |r| {
                    Ok(SessionInfo {
                        user: user_from_row(r, 0)?,
                        last_seen_at: from_millis(r.get(7)?),
                        client: r.get(8)?,
                    })
                },
            )
            .optional()?)
        })
    }

    /// Note that a session was used (for the idle timeout).
    pub fn touch_session(&self, token_hash: &str, at: DateTime<Utc>) -> Result<()> {
        self.write(|tx| {
            tx.execute(
                "UPDATE sessions SET last_seen_at = ?2 WHERE token_hash = ?1",
                params![token_hash, to_millis(at)],
            )?;
            Ok(())
        })
    }

    /// Sign out one session.
    pub fn delete_session(&self, actor: &Actor, token_hash: &str) -> Result<()> {
        self.write(|tx| {
            let n = tx.execute("DELETE FROM sessions WHERE token_hash = ?1", [token_hash])?;
            if n > 0 {
                append(
                    tx,
                    actor,
                    &Record::new("logout", "user", Some(actor.id), serde_json::json!({})),
                )?;
            }
            Ok(())
        })
    }

    /// Sign an account out everywhere; answers the ended sessions' token hashes.
    pub fn delete_sessions_of(&self, actor: &Actor, user_id: Id) -> Result<Vec<String>> {
        self.write(|tx| {
            load_user(tx, user_id)?;
            let ended = tx
                .prepare("DELETE FROM sessions WHERE user_id = ?1 RETURNING token_hash")?
                .query_map([user_id], |r| r.get::<_, String>(0))?
                .collect::<rusqlite::Result<Vec<_>>>()?;
            append(
                tx,
                actor,
                &Record::new(
                    "session.revoke_all",
                    "user",
                    Some(user_id),
                    serde_json::json!({ "sessions_ended": ended.len() }),
                ),
            )?;
            Ok(ended)
        })
    }

    pub fn publication(&self) -> Result<Publication> {
        self.read(publication_from)
    }

    pub fn set_publication(&self, actor: &Actor, p: &Publication) -> Result<Publication> {
        self.write(|tx| {
            let before = publication_from(tx)?;
            tx.execute(
                "INSERT INTO publication (id, name, publisher, permit_number, page_size, columns,
                     review_levels, session_idle_minutes, proof_rounds, page_signers, kind,
                     cn_number, postal_code, editor_unit, audience, printer, print_run)
                 VALUES (1, ?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16)
                 ON CONFLICT (id) DO UPDATE SET name = ?1, publisher = ?2, permit_number = ?3,
                     page_size = ?4, columns = ?5, review_levels = ?6, session_idle_minutes = ?7,
                     proof_rounds = ?8, page_signers = ?9, kind = ?10, cn_number = ?11,
                     postal_code = ?12, editor_unit = ?13, audience = ?14, printer = ?15,
                     print_run = ?16",
                params![
                    p.name,
                    p.publisher,
                    p.permit_number,
                    p.page_size.as_str(),
                    p.columns,
                    p.review_levels,
                    p.session_idle_minutes,
                    p.proof_rounds,
                    crate::pages::format_ids(&p.page_signers),
                    match p.kind {
                        PublicationKind::Internal => "internal",
                        PublicationKind::Public => "public",
                    },
                    p.cn_number,
                    p.postal_code,
                    p.editor_unit,
                    p.audience,
                    p.printer,
                    p.print_run
                ],
            )?;
            let after = publication_from(tx)?;
            if after != before {
                append(
                    tx,
                    actor,
                    &Record::new(
                        "publication.update",
                        "publication",
                        Some(1),
                        serde_json::json!({ "before": before, "after": after }),
                    ),
                )?;
            }
            Ok(after)
        })
    }
}

/// [`Store::create_user`] inside a transaction of the caller.
pub(crate) fn create_user_in(tx: &Transaction, actor: &Actor, new: &NewUser) -> Result<User> {
    let taken: bool = tx.query_row(
        "SELECT EXISTS (SELECT 1 FROM users WHERE username = ?1)",
        [&new.username],
        |r| r.get(0),
    )?;
    if taken {
        return Err(StoreError::Duplicate {
            what: "user",
            key: new.username.clone(),
        });
    }
    let at = to_millis(now());
    let by_admin = new.password_origin == PasswordOrigin::Admin;
    tx.execute(
        "INSERT INTO users (username, display_name, password_hash, roles, review_levels,
             created_at, password_origin, must_change_password, password_reset_by,
             password_reset_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
        params![
            new.username,
            new.display_name,
            new.password_hash,
            join_roles(&new.roles),
            join_levels(&new.review_levels),
            at,
            new.password_origin.as_str(),
            by_admin,
            (by_admin && actor.id > 0).then_some(actor.id),
            by_admin.then_some(at),
        ],
    )?;
    let user = load_user(tx, tx.last_insert_rowid())?;
    let mut detail = user_detail(&user);
    detail["password_origin"] = new.password_origin.as_str().into();
    append(
        tx,
        actor,
        &Record::new("user.create", "user", Some(user.id), detail),
    )?;
    Ok(user)
}
