//! Pages in the record: 校样 rounds and the marks placed on their pages
//! ([`rounds`], [`marks`]), 签版 of each page and 付印 of the issue
//! ([`signoff`]), and the gate every final output passes ([`gate`]).
//!
//! What a page prints is bound by its hash ([`hashes`]: the template, the
//! page's data as the template receives it, and each article's revision and
//! content hash). A 签版 is bound to a page hash, a 付印 to the issue's layout
//! hash; any change that alters what a page prints voids them
//! ([`after_change`], called by every command that can change a page, and
//! again by every reader that finds a stale one), with an event and an entry
//! on the audit log.

pub mod gate;
pub mod marks;
pub mod rounds;
pub mod signoff;

use std::collections::{BTreeMap, HashMap};
use std::sync::{Arc, Mutex};

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use ts_rs::TS;
use zonepress_core::Id;
use zonepress_export::IssueDoc;
use zonepress_store::snapshot::IssueSnapshot;

use crate::events::{Change, EventKind};
use crate::layout::{doc_of, exporter};
use crate::{ApiError, Context, Session, Via};
pub use zonepress_store::pages::{PageSignoff, PrintOrder, ProofMark, ProofRound};

/// The hash of each page of `doc` and of the whole layout.
pub fn hashes(ctx: &Context, doc: &IssueDoc) -> Result<(Vec<String>, String), ApiError> {
    let pages = exporter(ctx)?.page_hashes(doc);
    let layout = zonepress_export::layout_hash(&pages);
    Ok((pages, layout))
}

/// The issue as it prints now: its snapshot and hashes.
pub(crate) struct Current {
    pub snap: IssueSnapshot,
    pub pages: Vec<String>,
    pub layout_hash: String,
}

pub(crate) fn current(ctx: &Context, issue_id: Id) -> Result<Current, ApiError> {
    let snap = ctx.store().issue_snapshot(issue_id)?;
    let doc = doc_of(&snap, false, false);
    let (pages, layout_hash) = hashes(ctx, &doc)?;
    Ok(Current {
        snap,
        pages,
        layout_hash,
    })
}

/// Void the 签版 of every page of `issue_id` that no longer prints what was
/// signed, and the 付印 when the layout changed; tell clients and put it on
/// the audit log. `cause` says what changed (`稿件《…》第5稿`, `版面调整`).
/// Cheap when nothing is signed.
pub fn after_change(
    ctx: &Context,
    session: &Session,
    issue_id: Option<Id>,
    cause: &str,
) -> Result<(), ApiError> {
    let Some(issue_id) = issue_id else {
        return Ok(());
    };
    after_change_at(ctx, session, issue_id, cause, || {
        let now = current(ctx, issue_id)?;
        Ok((now.pages, now.layout_hash))
    })?;
    Ok(())
}

/// [`after_change`] with the issue's page hashes and layout hash as it
/// prints now, from `hashes` (asked for only when something is signed: a
/// caller that has just laid the issue out passes what it hashed).
/// Answers whether anything was voided.
pub(crate) fn after_change_at(
    ctx: &Context,
    session: &Session,
    issue_id: Id,
    cause: &str,
    hashes: impl FnOnce() -> Result<(Vec<String>, String), ApiError>,
) -> Result<bool, ApiError> {
    if !ctx.store().has_live_signoffs(issue_id)? {
        return Ok(false);
    }
    let (pages, layout_hash) = hashes()?;
    void_stale(ctx, session, issue_id, &pages, &layout_hash, cause)
}

/// [`after_change`] for every issue with live sign-offs (a publication
/// setting or the template changed).
pub fn after_change_everywhere(
    ctx: &Context,
    session: &Session,
    cause: &str,
) -> Result<(), ApiError> {
    for issue in ctx.store().issues_with_live_signoffs()? {
        after_change(ctx, session, Some(issue), cause)?;
    }
    Ok(())
}

/// Void what does not match `pages` / `layout_hash`; answers whether
/// anything was voided.
pub(crate) fn void_stale(
    ctx: &Context,
    session: &Session,
    issue_id: Id,
    pages: &[String],
    layout_hash: &str,
    cause: &str,
) -> Result<bool, ApiError> {
    let reason = |page: u8| {
        if cause.is_empty() {
            format!("第{page}版内容有变动")
        } else {
            format!("第{page}版内容有变动：{cause}")
        }
    };
    let (voided, order) =
        ctx.store()
            .void_stale_signoffs(&session.actor(), issue_id, pages, layout_hash, &reason)?;
    for s in &voided {
        crate::notify::kinds::signoff_voided(ctx, session, s, &reason(s.page));
        ctx.publish(
            Change::new(EventKind::Page, "signoff_void", issue_id)
                .issue(Some(issue_id))
                .by(&session.user),
        );
        tracing::info!(
            issue_id,
            page = s.page,
            signer = %s.signer.username,
            "page sign-off voided: {}",
            reason(s.page)
        );
    }
    if order.is_some() {
        ctx.publish(
            Change::new(EventKind::Page, "print_void", issue_id)
                .issue(Some(issue_id))
                .by(&session.user),
        );
    }
    Ok(!voided.is_empty() || order.is_some())
}

