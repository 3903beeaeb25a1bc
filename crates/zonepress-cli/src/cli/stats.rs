//! `stats`: 稿件统计 of a period per person or unit, with an .xlsx or CSV
//! copy.

use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

use zonepress_api::stats::{ArticleStatsInput, ExportStatsInput, SheetFormat, StatsBy};
use zonepress_api::{ApiError, cmd};

use super::{Workspace, print_json};

/// Per person or per unit.
#[derive(clap::ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
pub enum StatsByArg {
    Person,
    Unit,
}

/// Display width of a string in a terminal: CJK characters take two columns.
fn width(s: &str) -> usize {
    s.chars()
        .map(|c| if (c as u32) >= 0x1100 { 2 } else { 1 })
        .sum()
}

fn pad(s: &str, w: usize) -> String {
    format!("{s}{}", " ".repeat(w.saturating_sub(width(s))))
}

fn thousandths(v: i64) -> String {
    zonepress_api::stats::thousandths(v)
}

impl Workspace {
    /// `zonepress stats`: the figures through the `article_stats` command,
    /// the workbook through `export_stats`.
    #[allow(clippy::too_many_arguments)]
    pub(super) fn stats(
        &self,
        as_user: Option<&str>,
        from: chrono::NaiveDate,
        to: chrono::NaiveDate,
        by: StatsByArg,
        json: bool,
        xlsx: Option<PathBuf>,
        csv: Option<PathBuf>,
    ) -> Result<ExitCode, ApiError> {
        let session = self.session(as_user)?;
        let (by, by_name) = match by {
            StatsByArg::Person => (StatsBy::Person, "person"),
            StatsByArg::Unit => (StatsBy::Unit, "unit"),
        };
        let stats = self.call::<cmd::article_stats>(
            &session,
            ArticleStatsInput {
                from,
                to,
                by: Some(by),
            },
        )?;
        for (file, format) in [(&xlsx, SheetFormat::Xlsx), (&csv, SheetFormat::Csv)] {
            let Some(path) = file else { continue };
            let b = self.call::<cmd::export_stats>(
                &session,
                ExportStatsInput {
                    from,
                    to,
                    by: Some(by),
                    format: Some(format),
                },
            )?;
            std::fs::write(path, &b.bytes).map_err(|e| {
                ApiError::invalid(
                    format!("无法写入 {}：{e}", path.display()),
                    format!("write {}: {e}", path.display()),
                )
            })?;
            eprintln!("已写入 {}", path.display());
        }
        if json {
            print_json(&stats);
            return Ok(ExitCode::SUCCESS);
        }
        let mut out = std::io::stdout().lock();
        let _ = writeln!(
            out,
            "稿件统计（{}）：{}至{}",
            if by_name == "unit" {
                "按单位"
            } else {
                "按人员"
            },
            from,
            to
        );
        for i in &stats.issues {
            let _ = writeln!(
                out,
                "  {}（{}）{}",
                i.label,
                i.date,
                if i.printed {
                    format!("付印稿{}篇", i.articles)
                } else {
                    "未导出付印稿，不计刊用".into()
                }
            );
        }
        let head = [
            if by_name == "unit" {
                "单位"
            } else {
                "姓名"
            },
            "单位",
            "投稿",
            "刊用",
            "折合",
            "字数",
            "图片",
            "头版",
        ];
        let name_w = stats
            .rows
            .iter()
            .map(|r| width(&r.name))
            .max()
            .unwrap_or(4)
            .max(4)
            + 2;
        let unit_w = stats
            .rows
            .iter()
            .map(|r| width(&r.unit))
            .max()
            .unwrap_or(4)
            .max(4)
            + 2;
        let line = |cells: [&str; 8]| {
            let mut s = pad(cells[0], name_w);
            if by_name == "person" {
                s.push_str(&pad(cells[1], unit_w));
            }
            for c in &cells[2..] {
                s.push_str(&" ".repeat(8usize.saturating_sub(width(c))));
                s.push_str(c);
            }
            s
        };
        let _ = writeln!(out);
        let _ = writeln!(out, "{}", line(head));
        for r in &stats.rows {
            let _ = writeln!(
                out,
                "{}",
                line([
                    &r.name,
                    &r.unit,
                    &r.submitted.to_string(),
                    &r.printed.to_string(),
                    &thousandths(r.printed_share),
                    &r.chars.to_string(),
                    &thousandths(r.photos),
                    &r.front_page.to_string(),
                ])
            );
        }
        let t = &stats.totals;
        let _ = writeln!(
            out,
            "{}",
            line([
                "合计",
                "",
                &t.submitted.to_string(),
                &t.printed.to_string(),
                &t.printed.to_string(),
                &t.chars.to_string(),
                &t.photos.to_string(),
                &t.front_page.to_string(),
            ])
        );
        for n in &stats.notes {
            let _ = writeln!(out, "注：{n}");
        }
        Ok(ExitCode::SUCCESS)
    }
}
