//! Plain text files: the encoding (UTF-8 with or without BOM, UTF-16 with a
//! BOM, GBK / GB18030 and whatever else `chardetng` recognises), then the
//! paragraphs.
//!
//! Paragraphs: when the text has blank lines, they separate paragraphs, and
//! the lines of one paragraph are joined only when they look hard-wrapped
//! (all but the last long and of about the same width, none ending a
//! sentence, none a dash line or a byline); otherwise every line is a
//! paragraph. Text that looks copied out of a PDF is
//! cleaned first (see [`crate::clean_pdf_text`]).

use chardetng::{EncodingDetector, Iso2022JpDetection, Utf8Detection};
use encoding_rs::{Encoding, UTF_16BE, UTF_16LE};

use crate::assemble::{Item, Para, Parsed};
use crate::byline::parse_byline;
use crate::chars::{ends_sentence, trim, width};
use crate::error::ImportError;
use crate::notes;
use crate::pdf::{clean_pdf_text, looks_like_pdf_extraction};

/// Decoded text and the name of the encoding it was in.
pub(crate) struct Decoded {
    pub text: String,
    pub encoding: &'static str,
}

/// Decode the bytes of a text file. Refuses binary data and text that decodes
/// with many errors.
pub(crate) fn decode(bytes: &[u8]) -> Result<Decoded, ImportError> {
    let (encoding, body): (&'static Encoding, &[u8]) = match Encoding::for_bom(bytes) {
        Some((enc, bom)) => (enc, &bytes[bom..]),
        None => {
            if let Ok(s) = std::str::from_utf8(bytes) {
                return check(Decoded {
                    text: s.to_string(),
                    encoding: "UTF-8",
                });
            }
            (
                utf16_without_bom(bytes).unwrap_or_else(|| guess(bytes)),
                bytes,
            )
        }
    };
    let (text, had_errors) = encoding.decode_without_bom_handling(body);
    if had_errors {
        let bad = text.chars().filter(|c| *c == '\u{FFFD}').count();
        let total = text.chars().count().max(1);
        if bad * 200 > total {
            return Err(ImportError::Encoding {
                detail: format!(
                    "{bad} of {total} characters could not be decoded as {}",
                    encoding.name()
                ),
            });
        }
    }
    let name = match encoding.name() {
        "GBK" | "gb18030" => "GBK/GB18030",
        other => other,
    };
    check(Decoded {
        text: text.into_owned(),
        encoding: name,
    })
}

/// UTF-16 without a byte-order mark shows itself by NUL bytes in every other
/// position (the high bytes of ASCII characters).
fn utf16_without_bom(bytes: &[u8]) -> Option<&'static Encoding> {
    let sample = &bytes[..bytes.len().min(4096) & !1];
    if sample.len() < 4 {
        return None;
    }
    let pairs = sample.len() / 2;
    let even = sample.iter().step_by(2).filter(|b| **b == 0).count();
    let odd = sample
        .iter()
        .skip(1)
        .step_by(2)
        .filter(|b| **b == 0)
        .count();
    if odd * 3 >= pairs && even * 20 < pairs {
        Some(UTF_16LE)
    } else if even * 3 >= pairs && odd * 20 < pairs {
        Some(UTF_16BE)
    } else {
        None
    }
}

fn guess(bytes: &[u8]) -> &'static Encoding {
    let mut detector = EncodingDetector::new(Iso2022JpDetection::Deny);
    detector.feed(bytes, true);
    detector.guess(Some(b"cn"), Utf8Detection::Allow)
}

/// Refuse binary content: NULs or many control characters.
fn check(d: Decoded) -> Result<Decoded, ImportError> {
    let controls = d
        .text
        .chars()
        .filter(|c| c.is_control() && !matches!(c, '\n' | '\r' | '\t' | '\u{000C}'))
        .count();
    if d.text.contains('\0') || controls * 100 > d.text.chars().count().max(1) {
        return Err(ImportError::Encoding {
            detail: "the file holds binary data, not text".into(),
        });
    }
    Ok(d)
}

/// Parse a `.txt` file into paragraphs.
pub(crate) fn parse_txt(bytes: &[u8]) -> Result<Parsed, ImportError> {
    let decoded = decode(bytes)?;
    let mut parsed = Parsed::default();
    if decoded.encoding != "UTF-8" {
        parsed
            .notes
            .push(notes::encoding_detected(decoded.encoding));
    }
    let text = decoded.text.replace("\r\n", "\n").replace('\r', "\n");
    if trim(&text).is_empty() {
        return Err(ImportError::Empty);
    }
    let paragraphs = if looks_like_pdf_extraction(&text) {
        let cleaned = clean_pdf_text(&text);
        parsed.notes.push(notes::pdf_text_cleaned(
            cleaned.joined_lines,
            cleaned.removed_page_numbers,
            cleaned.removed_running_heads,
        ));
        cleaned.text.split('\n').map(str::to_string).collect()
    } else {
        paragraphs(&text)
    };
    parsed.items = paragraphs
        .into_iter()
        .map(|p| Item::Text(Para::plain(p)))
        .collect();
    Ok(parsed)
}

