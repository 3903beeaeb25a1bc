//! The `zonepress` command line. Every action on a workspace goes through
//! the same command functions as the desktop app and the HTTP server, with a
//! session: the account named with `--as`, or this machine's local admin
//! (recorded as such in the audit log). Permissions and the audit log apply.

use std::io::{BufRead, Write};
use std::net::SocketAddr;
use std::path::PathBuf;
use std::process::ExitCode;
use std::sync::Arc;

use clap::{Parser, Subcommand};
use serde::Serialize;
use serde::de::DeserializeOwned;
use serde_json::json;
use zonepress_api::auth::CreateUserInput;
use zonepress_api::{ApiError, Caller, Context, ErrorCode, Reply, Session, WorkspaceLock};
use zonepress_core::{ArticleStatus, ArticleSummary, Issue, Role, User};

// 校样 rounds, 签版 and 付印.
mod pages;
// 选题 and 派稿.
mod topics;

#[derive(Parser, Debug)]
#[command(
    name = "zonepress",
    version = concat!(env!("CARGO_PKG_VERSION"), " (commit ", env!("ZONEPRESS_COMMIT"), ")"),
    about = "园区编务 ZonePress：开发区新闻编务工作站的服务端与命令行工具",
    long_about = None
)]
pub struct Cli {
    /// The workspace folder (default: the platform data dir, as the desktop app uses).
    #[arg(long, global = true, env = "ZONEPRESS_WORKSPACE")]
    pub workspace: Option<PathBuf>,
    /// Act as this account (default: this machine's local admin; `import`
    /// and `export` default to the only editor and the first layout account).
    #[arg(long = "as", global = true, value_name = "USERNAME")]
    pub as_user: Option<String>,
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Subcommand, Debug)]
pub enum Command {
    /// Create a workspace: empty with one admin (`--admin NAME --password-stdin`),
    /// or the demo (`--demo`: demo accounts sharing the password `zonepress`,
    /// for trying things on this machine only).
    Init {
        #[arg(long, conflicts_with = "admin")]
        demo: bool,
        /// The first admin account's username.
        #[arg(long, requires = "password_stdin")]
        admin: Option<String>,
        /// The admin's name as shown (default: the username).
        #[arg(long, requires = "admin")]
        name: Option<String>,
        /// Read the admin's password from the first line of standard input.
        #[arg(long, requires = "admin")]
        password_stdin: bool,
    },
    /// Serve the workspace to the office over HTTP (API and web UI).
    Serve {
        #[arg(long, default_value = "127.0.0.1:8470")]
        bind: SocketAddr,
        /// Folder of the built web UI (default: found next to the program).
        #[arg(long, env = "ZONEPRESS_UI_DIR")]
        ui: Option<PathBuf>,
        #[command(flatten)]
        net: ServeFlags,
        /// Take the workspace, address, HTTPS and host names from a settings
        /// file of NAME=value lines (the office server's zonepress.conf);
        /// see `settings.rs`. No other of these flags goes with it.
        #[arg(long, value_name = "FILE", conflicts_with_all = ["bind", "tls", "cert", "key", "public_names"])]
        settings: Option<PathBuf>,
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
    /// 稿库检索: search every article of every issue by its current text,
    /// newest first. Words must all occur; "…" keeps a phrase together.
    Search(SearchArgs),
    /// Proofread a text file (or standard input with `-`); exits with 1 when
    /// errors are found.
    Check {
        /// The text file; `-` or nothing reads standard input.
        file: Option<PathBuf>,
        /// Check dates against this issue's period.
        #[arg(long)]
        issue: Option<i64>,
        #[arg(long)]
        json: bool,
    },
    /// Import .docx, .txt and .md files as drafts of an issue.
    Import {
        #[arg(required = true)]
        files: Vec<PathBuf>,
        #[arg(long)]
        issue: i64,
        #[arg(long)]
        json: bool,
    },
    /// Export an issue as a print PDF (with its manifest beside it): PDF/X-4
    /// in CMYK for the print shop, with bleed and crop marks as 印刷设置 says.
    Export {
        #[arg(long)]
        issue: i64,
        #[arg(short = 'o', long = "output")]
        output: PathBuf,
        /// Bleed with crop marks (always with PDF/X-4; 3 mm unless 印刷设置 says otherwise).
        #[arg(long)]
        bleed: bool,
        /// A 校样 proof with a watermark, allowed despite preflight errors.
        #[arg(long)]
        proof: bool,
        /// PDF/A-3b, with the manifest attached.
        #[arg(long, conflicts_with = "pdf_a2b")]
        pdf_a: bool,
        /// PDF/A-2b: the manifest is not attached (PDF/A-2 forbids it), only
        /// written beside the PDF, where `verify` finds it.
        #[arg(long = "pdf-a2b")]
        pdf_a2b: bool,
    },
    /// 数字报: write an issue's digital edition (a static website: page images
    /// with clickable article regions, article pages, manifest) into a new
    /// folder, or with `--zip` as one .zip file.
    Web {
        #[arg(long)]
        issue: i64,
        /// The folder to create (must not exist or be empty); with `--zip`, the .zip file.
        #[arg(short = 'o', long = "output")]
        output: PathBuf,
        /// Write one .zip file instead of a folder.
        #[arg(long)]
        zip: bool,
        /// A 校样 preview, allowed before the issue is print-ready, marked on every page.
        #[arg(long)]
        proof_copy: bool,
    },
    /// WeChat (公众号) HTML of a signed article (`--article`) or of a whole issue (`--issue`).
    Wechat {
        #[arg(long, required_unless_present = "issue", conflicts_with = "issue")]
        article: Option<i64>,
        #[arg(long)]
        issue: Option<i64>,
        #[arg(short = 'o', long = "output")]
        output: PathBuf,
    },
    /// 印前检查 of an issue, or with `--press` the press checks of any PDF
    /// file (an advertisement, a supplied page, an export); exits with 1
    /// when there are errors.
    Preflight {
        #[arg(long, required_unless_present = "press", conflicts_with = "press")]
        issue: Option<i64>,
        /// A PDF file to check as the print shop would (RGB/Lab objects,
        /// image resolution, ink limit, fine multi-ink text and rules, fonts).
        #[arg(long, value_name = "FILE.pdf")]
        press: Option<PathBuf>,
        #[arg(long)]
        json: bool,
    },
    /// Check an exported PDF, or a 数字报 edition (folder or .zip), against
    /// the approved revisions in the workspace; exits with 1 on any mismatch.
    Verify {
        file: PathBuf,
        #[arg(long)]
        json: bool,
    },
    /// Write a consistent copy of the workspace database to a file.
    Backup { output: PathBuf },
    /// Replace the workspace database with a backup (the current one is kept beside it).
    Restore { input: PathBuf },
    /// The audit log 审计日志 (oldest first), or `audit verify` to check its chain.
    Audit {
        #[command(subcommand)]
        command: Option<AuditCommand>,
        /// From this day (YYYY-MM-DD).
        #[arg(long)]
        since: Option<chrono::NaiveDate>,
        /// Up to this day (YYYY-MM-DD).
        #[arg(long)]
        until: Option<chrono::NaiveDate>,
        /// Only this action (`login.fail`) or group (`login.`).
        #[arg(long)]
        action: Option<String>,
        #[arg(long)]
        json: bool,
    },
    /// 校样 rounds of an issue: `proof-round start --issue ID` freezes the
    /// layout as the next round (layout staff), `proof-round list --issue ID`
    /// lists them with their marks and 差错率.
    ProofRound {
        #[command(subcommand)]
        command: pages::ProofRoundCommand,
    },
    /// 签版: sign one page of an issue exactly as it prints now.
    SignPage(pages::SignPageArgs),
    /// 付印: order printing of an issue at its current layout (every proof
    /// round closed, every page signed).
    OrderPrint(pages::OrderPrintArgs),
    /// 选题 of an issue by page and priority, with state, owner and 截稿.
    Topics(topics::TopicsArgs),
    /// 报题 (`topic add --issue ID --title T`), accepted and 派稿 at once
    /// with `--assign USER --due DATE` (editors, admins).
    Topic {
        #[command(subcommand)]
        command: topics::TopicCommand,
    },
    /// 稿件统计 of a period (by issue date): articles submitted and printed,
    /// characters, photos and front-page articles per person or per unit.
    /// "Printed" is what each issue's latest print export placed.
    Stats {
        /// First issue date counted (YYYY-MM-DD).
        #[arg(long)]
        from: chrono::NaiveDate,
        /// Last issue date counted (YYYY-MM-DD).
        #[arg(long)]
        to: chrono::NaiveDate,
        #[arg(long, value_enum, default_value = "person")]
        by: StatsByArg,
        #[arg(long)]
        json: bool,
        /// Also write the figures as an .xlsx workbook.
        #[arg(long, value_name = "FILE")]
        xlsx: Option<PathBuf>,
        /// Also write the figures as CSV.
        #[arg(long, value_name = "FILE")]
        csv: Option<PathBuf>,
    },
}

/// Per person or per unit.
#[derive(clap::ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
pub enum StatsByArg {
    Person,
    Unit,
}

#[derive(Subcommand, Debug)]
pub enum AuditCommand {
    /// Check the hash chain: exit 0 when intact, 1 naming the first broken entry.
    Verify {
        #[arg(long)]
        json: bool,
    },
}

#[derive(Subcommand, Debug)]
pub enum UserCommand {
    /// Add an account; the password is read from standard input. The owner
    /// must choose a new password at the first sign-in.
    Add {
        username: String,
        /// Comma-separated: editor, reviewer, proofreader, layout, admin,
        /// correspondent (a 通讯员 alone gets a contributor record linked).
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

// `zonepress preflight --press FILE.pdf`.
#[path = "press_cli.rs"]
mod press_cli;

fn print_json(v: &impl serde::Serialize) {
    println!("{}", serde_json::to_string_pretty(v).expect("json"));
}

fn find_ui_dir(given: Option<PathBuf>) -> Option<PathBuf> {
    // Installed: /usr/share/zonepress/ui for /usr/bin/zonepress; on Windows
    // the `ui` folder beside zonepress.exe.
    let beside = if cfg!(windows) {
        "ui"
    } else {
        "../share/zonepress/ui"
    };
    let candidates = given.into_iter().chain(
        std::env::current_exe()
            .ok()
            .and_then(|exe| exe.parent().map(|d| d.join(beside)))
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
    let as_user = cli.as_user.clone();
    let outcome = match cli.command {
        Command::Init {
            demo,
            admin,
            name,
            password_stdin: _,
        } => init(&dir, demo, admin, name).map(|()| ExitCode::SUCCESS),
        Command::Serve {
            settings: Some(file),
            ui,
            ..
        } => serve_with_settings(&file, cli.workspace.is_some(), ui).map(|()| ExitCode::SUCCESS),
        Command::Serve { bind, ui, net, .. } => {
            serve(&dir, bind, ui, net).map(|()| ExitCode::SUCCESS)
        }
        Command::Restore { input } => restore(&dir, &input),
        other => Workspace::open(&dir).and_then(|ws| ws.run(other, as_user)),
    };
    outcome.unwrap_or_else(|e| fail(&e))
}

/// An open workspace and the command line's way into its commands.
struct Workspace {
    ctx: Context,
}

impl Workspace {
    fn open(dir: &std::path::Path) -> Result<Workspace, ApiError> {
        Ok(Workspace {
            ctx: Context::open_existing(dir)?,
        })
    }
}

fn read_password() -> Result<String, ApiError> {
    let mut password = String::new();
    std::io::stdin()
        .lock()
        .read_line(&mut password)
        .map_err(ApiError::internal)?;
    Ok(password.trim_end_matches(['\r', '\n']).to_string())
}

fn init(
    dir: &std::path::Path,
    demo: bool,
    admin: Option<String>,
    name: Option<String>,
) -> Result<(), ApiError> {
    if dir.join(zonepress_api::workspace::DB_FILE).exists() {
        return Err(ApiError::invalid(
            format!("{} 已经是一个工作区，不能再初始化", dir.display()),
            "workspace exists",
        ));
    }
    let _lock = WorkspaceLock::acquire(dir, "zonepress init")?;
    if let Some(username) = admin {
        let password = read_password()?;
        // Check before anything is created: a bad password leaves no workspace behind.
        zonepress_api::auth::validate_password(&password, &username)?;
        let ctx = Context::open(dir)?;
        let user = zonepress_api::auth::init_admin(
            &ctx,
            CreateUserInput {
                display_name: name.unwrap_or_else(|| username.clone()),
                username,
                password,
                roles: vec![Role::Admin],
                review_levels: None,
            },
        );
        let user = match user {
            Ok(u) => u,
            Err(e) => {
                drop(ctx);
                for f in ["", "-wal", "-shm"] {
                    let _ = std::fs::remove_file(
                        dir.join(format!("{}{f}", zonepress_api::workspace::DB_FILE)),
                    );
                }
                return Err(e);
            }
        };
        println!(
            "已创建工作区：{}，管理员账号 {}（{}）。用 `zonepress --as {} user add …` 或在“管理”中添加同事的账号",
            dir.display(),
            user.username,
            user.display_name,
            user.username
        );
        return Ok(());
    }
    let ctx = Context::open(dir)?;
    if demo {
        let summary = zonepress_api::demo::seed_demo(&ctx)?;
        println!(
            "已创建演示工作区：{}（{} 篇稿件，账号 {}，密码 {}）。演示工作区只能在本机使用，不能在局域网上共享",
            dir.display(),
            summary.articles,
            summary.accounts.join("、"),
            zonepress_api::demo::DEMO_PASSWORD
        );
    } else {
        println!(
            "已创建空工作区：{}。请用 `echo 密码 | zonepress user add 用户名 --roles admin --password-stdin` 添加管理员",
            dir.display()
        );
    }
    Ok(())
}

/// `serve`'s HTTPS and naming flags.
#[derive(clap::Args, Debug, Default)]
pub struct ServeFlags {
    /// Serve HTTPS: with `--cert`/`--key`, or with a certificate generated
    /// once and kept in the workspace (`tls/`). Prints its SHA-256 fingerprint.
    #[arg(long)]
    tls: bool,
    /// Certificate chain (PEM) for `--tls`.
    #[arg(long, value_name = "FILE", requires_all = ["tls", "key"])]
    cert: Option<PathBuf>,
    /// Private key (PEM) for `--tls`.
    #[arg(long, value_name = "FILE", requires_all = ["tls", "cert"])]
    key: Option<PathBuf>,
    /// Another name colleagues use for this server (accepted in `Host`);
    /// repeatable.
    #[arg(long = "public-name", value_name = "NAME")]
    public_names: Vec<String>,
}

/// `serve --settings FILE`: the workspace comes from the file alone.
fn serve_with_settings(
    file: &std::path::Path,
    workspace_given: bool,
    ui: Option<PathBuf>,
) -> Result<(), ApiError> {
    let s = crate::settings::read(file)?;
    if workspace_given {
        return Err(ApiError::new(
            ErrorCode::InvalidInput,
            format!(
                "工作区已由设置文件 {} 指定，不能再用 --workspace 或 ZONEPRESS_WORKSPACE",
                file.display()
            ),
            "--settings with --workspace",
        ));
    }
    let flags = ServeFlags {
        tls: s.tls,
        cert: s.cert,
        key: s.key,
        public_names: s.public_names,
    };
    serve(&s.workspace, s.bind, ui, flags)
}

fn serve(
    dir: &std::path::Path,
    bind: SocketAddr,
    ui: Option<PathBuf>,
    flags: ServeFlags,
) -> Result<(), ApiError> {
    let scheme = if flags.tls { "https" } else { "http" };
    let lock = WorkspaceLock::acquire(dir, &format!("zonepress serve {scheme}://{bind}"))?;
    let ctx = Arc::new(Context::open_existing(dir)?);
    if !bind.ip().is_loopback() {
        zonepress_api::auth::check_network_ready(&ctx)?;
    }
    let ui_dir = find_ui_dir(ui);
    if ui_dir.is_none() {
        eprintln!("提示：未找到网页界面（ui/dist），只提供 API");
    }
    let tls = match (flags.tls, flags.cert, flags.key) {
        (false, ..) => None,
        (true, Some(cert), Some(key)) => Some(zonepress_http::TlsSource::Files { cert, key }),
        (true, ..) => Some(zonepress_http::TlsSource::Generated),
    };
    let config = zonepress_http::Config {
        ui: ui_dir.map(zonepress_http::UiSource::Dir),
        tls,
        public_names: flags.public_names,
        ..Default::default()
    };
    let rt = tokio::runtime::Runtime::new().map_err(ApiError::internal)?;
    rt.block_on(async {
        let server = zonepress_http::serve(ctx.clone(), bind, config).await?;
        let local = server.local_addr();
        println!(
            "园区编务 ZonePress 已启动：{} （工作区 {}）",
            zonepress_http::url_of(local, server.tls_fingerprint().is_some()),
            ctx.dir().display()
        );
        if !local.ip().is_loopback() {
            if server.addresses().is_empty() {
                println!("局域网共享已开启，但未找到本机的网络地址");
            } else {
                println!("同事可用以下地址访问：{}", server.addresses().join("  "));
            }
        }
        if let Some(fp) = server.tls_fingerprint() {
            println!("证书指纹（SHA-256）：{fp}");
            println!("同事首次连接时请核对此指纹");
        }
        shutdown_signal().await;
        server.shutdown().await;
        Ok::<(), ApiError>(())
    })?;
    drop(lock);
    Ok(())
}

/// Ctrl-C or SIGTERM (systemd's stop).
async fn shutdown_signal() {
    let ctrl_c = tokio::signal::ctrl_c();
    #[cfg(unix)]
    {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut term) => {
                tokio::select! {
                    _ = ctrl_c => {},
                    _ = term.recv() => {},
                }
            }
            Err(_) => {
                let _ = ctrl_c.await;
            }
        }
    }
    #[cfg(not(unix))]
    {
        let _ = ctrl_c.await;
    }
    tracing::info!("shutting down");
}

fn restore(dir: &std::path::Path, input: &std::path::Path) -> Result<ExitCode, ApiError> {
    let out = zonepress_api::admin::restore_workspace(dir, input, &Session::local_admin())?;
    if let Some(kept) = &out.kept {
        println!("原数据库已另存为 {kept}");
    }
    println!(
        "已从 {} 恢复工作区（{}个账号，{}篇稿件）",
        input.display(),
        out.users,
        out.articles
    );
    Ok(ExitCode::SUCCESS)
}

impl Workspace {
    /// Call a command as `session`, with a JSON answer.
    fn call<T: DeserializeOwned>(
        &self,
        session: &Session,
        command: &str,
        input: impl Serialize,
    ) -> Result<T, ApiError> {
        let body = serde_json::to_vec(&input).map_err(ApiError::internal)?;
        match zonepress_api::call_session(
            &self.ctx,
            &Caller::cli(),
            session.clone(),
            command,
            &body,
        )? {
            Reply::Json(v) => serde_json::from_value(v).map_err(ApiError::internal),
            Reply::Binary(_) => Err(ApiError::internal(format!("{command} answered bytes"))),
        }
    }

