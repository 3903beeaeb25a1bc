//! 校样 rounds: freezing the layout of an issue as 一校样 / 二校样 / 三校样
//! (its PDF with the round's watermark, the hash of every page, the box of
//! every printed character), its page images, closing it, and the proof
//! with its marks drawn for paper.

use std::collections::BTreeMap;
use std::sync::Arc;

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use ts_rs::TS;
use zonepress_core::correction::review_parts;
use zonepress_core::pages::{MarkKind, MarkState, proof_copy_label, round_colour, round_name_zh};
use zonepress_core::{Action, Id, authorize};
use zonepress_export::{IssueDoc, LaidOutIssue, MarkDrawing, MarkedProof, PdfOptions, PngUse};
use zonepress_store::issues::NewExport;
use zonepress_store::pages::{MarkFilter, NewRound, ProofMark, ProofRound, RoundPage};

use super::{FrozenChar, FrozenMap, FrozenPage, frozen_map, hashes};
use crate::events::{Change, EventKind};
use crate::layout::{StoreAssets, doc_of, exporter, manifest_of};
use crate::proof::IssueIdInput;
use crate::{ApiError, Binary, Context, Session};

#[derive(Debug, Clone, Deserialize, Serialize, TS, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RoundIdInput {
    /// The round's id.
    pub id: Id,
}

#[derive(Debug, Clone, Deserialize, Serialize, TS, JsonSchema)]
#[serde(deny_unknown_fields)]
#[ts(optional_fields)]
pub struct RoundPageInput {
    /// The round's id.
    pub id: Id,
    /// 1-based page number.
    pub page: u8,
    /// Pixels per point (default 1.0; A3 is 842 × 1191 points).
    #[serde(default)]
    pub scale: Option<f32>,
}

#[derive(Debug, Clone, Deserialize, Serialize, TS, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct MarksPdfInput {
    pub round_id: Id,
}

fn round_file(doc: &IssueDoc, round: u8, what: &str) -> String {
    format!(
        "{}-{}年第{}期-{}{what}",
        doc.publication.name,
        doc.issue.year,
        doc.issue.number,
        proof_copy_label(round)
    )
}

fn random_uid() -> Result<String, ApiError> {
    let mut b = [0u8; 12];
    getrandom::fill(&mut b).map_err(ApiError::internal)?;
    Ok(hex::encode(b))
}

fn tenth(x: f32) -> f32 {
    (x * 10.0).round() / 10.0
}

/// The character map of a layout: every printed character of every page
/// with its article and offset in that article's review text.
pub(crate) fn freeze(laid: &LaidOutIssue, doc: &IssueDoc) -> Result<FrozenMap, ApiError> {
    // Where each part's text begins in each article's review text.
    let starts: BTreeMap<Id, BTreeMap<_, usize>> = doc
        .articles
        .iter()
        .map(|(id, a)| {
            (
                *id,
                review_parts(&a.content)
                    .into_iter()
                    .map(|p| (p.part, p.start))
                    .collect(),
            )
        })
        .collect();
    let regions = laid.article_regions();
    let mut pages = Vec::with_capacity(laid.page_count());
    for n in 1..=laid.page_count() {
        let page = u8::try_from(n).unwrap_or(u8::MAX);
        let (w, h) = laid.page_size_pt(page).unwrap_or((0.0, 0.0));
        let chars = laid
            .char_boxes(doc, page)?
            .into_iter()
            .map(|c| {
                let at = c.at.and_then(|src| {
                    let start = starts.get(&src.article)?.get(&src.part)?;
                    Some((src.article, (start + src.index as usize) as i64))
                });
                let (article, offset) = at.unwrap_or((0, -1));
                FrozenChar(
                    tenth(c.x),
                    tenth(c.y),
                    tenth(c.w),
                    tenth(c.h),
                    article,
                    offset,
                    c.ch,
                )
            })
            .collect();
        pages.push(FrozenPage {
            page,
            w: tenth(w as f32),
            h: tenth(h as f32),
            chars,
            regions: regions
                .iter()
                .filter(|r| r.page == page)
                .map(|r| {
                    (
                        r.article_id,
                        tenth(r.x as f32),
                        tenth(r.y as f32),
                        tenth(r.w as f32),
                        tenth(r.h as f32),
                    )
                })
                .collect(),
        });
    }
    Ok(FrozenMap {
        pages,
        revisions: doc
            .articles
            .iter()
            .map(|(id, a)| (*id, a.revision))
            .collect(),
    })
}

/// Freeze the issue's layout as its next 校样 round (the layout staff).
pub fn start_proof_round(
    ctx: &Context,
    session: &Session,
    input: IssueIdInput,
) -> Result<ProofRound, ApiError> {
    authorize(&session.user, Action::StartProofRound)?;
    start_round(ctx, session, input.issue_id)
}

