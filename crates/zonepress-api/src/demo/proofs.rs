//! The demo issue's way to print: three 校样 rounds with a few marks — two
//! slips of the pen caught and corrected (校改, the signatures kept), one
//! suggestion rejected with a reason — then every page signed (签版) by the
//! 终审 reviewer and 付印 ordered, so the final export works out of the box
//! and the rounds, marks and 签版 screens have something to show.

use std::collections::HashMap;

use zonepress_core::correction::review_text;
use zonepress_core::pages::MarkKind;
use zonepress_core::{Id, User};

use crate::pages::marks::{
    AddMarkInput, ApplyMarkInput, Resolution, add_mark, apply_mark, resolve_mark,
};
use crate::pages::{FrozenMap, acting_as, frozen_map, issue_pages, mm, rounds, signoff};
use crate::{ApiError, Context};

/// A slip the demo's text carries until a round catches it: the article's
/// title, the passage as it should read, the same passage as written, the
/// wrong character, the right one and the round that marks it.
pub(super) struct Typo {
    pub title: &'static str,
    pub right: &'static str,
    pub wrong: &'static str,
    pub wrong_char: &'static str,
    pub right_char: &'static str,
    pub round: u8,
}

pub(super) const TYPOS: &[Typo] = &[
    Typo {
        title: "青禾湖湿地生态修复工程通过验收",
        right: "修复湿地面积126公顷",
        wrong: "修复湿地面积126公倾",
        wrong_char: "倾",
        right_char: "顷",
        round: 1,
    },
    Typo {
        title: "开发区开通2条企业通勤定制公交线路",
        right: "每10分钟一班",
        wrong: "每10分种一班",
        wrong_char: "种",
        right_char: "钟",
        round: 2,
    },
];

/// A mark the editor rejects: the article, the passage and the character
/// marked, the suggestion and the reason given.
const REJECTED: (&str, &str, &str, &str, &str) = (
    "青禾湖湿地生态修复工程通过验收",
    "劣Ⅴ类",
    "Ⅴ",
    "V",
    "水质类别按《地表水环境质量标准》写作罗马数字“Ⅴ”，原文无误",
);

/// The demo article text with its slips put in (before it is created).
pub(super) fn with_typos(title: &str, body: &mut [zonepress_core::Block]) {
    for t in TYPOS.iter().filter(|t| t.title == title) {
        for b in body.iter_mut() {
            if let zonepress_core::Block::Paragraph { text } = b
                && text.contains(t.right)
            {
                *text = text.replacen(t.right, t.wrong, 1);
                break;
            }
        }
    }
}

/// The centre of the character at `offset` of `article`'s review text on
/// the round's pages, in mm: `(page, x, y)`.
fn locate(map: &FrozenMap, article: Id, offset: usize) -> Option<(u8, f64, f64)> {
    map.pages.iter().find_map(|p| {
        p.chars
            .iter()
            .find(|c| c.article() == Some((article, offset)))
            .map(|c| {
                let (x, y) = c.centre();
                (p.page, mm(x), mm(y))
            })
    })
}

/// Offset (characters) of `ch` inside the first `passage` of `text`.
fn offset_of(text: &str, passage: &str, ch: &str) -> Option<usize> {
    let at = text.find(passage)?;
    let inner = passage.find(ch)?;
    Some(text[..at + inner].chars().count())
}

fn demo_err(what: &str) -> ApiError {
    ApiError::internal(format!("demo proof rounds: {what}"))
}

/// Mark the character `ch` of `passage` in `title`'s text on the round.
fn mark(
    ctx: &Context,
    who: &crate::Session,
    round_id: Id,
    articles: &HashMap<String, Id>,
    (title, passage, ch, replacement): (&str, &str, &str, &str),
) -> Result<zonepress_store::pages::ProofMark, ApiError> {
    let map = frozen_map(ctx, round_id)?;
    let id = *articles
        .get(title)
        .ok_or_else(|| demo_err(&format!("no article {title}")))?;
    let revision = *map
        .revisions
        .get(&id)
        .ok_or_else(|| demo_err("not placed"))?;
    let text = review_text(&ctx.store().revision(id, revision)?.content);
    let offset = offset_of(&text, passage, ch).ok_or_else(|| demo_err(passage))?;
    let (page, x, y) = locate(&map, id, offset).ok_or_else(|| demo_err("not printed"))?;
    let m = add_mark(
        ctx,
        who,
        AddMarkInput {
            round_id,
            page,
            x_mm: x,
            y_mm: y,
            x2_mm: None,
            y2_mm: None,
            kind: MarkKind::Correct,
            replacement: Some(replacement.into()),
            note: None,
        },
    )?;
    if m.quote != ch || m.article_id != Some(id) {
        return Err(demo_err(&format!("mark landed on {:?}", m.quote)));
    }
    Ok(m)
}

/// Take the demo issue through its rounds to 付印.
pub(super) fn run(
    ctx: &Context,
    users: &HashMap<&str, User>,
    issue_id: Id,
) -> Result<(), ApiError> {
    let layout = acting_as(users["layout"].clone());
    let proofreader = acting_as(users["proofreader"].clone());
    let editor = acting_as(users["editor"].clone());
    let signer = acting_as(users["reviewer3"].clone());
    let articles: HashMap<String, Id> = ctx
        .store()
        .list_articles(&zonepress_store::articles::ArticleFilter {
            issue_id: Some(issue_id),
            ..Default::default()
        })?
        .into_iter()
        .map(|a| (a.title, a.id))
        .collect();
    let rounds_needed = ctx.store().publication()?.proof_rounds;
    for n in 1..=rounds_needed {
        let round = rounds::start_round(ctx, &layout, issue_id)?;
        for t in TYPOS.iter().filter(|t| t.round == n) {
            let m = mark(
                ctx,
                &proofreader,
                round.id,
                &articles,
                (t.title, t.wrong, t.wrong_char, t.right_char),
            )?;
            let current = ctx.store().article(articles[t.title])?;
            apply_mark(
                ctx,
                &editor,
                ApplyMarkInput {
                    id: m.id,
                    base_revision: current.revision,
                    text: None,
                },
            )?;
        }
        if n == 1 {
            let (title, passage, ch, suggestion, reason) = REJECTED;
            let m = mark(
                ctx,
                &proofreader,
                round.id,
                &articles,
                (title, passage, ch, suggestion),
            )?;
            resolve_mark(ctx, &editor, &m, Resolution::Rejected, Some(reason.into()))?;
        }
        rounds::close_round(ctx, &proofreader, round.id)?;
    }
    let pages = issue_pages(ctx, &signer, issue_id)?;
    for p in &pages.pages {
        signoff::sign(ctx, &signer, issue_id, p.page, &p.page_hash)?;
    }
    signoff::order(ctx, &signer, issue_id)?;
    Ok(())
}
