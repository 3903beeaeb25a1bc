use crate::rule::*;
use crate::testutil::*;
use crate::{CheckContext, Checker, RosterEntry, Severity};

#[test]
fn correct_titles_and_names_pass() {
    for t in [
        "开发区党工委书记张海峰主持会议。",
        "开发区党工委副书记、管委会主任王建国出席。",
        "管委会副主任陈思远、周晓梅参加。",
        "管委会副主任周晓梅介绍情况。",
        "王建国（开发区党工委副书记、管委会主任）讲话。",
        "王建国主任指出，要抓好落实。",
        "张海峰书记、王建国主任一行调研。",
        "原管委会主任刘振华退休。",
        "市商务局局长赵刚、开发区经发局局长孙立出席。",
        "管委会主任办公会议研究了项目。",
        "管委会主任高度重视此事。",
        "管委会主任一职由王建国担任。",
    ] {
        let f = run(t);
        assert_eq!(of(&f, ROSTER_WRONG_NAME), vec![], "{t}");
        assert_eq!(of(&f, ROSTER_WRONG_TITLE), vec![], "{t}");
    }
}

#[test]
fn known_title_with_the_wrong_known_name() {
    let t = "管委会主任李明出席会议。";
    let f = run(t);
    let w: Vec<_> = f.iter().filter(|f| f.rule == ROSTER_WRONG_NAME).collect();
    assert_eq!(w.len(), 1);
    assert_eq!((w[0].start, w[0].end), (5, 7));
    assert_eq!(w[0].severity, Severity::Error);
    assert_eq!(
        w[0].message_zh,
        "“管委会主任”现为王建国、刘振华，此处为李明，请核实"
    );
}

#[test]
fn dates_decide_who_holds_a_title() {
    let t = "管委会主任李明出席会议。";
    let f = run_on(t, date(2026, 9, 1));
    let w: Vec<_> = f.iter().filter(|f| f.rule == ROSTER_WRONG_NAME).collect();
    assert_eq!(
        w[0].message_zh,
        "“管委会主任”现为王建国，此处为李明，请核实"
    );
    // The predecessor was right in 2025 and is wrong in 2026.
    let t = "管委会主任刘振华出席会议。";
    assert_eq!(of(&run_on(t, date(2025, 6, 1)), ROSTER_WRONG_NAME), vec![]);
    assert_eq!(
        of(&run_on(t, date(2026, 6, 1)), ROSTER_WRONG_NAME),
        vec![flag(5, 8)]
    );
    assert_eq!(
        of(&run(t), ROSTER_WRONG_NAME),
        vec![],
        "without a date anyone who held it is fine"
    );
}

#[test]
fn unknown_name_after_a_title_is_a_warning() {
    let t = "开发区党工委书记李晓明出席会议。";
    let f = run(t);
    let w: Vec<_> = f.iter().filter(|f| f.rule == ROSTER_WRONG_NAME).collect();
    assert_eq!(w.len(), 1);
    assert_eq!((w[0].start, w[0].end), (8, 11));
    assert_eq!(w[0].severity, Severity::Warning);
    assert!(w[0].message_zh.contains("现为张海峰，此处为李晓明"));
    let t = "管委会副主任赵强，";
    assert_eq!(of(&run(t), ROSTER_WRONG_NAME), vec![flag(6, 8)]);
}

#[test]
fn chain_of_titles_before_a_name() {
    // 陈思远 is 副主任, not 党工委副书记.
    let t = "开发区党工委副书记、管委会副主任陈思远讲话。";
    assert_eq!(of(&run(t), ROSTER_WRONG_NAME), vec![flag(16, 19)]);
    // 张海峰 after a comma is not part of the chain.
    let t = "开发区党工委书记张海峰、管委会主任王建国出席。";
    assert_eq!(of(&run(t), ROSTER_WRONG_NAME), vec![]);
}

#[test]
fn name_then_title() {
    let t = "王建国（管委会副主任）讲话。";
    let f = run(t);
    let w: Vec<_> = f.iter().filter(|f| f.rule == ROSTER_WRONG_TITLE).collect();
    assert_eq!(w.len(), 1);
    assert_eq!((w[0].start, w[0].end), (4, 10));
    assert!(
        w[0].message_zh
            .contains("王建国的职务为“开发区党工委副书记”、“管委会主任”"),
        "{}",
        w[0].message_zh
    );
    assert!(
        w[0].message_zh.contains("“管委会副主任”现为陈思远、周晓梅"),
        "{}",
        w[0].message_zh
    );
    let t = "陈思远管委会主任讲话。";
    assert_eq!(of(&run(t), ROSTER_WRONG_TITLE), vec![flag(3, 8)]);
}

#[test]
fn a_retired_name_with_a_vacant_title() {
    let roster = vec![RosterEntry {
        valid_to: Some(date(2025, 12, 31)),
        ..RosterEntry::new("刘振华", "管委会主任")
    }];
    let c = Checker::new(&roster, &[]);
    let ctx = CheckContext {
        issue_date: Some(date(2026, 5, 1)),
    };
    let f = c.check("管委会主任刘振华出席。", &ctx);
    assert_eq!(f.len(), 1);
    assert_eq!(f[0].rule, ROSTER_WRONG_TITLE);
    assert_eq!(
        f[0].message_zh,
        "据名单，刘振华在本期日期未担任职务，此处写作“管委会主任”，请核实"
    );
}

#[test]
fn short_names_inside_longer_names_are_left_alone() {
    let roster = vec![
        RosterEntry::new("王建", "管委会主任"),
        RosterEntry::new("李明", "招商局局长"),
    ];
    let c = Checker::new(&roster, &[]);
    let f = c.check(
        "管委会主任王建国带领大家。招商局局长李明亮出席。",
        &CheckContext::default(),
    );
    assert_eq!(f, vec![]);
}

#[test]
fn empty_roster_and_blank_entries() {
    let roster = vec![
        RosterEntry::new("", "管委会主任"),
        RosterEntry::new("王建国", " "),
    ];
    let c = Checker::new(&roster, &[]);
    assert!(
        c.check("管委会主任李明出席。", &CheckContext::default())
            .is_empty()
    );
}
