//! The statistics and the payment statement as spreadsheets (.xlsx with
//! real numbers and formats, CSV in UTF-8 with a BOM so that Excel and WPS
//! read the Chinese), and the statement as the data of its PDF.

use rust_xlsxwriter::{Format, FormatAlign, Workbook, Worksheet, XlsxError};
use zonepress_core::payment::{PaymentRules, capital_yuan, yuan};
use zonepress_export::{PaymentSheet, PaymentSheetRow};
use zonepress_store::payments::StatementRecord;

use super::formula::{csv_text, looks_like_formula};
use super::payment::PaymentStatement;
use super::{ArticleStats, StatsArticle, StatsBy, StatsRow, thousandths};
use crate::ApiError;

pub const XLSX: &str = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

fn xlsx_error(e: XlsxError) -> ApiError {
    ApiError::internal(format!("xlsx: {e}"))
}

/// A cell to write.
enum Cell {
    Text(String),
    Int(i64),
    /// Thousandths, written as a decimal (1.5).
    Dec(i64),
    /// 分, written as 元 with two decimals.
    Money(i64),
}

fn t(s: impl Into<String>) -> Cell {
    Cell::Text(s.into())
}

struct Formats {
    head: Format,
    title: Format,
    dec: Format,
    money: Format,
    bold_money: Format,
    bold: Format,
}

impl Formats {
    fn new() -> Formats {
        Formats {
            head: Format::new()
                .set_bold()
                .set_background_color(0xEDEDED)
                .set_align(FormatAlign::Center),
            title: Format::new().set_bold().set_font_size(14),
            dec: Format::new().set_num_format("0.###"),
            money: Format::new().set_num_format("0.00"),
            bold_money: Format::new().set_bold().set_num_format("0.00"),
            bold: Format::new().set_bold(),
        }
    }
}

/// Write text into a cell (in `format`, if any): as text always, never as
/// a formula — text that looks like one gets the quote prefix.
fn put_text(
    ws: &mut Worksheet,
    row: u32,
    col: u16,
    text: impl AsRef<str>,
    format: Option<&Format>,
) -> Result<(), XlsxError> {
    let text = text.as_ref();
    if looks_like_formula(text) {
        let quoted = format.cloned().unwrap_or_default().set_quote_prefix();
        ws.write_string_with_format(row, col, text, &quoted)?;
    } else if let Some(format) = format {
        ws.write_string_with_format(row, col, text, format)?;
    } else {
        ws.write_string(row, col, text)?;
    }
    Ok(())
}

fn write_row(
    ws: &mut Worksheet,
    f: &Formats,
    row: u32,
    cells: Vec<Cell>,
    bold: bool,
) -> Result<(), XlsxError> {
    for (col, cell) in cells.into_iter().enumerate() {
        let col = col as u16;
        match cell {
            Cell::Text(s) => {
                put_text(ws, row, col, s, bold.then_some(&f.bold))?;
                continue;
            }
            Cell::Int(n) if bold => ws.write_number_with_format(row, col, n as f64, &f.bold)?,
            Cell::Int(n) => ws.write_number(row, col, n as f64)?,
            Cell::Dec(n) => ws.write_number_with_format(row, col, n as f64 / 1000.0, &f.dec)?,
            Cell::Money(n) => ws.write_number_with_format(
                row,
                col,
                n as f64 / 100.0,
                if bold { &f.bold_money } else { &f.money },
            )?,
        };
    }
    Ok(())
}

fn header(
    ws: &mut Worksheet,
    f: &Formats,
    row: u32,
    names: &[&str],
    widths: &[f64],
) -> Result<(), XlsxError> {
    for (col, (name, w)) in names.iter().zip(widths).enumerate() {
        ws.write_string_with_format(row, col as u16, *name, &f.head)?;
        ws.set_column_width(col as u16, *w)?;
    }
    ws.set_freeze_panes(row + 1, 0)?;
    Ok(())
}

const PRINTED_RULE: &str = "刊用：每期最近一次导出的付印稿（非校样）所排的稿件，按导出清单记录的稿次计；未导出付印稿的期次不计刊用。";

