//! ZonePress domain model and rules.
//!
//! What lives here: the types every other crate speaks (publication, issue 期,
//! article 稿件 with its structured body, users and roles), the canonical form
//! of an article's content and its SHA-256 content hash, the Chinese length
//! count, the character-level diff between revisions, the permission table
//! and the 三审 review state machine with its separation-of-duties rules.
//!
//! What never lives here: IO of any kind. No files, no SQLite, no clock reads
//! beyond what a caller passes in, no network. The store persists what these
//! functions decide; the api crate maps [`CoreError`] to user-facing messages.

pub mod authorship;
pub mod chars;
pub mod correction;
pub mod credits;
pub mod diff;
pub mod error;
pub mod image;
pub mod layout;
pub mod model;
pub mod pages;
pub mod payment;
pub mod permission;
pub mod press;
pub mod text;
pub mod topics;
pub mod workflow;

pub use error::{CoreError, Field};
pub use model::*;
pub use permission::{Action, authorize, authorize_article, is_staff};
