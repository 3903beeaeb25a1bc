//! Article credits: who an article's byline and photo credits name, as
//! contributors, and an editor confirming or correcting that link.

use std::collections::HashMap;

use chrono::{DateTime, Utc};
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use ts_rs::TS;
use zonepress_core::{Action, Id, authorize};
use zonepress_store::contributors::{Contributor, CreditPart, CreditRow};

use super::attribute::{Resolver, Who, credit_source};

use super::validate_text;
use crate::events::{Change, EventKind};
use crate::{ApiError, Context, ErrorCode, Session};

// ------------------------------------------------------------ article credits

#[derive(Debug, Clone, Deserialize, Serialize, TS, JsonSchema)]
#[serde(deny_unknown_fields)]
#[ts(optional_fields)]
pub struct ArticleCreditsInput {
    /// An article: who its current byline and photo credits name.
    #[serde(default)]
    pub id: Option<Id>,
    /// Or a byline as typed (not yet saved).
    #[serde(default)]
    pub byline: Option<String>,
}

/// How a named person stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum NameState {
    /// One contributor.
    Linked,
    /// Several contributors have this name: choose one.
    Ambiguous,
    /// No contributor has this name: register them, or confirm it is nobody to count.
    Unknown,
    /// Confirmed as nobody to count.
    Excluded,
}

/// One person an article names.
#[derive(Debug, Clone, Serialize, Deserialize, TS, JsonSchema)]
pub struct NamedPerson {
    pub part: CreditPart,
    pub name: String,
    pub role: String,
    /// The unit written beside the name in the byline.
    pub unit_hint: String,
    pub state: NameState,
    pub contributor: Option<Contributor>,
    /// Contributors of this name.
    pub candidates: Vec<Contributor>,
}

/// Who an article's byline and photo credits name.
#[derive(Debug, Clone, Serialize, Deserialize, TS, JsonSchema)]
pub struct ArticleCredits {
    pub article_id: Option<Id>,
    /// The byline and photo credits (what a confirmation is for).
    pub source: String,
    /// An editor confirmed these for this very byline.
    pub confirmed: bool,
    pub confirmed_by: Option<String>,
    pub confirmed_at: Option<DateTime<Utc>>,
    pub people: Vec<NamedPerson>,
}

fn photo_credits_of(content: &zonepress_core::ArticleContent) -> Vec<String> {
    content
        .body
        .iter()
        .filter_map(|b| match b {
            zonepress_core::Block::Image { credit, .. } => Some(credit.clone()),
            _ => None,
        })
        .collect()
}

fn credits_view(
    ctx: &Context,
    session: &Session,
    article_id: Option<Id>,
    byline: &str,
    photos: &[String],
) -> Result<ArticleCredits, ApiError> {
    let contributors = super::phones::contributors_for(ctx, session)?;
    let mut confirmed_map = HashMap::new();
    let mut confirmation = None;
    let source = credit_source(byline, photos);
    if let Some(id) = article_id {
        for c in ctx.store().confirmed_credits(id)? {
            if c.source == source {
                confirmation = Some((c.confirmed_by.clone(), c.confirmed_at));
            }
            confirmed_map.insert((id, c.source), c.rows);
        }
    }
    let by_id: HashMap<Id, &Contributor> = contributors.iter().map(|c| (c.id, c)).collect();
    let resolver = Resolver::new(&contributors, &confirmed_map);
    let people = resolver
        .named(article_id.unwrap_or(0), byline, photos)
        .into_iter()
        .map(|(part, p)| {
            let (state, contributor) = match &p.who {
                Who::Contributor(id) => (NameState::Linked, by_id.get(id).map(|c| (*c).clone())),
                Who::Ambiguous(_) => (NameState::Ambiguous, None),
                Who::Unknown(_) => (NameState::Unknown, None),
                Who::Nobody => (NameState::Excluded, None),
            };
            NamedPerson {
                part,
                name: p.name,
                role: p.role,
                unit_hint: p.unit_hint,
                state,
                contributor,
                candidates: p
                    .candidates
                    .iter()
                    .filter_map(|id| by_id.get(id).map(|c| (*c).clone()))
                    .collect(),
            }
        })
        .collect();
    Ok(ArticleCredits {
        article_id,
        source,
        confirmed: confirmation.is_some(),
        confirmed_by: confirmation.as_ref().map(|c| c.0.clone()),
        confirmed_at: confirmation.map(|c| c.1),
        people,
    })
}

/// Who an article (or a typed byline) names, as the contributors know them.
pub fn article_credits(
    ctx: &Context,
    session: &Session,
    input: ArticleCreditsInput,
) -> Result<ArticleCredits, ApiError> {
    authorize(&session.user, Action::Read)?;
    match (input.id, input.byline) {
        (Some(id), _) => {
            let a = ctx.store().article(id)?;
            credits_view(
                ctx,
                session,
                Some(id),
                &a.content.byline,
                &photo_credits_of(&a.content),
            )
        }
        (None, Some(byline)) => {
            validate_text("署名", &byline, 200)?;
            credits_view(ctx, session, None, &byline, &[])
        }
        (None, None) => Err(ApiError::invalid(
            "请指定稿件或署名",
            "article_credits needs id or byline",
        )),
    }
}

#[derive(Debug, Clone, Deserialize, Serialize, TS, JsonSchema)]
#[serde(deny_unknown_fields)]
#[ts(optional_fields)]
pub struct ConfirmCreditsInput {
    pub id: Id,
    /// The `source` the editor saw (refused with `conflict` when the byline changed since).
    pub source: String,
    /// Every person to count, in byline order; `contributor_id` absent: nobody to count.
    pub people: Vec<CreditRow>,
}

/// Confirm or correct who an article's byline names (editors and admins).
pub fn confirm_article_credits(
    ctx: &Context,
    session: &Session,
    input: ConfirmCreditsInput,
) -> Result<ArticleCredits, ApiError> {
    authorize(&session.user, Action::ManageContributors)?;
    let a = ctx.store().article(input.id)?;
    let photos = photo_credits_of(&a.content);
    let source = credit_source(&a.content.byline, &photos);
    if source != input.source {
        return Err(ApiError::new(
            ErrorCode::Conflict,
            "稿件的署名已被修改，请刷新后再确认",
            "credits source is stale",
        ));
    }
    if input.people.len() > 30 {
        return Err(ApiError::invalid(
            "署名人数过多（最多30人）",
            "too many people",
        ));
    }
    for p in &input.people {
        validate_text("姓名", p.name.trim(), 20)?;
        if p.name.trim().is_empty() {
            return Err(ApiError::invalid("署名中有空的姓名", "empty name"));
        }
        validate_text("署名角色", &p.role, 10)?;
    }
    let rows: Vec<CreditRow> = input
        .people
        .into_iter()
        .map(|p| CreditRow {
            name: p.name.trim().to_string(),
            ..p
        })
        .collect();
    ctx.store()
        .save_credits(&session.actor(), input.id, &source, &rows)?;
    ctx.publish(Change::new(EventKind::Contributor, "credits", input.id).by(&session.user));
    credits_view(ctx, session, Some(input.id), &a.content.byline, &photos)
}
