//! Proof marks on a round's pages: placed by page coordinates on the
//! characters under them (a click on a character, a drag over a span, a box
//! around what is not text), listed, resolved, and — for 改正 / 删除 / 增补
//! and, given the corrected text, the other text marks — applied by the
//! server as a 校改 that keeps the article's 三审 signatures.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use ts_rs::TS;
use zonepress_core::correction::{apply_edit, edit_inside, rebase_span, review_text};
use zonepress_core::pages::{MarkKind, MarkState, proof_copy_label};
use zonepress_core::text::{normalize, validate};
use zonepress_core::{Action, Article, CoreError, Id, Role, authorize};
use zonepress_store::pages::{Correction, MarkFilter, NewMark, ProofMark};

use super::{FrozenChar, FrozenMap, FrozenPage, after_change, frozen_map, mm, pt};
use crate::events::{Change, EventKind};
use crate::{ApiError, Context, ErrorCode, Session};

#[derive(Debug, Clone, Deserialize, Serialize, TS, JsonSchema)]
#[serde(deny_unknown_fields)]
#[ts(optional_fields)]
pub struct AddMarkInput {
    pub round_id: Id,
    /// 1-based page (版).
    pub page: u8,
    /// The point clicked (or where a drag began), in millimetres from the
    /// top-left corner of the trimmed page.
    pub x_mm: f64,
    pub y_mm: f64,
    /// Where a drag ended: the characters from the first point to this one
    /// (in reading order), or, when they are no text, the box between.
    #[serde(default)]
    pub x2_mm: Option<f64>,
    #[serde(default)]
    pub y2_mm: Option<f64>,
    pub kind: MarkKind,
    /// The new text: required for 改正 (`correct`) and 增补 (`insert`).
    #[serde(default)]
    pub replacement: Option<String>,
    /// What to do, in words: required for 其他 (`other`).
    #[serde(default)]
    pub note: Option<String>,
}

#[derive(Debug, Clone, Default, Deserialize, Serialize, TS, JsonSchema)]
#[serde(deny_unknown_fields)]
#[ts(optional_fields)]
pub struct ListMarksInput {
    #[serde(default)]
    pub round_id: Option<Id>,
    #[serde(default)]
    pub article_id: Option<Id>,
    #[serde(default)]
    pub issue_id: Option<Id>,
}

/// How a mark ends.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize, TS, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Resolution {
    /// Done (by hand in the editor, or on the layout).
    Applied,
    /// Not done; a reason is required.
    Rejected,
}

#[derive(Debug, Clone, Deserialize, Serialize, TS, JsonSchema)]
#[serde(deny_unknown_fields)]
#[ts(optional_fields)]
pub struct ResolveMarkInput {
    pub id: Id,
    pub resolution: Resolution,
    /// Why it is rejected (required then), or how it was done.
    #[serde(default)]
    pub reason: Option<String>,
}

#[derive(Debug, Clone, Deserialize, Serialize, TS, JsonSchema)]
#[serde(deny_unknown_fields)]
#[ts(optional_fields)]
pub struct ApplyMarkInput {
    pub id: Id,
    /// The article's revision the editor sees (a stale one is refused with
    /// `conflict`).
    pub base_revision: u32,
    /// The marked characters as they should read: optional for 改正, 删除,
    /// 增补, 另起段, 接排 and 对调 of two characters (the server derives it
    /// from the mark), required for a longer 对调 and for 其他. A `\n`
    /// splits a paragraph.
    #[serde(default)]
    pub text: Option<String>,
}

/// A 校改 made.
#[derive(Debug, Clone, Serialize, Deserialize, TS, JsonSchema)]
pub struct AppliedMark {
    pub mark: ProofMark,
    /// The article at its new revision.
    pub article: Article,
    /// Signatures carried to the new revision (its 三审 stays).
    pub signatures_kept: u32,
}

