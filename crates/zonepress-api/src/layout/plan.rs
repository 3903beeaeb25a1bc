//! The page plan of an issue: the stored plan, what the layout measured of
//! it (fit per page), and page previews.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use ts_rs::TS;
use zonepress_core::layout::IssuePlan;
use zonepress_core::{Action, ArticleStatus, ArticleSummary, Id, authorize};
use zonepress_export::{IssueDoc, PageFit};
use zonepress_store::articles::ArticleFilter;

use zonepress_store::snapshot::IssueSnapshot;

use super::{StoreAssets, exporter};
use crate::events::{Change, EventKind};
use crate::proof::IssueIdInput;
use crate::{ApiError, Binary, Context, Session};

/// The plan of an issue as stored, or an empty one (front page + inner pages).
pub fn plan_of(ctx: &Context, issue_id: Id) -> Result<IssuePlan, ApiError> {
    let issue = ctx.store().issue(issue_id)?;
    Ok(ctx.store().issue_plan(issue_id)?.unwrap_or_else(|| {
        IssuePlan::empty(issue.id, issue.page_size, issue.columns, issue.page_count)
    }))
}

fn issue_doc(
    ctx: &Context,
    issue_id: Id,
    bleed: bool,
    proof_copy: bool,
) -> Result<IssueDoc, ApiError> {
    Ok(doc_of(
        &ctx.store().issue_snapshot(issue_id)?,
        bleed,
        proof_copy,
    ))
}

/// The document to typeset, from one snapshot of the issue.
pub(crate) fn doc_of(snap: &IssueSnapshot, bleed: bool, proof_copy: bool) -> IssueDoc {
    let issue = &snap.issue;
    IssueDoc {
        publication: snap.publication.clone(),
        issue: issue.clone(),
        plan: snap.plan.clone().unwrap_or_else(|| {
            IssuePlan::empty(issue.id, issue.page_size, issue.columns, issue.page_count)
        }),
        articles: snap.articles.clone(),
        bleed,
        proof_copy,
        proof_round: None,
        print: snap.print.clone(),
        reserved: snap.slots.clone(),
    }
}

/// The plan with what the layout measured.
#[derive(Debug, Clone, Serialize, Deserialize, TS, JsonSchema)]
pub struct IssueLayout {
    pub plan: IssuePlan,
    /// Overflow / underfill of each page, measured from the layout.
    pub fit: Vec<PageFit>,
    /// The issue's articles that are not placed (withdrawn ones left out).
    pub unplaced: Vec<ArticleSummary>,
    /// Every article of the issue by id, for showing the placed ones.
    pub articles: Vec<ArticleSummary>,
    /// Hash of everything the pages print (what 付印 binds).
    #[serde(default)]
    pub layout_hash: String,
    /// Per page: the hash of what it prints (`sign_page` takes it back) and
    /// its 签版 (未签 / 已签 / 已失效).
    #[serde(default)]
    pub pages: Vec<crate::pages::PageState>,
    /// The live 付印 at this layout.
    #[serde(default)]
    pub print_order: Option<zonepress_store::pages::PrintOrder>,
    /// 预留版位 still without their article on a page.
    #[serde(default)]
    pub slots: Vec<zonepress_core::topics::ReservedSlot>,
}

fn layout_view(ctx: &Context, issue_id: Id) -> Result<IssueLayout, ApiError> {
    layout_view_after(ctx, issue_id, None)
}

/// The layout of `issue_id` as the layout screen shows it. With `changed`
/// (who changed it, and how), the 签版 and the 付印 it no longer matches are
/// voided first, from this very layout's hashes (the issue is typeset and
/// hashed once).
fn layout_view_after(
    ctx: &Context,
    issue_id: Id,
    changed: Option<(&Session, &str)>,
) -> Result<IssueLayout, ApiError> {
    let mut snap = ctx.store().issue_snapshot(issue_id)?;
    let doc = doc_of(&snap, false, false);
    let exporter = exporter(ctx)?;
    let laid = exporter.layout(&doc, &StoreAssets(ctx.store()))?;
    let fit = laid.fit();
    let hashes = exporter.page_hashes_laid(&doc, &laid);
    let layout_hash = zonepress_export::layout_hash(&hashes);
    // The layout screen asks for its page previews as soon as it has this
    // answer: start rendering the changed pages now.
    exporter.prerender(laid, SCREEN_PREVIEW_SCALE);
    if let Some((session, cause)) = changed
        && crate::pages::after_change_at(ctx, session, issue_id, cause, || {
            Ok((hashes.clone(), layout_hash.clone()))
        })?
    {
        // Something was voided: the answer shows it as voided, with why.
        snap = ctx.store().issue_snapshot(issue_id)?;
    }
    let open = crate::pages::open_marks_by_page(ctx, issue_id)?;
    let placed = doc.plan.placed_ids();
    let articles = ctx.store().list_articles(&ArticleFilter {
        issue_id: Some(issue_id),
        ..Default::default()
    })?;
    Ok(IssueLayout {
        unplaced: articles
            .iter()
            .filter(|a| !placed.contains(&a.id) && a.status != ArticleStatus::Withdrawn)
            .cloned()
            .collect(),
        articles,
        slots: doc.reserved.clone(),
        plan: doc.plan,
        fit,
        pages: crate::pages::page_states(&snap, &hashes, &open),
        print_order: crate::pages::live_order(&snap, &layout_hash),
        layout_hash,
    })
}