    /// The session of `--as`, or the local admin's.
    fn session(&self, as_user: Option<&str>) -> Result<Session, ApiError> {
        zonepress_api::cli_session(&self.ctx, as_user)
    }

    /// `--as`, or else the one enabled account holding `role` (or the first,
    /// when `first` is allowed).
    fn session_with_role(
        &self,
        as_user: Option<&str>,
        role: Role,
        first: bool,
        what: &str,
    ) -> Result<Session, ApiError> {
        if as_user.is_some() {
            return self.session(as_user);
        }
        let admin = self.session(None)?;
        let users: Vec<User> = self.call(&admin, "list_users", json!({}))?;
        let fitting: Vec<&User> = users
            .iter()
            .filter(|u| u.has_role(role) && !u.disabled)
            .collect();
        match fitting.as_slice() {
            [one] => self.session(Some(&one.username)),
            [first_one, ..] if first => self.session(Some(&first_one.username)),
            [] => Err(ApiError::invalid(
                format!(
                    "工作区中没有可用的{}账号，请用 --as 指定{what}",
                    role.label_zh()
                ),
                format!("no {} account", role.as_str()),
            )),
            many => Err(ApiError::invalid(
                format!(
                    "请用 --as 指定{what}（可选：{}）",
                    many.iter()
                        .map(|u| u.username.as_str())
                        .collect::<Vec<_>>()
                        .join("、")
                ),
                "--as is needed",
            )),
        }
    }

