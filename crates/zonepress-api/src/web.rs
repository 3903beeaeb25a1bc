//! Beyond paper: the 数字报 digital edition of an issue and WeChat-ready
//! HTML of signed articles, from the same approved revisions as the print
//! PDF. The issue is typeset once; page images and each article's region
//! come from that one layout; the edition carries the same manifest as the
//! PDF and is recorded like an export, so `verify` can check it.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use ts_rs::TS;
use zonepress_core::{Action, Article, ArticleStatus, Id, authorize, level_name_zh};
use zonepress_export::PngUse;
use zonepress_store::issues::NewExport;
use zonepress_web::{Edition, EditionArticle, EditionPage, Region, Site, WebError};

use crate::articles::IdInput;
use crate::events::{Change, EventKind};
use crate::layout::pipeline::{Gated, Output, gated_layout};
use crate::layout::{
    Manifest, VerifyReport, compare_manifests, doc_of, parse_manifest, verify_articles,
    verify_report,
};
use crate::proof::IssueIdInput;
use crate::{ApiError, Binary, Context, ErrorCode, Session};

/// Page images: phones and thumbnails, and large screens (pixels per point;
/// an A3 page is 842 pt wide).
pub const SMALL_PPP: f32 = 0.6;
pub const LARGE_PPP: f32 = 1.5;

impl From<WebError> for ApiError {
    fn from(e: WebError) -> ApiError {
        ApiError::invalid(e.message_zh(), format!("web: {e}"))
    }
}

#[derive(Debug, Clone, Deserialize, Serialize, TS, JsonSchema)]
#[serde(deny_unknown_fields)]
#[ts(optional_fields)]
pub struct ExportWebInput {
    pub issue_id: Id,
    /// 校样: a preview allowed before the issue is print-ready (unsigned
    /// articles included), marked 校样 on every page and never for
    /// publication.
    #[serde(default)]
    pub proof_copy: Option<bool>,
}

/// A digital edition made: its files, its manifest and names to save under.
struct WebEdition {
    site: Site,
    /// `青禾开发区报-2026年第11期-数字报` (the folder inside the zip).
    name: String,
    date: (u16, u8, u8),
    /// The edition's own id, recorded with it.
    uid: String,
}

impl WebEdition {
    fn zip(&self) -> Result<Vec<u8>, ApiError> {
        Ok(zonepress_web::archive::zip(
            &self.site, &self.name, self.date,
        )?)
    }
}

