//! The Markdown importer on any bytes.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let _ = zonepress_import::preview_import("稿件.md", data);
});
