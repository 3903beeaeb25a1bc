//! Who a byline names: `记者 王晓静　通讯员 陈曦`, `文/张三 图/李四`,
//! `张三、李四`, `（开发区经发局 李明）`, photo credits such as `摄影 刘畅` or
//! `刘畅 摄` — split into people with the role the byline gives them, and the
//! unit written beside a name (which tells namesakes apart).
//!
//! Also the one rule for sharing a whole among several people
//! ([`allocate`]): integer parts that always add up to the whole.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::chars::is_han;

/// One person named in a byline or a photo credit.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize, TS, JsonSchema)]
pub struct CreditName {
    pub name: String,
    /// What the byline says they did (`记者`, `通讯员`, `摄影`); empty when it
    /// names them without a role.
    pub role: String,
    /// A unit written with the name (`开发区经发局 李明` → `开发区经发局`).
    pub unit_hint: String,
}

/// Role words of a byline or photo credit, longest first so that `本报记者`
/// wins over `记者`. The one list: the statistics credit these roles and
/// the importer recognises byline lines by them.
pub const ROLES: &[&str] = &[
    "特约通讯员",
    "本报记者",
    "本刊记者",
    "见习记者",
    "特约记者",
    "首席记者",
    "融媒记者",
    "通讯员",
    "实习生",
    "文·图",
    "记者",
    "作者",
    "撰稿",
    "供稿",
    "摄影",
    "摄像",
    "文图",
    "图文",
    "整理",
    "文",
    "图",
];

/// Is `t` a role word of a byline (`记者`, `首席记者`, `文`)?
pub fn is_role(t: &str) -> bool {
    ROLES.contains(&t)
}

/// Words after names that say what they did (`张三 摄`) or nothing (`报道`).
const TRAILING: &[&str] = &["摄影", "摄", "报道", "供稿", "整理", "等"];

/// Endings of unit names (`经发局`, `青禾社区`, `某某集团`).
const UNIT_ENDINGS: &[&str] = &[
    "局",
    "委",
    "办",
    "部",
    "处",
    "科",
    "院",
    "所",
    "站",
    "队",
    "中心",
    "公司",
    "集团",
    "社区",
    "街道",
    "学校",
    "医院",
    "银行",
    "园区",
    "管委会",
    "工会",
    "团委",
    "妇联",
];

fn is_separator(c: char) -> bool {
    c.is_whitespace()
        || matches!(
            c,
            '、' | '，'
                | ','
                | '／'
                | '/'
                | '；'
                | ';'
                | '：'
                | ':'
                | '|'
                | '｜'
                | '＆'
                | '&'
                | '+'
                | '＋'
                | '（'
                | '）'
                | '('
                | ')'
                | '【'
                | '】'
                | '['
                | ']'
                | '“'
                | '”'
                | '"'
                | '。'
                | '\u{200b}'
                | '\u{feff}'
        )
}

/// A person's name in Chinese: 2–4 Han characters, or a name with `·`
/// (阿依古丽·买买提).
pub fn han_name_like(t: &str) -> bool {
    let n = t.chars().count();
    if t.chars().all(is_han) {
        return (2..=4).contains(&n);
    }
    (t.contains('·') || t.contains('•'))
        && (3..=12).contains(&n)
        && t.chars().all(|c| is_han(c) || c == '·' || c == '•')
}

/// A person's name: [`han_name_like`], or a word of Latin letters (Anna).
pub fn name_like(t: &str) -> bool {
    let n = t.chars().count();
    han_name_like(t) || (2..=20).contains(&n) && t.chars().all(|c| c.is_alphabetic() && !is_han(c))
}

fn unit_like(t: &str) -> bool {
    let n = t.chars().count();
    t.chars().all(is_han)
        && (n >= 5 || (n >= 3 && UNIT_ENDINGS.iter().any(|e| t.ends_with(e) && *e != t)))
}

/// A role glued to what follows (`记者张三` → (`记者`, `张三`)); roles of
/// one character (文, 图) are never taken as a prefix.
pub fn role_prefix(t: &str) -> Option<(&'static str, &str)> {
    ROLES
        .iter()
        .filter(|r| r.chars().count() >= 2)
        .find_map(|r| t.strip_prefix(r).map(|rest| (*r, rest)))
}

/// The people a byline names, in order, each once.
pub fn split_byline(byline: &str) -> Vec<CreditName> {
    split(byline, "")
}