/// Start the next round of `issue_id` as `session` (whose right the caller
/// checked; the demo comes here too).
pub(crate) fn start_round(
    ctx: &Context,
    session: &Session,
    issue_id: Id,
) -> Result<ProofRound, ApiError> {
    let snap = ctx.store().issue_snapshot(issue_id)?;
    if snap.plan.as_ref().is_none_or(|p| p.placed_ids().is_empty()) {
        return Err(zonepress_core::CoreError::wrong_state(
            "nothing placed",
            "本期还没有排入稿件，不能开始校样",
        )
        .into());
    }
    let rounds = ctx.store().proof_rounds(issue_id)?;
    if let Some(last) = rounds.last()
        && last.is_open()
    {
        return Err(zonepress_core::CoreError::wrong_state(
            format!("round {} is still open", last.round),
            format!(
                "{}样还未结束（还有{}处标记未处理），结束后才能开始下一轮校样",
                last.round_name, last.open_marks
            ),
        )
        .into());
    }
    let max = snap.publication.proof_rounds;
    let n = rounds.len() as u8 + 1;
    if n > max {
        return Err(zonepress_core::CoreError::wrong_state(
            format!("all {max} proof rounds are done"),
            format!("本刊设{max}次校样，已经全部完成"),
        )
        .into());
    }
    let mut doc = doc_of(&snap, false, true);
    doc.proof_round = Some(n);
    let (page_hashes, layout_hash) = hashes(ctx, &doc)?;
    let uid = random_uid()?;
    let mut manifest = manifest_of(&snap, &doc, &session.user.display_name, true, &uid);
    manifest.layout_hash = Some(layout_hash.clone());
    let manifest_json = serde_json::to_string_pretty(&manifest).map_err(ApiError::internal)?;
    let exporter = exporter(ctx)?;
    let laid = exporter.layout_for_export(&doc, &StoreAssets(ctx.store()), &manifest_json)?;
    let pdf = laid.pdf(&PdfOptions {
        pdf_a: false,
        pdf_x: false,
        manifest_json: None,
        title: format!(
            "{} {} {}",
            doc.publication.name,
            doc.issue.label(),
            proof_copy_label(n)
        ),
    })?;
    let map = freeze(&laid, &doc)?;
    let chars = map
        .pages
        .iter()
        .flat_map(|p| &p.chars)
        .filter(|c| c.article().is_some())
        .count() as u32;
    let boxes_json = serde_json::to_string(&map).map_err(ApiError::internal)?;
    let doc_json = serde_json::to_string(&doc).map_err(ApiError::internal)?;
    let sha = hex::encode(Sha256::digest(&pdf));
    let pages: Vec<RoundPage> = page_hashes
        .iter()
        .enumerate()
        .map(|(i, h)| RoundPage {
            page: u8::try_from(i + 1).unwrap_or(u8::MAX),
            page_hash: h.clone(),
        })
        .collect();
    let options = serde_json::json!({ "proof_copy": true, "proof_round": n }).to_string();
    let round = ctx.store().start_proof_round(
        &session.actor(),
        &NewRound {
            issue_id,
            round: n,
            max_rounds: max,
            layout_hash: &layout_hash,
            pages: &pages,
            doc_json: &doc_json,
            pdf: &pdf,
            boxes_json: &boxes_json,
            chars,
            export: NewExport {
                issue_id,
                proof_copy: true,
                pdf_sha256: &sha,
                pages: laid.page_count() as u32,
                manifest_json: &manifest_json,
                export_uid: &uid,
                options_json: &options,
                doc_json: &doc_json,
            },
        },
    )?;
    ctx.page_cache().put(round.id, Arc::new(map));
    ctx.publish(
        Change::new(EventKind::Page, "round_start", issue_id)
            .issue(Some(issue_id))
            .by(&session.user),
    );
    ctx.publish(
        Change::new(EventKind::Export, "proof", issue_id)
            .issue(Some(issue_id))
            .by(&session.user),
    );
    Ok(round)
}

/// The 校样 rounds of an issue, first first.
pub fn list_proof_rounds(
    ctx: &Context,
    session: &Session,
    input: IssueIdInput,
) -> Result<Vec<ProofRound>, ApiError> {
    authorize(&session.user, Action::Read)?;
    Ok(ctx.store().proof_rounds(input.issue_id)?)
}

