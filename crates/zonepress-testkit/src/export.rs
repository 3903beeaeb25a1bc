//! Issue documents for the export tests, benches and examples: the demo
//! issue of zonepress-api as an [`IssueDoc`] and small hand-made issues.
//! (poppler read-back is in [`crate::poppler`].)

use std::collections::{BTreeMap, HashMap};
use std::path::PathBuf;
use std::sync::{Arc, OnceLock};

use chrono::{NaiveDate, TimeZone, Utc};
use serde_json::Value;
use sha2::{Digest, Sha256};
use zonepress_core::layout::{IssuePlan, PagePlan, PageTemplate, Placement};
use zonepress_core::{
    Article, ArticleContent, ArticleKind, ArticleStatus, Block, Id, Issue, IssueStatus, PageSize,
    Publication, UserRef,
};
use zonepress_export::{ExportConfig, Exporter, IssueDoc};

pub use crate::poppler::{pdftotext, run};

/// One exporter for the whole test binary (fonts load once).
pub fn exporter() -> Arc<Exporter> {
    static EXPORTER: OnceLock<Arc<Exporter>> = OnceLock::new();
    EXPORTER
        .get_or_init(|| Arc::new(Exporter::new(ExportConfig::default()).expect("fonts installed")))
        .clone()
}

pub fn user() -> UserRef {
    UserRef {
        id: 1,
        username: "editor".into(),
        display_name: "编辑甲".into(),
    }
}

pub fn article(id: Id, content: ArticleContent) -> Article {
    let at = Utc.with_ymd_and_hms(2026, 9, 20, 8, 0, 0).unwrap();
    Article {
        id,
        issue_id: Some(1),
        length: zonepress_core::text::article_length(&content),
        content_hash: zonepress_core::text::content_hash(&content),
        content,
        target_length: None,
        status: ArticleStatus::Approved,
        review_level: None,
        revision: 1,
        author: user(),
        created_at: at,
        updated_at: at,
        updated_by: user(),
        title_pending: false,
        priority: Default::default(),
    }
}

pub fn publication(size: PageSize) -> Publication {
    Publication {
        name: "开发区新闻".into(),
        publisher: "示范经济开发区党群工作局 主办".into(),
        permit_number: "准印证号：（示）内资准字2026第001号".into(),
        page_size: size,
        columns: size.default_columns(),
        review_levels: 3,
        session_idle_minutes: 30,
        kind: zonepress_core::press::PublicationKind::Internal,
        editor_unit: "示范经济开发区党群工作局宣传处".into(),
        audience: "区内机关和企事业单位".into(),
        printer: "示范印务有限公司".into(),
        print_run: 2000,
        ..Publication::default()
    }
}

pub fn issue(size: PageSize, pages: u8) -> Issue {
    Issue {
        id: 1,
        year: 2026,
        number: 9,
        serial: 123,
        date: NaiveDate::from_ymd_opt(2026, 9, 30).unwrap(),
        status: IssueStatus::Layout,
        page_count: pages,
        page_size: size,
        columns: size.default_columns(),
        article_count: 0,
        print_date: NaiveDate::from_ymd_opt(2026, 9, 28),
    }
}

/// A paragraph of bulletin-style text of about `chars` characters, made
/// of our own sentences.
pub fn filler(seed: usize, chars: usize) -> String {
    const S: [&str; 8] = [
        "9月20日上午，开发区召开专题会议，研究部署四季度重点项目推进工作。",
        "会议指出，要坚持项目为王，紧盯时间节点，倒排工期、挂图作战，确保各项任务按期完成。",
        "开发区管委会有关负责同志参加会议，并就做好企业服务、优化审批流程提出具体要求。",
        "下一步，开发区将持续深化“放管服”改革，推动更多事项“一网通办”，不断提升企业获得感。",
        "据介绍，今年以来园区新增市场主体一千余户，规上工业增加值同比增长百分之八点六。",
        "与会人员还实地察看了智能制造产业园、青年人才公寓和邻里中心等项目建设现场。",
        "大家纷纷表示，将以此次会议为契机，主动作为、勇于担当，奋力完成全年目标任务。",
        "活动现场气氛热烈，企业代表围绕融资、用工、物流等问题与部门负责人面对面交流。",
    ];
    let mut out = String::new();
    let mut i = seed;
    while out.chars().count() < chars {
        out.push_str(S[i % S.len()]);
        i += 3;
    }
    out
}

pub fn news(title: &str, paragraphs: &[String]) -> ArticleContent {
    ArticleContent {
        kind: ArticleKind::News,
        kicker: String::new(),
        title: title.into(),
        subtitle: String::new(),
        byline: "记者 王晓静 通讯员 刘畅".into(),
        column: String::new(),
        body: paragraphs
            .iter()
            .map(|t| Block::Paragraph { text: t.clone() })
            .collect(),
    }
}

