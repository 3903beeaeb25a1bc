//! The ZonePress desktop app: the web UI in a Tauri window, working on a
//! workspace on this computer or connected to an office server.
//!
//! The UI calls one command, `api`, for everything the core does; the shell
//! ([`desktop::Desktop`]) routes it to the local workspace
//! (`zonepress_api::call`, the function the HTTP server wraps too) or to the
//! office server (`zonepress_http::client`). Only the shell knows the mode.
//! The other commands here are the desktop's own: choosing the mode (first
//! launch, 连接办公室服务器), 局域网共享, change events on Tauri's event
//! channel, and saving files with the native dialog. Each is a one-line
//! wrapper over a method of [`desktop::Desktop`].

#![cfg_attr(not(debug_assertions), windows_subsystem = "windows")]

mod about;
mod config;
mod desktop;
mod files;
mod live;
mod sharing;
mod types;

use std::path::PathBuf;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, OnceLock};
use std::time::Instant;

use tauri::{AppHandle, Emitter, EventTarget, Manager, Runtime, State};
use tauri_plugin_dialog::DialogExt;
use tauri_plugin_opener::OpenerExt;
use zonepress_api::{ApiError, ErrorCode, Reply};

use crate::desktop::{Desktop, Paths};
use crate::live::{Push, Sink};
use crate::types::{CreateWorkspaceInput, DesktopStatus, ProbeResult, SharingStatus};

/// The Tauri events of the change stream (see `ui/src/api/tauri.ts`).
pub const EVENT_CHANNEL: &str = "zonepress://event";
pub const ALIVE_CHANNEL: &str = "zonepress://event-alive";
pub const END_CHANNEL: &str = "zonepress://event-end";

type Shell<'a> = State<'a, Arc<Desktop>>;

/// When `main` began, for the start-up figure of [`ui_ready`].
static STARTED: OnceLock<Instant> = OnceLock::new();

/// The UI shows its first usable screen (the sign-in form or the
/// first-launch choices): logged once with the time since `main` began, and
/// the page's own marks (ms since the page began to load: now, and when its
/// scripts had run). `make bench` (`src-tauri/benches/startup.py`) reads it.
#[tauri::command]
fn ui_ready(screen: String, page_ms: Option<u32>, scripts_ms: Option<u32>) {
    static LOGGED: AtomicBool = AtomicBool::new(false);
    if LOGGED.swap(true, Ordering::Relaxed) {
        return;
    }
    let ms = STARTED.get().map_or(0, |t| t.elapsed().as_millis());
    let screen: String = screen
        .chars()
        .filter(|c| c.is_ascii_alphanumeric() || *c == '_')
        .take(32)
        .collect();
    let page = page_ms.map_or("?".into(), |v| v.to_string());
    let scripts = scripts_ms.map_or("?".into(), |v| v.to_string());
    tracing::info!(
        "{screen} interactive {ms} ms after start (page {page} ms, its scripts run at {scripts} ms)"
    );
}

/// Run any command of the API in the current mode (JSON answers).
#[tauri::command]
async fn api(
    state: Shell<'_>,
    command: String,
    token: Option<String>,
    input: serde_json::Value,
    background: Option<bool>,
) -> Result<serde_json::Value, ApiError> {
    let background = background.unwrap_or(false);
    match state.call_marked(command, token, input, background).await? {
        Reply::Json(v) => Ok(v),
        Reply::Binary(_) => Err(ApiError::invalid(
            "此操作返回文件，请用文件方式调用",
            "binary command called as json",
        )),
    }
}

/// Run a command that answers with a file (PDF, PNG); the bytes come raw.
#[tauri::command]
async fn api_binary(
    state: Shell<'_>,
    command: String,
    token: Option<String>,
    input: serde_json::Value,
) -> Result<tauri::ipc::Response, ApiError> {
    match state.call(command, token, input).await? {
        Reply::Binary(b) => Ok(tauri::ipc::Response::new(b.bytes)),
        Reply::Json(v) => Ok(tauri::ipc::Response::new(v.to_string().into_bytes())),
    }
}

/// The mode, the local workspace, the office server and the recent servers
/// (waits for the local workspace to open). Also sets the window title.
#[tauri::command]
async fn desktop_status<R: Runtime>(
    app: AppHandle<R>,
    state: Shell<'_>,
) -> Result<DesktopStatus, ApiError> {
    let status = state.status().await;
    set_title(&app, &status.title);
    Ok(status)
}

