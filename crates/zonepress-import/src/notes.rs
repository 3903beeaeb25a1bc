//! Every note an import can carry, in one place: the codes are stable, the
//! UI may key on them.

use crate::types::ImportNote;

/// The code of the note that marks an article 待定标题: no title was found,
/// the one given is a stand-in the editor must check.
pub const TITLE_PENDING: &str = "title_pending";

pub fn table_flattened(rows: usize) -> ImportNote {
    ImportNote::new(
        "table_flattened",
        format!(
            "文档中的表格（{rows} 行）已转为普通段落，每行一段，单元格之间以全角空格分隔（只有一个单元格的行保留原有分段），请核对"
        ),
        format!(
            "a table ({rows} rows) was flattened: one paragraph per row, cells separated by an ideographic space (a row of one cell keeps its paragraphs)"
        ),
    )
}

pub fn text_box_kept(count: usize) -> ImportNote {
    ImportNote::new(
        "text_box_as_text",
        format!("文档中的 {count} 个文本框的文字已作为普通段落放在所在位置之后，请核对位置"),
        format!(
            "the text of {count} text box(es) was kept as ordinary paragraphs after its anchor"
        ),
    )
}

pub fn footnotes_appended(footnotes: usize, endnotes: usize, last_marker: &str) -> ImportNote {
    let what = match (footnotes, endnotes) {
        (f, 0) => format!("{f} 条脚注"),
        (0, e) => format!("{e} 条尾注"),
        (f, e) => format!("{f} 条脚注和 {e} 条尾注"),
    };
    let markers = if footnotes + endnotes == 1 {
        "①".to_string()
    } else {
        format!("①…{last_marker}")
    };
    ImportNote::new(
        "footnotes_appended",
        format!(
            "文档中的 {what}已放在正文末尾的小标题“注释”之下，正文中以 {markers} 标出引用位置；请核对，不刊登时删去即可"
        ),
        format!(
            "{footnotes} footnote(s) and {endnotes} endnote(s) were appended under the subhead 注释, numbered {markers} where they were referenced"
        ),
    )
}

pub fn footnotes_ignored(references: usize) -> ImportNote {
    ImportNote::new(
        "footnotes_ignored",
        format!("文档中有 {references} 处脚注或尾注引用找不到注释文字，未能导入，请向来稿人核实"),
        format!("{references} footnote or endnote reference(s) point to no text and were left out"),
    )
}

pub fn comments_ignored(count: usize) -> ImportNote {
    ImportNote::new(
        "comments_ignored",
        format!("文档中的 {count} 条批注不属于正文，未导入；如有需要请在原文档中查看"),
        format!("{count} comment(s) were not imported"),
    )
}

pub fn tracked_changes(inserted: usize, deleted: usize) -> ImportNote {
    let counts = if inserted + deleted > 0 {
        format!("（保留插入的 {inserted} 个字，舍去删除的 {deleted} 个字）")
    } else {
        String::new()
    };
    ImportNote::new(
        "tracked_changes",
        format!("文档含有修订痕迹，已按“接受全部修订”后的文字导入{counts}，请核对"),
        format!(
            "the document has tracked changes; imported as if all were accepted ({inserted} inserted characters kept, {deleted} deleted dropped)"
        ),
    )
}

pub fn numbering_dropped() -> ImportNote {
    ImportNote::new(
        "numbering_dropped",
        "文档中的自动编号（如“1.”“一、”自动列表）未导入，编号需手工补上",
        "automatic list numbering was not imported",
    )
}

pub fn image_too_large(name: &str, limit_mb: u64) -> ImportNote {
    ImportNote::new(
        "image_too_large",
        format!("图片 {name} 超过 {limit_mb} MB，未导入；请压缩后在编辑器中插入"),
        format!(
            "image {name} is larger than {limit_mb} MB and was left out; the article was imported without it"
        ),
    )
}

pub fn image_too_many_pixels(name: &str, width: u32, height: u32) -> ImportNote {
    ImportNote::new(
        "image_too_many_pixels",
        format!(
            "图片 {name} 的尺寸过大（{width}×{height} 像素，最多 {} 万像素），未导入；请缩小后在编辑器中插入",
            zonepress_core::image::MAX_PIXELS / 10_000
        ),
        format!(
            "image {name} is {width}x{height} pixels, beyond the decoding limit, and was left out"
        ),
    )
}

