//! Recognising who wrote and who photographed: byline lines (`记者 张三`,
//! `通讯员 李四`, `文/张三 图/李四`, `（张三 李四）`), the 电头 at the start of
//! a story (`本报讯（记者 王五）`) and photo credits (`（摄影 张三）`,
//! `摄影：张三`, `（张三 摄）`). The role words and the forms of a name are
//! the statistics' own (`zonepress_core::credits`): one byline grammar.

use zonepress_core::credits::{han_name_like, is_role, role_prefix};

use crate::chars::{collapse_spaces, is_blank, is_han, trim};

#[derive(Debug, PartialEq, Eq)]
enum Token {
    Role,
    Name,
    /// A longer run of Han characters: a unit such as 开发区经发局.
    Unit,
}

fn is_separator(c: char) -> bool {
    is_blank(c) || matches!(c, '、' | '/' | '／' | '：' | ':' | '|' | '｜')
}

fn classify(token: &str) -> Option<Vec<Token>> {
    if is_role(token) {
        return Some(vec![Token::Role]);
    }
    // 记者张三: a role glued to a name
    if role_prefix(token).is_some_and(|(_, rest)| han_name_like(rest)) {
        return Some(vec![Token::Role, Token::Name]);
    }
    if han_name_like(token) {
        return Some(vec![Token::Name]);
    }
    let n = token.chars().count();
    if (5..=12).contains(&n) && token.chars().all(is_han) {
        return Some(vec![Token::Unit]);
    }
    None
}

fn tokens(s: &str) -> Option<Vec<Token>> {
    let mut out = Vec::new();
    for t in s.split(is_separator).filter(|t| !t.is_empty()) {
        out.extend(classify(t)?);
    }
    Some(out)
}

/// The text inside `（…）` or `(…)` when the whole of `t` is parenthesised.
fn parenthesised(t: &str) -> Option<&str> {
    let inner = t
        .strip_prefix('（')
        .and_then(|r| r.strip_suffix('）'))
        .or_else(|| t.strip_prefix('(').and_then(|r| r.strip_suffix(')')))?;
    (!inner.contains(['（', '）', '(', ')'])).then_some(inner)
}

/// Names after a role (`记者 张三`, `文/张三 图/李四`), or several names or a
/// unit and a name (`张三 李四`, `开发区经发局 李明`) when `loose`.
fn is_byline_body(s: &str, loose: bool) -> bool {
    let Some(toks) = tokens(s) else { return false };
    let names = toks.iter().filter(|t| **t == Token::Name).count();
    let roles = toks.iter().filter(|t| **t == Token::Role).count();
    if names == 0 || toks.len() > 8 {
        return false;
    }
    if toks[0] == Token::Role {
        // a role with nobody after it at the end is no byline (`记者 张三 文`)
        return toks.last() != Some(&Token::Role);
    }
    loose && (roles > 0 || toks.len() >= 2)
}

/// A whole line that is a byline, normalised (`记者\u{3000}张三` → `记者 张三`);
/// a parenthesised line gives what is inside the parentheses. `loose` also
/// accepts names without a role (`张三 李四`): right under a headline they
/// can be nothing else.
pub fn parse_byline(line: &str, loose: bool) -> Option<String> {
    let t = trim(line);
    if t.is_empty() || t.chars().count() > 40 || t.contains(['。', '，', '！', '？', '；', ','])
    {
        return None;
    }
    if let Some(inner) = parenthesised(t) {
        return is_byline_body(inner, true).then(|| collapse_spaces(inner));
    }
    is_byline_body(t, loose).then(|| collapse_spaces(t))
}

/// A paragraph opening with a 电头 such as `本报讯（记者 王五）` or
/// `开发区讯（通讯员 李四）`: returns the byline inside it and the rest of the
/// paragraph after it.
pub fn split_dateline(paragraph: &str) -> Option<(String, String)> {
    let t = trim(paragraph);
    let pos = t.char_indices().take(10).find(|(_, c)| *c == '讯')?.0;
    let lead = &t[..pos];
    if lead.is_empty() || !lead.chars().all(is_han) {
        return None;
    }
    let after = t[pos + '讯'.len_utf8()..].trim_start_matches(is_blank);
    let (open, close) = if after.starts_with('（') {
        ('（', '）')
    } else if after.starts_with('(') {
        ('(', ')')
    } else {
        return None;
    };
    let end = after.find(close)?;
    let inner = &after[open.len_utf8()..end];
    if inner.chars().count() > 30 || !is_byline_body(inner, true) {
        return None;
    }
    let rest = after[end + close.len_utf8()..]
        .trim_start_matches(|c: char| is_blank(c) || matches!(c, '：' | ':' | '，' | ','));
    Some((collapse_spaces(inner), rest.to_string()))
}

