//! The search: simulated annealing over page plans, each scored from the
//! measured articles with [`pack`] (no typesetting), from several starts.
//!
//! A state is, per page, the articles in order each with one of its
//! measured settings (width, type scale, photo width), and the articles
//! left out. A step moves one article (to another page or place, or out),
//! swaps two, or changes one's setting. The score is the sum of penalties
//! ([`Weights`]): overflow (a plan that overflows is never returned),
//! empty space, stories out of their officials' rank or their priority,
//! articles moved from the current plan, type-scale changes, articles left
//! out.

use std::collections::HashMap;

use super::pack::{Fit, Measure, Room, pack};

/// What each penalty costs, in points (a point is about one character of
/// empty space).
#[derive(Debug, Clone, Copy)]
pub struct Weights {
    pub overflow_char: f64,
    pub empty_char: f64,
    /// Per character of empty space beyond 4 % of a page.
    pub empty_char_beyond: f64,
    pub rank_same_page: f64,
    pub rank_across: f64,
    pub priority_same_page: f64,
    pub priority_across: f64,
    pub moved_page: f64,
    pub moved_place: f64,
    /// Per 5 % of type scale away from the current setting.
    pub scale_step: f64,
    /// A width or photo width other than the current one.
    pub resized: f64,
    pub left_out_approved: f64,
    pub left_out_other: f64,
}

impl Default for Weights {
    fn default() -> Self {
        Weights {
            overflow_char: 100.0,
            empty_char: 1.0,
            empty_char_beyond: 4.0,
            rank_same_page: 60.0,
            rank_across: 40.0,
            priority_same_page: 80.0,
            priority_across: 50.0,
            moved_page: 20.0,
            moved_place: 4.0,
            scale_step: 15.0,
            resized: 2.0,
            left_out_approved: 4000.0,
            left_out_other: 400.0,
        }
    }
}

/// Where a setting may be used.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Class {
    /// The first article of the front page (the largest headline).
    Lead,
    /// Anywhere else but a photo page (or anywhere, for an article without
    /// photos: the photo page only changes captions).
    Plain,
    /// On a photo page (captions set as stories).
    Photo,
}

/// One setting of an article, with its measure.
#[derive(Debug, Clone)]
pub struct Variant {
    pub class: Class,
    /// The placement's fields as the plan stores them.
    pub headline_span: Option<u8>,
    pub body_columns: Option<u8>,
    pub image_columns: Option<u8>,
    pub type_scale: u16,
    pub m: Measure,
    /// The article's setting in the current plan.
    pub current: bool,
}

/// One article to plan.
#[derive(Debug, Clone)]
pub struct Item {
    /// Lower sorts first: (priority 0 头条 / 1 重点 / 2 一般).
    pub priority: u8,
    /// The highest rank of the officials it names.
    pub rank: Option<u32>,
    pub approved: bool,
    pub has_images: bool,
    /// Page index and place in the current plan.
    pub current: Option<(usize, usize)>,
    pub current_scale: Option<u16>,
    /// Pinned to a page (and a place).
    pub keep: Option<(usize, Option<usize>)>,
    pub variants: Vec<Variant>,
}

/// A page to plan.
#[derive(Debug, Clone, Copy)]
pub struct PageSpec {
    pub room: Room,
    pub front: bool,
    pub photo: bool,
}

/// The problem the search is given.
#[derive(Debug, Clone)]
pub struct Problem {
    pub pages: Vec<PageSpec>,
    pub items: Vec<Item>,
    /// The item that must lead the front page (`pages[0]` when `front`).
    pub lead: Option<usize>,
    pub weights: Weights,
}

/// A plan: per page, (item, variant) in order; and what is left out.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct State {
    pub pages: Vec<Vec<(usize, usize)>>,
    pub out: Vec<usize>,
}

