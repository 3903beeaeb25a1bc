//! The nouns of the bulletin office.

use chrono::{DateTime, NaiveDate, Utc};
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

/// Row id of anything stored.
pub type Id = i64;

/// What an account may do. One account may hold several roles.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, TS, JsonSchema,
)]
#[serde(rename_all = "snake_case")]
pub enum Role {
    /// 编辑/通讯员: drafts and revises articles, plans an issue.
    Editor,
    /// 审核: signs 初审/复审/终审.
    Reviewer,
    /// 校对: runs the checker, records the three proofreading passes.
    Proofreader,
    /// 美编/排版: page plan, previews, preflight, export.
    Layout,
    /// 管理员: users, settings, roster, backup.
    Admin,
    /// 通讯员: a member unit's writer with an account — proposes topics,
    /// writes, imports and submits their own articles and follows them;
    /// sees nothing of anyone else's.
    Correspondent,
}

impl Role {
    pub const ALL: [Role; 6] = [
        Role::Editor,
        Role::Reviewer,
        Role::Proofreader,
        Role::Layout,
        Role::Admin,
        Role::Correspondent,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Role::Editor => "editor",
            Role::Reviewer => "reviewer",
            Role::Proofreader => "proofreader",
            Role::Layout => "layout",
            Role::Admin => "admin",
            Role::Correspondent => "correspondent",
        }
    }

    pub fn label_zh(self) -> &'static str {
        match self {
            Role::Editor => "编辑",
            Role::Reviewer => "审核",
            Role::Proofreader => "校对",
            Role::Layout => "排版",
            Role::Admin => "管理员",
            Role::Correspondent => "通讯员",
        }
    }

    pub fn parse(s: &str) -> Option<Role> {
        Role::ALL.into_iter().find(|r| r.as_str() == s.trim())
    }
}

/// An account as others see it (never carries the password hash).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS, JsonSchema)]
pub struct User {
    pub id: Id,
    pub username: String,
    pub display_name: String,
    pub roles: Vec<Role>,
    /// Review levels (1 = 初审, 2 = 复审, 3 = 终审) this account may sign.
    /// Empty means any level.
    pub review_levels: Vec<u8>,
    pub disabled: bool,
    /// The password was set by an admin: the owner must choose a new one at
    /// the next sign-in.
    #[serde(default)]
    pub must_change_password: bool,
}

impl User {
    pub fn has_role(&self, role: Role) -> bool {
        self.roles.contains(&role)
    }

    pub fn as_ref(&self) -> UserRef {
        UserRef {
            id: self.id,
            username: self.username.clone(),
            display_name: self.display_name.clone(),
        }
    }

    pub fn may_sign_level(&self, level: u8) -> bool {
        self.review_levels.is_empty() || self.review_levels.contains(&level)
    }
}

/// A pointer to a user with what is needed to show who did something.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS, JsonSchema)]
pub struct UserRef {
    pub id: Id,
    pub username: String,
    pub display_name: String,
}

/// Paper size of the printed bulletin.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS, JsonSchema)]
pub enum PageSize {
    A3,
    A4,
}

impl PageSize {
    /// Width and height in millimetres (portrait).
    pub fn mm(self) -> (f64, f64) {
        match self {
            PageSize::A3 => (297.0, 420.0),
            PageSize::A4 => (210.0, 297.0),
        }
    }

    /// The usual number of body columns on this size.
    pub fn default_columns(self) -> u8 {
        match self {
            PageSize::A3 => 4,
            PageSize::A4 => 3,
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            PageSize::A3 => "A3",
            PageSize::A4 => "A4",
        }
    }

    pub fn parse(s: &str) -> Option<PageSize> {
        match s.trim().to_ascii_uppercase().as_str() {
            "A3" => Some(PageSize::A3),
            "A4" => Some(PageSize::A4),
            _ => None,
        }
    }
}

