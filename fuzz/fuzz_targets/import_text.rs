//! The plain-text importer (encoding detection, title and byline, briefs)
//! and the cleaning of text pasted from a PDF, on any bytes.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let _ = zonepress_import::preview_import("稿件.txt", data);
    if let Ok(text) = std::str::from_utf8(data) {
        let _ = zonepress_import::clean_pdf_text(text);
    }
});
