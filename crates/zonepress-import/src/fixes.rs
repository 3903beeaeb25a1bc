//! Normalisation that is offered, never applied silently.
//!
//! The importer keeps the correspondent's text exactly as written and lists
//! what it would change: half-width `,;:?!()` inside Chinese text, `--` or a
//! lone `—` for the dash `——`, `...` / `。。。` / a lone `…` for `……`, and
//! stray spaces between Chinese characters. It is conservative: numbers
//! (`1,000`, `3.5`), times (`9:30`), URLs, e-mail addresses and Latin text
//! are left alone. [`apply_fixes`] applies the ones the editor accepts.

use zonepress_core::{ArticleContent, Block};

use crate::chars::{is_cjk, is_han};
use crate::types::{FixField, ProposedArticle, SuggestedFix};

// Where the proofreading checker has the same rule, a fix carries its id
// and name, so the preview and the editor's 校对 panel speak alike (a test
// holds the two to the same places and replacements).
pub const RULE_HALFWIDTH: &str = zonepress_proof::rule::PUNCT_HALFWIDTH;
pub const RULE_DASH: &str = zonepress_proof::rule::PUNCT_DASH;
pub const RULE_ELLIPSIS: &str = zonepress_proof::rule::PUNCT_ELLIPSIS;
/// Spaces between Chinese characters: the checker leaves those alone, since
/// a headline uses them; pasted text is full of them.
pub const RULE_STRAY_SPACE: &str = "import.stray_space";

/// What a field's text is checked for.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Rules {
    /// Offer to remove spaces between Chinese characters. Off for headlines
    /// and subheads (a space separates the two phrases of a 主题) and bylines.
    pub stray_spaces: bool,
}

/// Every fix offered for the content, in field order then text order.
pub(crate) fn suggest_for_content(content: &ArticleContent) -> Vec<SuggestedFix> {
    let headline = Rules {
        stray_spaces: false,
    };
    let body = Rules { stray_spaces: true };
    let mut out = Vec::new();
    out.extend(suggest(FixField::Kicker, &content.kicker, headline));
    out.extend(suggest(FixField::Title, &content.title, headline));
    out.extend(suggest(FixField::Subtitle, &content.subtitle, headline));
    out.extend(suggest(FixField::Byline, &content.byline, headline));
    for (i, block) in content.body.iter().enumerate() {
        match block {
            Block::Paragraph { text } | Block::Brief { text } => {
                out.extend(suggest(FixField::Body(i), text, body));
            }
            Block::Subhead { text } => out.extend(suggest(FixField::Body(i), text, headline)),
            Block::Image { caption, .. } => {
                out.extend(suggest(FixField::Caption(i), caption, body));
            }
        }
    }
    out
}

/// The fixes offered for one text.
pub(crate) fn suggest(field: FixField, text: &str, rules: Rules) -> Vec<SuggestedFix> {
    if text.is_empty() {
        return Vec::new();
    }
    let chars: Vec<char> = text.chars().collect();
    let mut s = Scan {
        chars: &chars,
        taken: protected_spans(&chars),
        found: Vec::new(),
    };
    s.dashes();
    s.ellipses();
    s.halfwidth();
    if rules.stray_spaces {
        s.stray_spaces();
    }
    s.found.sort_by_key(|f| f.0);
    s.found
        .into_iter()
        .map(|(start, end, replacement, rule)| {
            let original: String = chars[start..end].iter().collect();
            let message_zh = match rule {
                RULE_HALFWIDTH => format!(
                    "中文里的半角“{}”应改为全角“{}”",
                    original.trim(),
                    replacement
                ),
                RULE_DASH => format!("“{original}”应为破折号“——”"),
                RULE_ELLIPSIS => format!("“{original}”应为省略号“……”"),
                _ => "汉字之间多余的空格（常见于从 PDF 复制的文字）".to_string(),
            };
            let rule_name_zh = match zonepress_proof::rule::name_zh(rule) {
                "" => "多余空格",
                name => name,
            };
            SuggestedFix {
                field,
                start,
                end,
                original,
                replacement,
                rule: rule.to_string(),
                rule_name_zh: rule_name_zh.to_string(),
                message_zh,
            }
        })
        .collect()
}

struct Scan<'a> {
    chars: &'a [char],
    /// Characters already covered by a fix, or protected (URLs, e-mail).
    taken: Vec<bool>,
    found: Vec<(usize, usize, String, &'static str)>,
}

