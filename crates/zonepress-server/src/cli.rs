//! The `zonepress` command line.

use std::io::{BufRead, Write};
use std::net::SocketAddr;
use std::path::PathBuf;
use std::process::ExitCode;
use std::sync::Arc;

use clap::{Parser, Subcommand};
use zonepress_api::auth::{CreateUserInput, add_user};
use zonepress_api::{ApiError, Context, WorkspaceLock};
use zonepress_core::{ArticleStatus, Role};
use zonepress_store::articles::ArticleFilter;

#[derive(Parser, Debug)]
#[command(
    name = "zonepress",
    version,
    about = "园区编务 ZonePress：开发区新闻编务工作站的服务端与命令行工具",
    long_about = None
)]
pub struct Cli {
    /// The workspace folder (default: the platform data dir, as the desktop app uses).
    #[arg(long, global = true, env = "ZONEPRESS_WORKSPACE")]
    pub workspace: Option<PathBuf>,
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Subcommand, Debug)]
pub enum Command {
    /// Create the workspace (with `--demo`: demo accounts, publication and issue).
    Init {
        #[arg(long)]
        demo: bool,
    },
    /// Serve the workspace to the office over HTTP (API and web UI).
    Serve {
        #[arg(long, default_value = "127.0.0.1:8470")]
        bind: SocketAddr,
        /// Folder of the built web UI (default: found next to the program).
        #[arg(long, env = "ZONEPRESS_UI_DIR")]
        ui: Option<PathBuf>,
    },
    /// Manage accounts.
    User {
        #[command(subcommand)]
        command: UserCommand,
    },
    /// List the issues.
    Issues {
        #[arg(long)]
        json: bool,
    },
    /// List the articles of an issue.
    Articles {
        #[arg(long)]
        issue: Option<i64>,
        #[arg(long)]
        json: bool,
    },
}

#[derive(Subcommand, Debug)]
pub enum UserCommand {
    /// Add an account; the password is read from standard input.
    Add {
        username: String,
        /// Comma-separated: editor, reviewer, proofreader, layout, admin.
        #[arg(long, value_delimiter = ',', required = true)]
        roles: Vec<String>,
        /// The name shown in the app (default: the username).
        #[arg(long)]
        name: Option<String>,
        /// Review levels this account may sign, e.g. `1,2` (default: any).
        #[arg(long, value_delimiter = ',')]
        review_levels: Vec<u8>,
        /// Read the password from the first line of standard input.
        #[arg(long, required = true)]
        password_stdin: bool,
    },
    /// List the accounts.
    List {
        #[arg(long)]
        json: bool,
    },
}

/// The workspace used when none is given: the same folder as the desktop app's.
pub fn default_workspace() -> PathBuf {
    dirs::data_dir()
        .unwrap_or_else(|| PathBuf::from("."))
        .join("cn.zonepress.desktop")
        .join("workspace")
}

fn fail(e: &ApiError) -> ExitCode {
    eprintln!("错误：{}", e.message);
    tracing::debug!("{}", e.log);
    ExitCode::from(match e.code {
        zonepress_api::ErrorCode::InvalidInput => 2,
        zonepress_api::ErrorCode::WorkspaceLocked => 3,
        zonepress_api::ErrorCode::Corrupt => 4,
        _ => 1,
    })
}

fn print_json(v: &impl serde::Serialize) {
    println!("{}", serde_json::to_string_pretty(v).expect("json"));
}

fn find_ui_dir(given: Option<PathBuf>) -> Option<PathBuf> {
    let candidates = given.into_iter().chain(
        std::env::current_exe()
            .ok()
            .and_then(|exe| exe.parent().map(|d| d.join("../share/zonepress/ui")))
            .into_iter()
            .chain(std::iter::once(
                PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../ui/dist"),
            )),
    );
    candidates
        .into_iter()
        .find(|d| d.join("index.html").is_file())
}

pub fn run(cli: Cli) -> ExitCode {
    let dir = cli.workspace.clone().unwrap_or_else(default_workspace);
    match run_inner(cli.command, dir) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => fail(&e),
    }
}