/// The round's PDF exactly as it was frozen.
pub fn proof_round_pdf(
    ctx: &Context,
    session: &Session,
    input: RoundIdInput,
) -> Result<Binary, ApiError> {
    authorize(&session.user, Action::Read)?;
    let round = ctx.store().proof_round(input.id)?;
    let bytes = ctx.store().proof_round_pdf(input.id)?;
    let doc = frozen_doc(ctx, input.id)?;
    Ok(Binary {
        record_id: None,
        content_type: "application/pdf".into(),
        file_name: format!("{}.pdf", round_file(&doc, round.round, "")),
        bytes,
    })
}

fn frozen_doc(ctx: &Context, round: Id) -> Result<IssueDoc, ApiError> {
    let (doc_json, _) = ctx.store().proof_round_frozen(round)?;
    serde_json::from_str(&doc_json).map_err(ApiError::internal)
}

/// The round's pages laid out again from what it froze; refused when the
/// template or fonts changed since (the PDF stays as frozen).
fn relaid(ctx: &Context, round: &ProofRound) -> Result<(IssueDoc, LaidOutIssue), ApiError> {
    let doc = frozen_doc(ctx, round.id)?;
    let (pages, _) = hashes(ctx, &doc)?;
    let frozen: Vec<&String> = round.pages.iter().map(|p| &p.page_hash).collect();
    if pages.iter().collect::<Vec<_>>() != frozen {
        return Err(zonepress_core::CoreError::wrong_state(
            format!(
                "round {} cannot be laid out again: the template changed",
                round.id
            ),
            format!(
                "版式模板或字体已更改，无法重现{}样的页面图像，请下载该轮校样的 PDF",
                round.round_name
            ),
        )
        .into());
    }
    let laid = exporter(ctx)?.layout(&doc, &StoreAssets(ctx.store()))?;
    Ok((doc, laid))
}

/// A PNG of one page of a round (the page a proofreader marks).
pub fn proof_round_page(
    ctx: &Context,
    session: &Session,
    input: RoundPageInput,
) -> Result<Binary, ApiError> {
    authorize(&session.user, Action::Read)?;
    let scale = input.scale.unwrap_or(1.0);
    if !(0.1..=4.0).contains(&scale) {
        return Err(ApiError::invalid(
            "页面图像缩放应在0.1到4之间",
            "round page scale out of range",
        ));
    }
    let round = ctx.store().proof_round(input.id)?;
    if input.page == 0 || usize::from(input.page) > round.pages.len() {
        return Err(ApiError::invalid(
            format!("{}样只有{}版", round.round_name, round.pages.len()),
            format!("round page {} out of range", input.page),
        ));
    }
    let (_, laid) = relaid(ctx, &round)?;
    let png = exporter(ctx)?.render_page(&laid, input.page, scale, PngUse::Screen)?;
    Ok(Binary {
        record_id: None,
        content_type: "image/png".into(),
        file_name: format!("{}-page-{}.png", round_name_zh(round.round), input.page),
        bytes: png,
    })
}

/// Close a round once every mark on it is applied or rejected; its 差错率
/// goes on the issue's 三校 record.
pub fn close_proof_round(
    ctx: &Context,
    session: &Session,
    input: RoundIdInput,
) -> Result<ProofRound, ApiError> {
    authorize(&session.user, Action::CloseProofRound)?;
    close_round(ctx, session, input.id)
}

pub(crate) fn close_round(
    ctx: &Context,
    session: &Session,
    id: Id,
) -> Result<ProofRound, ApiError> {
    let round = ctx.store().close_proof_round(&session.actor(), id)?;
    ctx.publish(
        Change::new(EventKind::Page, "round_close", round.issue_id)
            .issue(Some(round.issue_id))
            .by(&session.user),
    );
    ctx.publish(
        Change::new(EventKind::Proof, "pass", round.issue_id)
            .issue(Some(round.issue_id))
            .by(&session.user),
    );
    Ok(round)
}

/// Where a mark is drawn: the boxes of its characters, a line each, or the
/// box given.
fn rects_of(mark: &ProofMark, map: &FrozenMap) -> Vec<[f64; 4]> {
    let chars: Vec<&FrozenChar> = match (mark.article_id, mark.start, mark.end) {
        (Some(a), Some(s), Some(e)) => map
            .pages
            .iter()
            .filter(|p| p.page == mark.page)
            .flat_map(|p| &p.chars)
            .filter(|c| c.4 == a && c.5 >= i64::from(s) && c.5 < i64::from(e))
            .collect(),
        _ => vec![],
    };
    if chars.is_empty() {
        let (x0, y0) = (super::pt(mark.x_mm), super::pt(mark.y_mm));
        let (x1, y1) = (super::pt(mark.x2_mm), super::pt(mark.y2_mm));
        let (x0, x1) = (x0.min(x1), x0.max(x1));
        let (y0, y1) = (y0.min(y1), y0.max(y1));
        let pad = if x1 - x0 < 2.0 && y1 - y0 < 2.0 {
            6.0
        } else {
            0.0
        };
        return vec![[
            f64::from(x0 - pad),
            f64::from(y0 - pad),
            f64::from(x1 - x0 + 2.0 * pad),
            f64::from(y1 - y0 + 2.0 * pad),
        ]];
    }
    // One box per line of text (characters on about the same baseline,
    // side by side).
    let mut lines: Vec<[f32; 4]> = Vec::new();
    for c in chars {
        let fits = lines.last_mut().filter(|l| {
            (l[1] - c.1).abs() < c.3 / 2.0 && c.0 >= l[0] + l[2] - c.2 && c.0 <= l[0] + l[2] + c.2
        });
        match fits {
            Some(l) => {
                let right = (l[0] + l[2]).max(c.0 + c.2);
                l[0] = l[0].min(c.0);
                l[2] = right - l[0];
                l[3] = l[3].max(c.3);
            }
            None => lines.push([c.0, c.1, c.2, c.3]),
        }
    }
    lines.into_iter().map(|l| l.map(f64::from)).collect()
}

