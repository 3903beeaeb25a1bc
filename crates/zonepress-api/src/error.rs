//! Errors cross the boundary as data: `{code, message}` with a message a
//! Chinese-speaking user understands. Every crate error is mapped here, once.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use ts_rs::TS;
use zonepress_core::{ArticleStatus, CoreError, level_name_zh};
use zonepress_store::StoreError;

/// Stable machine-readable error codes. Scripts depend on these names.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum ErrorCode {
    /// Not signed in, or the session expired or is forged.
    Unauthorized,
    /// Signed in, but the account's roles or the review rules refuse it.
    Forbidden,
    NotFound,
    /// Based on a stale revision, or someone else acted first.
    Conflict,
    /// The input is malformed or breaks a rule about values.
    InvalidInput,
    /// The article's state does not allow this (e.g. approving a draft).
    InvalidState,
    /// Too many failed logins; wait and try again.
    RateLimited,
    /// The account's password was set by an admin (or is a demo password):
    /// choose a new one with `change_password` first.
    PasswordChangeRequired,
    /// The request body is larger than the command accepts.
    TooLarge,
    /// The request body is not `application/json`.
    UnsupportedMediaType,
    /// The `Host` header names no address of this server.
    MisdirectedRequest,
    UnknownCommand,
    /// The workspace is used by another process.
    WorkspaceLocked,
    /// The workspace database is damaged or from a newer version.
    Corrupt,
    /// Export or preflight refused (see the message).
    ExportFailed,
    /// The database is busy; retrying helps.
    Busy,
    Internal,
    /// The request (headers or body) arrived too slowly; the connection is closed.
    RequestTimeout,
    /// A client could not reach the server (the desktop's connected mode).
    Network,
    /// The server's TLS certificate is not the one the client pinned (or
    /// the user has not confirmed one yet); `detail: {expected, found}`.
    UntrustedCertificate,
    /// A file sent to be read (a PDF or 数字报 to verify) crashed, exhausted
    /// or outlasted the parser's limits: 文件无法读取. The server is unharmed.
    UnreadableFile,
    /// The account or session already holds as many event streams or heavy
    /// jobs (previews, exports, verifies) as it may; `detail: {limit}`.
    TooMany,
    /// The final print PDF or 数字报 before 付印 (or at another layout than
    /// the one 付印 bound): the message names the unsigned pages;
    /// `detail: {unsigned_pages, print_order}`. A 校样 can always be exported.
    NotSignedOff,
}

impl ErrorCode {
    pub fn http_status(self) -> u16 {
        match self {
            ErrorCode::Unauthorized => 401,
            ErrorCode::Forbidden | ErrorCode::PasswordChangeRequired => 403,
            ErrorCode::TooLarge => 413,
            ErrorCode::UnsupportedMediaType => 415,
            ErrorCode::MisdirectedRequest => 421,
            ErrorCode::NotFound | ErrorCode::UnknownCommand => 404,
            ErrorCode::Conflict
            | ErrorCode::InvalidState
            | ErrorCode::WorkspaceLocked
            | ErrorCode::NotSignedOff => 409,
            ErrorCode::InvalidInput | ErrorCode::ExportFailed | ErrorCode::UnreadableFile => 422,
            ErrorCode::RateLimited | ErrorCode::TooMany => 429,
            ErrorCode::Busy => 503,
            ErrorCode::Corrupt | ErrorCode::Internal => 500,
            ErrorCode::RequestTimeout => 408,
            // Made by the client, never answered by a server.
            ErrorCode::Network | ErrorCode::UntrustedCertificate => 502,
        }
    }
}

/// The error every command returns.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS, JsonSchema, thiserror::Error)]
#[error("{code:?}: {log}")]
pub struct ApiError {
    pub code: ErrorCode,
    /// For the user, in Chinese.
    pub message: String,
    /// Structured detail where it helps the client (e.g. the current revision
    /// on a conflict, seconds to wait when rate limited).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[ts(type = "unknown")]
    pub detail: Option<serde_json::Value>,
    /// For the logs, in English; not sent.
    #[serde(skip)]
    #[ts(skip)]
    pub log: String,
}