fn stats_row_cells(r: &StatsRow, by: StatsBy) -> Vec<Cell> {
    let mut cells = vec![t(&r.name)];
    if by == StatsBy::Person {
        cells.push(t(&r.unit));
    }
    cells.extend([
        Cell::Int(i64::from(r.submitted)),
        Cell::Int(i64::from(r.printed)),
        Cell::Dec(r.printed_share),
        Cell::Int(r.chars),
        Cell::Dec(r.photos),
        Cell::Int(i64::from(r.front_page)),
    ]);
    cells
}

fn stats_headers(by: StatsBy) -> (Vec<&'static str>, Vec<f64>) {
    let mut names = vec![if by == StatsBy::Person {
        "姓名"
    } else {
        "单位"
    }];
    let mut widths = vec![if by == StatsBy::Person { 12.0 } else { 22.0 }];
    if by == StatsBy::Person {
        names.push("单位");
        widths.push(20.0);
    }
    names.extend([
        "投稿篇数",
        "刊用篇数",
        "折合篇数",
        "刊用字数",
        "刊用图片",
        "头版篇数",
    ]);
    widths.extend([10.0, 10.0, 10.0, 11.0, 10.0, 10.0]);
    (names, widths)
}

/// The figures as CSV (UTF-8 with a BOM).
pub fn stats_csv(s: &ArticleStats) -> Vec<u8> {
    let (names, _) = stats_headers(s.by);
    let mut out = String::from("\u{feff}");
    out.push_str(&names.join(","));
    out.push_str("\r\n");
    for r in &s.rows {
        let mut v = vec![csv_text(&r.name)];
        if s.by == StatsBy::Person {
            v.push(csv_text(&r.unit));
        }
        v.extend([
            r.submitted.to_string(),
            r.printed.to_string(),
            thousandths(r.printed_share),
            r.chars.to_string(),
            thousandths(r.photos),
            r.front_page.to_string(),
        ]);
        out.push_str(&v.join(","));
        out.push_str("\r\n");
    }
    let mut total = vec!["合计".to_string()];
    if s.by == StatsBy::Person {
        total.push(String::new());
    }
    total.extend([
        s.totals.submitted.to_string(),
        s.totals.printed.to_string(),
        s.totals.printed.to_string(),
        s.totals.chars.to_string(),
        s.totals.photos.to_string(),
        s.totals.front_page.to_string(),
    ]);
    out.push_str(&total.join(","));
    out.push_str("\r\n");
    out.into_bytes()
}

