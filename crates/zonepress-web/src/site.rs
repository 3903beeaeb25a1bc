//! The 数字报 as a static website: every page self-contained, relative
//! links only, no script, so it works from `file://` and from any static
//! web server.

use std::collections::BTreeMap;
use std::fmt::Write;

use zonepress_core::{ArticleContent, ArticleKind, Block, Id};

use crate::html::escape as e;

/// The files of an edition, by relative path (`/` separated).
pub type Site = BTreeMap<String, Vec<u8>>;

/// The manifest's name inside an edition.
pub const MANIFEST: &str = "manifest.json";

/// The Content-Security-Policy every page declares: nothing but the
/// edition's own stylesheet and images; no script at all.
pub const CSP: &str = "default-src 'none'; img-src 'self'; style-src 'self'; \
     base-uri 'none'; form-action 'none'";

/// Everything one edition shows, already decided by the caller.
pub struct Edition<'a> {
    /// 刊名
    pub publication: String,
    /// 主办单位
    pub publisher: String,
    /// `2026年第11期 总第137期`
    pub issue_label: String,
    /// `2026年11月25日`
    pub date_zh: String,
    /// 校样: marked on every page as not for publication.
    pub proof_copy: bool,
    pub pages: Vec<EditionPage>,
    /// In page and plan order.
    pub articles: Vec<EditionArticle>,
    /// The same manifest as the print PDF's, written as `manifest.json`.
    pub manifest_json: String,
    /// Image bytes by asset id (the SHA-256 of the bytes).
    pub images: &'a dyn Fn(&str) -> Option<Vec<u8>>,
}

/// One 版: its images and where its articles sit.
pub struct EditionPage {
    pub number: u8,
    /// `要闻`, `综合新闻` (may be empty).
    pub name: String,
    /// Page size in points (the regions' coordinate space).
    pub width_pt: f64,
    pub height_pt: f64,
    /// The page image for phones and thumbnails.
    pub png_small: Vec<u8>,
    pub small_px: u32,
    /// The page image for large screens.
    pub png_large: Vec<u8>,
    pub large_px: u32,
    pub regions: Vec<Region>,
}

/// An article's box on a page image, in points.
#[derive(Debug, Clone, PartialEq)]
pub struct Region {
    pub article_id: Id,
    pub x: f64,
    pub y: f64,
    pub w: f64,
    pub h: f64,
}

/// One placed article at its approved revision.
pub struct EditionArticle {
    pub id: Id,
    pub page: u8,
    pub content: ArticleContent,
    pub revision: u32,
    pub content_hash: String,
}

/// `article-12.html`
pub fn article_file(id: Id) -> String {
    format!("article-{id}.html")
}

/// `page-2.html`
pub fn page_file(page: u8) -> String {
    format!("page-{page}.html")
}

/// `images/<sha256>.jpg`, the extension from the bytes.
pub fn image_file(asset_id: &str, bytes: &[u8]) -> String {
    let ext = match zonepress_core::image::probe(bytes).map(|i| i.mime) {
        Some("image/png") => "png",
        Some("image/gif") => "gif",
        Some("image/webp") => "webp",
        Some("image/bmp") => "bmp",
        _ => "jpg",
    };
    format!("images/{asset_id}.{ext}")
}

/// Is this a name the edition would give an image (so `verify` may hash it)?
pub(crate) fn is_asset_id(s: &str) -> bool {
    s.len() == 64 && s.bytes().all(|b| b.is_ascii_hexdigit())
}

fn page_label(p: &EditionPage) -> String {
    if p.name.trim().is_empty() {
        format!("第{}版", p.number)
    } else {
        format!("第{}版　{}", p.number, p.name.trim())
    }
}

/// The headline of an article as a list shows it (the 主题, or 要闻快览).
fn list_title(a: &EditionArticle) -> String {
    let t = a.content.title.trim();
    if t.is_empty() {
        match a.content.kind {
            ArticleKind::Briefs => "要闻快览".into(),
            _ => "（无题）".into(),
        }
    } else {
        t.to_string()
    }
}