pub fn image_unsupported(name: &str) -> ImportNote {
    ImportNote::new(
        "image_unsupported",
        format!("图片 {name} 的格式无法用于印刷（只支持 PNG、JPEG、GIF、BMP、WebP），未导入"),
        format!("image {name} is not PNG, JPEG, GIF, BMP or WebP and was left out"),
    )
}

pub fn image_missing(target: &str) -> ImportNote {
    ImportNote::new(
        "image_missing",
        format!("文档引用的图片 {target} 不在文件中（可能是链接图片），未导入"),
        format!("the image {target} is not inside the document (a linked image?) and was left out"),
    )
}

pub fn image_unsafe_target(target: &str) -> ImportNote {
    ImportNote::new(
        "image_unsafe_target",
        format!("图片引用的路径 {target} 不安全，已忽略"),
        format!("an image reference points outside the document ({target}) and was ignored"),
    )
}

pub fn chart_ignored() -> ImportNote {
    ImportNote::new(
        "chart_ignored",
        "文档中的图表或形状未导入，如需刊登请另存为图片后插入",
        "charts and drawing shapes were not imported",
    )
}

pub fn markdown_image(src: &str, alt: &str) -> ImportNote {
    let caption = if alt.is_empty() {
        String::new()
    } else {
        format!("，图片说明为：{alt}")
    };
    ImportNote::new(
        "markdown_image",
        format!("Markdown 中的图片 {src} 无法随文件导入，请在编辑器中插入图片{caption}"),
        format!("the Markdown image {src} cannot be resolved and was left out (caption: {alt:?})"),
    )
}

pub fn pdf_text_cleaned(joined: usize, pages: usize, heads: usize) -> ImportNote {
    ImportNote::new(
        "pdf_text_cleaned",
        format!(
            "文字像是从 PDF 复制的：已合并 {joined} 处断行，删除 {pages} 个页码、{heads} 行页眉，请核对"
        ),
        format!(
            "the text looks copied from a PDF: joined {joined} lines, removed {pages} page numbers and {heads} running heads"
        ),
    )
}

pub fn encoding_detected(name: &str) -> ImportNote {
    ImportNote::new(
        "encoding_detected",
        format!("文本编码识别为 {name}"),
        format!("the text encoding was detected as {name}"),
    )
}

pub fn dateline_moved(lead: &str) -> ImportNote {
    ImportNote::new(
        "dateline_moved",
        format!("首段开头的电头“{lead}”已移出正文，作者填入“作者”栏；如本刊保留电头，请在首段补回"),
        format!(
            "the dateline {lead:?} opening the first paragraph was removed from the body and its names put in the byline"
        ),
    )
}

pub fn text_before_title(count: usize) -> ImportNote {
    ImportNote::new(
        "text_before_title",
        format!("标题前有 {count} 段文字，已放在正文开头，请确认是否需要"),
        format!("{count} paragraph(s) before the title were kept at the start of the body"),
    )
}

/// Where a stand-in title came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum TitleSource {
    /// A short line of the text (which stays in the body).
    Line,
    /// The file name without its extension.
    FileName,
}

pub(crate) fn title_pending(title: &str, source: TitleSource) -> ImportNote {
    let (zh, en) = match source {
        TitleSource::Line => ("正文中的短句", "a short line of the text"),
        TitleSource::FileName => ("文件名", "the file name"),
    };
    ImportNote::new(
        TITLE_PENDING,
        format!("没有识别出标题，暂以{zh}“{title}”作主题，稿件标记为“待定标题”，请核对修改"),
        format!(
            "no title was recognised; {en} {title:?} stands in and the article is marked 待定标题 (title to be checked)"
        ),
    )
}

pub fn title_from_text_box(title: &str) -> ImportNote {
    ImportNote::new(
        "title_from_text_box",
        format!("主题“{title}”取自文档开头的文本框，请核对"),
        format!("the title {title:?} was taken from a text box at the top of the document"),
    )
}