/// An issue from pages of (template, [(article, placement)]).
pub fn doc(
    size: PageSize,
    pages: Vec<(PageTemplate, Vec<(ArticleContent, Placement)>)>,
) -> IssueDoc {
    let mut articles = BTreeMap::new();
    let mut plan_pages = vec![];
    let mut next: Id = 1;
    let count = pages.len() as u8;
    for (i, (template, placed)) in pages.into_iter().enumerate() {
        let mut placements = vec![];
        for (content, mut placement) in placed {
            placement.article_id = next;
            articles.insert(next, article(next, content));
            placements.push(placement);
            next += 1;
        }
        plan_pages.push(PagePlan {
            number: i as u8 + 1,
            template,
            name: if i == 0 {
                String::new()
            } else {
                "综合新闻".into()
            },
            placements,
        });
    }
    IssueDoc {
        publication: publication(size),
        issue: issue(size, count),
        plan: IssuePlan {
            issue_id: 1,
            page_size: size,
            columns: size.default_columns(),
            pages: plan_pages,
        },
        articles,
        bleed: false,
        proof_copy: false,
        proof_round: None,
        print: Default::default(),
        reserved: vec![],
    }
}

pub fn placement(body_columns: Option<u8>) -> Placement {
    Placement {
        body_columns,
        ..Placement::new(0)
    }
}

pub fn demo_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../zonepress-api/demo")
}

/// The demo issue of zonepress-api (青禾开发区报) and its images, with the
/// page plan as stored: every page full at 100 % type, nothing overflows.
pub fn demo() -> (IssueDoc, HashMap<String, Vec<u8>>) {
    let dir = demo_dir();
    let json: Value =
        serde_json::from_slice(&std::fs::read(dir.join("demo-issue.json")).expect("demo issue"))
            .expect("demo json");
    let mut assets = HashMap::new();
    let mut asset_ids = HashMap::new();
    for a in json["assets"].as_array().unwrap() {
        let bytes = std::fs::read(dir.join(a["file"].as_str().unwrap())).unwrap();
        let id = hex::encode(Sha256::digest(&bytes));
        asset_ids.insert(format!("@{}", a["key"].as_str().unwrap()), id.clone());
        assets.insert(id, bytes);
    }
    let publication: Publication = serde_json::from_value(json["publication"].clone()).unwrap();
    let i = &json["issue"];
    let size = publication.page_size;
    let issue = Issue {
        id: 1,
        year: i["year"].as_i64().unwrap() as i32,
        number: i["number"].as_u64().unwrap() as u32,
        serial: i["serial"].as_u64().unwrap() as u32,
        date: NaiveDate::parse_from_str(i["date"].as_str().unwrap(), "%Y-%m-%d").unwrap(),
        status: IssueStatus::Layout,
        page_count: i["page_count"].as_u64().unwrap() as u8,
        page_size: size,
        columns: publication.columns,
        article_count: 0,
        print_date: i["print_date"]
            .as_str()
            .and_then(|d| NaiveDate::parse_from_str(d, "%Y-%m-%d").ok()),
    };
    let mut pages: Vec<PagePlan> = json["pages"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| PagePlan {
            number: p["number"].as_u64().unwrap() as u8,
            template: serde_json::from_value(p["template"].clone()).unwrap(),
            name: p["name"].as_str().unwrap_or("").into(),
            placements: vec![],
        })
        .collect();
    let mut articles = BTreeMap::new();
    for (n, a) in json["articles"].as_array().unwrap().iter().enumerate() {
        let Some(page) = a["page"].as_u64() else {
            continue;
        };
        let id = n as Id + 1;
        let mut content = a["content"].clone();
        for b in content["body"].as_array_mut().unwrap() {
            if let Some(key) = b
                .get("asset_id")
                .and_then(|v| v.as_str())
                .map(str::to_string)
            {
                b["asset_id"] = Value::String(asset_ids[&key].clone());
            }
        }
        let content: ArticleContent = serde_json::from_value(content).unwrap();
        let mut placement = a["placement"].clone();
        placement["article_id"] = Value::from(id);
        let placement: Placement = serde_json::from_value(placement).unwrap();
        pages[page as usize - 1].placements.push(placement);
        articles.insert(id, article(id, content));
    }
    let doc = IssueDoc {
        publication: publication.clone(),
        issue,
        plan: IssuePlan {
            issue_id: 1,
            page_size: size,
            columns: publication.columns,
            pages,
        },
        articles,
        bleed: false,
        proof_copy: false,
        proof_round: None,
        print: Default::default(),
        reserved: vec![],
    };
    (doc, assets)
}

pub fn write_tmp(name: &str, bytes: &[u8]) -> PathBuf {
    // Cargo's CARGO_TARGET_TMPDIR (`target/tmp`), found from the test
    // executable in `target/<profile>/deps`.
    let base = std::env::current_exe()
        .ok()
        .and_then(|exe| Some(exe.parent()?.parent()?.parent()?.join("tmp")))
        .unwrap_or_else(std::env::temp_dir);
    let dir = base.join("zp-export");
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join(name);
    std::fs::write(&path, bytes).unwrap();
    path
}
