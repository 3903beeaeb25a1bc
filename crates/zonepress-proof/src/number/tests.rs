use crate::Severity;
use crate::rule::*;
use crate::testutil::*;

#[test]
fn fullwidth_digits_and_letters() {
    assert_eq!(
        hits("２０２６年", NUMBER_FULLWIDTH),
        vec![fix(0, 4, "2026")]
    );
    assert_eq!(
        hits("引进ＡＢＢ公司", NUMBER_FULLWIDTH),
        vec![fix(2, 5, "ABB")]
    );
    assert_eq!(
        hits("增长３．５％", NUMBER_FULLWIDTH),
        vec![fix(2, 5, "3.5")]
    );
    assert_eq!(hits("2026年，ABB，3.5%", NUMBER_FULLWIDTH), vec![]);
}

#[test]
fn wrong_zero_in_chinese_year() {
    assert_eq!(
        hits("二0二六年", NUMBER_YEAR_ZERO),
        vec![fix(0, 4, "二〇二六")]
    );
    assert_eq!(
        hits("二O二六年", NUMBER_YEAR_ZERO),
        vec![fix(0, 4, "二〇二六")]
    );
    assert_eq!(
        hits("二○二六年", NUMBER_YEAR_ZERO),
        vec![fix(0, 4, "二〇二六")]
    );
    let f = run("二零二六年");
    let z: Vec<_> = f.iter().filter(|f| f.rule == NUMBER_YEAR_ZERO).collect();
    assert_eq!(z.len(), 1);
    assert_eq!(z[0].severity, Severity::Warning);
    for t in ["二〇二六年", "2020年", "2000年", "零零年代", "GOOD年"] {
        assert_eq!(hits(t, NUMBER_YEAR_ZERO), vec![], "{t}");
    }
}

#[test]
fn mixed_year_forms() {
    let t = "2026年9月，开发区成立于二〇一〇年，2025年完成改制。";
    assert_eq!(
        hits(t, NUMBER_MIXED_YEAR),
        vec![fix(pos(t, "二〇"), pos(t, "二〇") + 4, "2010")]
    );
    let t = "二〇二六年九月，二〇二五年底，2024年";
    assert_eq!(
        hits(t, NUMBER_MIXED_YEAR),
        vec![fix(pos(t, "2024"), pos(t, "2024") + 4, "二〇二四")]
    );
    for t in [
        "2026年9月，2025年",
        "二〇二六年，二〇二五年",
        "学习《二〇二六年工作要点》，2026年目标",
        "12026年",
    ] {
        assert_eq!(hits(t, NUMBER_MIXED_YEAR), vec![], "{t}");
    }
}

#[test]
fn percent_ranges() {
    assert_eq!(
        hits("增长5～8%", NUMBER_PERCENT_RANGE),
        vec![fix(2, 6, "5%～8%")]
    );
    assert_eq!(
        hits("增长5-8%", NUMBER_PERCENT_RANGE),
        vec![fix(2, 6, "5%-8%")]
    );
    assert_eq!(
        hits("增长2.5～3.5％", NUMBER_PERCENT_RANGE),
        vec![fix(2, 10, "2.5％～3.5％")]
    );
    for t in [
        "增长5%～8%",
        "COVID-19%",
        "0371-66889900",
        "5～8个百分点",
        "增长8%",
    ] {
        assert_eq!(hits(t, NUMBER_PERCENT_RANGE), vec![], "{t}");
    }
}
