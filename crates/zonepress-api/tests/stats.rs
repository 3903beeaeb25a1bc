//! 稿件统计 and 稿酬 on a real workspace: the demo issue exported for print,
//! figures checked against the recorded manifest and the printed revisions,
//! shares that add up, rules by date, statements kept as issued, the .xlsx
//! read back, the PDF read back with pdftotext, and bad input.

use std::collections::{BTreeMap, BTreeSet};

use zonepress_testkit::api::Demo;
use zonepress_testkit::poppler::{squash, text_layout as pdftotext};

use calamine::{Data, Reader, Xlsx, open_workbook_from_rs};
use serde_json::{Value, json};
use zonepress_api::ErrorCode;

const NOV: (&str, &str) = ("2026-11-01", "2026-11-30");

fn period() -> Value {
    json!({ "from": NOV.0, "to": NOV.1 })
}

fn with(mut v: Value, extra: Value) -> Value {
    for (k, x) in extra.as_object().unwrap() {
        v[k] = x.clone();
    }
    v
}

fn err(d: &Demo, user: &str, cmd: &str, body: Value) -> zonepress_api::ApiError {
    match d.call(user, cmd, body) {
        Err(e) => e,
        Ok(_) => panic!("{cmd} as {user} should fail"),
    }
}

fn has_chinese(s: &str) -> bool {
    s.chars().any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c))
}

/// The demo issue exported for print; answers the manifest's articles
/// (id → (page, revision)).
fn print(d: &Demo) -> BTreeMap<i64, (u64, u64)> {
    d.bytes("layout", "export_issue", json!({ "issue_id": 1 }));
    let m = d.json("layout", "get_export_manifest", json!({ "issue_id": 1 }));
    assert_eq!(m["proof_copy"], false);
    m["articles"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| {
            (
                a["article_id"].as_i64().unwrap(),
                (a["page"].as_u64().unwrap(), a["revision"].as_u64().unwrap()),
            )
        })
        .collect()
}

fn rows(stats: &Value) -> &Vec<Value> {
    stats["rows"].as_array().unwrap()
}

fn row<'a>(stats: &'a Value, name: &str) -> &'a Value {
    rows(stats)
        .iter()
        .find(|r| r["name"] == name)
        .unwrap_or_else(|| panic!("no row {name}: {stats:#}"))
}

fn sum(stats: &Value, field: &str) -> i64 {
    rows(stats).iter().map(|r| r[field].as_i64().unwrap()).sum()
}

/// Characters of one revision, as stored.
fn length(d: &Demo, id: i64, revision: u64) -> i64 {
    d.json(
        "editor",
        "get_revision",
        json!({ "id": id, "number": revision }),
    )["length"]
        .as_i64()
        .unwrap()
}

