//! Importing correspondents' files (.docx, .txt, .md) as drafts: a preview
//! the editor can adjust, then the import, each file on its own so one bad
//! file never stops the batch and nothing is ever half-imported.

use base64::Engine;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use ts_rs::TS;
use zonepress_core::{Action, ArticleContent, Block, Id, authorize};
use zonepress_import::{CleanedText, ImportError, ProposedArticle};
use zonepress_store::articles::{NewArticle, NewAsset};

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
    authorize(&session.user, Action::ImportArticles)?;
    let bytes = decode(&input.data_base64)?;
    Ok(zonepress_import::preview_import(&input.file_name, &bytes)?)
}

/// Import one file as a draft by `session` (whose rights the caller checked).
pub fn import_one(
    ctx: &Context,
    session: &Session,
    issue_id: Option<Id>,
    file_name: &str,
    bytes: &[u8],
    content: Option<ArticleContent>,
    fixes: Option<&[usize]>,
) -> Result<zonepress_core::Article, ApiError> {
    let mut proposal = first(zonepress_import::preview_import(file_name, bytes)?)?;
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
    let article = ctx.store().create_article_with_assets(
        &session.actor(),
        &NewArticle {
            issue_id,
            content,
            target_length: None,
        },
        &assets,
    )?;
    ctx.publish(
        crate::events::Change::article(crate::events::EventKind::Article, "import", &article)
            .by(&session.user),
    );
    Ok(article)
}

pub fn import_articles(
    ctx: &Context,
    session: &Session,
    input: ImportArticlesInput,
) -> Result<Vec<ImportResult>, ApiError> {
    authorize(&session.user, Action::ImportArticles)?;
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
            match outcome {
                Ok(a) => ImportResult {
                    file_name: item.file_name,
                    article_id: Some(a.id),
                    title: Some(a.content.title),
                    error: None,
                },
                Err(e) => {
                    tracing::info!(file = item.file_name, "import refused: {}", e.log);
                    ImportResult {
                        file_name: item.file_name,
                        article_id: None,
                        title: None,
                        error: Some(e),
                    }
                }
            }
        })
        .collect())
}

/// Clean text pasted from a PDF: join broken lines, drop page numbers and running heads.
pub fn clean_pdf_text(
    _ctx: &Context,
    session: &Session,
    input: CleanPdfTextInput,
) -> Result<CleanedText, ApiError> {
    authorize(&session.user, Action::Read)?;
    if input.text.len() > 5 * 1024 * 1024 {
        return Err(ApiError::invalid(
            "粘贴的文字过长（最多5MB）",
            "pasted text too long",
        ));
    }
    Ok(zonepress_import::clean_pdf_text(&input.text))
}
