//! The demo workspace: one account per role, the publication 青禾开发区报 and
//! its issue 2026年第11期 with articles in every workflow state, written by us
//! (`demo/demo-issue.json`), a generated photo, and the issue's page plan,
//! taken through its three 校样 rounds to 签版 and 付印 ([`proofs`]).

use std::collections::HashMap;

use chrono::NaiveDate;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use ts_rs::TS;
use zonepress_core::layout::{IssuePlan, PagePlan, PageTemplate, Placement};
use zonepress_core::workflow;
use zonepress_core::{ArticleContent, Block, Publication, Role, User};
use zonepress_store::articles::NewArticle;

use zonepress_store::audit::Actor;
use zonepress_store::users::PasswordOrigin;

use crate::auth::{CreateUserInput, add_user};
use crate::issues::{CreateIssueInput, add_issue, set_publication};
use crate::{ApiError, Context, Session};

// The demo issue's 校样 rounds, 签版 and 付印.
mod proofs;

/// The password of every demo account (documented in the README).
pub const DEMO_PASSWORD: &str = "zonepress";

/// `(username, display name, roles, review levels)`
pub const DEMO_ACCOUNTS: &[(&str, &str, &[Role], &[u8])] = &[
    ("admin", "赵磊", &[Role::Admin], &[]),
    ("editor", "林悦", &[Role::Editor], &[]),
    ("reviewer1", "郑雨桐", &[Role::Reviewer], &[1]),
    ("reviewer2", "何建华", &[Role::Reviewer], &[2]),
    ("reviewer3", "周敏", &[Role::Reviewer], &[3]),
    ("proofreader", "钱晓雯", &[Role::Proofreader], &[]),
    ("layout", "孙一鸣", &[Role::Layout], &[]),
];

const DEMO_JSON: &str = include_str!("../demo/demo-issue.json");
const DEMO_FILES: &[(&str, &[u8])] = &[("photo-1.jpg", include_bytes!("../demo/photo-1.jpg"))];

#[derive(Deserialize)]
struct DemoIssueFile {
    publication: Publication,
    issue: DemoIssue,
    pages: Vec<DemoPage>,
    articles: Vec<DemoArticle>,
    assets: Vec<DemoAsset>,
    #[serde(default)]
    roster: Vec<DemoRoster>,
}

#[derive(Deserialize)]
struct DemoRoster {
    name: String,
    title: String,
    valid_from: Option<NaiveDate>,
    valid_to: Option<NaiveDate>,
    #[serde(default)]
    rank: Option<u32>,
}

#[derive(Deserialize)]
struct DemoIssue {
    year: i32,
    number: u32,
    serial: u32,
    date: NaiveDate,
    page_count: u8,
    /// 印刷日期, printed in the colophon.
    #[serde(default)]
    print_date: Option<NaiveDate>,
}

#[derive(Deserialize)]
struct DemoPage {
    number: u8,
    template: PageTemplate,
    #[serde(default)]
    name: String,
}

#[derive(Deserialize)]
struct DemoPlacement {
    headline_span: Option<u8>,
    body_columns: Option<u8>,
    image_columns: Option<u8>,
    type_scale: u16,
}

#[derive(Deserialize)]
struct DemoArticle {
    author: String,
    page: Option<u8>,
    placement: Option<DemoPlacement>,
    target_length: Option<u32>,
    demo_state: String,
    content: ArticleContent,
}

#[derive(Deserialize)]
struct DemoAsset {
    key: String,
    file: String,
}

/// What `init --demo` created.
#[derive(Debug, Clone, Serialize, Deserialize, TS, JsonSchema)]
pub struct DemoSummary {
    pub issue_id: i64,
    pub articles: u32,
    pub accounts: Vec<String>,
}

fn internal(e: impl std::fmt::Display) -> ApiError {
    ApiError::internal(format!("demo content: {e}"))
}

/// Fill an empty workspace with the demo, its issue taken through its
/// three 校样 rounds to 签版 and 付印. Refused when it has accounts.
pub fn seed_demo(ctx: &Context) -> Result<DemoSummary, ApiError> {
    let (summary, users) = seed(ctx)?;
    proofs::run(ctx, &users, summary.issue_id)?;
    Ok(summary)
}

/// The demo before its 校样 rounds: every article signed and placed, the
/// two slips of the pen still in its text, no round, no 签版 (for tests
/// that go through the rounds themselves).
#[cfg(feature = "testing")]
#[doc(hidden)]
pub fn seed_demo_before_proofs(ctx: &Context) -> Result<DemoSummary, ApiError> {
    Ok(seed(ctx)?.0)
}

/// The slips of the pen the demo's text carries before its rounds: the
/// article's title, the passage as written, the wrong character and the
/// right one (for tests).
pub fn demo_typos() -> Vec<(&'static str, &'static str, &'static str, &'static str)> {
    proofs::TYPOS
        .iter()
        .map(|t| (t.title, t.wrong, t.wrong_char, t.right_char))
        .collect()
}