#[test]
fn statistics_count_exactly_what_the_print_export_placed() {
    let d = Demo::new();
    // Before any print export nothing is printed, and the screen says why.
    let before = d.json("reviewer1", "article_stats", period());
    assert_eq!(before["issues"][0]["printed"], false);
    assert_eq!(before["totals"]["printed"], 0);
    assert_eq!(before["totals"]["submitted"], 21);
    assert!(
        before["notes"][0]
            .as_str()
            .unwrap()
            .contains("还没有导出付印稿"),
        "{}",
        before["notes"]
    );
    // A 校样 is no print.
    d.bytes(
        "layout",
        "export_issue",
        json!({ "issue_id": 1, "options": { "proof_copy": true } }),
    );
    let proof = d.json("proofreader", "article_stats", period());
    assert_eq!(proof["totals"]["printed"], 0);

    let printed = print(&d);
    assert_eq!(printed.len(), 18);
    let stats = d.json("layout", "article_stats", period());
    assert_eq!(stats["issues"][0]["printed"], true);
    assert_eq!(stats["issues"][0]["articles"], 18);
    assert_eq!(stats["totals"]["printed"], 18);
    assert_eq!(stats["unresolved"], 0, "{stats:#}");
    let chars: i64 = printed
        .iter()
        .map(|(id, (_, rev))| length(&d, *id, *rev))
        .sum();
    assert_eq!(stats["totals"]["chars"], chars);
    assert_eq!(
        stats["totals"]["front_page"],
        printed.values().filter(|(p, _)| *p == 1).count()
    );
    assert_eq!(stats["totals"]["photos"], 1);

    // Shares add up: each printed article is 1,000 thousandths and all its characters.
    assert_eq!(sum(&stats, "printed_share"), 18 * 1000);
    assert_eq!(sum(&stats, "chars"), chars);
    assert_eq!(sum(&stats, "photos"), 1000);

    // Co-authored: 记者 林悦 通讯员 何佳宁 (page 1) shares half and half.
    let he = row(&stats, "何佳宁");
    assert_eq!(
        (he["printed"].as_i64(), he["printed_share"].as_i64()),
        (Some(1), Some(500))
    );
    assert_eq!(he["front_page"], 1);
    assert_eq!(he["unit"], "经济发展局");
    // 韩晓东: two alone and one with 王晓静.
    let han = row(&stats, "韩晓东");
    assert_eq!(
        (han["printed"].as_i64(), han["printed_share"].as_i64()),
        (Some(3), Some(2500))
    );
    // 刘畅's photo.
    assert_eq!(row(&stats, "刘畅")["photos"], 1000);
    // 要闻快览 has no byline.
    assert_eq!(row(&stats, "（无署名）")["printed"], 1);

    // The articles behind a figure: every printed article of 韩晓东, from the manifest.
    let key = han["key"].as_str().unwrap();
    let behind = d.json(
        "reviewer2",
        "stats_articles",
        with(period(), json!({ "key": key })),
    );
    let behind = behind.as_array().unwrap();
    assert_eq!(behind.iter().filter(|a| a["printed"] == true).count(), 3);
    for a in behind {
        let id = a["article_id"].as_i64().unwrap();
        assert_eq!(a["page"].as_u64(), Some(printed[&id].0));
        assert_eq!(a["revision"].as_u64(), Some(printed[&id].1));
        assert!(a["byline"].as_str().unwrap().contains("韩晓东"));
    }
    let shares: i64 = behind.iter().map(|a| a["share"].as_i64().unwrap()).sum();
    assert_eq!(shares, 2500);

    // Unplaced articles (draft, awaiting 初审, returned) are submitted, never printed.
    let all = d.json("editor", "list_articles", json!({ "issue_id": 1 }));
    let unplaced: Vec<&Value> = all
        .as_array()
        .unwrap()
        .iter()
        .filter(|a| !printed.contains_key(&a["id"].as_i64().unwrap()))
        .collect();
    assert_eq!(unplaced.len(), 3);
    let ma = row(&stats, "马骁");
    assert_eq!(
        (ma["submitted"].as_i64(), ma["printed"].as_i64()),
        (Some(3), Some(2))
    );
    // Withdrawn, it is still not printed.
    let pending = unplaced
        .iter()
        .find(|a| a["byline"] == "通讯员 马骁")
        .unwrap();
    d.json("editor", "withdraw_article", json!({ "id": pending["id"] }));
    let again = d.json("editor", "article_stats", period());
    assert_eq!(row(&again, "马骁")["printed"], 2);
    assert_eq!(again["totals"]["printed"], 18);

    // What was printed stays what was printed: a later revision of a printed
    // article (a new byline, a longer text) changes nothing.
    let (&id, _) = printed
        .iter()
        .find(|(id, _)| {
            d.json("editor", "get_article", json!({ "id": id }))["byline"] == "通讯员 苏晴"
        })
        .unwrap();
    let a = d.json("editor", "get_article", json!({ "id": id }));
    d.json(
        "editor",
        "save_article",
        json!({ "id": id, "base_revision": a["revision"], "byline": "通讯员 叶帆",
                "body": [{ "type": "paragraph", "text": "改写后的正文，多了许多字。".repeat(20) }] }),
    );
    let after = d.json("editor", "article_stats", period());
    assert_eq!(after["totals"]["chars"], chars);
    assert_eq!(row(&after, "苏晴")["printed"], 1);
    assert_eq!(row(&after, "叶帆")["printed"], 1);
    // … while the submitted count follows the article as it is now.
    assert_eq!(row(&after, "叶帆")["submitted"], 2);

    // Per unit: 经济发展局 is 何佳宁 and 韩晓东; a shared article counts once.
    let units = d.json(
        "editor",
        "article_stats",
        with(period(), json!({ "by": "unit" })),
    );
    let econ = row(&units, "经济发展局");
    assert_eq!(econ["printed"], 4);
    assert_eq!(econ["printed_share"], 3000);
    assert_eq!(sum(&units, "chars"), chars);
    assert_eq!(sum(&units, "printed_share"), 18 * 1000);
}

