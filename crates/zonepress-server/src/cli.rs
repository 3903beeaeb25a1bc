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
        /// The editor account the drafts belong to (needed when there are several).
        #[arg(long = "as")]
        as_user: Option<String>,
        #[arg(long)]
        json: bool,
    },
    /// Export an issue as a print PDF (with its manifest beside it).
    Export {
        #[arg(long)]
        issue: i64,
        #[arg(short = 'o', long = "output")]
        output: PathBuf,
        /// 3 mm bleed with crop marks.
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
        /// The account recorded as exporting (default: the first layout account).
        #[arg(long = "as")]
        as_user: Option<String>,
    },
    /// 印前检查 of an issue; exits with 1 when there are errors.
    Preflight {
        #[arg(long)]
        issue: i64,
        #[arg(long)]
        json: bool,
    },
    /// Check an exported PDF against the approved revisions in the workspace;
    /// exits with 1 on any mismatch.
    Verify {
        file: PathBuf,
        #[arg(long)]
        json: bool,
    },
    /// Write a consistent copy of the workspace database to a file.
    Backup { output: PathBuf },
    /// Replace the workspace database with a backup (the current one is kept beside it).
    Restore { input: PathBuf },
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
    let outcome = match cli.command {
        Command::Check { file, issue, json } => check(&dir, file, issue, json),
        Command::Preflight { issue, json } => preflight(&dir, issue, json),
        Command::Verify { file, json } => verify(&dir, &file, json),
        other => run_inner(other, dir).map(|()| ExitCode::SUCCESS),
    };
    outcome.unwrap_or_else(|e| fail(&e))
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
                            println!(
                                "{:>4}  {:<14} {:<8} {}",
                                u.id,
                                u.username,
                                u.display_name,
                                roles.join("、")
                            );
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
        Command::Check { .. } | Command::Preflight { .. } | Command::Verify { .. } => {
            unreachable!("handled in run")
        }
        Command::Export {
            issue,
            output,
            bleed,
            proof,
            pdf_a,
            pdf_a2b,
            as_user,
        } => export(
            &dir,
            issue,
            &output,
            ExportFlags {
                bleed,
                proof,
                pdf_a: pdf_a || pdf_a2b,
                embed_manifest: !pdf_a2b,
            },
            as_user,
        ),
        Command::Import {
            files,
            issue,
            as_user,
            json,
        } => import(&dir, &files, issue, as_user, json),
        Command::Backup { output } => {
            let ctx = Context::open(&dir)?;
            if output.exists() {
                return Err(ApiError::invalid(
                    format!("{} 已存在，请换一个文件名", output.display()),
                    "backup target exists",
                ));
            }
            ctx.store.backup_to(&output)?;
            println!("已备份到 {}", output.display());
            Ok(())
        }
        Command::Restore { input } => restore(&dir, &input),
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
                        "{:>5}  {:<6} 第{}稿 {:>5}字  {}  {}",
                        a.id, status, a.revision, a.length, a.author.display_name, a.title
                    );
                }
            }
            Ok(())
        }
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

