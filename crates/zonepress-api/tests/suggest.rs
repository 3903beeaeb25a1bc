//! 排版建议 on the demo issue through the commands (real Typst compiles):
//! shuffled plans are repaired, every suggestion is a plan `plan_issue`
//! takes and preflight finds no fit error in, stories of higher-ranked
//! officials come first, kept placements stay; and the roster's 排序 with
//! the rule on the order of names.

use std::collections::HashMap;

use serde_json::{Value, json};
use zonepress_api::ErrorCode;
use zonepress_testkit::api::Demo;

/// Preflight codes that say a page does not fit.
const FIT_ERRORS: &[&str] = &[
    "overflow",
    "article_overflow",
    "page_spill",
    "page_count",
    "empty_page",
];

/// A small seeded generator for the shuffles (SplitMix64).
struct Shuffle(u64);

impl Shuffle {
    fn below(&mut self, n: usize) -> usize {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        ((z ^ (z >> 31)) % n as u64) as usize
    }
}

fn plan(d: &Demo) -> Value {
    d.json("layout", "get_issue_plan", json!({ "issue_id": 1 }))
}

/// The demo's placements dealt across its four pages by a seeded
/// permutation (each page keeps its number of articles).
fn shuffled(d: &Demo, seed: u64) -> Value {
    let layout = plan(d);
    let mut plan = layout["plan"].clone();
    let mut all: Vec<Value> = vec![];
    let mut counts = vec![];
    for p in plan["pages"].as_array().unwrap() {
        let pl = p["placements"].as_array().unwrap();
        counts.push(pl.len());
        all.extend(pl.iter().cloned());
    }
    let mut rng = Shuffle(seed);
    for k in (1..all.len()).rev() {
        all.swap(k, rng.below(k + 1));
    }
    let mut it = all.into_iter();
    for (p, n) in plan["pages"].as_array_mut().unwrap().iter_mut().zip(counts) {
        p["placements"] = Value::Array(it.by_ref().take(n).collect());
    }
    d.json("layout", "plan_issue", plan)
}

fn suggest(d: &Demo, body: Value) -> Value {
    d.json("layout", "suggest_layout", body)
}

/// Apply a suggestion as it is and preflight the issue: the fit errors.
fn apply_and_preflight(d: &Demo, s: &Value) -> Vec<String> {
    d.json("layout", "plan_issue", s["plan"].clone());
    let pre = d.json("layout", "preflight_issue", json!({ "issue_id": 1 }));
    pre["items"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|i| FIT_ERRORS.contains(&i["code"].as_str().unwrap_or("")))
        .map(|i| i["message_zh"].as_str().unwrap_or("").to_string())
        .collect()
}

fn part<'a>(s: &'a Value, key: &str) -> &'a Value {
    s["parts"]
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["key"] == key)
        .unwrap_or_else(|| panic!("no part {key}"))
}

#[test]
fn shuffled_demo_plans_are_repaired() {
    let d = Demo::before_proofs();
    let mut good = 0;
    let mut report = vec![];
    for seed in 1..=10u64 {
        let before = shuffled(&d, seed);
        let out = suggest(&d, json!({ "issue_id": 1 }));
        let list = out["suggestions"].as_array().unwrap();
        assert!(!list.is_empty() && list.len() <= 5, "seed {seed}");
        let first = &list[0];
        let over: u64 = first["fit"]
            .as_array()
            .unwrap()
            .iter()
            .map(|f| f["overflow_chars"].as_u64().unwrap())
            .sum();
        let empty = part(first, "empty")["value"].as_f64().unwrap();
        report.push(format!(
            "seed {seed}: before {:?}, first: overflow {over}, emptiest page {empty}% ({}), {} ms",
            before["fit"]
                .as_array()
                .unwrap()
                .iter()
                .map(|f| f["message_zh"].as_str().unwrap().to_string())
                .collect::<Vec<_>>(),
            part(first, "empty")["detail_zh"],
            out["took_ms"]
        ));
        if over == 0 && empty <= 5.0 {
            good += 1;
        }
        // Every suggestion is a plan that plan_issue takes and that
        // preflight finds no fit error in.
        for s in list {
            let errors = apply_and_preflight(&d, s);
            assert!(errors.is_empty(), "seed {seed}: {errors:?}");
            assert!(s["score"].as_f64().is_some());
        }
        // Back to the shuffled plan for the next seed's start.
    }
    eprintln!("{}", report.join("\n"));
    assert!(good >= 8, "{}", report.join("\n"));
}

