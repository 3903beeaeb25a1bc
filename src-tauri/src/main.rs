//! The ZonePress desktop app: the web UI in a Tauri window, talking to the
//! workspace through two one-line commands over `zonepress_api::call` — the
//! same function the HTTP server wraps.

#![cfg_attr(not(debug_assertions), windows_subsystem = "windows")]

mod about;

use std::collections::HashSet;
use std::path::PathBuf;
use std::sync::{Arc, Mutex};

use tauri::Manager;
use tauri_plugin_dialog::DialogExt;
use tauri_plugin_opener::OpenerExt;
use zonepress_api::{ApiError, Context, Reply, WorkspaceLock};

/// The open workspace, or why it could not be opened (shown at login).
struct Desktop {
    ctx: Result<Arc<Context>, ApiError>,
    _lock: Option<WorkspaceLock>,
    /// Files this session exported: the only ones `open_exported` opens.
    exported: Mutex<HashSet<PathBuf>>,
}

fn run(
    state: &Desktop,
    command: &str,
    token: Option<&str>,
    input: &serde_json::Value,
) -> Result<Reply, ApiError> {
    let ctx = state.ctx.as_ref().map_err(Clone::clone)?;
    let body = serde_json::to_vec(input).map_err(ApiError::internal)?;
    zonepress_api::call(ctx, command, token, &body)
}

#[tauri::command]
async fn api(
    state: tauri::State<'_, Arc<Desktop>>,
    command: String,
    token: Option<String>,
    input: serde_json::Value,
) -> Result<serde_json::Value, ApiError> {
    let state = Arc::clone(&state);
    tauri::async_runtime::spawn_blocking(move || {
        match run(&state, &command, token.as_deref(), &input)? {
            Reply::Json(v) => Ok(v),
            Reply::Binary(_) => Err(ApiError::invalid(
                "此操作返回文件，请用文件方式调用",
                "binary command called as json",
            )),
        }
    })
    .await
    .map_err(ApiError::internal)?
}

#[tauri::command]
async fn api_binary(
    state: tauri::State<'_, Arc<Desktop>>,
    command: String,
    token: Option<String>,
    input: serde_json::Value,
) -> Result<tauri::ipc::Response, ApiError> {
    let state = Arc::clone(&state);
    tauri::async_runtime::spawn_blocking(move || {
        match run(&state, &command, token.as_deref(), &input)? {
            Reply::Binary(b) => Ok(tauri::ipc::Response::new(b.bytes)),
            Reply::Json(v) => Ok(tauri::ipc::Response::new(v.to_string().into_bytes())),
        }
    })
    .await
    .map_err(ApiError::internal)?
}

/// Export an issue to a file the user picks: the PDF and its manifest
/// (`….manifest.json`) beside it. The export itself is the `export_issue`
/// command, with the caller's session and permissions. `None` when the user
/// cancels the dialog.
#[tauri::command]
async fn save_export(
    app: tauri::AppHandle,
    state: tauri::State<'_, Arc<Desktop>>,
    token: Option<String>,
    issue_id: i64,
    options: serde_json::Value,
    file_name: String,
) -> Result<Option<String>, ApiError> {
    let state = Arc::clone(&state);
    tauri::async_runtime::spawn_blocking(move || {
        let Some(chosen) = app
            .dialog()
            .file()
            .set_title("导出PDF")
            .set_file_name(&file_name)
            .add_filter("PDF", &["pdf"])
            .blocking_save_file()
        else {
            return Ok(None);
        };
        let path = chosen
            .into_path()
            .map_err(|e| ApiError::invalid("所选位置无法保存文件", format!("dialog path: {e}")))?;
        let ctx = state.ctx.as_ref().map_err(Clone::clone)?;
        let session =
            zonepress_api::authenticate(ctx, &zonepress_api::Caller::local(), token.as_deref())?;
        let options: zonepress_api::layout::ExportOptions =
            serde_json::from_value(options).map_err(ApiError::from)?;
        let out = zonepress_api::layout::export_as(ctx, &session, issue_id, &options)?;
        let manifest = serde_json::to_string_pretty(&out.manifest).map_err(ApiError::internal)?;
        zonepress_api::layout::write_export(&path, &out.pdf, &manifest)?;
        state
            .exported
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .insert(path.clone());
        Ok(Some(path.display().to_string()))
    })
    .await
    .map_err(ApiError::internal)?
}

/// Open a file exported in this session with the system's PDF viewer.
#[tauri::command]
fn open_exported(
    app: tauri::AppHandle,
    state: tauri::State<'_, Arc<Desktop>>,
    path: String,
) -> Result<(), ApiError> {
    let path = PathBuf::from(path);
    let known = state
        .exported
        .lock()
        .unwrap_or_else(|p| p.into_inner())
        .contains(&path);
    if !known {
        return Err(ApiError::new(
            zonepress_api::ErrorCode::Forbidden,
            "只能打开本次导出的文件",
            "open_exported on a path not exported here",
        ));
    }
    app.opener()
        .open_path(path.display().to_string(), None::<&str>)
        .map_err(|e| ApiError::invalid(format!("无法打开文件：{e}"), format!("open: {e}")))
}

/// Open the workspace (creating it with the demo content on first launch).
fn open_workspace(dir: PathBuf) -> Desktop {
    let lock = match WorkspaceLock::acquire(&dir, "园区编务桌面版") {
        Ok(lock) => lock,
        Err(e) => {
            return Desktop {
                ctx: Err(e),
                _lock: None,
                exported: Mutex::default(),
            };
        }
    };
    let ctx = Context::open(&dir).and_then(|ctx| {
        if ctx.is_empty()? {
            let summary = zonepress_api::demo::seed_demo(&ctx)?;
            tracing::info!(articles = summary.articles, "demo workspace created");
        }
        Ok(Arc::new(ctx))
    });
    if let Err(e) = &ctx {
        tracing::error!("cannot open workspace {}: {}", dir.display(), e.log);
    }
    Desktop {
        ctx,
        _lock: Some(lock),
        exported: Mutex::default(),
    }
}

fn main() {
    tracing_subscriber::fmt()
        .with_env_filter(
            tracing_subscriber::EnvFilter::try_from_env("ZONEPRESS_LOG")
                .unwrap_or_else(|_| "warn,zonepress_desktop=info".into()),
        )
        .init();
    tauri::Builder::default()
        .plugin(tauri_plugin_dialog::init())
        .plugin(tauri_plugin_opener::init())
        .setup(|app| {
            let dir = match std::env::var_os("ZONEPRESS_WORKSPACE") {
                Some(d) => PathBuf::from(d),
                None => app.path().app_data_dir()?.join("workspace"),
            };
            tracing::info!("workspace {}", dir.display());
            app.manage(Arc::new(open_workspace(dir)));
            Ok(())
        })
        .invoke_handler(tauri::generate_handler![
            about::about,
            api,
            api_binary,
            save_export,
            open_exported
        ])
        .run(tauri::generate_context!())
        .expect("error while running the ZonePress desktop app");
}