fn check(
    dir: &std::path::Path,
    file: Option<PathBuf>,
    issue: Option<i64>,
    json: bool,
) -> Result<ExitCode, ApiError> {
    let text = read_input(file)?;
    let ctx = Context::open(dir)?;
    let date = match issue {
        Some(id) => Some(ctx.store.issue(id)?.date),
        None => None,
    };
    let out =
        zonepress_api::proof::check_plain(&*zonepress_api::proof::checker(&ctx)?, &text, date);
    let errors = out
        .findings
        .iter()
        .filter(|f| f.severity == zonepress_proof::Severity::Error)
        .count();
    if json {
        print_json(&out.findings);
    } else {
        let chars: Vec<char> = text.chars().collect();
        let mut out_w = std::io::stdout().lock();
        for f in &out.findings {
            let line = chars[..f.start.min(chars.len())]
                .iter()
                .filter(|c| **c == '\n')
                .count()
                + 1;
            let col = f.start
                - chars[..f.start.min(chars.len())]
                    .iter()
                    .rposition(|c| *c == '\n')
                    .map_or(0, |p| p + 1)
                + 1;
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
        let _ = writeln!(
            out_w,
            "共{}处提示，其中错误{errors}处；差错率 {:.2}/万字（{}字）",
            out.findings.len(),
            out.error_rate,
            out.chars
        );
    }
    Ok(if errors > 0 {
        ExitCode::from(CHECK_FOUND_ERRORS)
    } else {
        ExitCode::SUCCESS
    })
}

fn import(
    dir: &std::path::Path,
    files: &[PathBuf],
    issue: i64,
    as_user: Option<String>,
    json: bool,
) -> Result<(), ApiError> {
    let ctx = Context::open(dir)?;
    ctx.store.issue(issue)?;
    let editors: Vec<_> = ctx
        .store
        .list_users()?
        .into_iter()
        .filter(|u| u.has_role(Role::Editor) && !u.disabled)
        .collect();
    let user = match &as_user {
        Some(name) => editors
            .iter()
            .find(|u| &u.username == name)
            .cloned()
            .ok_or_else(|| {
                ApiError::invalid(
                    format!("“{name}”不是可用的编辑账号"),
                    format!("{name} is not an editor"),
                )
            })?,
        None if editors.len() == 1 => editors[0].clone(),
        None => {
            return Err(ApiError::invalid(
                format!(
                    "请用 --as 指定稿件归属的编辑账号（可选：{}）",
                    editors
                        .iter()
                        .map(|u| u.username.as_str())
                        .collect::<Vec<_>>()
                        .join("、")
                ),
                "--as is needed",
            ));
        }
    };
    let mut results = Vec::new();
    let mut failed = 0;
    for path in files {
        let name = path
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        let outcome = std::fs::read(path)
            .map_err(|e| {
                ApiError::invalid(
                    format!("无法读取文件：{e}"),
                    format!("read {}: {e}", path.display()),
                )
            })
            .and_then(|bytes| {
                zonepress_api::import::import_one(
                    &ctx,
                    &user,
                    Some(issue),
                    &name,
                    &bytes,
                    None,
                    None,
                )
            });
        let row = zonepress_api::import::ImportResult::of(name, outcome);
        if row.error.is_some() {
            failed += 1;
        }
        if !json {
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
        results.push(row);
    }
    if json {
        print_json(&results);
    }
    if failed > 0 {
        return Err(ApiError::new(
            zonepress_api::ErrorCode::InvalidInput,
            format!("{failed}个文件未能导入"),
            "some files failed",
        ));
    }
    Ok(())
}

fn restore(dir: &std::path::Path, input: &std::path::Path) -> Result<(), ApiError> {
    let _lock = WorkspaceLock::acquire(dir, "zonepress restore")?;
    // The backup must open as a workspace of this or an older version.
    let probe = zonepress_store::Store::open(input)?;
    probe.check_integrity()?;
    drop(probe);
    let db = dir.join(zonepress_api::workspace::DB_FILE);
    if db.exists() {
        let keep = dir.join(format!(
            "workspace-before-restore-{}.db",
            chrono::Utc::now().format("%Y%m%d-%H%M%S")
        ));
        let ctx = Context::open(dir)?;
        ctx.store.backup_to(&keep)?;
        drop(ctx);
        println!("原数据库已另存为 {}", keep.display());
    }
    for suffix in ["-wal", "-shm"] {
        let _ = std::fs::remove_file(
            dir.join(format!("{}{suffix}", zonepress_api::workspace::DB_FILE)),
        );
    }
    std::fs::copy(input, &db).map_err(ApiError::internal)?;
    Context::open(dir)?.store.check_integrity()?;
    println!("已从 {} 恢复工作区", input.display());
    Ok(())
}

fn preflight(dir: &std::path::Path, issue: i64, json: bool) -> Result<ExitCode, ApiError> {
    let ctx = Context::open(dir)?;
    let (report, _) = zonepress_api::layout::preflight(&ctx, issue)?;
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

struct ExportFlags {
    bleed: bool,
    proof: bool,
    pdf_a: bool,
    embed_manifest: bool,
}

fn export(
    dir: &std::path::Path,
    issue: i64,
    output: &std::path::Path,
    flags: ExportFlags,
    as_user: Option<String>,
) -> Result<(), ApiError> {
    let ctx = Context::open(dir)?;
    let users = ctx.store.list_users()?;
    let user = match as_user {
        Some(name) => users
            .into_iter()
            .find(|u| u.username == name)
            .ok_or_else(|| {
                ApiError::invalid(format!("没有账号“{name}”"), format!("no user {name}"))
            })?,
        None => users
            .into_iter()
            .find(|u| u.has_role(Role::Layout) && !u.disabled)
            .ok_or_else(|| ApiError::invalid("请用 --as 指定导出人", "--as is needed"))?,
    };
    zonepress_core::authorize(&user, zonepress_core::Action::Export)?;
    let out = zonepress_api::layout::export(
        &ctx,
        issue,
        &user.display_name,
        user.id,
        &zonepress_api::layout::ExportOptions {
            bleed: Some(flags.bleed),
            proof: Some(flags.proof),
            pdf_a: Some(flags.pdf_a),
            embed_manifest: Some(flags.embed_manifest),
        },
    )?;
    let manifest_path = zonepress_api::layout::write_export(
        output,
        &out.pdf,
        &serde_json::to_string_pretty(&out.manifest).map_err(ApiError::internal)?,
    )?;
    println!(
        "已导出{}：{}（{}版，{}篇稿件），清单：{}",
        if flags.proof { "校样" } else { "付印稿" },
        output.display(),
        out.manifest.pages,
        out.manifest.articles.len(),
        manifest_path.display()
    );
    Ok(())
}

fn verify(dir: &std::path::Path, file: &std::path::Path, json: bool) -> Result<ExitCode, ApiError> {
    let pdf = std::fs::read(file).map_err(|e| {
        ApiError::invalid(
            format!("无法读取 {}：{e}", file.display()),
            format!("read {}: {e}", file.display()),
        )
    })?;
    // A PDF/A-2b export carries no manifest: it is the file beside it.
    let beside = std::fs::read_to_string(zonepress_api::layout::manifest_path(file)).ok();
    let ctx = Context::open(dir)?;
    let report = zonepress_api::layout::verify(&ctx, &pdf, beside.as_deref())?;
    if json {
        print_json(&report);
    } else {
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
            "{}：{}篇稿件，{}篇不一致",
            report.issue,
            report.articles.len(),
            report.articles.iter().filter(|a| !a.ok).count()
        );
    }
    Ok(if report.ok {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(CHECK_FOUND_ERRORS)
    })
}
