//! The proofreading checker on any text, with a roster and the starter word
//! list, then its certain fixes applied.
#![no_main]

use std::sync::OnceLock;

use libfuzzer_sys::fuzz_target;
use zonepress_proof::{CheckContext, Checker, RosterEntry};

fn checker() -> &'static Checker {
    static CHECKER: OnceLock<Checker> = OnceLock::new();
    CHECKER.get_or_init(|| {
        let roster = [
            ("张海峰", "开发区党工委书记"),
            ("王建国", "管委会主任"),
            ("李明", "管委会副主任"),
        ]
        .map(|(name, title)| RosterEntry {
            name: name.into(),
            title: title.into(),
            valid_from: None,
            valid_to: None,
        });
        Checker::new(&roster, &zonepress_proof::starter_word_list())
    })
}

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let ctx = CheckContext {
        issue_date: chrono::NaiveDate::from_ymd_opt(2026, 11, 15),
    };
    let findings = checker().check(text, &ctx);
    let _ = zonepress_proof::apply_fixes(text, &findings);
});