/// The penalties of a state, by part.
#[derive(Debug, Clone, Copy, Default)]
pub struct Score {
    pub overflow: u32,
    pub empty_penalty: f64,
    pub rank_inversions: u32,
    pub rank_penalty: f64,
    pub priority_inversions: u32,
    pub priority_penalty: f64,
    pub moved: u32,
    pub moved_pages: u32,
    pub moves_penalty: f64,
    pub scale_changes: u32,
    pub scale_penalty: f64,
    pub left_out_penalty: f64,
    pub total: f64,
}

/// A small deterministic generator (SplitMix64): the same seed gives the
/// same suggestions.
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Rng {
        Rng(seed ^ 0x9e37_79b9_7f4a_7c15)
    }

    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }

    /// 0..n (n > 0).
    pub fn below(&mut self, n: usize) -> usize {
        (self.next_u64() % n.max(1) as u64) as usize
    }

    /// [0, 1).
    pub fn unit(&mut self) -> f64 {
        (self.next_u64() >> 11) as f64 / (1u64 << 53) as f64
    }
}

impl Problem {
    /// May variant `v` of item `i` stand at place `at` of page `p`?
    fn allowed(&self, i: usize, v: usize, p: usize, at: usize) -> bool {
        let var = &self.items[i].variants[v];
        let page = &self.pages[p];
        if page.front && at == 0 {
            return var.class == Class::Lead;
        }
        match var.class {
            Class::Lead => false,
            Class::Plain => !(page.photo && self.items[i].has_images),
            Class::Photo => page.photo,
        }
    }

    /// The variants of item `i` allowed at (`p`, `at`).
    fn choices(&self, i: usize, p: usize, at: usize) -> Vec<usize> {
        (0..self.items[i].variants.len())
            .filter(|&v| self.allowed(i, v, p, at))
            .collect()
    }

    /// Is the state one the rules allow (lead first, kept where kept,
    /// every variant allowed where it stands)?
    pub fn valid(&self, s: &State) -> bool {
        if let (Some(l), Some(first)) = (self.lead, self.pages.first())
            && first.front
            && s.pages[0].first().map(|x| x.0) != Some(l)
        {
            return false;
        }
        for (p, page) in s.pages.iter().enumerate() {
            for (at, &(i, v)) in page.iter().enumerate() {
                if !self.allowed(i, v, p, at) {
                    return false;
                }
                if let Some((kp, kat)) = self.items[i].keep
                    && (kp != p || kat.is_some_and(|k| k != at))
                {
                    return false;
                }
            }
        }
        s.out.iter().all(|&i| self.items[i].keep.is_none())
    }

    fn page_fit(&self, p: usize, page: &[(usize, usize)]) -> Fit {
        let ms: Vec<&Measure> = page
            .iter()
            .map(|&(i, v)| &self.items[i].variants[v].m)
            .collect();
        pack(&self.pages[p].room, &ms)
    }

    fn page_penalty(&self, p: usize, fit: Fit) -> f64 {
        let w = &self.weights;
        let cap = self.pages[p].room.capacity();
        let empty = f64::from(fit.underfill);
        f64::from(fit.overflow) * w.overflow_char
            + empty * w.empty_char
            + (empty - 0.04 * cap).max(0.0) * w.empty_char_beyond
    }