/// A mark kind as the screens show it.
#[derive(Debug, Clone, Serialize, Deserialize, TS, JsonSchema)]
pub struct MarkKindInfo {
    pub id: MarkKind,
    pub name_zh: String,
    pub symbol: String,
    /// Changes the text (else the layout, or nothing).
    pub changes_text: bool,
    /// Done by layout staff on the page.
    pub layout: bool,
    /// Applied with one click (`apply_proof_mark` without `text`).
    pub one_click: bool,
    pub needs_replacement: bool,
    pub needs_note: bool,
}

/// The GB/T 14706 marks, in the order of the standard.
pub fn proof_mark_kinds(
    _: &Context,
    session: &Session,
    _: crate::Empty,
) -> Result<Vec<MarkKindInfo>, ApiError> {
    authorize(&session.user, Action::Read)?;
    Ok(MarkKind::ALL
        .into_iter()
        .map(|k| MarkKindInfo {
            id: k,
            name_zh: k.name_zh().into(),
            symbol: k.symbol().into(),
            changes_text: k.changes_text(),
            layout: k.is_layout(),
            one_click: k.one_click(),
            needs_replacement: matches!(k, MarkKind::Correct | MarkKind::Insert),
            needs_note: k == MarkKind::Other,
        })
        .collect())
}

fn clean(field: &str, s: Option<String>, max: usize, lines: bool) -> Result<String, ApiError> {
    let s = s.unwrap_or_default();
    if s.chars().count() > max {
        return Err(ApiError::invalid(
            format!("{field}过长（最多{max}字）"),
            format!("{field} too long"),
        ));
    }
    if s.chars().any(|c| c.is_control() && !(lines && c == '\n')) {
        return Err(ApiError::invalid(
            format!("{field}中含有不可见的控制字符"),
            format!("control character in {field}"),
        ));
    }
    Ok(s)
}

/// Where a mark lands.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Placed {
    pub article_id: Option<Id>,
    pub start: Option<usize>,
    pub end: Option<usize>,
    /// Template text covered (no article).
    pub template: String,
}

/// The character under `(x, y)` (points): the one whose box holds it, or
/// else the nearest within a quarter of a character.
fn hit(page: &FrozenPage, x: f32, y: f32) -> Option<&FrozenChar> {
    let dist = |c: &FrozenChar| {
        let (cx, cy) = c.centre();
        (cx - x).powi(2) + (cy - y).powi(2)
    };
    let best = |slack: f32| {
        page.chars
            .iter()
            .filter(|c| c.contains(x, y, slack * c.3))
            .min_by(|a, b| dist(a).total_cmp(&dist(b)))
    };
    best(0.0).or_else(|| best(0.25))
}

fn region_at(page: &FrozenPage, x: f32, y: f32) -> Option<Id> {
    page.regions
        .iter()
        .find(|r| x >= r.1 && x <= r.1 + r.3 && y >= r.2 && y <= r.2 + r.4)
        .map(|r| r.0)
}

/// Place a click at `a`, or a drag from `a` to `b` (points), on a page of
/// a frozen map.
pub(crate) fn place(page: &FrozenPage, a: (f32, f32), b: Option<(f32, f32)>) -> Placed {
    let nothing = |article_id| Placed {
        article_id,
        start: None,
        end: None,
        template: String::new(),
    };
    let span = |article: Id, lo: usize, hi: usize| Placed {
        article_id: Some(article),
        start: Some(lo),
        end: Some(hi + 1),
        template: String::new(),
    };
    // A drag shorter than a millimetre is a click.
    let b = b.filter(|b| (b.0 - a.0).hypot(b.1 - a.1) >= pt(1.0));
    let Some(b) = b else {
        return match hit(page, a.0, a.1) {
            Some(c) => match c.article() {
                Some((article, at)) => span(article, at, at),
                None => Placed {
                    template: c.6.to_string(),
                    ..nothing(region_at(page, a.0, a.1))
                },
            },
            None => nothing(region_at(page, a.0, a.1)),
        };
    };
    // From the character at one end to the one at the other, in the text.
    if let (Some(ca), Some(cb)) = (hit(page, a.0, a.1), hit(page, b.0, b.1))
        && let (Some((x, i)), Some((y, j))) = (ca.article(), cb.article())
        && x == y
    {
        return span(x, i.min(j), i.max(j));
    }
    // Else what lies in the box.
    let (x0, x1) = (a.0.min(b.0), a.0.max(b.0));
    let (y0, y1) = (a.1.min(b.1), a.1.max(b.1));
    let inside: Vec<&FrozenChar> = page
        .chars
        .iter()
        .filter(|c| {
            let (cx, cy) = c.centre();
            cx >= x0 && cx <= x1 && cy >= y0 && cy <= y1
        })
        .collect();
    let mut articles: Vec<Id> = inside
        .iter()
        .filter_map(|c| c.article())
        .map(|a| a.0)
        .collect();
    articles.sort_unstable();
    articles.dedup();
    let centre = region_at(page, (x0 + x1) / 2.0, (y0 + y1) / 2.0);
    match articles.as_slice() {
        [one]
            if inside
                .iter()
                .all(|c| c.article().is_some_and(|a| a.0 == *one)) =>
        {
            let offsets = inside.iter().filter_map(|c| c.article()).map(|a| a.1);
            let lo = offsets.clone().min().unwrap_or(0);
            let hi = offsets.max().unwrap_or(0);
            span(*one, lo, hi)
        }
        [] => Placed {
            template: inside.iter().map(|c| c.6).collect(),
            ..nothing(centre)
        },
        _ => nothing(centre),
    }
}

