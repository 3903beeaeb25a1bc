//! The official roster: a name printed next to a title must be a person who
//! holds that title (on the issue's date, when it is known).
//!
//! Recognised shapes, all with full roster titles only:
//! - title then name: `管委会主任王建国`, `开发区党工委副书记、管委会主任王建国`;
//! - name then title: `王建国（开发区管委会主任）`, `王建国管委会主任`.
//!
//! `王建国主任` is fine (主任 alone is no roster title), as is a title the
//! roster does not know. A title right after 原/前/时任/副/常务 … is
//! somebody else's or a former post and is left alone. After a title, an
//! unknown name is only recognised when it starts with a common surname and
//! is followed by punctuation or a word like 出席/主持/同志; such findings
//! are warnings.

use std::collections::HashMap;

use aho_corasick::{AhoCorasick, AhoCorasickKind, MatchKind};
use chrono::NaiveDate;

use crate::model::{CheckContext, RosterEntry, Severity};
use crate::rule;
use crate::text::{Doc, Sink, is_han, is_space};

#[derive(Default, Clone)]
struct Pattern {
    title: Option<usize>,
    name: Option<usize>,
}

pub(crate) struct RosterIndex {
    ac: Option<AhoCorasick>,
    patterns: Vec<Pattern>,
    titles: Vec<String>,
    names: Vec<String>,
    entries: Vec<RosterEntry>,
    /// title index → entry indices
    by_title: Vec<Vec<usize>>,
    /// name index → entry indices
    by_name: Vec<Vec<usize>>,
}

/// A roster title or name found in the text (char offsets).
#[derive(Clone, Copy)]
struct Hit {
    start: usize,
    end: usize,
    title: Option<usize>,
    name: Option<usize>,
}

/// A name after a title: known (roster index) or guessed (surname + 1–2).
#[derive(Clone)]
struct NameAt {
    start: usize,
    end: usize,
    name: Option<usize>,
    text: String,
}

#[derive(PartialEq, Clone, Copy)]
enum Order {
    TitleThenName,
    NameThenTitle,
}

/// Common surnames, less those that mostly start ordinary words (于是,
/// 向大家, 和, 时, 全面, 明确 …).
const SURNAMES: &str = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付傅方白邹孟熊秦邱江尹薛闫阎段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔汤常康施牛樊葛邢乔伍庞颜倪庄聂章鲁岳翟殷詹申耿关兰焦俞左柳甘祝包宁尚符舒阮柯纪梅童凌毕单季裴霍涂苗谷盛曲翁冉骆蓝游辛靳柴蒙鲍华喻祁蒲房滕屈饶牟艾尤阳穆司卓吉缪芦褚娄窦戚岑宫费卜冷晏席卫米柏宗瞿桂佟臧闵苟邬卞姬仇栾隋刁沙荣巫寇桑郎甄丛仲虞敖巩佘池查麻苑迟邝";
/// Characters that do not occur in a name (the guess stops there).
const NOT_IN_NAME: &str = "的地得了着过们是在和与及对为等也就都而说上下会";
/// What may follow a guessed name.
const AFTER_NAME: &[&str] = &[
    "出席", "主持", "讲话", "致辞", "表示", "指出", "强调", "要求", "陪同", "参加", "会见", "带队",
    "率队", "一行", "同志", "调研", "宣布", "看望", "慰问", "检查", "考察", "接见", "会谈", "签署",
    "见证", "听取", "作了", "等", "在", "对", "为", "与", "和", "及", "一同", "先后", "分别",
    "代表", "带领", "走访", "来到", "深入", "前往", "实地", "详细", "认真", "充分", "首先", "最后",
    "还", "也", "就", "向", "给", "说", "希望", "提出", "介绍", "通报", "传达", "部署", "作出",
    "批示", "亲自", "现场", "专程", "主动", "作",
];
/// Marks a title as a former, deputy or acting post, or somebody else's.
const QUALIFIERS: &[&str] = &[
    "原", "前", "老", "代", "副", "时任", "曾任", "首任", "历任", "常务", "执行", "挂职", "离任",
    "退休", "原任", "前任", "兼任",
    // another body's post: 市财政局局长 is not the zone's 财政局局长
    "市", "省", "县", "州", "镇", "乡", "国家", "中央", "街道",
];

