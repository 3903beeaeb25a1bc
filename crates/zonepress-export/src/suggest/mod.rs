//! 排版建议: complete page plans that fit, ordered as the publication must
//! order its news.
//!
//! 1. Measure: every article is measured once per page width and type
//!    scale (and photo width, and as the front page's lead), by typesetting
//!    measuring pages through the exporter's page cache: the template
//!    reports each article's height before it packs a page
//!    (`(zp: "item", …)`), so one measuring page measures all the articles
//!    at one setting.
//! 2. Search ([`search`]): simulated annealing over plans from several
//!    starts, each plan scored from those measures with the template's
//!    packing done again in Rust ([`pack`]); no page is typeset here.
//! 3. Verify: the best distinct plans are typeset for real, page by page
//!    through the same cache as the previews (pages already set cost
//!    nothing); a plan whose pages do not fit as predicted is dropped.
//!
//! Nothing here reads the store or knows who asks: the api layer passes
//! the issue, the stories' ranks and priorities, and what is kept.

pub mod pack;
pub mod search;

use std::collections::HashMap;
use std::time::Instant;

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use ts_rs::TS;
use zonepress_core::layout::{IssuePlan, PagePlan, PageTemplate, Placement};
use zonepress_core::topics::TopicPriority;
use zonepress_core::{Block, Id};

use crate::ExportError;
use crate::exporter::{AssetSource, Exporter, IssueDoc, MarkKind, PageFit};
use crate::view::Geom;
use pack::{Measure, Room};
use search::{Class, Item, PageSpec, Pool, Problem, Rng, Score, State, Variant, Weights};

/// The type scales a suggestion may use (never below 95 %).
pub const SCALES: [u16; 3] = [95, 100, 105];
/// Suggestions answered at most.
pub const MAX_SUGGESTIONS: usize = 5;
/// Annealing starts and steps per start.
const STARTS: usize = 8;
const STEPS: usize = 12_000;

/// An article the search may place, as the api knows it.
#[derive(Debug, Clone)]
pub struct Story {
    pub id: Id,
    pub title: String,
    /// The highest 排序 among the officials it names (lower is higher).
    pub rank: Option<u32>,
    pub priority: TopicPriority,
    /// 已签发: leaving out a signed article costs more than a draft.
    pub approved: bool,
}

/// A placement the user has fixed: the article stays on `page` (and at
/// `position`, 1-based, when given).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS, JsonSchema)]
#[serde(deny_unknown_fields)]
#[ts(optional_fields)]
pub struct Keep {
    pub article_id: Id,
    /// 1-based page number.
    pub page: u8,
    /// 1-based place on the page (1 = first); absent: anywhere on the page.
    #[serde(default)]
    pub position: Option<u8>,
}

/// What to suggest for.
#[derive(Debug, Clone)]
pub struct SuggestRequest {
    /// The issue with its current plan; `articles` holds every article the
    /// search may place (placed and unplaced).
    pub doc: IssueDoc,
    pub stories: Vec<Story>,
    /// Pages to plan (1-based); empty plans every page.
    pub pages: Vec<u8>,
    pub keep: Vec<Keep>,
    pub count: usize,
    pub seed: u64,
}

/// One part of a suggestion's score.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS, JsonSchema)]
pub struct ScorePart {
    /// `empty`, `rank`, `priority`, `moves`, `scale`, `left_out`.
    pub key: String,
    /// 版面空白, 领导排序, 优先级, 改动, 字号, 未排入.
    pub label_zh: String,
    /// What it is, in Chinese: `第1版0.8%，第2版2.1%`, `与领导排序一致` …
    pub detail_zh: String,
    /// The measure behind it (the largest empty share of a page in %,
    /// inversions, articles moved or rescaled or left out).
    pub value: f64,
    /// Points it adds to the score.
    pub penalty: f64,
}

/// An article a suggestion leaves out, and why.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS, JsonSchema)]
pub struct LeftOut {
    pub article_id: Id,
    pub title: String,
    pub reason_zh: String,
}