/// Where a page's 签版 stands: 未签 / 已签 / 已失效.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum SignState {
    /// 未签: never signed.
    Unsigned,
    /// 已签: signed exactly as it prints now.
    Signed,
    /// 已失效: signed once, voided by a later change.
    Voided,
}

/// One page of an issue as it prints now, with its 签版.
#[derive(Debug, Clone, Serialize, Deserialize, TS, JsonSchema)]
pub struct PageState {
    pub page: u8,
    /// Hash of everything the page prints now (`sign_page` takes it back).
    pub page_hash: String,
    pub state: SignState,
    /// The live 签版 (state `signed`).
    pub signoff: Option<PageSignoff>,
    /// The newest voided 签版 (who signed, when and why it was voided).
    pub last_voided: Option<PageSignoff>,
    /// Proof marks on this page still open (a page with open marks cannot
    /// be signed).
    pub open_marks: u32,
}

/// The pages of an issue, their 签版 and the 付印, from one snapshot.
pub(crate) fn page_states(
    snap: &IssueSnapshot,
    pages: &[String],
    open_marks: &HashMap<u8, u32>,
) -> Vec<PageState> {
    pages
        .iter()
        .enumerate()
        .map(|(i, hash)| {
            let page = u8::try_from(i + 1).unwrap_or(u8::MAX);
            let mut mine = snap.signoffs.iter().filter(|s| s.page == page);
            let live = mine
                .clone()
                .rfind(|s| s.voided_at.is_none() && &s.page_hash == hash)
                .cloned();
            let last_voided = mine
                .rfind(|s| s.voided_at.is_some() || &s.page_hash != hash)
                .cloned();
            PageState {
                page,
                page_hash: hash.clone(),
                state: match (&live, &last_voided) {
                    (Some(_), _) => SignState::Signed,
                    (None, Some(_)) => SignState::Voided,
                    (None, None) => SignState::Unsigned,
                },
                signoff: live,
                last_voided,
                open_marks: open_marks.get(&page).copied().unwrap_or(0),
            }
        })
        .collect()
}

/// Open marks per page of an issue's rounds.
pub(crate) fn open_marks_by_page(
    ctx: &Context,
    issue_id: Id,
) -> Result<HashMap<u8, u32>, ApiError> {
    let mut out = HashMap::new();
    for m in ctx
        .store()
        .proof_marks(&zonepress_store::pages::MarkFilter {
            issue_id: Some(issue_id),
            ..Default::default()
        })?
    {
        if m.state == zonepress_core::pages::MarkState::Open {
            *out.entry(m.page).or_insert(0) += 1;
        }
    }
    Ok(out)
}

/// The live 付印 when it binds the layout as it prints now.
pub(crate) fn live_order(snap: &IssueSnapshot, layout_hash: &str) -> Option<PrintOrder> {
    snap.print_order
        .clone()
        .filter(|o| o.layout_hash == layout_hash)
}

/// What a 签版 screen shows of an issue.
#[derive(Debug, Clone, Serialize, Deserialize, TS, JsonSchema)]
pub struct IssuePages {
    pub issue_id: Id,
    /// Hash of everything the pages print now (what 付印 binds).
    pub layout_hash: String,
    pub pages: Vec<PageState>,
    /// The live 付印 at this layout.
    pub print_order: Option<PrintOrder>,
    /// The issue's 校样 rounds, first first.
    pub rounds: Vec<ProofRound>,
    /// The publication's number of rounds (1–3).
    pub proof_rounds: u8,
    /// The caller may sign pages and order printing.
    pub may_sign: bool,
    /// Why 付印 cannot be ordered yet (empty when it can), in Chinese.
    pub blockers: Vec<String>,
}

/// The pages of an issue and what stands between them and 付印, voiding
/// first what no longer matches.
pub(crate) fn issue_pages(
    ctx: &Context,
    session: &Session,
    issue_id: Id,
) -> Result<IssuePages, ApiError> {
    let mut now = current(ctx, issue_id)?;
    if stale(&now) {
        void_stale(ctx, session, issue_id, &now.pages, &now.layout_hash, "")?;
        now = current(ctx, issue_id)?;
    }
    let open = open_marks_by_page(ctx, issue_id)?;
    let pages = page_states(&now.snap, &now.pages, &open);
    let rounds = ctx.store().proof_rounds(issue_id)?;
    let publication = &now.snap.publication;
    let blockers = signoff::blockers(publication.proof_rounds, &rounds, &pages, &open);
    Ok(IssuePages {
        issue_id,
        print_order: live_order(&now.snap, &now.layout_hash),
        layout_hash: now.layout_hash,
        pages,
        rounds,
        proof_rounds: publication.proof_rounds,
        may_sign: zonepress_core::pages::may_sign_pages(&session.user, publication),
        blockers,
    })
}

