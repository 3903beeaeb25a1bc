//! The 审稿单 (review form) of one article: who reviewed it at each level,
//! when, with what opinion, and whether that signature still stands.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use ts_rs::TS;
use zonepress_core::workflow::Signature;
use zonepress_core::{Id, level_name_zh};

use crate::view::{self, typeset_text};

/// What the form prints. Built by the caller from the article, its
/// signatures (live and voided) and the publication settings.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS, JsonSchema)]
pub struct ReviewForm {
    pub publication_name: String,
    pub issue_label: Option<String>,
    pub article_id: Id,
    pub kicker: String,
    pub title: String,
    pub subtitle: String,
    /// The author's display name.
    pub author: String,
    pub byline: String,
    /// 字数.
    pub length: u32,
    pub revision: u32,
    pub content_hash: String,
    /// Review levels of the publication (1–3).
    pub levels: u8,
    /// Every signature of the article, live and voided.
    pub signatures: Vec<Signature>,
    /// e.g. 已签发, 待复审.
    pub status_zh: String,
    /// When the form was generated, as the caller wants it printed.
    pub generated_at: String,
}

#[derive(Debug, Serialize)]
pub(crate) struct FormData {
    fonts: view::Fonts,
    publication: String,
    issue: String,
    article_id: String,
    kicker: String,
    title: String,
    subtitle: String,
    author: String,
    byline: String,
    length: String,
    revision: String,
    hash: String,
    status: String,
    generated_at: String,
    levels: Vec<LevelData>,
}

#[derive(Debug, Serialize)]
struct LevelData {
    name: &'static str,
    signatures: Vec<SigData>,
}

#[derive(Debug, Serialize)]
struct SigData {
    reviewer: String,
    date: String,
    opinion: String,
    live: bool,
    state: String,
    approved: String,
}

fn short_hash(h: &str) -> String {
    if h.len() > 16 {
        format!("{}…{}", &h[..12], &h[h.len() - 4..])
    } else {
        h.to_string()
    }
}

pub(crate) fn data(form: &ReviewForm, fonts: &view::Fonts) -> FormData {
    let levels = form.levels.clamp(1, 3);
    let levels = (1..=levels)
        .map(|level| {
            let mut sigs: Vec<&Signature> = form
                .signatures
                .iter()
                .filter(|s| s.level == level)
                .collect();
            sigs.sort_by_key(|s| s.signed_at);
            LevelData {
                name: level_name_zh(level),
                signatures: sigs
                    .into_iter()
                    .map(|s| SigData {
                        reviewer: s.signer.display_name.clone(),
                        date: s.signed_at.format("%Y-%m-%d %H:%M").to_string(),
                        opinion: s.opinion.clone(),
                        live: s.is_live(),
                        state: match s.voided_at {
                            None => "有效".into(),
                            Some(at) if s.voided_reason.is_empty() => {
                                format!("已作废（{}）", at.format("%Y-%m-%d"))
                            }
                            Some(at) => {
                                format!("已作废（{}，{}）", at.format("%Y-%m-%d"), s.voided_reason)
                            }
                        },
                        approved: format!("第{}稿 {}", s.revision, short_hash(&s.content_hash)),
                    })
                    .collect(),
            }
        })
        .collect();
    FormData {
        fonts: fonts.clone(),
        publication: form.publication_name.clone(),
        issue: form.issue_label.clone().unwrap_or_default(),
        article_id: form.article_id.to_string(),
        kicker: typeset_text(&form.kicker),
        title: typeset_text(&form.title),
        subtitle: typeset_text(&form.subtitle),
        author: form.author.clone(),
        byline: form.byline.clone(),
        length: format!("{}字", form.length),
        revision: format!("第{}稿", form.revision),
        hash: form.content_hash.clone(),
        status: form.status_zh.clone(),
        generated_at: form.generated_at.clone(),
        levels,
    }
}
