//! The audit chain's key, kept outside the database.
//!
//! Each entry's hash is an HMAC-SHA256 under a 256-bit key kept in the file
//! `audit.key` beside the database (mode 0600), never in the database: a
//! rewrite inside the database — who signed an approval, with every hash
//! after it recomputed — cannot produce hashes that verify. Backups carry
//! the key inside the copy (a table of the backup file only, see
//! [`crate::Store::backup_to`]) and a restore puts it back in the file.
//!
//! The key reaches [`super::append`] through the writer: [`crate::Store`]
//! holds it and marks the thread for the duration of each write
//! ([`sealing`]); an append outside a sealed write fails rather than
//! write an entry no key covers.

use std::cell::RefCell;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use hmac::{Hmac, Mac};
use sha2::{Digest, Sha256};

use crate::{Result, StoreError};

/// The key file's name, in the database's folder.
pub const KEY_FILE: &str = "audit.key";

const FILE_HEADER: &str =
    "# 园区编务审计日志的密钥：请勿修改或删除。备份（zonepress backup）会一并保存它。";

/// The key of one workspace's audit chain.
#[derive(Clone, PartialEq, Eq)]
pub struct AuditKey([u8; 32]);

impl std::fmt::Debug for AuditKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "AuditKey({})", self.id())
    }
}

impl AuditKey {
    /// A new random key.
    pub fn generate() -> Result<AuditKey> {
        let mut bytes = [0u8; 32];
        getrandom::fill(&mut bytes)
            .map_err(|e| StoreError::Io(std::io::Error::other(e.to_string())))?;
        Ok(AuditKey(bytes))
    }

    /// A key written as 64 hex digits.
    pub fn from_hex(hex: &str) -> Option<AuditKey> {
        let bytes = hex::decode(hex.trim()).ok()?;
        Some(AuditKey(bytes.try_into().ok()?))
    }

    pub fn to_hex(&self) -> String {
        hex::encode(self.0)
    }

    /// A short name of the key (not the key): the log records which key
    /// its keyed part is under.
    pub fn id(&self) -> String {
        let mut h = Sha256::new();
        h.update(b"zonepress audit key id\n");
        h.update(self.0);
        hex::encode(&h.finalize()[..8])
    }

    fn mac(&self, parts: &[&[u8]]) -> [u8; 32] {
        let mut mac = Hmac::<Sha256>::new_from_slice(&self.0).expect("HMAC takes any key length");
        for p in parts {
            mac.update(p);
        }
        mac.finalize().into_bytes().into()
    }

    /// The hash of an entry: HMAC-SHA256 of the previous hash and the
    /// entry's canonical content.
    pub(crate) fn seal(&self, prev: &str, canonical: &str) -> String {
        hex::encode(self.mac(&[prev.as_bytes(), b"\n", canonical.as_bytes()]))
    }

    /// A short keyed hash of `text` (12 hex digits): the same text gives the
    /// same tag in this workspace, and the tag does not give the text back
    /// (no dictionary helps without the key).
    pub fn tag(&self, text: &str) -> String {
        hex::encode(&self.mac(&[b"tag\n", text.as_bytes()])[..6])
    }
}

/// The key file of the database at `db_path`.
pub fn key_path(db_path: &Path) -> PathBuf {
    db_path
        .parent()
        .map_or_else(|| PathBuf::from(KEY_FILE), |dir| dir.join(KEY_FILE))
}

/// The key in `path`; `None` when there is no such file.
pub fn read_key_file(path: &Path) -> Result<Option<AuditKey>> {
    let text = match std::fs::read_to_string(path) {
        Ok(t) => t,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
        Err(e) => return Err(e.into()),
    };
    let line = text
        .lines()
        .map(str::trim)
        .find(|l| !l.is_empty() && !l.starts_with('#'))
        .unwrap_or("");
    AuditKey::from_hex(line)
        .map(Some)
        .ok_or_else(|| StoreError::AuditKey {
            path: path.to_path_buf(),
            detail: "not a ZonePress audit key (64 hex digits)".into(),
        })
}

/// Write `key` to `path`, readable by its owner only; written beside and
/// renamed, so a crash never leaves half a key.
pub fn write_key_file(path: &Path, key: &AuditKey) -> Result<()> {
    let tmp = path.with_extension("key.tmp");
    let _ = std::fs::remove_file(&tmp);
    {
        let mut file = crate::private::create_file(&tmp)?;
        writeln!(file, "{FILE_HEADER}")?;
        writeln!(file, "{}", key.to_hex())?;
        file.sync_all()?;
    }
    std::fs::rename(&tmp, path)?;
    crate::private::restrict_file(path)?;
    Ok(())
}

thread_local! {
    /// The key of the write running on this thread.
    static SEALING: RefCell<Option<Arc<AuditKey>>> = const { RefCell::new(None) };
}

/// While alive, appends on this thread are sealed with the key.
pub(crate) struct Sealing(Option<Arc<AuditKey>>);

pub(crate) fn sealing(key: &Arc<AuditKey>) -> Sealing {
    Sealing(SEALING.with(|s| s.borrow_mut().replace(Arc::clone(key))))
}

impl Drop for Sealing {
    fn drop(&mut self) {
        let previous = self.0.take();
        SEALING.with(|s| *s.borrow_mut() = previous);
    }
}

/// Run `f` with the key of the write under way on this thread.
pub(crate) fn with_key<T>(f: impl FnOnce(&AuditKey) -> T) -> Result<T> {
    SEALING.with(|s| match s.borrow().as_deref() {
        Some(key) => Ok(f(key)),
        None => Err(StoreError::AuditKey {
            path: PathBuf::from(KEY_FILE),
            detail: "an audit entry was appended outside a keyed write".into(),
        }),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hmac_sha256_matches_rfc_4231() {
        // RFC 4231 test case 2: key "Jefe", data "what do ya want for nothing?"
        let mut mac = Hmac::<Sha256>::new_from_slice(b"Jefe").unwrap();
        mac.update(b"what do ya want for nothing?");
        assert_eq!(
            hex::encode(mac.finalize().into_bytes()),
            "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843"
        );
    }

    #[test]
    fn a_key_is_written_privately_and_read_back() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join(KEY_FILE);
        assert_eq!(read_key_file(&path).unwrap(), None);
        let key = AuditKey::generate().unwrap();
        write_key_file(&path, &key).unwrap();
        assert_eq!(read_key_file(&path).unwrap(), Some(key.clone()));
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = std::fs::metadata(&path).unwrap().permissions().mode();
            assert_eq!(mode & 0o777, 0o600);
        }
        // another key seals differently; the same key the same
        let other = AuditKey::generate().unwrap();
        assert_ne!(key.seal("p", "c"), other.seal("p", "c"));
        assert_eq!(key.seal("p", "c"), key.clone().seal("p", "c"));
        assert_eq!(key.tag("zhangsan").len(), 12);
        std::fs::write(&path, "# nothing\nnot hex\n").unwrap();
        assert!(matches!(
            read_key_file(&path),
            Err(StoreError::AuditKey { .. })
        ));
    }
}
