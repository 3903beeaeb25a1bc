//! The page plan of an issue: which article goes on which 版, in what order,
//! and how layout staff adjusted it. Typesetting lives in zonepress-export.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::error::CoreError;
use crate::model::{Id, PageSize};

/// The template a page is set with.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize, TS, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum PageTemplate {
    /// 头版: masthead on top, then the lead story.
    Front,
    /// 内版: running header, articles in columns.
    #[default]
    Inner,
    /// 图片版: photos large, captions below.
    Photo,
}

/// One article placed on a page, with the layout staff's adjustments.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS, JsonSchema)]
pub struct Placement {
    pub article_id: Id,
    /// Columns the headline spans; `None` spans the article's whole width.
    #[serde(default)]
    pub headline_span: Option<u8>,
    /// Columns the body is set in; `None` uses the page's columns.
    #[serde(default)]
    pub body_columns: Option<u8>,
    /// Width of the article's photos in columns; `None` uses the body width.
    #[serde(default)]
    pub image_columns: Option<u8>,
    /// Body type size as a percentage of the normal size (85–115).
    #[serde(default = "default_scale")]
    pub type_scale: u16,
}

fn default_scale() -> u16 {
    100
}

impl Placement {
    pub fn new(article_id: Id) -> Placement {
        Placement {
            article_id,
            headline_span: None,
            body_columns: None,
            image_columns: None,
            type_scale: 100,
        }
    }
}

/// One 版.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS, JsonSchema)]
pub struct PagePlan {
    /// 1-based page number (第N版).
    pub number: u8,
    pub template: PageTemplate,
    /// Optional page name printed in the running header, e.g. 综合新闻.
    #[serde(default)]
    pub name: String,
    pub placements: Vec<Placement>,
}

/// The whole plan of an issue.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS, JsonSchema)]
pub struct IssuePlan {
    pub issue_id: Id,
    pub page_size: PageSize,
    pub columns: u8,
    pub pages: Vec<PagePlan>,
}

pub const MAX_PAGES: usize = 32;
pub const MIN_SCALE: u16 = 85;
pub const MAX_SCALE: u16 = 115;

impl IssuePlan {
    /// An empty plan: front page then inner pages.
    pub fn empty(issue_id: Id, page_size: PageSize, columns: u8, page_count: u8) -> IssuePlan {
        IssuePlan {
            issue_id,
            page_size,
            columns,
            pages: (1..=page_count.max(1))
                .map(|n| PagePlan {
                    number: n,
                    template: if n == 1 {
                        PageTemplate::Front
                    } else {
                        PageTemplate::Inner
                    },
                    name: String::new(),
                    placements: vec![],
                })
                .collect(),
        }
    }

    /// Refuse plans that cannot be set: no pages, too many, an article placed
    /// twice, spans wider than the page, scales outside the small range.
    pub fn validate(&self) -> Result<(), CoreError> {
        if self.pages.is_empty() || self.pages.len() > MAX_PAGES {
            return Err(CoreError::invalid(
                format!("an issue has 1 to {MAX_PAGES} pages"),
                format!("版数应在 1 到 {MAX_PAGES} 之间"),
            ));
        }
        if !(1..=6).contains(&self.columns) {
            return Err(CoreError::invalid(
                "columns must be 1 to 6",
                "栏数应在 1 到 6 之间",
            ));
        }
        let mut seen = std::collections::HashSet::new();
        for (i, page) in self.pages.iter().enumerate() {
            if page.number as usize != i + 1 {
                return Err(CoreError::invalid(
                    "pages must be numbered 1, 2, 3 … in order",
                    "版序号应从 1 起连续编号",
                ));
            }
            for p in &page.placements {
                if !seen.insert(p.article_id) {
                    return Err(CoreError::invalid(
                        format!("article {} is placed twice", p.article_id),
                        format!("稿件 {} 被重复安排在版面上", p.article_id),
                    ));
                }
                for span in [p.headline_span, p.body_columns, p.image_columns]
                    .into_iter()
                    .flatten()
                {
                    if span == 0 || span > self.columns {
                        return Err(CoreError::invalid(
                            format!(
                                "a span of {span} columns does not fit {} columns",
                                self.columns
                            ),
                            format!("跨栏数 {span} 超出版面的 {} 栏", self.columns),
                        ));
                    }
                }
                if !(MIN_SCALE..=MAX_SCALE).contains(&p.type_scale) {
                    return Err(CoreError::invalid(
                        format!(
                            "type scale {} is outside {MIN_SCALE}–{MAX_SCALE}%",
                            p.type_scale
                        ),
                        format!(
                            "字号缩放 {}% 超出 {MIN_SCALE}%–{MAX_SCALE}% 的范围",
                            p.type_scale
                        ),
                    ));
                }
            }
        }
        Ok(())
    }

    /// Every placed article id, page by page, in order.
    pub fn placed_ids(&self) -> Vec<Id> {
        self.pages
            .iter()
            .flat_map(|p| p.placements.iter().map(|pl| pl.article_id))
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn empty_plan_has_a_front_page_and_validates() {
        let plan = IssuePlan::empty(1, PageSize::A3, 4, 4);
        assert_eq!(plan.pages.len(), 4);
        assert_eq!(plan.pages[0].template, PageTemplate::Front);
        assert_eq!(plan.pages[3].template, PageTemplate::Inner);
        assert!(plan.validate().is_ok());
    }

    #[test]
    fn double_placement_and_wide_spans_are_refused() {
        let mut plan = IssuePlan::empty(1, PageSize::A4, 3, 2);
        plan.pages[0].placements.push(Placement::new(5));
        plan.pages[1].placements.push(Placement::new(5));
        assert!(plan.validate().is_err());
        plan.pages[1].placements.clear();
        plan.pages[0].placements[0].headline_span = Some(4);
        assert!(plan.validate().is_err());
        plan.pages[0].placements[0].headline_span = Some(3);
        plan.pages[0].placements[0].type_scale = 150;
        assert!(plan.validate().is_err());
        plan.pages[0].placements[0].type_scale = 95;
        assert!(plan.validate().is_ok());
    }
}