impl RosterIndex {
    pub fn new(roster: &[RosterEntry]) -> RosterIndex {
        let mut titles: Vec<String> = Vec::new();
        let mut names: Vec<String> = Vec::new();
        let mut title_ix: HashMap<String, usize> = HashMap::new();
        let mut name_ix: HashMap<String, usize> = HashMap::new();
        let mut by_title: Vec<Vec<usize>> = Vec::new();
        let mut by_name: Vec<Vec<usize>> = Vec::new();
        let mut entries = Vec::new();
        for e in roster {
            let (name, title) = (e.name.trim(), e.title.trim());
            if name.is_empty() || title.is_empty() {
                continue;
            }
            let k = entries.len();
            entries.push(RosterEntry {
                name: name.to_owned(),
                title: title.to_owned(),
                ..e.clone()
            });
            let t = *title_ix.entry(title.to_owned()).or_insert_with(|| {
                titles.push(title.to_owned());
                by_title.push(Vec::new());
                titles.len() - 1
            });
            by_title[t].push(k);
            let n = *name_ix.entry(name.to_owned()).or_insert_with(|| {
                names.push(name.to_owned());
                by_name.push(Vec::new());
                names.len() - 1
            });
            by_name[n].push(k);
        }
        let mut pattern_ix: HashMap<&str, usize> = HashMap::new();
        let mut patterns: Vec<Pattern> = Vec::new();
        let mut texts: Vec<&str> = Vec::new();
        for (t, title) in titles.iter().enumerate() {
            let p = *pattern_ix.entry(title).or_insert_with(|| {
                texts.push(title);
                patterns.push(Pattern::default());
                patterns.len() - 1
            });
            patterns[p].title = Some(t);
        }
        for (n, name) in names.iter().enumerate() {
            let p = *pattern_ix.entry(name).or_insert_with(|| {
                texts.push(name);
                patterns.push(Pattern::default());
                patterns.len() - 1
            });
            patterns[p].name = Some(n);
        }
        let ac = if texts.is_empty() {
            None
        } else {
            // A DFA without a prefilter: every pattern starts with one of a
            // few UTF-8 lead bytes common in any Chinese text, so a
            // prefilter only stops at nearly every character.
            AhoCorasick::builder()
                .match_kind(MatchKind::LeftmostLongest)
                .kind(Some(AhoCorasickKind::DFA))
                .prefilter(false)
                .build(&texts)
                .ok()
        };
        RosterIndex {
            ac,
            patterns,
            titles,
            names,
            entries,
            by_title,
            by_name,
        }
    }

    pub fn len(&self) -> usize {
        self.entries.len()
    }

    pub fn check(&self, doc: &Doc, ctx: &CheckContext, out: &mut Sink) {
        let Some(ac) = &self.ac else { return };
        let mut cursor = doc.cursor();
        let hits: Vec<Hit> = ac
            .find_iter(doc.text)
            .map(|m| {
                let p = &self.patterns[m.pattern().as_usize()];
                Hit {
                    start: cursor.at(m.start()),
                    end: cursor.at(m.end()),
                    title: p.title,
                    name: p.name,
                }
            })
            .collect();
        if hits.is_empty() {
            return;
        }
        let date = ctx.issue_date;
        for (k, h) in hits.iter().enumerate() {
            // Title then name: judge every title of the 、-chain before the
            // name; one finding on the name lists every title it lacks.
            if let Some(t) = h.title
                && let Some(name) = self.name_after(doc, &hits, k)
            {
                let mut lacking: Vec<(&str, String)> = Vec::new(); // (title, holders)
                for (tk, tt) in self.chain_before(doc, &hits, k, t) {
                    let th = hits[tk];
                    match self.judge(date, &name, tt, Order::TitleThenName) {
                        Verdict::Fine => {}
                        Verdict::WrongName { holders } => lacking.push((&self.titles[tt], holders)),
                        Verdict::WrongTitle { zh, en } => out.push(
                            rule::ROSTER_WRONG_TITLE,
                            Severity::Error,
                            th.start,
                            th.end,
                            zh,
                            en,
                            None,
                        ),
                    }
                }
                if !lacking.is_empty() {
                    lacking.reverse(); // the chain was collected backwards
                    wrong_name(out, &name, &lacking);
                }
            }
            // Name then title: 王建国（开发区管委会主任）, 王建国管委会主任.
            if let Some(n) = h.name {
                let name = NameAt {
                    start: h.start,
                    end: h.end,
                    name: Some(n),
                    text: self.names[n].clone(),
                };
                for (tk, tt) in self.titles_after(doc, &hits, k) {
                    let th = hits[tk];
                    match self.judge(date, &name, tt, Order::NameThenTitle) {
                        Verdict::Fine => {}
                        Verdict::WrongName { holders } => {
                            wrong_name(out, &name, &[(&self.titles[tt], holders)])
                        }
                        Verdict::WrongTitle { zh, en } => out.push(
                            rule::ROSTER_WRONG_TITLE,
                            Severity::Error,
                            th.start,
                            th.end,
                            zh,
                            en,
                            None,
                        ),
                    }
                }
            }
        }
    }

