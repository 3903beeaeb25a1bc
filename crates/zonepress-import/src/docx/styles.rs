//! `word/styles.xml`: which paragraph styles are headings, the document's
//! Title and Subtitle styles, and the bold and size each style gives its text.
//!
//! A heading is recognised by its style name (`heading 1`, which Word and WPS
//! both write whatever the interface language, or `标题 1` / `标题1`), or by an
//! outline level (`w:outlineLvl`) in the style or any style it is based on.

use std::collections::HashMap;

use super::xml::{Ns, XmlEvent, attr, on_off, walk};
use crate::error::ImportError;

#[derive(Debug, Default, Clone)]
struct StyleDef {
    name: String,
    based_on: Option<String>,
    outline: Option<u8>,
    bold: Option<bool>,
    size: Option<u32>,
    paragraph: bool,
}

/// What a paragraph style means for the headline and subhead detection.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum StyleRole {
    Title,
    Subtitle,
    Heading(u8),
}

#[derive(Debug, Default)]
pub(crate) struct Styles {
    styles: HashMap<String, StyleDef>,
    default_paragraph: Option<String>,
    /// Run size of the document defaults, in half-points.
    pub default_size: Option<u32>,
    default_bold: Option<bool>,
}

impl Styles {
    pub fn parse(part: &str, xml: &str, max_depth: usize) -> Result<Styles, ImportError> {
        let mut styles = Styles::default();
        let mut current: Option<(String, StyleDef)> = None;
        let mut in_defaults = false;
        let mut in_ppr = false;
        let mut in_rpr = false;
        walk(part, xml, max_depth, |ev| {
            match ev {
                XmlEvent::Start {
                    ns: Ns::W,
                    name,
                    element,
                } => match name {
                    "docDefaults" => in_defaults = true,
                    "style" => {
                        let id = attr(part, element, "styleId")?.unwrap_or_default();
                        let kind = attr(part, element, "type")?;
                        let def = StyleDef {
                            paragraph: kind.as_deref().is_none_or(|k| k == "paragraph"),
                            ..Default::default()
                        };
                        if def.paragraph
                            && attr(part, element, "default")?
                                .is_some_and(|d| d == "1" || d == "true")
                        {
                            styles.default_paragraph = Some(id.clone());
                        }
                        current = Some((id, def));
                    }
                    "pPr" => in_ppr = true,
                    "rPr" => in_rpr = true,
                    "name" => {
                        if let Some((_, def)) = current.as_mut() {
                            def.name = attr(part, element, "val")?.unwrap_or_default();
                        }
                    }
                    "basedOn" => {
                        if let Some((_, def)) = current.as_mut() {
                            def.based_on = attr(part, element, "val")?;
                        }
                    }
                    "outlineLvl" if in_ppr => {
                        if let Some((_, def)) = current.as_mut() {
                            def.outline = attr(part, element, "val")?
                                .and_then(|v| v.parse::<u8>().ok())
                                .map(|v| v.saturating_add(1));
                        }
                    }
                    "b" if in_rpr => {
                        let on = on_off(part, element)?;
                        match current.as_mut() {
                            Some((_, def)) => def.bold = Some(on),
                            None if in_defaults => styles.default_bold = Some(on),
                            None => {}
                        }
                    }
                    "sz" if in_rpr => {
                        let size = attr(part, element, "val")?.and_then(|v| v.parse::<u32>().ok());
                        match current.as_mut() {
                            Some((_, def)) => def.size = size,
                            None if in_defaults => styles.default_size = size,
                            None => {}
                        }
                    }
                    _ => {}
                },
                XmlEvent::End { ns: Ns::W, name } => match name {
                    "docDefaults" => in_defaults = false,
                    "style" => {
                        if let Some((id, def)) = current.take() {
                            styles.styles.insert(id, def);
                        }
                    }
                    "pPr" => in_ppr = false,
                    "rPr" => in_rpr = false,
                    _ => {}
                },
                _ => {}
            }
            Ok(())
        })?;
        Ok(styles)
    }

