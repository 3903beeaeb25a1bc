//! Repeated characters (`的的`) and phrases (`召开召开`).
//!
//! Chinese is full of legitimate doubles: reduplicated words (看看, 天天,
//! 高高兴兴, 研究研究) and, far more often, one word ending with the
//! character the next word starts with (项目目标, 工作作风, 为了了解). A
//! checker that flagged every doubled character would bury the proofreader
//! in false alarms, so the character rule only looks at function characters
//! that never double inside a sentence (的, 了, 们 …) minus their known
//! legitimate contexts, plus any character doubled across a line break.

use crate::model::Severity;
use crate::rule;
use crate::text::{Doc, Sink, chinese_digit, is_break, is_han};

pub(crate) fn check(doc: &Doc, out: &mut Sink) {
    // The text without line breaks: `问\n问` is a repeat too.
    let mut seq = Seq {
        c: Vec::with_capacity(doc.len()),
        at: Vec::with_capacity(doc.len()),
    };
    for (i, &c) in doc.chars.iter().enumerate() {
        if !is_break(c) && c != '\r' {
            seq.c.push(c);
            seq.at.push(i);
        }
    }
    chars(doc, &seq, out);
    phrases(doc, &seq, out);
}

/// Whether the line holding char `i` reads like a heading: no pause or
/// stop mark anywhere in it.
fn heading_like(doc: &Doc, i: usize) -> bool {
    let (s, e) = doc.lines[doc.line_of(i)];
    !doc.chars[s..e].iter().any(|&c| {
        matches!(
            c,
            '，' | '。' | '；' | '：' | '？' | '！' | '、' | ',' | ';' | '?' | '!'
        )
    })
}

/// Words a paragraph often opens with, right under a heading that may end
/// with the same character (……推进会 / 会上，……).
const OPENERS: &[&str] = &[
    "会上",
    "会议",
    "会后",
    "会前",
    "活动",
    "现场",
    "仪式",
    "大会",
    "论坛",
    "比赛",
    "展会",
    "项目",
    "企业",
    "工作",
    "培训",
    "调研",
    "座谈",
    "据悉",
    "据了解",
    "记者",
];

fn starts_with_any(doc: &Doc, at: usize, words: &[&str]) -> bool {
    words
        .iter()
        .any(|w| w.chars().enumerate().all(|(k, c)| doc.at(at + k) == c))
}

/// Function characters that do not double, with the characters before
/// (`prev`) or after (`next`) that make a double legitimate: 目的的 (目的 +
/// 的), 说的的确 (的 + 的确), 为了了解 (为了 + 了解), 不了了之.
const FUNCTION_CHARS: &[(char, &str, &str)] = &[
    ('的', "目标之打", "确士"),
    ('了', "不明时", "解结却如不无然断望事得之当"),
    (
        '在',
        "现正所存实自内外潜好健不志旨意重贵难",
        "于场职校建线岗册编内乎意家押逃世望位任读研产案此即外",
    ),
    (
        '是',
        "求为但可就还总于只正便要若凡或即倒硬真算像不却自也都老光先乃尽竟更又",
        "非否的",
    ),
    (
        '和',
        "平温柔缓总调共祥谐暖附饱讲求议随应唱中",
        "谐平睦美气蔼善缓解好衷顺",
    ),
    ('与', "参给赋授赠干相", "会其否日时众世"),
    ('及', "以涉普危波来不顾提论遍埃企可能莫所", "时早格其"),
    ('被', "棉植覆羽盖铺床", "子褥单套"),
    (
        '从',
        "服随听依顺盲自无侍何适仆屈过跟",
        "而事来前中严此未小头容业属宽",
    ),
    ('并', "合兼吞一归", ""),
    ('也', "", ""),
    ('就', "成迁造将早也这那高俯去", ""),
    ('而', "", ""),
    ('或', "间抑", "许者是多"),
    ('但', "不非", "凡愿"),
    ('于', "", "是今此"),
    ('们', "", ""),
    ('很', "", ""),
    ('已', "不而业早自无得久", ""),
    ('这', "", ""),
];

