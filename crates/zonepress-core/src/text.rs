//! Counting, hashing and validating article text.

use sha2::{Digest, Sha256};

use crate::error::{CoreError, Field};
use crate::model::{ArticleContent, Block};

/// Longest headline line (引题 / 主题 / 副题), in characters.
pub const MAX_HEADLINE: usize = 200;
/// Longest byline or 栏目 name.
pub const MAX_SHORT: usize = 100;
/// Longest single body block.
pub const MAX_BLOCK: usize = 20_000;
/// Most blocks in one body.
pub const MAX_BLOCKS: usize = 5_000;
/// Longest body altogether (a bulletin article is 300–1,500 characters; this
/// leaves room for long reports while refusing accidental megabyte pastes).
pub const MAX_BODY: usize = 200_000;

/// Length the Chinese way: every character counts, whitespace does not
/// (ASCII spaces, newlines, the full-width space U+3000 alike).
pub fn count_chars(s: &str) -> u32 {
    s.chars().filter(|c| !c.is_whitespace()).count() as u32
}

/// 字数 of an article: the characters of its body blocks (captions included).
pub fn article_length(content: &ArticleContent) -> u32 {
    content.body.iter().map(|b| count_chars(b.text())).sum()
}

/// SHA-256 over the canonical JSON of the content (fields in declaration
/// order, blocks in order). Any printed change gives a different hash.
pub fn content_hash(content: &ArticleContent) -> String {
    let canonical = serde_json::to_vec(content).expect("content serialises");
    hex::encode(Sha256::digest(&canonical))
}

fn validate_line(field: Field, s: &str, max: usize, required: bool) -> Result<(), CoreError> {
    if required && s.trim().is_empty() {
        return Err(CoreError::Empty { field });
    }
    let n = s.chars().count();
    if n > max {
        return Err(CoreError::TooLong {
            field,
            max,
            actual: n,
        });
    }
    if let Some(c) = s.chars().find(|c| c.is_control()) {
        return Err(CoreError::ControlCharacter {
            field,
            code: c as u32,
        });
    }
    Ok(())
}

/// Trim the one-line fields and drop empty text blocks: what an editor means.
pub fn normalize(content: &mut ArticleContent) {
    for s in [
        &mut content.kicker,
        &mut content.title,
        &mut content.subtitle,
        &mut content.byline,
        &mut content.column,
    ] {
        let t = s.trim();
        if t.len() != s.len() {
            *s = t.to_string();
        }
    }
    content.body.retain(|b| match b {
        Block::Image { .. } => true,
        other => !other.text().trim().is_empty(),
    });
}

/// Refuse what cannot be printed: an empty title, absurd lengths, control
/// characters (a line break inside a paragraph must be a new paragraph).
pub fn validate(content: &ArticleContent) -> Result<(), CoreError> {
    validate_line(Field::Title, &content.title, MAX_HEADLINE, true)?;
    validate_line(Field::Kicker, &content.kicker, MAX_HEADLINE, false)?;
    validate_line(Field::Subtitle, &content.subtitle, MAX_HEADLINE, false)?;
    validate_line(Field::Byline, &content.byline, MAX_SHORT, false)?;
    validate_line(Field::Column, &content.column, MAX_SHORT, false)?;
    if content.body.len() > MAX_BLOCKS {
        return Err(CoreError::TooLong {
            field: Field::Body,
            max: MAX_BLOCKS,
            actual: content.body.len(),
        });
    }
    let mut total = 0usize;
    for block in &content.body {
        match block {
            Block::Image {
                asset_id,
                caption,
                credit,
            } => {
                if asset_id.len() != 64 || !asset_id.bytes().all(|b| b.is_ascii_hexdigit()) {
                    return Err(CoreError::invalid(
                        format!("image block has an invalid asset id {asset_id:?}"),
                        "图片引用无效，请重新插入图片",
                    ));
                }
                validate_line(Field::Caption, caption, MAX_BLOCK, false)?;
                validate_line(Field::Credit, credit, MAX_SHORT, false)?;
            }
            other => validate_line(Field::Body, other.text(), MAX_BLOCK, false)?,
        }
        total += block.text().chars().count();
    }
    if total > MAX_BODY {
        return Err(CoreError::TooLong {
            field: Field::Body,
            max: MAX_BODY,
            actual: total,
        });
    }
    Ok(())
}

