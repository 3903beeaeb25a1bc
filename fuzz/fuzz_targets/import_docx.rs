//! The .docx importer on any bytes: an answer or a clear error, never a
//! crash, a hang or unbounded memory.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Ok(articles) = zonepress_import::preview_import("稿件.docx", data) {
        for a in &articles {
            let _ = zonepress_import::suggest_fixes(&a.content);
        }
    }
});
