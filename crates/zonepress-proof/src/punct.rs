//! Punctuation per GB/T 15834-2011: half-width marks in Chinese text,
//! marks that do not pair up, dashes, ellipses and doubled marks.

use crate::model::Severity;
use crate::rule;
use crate::text::{
    Doc, Sink, is_break, is_cjk, is_cjk_punct, is_han, is_space, opt_ascii_alnum, opt_cjk,
};

pub(crate) fn check(doc: &Doc, out: &mut Sink) {
    halfwidth(doc, out);
    halfwidth_parens(doc, out);
    halfwidth_quotes(doc, out, '"', ('“', '”'));
    halfwidth_quotes(doc, out, '\'', ('‘', '’'));
    unbalanced_brackets(doc, out);
    unbalanced_quotes(doc, out, '“', '”', "前双引号", "后双引号");
    unbalanced_quotes(doc, out, '‘', '’', "前单引号", "后单引号");
    dashes(doc, out);
    ellipses(doc, out);
    doubled(doc, out);
}

/// Chinese name and full-width form of a half-width mark.
fn full_form(c: char) -> Option<(char, &'static str, &'static str)> {
    Some(match c {
        ',' => ('，', "逗号", "comma"),
        '.' => ('。', "句号", "full stop"),
        ';' => ('；', "分号", "semicolon"),
        ':' => ('：', "冒号", "colon"),
        '?' => ('？', "问号", "question mark"),
        '!' => ('！', "叹号", "exclamation mark"),
        '(' => ('（', "左括号", "opening parenthesis"),
        ')' => ('）', "右括号", "closing parenthesis"),
        _ => return None,
    })
}

fn push_halfwidth(doc: &Doc, out: &mut Sink, i: usize, eat_spaces: bool) {
    let c = doc.chars[i];
    let Some((full, zh, en)) = full_form(c) else {
        return;
    };
    // A full-width mark carries its own spacing: spaces after it go too.
    let mut end = i + 1;
    if eat_spaces {
        while end < doc.len() && doc.chars[end] == ' ' {
            end += 1;
        }
        if end < doc.len() && !is_cjk(doc.chars[end]) {
            end = i + 1;
        }
    }
    out.push(
        rule::PUNCT_HALFWIDTH,
        Severity::Error,
        i,
        end,
        format!("中文语境中应使用全角{zh}“{full}”"),
        format!("Use the full-width {en} “{full}” in Chinese text"),
        Some(full.to_string()),
    );
}

/// `, . ; : ? !` next to Chinese text.
fn halfwidth(doc: &Doc, out: &mut Sink) {
    for i in 0..doc.len() {
        let c = doc.chars[i];
        if !matches!(c, ',' | '.' | ';' | ':' | '?' | '!') || doc.is_protected(i) {
            continue;
        }
        let la = doc.before(i);
        let ra = doc.at(i + 1);
        let (l, r) = (doc.left(i), doc.right(i));
        let flag = match c {
            // 1,000 and 1,5 stay; anything else beside Chinese is a comma.
            ',' => !(la.is_ascii_digit() && ra.is_ascii_digit()) && (opt_cjk(l) || opt_cjk(r)),
            // 3.5, 1. (a list number), v2.0, ABB. and dot runs (ellipses) stay.
            '.' => {
                !la.is_ascii_alphanumeric()
                    && la != '.'
                    && ra != '.'
                    && opt_cjk(l)
                    && !opt_ascii_alnum(r)
            }
            ';' => {
                !(la.is_ascii_alphanumeric() && ra.is_ascii_alphanumeric())
                    && (opt_cjk(l) || opt_cjk(r))
            }
            // 9:30, 1:2 and scheme:// stay.
            ':' => {
                !(la.is_ascii_digit() && ra.is_ascii_digit())
                    && ra != '/'
                    && !(la.is_ascii_alphanumeric() && ra.is_ascii_alphanumeric())
                    && (opt_cjk(l) || opt_cjk(r))
            }
            _ => !la.is_ascii_alphanumeric() && (opt_cjk(l) || (opt_cjk(r) && !opt_ascii_alnum(l))),
        };
        if flag {
            push_halfwidth(doc, out, i, true);
        }
    }
}