/// The people a photo credit names (`摄影 刘畅`, `刘畅 摄`, `记者 王五`);
/// their role is `摄影` unless the credit gives another.
pub fn split_photo_credit(credit: &str) -> Vec<CreditName> {
    split(credit, "摄影")
        .into_iter()
        .map(|mut c| {
            if c.role.is_empty() {
                c.role = "摄影".into();
            }
            c
        })
        .collect()
}

fn split(text: &str, default_role: &str) -> Vec<CreditName> {
    let mut out: Vec<CreditName> = Vec::new();
    let mut role = String::new();
    let mut unit = String::new();
    // Names since the last role word: a trailing `摄` gives them its role.
    let mut open_from = 0;
    let push = |out: &mut Vec<CreditName>, name: &str, role: &str, unit: &str| {
        let c = CreditName {
            name: name.to_string(),
            role: role.to_string(),
            unit_hint: unit.to_string(),
        };
        if !out.iter().any(|o| o.name == c.name && o.role == c.role) {
            out.push(c);
        }
    };
    for token in text.split(is_separator).filter(|t| !t.is_empty()) {
        if let Some(r) = ROLES.iter().find(|r| **r == token) {
            role = (*r).to_string();
            open_from = out.len();
            continue;
        }
        if let Some(t) = TRAILING.iter().find(|t| **t == token) {
            if t.starts_with('摄') {
                for c in out.iter_mut().skip(open_from) {
                    if c.role.is_empty() || c.role == default_role {
                        c.role = "摄影".into();
                    }
                }
            }
            open_from = out.len();
            continue;
        }
        if let Some((r, rest)) = role_prefix(token)
            && name_like(rest)
        {
            role = r.to_string();
            open_from = out.len();
            push(&mut out, rest, &role, &unit);
            continue;
        }
        if let Some((name, t)) = TRAILING
            .iter()
            .find_map(|t| token.strip_suffix(t).map(|n| (n, *t)))
            && name_like(name)
        {
            let r = if t.starts_with('摄') {
                "摄影"
            } else {
                role.as_str()
            };
            push(&mut out, name, r, &unit);
            continue;
        }
        if unit_like(token) {
            unit = token.to_string();
            continue;
        }
        if name_like(token) {
            push(&mut out, token, &role, &unit);
        }
    }
    out
}