fn frozen_page(map: &FrozenMap, page: u8) -> Option<&FrozenPage> {
    map.pages.iter().find(|p| p.page == page)
}

/// Place a mark on a round's page.
pub fn add_proof_mark(
    ctx: &Context,
    session: &Session,
    input: AddMarkInput,
) -> Result<ProofMark, ApiError> {
    authorize(&session.user, Action::MarkProof)?;
    add_mark(ctx, session, input)
}

pub(crate) fn add_mark(
    ctx: &Context,
    session: &Session,
    input: AddMarkInput,
) -> Result<ProofMark, ApiError> {
    let replacement = clean("改正内容", input.replacement, 500, false)?;
    let note = clean("说明", input.note, 500, false)?;
    if matches!(input.kind, MarkKind::Correct | MarkKind::Insert) && replacement.trim().is_empty() {
        return Err(ApiError::invalid(
            format!("{}须写出要改成（补上）的文字", input.kind.name_zh()),
            "replacement required",
        ));
    }
    if input.kind == MarkKind::Other && note.trim().is_empty() {
        return Err(ApiError::invalid(
            "“其他”标记须写明要怎么改",
            "note required for other",
        ));
    }
    let round = ctx.store().proof_round(input.round_id)?;
    if !round.is_open() {
        return Err(CoreError::wrong_state(
            format!("round {} is closed", round.id),
            format!("{}样已经结束，不能再加标记", round.round_name),
        )
        .into());
    }
    let map = frozen_map(ctx, round.id)?;
    let Some(page) = frozen_page(&map, input.page) else {
        return Err(ApiError::invalid(
            format!("{}样只有{}版", round.round_name, map.pages.len()),
            format!("page {} out of range", input.page),
        ));
    };
    let coords = [Some(input.x_mm), Some(input.y_mm), input.x2_mm, input.y2_mm];
    let (w_mm, h_mm) = (mm(page.w), mm(page.h));
    let outside = |v: f64, max: f64| !v.is_finite() || !(-5.0..=max + 5.0).contains(&v);
    if coords
        .iter()
        .enumerate()
        .any(|(i, v)| v.is_some_and(|v| outside(v, if i % 2 == 0 { w_mm } else { h_mm })))
        || input.x2_mm.is_some() != input.y2_mm.is_some()
    {
        return Err(ApiError::invalid(
            "标记位置不在版面上",
            "mark coordinates outside the page",
        ));
    }
    let a = (pt(input.x_mm), pt(input.y_mm));
    let b = input.x2_mm.zip(input.y2_mm).map(|(x, y)| (pt(x), pt(y)));
    let placed = place(page, a, b);
    let (revision, quote) = match (placed.article_id, placed.start, placed.end) {
        (Some(article), Some(s), Some(e)) => {
            let revision = map.revisions.get(&article).copied().ok_or_else(|| {
                ApiError::internal(format!("article {article} missing from round map"))
            })?;
            let text: Vec<char> = review_text(&ctx.store().revision(article, revision)?.content)
                .chars()
                .collect();
            let quote: String = text
                .get(s..e.min(text.len()))
                .unwrap_or_default()
                .iter()
                .collect();
            (Some(revision), quote)
        }
        (Some(article), _, _) => (map.revisions.get(&article).copied(), String::new()),
        _ => (None, placed.template.clone()),
    };
    let mark = ctx.store().add_proof_mark(
        &session.actor(),
        &NewMark {
            round_id: round.id,
            page: input.page,
            x_mm: input.x_mm,
            y_mm: input.y_mm,
            x2_mm: input.x2_mm.unwrap_or(input.x_mm),
            y2_mm: input.y2_mm.unwrap_or(input.y_mm),
            article_id: placed.article_id,
            revision,
            start: placed.start.map(|s| s as u32),
            end: placed.end.map(|e| e as u32),
            quote,
            kind: input.kind,
            replacement,
            note,
        },
    )?;
    ctx.publish(
        Change::new(EventKind::Page, "mark_add", round.issue_id)
            .issue(Some(round.issue_id))
            .by(&session.user),
    );
    crate::notify::kinds::proof_marked(ctx, session, &mark);
    Ok(mark)
}

