//! Whatever the text, `check` does not panic and every offset lies inside
//! the text.

use zonepress_testkit::proof;

use proptest::prelude::*;
use zonepress_proof::{
    CheckContext, Checker, Finding, Severity, WordKind, WordRule, apply_fixes, error_rate,
    starter_word_list,
};

fn checker() -> Checker {
    Checker::new(&proof::roster(), &starter_word_list())
}

fn ctx() -> CheckContext {
    CheckContext {
        issue_date: Some(proof::issue_date()),
    }
}

fn assert_sane(text: &str, findings: &[Finding]) {
    let n = text.chars().count();
    for w in findings.windows(2) {
        assert!(w[0].start <= w[1].start, "findings are sorted by start");
    }
    for f in findings {
        assert!(f.start <= f.end && f.end <= n, "{f:?} outside 0..{n}");
        assert!(!f.rule_name_zh.is_empty() && !f.message_zh.is_empty() && !f.message_en.is_empty());
    }
}

#[test]
fn empty_and_tiny_texts() {
    let c = checker();
    for t in [
        "", "\n", "\n\n\n", " ", "，", "“", "”", "—", "…", "的", "的的", "年", "月日", "1月",
        "9月3", "(", ")", "\"", "'",
    ] {
        let f = c.check(t, &ctx());
        assert_sane(t, &f);
    }
}

#[test]
fn control_characters_emoji_and_combining_marks() {
    let c = checker();
    let texts = [
        "开发区\u{0}召开\u{7}会议,\u{1b}[31m。",
        "开发区召开会议😀,😀的的😀",
        "e\u{301}\u{301}\u{301},开发区",
        "开发区\u{200b}\u{200b}召开\u{feff}会议。",
        "\r\n开发区\r\n召开\r\n",
        "管委会主任\u{0}王建国",
        "第\u{2028}段\u{2029}落",
        "🇨🇳🇨🇳🇨🇳",
    ];
    for t in texts {
        let f = c.check(t, &ctx());
        assert_sane(t, &f);
    }
}

#[test]
fn replacement_character_is_harmless() {
    // Lone surrogates from a JS string arrive as U+FFFD.
    let c = checker();
    let t = "开发区\u{FFFD}\u{FFFD}召开会议。\u{FFFD}，\u{FFFD}\n\u{FFFD}";
    let f = c.check(t, &ctx());
    assert_sane(t, &f);
    assert!(f.is_empty(), "{f:#?}");
}

#[test]
fn one_megabyte_of_text() {
    let c = checker();
    let mut big = String::new();
    while big.len() < 1 << 20 {
        big.push_str(proof::CLEAN);
        big.push('\n');
    }
    let f = c.check(&big, &ctx());
    assert_sane(&big, &f);
    assert!(f.is_empty(), "{} findings", f.len());
    // One long line of ASCII and one of a single repeated character.
    let ascii = "a.b,c;d:e?f!g(h)i\"j'k-".repeat(50_000);
    assert_sane(&ascii, &c.check(&ascii, &ctx()));
    let same = "的".repeat(300_000);
    let f = c.check(&same, &ctx());
    assert_sane(&same, &f);
    assert_eq!(f.len(), 1);
}

#[test]
fn pathological_inputs_stay_linear() {
    let c = checker();
    for t in [
        "（".repeat(100_000),
        "“".repeat(100_000),
        "—".repeat(100_000),
        "…".repeat(100_000),
        "。".repeat(100_000),
        "召开".repeat(100_000),
        "9月".repeat(100_000),
        "管委会主任".repeat(50_000),
        "王建国（管委会主任、".repeat(20_000),
    ] {
        let start = std::time::Instant::now();
        let f = c.check(&t, &ctx());
        assert_sane(&t, &f);
        assert!(start.elapsed().as_secs() < 20, "too slow on {}", &t[..12]);
    }
}

#[test]
fn error_rate_counts_errors_per_ten_thousand() {
    let c = checker();
    let t = "会议结束。。开发区的的发展，其它企业";
    let f = c.check(t, &ctx());
    let errors = f.iter().filter(|f| f.severity == Severity::Error).count();
    assert_eq!(errors, 2);
    assert!(f.iter().any(|f| f.severity == Severity::Info));
    assert!((error_rate(&f, 20_000) - 1.0).abs() < 1e-9);
    assert_eq!(error_rate(&f, 0), 0.0);
    assert_eq!(error_rate(&[], 100), 0.0);
}