    fn run(self, command: Command, as_user: Option<String>) -> Result<ExitCode, ApiError> {
        let as_user = as_user.as_deref();
        match command {
            Command::Init { .. } | Command::Serve { .. } | Command::Restore { .. } => {
                unreachable!("handled before the workspace is opened")
            }
            Command::User { command } => {
                let session = self.session(as_user)?;
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
                                            "未知角色“{r}”，可用：editor、reviewer、proofreader、layout、admin、correspondent"
                                        ),
                                        format!("unknown role {r:?}"),
                                    )
                                })
                            })
                            .collect::<Result<Vec<_>, _>>()?;
                        let password = read_password()?;
                        if roles == [Role::Correspondent] {
                            let made: zonepress_api::topics::correspondents::CorrespondentAccount =
                                self.call(
                                    &session,
                                    "create_correspondent",
                                    json!({
                                        "username": username,
                                        "display_name": name.unwrap_or_else(|| username.clone()),
                                        "password": password,
                                    }),
                                )?;
                            println!(
                                "已添加通讯员账号 {}（{}），已关联通讯员名录；首次登录时须修改密码",
                                made.user.username, made.user.display_name
                            );
                            return Ok(ExitCode::SUCCESS);
                        }
                        let user: User = self.call(
                            &session,
                            "create_user",
                            CreateUserInput {
                                display_name: name.unwrap_or_else(|| username.clone()),
                                username,
                                password,
                                roles,
                                review_levels: Some(review_levels),
                            },
                        )?;
                        println!(
                            "已添加账号 {}（{}）；首次登录时须修改密码",
                            user.username, user.display_name
                        );
                    }
                    UserCommand::List { json } => {
                        let users: Vec<User> = self.call(&session, "list_users", json!({}))?;
                        if json {
                            print_json(&users);
                        } else {
                            for u in users {
                                let roles: Vec<&str> =
                                    u.roles.iter().map(|r| r.label_zh()).collect();
                                println!(
                                    "{:>4}  {:<14} {:<8} {}{}{}",
                                    u.id,
                                    u.username,
                                    u.display_name,
                                    roles.join("、"),
                                    if u.disabled { "（已停用）" } else { "" },
                                    if u.must_change_password {
                                        "（须改密码）"
                                    } else {
                                        ""
                                    }
                                );
                            }
                        }
                    }
                }
                Ok(ExitCode::SUCCESS)
            }
            Command::Issues { json } => {
                let session = self.session(as_user)?;
                let issues: Vec<Issue> = self.call(&session, "list_issues", json!({}))?;
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
                Ok(ExitCode::SUCCESS)
            }
            Command::Articles { issue, json } => {
                let session = self.session(as_user)?;
                let articles: Vec<ArticleSummary> =
                    self.call(&session, "list_articles", json!({ "issue_id": issue }))?;
                if issue.is_some() && articles.is_empty() {
                    // An unknown issue is an error, not an empty list.
                    let known: Vec<Issue> = self.call(&session, "list_issues", json!({}))?;
                    if !known.iter().any(|i| Some(i.id) == issue) {
                        return Err(ApiError::new(
                            ErrorCode::NotFound,
                            format!("找不到期次（{}）", issue.unwrap_or_default()),
                            "no such issue",
                        ));
                    }
                }
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
                            "{:>5}  {:<6} 第{}稿 {:>5}字  {}  {}",
                            a.id, status, a.revision, a.length, a.author.display_name, a.title
                        );
                    }
                }
                Ok(ExitCode::SUCCESS)
            }
            Command::Search(args) => self.search(as_user, args),
            Command::Check { file, issue, json } => self.check(as_user, file, issue, json),
            Command::Import { files, issue, json } => self.import(as_user, &files, issue, json),
            Command::Preflight { issue, press, json } => match (press, issue) {
                (Some(file), _) => self.preflight_press(as_user, &file, json),
                (None, Some(issue)) => self.preflight(as_user, issue, json),
                (None, None) => Err(ApiError::invalid(
                    "请用 --issue 或 --press 指定",
                    "nothing to check",
                )),
            },
            Command::Export {
                issue,
                output,
                bleed,
                proof,
                pdf_a,
                pdf_a2b,
            } => self.export(
                as_user,
                issue,
                &output,
                ExportFlags {
                    bleed,
                    proof,
                    pdf_a: pdf_a || pdf_a2b,
                    pdf_a2b,
                },
            ),
            Command::Verify { file, json } => self.verify(as_user, &file, json),
            Command::Web {
                issue,
                output,
                zip,
                proof_copy,
            } => self.web(as_user, issue, &output, zip, proof_copy),
            Command::Wechat {
                article,
                issue,
                output,
            } => self.wechat(as_user, article, issue, &output),
            Command::Backup { output } => {
                let session = self.session(as_user)?;
                zonepress_api::admin::backup_to_file(&self.ctx, &session, &output)?;
                println!("已备份到 {}", output.display());
                Ok(ExitCode::SUCCESS)
            }
            Command::Audit {
                command,
                since,
                until,
                action,
                json,
            } => self.audit(as_user, command, since, until, action, json),
            Command::Stats {
                from,
                to,
                by,
                json,
                xlsx,
                csv,
            } => self.stats(as_user, from, to, by, json, xlsx, csv),
            Command::ProofRound { command } => self.proof_round(as_user, command),
            Command::SignPage(args) => self.sign_page(as_user, args),
            Command::OrderPrint(args) => self.order_print(as_user, args),
            Command::Topics(args) => self.topics(as_user, args),
            Command::Topic { command } => self.topic(as_user, command),
        }
    }

    fn check(
        &self,
        as_user: Option<&str>,
        file: Option<PathBuf>,
        issue: Option<i64>,
        json: bool,
    ) -> Result<ExitCode, ApiError> {
        let text = read_input(file)?;
        let session = self.session(as_user)?;
        let findings: Vec<zonepress_proof::Finding> = self.call(
            &session,
            "check_text",
            json!({ "text": text, "issue_id": issue }),
        )?;
        let errors = findings
            .iter()
            .filter(|f| f.severity == zonepress_proof::Severity::Error)
            .count();
        if json {
            print_json(&findings);
        } else {
            let chars: Vec<char> = text.chars().collect();
            let mut out_w = std::io::stdout().lock();
            for f in &findings {
                let upto = &chars[..f.start.min(chars.len())];
                let line = upto.iter().filter(|c| **c == '\n').count() + 1;
                let col = f.start - upto.iter().rposition(|c| *c == '\n').map_or(0, |p| p + 1) + 1;
                let passage: String = chars[f.start.min(chars.len())..f.end.min(chars.len())]
                    .iter()
                    .collect();
                let fix = f
                    .replacement
                    .as_ref()
                    .map(|r| format!("（建议改为“{r}”）"))
                    .unwrap_or_default();
                let _ = writeln!(
                    out_w,
                    "第{line}行第{col}字 [{}] {}：“{passage}” {}{fix}",
                    f.severity.label_zh(),
                    f.rule_name_zh,
                    f.message_zh
                );
            }
            let n = zonepress_core::text::count_chars(&text);
            let rate = if n == 0 {
                0.0
            } else {
                errors as f64 * 10_000.0 / f64::from(n)
            };
            let _ = writeln!(
                out_w,
                "共{}处提示，其中错误{errors}处；差错率 {rate:.2}/万字（{n}字）",
                findings.len(),
            );
        }
        Ok(if errors > 0 {
            ExitCode::from(CHECK_FOUND_ERRORS)
        } else {
            ExitCode::SUCCESS
        })
    }

    fn import(
        &self,
        as_user: Option<&str>,
        files: &[PathBuf],
        issue: i64,
        json: bool,
    ) -> Result<ExitCode, ApiError> {
        let session = self.session_with_role(as_user, Role::Editor, false, "稿件归属的编辑账号")?;
        use base64::Engine;
        let mut results: Vec<Option<zonepress_api::import::ImportResult>> = Vec::new();
        let mut items = Vec::new();
        for path in files {
            let name = path
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_default();
            match std::fs::read(path) {
                Ok(bytes) => {
                    items.push(json!({
                        "file_name": name,
                        "data_base64": base64::engine::general_purpose::STANDARD.encode(bytes),
                    }));
                    results.push(None);
                }
                Err(e) => results.push(Some(zonepress_api::import::ImportResult::of(
                    name,
                    Err(ApiError::invalid(
                        format!("无法读取文件：{e}"),
                        format!("read {}: {e}", path.display()),
                    )),
                ))),
            }
        }
        // One file at a time: a batch of large files never sits in memory at once.
        let mut imported = Vec::new();
        for item in items {
            let mut out: Vec<zonepress_api::import::ImportResult> = self.call(
                &session,
                "import_articles",
                json!({ "issue_id": issue, "items": [item] }),
            )?;
            imported.push(out.remove(0));
        }
        let mut imported = imported.into_iter();
        let results: Vec<zonepress_api::import::ImportResult> = results
            .into_iter()
            .map(|r| r.unwrap_or_else(|| imported.next().expect("one result per file")))
            .collect();
        let failed = results.iter().filter(|r| r.error.is_some()).count();
        if json {
            print_json(&results);
        } else {
            for row in &results {
                match (&row.article_id, &row.error) {
                    (Some(id), _) => {
                        println!(
                            "{id}\t{}\t{}",
                            row.file_name,
                            row.title.as_deref().unwrap_or("")
                        );
                        for w in &row.warnings {
                            eprintln!("提示 {}：{}", row.file_name, w.message_zh);
                        }
                    }
                    (None, Some(e)) => eprintln!("未导入 {}：{}", row.file_name, e.message),
                    _ => {}
                }
            }
        }
        if failed > 0 {
            return Err(ApiError::new(
                ErrorCode::InvalidInput,
                format!("{failed}个文件未能导入"),
                "some files failed",
            ));
        }
        Ok(ExitCode::SUCCESS)
    }

    fn preflight(
        &self,
        as_user: Option<&str>,
        issue: i64,
        json: bool,
    ) -> Result<ExitCode, ApiError> {
        let session = self.session(as_user)?;
        let report: zonepress_api::layout::Preflight =
            self.call(&session, "preflight_issue", json!({ "issue_id": issue }))?;
        if json {
            print_json(&report);
        } else {
            for f in &report.fit {
                println!("{}", f.message_zh);
            }
            for i in &report.items {
                let sev = match i.severity {
                    zonepress_export::Severity::Error => "错误",
                    zonepress_export::Severity::Warning => "警告",
                    zonepress_export::Severity::Info => "提示",
                };
                println!("[{sev}] {}", i.message_zh);
            }
            println!(
                "印前检查：错误{}个，警告{}个{}",
                report.errors,
                report.warnings,
                if report.ready {
                    "，可以导出付印稿"
                } else {
                    "，不能导出付印稿"
                }
            );
        }
        Ok(if report.ready {
            ExitCode::SUCCESS
        } else {
            ExitCode::from(CHECK_FOUND_ERRORS)
        })
    }

    fn export(
        &self,
        as_user: Option<&str>,
        issue: i64,
        output: &std::path::Path,
        flags: ExportFlags,
    ) -> Result<ExitCode, ApiError> {
        let session = self.session_with_role(as_user, Role::Layout, true, "导出人")?;
        let out = zonepress_api::layout::export_as(
            &self.ctx,
            &session,
            issue,
            &zonepress_api::layout::ExportOptions {
                bleed: flags.bleed.then_some(true),
                proof: Some(flags.proof),
                pdf_a: Some(flags.pdf_a),
                embed_manifest: flags.pdf_a.then_some(!flags.pdf_a2b),
                pdf_x: None,
            },
        )?;
        let manifest_path = zonepress_api::layout::write_export(
            output,
            &out.pdf,
            &serde_json::to_string_pretty(&out.manifest).map_err(ApiError::internal)?,
        )?;
        println!(
            "已导出{}：{}（{}版，{}篇稿件），清单：{}",
            match (flags.proof, flags.pdf_a) {
                (true, _) => "校样",
                (false, true) => "存档稿（PDF/A）",
                (false, false) => "付印稿（PDF/X-4）",
            },
            output.display(),
            out.manifest.pages,
            out.manifest.articles.len(),
            manifest_path.display()
        );
        Ok(ExitCode::SUCCESS)
    }

    fn web(
        &self,
        as_user: Option<&str>,
        issue: i64,
        output: &std::path::Path,
        zip: bool,
        proof_copy: bool,
    ) -> Result<ExitCode, ApiError> {
        let write_err = |path: &std::path::Path, e: std::io::Error| {
            ApiError::invalid(
                format!("无法写入 {}：{e}", path.display()),
                format!("write {}: {e}", path.display()),
            )
        };
        // Never mix an edition into other files: a stale file would make
        // the folder differ from the recorded edition.
        if !zip
            && output.exists()
            && std::fs::read_dir(output).map_or(true, |mut d| d.next().is_some())
        {
            return Err(ApiError::invalid(
                format!(
                    "{} 已存在且不是空文件夹，请指定新的文件夹",
                    output.display()
                ),
                format!("{} exists and is not an empty folder", output.display()),
            ));
        }
        let session = self.session_with_role(as_user, Role::Layout, true, "导出人")?;
        let ed = zonepress_api::web::web_edition_as(&self.ctx, &session, issue, proof_copy)?;
        if zip {
            std::fs::write(output, ed.zip()?).map_err(|e| write_err(output, e))?;
        } else {
            for (path, bytes) in &ed.site {
                let target = output.join(path);
                if let Some(dir) = target.parent() {
                    std::fs::create_dir_all(dir).map_err(|e| write_err(dir, e))?;
                }
                std::fs::write(&target, bytes).map_err(|e| write_err(&target, e))?;
            }
        }
        println!(
            "已导出数字报{}：{}（{}版，{}篇稿件，{}个文件）；打开 {} 即可浏览",
            if proof_copy { "校样" } else { "" },
            output.display(),
            ed.manifest.pages,
            ed.manifest.articles.len(),
            ed.site.len(),
            if zip {
                "解压后的 index.html".to_string()
            } else {
                output.join("index.html").display().to_string()
            }
        );
        Ok(ExitCode::SUCCESS)
    }

    fn wechat(
        &self,
        as_user: Option<&str>,
        article: Option<i64>,
        issue: Option<i64>,
        output: &std::path::Path,
    ) -> Result<ExitCode, ApiError> {
        let session = self.session(as_user)?;
        let out: zonepress_api::web::WechatHtml = match (article, issue) {
            (Some(id), _) => self.call(&session, "wechat_html", json!({ "id": id }))?,
            (None, Some(issue_id)) => self.call(
                &session,
                "wechat_issue_html",
                json!({ "issue_id": issue_id }),
            )?,
            (None, None) => {
                return Err(ApiError::invalid(
                    "请用 --article 或 --issue 指定稿件或期次",
                    "--article or --issue",
                ));
            }
        };
        std::fs::write(output, out.document.as_bytes()).map_err(|e| {
            ApiError::invalid(
                format!("无法写入 {}：{e}", output.display()),
                format!("write {}: {e}", output.display()),
            )
        })?;
        println!(
            "已写出公众号格式：{}（{}篇稿件：{}）",
            output.display(),
            out.articles.len(),
            out.articles
                .iter()
                .map(|a| format!("《{}》第{}稿", a.title, a.revision))
                .collect::<Vec<_>>()
                .join("、")
        );
        Ok(ExitCode::SUCCESS)
    }

    fn verify(
        &self,
        as_user: Option<&str>,
        file: &std::path::Path,
        json: bool,
    ) -> Result<ExitCode, ApiError> {
        let pdf = if file.is_dir() {
            // A 数字报 folder: its files, packed as the zip the command reads.
            let site = zonepress_web::read::from_dir(file).map_err(ApiError::from)?;
            zonepress_web::archive::zip(&site, "", (2000, 1, 1)).map_err(ApiError::from)?
        } else {
            std::fs::read(file).map_err(|e| {
                ApiError::invalid(
                    format!("无法读取 {}：{e}", file.display()),
                    format!("read {}: {e}", file.display()),
                )
            })?
        };
        // A PDF/A-2b export carries no manifest: it is the file beside it.
        let beside = std::fs::read_to_string(zonepress_api::layout::manifest_path(file)).ok();
        let session = self.session(as_user)?;
        use base64::Engine;
        let report: zonepress_api::layout::VerifyReport = self.call(
            &session,
            "verify_export",
            json!({
                "pdf_base64": base64::engine::general_purpose::STANDARD.encode(&pdf),
                "manifest_json": beside,
            }),
        )?;
        if json {
            print_json(&report);
        } else {
            match &report.export {
                Some(e) if report.hash_matches => println!(
                    "✓ 此文件是本工作区记录的导出（{}，{}导出，SHA-256 {}）",
                    e.at.with_timezone(&chrono::Local).format("%Y-%m-%d %H:%M"),
                    e.user.display_name,
                    &e.pdf_sha256[..16]
                ),
                _ => {}
            }
            for n in &report.notes {
                println!("※ {n}");
            }
            for p in &report.problems {
                println!("✗ {p}");
            }
            for a in &report.articles {
                if a.ok {
                    println!(
                        "✓ 第{}版《{}》与签发的第{}稿一致",
                        a.page, a.title, a.revision
                    );
                } else {
                    println!("✗ 第{}版《{}》（第{}稿）：", a.page, a.title, a.revision);
                    for p in &a.problems {
                        println!("    {p}");
                    }
                }
            }
            println!(
                "{}：{}篇稿件，{}篇不一致{}",
                report.issue,
                report.articles.len(),
                report.articles.iter().filter(|a| !a.ok).count(),
                if report.ok {
                    "，核验通过"
                } else {
                    "，核验未通过"
                }
            );
        }
        Ok(if report.ok {
            ExitCode::SUCCESS
        } else {
            ExitCode::from(CHECK_FOUND_ERRORS)
        })
    }

    fn audit(
        &self,
        as_user: Option<&str>,
        command: Option<AuditCommand>,
        since: Option<chrono::NaiveDate>,
        until: Option<chrono::NaiveDate>,
        action: Option<String>,
        json: bool,
    ) -> Result<ExitCode, ApiError> {
        let session = self.session(as_user)?;
        if let Some(AuditCommand::Verify { json: vjson }) = command {
            let report: zonepress_store::audit::ChainReport =
                self.call(&session, "verify_audit", json!({}))?;
            if vjson || json {
                print_json(&report);
            } else if report.ok {
                println!("审计日志完整：{}条记录，哈希链无断点", report.entries);
                if let Some(since) = report.keyed_since {
                    println!(
                        "第{since}条起的记录以工作区文件夹中 audit.key 的密钥签名（HMAC-SHA256）"
                    );
                }
            } else {
                println!(
                    "审计日志被改动过：第{}条记录起哈希链断开（{}）",
                    report.first_broken.unwrap_or_default(),
                    report.reason.as_deref().unwrap_or("")
                );
            }
            return Ok(if report.ok {
                ExitCode::SUCCESS
            } else {
                ExitCode::from(CHECK_FOUND_ERRORS)
            });
        }
        let mut entries = Vec::new();
        let mut offset = 0u32;
        loop {
            let page: zonepress_store::audit::AuditPage = self.call(
                &session,
                "list_audit",
                json!({
                    "since": since, "until": until, "action": action,
                    "limit": 1000, "offset": offset, "oldest_first": true,
                }),
            )?;
            let n = page.entries.len() as u32;
            entries.extend(page.entries);
            offset += n;
            if n < 1000 {
                break;
            }
        }
        if json {
            print_json(&entries);
        } else {
            let mut out = std::io::stdout().lock();
            for e in &entries {
                let _ = writeln!(
                    out,
                    "{:>6}  {}  {:<22} {}  {}{}  {}",
                    e.id,
                    e.at.with_timezone(&chrono::Local)
                        .format("%Y-%m-%d %H:%M:%S"),
                    e.action,
                    e.actor,
                    e.client,
                    if e.via.is_empty() {
                        String::new()
                    } else {
                        format!("/{}", e.via)
                    },
                    match (&e.target_kind, e.target_id) {
                        (k, Some(id)) => format!("{k}#{id}"),
                        (k, None) => k.clone(),
                    }
                );
            }
            let _ = writeln!(out, "共{}条", entries.len());
        }
        Ok(ExitCode::SUCCESS)
    }
}

