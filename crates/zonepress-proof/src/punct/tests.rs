use crate::rule::*;
use crate::testutil::*;

#[test]
fn halfwidth_comma_and_friends_in_chinese() {
    let t = "开发区召开会议,部署工作;会议指出:要抓落实!大家满意吗?";
    assert_eq!(
        hits(t, PUNCT_HALFWIDTH),
        vec![
            fix(pos(t, ","), pos(t, ",") + 1, "，"),
            fix(pos(t, ";"), pos(t, ";") + 1, "；"),
            fix(pos(t, ":"), pos(t, ":") + 1, "："),
            fix(pos(t, "!"), pos(t, "!") + 1, "！"),
            fix(pos(t, "?"), pos(t, "?") + 1, "？"),
        ]
    );
}

#[test]
fn halfwidth_full_stop_at_sentence_end() {
    let t = "会议结束.\n下午继续.";
    assert_eq!(
        hits(t, PUNCT_HALFWIDTH),
        vec![fix(4, 5, "。"), fix(10, 11, "。")]
    );
}

#[test]
fn halfwidth_comma_takes_the_following_space() {
    let t = "签约项目, 总投资";
    assert_eq!(hits(t, PUNCT_HALFWIDTH), vec![fix(4, 6, "，")]);
}

#[test]
fn halfwidth_leaves_numbers_latin_urls_times_alone() {
    for t in [
        "全年完成1,000万元，增长3.5%，达到1.5亿元。",
        "他说：Hello, world. How are you?",
        "详见https://www.example.gov.cn/news?id=3&p=1，欢迎访问。",
        "邮箱：zhaoshang@example.gov.cn。",
        "会议于9:30开始，比分为3:2。",
        "系统升级到v2.0.1版本。",
        "1.开发区召开会议。\n2.项目签约。",
        "ABB (Switzerland) Ltd.",
        "引进Python (3.11)版本",
    ] {
        assert_eq!(hits(t, PUNCT_HALFWIDTH), vec![], "{t}");
    }
}

#[test]
fn halfwidth_parens_pair_in_chinese() {
    let t = "王建国(开发区管委会主任)出席";
    assert_eq!(
        hits(t, PUNCT_HALFWIDTH),
        vec![fix(3, 4, "（"), fix(12, 13, "）")]
    );
    let t = "(1)加强组织领导。";
    assert_eq!(
        hits(t, PUNCT_HALFWIDTH),
        vec![fix(0, 1, "（"), fix(2, 3, "）")]
    );
    let t = "ABB(中国)有限公司";
    assert_eq!(
        hits(t, PUNCT_HALFWIDTH),
        vec![fix(3, 4, "（"), fix(6, 7, "）")]
    );
}

#[test]
fn halfwidth_list_marker_close_is_left_alone() {
    assert_eq!(hits("1)加强组织领导。", PUNCT_HALFWIDTH), vec![]);
    assert_eq!(hits("1）加强组织领导。", PUNCT_UNBALANCED), vec![]);
}

#[test]
fn halfwidth_double_quotes_pair_when_certain() {
    let t = "他说:\"要抓好落实。\"";
    let f = hits(t, PUNCT_HALFWIDTH_QUOTE);
    assert_eq!(f, vec![fix(3, 4, "“"), fix(10, 11, "”")]);
    // Three marks on a line: flagged, but nobody can tell which is which.
    let t = "所谓\"放管服\"改革和\"最多跑一次";
    let f = hits(t, PUNCT_HALFWIDTH_QUOTE);
    assert_eq!(f.len(), 3);
    assert!(f.iter().all(|x| x.2.is_none()));
}

#[test]
fn halfwidth_quotes_see_past_ascii_marks() {
    let t = "他表示:\"我们有信心!\"";
    assert_eq!(
        hits(t, PUNCT_HALFWIDTH_QUOTE),
        vec![fix(4, 5, "“"), fix(11, 12, "”")]
    );
}

#[test]
fn halfwidth_quotes_leave_latin_and_apostrophes() {
    assert_eq!(
        hits("He said \"yes\" and it's fine.", PUNCT_HALFWIDTH_QUOTE),
        vec![]
    );
    assert_eq!(hits("西安的英文是Xi'an。", PUNCT_HALFWIDTH_QUOTE), vec![]);
    let t = "提出'三个一'工作法";
    assert_eq!(
        hits(t, PUNCT_HALFWIDTH_QUOTE),
        vec![fix(2, 3, "‘"), fix(6, 7, "’")]
    );
}

#[test]
fn unbalanced_quote_and_brackets() {
    let t = "他说：“要抓好落实。";
    assert_eq!(hits(t, PUNCT_UNBALANCED), vec![flag(3, 4)]);
    let t = "要抓好落实。”他说";
    assert_eq!(hits(t, PUNCT_UNBALANCED), vec![flag(6, 7)]);
    let t = "学习《条例》和《办法";
    assert_eq!(hits(t, PUNCT_UNBALANCED), vec![flag(7, 8)]);
    let t = "开发区）召开（会议";
    assert_eq!(hits(t, PUNCT_UNBALANCED), vec![flag(3, 4), flag(6, 7)]);
    let t = "（《通知》）与【文件】";
    assert_eq!(hits(t, PUNCT_UNBALANCED), vec![]);
    let t = "（《通知）》";
    assert_eq!(hits(t, PUNCT_UNBALANCED), vec![flag(1, 2), flag(5, 6)]);
}