/// Make the digital edition of an issue as `session` (the caller checked
/// the right to export). Refused unless the issue passes 印前检查 (every
/// placed article signed at its current revision) and is under 付印,
/// except as a 校样 ([`crate::layout::pipeline`], as the print PDF).
fn web_edition(
    ctx: &Context,
    session: &Session,
    issue_id: Id,
    proof_copy: bool,
) -> Result<WebEdition, ApiError> {
    let Gated {
        doc,
        exporter,
        laid,
        mut manifest,
        uid,
        ..
    } = gated_layout(ctx, session, issue_id, false, proof_copy, Output::Web)?;
    manifest.generator.push_str(" 数字报");
    let manifest_json = serde_json::to_string_pretty(&manifest).map_err(ApiError::internal)?;
    // Only what was signed at its exact revision is published (preflight
    // says so already; this is the rule itself, not a report).
    let mut articles = vec![];
    for page in &doc.plan.pages {
        for p in &page.placements {
            let Some(a) = doc.articles.get(&p.article_id) else {
                continue;
            };
            if !proof_copy {
                signed(ctx, a)?;
            }
            articles.push(EditionArticle {
                id: a.id,
                page: page.number,
                content: a.content.clone(),
                revision: a.revision,
                content_hash: a.content_hash.clone(),
            });
        }
    }
    let regions = laid.article_regions();
    let numbers: Vec<u8> = doc.plan.pages.iter().map(|p| p.number).collect();
    // Two images a page, rendered on every core (the exporter caches them).
    let rendered: Vec<Result<PageImages, ApiError>> = std::thread::scope(|s| {
        let handles: Vec<_> = numbers
            .iter()
            .map(|&n| {
                let (exporter, laid) = (&exporter, &laid);
                s.spawn(move || -> Result<PageImages, ApiError> {
                    Ok((
                        exporter.render_page(laid, n, SMALL_PPP, PngUse::Publish)?,
                        exporter.render_page(laid, n, LARGE_PPP, PngUse::Publish)?,
                    ))
                })
            })
            .collect();
        handles
            .into_iter()
            .map(|h| {
                h.join()
                    .unwrap_or_else(|_| Err(ApiError::internal("render panicked")))
            })
            .collect()
    });
    let mut pages = vec![];
    for (page, images) in doc.plan.pages.iter().zip(rendered) {
        let (small, large) = images?;
        let (w, h) = laid.page_size_pt(page.number).unwrap_or((842.0, 1191.0));
        pages.push(EditionPage {
            number: page.number,
            name: page.name.clone(),
            width_pt: w,
            height_pt: h,
            small_px: (w * f64::from(SMALL_PPP)).round() as u32,
            png_small: small,
            large_px: (w * f64::from(LARGE_PPP)).round() as u32,
            png_large: large,
            regions: regions
                .iter()
                .filter(|r| r.page == page.number)
                .map(|r| Region {
                    article_id: r.article_id,
                    x: r.x,
                    y: r.y,
                    w: r.w,
                    h: r.h,
                })
                .collect(),
        });
    }
    let store = ctx.store();
    let images = |id: &str| store.asset_bytes(id).ok().flatten();
    let edition = Edition {
        publication: doc.publication.name.clone(),
        publisher: doc.publication.publisher.clone(),
        issue_label: doc.issue.label(),
        date_zh: date_zh(doc.issue.date),
        proof_copy,
        pages,
        articles,
        manifest_json: manifest_json.clone(),
        images: &images,
    };
    let site = zonepress_web::site::build(&edition);
    let digest = zonepress_web::archive::digest(&site);
    ctx.store().record_export(
        &session.actor(),
        &NewExport {
            issue_id,
            proof_copy,
            pdf_sha256: &digest,
            pages: doc.plan.pages.len() as u32,
            manifest_json: &manifest_json,
            export_uid: &uid,
            options_json: &serde_json::json!({ "web": true, "proof_copy": proof_copy }).to_string(),
            doc_json: &serde_json::to_string(&doc).map_err(ApiError::internal)?,
        },
    )?;
    ctx.publish(
        Change::new(
            EventKind::Export,
            if proof_copy { "web_proof" } else { "web" },
            issue_id,
        )
        .issue(Some(issue_id))
        .by(&session.user),
    );
    use chrono::Datelike;
    let d = doc.issue.date;
    Ok(WebEdition {
        site,
        uid,
        name: format!(
            "{}-{}年第{}期-数字报{}",
            safe_name(&doc.publication.name),
            d.year(),
            doc.issue.number,
            if proof_copy { "-校样" } else { "" }
        ),
        date: (d.year() as u16, d.month() as u8, d.day() as u8),
    })
}

/// A page's image for phones and for large screens (PNG bytes).
type PageImages = (Vec<u8>, Vec<u8>);

fn date_zh(d: chrono::NaiveDate) -> String {
    d.format("%Y年%-m月%-d日").to_string()
}

/// A publication name fit for a file name.
fn safe_name(s: &str) -> String {
    s.chars()
        .map(|c| {
            if "/\\:*?\"<>|".contains(c) || c.is_control() {
                '_'
            } else {
                c
            }
        })
        .collect()
}

/// `export_web {issue_id}`: the digital edition as a .zip, as `session`, who
/// must hold the layout role; the answer carries the edition's id (its
/// manifest: `get_export_manifest`).
pub fn export_web(
    ctx: &Context,
    session: &Session,
    input: ExportWebInput,
) -> Result<Binary, ApiError> {
    authorize(&session.user, Action::Export)?;
    let ed = web_edition(
        ctx,
        session,
        input.issue_id,
        input.proof_copy.unwrap_or(false),
    )?;
    Ok(Binary {
        content_type: "application/zip".into(),
        file_name: format!("{}.zip", ed.name),
        bytes: ed.zip()?,
        record_id: Some(ed.uid),
    })
}

/// Refuse unless `a` is 签发 with live signatures of every level at its
/// current revision.
fn signed(ctx: &Context, a: &Article) -> Result<(), ApiError> {
    let refuse = |why: &str| {
        ApiError::new(
            ErrorCode::InvalidState,
            format!("稿件《{}》{why}，不能发布", a.content.title),
            format!("article {} is not signed at revision {}", a.id, a.revision),
        )
    };
    if a.status != ArticleStatus::Approved {
        return Err(refuse(&format!(
            "尚未签发（当前：{}）",
            a.status.label_zh(a.review_level)
        )));
    }
    let levels = ctx.store().publication()?.review_levels;
    let live = ctx.store().live_signatures(a.id)?;
    let missing: Vec<&str> = (1..=levels)
        .filter(|l| {
            !live.iter().any(|s| {
                s.level == *l && s.revision == a.revision && s.content_hash == a.content_hash
            })
        })
        .map(level_name_zh)
        .collect();
    if !missing.is_empty() {
        return Err(refuse(&format!(
            "第{}稿缺少{}的签名",
            a.revision,
            missing.join("、")
        )));
    }
    Ok(())
}