fn seed(ctx: &Context) -> Result<(DemoSummary, HashMap<&'static str, User>), ApiError> {
    if ctx.store().user_count()? > 0 {
        return Err(ApiError::invalid(
            "工作区已有账号，不能再写入演示内容",
            "workspace already initialised",
        ));
    }
    let file: DemoIssueFile = serde_json::from_str(DEMO_JSON).map_err(internal)?;
    let system = Session::system();
    ctx.store().set_setting("demo", "1")?;
    set_publication(ctx, &system, file.publication.clone())?;
    for r in &file.roster {
        ctx.store().save_roster(
            &system.actor(),
            &zonepress_store::proof::RosterRow {
                id: 0,
                name: r.name.clone(),
                title: r.title.clone(),
                valid_from: r.valid_from,
                valid_to: r.valid_to,
                note: String::new(),
                rank: r.rank,
            },
        )?;
    }

    let mut users: HashMap<&str, User> = HashMap::new();
    for (username, name, roles, levels) in DEMO_ACCOUNTS {
        let user = add_user(
            ctx,
            &system,
            CreateUserInput {
                username: (*username).into(),
                display_name: (*name).into(),
                password: DEMO_PASSWORD.into(),
                roles: roles.to_vec(),
                review_levels: Some(levels.to_vec()),
            },
            PasswordOrigin::Demo,
        )?;
        users.insert(username, user);
    }

    let issue = add_issue(
        ctx,
        &system,
        CreateIssueInput {
            year: file.issue.year,
            number: file.issue.number,
            serial: Some(file.issue.serial),
            date: file.issue.date,
            page_count: Some(file.issue.page_count),
            page_size: Some(file.publication.page_size),
            columns: Some(file.publication.columns),
        },
    )?;
    let issue = match file.issue.print_date {
        Some(date) => ctx.store().update_issue(
            &system.actor(),
            issue.id,
            &zonepress_store::issues::IssueUpdate {
                print_date: Some(Some(date)),
                ..Default::default()
            },
        )?,
        None => issue,
    };

    let mut asset_ids: HashMap<String, String> = HashMap::new();
    for asset in &file.assets {
        let bytes = DEMO_FILES
            .iter()
            .find(|(name, _)| *name == asset.file)
            .map(|(_, b)| *b)
            .ok_or_else(|| internal(format!("missing file {}", asset.file)))?;
        let info = zonepress_core::image::probe(bytes)
            .ok_or_else(|| internal(format!("{} is not an image", asset.file)))?;
        let id = hex::encode(Sha256::digest(bytes));
        ctx.store()
            .put_asset(&id, info.mime, info.width, info.height, bytes)?;
        asset_ids.insert(format!("@{}", asset.key), id);
    }

    let mut plan = IssuePlan {
        issue_id: issue.id,
        page_size: issue.page_size,
        columns: issue.columns,
        pages: file
            .pages
            .iter()
            .map(|p| PagePlan {
                number: p.number,
                template: p.template,
                name: p.name.clone(),
                placements: vec![],
            })
            .collect(),
    };

    let reviewers: Vec<&User> = ["reviewer1", "reviewer2", "reviewer3"]
        .iter()
        .map(|u| &users[u])
        .collect();
    let as_user = |u: &User| Actor::user(u, crate::LOCAL_CLIENT, "system");
    let mut count = 0;
    for a in &file.articles {
        let author = users
            .get(a.author.as_str())
            .ok_or_else(|| internal(format!("unknown author {}", a.author)))?;
        let mut content = a.content.clone();
        proofs::with_typos(&content.title, &mut content.body);
        for block in &mut content.body {
            if let Block::Image { asset_id, .. } = block {
                *asset_id = asset_ids
                    .get(asset_id.as_str())
                    .cloned()
                    .ok_or_else(|| internal(format!("unknown asset {asset_id}")))?;
            }
        }
        let content = crate::articles::prepare_content(ctx, content)?;
        let article = ctx.store().create_article(
            &as_user(author),
            &NewArticle {
                issue_id: Some(issue.id),
                content,
                target_length: a.target_length,
            },
        )?;
        count += 1;
        let rev = article.revision;
        if a.demo_state != "draft" {
            ctx.store()
                .review_action(article.id, &as_user(author), "", "", |st| {
                    workflow::submit(st, rev)
                })?;
        }
        match a.demo_state.as_str() {
            "approved" => {
                for (i, r) in reviewers.iter().enumerate() {
                    let opinion = [
                        "事实准确，同意送复审。",
                        "文字通顺，同意送终审。",
                        "同意签发。",
                    ][i];
                    ctx.store()
                        .review_action(article.id, &as_user(r), opinion, "", |st| {
                            workflow::approve(st, r, rev, Some(i as u8 + 1))
                        })?;
                }
            }
            "returned" => {
                let r = reviewers[0];
                let opinion = "文中“社区党委书记”未署姓名，请补充并核实职务；核实参与人数。";
                ctx.store().review_action(
                    article.id,
                    &as_user(r),
                    opinion,
                    "退回修改",
                    |st| workflow::return_to_author(st, r, rev, Some(1), opinion),
                )?;
            }
            _ => {}
        }
        if let (Some(page), Some(p)) = (a.page, &a.placement) {
            let slot = plan
                .pages
                .iter_mut()
                .find(|pp| pp.number == page)
                .ok_or_else(|| internal(format!("no page {page}")))?;
            slot.placements.push(Placement {
                article_id: article.id,
                headline_span: p.headline_span,
                body_columns: p.body_columns,
                image_columns: p.image_columns,
                type_scale: p.type_scale,
            });
        }
    }
    plan.validate()?;
    ctx.store().save_plan(&as_user(&users["layout"]), &plan)?;
    crate::stats::seed_demo(ctx, &system)?;

    Ok((
        DemoSummary {
            issue_id: issue.id,
            articles: count,
            accounts: DEMO_ACCOUNTS.iter().map(|(u, ..)| u.to_string()).collect(),
        },
        users,
    ))
}
