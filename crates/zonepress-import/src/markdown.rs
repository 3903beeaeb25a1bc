//! Markdown files: `#` headings (the first is the title candidate, later ones
//! subheads), paragraphs separated by blank lines, emphasis and code markers
//! removed, links reduced to their text. Images cannot be resolved (the file
//! comes alone) and are left out with a note. `===` under a line makes it a
//! heading; `---` is always a break, never a heading underline.

use crate::assemble::{Item, Para, Parsed};
use crate::chars::trim;
use crate::notes;
use crate::text::split_group;

pub(crate) fn parse_markdown(text: &str) -> Parsed {
    let text = text.replace("\r\n", "\n").replace('\r', "\n");
    let mut parsed = Parsed::default();
    let mut block: Vec<String> = Vec::new();
    let mut in_code = false;

    let flush = |block: &mut Vec<String>, parsed: &mut Parsed| {
        let lines: Vec<&str> = block.iter().map(String::as_str).collect();
        for p in split_group(&lines) {
            let t = inline(&p, &mut parsed.notes);
            parsed.items.push(Item::Text(Para::plain(t)));
        }
        block.clear();
    };

    for line in text.split('\n') {
        let t = trim(line);
        if t.starts_with("```") || t.starts_with("~~~") {
            flush(&mut block, &mut parsed);
            in_code = !in_code;
            continue;
        }
        if in_code {
            if !t.is_empty() {
                parsed.items.push(Item::Text(Para::plain(t)));
            }
            continue;
        }
        if t.is_empty() {
            flush(&mut block, &mut parsed);
            continue;
        }
        if let Some((level, rest)) = atx_heading(t) {
            flush(&mut block, &mut parsed);
            let text = inline(rest, &mut parsed.notes);
            parsed.items.push(Item::Text(Para {
                heading: Some(level),
                ..Para::plain(text)
            }));
            continue;
        }
        if t.len() >= 3 && t.chars().all(|c| c == '=') && !block.is_empty() {
            let title = block.join("");
            block.clear();
            let text = inline(&title, &mut parsed.notes);
            parsed.items.push(Item::Text(Para {
                heading: Some(1),
                ..Para::plain(text)
            }));
            continue;
        }
        let bare: String = t.chars().filter(|c| !c.is_whitespace()).collect();
        if bare.len() >= 3
            && (bare.chars().all(|c| c == '-')
                || bare.chars().all(|c| c == '*')
                || bare.chars().all(|c| c == '_'))
        {
            flush(&mut block, &mut parsed);
            continue;
        }
        let mut t = t;
        while let Some(rest) = t.strip_prefix('>') {
            t = trim(rest);
        }
        for bullet in ["- ", "* ", "+ "] {
            if let Some(rest) = t.strip_prefix(bullet) {
                // a list item is a paragraph of its own
                flush(&mut block, &mut parsed);
                t = trim(rest);
            }
        }
        let hard_break = line.ends_with("  ") || line.ends_with('\\');
        block.push(t.trim_end_matches('\\').to_string());
        if hard_break {
            flush(&mut block, &mut parsed);
        }
    }
    flush(&mut block, &mut parsed);
    parsed
}

fn atx_heading(t: &str) -> Option<(u8, &str)> {
    let level = t.chars().take_while(|c| *c == '#').count();
    if level == 0 || level > 6 {
        return None;
    }
    let rest = &t[level..];
    if !rest.is_empty() && !rest.starts_with([' ', '\t', '\u{3000}']) {
        return None;
    }
    let rest = trim(rest).trim_end_matches('#');
    Some((level as u8, trim(rest)))
}

/// Inline markup to plain text: emphasis and code markers removed, links to
/// their text, images left out with a note.
fn inline(s: &str, notes: &mut Vec<crate::types::ImportNote>) -> String {
    let chars: Vec<char> = s.chars().collect();
    let mut out = String::with_capacity(s.len());
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        match c {
            '\\' if chars.get(i + 1).is_some_and(|n| n.is_ascii_punctuation()) => {
                out.push(chars[i + 1]);
                i += 2;
            }
            '!' if chars.get(i + 1) == Some(&'[') => match link(&chars, i + 1) {
                Some((alt, src, end)) => {
                    notes.push(notes::markdown_image(&src, &inline(&alt, &mut Vec::new())));
                    i = end;
                }
                None => {
                    out.push(c);
                    i += 1;
                }
            },
            '[' => match link(&chars, i) {
                Some((text, _, end)) => {
                    out.push_str(&inline(&text, notes));
                    i = end;
                }
                None => {
                    out.push(c);
                    i += 1;
                }
            },
            '`' => {
                let ticks = chars[i..].iter().take_while(|c| **c == '`').count();
                let close = (i + ticks..chars.len())
                    .find(|&j| chars[j..].iter().take_while(|c| **c == '`').count() == ticks);
                match close {
                    Some(j) => {
                        out.extend(&chars[i + ticks..j]);
                        i = j + ticks;
                    }
                    None => {
                        out.extend(&chars[i..i + ticks]);
                        i += ticks;
                    }
                }
            }
            '*' | '_' | '~' => {
                let run = chars[i..].iter().take_while(|d| **d == c).count();
                let prev = i.checked_sub(1).map(|j| chars[j]);
                let next = chars.get(i + run).copied();
                let keep = match (c, run) {
                    ('~', 1) => true,
                    ('_', 1) => {
                        prev.is_some_and(|p| p.is_ascii_alphanumeric())
                            && next.is_some_and(|n| n.is_ascii_alphanumeric())
                    }
                    _ => {
                        prev.is_none_or(char::is_whitespace) && next.is_none_or(char::is_whitespace)
                    }
                };
                if keep {
                    out.extend(&chars[i..i + run]);
                }
                i += run;
            }
            _ => {
                out.push(c);
                i += 1;
            }
        }
    }
    trim(&out).to_string()
}

/// `[text](target)` starting at `open`: the text, the target and the index after `)`.
fn link(chars: &[char], open: usize) -> Option<(String, String, usize)> {
    let mut depth = 0;
    let mut close = None;
    for (j, c) in chars.iter().enumerate().skip(open) {
        match c {
            '[' => depth += 1,
            ']' => {
                depth -= 1;
                if depth == 0 {
                    close = Some(j);
                    break;
                }
            }
            _ => {}
        }
    }
    let close = close?;
    if chars.get(close + 1) != Some(&'(') {
        return None;
    }
    let end = (close + 2..chars.len()).find(|&j| chars[j] == ')')?;
    let text: String = chars[open + 1..close].iter().collect();
    let target: String = chars[close + 2..end].iter().collect();
    let target = target.split_whitespace().next().unwrap_or("").to_string();
    Some((text, target, end + 1))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn inline_markup() {
        let mut notes = Vec::new();
        assert_eq!(
            inline(
                "**开发区**召开*会议*，详见[通知](http://x.cn/a_b)和`代码`，snake_case 保留，a * b 保留",
                &mut notes
            ),
            "开发区召开会议，详见通知和代码，snake_case 保留，a * b 保留"
        );
        assert_eq!(inline("![图为开工现场](photo.jpg)", &mut notes), "");
        assert_eq!(notes.len(), 1);
        assert_eq!(notes[0].code, "markdown_image");
        assert_eq!(inline(r"\*不是强调\*", &mut notes), "*不是强调*");
    }

    #[test]
    fn headings() {
        assert_eq!(atx_heading("# 标题"), Some((1, "标题")));
        assert_eq!(atx_heading("### 小标题 ###"), Some((3, "小标题")));
        assert_eq!(atx_heading("#标签"), None);
    }
}
