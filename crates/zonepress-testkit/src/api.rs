//! Real workspaces on the api, for its tests and the tests above it: a
//! small one with one account per role ([`Fixture`]) and the demo
//! ([`Demo`]), each in its own temp folder, with sessions to call
//! commands as their accounts.

use chrono::{Duration, NaiveDate, Utc};
use serde_json::{Value, json};
use zonepress_api::{ApiError, Context, Reply};
use zonepress_core::{ArticleContent, Block, Role, User};
use zonepress_store::Store;
use zonepress_store::articles::NewArticle;
use zonepress_store::audit::Actor;
use zonepress_store::issues::NewIssue;
use zonepress_store::users::{NewUser, PasswordOrigin};

pub struct Fixture {
    pub _dir: tempfile::TempDir,
    pub ctx: Context,
    /// The author of `article` (an editor who is none of the role accounts).
    pub author: User,
    pub issue_id: i64,
    pub article_id: i64,
}

pub fn token_of(username: &str) -> String {
    format!("token-of-{username}")
}

/// An account `name` with `roles`, signed in with the token
/// [`token_of`]`(name)` for an hour.
fn signed_in_user(store: &Store, name: &str, roles: Vec<Role>) -> User {
    let system = Actor::system();
    let u = store
        .create_user(
            &system,
            &NewUser {
                username: name.into(),
                display_name: format!("{name}的名字"),
                password_hash: "unused".into(),
                roles,
                review_levels: vec![],
                password_origin: PasswordOrigin::Owner,
            },
        )
        .unwrap();
    store
        .create_session(
            &system,
            &zonepress_api::auth::hash_token(&token_of(name)),
            u.id,
            Utc::now() + Duration::hours(1),
        )
        .unwrap();
    u
}

impl Default for Fixture {
    fn default() -> Self {
        Fixture::new()
    }
}

impl Fixture {
    pub fn new() -> Fixture {
        Fixture::with_clock(std::sync::Arc::new(zonepress_api::notify::SystemClock))
    }

    /// The fixture on a given clock (deadline reminders).
    pub fn with_clock(clock: std::sync::Arc<dyn zonepress_api::notify::Clock>) -> Fixture {
        let dir = tempfile::tempdir().unwrap();
        let ctx = Context::open_with_clock(dir.path(), clock).unwrap();
        let store = ctx.store_for_tests();
        let system = Actor::system();
        let mut users = Vec::new();
        for (name, roles) in [
            ("author", vec![Role::Editor]),
            ("editor", vec![Role::Editor]),
            ("reviewer", vec![Role::Reviewer]),
            ("proofreader", vec![Role::Proofreader]),
            ("layout", vec![Role::Layout]),
            ("admin", vec![Role::Admin]),
            ("correspondent", vec![Role::Correspondent]),
        ] {
            users.push(signed_in_user(store, name, roles));
        }
        let issue = store
            .create_issue(
                &system,
                &NewIssue {
                    year: 2026,
                    number: 11,
                    serial: 137,
                    date: NaiveDate::from_ymd_opt(2026, 11, 30).unwrap(),
                    page_count: 4,
                    page_size: zonepress_core::PageSize::A3,
                    columns: 4,
                },
            )
            .unwrap();
        let article = store
            .create_article(
                &Actor::user(&users[0], "本机", "desktop"),
                &NewArticle {
                    issue_id: Some(issue.id),
                    content: ArticleContent {
                        title: "开发区召开安全生产会议".into(),
                        body: vec![Block::Paragraph {
                            text: "11月20日上午,开发区召开安全生产工作会议。".into(),
                        }],
                        ..Default::default()
                    },
                    target_length: None,
                },
            )
            .unwrap();
        Fixture {
            _dir: dir,
            ctx,
            author: users[0].clone(),
            issue_id: issue.id,
            article_id: article.id,
        }
    }

    /// Call a command as `username` with a JSON body.
    pub fn call(&self, username: &str, command: &str, body: Value) -> Result<Value, ApiError> {
        let token = token_of(username);
        match zonepress_api::call(
            &self.ctx,
            command,
            Some(&token),
            &serde_json::to_vec(&body).unwrap(),
        )? {
            Reply::Json(v) => Ok(v),
            Reply::Binary(b) => Ok(json!({ "bytes": b.bytes.len(), "type": b.content_type })),
        }
    }

    pub fn ok(&self, username: &str, command: &str, body: Value) -> Value {
        self.call(username, command, body)
            .unwrap_or_else(|e| panic!("{command} as {username}: {e:?}"))
    }

    pub fn user(&self, username: &str) -> User {
        self.ctx
            .store_for_tests()
            .list_users()
            .unwrap()
            .into_iter()
            .find(|u| u.username == username)
            .unwrap()
    }