    /// The name right after the title hit `k`, known or guessed.
    fn name_after(&self, doc: &Doc, hits: &[Hit], k: usize) -> Option<NameAt> {
        let h = hits[k];
        let mut at = h.end;
        while at < doc.len() && is_space(doc.chars[at]) && doc.chars[at] != '\r' {
            at += 1;
        }
        if let Some(next) = hits.get(k + 1)
            && next.start == at
        {
            if !name_ends(doc, next.start, next.end) {
                return None;
            }
            return next.name.map(|n| NameAt {
                start: next.start,
                end: next.end,
                name: Some(n),
                text: self.names[n].clone(),
            });
        }
        // A guess: surname + one or two characters, then a clear boundary.
        if !SURNAMES.contains(doc.at(at)) {
            return None;
        }
        let next_hit = hits.get(k + 1).map_or(usize::MAX, |n| n.start);
        for len in [2, 3] {
            let end = at + len;
            if end > doc.len() || end > next_hit {
                break;
            }
            let body = &doc.chars[at..end];
            if !body.iter().all(|&c| is_han(c))
                || body[1..].iter().any(|&c| NOT_IN_NAME.contains(c))
            {
                break;
            }
            let after = doc.at(end);
            let boundary = after == '\0'
                || !is_han(after)
                || AFTER_NAME
                    .iter()
                    .any(|w| w.chars().enumerate().all(|(i, c)| doc.at(end + i) == c));
            if boundary {
                return Some(NameAt {
                    start: at,
                    end,
                    name: None,
                    text: body.iter().collect(),
                });
            }
        }
        None
    }

    /// The title hit `k` and the titles joined to it by `、` before it.
    /// Empty when the first title of the chain carries a qualifier (原, 副 …).
    fn chain_before(&self, doc: &Doc, hits: &[Hit], k: usize, t: usize) -> Vec<(usize, usize)> {
        let mut chain = vec![(k, t)];
        let mut cur = k;
        loop {
            let h = hits[cur];
            if qualified(doc, h.start) {
                return Vec::new();
            }
            // Walk back over an organisation prefix (开发区) to a `、`.
            let mut j = h.start;
            while j > 0 && h.start - j < 10 && is_han(doc.chars[j - 1]) {
                j -= 1;
            }
            if j == 0 || doc.chars[j - 1] != '、' || cur == 0 {
                break;
            }
            let prev = hits[cur - 1];
            match prev.title {
                Some(pt) if prev.end == j - 1 && prev.name.is_none() => {
                    chain.push((cur - 1, pt));
                    cur -= 1;
                }
                _ => break,
            }
        }
        chain
    }

    /// Titles right after the name hit `k`: adjacent, or in brackets joined
    /// by `、`.
    fn titles_after(&self, doc: &Doc, hits: &[Hit], k: usize) -> Vec<(usize, usize)> {
        let h = hits[k];
        let mut out = Vec::new();
        let Some(next) = hits.get(k + 1) else {
            return out;
        };
        if next.start == h.end {
            if let Some(t) = next.title
                && next.name.is_none()
                && !qualified(doc, next.start)
            {
                out.push((k + 1, t));
            }
            return out;
        }
        if !matches!(doc.at(h.end), '（' | '(') {
            return out;
        }
        let mut cur = k + 1;
        let mut from = h.end + 1;
        while let Some(th) = hits.get(cur) {
            let Some(t) = th.title else { break };
            if th.start < from
                || th.start - from > 10
                || !doc.chars[from..th.start].iter().all(|&c| is_han(c))
                || qualified(doc, th.start)
            {
                break;
            }
            out.push((cur, t));
            match doc.at(th.end) {
                '、' => {
                    from = th.end + 1;
                    cur += 1;
                }
                '）' | ')' => return out,
                _ => break,
            }
        }
        // Not a clean bracketed list of titles: say nothing.
        Vec::new()
    }

    fn holders(&self, title: usize, date: Option<NaiveDate>) -> Vec<&str> {
        let v: Vec<&str> = self.by_title[title]
            .iter()
            .map(|&e| &self.entries[e])
            .filter(|e| e.valid_on(date))
            .map(|e| e.name.as_str())
            .collect();
        uniq(v)
    }