#[test]
fn the_statistics_workbook_and_csv_hold_the_same_figures() {
    let d = Demo::new();
    print(&d);
    let stats = d.json("proofreader", "article_stats", period());
    let xlsx = d.bytes(
        "proofreader",
        "export_stats",
        with(period(), json!({ "format": "xlsx" })),
    );
    assert!(xlsx.starts_with(b"PK"));
    let mut wb: Xlsx<_> = open_workbook_from_rs(std::io::Cursor::new(xlsx)).unwrap();
    assert_eq!(wb.sheet_names(), vec!["稿件统计", "刊用明细", "说明"]);
    let sheet = wb.worksheet_range("稿件统计").unwrap();
    let mut found = 0;
    for r in sheet.rows() {
        let Some(Data::String(name)) = r.first() else {
            continue;
        };
        let num = |i: usize| match &r[i] {
            Data::Float(f) => *f,
            Data::Int(n) => *n as f64,
            other => panic!("{name} column {i}: {other:?}"),
        };
        if name == "合计" {
            assert_eq!(num(5) as i64, stats["totals"]["chars"].as_i64().unwrap());
            assert_eq!(num(3) as i64, 18);
            found += 1;
            continue;
        }
        let Some(want) = rows(&stats).iter().find(|x| x["name"] == name.as_str()) else {
            continue;
        };
        assert_eq!(num(2) as i64, want["submitted"].as_i64().unwrap(), "{name}");
        assert_eq!(num(3) as i64, want["printed"].as_i64().unwrap(), "{name}");
        assert_eq!(
            (num(4) * 1000.0).round() as i64,
            want["printed_share"].as_i64().unwrap(),
            "{name}"
        );
        assert_eq!(num(5) as i64, want["chars"].as_i64().unwrap(), "{name}");
        found += 1;
    }
    assert_eq!(found, rows(&stats).len() + 1);
    let detail = wb.worksheet_range("刊用明细").unwrap();
    // one line per (row, printed article): 18 articles, 2 of them shared by two
    assert_eq!(detail.rows().count() - 1, 20);

    let csv = d.bytes(
        "editor",
        "export_stats",
        with(period(), json!({ "format": "csv" })),
    );
    let csv = String::from_utf8(csv).unwrap();
    let csv = csv.strip_prefix('\u{feff}').expect("a BOM for Excel");
    let lines: Vec<&str> = csv.lines().collect();
    assert_eq!(
        lines[0],
        "姓名,单位,投稿篇数,刊用篇数,折合篇数,刊用字数,刊用图片,头版篇数"
    );
    assert!(
        lines
            .iter()
            .any(|l| l.starts_with("何佳宁,经济发展局,1,1,0.5,"))
    );
    assert!(lines.last().unwrap().starts_with("合计,,21,18,18,"));
}

fn rules(valid_from: &str, per_thousand: i64) -> Value {
    json!({
        "valid_from": valid_from, "per_thousand": per_thousand,
        "column_rates": [{ "column": "专题报道", "per_thousand": 12000 }],
        "per_photo": 5000, "front_page_bonus": 3000,
        "min_per_article": 5000, "max_per_article": 30000,
    })
}

