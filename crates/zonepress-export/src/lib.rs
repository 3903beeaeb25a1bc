//! ZonePress typesetting: an issue becomes print-ready PDF bytes.
//!
//! The pipeline: the integrator hands an [`IssueDoc`] (publication, issue,
//! page plan, articles) and an [`AssetSource`] for images. [`view`] turns it
//! into plain data with every length decided (columns a whole number of
//! characters wide, a fixed line grid) and text normalised for setting; the
//! data goes to Typst as the virtual file `/data.json`, read by the shipped
//! templates (`templates/*.typ`) with `json()`. The [`world`] serves fonts
//! (found through a font index kept between runs, see [`fontindex`]),
//! templates, the data and images. Each page is typeset as a document of its
//! own and cached by a hash of its data, so a change to one article sets one
//! page again. One layout gives a [`LaidOutIssue`]: per-page fit (overflow /
//! underfill, measured from the layout), layout preflight, the PDF
//! ([`LaidOutIssue::pdf`], the pages joined into one document) and PNG
//! previews ([`Exporter::preview_png`], cached per page frame), and where each
//! article's box landed ([`LaidOutIssue::article_regions`], for the 数字报), where every
//! printed character is and whose text it prints ([`LaidOutIssue::char_boxes`], for
//! placing 校样 marks), the hash of what each page prints ([`Exporter::page_hashes`],
//! for 签版 and 付印) and a round's pages with its marks drawn
//! ([`Exporter::marked_proof_pdf`]). [`verify_pdf`] reads a
//! PDF back (manifest and text) and [`compare_text`] checks an article's
//! approved text is printed exactly.
//!
//! What it never does: touch SQLite or the store (images come through
//! [`AssetSource`]), write files (it returns bytes; writing is the caller's
//! business), or splice user text into Typst markup (text is data, so a title
//! with `#`, `$`, `[` or `//` prints literally). An overfull page never
//! spills onto an extra sheet: the text that does not fit is cut off at its
//! box, the page count stays the plan's, and the overflow is reported.

pub mod charmap;
mod error;
mod exporter;
pub mod fontdirs;
pub mod fontindex;
mod pdfread;
mod preflight;
pub mod press;
mod recent;
mod regions;
mod review;
pub mod slots;
pub mod suggest;
mod verify;
pub mod view;
pub mod world;

pub use charmap::{CharBox, CharSource};
pub use error::ExportError;
pub use exporter::marks::{MarkDrawing, MarkedProof};
pub use exporter::pagehash::layout_hash;
pub use exporter::statement::{PaymentSheet, PaymentSheetRow};
pub use exporter::{
    AssetSource, ExportConfig, Exporter, IssueDoc, LaidOutIssue, MIN_DPI_ERROR, MIN_DPI_WARNING,
    NoAssets, PageFit, PdfOptions, PngUse, PreflightItem, Severity,
};
pub use fontindex::DiscoveryStats;
pub use press::{OutputProfile, PressFinding, PressLimits, PressReport, check_pdf};
pub use regions::ArticleRegion;
pub use review::ReviewForm;
pub use verify::{PdfContents, TextMismatch, compare_text, verify_pdf};
pub use view::{typeset_text, typeset_text_map};
