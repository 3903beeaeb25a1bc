//! A workspace's life on the command line: `init` (empty with one admin, or
//! the demo), `backup` and `restore`.

use std::process::ExitCode;

use zonepress_api::auth::CreateUserInput;
use zonepress_api::auth::Role;
use zonepress_api::workspace::NewWorkspace;
use zonepress_api::{ApiError, Empty, Session, cmd};

use super::{Workspace, read_password};

pub(super) fn init(
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
    let what = match admin {
        Some(username) => NewWorkspace::Admin(CreateUserInput {
            display_name: name.unwrap_or_else(|| username.clone()),
            username,
            password: read_password()?,
            roles: vec![Role::Admin],
            review_levels: None,
        }),
        None if demo => NewWorkspace::Demo,
        None => NewWorkspace::Empty,
    };
    // A bad password or a failure leaves no workspace behind.
    let made = zonepress_api::workspace::create(dir, "zonepress init", what)?;
    match (made.admin, made.demo) {
        (Some(user), _) => println!(
            "已创建工作区：{}，管理员账号 {}（{}）。用 `zonepress --as {} user add …` 或在“管理”中添加同事的账号",
            dir.display(),
            user.username,
            user.display_name,
            user.username
        ),
        (None, Some(summary)) => println!(
            "已创建演示工作区：{}（{} 篇稿件，账号 {}，密码 {}）。演示工作区只能在本机使用，不能在局域网上共享",
            dir.display(),
            summary.articles,
            summary.accounts.join("、"),
            zonepress_api::demo::DEMO_PASSWORD
        ),
        (None, None) => println!(
            "已创建空工作区：{}。请用 `echo 密码 | zonepress user add 用户名 --roles admin --password-stdin` 添加管理员",
            dir.display()
        ),
    }
    Ok(())
}

pub(super) fn restore(
    dir: &std::path::Path,
    input: &std::path::Path,
) -> Result<ExitCode, ApiError> {
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
    pub(super) fn backup(
        &self,
        as_user: Option<&str>,
        output: &std::path::Path,
    ) -> Result<ExitCode, ApiError> {
        let session = self.session(as_user)?;
        // Refused before the copy is made when the file exists.
        if output.exists() {
            return Err(ApiError::invalid(
                format!("{} 已存在，请换一个文件名", output.display()),
                "backup target exists",
            ));
        }
        let backup = self.call::<cmd::backup_workspace>(&session, Empty {})?;
        zonepress_api::files::write_private(output, &backup.bytes, true)?;
        println!("已备份到 {}", output.display());
        Ok(ExitCode::SUCCESS)
    }
}