#[test]
fn quotation_over_paragraphs_opens_each_and_closes_once() {
    let t = "他说：“第一，要抓落实。\n“第二，要优服务。\n“第三，要强作风。”\n会议结束。";
    assert_eq!(hits(t, PUNCT_UNBALANCED), vec![]);
    // A paragraph that does not continue the quotation leaves it unclosed.
    let t = "他说：“第一，要抓落实。\n会议结束。";
    assert_eq!(hits(t, PUNCT_UNBALANCED), vec![flag(3, 4)]);
    // Empty lines between paragraphs change nothing.
    let t = "他说：“第一。\n\n“第二。”";
    assert_eq!(hits(t, PUNCT_UNBALANCED), vec![]);
    // Brackets never run over a paragraph break.
    let t = "（第一段\n第二段）";
    assert_eq!(hits(t, PUNCT_UNBALANCED), vec![flag(0, 1), flag(8, 9)]);
}

#[test]
fn apostrophe_in_latin_is_not_a_quote() {
    assert_eq!(hits("Xi’an的企业代表", PUNCT_UNBALANCED), vec![]);
    assert_eq!(hits("‘三个一’工作法", PUNCT_UNBALANCED), vec![]);
}

#[test]
fn dash_forms() {
    assert_eq!(hits("——访管委会主任", PUNCT_DASH), vec![]);
    assert_eq!(hits("—访管委会主任", PUNCT_DASH), vec![fix(0, 1, "——")]);
    assert_eq!(
        hits("开发区--我们的家园", PUNCT_DASH),
        vec![fix(3, 5, "——")]
    );
    assert_eq!(
        hits("开发区－－我们的家园", PUNCT_DASH),
        vec![fix(3, 5, "——")]
    );
    assert_eq!(
        hits("开发区――我们的家园", PUNCT_DASH),
        vec![fix(3, 5, "——")]
    );
    assert_eq!(
        hits("新时代，—我们的家园", PUNCT_DASH),
        vec![fix(4, 5, "——")]
    );
    let long = hits("开发区———我们", PUNCT_DASH);
    assert_eq!(long, vec![flag(3, 6)]);
}

#[test]
fn connector_dash_and_latin_hyphens_stay() {
    for t in [
        "北京—上海航线",
        "2025年—2026年",
        "电话0371-66889900",
        "COVID-19",
        "a--b",
        "-----",
        "开发区——我们的家园",
    ] {
        assert_eq!(hits(t, PUNCT_DASH), vec![], "{t}");
    }
}

#[test]
fn ellipsis_forms() {
    assert_eq!(hits("项目、资金、人才……", PUNCT_ELLIPSIS), vec![]);
    assert_eq!(
        hits("项目、资金、人才…", PUNCT_ELLIPSIS),
        vec![fix(8, 9, "……")]
    );
    assert_eq!(
        hits("项目、资金、人才...", PUNCT_ELLIPSIS),
        vec![fix(8, 11, "……")]
    );
    assert_eq!(
        hits("项目、资金、人才。。。", PUNCT_ELLIPSIS),
        vec![fix(8, 11, "……")]
    );
    assert_eq!(
        hits("项目、资金、人才......", PUNCT_ELLIPSIS),
        vec![fix(8, 14, "……")]
    );
    assert_eq!(
        hits("项目、资金、人才···", PUNCT_ELLIPSIS),
        vec![fix(8, 11, "……")]
    );
    assert_eq!(
        hits("项目、资金、人才………", PUNCT_ELLIPSIS),
        vec![fix(8, 11, "……")]
    );
    assert_eq!(hits("…………", PUNCT_ELLIPSIS), vec![]);
}

#[test]
fn ellipsis_with_deng_is_a_warning() {
    let f = run("项目、资金、人才……等方面");
    let e: Vec<_> = f.iter().filter(|f| f.rule == PUNCT_ELLIPSIS).collect();
    assert_eq!(e.len(), 1);
    assert_eq!((e[0].start, e[0].end), (8, 11));
    assert_eq!(e[0].severity, crate::Severity::Warning);
    // ……等到 is a different 等.
    assert_eq!(hits("大家等了又等……等到天亮", PUNCT_ELLIPSIS), vec![]);
}

#[test]
fn latin_dots_stay() {
    assert_eq!(hits("Loading... please wait", PUNCT_ELLIPSIS), vec![]);
    assert_eq!(hits("见www.example.com...", PUNCT_ELLIPSIS), vec![]);
}

#[test]
fn doubled_marks() {
    assert_eq!(
        hits("开发区，，召开会议", PUNCT_DOUBLED),
        vec![fix(3, 5, "，")]
    );
    assert_eq!(hits("会议结束。。", PUNCT_DOUBLED), vec![fix(4, 6, "。")]);
    assert_eq!(hits("项目、、资金", PUNCT_DOUBLED), vec![fix(2, 4, "、")]);
    assert_eq!(hits("会议结束。，", PUNCT_DOUBLED), vec![flag(4, 6)]);
    let f = run("太好了！！");
    let d: Vec<_> = f.iter().filter(|f| f.rule == PUNCT_DOUBLED).collect();
    assert_eq!(d.len(), 1);
    assert_eq!(d[0].severity, crate::Severity::Warning);
    assert_eq!(d[0].replacement.as_deref(), Some("！"));
}

#[test]
fn allowed_mark_combinations() {
    for t in [
        "难道不是吗？！",
        "真的吗！？",
        "他说：“好。”",
        "会议结束。\n。",
    ] {
        assert_eq!(hits(t, PUNCT_DOUBLED), vec![], "{t}");
    }
}
