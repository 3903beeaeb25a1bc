//! Who holds a workspace's lock, written where another process can read it.
//!
//! The lock itself is `workspace.lock`, locked whole by the process serving
//! the workspace ([`crate::workspace::WorkspaceLock`]). A second process
//! refused the lock names the holder from what the holder wrote:
//!
//! - on Linux (and other Unix) into the lock file itself: a lock there only
//!   keeps others from locking, not from reading;
//! - on Windows into `workspace.lock.holder` beside it: a locked file cannot
//!   be read by any other process there, not even its first bytes.

use std::fs::File;
use std::io::{Read, Seek, Write};
use std::path::Path;

/// The holder as written by [`write`], or "" when it cannot be read.
pub(crate) fn read(lock_path: &Path, lock_file: &mut File) -> String {
    let mut who = String::new();
    if cfg!(windows) {
        let _ = File::open(holder_path(lock_path)).and_then(|mut f| f.read_to_string(&mut who));
    } else {
        let _ = lock_file.read_to_string(&mut who);
    }
    who.trim().to_string()
}

/// Record `holder` for others (the lock is held by `lock_file`).
pub(crate) fn write(lock_path: &Path, lock_file: &mut File, holder: &str) -> std::io::Result<()> {
    let text = format!("{holder}，进程号 {}", std::process::id());
    if cfg!(windows) {
        std::fs::write(holder_path(lock_path), text)
    } else {
        lock_file.set_len(0)?;
        lock_file.rewind()?;
        let _ = write!(lock_file, "{text}");
        let _ = lock_file.flush();
        Ok(())
    }
}

fn holder_path(lock_path: &Path) -> std::path::PathBuf {
    let mut name = lock_path.as_os_str().to_owned();
    name.push(".holder");
    name.into()
}
