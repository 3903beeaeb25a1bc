//! A workspace holds password hashes, session tokens' hashes and the audit
//! key: its folders are 0700 and its files 0600 on Unix, whatever the
//! process's umask — set when they are made and set again when they are
//! opened (a workspace made by an older version, or a file copied in by a
//! restore, is tightened then). Elsewhere these are no-ops.
//!
//! SQLite creates the `-wal` and `-shm` files with the database file's own
//! permissions, so a database made private keeps them private too.

use std::fs::File;
use std::io;
use std::path::Path;

/// Make `dir` (and any missing parents) when it does not exist, private
/// (0700); an existing folder is left as it is.
pub fn create_dir(dir: &Path) -> io::Result<()> {
    if dir.is_dir() {
        return Ok(());
    }
    std::fs::create_dir_all(dir)?;
    restrict_dir(dir)
}

/// Set an existing folder to 0700.
pub fn restrict_dir(dir: &Path) -> io::Result<()> {
    set_mode(dir, 0o700)
}

/// Set an existing file to 0600; a missing file is no error.
pub fn restrict_file(path: &Path) -> io::Result<()> {
    match set_mode(path, 0o600) {
        Err(e) if e.kind() == io::ErrorKind::NotFound => Ok(()),
        other => other,
    }
}

/// Create a new empty file only its owner can read; an existing file is
/// an error.
pub fn create_file(path: &Path) -> io::Result<File> {
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.mode(0o600);
    }
    let file = options.open(path)?;
    // the umask may have taken more than it should; never less than 0600
    set_mode(path, 0o600)?;
    Ok(file)
}

/// Make the database at `db` private with its WAL and shared-memory files,
/// creating it empty (SQLite takes an empty file for a new database) when
/// it does not exist yet.
pub fn database(db: &Path) -> io::Result<()> {
    if !db.exists() {
        match create_file(db) {
            Ok(_) => {}
            Err(e) if e.kind() == io::ErrorKind::AlreadyExists => {}
            Err(e) => return Err(e),
        }
    }
    restrict_file(db)?;
    for suffix in ["-wal", "-shm", "-journal"] {
        let mut name = db.as_os_str().to_owned();
        name.push(suffix);
        restrict_file(Path::new(&name))?;
    }
    Ok(())
}

#[cfg(unix)]
fn set_mode(path: &Path, mode: u32) -> io::Result<()> {
    use std::os::unix::fs::PermissionsExt;
    let current = std::fs::metadata(path)?.permissions().mode() & 0o7777;
    if current == mode {
        return Ok(());
    }
    std::fs::set_permissions(path, std::fs::Permissions::from_mode(mode))
}

#[cfg(not(unix))]
fn set_mode(path: &Path, _mode: u32) -> io::Result<()> {
    std::fs::metadata(path).map(|_| ())
}