/// Whether `chars[i]` is a list marker's closing bracket at a line start:
/// `1)`, `a)`, `一)` and the like.
fn is_list_marker_close(doc: &Doc, i: usize) -> bool {
    let line = doc.lines[doc.line_of(i)];
    let mut j = line.0;
    while j < i && is_space(doc.chars[j]) {
        j += 1;
    }
    j < i
        && i - j <= 3
        && doc.chars[j..i].iter().all(|&c| {
            c.is_ascii_alphanumeric() || crate::text::chinese_digit(c).is_some() || c == '十'
        })
}

/// Half-width `( )`: judged as a pair where one exists.
fn halfwidth_parens(doc: &Doc, out: &mut Sink) {
    for &(ls, le) in &doc.lines {
        let mut stack: Vec<usize> = Vec::new();
        let mut lone: Vec<usize> = Vec::new();
        let mut pairs: Vec<(usize, usize)> = Vec::new();
        for i in ls..le {
            match doc.chars[i] {
                '(' if !doc.is_protected(i) => stack.push(i),
                ')' if !doc.is_protected(i) => match stack.pop() {
                    Some(o) => pairs.push((o, i)),
                    None => lone.push(i),
                },
                _ => {}
            }
        }
        lone.extend(stack);
        for (o, c) in pairs {
            let inner_han = doc.chars[o + 1..c].iter().any(|&ch| is_han(ch));
            let before = doc.left(o);
            let after = doc.right(c);
            let outer = (before.is_none() || opt_cjk(before))
                && (after.is_none() || opt_cjk(after))
                && (opt_cjk(before) || opt_cjk(after));
            if inner_han || outer {
                push_halfwidth(doc, out, o, false);
                push_halfwidth(doc, out, c, false);
            }
        }
        lone.sort_unstable();
        for i in lone {
            if doc.chars[i] == ')' && is_list_marker_close(doc, i) {
                continue;
            }
            if opt_cjk(doc.left(i)) || opt_cjk(doc.right(i)) {
                push_halfwidth(doc, out, i, false);
            }
        }
    }
}

/// Half-width `"` or `'` in Chinese text. Converted only when the line's
/// marks pair up in order.
fn halfwidth_quotes(doc: &Doc, out: &mut Sink, mark: char, full: (char, char)) {
    let name = if mark == '"' {
        "双引号"
    } else {
        "单引号"
    };
    let name_en = if mark == '"' { "double" } else { "single" };
    for &(ls, le) in &doc.lines {
        let marks: Vec<usize> = (ls..le)
            .filter(|&i| doc.chars[i] == mark && !doc.is_protected(i))
            // An apostrophe inside a Latin word (it's, Xi'an) is no quotation mark.
            .filter(|&i| {
                !(mark == '\''
                    && doc.before(i).is_ascii_alphabetic()
                    && doc.at(i + 1).is_ascii_alphabetic())
            })
            .collect();
        if marks.is_empty() {
            continue;
        }
        let chinese: Vec<bool> = marks
            .iter()
            .map(|&i| opt_cjk(word_left(doc, i)) || opt_cjk(word_right(doc, i)))
            .collect();
        if !chinese.iter().any(|&b| b) {
            continue;
        }
        let paired = marks.len().is_multiple_of(2)
            && chinese.iter().all(|&b| b)
            && marks.chunks(2).all(|p| {
                !is_space(doc.at(p[0] + 1)) && !is_space(doc.before(p[1])) && p[1] > p[0] + 1
            });
        for (k, &i) in marks.iter().enumerate() {
            if !chinese[k] {
                continue;
            }
            let replacement = paired.then(|| if k % 2 == 0 { full.0 } else { full.1 }.to_string());
            let (zh, en) = if replacement.is_some() {
                let (side, side_en) = if k % 2 == 0 {
                    ("前", "opening")
                } else {
                    ("后", "closing")
                };
                (
                    format!("中文语境中应使用全角{side}{name}"),
                    format!("Use a full-width {side_en} {name_en} quotation mark in Chinese text"),
                )
            } else {
                (
                    format!("中文语境中应使用全角{name}；本行引号无法确定配对，请人工修改"),
                    format!(
                        "Use full-width {name_en} quotation marks in Chinese text; the marks on this line do not pair up, fix by hand"
                    ),
                )
            };
            out.push(
                rule::PUNCT_HALFWIDTH_QUOTE,
                Severity::Error,
                i,
                i + 1,
                zh,
                en,
                replacement,
            );
        }
    }
}

