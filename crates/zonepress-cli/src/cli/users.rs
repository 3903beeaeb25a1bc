//! Accounts on the command line: `user add` (a 通讯员 alone gets a
//! contributor record linked) and `user list`.

use std::process::ExitCode;

use clap::Subcommand;
use zonepress_api::auth::CreateUserInput;
use zonepress_api::auth::Role;
use zonepress_api::topics::correspondents::CreateCorrespondentInput;
use zonepress_api::{ApiError, Empty, cmd};

use super::{Workspace, print_json, read_password};

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

impl Workspace {
    pub(super) fn user(
        &self,
        as_user: Option<&str>,
        command: UserCommand,
    ) -> Result<ExitCode, ApiError> {
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
                    let made = self.call::<cmd::create_correspondent>(
                        &session,
                        CreateCorrespondentInput {
                            display_name: name.unwrap_or_else(|| username.clone()),
                            username,
                            password,
                            contributor_id: None,
                            unit: None,
                            phone: None,
                        },
                    )?;
                    println!(
                        "已添加通讯员账号 {}（{}），已关联通讯员名录；首次登录时须修改密码",
                        made.user.username, made.user.display_name
                    );
                    return Ok(ExitCode::SUCCESS);
                }
                let user = self.call::<cmd::create_user>(
                    &session,
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
                let users = self.call::<cmd::list_users>(&session, Empty {})?;
                if json {
                    print_json(&users);
                } else {
                    for u in users {
                        let roles: Vec<&str> = u.roles.iter().map(|r| r.label_zh()).collect();
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
}
