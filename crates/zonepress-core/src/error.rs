//! The one error type of the domain. English `Display` for logs; the api
//! crate turns each variant into a `{code, message}` a Chinese user reads.

use crate::model::{ArticleStatus, Role};
use crate::permission::Action;

/// A named input field, so that messages can say which one is wrong.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Field {
    Kicker,
    Title,
    Subtitle,
    Byline,
    Column,
    Body,
    Caption,
    Credit,
    Opinion,
    Comment,
    Username,
    DisplayName,
    Password,
    PublicationName,
    Publisher,
    PermitNumber,
    Columns,
    ReviewLevels,
    PageCount,
    IssueNumber,
}

impl Field {
    pub fn label_zh(self) -> &'static str {
        match self {
            Field::Kicker => "引题",
            Field::Title => "主题",
            Field::Subtitle => "副题",
            Field::Byline => "作者",
            Field::Column => "栏目",
            Field::Body => "正文",
            Field::Caption => "图片说明",
            Field::Credit => "摄影署名",
            Field::Opinion => "审核意见",
            Field::Comment => "批注",
            Field::Username => "用户名",
            Field::DisplayName => "姓名",
            Field::Password => "密码",
            Field::PublicationName => "刊名",
            Field::Publisher => "主办单位",
            Field::PermitNumber => "准印证号",
            Field::Columns => "栏数",
            Field::ReviewLevels => "审核级数",
            Field::PageCount => "版数",
            Field::IssueNumber => "期号",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum CoreError {
    #[error("{field:?} must not be empty")]
    Empty { field: Field },
    #[error("{field:?} is too long: {actual} characters, at most {max}")]
    TooLong {
        field: Field,
        max: usize,
        actual: usize,
    },
    #[error("{field:?} contains control character U+{code:04X}")]
    ControlCharacter { field: Field, code: u32 },
    #[error("{en}")]
    Invalid { en: String, zh: String },

    #[error("action {action:?} needs one of the roles {needed:?}")]
    MissingRole {
        action: Action,
        needed: &'static [Role],
    },
    #[error("the author of an article cannot review it")]
    OwnArticle,
    #[error("this account wrote part of the revision under review")]
    WroteRevision,
    #[error("this account already signed level {level} of this article")]
    AlreadySigned { level: u8 },
    #[error("this account may not sign level {level}")]
    LevelNotAllowed { level: u8 },
    #[error("only the author or an admin may do this")]
    NotAuthor,

    #[error("cannot {action} an article that is {status:?}")]
    InvalidTransition {
        status: ArticleStatus,
        action: &'static str,
    },
    #[error("revision {given} is stale: the article is at revision {current}")]
    StaleRevision { given: u32, current: u32 },
    #[error("the article moved on: expected level {expected}, it is at {current:?}")]
    LevelMoved { expected: u8, current: Option<u8> },
    #[error("an opinion is required to return an article")]
    OpinionRequired,

    #[error("this account may not sign pages")]
    NotPageSigner {
        /// The publication names its page signers (else: the last review level).
        named: bool,
        level: u8,
    },
    /// The state of a proof round, mark or page does not allow this.
    #[error("{en}")]
    WrongState { en: String, zh: String },
    /// Someone else changed it first (a stale page hash, a mark resolved).
    #[error("{en}")]
    Outdated { en: String, zh: String },
}

impl CoreError {
    pub fn invalid(en: impl Into<String>, zh: impl Into<String>) -> CoreError {
        CoreError::Invalid {
            en: en.into(),
            zh: zh.into(),
        }
    }

    pub fn wrong_state(en: impl Into<String>, zh: impl Into<String>) -> CoreError {
        CoreError::WrongState {
            en: en.into(),
            zh: zh.into(),
        }
    }

    pub fn outdated(en: impl Into<String>, zh: impl Into<String>) -> CoreError {
        CoreError::Outdated {
            en: en.into(),
            zh: zh.into(),
        }
    }
}
