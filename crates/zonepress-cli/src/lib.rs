//! The `zonepress` program: serves a workspace to the office over HTTP (the
//! `zonepress-http` crate) and offers the command line (init, users, lists;
//! export, check, import and backup as they land). It never links the webview.

pub mod cli;
pub mod settings;
