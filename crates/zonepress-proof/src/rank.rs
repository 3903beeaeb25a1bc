//! 排序: ranked officials named in one enumeration follow their rank.
//!
//! An enumeration is a run of names joined by `、` or `，`, each name after
//! the first optionally led by its title: `金锋、李贵军等出席`,
//! `开发区党工委书记张海峰，管委会主任陈思远出席`. A clause between two
//! names (`张海峰致辞，管委会主任陈思远主持`) ends the run. Names without a
//! rank (on the issue's date) take no part, and an unranked name in the
//! middle ends the run too. The fix moves each name with its title; it is
//! offered only when every title in the run can be told apart from the
//! text around it.

use std::collections::HashMap;

use aho_corasick::{AhoCorasick, MatchKind};
use chrono::NaiveDate;

use crate::model::{CheckContext, RosterEntry, Severity};
use crate::rule;
use crate::text::{Doc, Sink, is_han};

/// Words a title ends with, for titles the roster does not list.
const TITLE_ENDS: &[&str] = &[
    "书记",
    "主任",
    "部长",
    "局长",
    "委员",
    "主席",
    "市长",
    "区长",
    "县长",
    "镇长",
    "厅长",
    "处长",
    "科长",
    "经理",
    "董事长",
    "秘书长",
    "院长",
    "校长",
    "所长",
    "站长",
    "队长",
    "组长",
    "同志",
    "代表",
    "负责人",
    "总监",
    "行长",
    "主管",
];
/// The longest title text between a separator and the next name.
const MAX_TITLE: usize = 24;

/// One ranked entry of a name: its rank and the period it holds.
type Ranked = (u32, Option<NaiveDate>, Option<NaiveDate>);

enum Pat {
    Name(usize),
    Title,
}

pub(crate) struct RankIndex {
    ac: Option<AhoCorasick>,
    pats: Vec<Pat>,
    /// Per ranked name: its entries' (rank, from, to).
    ranks: Vec<(String, Vec<Ranked>)>,
    /// Every roster title (to tell a title before a name).
    titles: Vec<String>,
}

/// A ranked name found in the text.
struct Named {
    start: usize,
    /// The name's end, or past a parenthesised title right after the name.
    unit_end: usize,
    name: usize,
    rank: u32,
}

impl RankIndex {
    pub fn new(roster: &[RosterEntry]) -> RankIndex {
        let mut ranks: Vec<(String, Vec<Ranked>)> = vec![];
        let mut by_name: HashMap<String, usize> = HashMap::new();
        let mut titles: Vec<String> = vec![];
        for e in roster {
            let (name, title) = (e.name.trim(), e.title.trim());
            if !title.is_empty() && !titles.iter().any(|t| t == title) {
                titles.push(title.to_owned());
            }
            let (Some(rank), false) = (e.rank, name.is_empty()) else {
                continue;
            };
            let k = *by_name.entry(name.to_owned()).or_insert_with(|| {
                ranks.push((name.to_owned(), vec![]));
                ranks.len() - 1
            });
            ranks[k].1.push((rank, e.valid_from, e.valid_to));
        }
        if ranks.len() < 2 {
            return RankIndex {
                ac: None,
                pats: vec![],
                ranks,
                titles,
            };
        }
        let mut texts: Vec<&str> = vec![];
        let mut pats = vec![];
        for (i, (name, _)) in ranks.iter().enumerate() {
            texts.push(name);
            pats.push(Pat::Name(i));
        }
        for t in &titles {
            texts.push(t);
            pats.push(Pat::Title);
        }
        let ac = AhoCorasick::builder()
            .match_kind(MatchKind::LeftmostLongest)
            .build(&texts)
            .ok();
        RankIndex {
            ac,
            pats,
            ranks,
            titles,
        }
    }

    /// The rank of name `k` on `date`: the highest of its entries in force.
    fn rank_of(&self, k: usize, date: Option<NaiveDate>) -> Option<u32> {
        self.ranks[k]
            .1
            .iter()
            .filter(|(_, from, to)| {
                date.is_none_or(|d| from.is_none_or(|f| f <= d) && to.is_none_or(|t| d <= t))
            })
            .map(|(r, ..)| *r)
            .min()
    }