/// The bulletin itself: one per workspace.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS, JsonSchema)]
pub struct Publication {
    /// 刊名, e.g. 开发区新闻.
    pub name: String,
    /// 主办单位.
    pub publisher: String,
    /// 准印证号.
    pub permit_number: String,
    pub page_size: PageSize,
    pub columns: u8,
    /// Number of review levels (1–3).
    pub review_levels: u8,
    /// Minutes without use after which a session ends (5–720, default 30).
    #[serde(default = "default_idle_minutes")]
    pub session_idle_minutes: u32,
    /// 校样 rounds an issue goes through before 付印 (1–3, default 3).
    #[serde(default = "default_proof_rounds")]
    pub proof_rounds: u8,
    /// The accounts that sign pages (签版) and order printing (付印); empty:
    /// the accounts that may sign at the last review level.
    #[serde(default)]
    pub page_signers: Vec<Id>,
    /// 出版形式: 内部资料 or 公开出版.
    #[serde(default)]
    pub kind: crate::press::PublicationKind,
    /// 国内统一连续出版物号 (`CN 32-1234/D`), for 公开出版.
    #[serde(default)]
    pub cn_number: String,
    /// 邮发代号, for 公开出版 when it has one.
    #[serde(default)]
    pub postal_code: String,
    /// 编印单位.
    #[serde(default)]
    pub editor_unit: String,
    /// 发送对象.
    #[serde(default)]
    pub audience: String,
    /// 印刷单位.
    #[serde(default)]
    pub printer: String,
    /// 印数 (copies a run; 0: not set).
    #[serde(default)]
    pub print_run: u32,
}

fn default_idle_minutes() -> u32 {
    30
}

fn default_proof_rounds() -> u8 {
    3
}

impl Default for Publication {
    fn default() -> Self {
        Publication {
            name: "开发区新闻".into(),
            publisher: String::new(),
            permit_number: String::new(),
            page_size: PageSize::A3,
            columns: 4,
            review_levels: 3,
            session_idle_minutes: default_idle_minutes(),
            proof_rounds: default_proof_rounds(),
            page_signers: Vec::new(),
            kind: crate::press::PublicationKind::Internal,
            cn_number: String::new(),
            postal_code: String::new(),
            editor_unit: String::new(),
            audience: String::new(),
            printer: String::new(),
            print_run: 0,
        }
    }
}

/// Where an issue 期 of the bulletin stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum IssueStatus {
    /// 策划中
    Planning,
    /// 排版中
    Layout,
    /// 已付印
    Printed,
}

impl IssueStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            IssueStatus::Planning => "planning",
            IssueStatus::Layout => "layout",
            IssueStatus::Printed => "printed",
        }
    }

    pub fn parse(s: &str) -> Option<IssueStatus> {
        match s {
            "planning" => Some(IssueStatus::Planning),
            "layout" => Some(IssueStatus::Layout),
            "printed" => Some(IssueStatus::Printed),
            _ => None,
        }
    }
}

/// One issue 期 of the bulletin, e.g. 2026年第9期 总第123期.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS, JsonSchema)]
pub struct Issue {
    pub id: Id,
    pub year: i32,
    /// Number within the year (第N期).
    pub number: u32,
    /// Running number since the first issue (总第N期).
    pub serial: u32,
    /// Publication date.
    pub date: NaiveDate,
    pub status: IssueStatus,
    pub page_count: u8,
    pub page_size: PageSize,
    pub columns: u8,
    pub article_count: u32,
    /// 印刷日期, printed in the colophon (none until it is known).
    #[serde(default)]
    pub print_date: Option<NaiveDate>,
}

impl Issue {
    /// `2026年第9期 总第123期`
    pub fn label(&self) -> String {
        issue_label(self.year, self.number, self.serial)
    }
}

pub fn issue_label(year: i32, number: u32, serial: u32) -> String {
    format!("{year}年第{number}期 总第{serial}期")
}