/// What the demo rules pay for an article alone: 80 元 per thousand (专题报道
/// 120), half up to the fen, 30 元 on page 1, within 50 and 300 元.
fn fee(chars: i64, column: &str, front: bool) -> i64 {
    let rate = if column == "专题报道" {
        12000
    } else {
        8000
    };
    ((chars * rate + 500) / 1000 + if front { 3000 } else { 0 }).clamp(5000, 30000)
}

#[test]
fn payment_follows_the_rules_of_the_issue_date_and_issued_statements_stay_as_issued() {
    let d = Demo::new();
    let printed = print(&d);
    let draft = d.json("reviewer3", "payment_statement", period());
    assert_eq!(draft["ready"], true, "{:#}", draft["problems"]);
    // Every person's total is the sum of their lines, and the statement's the
    // sum of those paid.
    let lines = draft["lines"].as_array().unwrap();
    for p in draft["people"].as_array().unwrap() {
        let of: i64 = lines
            .iter()
            .filter(|l| l["key"] == p["key"])
            .map(|l| l["total_fen"].as_i64().unwrap())
            .sum();
        assert_eq!(p["earned_fen"].as_i64().unwrap(), of, "{}", p["name"]);
    }
    let paid: i64 = draft["people"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["total_fen"].as_i64().unwrap())
        .sum();
    assert_eq!(draft["total_fen"].as_i64().unwrap(), paid);
    // Staff (林悦, 王晓静) are listed, not paid.
    let person = |name: &str| {
        draft["people"]
            .as_array()
            .unwrap()
            .iter()
            .find(|p| p["name"] == name)
            .unwrap()
            .clone()
    };
    assert_eq!(person("王晓静")["paid"], false);
    assert_eq!(person("王晓静")["total_fen"], 0);
    // 马骁: two articles on page 2, alone.
    let ma: i64 = lines
        .iter()
        .filter(|l| l["name"] == "马骁")
        .map(|l| {
            let id = l["article_id"].as_i64().unwrap();
            fee(length(&d, id, printed[&id].1), "", false)
        })
        .sum();
    assert_eq!(person("马骁")["total_fen"], ma);
    // 何佳宁: half of the front-page lead with 林悦 (the odd fen to 林悦, named first).
    let lead = lines.iter().find(|l| l["name"] == "何佳宁").unwrap();
    let id = lead["article_id"].as_i64().unwrap();
    let whole = fee(length(&d, id, printed[&id].1), "", true);
    assert_eq!(lead["text_fen"].as_i64().unwrap(), whole / 2);
    // 韩晓东 with 王晓静 on 专题报道: the column's rate.
    let special = lines
        .iter()
        .find(|l| l["name"] == "韩晓东" && l["column"] == "专题报道")
        .unwrap();
    assert_eq!(special["rate"], 12000);
    // The photo: 50 元 to 刘畅, and no 文字稿酬 for a 图片新闻's caption.
    assert_eq!(person("刘畅")["photo_fen"], 5000);
    assert_eq!(person("刘畅")["total_fen"], 5000);

    // Rules dated after the issue do not apply to it; rules dated before it do.
    d.json("admin", "save_payment_rules", rules("2026-12-01", 50000));
    let same = d.json("admin", "payment_statement", period());
    assert_eq!(same["total_fen"], draft["total_fen"]);
    let mid = d.json("admin", "save_payment_rules", rules("2026-11-15", 16000));
    let doubled = d.json("admin", "payment_statement", period());
    assert_ne!(doubled["total_fen"], draft["total_fen"]);
    assert_eq!(doubled["issues"][0]["rules_from"], "2026-11-15");
    d.json("admin", "delete_payment_rules", json!({ "id": mid["id"] }));
    assert_eq!(
        d.json("admin", "payment_statement", period())["total_fen"],
        draft["total_fen"]
    );

    // Issue it; only an admin may, and only at the total seen.
    assert_eq!(
        err(&d, "reviewer1", "issue_payment_statement", period()).code,
        ErrorCode::Forbidden
    );
    let stale = err(
        &d,
        "admin",
        "issue_payment_statement",
        with(period(), json!({ "expected_total_fen": 1 })),
    );
    assert_eq!(stale.code, ErrorCode::Conflict);
    let record = d.json(
        "admin",
        "issue_payment_statement",
        with(
            period(),
            json!({ "expected_total_fen": draft["total_fen"] }),
        ),
    );
    let sid = record["id"].as_i64().unwrap();
    assert_eq!(record["total_fen"], draft["total_fen"]);
    // A later change of rules changes the draft, never the issued statement.
    d.json("admin", "save_payment_rules", rules("2026-11-01", 20000));
    let issued = d.json("reviewer2", "get_payment_statement", json!({ "id": sid }));
    assert_eq!(issued["statement"]["total_fen"], draft["total_fen"]);
    assert_eq!(issued["statement"]["lines"], draft["lines"]);
    assert_eq!(issued["statement"]["rules"][0]["per_thousand"], 8000);
    assert_ne!(
        d.json("admin", "payment_statement", period())["total_fen"],
        draft["total_fen"]
    );
    // The issue is paid once.
    let twice = err(&d, "admin", "issue_payment_statement", period());
    assert!(twice.message.contains("不能重复发放"), "{}", twice.message);
    // Voiding needs a reason, keeps the statement, and frees the issue.
    assert_eq!(
        err(
            &d,
            "admin",
            "void_payment_statement",
            json!({ "id": sid, "reason": " " })
        )
        .code,
        ErrorCode::InvalidInput
    );
    let void = d.json(
        "admin",
        "void_payment_statement",
        json!({ "id": sid, "reason": "标准调整，重新发放" }),
    );
    assert!(void["voided_at"].is_string());
    let second = d.json("admin", "issue_payment_statement", period());
    assert_ne!(second["total_fen"], draft["total_fen"]);
    let list = d.json("reviewer1", "list_payment_statements", json!({}));
    assert_eq!(list.as_array().unwrap().len(), 2);
    // Issuing, voiding and rule changes are on the audit log.
    let audit = d.json(
        "admin",
        "list_audit",
        json!({ "action": "payment.", "limit": 50 }),
    );
    let actions: BTreeSet<String> = audit["entries"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["action"].as_str().unwrap().to_string())
        .collect();
    for a in [
        "payment.issue",
        "payment.void",
        "payment.rules_create",
        "payment.rules_delete",
    ] {
        assert!(actions.contains(a), "{a} not in {actions:?}");
    }
    assert_eq!(d.json("admin", "verify_audit", json!({}))["ok"], true);

    // The issued statement as .xlsx holds the same people and amounts.
    let xlsx = d.bytes(
        "admin",
        "export_payment_statement",
        json!({ "id": sid, "format": "xlsx" }),
    );
    let mut wb: Xlsx<_> = open_workbook_from_rs(std::io::Cursor::new(xlsx)).unwrap();
    assert_eq!(
        wb.sheet_names(),
        vec!["稿酬发放表", "明细", "分期合计", "计酬标准"]
    );
    let sheet = wb.worksheet_range("稿酬发放表").unwrap();
    let mut amounts: BTreeMap<String, i64> = BTreeMap::new();
    let mut total = None;
    for r in sheet.rows() {
        match (r.first(), r.get(1), r.get(8)) {
            (Some(Data::Float(_)), Some(Data::String(name)), Some(Data::Float(v))) => {
                amounts.insert(name.clone(), (v * 100.0).round() as i64);
            }
            (Some(Data::String(s)), _, Some(Data::Float(v))) if s == "合计" => {
                total = Some((v * 100.0).round() as i64);
            }
            _ => {}
        }
    }
    let want: BTreeMap<String, i64> = draft["people"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|p| p["paid"] == true)
        .map(|p| {
            (
                p["name"].as_str().unwrap().to_string(),
                p["total_fen"].as_i64().unwrap(),
            )
        })
        .collect();
    assert_eq!(amounts, want);
    assert_eq!(total, draft["total_fen"].as_i64());

    // … and as a PDF typeset with Typst, with signature lines.
    let pdf = d.bytes(
        "reviewer3",
        "export_payment_statement",
        json!({ "id": sid, "format": "pdf" }),
    );
    let text = pdftotext(&pdf);
    let flat = squash(&text);
    std::fs::create_dir_all("../../tests/out").ok();
    std::fs::write("../../tests/out/stats-statement.pdf", &pdf).ok();
    for want in [
        "稿酬发放表",
        "第1号",
        "领款人签名",
        "制表人",
        "审核人",
        "负责人",
        "合计金额（大写）",
        "已于",
        "作废",
    ] {
        assert!(flat.contains(want), "{want} not in\n{text}");
    }
    let total_yuan = zonepress_core::payment::yuan(draft["total_fen"].as_i64().unwrap());
    assert!(flat.contains(&total_yuan), "{total_yuan} not in\n{text}");
    assert!(flat.contains(&zonepress_core::payment::capital_yuan(
        draft["total_fen"].as_i64().unwrap()
    )));
    for name in want.keys() {
        assert!(flat.contains(name.as_str()), "{name} not in\n{text}");
    }
    assert!(flat.contains("不领取稿酬"));
    // A draft is marked as such.
    let draft_pdf = d.bytes(
        "admin",
        "export_payment_statement",
        with(period(), json!({ "format": "pdf" })),
    );
    assert!(squash(&pdftotext(&draft_pdf)).contains("草表"));
}

