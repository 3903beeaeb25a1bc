//! The one error type of the crate: why a whole file could not be imported.
//!
//! Problems that leave the rest of the file usable (a table flattened, an image
//! too large, a footnote dropped) are not errors but [`crate::ImportNote`]s on
//! the proposed article.

/// Why a file cannot be turned into a proposed article. English `Display` for
/// logs; [`ImportError::message_zh`] is what the user reads.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ImportError {
    /// The file name's extension is not one we read (.docx, .txt, .md).
    #[error("unsupported file type {extension:?}: import reads .docx, .txt and .md files")]
    UnsupportedFormat { extension: String },
    /// An OLE2 compound file: a Word 97–2003 `.doc` or an old WPS `.wps`.
    #[error("this is a legacy Word 97-2003 (.doc) or WPS file; save it as .docx and import again")]
    LegacyDoc,
    /// A `.docx` whose bytes are not a zip archive at all.
    #[error("the file is not a .docx: it is not a zip archive")]
    NotAZip,
    /// A zip archive that ends too early (an interrupted download or copy).
    #[error("the file is truncated: the archive ends before its directory")]
    Truncated,
    /// A zip that is readable but damaged (bad checksum, bad compressed data).
    #[error("the archive is damaged: {detail}")]
    Corrupt { detail: String },
    /// A password-protected document (encrypted OOXML inside an OLE2 wrapper,
    /// or encrypted zip entries).
    #[error("the document is password-protected; remove the password and import again")]
    Encrypted,
    /// The file, or one part of it, is larger than the import limits.
    #[error("{part} is larger than the import limit of {limit_mb} MB")]
    TooLarge { part: String, limit_mb: u64 },
    /// An entry inflates far beyond its compressed size or past the limits:
    /// refused before it is read to the end.
    #[error("refused a zip bomb: {part} inflates far beyond its compressed size")]
    ZipBomb { part: String },
    /// A zip that is not a Word document (no main document part).
    #[error("the archive has no Word document part (word/document.xml)")]
    NotWordDocument,
    /// Malformed XML in a part of the document.
    #[error("malformed XML in {part}: {detail}")]
    BadXml { part: String, detail: String },
    /// An XML part with a DOCTYPE. Word never writes one; it is the carrier
    /// of entity-expansion and external-entity attacks, so it is refused.
    #[error("refused XML with a DOCTYPE declaration in {part}")]
    Doctype { part: String },
    /// A file name (uploaded or inside the archive) with a directory part,
    /// `..`, an absolute path or control characters. Never used as a path;
    /// refused so that nobody downstream is tempted to.
    #[error("unsafe file name {name:?}")]
    UnsafeName { name: String },
    /// A text file whose encoding cannot be determined, or that is binary.
    #[error("cannot read the text: {detail}")]
    Encoding { detail: String },
    /// An empty file, or a document without any text or image.
    #[error("the file is empty")]
    Empty,
}

impl ImportError {
    /// A short stable code for the api layer (`{ code, message }`).
    pub fn code(&self) -> &'static str {
        match self {
            ImportError::UnsupportedFormat { .. } => "unsupported_format",
            ImportError::LegacyDoc => "legacy_doc",
            ImportError::NotAZip => "not_a_zip",
            ImportError::Truncated => "truncated",
            ImportError::Corrupt { .. } => "corrupt",
            ImportError::Encrypted => "encrypted",
            ImportError::TooLarge { .. } => "too_large",
            ImportError::ZipBomb { .. } => "zip_bomb",
            ImportError::NotWordDocument => "not_word_document",
            ImportError::BadXml { .. } => "bad_xml",
            ImportError::Doctype { .. } => "doctype",
            ImportError::UnsafeName { .. } => "unsafe_name",
            ImportError::Encoding { .. } => "encoding",
            ImportError::Empty => "empty",
        }
    }

    /// The message a Chinese-speaking user reads, saying what to do next.
    pub fn message_zh(&self) -> String {
        match self {
            ImportError::UnsupportedFormat { extension } => {
                let ext = if extension.is_empty() {
                    "无扩展名".to_string()
                } else {
                    format!(".{extension}")
                };
                match extension.as_str() {
                    "pdf" => "暂不支持直接导入 PDF，请在 PDF 阅读器中复制正文，粘贴到“粘贴 PDF 文字”中处理".into(),
                    "odt" | "rtf" | "wpt" | "dot" | "dotx" | "pages" => format!(
                        "暂不支持导入 {ext} 文件，请在 Word 或 WPS 中另存为 .docx 后再导入"
                    ),
                    _ => format!("暂不支持导入 {ext} 文件，只能导入 .docx、.txt 和 .md 文件"),
                }
            }
            ImportError::LegacyDoc => {
                "这是旧版 Word 文档（.doc）或旧版 WPS 文档，请在 Word 或 WPS 中另存为 .docx 后再导入".into()
            }
            ImportError::NotAZip => {
                "文件不是有效的 .docx 文档（可能只是改了扩展名），请在 Word 或 WPS 中打开后另存为 .docx 再导入".into()
            }
            ImportError::Truncated => {
                "文件不完整（可能下载或拷贝时中断），请向来稿人重新索取文件".into()
            }
            ImportError::Corrupt { .. } => {
                "文件已损坏，无法读取，请在 Word 或 WPS 中打开并另存后再导入，或向来稿人重新索取".into()
            }
            ImportError::Encrypted => {
                "文档设置了打开密码，请在 Word 或 WPS 中取消密码并保存后再导入".into()
            }
            ImportError::TooLarge { part, limit_mb } => {
                format!("文件过大（{part} 超过 {limit_mb} MB 的导入上限），请压缩图片或拆分文档后再导入")
            }
            ImportError::ZipBomb { .. } => {
                "文件解压后体积异常巨大，疑似恶意文件，已拒绝导入".into()
            }
            ImportError::NotWordDocument => {
                "这个压缩文件不是 Word 文档（找不到正文），请确认导入的是 .docx 文件".into()
            }
            ImportError::BadXml { .. } => {
                "文档内部结构有误，无法读取，请在 Word 或 WPS 中打开并另存为 .docx 后再导入".into()
            }
            ImportError::Doctype { .. } => {
                "文档包含不安全的 XML 声明（DOCTYPE），已拒绝导入；请在 Word 或 WPS 中另存为 .docx 后再导入".into()
            }
            ImportError::UnsafeName { name } => {
                format!("文件名“{name}”含有路径或非法字符，已拒绝导入，请改名后再导入")
            }
            ImportError::Encoding { .. } => {
                "无法识别文本文件的编码，或者它不是纯文本文件；请用记事本另存为 UTF-8 编码后再导入".into()
            }
            ImportError::Empty => "文件是空的，没有可导入的文字或图片".into(),
        }
    }
}