/// Split `total` into integer parts in proportion to `weights`, by the
/// largest remainder: the parts always add up to `total` exactly, and a
/// remainder goes to the earlier of equal claims (the first-named author).
/// All-zero weights share equally.
pub fn allocate(total: i64, weights: &[u64]) -> Vec<i64> {
    if weights.is_empty() {
        return vec![];
    }
    let equal = vec![1u64; weights.len()];
    let weights = if weights.iter().all(|w| *w == 0) {
        &equal[..]
    } else {
        weights
    };
    let sum: u128 = weights.iter().map(|w| u128::from(*w)).sum();
    let negative = total < 0;
    let t = u128::from(total.unsigned_abs());
    let mut parts: Vec<u128> = weights.iter().map(|w| t * u128::from(*w) / sum).collect();
    let mut rest = t - parts.iter().sum::<u128>();
    let mut order: Vec<usize> = (0..weights.len()).collect();
    // Largest remainder first; ties keep the written order.
    order.sort_by_key(|&i| std::cmp::Reverse(t * u128::from(weights[i]) % sum));
    for i in order {
        if rest == 0 {
            break;
        }
        if weights[i] > 0 {
            parts[i] += 1;
            rest -= 1;
        }
    }
    parts
        .into_iter()
        .map(|p| {
            let p = i64::try_from(p).unwrap_or(i64::MAX);
            if negative { -p } else { p }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names(v: &[CreditName]) -> Vec<(String, String)> {
        v.iter().map(|c| (c.role.clone(), c.name.clone())).collect()
    }

    fn pairs(v: &[(&str, &str)]) -> Vec<(String, String)> {
        v.iter()
            .map(|(r, n)| (r.to_string(), n.to_string()))
            .collect()
    }

    #[test]
    fn chief_reporters_are_credited_as_such() {
        assert_eq!(
            names(&split_byline("首席记者 王晓静　通讯员 陈曦")),
            pairs(&[("首席记者", "王晓静"), ("通讯员", "陈曦")])
        );
        assert!(is_role("首席记者") && is_role("文·图"));
        assert_eq!(role_prefix("首席记者王晓静"), Some(("首席记者", "王晓静")));
    }

    #[test]
    fn bylines_with_roles() {
        assert_eq!(
            names(&split_byline("记者 王晓静　通讯员 陈曦")),
            pairs(&[("记者", "王晓静"), ("通讯员", "陈曦")])
        );
        assert_eq!(
            names(&split_byline("本报记者王晓静 通讯员陈曦、刘畅")),
            pairs(&[
                ("本报记者", "王晓静"),
                ("通讯员", "陈曦"),
                ("通讯员", "刘畅")
            ])
        );
        assert_eq!(
            names(&split_byline("文/张三 图/李四")),
            pairs(&[("文", "张三"), ("图", "李四")])
        );
        assert_eq!(
            names(&split_byline("通讯员：马骁")),
            pairs(&[("通讯员", "马骁")])
        );
    }

    #[test]
    fn unusual_separators() {
        for byline in [
            "张三、李四",
            "张三，李四",
            "张三／李四",
            "张三/李四",
            "张三  李四",
            "张三\u{3000}李四",
            "张三,李四",
            "（张三 李四）",
            " 张三 ; 李四 ",
        ] {
            assert_eq!(
                names(&split_byline(byline)),
                pairs(&[("", "张三"), ("", "李四")]),
                "{byline:?}"
            );
        }
    }

    #[test]
    fn units_are_hints_not_people() {
        let v = split_byline("（开发区经发局 李明）");
        assert_eq!(names(&v), pairs(&[("", "李明")]));
        assert_eq!(v[0].unit_hint, "开发区经发局");
        let v = split_byline("经发局 李明 招商局 王芳");
        assert_eq!(v[0].unit_hint, "经发局");
        assert_eq!(v[1].unit_hint, "招商局");
        assert!(split_byline("").is_empty());
        assert!(split_byline("　，、").is_empty());
        assert!(split_byline("开发区经济发展局供稿").is_empty());
    }

    #[test]
    fn minority_and_latin_names_and_duplicates() {
        assert_eq!(
            names(&split_byline("通讯员 阿依古丽·买买提 Anna")),
            pairs(&[("通讯员", "阿依古丽·买买提"), ("通讯员", "Anna")])
        );
        assert_eq!(
            names(&split_byline("记者 张三 记者 张三")),
            pairs(&[("记者", "张三")])
        );
        assert_eq!(
            names(&split_byline("记者 张三等")),
            pairs(&[("记者", "张三")])
        );
    }

    #[test]
    fn photo_credits() {
        assert_eq!(
            names(&split_photo_credit("摄影 刘畅")),
            pairs(&[("摄影", "刘畅")])
        );
        assert_eq!(
            names(&split_photo_credit("刘畅 摄")),
            pairs(&[("摄影", "刘畅")])
        );
        assert_eq!(
            names(&split_photo_credit("刘畅摄")),
            pairs(&[("摄影", "刘畅")])
        );
        assert_eq!(
            names(&split_photo_credit("记者 王五")),
            pairs(&[("记者", "王五")])
        );
        assert_eq!(
            names(&split_photo_credit("张三、李四")),
            pairs(&[("摄影", "张三"), ("摄影", "李四")])
        );
    }

    #[test]
    fn allocation_adds_up() {
        assert_eq!(allocate(1000, &[1, 1, 1]), vec![334, 333, 333]);
        assert_eq!(allocate(100, &[60, 40]), vec![60, 40]);
        assert_eq!(allocate(7, &[1, 1]), vec![4, 3]);
        assert_eq!(allocate(0, &[1, 1]), vec![0, 0]);
        assert_eq!(allocate(5, &[0, 0]), vec![3, 2]);
        assert_eq!(allocate(-7, &[1, 1]), vec![-4, -3]);
        assert!(allocate(5, &[]).is_empty());
        for total in [0, 1, 2, 99, 1001, 123_457] {
            for w in [
                vec![1u64],
                vec![1, 2, 3],
                vec![600, 200, 200],
                vec![3, 0, 7],
            ] {
                let parts = allocate(total, &w);
                assert_eq!(parts.iter().sum::<i64>(), total, "{total} {w:?}");
                for (p, w) in parts.iter().zip(&w) {
                    if *w == 0 {
                        assert_eq!(*p, 0);
                    }
                }
            }
        }
    }
}
