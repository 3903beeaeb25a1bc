//! Reading one XML part safely: no DOCTYPE, no entity but the five predefined
//! ones and character references, a bounded nesting depth, namespaces
//! resolved so that `w:t` is told from DrawingML's `a:t`.

use std::borrow::Cow;

use quick_xml::escape::resolve_predefined_entity;
use quick_xml::events::{BytesStart, Event};
use quick_xml::name::ResolveResult;
use quick_xml::reader::NsReader;

use crate::error::ImportError;

/// The namespaces the importer cares about.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Ns {
    /// WordprocessingML (`w:`), transitional or strict.
    W,
    /// Markup compatibility (`mc:AlternateContent`).
    Mc,
    /// DrawingML main (`a:blip`).
    A,
    /// DrawingML charts.
    Chart,
    /// VML (`v:imagedata`), used by older Word and WPS.
    V,
    /// Package relationships (`_rels/*.rels`).
    Rels,
    Other,
}

fn ns_of(uri: &str) -> Ns {
    match uri {
        "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
        | "http://purl.oclc.org/ooxml/wordprocessingml/main" => Ns::W,
        "http://schemas.openxmlformats.org/markup-compatibility/2006" => Ns::Mc,
        "http://schemas.openxmlformats.org/drawingml/2006/main"
        | "http://purl.oclc.org/ooxml/drawingml/main" => Ns::A,
        "http://schemas.openxmlformats.org/drawingml/2006/chart"
        | "http://purl.oclc.org/ooxml/drawingml/chart" => Ns::Chart,
        "urn:schemas-microsoft-com:vml" => Ns::V,
        "http://schemas.openxmlformats.org/package/2006/relationships" => Ns::Rels,
        _ => Ns::Other,
    }
}

/// What a part's handler sees. Empty elements arrive as a start and an end.
pub(crate) enum XmlEvent<'a, 'e> {
    Start {
        ns: Ns,
        name: &'a str,
        element: &'a BytesStart<'e>,
    },
    End {
        ns: Ns,
        name: &'a str,
    },
    Text(Cow<'a, str>),
}

/// The text of an XML part: UTF-8 (a BOM is dropped) or UTF-16 with a BOM.
pub(crate) fn part_text(part: &str, bytes: Vec<u8>) -> Result<String, ImportError> {
    if let Some((enc, bom)) = encoding_rs::Encoding::for_bom(&bytes)
        && enc != encoding_rs::UTF_8
    {
        let (text, bad) = enc.decode_without_bom_handling(&bytes[bom..]);
        if bad {
            return Err(bad_xml(part, "invalid UTF-16"));
        }
        return Ok(text.into_owned());
    }
    let start = if bytes.starts_with(&[0xEF, 0xBB, 0xBF]) {
        3
    } else {
        0
    };
    let mut bytes = bytes;
    bytes.drain(..start);
    String::from_utf8(bytes).map_err(|_| bad_xml(part, "not valid UTF-8"))
}

pub(crate) fn bad_xml(part: &str, detail: impl Into<String>) -> ImportError {
    ImportError::BadXml {
        part: part.to_string(),
        detail: detail.into(),
    }
}

/// Walk the events of `xml`, calling `handle` for each element and text.
pub(crate) fn walk<F>(
    part: &str,
    xml: &str,
    max_depth: usize,
    mut handle: F,
) -> Result<(), ImportError>
where
    F: FnMut(XmlEvent<'_, '_>) -> Result<(), ImportError>,
{
    let mut reader = NsReader::from_str(xml);
    reader.config_mut().expand_empty_elements = true;
    let mut depth = 0usize;
    loop {
        let (resolved, event) = reader
            .read_resolved_event()
            .map_err(|e| bad_xml(part, e.to_string()))?;
        let ns = match resolved {
            ResolveResult::Bound(n) => ns_of(n.0),
            _ => Ns::Other,
        };
        match event {
            Event::DocType(_) => {
                return Err(ImportError::Doctype {
                    part: part.to_string(),
                });
            }
            Event::Start(e) => {
                depth += 1;
                if depth > max_depth {
                    return Err(bad_xml(
                        part,
                        format!("elements nested deeper than {max_depth}"),
                    ));
                }
                let local = e.local_name();
                handle(XmlEvent::Start {
                    ns,
                    name: local.as_ref(),
                    element: &e,
                })?;
            }
            Event::End(e) => {
                depth = depth.saturating_sub(1);
                let local = e.local_name();
                handle(XmlEvent::End {
                    ns,
                    name: local.as_ref(),
                })?;
            }
            Event::Text(t) => handle(XmlEvent::Text(t.xml10_content()))?,
            Event::CData(t) => handle(XmlEvent::Text(t.xml10_content()))?,
            Event::GeneralRef(r) => {
                let text = if r.is_char_ref() {
                    match r.resolve_char_ref() {
                        Ok(Some(c)) => c.to_string(),
                        _ => {
                            return Err(bad_xml(
                                part,
                                format!("bad character reference &{};", &*r),
                            ));
                        }
                    }
                } else if let Some(s) = resolve_predefined_entity(&r) {
                    s.to_string()
                } else {
                    // without a DOCTYPE no other entity can be defined: never expanded
                    return Err(bad_xml(part, format!("undefined entity &{};", &*r)));
                };
                handle(XmlEvent::Text(Cow::Owned(text)))?;
            }
            Event::Eof => return Ok(()),
            Event::Empty(_) | Event::Comment(_) | Event::Decl(_) | Event::PI(_) => {}
        }
    }
}

/// The value of the attribute with local name `local` (any prefix).
pub(crate) fn attr(
    part: &str,
    e: &BytesStart<'_>,
    local: &str,
) -> Result<Option<String>, ImportError> {
    for a in e.attributes() {
        let a = a.map_err(|err| bad_xml(part, err.to_string()))?;
        if a.key.local_name().as_ref() == local {
            let v = a
                .normalized_value(quick_xml::XmlVersion::Implicit1_0)
                .map_err(|err| bad_xml(part, err.to_string()))?;
            return Ok(Some(v.into_owned()));
        }
    }
    Ok(None)
}

/// A WordprocessingML on/off property (`<w:b/>`, `<w:b w:val="false"/>`).
pub(crate) fn on_off(part: &str, e: &BytesStart<'_>) -> Result<bool, ImportError> {
    Ok(!matches!(
        attr(part, e, "val")?.as_deref(),
        Some("0" | "false" | "off" | "none")
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn texts(xml: &str) -> Result<String, ImportError> {
        let mut out = String::new();
        walk("t.xml", xml, 10, |ev| {
            if let XmlEvent::Text(t) = ev {
                out.push_str(&t);
            }
            Ok(())
        })?;
        Ok(out)
    }

    #[test]
    fn entities_and_doctype() {
        assert_eq!(
            texts("<a>&lt;x&gt; &amp; &#x56ED;&#21306;</a>").unwrap(),
            "<x> & 园区"
        );
        assert!(matches!(
            texts(r#"<!DOCTYPE a [<!ENTITY e SYSTEM "file:///etc/passwd">]><a>&e;</a>"#),
            Err(ImportError::Doctype { .. })
        ));
        assert!(matches!(
            texts("<a>&e;</a>"),
            Err(ImportError::BadXml { .. })
        ));
        assert!(matches!(
            texts("<a><b></a>"),
            Err(ImportError::BadXml { .. })
        ));
        let deep = "<a>".repeat(11) + &"</a>".repeat(11);
        assert!(matches!(texts(&deep), Err(ImportError::BadXml { .. })));
    }
}
