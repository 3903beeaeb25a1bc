//! Packing an edition as a .zip, and the digest that identifies it whether
//! it is read from the zip or from the folder it was unpacked into.

use std::io::Write;

use sha2::{Digest, Sha256};

use crate::error::WebError;
use crate::site::{MANIFEST, Site};

/// The edition as a zip: every file under one folder named `root`, dated
/// `date` (so the same edition gives the same bytes). Images are stored,
/// text is deflated.
pub fn zip(site: &Site, root: &str, date: (u16, u8, u8)) -> Result<Vec<u8>, WebError> {
    let err = |e: &dyn std::fmt::Display| WebError::Zip(e.to_string());
    let mut w = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let stamp =
        zip::DateTime::from_date_and_time(date.0, date.1, date.2, 8, 0, 0).unwrap_or_default();
    for (path, bytes) in site {
        let method = if path.ends_with(".png") || path.starts_with("images/") {
            zip::CompressionMethod::Stored
        } else {
            zip::CompressionMethod::Deflated
        };
        let opts = zip::write::SimpleFileOptions::default()
            .compression_method(method)
            .last_modified_time(stamp)
            .unix_permissions(0o644);
        let name = if root.is_empty() {
            path.clone()
        } else {
            format!("{root}/{path}")
        };
        w.start_file(name, opts).map_err(|e| err(&e))?;
        w.write_all(bytes).map_err(|e| err(&e))?;
    }
    Ok(w.finish().map_err(|e| err(&e))?.into_inner())
}

/// SHA-256 over every file but the manifest (which names this digest's
/// export): `path NUL sha256(bytes) LF`, paths in order. The same for the
/// zip and the unpacked folder.
pub fn digest(site: &Site) -> String {
    let mut h = Sha256::new();
    for (path, bytes) in site {
        if path == MANIFEST {
            continue;
        }
        h.update(path.as_bytes());
        h.update([0]);
        h.update(hex::encode(Sha256::digest(bytes)).as_bytes());
        h.update(b"\n");
    }
    hex::encode(h.finalize())
}