impl Scan<'_> {
    fn at(&self, i: usize) -> Option<char> {
        self.chars.get(i).copied()
    }
    fn before(&self, i: usize) -> Option<char> {
        i.checked_sub(1).and_then(|j| self.at(j))
    }
    fn free(&self, start: usize, end: usize) -> bool {
        !self.taken[start..end].iter().any(|t| *t)
    }
    fn add(&mut self, start: usize, end: usize, replacement: String, rule: &'static str) {
        if start < end && self.free(start, end) {
            self.taken[start..end].iter_mut().for_each(|t| *t = true);
            self.found.push((start, end, replacement, rule));
        }
    }
    /// End of the run of `c` starting at `i`.
    fn run_end(&self, i: usize, pred: impl Fn(char) -> bool) -> usize {
        let mut j = i;
        while j < self.chars.len() && pred(self.chars[j]) {
            j += 1;
        }
        j
    }
    /// First non-space character at or after `i`, and its index.
    fn next_solid(&self, i: usize) -> (usize, Option<char>) {
        let j = self.run_end(i, |c| c == ' ');
        (j, self.at(j))
    }

    fn dashes(&mut self) {
        let n = self.chars.len();
        let mut i = 0;
        while i < n {
            let c = self.chars[i];
            let is_dash = |c: char| matches!(c, '-' | '－' | '—' | '―');
            if !is_dash(c) {
                i += 1;
                continue;
            }
            let end = self.run_end(i, is_dash);
            let run: String = self.chars[i..end].iter().collect();
            let prev = self.before(i);
            let next = self.at(end);
            let cjk_near = prev.is_some_and(is_cjk) || next.is_some_and(is_cjk);
            let at_edge = prev.is_none() || next.is_none();
            let offer = match run.as_str() {
                "——" => false,
                // a lone em dash or horizontal bar: Chinese uses two
                "—" | "―" | "――" | "—―" | "―—" => cjk_near || at_edge,
                r if r.chars().all(|c| c == '-' || c == '－') && r.chars().count() >= 2 => {
                    // `--` between Chinese words; never `--flag` or `a--b` in Latin text
                    cjk_near
                }
                _ => false,
            };
            if offer {
                self.add(i, end, "——".into(), RULE_DASH);
            }
            i = end;
        }
    }

    fn ellipses(&mut self) {
        let n = self.chars.len();
        let mut i = 0;
        while i < n {
            let c = self.chars[i];
            if !matches!(c, '.' | '。' | '…' | '·') {
                i += 1;
                continue;
            }
            let end = self.run_end(i, |d| d == c);
            let len = end - i;
            let prev = self.before(i);
            let next = self.at(end);
            let cjk_near = prev.is_some_and(is_cjk) || next.is_some_and(is_han);
            let offer = match c {
                '.' => len >= 3 && cjk_near,
                '。' => len >= 3,
                '…' => len == 1 && cjk_near,
                _ => len >= 3 && cjk_near,
            };
            if offer {
                self.add(i, end, "……".into(), RULE_ELLIPSIS);
            }
            i = end;
        }
    }

    fn halfwidth(&mut self) {
        let n = self.chars.len();
        // parentheses first, as pairs: `(` ... `)` around or next to Chinese
        let mut stack = Vec::new();
        let mut pairs = Vec::new();
        for i in 0..n {
            match self.chars[i] {
                '(' => stack.push(i),
                ')' => {
                    if let Some(o) = stack.pop() {
                        pairs.push((o, i));
                    } else if self.before(i).is_some_and(is_han)
                        || self.at(i + 1).is_some_and(is_han)
                    {
                        self.add(i, i + 1, "）".into(), RULE_HALFWIDTH);
                    }
                }
                _ => {}
            }
        }
        for o in stack {
            if self.before(o).is_some_and(is_han) || self.at(o + 1).is_some_and(is_han) {
                self.add(o, o + 1, "（".into(), RULE_HALFWIDTH);
            }
        }
        pairs.sort();
        for (o, c) in pairs {
            let inner_han = self.chars[o + 1..c].iter().any(|ch| is_han(*ch));
            let outer_han =
                self.before(o).is_some_and(is_cjk) || self.at(c + 1).is_some_and(is_han);
            if inner_han || outer_han {
                self.add(o, o + 1, "（".into(), RULE_HALFWIDTH);
                self.add(c, c + 1, "）".into(), RULE_HALFWIDTH);
            }
        }
        for i in 0..n {
            let c = self.chars[i];
            let full = match c {
                ',' => '，',
                ';' => '；',
                ':' => '：',
                '?' => '？',
                '!' => '！',
                _ => continue,
            };
            // `指出 , 今年`: the spaces before the mark go with it
            let mut start = i;
            while start > 0 && self.chars[start - 1] == ' ' {
                start -= 1;
            }
            if start > 0 && !is_cjk(self.chars[start - 1]) {
                start = i;
            }
            let prev = self.before(start);
            let (solid, next) = self.next_solid(i + 1);
            let digit = |c: Option<char>| c.is_some_and(|c| c.is_ascii_digit());
            if matches!(c, ',' | ':') && digit(self.before(i)) && digit(self.at(i + 1)) {
                continue; // 1,000 and 9:30
            }
            let chinese = prev.is_some_and(is_cjk)
                || (next.is_some_and(is_han) && !prev.is_some_and(|p| p.is_ascii_alphabetic()));
            if !chinese {
                continue;
            }
            // swallow the English-style space after the mark when Chinese follows
            let end = if next.is_none_or(is_cjk) {
                solid
            } else {
                i + 1
            };
            self.add(start, end, full.to_string(), RULE_HALFWIDTH);
        }
    }

    fn stray_spaces(&mut self) {
        let n = self.chars.len();
        let in_short_parens = short_paren_spans(self.chars);
        let mut i = 0;
        while i < n {
            if !matches!(self.chars[i], ' ' | '\u{00A0}') {
                i += 1;
                continue;
            }
            let end = self.run_end(i, |c| matches!(c, ' ' | '\u{00A0}'));
            let prev = self.before(i);
            let next = self.at(end);
            if prev.is_some_and(is_cjk) && next.is_some_and(is_cjk) && !in_short_parens[i] {
                self.add(i, end, String::new(), RULE_STRAY_SPACE);
            }
            i = end;
        }
    }
}