fn function_char(c: char) -> Option<(&'static str, &'static str)> {
    FUNCTION_CHARS
        .iter()
        .find(|(f, ..)| *f == c)
        .map(|&(_, prev, next)| (prev, next))
}

/// The text without line breaks, as characters and where each stands in
/// the text (two arrays: the scans read only the characters).
struct Seq {
    c: Vec<char>,
    at: Vec<usize>,
}

/// Whether `seq[j], seq[j+1]` (a double) sits in an AABB form: 是是非非,
/// 和和气气, 家家户户.
fn in_aabb(seq: &Seq, j: usize) -> bool {
    let c = seq.c[j];
    let pair_at = |k: usize| {
        seq.c
            .get(k + 1)
            .is_some_and(|&b| b == seq.c[k] && b != c && is_han(b))
    };
    pair_at(j + 2) || (j >= 2 && pair_at(j - 2))
}

fn contiguous(seq: &Seq, from: usize, to: usize) -> bool {
    seq.at[to] - seq.at[from] == to - from
}

fn chars(doc: &Doc, seq: &Seq, out: &mut Sink) {
    let mut j = 0;
    while j + 1 < seq.c.len() {
        let c = seq.c[j];
        if seq.c[j + 1] != c || !is_han(c) {
            j += 1;
            continue;
        }
        let run = seq.c[j..].iter().take_while(|&&x| x == c).count();
        let last = j + run - 1;
        let inline = contiguous(seq, j, last);
        let prev = if j > 0 { seq.c[j - 1] } else { '\0' };
        let next = seq.c.get(last + 1).copied().unwrap_or('\0');
        let (start, end) = (seq.at[j], seq.at[last] + 1);
        let aabb = run == 2 && in_aabb(seq, j);
        if let Some((prev_ok, next_ok)) = function_char(c) {
            let legit = aabb || prev_ok.contains(prev) || next_ok.contains(next);
            if !legit {
                out.push(
                    rule::REPEAT_CHAR,
                    if inline {
                        Severity::Error
                    } else {
                        Severity::Warning
                    },
                    start,
                    end,
                    format!("“{c}”字重复"),
                    format!("The character “{c}” is repeated"),
                    inline.then(|| c.to_string()),
                );
            }
        } else if !inline && !aabb && !matches!(next, '：' | ':') && chinese_digit(c).is_none() {
            let heading_over_text =
                heading_like(doc, start) && starts_with_any(doc, seq.at[last], OPENERS);
            if heading_over_text {
                j += run;
                continue;
            }
            // Same character at the end of one line and the start of the
            // next; `问：` opens an interview answer and `……推进会` over
            // `会上，……` is a heading over its text.
            out.push(
                rule::REPEAT_CHAR,
                Severity::Warning,
                start,
                end,
                format!("“{c}”在换行处重复"),
                format!("The character “{c}” is repeated across a line break"),
                None,
            );
        }
        j += run;
    }
}