/// The nearest char left of `i` on its line that is neither a space nor
/// ASCII punctuation (a quotation mark sits outside `!` and `:`). Looks at
/// most 8 chars away.
fn word_left(doc: &Doc, i: usize) -> Option<char> {
    (i.saturating_sub(8)..i)
        .rev()
        .map(|k| doc.chars[k])
        .take_while(|&c| !is_break(c))
        .find(|&c| !is_space(c) && !c.is_ascii_punctuation())
}

/// Like [`word_left`], to the right.
fn word_right(doc: &Doc, i: usize) -> Option<char> {
    (i + 1..(i + 9).min(doc.len()))
        .map(|k| doc.chars[k])
        .take_while(|&c| !is_break(c))
        .find(|&c| !is_space(c) && !c.is_ascii_punctuation())
}

const BRACKETS: &[(char, char, &str, &str)] = &[
    ('（', '）', "左括号", "右括号"),
    ('《', '》', "前书名号", "后书名号"),
    ('【', '】', "左方头括号", "右方头括号"),
    ('〔', '〕', "左六角括号", "右六角括号"),
    ('「', '」', "前直角引号", "后直角引号"),
    ('『', '』', "前直角引号", "后直角引号"),
    ('〈', '〉', "前单书名号", "后单书名号"),
];

fn unclosed(out: &mut Sink, i: usize, open_zh: &str, close_zh: &str) {
    out.push(
        rule::PUNCT_UNBALANCED,
        Severity::Error,
        i,
        i + 1,
        format!("{open_zh}没有配对的{close_zh}"),
        "Opening mark without its closing mark".to_owned(),
        None,
    );
}

fn unopened(out: &mut Sink, i: usize, open_zh: &str, close_zh: &str) {
    out.push(
        rule::PUNCT_UNBALANCED,
        Severity::Error,
        i,
        i + 1,
        format!("{close_zh}之前没有配对的{open_zh}"),
        "Closing mark without an opening mark before it".to_owned(),
        None,
    );
}

/// Brackets and 书名号 pair up within a paragraph.
fn unbalanced_brackets(doc: &Doc, out: &mut Sink) {
    let find = |c: char| BRACKETS.iter().position(|b| b.0 == c || b.1 == c);
    for &(ls, le) in &doc.lines {
        let mut stack: Vec<(usize, usize)> = Vec::new(); // (offset, bracket kind)
        for i in ls..le {
            let c = doc.chars[i];
            let Some(k) = find(c) else { continue };
            let (open, _, open_zh, close_zh) = BRACKETS[k];
            if c == open {
                stack.push((i, k));
                continue;
            }
            if let Some(depth) = stack.iter().rposition(|&(_, sk)| sk == k) {
                // Whatever opened after the match is left unclosed.
                for &(j, jk) in &stack[depth + 1..] {
                    unclosed(out, j, BRACKETS[jk].2, BRACKETS[jk].3);
                }
                stack.truncate(depth);
            } else if !(c == '）' && is_list_marker_close(doc, i)) {
                unopened(out, i, open_zh, close_zh);
            }
        }
        for (j, jk) in stack {
            unclosed(out, j, BRACKETS[jk].2, BRACKETS[jk].3);
        }
    }
}

/// Quotation marks pair up within a paragraph, except that a quotation
/// running over several paragraphs opens each of them and closes once.
fn unbalanced_quotes(
    doc: &Doc,
    out: &mut Sink,
    open: char,
    close: char,
    open_zh: &str,
    close_zh: &str,
) {
    let mut stack: Vec<usize> = Vec::new();
    for &(ls, le) in &doc.lines {
        let mut first = ls;
        while first < le && is_space(doc.chars[first]) {
            first += 1;
        }
        if first == le {
            continue; // an empty line decides nothing
        }
        let mut from = ls;
        if !stack.is_empty() {
            if doc.chars[first] == open {
                from = first + 1; // continues the open quotation
            } else {
                for &j in &stack {
                    unclosed(out, j, open_zh, close_zh);
                }
                stack.clear();
            }
        }
        for i in from..le {
            let c = doc.chars[i];
            if c == open {
                stack.push(i);
            } else if c == close {
                // ’ inside a Latin word is an apostrophe (Xi’an).
                if close == '’'
                    && doc.before(i).is_ascii_alphabetic()
                    && doc.at(i + 1).is_ascii_alphabetic()
                {
                    continue;
                }
                if stack.pop().is_none() {
                    unopened(out, i, open_zh, close_zh);
                }
            }
        }
    }
    for j in stack {
        unclosed(out, j, open_zh, close_zh);
    }
}

