//! What can go wrong making or reading an edition.

/// One error type for the crate; the api layer maps it to a Chinese message.
#[derive(Debug, thiserror::Error)]
pub enum WebError {
    /// The zip could not be written (should not happen in memory).
    #[error("zip: {0}")]
    Zip(String),
    /// An edition read back is not one: not a zip, unsafe paths, too large,
    /// no manifest.
    #[error("not an edition: {en}")]
    NotAnEdition { en: String, zh: String },
}

impl WebError {
    pub(crate) fn not_edition(en: impl Into<String>, zh: impl Into<String>) -> WebError {
        WebError::NotAnEdition {
            en: en.into(),
            zh: zh.into(),
        }
    }

    /// The message for the user, in Chinese.
    pub fn message_zh(&self) -> String {
        match self {
            WebError::Zip(_) => "数字报打包失败".into(),
            WebError::NotAnEdition { zh, .. } => zh.clone(),
        }
    }
}
