//! Importing correspondents' files (.docx, .txt, .md) as drafts: a preview
//! the editor can adjust, then the import, each file on its own so one bad
//! file never stops the batch and nothing is ever half-imported.
//!
//! What the import warned about travels with the result (`warnings`) and is
//! written into the article's history: the `create` transition's note names
//! the file and lists the warnings, revision 1 is noted `导入自 <file>`. An
//! article whose title is the importer's stand-in is marked 待定标题
//! (`title_pending`) until the title is changed or confirmed.

use base64::Engine;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use ts_rs::TS;
use zonepress_core::{Action, Article, ArticleContent, Block, Id, authorize};
use zonepress_import::notes::TITLE_PENDING;
use zonepress_import::{CleanedText, FixField, ImportError, ImportNote, ProposedArticle};
use zonepress_store::articles::{ImportRecord, NewArticle, NewAsset};

use crate::{ApiError, Context, ErrorCode, Session};

#[derive(Debug, Clone, Deserialize, Serialize, TS, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct PreviewImportInput {
    /// The bare file name as uploaded (e.g. `稿件.docx`).
    pub file_name: String,
    /// The file's bytes, base64.
    pub data_base64: String,
}

#[derive(Debug, Clone, Deserialize, Serialize, TS, JsonSchema)]
#[serde(deny_unknown_fields)]
#[ts(optional_fields)]
pub struct ImportItem {
    pub file_name: String,
    pub data_base64: String,
    /// The article as the editor adjusted it in the preview; absent takes
    /// the proposal as it is.
    #[serde(default)]
    pub content: Option<ArticleContent>,
    /// Indices of the proposal's suggested fixes to apply (when `content` is absent).
    #[serde(default)]
    pub fixes: Option<Vec<usize>>,
}

#[derive(Debug, Clone, Deserialize, Serialize, TS, JsonSchema)]
#[serde(deny_unknown_fields)]
#[ts(optional_fields)]
pub struct ImportArticlesInput {
    #[serde(default)]
    pub issue_id: Option<Id>,
    pub items: Vec<ImportItem>,
}

/// What happened to one file of a batch.
#[derive(Debug, Clone, Deserialize, Serialize, TS, JsonSchema)]
pub struct ImportResult {
    pub file_name: String,
    pub article_id: Option<Id>,
    pub title: Option<String>,
    pub error: Option<ApiError>,
    /// What the editor should check in the imported draft (also in its history).
    #[serde(default)]
    pub warnings: Vec<ImportNote>,
    /// The title is a stand-in: the draft is marked 待定标题.
    #[serde(default)]
    pub title_pending: bool,
}

/// A file imported as a draft, with what the import warned about.
#[derive(Debug, Clone)]
pub struct Imported {
    pub article: Article,
    pub warnings: Vec<ImportNote>,
}

impl ImportResult {
    /// The row of a batch for one file's outcome; warnings and refusals are
    /// logged (in English).
    pub fn of(file_name: String, outcome: Result<Imported, ApiError>) -> ImportResult {
        match outcome {
            Ok(Imported { article, warnings }) => {
                for w in &warnings {
                    tracing::info!(file = file_name, code = w.code, "import: {}", w.message_en);
                }
                ImportResult {
                    file_name,
                    article_id: Some(article.id),
                    title: Some(article.content.title),
                    error: None,
                    warnings,
                    title_pending: article.title_pending,
                }
            }
            Err(e) => {
                tracing::info!(file = file_name, "import refused: {}", e.log);
                ImportResult {
                    file_name,
                    article_id: None,
                    title: None,
                    error: Some(e),
                    warnings: Vec::new(),
                    title_pending: false,
                }
            }
        }
    }
}

#[derive(Debug, Clone, Deserialize, Serialize, TS, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct CleanPdfTextInput {
    pub text: String,
}

impl From<ImportError> for ApiError {
    fn from(e: ImportError) -> ApiError {
        ApiError::new(
            ErrorCode::InvalidInput,
            e.message_zh(),
            format!("import: {e}"),
        )
        .with_detail(serde_json::json!({ "import_error": e.code() }))
    }
}

/// Most files in one import call.
pub const MAX_BATCH: usize = 200;

fn decode(data: &str) -> Result<Vec<u8>, ApiError> {
    base64::engine::general_purpose::STANDARD
        .decode(data.trim())
        .map_err(|e| {
            ApiError::invalid(
                "文件内容编码不正确，请重新选择文件",
                format!("bad base64: {e}"),
            )
        })
}

fn first(mut proposals: Vec<ProposedArticle>) -> Result<ProposedArticle, ApiError> {
    if proposals.is_empty() {
        return Err(ImportError::Empty.into());
    }
    Ok(proposals.swap_remove(0))
}

pub fn preview_import(
    _ctx: &Context,
    session: &Session,
    input: PreviewImportInput,
) -> Result<Vec<ProposedArticle>, ApiError> {
    authorize(&session.user, Action::WriteOwnArticle)?;
    let bytes = decode(&input.data_base64)?;
    Ok(zonepress_import::preview_import(&input.file_name, &bytes)?)
}