fn run_inner(command: Command, dir: PathBuf) -> Result<(), ApiError> {
    match command {
        Command::Init { demo } => {
            let _lock = WorkspaceLock::acquire(&dir, "zonepress init")?;
            let ctx = Context::open(&dir)?;
            if demo {
                let summary = zonepress_api::demo::seed_demo(&ctx)?;
                println!(
                    "已创建演示工作区：{}（{} 篇稿件，账号 {}，密码 {}）",
                    dir.display(),
                    summary.articles,
                    summary.accounts.join("、"),
                    zonepress_api::demo::DEMO_PASSWORD
                );
            } else {
                println!(
                    "已创建工作区：{}。请用 `zonepress user add admin --roles admin --password-stdin` 添加管理员",
                    dir.display()
                );
            }
            Ok(())
        }
        Command::Serve { bind, ui } => {
            let lock = WorkspaceLock::acquire(&dir, &format!("zonepress serve http://{bind}"))?;
            let ctx = Arc::new(Context::open(&dir)?);
            let ui_dir = find_ui_dir(ui);
            if ui_dir.is_none() {
                eprintln!("提示：未找到网页界面（ui/dist），只提供 API");
            }
            let rt = tokio::runtime::Runtime::new().map_err(ApiError::internal)?;
            rt.block_on(crate::http::serve(ctx, bind, ui_dir))
                .map_err(|e| {
                    ApiError::new(
                        zonepress_api::ErrorCode::Internal,
                        format!("无法在 {bind} 上提供服务：{e}"),
                        format!("serve on {bind}: {e}"),
                    )
                })?;
            drop(lock);
            Ok(())
        }
        Command::User { command } => {
            let ctx = Context::open(&dir)?;
            match command {
                UserCommand::Add {
                    username,
                    roles,
                    name,
                    review_levels,
                    password_stdin: _,
                } => {
                    let roles = roles
                        .iter()
                        .map(|r| {
                            Role::parse(r).ok_or_else(|| {
                                ApiError::invalid(
                                    format!(
                                        "未知角色“{r}”，可用：editor、reviewer、proofreader、layout、admin"
                                    ),
                                    format!("unknown role {r:?}"),
                                )
                            })
                        })
                        .collect::<Result<Vec<_>, _>>()?;
                    let mut password = String::new();
                    std::io::stdin()
                        .lock()
                        .read_line(&mut password)
                        .map_err(ApiError::internal)?;
                    let password = password.trim_end_matches(['\r', '\n']).to_string();
                    let user = add_user(
                        &ctx,
                        CreateUserInput {
                            display_name: name.unwrap_or_else(|| username.clone()),
                            username,
                            password,
                            roles,
                            review_levels: Some(review_levels),
                        },
                    )?;
                    println!("已添加账号 {}（{}）", user.username, user.display_name);
                }
                UserCommand::List { json } => {
                    let users = ctx.store.list_users()?;
                    if json {
                        print_json(&users);
                    } else {
                        for u in users {
                            let roles: Vec<&str> = u.roles.iter().map(|r| r.label_zh()).collect();
                            println!("{:>4}  {:<14} {:<8} {}", u.id, u.username, u.display_name, roles.join("、"));
                        }
                    }
                }
            }
            Ok(())
        }
        Command::Issues { json } => {
            let ctx = Context::open(&dir)?;
            let issues = ctx.store.list_issues()?;
            if json {
                print_json(&issues);
            } else {
                let mut out = std::io::stdout().lock();
                for i in issues {
                    let _ = writeln!(
                        out,
                        "{:>4}  {}  {}  {}版 {}  {}篇",
                        i.id,
                        i.label(),
                        i.date,
                        i.page_count,
                        i.page_size.as_str(),
                        i.article_count
                    );
                }
            }
            Ok(())
        }
        Command::Articles { issue, json } => {
            let ctx = Context::open(&dir)?;
            if let Some(id) = issue {
                ctx.store.issue(id)?;
            }
            let articles = ctx.store.list_articles(&ArticleFilter {
                issue_id: issue,
                ..Default::default()
            })?;
            if json {
                print_json(&articles);
            } else {
                let mut out = std::io::stdout().lock();
                for a in articles {
                    let status = if a.status == ArticleStatus::InReview {
                        a.status.label_zh(a.review_level)
                    } else {
                        a.status.label_zh(None)
                    };
                    let _ = writeln!(
                        out,
                        "{:>5}  {:<6} 第{}版 {:>5}字  {}  {}",
                        a.id, status, a.revision, a.length, a.author.display_name, a.title
                    );
                }
            }
            Ok(())
        }
    }
}