    /// Every penalty of `s`, with the fits of its pages.
    pub fn score(&self, s: &State, fits: &[Fit]) -> Score {
        let w = &self.weights;
        let mut sc = Score::default();
        for (p, fit) in fits.iter().enumerate() {
            sc.overflow += fit.overflow;
            sc.empty_penalty += self.page_penalty(p, *fit);
        }
        // Reading order: page, then place.
        let order: Vec<(usize, usize, usize)> = s
            .pages
            .iter()
            .enumerate()
            .flat_map(|(p, page)| page.iter().enumerate().map(move |(at, &(i, _))| (p, at, i)))
            .collect();
        for (a, &(pa, _, ia)) in order.iter().enumerate() {
            let x = &self.items[ia];
            for &(pb, _, ib) in &order[a + 1..] {
                let y = &self.items[ib];
                let same = pa == pb;
                if let (Some(ra), Some(rb)) = (x.rank, y.rank)
                    && rb < ra
                {
                    sc.rank_inversions += 1;
                    sc.rank_penalty += if same {
                        w.rank_same_page
                    } else {
                        w.rank_across
                    };
                }
                if y.priority < x.priority {
                    sc.priority_inversions += 1;
                    sc.priority_penalty += if same {
                        w.priority_same_page
                    } else {
                        w.priority_across
                    };
                }
            }
        }
        for &(p, at, i) in &order {
            let item = &self.items[i];
            let var = &item.variants[s.pages[p][at].1];
            if let Some((cp, cat)) = item.current {
                if cp != p {
                    sc.moved += 1;
                    sc.moved_pages += 1;
                    sc.moves_penalty += w.moved_page;
                } else if cat != at {
                    sc.moved += 1;
                    sc.moves_penalty += w.moved_place;
                }
                if !var.current {
                    sc.moves_penalty += w.resized;
                }
            }
            let was = item.current_scale.unwrap_or(100);
            if var.type_scale != was {
                sc.scale_changes += 1;
                sc.scale_penalty += f64::from(var.type_scale.abs_diff(was)) / 5.0 * w.scale_step;
            }
        }
        for &i in &s.out {
            sc.left_out_penalty += if self.items[i].approved {
                w.left_out_approved
            } else {
                w.left_out_other
            };
        }
        sc.total = sc.empty_penalty
            + sc.rank_penalty
            + sc.priority_penalty
            + sc.moves_penalty
            + sc.scale_penalty
            + sc.left_out_penalty;
        sc
    }

    pub fn fits(&self, s: &State) -> Vec<Fit> {
        s.pages
            .iter()
            .enumerate()
            .map(|(p, page)| self.page_fit(p, page))
            .collect()
    }

    /// The variant of `i` at (`p`, `at`) closest to `like` (same width and
    /// scale if it can), or a random allowed one.
    fn fit_variant(
        &self,
        rng: &mut Rng,
        i: usize,
        like: Option<usize>,
        p: usize,
        at: usize,
    ) -> Option<usize> {
        let choices = self.choices(i, p, at);
        if choices.is_empty() {
            return None;
        }
        if let Some(l) = like {
            if choices.contains(&l) {
                return Some(l);
            }
            let lv = &self.items[i].variants[l];
            if let Some(&c) = choices.iter().find(|&&c| {
                let v = &self.items[i].variants[c];
                v.m.w == lv.m.w && v.type_scale == lv.type_scale
            }) {
                return Some(c);
            }
        }
        Some(choices[rng.below(choices.len())])
    }

    /// Give every placed article a variant allowed where it now stands.
    fn settle(&self, rng: &mut Rng, s: &mut State) -> bool {
        for p in 0..s.pages.len() {
            for at in 0..s.pages[p].len() {
                let (i, v) = s.pages[p][at];
                if !self.allowed(i, v, p, at) {
                    match self.fit_variant(rng, i, Some(v), p, at) {
                        Some(nv) => s.pages[p][at].1 = nv,
                        None => return false,
                    }
                }
            }
        }
        true
    }

