use crate::Severity;
use crate::rule::*;
use crate::testutil::*;

#[test]
fn doubled_function_characters() {
    assert_eq!(hits("开发区的的发展", REPEAT_CHAR), vec![fix(3, 5, "的")]);
    assert_eq!(hits("会议召开了了", REPEAT_CHAR), vec![fix(4, 6, "了")]);
    assert_eq!(hits("我们们要努力", REPEAT_CHAR), vec![fix(1, 3, "们")]);
    assert_eq!(hits("开发区的的的发展", REPEAT_CHAR), vec![fix(3, 6, "的")]);
    assert_eq!(
        hits("会议在在开发区举行", REPEAT_CHAR),
        vec![fix(2, 4, "在")]
    );
}

#[test]
fn legitimate_doubles_across_words() {
    for t in [
        "实现目的的手段",
        "他说的的确没错",
        "为了了解情况",
        "问题不了了之",
        "实在受不了了",
        "他现在在开发区工作",
        "这是是非问题",
        "实事求是是我们的传家宝",
        "是是非非要分清",
        "和和气气过日子",
        "植被被破坏",
        "参与与否",
        "合并并购",
        "感慨不已已成往事",
    ] {
        assert_eq!(hits(t, REPEAT_CHAR), vec![], "{t}");
    }
}

#[test]
fn ordinary_doubles_are_never_flagged() {
    for t in [
        "项目目标明确",
        "改进工作作风",
        "会议议程",
        "企业业务稳步增长",
        "大家看看、试试",
        "常常、渐渐、天天、人人、个个",
        "高高兴兴、清清楚楚、认认真真、实实在在、方方面面",
        "家家户户、一一落实、时时处处",
        "谢谢大家",
        "二〇二二年",
        "2022年11月11日",
    ] {
        assert_eq!(hits(t, REPEAT_CHAR), vec![], "{t}");
        assert_eq!(hits(t, REPEAT_PHRASE), vec![], "{t}");
    }
}

#[test]
fn repeat_across_a_line_break() {
    let f = run("记者采访时问\n问题的关键在于落实。");
    let r: Vec<_> = f.iter().filter(|f| f.rule == REPEAT_CHAR).collect();
    assert_eq!(r.len(), 1);
    assert_eq!((r[0].start, r[0].end), (5, 8));
    assert_eq!(r[0].severity, Severity::Warning);
    assert_eq!(r[0].replacement, None);
    assert_eq!(hits("问\n问", REPEAT_CHAR), vec![flag(0, 3)]);
    assert_eq!(hits("开发区的\n的发展", REPEAT_CHAR), vec![flag(3, 6)]);
}

#[test]
fn interview_label_after_a_line_break_is_no_repeat() {
    assert_eq!(
        hits("负责人答记者问\n问：今年有何打算？", REPEAT_CHAR),
        vec![]
    );
    assert_eq!(hits("会议结束。\n。", REPEAT_CHAR), vec![]);
}

#[test]
fn heading_over_its_text_is_no_repeat() {
    for t in [
        "优化营商环境\n优化营商环境是一项系统工程。",
        "开发区召开安全生产推进会\n会上，张海峰强调……",
        "（一）开展志愿服务活动\n活动现场气氛热烈。",
    ] {
        assert_eq!(hits(t, REPEAT_CHAR), vec![], "{t}");
        assert_eq!(hits(t, REPEAT_PHRASE), vec![], "{t}");
    }
}

#[test]
fn doubled_phrases() {
    assert_eq!(
        hits("开发区召开召开会议", REPEAT_PHRASE),
        vec![fix(3, 7, "召开")]
    );
    assert_eq!(
        hits("推进高质量发展高质量发展", REPEAT_PHRASE),
        vec![fix(2, 12, "高质量发展")]
    );
    assert_eq!(
        hits("优化营商环境优化营商环境优化营商环境", REPEAT_PHRASE),
        vec![fix(0, 18, "优化营商环境")]
    );
    let f = run("会上，大家同意召开\n召开会议");
    let p: Vec<_> = f.iter().filter(|f| f.rule == REPEAT_PHRASE).collect();
    assert_eq!(p.len(), 1);
    assert_eq!(
        (p[0].start, p[0].end, p[0].replacement.clone()),
        (7, 12, None)
    );
}

#[test]
fn reduplicated_phrases_are_fine() {
    for t in [
        "大家研究研究、讨论讨论",
        "一个一个地检查，一步一步地推进",
        "雪白雪白的墙",
        "非常非常重要",
        "加油加油",
        "2020年2020年",
        "Hello Hello",
    ] {
        assert_eq!(hits(t, REPEAT_PHRASE), vec![], "{t}");
    }
}