    pub fn check(&self, doc: &Doc, ctx: &CheckContext, out: &mut Sink) {
        let Some(ac) = &self.ac else { return };
        let mut cursor = doc.cursor();
        let mut named: Vec<Named> = vec![];
        for m in ac.find_iter(doc.text) {
            let Pat::Name(k) = self.pats[m.pattern().as_usize()] else {
                continue;
            };
            let start = cursor.at(m.start());
            let end = cursor.at(m.end());
            let Some(rank) = self.rank_of(k, ctx.issue_date) else {
                continue;
            };
            named.push(Named {
                start,
                unit_end: paren_end(doc, end).unwrap_or(end),
                name: k,
                rank,
            });
        }
        // Runs of names joined into one enumeration; for each link, where
        // the next unit starts (right after the separator) and whether its
        // title is one we can tell.
        let mut i = 0;
        while i < named.len() {
            let mut run = vec![i];
            let mut starts = vec![0usize];
            let mut sure = true;
            while let Some(next) = named.get(run[run.len() - 1] + 1) {
                let prev = &named[run[run.len() - 1]];
                match self.link(doc, prev.unit_end, next.start) {
                    Some((unit_start, told)) => {
                        run.push(run[run.len() - 1] + 1);
                        starts.push(unit_start);
                        sure &= told;
                    }
                    None => break,
                }
            }
            i = run[run.len() - 1] + 1;
            if run.len() < 2 || run.windows(2).all(|w| named[w[0]].rank <= named[w[1]].rank) {
                continue;
            }
            let first = &named[run[0]];
            let lead = self.title_before(doc, first.start);
            starts[0] = first.start - lead;
            let any_titles = run
                .iter()
                .zip(&starts)
                .skip(1)
                .any(|(&k, &s)| s < named[k].start);
            sure &= lead > 0 || !any_titles;
            // Units in text order, then in rank order (stable: equal ranks
            // keep their order).
            let units: Vec<(usize, usize)> = run
                .iter()
                .zip(&starts)
                .map(|(&k, &s)| (s, named[k].unit_end))
                .collect();
            let mut order: Vec<usize> = (0..run.len()).collect();
            order.sort_by_key(|&u| named[run[u]].rank);
            let expected: Vec<&str> = order
                .iter()
                .map(|&u| self.ranks[named[run[u]].name].0.as_str())
                .collect();
            let from = units[0].0;
            let to = units[units.len() - 1].1;
            let fix = sure.then(|| {
                let mut s = String::new();
                for (slot, &u) in order.iter().enumerate() {
                    s.push_str(&doc.slice(units[u].0, units[u].1));
                    if slot + 1 < units.len() {
                        // The separator as written between slot and slot + 1.
                        s.push_str(&doc.slice(units[slot].1, units[slot + 1].0));
                    }
                }
                s
            });
            out.push(
                rule::ROSTER_RANK_ORDER,
                Severity::Warning,
                from,
                to,
                format!("领导同志应按排序列名，应为：{}", expected.join("、")),
                format!(
                    "officials should be named in rank order: {}",
                    expected.join(", ")
                ),
                fix,
            );
        }
    }

    /// Whether the text between a name (ending at `end`) and the next one
    /// (at `next`) joins them in one enumeration: a separator, then nothing
    /// or a title. Answers where the next unit starts and whether its title
    /// is certain (empty or the roster's).
    fn link(&self, doc: &Doc, end: usize, next: usize) -> Option<(usize, bool)> {
        if next <= end {
            return None;
        }
        let sep = doc.at(end);
        if sep != '、' && sep != '，' {
            return None;
        }
        let rest: String = doc.slice(end + 1, next);
        if rest.is_empty() {
            return Some((end + 1, true));
        }
        let n = rest.chars().count();
        if n > MAX_TITLE || rest.chars().any(|c| !is_han(c) && c != '、') {
            return None;
        }
        if self.strip_titles(&rest) == 0 {
            return Some((end + 1, true));
        }
        (!rest.contains('、') && TITLE_ENDS.iter().any(|t| rest.ends_with(t)))
            .then_some((end + 1, false))
    }

    /// How many chars of roster titles (joined by `、`) `s` ends with,
    /// counted as what is left before them (0: all of `s` is titles).
    fn strip_titles(&self, s: &str) -> usize {
        let mut rest = s;
        loop {
            let Some(t) = self
                .titles
                .iter()
                .filter(|t| rest.ends_with(t.as_str()))
                .max_by_key(|t| t.len())
            else {
                return rest.chars().count();
            };
            rest = &rest[..rest.len() - t.len()];
            if rest.is_empty() {
                return 0;
            }
            match rest.strip_suffix('、') {
                Some(r) if !r.is_empty() => rest = r,
                _ => return rest.chars().count(),
            }
        }
    }

