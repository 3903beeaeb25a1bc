//! `serve`: the workspace to the office over HTTP (API and web UI), from
//! flags or from a settings file.

use std::net::SocketAddr;
use std::path::PathBuf;
use std::sync::Arc;

use zonepress_api::{ApiError, Context, ErrorCode, WorkspaceLock};

/// `serve`'s HTTPS and naming flags.
#[derive(clap::Args, Debug, Default)]
pub struct ServeFlags {
    /// Serve HTTPS: with `--cert`/`--key`, or with a certificate generated
    /// once and kept in the workspace (`tls/`). Prints its SHA-256 fingerprint.
    #[arg(long)]
    tls: bool,
    /// Certificate chain (PEM) for `--tls`.
    #[arg(long, value_name = "FILE", requires_all = ["tls", "key"])]
    cert: Option<PathBuf>,
    /// Private key (PEM) for `--tls`.
    #[arg(long, value_name = "FILE", requires_all = ["tls", "cert"])]
    key: Option<PathBuf>,
    /// Another name colleagues use for this server (accepted in `Host`);
    /// repeatable.
    #[arg(long = "public-name", value_name = "NAME")]
    public_names: Vec<String>,
}

/// `serve --settings FILE`: the workspace comes from the file alone.
pub(super) fn serve_with_settings(
    file: &std::path::Path,
    workspace_given: bool,
    ui: Option<PathBuf>,
) -> Result<(), ApiError> {
    let s = crate::settings::read(file)?;
    if workspace_given {
        return Err(ApiError::new(
            ErrorCode::InvalidInput,
            format!(
                "工作区已由设置文件 {} 指定，不能再用 --workspace 或 ZONEPRESS_WORKSPACE",
                file.display()
            ),
            "--settings with --workspace",
        ));
    }
    let flags = ServeFlags {
        tls: s.tls,
        cert: s.cert,
        key: s.key,
        public_names: s.public_names,
    };
    serve(&s.workspace, s.bind, ui, flags)
}

pub(super) fn serve(
    dir: &std::path::Path,
    bind: SocketAddr,
    ui: Option<PathBuf>,
    flags: ServeFlags,
) -> Result<(), ApiError> {
    let scheme = if flags.tls { "https" } else { "http" };
    let lock = WorkspaceLock::acquire(dir, &format!("zonepress serve {scheme}://{bind}"))?;
    let ctx = Arc::new(Context::open_existing(dir)?);
    if !bind.ip().is_loopback() {
        zonepress_api::serving::check_network_ready(&ctx)?;
    }
    let ui_dir = find_ui_dir(ui);
    if ui_dir.is_none() {
        eprintln!("提示：未找到网页界面（ui/dist），只提供 API");
    }
    let tls = match (flags.tls, flags.cert, flags.key) {
        (false, ..) => None,
        (true, Some(cert), Some(key)) => Some(zonepress_http::TlsSource::Files { cert, key }),
        (true, ..) => Some(zonepress_http::TlsSource::Generated),
    };
    let config = zonepress_http::Config {
        ui: ui_dir.map(zonepress_http::UiSource::Dir),
        tls,
        public_names: flags.public_names,
        ..Default::default()
    };
    let rt = tokio::runtime::Runtime::new().map_err(ApiError::internal)?;
    rt.block_on(async {
        let server = zonepress_http::serve(ctx.clone(), bind, config).await?;
        let local = server.local_addr();
        println!(
            "园区编务 ZonePress 已启动：{} （工作区 {}）",
            zonepress_http::url_of(local, server.tls_fingerprint().is_some()),
            ctx.dir().display()
        );
        if !local.ip().is_loopback() {
            if server.addresses().is_empty() {
                println!("局域网共享已开启，但未找到本机的网络地址");
            } else {
                println!("同事可用以下地址访问：{}", server.addresses().join("  "));
            }
        }
        if let Some(fp) = server.tls_fingerprint() {
            println!("证书指纹（SHA-256）：{fp}");
            println!("同事首次连接时请核对此指纹");
        }
        shutdown_signal().await;
        server.shutdown().await;
        Ok::<(), ApiError>(())
    })?;
    drop(lock);
    Ok(())
}

/// Ctrl-C or SIGTERM (systemd's stop).
async fn shutdown_signal() {
    let ctrl_c = tokio::signal::ctrl_c();
    #[cfg(unix)]
    {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut term) => {
                tokio::select! {
                    _ = ctrl_c => {},
                    _ = term.recv() => {},
                }
            }
            Err(_) => {
                let _ = ctrl_c.await;
            }
        }
    }
    #[cfg(not(unix))]
    {
        let _ = ctrl_c.await;
    }
    tracing::info!("shutting down");
}

fn find_ui_dir(given: Option<PathBuf>) -> Option<PathBuf> {
    // Installed: /usr/share/zonepress/ui for /usr/bin/zonepress; on Windows
    // the `ui` folder beside zonepress.exe.
    let beside = if cfg!(windows) {
        "ui"
    } else {
        "../share/zonepress/ui"
    };
    let candidates = given.into_iter().chain(
        std::env::current_exe()
            .ok()
            .and_then(|exe| exe.parent().map(|d| d.join(beside)))
            .into_iter()
            .chain(std::iter::once(
                PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../ui/dist"),
            )),
    );
    candidates
        .into_iter()
        .find(|d| d.join("index.html").is_file())
}
