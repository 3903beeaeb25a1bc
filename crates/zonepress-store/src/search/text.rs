//! Text as the search index sees it: folded characters, an article cut into
//! units (one per headline field, one per body block), the one- and
//! two-character terms of the short index, the terms of a typed query, and
//! snippets with the matches marked `«…»`.
//!
//! Everything here is pure; the same folding is applied to what is indexed
//! and to what is searched, so the index and the snippet agree on what
//! matches.

use zonepress_core::{ArticleContent, Block};

/// Longest query accepted, in characters (a pasted sentence fits).
pub const MAX_QUERY_CHARS: usize = 200;
/// Most separate terms in one query.
pub const MAX_TERMS: usize = 12;

/// Fold one character the way both the index and the query see it: letters
/// to lower case, full-width ASCII letters and digits (`Ｍ１１`) to
/// half-width, every kind of space (the full-width `　` too) to a plain
/// space. Always one character for one, so a position in folded text is a
/// position in the original.
pub fn fold_char(c: char) -> char {
    let c = match c {
        '\u{FF10}'..='\u{FF19}' | '\u{FF21}'..='\u{FF3A}' | '\u{FF41}'..='\u{FF5A}' => {
            char::from_u32(c as u32 - 0xFEE0).unwrap_or(c)
        }
        c if c.is_whitespace() => ' ',
        c => c,
    };
    if c.is_ascii() {
        return c.to_ascii_lowercase();
    }
    if ('\u{2E80}'..='\u{9FFF}').contains(&c) {
        // CJK characters and punctuation have no case
        return c;
    }
    let mut lower = c.to_lowercase();
    match (lower.next(), lower.next()) {
        (Some(l), None) => l,
        _ => c,
    }
}

pub fn fold(s: &str) -> String {
    s.chars().map(fold_char).collect()
}

/// Where a unit of text sits in an article. The number is stored in the
/// index (the low three bits of a unit's row id); never renumber.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Field {
    Kicker = 0,
    Title = 1,
    Subtitle = 2,
    Byline = 3,
    Column = 4,
    /// A paragraph, subhead or 要闻快览 item.
    Body = 5,
    /// A photo's caption and credit.
    Caption = 6,
}

impl Field {
    pub fn from_bits(bits: i64) -> Option<Field> {
        Some(match bits {
            0 => Field::Kicker,
            1 => Field::Title,
            2 => Field::Subtitle,
            3 => Field::Byline,
            4 => Field::Column,
            5 => Field::Body,
            6 => Field::Caption,
            _ => return None,
        })
    }

    /// Headline fields have one unit each; body blocks may have many.
    pub fn is_header(self) -> bool {
        (self as u8) < 5
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Field::Kicker => "kicker",
            Field::Title => "title",
            Field::Subtitle => "subtitle",
            Field::Byline => "byline",
            Field::Column => "column",
            Field::Body => "body",
            Field::Caption => "caption",
        }
    }
}

/// One searchable piece of an article, as written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Unit<'a> {
    pub field: Field,
    /// The body block it comes from (`None` for headline fields).
    pub block: Option<usize>,
    pub text: std::borrow::Cow<'a, str>,
}

/// The article's searchable text in reading order: 引题, 主题, 副题, 作者,
/// 栏目, then each body block (a photo as its caption and credit). Empty
/// pieces are left out.
pub fn units(content: &ArticleContent) -> Vec<Unit<'_>> {
    let mut out = Vec::with_capacity(content.body.len() + 5);
    for (field, text) in [
        (Field::Kicker, &content.kicker),
        (Field::Title, &content.title),
        (Field::Subtitle, &content.subtitle),
        (Field::Byline, &content.byline),
        (Field::Column, &content.column),
    ] {
        if !text.trim().is_empty() {
            out.push(Unit {
                field,
                block: None,
                text: text.as_str().into(),
            });
        }
    }
    for (i, block) in content.body.iter().enumerate() {
        let (field, text) = match block {
            Block::Paragraph { text } | Block::Subhead { text } | Block::Brief { text } => {
                (Field::Body, text.as_str().into())
            }
            Block::Image {
                caption, credit, ..
            } => {
                let text: std::borrow::Cow<str> =
                    match (caption.trim().is_empty(), credit.trim().is_empty()) {
                        (_, true) => caption.as_str().into(),
                        (true, false) => credit.as_str().into(),
                        // a line break: no match runs from the caption into the credit
                        (false, false) => format!("{caption}\n{credit}").into(),
                    };
                (Field::Caption, text)
            }
        };
        if !text.trim().is_empty() {
            out.push(Unit {
                field,
                block: Some(i),
                text,
            });
        }
    }
    out
}

