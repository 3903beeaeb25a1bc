use crate::rule::*;
use crate::testutil::*;

#[test]
fn invalid_dates() {
    assert_eq!(hits("2月30日上午", DATE_INVALID), vec![flag(0, 5)]);
    assert_eq!(hits("4月31日", DATE_INVALID), vec![flag(0, 5)]);
    assert_eq!(hits("13月5日", DATE_INVALID), vec![flag(0, 5)]);
    assert_eq!(hits("二月三十日", DATE_INVALID), vec![flag(0, 5)]);
    assert_eq!(hits("2025年2月29日", DATE_INVALID), vec![flag(5, 10)]);
    for t in [
        "2024年2月29日",
        "2月29日",
        "12月31日",
        "九月二十日",
        "1月1日",
        "每月1日",
    ] {
        assert_eq!(hits(t, DATE_INVALID), vec![], "{t}");
    }
}

#[test]
fn leap_day_follows_the_issue_year() {
    let f = run_on("2月29日，开发区召开会议。", date(2026, 3, 1));
    assert_eq!(of(&f, DATE_INVALID), vec![flag(0, 5)]);
    let f = run_on("2月29日，开发区召开会议。", date(2028, 3, 1));
    assert_eq!(of(&f, DATE_INVALID), vec![]);
}

#[test]
fn datelines_outside_the_period() {
    let issue = date(2026, 10, 15);
    let t = "9月20日上午，开发区召开会议。10月8日，项目签约。7月5日下午，企业开工。";
    assert_eq!(
        of(&run_on(t, issue), DATE_OUT_OF_PERIOD),
        vec![flag(pos(t, "7月"), pos(t, "7月") + 4)]
    );
    let t = "九月二十日，十一月三日";
    assert_eq!(of(&run_on(t, issue), DATE_OUT_OF_PERIOD), vec![flag(6, 11)]);
}

#[test]
fn january_issue_accepts_december() {
    let t = "12月28日，开发区召开年终总结会。1月6日，开工。";
    assert_eq!(
        of(&run_on(t, date(2027, 1, 10)), DATE_OUT_OF_PERIOD),
        vec![]
    );
    assert_eq!(
        of(&run_on(t, date(2027, 2, 10)), DATE_OUT_OF_PERIOD),
        vec![flag(0, 6)]
    );
}

#[test]
fn plans_deadlines_and_other_years_are_not_datelines() {
    let issue = date(2026, 10, 15);
    for t in [
        "展会将于11月10日开幕。",
        "活动定于12月1日举行。",
        "截至6月30日，累计签约。",
        "9月28日至11月8日开展行动。",
        "《条例》自5月1日起施行。",
        "2025年3月5日，开发区获批。",
        "每年9月10日是教师节，去年5月1日也放假。",
        "申报须在11月30日前完成。",
        "11月5日，开发区将召开大会。",
    ] {
        assert_eq!(of(&run_on(t, issue), DATE_OUT_OF_PERIOD), vec![], "{t}");
    }
}

#[test]
fn no_issue_date_no_period_check() {
    assert_eq!(hits("7月5日，开工。", DATE_OUT_OF_PERIOD), vec![]);
}