#[test]
fn apply_fixes_skips_overlaps_and_bad_offsets() {
    let t = "开发区,召开会议";
    let mut f = checker().check(t, &ctx());
    assert_eq!(apply_fixes(t, &f), "开发区，召开会议");
    let mut odd = f[0].clone();
    odd.start = 2;
    odd.end = 99;
    f.push(odd.clone());
    odd.end = 4;
    odd.replacement = Some("X".into());
    f.push(odd);
    assert_eq!(apply_fixes(t, &f), "开发X召开会议");
}

#[test]
fn data_types_serialize_as_documented() {
    let f = checker().check("开发区,召开", &ctx());
    let json = serde_json::to_value(&f[0]).expect("serialize");
    assert_eq!(json["rule"], "punct.halfwidth");
    assert_eq!(json["severity"], "error");
    assert_eq!(json["start"], 3);
    assert_eq!(json["replacement"], "，");
    let back: Finding = serde_json::from_value(json).expect("deserialize");
    assert_eq!(back, f[0]);
    // A word rule stored without the optional fields reads back as certain.
    let w: WordRule =
        serde_json::from_str(r#"{"wrong":"布署","right":"部署","kind":"confusable","note":""}"#)
            .expect("word rule");
    assert_eq!(w, WordRule::new("布署", "部署", WordKind::Confusable, ""));
    assert_eq!(serde_json::to_value(Severity::Info).expect("json"), "info");
    assert_eq!(
        serde_json::to_value(WordKind::Deprecated).expect("json"),
        "deprecated"
    );
    let schema = schemars::schema_for!(Finding);
    assert!(
        serde_json::to_string(&schema)
            .expect("schema")
            .contains("replacement")
    );
}

#[test]
fn rule_list_covers_every_rule_seen() {
    let ids: Vec<String> = zonepress_proof::rules().into_iter().map(|r| r.id).collect();
    let dirty = include_str!("corpus/dirty.txt");
    for f in checker().check(dirty, &ctx()) {
        assert!(ids.contains(&f.rule), "{} is not listed", f.rule);
    }
}

fn text_strategy() -> impl Strategy<Value = String> {
    // Mostly the characters the rules look at, plus anything at all.
    let interesting = prop::sample::select(vec![
        '的', '了', '问', '召', '开', '年', '月', '日', '〇', '二', '0', '9', '1', '２', 'Ａ',
        '，', ',', '.', '。', '“', '”', '‘', '’', '"', '\'', '（', '）', '(', ')', '《', '》', '—',
        '-', '－', '…', '、', '：', ':', '%', '～', '\n', ' ', '\r', '\u{FFFD}', '\u{301}', '😀',
        '王', '建', '国', '管', '委', '会', '主', '任', '张', '截', '止', '再', '接', '励', '◆',
        '@', '/', 'w',
    ]);
    let ch = prop_oneof![4 => interesting, 1 => any::<char>()];
    prop::collection::vec(ch, 0..200).prop_map(|v| v.into_iter().collect())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    #[test]
    fn never_panics_and_offsets_in_bounds(text in text_strategy(), dated in any::<bool>()) {
        let c = checker();
        let ctx = if dated { ctx() } else { CheckContext::default() };
        let f = c.check(&text, &ctx);
        assert_sane(&text, &f);
        let fixed = apply_fixes(&text, &f);
        assert_sane(&fixed, &c.check(&fixed, &ctx));
    }

    #[test]
    fn arbitrary_strings(text in any::<String>()) {
        let f = checker().check(&text, &ctx());
        assert_sane(&text, &f);
    }

    #[test]
    fn arbitrary_word_lists_and_rosters(
        words in prop::collection::vec(("\\PC{0,4}", "\\PC{0,3}"), 0..8),
        names in prop::collection::vec(("\\PC{0,3}", "\\PC{0,5}"), 0..8),
        text in text_strategy(),
    ) {
        let words: Vec<WordRule> = words
            .into_iter()
            .map(|(w, r)| WordRule::new(w, r, WordKind::Confusable, ""))
            .collect();
        let roster: Vec<_> = names
            .into_iter()
            .map(|(n, t)| zonepress_proof::RosterEntry::new(n, t))
            .collect();
        let c = Checker::new(&roster, &words);
        let f = c.check(&text, &CheckContext::default());
        assert_sane(&text, &f);
    }
}