/// One suggested plan.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS, JsonSchema)]
pub struct Suggestion {
    /// A complete plan `plan_issue` accepts as it is.
    pub plan: IssuePlan,
    /// Penalty points, lower is better (the sum of `parts`).
    pub score: f64,
    pub parts: Vec<ScorePart>,
    /// Every page's fit, as typeset.
    pub fit: Vec<PageFit>,
    #[serde(default)]
    pub left_out: Vec<LeftOut>,
}

/// The search's answer.
#[derive(Debug, Clone)]
pub struct SuggestOutcome {
    pub suggestions: Vec<Suggestion>,
    /// Plans scored.
    pub searched: u64,
    /// Milliseconds until the first suggestion was verified.
    pub first_ms: u64,
    /// Measuring pages typeset (from the cache or new).
    pub measured_pages: usize,
}

/// A measuring page: which setting its articles are set at.
#[derive(Clone, Copy)]
struct Setting {
    class: Class,
    w: u8,
    img: Option<u8>,
    scale: u16,
}

impl Setting {
    fn placement(&self, article_id: Id, cols: u8) -> Placement {
        Placement {
            article_id,
            headline_span: Some(self.w),
            body_columns: (self.w != cols).then_some(self.w),
            image_columns: self.img,
            type_scale: self.scale,
        }
    }
}

fn measure_of(mark: &MarkKind) -> Option<(u8, Measure)> {
    match *mark {
        MarkKind::Item {
            page,
            article,
            natural,
            fixed,
            least,
            lines,
            n,
            w,
            pitch,
            cpl,
        } => Some((
            page,
            Measure {
                article,
                natural,
                fixed,
                least,
                lines,
                n,
                w,
                pitch,
                cpl,
            },
        )),
        _ => None,
    }
}

fn has_images(doc: &IssueDoc, id: Id) -> bool {
    doc.articles.get(&id).is_some_and(|a| {
        a.content
            .body
            .iter()
            .any(|b| matches!(b, Block::Image { .. }))
    })
}

fn priority_key(p: TopicPriority) -> u8 {
    match p {
        TopicPriority::Headline => 0,
        TopicPriority::Major => 1,
        TopicPriority::Normal => 2,
    }
}