/// Build every file of the edition.
pub fn build(ed: &Edition) -> Site {
    let mut site = Site::new();
    site.insert("style.css".into(), STYLE.as_bytes().to_vec());
    site.insert(MANIFEST.into(), ed.manifest_json.clone().into_bytes());
    for p in &ed.pages {
        site.insert(format!("pages/page-{}.png", p.number), p.png_large.clone());
        site.insert(
            format!("pages/page-{}-s.png", p.number),
            p.png_small.clone(),
        );
    }
    site.insert("index.html".into(), index(ed).into_bytes());
    for p in &ed.pages {
        site.insert(page_file(p.number), page(ed, p).into_bytes());
    }
    for (i, a) in ed.articles.iter().enumerate() {
        let mut images = vec![];
        for b in &a.content.body {
            if let Block::Image { asset_id, .. } = b
                && is_asset_id(asset_id)
                && let Some(bytes) = (ed.images)(asset_id)
            {
                let path = image_file(asset_id, &bytes);
                images.push((asset_id.clone(), path.clone()));
                site.entry(path).or_insert(bytes);
            }
        }
        let prev = i.checked_sub(1).and_then(|j| ed.articles.get(j));
        let next = ed.articles.get(i + 1);
        site.insert(
            article_file(a.id),
            article(ed, a, prev, next, &images).into_bytes(),
        );
    }
    site
}

fn head(out: &mut String, ed: &Edition, title: &str) {
    let proof = if ed.proof_copy { "【校样】" } else { "" };
    let _ = write!(
        out,
        "<!DOCTYPE html>\n<html lang=\"zh-CN\">\n<head>\n<meta charset=\"utf-8\">\n\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
         <meta http-equiv=\"Content-Security-Policy\" content=\"{CSP}\">\n\
         <meta name=\"referrer\" content=\"no-referrer\">\n\
         <meta name=\"generator\" content=\"ZonePress 园区编务\">\n\
         <title>{proof}{}</title>\n<link rel=\"stylesheet\" href=\"style.css\">\n</head>\n<body{}>\n",
        e(title),
        if ed.proof_copy {
            " class=\"proof-copy\""
        } else {
            ""
        }
    );
    let _ = writeln!(
        out,
        "<header class=\"masthead\"><a class=\"name\" href=\"index.html\">{}</a>\
         <span class=\"issue\">{}　{}</span></header>",
        e(&ed.publication),
        e(&ed.issue_label),
        e(&ed.date_zh)
    );
    if ed.proof_copy {
        out.push_str(
            "<div class=\"proof-banner\" role=\"note\" data-proof-copy=\"1\">\
             校样　仅供审看，不得发布</div>\n",
        );
    }
}

fn page_nav(out: &mut String, ed: &Edition, current: Option<u8>) {
    out.push_str("<nav class=\"page-nav\" aria-label=\"版面\"><a href=\"index.html\"");
    if current.is_none() {
        out.push_str(" aria-current=\"page\"");
    }
    out.push_str(">目录</a>");
    for p in &ed.pages {
        let _ = write!(out, "<a href=\"{}\"", page_file(p.number));
        if current == Some(p.number) {
            out.push_str(" aria-current=\"page\"");
        }
        let _ = write!(out, ">{}</a>", e(&page_label(p)));
    }
    out.push_str("</nav>\n");
}

fn foot(out: &mut String, ed: &Edition) {
    let _ = write!(
        out,
        "<footer class=\"foot\">{}{}　内部资料　免费交流{}</footer>\n</body>\n</html>\n",
        e(&ed.publication),
        if ed.publisher.trim().is_empty() {
            String::new()
        } else {
            format!("　{}主办", e(&ed.publisher))
        },
        if ed.proof_copy {
            "　<b>校样　不得发布</b>"
        } else {
            ""
        }
    );
}

fn articles_of<'a>(ed: &'a Edition, page: u8) -> impl Iterator<Item = &'a EditionArticle> {
    ed.articles.iter().filter(move |a| a.page == page)
}

fn toc_list(out: &mut String, ed: &Edition, page: u8) {
    out.push_str("<ol class=\"toc\">");
    for a in articles_of(ed, page) {
        let _ = write!(
            out,
            "<li><a href=\"{}\" data-article=\"{}\">",
            article_file(a.id),
            a.id
        );
        if !a.content.kicker.trim().is_empty() {
            let _ = write!(
                out,
                "<span class=\"toc-kicker\">{}</span>",
                e(&a.content.kicker)
            );
        }
        let _ = write!(
            out,
            "<span class=\"toc-title\">{}</span></a></li>",
            e(&list_title(a))
        );
    }
    out.push_str("</ol>");
}

