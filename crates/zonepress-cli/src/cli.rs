//! The `zonepress` command line. Every action on a workspace goes through
//! the same command functions as the desktop app and the HTTP server, with a
//! session: the account named with `--as`, or this machine's local admin
//! (recorded as such in the audit log). Permissions and the audit log apply.

use std::io::BufRead;
use std::net::SocketAddr;
use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand};
use zonepress_api::auth::{Role, User};
use zonepress_api::{ApiError, Caller, Context, Empty, Session, cmd};

// One file per group of subcommands: its arguments and what it does.
mod audit;
mod check;
mod export;
mod import;
mod issues;
// 校样 rounds, 签版 and 付印.
mod pages;
mod preflight;
// `preflight --press FILE.pdf`.
mod press;
mod search;
mod serve;
mod stats;
// 选题 and 派稿.
mod topics;
mod users;
mod verify;
mod web;
mod workspace;
// 排版建议.
mod layout;

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
        net: serve::ServeFlags,
        /// Take the workspace, address, HTTPS and host names from a settings
        /// file of NAME=value lines (the office server's zonepress.conf);
        /// see `settings.rs`. No other of these flags goes with it.
        #[arg(long, value_name = "FILE", conflicts_with_all = ["bind", "tls", "cert", "key", "public_names"])]
        settings: Option<PathBuf>,
    },
    /// Manage accounts.
    User {
        #[command(subcommand)]
        command: users::UserCommand,
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
    Search(search::SearchArgs),
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
        /// A 校样 with a watermark, allowed despite preflight errors (`--proof`,
        /// its name before 0.4, is still accepted).
        #[arg(long = "proof-copy", alias = "proof")]
        proof_copy: bool,
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
        command: Option<audit::AuditCommand>,
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
    /// 排版建议: `layout suggest --issue ID [--apply N] [--json]`.
    Layout {
        #[command(subcommand)]
        command: layout::LayoutCommand,
    },
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
        by: stats::StatsByArg,
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

/// The workspace used when none is given: the same folder as the desktop app's.
pub fn default_workspace() -> PathBuf {
    dirs::data_dir()
        .unwrap_or_else(|| PathBuf::from("."))
        .join("cn.zonepress.desktop")
        .join("workspace")
}

fn fail(e: &ApiError) -> ExitCode {
    eprintln!("错误：{}", e.message);
    // What went wrong inside, in English, where an admin looks (the office
    // server's log): a fault of ours or of the machine is always logged, a
    // user's mistake only when asked for (ZONEPRESS_LOG=debug).
    match e.code {
        zonepress_api::ErrorCode::Internal | zonepress_api::ErrorCode::Corrupt => {
            tracing::error!("{}", e.log)
        }
        _ => tracing::debug!("{}", e.log),
    }
    ExitCode::from(match e.code {
        zonepress_api::ErrorCode::InvalidInput => 2,
        zonepress_api::ErrorCode::WorkspaceLocked => 3,
        zonepress_api::ErrorCode::Corrupt => 4,
        _ => 1,
    })
}

/// Exit code of `check`, `preflight`, `verify` and `audit verify` when they
/// find errors.
pub const CHECK_FOUND_ERRORS: u8 = 1;

fn print_json(v: &impl serde::Serialize) {
    println!("{}", serde_json::to_string_pretty(v).expect("json"));
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
        } => workspace::init(&dir, demo, admin, name).map(|()| ExitCode::SUCCESS),
        Command::Serve {
            settings: Some(file),
            ui,
            ..
        } => serve::serve_with_settings(&file, cli.workspace.is_some(), ui)
            .map(|()| ExitCode::SUCCESS),
        Command::Serve { bind, ui, net, .. } => {
            serve::serve(&dir, bind, ui, net).map(|()| ExitCode::SUCCESS)
        }
        Command::Restore { input } => workspace::restore(&dir, &input),
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

impl Workspace {
    /// Run command `C` as `session`, through the typed door: the same
    /// gate, permissions and log as the desktop app and the server.
    fn call<C: zonepress_api::Command>(
        &self,
        session: &Session,
        input: C::Input,
    ) -> Result<C::Output, ApiError> {
        zonepress_api::invoke::<C>(&self.ctx, &Caller::cli(), session, input)
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
        let users = self.call::<cmd::list_users>(&admin, Empty {})?;
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
            Command::User { command } => self.user(as_user, command),
            Command::Issues { json } => self.issues(as_user, json),
            Command::Articles { issue, json } => self.articles(as_user, issue, json),
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
                proof_copy,
                pdf_a,
                pdf_a2b,
            } => self.export(
                as_user,
                issue,
                &output,
                export::ExportFlags {
                    bleed,
                    proof_copy,
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
            Command::Backup { output } => self.backup(as_user, &output),
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
            Command::Layout { command } => self.layout(as_user, command),
            Command::Topics(args) => self.topics(as_user, args),
            Command::Topic { command } => self.topic(as_user, command),
        }
    }
}