    fn titles_of(&self, name: usize, date: Option<NaiveDate>) -> Vec<&str> {
        let v: Vec<&str> = self.by_name[name]
            .iter()
            .map(|&e| &self.entries[e])
            .filter(|e| e.valid_on(date))
            .map(|e| e.title.as_str())
            .collect();
        uniq(v)
    }

    /// Whether `name` may stand next to `title` on `date`, and if not,
    /// which of the two the finding goes on.
    fn judge(&self, date: Option<NaiveDate>, name: &NameAt, title: usize, order: Order) -> Verdict {
        let holders = self.holders(title, date);
        if holders.contains(&name.text.as_str()) {
            return Verdict::Fine;
        }
        let t = &self.titles[title];
        let n = &name.text;
        let holders_zh = holders.join("、");
        match name.name {
            Some(ni) if holders.is_empty() || order == Order::NameThenTitle => {
                let held = self.titles_of(ni, date);
                let mut zh = if held.is_empty() {
                    format!("据名单，{n}在本期日期未担任职务，此处写作“{t}”，请核实")
                } else {
                    let list: Vec<String> = held.iter().map(|h| format!("“{h}”")).collect();
                    format!("据名单，{n}的职务为{}，不是“{t}”，请核实", list.join("、"))
                };
                if !holders.is_empty() {
                    zh.push_str(&format!("（“{t}”现为{holders_zh}）"));
                }
                Verdict::WrongTitle {
                    zh,
                    en: format!("The roster does not list {n} as “{t}”; please verify"),
                }
            }
            _ if !holders.is_empty() => Verdict::WrongName {
                holders: holders_zh,
            },
            _ => Verdict::Fine,
        }
    }
}

enum Verdict {
    Fine,
    /// The finding goes on the title (message ready).
    WrongTitle {
        zh: String,
        en: String,
    },
    /// The finding goes on the name; `holders` is who holds the title.
    WrongName {
        holders: String,
    },
}

/// One finding on a name for all the titles next to it that it does not
/// hold; titles with the same holders are named together.
fn wrong_name(out: &mut Sink, name: &NameAt, lacking: &[(&str, String)]) {
    let mut groups: Vec<(&str, Vec<&str>)> = Vec::new();
    for (title, holders) in lacking {
        match groups.iter_mut().find(|(h, _)| h == holders) {
            Some((_, titles)) => titles.push(title),
            None => groups.push((holders, vec![title])),
        }
    }
    let n = &name.text;
    let zh: Vec<String> = groups
        .iter()
        .map(|(h, ts)| {
            let ts: String = ts.iter().map(|t| format!("“{t}”")).collect();
            format!("{ts}现为{h}")
        })
        .collect();
    let en: Vec<String> = groups
        .iter()
        .map(|(h, ts)| {
            let ts: Vec<String> = ts.iter().map(|t| format!("“{t}”")).collect();
            format!("{h} as {}", ts.join(", "))
        })
        .collect();
    out.push(
        rule::ROSTER_WRONG_NAME,
        if name.name.is_some() {
            Severity::Error
        } else {
            Severity::Warning
        },
        name.start,
        name.end,
        format!("{}，此处为{n}，请核实", zh.join("，")),
        format!("The roster lists {}, not {n}; please verify", en.join("; ")),
        None,
    );
}

fn uniq(v: Vec<&str>) -> Vec<&str> {
    let mut out: Vec<&str> = Vec::with_capacity(v.len());
    for s in v {
        if !out.contains(&s) {
            out.push(s);
        }
    }
    out
}

/// Whether a name of two characters ends at `end`: a third Han character
/// right after it may make it part of a longer name (王建 in 王建国).
fn name_ends(doc: &Doc, start: usize, end: usize) -> bool {
    let after = doc.at(end);
    end - start != 2
        || !is_han(after)
        || AFTER_NAME
            .iter()
            .any(|w| w.chars().enumerate().all(|(i, c)| doc.at(end + i) == c))
}

/// Whether the text right before a title marks it as former, deputy or acting.
fn qualified(doc: &Doc, title_start: usize) -> bool {
    QUALIFIERS.iter().any(|q| {
        let len = q.chars().count();
        title_start >= len
            && q.chars()
                .enumerate()
                .all(|(i, c)| doc.chars[title_start - len + i] == c)
    })
}

#[cfg(test)]
mod tests;