/// The stand-in title of a proposal as it came and with its offered fixes
/// applied: an editor who kept either has not given the article a title.
fn stand_in_titles(p: &ProposedArticle) -> [String; 2] {
    let mut title_only = ProposedArticle {
        file_name: String::new(),
        content: ArticleContent {
            title: p.content.title.clone(),
            ..Default::default()
        },
        images: Vec::new(),
        warnings: Vec::new(),
        fixes: p
            .fixes
            .iter()
            .filter(|f| f.field == FixField::Title)
            .cloned()
            .collect(),
    };
    let all: Vec<usize> = (0..title_only.fixes.len()).collect();
    zonepress_import::apply_fixes(&mut title_only, &all);
    [
        p.content.title.trim().to_string(),
        title_only.content.title.trim().to_string(),
    ]
}

/// The history's note on the creation of an imported article.
fn history_note(file_name: &str, warnings: &[ImportNote]) -> String {
    let mut note = format!("导入自“{file_name}”");
    if !warnings.is_empty() {
        note.push_str(&format!("。导入提示（{}条）：", warnings.len()));
        for (i, w) in warnings.iter().enumerate() {
            note.push_str(&format!("\n{}. {}", i + 1, w.message_zh));
        }
    }
    note
}

/// Import one file as a draft by `session` (whose rights the caller checked).
/// `content` is the article as the editor adjusted it in the preview; absent,
/// the proposal is taken with the `fixes` chosen.
pub fn import_one(
    ctx: &Context,
    session: &Session,
    issue_id: Option<Id>,
    file_name: &str,
    bytes: &[u8],
    content: Option<ArticleContent>,
    fixes: Option<&[usize]>,
) -> Result<Imported, ApiError> {
    let mut proposal = first(zonepress_import::preview_import(file_name, bytes)?)?;
    let stand_in = proposal.title_pending().then(|| stand_in_titles(&proposal));
    let content = match content {
        Some(c) => c,
        None => {
            if let Some(which) = fixes {
                zonepress_import::apply_fixes(&mut proposal, which);
            }
            proposal.content.clone()
        }
    };
    let mut assets = Vec::new();
    for block in &content.body {
        if let Block::Image { asset_id, .. } = block {
            if let Some(img) = proposal.images.iter().find(|i| &i.asset_id == asset_id) {
                if !assets.iter().any(|a: &NewAsset| &a.id == asset_id) {
                    assets.push(NewAsset {
                        id: img.asset_id.clone(),
                        mime: img.mime.clone(),
                        width: img.width,
                        height: img.height,
                        bytes: img.bytes.clone(),
                    });
                }
            } else if ctx.store().asset_info(asset_id)?.is_none() {
                return Err(ApiError::invalid(
                    "稿件引用的图片不在此文件中",
                    format!("image {asset_id} is not in {file_name}"),
                ));
            }
        }
    }
    let mut content = content;
    zonepress_core::text::normalize(&mut content);
    zonepress_core::text::validate(&content)?;
    // a title the editor typed in the preview is no stand-in
    let title_pending = stand_in.is_some_and(|t| t.contains(&content.title));
    let mut warnings = proposal.warnings;
    if !title_pending {
        warnings.retain(|w| w.code != TITLE_PENDING);
    }
    let record = ImportRecord {
        revision_note: format!("导入自 {file_name}"),
        history_note: history_note(file_name, &warnings),
        title_pending,
    };
    let article = ctx.store().import_article(
        &session.actor(),
        &NewArticle {
            issue_id,
            content,
            target_length: None,
        },
        &assets,
        &record,
    )?;
    ctx.publish(
        crate::events::Change::article(crate::events::EventKind::Article, "import", &article)
            .by(&session.user),
    );
    Ok(Imported { article, warnings })
}

pub fn import_articles(
    ctx: &Context,
    session: &Session,
    input: ImportArticlesInput,
) -> Result<Vec<ImportResult>, ApiError> {
    authorize(&session.user, Action::WriteOwnArticle)?;
    if input.items.len() > MAX_BATCH {
        return Err(ApiError::invalid(
            format!("一次最多导入{MAX_BATCH}个文件"),
            "batch too large",
        ));
    }
    if let Some(id) = input.issue_id {
        ctx.store().issue(id)?;
    }
    Ok(input
        .items
        .into_iter()
        .map(|item| {
            let outcome = decode(&item.data_base64).and_then(|bytes| {
                import_one(
                    ctx,
                    session,
                    input.issue_id,
                    &item.file_name,
                    &bytes,
                    item.content,
                    item.fixes.as_deref(),
                )
            });
            ImportResult::of(item.file_name, outcome)
        })
        .collect())
}

/// Clean text pasted from a PDF: join broken lines, drop page numbers and running heads.
pub fn clean_pdf_text(
    _ctx: &Context,
    session: &Session,
    input: CleanPdfTextInput,
) -> Result<CleanedText, ApiError> {
    authorize(&session.user, Action::Read)
        .or_else(|_| authorize(&session.user, Action::WriteOwnArticle))?;
    if input.text.len() > 5 * 1024 * 1024 {
        return Err(ApiError::invalid(
            "粘贴的文字过长（最多5MB）",
            "pasted text too long",
        ));
    }
    Ok(zonepress_import::clean_pdf_text(&input.text))
}