impl ApiError {
    pub fn new(code: ErrorCode, message: impl Into<String>, log: impl Into<String>) -> ApiError {
        ApiError {
            code,
            message: message.into(),
            detail: None,
            log: log.into(),
        }
    }

    pub fn with_detail(mut self, detail: serde_json::Value) -> ApiError {
        self.detail = Some(detail);
        self
    }

    pub fn unauthorized() -> ApiError {
        ApiError::new(
            ErrorCode::Unauthorized,
            "登录已失效，请重新登录",
            "missing, expired or unknown session token",
        )
    }

    pub fn invalid(message: impl Into<String>, log: impl Into<String>) -> ApiError {
        ApiError::new(ErrorCode::InvalidInput, message, log)
    }

    pub fn internal(log: impl std::fmt::Display) -> ApiError {
        ApiError::new(
            ErrorCode::Internal,
            "系统内部错误，操作未完成，已保存的内容不受影响",
            log.to_string(),
        )
    }
}

fn status_zh(status: ArticleStatus) -> &'static str {
    match status {
        ArticleStatus::Draft => "草稿",
        ArticleStatus::InReview => "审核中",
        ArticleStatus::Approved => "已签发",
        ArticleStatus::Returned => "已退回",
        ArticleStatus::Withdrawn => "已撤稿",
    }
}

fn action_zh(action: &str) -> &'static str {
    match action {
        "submit" => "送审",
        "review" => "审核",
        "withdraw" => "撤稿",
        "reopen" => "恢复",
        "edit" => "修改",
        _ => "操作",
    }
}

impl From<CoreError> for ApiError {
    fn from(e: CoreError) -> ApiError {
        let log = e.to_string();
        let (code, message) = match &e {
            CoreError::Empty { field } => (
                ErrorCode::InvalidInput,
                format!("{}不能为空", field.label_zh()),
            ),
            CoreError::TooLong { field, max, actual } => (
                ErrorCode::InvalidInput,
                format!("{}过长：{actual}字，最多{max}字", field.label_zh()),
            ),
            CoreError::ControlCharacter { field, .. } => (
                ErrorCode::InvalidInput,
                format!("{}中含有不可见的控制字符，请删除后再保存", field.label_zh()),
            ),
            CoreError::Invalid { zh, .. } => (ErrorCode::InvalidInput, zh.clone()),
            CoreError::MissingRole { needed, .. } => (
                ErrorCode::Forbidden,
                format!(
                    "没有权限：此操作需要{}角色",
                    needed
                        .iter()
                        .map(|r| r.label_zh())
                        .collect::<Vec<_>>()
                        .join("或")
                ),
            ),
            CoreError::OwnArticle => (ErrorCode::Forbidden, "不能审核自己撰写的稿件".to_string()),
            CoreError::WroteRevision => (
                ErrorCode::Forbidden,
                "这一稿次中有您撰写的文字，或您修改过本稿在本轮送审中的内容（恢复旧稿次也算），不能审核自己参与撰写的稿次，请由其他审核人签发"
                    .to_string(),
            ),
            CoreError::AlreadySigned { level } => (
                ErrorCode::Forbidden,
                format!(
                    "您已签署本稿的{}，同一账号不能签署同一稿件的两级审核",
                    level_name_zh(*level)
                ),
            ),
            CoreError::LevelNotAllowed { level } => (
                ErrorCode::Forbidden,
                format!("您的账号未被授权进行{}", level_name_zh(*level)),
            ),
            CoreError::NotAuthor => (
                ErrorCode::Forbidden,
                "只有稿件作者或管理员可以进行此操作".to_string(),
            ),
            CoreError::InvalidTransition { status, action } => (
                ErrorCode::InvalidState,
                format!(
                    "稿件当前为“{}”状态，不能{}",
                    status_zh(*status),
                    action_zh(action)
                ),
            ),
            CoreError::StaleRevision { given, current } => {
                return ApiError::new(
                    ErrorCode::Conflict,
                    format!(
                        "稿件已被他人修改（您基于第{given}稿，当前已是第{current}稿），请刷新后再操作，您的内容未被覆盖"
                    ),
                    log,
                )
                .with_detail(serde_json::json!({ "current_revision": current }));
            }
            CoreError::LevelMoved { expected, .. } => (
                ErrorCode::Conflict,
                format!(
                    "本稿的{}已由他人完成，请刷新后查看",
                    level_name_zh(*expected)
                ),
            ),
            CoreError::OpinionRequired => (
                ErrorCode::InvalidInput,
                "退回稿件必须填写审核意见".to_string(),
            ),
            CoreError::NotPageSigner { named, level } => (
                ErrorCode::Forbidden,
                if *named {
                    "您不是本刊指定的签版人，不能签版或付印".to_string()
                } else {
                    format!("签版和付印须由可签{}的审核人员进行", level_name_zh(*level))
                },
            ),
            CoreError::WrongState { zh, .. } => (ErrorCode::InvalidState, zh.clone()),
            CoreError::Outdated { zh, .. } => (ErrorCode::Conflict, zh.clone()),
        };
        ApiError::new(code, message, log)
    }
}