/// Sentences shorter than this join the next one in the index.
const MIN_SENTENCE: usize = 8;

/// Where a sentence ends: after `。！？；…` and the closing quotes or
/// brackets that follow them.
fn sentence_pieces(text: &str) -> Vec<&str> {
    let mut out: Vec<&str> = Vec::new();
    let mut start = 0;
    let mut ended = false;
    for (i, c) in text.char_indices() {
        let closing = matches!(c, '”' | '’' | '」' | '』' | '）' | '》' | '"' | ')');
        if ended && !closing && c != '…' {
            out.push(&text[start..i]);
            start = i;
        }
        ended =
            matches!(c, '。' | '！' | '？' | '；' | '…' | '!' | '?' | ';') || (ended && closing);
    }
    out.push(&text[start..]);
    out
}

/// The sentences of a text, a short one joined to the next (the last to
/// the one before).
fn sentences(text: &str) -> Vec<&str> {
    let out = sentence_pieces(text);
    let mut joined: Vec<&str> = Vec::with_capacity(out.len());
    let mut from: Option<usize> = None;
    let base = text.as_ptr() as usize;
    for piece in out {
        let at = piece.as_ptr() as usize - base;
        let begin = from.unwrap_or(at);
        let end = at + piece.len();
        if text[begin..end].chars().count() < MIN_SENTENCE {
            from = Some(begin);
        } else {
            joined.push(&text[begin..end]);
            from = None;
        }
    }
    if let Some(begin) = from {
        match joined.pop() {
            Some(last) => {
                let at = last.as_ptr() as usize - base;
                joined.push(&text[at..]);
            }
            None => joined.push(&text[begin..]),
        }
    }
    joined
}

/// What the index holds: the headline fields whole, the body cut into
/// sentences, so that a save re-indexes only the sentences it changed. A
/// phrase is found within a sentence (never across a full stop). An
/// article with more sentences than the index can number is cut into
/// blocks instead.
pub fn index_units(content: &ArticleContent) -> Vec<Unit<'_>> {
    let blocks = units(content);
    let mut out = Vec::with_capacity(blocks.len() * 4);
    for u in &blocks {
        if u.field.is_header() {
            out.push(u.clone());
            continue;
        }
        for s in sentences(&u.text) {
            if !s.trim().is_empty() {
                out.push(Unit {
                    field: u.field,
                    block: u.block,
                    text: std::borrow::Cow::Owned(s.to_string()),
                });
            }
        }
    }
    if out.len() > super::keys::MAX_UNIT_N as usize {
        return blocks;
    }
    out
}

/// A stable 64-bit fingerprint (FNV-1a) of a unit's field and folded text:
/// how a save recognises the units that did not change.
pub fn fingerprint(field: Field, folded: &str) -> i64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for b in std::iter::once(field as u8).chain(folded.bytes()) {
        h ^= u64::from(b);
        h = h.wrapping_mul(0x0000_0100_0000_01b3);
    }
    h as i64
}

/// The terms of the short index for folded text: every letter or digit
/// alone and every two adjacent ones (`园 园区 区 区税 税`), separated by
/// spaces. One- and two-character queries look these up.
pub fn short_terms(folded: &str) -> String {
    let mut out = String::with_capacity(folded.len() * 3);
    let mut prev: Option<char> = None;
    for c in folded.chars() {
        if !c.is_alphanumeric() {
            prev = None;
            continue;
        }
        out.push(c);
        out.push(' ');
        if let Some(p) = prev {
            out.push(p);
            out.push(c);
            out.push(' ');
        }
        prev = Some(c);
    }
    out
}

/// One thing the user looks for: a word, or a phrase in quotes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Term {
    /// Folded text to find.
    pub text: String,
}

