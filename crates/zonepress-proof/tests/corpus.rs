//! The checker against whole texts: a clean corpus that must raise nothing
//! and a dirty one whose planted errors must each be found.

use zonepress_testkit::proof;

use zonepress_proof::{CheckContext, Checker, Finding, apply_fixes, starter_word_list};

fn checker() -> Checker {
    Checker::new(&proof::roster(), &starter_word_list())
}

fn ctx() -> CheckContext {
    CheckContext {
        issue_date: Some(proof::issue_date()),
    }
}

fn show(text: &str, f: &Finding) -> String {
    let chars: Vec<char> = text.chars().collect();
    let from = f.start.saturating_sub(12);
    let to = (f.end + 12).min(chars.len());
    let around: String = chars[from..to].iter().collect();
    format!(
        "{} [{}..{}] {:?} in “{}”: {}",
        f.rule,
        f.start,
        f.end,
        chars[f.start..f.end].iter().collect::<String>(),
        around.replace('\n', "⏎"),
        f.message_zh
    )
}

#[test]
fn roster_fixture_is_large_enough() {
    assert!(proof::roster().len() >= 50);
}

#[test]
fn clean_corpus_is_long_enough() {
    let han = proof::CLEAN
        .chars()
        .filter(|c| ('\u{4E00}'..='\u{9FFF}').contains(c))
        .count();
    assert!(proof::CLEAN.chars().count() >= 6_000);
    assert!(han >= 5_000, "{han} Chinese characters");
}

#[test]
fn clean_corpus_raises_nothing() {
    let findings = checker().check(proof::CLEAN, &ctx());
    let shown: Vec<String> = findings.iter().map(|f| show(proof::CLEAN, f)).collect();
    assert!(shown.is_empty(), "false alarms:\n{}", shown.join("\n"));
}

#[test]
fn clean_corpus_without_issue_date_raises_nothing() {
    let findings = checker().check(proof::CLEAN, &CheckContext::default());
    let shown: Vec<String> = findings.iter().map(|f| show(proof::CLEAN, f)).collect();
    assert!(shown.is_empty(), "false alarms:\n{}", shown.join("\n"));
}

/// Articles are checked one at a time in the editor; a quotation that runs
/// over paragraphs is only balanced within its whole article.
#[test]
fn clean_corpus_article_by_article_raises_nothing() {
    let c = checker();
    for article in proof::CLEAN.split("\n\n") {
        let findings = c.check(article, &ctx());
        let shown: Vec<String> = findings.iter().map(|f| show(article, f)).collect();
        assert!(shown.is_empty(), "false alarms:\n{}", shown.join("\n"));
    }
}

#[test]
fn fixes_leave_the_clean_corpus_unchanged() {
    let findings = checker().check(proof::CLEAN, &ctx());
    assert_eq!(apply_fixes(proof::CLEAN, &findings), proof::CLEAN);
}

/// A planted error: the rule, the text it sits in (first occurrence), the
/// flagged part of that text, and the certain fix if there is one.
struct Planted {
    rule: &'static str,
    context: &'static str,
    flagged: &'static str,
    fix: Option<&'static str>,
}

const fn p(
    rule: &'static str,
    context: &'static str,
    flagged: &'static str,
    fix: Option<&'static str>,
) -> Planted {
    Planted {
        rule,
        context,
        flagged,
        fix,
    }
}

const DIRTY: &str = include_str!("corpus/dirty.txt");

