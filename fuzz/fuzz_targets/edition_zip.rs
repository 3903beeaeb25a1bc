//! Reading a 数字报 zip back for verify: the zip reader within its limits,
//! then what the pages show.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Ok(site) = zonepress_web::read::from_zip(data) {
        let _ = zonepress_web::read::contents(&site);
        let _ = zonepress_web::archive::digest(&site);
    }
});