fn change_of(m: &ProofMark) -> String {
    let mut out = match m.kind {
        MarkKind::Correct => format!("改为“{}”", m.replacement),
        MarkKind::Insert => format!("其后补“{}”", m.replacement),
        MarkKind::Delete => "删去".into(),
        _ => String::new(),
    };
    if !m.note.is_empty() {
        if !out.is_empty() {
            out.push('；');
        }
        out.push_str(&m.note);
    }
    out
}

fn state_of(m: &ProofMark) -> String {
    let mut s = m.state.label_zh().to_string();
    if let Some(rev) = m.applied_revision {
        s.push_str(&format!("（校改为第{rev}稿）"));
    } else if m.state == MarkState::Rejected && !m.reason.is_empty() {
        s.push_str(&format!("：{}", m.reason));
    }
    if let Some(by) = &m.resolved_by {
        s.push_str(&format!("，{}", by.display_name));
    }
    s
}

/// The round's pages with its marks drawn in the round's colour, numbered,
/// and a legend (who marked what, how it ended) — for paper.
pub fn proof_marks_pdf(
    ctx: &Context,
    session: &Session,
    input: MarksPdfInput,
) -> Result<Binary, ApiError> {
    authorize(&session.user, Action::Read)?;
    let round = ctx.store().proof_round(input.round_id)?;
    let (doc, laid) = relaid(ctx, &round)?;
    let map = frozen_map(ctx, round.id)?;
    let marks = ctx.store().proof_marks(&MarkFilter {
        round_id: Some(round.id),
        ..Default::default()
    })?;
    let (colour_name, hex) = round_colour(round.round);
    let drawings = marks
        .iter()
        .enumerate()
        .map(|(i, m)| MarkDrawing {
            page: m.page,
            rects: rects_of(m, &map),
            color: hex.into(),
            label: format!(
                "{} {}{} {}",
                i + 1,
                m.symbol,
                m.kind_name,
                m.by.display_name
            ),
            n: (i + 1).to_string(),
            kind: format!("{}{}", m.symbol, m.kind_name),
            quote: super::clip(&m.quote, 60),
            change: change_of(m),
            by: m.by.display_name.clone(),
            state: state_of(m),
        })
        .collect();
    let proof = MarkedProof {
        title: format!(
            "{} {} {} 校样标记",
            doc.publication.name,
            doc.issue.label(),
            proof_copy_label(round.round)
        ),
        subtitle: format!(
            "共{}处标记，{}字，差错率{:.2}/万；{}由{}开始{}；生成于{}",
            round.marks,
            round.chars,
            round.error_rate,
            round
                .started_at
                .with_timezone(&chrono::Local)
                .format("%Y-%m-%d %H:%M"),
            round.started_by.display_name,
            match (&round.closed_by, round.closed_at) {
                (Some(by), Some(at)) => format!(
                    "，{}于{}结束",
                    by.display_name,
                    at.with_timezone(&chrono::Local).format("%Y-%m-%d %H:%M")
                ),
                _ => "，尚未结束".into(),
            },
            chrono::Local::now().format("%Y-%m-%d %H:%M"),
        ),
        colours: vec![(
            hex.into(),
            format!(
                "{}：{}（一校红、二校蓝、三校绿）",
                round.round_name, colour_name
            ),
        )],
        marks: drawings,
        date: doc.issue.date.format("%Y-%m-%d").to_string(),
    };
    let pdf = exporter(ctx)?.marked_proof_pdf(&laid, &proof)?;
    Ok(Binary {
        record_id: None,
        content_type: "application/pdf".into(),
        file_name: format!("{}-标记.pdf", round_file(&doc, round.round, "")),
        bytes: pdf,
    })
}
