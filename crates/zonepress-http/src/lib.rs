//! ZonePress over HTTP: the server that shares a workspace with the office,
//! and the client the desktop app uses to connect to one.
//!
//! The server ([`serve`]) answers `POST /api/<command>` by running the
//! [`zonepress_api`] command in a bounded blocking pool, streams change
//! events at `GET /api/events` (server-sent events), tells clients who it is
//! at `GET /api/health`, and serves the web UI (from a folder or from assets
//! embedded in the desktop app). It is hardened for a LAN: the `Host` header
//! must name this machine, requests from foreign origins and bodies that are
//! not JSON are refused, the session token is checked before a body is read,
//! bodies have per-command limits and deadlines, slow or idle connections are
//! dropped, connections are bounded, one account's event streams and heavy
//! work are capped, every response carries security
//! headers, and error messages never show paths or internals. With TLS it
//! serves HTTPS (rustls with the `ring` provider) from given PEM files or
//! from a certificate it generates once and keeps in the workspace.
//!
//! The client ([`client::Client`]) speaks the same contract from a Tauri
//! async task: calls, health and the event stream, over HTTP or over HTTPS
//! with the server's certificate pinned by its SHA-256 fingerprint.
//!
//! This crate never links the webview and never touches the store: every
//! request goes through the api crate's commands.

pub mod client;
mod guard;
mod limits;
mod net;
mod routes;
mod server;
mod sse;
pub mod tls;

pub use limits::QuotaLimits;
pub use server::{Config, Limits, ServerHandle, UiLookup, UiSource, serve};
pub use tls::{TlsSource, fingerprint_matches};

/// The URL of a bound address: `http://127.0.0.1:8470/`.
pub fn url_of(addr: std::net::SocketAddr, tls: bool) -> String {
    net::url(if tls { "https" } else { "http" }, addr.ip(), addr.port())
}

/// What `GET /api/health` answers (public: a client shows the publication
/// and detects another version before anyone signs in).
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Health {
    pub ok: bool,
    /// The server program's version.
    pub version: String,
    /// [`zonepress_api::API_VERSION`] of the server.
    pub api_version: u32,
    /// The publication's name (刊名).
    pub publication: String,
    /// Served over HTTPS.
    pub tls: bool,
}