/// Exit code of `check` when errors were found.
pub const CHECK_FOUND_ERRORS: u8 = 1;

fn read_input(file: Option<PathBuf>) -> Result<String, ApiError> {
    let mut bytes = Vec::new();
    match file {
        Some(p) if p.as_os_str() != "-" => {
            bytes = std::fs::read(&p).map_err(|e| {
                ApiError::invalid(
                    format!("无法读取文件 {}：{e}", p.display()),
                    format!("read {}: {e}", p.display()),
                )
            })?;
        }
        _ => {
            std::io::Read::read_to_end(&mut std::io::stdin().lock(), &mut bytes)
                .map_err(ApiError::internal)?;
        }
    }
    String::from_utf8(bytes).map_err(|_| {
        ApiError::invalid(
            "文件不是 UTF-8 编码的文本；GBK 等编码的文件请用 `zonepress import` 导入",
            "check input is not UTF-8",
        )
    })
}

struct ExportFlags {
    bleed: bool,
    proof: bool,
    pdf_a: bool,
    pdf_a2b: bool,
}

#[derive(clap::Args, Debug)]
pub struct SearchArgs {
    /// What to look for (empty with a filter: everything the filters select).
    query: String,
    /// Only this issue (its id, see `zonepress issues`).
    #[arg(long)]
    issue: Option<i64>,
    /// Only articles by this account (username or name as shown).
    #[arg(long, value_name = "USERNAME")]
    author: Option<String>,
    /// Only this 栏目.
    #[arg(long)]
    column: Option<String>,
    /// Only this status: draft, in_review, approved, returned, withdrawn
    /// (or 草稿, 待审, 已签发, 退回, 撤稿); without it withdrawn articles are
    /// left out.
    #[arg(long)]
    status: Option<String>,
    /// Filed on or after this day (YYYY-MM-DD): the issue's date, or the day
    /// an article in no issue was written.
    #[arg(long)]
    from: Option<chrono::NaiveDate>,
    /// Filed on or before this day (YYYY-MM-DD).
    #[arg(long)]
    to: Option<chrono::NaiveDate>,
    /// Most relevant first instead of newest first.
    #[arg(long)]
    relevance: bool,
    /// How many to show (at most 100).
    #[arg(long, default_value_t = 20)]
    limit: u32,
    #[arg(long)]
    json: bool,
}