#[test]
fn bad_input_gets_clear_chinese_messages_and_no_wrong_totals() {
    let d = Demo::new();
    // A period that ends before it starts.
    let e = err(
        &d,
        "editor",
        "article_stats",
        json!({ "from": "2026-12-01", "to": "2026-11-01" }),
    );
    assert_eq!(e.code, ErrorCode::InvalidInput);
    assert!(e.message.contains("晚于"), "{}", e.message);
    // A period with no issue: empty figures, said plainly; nothing to pay.
    let empty = d.json(
        "editor",
        "article_stats",
        json!({ "from": "2025-01-01", "to": "2025-12-31" }),
    );
    assert_eq!(empty["totals"]["printed"], 0);
    assert!(
        empty["notes"][0]
            .as_str()
            .unwrap()
            .contains("没有出版的期次")
    );
    let e = err(
        &d,
        "admin",
        "issue_payment_statement",
        json!({ "from": "2025-01-01", "to": "2025-12-31" }),
    );
    assert_eq!(e.code, ErrorCode::InvalidState);
    assert!(e.message.contains("没有出版的期次"), "{}", e.message);
    // An issue not exported for print: nothing to pay.
    let e = err(&d, "admin", "issue_payment_statement", period());
    assert!(e.message.contains("没有已导出付印稿"), "{}", e.message);

    // Negative or absurd rates.
    for (bad, says) in [
        (
            json!({ "valid_from": "2026-01-01", "per_thousand": -100 }),
            "不能为负数",
        ),
        (
            json!({ "valid_from": "2026-01-01", "per_thousand": 8000, "per_photo": 500_000_000 }),
            "过高",
        ),
        (
            json!({ "valid_from": "2026-01-01", "per_thousand": 8000, "min_per_article": 9000, "max_per_article": 1000 }),
            "高于",
        ),
        (
            json!({ "valid_from": "2026-01-01", "per_thousand": 8000, "first_author_percent": 0 }),
            "比例",
        ),
        (
            json!({ "valid_from": "2026-01-01", "per_thousand": 8000 }),
            "已有自2026-01-01起执行",
        ),
    ] {
        let e = err(&d, "admin", "save_payment_rules", bad.clone());
        assert_eq!(e.code, ErrorCode::InvalidInput, "{bad}");
        assert!(e.message.contains(says), "{bad}: {}", e.message);
    }

    // Contributors: names with separators, bad phone numbers, twins.
    for (bad, says) in [
        (json!({ "name": "张三 李四" }), "分隔符号"),
        (json!({ "name": "张三、李四" }), "分隔符号"),
        (json!({ "name": "" }), "姓名"),
        (json!({ "name": "张三", "phone": "call me" }), "电话"),
        (
            json!({ "name": "马骁", "unit": "建设交通局" }),
            "已有通讯员",
        ),
    ] {
        let e = err(&d, "editor", "save_contributor", bad.clone());
        assert_eq!(e.code, ErrorCode::InvalidInput, "{bad}");
        assert!(
            has_chinese(&e.message) && e.message.contains(says),
            "{bad}: {}",
            e.message
        );
    }
    // Unusual separators in a byline still find everyone.
    let c = d.json(
        "editor",
        "article_credits",
        json!({ "byline": "通讯员　马骁／苏晴，叶帆、沈佳 , 许嘉禾" }),
    );
    let linked: Vec<&str> = c["people"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|p| p["state"] == "linked")
        .map(|p| p["name"].as_str().unwrap())
        .collect();
    assert_eq!(linked, vec!["马骁", "苏晴", "叶帆", "沈佳", "许嘉禾"]);

    // A name shared by two people: counted apart from both until an editor
    // says which; the statement cannot be issued meanwhile.
    let printed = print(&d);
    let before = d.json("admin", "payment_statement", period());
    let twin = d.json(
        "editor",
        "save_contributor",
        json!({ "name": "马骁", "unit": "招商局" }),
    );
    let stats = d.json("editor", "article_stats", period());
    let ambiguous = row(&stats, "马骁");
    assert_eq!(ambiguous["kind"], "ambiguous");
    assert_eq!(ambiguous["unit"], "（同名待确认）");
    assert_eq!(stats["unresolved"], 1);
    assert_eq!(sum(&stats, "printed_share"), 18 * 1000);
    let pay = d.json("admin", "payment_statement", period());
    assert_eq!(pay["ready"], false);
    assert!(
        pay["problems"][0].as_str().unwrap().contains("同名"),
        "{:#}",
        pay["problems"]
    );
    let e = err(&d, "admin", "issue_payment_statement", period());
    assert!(
        e.message.contains("马骁") && e.message.contains("同名"),
        "{}",
        e.message
    );
    // The editor confirms both articles as the first 马骁 (建设交通局).
    let first = d
        .json("editor", "list_contributors", json!({}))
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["name"] == "马骁" && c["unit"] == "建设交通局")
        .unwrap()["id"]
        .as_i64()
        .unwrap();
    for id in printed.keys() {
        let credits = d.json("editor", "article_credits", json!({ "id": id }));
        let people = credits["people"].as_array().unwrap();
        if !people.iter().any(|p| p["name"] == "马骁") {
            continue;
        }
        assert_eq!(people[0]["state"], "ambiguous");
        assert_eq!(people[0]["candidates"].as_array().unwrap().len(), 2);
        // A stale source is refused.
        let e = err(
            &d,
            "editor",
            "confirm_article_credits",
            json!({ "id": id, "source": "通讯员 别人", "people": [] }),
        );
        assert_eq!(e.code, ErrorCode::Conflict);
        let ok = d.json(
            "editor",
            "confirm_article_credits",
            json!({ "id": id, "source": credits["source"], "people": [
                { "part": "text", "name": "马骁", "role": "通讯员", "contributor_id": first }
            ] }),
        );
        assert_eq!(ok["confirmed"], true);
        assert_eq!(ok["people"][0]["state"], "linked");
    }
    let after = d.json("admin", "payment_statement", period());
    assert_eq!(after["ready"], true, "{:#}", after["problems"]);
    assert_eq!(after["total_fen"], before["total_fen"]);
    assert!(
        !rows(&d.json("editor", "article_stats", period()))
            .iter()
            .any(|r| r["contributor_id"] == twin["id"] && r["printed"] != 0)
    );
    // Reviewers see amounts; editors see neither amounts nor phone numbers of others' lists.
    assert_eq!(
        err(&d, "editor", "payment_statement", period()).code,
        ErrorCode::Forbidden
    );
    let listed = d.json("proofreader", "list_contributors", json!({}));
    assert!(listed.as_array().unwrap().iter().all(|c| c["phone"] == ""));
}