    /// One random step from `s`, or `None` when the step breaks a rule.
    fn step(&self, rng: &mut Rng, s: &State) -> Option<State> {
        let mut t = s.clone();
        let movable: Vec<usize> = (0..self.items.len())
            .filter(|&i| self.items[i].keep.is_none() && Some(i) != self.lead)
            .collect();
        if movable.is_empty() {
            return None;
        }
        let roll = rng.unit();
        if roll < 0.45 {
            // Move one article to a page and place, or out.
            let i = movable[rng.below(movable.len())];
            let from = locate(&t, i);
            let var = match from {
                Some((p, at)) => Some(t.pages[p].remove(at).1),
                None => {
                    t.out.retain(|&x| x != i);
                    None
                }
            };
            if from.is_some() && rng.unit() < 0.03 {
                t.out.push(i);
            } else {
                let p = rng.below(t.pages.len());
                let lo = usize::from(self.pages[p].front && self.lead.is_some());
                let hi = t.pages[p].len();
                let at = if hi >= lo {
                    lo + rng.below(hi - lo + 1)
                } else {
                    hi
                };
                let v = self.fit_variant(rng, i, var, p, at)?;
                t.pages[p].insert(at, (i, v));
            }
        } else if roll < 0.65 {
            // Swap two placed articles.
            let a = movable[rng.below(movable.len())];
            let b = movable[rng.below(movable.len())];
            let (Some((pa, ia)), Some((pb, ib))) = (locate(&t, a), locate(&t, b)) else {
                return None;
            };
            if a == b {
                return None;
            }
            let va = t.pages[pa][ia].1;
            let vb = t.pages[pb][ib].1;
            t.pages[pa][ia] = (b, vb);
            t.pages[pb][ib] = (a, va);
        } else {
            // Another setting for one placed article (the lead's scale too).
            let mut any: Vec<usize> = movable.clone();
            any.extend(self.lead);
            let i = any[rng.below(any.len())];
            let (p, at) = locate(&t, i)?;
            let choices = self.choices(i, p, at);
            if choices.len() < 2 {
                return None;
            }
            t.pages[p][at].1 = choices[rng.below(choices.len())];
        }
        if !self.settle(rng, &mut t) || !self.valid(&t) {
            return None;
        }
        Some(t)
    }

    /// A starting state: the current plan made valid (kept and lead where
    /// they must be, the rest as they were, new articles out).
    pub fn start(&self, rng: &mut Rng) -> Option<State> {
        let mut s = State {
            pages: vec![vec![]; self.pages.len()],
            out: vec![],
        };
        let mut placed: Vec<(usize, usize, usize)> = vec![];
        for (i, item) in self.items.iter().enumerate() {
            match item.current {
                Some((p, at)) => placed.push((p, at, i)),
                None => s.out.push(i),
            }
        }
        placed.sort_unstable();
        for (p, _, i) in placed {
            let v = self.items[i]
                .variants
                .iter()
                .position(|v| v.current)
                .unwrap_or(0);
            s.pages[p].push((i, v));
        }
        self.arrange(rng, s)
    }

    /// A random starting state: every movable article dealt to a random
    /// page, in random order.
    pub fn random_start(&self, rng: &mut Rng) -> Option<State> {
        let mut s = State {
            pages: vec![vec![]; self.pages.len()],
            out: vec![],
        };
        let mut free = vec![];
        for (i, item) in self.items.iter().enumerate() {
            if item.keep.is_some() || Some(i) == self.lead {
                let p = item.keep.map_or(0, |k| k.0);
                let v = item.variants.iter().position(|v| v.current).unwrap_or(0);
                s.pages[p].push((i, v));
            } else {
                free.push(i);
            }
        }
        // Fisher–Yates.
        for k in (1..free.len()).rev() {
            free.swap(k, rng.below(k + 1));
        }
        for i in free {
            let p = rng.below(self.pages.len());
            let v = self.items[i]
                .variants
                .iter()
                .position(|v| v.current)
                .unwrap_or(0);
            s.pages[p].push((i, v));
        }
        self.arrange(rng, s)
    }

