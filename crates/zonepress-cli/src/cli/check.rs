//! `check`: proofread a text file or standard input through `check_text`;
//! exits with 1 when errors are found.

use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

use zonepress_api::proof::CheckTextInput;
use zonepress_api::{ApiError, cmd};

use super::{CHECK_FOUND_ERRORS, Workspace, print_json};

impl Workspace {
    pub(super) fn check(
        &self,
        as_user: Option<&str>,
        file: Option<PathBuf>,
        issue: Option<i64>,
        json: bool,
    ) -> Result<ExitCode, ApiError> {
        let text = read_input(file)?;
        let session = self.session(as_user)?;
        let findings = self.call::<cmd::check_text>(
            &session,
            CheckTextInput {
                text: text.clone(),
                issue_id: issue,
            },
        )?;
        let errors = findings
            .iter()
            .filter(|f| f.severity == zonepress_api::proof::Severity::Error)
            .count();
        if json {
            print_json(&findings);
        } else {
            let chars: Vec<char> = text.chars().collect();
            let mut out_w = std::io::stdout().lock();
            for f in &findings {
                let upto = &chars[..f.start.min(chars.len())];
                let line = upto.iter().filter(|c| **c == '\n').count() + 1;
                let col = f.start - upto.iter().rposition(|c| *c == '\n').map_or(0, |p| p + 1) + 1;
                let passage: String = chars[f.start.min(chars.len())..f.end.min(chars.len())]
                    .iter()
                    .collect();
                let fix = f
                    .replacement
                    .as_ref()
                    .map(|r| format!("（建议改为“{r}”）"))
                    .unwrap_or_default();
                let _ = writeln!(
                    out_w,
                    "第{line}行第{col}字 [{}] {}：“{passage}” {}{fix}",
                    f.severity.label_zh(),
                    f.rule_name_zh,
                    f.message_zh
                );
            }
            let n = zonepress_api::articles::count_chars(&text);
            let rate = if n == 0 {
                0.0
            } else {
                errors as f64 * 10_000.0 / f64::from(n)
            };
            let _ = writeln!(
                out_w,
                "共{}处提示，其中错误{errors}处；差错率 {rate:.2}/万字（{n}字）",
                findings.len(),
            );
        }
        Ok(if errors > 0 {
            ExitCode::from(CHECK_FOUND_ERRORS)
        } else {
            ExitCode::SUCCESS
        })
    }
}

fn read_input(file: Option<PathBuf>) -> Result<String, ApiError> {
    let mut bytes = Vec::new();
    match file {
        Some(p) if p.as_os_str() != "-" => {
            bytes = std::fs::read(&p).map_err(|e| {
                ApiError::invalid(
                    format!("无法读取文件 {}：{e}", p.display()),
                    format!("read {}: {e}", p.display()),
                )
            })?;
        }
        _ => {
            std::io::Read::read_to_end(&mut std::io::stdin().lock(), &mut bytes)
                .map_err(ApiError::internal)?;
        }
    }
    String::from_utf8(bytes).map_err(|_| {
        ApiError::invalid(
            "文件不是 UTF-8 编码的文本；GBK 等编码的文件请用 `zonepress import` 导入",
            "check input is not UTF-8",
        )
    })
}