fn index(ed: &Edition) -> String {
    let mut out = String::new();
    head(
        &mut out,
        ed,
        &format!("{} {}", ed.publication, ed.issue_label),
    );
    page_nav(&mut out, ed, None);
    out.push_str("<main class=\"index\">\n<section class=\"thumbs\" aria-label=\"版面\">");
    for p in &ed.pages {
        let _ = write!(
            out,
            "<a class=\"thumb\" href=\"{}\"><img src=\"pages/page-{}-s.png\" width=\"{}\" height=\"{}\" alt=\"{}\"><span>{}</span></a>",
            page_file(p.number),
            p.number,
            p.small_px,
            px_height(p, p.small_px),
            e(&page_label(p)),
            e(&page_label(p))
        );
    }
    out.push_str(
        "</section>\n<section class=\"contents\" aria-label=\"本期目录\"><h1>本期目录</h1>",
    );
    for p in &ed.pages {
        let _ = write!(
            out,
            "<h2><a href=\"{}\">{}</a></h2>",
            page_file(p.number),
            e(&page_label(p))
        );
        toc_list(&mut out, ed, p.number);
    }
    out.push_str("</section>\n</main>\n");
    foot(&mut out, ed);
    out
}

fn px_height(p: &EditionPage, w: u32) -> u32 {
    if p.width_pt <= 0.0 {
        return w;
    }
    (f64::from(w) * p.height_pt / p.width_pt).round() as u32
}

/// A number for an SVG attribute: at most two decimals, no exponent.
fn num(v: f64) -> String {
    let s = format!("{:.2}", v.max(0.0));
    s.trim_end_matches('0').trim_end_matches('.').to_string()
}

fn page(ed: &Edition, p: &EditionPage) -> String {
    let mut out = String::new();
    head(
        &mut out,
        ed,
        &format!("{} — {} {}", page_label(p), ed.publication, ed.issue_label),
    );
    page_nav(&mut out, ed, Some(p.number));
    let _ = write!(
        out,
        "<main class=\"page-view\">\n<div class=\"sheet\"><img class=\"page-image\" src=\"pages/page-{n}.png\" \
         srcset=\"pages/page-{n}-s.png {sw}w, pages/page-{n}.png {lw}w\" \
         sizes=\"(max-width: 900px) 100vw, 720px\" width=\"{lw}\" height=\"{lh}\" alt=\"{alt}\">",
        n = p.number,
        sw = p.small_px,
        lw = p.large_px,
        lh = px_height(p, p.large_px),
        alt = e(&format!("{}版面", page_label(p)))
    );
    let _ = write!(
        out,
        "<svg class=\"regions\" viewBox=\"0 0 {} {}\" preserveAspectRatio=\"none\" aria-label=\"版面热区\">",
        num(p.width_pt),
        num(p.height_pt)
    );
    for r in &p.regions {
        let Some(a) = ed.articles.iter().find(|a| a.id == r.article_id) else {
            continue;
        };
        let _ = write!(
            out,
            "<a class=\"region\" href=\"{}\" data-article=\"{}\" aria-label=\"{}\"><title>{}</title>\
             <rect x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\"/></a>",
            article_file(a.id),
            a.id,
            e(&list_title(a)),
            e(&list_title(a)),
            num(r.x),
            num(r.y),
            num(r.w),
            num(r.h)
        );
    }
    out.push_str("</svg></div>\n<aside class=\"page-list\">");
    let _ = write!(out, "<h1>{}</h1>", e(&page_label(p)));
    toc_list(&mut out, ed, p.number);
    out.push_str("<p class=\"step\">");
    if p.number > 1 {
        let _ = write!(out, "<a href=\"{}\">‹ 上一版</a>", page_file(p.number - 1));
    }
    if ed.pages.iter().any(|q| q.number == p.number + 1) {
        let _ = write!(out, "<a href=\"{}\">下一版 ›</a>", page_file(p.number + 1));
    }
    out.push_str("</p></aside>\n</main>\n");
    foot(&mut out, ed);
    out
}