/// Does the snapshot hold a live sign-off or print order that no longer
/// matches what the pages print?
pub(crate) fn stale(now: &Current) -> bool {
    let page_stale = now.snap.signoffs.iter().any(|s| {
        s.voided_at.is_none()
            && now.pages.get(usize::from(s.page).wrapping_sub(1)) != Some(&s.page_hash)
    });
    let order_stale = now
        .snap
        .print_order
        .as_ref()
        .is_some_and(|o| o.layout_hash != now.layout_hash);
    page_stale || order_stale
}

/// The character map a round froze: per page the box of every printed
/// character (points from the trimmed page's top-left corner), the article
/// it belongs to and its offset in that article's review text.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub(crate) struct FrozenMap {
    pub pages: Vec<FrozenPage>,
    /// The revision of each article on the round's pages.
    pub revisions: BTreeMap<Id, u32>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub(crate) struct FrozenPage {
    pub page: u8,
    /// Size of the trimmed page in points.
    pub w: f32,
    pub h: f32,
    pub chars: Vec<FrozenChar>,
    /// Each article's box on the page: `[article, x, y, w, h]`.
    pub regions: Vec<(Id, f32, f32, f32, f32)>,
}

/// `(x, y, w, h, article (0: none), offset in its review text (-1: none), character)`.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub(crate) struct FrozenChar(
    pub f32,
    pub f32,
    pub f32,
    pub f32,
    pub Id,
    pub i64,
    pub char,
);

impl FrozenChar {
    pub fn contains(&self, x: f32, y: f32, slack: f32) -> bool {
        x >= self.0 - slack
            && x <= self.0 + self.2 + slack
            && y >= self.1 - slack
            && y <= self.1 + self.3 + slack
    }

    pub fn centre(&self) -> (f32, f32) {
        (self.0 + self.2 / 2.0, self.1 + self.3 / 2.0)
    }

    pub fn article(&self) -> Option<(Id, usize)> {
        (self.4 > 0 && self.5 >= 0).then_some((self.4, self.5 as usize))
    }
}

/// Frozen maps of recent rounds, so a mark is placed without reading the
/// round's map again.
#[derive(Default)]
pub struct PageCache(Mutex<Vec<(Id, Arc<FrozenMap>)>>);

const KEPT_MAPS: usize = 6;

impl PageCache {
    pub(crate) fn get(&self, round: Id) -> Option<Arc<FrozenMap>> {
        let cache = self.0.lock().unwrap_or_else(|e| e.into_inner());
        cache
            .iter()
            .find(|(id, _)| *id == round)
            .map(|(_, m)| m.clone())
    }

    pub(crate) fn put(&self, round: Id, map: Arc<FrozenMap>) {
        let mut cache = self.0.lock().unwrap_or_else(|e| e.into_inner());
        cache.retain(|(id, _)| *id != round);
        cache.push((round, map));
        if cache.len() > KEPT_MAPS {
            cache.remove(0);
        }
    }
}

/// The frozen map of a round, from the cache or the store.
pub(crate) fn frozen_map(ctx: &Context, round: Id) -> Result<Arc<FrozenMap>, ApiError> {
    if let Some(m) = ctx.page_cache().get(round) {
        return Ok(m);
    }
    let (_, boxes) = ctx.store().proof_round_frozen(round)?;
    let map: FrozenMap = serde_json::from_str(&boxes).map_err(ApiError::internal)?;
    let map = Arc::new(map);
    ctx.page_cache().put(round, map.clone());
    Ok(map)
}

/// `mm` → points.
pub(crate) fn pt(mm: f64) -> f32 {
    (mm * 72.0 / 25.4) as f32
}

/// Points → `mm`, to a hundredth.
pub(crate) fn mm(pt: f32) -> f64 {
    (f64::from(pt) * 25.4 / 72.0 * 100.0).round() / 100.0
}

/// A session of `user` for work the program does in their name (the demo
/// going through its rounds).
pub(crate) fn acting_as(user: zonepress_core::User) -> Session {
    Session {
        via: Via::System,
        ..Session::cli(user)
    }
}

/// The typeset text of one article's part, as printed (for messages).
pub(crate) fn clip(s: &str, n: usize) -> String {
    let mut out: String = s.chars().take(n).collect();
    if s.chars().count() > n {
        out.push('…');
    }
    out
}