/// What an article is, which decides how the page template sets it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize, TS, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum ArticleKind {
    /// An ordinary news article.
    #[default]
    News,
    /// A 要闻快览 briefs box: its body is `brief` items.
    Briefs,
    /// 图片新闻: a photo with its caption.
    Photo,
}

impl ArticleKind {
    pub fn as_str(self) -> &'static str {
        match self {
            ArticleKind::News => "news",
            ArticleKind::Briefs => "briefs",
            ArticleKind::Photo => "photo",
        }
    }

    pub fn parse(s: &str) -> Option<ArticleKind> {
        match s {
            "news" => Some(ArticleKind::News),
            "briefs" => Some(ArticleKind::Briefs),
            "photo" => Some(ArticleKind::Photo),
            _ => None,
        }
    }
}

/// One block of an article's body. New kinds of block get a new `type`;
/// readers reject types they do not know instead of dropping them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS, JsonSchema)]
#[serde(tag = "type", rename_all = "snake_case", deny_unknown_fields)]
pub enum Block {
    /// A body paragraph (printed with a 2-em first-line indent).
    Paragraph { text: String },
    /// A subhead inside the body (小标题).
    Subhead { text: String },
    /// One 要闻快览 item; the template prints the `◆`.
    Brief { text: String },
    /// A photo stored as an asset of the workspace, with its caption and credit.
    Image {
        /// SHA-256 of the image bytes, as stored in the asset table.
        asset_id: String,
        #[serde(default)]
        caption: String,
        #[serde(default)]
        credit: String,
    },
}

impl Block {
    /// The text of the block that is read and counted (for an image, its caption).
    pub fn text(&self) -> &str {
        match self {
            Block::Paragraph { text } | Block::Subhead { text } | Block::Brief { text } => text,
            Block::Image { caption, .. } => caption,
        }
    }

    pub fn type_name(&self) -> &'static str {
        match self {
            Block::Paragraph { .. } => "paragraph",
            Block::Subhead { .. } => "subhead",
            Block::Brief { .. } => "brief",
            Block::Image { .. } => "image",
        }
    }
}

/// Everything of an article that is printed. Its canonical JSON form is what
/// the content hash covers; any change here is a new revision.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize, TS, JsonSchema)]
pub struct ArticleContent {
    #[serde(default)]
    pub kind: ArticleKind,
    /// 引题
    #[serde(default)]
    pub kicker: String,
    /// 主题
    pub title: String,
    /// 副题
    #[serde(default)]
    pub subtitle: String,
    /// 作者 line, e.g. `记者 王晓静 通讯员 刘畅`.
    #[serde(default)]
    pub byline: String,
    /// 栏目, e.g. 工作动态.
    #[serde(default)]
    pub column: String,
    #[serde(default)]
    pub body: Vec<Block>,
}

/// Where an article stands in the 三审 workflow.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, TS, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum ArticleStatus {
    /// 草稿
    Draft,
    /// 待审: awaiting the level in `review_level`.
    InReview,
    /// 已签发
    Approved,
    /// 退回: back with the author, editable like a draft.
    Returned,
    /// 撤稿
    Withdrawn,
}

impl ArticleStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            ArticleStatus::Draft => "draft",
            ArticleStatus::InReview => "in_review",
            ArticleStatus::Approved => "approved",
            ArticleStatus::Returned => "returned",
            ArticleStatus::Withdrawn => "withdrawn",
        }
    }

    pub fn parse(s: &str) -> Option<ArticleStatus> {
        [
            ArticleStatus::Draft,
            ArticleStatus::InReview,
            ArticleStatus::Approved,
            ArticleStatus::Returned,
            ArticleStatus::Withdrawn,
        ]
        .into_iter()
        .find(|st| st.as_str() == s)
    }

    pub fn label_zh(self, level: Option<u8>) -> String {
        match self {
            ArticleStatus::Draft => "草稿".into(),
            ArticleStatus::InReview => format!("待{}", level_name_zh(level.unwrap_or(1))),
            ArticleStatus::Approved => "已签发".into(),
            ArticleStatus::Returned => "退回".into(),
            ArticleStatus::Withdrawn => "撤稿".into(),
        }
    }
}