    /// Put the lead first on the front page and kept articles at their
    /// places, then settle the variants.
    fn arrange(&self, rng: &mut Rng, mut s: State) -> Option<State> {
        if let Some(l) = self.lead
            && self.pages.first().is_some_and(|p| p.front)
        {
            let v = take(&mut s, l).unwrap_or_else(|| {
                self.items[l]
                    .variants
                    .iter()
                    .position(|v| v.current)
                    .unwrap_or(0)
            });
            s.pages[0].insert(0, (l, v));
        }
        let mut kept: Vec<(usize, usize, Option<usize>)> = self
            .items
            .iter()
            .enumerate()
            .filter_map(|(i, it)| it.keep.map(|(p, at)| (i, p, at)))
            .collect();
        kept.sort_by_key(|&(_, p, at)| (p, at));
        for (i, p, at) in kept {
            let v = take(&mut s, i).unwrap_or_else(|| {
                self.items[i]
                    .variants
                    .iter()
                    .position(|v| v.current)
                    .unwrap_or(0)
            });
            let at = at.unwrap_or(s.pages[p].len()).min(s.pages[p].len());
            s.pages[p].insert(at, (i, v));
        }
        (self.settle(rng, &mut s) && self.valid(&s)).then_some(s)
    }

    /// Anneal from `start` for `steps` steps; answers the best state seen,
    /// how many states were scored, and the best few distinct states.
    pub fn anneal(
        &self,
        rng: &mut Rng,
        start: State,
        steps: usize,
        pool: &mut Pool,
    ) -> (State, f64, u64) {
        let mut cur = start;
        let mut cur_cost = self.score(&cur, &self.fits(&cur)).total_with_overflow(self);
        let mut best = cur.clone();
        let mut best_cost = cur_cost;
        let mut scored = 1u64;
        let (t0, t1) = (400.0f64, 0.5f64);
        for k in 0..steps {
            let temp = t0 * (t1 / t0).powf(k as f64 / steps.max(1) as f64);
            let Some(next) = self.step(rng, &cur) else {
                continue;
            };
            let fits = self.fits(&next);
            let sc = self.score(&next, &fits);
            let cost = sc.total_with_overflow(self);
            scored += 1;
            if cost <= cur_cost || rng.unit() < ((cur_cost - cost) / temp).exp() {
                cur = next;
                cur_cost = cost;
                if sc.overflow == 0 {
                    pool.offer(&cur, cost);
                }
                if cost < best_cost {
                    best = cur.clone();
                    best_cost = cost;
                }
            }
        }
        (best, best_cost, scored)
    }
}

impl Score {
    /// The total with overflow, which the search pays for and a returned
    /// plan never has.
    pub fn total_with_overflow(&self, p: &Problem) -> f64 {
        self.total + f64::from(self.overflow) * p.weights.overflow_char
    }
}

fn locate(s: &State, i: usize) -> Option<(usize, usize)> {
    s.pages
        .iter()
        .enumerate()
        .find_map(|(p, page)| page.iter().position(|x| x.0 == i).map(|at| (p, at)))
}

/// Remove `i` from wherever it is; answers its variant if it was placed.
fn take(s: &mut State, i: usize) -> Option<usize> {
    s.out.retain(|&x| x != i);
    let (p, at) = locate(s, i)?;
    Some(s.pages[p].remove(at).1)
}

/// The best distinct states seen without predicted overflow.
#[derive(Debug, Default)]
pub struct Pool {
    states: HashMap<State, f64>,
    limit: usize,
}

impl Pool {
    pub fn new(limit: usize) -> Pool {
        Pool {
            states: HashMap::new(),
            limit,
        }
    }

    fn offer(&mut self, s: &State, cost: f64) {
        if self.states.len() >= self.limit {
            let worst = self
                .states
                .iter()
                .max_by(|a, b| a.1.total_cmp(b.1))
                .map(|(k, v)| (k.clone(), *v));
            match worst {
                Some((k, v)) if v > cost => {
                    self.states.remove(&k);
                }
                _ => return,
            }
        }
        self.states.entry(s.clone()).or_insert(cost);
    }

    /// Best first.
    pub fn sorted(&self) -> Vec<(State, f64)> {
        let mut v: Vec<(State, f64)> = self.states.iter().map(|(k, v)| (k.clone(), *v)).collect();
        v.sort_by(|a, b| a.1.total_cmp(&b.1).then_with(|| a.0.cmp(&b.0)));
        v
    }
}