/// 新建工作区 in the local folder with its first admin (first launch).
#[tauri::command]
async fn create_workspace(
    state: Shell<'_>,
    input: CreateWorkspaceInput,
) -> Result<DesktopStatus, ApiError> {
    Arc::clone(&state).create_workspace(input).await
}

/// 打开演示工作区: the demo content in the local folder (first launch).
#[tauri::command]
async fn open_demo(state: Shell<'_>) -> Result<DesktopStatus, ApiError> {
    Arc::clone(&state).open_demo().await
}

/// 本机工作区: leave connected mode for the local workspace.
#[tauri::command]
async fn use_local(state: Shell<'_>) -> Result<DesktopStatus, ApiError> {
    Arc::clone(&state).use_local().await
}

/// Who answers at an address (publication, version, certificate), before signing in.
#[tauri::command]
async fn probe_server(state: Shell<'_>, address: String) -> Result<ProbeResult, ApiError> {
    state.probe(&address).await
}

/// 连接办公室服务器; over HTTPS with the fingerprint the user confirmed.
#[tauri::command]
async fn connect_server(
    state: Shell<'_>,
    address: String,
    fingerprint: Option<String>,
) -> Result<DesktopStatus, ApiError> {
    Arc::clone(&state)
        .connect(&address, fingerprint.as_deref())
        .await
}

/// Remove a server and its confirmed fingerprint from the recent list.
#[tauri::command]
async fn forget_server(state: Shell<'_>, address: String) -> Result<DesktopStatus, ApiError> {
    state.forget_server(&address).await
}

/// Forward change events to the calling window (see `ui/src/api/tauri.ts`).
#[tauri::command]
async fn subscribe_events<R: Runtime>(
    app: AppHandle<R>,
    webview: tauri::Webview<R>,
    state: Shell<'_>,
    token: String,
    last_event_id: Option<String>,
) -> Result<(), ApiError> {
    let label = webview.label().to_string();
    let sink: Sink = Arc::new(move |push| emit(&app, &label, push));
    state.subscribe(token, last_event_id, sink).await
}

#[tauri::command]
fn unsubscribe_events(state: Shell<'_>) {
    state.unsubscribe();
}

/// 局域网共享 now (admin).
#[tauri::command]
async fn sharing_status(
    state: Shell<'_>,
    token: Option<String>,
) -> Result<SharingStatus, ApiError> {
    state.sharing_status(token).await
}

/// Turn 局域网共享 on or off (admin).
#[tauri::command]
async fn set_sharing(
    state: Shell<'_>,
    token: Option<String>,
    enabled: bool,
    port: Option<u16>,
    https: Option<bool>,
) -> Result<SharingStatus, ApiError> {
    state.set_sharing(token, enabled, port, https).await
}

/// Ask where to save with the native dialog; `None` when cancelled.
async fn ask_path<R: Runtime>(
    app: &AppHandle<R>,
    title: &str,
    file_name: &str,
) -> Result<Option<PathBuf>, ApiError> {
    let ext = file_name
        .rsplit_once('.')
        .map(|(_, e)| e.to_ascii_lowercase());
    let (label, ext) = match ext.as_deref() {
        Some("pdf") => ("PDF", "pdf"),
        Some("db") => ("数据库备份", "db"),
        Some("png") => ("PNG 图片", "png"),
        Some("json") => ("JSON", "json"),
        _ => ("所有文件", "*"),
    };
    let (tx, rx) = tokio::sync::oneshot::channel();
    app.dialog()
        .file()
        .set_title(title)
        .set_file_name(file_name)
        .add_filter(label, &[ext])
        .save_file(move |chosen| {
            let _ = tx.send(chosen);
        });
    let Some(chosen) = rx.await.map_err(ApiError::internal)? else {
        return Ok(None);
    };
    chosen
        .into_path()
        .map(Some)
        .map_err(|e| ApiError::invalid("所选位置无法保存文件", format!("dialog path: {e}")))
}

/// Export an issue to a file the user picks: the PDF and its manifest
/// (`….manifest.json`) beside it, in either mode. `None` when cancelled.
#[tauri::command]
async fn save_export<R: Runtime>(
    app: AppHandle<R>,
    state: Shell<'_>,
    token: Option<String>,
    issue_id: i64,
    options: serde_json::Value,
    file_name: String,
) -> Result<Option<String>, ApiError> {
    let Some(path) = ask_path(&app, "导出PDF", &file_name).await? else {
        return Ok(None);
    };
    state.export_to(&path, token, issue_id, options).await?;
    Ok(Some(path.display().to_string()))
}