/// Length of the run of `c` starting at `i`.
fn run_len(doc: &Doc, i: usize, c: char) -> usize {
    doc.chars[i..].iter().take_while(|&&x| x == c).count()
}

/// Whether a line boundary or Chinese text surrounds `start..end`.
fn chinese_around(doc: &Doc, start: usize, end: usize) -> bool {
    let l = doc.left(start);
    let r = if end == 0 { None } else { doc.right(end - 1) };
    opt_cjk(l) || opt_cjk(r)
}

fn dash_finding(
    out: &mut Sink,
    start: usize,
    end: usize,
    severity: Severity,
    fix: bool,
    zh: &str,
    en: &str,
) {
    out.push(
        rule::PUNCT_DASH,
        severity,
        start,
        end,
        zh.to_owned(),
        en.to_owned(),
        fix.then(|| "——".to_owned()),
    );
}

/// 破折号 is `——` (two U+2014). A single `—` between words is a
/// 连接号 (一字线) and stays.
fn dashes(doc: &Doc, out: &mut Sink) {
    let n = doc.len();
    let mut i = 0;
    while i < n {
        let c = doc.chars[i];
        let len = match c {
            '—' | '―' | '─' | '-' | '－' => run_len(doc, i, c),
            _ => {
                i += 1;
                continue;
            }
        };
        let (s, e) = (i, i + len);
        i = e;
        match (c, len) {
            ('—', 1) => {
                let l = doc.left(s);
                let r = doc.right(s);
                let at_edge = l.is_none() || r.is_none();
                // Next to a pause or stop mark (：—, —。) it cannot be a
                // connector; next to a quotation mark it still may be.
                let stop = |c: char| matches!(c, '，' | '。' | '、' | '；' | '：' | '？' | '！');
                let by_punct = l.is_some_and(stop) || r.is_some_and(stop);
                let spaced = is_space(doc.before(s)) || is_space(doc.at(e));
                if (at_edge || by_punct || spaced) && (opt_cjk(l) || opt_cjk(r)) {
                    dash_finding(
                        out,
                        s,
                        e,
                        Severity::Error,
                        true,
                        "破折号应为两个字位的“——”，此处只有一个“—”",
                        "A dash is written “——” (two em dashes); this one has only one",
                    );
                }
            }
            ('—', 2) => {}
            ('—', _) => dash_finding(
                out,
                s,
                e,
                Severity::Warning,
                false,
                "破折号应为两个字位的“——”，此处过长",
                "A dash is written “——” (two em dashes); this one is too long",
            ),
            ('―' | '─' | '－', 2) => dash_finding(
                out,
                s,
                e,
                Severity::Error,
                true,
                "破折号应使用“——”（两个U+2014），不应以其他横线代替",
                "A dash is written “——” (two U+2014), not with other lines",
            ),
            ('-', 2) if !doc.is_protected(s) && chinese_around(doc, s, e) => dash_finding(
                out,
                s,
                e,
                Severity::Error,
                true,
                "中文语境中破折号应为“——”，不应以两个连字符“--”代替",
                "In Chinese text a dash is written “——”, not “--”",
            ),
            _ => {}
        }
    }
}

fn ellipsis_finding(
    out: &mut Sink,
    start: usize,
    end: usize,
    severity: Severity,
    fix: bool,
    zh: String,
    en: &str,
) {
    out.push(
        rule::PUNCT_ELLIPSIS,
        severity,
        start,
        end,
        zh,
        en.to_owned(),
        fix.then(|| "……".to_owned()),
    );
}