/// Split a photo credit off the end of a caption: `图为…。（摄影 张三）`,
/// `图为…。摄影：张三`, `图为…（记者 王五 摄）`. Returns the caption without the
/// credit and the credit (the names, keeping a role such as 记者; the words
/// 摄影 / 摄 are dropped: the template prints them).
pub fn split_credit(caption: &str) -> (String, String) {
    let t = trim(caption);
    // a parenthesised credit at the end
    if let Some(open) = t.rfind(['（', '('])
        && let Some(inner) = parenthesised(&t[open..])
        && let Some(credit) = credit_names(inner)
    {
        return (trim(&t[..open]).to_string(), credit);
    }
    // `…。摄影：张三` or `… 张三 摄`: the tail after the last sentence end or space run
    let cut = t
        .char_indices()
        .filter(|(_, c)| matches!(c, '。' | '！' | '？' | '”'))
        .map(|(i, c)| i + c.len_utf8())
        .next_back();
    if let Some(cut) = cut {
        if let Some(credit) = credit_names(&t[cut..]) {
            return (t[..cut].to_string(), credit);
        }
    } else {
        // no sentence end: `图为开工现场 张三 摄`. Take the shortest tail after a
        // space that is a credit, with a role word (记者) just before it.
        let starts: Vec<usize> = t
            .char_indices()
            .filter(|(i, c)| !is_blank(*c) && *i > 0 && t[..*i].ends_with(is_blank))
            .map(|(i, _)| i)
            .collect();
        for (k, &i) in starts.iter().enumerate().rev() {
            if let Some(credit) = credit_names(&t[i..]) {
                let mut from = i;
                let mut credit = credit;
                if k > 0 {
                    let j = starts[k - 1];
                    let word = trim(&t[j..i]);
                    if is_role(word) && word != "摄影" && j > 0 {
                        from = j;
                        credit = format!("{word} {credit}");
                    }
                }
                return (trim(&t[..from]).to_string(), credit);
            }
        }
    }
    (t.to_string(), String::new())
}

/// `摄影 张三`, `摄影：张三`, `张三 摄`, `记者 王五 摄`, `图/张三` → the names.
fn credit_names(s: &str) -> Option<String> {
    let s = trim(s);
    let strip_sep = |r: &str| r.trim_matches(is_separator).to_string();
    let rest = if let Some(r) = s.strip_prefix("摄影").or_else(|| s.strip_prefix("图片")) {
        strip_sep(r)
    } else if let Some(r) = s.strip_suffix('摄') {
        strip_sep(r)
    } else if let Some(r) = s.strip_prefix('图').filter(|r| r.starts_with(is_separator)) {
        strip_sep(r)
    } else {
        return None;
    };
    let toks = tokens(&rest)?;
    let ok = toks.contains(&Token::Name) && !toks.contains(&Token::Unit);
    ok.then(|| collapse_spaces(&rest))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn byline_lines() {
        let ok = [
            ("记者 张三", "记者 张三"),
            ("记者：张三", "记者：张三"),
            (
                "本报记者　王晓静　通讯员　刘畅",
                "本报记者 王晓静 通讯员 刘畅",
            ),
            ("通讯员 李四", "通讯员 李四"),
            ("文/张三 图/李四", "文/张三 图/李四"),
            ("（张三 李四）", "张三 李四"),
            ("（开发区经发局 李明）", "开发区经发局 李明"),
            ("（记者 王五）", "记者 王五"),
            ("记者张三 通讯员李四", "记者张三 通讯员李四"),
            ("记者 张三、李四", "记者 张三、李四"),
            // the roles the statistics credit, 首席记者 among them
            ("首席记者 王晓静", "首席记者 王晓静"),
            ("首席记者王晓静 通讯员刘畅", "首席记者王晓静 通讯员刘畅"),
            ("融媒记者 陈曦", "融媒记者 陈曦"),
        ];
        for (line, want) in ok {
            assert_eq!(parse_byline(line, false).as_deref(), Some(want), "{line}");
        }
        for line in [
            "记者从开发区经发局获悉",
            "记者 张三，通讯员 李四报道。",
            "（完）",
            "（上接第一版）",
            "张三 李四",
            "图为开工现场",
            "开发区召开会议",
        ] {
            assert_eq!(parse_byline(line, false), None, "{line}");
        }
        assert_eq!(
            parse_byline("张三 李四", true).as_deref(),
            Some("张三 李四")
        );
        assert_eq!(parse_byline("开发区召开会议", true), None);
    }

    #[test]
    fn datelines() {
        assert_eq!(
            split_dateline("本报讯（记者 王五）9月20日上午，开发区召开会议。"),
            Some(("记者 王五".into(), "9月20日上午，开发区召开会议。".into()))
        );
        assert_eq!(
            split_dateline("开发区讯 (通讯员 李四 张三) 近日，……"),
            Some(("通讯员 李四 张三".into(), "近日，……".into()))
        );
        assert_eq!(split_dateline("本报讯 9月20日上午，开发区召开会议。"), None);
        assert_eq!(split_dateline("通讯（一）"), None);
    }

    #[test]
    fn credits() {
        let cases = [
            ("图为开工现场。（摄影 张三）", "图为开工现场。", "张三"),
            ("图为开工现场。摄影：张三", "图为开工现场。", "张三"),
            ("图为开工现场（记者 王五 摄）", "图为开工现场", "记者 王五"),
            ("图为开工现场 张三 摄", "图为开工现场", "张三"),
            ("图为 开工现场 记者 王五 摄", "图为 开工现场", "记者 王五"),
            ("图为开工现场。（张三/摄）", "图为开工现场。", "张三"),
            (
                "图为开工现场（右一为项目负责人）",
                "图为开工现场（右一为项目负责人）",
                "",
            ),
            ("图为开工现场。", "图为开工现场。", ""),
        ];
        for (caption, want_caption, want_credit) in cases {
            let (c, r) = split_credit(caption);
            assert_eq!(
                (c.as_str(), r.as_str()),
                (want_caption, want_credit),
                "{caption}"
            );
        }
    }
}