    /// Another signed-in account (token `token-of-<name>`).
    pub fn add_user(&self, name: &str, roles: Vec<Role>) -> User {
        signed_in_user(self.ctx.store_for_tests(), name, roles)
    }

    /// A topic for the fixture's issue proposed by the author; accepted
    /// by the editor when `accepted`.
    pub fn topic(&self, accepted: bool) -> i64 {
        let t = self.ok(
            "author",
            "propose_topic",
            json!({ "title": "开发区新签约项目巡礼", "issue_id": self.issue_id, "expected_chars": 1200 }),
        );
        let id = t["id"].as_i64().unwrap();
        if accepted {
            self.ok(
                "editor",
                "decide_topic",
                json!({ "id": id, "decision": "accepted" }),
            );
        }
        id
    }

    /// An accepted topic assigned to the author.
    pub fn assigned_topic(&self) -> i64 {
        let id = self.topic(true);
        self.ok(
            "editor",
            "assign_topic",
            json!({ "topic_id": id, "assignee": "author", "due": "2026-11-25" }),
        );
        id
    }

    /// Put the article in review (as its author).
    pub fn submit(&self) {
        self.ok(
            "author",
            "submit_article",
            json!({ "id": self.article_id, "revision": 1 }),
        );
    }
}

/// The demo workspace, signed in as its accounts.
pub struct Demo {
    pub _dir: tempfile::TempDir,
    pub ctx: Context,
}

impl Default for Demo {
    fn default() -> Self {
        Demo::new()
    }
}

impl Demo {
    pub fn new() -> Demo {
        let dir = tempfile::tempdir().unwrap();
        let ctx = Context::open(dir.path()).unwrap();
        zonepress_api::demo::seed_demo(&ctx).unwrap();
        Demo { _dir: dir, ctx }
    }

    /// The demo before its 校样 rounds: no round, no 签版, its two slips of
    /// the pen still in the text.
    pub fn before_proofs() -> Demo {
        let dir = tempfile::tempdir().unwrap();
        let ctx = Context::open(dir.path()).unwrap();
        zonepress_api::demo::seed_demo_before_proofs(&ctx).unwrap();
        Demo { _dir: dir, ctx }
    }

    pub fn dir(&self) -> &std::path::Path {
        self._dir.path()
    }

    /// 签版 of every page not signed as it prints now, and 付印, by the 终审
    /// reviewer (after a change voided them); answers false when a page
    /// changed meanwhile (a race in a test).
    pub fn sign_off(&self) -> bool {
        let t = self.token("reviewer3");
        let call = |cmd: &str, body: Value| {
            zonepress_api::call(&self.ctx, cmd, Some(&t), body.to_string().as_bytes())
        };
        let Ok(Reply::Json(pages)) = call("get_issue_pages", json!({ "issue_id": 1 })) else {
            return false;
        };
        for p in pages["pages"].as_array().unwrap() {
            if p["state"] != "signed"
                && call(
                    "sign_page",
                    json!({ "issue_id": 1, "page": p["page"], "page_hash": p["page_hash"] }),
                )
                .is_err()
            {
                return false;
            }
        }
        call("order_print", json!({ "issue_id": 1 })).is_ok()
    }

    pub fn token(&self, user: &str) -> String {
        let body = json!({ "username": user, "password": zonepress_api::demo::DEMO_PASSWORD });
        match zonepress_api::call(&self.ctx, "login", None, body.to_string().as_bytes()).unwrap() {
            Reply::Json(v) => v["token"].as_str().unwrap().to_string(),
            Reply::Binary(_) => unreachable!(),
        }
    }

    pub fn call(
        &self,
        user: &str,
        cmd: &str,
        body: Value,
    ) -> Result<Reply, zonepress_api::ApiError> {
        zonepress_api::call(
            &self.ctx,
            cmd,
            Some(&self.token(user)),
            body.to_string().as_bytes(),
        )
    }

    pub fn json(&self, user: &str, cmd: &str, body: Value) -> Value {
        match self
            .call(user, cmd, body)
            .unwrap_or_else(|e| panic!("{cmd}: {e:?}"))
        {
            Reply::Json(v) => v,
            Reply::Binary(_) => panic!("{cmd} answered bytes"),
        }
    }

    pub fn bytes(&self, user: &str, cmd: &str, body: Value) -> Vec<u8> {
        match self
            .call(user, cmd, body)
            .unwrap_or_else(|e| panic!("{cmd}: {e:?}"))
        {
            Reply::Binary(b) => b.bytes,
            Reply::Json(_) => panic!("{cmd} answered JSON"),
        }
    }
}
