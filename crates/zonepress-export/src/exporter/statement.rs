//! 稿酬发放表: the payment statement of a period as an A4 PDF — one row per
//! person paid with a column to sign for the money, the total in figures
//! and in 大写, the rules applied, and the signature lines of whoever made,
//! checked and approved it. Its template (`templates/statement.typ`) is
//! compiled with the exporter's fonts; the data goes in as `/data.json`.

use std::sync::LazyLock;

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use ts_rs::TS;
use typst::foundations::Bytes;
use typst_layout::PagedDocument;

use super::{Exporter, font_error, write_pdf};
use crate::error::ExportError;
use crate::view::{Fonts, typeset_text};
use crate::world::{Files, Templates, ZpWorld, file_id};

const TEMPLATE: &str = "/statement.typ";

static TEMPLATES: LazyLock<Templates> = LazyLock::new(|| {
    let mut t = Templates::default();
    t.insert(
        TEMPLATE,
        include_str!("../../templates/statement.typ").to_string(),
    );
    t
});

/// What the statement prints, all text decided by the caller.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS, JsonSchema)]
pub struct PaymentSheet {
    pub publication: String,
    /// `第3号`, or `草表` for a statement not issued.
    pub number: String,
    /// `2026年11月1日至2026年11月30日`
    pub period: String,
    /// The issues paid, e.g. `2026年第11期`.
    pub issues: String,
    /// The rules applied, one line per rule set.
    pub rules: Vec<String>,
    pub rows: Vec<PaymentSheetRow>,
    /// `1234.56`
    pub total: String,
    /// `壹仟贰佰叁拾肆元伍角陆分`
    pub total_capital: String,
    pub notes: Vec<String>,
    /// `赵磊（admin）于2026-11-30 14:00发放`, or why it is a draft.
    pub issued: String,
    /// Not issued: printed with a 草表 watermark.
    pub draft: bool,
    /// `2026-11-30 14:05`; its date is the PDF's date.
    pub generated_at: String,
}

/// One person paid.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS, JsonSchema)]
pub struct PaymentSheetRow {
    pub no: String,
    pub name: String,
    pub unit: String,
    pub articles: String,
    pub chars: String,
    pub photos: String,
    pub amount: String,
}

#[derive(Serialize)]
struct Data<'a> {
    fonts: Fonts,
    #[serde(flatten)]
    sheet: &'a PaymentSheet,
}

impl Exporter {
    /// The 稿酬发放表 as an A4 PDF.
    pub fn statement_pdf(&self, sheet: &PaymentSheet) -> Result<Vec<u8>, ExportError> {
        let mut sheet = sheet.clone();
        for r in &mut sheet.rows {
            r.name = typeset_text(&r.name);
            r.unit = typeset_text(&r.unit);
        }
        let json = serde_json::to_vec(&Data {
            fonts: self.fonts(),
            sheet: &sheet,
        })
        .expect("statement data serialises");
        let mut files = Files::new();
        files.insert(file_id("/data.json"), Bytes::new(json));
        let world = ZpWorld {
            library: &self.shared.library,
            fonts: &self.shared.fonts,
            templates: &TEMPLATES,
            files: &files,
            main: file_id(TEMPLATE),
        };
        let result = typst::compile::<PagedDocument>(&world);
        if let Some(w) = result
            .warnings
            .iter()
            .map(|w| w.message.to_string())
            .find(|m| m.contains("font"))
        {
            return Err(font_error(&w));
        }
        let mut document = result.output.map_err(|errors| ExportError::Compile {
            diagnostics: errors.iter().map(|e| e.message.to_string()).collect(),
        })?;
        document.info_mut().title = Some(format!("稿酬发放表 {}", sheet.period).into());
        write_pdf(&document, false, sheet.generated_at.get(..10))
    }
}