/// URLs and e-mail addresses: runs of non-space, non-Chinese characters that
/// contain `://`, start with `www.` or hold an `@`. Nothing inside is touched.
fn protected_spans(chars: &[char]) -> Vec<bool> {
    let mut taken = vec![false; chars.len()];
    let mut i = 0;
    while i < chars.len() {
        if chars[i].is_whitespace() || is_cjk(chars[i]) {
            i += 1;
            continue;
        }
        let start = i;
        while i < chars.len() && !chars[i].is_whitespace() && !is_cjk(chars[i]) {
            i += 1;
        }
        let word: String = chars[start..i].iter().collect();
        let lower = word.to_ascii_lowercase();
        if lower.contains("://")
            || lower.starts_with("www.")
            || (lower.contains('@') && lower.contains('.'))
        {
            taken[start..i].iter_mut().for_each(|t| *t = true);
        }
    }
    taken
}

/// Characters inside a short full-width parenthesis such as `（记者 张三）`,
/// where spaces separate names and are meant.
fn short_paren_spans(chars: &[char]) -> Vec<bool> {
    let mut mark = vec![false; chars.len()];
    let mut open: Option<usize> = None;
    for (i, c) in chars.iter().enumerate() {
        match c {
            '（' => open = Some(i),
            '）' => {
                if let Some(o) = open.take()
                    && i - o <= 21
                {
                    mark[o..=i].iter_mut().for_each(|m| *m = true);
                }
            }
            _ => {}
        }
    }
    mark
}

fn field_text_mut(content: &mut ArticleContent, field: FixField) -> Option<&mut String> {
    match field {
        FixField::Kicker => Some(&mut content.kicker),
        FixField::Title => Some(&mut content.title),
        FixField::Subtitle => Some(&mut content.subtitle),
        FixField::Byline => Some(&mut content.byline),
        FixField::Body(i) => match content.body.get_mut(i)? {
            Block::Paragraph { text } | Block::Subhead { text } | Block::Brief { text } => {
                Some(text)
            }
            Block::Image { .. } => None,
        },
        FixField::Caption(i) => match content.body.get_mut(i)? {
            Block::Image { caption, .. } => Some(caption),
            _ => None,
        },
    }
}