/// Marks of a round, an article or an issue, oldest first.
pub fn list_proof_marks(
    ctx: &Context,
    session: &Session,
    input: ListMarksInput,
) -> Result<Vec<ProofMark>, ApiError> {
    authorize(&session.user, Action::Read)?;
    if input.round_id.is_none() && input.article_id.is_none() && input.issue_id.is_none() {
        return Err(ApiError::invalid(
            "请指定校样轮次、稿件或期次",
            "list_proof_marks needs round_id, article_id or issue_id",
        ));
    }
    Ok(ctx.store().proof_marks(&MarkFilter {
        round_id: input.round_id,
        article_id: input.article_id,
        issue_id: input.issue_id,
    })?)
}

/// Close a mark as applied (done by hand or on the layout) or rejected with
/// a reason. Editors resolve any mark; layout staff the marks on the layout
/// and on no article's text.
pub fn resolve_proof_mark(
    ctx: &Context,
    session: &Session,
    input: ResolveMarkInput,
) -> Result<ProofMark, ApiError> {
    authorize(&session.user, Action::ResolveProofMark)?;
    let mark = ctx.store().proof_mark(input.id)?;
    let text_mark = mark.start.is_some() && !mark.kind.is_layout();
    if text_mark && !session.user.has_role(Role::Editor) {
        return Err(ApiError::new(
            ErrorCode::Forbidden,
            "稿件文字上的标记由编辑处理，排版人员只处理版面标记",
            "layout staff resolving a text mark",
        ));
    }
    resolve_mark(ctx, session, &mark, input.resolution, input.reason)
}

pub(crate) fn resolve_mark(
    ctx: &Context,
    session: &Session,
    mark: &ProofMark,
    resolution: Resolution,
    reason: Option<String>,
) -> Result<ProofMark, ApiError> {
    let reason = clean("理由", reason, 500, false)?.trim().to_string();
    if resolution == Resolution::Rejected && reason.is_empty() {
        return Err(ApiError::invalid(
            "不改须写明理由",
            "a reason is required to reject a mark",
        ));
    }
    let state = match resolution {
        Resolution::Applied => MarkState::Applied,
        Resolution::Rejected => MarkState::Rejected,
    };
    let out = ctx
        .store()
        .resolve_proof_mark(&session.actor(), mark.id, state, &reason)?;
    ctx.publish(
        Change::new(EventKind::Page, "mark_resolve", out.issue_id)
            .issue(Some(out.issue_id))
            .by(&session.user),
    );
    Ok(out)
}

/// 校改: the server makes the marked change in the article (inside the
/// marked span, in the article's current revision), keeping its
/// signatures; the mark ends applied.
pub fn apply_proof_mark(
    ctx: &Context,
    session: &Session,
    input: ApplyMarkInput,
) -> Result<AppliedMark, ApiError> {
    authorize(&session.user, Action::WriteArticle)?;
    apply_mark(ctx, session, input)
}

