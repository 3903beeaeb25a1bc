//! The public API as the api crate and the UI use it: applying offered fixes
//! to an imported article, the JSON and TypeScript shapes (image bytes never
//! travel to the UI).

use zonepress_testkit::docx::fixture;

use ts_rs::{Config, TS};
use zonepress_core::{ArticleContent, Block};
use zonepress_import::{
    FixField, ImportedImage, ProposedArticle, apply_fixes, preview_import, suggest_fixes,
};

#[test]
fn applying_all_offered_fixes_to_an_import() {
    let mut a = preview_import("dateline.docx", &fixture("dateline.docx"))
        .unwrap()
        .remove(0);
    assert_eq!(a.fixes.len(), 2);
    let all: Vec<usize> = (0..a.fixes.len()).collect();
    assert_eq!(apply_fixes(&mut a, &all), 2);
    assert!(a.fixes.is_empty());
    assert_eq!(
        a.content.body[1].text(),
        "会议指出，今年以来全区安全生产形势总体平稳。会议要求："
    );
    assert_eq!(
        a.content.body[3].text(),
        "各部门要严格落实“党政同责、一岗双责”，企业要落实主体责任……"
    );
    // nothing is left to offer
    assert!(suggest_fixes(&a.content).is_empty());
}

#[test]
fn applying_one_fix_keeps_the_others_pointing_at_their_text() {
    let content = ArticleContent {
        title: "开发区召开会议,部署工作".into(),
        body: vec![
            Block::Paragraph {
                text: "会议指出 , 今年以来...形势平稳,要求(一)压实责任。".into(),
            },
            Block::Image {
                asset_id: "0".repeat(64),
                caption: "图为会议现场,摄影:张三".into(),
                credit: String::new(),
            },
        ],
        ..Default::default()
    };
    let fixes = suggest_fixes(&content);
    let listed: Vec<(FixField, &str, &str)> = fixes
        .iter()
        .map(|f| (f.field, f.original.as_str(), f.replacement.as_str()))
        .collect();
    assert_eq!(
        listed,
        [
            (FixField::Title, ",", "，"),
            (FixField::Body(0), " , ", "，"),
            (FixField::Body(0), "...", "……"),
            (FixField::Body(0), ",", "，"),
            (FixField::Body(0), "(", "（"),
            (FixField::Body(0), ")", "）"),
            (FixField::Caption(1), ",", "，"),
            (FixField::Caption(1), ":", "："),
        ]
    );
    let mut a = ProposedArticle {
        file_name: "t.txt".into(),
        content,
        images: vec![],
        warnings: vec![],
        fixes,
    };
    // apply the ellipsis first (3 chars become 2), then the rest
    assert_eq!(apply_fixes(&mut a, &[2]), 1);
    assert_eq!(a.fixes.len(), 7);
    assert_eq!(apply_fixes(&mut a, &(0..7).collect::<Vec<_>>()), 7);
    assert_eq!(a.content.title, "开发区召开会议，部署工作");
    assert_eq!(
        a.content.body[0].text(),
        "会议指出，今年以来……形势平稳，要求（一）压实责任。"
    );
    assert_eq!(a.content.body[1].text(), "图为会议现场，摄影：张三");
}

#[test]
fn json_leaves_the_image_bytes_out() {
    let a = preview_import("lead-story.docx", &fixture("lead-story.docx"))
        .unwrap()
        .remove(0);
    assert!(!a.images[0].bytes.is_empty());
    let json = serde_json::to_value(&a).unwrap();
    let image = &json["images"][0];
    assert!(image.get("bytes").is_none());
    assert_eq!(image["width"], 240);
    assert_eq!(json["fixes"][0]["field"], serde_json::json!({ "body": 2 }));
    assert_eq!(json["content"]["body"][4]["type"], "image");
    let back: ProposedArticle = serde_json::from_value(json).unwrap();
    assert_eq!(back.content, a.content);
    assert!(back.images[0].bytes.is_empty());
}

#[test]
fn typescript_and_schema_shapes() {
    let cfg = Config::default();
    let image = ImportedImage::decl(&cfg);
    assert!(image.contains("asset_id: string"), "{image}");
    assert!(!image.contains("bytes:"), "{image}");
    let fix = FixField::decl(&cfg);
    assert!(
        fix.contains("\"kicker\"") && fix.contains("{ \"body\": number }"),
        "{fix}"
    );
    let schema = serde_json::to_value(schemars::schema_for!(ImportedImage)).unwrap();
    assert!(schema["properties"].get("bytes").is_none(), "{schema}");
    assert!(schema["properties"].get("asset_id").is_some());
}