fn what_zh(what: &str) -> &str {
    match what {
        "article" => "稿件",
        "issue" => "期次",
        "user" => "用户",
        "revision" => "稿次",
        "comment" => "批注",
        "asset" => "图片",
        "finding" => "校对结果",
        "contributor" => "通讯员",
        "statement" => "稿酬发放表",
        "payment rules" => "稿酬标准",
        "proof round" => "校样轮次",
        "proof mark" => "校样标记",
        other => other,
    }
}

impl From<StoreError> for ApiError {
    fn from(e: StoreError) -> ApiError {
        let log = e.to_string();
        match e {
            StoreError::Core(core) => core.into(),
            StoreError::NotFound { what, key } => ApiError::new(
                ErrorCode::NotFound,
                format!("找不到{}（{key}）", what_zh(what)),
                log,
            ),
            StoreError::Duplicate { what, key } => ApiError::new(
                ErrorCode::Conflict,
                format!("{}“{key}”已存在", what_zh(what)),
                log,
            ),
            StoreError::Corrupt { path, .. } => ApiError::new(
                ErrorCode::Corrupt,
                format!(
                    "工作区数据库文件已损坏或不是园区编务的工作区：{}。文件未被改动，请从备份恢复",
                    path.display()
                ),
                log,
            ),
            StoreError::TooNew { .. } => ApiError::new(
                ErrorCode::Corrupt,
                "此工作区由更新版本的园区编务创建，请升级软件后再打开",
                log,
            ),
            StoreError::AuditKey { path, .. } => ApiError::new(
                ErrorCode::Corrupt,
                format!(
                    "审计日志的密钥文件 {} 无法读取或已损坏。请从备份恢复工作区（备份中带有密钥）",
                    path.display()
                ),
                log,
            ),
            StoreError::Busy => ApiError::new(ErrorCode::Busy, "数据库正忙，请稍后重试", log),
            StoreError::Decode(_) | StoreError::Sqlite(_) | StoreError::Io(_) => {
                ApiError::internal(log)
            }
        }
    }
}

impl From<serde_json::Error> for ApiError {
    fn from(e: serde_json::Error) -> ApiError {
        let msg = e.to_string();
        let zh = if msg.contains("unknown variant") && msg.contains("paragraph") {
            "正文中含有无法识别的段落类型".to_string()
        } else if e.is_syntax() || e.is_eof() {
            "请求内容不是有效的 JSON".to_string()
        } else if msg.starts_with("missing field") {
            format!("缺少必填字段：{}", msg.split('`').nth(1).unwrap_or(""))
        } else if msg.starts_with("unknown field") {
            format!("不认识的字段：{}", msg.split('`').nth(1).unwrap_or(""))
        } else {
            "请求内容格式不正确".to_string()
        };
        ApiError::invalid(zh, format!("invalid request body: {msg}"))
    }
}
