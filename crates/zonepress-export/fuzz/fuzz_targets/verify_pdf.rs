//! Reading a PDF for verify (each page's text, the manifest attachment) on
//! any bytes, then comparing the text: an answer or a clear error. What
//! the reader cannot bound itself (a content stream's inflated size) is
//! bounded by the parser child's limits in the api crate, and shows here
//! as an out-of-memory report.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Ok(contents) = zonepress_export::verify_pdf(data) {
        let _ = contents.text();
    }
});