fn parse_status(s: &str) -> Result<ArticleStatus, ApiError> {
    let s = s.trim();
    ArticleStatus::parse(s)
        .or(match s {
            "草稿" => Some(ArticleStatus::Draft),
            "待审" | "审核中" => Some(ArticleStatus::InReview),
            "已签发" | "签发" => Some(ArticleStatus::Approved),
            "退回" => Some(ArticleStatus::Returned),
            "撤稿" => Some(ArticleStatus::Withdrawn),
            _ => None,
        })
        .ok_or_else(|| {
            ApiError::invalid(
                format!("不认识的状态“{s}”：可用 草稿、待审、已签发、退回、撤稿"),
                format!("search --status {s:?}"),
            )
        })
}

impl Workspace {
    fn search(&self, as_user: Option<&str>, a: SearchArgs) -> Result<ExitCode, ApiError> {
        let session = self.session(as_user)?;
        let status = a.status.as_deref().map(parse_status).transpose()?;
        let input = zonepress_api::search::SearchArticlesInput {
            query: a.query,
            issue_id: a.issue,
            author: a.author,
            column: a.column,
            status,
            from: a.from,
            to: a.to,
            order: a
                .relevance
                .then_some(zonepress_store::search::SearchOrder::Relevance),
            limit: Some(a.limit),
            ..Default::default()
        };
        let r: zonepress_store::search::SearchResults =
            self.call(&session, "search_articles", input)?;
        if a.json {
            print_json(&r);
            return Ok(ExitCode::SUCCESS);
        }
        if let Some(notice) = &r.notice {
            eprintln!("{notice}");
        }
        let mut out = std::io::stdout().lock();
        if r.hits.is_empty() {
            if r.notice.is_none() {
                let _ = writeln!(out, "没有找到");
            }
            return Ok(ExitCode::SUCCESS);
        }
        let _ = writeln!(
            out,
            "找到{}篇{}，显示{}篇{}",
            r.total,
            if r.total_exact { "" } else { "以上" },
            r.hits.len(),
            if a.relevance {
                "（按相关度）"
            } else {
                "（从新到旧）"
            }
        );
        for h in &r.hits {
            let status = if h.status == ArticleStatus::InReview {
                h.status.label_zh(h.review_level)
            } else {
                h.status.label_zh(None)
            };
            let place = match (&h.issue, h.page) {
                (Some(issue), Some(page)) => format!("{issue} 第{page}版"),
                (Some(issue), None) => issue.clone(),
                (None, _) => "未编入期次".into(),
            };
            let headline = [h.kicker.as_str(), h.title.as_str(), h.subtitle.as_str()]
                .iter()
                .filter(|t| !t.is_empty())
                .copied()
                .collect::<Vec<_>>()
                .join(" ");
            let _ = writeln!(
                out,
                "\n{:>6}  {headline}\n        {place} · {status} · {} · {}\n        {}",
                h.article_id, h.author.display_name, h.date, h.snippet
            );
        }
        Ok(ExitCode::SUCCESS)
    }
}