/// Two-character words that may be said twice (ABAB): verbs "do a little",
/// vivid adjectives, emphasis and sounds.
const ABAB_OK: &[&str] = &[
    "研究", "讨论", "商量", "考虑", "休息", "学习", "锻炼", "介绍", "打扫", "收拾", "整理", "检查",
    "准备", "思考", "琢磨", "活动", "交流", "了解", "认识", "体验", "感受", "品尝", "尝试", "比较",
    "调整", "放松", "指导", "帮助", "关心", "照顾", "表扬", "宣传", "分析", "总结", "提高", "练习",
    "打听", "打量", "商议", "议论", "批评", "教育", "溜达", "清理", "修理", "布置", "安排", "沟通",
    "联系", "试验", "观察", "考察", "调查", "请教", "切磋", "比划", "比画", "热闹", "高兴", "开心",
    "快活", "舒服", "暖和", "凉快", "轻松", "清醒", "明白", "欢喜", "痛快", "乐呵", "雪白", "通红",
    "冰凉", "漆黑", "碧绿", "笔直", "火热", "滚烫", "蜡黄", "瓦蓝", "湛蓝", "金黄", "乌黑", "雪亮",
    "透亮", "崭新", "喷香", "冰冷", "粉红", "鲜红", "翠绿", "非常", "特别", "很多", "好多", "许多",
    "真的", "加油", "谢谢", "再见", "欢迎", "恭喜", "轰隆", "叮咚", "扑通", "滴答", "哗啦", "咕噜",
    "嘀嗒", "呼啦", "哐当", "噼啪", "咚咚", "哈哈", "嘻嘻", "呵呵",
];

/// Whether a repeated unit is a legitimate ABAB form or just numerals.
fn phrase_ok(unit: &[char]) -> bool {
    if unit
        .iter()
        .all(|&c| chinese_digit(c).is_some() || "十百千万亿两".contains(c))
    {
        return true; // 二〇二〇, 十一十一
    }
    if unit.len() == 2 {
        // 一个一个, 一步一步: numeral + measure word.
        if matches!(unit[0], '一' | '每') {
            return true;
        }
        let s: String = unit.iter().collect();
        return ABAB_OK.contains(&s.as_str());
    }
    false
}

/// Per position `j`, bit `l - 2` set when `c[j + l] == c[j]` (l in 2..=8):
/// where a repeated unit of `l` characters may start. Each `l` is one pass
/// comparing the text with itself shifted, which the compiler vectorises.
fn echoes(c: &[char]) -> Vec<u8> {
    let mut mask = vec![0u8; c.len()];
    for l in 2..=8 {
        if l >= c.len() {
            break;
        }
        for (m, (a, b)) in mask.iter_mut().zip(c.iter().zip(&c[l..])) {
            *m |= u8::from(a == b) << (l - 2);
        }
    }
    mask
}

fn phrases(doc: &Doc, seq: &Seq, out: &mut Sink) {
    let c = seq.c.as_slice();
    let n = c.len();
    let mask = echoes(c);
    let mut j = 0;
    'outer: while j < n {
        if mask[j] == 0 || !is_han(c[j]) {
            j += 1;
            continue;
        }
        for l in 2..=8 {
            if j + 2 * l > n {
                break;
            }
            if mask[j] & (1 << (l - 2)) == 0 {
                continue;
            }
            let same = (0..l).all(|k| c[j + k] == c[j + l + k] && is_han(c[j + k]));
            if !same {
                continue;
            }
            let unit = &c[j..j + l];
            if unit.iter().all(|&u| u == unit[0]) {
                continue; // AAAA belongs to the character rule
            }
            let mut copies = 2;
            while j + (copies + 1) * l <= n && (0..l).all(|k| c[j + copies * l + k] == unit[k]) {
                copies += 1;
            }
            let last = j + copies * l - 1;
            let inline = contiguous(seq, j, last);
            // A heading repeated by the first words under it is no typo.
            if !phrase_ok(unit) && (inline || !heading_like(doc, seq.at[j])) {
                let phrase: String = unit.iter().collect();
                out.push(
                    rule::REPEAT_PHRASE,
                    Severity::Warning,
                    seq.at[j],
                    seq.at[last] + 1,
                    if inline {
                        format!("“{phrase}”连续重复{copies}次，请核实")
                    } else {
                        format!("“{phrase}”在换行处重复，请核实")
                    },
                    format!("“{phrase}” is written {copies} times in a row; please verify"),
                    inline.then_some(phrase),
                );
            }
            j = last + 1;
            continue 'outer;
        }
        j += 1;
    }
}

#[cfg(test)]
mod tests;