/// Split plain text into paragraphs (see the module docs).
pub(crate) fn paragraphs(text: &str) -> Vec<String> {
    let lines: Vec<&str> = text.split('\n').collect();
    let solid = lines.iter().filter(|l| !trim(l).is_empty()).count();
    let has_blank_between = {
        let first = lines.iter().position(|l| !trim(l).is_empty());
        let last = lines.iter().rposition(|l| !trim(l).is_empty());
        match (first, last) {
            (Some(a), Some(b)) => lines[a..=b].iter().any(|l| trim(l).is_empty()),
            _ => false,
        }
    };
    if !has_blank_between || solid == 1 {
        return lines
            .iter()
            .map(|l| trim(l).to_string())
            .filter(|l| !l.is_empty())
            .collect();
    }
    let mut out = Vec::new();
    for group in lines.split(|l| trim(l).is_empty()) {
        if !group.is_empty() {
            out.extend(split_group(group));
        }
    }
    out
}

/// The lines of one blank-line-separated block: joined when hard-wrapped,
/// else one paragraph each.
pub(crate) fn split_group(lines: &[&str]) -> Vec<String> {
    let lines: Vec<&str> = lines
        .iter()
        .map(|l| trim(l))
        .filter(|l| !l.is_empty())
        .collect();
    if lines.len() <= 1 {
        return lines.into_iter().map(str::to_string).collect();
    }
    // hard-wrapped text has long lines (a title or byline never looks like it)
    let body = &lines[..lines.len() - 1];
    let max = body.iter().map(|l| width(l)).max().unwrap_or(0);
    let headline_like = |l: &str| {
        ["——", "—", "--"]
            .iter()
            .any(|d| l.starts_with(d) || l.ends_with(d))
            || parse_byline(l, false).is_some()
    };
    let wrapped = max >= 44
        && !lines.iter().any(|l| headline_like(l))
        && body.iter().all(|l| {
            let w = width(l);
            w * 100 >= max * 90 && !l.chars().last().is_some_and(ends_sentence)
        });
    if !wrapped {
        return lines.into_iter().map(str::to_string).collect();
    }
    vec![join_lines(&lines)]
}

/// Join wrapped lines: directly between Chinese, with a space between Latin words.
pub(crate) fn join_lines(lines: &[&str]) -> String {
    let mut out = String::new();
    for l in lines {
        if out.ends_with(|c: char| c.is_ascii_alphanumeric() || c == ',' || c == '.')
            && l.starts_with(|c: char| c.is_ascii_alphanumeric())
        {
            out.push(' ');
        }
        out.push_str(l);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn encodings() {
        let s = "开发区召开会议";
        assert_eq!(decode(s.as_bytes()).unwrap().encoding, "UTF-8");
        let mut bom = vec![0xEF, 0xBB, 0xBF];
        bom.extend(s.as_bytes());
        let d = decode(&bom).unwrap();
        assert_eq!((d.text.as_str(), d.encoding), (s, "UTF-8"));
        let (gbk, _, _) =
            encoding_rs::GBK.encode("开发区召开经济运行分析会议，部署四季度重点工作。");
        let d = decode(&gbk).unwrap();
        assert_eq!(d.encoding, "GBK/GB18030");
        assert_eq!(d.text, "开发区召开经济运行分析会议，部署四季度重点工作。");
        let le: Vec<u8> = "ab会议"
            .encode_utf16()
            .flat_map(|u| u.to_le_bytes())
            .collect();
        assert_eq!(decode(&le).unwrap().text, "ab会议");
        assert!(matches!(
            decode(b"\x00\x01\x02\x03binary\x00\x00\xff\xfe\x00"),
            Err(ImportError::Encoding { .. })
        ));
    }

    #[test]
    fn paragraphs_by_blank_lines_or_lines() {
        assert_eq!(paragraphs("一\n二\n\n三"), ["一", "二", "三"]);
        assert_eq!(
            paragraphs("\u{3000}\u{3000}一\n\u{3000}\u{3000}二\n"),
            ["一", "二"]
        );
        let wrapped = "开发区召开会议部署四季度重点工作会议要求各部\n门要以时不我待的紧迫感抓好项目建设确保全年\n目标任务圆满完成。\n\n第二段。";
        assert_eq!(
            paragraphs(wrapped),
            [
                "开发区召开会议部署四季度重点工作会议要求各部门要以时不我待的紧迫感抓好项目建设确保全年目标任务圆满完成。",
                "第二段。"
            ]
        );
    }
}
