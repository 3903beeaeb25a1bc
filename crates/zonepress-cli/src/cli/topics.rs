//! 选题 on the command line: `topics --issue ID [--json]` lists an issue's
//! topics (the 选题会 view) and `topic add --issue ID --title T [--assign
//! USER --due DATE]` proposes one — accepted and assigned at once when
//! `--assign` is given — through the same commands as the desktop and the
//! server (`list_topics`, `propose_topic`, `decide_topic`, `assign_topic`).

use std::io::Write;
use std::process::ExitCode;

use clap::{Args, Subcommand};
use zonepress_api::topics::Topic;
use zonepress_api::topics::{
    AssignTopicInput, DecideTopicInput, ListTopicsInput, ProposeTopicInput,
};
use zonepress_api::topics::{TopicDecision, TopicPriority};
use zonepress_api::{ApiError, cmd};

use super::{Workspace, print_json};

/// `topics --issue ID`
#[derive(Args, Debug)]
pub struct TopicsArgs {
    #[arg(long)]
    pub issue: i64,
    #[arg(long)]
    pub json: bool,
}

#[derive(Subcommand, Debug)]
pub enum TopicCommand {
    /// 报题 for an issue; with `--assign USER --due DATE` accepted and 派稿 at once.
    Add {
        #[arg(long)]
        issue: i64,
        #[arg(long)]
        title: String,
        /// 内容要点.
        #[arg(long)]
        points: Option<String>,
        /// The assignee's username (a staff writer or a 通讯员).
        #[arg(long, requires = "due")]
        assign: Option<String>,
        /// 截稿: 2026-12-10 or "2026-12-10 18:00" (Beijing time).
        #[arg(long, requires = "assign")]
        due: Option<String>,
        #[arg(long)]
        json: bool,
    },
}

fn priority_zh(p: TopicPriority) -> &'static str {
    match p {
        TopicPriority::Headline => "头条",
        TopicPriority::Major => "重点",
        TopicPriority::Normal => "一般",
    }
}

fn line(t: &Topic) -> String {
    format!(
        "{:>4}  {}  {}  [{}]  {}  {}  {}",
        t.id,
        t.page.map_or("未定版".to_string(), |p| format!("第{p}版")),
        priority_zh(t.priority),
        t.state.label_zh(),
        t.title,
        t.assignee
            .as_ref()
            .map_or("未派稿".to_string(), |a| a.display_name.clone()),
        t.due
            .as_deref()
            .map_or(String::new(), |d| format!("截稿{d}")),
    )
}

impl Workspace {
    pub(super) fn topics(
        &self,
        as_user: Option<&str>,
        args: TopicsArgs,
    ) -> Result<ExitCode, ApiError> {
        let session = self.session(as_user)?;
        let topics = self.call::<cmd::list_topics>(
            &session,
            ListTopicsInput {
                issue_id: Some(args.issue),
                ..Default::default()
            },
        )?;
        if args.json {
            print_json(&topics);
        } else if topics.is_empty() {
            println!("本期还没有选题");
        } else {
            let mut out = std::io::stdout().lock();
            for t in &topics {
                let _ = writeln!(out, "{}", line(t));
            }
        }
        Ok(ExitCode::SUCCESS)
    }

    pub(super) fn topic(
        &self,
        as_user: Option<&str>,
        command: TopicCommand,
    ) -> Result<ExitCode, ApiError> {
        let session = self.session(as_user)?;
        match command {
            TopicCommand::Add {
                issue,
                title,
                points,
                assign,
                due,
                json,
            } => {
                // A bad deadline is refused before the topic is stored.
                if let Some(d) = &due {
                    zonepress_api::topics::parse_due(d)?;
                }
                let mut t = self.call::<cmd::propose_topic>(
                    &session,
                    ProposeTopicInput {
                        issue_id: Some(issue),
                        title,
                        points,
                        ..Default::default()
                    },
                )?;
                if let (Some(user), Some(due)) = (assign, due) {
                    self.call::<cmd::decide_topic>(
                        &session,
                        DecideTopicInput {
                            id: t.id,
                            decision: TopicDecision::Accepted,
                            reason: None,
                        },
                    )?;
                    t = self.call::<cmd::assign_topic>(
                        &session,
                        AssignTopicInput {
                            topic_id: t.id,
                            assignee: user,
                            due,
                        },
                    )?;
                }
                if json {
                    print_json(&t);
                } else {
                    println!("已添加选题：{}", line(&t));
                }
            }
        }
        Ok(ExitCode::SUCCESS)
    }
}
