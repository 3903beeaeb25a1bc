//! Importing a batch of correspondents' files through the commands, on a
//! real workspace (tracker issue #18): every readable file lands as a draft;
//! a stand-in title marks the draft 待定标题 in the results and the article
//! list; the warnings come back per file and stay in the article's history;
//! unreadable files are refused one by one with a Chinese message.

use zonepress_testkit::api::Fixture;

use zonepress_testkit::docx;

use base64::Engine;
use docx::fixture;
use serde_json::{Value, json};

fn item(file_name: &str, bytes: &[u8]) -> Value {
    json!({
        "file_name": file_name,
        "data_base64": base64::engine::general_purpose::STANDARD.encode(bytes),
    })
}

fn codes(result: &Value) -> Vec<&str> {
    result["warnings"]
        .as_array()
        .unwrap_or_else(|| panic!("no warnings array in {result}"))
        .iter()
        .map(|w| w["code"].as_str().unwrap())
        .collect()
}

/// An encrypted Word document: an OLE2 file with an `EncryptedPackage` stream.
fn encrypted() -> Vec<u8> {
    let mut b = vec![0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1];
    b.resize(1536, 0);
    b.extend(
        "EncryptionInfo\0EncryptedPackage"
            .encode_utf16()
            .flat_map(|u| u.to_le_bytes()),
    );
    b.resize(4096, 0);
    b
}