impl Exporter {
    /// Up to `req.count` plans that fit, best first (see the module docs).
    pub fn suggest(
        &self,
        req: &SuggestRequest,
        assets: &dyn AssetSource,
    ) -> Result<SuggestOutcome, ExportError> {
        let started = Instant::now();
        let doc = &req.doc;
        let plan = &doc.plan;
        let cols = plan.columns;
        let geom = Geom::new(plan.page_size, cols);
        let planned: Vec<usize> = (0..plan.pages.len())
            .filter(|&i| req.pages.is_empty() || req.pages.contains(&plan.pages[i].number))
            .collect();
        // Where each article stands now.
        let mut now_at: HashMap<Id, (usize, usize)> = HashMap::new();
        for (p, page) in plan.pages.iter().enumerate() {
            for (at, pl) in page.placements.iter().enumerate() {
                now_at.insert(pl.article_id, (p, at));
            }
        }
        // The stories to plan: those on the planned pages and those on none.
        let stories: Vec<&Story> = req
            .stories
            .iter()
            .filter(|s| doc.articles.contains_key(&s.id))
            .filter(|s| now_at.get(&s.id).is_none_or(|(p, _)| planned.contains(p)))
            .collect();

        // The current layout: each page's room and the current settings.
        let current = self.layout(doc, assets)?;
        let mut avail: HashMap<u8, f64> = HashMap::new();
        let mut now_measure: HashMap<Id, Measure> = HashMap::new();
        for m in current.marks() {
            match m.kind {
                MarkKind::Page { page, avail: a, .. } => {
                    avail.insert(page, a);
                }
                ref k => {
                    if let Some((_, me)) = measure_of(k) {
                        now_measure.insert(me.article, me);
                    }
                }
            }
        }
        let front = planned
            .first()
            .is_some_and(|&p| p == 0 && plan.pages[0].template == PageTemplate::Front);
        let photo_page = planned
            .iter()
            .any(|&p| plan.pages[p].template == PageTemplate::Photo);

        // The lead: kept first on the front page, else 头条, else the story
        // of the highest-ranked official, else what leads now.
        let lead: Option<Id> = if !front {
            None
        } else if let Some(k) = req
            .keep
            .iter()
            .find(|k| k.page == plan.pages[0].number && k.position == Some(1))
        {
            Some(k.article_id)
        } else {
            let by_now = |s: &&&Story| now_at.get(&s.id).copied().unwrap_or((usize::MAX, 0));
            stories
                .iter()
                .filter(|s| s.priority == TopicPriority::Headline)
                .min_by_key(by_now)
                .or_else(|| {
                    stories
                        .iter()
                        .filter(|s| s.rank.is_some())
                        .min_by_key(|s| (s.rank, by_now(s)))
                })
                .map(|s| s.id)
                .or_else(|| plan.pages[0].placements.first().map(|p| p.article_id))
        };

        // Measuring pages.
        let mut settings: Vec<(Setting, Vec<Id>)> = vec![];
        let all: Vec<Id> = stories.iter().map(|s| s.id).collect();
        let pictured: Vec<Id> = all
            .iter()
            .copied()
            .filter(|&id| has_images(doc, id))
            .collect();
        for w in 1..=cols {
            for scale in SCALES {
                let plain = Setting {
                    class: Class::Plain,
                    w,
                    img: None,
                    scale,
                };
                settings.push((plain, all.clone()));
                if pictured.is_empty() {
                    continue;
                }
                let narrower = (w > 1).then_some(w - 1);
                if let Some(img) = narrower {
                    settings.push((
                        Setting {
                            img: Some(img),
                            ..plain
                        },
                        pictured.clone(),
                    ));
                }
                if photo_page {
                    for img in std::iter::once(None).chain(narrower.map(Some)) {
                        settings.push((
                            Setting {
                                class: Class::Photo,
                                img,
                                ..plain
                            },
                            pictured.clone(),
                        ));
                    }
                }
            }
        }
        if let Some(l) = lead {
            for scale in SCALES {
                settings.push((
                    Setting {
                        class: Class::Lead,
                        w: cols,
                        img: None,
                        scale,
                    },
                    vec![l],
                ));
            }
        }
        let mut by_article: HashMap<Id, Vec<(Setting, Measure)>> = HashMap::new();
        let mut measured_pages = 0;
        for chunk in settings.chunks(zonepress_core::layout::MAX_PAGES) {
            let mut mdoc = doc.clone();
            mdoc.plan.pages = chunk
                .iter()
                .enumerate()
                .map(|(i, (set, ids))| PagePlan {
                    number: i as u8 + 1,
                    template: match set.class {
                        Class::Lead => PageTemplate::Front,
                        Class::Plain => PageTemplate::Inner,
                        Class::Photo => PageTemplate::Photo,
                    },
                    name: String::new(),
                    placements: ids.iter().map(|&id| set.placement(id, cols)).collect(),
                })
                .collect();
            measured_pages += chunk.len();
            let laid = self.layout_unchecked(&mdoc, assets)?;
            for m in laid.marks() {
                if let Some((page, me)) = measure_of(&m.kind) {
                    let set = chunk[usize::from(page) - 1].0;
                    by_article.entry(me.article).or_default().push((set, me));
                }
            }
        }

        // The problem.
        let room = |p: usize| Room {
            avail: avail
                .get(&plan.pages[p].number)
                .copied()
                .unwrap_or(geom.body_h),
            pitch: geom.pitch,
            cols: u32::from(cols),
            cpl: geom.cpl,
        };
        let pages: Vec<PageSpec> = planned
            .iter()
            .map(|&p| PageSpec {
                room: room(p),
                front: p == 0 && plan.pages[0].template == PageTemplate::Front,
                photo: plan.pages[p].template == PageTemplate::Photo,
            })
            .collect();
        let page_ix = |number: u8| planned.iter().position(|&p| plan.pages[p].number == number);
        let mut items = vec![];
        for s in &stories {
            let pictured = has_images(doc, s.id);
            let now = now_at
                .get(&s.id)
                .and_then(|&(p, at)| planned.iter().position(|&q| q == p).map(|pi| (pi, at)));
            let now_placement = now.map(|(pi, at)| &plan.pages[planned[pi]].placements[at]);
            let mut variants: Vec<Variant> = vec![];
            if let (Some((pi, at)), Some(pl), Some(me)) =
                (now, now_placement, now_measure.get(&s.id))
            {
                let class = if pages[pi].front && at == 0 {
                    Class::Lead
                } else if pages[pi].photo && pictured {
                    Class::Photo
                } else {
                    Class::Plain
                };
                variants.push(Variant {
                    class,
                    headline_span: pl.headline_span,
                    body_columns: pl.body_columns,
                    image_columns: pl.image_columns,
                    type_scale: pl.type_scale,
                    m: *me,
                    current: true,
                });
            }
            for (set, me) in by_article.get(&s.id).into_iter().flatten() {
                let p = set.placement(s.id, cols);
                let same = |v: &Variant| {
                    v.class == set.class
                        && v.headline_span.unwrap_or(cols) == p.headline_span.unwrap_or(cols)
                        && v.body_columns.unwrap_or(cols) == p.body_columns.unwrap_or(cols)
                        && v.image_columns == p.image_columns
                        && v.type_scale == p.type_scale
                };
                if variants.iter().any(same) {
                    continue;
                }
                variants.push(Variant {
                    class: set.class,
                    headline_span: p.headline_span,
                    body_columns: p.body_columns,
                    image_columns: p.image_columns,
                    type_scale: p.type_scale,
                    m: *me,
                    current: false,
                });
            }
            let keep = req
                .keep
                .iter()
                .find(|k| k.article_id == s.id)
                .and_then(|k| {
                    page_ix(k.page).map(|pi| (pi, k.position.map(|n| usize::from(n.max(1)) - 1)))
                });
            items.push(Item {
                priority: priority_key(s.priority),
                rank: s.rank,
                approved: s.approved,
                has_images: pictured,
                current: now,
                current_scale: now_placement.map(|p| p.type_scale),
                keep,
                variants,
            });
        }
        let lead_ix = lead.and_then(|l| stories.iter().position(|s| s.id == l));
        let problem = Problem {
            pages,
            items,
            lead: lead_ix,
            weights: Weights::default(),
        };

        // Search from several starts.
        let mut rng = Rng::new(req.seed);
        let mut pool = Pool::new(48);
        let mut bests: Vec<(State, f64)> = vec![];
        let mut searched = 0u64;
        for start in 0..STARTS {
            let s0 = if start == 0 {
                problem.start(&mut rng)
            } else {
                problem.random_start(&mut rng)
            };
            let Some(s0) = s0 else { continue };
            let (best, cost, scored) = problem.anneal(&mut rng, s0, STEPS, &mut pool);
            searched += scored;
            bests.push((best, cost));
        }
        bests.sort_by(|a, b| a.1.total_cmp(&b.1));
        let mut candidates: Vec<State> = vec![];
        for (s, _) in bests.into_iter().chain(pool.sorted()) {
            if !candidates.contains(&s) && problem.fits(&s).iter().all(|f| f.overflow == 0) {
                candidates.push(s);
            }
        }

        // Verify by typesetting.
        let count = req.count.clamp(1, MAX_SUGGESTIONS);
        let mut suggestions = vec![];
        let mut first_ms = 0;
        for s in candidates.iter().take(count * 4) {
            let cand = to_plan(plan, &planned, &problem, &stories, s);
            let mut cdoc = doc.clone();
            cdoc.plan = cand.clone();
            let fit = self.layout(&cdoc, assets)?.fit();
            if fit.iter().any(|f| f.overflow_chars > 0) {
                continue;
            }
            let score = problem.score(s, &problem.fits(s));
            suggestions.push(Suggestion {
                parts: parts(
                    &problem,
                    &pages_of(&planned, plan),
                    &fit,
                    &score,
                    s,
                    &stories,
                ),
                score: (score.total * 10.0).round() / 10.0,
                left_out: s
                    .out
                    .iter()
                    .map(|&i| LeftOut {
                        article_id: stories[i].id,
                        title: stories[i].title.clone(),
                        reason_zh: if stories[i].approved {
                            "版面容量不足，排不下".into()
                        } else {
                            "尚未签发，且版面容量不足".into()
                        },
                    })
                    .collect(),
                plan: cand,
                fit,
            });
            if suggestions.len() == 1 {
                first_ms = started.elapsed().as_millis() as u64;
            }
            if suggestions.len() == count {
                break;
            }
        }
        Ok(SuggestOutcome {
            suggestions,
            searched,
            first_ms,
            measured_pages,
        })
    }
}