/// The statistics workbook: 稿件统计 (one row per person or unit and the
/// totals), 刊用明细 (each printed article behind each row), 说明.
pub fn stats_xlsx(
    s: &ArticleStats,
    detail: &[(StatsRow, Vec<StatsArticle>)],
) -> Result<Vec<u8>, ApiError> {
    (|| -> Result<Vec<u8>, XlsxError> {
        let f = Formats::new();
        let mut wb = Workbook::new();
        let ws = wb.add_worksheet();
        ws.set_name("稿件统计")?;
        let (names, widths) = stats_headers(s.by);
        put_text(ws, 0, 0, format!("稿件统计　{}至{}", s.from, s.to), Some(&f.title))?;
        header(ws, &f, 2, &names, &widths)?;
        let mut row = 3;
        for r in &s.rows {
            write_row(ws, &f, row, stats_row_cells(r, s.by), false)?;
            row += 1;
        }
        let mut total = vec![t("合计")];
        if s.by == StatsBy::Person {
            total.push(t(""));
        }
        total.extend([
            Cell::Int(i64::from(s.totals.submitted)),
            Cell::Int(i64::from(s.totals.printed)),
            Cell::Dec(i64::from(s.totals.printed) * 1000),
            Cell::Int(s.totals.chars),
            Cell::Dec(i64::from(s.totals.photos) * 1000),
            Cell::Int(i64::from(s.totals.front_page)),
        ]);
        write_row(ws, &f, row, total, true)?;

        let ws = wb.add_worksheet();
        ws.set_name("刊用明细")?;
        header(
            ws,
            &f,
            0,
            &[
                if s.by == StatsBy::Person { "姓名" } else { "单位" },
                "期次",
                "版次",
                "标题",
                "署名",
                "稿次",
                "全文字数",
                "份额",
                "计入字数",
                "图片",
            ],
            &[12.0, 14.0, 6.0, 40.0, 26.0, 6.0, 10.0, 8.0, 10.0, 8.0],
        )?;
        let mut row = 1;
        for (r, articles) in detail {
            for a in articles.iter().filter(|a| a.printed) {
                write_row(
                    ws,
                    &f,
                    row,
                    vec![
                        t(&r.name),
                        t(&a.issue),
                        Cell::Int(i64::from(a.page.unwrap_or(0))),
                        t(&a.title),
                        t(&a.byline),
                        Cell::Int(i64::from(a.revision.unwrap_or(0))),
                        Cell::Int(i64::from(a.chars)),
                        Cell::Dec(a.share),
                        Cell::Int(a.chars_share),
                        Cell::Dec(a.photo_share),
                    ],
                    false,
                )?;
                row += 1;
            }
        }

        let ws = wb.add_worksheet();
        ws.set_name("说明")?;
        ws.set_column_width(0, 100)?;
        let mut lines = vec![
            format!("统计期间：{}至{}（按期次出版日期）", s.from, s.to),
            format!(
                "期次：{}",
                s.issues
                    .iter()
                    .map(|i| format!(
                        "{}{}",
                        i.label,
                        if i.printed { "" } else { "（未导出付印稿）" }
                    ))
                    .collect::<Vec<_>>()
                    .join("、")
            ),
            PRINTED_RULE.to_string(),
            "投稿：署名中有其人、属于期间内各期（或期间内新建而未排期）的稿件，无论是否刊用。".into(),
            "合写稿：折合篇数和计入字数按署名份额分摊（份额按当期稿酬标准，未设标准时平均分配），各人之和等于合计。".into(),
        ];
        lines.extend(s.notes.iter().cloned());
        for (i, l) in lines.into_iter().enumerate() {
            put_text(ws, i as u32, 0, l, None)?;
        }
        wb.save_to_buffer()
    })()
    .map_err(xlsx_error)
}

/// One line per rule set, in Chinese.
pub fn rules_summary(r: &PaymentRules) -> String {
    let mut parts = vec![format!("每千字{}元", yuan(r.per_thousand))];
    for c in &r.column_rates {
        parts.push(format!(
            "“{}”栏目每千字{}元",
            c.column,
            yuan(c.per_thousand)
        ));
    }
    for k in &r.kind_rates {
        let kind = match k.kind {
            zonepress_core::ArticleKind::News => "新闻",
            zonepress_core::ArticleKind::Briefs => "要闻快览",
            zonepress_core::ArticleKind::Photo => "图片新闻",
        };
        parts.push(format!("{kind}每千字{}元", yuan(k.per_thousand)));
    }
    if r.per_photo > 0 {
        parts.push(format!("图片每幅{}元", yuan(r.per_photo)));
    }
    if r.front_page_bonus > 0 {
        parts.push(format!("头版稿件加发{}元", yuan(r.front_page_bonus)));
    }
    match (r.min_per_article, r.max_per_article) {
        (0, 0) => {}
        (min, 0) => parts.push(format!("每篇文字稿酬不低于{}元", yuan(min))),
        (0, max) => parts.push(format!("每篇文字稿酬不高于{}元", yuan(max))),
        (min, max) => parts.push(format!(
            "每篇文字稿酬不低于{}元、不高于{}元",
            yuan(min),
            yuan(max)
        )),
    }
    parts.push(match r.first_author_percent {
        Some(p) if p < 100 => format!("合写稿第一作者得{p}%，其余作者平分"),
        Some(_) => "合写稿全归第一作者".into(),
        None => "合写稿由作者平分".into(),
    });
    format!(
        "自{}起执行：{}。",
        r.valid_from.format("%Y年%-m月%-d日"),
        parts.join("；")
    )
}

