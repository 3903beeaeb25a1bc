//! Writing what a command answered to the user's disk, and reading back
//! what `verify_export` is given: the command line and the desktop's save
//! dialog share these. They never touch a workspace — the commands make
//! the bytes, these only put them where the user asked.

use std::path::{Path, PathBuf};

use crate::ApiError;

fn write_failed(path: &Path, e: std::io::Error) -> ApiError {
    ApiError::invalid(
        format!("无法写入 {}：{e}", path.display()),
        format!("write {}: {e}", path.display()),
    )
}

fn write(path: &Path, bytes: &[u8]) -> Result<(), ApiError> {
    std::fs::write(path, bytes).map_err(|e| write_failed(path, e))
}

/// Where the manifest of `pdf` is written beside it (`第11期.pdf` →
/// `第11期.manifest.json`), and where `verify` looks for it.
pub fn manifest_path(pdf: &Path) -> PathBuf {
    pdf.with_extension("manifest.json")
}

/// Write an exported PDF and its manifest beside it; answers where the
/// manifest went.
pub fn write_export(pdf_path: &Path, pdf: &[u8], manifest_json: &str) -> Result<PathBuf, ApiError> {
    let beside = manifest_path(pdf_path);
    write(pdf_path, pdf)?;
    write(&beside, manifest_json.as_bytes())?;
    Ok(beside)
}

/// Write a 数字报 as `export_web` answered it (a .zip): as that file, or
/// unpacked into the folder `dest` (which must not exist or be empty: a
/// stale file would make the folder differ from the recorded edition).
/// Answers how many files the edition has.
pub fn write_edition(dest: &Path, zip: &[u8], as_zip: bool) -> Result<usize, ApiError> {
    let site = zonepress_web::read::from_zip(zip)?;
    if as_zip {
        write(dest, zip)?;
        return Ok(site.len());
    }
    if dest.exists() && std::fs::read_dir(dest).map_or(true, |mut d| d.next().is_some()) {
        return Err(ApiError::invalid(
            format!("{} 已存在且不是空文件夹，请指定新的文件夹", dest.display()),
            format!("{} exists and is not an empty folder", dest.display()),
        ));
    }
    for (path, bytes) in &site {
        let target = dest.join(path);
        if let Some(dir) = target.parent() {
            std::fs::create_dir_all(dir).map_err(|e| write_failed(dir, e))?;
        }
        write(&target, bytes)?;
    }
    Ok(site.len())
}

/// A 数字报 folder read back and packed as the zip `verify_export` reads.
pub fn read_edition(dir: &Path) -> Result<Vec<u8>, ApiError> {
    let site = zonepress_web::read::from_dir(dir)?;
    Ok(zonepress_web::archive::zip(&site, "", (2000, 1, 1))?)
}

/// Write a file only its owner can read (0600 on Unix, also when it
/// replaces a file that was not): a backup holds password hashes and the
/// audit key. `new_only`: refuse a file that exists.
pub fn write_private(path: &Path, bytes: &[u8], new_only: bool) -> Result<(), ApiError> {
    if new_only && path.exists() {
        return Err(ApiError::invalid(
            format!("{} 已存在，请换一个文件名", path.display()),
            "backup target exists",
        ));
    }
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create(true).truncate(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.mode(0o600);
    }
    let file = options.open(path).map_err(|e| write_failed(path, e))?;
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        file.set_permissions(std::fs::Permissions::from_mode(0o600))
            .map_err(|e| write_failed(path, e))?;
    }
    std::io::Write::write_all(&mut &file, bytes).map_err(|e| write_failed(path, e))
}