fn field(out: &mut String, tag: &str, class: &str, zp: &str, text: &str) {
    if text.trim().is_empty() {
        return;
    }
    let _ = writeln!(
        out,
        "<{tag} class=\"{class}\" data-zp=\"{zp}\">{}</{tag}>",
        e(text)
    );
}

fn article(
    ed: &Edition,
    a: &EditionArticle,
    prev: Option<&EditionArticle>,
    next: Option<&EditionArticle>,
    images: &[(String, String)],
) -> String {
    let c = &a.content;
    let mut out = String::new();
    head(
        &mut out,
        ed,
        &format!("{} — {} {}", list_title(a), ed.publication, ed.issue_label),
    );
    page_nav(&mut out, ed, Some(a.page));
    let label = ed
        .pages
        .iter()
        .find(|p| p.number == a.page)
        .map(page_label)
        .unwrap_or_else(|| format!("第{}版", a.page));
    let _ = write!(
        out,
        "<main class=\"article-view\">\n<p class=\"crumb\"><a href=\"{}\" data-back=\"page\">‹ 返回{}</a></p>\n\
         <article data-article=\"{}\" data-revision=\"{}\" data-hash=\"{}\">\n<header class=\"headline\">\n",
        page_file(a.page),
        e(&label),
        a.id,
        a.revision,
        e(&a.content_hash)
    );
    field(&mut out, "p", "column", "column", &c.column);
    field(&mut out, "p", "kicker", "kicker", &c.kicker);
    field(&mut out, "h1", "title", "title", &c.title);
    field(&mut out, "p", "subtitle", "subtitle", &c.subtitle);
    field(&mut out, "p", "byline", "byline", &c.byline);
    out.push_str("</header>\n<div class=\"body\">\n");
    let mut in_briefs = false;
    for b in &c.body {
        let brief = matches!(b, Block::Brief { .. });
        if brief && !in_briefs {
            out.push_str("<ul class=\"briefs\">\n");
        } else if !brief && in_briefs {
            out.push_str("</ul>\n");
        }
        in_briefs = brief;
        match b {
            Block::Paragraph { text } => field(&mut out, "p", "para", "p", text),
            Block::Subhead { text } => field(&mut out, "h2", "subhead", "h", text),
            Block::Brief { text } => field(&mut out, "li", "brief", "b", text),
            Block::Image {
                asset_id,
                caption,
                credit,
            } => {
                out.push_str("<figure>");
                match images.iter().find(|(id, _)| id == asset_id) {
                    Some((_, path)) => {
                        let _ = write!(out, "<img src=\"{}\" alt=\"{}\">", e(path), e(caption));
                    }
                    None => out.push_str("<div class=\"missing\">图片缺失</div>"),
                }
                if !caption.trim().is_empty() || !credit.trim().is_empty() {
                    out.push_str("<figcaption>");
                    field(&mut out, "span", "caption", "caption", caption);
                    field(&mut out, "span", "credit", "credit", credit);
                    out.push_str("</figcaption>");
                }
                out.push_str("</figure>\n");
            }
        }
    }
    if in_briefs {
        out.push_str("</ul>\n");
    }
    out.push_str("</div>\n</article>\n<nav class=\"prev-next\" aria-label=\"上一篇与下一篇\">");
    match prev {
        Some(p) => {
            let _ = write!(
                out,
                "<a rel=\"prev\" href=\"{}\"><small>上一篇</small>{}</a>",
                article_file(p.id),
                e(&list_title(p))
            );
        }
        None => out.push_str("<span></span>"),
    }
    let _ = write!(
        out,
        "<a class=\"to-page\" href=\"{}\">返回{}</a>",
        page_file(a.page),
        e(&label)
    );
    match next {
        Some(n) => {
            let _ = write!(
                out,
                "<a rel=\"next\" href=\"{}\"><small>下一篇</small>{}</a>",
                article_file(n.id),
                e(&list_title(n))
            );
        }
        None => out.push_str("<span></span>"),
    }
    out.push_str("</nav>\n</main>\n");
    foot(&mut out, ed);
    out
}

/// The edition's one stylesheet: system fonts only (no web fonts), one
/// column on phones, page beside its article list on large screens.
const STYLE: &str = include_str!("style.css");