impl Term {
    /// One or two characters: looked up in the short index.
    pub fn is_short(&self) -> bool {
        self.text.chars().count() < 3
    }

    /// The FTS5 query for this term in its index: always one quoted string,
    /// so nothing the user typed is read as FTS syntax.
    pub fn fts_query(&self) -> String {
        format!("\"{}\"", self.text.replace('"', "\"\""))
    }
}

/// Why a query has nothing to look up.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum QueryProblem {
    Empty,
    /// Only punctuation and symbols.
    NoText,
    TooLong {
        max: usize,
        actual: usize,
    },
    TooManyTerms {
        max: usize,
    },
}

impl QueryProblem {
    /// What the user is told.
    pub fn message_zh(&self) -> String {
        match self {
            QueryProblem::Empty => "请输入要检索的文字".into(),
            QueryProblem::NoText => "检索词里没有文字或数字，请换个说法".into(),
            QueryProblem::TooLong { max, actual } => {
                format!("检索词太长（{actual}字），最多{max}字，请只保留关键的一句")
            }
            QueryProblem::TooManyTerms { max } => {
                format!("检索词太多，最多{max}个，请用引号把整句括起来")
            }
        }
    }
}

fn has_text(s: &str) -> bool {
    s.chars().any(char::is_alphanumeric)
}

/// Read a typed query: words separated by spaces, each of which must occur
/// (in any field of the article); `"…"` or `“…”` keeps a phrase together,
/// spaces included. A stretch running over a full stop (`。！？；`) is
/// looked for sentence by sentence. Punctuation at the ends of a word is
/// dropped, inside a word it counts (`1.0版`); a word of one or two
/// characters keeps only its letters and digits. Nothing is FTS syntax:
/// `*`, `-`, `(`, `NEAR`, `OR` are text like any other.
pub fn parse_query(query: &str) -> Result<Vec<Term>, QueryProblem> {
    let actual = query.chars().count();
    if actual > MAX_QUERY_CHARS {
        return Err(QueryProblem::TooLong {
            max: MAX_QUERY_CHARS,
            actual,
        });
    }
    if query.trim().is_empty() {
        return Err(QueryProblem::Empty);
    }
    let mut pieces: Vec<(String, bool)> = Vec::new();
    let mut current = String::new();
    let mut closing: Option<char> = None;
    for c in query.chars() {
        match closing {
            Some(close) if c == close || (close == '”' && c == '"') => {
                pieces.push((std::mem::take(&mut current), true));
                closing = None;
            }
            Some(_) => current.push(c),
            None if c == '"' || c == '“' || c == '”' => {
                pieces.push((std::mem::take(&mut current), false));
                closing = Some(if c == '"' { '"' } else { '”' });
            }
            None if c.is_whitespace() => pieces.push((std::mem::take(&mut current), false)),
            None => current.push(c),
        }
    }
    pieces.push((current, closing.is_some()));

    let mut terms: Vec<Term> = Vec::new();
    // the index holds sentences: a stretch across a full stop is looked for
    // as its sentences
    let pieces = pieces.iter().flat_map(|(piece, quoted)| {
        sentence_pieces(piece)
            .into_iter()
            .map(move |p| (p, *quoted))
    });
    for (piece, quoted) in pieces {
        let folded = fold(piece);
        let text = if quoted {
            folded
                .split(' ')
                .filter(|w| !w.is_empty())
                .collect::<Vec<_>>()
                .join(" ")
        } else {
            folded
        };
        let text = text
            .trim_matches(|c: char| !c.is_alphanumeric())
            .to_string();
        if !has_text(&text) {
            continue;
        }
        let text = if text.chars().count() < 3 {
            text.chars().filter(|c| c.is_alphanumeric()).collect()
        } else {
            text
        };
        terms.push(Term { text });
    }
    if terms.is_empty() {
        return Err(QueryProblem::NoText);
    }
    // A term found inside another adds nothing: every article with 园区企业
    // has 园区.
    terms.sort_by(|a, b| b.text.len().cmp(&a.text.len()).then(a.text.cmp(&b.text)));
    terms.dedup();
    let mut kept: Vec<Term> = Vec::new();
    for t in terms {
        if !kept.iter().any(|k| k.text.contains(&t.text)) {
            kept.push(t);
        }
    }
    if kept.len() > MAX_TERMS {
        return Err(QueryProblem::TooManyTerms { max: MAX_TERMS });
    }
    Ok(kept)
}