    /// The length of the roster titles right before `start` (0 if none).
    fn title_before(&self, doc: &Doc, start: usize) -> usize {
        let from = start.saturating_sub(MAX_TITLE * 2);
        let before = doc.slice(from, start);
        let left = self.strip_titles(&before);
        let total = before.chars().count();
        if left == total {
            return 0;
        }
        // Only whole titles: a leading 、 left over belongs to the text.
        let mut n = total - left;
        let chars: Vec<char> = before.chars().collect();
        while n > 0 && chars[total - n] == '、' {
            n -= 1;
        }
        n
    }
}

/// The end of a parenthesised title right after a name: `陈思远（管委会主任）`.
fn paren_end(doc: &Doc, end: usize) -> Option<usize> {
    if doc.at(end) != '（' {
        return None;
    }
    (end + 1..doc.len().min(end + 2 + MAX_TITLE * 2))
        .find(|&i| doc.at(i) == '）')
        .map(|i| i + 1)
}

#[cfg(test)]
mod tests {
    use crate::rule::ROSTER_RANK_ORDER;
    use crate::{CheckContext, Checker, RosterEntry};

    fn checker() -> Checker {
        Checker::new(
            &[
                RosterEntry::new("金锋", "开发区党工委书记").ranked(1),
                RosterEntry::new("李贵军", "开发区管委会主任").ranked(2),
                RosterEntry::new("赵一鸣", "开发区管委会副主任").ranked(3),
                RosterEntry::new("钱多多", "开发区招商局局长"),
            ],
            &[],
        )
    }

    fn order(text: &str) -> Vec<(usize, usize, String, Option<String>)> {
        checker()
            .check(text, &CheckContext::default())
            .into_iter()
            .filter(|f| f.rule == ROSTER_RANK_ORDER)
            .map(|f| (f.start, f.end, f.message_zh, f.replacement))
            .collect()
    }

    #[test]
    fn names_in_rank_order_pass() {
        for t in [
            "金锋、李贵军等出席。",
            "金锋、李贵军、赵一鸣参加调研。",
            "开发区党工委书记金锋，开发区管委会主任李贵军出席。",
            // Separate clauses are no enumeration.
            "李贵军主持会议，金锋讲话。",
            "李贵军致辞，开发区党工委书记金锋出席。",
            // An unranked official takes no part and ends the run.
            "李贵军、钱多多、金锋出席。",
            "李贵军。金锋。",
        ] {
            assert_eq!(order(t), vec![], "{t}");
        }
    }

    #[test]
    fn names_out_of_rank_order_are_reordered() {
        let f = order("李贵军、金锋等出席。");
        assert_eq!(f.len(), 1);
        let (start, end, msg, fix) = &f[0];
        assert_eq!((*start, *end), (0, 6));
        assert_eq!(msg, "领导同志应按排序列名，应为：金锋、李贵军");
        assert_eq!(fix.as_deref(), Some("金锋、李贵军"));

        let f = order("赵一鸣、金锋、李贵军参加调研。");
        assert_eq!(f[0].3.as_deref(), Some("金锋、李贵军、赵一鸣"));
    }

    #[test]
    fn titles_move_with_their_names() {
        let t = "开发区管委会主任李贵军，开发区党工委书记金锋出席。";
        let f = order(t);
        assert_eq!(f.len(), 1);
        assert_eq!(
            f[0].3.as_deref(),
            Some("开发区党工委书记金锋，开发区管委会主任李贵军")
        );
        // A title the roster does not know before the first name: the
        // warning stands, the fix is not certain.
        let f = order("常务副区长李贵军、开发区党工委书记金锋出席。");
        assert_eq!(f.len(), 1);
        assert_eq!(f[0].3, None);
        // Parenthesised titles go along.
        let f = order("李贵军（开发区管委会主任）、金锋（开发区党工委书记）出席。");
        assert_eq!(
            f[0].3.as_deref(),
            Some("金锋（开发区党工委书记）、李贵军（开发区管委会主任）")
        );
    }

    #[test]
    fn ranks_count_on_the_issue_date_only() {
        let date = |m| chrono::NaiveDate::from_ymd_opt(2026, m, 1).expect("date");
        let mut early = RosterEntry::new("金锋", "开发区党工委书记").ranked(1);
        early.valid_to = Some(date(3));
        let c = Checker::new(
            &[
                early,
                RosterEntry::new("李贵军", "开发区管委会主任").ranked(2),
            ],
            &[],
        );
        let ctx = |m| CheckContext {
            issue_date: Some(date(m)),
        };
        let t = "李贵军、金锋等出席。";
        let count = |m| {
            c.check(t, &ctx(m))
                .iter()
                .filter(|f| f.rule == ROSTER_RANK_ORDER)
                .count()
        };
        assert_eq!(count(2), 1);
        assert_eq!(count(9), 0, "金锋 no longer in office: no rank");
    }
}
