//! The press: the print shop's output condition (印刷设置) and what a
//! publication must print to be legal (出版形式).
//!
//! Pure rules only: which paper asks for which ink limit and resolution,
//! what a setting may hold, and which 出版形式 fields a publication of a
//! given kind must fill before an issue goes to print. The export crate
//! applies them; the store keeps them.

use chrono::NaiveDate;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::error::CoreError;
use crate::model::{Issue, Publication};

/// 出版形式: how the bulletin is published.
#[derive(
    Debug, Clone, Copy, Default, PartialEq, Eq, Hash, Serialize, Deserialize, TS, JsonSchema,
)]
#[serde(rename_all = "snake_case")]
pub enum PublicationKind {
    /// 内部资料: printed under a 准印证 of the provincial press authority,
    /// free, for a stated audience; must print 内部资料　免费交流, the
    /// 准印证号 and its colophon.
    #[default]
    Internal,
    /// 公开出版: a periodical with a 国内统一连续出版物号 (CN).
    Public,
}

impl PublicationKind {
    pub fn label_zh(self) -> &'static str {
        match self {
            PublicationKind::Internal => "内部资料",
            PublicationKind::Public => "公开出版",
        }
    }
}

/// A field of the 出版形式 a publication must print.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum FormField {
    PermitNumber,
    CnNumber,
    Publisher,
    EditorUnit,
    Audience,
    Printer,
    PrintRun,
    PrintDate,
}

impl FormField {
    /// The name on the settings screen.
    pub fn label_zh(self) -> &'static str {
        match self {
            FormField::PermitNumber => "准印证号",
            FormField::CnNumber => "国内统一连续出版物号",
            FormField::Publisher => "主办单位",
            FormField::EditorUnit => "编印单位",
            FormField::Audience => "发送对象",
            FormField::Printer => "印刷单位",
            FormField::PrintRun => "印数",
            FormField::PrintDate => "印刷日期",
        }
    }

    /// The JSON field that holds it (`print_date` is the issue's).
    pub fn key(self) -> &'static str {
        match self {
            FormField::PermitNumber => "permit_number",
            FormField::CnNumber => "cn_number",
            FormField::Publisher => "publisher",
            FormField::EditorUnit => "editor_unit",
            FormField::Audience => "audience",
            FormField::Printer => "printer",
            FormField::PrintRun => "print_run",
            FormField::PrintDate => "print_date",
        }
    }

    /// Where a user fills it in.
    pub fn where_zh(self) -> &'static str {
        match self {
            FormField::PrintDate => "期次设置",
            _ => "刊物设置",
        }
    }
}

/// The 出版形式 fields `kind` requires, in the order they are printed.
///
/// 内部资料 (the rules for internal publications of the provinces): 编印单位,
/// 准印证号, 发送对象, 印刷单位, 印刷日期 and 印数 (the 期号 and the words
/// 内部资料　免费交流 are always printed). 公开出版: 主办单位 and the CN number
/// (the 邮发代号 only when there is one, so never required).
pub fn required_fields(kind: PublicationKind) -> &'static [FormField] {
    match kind {
        PublicationKind::Internal => &[
            FormField::EditorUnit,
            FormField::PermitNumber,
            FormField::Audience,
            FormField::Printer,
            FormField::PrintDate,
            FormField::PrintRun,
        ],
        PublicationKind::Public => &[FormField::Publisher, FormField::CnNumber],
    }
}

/// The required 出版形式 fields still empty for this issue.
pub fn missing_fields(p: &Publication, issue: &Issue) -> Vec<FormField> {
    required_fields(p.kind)
        .iter()
        .copied()
        .filter(|f| match f {
            FormField::PermitNumber => p.permit_number.trim().is_empty(),
            FormField::CnNumber => p.cn_number.trim().is_empty(),
            FormField::Publisher => p.publisher.trim().is_empty(),
            FormField::EditorUnit => p.editor_unit.trim().is_empty(),
            FormField::Audience => p.audience.trim().is_empty(),
            FormField::Printer => p.printer.trim().is_empty(),
            FormField::PrintRun => p.print_run == 0,
            FormField::PrintDate => issue.print_date.is_none(),
        })
        .collect()
}

/// The paper the bulletin is printed on, which sets the defaults of the
/// output condition.
#[derive(
    Debug, Clone, Copy, Default, PartialEq, Eq, Hash, Serialize, Deserialize, TS, JsonSchema,
)]
#[serde(rename_all = "snake_case")]
pub enum Paper {
    /// 涂布纸 (coated art paper, ISO 12647-2 paper type 1/2).
    #[default]
    Coated,
    /// 胶版纸 (uncoated offset paper).
    Uncoated,
    /// 新闻纸 (newsprint, coldset).
    Newsprint,
}