/// Save what a file command answers (审稿单, backup, page preview) where the
/// user picks, in either mode. `None` when cancelled.
#[tauri::command]
async fn save_download<R: Runtime>(
    app: AppHandle<R>,
    state: Shell<'_>,
    token: Option<String>,
    command: String,
    input: serde_json::Value,
    file_name: String,
) -> Result<Option<String>, ApiError> {
    let Some(path) = ask_path(&app, "保存文件", &file_name).await? else {
        return Ok(None);
    };
    state.download_to(&path, token, command, input).await?;
    Ok(Some(path.display().to_string()))
}

/// Open a file saved in this session with the system's viewer.
#[tauri::command]
fn open_exported<R: Runtime>(
    app: AppHandle<R>,
    state: Shell<'_>,
    path: String,
) -> Result<(), ApiError> {
    let path = PathBuf::from(path);
    if !state.was_saved(&path) {
        return Err(ApiError::new(
            ErrorCode::Forbidden,
            "只能打开本次导出的文件",
            "open_exported on a path not saved here",
        ));
    }
    app.opener()
        .open_path(path.display().to_string(), None::<&str>)
        .map_err(|e| ApiError::invalid(format!("无法打开文件：{e}"), format!("open: {e}")))
}

/// Send a push to one window.
fn emit<R: Runtime>(app: &AppHandle<R>, label: &str, push: Push) {
    let target = EventTarget::labeled(label);
    let sent = match push {
        Push::Event { id, event } => app.emit_to(
            target,
            EVENT_CHANNEL,
            serde_json::json!({ "id": id, "event": event }),
        ),
        Push::Alive => app.emit_to(target, ALIVE_CHANNEL, ()),
        Push::End(e) => app.emit_to(target, END_CHANNEL, e),
    };
    if let Err(e) = sent {
        tracing::warn!("cannot emit to {label}: {e}");
    }
}

fn set_title<R: Runtime>(app: &AppHandle<R>, title: &str) {
    if let Some(w) = app.get_webview_window("main") {
        let _ = w.set_title(title);
    }
}

/// The app's commands (for the real app and for tests).
fn commands<R: Runtime>(builder: tauri::Builder<R>) -> tauri::Builder<R> {
    builder.invoke_handler(tauri::generate_handler![
        about::about,
        ui_ready,
        api,
        api_binary,
        desktop_status,
        create_workspace,
        open_demo,
        use_local,
        probe_server,
        connect_server,
        forget_server,
        subscribe_events,
        unsubscribe_events,
        sharing_status,
        set_sharing,
        save_export,
        save_download,
        open_exported
    ])
}

/// The app's embedded web UI, for colleagues' browsers while sharing.
fn ui_lookup<R: Runtime>(app: &AppHandle<R>) -> zonepress_http::UiLookup {
    let app = app.clone();
    Arc::new(move |path: &str| {
        app.asset_resolver()
            .get(path.to_string())
            .map(|asset| (std::borrow::Cow::Owned(asset.bytes), asset.mime_type))
    })
}

fn main() {
    // A parser child (verify of a user's PDF or 数字报) parses and exits here.
    zonepress_api::sandbox::main_hook();
    STARTED.get_or_init(Instant::now);
    tracing_subscriber::fmt()
        .with_env_filter(
            tracing_subscriber::EnvFilter::try_from_env("ZONEPRESS_LOG")
                .unwrap_or_else(|_| "warn,zonepress_desktop=info".into()),
        )
        .init();
    commands(tauri::Builder::default())
        .plugin(tauri_plugin_dialog::init())
        .plugin(tauri_plugin_opener::init())
        // System notifications for the bell's new ones (the UI asks; see
        // `ui/src/state/desktop.ts`); the capability allows `notify` only.
        .plugin(tauri_plugin_notification::init())
        .setup(|app| {
            let workspace = match std::env::var_os("ZONEPRESS_WORKSPACE") {
                Some(d) => PathBuf::from(d),
                None => app.path().app_data_dir()?.join("workspace"),
            };
            let config = app.path().app_config_dir()?.join(config::FILE_NAME);
            tracing::info!(
                "workspace {}, settings {}",
                workspace.display(),
                config.display()
            );
            let handle = app.handle().clone();
            let desktop = Desktop::new(Paths { workspace, config }, Some(ui_lookup(&handle)));
            desktop.on_title(move |title| set_title(&handle, title));
            app.manage(desktop.clone());
            // Open the workspace (and resume sharing) after the window shows:
            // commands wait for it, the login screen does not.
            tauri::async_runtime::spawn(async move { desktop.start().await });
            Ok(())
        })
        .run(tauri::generate_context!())
        .expect("error while running the ZonePress desktop app");
}

#[cfg(test)]
mod tests;
