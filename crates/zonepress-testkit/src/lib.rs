//! What the tests of several ZonePress crates build alike, written once.
//! A dev-dependency only: no shipped crate depends on it.
//!
//! Always here: [`handpdf`] (PDF files written by hand), [`poppler`]
//! (pdftotext and pdfinfo read-back), [`runner`] (the `zonepress` binary on
//! a temp workspace), [`served`] (a real `zonepress serve` on 127.0.0.x)
//! and [`raw`] (HTTP/1.1 by hand). Behind features, the helpers that need
//! one of our crates: `api` ([`api`]: workspaces and sessions), `http`
//! (the desktop's client against a served instance), `export`
//! ([`export`]: issue documents), `import` ([`docx`]) and `proof`
//! ([`proof`]).

pub mod handpdf;
pub mod poppler;
pub mod raw;
pub mod runner;
pub mod served;

#[cfg(feature = "api")]
pub mod api;
#[cfg(feature = "import")]
pub mod docx;
#[cfg(feature = "export")]
pub mod export;
#[cfg(feature = "proof")]
pub mod proof;