fn issued_line(s: &PaymentStatement, record: Option<&StatementRecord>) -> (String, String) {
    match record {
        Some(r) => {
            let mut line = format!(
                "第{}号，{}于{}发放",
                r.id,
                r.issued_by,
                r.issued_at
                    .with_timezone(&chrono::Local)
                    .format("%Y-%m-%d %H:%M")
            );
            if let Some(at) = r.voided_at {
                line.push_str(&format!(
                    "；已于{}作废（{}）",
                    at.with_timezone(&chrono::Local).format("%Y-%m-%d"),
                    r.void_reason
                ));
            }
            (format!("第{}号", r.id), line)
        }
        None => (
            "草表".into(),
            format!(
                "草表，尚未发放，仅供核对（{}计算）",
                s.computed_at
                    .with_timezone(&chrono::Local)
                    .format("%Y-%m-%d %H:%M")
            ),
        ),
    }
}

fn period(s: &PaymentStatement) -> String {
    format!(
        "{}至{}",
        s.from.format("%Y年%-m月%-d日"),
        s.to.format("%Y年%-m月%-d日")
    )
}

fn issues_line(s: &PaymentStatement) -> String {
    let printed: Vec<String> = s
        .issues
        .iter()
        .filter(|i| i.printed)
        .map(|i| i.label.clone())
        .collect();
    if printed.is_empty() {
        "（无已付印的期次）".into()
    } else {
        printed.join("、")
    }
}

/// The statement's PDF data: the people paid, with the totals.
pub fn statement_sheet(s: &PaymentStatement, record: Option<&StatementRecord>) -> PaymentSheet {
    let (number, issued) = issued_line(s, record);
    let rows = s
        .people
        .iter()
        .filter(|p| p.paid)
        .enumerate()
        .map(|(i, p)| PaymentSheetRow {
            no: (i + 1).to_string(),
            name: p.name.clone(),
            unit: p.unit.clone(),
            articles: p.articles.to_string(),
            chars: p.chars.to_string(),
            photos: thousandths(p.photos),
            amount: yuan(p.total_fen),
        })
        .collect();
    let mut notes = s.problems.clone();
    notes.extend(s.notes.iter().cloned());
    notes.push(PRINTED_RULE.to_string());
    notes.push("金额以分计算：每篇文字稿酬按字数乘千字标准四舍五入到分，合写稿按份额分配，分配余下的分归署名在前者；图片按幅计，图片新闻只按图片计酬。".into());
    PaymentSheet {
        publication: s.publication.clone(),
        number,
        period: period(s),
        issues: issues_line(s),
        rules: s.rules.iter().map(rules_summary).collect(),
        rows,
        total: yuan(s.total_fen),
        total_capital: capital_yuan(s.total_fen),
        notes,
        issued,
        draft: record.is_none(),
        generated_at: chrono::Local::now().format("%Y-%m-%d %H:%M").to_string(),
    }
}