pub(crate) fn apply_mark(
    ctx: &Context,
    session: &Session,
    input: ApplyMarkInput,
) -> Result<AppliedMark, ApiError> {
    let text = match input.text {
        Some(t) => Some(clean("改后文字", Some(t), 2000, true)?),
        None => None,
    };
    let mark = ctx.store().proof_mark(input.id)?;
    let (Some(article_id), Some(revision), Some(start), Some(end)) =
        (mark.article_id, mark.revision, mark.start, mark.end)
    else {
        return Err(CoreError::wrong_state(
            "mark on no article text",
            "此标记不在稿件文字上，不能校改，请在版面上处理后标记为已改",
        )
        .into());
    };
    if !mark.kind.changes_text() {
        return Err(CoreError::wrong_state(
            format!("{} marks change no text", mark.kind.as_str()),
            format!("“{}”标记不改文字，请处理后标记为已改", mark.kind.name_zh()),
        )
        .into());
    }
    let current = ctx.store().article(article_id)?;
    if input.base_revision != current.revision {
        return Err(CoreError::StaleRevision {
            given: input.base_revision,
            current: current.revision,
        }
        .into());
    }
    let marked = review_text(&ctx.store().revision(article_id, revision)?.content);
    let now = review_text(&current.content);
    let Some((s, e)) = rebase_span(&marked, &now, start as usize, end as usize) else {
        return Err(ApiError::new(
            ErrorCode::Conflict,
            format!(
                "标记处的文字“{}”在第{}稿之后已改动，不能一键校改，请手工处理后标记为已改",
                super::clip(&mark.quote, 20),
                revision
            ),
            format!("mark {} span changed since revision {revision}", mark.id),
        ));
    };
    let quote: String = now.chars().skip(s).take(e - s).collect();
    let new_text = match (text, mark.kind) {
        (Some(t), _) => t,
        (None, MarkKind::Correct) => mark.replacement.clone(),
        (None, MarkKind::Delete) => String::new(),
        (None, MarkKind::Insert) => format!("{quote}{}", mark.replacement),
        (None, MarkKind::NewParagraph) => format!("\n{quote}"),
        (None, MarkKind::RunOn) => quote.replace('\n', ""),
        (None, MarkKind::Transpose) if quote.chars().count() == 2 => quote.chars().rev().collect(),
        (None, kind) => {
            return Err(ApiError::invalid(
                format!("“{}”标记请写出改后的文字", kind.name_zh()),
                format!("text required to apply a {} mark", kind.as_str()),
            ));
        }
    };
    let mut content = apply_edit(&current.content, s, e, &new_text)?;
    normalize(&mut content);
    validate(&content)?;
    if !edit_inside(&now, &review_text(&content), s, e) {
        return Err(ApiError::invalid(
            "校改只能改动标记范围之内的文字；范围之外的修改请在稿件中进行（将按常规重新送审）",
            format!("mark {} change outside its span", mark.id),
        ));
    }
    let note = format!(
        "校改：{}第{}版标记{}（{}）",
        proof_copy_label(mark.round),
        mark.page,
        mark.id,
        mark.kind.name_zh()
    );
    let (mark, article, kept) = ctx.store().apply_correction(
        &session.actor(),
        &Correction {
            mark_id: mark.id,
            base_revision: input.base_revision,
            content: &content,
            note: &note,
        },
    )?;
    ctx.publish(Change::article(EventKind::Article, "correct", &article).by(&session.user));
    ctx.publish(
        Change::new(EventKind::Page, "mark_resolve", mark.issue_id)
            .issue(Some(mark.issue_id))
            .by(&session.user),
    );
    after_change(
        ctx,
        session,
        article.issue_id,
        &format!(
            "稿件《{}》第{}稿校改",
            article.content.title, article.revision
        ),
    )?;
    Ok(AppliedMark {
        mark,
        article,
        signatures_kept: kept as u32,
    })
}