/// 省略号 is `……` (two U+2026); twelve dots on a line of their own mark a
/// left-out paragraph.
fn ellipses(doc: &Doc, out: &mut Sink) {
    let n = doc.len();
    let mut i = 0;
    while i < n {
        let c = doc.chars[i];
        if !matches!(c, '…' | '.' | '。' | '·' | '・' | '．' | '⋯') {
            i += 1;
            continue;
        }
        let len = run_len(doc, i, c);
        let (s, e) = (i, i + len);
        i = e;
        match c {
            '…' => {
                if len == 2 || len == 4 {
                    // `……等` says the same thing twice.
                    check_ellipsis_deng(doc, out, s, e);
                } else if len == 1 || len == 3 {
                    ellipsis_finding(
                        out,
                        s,
                        e,
                        Severity::Error,
                        true,
                        format!("省略号应为两个字位的“……”，此处为{len}个“…”"),
                        "An ellipsis is written “……” (two U+2026)",
                    );
                } else {
                    ellipsis_finding(
                        out,
                        s,
                        e,
                        Severity::Warning,
                        false,
                        "省略号应为“……”，此处过长".to_owned(),
                        "An ellipsis is written “……”; this one is too long",
                    );
                }
            }
            '⋯' => ellipsis_finding(
                out,
                s,
                e,
                Severity::Warning,
                true,
                "省略号宜使用“……”（U+2026），而非居中的“⋯”".to_owned(),
                "An ellipsis is written “……” (U+2026), not with “⋯”",
            ),
            _ if len >= 3 => {
                if c == '.' && (doc.is_protected(s) || !chinese_around(doc, s, e)) {
                    continue;
                }
                if c != '。' && !chinese_around(doc, s, e) {
                    continue;
                }
                let shown: String = doc.chars[s..e].iter().collect();
                ellipsis_finding(
                    out,
                    s,
                    e,
                    Severity::Error,
                    true,
                    format!("省略号应为“……”，不应写作“{shown}”"),
                    "An ellipsis is written “……”, not with dots or full stops",
                );
            }
            _ => {}
        }
    }
}

fn check_ellipsis_deng(doc: &Doc, out: &mut Sink, s: usize, e: usize) {
    if doc.at(e) != '等' {
        return;
    }
    let after = doc.at(e + 1);
    const NOUNS: &[&str] = &[
        "方面", "领域", "工作", "问题", "内容", "措施", "单位", "部门", "企业", "项目", "活动",
    ];
    let noun = NOUNS
        .iter()
        .any(|w| w.chars().enumerate().all(|(k, wc)| doc.at(e + 1 + k) == wc));
    if after == '等' || after == '\0' || is_break(after) || is_cjk_punct(after) || noun {
        let end = if after == '等' { e + 2 } else { e + 1 };
        out.push(
            rule::PUNCT_ELLIPSIS,
            Severity::Warning,
            s,
            end,
            "省略号与“等”“等等”不宜同时使用，请保留其一".to_owned(),
            "An ellipsis and 等 (etc.) say the same thing; keep one".to_owned(),
            None,
        );
    }
}

/// Pause and stop marks do not stand next to each other; `？！` may.
fn doubled(doc: &Doc, out: &mut Sink) {
    let is_mark = |c: char| matches!(c, '，' | '、' | '；' | '：' | '。' | '？' | '！');
    let n = doc.len();
    let mut i = 0;
    while i < n {
        if !is_mark(doc.chars[i]) {
            i += 1;
            continue;
        }
        let s = i;
        while i < n && is_mark(doc.chars[i]) {
            i += 1;
        }
        let run = &doc.chars[s..i];
        if run.len() < 2 {
            continue;
        }
        let first = run[0];
        let same = run.iter().all(|&c| c == first);
        let emphatic = run.iter().all(|&c| matches!(c, '？' | '！'));
        if emphatic {
            if run.len() == 2 && !same {
                continue; // ？！ and ！？ are allowed
            }
            out.push(
                rule::PUNCT_DOUBLED,
                Severity::Warning,
                s,
                i,
                "新闻稿中问号、叹号一般不叠用".to_owned(),
                "News prose does not usually repeat question or exclamation marks".to_owned(),
                same.then(|| first.to_string()),
            );
        } else if same {
            if first == '。' && run.len() >= 3 {
                continue; // an ellipsis written with full stops
            }
            out.push(
                rule::PUNCT_DOUBLED,
                Severity::Error,
                s,
                i,
                format!("标点“{first}”重复"),
                format!("The mark “{first}” is doubled"),
                Some(first.to_string()),
            );
        } else {
            let shown: String = run.iter().collect();
            out.push(
                rule::PUNCT_DOUBLED,
                Severity::Error,
                s,
                i,
                format!("点号“{shown}”连用，请保留其一"),
                format!("Marks “{shown}” stand together; keep one"),
                None,
            );
        }
    }
}

#[cfg(test)]
mod tests;