/// Apply the suggested fixes at the indices `which` (into `article.fixes`).
///
/// A fix whose `original` no longer matches the text, or that overlaps a fix
/// chosen before it, is skipped. Applied fixes are removed from
/// `article.fixes`; the offsets of the remaining fixes of the same field are
/// moved to stay on their text (and a remaining fix that overlapped an applied
/// one is dropped). Returns how many fixes were applied.
pub fn apply_fixes(article: &mut ProposedArticle, which: &[usize]) -> usize {
    let mut chosen: Vec<usize> = which
        .iter()
        .copied()
        .filter(|i| *i < article.fixes.len())
        .collect();
    chosen.sort_unstable();
    chosen.dedup();

    // accept: matching text, no overlap with an earlier accepted fix of the field
    let mut accepted: Vec<usize> = Vec::new();
    for &i in &chosen {
        let f = &article.fixes[i];
        let Some(text) = field_text_mut(&mut article.content, f.field) else {
            continue;
        };
        let current: String = text
            .chars()
            .skip(f.start)
            .take(f.end.saturating_sub(f.start))
            .collect();
        if f.end < f.start || current != f.original || text.chars().count() < f.end {
            continue;
        }
        let overlaps = accepted.iter().any(|&a| {
            let g = &article.fixes[a];
            g.field == f.field && g.start < f.end && f.start < g.end
        });
        if !overlaps {
            accepted.push(i);
        }
    }

    // apply per field from the end backwards so earlier offsets stay valid
    let mut order = accepted.clone();
    order.sort_by(|a, b| article.fixes[*b].start.cmp(&article.fixes[*a].start));
    for &i in &order {
        let f = article.fixes[i].clone();
        if let Some(text) = field_text_mut(&mut article.content, f.field) {
            let mut chars: Vec<char> = text.chars().collect();
            chars.splice(f.start..f.end, f.replacement.chars());
            *text = chars.into_iter().collect();
        }
    }

    // keep the others, moved by what was inserted or removed before them
    let applied: Vec<SuggestedFix> = accepted.iter().map(|&i| article.fixes[i].clone()).collect();
    let mut remaining = Vec::with_capacity(article.fixes.len() - accepted.len());
    for (i, mut f) in std::mem::take(&mut article.fixes).into_iter().enumerate() {
        if accepted.contains(&i) {
            continue;
        }
        let same: Vec<&SuggestedFix> = applied.iter().filter(|a| a.field == f.field).collect();
        if same.iter().any(|a| a.start < f.end && f.start < a.end) {
            continue;
        }
        let shift: isize = same
            .iter()
            .filter(|a| a.end <= f.start)
            .map(|a| a.replacement.chars().count() as isize - (a.end - a.start) as isize)
            .sum();
        f.start = (f.start as isize + shift) as usize;
        f.end = (f.end as isize + shift) as usize;
        remaining.push(f);
    }
    article.fixes = remaining;
    accepted.len()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fixed(text: &str) -> String {
        let fixes = suggest(FixField::Body(0), text, Rules { stray_spaces: true });
        let mut article = ProposedArticle {
            file_name: "t.txt".into(),
            content: ArticleContent {
                title: "标题".into(),
                body: vec![Block::Paragraph { text: text.into() }],
                ..Default::default()
            },
            images: vec![],
            warnings: vec![],
            fixes,
        };
        let all: Vec<usize> = (0..article.fixes.len()).collect();
        apply_fixes(&mut article, &all);
        assert!(article.fixes.is_empty());
        article.content.body[0].text().to_string()
    }

    #[test]
    fn halfwidth_punctuation_in_chinese_text() {
        assert_eq!(
            fixed("开发区召开会议,部署四季度工作;会上(摘要):项目怎么办?加油!"),
            "开发区召开会议，部署四季度工作；会上（摘要）：项目怎么办？加油！"
        );
        assert_eq!(
            fixed("共签约3个项目, 总投资1,000万元"),
            "共签约3个项目，总投资1,000万元"
        );
        assert_eq!(
            fixed("会议于9:30开始,历时2.5小时"),
            "会议于9:30开始，历时2.5小时"
        );
        assert_eq!(
            fixed("采用PPP(政府和社会资本合作)模式"),
            "采用PPP（政府和社会资本合作）模式"
        );
    }

    #[test]
    fn latin_numbers_and_urls_are_left_alone() {
        for text in [
            "Hello, world: this (is) fine?",
            "详见 https://www.example.gov.cn/a,b?x=1:2 网站",
            "联系邮箱 office@example.cn",
            "增长3.5%，达1,234.5万元",
            "git --version",
        ] {
            assert!(
                suggest(
                    FixField::Body(0),
                    text,
                    Rules {
                        stray_spaces: false
                    }
                )
                .is_empty(),
                "{text}"
            );
        }
    }

    #[test]
    fn dashes_ellipses_and_spaces() {
        assert_eq!(fixed("新起点--新征程"), "新起点——新征程");
        assert_eq!(fixed("新起点—新征程"), "新起点——新征程");
        assert_eq!(fixed("新起点——新征程"), "新起点——新征程");
        assert_eq!(
            fixed("电子信息、生物医药...等产业"),
            "电子信息、生物医药……等产业"
        );
        assert_eq!(fixed("还有很多。。。"), "还有很多……");
        assert_eq!(fixed("还有很多…"), "还有很多……");
        assert_eq!(
            fixed("开发区 召开 会议，Zone Press 很好"),
            "开发区召开会议，Zone Press 很好"
        );
        assert_eq!(fixed("（记者 张三）开发区 召开"), "（记者 张三）开发区召开");
    }

    #[test]
    fn headline_spaces_are_not_offered() {
        assert!(
            suggest(
                FixField::Title,
                "聚焦主业 做强产业链",
                Rules {
                    stray_spaces: false
                }
            )
            .is_empty()
        );
    }

    #[test]
    fn applying_some_fixes_moves_the_others() {
        let text = "会议。。。结束,大家 很高兴,";
        let fixes = suggest(FixField::Body(0), text, Rules { stray_spaces: true });
        let rules: Vec<&str> = fixes.iter().map(|f| f.rule.as_str()).collect();
        assert_eq!(
            rules,
            [
                "punct.ellipsis",
                "punct.halfwidth",
                "import.stray_space",
                "punct.halfwidth"
            ]
        );
        let mut article = ProposedArticle {
            file_name: "t.txt".into(),
            content: ArticleContent {
                body: vec![Block::Paragraph { text: text.into() }],
                ..Default::default()
            },
            images: vec![],
            warnings: vec![],
            fixes,
        };
        // apply the ellipsis (3 chars -> 2) and the space (1 char -> 0) only
        assert_eq!(apply_fixes(&mut article, &[0, 2, 2, 99]), 2);
        assert_eq!(article.content.body[0].text(), "会议……结束,大家很高兴,");
        assert_eq!(article.fixes.len(), 2);
        // the remaining two still point at their commas
        for f in &article.fixes {
            let t: String = article.content.body[0]
                .text()
                .chars()
                .skip(f.start)
                .take(f.end - f.start)
                .collect();
            assert_eq!(t, f.original);
        }
        assert_eq!(apply_fixes(&mut article, &[0, 1]), 2);
        assert_eq!(article.content.body[0].text(), "会议……结束，大家很高兴，");
    }

    #[test]
    fn stale_fixes_are_skipped() {
        let text = "会议,结束";
        let fixes = suggest(FixField::Body(0), text, Rules { stray_spaces: true });
        let mut article = ProposedArticle {
            file_name: "t.txt".into(),
            content: ArticleContent {
                body: vec![Block::Paragraph {
                    text: "已经改过的文字".into(),
                }],
                ..Default::default()
            },
            images: vec![],
            warnings: vec![],
            fixes,
        };
        assert_eq!(apply_fixes(&mut article, &[0]), 0);
        assert_eq!(article.content.body[0].text(), "已经改过的文字");
    }

    #[test]
    fn fixes_are_the_checkers_where_it_has_the_rule() {
        let checker = zonepress_proof::Checker::default();
        let ctx = zonepress_proof::CheckContext::default();
        for text in [
            "会议。。。结束,大家 很高兴,",
            "他说:\"项目今年投产!\"现场(二期)同步开工;全年投资3.5亿元...",
            "开发区--这片热土--正在崛起，共签约1,000万元项目…",
        ] {
            let fixes = suggest(FixField::Body(0), text, Rules { stray_spaces: true });
            let findings = checker.check(text, &ctx);
            let mut shared = 0;
            for f in fixes.iter().filter(|f| f.rule != RULE_STRAY_SPACE) {
                assert_eq!(f.rule_name_zh, zonepress_proof::rule::name_zh(&f.rule));
                let same = findings
                    .iter()
                    .find(|g| g.rule == f.rule && g.start == f.start && g.end == f.end);
                let same = same.unwrap_or_else(|| {
                    panic!(
                        "{text}: the checker has no {} at {}..{}: {findings:#?}",
                        f.rule, f.start, f.end
                    )
                });
                assert_eq!(
                    same.replacement.as_deref(),
                    Some(f.replacement.as_str()),
                    "{text}"
                );
                shared += 1;
            }
            assert!(shared > 0, "{text}");
        }
    }
}