impl Paper {
    pub const ALL: [Paper; 3] = [Paper::Coated, Paper::Uncoated, Paper::Newsprint];

    pub fn label_zh(self) -> &'static str {
        match self {
            Paper::Coated => "涂布纸",
            Paper::Uncoated => "胶版纸（非涂布）",
            Paper::Newsprint => "新闻纸",
        }
    }

    /// Total ink limit (TAC) in percent.
    pub fn default_ink_limit(self) -> u16 {
        match self {
            Paper::Coated => 300,
            Paper::Uncoated => 260,
            Paper::Newsprint => 220,
        }
    }

    /// The lowest image resolution at placed size, in ppi.
    pub fn default_min_ppi(self) -> u16 {
        match self {
            Paper::Coated | Paper::Uncoated => 300,
            Paper::Newsprint => 200,
        }
    }

    /// The key of the profile ZonePress builds for this paper.
    pub fn builtin_profile(self) -> &'static str {
        match self {
            Paper::Coated => "builtin:coated",
            Paper::Uncoated => "builtin:uncoated",
            Paper::Newsprint => "builtin:newsprint",
        }
    }
}

/// A CMYK colour in whole percent (0–100 each).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, TS, JsonSchema)]
pub struct Cmyk {
    pub c: u8,
    pub m: u8,
    pub y: u8,
    pub k: u8,
}

impl Cmyk {
    pub const fn new(c: u8, m: u8, y: u8, k: u8) -> Cmyk {
        Cmyk { c, m, y, k }
    }

    /// Black text and rules: K only.
    pub const BLACK: Cmyk = Cmyk::new(0, 0, 0, 100);

    /// The masthead red ZonePress starts with.
    pub const MASTHEAD_RED: Cmyk = Cmyk::new(0, 100, 100, 10);

    /// Total ink in percent.
    pub fn total(self) -> u16 {
        u16::from(self.c) + u16::from(self.m) + u16::from(self.y) + u16::from(self.k)
    }

    /// `C0 M100 Y100 K10`
    pub fn label(self) -> String {
        format!("C{} M{} Y{} K{}", self.c, self.m, self.y, self.k)
    }
}

/// 印刷设置: the print shop's output condition and what preflight holds
/// the print PDF to.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS, JsonSchema)]
pub struct PrintSettings {
    pub paper: Paper,
    /// The CMYK output profile: `builtin:coated` (…`uncoated`,
    /// `…newsprint`), or the SHA-256 of a profile imported into the
    /// workspace. Empty: the built-in profile of the paper.
    #[serde(default)]
    pub profile: String,
    /// Total ink limit in percent.
    pub ink_limit: u16,
    /// The lowest image resolution at placed size, in ppi.
    pub min_ppi: u16,
    /// Bleed around the trim, in millimetres.
    pub bleed_mm: f64,
    /// The masthead red (刊名 and the rules under it).
    pub masthead: Cmyk,
    /// Print the masthead red as this spot colour (专色, e.g.
    /// `PANTONE 186 C`) with `masthead` as its CMYK stand-in; empty: CMYK.
    #[serde(default)]
    pub masthead_spot: String,
}

impl Default for PrintSettings {
    fn default() -> Self {
        PrintSettings::for_paper(Paper::Coated)
    }
}

/// Bounds of the settings.
pub const INK_LIMIT_RANGE: std::ops::RangeInclusive<u16> = 160..=400;
pub const MIN_PPI_RANGE: std::ops::RangeInclusive<u16> = 72..=1200;
pub const MAX_BLEED_MM: f64 = 10.0;

impl PrintSettings {
    /// The defaults of a paper.
    pub fn for_paper(paper: Paper) -> PrintSettings {
        PrintSettings {
            paper,
            profile: String::new(),
            ink_limit: paper.default_ink_limit(),
            min_ppi: paper.default_min_ppi(),
            bleed_mm: 3.0,
            masthead: Cmyk::MASTHEAD_RED,
            masthead_spot: String::new(),
        }
    }

    /// The profile's key, the paper's built-in one when none is chosen.
    pub fn profile_key(&self) -> &str {
        if self.profile.trim().is_empty() {
            self.paper.builtin_profile()
        } else {
            self.profile.trim()
        }
    }

