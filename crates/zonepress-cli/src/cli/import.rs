//! `import`: .docx, .txt and .md files as drafts of an issue, one file at a
//! time through `import_articles`.

use std::path::PathBuf;
use std::process::ExitCode;

use zonepress_api::auth::Role;
use zonepress_api::import::{ImportArticlesInput, ImportItem};
use zonepress_api::{ApiError, ErrorCode, cmd};

use super::{Workspace, print_json};

impl Workspace {
    pub(super) fn import(
        &self,
        as_user: Option<&str>,
        files: &[PathBuf],
        issue: i64,
        json: bool,
    ) -> Result<ExitCode, ApiError> {
        let session = self.session_with_role(as_user, Role::Editor, false, "稿件归属的编辑账号")?;
        use base64::Engine;
        let mut results: Vec<Option<zonepress_api::import::ImportResult>> = Vec::new();
        let mut items = Vec::new();
        for path in files {
            let name = path
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_default();
            match std::fs::read(path) {
                Ok(bytes) => {
                    items.push(ImportItem {
                        file_name: name,
                        data_base64: base64::engine::general_purpose::STANDARD.encode(bytes),
                        content: None,
                        fixes: None,
                    });
                    results.push(None);
                }
                Err(e) => results.push(Some(zonepress_api::import::ImportResult::of(
                    name,
                    Err(ApiError::invalid(
                        format!("无法读取文件：{e}"),
                        format!("read {}: {e}", path.display()),
                    )),
                ))),
            }
        }
        // One file at a time: a batch of large files never sits in memory at once.
        let mut imported = Vec::new();
        for item in items {
            let mut out = self.call::<cmd::import_articles>(
                &session,
                ImportArticlesInput {
                    issue_id: Some(issue),
                    items: vec![item],
                },
            )?;
            imported.push(out.remove(0));
        }
        let mut imported = imported.into_iter();
        let results: Vec<zonepress_api::import::ImportResult> = results
            .into_iter()
            .map(|r| r.unwrap_or_else(|| imported.next().expect("one result per file")))
            .collect();
        let failed = results.iter().filter(|r| r.error.is_some()).count();
        if json {
            print_json(&results);
        } else {
            for row in &results {
                match (&row.article_id, &row.error) {
                    (Some(id), _) => {
                        println!(
                            "{id}\t{}\t{}",
                            row.file_name,
                            row.title.as_deref().unwrap_or("")
                        );
                        for w in &row.warnings {
                            eprintln!("提示 {}：{}", row.file_name, w.message_zh);
                        }
                    }
                    (None, Some(e)) => eprintln!("未导入 {}：{}", row.file_name, e.message),
                    _ => {}
                }
            }
        }
        if failed > 0 {
            return Err(ApiError::new(
                ErrorCode::InvalidInput,
                format!("{failed}个文件未能导入"),
                "some files failed",
            ));
        }
        Ok(ExitCode::SUCCESS)
    }
}
