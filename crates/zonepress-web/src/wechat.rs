//! Articles as HTML for the WeChat (公众号) editor: inline styles only (the
//! editor drops stylesheets and classes), no script, no link to anything
//! outside (photos go inline as `data:` URIs). The text is the approved
//! revision's text and nothing else: no added labels or punctuation.

use std::fmt::Write;

use base64::Engine;
use zonepress_core::{ArticleContent, Block};

use crate::html::escape as e;

const SECTION: &str = "margin:0 0 32px;padding:0;color:#222;font-size:16px;line-height:1.9;\
     letter-spacing:0.5px;font-family:'PingFang SC','Noto Sans CJK SC','Microsoft YaHei',sans-serif;";
const COLUMN: &str = "margin:0 0 8px;text-align:center;";
const COLUMN_TAG: &str =
    "display:inline-block;padding:0 8px;background:#222;color:#fff;font-size:13px;line-height:1.8;";
const KICKER: &str = "margin:0 0 6px;text-align:center;font-size:15px;color:#444;";
const TITLE: &str =
    "margin:0 0 6px;text-align:center;font-size:22px;line-height:1.4;font-weight:bold;color:#111;";
const SUBTITLE: &str =
    "margin:0 0 6px;text-align:center;font-size:15px;font-weight:bold;color:#333;";
const BYLINE: &str = "margin:0 0 20px;text-align:center;font-size:14px;color:#888;";
const PARA: &str = "margin:0 0 14px;text-indent:2em;text-align:justify;";
const SUBHEAD: &str = "margin:24px 0 12px;font-size:17px;font-weight:bold;color:#c8161d;";
const BRIEFS: &str = "margin:0 0 14px;padding:0 0 0 1.4em;list-style-type:square;";
const BRIEF: &str = "margin:0 0 10px;text-align:justify;";
const FIGURE: &str = "margin:18px 0;text-align:center;";
const IMG: &str = "display:block;max-width:100%;height:auto;margin:0 auto;";
const CAPTION: &str =
    "margin:6px 0 0;font-size:14px;line-height:1.7;color:#666;text-align:justify;";
const CREDIT: &str = "margin:2px 0 0;font-size:13px;color:#999;text-align:right;";
const HEAD: &str =
    "margin:0 0 24px;padding:0 0 10px;border-bottom:2px solid #c8161d;text-align:center;";
const HEAD_NAME: &str =
    "margin:0;font-size:20px;font-weight:bold;color:#c8161d;letter-spacing:2px;";
const HEAD_ISSUE: &str = "margin:4px 0 0;font-size:13px;color:#888;";
const RULE: &str = "margin:0 0 32px;border:0;border-top:1px solid #ddd;";

fn line(out: &mut String, tag: &str, style: &str, text: &str) {
    if !text.trim().is_empty() {
        let _ = write!(out, "<{tag} style=\"{style}\">{}</{tag}>", e(text));
    }
}

/// One article as a `<section>` with inline styles. `images` gives a
/// photo's bytes by asset id; a photo that cannot be had is left out (its
/// caption stays).
pub fn article_section(
    content: &ArticleContent,
    images: &dyn Fn(&str) -> Option<Vec<u8>>,
) -> String {
    let mut out = String::new();
    let _ = write!(out, "<section style=\"{SECTION}\">");
    if !content.column.trim().is_empty() {
        let _ = write!(
            out,
            "<p style=\"{COLUMN}\"><span style=\"{COLUMN_TAG}\">{}</span></p>",
            e(&content.column)
        );
    }
    line(&mut out, "p", KICKER, &content.kicker);
    line(&mut out, "h1", TITLE, &content.title);
    line(&mut out, "p", SUBTITLE, &content.subtitle);
    line(&mut out, "p", BYLINE, &content.byline);
    let mut in_briefs = false;
    for b in &content.body {
        let brief = matches!(b, Block::Brief { .. });
        if brief && !in_briefs {
            let _ = write!(out, "<ul style=\"{BRIEFS}\">");
        } else if !brief && in_briefs {
            out.push_str("</ul>");
        }
        in_briefs = brief;
        match b {
            Block::Paragraph { text } => line(&mut out, "p", PARA, text),
            Block::Subhead { text } => line(&mut out, "h2", SUBHEAD, text),
            Block::Brief { text } => line(&mut out, "li", BRIEF, text),
            Block::Image {
                asset_id,
                caption,
                credit,
            } => {
                let _ = write!(out, "<section style=\"{FIGURE}\">");
                if let Some(bytes) = images(asset_id)
                    && let Some(info) = zonepress_core::image::probe(&bytes)
                {
                    let _ = write!(
                        out,
                        "<img style=\"{IMG}\" alt=\"{}\" src=\"data:{};base64,{}\">",
                        e(caption),
                        info.mime,
                        base64::engine::general_purpose::STANDARD.encode(&bytes)
                    );
                }
                line(&mut out, "p", CAPTION, caption);
                line(&mut out, "p", CREDIT, credit);
                out.push_str("</section>");
            }
        }
    }
    if in_briefs {
        out.push_str("</ul>");
    }
    out.push_str("</section>");
    out
}

/// A whole HTML file around `body` (for saving as .html); the clipboard
/// takes `body` alone.
pub fn document(title: &str, body: &str) -> String {
    format!(
        "<!DOCTYPE html>\n<html lang=\"zh-CN\">\n<head>\n<meta charset=\"utf-8\">\n\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
         <meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; img-src data:; style-src 'unsafe-inline'\">\n\
         <title>{}</title>\n</head>\n<body style=\"margin:0 auto;padding:16px;max-width:677px;background:#fff;\">\n{body}\n</body>\n</html>\n",
        e(title)
    )
}

/// Several articles as one list, under the issue's name (公众号 issue post).
pub fn issue_sections(
    publication: &str,
    issue_label: &str,
    articles: &[&ArticleContent],
    images: &dyn Fn(&str) -> Option<Vec<u8>>,
) -> String {
    let mut out = String::new();
    let _ = write!(
        out,
        "<section style=\"{HEAD}\"><p style=\"{HEAD_NAME}\">{}</p><p style=\"{HEAD_ISSUE}\">{}</p></section>",
        e(publication),
        e(issue_label)
    );
    for (i, a) in articles.iter().enumerate() {
        if i > 0 {
            let _ = write!(out, "<hr style=\"{RULE}\">");
        }
        out.push_str(&article_section(a, images));
    }
    out
}