    /// The style and the styles it is based on, nearest first (cycles cut).
    fn chain(&self, id: &str) -> Vec<&StyleDef> {
        let mut out: Vec<&StyleDef> = Vec::new();
        let mut next = Some(id);
        while let Some(id) = next {
            let Some(def) = self.styles.get(id) else {
                break;
            };
            if out.len() >= 20 || out.iter().any(|d| std::ptr::eq(*d, def)) {
                break;
            }
            out.push(def);
            next = def.based_on.as_deref();
        }
        out
    }

    /// The id of the paragraph style that applies when a paragraph names none.
    pub fn paragraph_style<'s>(&'s self, id: Option<&'s str>) -> Option<&'s str> {
        id.or(self.default_paragraph.as_deref())
    }

    pub fn role(&self, id: &str) -> Option<StyleRole> {
        let chain = self.chain(id);
        for def in &chain {
            if let Some(role) = role_from_name(&def.name) {
                return Some(role);
            }
        }
        chain
            .iter()
            .find_map(|d| d.outline)
            .filter(|l| (1..=9).contains(l))
            .map(StyleRole::Heading)
    }

    pub fn bold(&self, id: &str) -> Option<bool> {
        self.chain(id).iter().find_map(|d| d.bold)
    }

    pub fn size(&self, id: &str) -> Option<u32> {
        self.chain(id).iter().find_map(|d| d.size)
    }

    pub fn default_bold(&self) -> bool {
        self.default_bold.unwrap_or(false)
    }
}

/// `heading 2`, `Heading2`, `标题 2`, `标题2` → Heading(2); `Title` / `标题` →
/// Title; `Subtitle` / `副标题` → Subtitle.
fn role_from_name(name: &str) -> Option<StyleRole> {
    let lower = name.trim().to_lowercase();
    match lower.as_str() {
        "title" | "标题" => return Some(StyleRole::Title),
        "subtitle" | "副标题" => return Some(StyleRole::Subtitle),
        _ => {}
    }
    let rest = lower
        .strip_prefix("heading")
        .or_else(|| lower.strip_prefix("标题"))?
        .trim();
    let level: u8 = rest.parse().ok()?;
    (1..=9)
        .contains(&level)
        .then_some(StyleRole::Heading(level))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names() {
        assert_eq!(role_from_name("heading 1"), Some(StyleRole::Heading(1)));
        assert_eq!(role_from_name("Heading2"), Some(StyleRole::Heading(2)));
        assert_eq!(role_from_name("标题 3"), Some(StyleRole::Heading(3)));
        assert_eq!(role_from_name("Title"), Some(StyleRole::Title));
        assert_eq!(role_from_name("副标题"), Some(StyleRole::Subtitle));
        assert_eq!(role_from_name("Normal"), None);
        assert_eq!(role_from_name("heading 1 char"), None);
    }

    #[test]
    fn wps_styles_with_numeric_ids_and_outline_levels() {
        let xml = r#"<w:styles xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">
          <w:docDefaults><w:rPrDefault><w:rPr><w:sz w:val="21"/></w:rPr></w:rPrDefault></w:docDefaults>
          <w:style w:type="paragraph" w:default="1" w:styleId="1"><w:name w:val="Normal"/></w:style>
          <w:style w:type="paragraph" w:styleId="2"><w:name w:val="heading 1"/><w:basedOn w:val="1"/>
            <w:rPr><w:b/><w:sz w:val="44"/></w:rPr></w:style>
          <w:style w:type="paragraph" w:styleId="15"><w:name w:val="大标题"/><w:basedOn w:val="1"/>
            <w:pPr><w:outlineLvl w:val="0"/></w:pPr></w:style>
          <w:style w:type="paragraph" w:styleId="16"><w:name w:val="我的小标题"/><w:basedOn w:val="2"/></w:style>
        </w:styles>"#;
        let s = Styles::parse("styles.xml", xml, 64).unwrap();
        assert_eq!(s.default_size, Some(21));
        assert_eq!(s.role("2"), Some(StyleRole::Heading(1)));
        assert_eq!(s.role("15"), Some(StyleRole::Heading(1)));
        assert_eq!(s.role("16"), Some(StyleRole::Heading(1)));
        assert_eq!(s.role("1"), None);
        assert_eq!(s.bold("16"), Some(true));
        assert_eq!(s.size("16"), Some(44));
        assert_eq!(s.paragraph_style(None), Some("1"));
    }
}