/// HTML for the WeChat (公众号) editor.
#[derive(Debug, Clone, Serialize, Deserialize, TS, JsonSchema)]
pub struct WechatHtml {
    /// The title to give the post (the article's 主题, or the issue's name).
    pub title: String,
    /// What goes on the clipboard: sections with inline styles only.
    pub html: String,
    /// The same as a whole .html file.
    pub document: String,
    pub file_name: String,
    /// The articles it holds, with the revision each was signed at.
    pub articles: Vec<WechatArticle>,
}

#[derive(Debug, Clone, Serialize, Deserialize, TS, JsonSchema)]
pub struct WechatArticle {
    pub id: Id,
    pub title: String,
    pub revision: u32,
    pub content_hash: String,
}

/// `wechat_html {id}`: a signed article as WeChat-ready HTML, from its
/// approved revision.
pub fn wechat_html(
    ctx: &Context,
    session: &Session,
    input: IdInput,
) -> Result<WechatHtml, ApiError> {
    authorize(&session.user, Action::Read)?;
    let a = ctx.store().article(input.id)?;
    signed(ctx, &a)?;
    let rev = ctx.store().revision(a.id, a.revision)?;
    let store = ctx.store();
    let images = |id: &str| store.asset_bytes(id).ok().flatten();
    let html = zonepress_web::wechat::article_section(&rev.content, &images);
    let title = rev.content.title.clone();
    Ok(WechatHtml {
        document: zonepress_web::wechat::document(&title, &html),
        html,
        file_name: format!("公众号-{}.html", a.id),
        articles: vec![WechatArticle {
            id: a.id,
            title: title.clone(),
            revision: rev.number,
            content_hash: rev.content_hash.clone(),
        }],
        title,
    })
}

/// `wechat_issue_html {issue_id}`: every placed article of an issue, in
/// page order, as one WeChat post. Refused while any is not signed.
pub fn wechat_issue_html(
    ctx: &Context,
    session: &Session,
    input: IssueIdInput,
) -> Result<WechatHtml, ApiError> {
    authorize(&session.user, Action::Read)?;
    let snap = ctx.store().issue_snapshot(input.issue_id)?;
    let doc = doc_of(&snap, false, false);
    let mut contents = vec![];
    let mut list = vec![];
    for page in &doc.plan.pages {
        for p in &page.placements {
            let Some(a) = doc.articles.get(&p.article_id) else {
                continue;
            };
            signed(ctx, a)?;
            let rev = ctx.store().revision(a.id, a.revision)?;
            list.push(WechatArticle {
                id: a.id,
                title: rev.content.title.clone(),
                revision: rev.number,
                content_hash: rev.content_hash.clone(),
            });
            contents.push(rev.content);
        }
    }
    if contents.is_empty() {
        return Err(ApiError::new(
            ErrorCode::InvalidState,
            "本期还没有排入版面的稿件",
            "no placed articles",
        ));
    }
    let store = ctx.store();
    let images = |id: &str| store.asset_bytes(id).ok().flatten();
    let refs: Vec<_> = contents.iter().collect();
    let label = doc.issue.label();
    let html = zonepress_web::wechat::issue_sections(&doc.publication.name, &label, &refs, &images);
    let title = format!("{} {}", doc.publication.name, label);
    Ok(WechatHtml {
        document: zonepress_web::wechat::document(&title, &html),
        html,
        file_name: format!("公众号-{}年第{}期.html", doc.issue.year, doc.issue.number),
        articles: list,
        title,
    })
}

/// Check a digital edition (zipped) against this workspace: it must be an
/// edition this workspace recorded (same files), its manifest must list
/// what that export placed, each article page must show exactly the
/// approved revision's text, each page image must carry one region per
/// article, and every article must still be signed at that revision.
/// The zip is read in a parser child ([`crate::sandbox`]).
pub fn verify_edition(ctx: &Context, zip: &[u8]) -> Result<VerifyReport, ApiError> {
    let edition = crate::sandbox::read_edition(zip)?;
    verify_shown(ctx, edition.contents, &edition.digest)
}