/// The statement workbook: 稿酬发放表 (a signature column per person),
/// 明细 (each person's part of each article), 分期合计, 计酬标准.
pub fn statement_xlsx(
    s: &PaymentStatement,
    record: Option<&StatementRecord>,
) -> Result<Vec<u8>, ApiError> {
    (|| -> Result<Vec<u8>, XlsxError> {
        let f = Formats::new();
        let (number, issued) = issued_line(s, record);
        let mut wb = Workbook::new();
        let ws = wb.add_worksheet();
        ws.set_name("稿酬发放表")?;
        put_text(ws, 0, 0, format!("{}稿酬发放表　{number}", s.publication), Some(&f.title))?;
        put_text(ws, 1, 0, format!("统计期间：{}　期次：{}", period(s), issues_line(s)), None)?;
        put_text(ws, 2, 0, issued, None)?;
        header(
            ws,
            &f,
            4,
            &["序号", "姓名", "单位", "篇数", "字数", "图片", "文字稿酬（元）", "图片稿酬（元）", "金额（元）", "领款人签名"],
            &[6.0, 12.0, 22.0, 8.0, 10.0, 8.0, 14.0, 14.0, 12.0, 16.0],
        )?;
        let mut row = 5;
        for (i, p) in s.people.iter().filter(|p| p.paid).enumerate() {
            write_row(
                ws,
                &f,
                row,
                vec![
                    Cell::Int(i as i64 + 1),
                    t(&p.name),
                    t(&p.unit),
                    Cell::Int(i64::from(p.articles)),
                    Cell::Int(p.chars),
                    Cell::Dec(p.photos),
                    Cell::Money(p.text_fen),
                    Cell::Money(p.photo_fen),
                    Cell::Money(p.total_fen),
                    t(""),
                ],
                false,
            )?;
            row += 1;
        }
        write_row(
            ws,
            &f,
            row,
            vec![
                t("合计"),
                t(""),
                t(""),
                t(""),
                t(""),
                t(""),
                t(""),
                t(""),
                Cell::Money(s.total_fen),
            ],
            true,
        )?;
        ws.write_string(row + 1, 0, format!("合计金额（大写）：人民币{}", capital_yuan(s.total_fen)))?;
        let mut r = row + 3;
        for n in s.problems.iter().chain(&s.notes) {
            put_text(ws, r, 0, n, None)?;
            r += 1;
        }
        ws.write_string(r + 1, 0, "制表人：　　　　　审核人：　　　　　负责人：　　　　　财务：")?;

        let ws = wb.add_worksheet();
        ws.set_name("明细")?;
        header(
            ws,
            &f,
            0,
            &[
                "姓名", "期次", "版次", "标题", "栏目", "全文字数", "份额", "计酬字数", "千字标准（元）",
                "文字稿酬（元）", "图片", "图片稿酬（元）", "合计（元）", "领取",
            ],
            &[12.0, 14.0, 6.0, 36.0, 12.0, 10.0, 8.0, 10.0, 12.0, 12.0, 8.0, 12.0, 12.0, 8.0],
        )?;
        for (i, l) in s.lines.iter().enumerate() {
            write_row(
                ws,
                &f,
                i as u32 + 1,
                vec![
                    t(&l.name),
                    t(&l.issue),
                    Cell::Int(i64::from(l.page)),
                    t(&l.title),
                    t(&l.column),
                    Cell::Int(i64::from(l.article_chars)),
                    Cell::Dec(l.share),
                    Cell::Int(l.chars),
                    Cell::Money(l.rate),
                    Cell::Money(l.text_fen),
                    Cell::Dec(l.photo_share),
                    Cell::Money(l.photo_fen),
                    Cell::Money(l.total_fen),
                    t(if l.paid { "是" } else { "否" }),
                ],
                false,
            )?;
        }

        let ws = wb.add_worksheet();
        ws.set_name("分期合计")?;
        let printed: Vec<_> = s.issues.iter().filter(|i| i.printed).collect();
        let mut names = vec!["姓名", "单位"];
        let labels: Vec<String> = printed
            .iter()
            .map(|i| format!("{}（元）", i.label.split(' ').next().unwrap_or(&i.label)))
            .collect();
        names.extend(labels.iter().map(String::as_str));
        names.push("合计（元）");
        let mut widths = vec![12.0, 22.0];
        widths.extend(printed.iter().map(|_| 18.0));
        widths.push(12.0);
        header(ws, &f, 0, &names, &widths)?;
        let mut row = 1;
        for p in s.people.iter().filter(|p| p.paid) {
            let mut cells = vec![t(&p.name), t(&p.unit)];
            for i in &printed {
                cells.push(Cell::Money(
                    p.per_issue
                        .iter()
                        .find(|a| a.issue_id == i.id)
                        .map_or(0, |a| a.total_fen),
                ));
            }
            cells.push(Cell::Money(p.total_fen));
            write_row(ws, &f, row, cells, false)?;
            row += 1;
        }
        let mut cells = vec![t("合计"), t("")];
        cells.extend(printed.iter().map(|i| Cell::Money(i.total_fen)));
        cells.push(Cell::Money(s.total_fen));
        write_row(ws, &f, row, cells, true)?;

        let ws = wb.add_worksheet();
        ws.set_name("计酬标准")?;
        ws.set_column_width(0, 120)?;
        let mut lines: Vec<String> = s.rules.iter().map(rules_summary).collect();
        lines.push(PRINTED_RULE.into());
        lines.push("金额以分计算：每篇文字稿酬按字数乘千字标准四舍五入到分，加头版加发，再限于每篇最低与最高之间；合写稿按份额分配，分配余下的分归署名在前者；图片按幅计，图片新闻只按图片计酬。".into());
        for (i, l) in lines.into_iter().enumerate() {
            put_text(ws, i as u32, 0, l, None)?;
        }
        wb.save_to_buffer()
    })()
    .map_err(xlsx_error)
}
