//! What an import proposes: the data the UI shows before anything is stored.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use ts_rs::TS;
use zonepress_core::ArticleContent;

/// A picture found in a document. The caller stores `bytes` as an asset under
/// `asset_id`; the article's image blocks refer to it by that id.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS, JsonSchema)]
pub struct ImportedImage {
    /// SHA-256 (lower-case hex) of `bytes`.
    pub asset_id: String,
    /// The name of the picture inside the document, e.g. `image1.png`.
    pub file_name: String,
    /// `image/png`, `image/jpeg`, `image/gif`, `image/bmp` or `image/webp`.
    pub mime: String,
    /// Pixel size read from the image header.
    pub width: u32,
    pub height: u32,
    /// The image file itself. Not serialised: it travels to the store, not to the UI.
    #[serde(skip)]
    #[ts(skip)]
    pub bytes: Vec<u8>,
}

/// Something the editor should know about an import that still succeeded:
/// a table flattened, a text box kept as text, footnotes moved to the end,
/// comments left out, a stand-in title (待定标题).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS, JsonSchema)]
pub struct ImportNote {
    /// Stable identifier, e.g. `table_flattened` (see [`crate::notes`]).
    pub code: String,
    pub message_zh: String,
    pub message_en: String,
}

impl ImportNote {
    pub fn new(code: &str, message_zh: impl Into<String>, message_en: impl Into<String>) -> Self {
        ImportNote {
            code: code.to_string(),
            message_zh: message_zh.into(),
            message_en: message_en.into(),
        }
    }
}

/// Which text of the article a [`SuggestedFix`] applies to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, TS, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum FixField {
    Kicker,
    Title,
    Subtitle,
    Byline,
    /// The text of body block `n` (paragraph, subhead or brief).
    Body(usize),
    /// The caption of the image block `n` of the body.
    Caption(usize),
}

/// A normalisation the importer offers but does not apply: replace the
/// characters `start..end` of `field` by `replacement`.
///
/// Offsets count Unicode scalar values (Rust `char`s), not bytes and not
/// UTF-16 units. `original` repeats the text being replaced so that a stale
/// fix (the text changed since) is recognised and skipped.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS, JsonSchema)]
pub struct SuggestedFix {
    pub field: FixField,
    pub start: usize,
    pub end: usize,
    pub original: String,
    pub replacement: String,
    /// The checker's `punct.halfwidth`, `punct.dash`, `punct.ellipsis`, or
    /// `import.stray_space`.
    pub rule: String,
    /// The rule's name as the 校对 panel shows it (半角标点…).
    pub rule_name_zh: String,
    pub message_zh: String,
}

/// One article proposed from an imported file. Nothing is stored yet: the
/// editor reviews it, the caller stores the images and creates the draft.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS, JsonSchema)]
pub struct ProposedArticle {
    /// The uploaded file's name, as given.
    pub file_name: String,
    pub content: ArticleContent,
    /// Every image an image block of `content.body` refers to, each once.
    pub images: Vec<ImportedImage>,
    pub warnings: Vec<ImportNote>,
    pub fixes: Vec<SuggestedFix>,
}

impl ProposedArticle {
    /// No title was found: the one proposed is a stand-in (the first short
    /// line or the file name) and the article is to be marked 待定标题.
    pub fn title_pending(&self) -> bool {
        self.warnings
            .iter()
            .any(|w| w.code == crate::notes::TITLE_PENDING)
    }
}

/// The result of [`crate::clean_pdf_text`].
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS, JsonSchema)]
pub struct CleanedText {
    /// One paragraph per line, lines separated by `\n`.
    pub text: String,
    /// Line breaks removed inside paragraphs.
    pub joined_lines: usize,
    pub removed_page_numbers: usize,
    pub removed_running_heads: usize,
}

/// Size limits that protect the importer from hostile or absurd files. The
/// defaults suit a bulletin office; tests use smaller ones.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ImportLimits {
    /// Largest `.docx` accepted, in bytes (photos make them big).
    pub max_docx_bytes: u64,
    /// Largest `.txt` / `.md` accepted, in bytes.
    pub max_text_bytes: u64,
    /// Total of all XML parts read from one `.docx`, uncompressed.
    pub max_xml_bytes: u64,
    /// One image, uncompressed. A larger image is left out with a note; the
    /// article is still imported.
    pub max_image_bytes: u64,
    /// All images of one document together; past it, images are left out.
    pub max_images_total_bytes: u64,
    /// Largest inflation ratio (uncompressed / compressed) of one zip entry
    /// once it is past 1 MB; beyond it the file is refused as a zip bomb.
    pub max_ratio: u64,
    /// Most entries in one zip.
    pub max_entries: usize,
    /// Deepest XML element nesting.
    pub max_xml_depth: usize,
}

impl Default for ImportLimits {
    fn default() -> Self {
        const MB: u64 = 1024 * 1024;
        ImportLimits {
            max_docx_bytes: 100 * MB,
            max_text_bytes: 5 * MB,
            max_xml_bytes: 64 * MB,
            max_image_bytes: 50 * MB,
            max_images_total_bytes: 200 * MB,
            max_ratio: 200,
            max_entries: 5_000,
            max_xml_depth: 256,
        }
    }
}