const PLANTED: &[Planted] = &[
    p("punct.halfwidth", "上午,开发区", ",", Some("，")),
    p("roster.wrong_name", "管委会主任陈思远主持", "陈思远", None),
    p(
        "roster.wrong_title",
        "王建国（管委会副主任）",
        "管委会副主任",
        None,
    ),
    p("roster.wrong_name", "管委会主任刘振华出席", "刘振华", None),
    p(
        "word.confusable",
        "要再接再励，",
        "再接再励",
        Some("再接再厉"),
    ),
    p(
        "word.confusable",
        "一股作气完成",
        "一股作气",
        Some("一鼓作气"),
    ),
    p("word.confusable", "截止9月底", "截止", Some("截至")),
    p("repeat.phrase", "召开召开安全", "召开召开", Some("召开")),
    p("repeat.char", "企业的的用工", "的的", Some("的")),
    p("number.fullwidth", "突破５００亿元", "５００", Some("500")),
    p(
        "number.year_zero",
        "二0二六年秋季",
        "二0二六",
        Some("二〇二六"),
    ),
    p("punct.unbalanced", "他说：“要抓好", "“", None),
    p("punct.dash", "开发区--我们", "--", Some("——")),
    p("punct.ellipsis", "人才...都是", "...", Some("……")),
    p("punct.doubled", "结束。。", "。。", Some("。")),
    p("repeat.char", "落实\n实干", "实\n实", None),
    p("date.invalid", "2月30日，开发区", "2月30日", None),
    p("date.out_of_period", "7月5日下午", "7月5日", None),
    p(
        "number.percent_range",
        "下降8～10%",
        "8～10%",
        Some("8%～10%"),
    ),
    p("word.deprecated", "的惟一办法", "惟一", Some("唯一")),
    p("punct.halfwidth_quote", "所谓\"放管服", "\"", Some("“")),
    p("punct.halfwidth_quote", "放管服\"改革", "\"", Some("”")),
    p(
        "number.mixed_year",
        "于二〇一〇年",
        "二〇一〇",
        Some("2010"),
    ),
];

fn char_pos(text: &str, needle: &str) -> usize {
    let b = text
        .find(needle)
        .unwrap_or_else(|| panic!("“{needle}” not in the dirty corpus"));
    text[..b].chars().count()
}

#[test]
fn dirty_corpus_every_planted_error_is_found_and_nothing_else() {
    let findings = checker().check(DIRTY, &ctx());
    let mut expected: Vec<(String, usize, usize, Option<String>)> = PLANTED
        .iter()
        .map(|pl| {
            let at = char_pos(DIRTY, pl.context) + char_pos(pl.context, pl.flagged);
            let end = at + pl.flagged.chars().count();
            (pl.rule.to_owned(), at, end, pl.fix.map(str::to_owned))
        })
        .collect();
    expected.sort();
    let mut got: Vec<(String, usize, usize, Option<String>)> = findings
        .iter()
        .map(|f| (f.rule.clone(), f.start, f.end, f.replacement.clone()))
        .collect();
    got.sort();
    let missing: Vec<_> = expected.iter().filter(|e| !got.contains(e)).collect();
    let extra: Vec<String> = findings
        .iter()
        .filter(|f| !expected.contains(&(f.rule.clone(), f.start, f.end, f.replacement.clone())))
        .map(|f| show(DIRTY, f))
        .collect();
    assert!(
        missing.is_empty() && extra.is_empty(),
        "missing: {missing:#?}\nunexpected:\n{}",
        extra.join("\n")
    );
}

#[test]
fn dirty_corpus_messages_name_the_holder() {
    let findings = checker().check(DIRTY, &ctx());
    let f = findings
        .iter()
        .find(|f| f.rule == "roster.wrong_name")
        .expect("a wrong name");
    assert_eq!(
        f.message_zh,
        "“开发区党工委副书记”“管委会主任”现为王建国，此处为陈思远，请核实"
    );
    assert_eq!(f.rule_name_zh, "职务与人名不符");
}

#[test]
fn fixing_the_dirty_corpus_removes_the_fixable_findings() {
    let c = checker();
    let first = c.check(DIRTY, &ctx());
    // One fix may reveal the next (二0二六 → 二〇二六, now a Chinese-numeral
    // year among Arabic ones → 2026), so fix until nothing is left to fix.
    let mut text = DIRTY.to_owned();
    for _ in 0..3 {
        let findings = c.check(&text, &ctx());
        text = apply_fixes(&text, &findings);
    }
    let last = c.check(&text, &ctx());
    assert!(
        last.iter().all(|f| f.replacement.is_none()),
        "{:#?}",
        last.iter()
            .filter(|f| f.replacement.is_some())
            .collect::<Vec<_>>()
    );
    assert!(last.len() < first.len());
}