fn pages_of(planned: &[usize], plan: &IssuePlan) -> Vec<u8> {
    planned.iter().map(|&p| plan.pages[p].number).collect()
}

/// The plan of state `s`: the planned pages as `s` has them, the others as
/// they are.
fn to_plan(
    plan: &IssuePlan,
    planned: &[usize],
    problem: &Problem,
    stories: &[&Story],
    s: &State,
) -> IssuePlan {
    let mut out = plan.clone();
    for (pi, &p) in planned.iter().enumerate() {
        out.pages[p].placements = s.pages[pi]
            .iter()
            .map(|&(i, v)| {
                let var = &problem.items[i].variants[v];
                Placement {
                    article_id: stories[i].id,
                    headline_span: var.headline_span,
                    body_columns: var.body_columns,
                    image_columns: var.image_columns,
                    type_scale: var.type_scale,
                }
            })
            .collect();
    }
    out
}

/// The parts of a suggestion's score, in Chinese.
fn parts(
    problem: &Problem,
    numbers: &[u8],
    fit: &[PageFit],
    score: &Score,
    s: &State,
    stories: &[&Story],
) -> Vec<ScorePart> {
    let mut out = vec![];
    let mut worst = 0.0f64;
    let shares: Vec<String> = numbers
        .iter()
        .zip(&problem.pages)
        .map(|(&n, page)| {
            let under = fit
                .iter()
                .find(|f| f.page == n)
                .map_or(0, |f| f.underfill_chars);
            let pct = f64::from(under) / page.room.capacity().max(1.0) * 100.0;
            worst = worst.max(pct);
            format!("第{n}版{pct:.1}%")
        })
        .collect();
    out.push(ScorePart {
        key: "empty".into(),
        label_zh: "版面空白".into(),
        detail_zh: shares.join("，"),
        value: (worst * 10.0).round() / 10.0,
        penalty: score.empty_penalty.round(),
    });
    out.push(ScorePart {
        key: "rank".into(),
        label_zh: "领导排序".into(),
        detail_zh: if score.rank_inversions == 0 {
            "报道顺序与领导排序一致".into()
        } else {
            format!("有{}处报道先后与领导排序不符", score.rank_inversions)
        },
        value: f64::from(score.rank_inversions),
        penalty: score.rank_penalty.round(),
    });
    out.push(ScorePart {
        key: "priority".into(),
        label_zh: "优先级".into(),
        detail_zh: if score.priority_inversions == 0 {
            "头条、重点稿件均在前".into()
        } else {
            format!("有{}处一般稿件排在重点稿件之前", score.priority_inversions)
        },
        value: f64::from(score.priority_inversions),
        penalty: score.priority_penalty.round(),
    });
    out.push(ScorePart {
        key: "moves".into(),
        label_zh: "改动".into(),
        detail_zh: if score.moved == 0 {
            "稿件位置与当前版面相同".into()
        } else if score.moved_pages == 0 {
            format!("调整{}篇稿件的顺序", score.moved)
        } else {
            format!("移动{}篇稿件，其中{}篇换版", score.moved, score.moved_pages)
        },
        value: f64::from(score.moved),
        penalty: score.moves_penalty.round(),
    });
    out.push(ScorePart {
        key: "scale".into(),
        label_zh: "字号".into(),
        detail_zh: if score.scale_changes == 0 {
            "未调整字号".into()
        } else {
            format!("{}篇稿件调整字号（不小于95%）", score.scale_changes)
        },
        value: f64::from(score.scale_changes),
        penalty: score.scale_penalty.round(),
    });
    if !s.out.is_empty() {
        let titles: Vec<String> = s
            .out
            .iter()
            .take(3)
            .map(|&i| format!("《{}》", stories[i].title))
            .collect();
        out.push(ScorePart {
            key: "left_out".into(),
            label_zh: "未排入".into(),
            detail_zh: format!("{}共{}篇排不下", titles.join(""), s.out.len()),
            value: s.out.len() as f64,
            penalty: score.left_out_penalty.round(),
        });
    }
    out
}
