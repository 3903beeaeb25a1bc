//! The one error type of the export crate. English `Display` for logs,
//! [`ExportError::message_zh`] for the people at the desk.

/// Everything that can stop a layout, a preview or an export.
#[derive(Debug, Clone, thiserror::Error)]
pub enum ExportError {
    /// A font family the templates need is not installed.
    #[error("font {family} is missing; install {package}")]
    FontsMissing { family: String, package: String },
    /// A template could not be read or is not valid UTF-8.
    #[error("template {name}: {reason}")]
    Template { name: String, reason: String },
    /// An image could not be read from the asset store or decoded.
    #[error("image {asset_id}: {reason}")]
    Image { asset_id: String, reason: String },
    /// Typst refused the document; `diagnostics` are its messages.
    #[error("typesetting failed: {}", diagnostics.join("; "))]
    Compile { diagnostics: Vec<String> },
    /// The PDF writer failed.
    #[error("PDF export failed: {reason}")]
    Pdf { reason: String },
    /// A page number outside the issue.
    #[error("page {page} does not exist (the issue has {count} pages)")]
    NoSuchPage { page: u8, count: usize },
    /// The issue data cannot be set (e.g. a plan without pages).
    #[error("invalid issue: {reason}")]
    InvalidIssue { reason: String },
    /// A PDF could not be read back.
    #[error("cannot read PDF: {reason}")]
    Verify { reason: String },
    /// An output (ICC) profile is unusable or unknown.
    #[error("output profile: {en}")]
    Profile { zh: String, en: String },
}

impl ExportError {
    /// A message for a Chinese-speaking user.
    pub fn message_zh(&self) -> String {
        match self {
            ExportError::FontsMissing { family, package } => {
                crate::fontdirs::missing_font_zh(family, package)
            }
            ExportError::Template { name, reason } => format!("版式模板 {name} 有误：{reason}"),
            ExportError::Image { asset_id, reason } => {
                let short: String = asset_id.chars().take(8).collect();
                format!("图片 {short} 无法使用：{reason}")
            }
            ExportError::Compile { diagnostics } => {
                format!("排版失败：{}", diagnostics.join("；"))
            }
            ExportError::Pdf { reason } => format!("生成 PDF 失败：{reason}"),
            ExportError::NoSuchPage { page, count } => {
                format!("第{page}版不存在（本期共{count}版）")
            }
            ExportError::InvalidIssue { reason } => format!("本期版面无法排版：{reason}"),
            ExportError::Verify { reason } => format!("无法读取 PDF：{reason}"),
            ExportError::Profile { zh, .. } => zh.clone(),
        }
    }

    /// A stable machine-readable code for the api layer.
    pub fn code(&self) -> &'static str {
        match self {
            ExportError::FontsMissing { .. } => "fonts_missing",
            ExportError::Template { .. } => "template",
            ExportError::Image { .. } => "image",
            ExportError::Compile { .. } => "compile",
            ExportError::Pdf { .. } => "pdf",
            ExportError::NoSuchPage { .. } => "no_such_page",
            ExportError::InvalidIssue { .. } => "invalid_issue",
            ExportError::Verify { .. } => "verify",
            ExportError::Profile { .. } => "profile",
        }
    }
}
