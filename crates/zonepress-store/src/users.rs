//! Accounts, sessions and the publication settings.

use chrono::{DateTime, Utc};
use rusqlite::{Connection, OptionalExtension, Row, params};
use zonepress_core::{Id, PageSize, Publication, Role, User, UserRef};

use crate::{Result, Store, StoreError, from_millis, now, to_millis};

/// A new account; the caller hashes the password.
#[derive(Debug, Clone)]
pub struct NewUser {
    pub username: String,
    pub display_name: String,
    pub password_hash: String,
    pub roles: Vec<Role>,
    pub review_levels: Vec<u8>,
}

/// What login needs to know about an account.
#[derive(Debug, Clone)]
pub struct UserAuth {
    pub user: User,
    pub password_hash: String,
    pub failed_logins: u32,
    pub last_failed_at: Option<DateTime<Utc>>,
}

/// Changes to an account; `None` leaves a field as it is.
#[derive(Debug, Clone, Default)]
pub struct UserUpdate {
    pub display_name: Option<String>,
    pub roles: Option<Vec<Role>>,
    pub review_levels: Option<Vec<u8>>,
    pub disabled: Option<bool>,
    pub password_hash: Option<String>,
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

pub(crate) const USER_COLUMNS: &str = "id, username, display_name, roles, review_levels, disabled";

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
            "SELECT name, publisher, permit_number, page_size, columns, review_levels
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
                })
            },
        )
        .optional()?
        .unwrap_or_default())
}

pub(crate) fn review_levels(conn: &Connection) -> Result<u8> {
    Ok(publication_from(conn)?.review_levels)
}

impl Store {
    pub fn create_user(&self, new: &NewUser) -> Result<User> {
        self.write(|tx| {
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
            tx.execute(
                "INSERT INTO users (username, display_name, password_hash, roles, review_levels, created_at)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
                params![
                    new.username,
                    new.display_name,
                    new.password_hash,
                    join_roles(&new.roles),
                    join_levels(&new.review_levels),
                    to_millis(now())
                ],
            )?;
            load_user(tx, tx.last_insert_rowid())
        })
    }

    pub fn user(&self, id: Id) -> Result<User> {
        self.read(|c| load_user(c, id))
    }

    pub fn user_count(&self) -> Result<u32> {
        self.read(|c| Ok(c.query_row("SELECT count(*) FROM users", [], |r| r.get(0))?))
    }

    pub fn list_users(&self) -> Result<Vec<User>> {
        self.read(|c| {
            let mut stmt = c.prepare(&format!("SELECT {USER_COLUMNS} FROM users ORDER BY id"))?;
            let rows = stmt.query_map([], |r| user_from_row(r, 0))?;
            Ok(rows.collect::<rusqlite::Result<Vec<_>>>()?)
        })
    }

    pub fn user_auth(&self, username: &str) -> Result<Option<UserAuth>> {
        self.read(|c| {
            Ok(c.query_row(
                &format!(
                    "SELECT {USER_COLUMNS}, password_hash, failed_logins, last_failed_at
                       FROM users WHERE username = ?1"
                ),
                [username],
                |r| {
                    Ok(UserAuth {
                        user: user_from_row(r, 0)?,
                        password_hash: r.get(6)?,
                        failed_logins: r.get(7)?,
                        last_failed_at: r.get::<_, Option<i64>>(8)?.map(from_millis),
                    })
                },
            )
            .optional()?)
        })
    }

    /// Count a failed login, or reset the count after a good one.
    pub fn record_login(&self, user_id: Id, ok: bool, at: DateTime<Utc>) -> Result<()> {
        self.write(|tx| {
            if ok {
                tx.execute(
                    "UPDATE users SET failed_logins = 0, last_failed_at = NULL WHERE id = ?1",
                    [user_id],
                )?;
            } else {
                tx.execute(
                    "UPDATE users SET failed_logins = failed_logins + 1, last_failed_at = ?2 WHERE id = ?1",
                    params![user_id, to_millis(at)],
                )?;
            }
            Ok(())
        })
    }

    pub fn update_user(&self, id: Id, update: &UserUpdate) -> Result<User> {
        self.write(|tx| {
            load_user(tx, id)?;
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
            if let Some(v) = &update.password_hash {
                tx.execute(
                    "UPDATE users SET password_hash = ?2, failed_logins = 0 WHERE id = ?1",
                    params![id, v],
                )?;
                tx.execute("DELETE FROM sessions WHERE user_id = ?1", [id])?;
            }
            load_user(tx, id)
        })
    }

    pub fn create_session(
        &self,
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
                "INSERT INTO sessions (token_hash, user_id, created_at, expires_at) VALUES (?1, ?2, ?3, ?4)",
                params![token_hash, user_id, to_millis(at), to_millis(expires_at)],
            )?;
            Ok(())
        })
    }

    /// The account behind a live session, if any.
    pub fn session_user(&self, token_hash: &str, at: DateTime<Utc>) -> Result<Option<User>> {
        self.read(|c| {
            Ok(c.query_row(
                "SELECT u.id, u.username, u.display_name, u.roles, u.review_levels, u.disabled
                   FROM sessions s JOIN users u ON u.id = s.user_id
                  WHERE s.token_hash = ?1 AND s.expires_at > ?2 AND u.disabled = 0",
                params![token_hash, to_millis(at)],
                |r| user_from_row(r, 0),
            )
            .optional()?)
        })
    }

    pub fn delete_session(&self, token_hash: &str) -> Result<()> {
        self.write(|tx| {
            tx.execute("DELETE FROM sessions WHERE token_hash = ?1", [token_hash])?;
            Ok(())
        })
    }

    pub fn publication(&self) -> Result<Publication> {
        self.read(publication_from)
    }

    pub fn set_publication(&self, p: &Publication) -> Result<Publication> {
        self.write(|tx| {
            tx.execute(
                "INSERT INTO publication (id, name, publisher, permit_number, page_size, columns, review_levels)
                 VALUES (1, ?1, ?2, ?3, ?4, ?5, ?6)
                 ON CONFLICT (id) DO UPDATE SET name = ?1, publisher = ?2, permit_number = ?3,
                     page_size = ?4, columns = ?5, review_levels = ?6",
                params![
                    p.name,
                    p.publisher,
                    p.permit_number,
                    p.page_size.as_str(),
                    p.columns,
                    p.review_levels
                ],
            )?;
            publication_from(tx)
        })
    }
}