pub fn get_issue_plan(
    ctx: &Context,
    session: &Session,
    input: IssueIdInput,
) -> Result<IssueLayout, ApiError> {
    authorize(&session.user, Action::Read)?;
    layout_view(ctx, input.issue_id)
}

/// Store a page plan: the articles must belong to the issue.
pub fn plan_issue(
    ctx: &Context,
    session: &Session,
    plan: IssuePlan,
) -> Result<IssueLayout, ApiError> {
    authorize(&session.user, Action::Layout)?;
    plan.validate()?;
    ctx.store().issue(plan.issue_id)?;
    // One list of the issue's articles answers for every placement; an
    // article not on it is read alone, to say whether it exists at all.
    let in_issue: std::collections::HashMap<Id, (String, ArticleStatus)> = ctx
        .store()
        .list_articles(&ArticleFilter {
            issue_id: Some(plan.issue_id),
            ..Default::default()
        })?
        .into_iter()
        .map(|a| (a.id, (a.title, a.status)))
        .collect();
    for id in plan.placed_ids() {
        let Some((title, status)) = in_issue.get(&id) else {
            let a = ctx.store().article(id)?;
            return Err(ApiError::invalid(
                format!("稿件《{}》不属于本期，不能排入版面", a.content.title),
                format!("article {id} is not in issue {}", plan.issue_id),
            ));
        };
        if *status == ArticleStatus::Withdrawn {
            return Err(ApiError::invalid(
                format!("稿件《{title}》已撤稿，不能排入版面"),
                format!("article {id} is withdrawn"),
            ));
        }
    }
    ctx.store().save_plan(&session.actor(), &plan)?;
    ctx.publish(
        Change::new(EventKind::Plan, "save", plan.issue_id)
            .issue(Some(plan.issue_id))
            .by(&session.user),
    );
    layout_view_after(ctx, plan.issue_id, Some((session, "版面调整")))
}

#[derive(Debug, Clone, Deserialize, Serialize, TS, JsonSchema)]
#[serde(deny_unknown_fields)]
#[ts(optional_fields)]
pub struct PreviewPageInput {
    pub issue_id: Id,
    /// 1-based page number.
    pub page: u8,
    /// Pixels per point, 0.1 to [`MAX_PREVIEW_SCALE`] (default 1.0; A3 is
    /// 842 × 1191 points).
    #[serde(default)]
    pub scale: Option<f32>,
}

/// The largest preview scale: the layout screen shows pages at 0.7 and
/// zooms one to 1.6 pixels per point; 2 leaves room for a sharper screen.
/// An A3 page at 2 is 1684 × 2382 pixels (16 MB to render); at 4 it was
/// four times that, and eight at once took the server's memory.
pub const MAX_PREVIEW_SCALE: f32 = 2.0;

/// The scale the layout screen shows its pages at (`PREVIEW_SCALE` in
/// `ui/src/state/layout.ts`): previews at it are rendered in the background
/// after every layout the screen is answered with.
pub const SCREEN_PREVIEW_SCALE: f32 = 0.7;

pub fn preview_page(
    ctx: &Context,
    session: &Session,
    input: PreviewPageInput,
) -> Result<Binary, ApiError> {
    authorize(&session.user, Action::Read)?;
    let scale = input.scale.unwrap_or(1.0);
    if !(0.1..=MAX_PREVIEW_SCALE).contains(&scale) {
        return Err(ApiError::invalid(
            "预览缩放应在0.1到2之间",
            "preview scale out of range",
        ));
    }
    let doc = issue_doc(ctx, input.issue_id, false, false)?;
    let png = exporter(ctx)?.preview_png(&doc, &StoreAssets(ctx.store()), input.page, scale)?;
    Ok(Binary {
        record_id: None,
        content_type: "image/png".into(),
        file_name: format!("page-{}.png", input.page),
        bytes: png,
    })
}