/// [`verify_edition`] for files already read (an unpacked folder).
pub fn verify_site(ctx: &Context, site: &Site) -> Result<VerifyReport, ApiError> {
    verify_shown(
        ctx,
        zonepress_web::read::contents(site),
        &zonepress_web::archive::digest(site),
    )
}

/// What an edition shows, and the digest of its files, against the workspace.
fn verify_shown(
    ctx: &Context,
    shown: zonepress_web::read::EditionContents,
    digest: &str,
) -> Result<VerifyReport, ApiError> {
    let json = shown.manifest_json.as_deref().ok_or_else(|| {
        ApiError::invalid(
            "此数字报中没有园区编务的导出清单（manifest.json），无法核对",
            "edition has no manifest.json",
        )
    })?;
    let page_count = shown.regions.keys().max().copied().unwrap_or(0);
    let manifest = parse_manifest(json, usize::from(page_count))?;
    let by_hash = ctx.store().export_by_hash(digest)?;
    let hash_matches = by_hash.is_some();
    let record = match by_hash {
        Some(r) => Some(r),
        None => ctx.store().export_by_uid(&manifest.export_uid)?,
    };
    let mut problems = Vec::new();
    match &record {
        None => problems.push(
            "本工作区没有这份数字报的导出记录：它不是在本工作区导出的，或导出后被改动过".into(),
        ),
        Some(r) => {
            if !hash_matches {
                problems.push(format!(
                    "数字报的文件与{}导出时不一致：导出后被改动、增加或删除过",
                    r.record
                        .at
                        .with_timezone(&chrono::Local)
                        .format("%Y年%-m月%-d日 %H:%M")
                ));
            }
            if let Ok(recorded) = serde_json::from_str::<Manifest>(&r.manifest_json) {
                compare_manifests(&manifest, &recorded, &mut problems);
            }
        }
    }
    for path in &shown.bad_images {
        problems.push(format!("图片 {path} 与其文件名记录的内容不一致"));
    }
    let listed: Vec<Id> = manifest.articles.iter().map(|a| a.article_id).collect();
    for id in shown.articles.keys() {
        if !listed.contains(id) {
            problems.push(format!(
                "数字报中有导出清单以外的稿件页面（article-{id}.html）"
            ));
        }
    }
    let articles = verify_articles(ctx, &manifest, |m, rev, problems| {
        match shown.articles.get(&m.article_id) {
            None => problems.push("数字报中没有这篇稿件的页面".into()),
            Some(page) => {
                let want = zonepress_web::printed_fields(&rev.content);
                if let Some(p) = first_difference(&want, &page.fields) {
                    problems.push(p);
                }
            }
        }
        let n = shown
            .regions
            .get(&m.page)
            .map_or(0, |r| r.iter().filter(|id| **id == m.article_id).count());
        if n != 1 {
            problems.push(format!(
                "第{}版的版面图上有{n}个这篇稿件的热区（应为1个）",
                m.page
            ));
        }
    })?;
    verify_report(ctx, manifest, hash_matches, record, problems, articles)
}

/// The first place the page shows something other than the revision.
fn first_difference(want: &[(&str, String)], got: &[(String, String)]) -> Option<String> {
    let label = |k: &str| match k {
        "column" => "栏目",
        "kicker" => "引题",
        "title" => "主题",
        "subtitle" => "副题",
        "byline" => "作者",
        "p" => "正文段落",
        "h" => "小标题",
        "b" => "要闻快览条目",
        "caption" => "图片说明",
        "credit" => "图片署名",
        _ => "文字",
    };
    let clip = |s: &str| -> String {
        let mut o: String = s.chars().take(24).collect();
        if s.chars().count() > 24 {
            o.push('…');
        }
        o
    };
    for (i, (k, w)) in want.iter().enumerate() {
        match got.get(i) {
            None => return Some(format!("网页缺少{}：“{}”", label(k), clip(w))),
            Some((gk, g)) if gk != k || g != w => {
                return Some(format!(
                    "网页的{}“{}”与签发稿的{}“{}”不一致",
                    label(gk),
                    clip(g),
                    label(k),
                    clip(w)
                ));
            }
            _ => {}
        }
    }
    got.get(want.len())
        .map(|(k, g)| format!("网页多出{}：“{}”", label(k), clip(g)))
}
