//! Press output: the print PDF as PDF/X-4 in CMYK for the print shop's
//! output condition, its screen twin in sRGB, and the press checks of 印前检查.
//!
//! - [`profile`]: the CMYK output profile (built in from public
//!   characterization data, or imported from the shop's `.icc`) and the
//!   conversions made with it;
//! - [`photo`]: each photo converted to a CMYK JPEG once, with its sRGB
//!   screen copy, cached;
//! - [`frames`]: template colours to CMYK for the press and to sRGB for the
//!   screen, and the press checks of the typeset frames;
//! - [`marks`]: bleed and crop marks;
//! - [`pdfx`]: Typst's PDF rewritten as PDF/X-4 (output intent, version
//!   keys, XMP, page boxes);
//! - [`check`]: the press checks of any PDF, read from the file.
//!
//! It never writes a file but the photo cache the exporter was given.

pub mod check;
pub mod frames;
pub mod marks;
pub mod pdfx;
pub mod photo;
pub mod profile;

pub use check::{PressFinding, PressLimits, PressReport, check_pdf};
pub use profile::OutputProfile;
