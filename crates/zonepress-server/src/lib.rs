//! The `zonepress` program: serves a workspace to the office over HTTP (axum)
//! and offers the command line (init, users, lists; export, check, import and
//! backup as they land). It links the api crate only — never the webview.

pub mod cli;
pub mod http;