#[test]
fn every_readable_file_of_a_batch_lands_and_the_rest_are_refused_one_by_one() {
    let f = Fixture::new();
    let bomb = docx::zip(&[("word/document.xml", &vec![b' '; 4 << 20], true)]);
    let items = vec![
        item("四季度安全生产大检查.docx", &fixture("no-title.docx")),
        item("三季度新签约项目.docx", &fixture("table-only.docx")),
        item("notes.docx", &fixture("notes.docx")),
        item("comments.docx", &fixture("comments.docx")),
        item("tracked-changes.docx", &fixture("tracked-changes.docx")),
        item("text-box-title.docx", &fixture("text-box-title.docx")),
        item(
            "旧稿.doc",
            &[0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1, 0, 0],
        ),
        item("加密.docx", &encrypted()),
        item("假的.docx", "这不是 Word 文档".as_bytes()),
        item("炸弹.docx", &bomb),
    ];
    let out = f.ok(
        "editor",
        "import_articles",
        json!({ "issue_id": f.issue_id, "items": items }),
    );
    let r = out.as_array().unwrap();
    assert_eq!(r.len(), 10);
    for row in &r[..6] {
        assert!(row["article_id"].is_i64(), "{row}");
        assert!(row["error"].is_null(), "{row}");
    }
    assert_eq!(r[0]["title"], "四季度安全生产大检查");
    assert_eq!(r[0]["title_pending"], true);
    assert_eq!(codes(&r[0]), ["title_pending"]);
    assert_eq!(r[1]["title"], "三季度新签约项目");
    assert_eq!(r[1]["title_pending"], true);
    assert_eq!(codes(&r[1]), ["table_flattened", "title_pending"]);
    assert_eq!(r[2]["title_pending"], false);
    assert_eq!(codes(&r[2]), ["footnotes_appended"]);
    assert_eq!(codes(&r[3]), ["comments_ignored"]);
    assert_eq!(codes(&r[4]), ["tracked_changes"]);
    assert_eq!(codes(&r[5]), ["text_box_as_text", "title_from_text_box"]);
    assert!(
        r[2]["warnings"][0]["message_zh"]
            .as_str()
            .unwrap()
            .contains("注释")
    );

    // the unreadable ones, each with its own Chinese reason
    let refused: Vec<(&str, &str)> = r[6..]
        .iter()
        .map(|row| {
            assert!(row["article_id"].is_null(), "{row}");
            assert_eq!(codes(row), Vec::<&str>::new());
            (
                row["error"]["detail"]["import_error"].as_str().unwrap(),
                row["error"]["message"].as_str().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        refused.iter().map(|(c, _)| *c).collect::<Vec<_>>(),
        ["legacy_doc", "encrypted", "not_a_zip", "zip_bomb"]
    );
    assert!(refused[0].1.contains("另存为 .docx"));
    assert!(refused[1].1.contains("密码"));
    assert!(refused[2].1.contains("不是有效的 .docx"));
    assert!(refused[3].1.contains("疑似恶意文件"));

    // the article list shows 待定标题
    let list = f.ok("editor", "list_articles", json!({ "issue_id": f.issue_id }));
    let pending: Vec<&str> = list
        .as_array()
        .unwrap()
        .iter()
        .filter(|a| a["title_pending"] == true)
        .map(|a| a["title"].as_str().unwrap())
        .collect();
    let mut pending = pending;
    pending.sort();
    assert_eq!(pending, ["三季度新签约项目", "四季度安全生产大检查"]);

    // the history keeps what the import said
    let id = r[0]["article_id"].as_i64().unwrap();
    let history = f.ok("editor", "get_history", json!({ "id": id }));
    let create = &history["transitions"][0];
    assert_eq!(create["kind"], "create");
    let note = create["opinion"].as_str().unwrap();
    assert!(
        note.starts_with("导入自“四季度安全生产大检查.docx”。导入提示（1条）：\n1. 没有识别出标题"),
        "{note}"
    );
    assert!(note.contains("待定标题"), "{note}");
    let revisions = f.ok("editor", "list_revisions", json!({ "id": id }));
    assert_eq!(revisions[0]["note"], "导入自 四季度安全生产大检查.docx");
    let notes_id = r[2]["article_id"].as_i64().unwrap();
    let history = f.ok("editor", "get_history", json!({ "id": notes_id }));
    let note = history["transitions"][0]["opinion"].as_str().unwrap();
    assert!(note.contains("2 条脚注和 1 条尾注"), "{note}");
    // the notes themselves are in the draft
    let article = f.ok("editor", "get_article", json!({ "id": notes_id }));
    let body = article["body"].as_array().unwrap();
    assert!(body.contains(&json!({ "type": "subhead", "text": "注释" })));
    assert!(
        body.contains(
            &json!({ "type": "paragraph", "text": "③详见《青禾开发区稳外贸十条措施》。" })
        )
    );
}

#[test]
fn the_mark_ends_when_the_title_is_changed_or_confirmed() {
    let f = Fixture::new();
    let import = |name: &str| {
        let out = f.ok(
            "editor",
            "import_articles",
            json!({ "items": [item(name, &fixture("no-title.docx"))] }),
        );
        out[0]["article_id"].as_i64().unwrap()
    };
    let a = import("安全检查.docx");
    let article = f.ok("editor", "get_article", json!({ "id": a }));
    assert_eq!(article["title_pending"], true);
    // a body edit leaves it
    let mut body = article["body"].as_array().unwrap().clone();
    body.push(json!({ "type": "paragraph", "text": "检查结果将在园区网站公布。" }));
    let saved = f.ok(
        "editor",
        "save_article",
        json!({ "id": a, "base_revision": 1, "title": "安全检查", "body": body }),
    );
    assert_eq!(
        (saved["revision"].as_u64(), saved["title_pending"].as_bool()),
        (Some(2), Some(true))
    );
    // a new title ends it
    let saved = f.ok(
        "editor",
        "save_article",
        json!({ "id": a, "base_revision": 2, "title": "开发区开展四季度安全生产大检查" }),
    );
    assert_eq!(saved["title_pending"], false);

    // confirming keeps the title, ends the mark, writes no revision
    let b = import("开发区开展安全生产大检查.docx");
    let saved = f.ok(
        "editor",
        "save_article",
        json!({ "id": b, "base_revision": 1, "confirm_title": true }),
    );
    assert_eq!(saved["title_pending"], false);
    assert_eq!(saved["title"], "开发区开展安全生产大检查");
    assert_eq!(saved["revision"], 1);
    let list = f.ok("editor", "list_articles", json!({}));
    assert!(
        list.as_array()
            .unwrap()
            .iter()
            .all(|s| s["title_pending"] == false),
        "{list}"
    );
}

#[test]
fn a_title_typed_in_the_preview_is_no_stand_in() {
    let f = Fixture::new();
    let bytes = fixture("no-title.docx");
    let preview = f.ok(
        "editor",
        "preview_import",
        json!({ "file_name": "安全检查(定稿).docx", "data_base64": base64::engine::general_purpose::STANDARD.encode(&bytes) }),
    );
    let proposal = &preview[0];
    assert_eq!(proposal["content"]["title"], "安全检查(定稿)");
    assert_eq!(codes(proposal), ["title_pending"]);

    // the preview as the UI sends it: with the offered fixes applied, the
    // stand-in is still a stand-in
    let mut kept = proposal["content"].clone();
    kept["title"] = json!("安全检查（定稿）");
    // and with a title the editor typed, it is not
    let mut typed = proposal["content"].clone();
    typed["title"] = json!("开发区开展四季度安全生产大检查");
    let data = base64::engine::general_purpose::STANDARD.encode(&bytes);
    let out = f.ok(
        "editor",
        "import_articles",
        json!({ "items": [
            { "file_name": "安全检查(定稿).docx", "data_base64": data, "content": kept },
            { "file_name": "安全检查(定稿).docx", "data_base64": data, "content": typed },
        ] }),
    );
    assert_eq!(out[0]["title_pending"], true);
    assert_eq!(codes(&out[0]), ["title_pending"]);
    assert_eq!(out[1]["title_pending"], false);
    assert_eq!(codes(&out[1]), Vec::<&str>::new());
    let id = out[1]["article_id"].as_i64().unwrap();
    let history = f.ok("editor", "get_history", json!({ "id": id }));
    assert_eq!(
        history["transitions"][0]["opinion"],
        "导入自“安全检查(定稿).docx”"
    );
}
