//! Checks the text on standard input with the test roster and the starter
//! word list (issue date 2026-10-15) and prints one line per finding:
//! `cargo run -p zonepress-proof --example check < article.txt`.

use std::io::Read;
use zonepress_proof::*;
use zonepress_testkit::proof;
fn main() {
    let mut s = String::new();
    std::io::stdin().read_to_string(&mut s).unwrap();
    let c = Checker::new(&proof::roster(), &starter_word_list());
    let ctx = CheckContext {
        issue_date: Some(proof::issue_date()),
    };
    let chars: Vec<char> = s.chars().collect();
    for f in c.check(&s, &ctx) {
        let from = f.start.saturating_sub(8);
        let to = (f.end + 8).min(chars.len());
        let around: String = chars[from..to]
            .iter()
            .collect::<String>()
            .replace('\n', "⏎");
        println!(
            "{:<22} {:?} [{}] «{}» {} → {:?}",
            f.rule,
            f.severity,
            chars[f.start..f.end]
                .iter()
                .collect::<String>()
                .replace('\n', "⏎"),
            around,
            f.message_zh,
            f.replacement
        );
    }
}