    /// Check every value; the message names the setting.
    pub fn validate(&self) -> Result<(), CoreError> {
        if !INK_LIMIT_RANGE.contains(&self.ink_limit) {
            return Err(CoreError::invalid(
                format!("ink limit {} out of range", self.ink_limit),
                format!(
                    "总墨量上限应在{}%到{}%之间",
                    INK_LIMIT_RANGE.start(),
                    INK_LIMIT_RANGE.end()
                ),
            ));
        }
        if !MIN_PPI_RANGE.contains(&self.min_ppi) {
            return Err(CoreError::invalid(
                format!("lowest resolution {} out of range", self.min_ppi),
                format!(
                    "图片最低分辨率应在{}到{} ppi之间",
                    MIN_PPI_RANGE.start(),
                    MIN_PPI_RANGE.end()
                ),
            ));
        }
        if !self.bleed_mm.is_finite() || !(0.0..=MAX_BLEED_MM).contains(&self.bleed_mm) {
            return Err(CoreError::invalid(
                format!("bleed {} mm out of range", self.bleed_mm),
                format!("出血应在0到{MAX_BLEED_MM}毫米之间"),
            ));
        }
        let m = self.masthead;
        if [m.c, m.m, m.y, m.k].iter().any(|v| *v > 100) {
            return Err(CoreError::invalid(
                "masthead colour component over 100",
                "报头色的每个分量应在0到100之间",
            ));
        }
        if m.total() > self.ink_limit {
            return Err(CoreError::invalid(
                format!("masthead colour {} over the ink limit", m.label()),
                format!(
                    "报头色 {} 的总墨量{}%超过了总墨量上限{}%",
                    m.label(),
                    m.total(),
                    self.ink_limit
                ),
            ));
        }
        let spot = self.masthead_spot.trim();
        if spot.chars().count() > 60
            || spot
                .chars()
                .any(|c| c.is_control() || !(c.is_ascii_graphic() || c == ' '))
        {
            return Err(CoreError::invalid(
                "masthead spot colour name not plain ASCII or too long",
                "专色名称只能用英文字母、数字和空格（如 PANTONE 186 C），不超过60个字符",
            ));
        }
        if self.profile.chars().count() > 80 {
            return Err(CoreError::invalid(
                "profile key too long",
                "色彩配置文件标识不正确",
            ));
        }
        Ok(())
    }
}

/// The 印刷日期 of an issue in the colophon's words: `2026年11月28日`.
pub fn print_date_zh(date: NaiveDate) -> String {
    use chrono::Datelike;
    format!("{}年{}月{}日", date.year(), date.month(), date.day())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{IssueStatus, PageSize};

    fn issue(print_date: Option<NaiveDate>) -> Issue {
        Issue {
            id: 1,
            year: 2026,
            number: 11,
            serial: 137,
            date: NaiveDate::from_ymd_opt(2026, 11, 30).unwrap(),
            status: IssueStatus::Layout,
            page_count: 4,
            page_size: PageSize::A3,
            columns: 4,
            article_count: 0,
            print_date,
        }
    }

    #[test]
    fn an_internal_publication_needs_its_permit_and_colophon() {
        let mut p = Publication::default();
        let missing = missing_fields(&p, &issue(None));
        assert_eq!(
            missing,
            vec![
                FormField::EditorUnit,
                FormField::PermitNumber,
                FormField::Audience,
                FormField::Printer,
                FormField::PrintDate,
                FormField::PrintRun
            ]
        );
        p.permit_number = "（苏）内资准字（2026）第A-017号".into();
        p.editor_unit = "青禾开发区党群工作部".into();
        p.audience = "区内机关、企事业单位".into();
        p.printer = "青禾印务有限公司".into();
        p.print_run = 3000;
        let date = NaiveDate::from_ymd_opt(2026, 11, 28);
        assert!(missing_fields(&p, &issue(date)).is_empty());
        p.permit_number = "  ".into();
        assert_eq!(
            missing_fields(&p, &issue(date)),
            vec![FormField::PermitNumber]
        );
    }

    #[test]
    fn a_public_periodical_needs_its_cn_number_only() {
        let p = Publication {
            kind: PublicationKind::Public,
            publisher: "青禾开发区管委会".into(),
            ..Publication::default()
        };
        assert_eq!(missing_fields(&p, &issue(None)), vec![FormField::CnNumber]);
    }

    #[test]
    fn settings_are_checked() {
        let mut s = PrintSettings::for_paper(Paper::Newsprint);
        assert_eq!((s.ink_limit, s.min_ppi), (220, 200));
        assert_eq!(s.profile_key(), "builtin:newsprint");
        assert!(s.validate().is_ok());
        s.masthead = Cmyk::new(100, 100, 0, 30);
        let e = s.validate().unwrap_err().to_string();
        assert!(e.contains("over the ink limit"), "{e}");
        s.masthead = Cmyk::MASTHEAD_RED;
        s.bleed_mm = 12.0;
        assert!(s.validate().is_err());
        s.bleed_mm = 3.0;
        s.masthead_spot = "专色".into();
        assert!(s.validate().is_err());
        s.masthead_spot = "PANTONE 186 C".into();
        assert!(s.validate().is_ok());
    }
}