/// The content as lines of plain text, the form revisions are compared in.
pub fn to_plain_lines(content: &ArticleContent) -> Vec<String> {
    let mut lines = Vec::with_capacity(content.body.len() + 5);
    for (label, value) in [
        ("引题", &content.kicker),
        ("主题", &content.title),
        ("副题", &content.subtitle),
        ("作者", &content.byline),
        ("栏目", &content.column),
    ] {
        if !value.is_empty() {
            lines.push(format!("【{label}】{value}"));
        }
    }
    for block in &content.body {
        lines.push(match block {
            Block::Paragraph { text } => text.clone(),
            Block::Subhead { text } => format!("【小标题】{text}"),
            Block::Brief { text } => format!("◆{text}"),
            Block::Image {
                caption, credit, ..
            } => format!("【图片】{caption}（{credit}）"),
        });
    }
    lines
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::ArticleKind;

    fn content(title: &str, paras: &[&str]) -> ArticleContent {
        ArticleContent {
            kind: ArticleKind::News,
            title: title.into(),
            body: paras
                .iter()
                .map(|t| Block::Paragraph {
                    text: (*t).to_string(),
                })
                .collect(),
            ..Default::default()
        }
    }

    #[test]
    fn length_counts_characters_not_words_and_skips_whitespace() {
        let c = content("标题", &["开发区 召开会议。", "\u{3000}\u{3000}Hello 世界"]);
        // 开发区召开会议。 = 8, Hello世界 = 7
        assert_eq!(article_length(&c), 15);
    }

    #[test]
    fn hash_changes_with_any_printed_field_and_is_stable() {
        let a = content("标题", &["正文"]);
        let b = content("标题", &["正文"]);
        assert_eq!(content_hash(&a), content_hash(&b));
        assert_eq!(content_hash(&a).len(), 64);
        let mut c = a.clone();
        c.byline = "记者 王晓静".into();
        assert_ne!(content_hash(&a), content_hash(&c));
        let mut d = a.clone();
        d.body.push(Block::Subhead {
            text: "正文".into(),
        });
        assert_ne!(content_hash(&a), content_hash(&d));
    }

    #[test]
    fn validation_refuses_empty_title_long_title_and_control_chars() {
        assert_eq!(
            validate(&content("  ", &[])),
            Err(CoreError::Empty {
                field: Field::Title
            })
        );
        let long = "长".repeat(MAX_HEADLINE + 1);
        assert!(matches!(
            validate(&content(&long, &[])),
            Err(CoreError::TooLong {
                field: Field::Title,
                ..
            })
        ));
        assert!(matches!(
            validate(&content("标题", &["第一行\n第二行"])),
            Err(CoreError::ControlCharacter {
                field: Field::Body,
                code: 10
            })
        ));
        assert!(validate(&content("标题", &["正常的正文。"])).is_ok());
    }

    #[test]
    fn normalize_trims_lines_and_drops_empty_blocks() {
        let mut c = content(" 标题 ", &["正文", "  ", ""]);
        normalize(&mut c);
        assert_eq!(c.title, "标题");
        assert_eq!(c.body.len(), 1);
    }

    #[test]
    fn unknown_block_types_are_refused_when_read() {
        let err = serde_json::from_str::<Block>(r#"{"type":"video","url":"x"}"#).unwrap_err();
        assert!(err.to_string().contains("video"), "{err}");
        let ok: Block = serde_json::from_str(r#"{"type":"subhead","text":"小标题"}"#).unwrap();
        assert_eq!(
            ok,
            Block::Subhead {
                text: "小标题".into()
            }
        );
    }
}
