//! The ZonePress desktop app: the web UI in a Tauri window, talking to the
//! workspace through two one-line commands over `zonepress_api::call` — the
//! same function the HTTP server wraps.

#![cfg_attr(not(debug_assertions), windows_subsystem = "windows")]

use std::path::PathBuf;
use std::sync::Arc;

use tauri::Manager;
use zonepress_api::{ApiError, Context, Reply, WorkspaceLock};

/// The open workspace, or why it could not be opened (shown at login).
struct Desktop {
    ctx: Result<Arc<Context>, ApiError>,
    _lock: Option<WorkspaceLock>,
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

/// Open the workspace (creating it with the demo content on first launch).
fn open_workspace(dir: PathBuf) -> Desktop {
    let lock = match WorkspaceLock::acquire(&dir, "园区编务桌面版") {
        Ok(lock) => lock,
        Err(e) => {
            return Desktop {
                ctx: Err(e),
                _lock: None,
            };
        }
    };
    let ctx = Context::open(&dir).and_then(|ctx| {
        if ctx.store.user_count()? == 0 {
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
        .setup(|app| {
            let dir = match std::env::var_os("ZONEPRESS_WORKSPACE") {
                Some(d) => PathBuf::from(d),
                None => app.path().app_data_dir()?.join("workspace"),
            };
            tracing::info!("workspace {}", dir.display());
            app.manage(Arc::new(open_workspace(dir)));
            Ok(())
        })
        .invoke_handler(tauri::generate_handler![api, api_binary])
        .run(tauri::generate_context!())
        .expect("error while running the ZonePress desktop app");
}