/// Display width of a string in a terminal: CJK characters take two columns.
fn width(s: &str) -> usize {
    s.chars()
        .map(|c| if (c as u32) >= 0x1100 { 2 } else { 1 })
        .sum()
}

fn pad(s: &str, w: usize) -> String {
    format!("{s}{}", " ".repeat(w.saturating_sub(width(s))))
}

fn thousandths(v: i64) -> String {
    zonepress_api::stats::thousandths(v)
}

impl Workspace {
    /// `zonepress stats`: the figures through the `article_stats` command,
    /// the workbook through `export_stats`.
    #[allow(clippy::too_many_arguments)]
    fn stats(
        &self,
        as_user: Option<&str>,
        from: chrono::NaiveDate,
        to: chrono::NaiveDate,
        by: StatsByArg,
        json: bool,
        xlsx: Option<PathBuf>,
        csv: Option<PathBuf>,
    ) -> Result<ExitCode, ApiError> {
        let session = self.session(as_user)?;
        let by = match by {
            StatsByArg::Person => "person",
            StatsByArg::Unit => "unit",
        };
        let input = json!({ "from": from, "to": to, "by": by });
        let stats: zonepress_api::stats::ArticleStats =
            self.call(&session, "article_stats", &input)?;
        for (file, format) in [(&xlsx, "xlsx"), (&csv, "csv")] {
            let Some(path) = file else { continue };
            let mut body = input.clone();
            body["format"] = json!(format);
            let bytes = serde_json::to_vec(&body).map_err(ApiError::internal)?;
            let reply = zonepress_api::call_session(
                &self.ctx,
                &Caller::cli(),
                session.clone(),
                "export_stats",
                &bytes,
            )?;
            let Reply::Binary(b) = reply else {
                return Err(ApiError::internal("export_stats answered JSON"));
            };
            std::fs::write(path, &b.bytes).map_err(|e| {
                ApiError::invalid(
                    format!("无法写入 {}：{e}", path.display()),
                    format!("write {}: {e}", path.display()),
                )
            })?;
            eprintln!("已写入 {}", path.display());
        }
        if json {
            print_json(&stats);
            return Ok(ExitCode::SUCCESS);
        }
        let mut out = std::io::stdout().lock();
        let _ = writeln!(
            out,
            "稿件统计（{}）：{}至{}",
            if by == "unit" {
                "按单位"
            } else {
                "按人员"
            },
            from,
            to
        );
        for i in &stats.issues {
            let _ = writeln!(
                out,
                "  {}（{}）{}",
                i.label,
                i.date,
                if i.printed {
                    format!("付印稿{}篇", i.articles)
                } else {
                    "未导出付印稿，不计刊用".into()
                }
            );
        }
        let head = [
            if by == "unit" { "单位" } else { "姓名" },
            "单位",
            "投稿",
            "刊用",
            "折合",
            "字数",
            "图片",
            "头版",
        ];
        let name_w = stats
            .rows
            .iter()
            .map(|r| width(&r.name))
            .max()
            .unwrap_or(4)
            .max(4)
            + 2;
        let unit_w = stats
            .rows
            .iter()
            .map(|r| width(&r.unit))
            .max()
            .unwrap_or(4)
            .max(4)
            + 2;
        let line = |cells: [&str; 8]| {
            let mut s = pad(cells[0], name_w);
            if by == "person" {
                s.push_str(&pad(cells[1], unit_w));
            }
            for c in &cells[2..] {
                s.push_str(&" ".repeat(8usize.saturating_sub(width(c))));
                s.push_str(c);
            }
            s
        };
        let _ = writeln!(out);
        let _ = writeln!(out, "{}", line(head));
        for r in &stats.rows {
            let _ = writeln!(
                out,
                "{}",
                line([
                    &r.name,
                    &r.unit,
                    &r.submitted.to_string(),
                    &r.printed.to_string(),
                    &thousandths(r.printed_share),
                    &r.chars.to_string(),
                    &thousandths(r.photos),
                    &r.front_page.to_string(),
                ])
            );
        }
        let t = &stats.totals;
        let _ = writeln!(
            out,
            "{}",
            line([
                "合计",
                "",
                &t.submitted.to_string(),
                &t.printed.to_string(),
                &t.printed.to_string(),
                &t.chars.to_string(),
                &t.photos.to_string(),
                &t.front_page.to_string(),
            ])
        );
        for n in &stats.notes {
            let _ = writeln!(out, "注：{n}");
        }
        Ok(ExitCode::SUCCESS)
    }
}