/// Character ranges (start, end) of every match of any term in `text`,
/// sorted and merged.
pub fn match_ranges(text: &str, terms: &[Term]) -> Vec<(usize, usize)> {
    let folded: Vec<char> = text.chars().map(fold_char).collect();
    let mut ranges = Vec::new();
    for term in terms {
        let needle: Vec<char> = term.text.chars().collect();
        if needle.is_empty() || needle.len() > folded.len() {
            continue;
        }
        for start in 0..=folded.len() - needle.len() {
            if folded[start..start + needle.len()] == needle[..] {
                ranges.push((start, start + needle.len()));
            }
        }
    }
    ranges.sort_unstable();
    let mut merged: Vec<(usize, usize)> = Vec::with_capacity(ranges.len());
    for (s, e) in ranges {
        match merged.last_mut() {
            Some(last) if s <= last.1 => last.1 = last.1.max(e),
            _ => merged.push((s, e)),
        }
    }
    merged
}

/// How many different terms occur in `text`.
pub fn terms_in(text: &str, terms: &[Term]) -> usize {
    let folded = fold(text);
    terms.iter().filter(|t| folded.contains(&t.text)).count()
}

/// Characters shown before the first match.
const LEAD: usize = 40;
/// Characters a snippet shows at most.
pub const SNIPPET_CHARS: usize = 110;