/// The title of every article of the demo issue, by id.
fn titles(d: &Demo) -> HashMap<i64, String> {
    plan(d)["articles"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| {
            (
                a["id"].as_i64().unwrap(),
                a["title"].as_str().unwrap().to_string(),
            )
        })
        .collect()
}

fn id_of(d: &Demo, title_part: &str) -> i64 {
    *titles(d)
        .iter()
        .find(|(_, t)| t.contains(title_part))
        .unwrap_or_else(|| panic!("no article {title_part}"))
        .0
}

/// (page, place) of each placed article in reading order.
fn places(plan: &Value) -> HashMap<i64, (u64, usize)> {
    let mut out = HashMap::new();
    for p in plan["pages"].as_array().unwrap() {
        for (at, pl) in p["placements"].as_array().unwrap().iter().enumerate() {
            out.insert(
                pl["article_id"].as_i64().unwrap(),
                (p["number"].as_u64().unwrap(), at),
            );
        }
    }
    out
}

#[test]
fn higher_ranked_officials_come_first_and_kept_placements_stay() {
    let d = Demo::before_proofs();
    // 开发区召开党工委（扩大）会议 names the 党工委书记 (排序 1): move it to
    // the foot of page 3, behind stories of lower-ranked officials.
    let meeting = id_of(&d, "党工委（扩大）会议");
    let mut p = plan(&d)["plan"].clone();
    let mut moved = None;
    for page in p["pages"].as_array_mut().unwrap() {
        let list = page["placements"].as_array_mut().unwrap();
        if let Some(i) = list.iter().position(|x| x["article_id"] == meeting) {
            moved = Some(list.remove(i));
        }
    }
    p["pages"][2]["placements"]
        .as_array_mut()
        .unwrap()
        .push(moved.unwrap());
    d.json("layout", "plan_issue", p);

    // Lower-ranked: stories naming only officials of 排序 3 and below
    // (招商局, 经济发展局, 社会事业局, 生态环境分局 …).
    let roster = d.json("admin", "list_roster", json!({}));
    let ranks: Vec<(String, u64)> = roster
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|r| Some((r["name"].as_str()?.to_string(), r["rank"].as_u64()?)))
        .collect();
    assert_eq!(ranks.len(), 8, "the demo roster is ranked");

    // Keep 秋季人才招聘会 as the second story of page 3.
    let jobs = id_of(&d, "秋季人才招聘会");
    let out = suggest(
        &d,
        json!({ "issue_id": 1, "keep": [{ "article_id": jobs, "page": 3, "position": 2 }] }),
    );
    let list = out["suggestions"].as_array().unwrap();
    assert!(!list.is_empty());
    for s in list {
        assert_eq!(places(&s["plan"]).get(&jobs), Some(&(3, 1)), "kept");
    }
    let first = &list[0]["plan"];
    let at = places(first);
    let article = |id: i64| d.json("editor", "get_article", json!({ "id": id }));
    let rank_of = |id: i64| {
        let a = article(id);
        let text = a.to_string();
        ranks
            .iter()
            .filter(|(n, _)| text.contains(n.as_str()))
            .map(|(_, r)| *r)
            .min()
    };
    let mine = at[&meeting];
    assert!(mine.0 < 3, "moved off page 3: {mine:?}");
    for (&id, &place) in &at {
        if let Some(r) = rank_of(id)
            && r > 1
        {
            assert!(
                mine < place,
                "《{}》 ({r}) before the meeting",
                titles(&d)[&id]
            );
        }
    }
    // The lead stays the lead.
    let lead = id_of(&d, "18个项目签约落户");
    assert_eq!(at[&lead], (1, 0));
}