/// 初审 / 复审 / 终审
pub fn level_name_zh(level: u8) -> &'static str {
    match level {
        1 => "初审",
        2 => "复审",
        3 => "终审",
        _ => "审核",
    }
}

/// An article with its current content and where it stands.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS, JsonSchema)]
pub struct Article {
    pub id: Id,
    pub issue_id: Option<Id>,
    #[serde(flatten)]
    pub content: ArticleContent,
    pub target_length: Option<u32>,
    /// Characters of the body, counted the Chinese way (whitespace excluded).
    pub length: u32,
    pub status: ArticleStatus,
    /// The level awaited while `status` is `in_review`.
    pub review_level: Option<u8>,
    /// Current revision number (1 for a new article).
    pub revision: u32,
    /// SHA-256 (hex) of the canonical content of the current revision.
    pub content_hash: String,
    pub author: UserRef,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
    pub updated_by: UserRef,
    /// 待定标题: the title is a stand-in an import gave because the file had
    /// none it could recognise. Cleared when the title is changed or confirmed.
    #[serde(default)]
    pub title_pending: bool,
    /// 优先级 头条 / 重点 / 一般 (the words of a topic's priority): how the
    /// 排版建议 orders stories. Not content: changing it keeps signatures.
    #[serde(default)]
    pub priority: crate::topics::TopicPriority,
}

/// An article in a list: everything but the body.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS, JsonSchema)]
pub struct ArticleSummary {
    pub id: Id,
    pub issue_id: Option<Id>,
    pub kind: ArticleKind,
    pub kicker: String,
    pub title: String,
    pub byline: String,
    pub column: String,
    pub target_length: Option<u32>,
    pub length: u32,
    pub status: ArticleStatus,
    pub review_level: Option<u8>,
    pub revision: u32,
    pub content_hash: String,
    pub author: UserRef,
    pub updated_at: DateTime<Utc>,
    pub updated_by: UserRef,
    /// Who has it open for editing right now (filled by the server).
    #[serde(default)]
    pub editing: Vec<UserRef>,
    /// 待定标题 (see [`Article::title_pending`]).
    #[serde(default)]
    pub title_pending: bool,
    /// 优先级 (see [`Article::priority`]).
    #[serde(default)]
    pub priority: crate::topics::TopicPriority,
}

impl Article {
    pub fn summary(&self) -> ArticleSummary {
        ArticleSummary {
            id: self.id,
            issue_id: self.issue_id,
            kind: self.content.kind,
            kicker: self.content.kicker.clone(),
            title: self.content.title.clone(),
            byline: self.content.byline.clone(),
            column: self.content.column.clone(),
            target_length: self.target_length,
            length: self.length,
            status: self.status,
            review_level: self.review_level,
            revision: self.revision,
            content_hash: self.content_hash.clone(),
            author: self.author.clone(),
            updated_at: self.updated_at,
            updated_by: self.updated_by.clone(),
            editing: Vec::new(),
            title_pending: self.title_pending,
            priority: self.priority,
        }
    }
}

/// One saved state of an article. Never changed once written.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS, JsonSchema)]
pub struct Revision {
    pub article_id: Id,
    pub number: u32,
    pub content_hash: String,
    pub length: u32,
    pub author: UserRef,
    pub created_at: DateTime<Utc>,
    /// Why this revision exists when it is not an ordinary save, e.g. `恢复自第3稿`.
    pub note: String,
    pub content: ArticleContent,
}

/// A revision in a list (without its content).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS, JsonSchema)]
pub struct RevisionSummary {
    pub number: u32,
    pub content_hash: String,
    pub length: u32,
    pub author: UserRef,
    pub created_at: DateTime<Utc>,
    pub note: String,
}