/// A passage of `text` around its first match, every match in it marked
/// `«…»`, cut ends marked `…`. The text's own `«` `»` become `‹` `›` so the
/// marks stay unambiguous. `None` when nothing matches.
pub fn snippet(text: &str, terms: &[Term]) -> Option<String> {
    let ranges = match_ranges(text, terms);
    let first = ranges.first()?.0;
    let chars: Vec<char> = text.chars().collect();
    let lead = first.saturating_sub(LEAD);
    // start where a sentence, else a clause, begins shortly before the match
    let after = |marks: &[char]| {
        (lead..=first).rev().find(|&i| {
            if i == 0 {
                marks.contains(&'\n')
            } else {
                marks.contains(&chars[i - 1])
            }
        })
    };
    // (the start of the text is a sentence's start)
    let start = after(&['。', '！', '？', '；', '\n'])
        .or_else(|| after(&['，', '、', '：', ',', ':']))
        .unwrap_or(lead);
    let end = (start + SNIPPET_CHARS).min(chars.len());
    let plain = |out: &mut String, from: usize, to: usize| {
        out.extend(chars[from..to].iter().map(|&c| match c {
            '«' => '‹',
            '»' => '›',
            '\n' => ' ',
            c => c,
        }));
    };
    let mut out = String::new();
    if start > 0 {
        out.push('…');
    }
    let mut pos = start;
    for &(s, e) in &ranges {
        let (s, e) = (s.max(start), e.min(end));
        if s >= e {
            continue;
        }
        plain(&mut out, pos, s);
        out.push('«');
        plain(&mut out, s, e);
        out.push('»');
        pos = e;
    }
    plain(&mut out, pos, end);
    if end < chars.len() {
        out.push('…');
    }
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn terms(q: &str) -> Vec<String> {
        parse_query(q)
            .unwrap()
            .into_iter()
            .map(|t| t.text)
            .collect()
    }

    #[test]
    fn folding_is_one_char_for_one() {
        assert_eq!(fold("Ｍ１１ 5G　园区"), "m11 5g 园区");
        for c in ['İ', 'ẞ', 'Σ', '《', '·'] {
            assert_eq!(fold(&c.to_string()).chars().count(), 1);
        }
    }

    #[test]
    fn query_words_phrases_and_syntax_characters() {
        assert_eq!(terms("园区  税"), vec!["园区", "税"]);
        assert_eq!(
            terms("\"智能制造 产业园\" 5G"),
            vec!["智能制造 产业园", "5g"]
        );
        assert_eq!(terms("“营商环境”"), vec!["营商环境"]);
        assert_eq!(terms("M11 1.0版"), vec!["1.0版", "m11"]);
        // FTS syntax is text
        assert_eq!(terms("NEAR(园区 企业)"), vec!["near(园区", "企业"]);
        assert_eq!(terms("-税 园区*"), vec!["园区", "税"]);
        assert_eq!(terms("\"\"\"园区"), vec!["园区"]);
        // an unclosed quote runs to the end
        assert_eq!(terms("\"青禾 大道"), vec!["青禾 大道"]);
        // a term inside another adds nothing
        assert_eq!(terms("园区 园区企业 区"), vec!["园区企业"]);
        // across a full stop: each sentence
        assert_eq!(terms("会议强调。与会人员"), vec!["与会人员", "会议强调"]);
        assert_eq!(terms("\"抓好落实。”下一步\""), vec!["抓好落实", "下一步"]);
    }

    #[test]
    fn queries_without_text_are_explained() {
        assert_eq!(parse_query("   "), Err(QueryProblem::Empty));
        assert_eq!(parse_query("，。！ -- ** ()"), Err(QueryProblem::NoText));
        assert_eq!(parse_query("\"\""), Err(QueryProblem::NoText));
        assert!(matches!(
            parse_query(&"字".repeat(10_000)),
            Err(QueryProblem::TooLong { actual: 10_000, .. })
        ));
        let many = (0..20)
            .map(|i| format!("词{i}"))
            .collect::<Vec<_>>()
            .join(" ");
        assert!(matches!(
            parse_query(&many),
            Err(QueryProblem::TooManyTerms { .. })
        ));
    }

    #[test]
    fn fts_queries_are_one_quoted_string() {
        let t = Term {
            text: "a\"b".into(),
        };
        assert_eq!(t.fts_query(), "\"a\"\"b\"");
    }

    #[test]
    fn the_body_is_indexed_by_sentences() {
        assert_eq!(
            sentences("会议指出：“要抓好落实。”与会人员表示赞同！下一步，继续推进……好。"),
            vec![
                "会议指出：“要抓好落实。”",
                "与会人员表示赞同！",
                "下一步，继续推进……好。"
            ]
        );
        assert_eq!(sentences("短句。很短。"), vec!["短句。很短。"]);
        assert_eq!(
            sentences("这是第一个长句子。好"),
            vec!["这是第一个长句子。好"]
        );
        assert_eq!(sentences(""), vec![""]);
        let c = ArticleContent {
            title: "标题".into(),
            body: vec![Block::Paragraph {
                text: "第一句话比较长一些。第二句话也比较长。".into(),
            }],
            ..Default::default()
        };
        let u = index_units(&c);
        assert_eq!(u.len(), 3);
        assert_eq!(u[2].text, "第二句话也比较长。");
        assert_eq!(u[2].block, Some(0));
    }

    #[test]
    fn short_terms_are_letters_digits_and_pairs() {
        assert_eq!(short_terms("园区，5g"), "园 区 园区 5 g 5g ");
        assert_eq!(short_terms("——"), "");
    }

    #[test]
    fn snippets_mark_every_match_around_the_first() {
        let t = parse_query("园区").unwrap();
        assert_eq!(
            snippet("开发区园区企业。园区服务", &t).unwrap(),
            "开发区«园区»企业。«园区»服务"
        );
        // it starts where the sentence (else the clause) starts
        assert_eq!(
            snippet("第一句很长很长。园区第二句", &t).unwrap(),
            "…«园区»第二句"
        );
        assert_eq!(snippet("前文，园区在后", &t).unwrap(), "前文，«园区»在后");
        let clause = format!("{}，园区在后", "长".repeat(50));
        assert_eq!(snippet(&clause, &t).unwrap(), "…«园区»在后");
        let long = format!("{}园区{}", "甲".repeat(100), "乙".repeat(200));
        let s = snippet(&long, &t).unwrap();
        assert!(s.starts_with('…') && s.ends_with('…'), "{s}");
        assert!(s.contains("«园区»"));
        assert_eq!(snippet("无关", &t), None);
        // case and width folded; the text's own guillemets are kept apart
        let t = parse_query("m11").unwrap();
        assert_eq!(snippet("«Ｍ１１»项目", &t).unwrap(), "‹«Ｍ１１»›项目");
    }
}
