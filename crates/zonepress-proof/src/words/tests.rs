use crate::rule::*;
use crate::testutil::*;
use crate::{CheckContext, Checker, Severity, WordKind, WordRule};

#[test]
fn confusables_from_the_starter_list() {
    assert_eq!(
        hits("要再接再励，一鼓作气", WORD_CONFUSABLE),
        vec![fix(1, 5, "再接再厉")]
    );
    assert_eq!(hits("周密布署", WORD_CONFUSABLE), vec![fix(2, 4, "部署")]);
    assert_eq!(
        hits("合理按排时间", WORD_CONFUSABLE),
        vec![fix(2, 4, "安排")]
    );
    assert_eq!(
        hits("园区座落于黄河之滨", WORD_CONFUSABLE),
        vec![fix(2, 5, "坐落于")]
    );
    let f = run("一股作气");
    assert_eq!(f[0].severity, Severity::Warning);
    assert!(
        f[0].message_zh.starts_with("“一股作气”应为“一鼓作气”。"),
        "{}",
        f[0].message_zh
    );
}

#[test]
fn jiezhi_only_in_its_certain_patterns() {
    assert_eq!(
        hits("截止到9月底", WORD_CONFUSABLE),
        vec![fix(0, 3, "截至")]
    );
    assert_eq!(
        hits("截止9月30日，累计签约", WORD_CONFUSABLE),
        vec![fix(0, 2, "截至")]
    );
    assert_eq!(
        hits("截止目前，累计签约", WORD_CONFUSABLE),
        vec![fix(0, 2, "截至")]
    );
    for t in [
        "报名截止日期为9月30日",
        "报名于9月30日截止。",
        "截至9月底",
        "截止时间",
    ] {
        assert_eq!(hits(t, WORD_CONFUSABLE), vec![], "{t}");
    }
}

#[test]
fn exceptions_win() {
    for t in [
        "讲座落在实处",
        "激发韧性",
        "宣布署名文章",
        "按排名先后",
        "拼凑和抄袭",
        "平安祥和",
        "正好象征着",
        "面对严峻工作形势",
        "完成份额",
        "思想像一盏灯",
    ] {
        assert_eq!(hits(t, WORD_CONFUSABLE), vec![], "{t}");
        assert_eq!(hits(t, WORD_DEPRECATED), vec![], "{t}");
    }
}

#[test]
fn deprecated_is_info() {
    let f = run("惟一的办法，其它企业");
    let d: Vec<_> = f.iter().filter(|f| f.rule == WORD_DEPRECATED).collect();
    assert_eq!(d.len(), 2);
    assert!(d.iter().all(|f| f.severity == Severity::Info));
    assert_eq!(d[1].replacement.as_deref(), Some("其他"));
}

#[test]
fn uncertain_entry_has_no_replacement_and_empty_right_says_avoid() {
    let words = vec![
        WordRule {
            certain: false,
            ..WordRule::new("既使", "即使", WordKind::Confusable, "")
        },
        WordRule::new("有关领导", "", WordKind::Deprecated, "请写明职务。"),
    ];
    let c = Checker::new(&[], &words);
    let f = c.check("既使下雨，有关领导也来了", &CheckContext::default());
    assert_eq!(f.len(), 2);
    assert_eq!(f[0].replacement, None);
    assert_eq!(f[0].message_zh, "“既使”应为“即使”");
    assert_eq!(f[1].replacement, None);
    assert_eq!(f[1].message_zh, "“有关领导”不宜使用。请写明职务。");
}

#[test]
fn empty_and_odd_word_lists_are_harmless() {
    let words = vec![
        WordRule::new("", "x", WordKind::Confusable, ""),
        WordRule::new("{date}", "x", WordKind::Confusable, ""),
        WordRule::new("ab", "cd", WordKind::Confusable, ""),
        WordRule::new("ab", "ef", WordKind::Deprecated, ""),
    ];
    let c = Checker::new(&[], &words);
    let f = c.check("xaby", &CheckContext::default());
    assert_eq!(f.len(), 1, "{f:?}");
    assert_eq!(f[0].replacement.as_deref(), Some("cd"));
    assert!(
        Checker::new(&[], &[])
            .check("其它", &CheckContext::default())
            .is_empty()
    );
}

#[test]
fn offsets_are_chars_not_bytes() {
    let t = "😀a再接再励";
    assert_eq!(hits(t, WORD_CONFUSABLE), vec![fix(2, 6, "再接再厉")]);
}