#[test]
fn a_headline_priority_leads_the_front_page() {
    let d = Demo::before_proofs();
    let wetland = id_of(&d, "湿地生态修复");
    let a = d.json(
        "editor",
        "set_article_priority",
        json!({ "id": wetland, "priority": "headline" }),
    );
    assert_eq!(a["priority"], "headline");
    // Not content: still signed at the same revision.
    assert_eq!(a["status"], "approved");
    let out = suggest(&d, json!({ "issue_id": 1 }));
    for s in out["suggestions"].as_array().unwrap() {
        assert_eq!(places(&s["plan"])[&wetland], (1, 0));
    }
    // Layout staff do not set priorities; editors do.
    let err = d
        .call(
            "layout",
            "set_article_priority",
            json!({ "id": wetland, "priority": "normal" }),
        )
        .unwrap_err();
    assert_eq!(err.code, ErrorCode::Forbidden);
}

#[test]
fn only_the_given_pages_are_planned() {
    let d = Demo::before_proofs();
    shuffled(&d, 3);
    let now = plan(&d)["plan"].clone();
    let out = suggest(&d, json!({ "issue_id": 1, "pages": [2, 3] }));
    for s in out["suggestions"].as_array().unwrap() {
        assert_eq!(s["plan"]["pages"][0], now["pages"][0]);
        assert_eq!(s["plan"]["pages"][3], now["pages"][3]);
    }
    let err = d
        .call(
            "layout",
            "suggest_layout",
            json!({ "issue_id": 1, "pages": [9] }),
        )
        .unwrap_err();
    assert_eq!(err.code, ErrorCode::InvalidInput);
    assert!(err.message.contains("第9版"), "{}", err.message);
}

#[test]
fn names_follow_the_roster_rank() {
    let d = Demo::before_proofs();
    let add = |name: &str, title: &str, rank: u32| {
        d.json(
            "admin",
            "save_roster_entry",
            json!({ "name": name, "title": title, "rank": rank }),
        )["id"]
            .as_i64()
            .unwrap()
    };
    let jin = add("金锋", "市委常委", 1);
    let li = add("李贵军", "副市长", 2);
    let rank_findings = |text: &str| -> Vec<Value> {
        d.json("editor", "check_text", json!({ "text": text }))
            .as_array()
            .unwrap()
            .iter()
            .filter(|f| f["rule"] == "roster.rank_order")
            .cloned()
            .collect()
    };
    assert!(rank_findings("金锋、李贵军等出席活动。").is_empty());
    let f = rank_findings("李贵军、金锋等出席活动。");
    assert_eq!(f.len(), 1, "{f:?}");
    assert_eq!(f[0]["replacement"], "金锋、李贵军");
    assert!(
        f[0]["message_zh"]
            .as_str()
            .unwrap()
            .contains("金锋、李贵军")
    );

    // Dragging 李贵军 above 金锋 swaps their ranks; the rule follows.
    let rows = d.json("admin", "reorder_roster", json!({ "ids": [li, jin] }));
    let rank = |id: i64| {
        rows.as_array()
            .unwrap()
            .iter()
            .find(|r| r["id"] == id)
            .unwrap()["rank"]
            .clone()
    };
    assert_eq!((rank(li), rank(jin)), (json!(1), json!(2)));
    // The demo's own officials were left out of the order: no rank now.
    assert!(
        rows.as_array()
            .unwrap()
            .iter()
            .filter(|r| r["rank"].is_null())
            .count()
            >= 8
    );
    assert!(rank_findings("李贵军、金锋等出席活动。").is_empty());
    assert_eq!(rank_findings("金锋、李贵军等出席活动。").len(), 1);
    // Only an admin reorders.
    let err = d
        .call("editor", "reorder_roster", json!({ "ids": [jin] }))
        .unwrap_err();
    assert_eq!(err.code, ErrorCode::Forbidden);
    let err = d
        .call("admin", "reorder_roster", json!({ "ids": [jin, jin] }))
        .unwrap_err();
    assert_eq!(err.code, ErrorCode::InvalidInput);
}
