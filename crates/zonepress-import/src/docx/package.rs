//! The zip container of a `.docx`, read defensively: sizes in headers are
//! never trusted, every entry is read through a limited reader that stops at
//! the part's limit and refuses an entry inflating far beyond its compressed
//! size. Entry names are checked but never used as paths.

use std::collections::HashMap;
use std::io::{Cursor, ErrorKind, Read};

use zip::ZipArchive;
use zip::result::ZipError;

use crate::error::ImportError;
use crate::names::is_unsafe_entry_name;
use crate::types::ImportLimits;

const MB: u64 = 1024 * 1024;

/// Why reading one entry stopped.
#[derive(Debug)]
pub(crate) enum EntryError {
    /// Past the limit given for this entry.
    TooLarge,
    /// The whole file must be refused.
    Fatal(ImportError),
}

pub(crate) struct Package<'a> {
    zip: ZipArchive<Cursor<&'a [u8]>>,
    /// Lower-cased entry name → index (OPC part names are case-insensitive).
    index: HashMap<String, usize>,
    pub limits: &'a ImportLimits,
    xml_read: u64,
    images_read: u64,
}

impl<'a> Package<'a> {
    pub fn open(bytes: &'a [u8], limits: &'a ImportLimits) -> Result<Self, ImportError> {
        let zip = ZipArchive::new(Cursor::new(bytes)).map_err(|e| open_error(bytes, e))?;
        if zip.len() > limits.max_entries {
            return Err(ImportError::ZipBomb {
                part: format!("{} entries", zip.len()),
            });
        }
        let mut index = HashMap::with_capacity(zip.len());
        for (i, name) in zip.file_names().enumerate() {
            let name = name.map_err(|e| corrupt(e.to_string()))?;
            if is_unsafe_entry_name(&name) {
                return Err(ImportError::UnsafeName {
                    name: name.to_string(),
                });
            }
            index.insert(name.to_lowercase(), i);
        }
        Ok(Package {
            zip,
            index,
            limits,
            xml_read: 0,
            images_read: 0,
        })
    }

    fn find(&self, name: &str) -> Option<usize> {
        let lower = name.to_lowercase();
        self.index
            .get(&lower)
            .or_else(|| self.index.get(&percent_decode(&lower)))
            .copied()
    }

    pub fn has(&self, name: &str) -> bool {
        self.find(name).is_some()
    }

    /// An XML part, or `None` when the package does not have it. All XML
    /// parts of a document share one budget.
    pub fn read_xml(&mut self, name: &str) -> Result<Option<Vec<u8>>, ImportError> {
        let Some(i) = self.find(name) else {
            return Ok(None);
        };
        let budget = self.limits.max_xml_bytes.saturating_sub(self.xml_read);
        match self.read_entry(i, name, budget) {
            Ok(bytes) => {
                self.xml_read += bytes.len() as u64;
                Ok(Some(bytes))
            }
            Err(EntryError::TooLarge) => Err(ImportError::TooLarge {
                part: name.to_string(),
                limit_mb: self.limits.max_xml_bytes / MB,
            }),
            Err(EntryError::Fatal(e)) => Err(e),
        }
    }

    /// An image part: `Ok(None)` when missing, `Err(TooLarge)` when past the
    /// per-image or total image limit (the caller leaves it out with a note).
    pub fn read_image(&mut self, name: &str) -> Result<Option<Vec<u8>>, EntryError> {
        let Some(i) = self.find(name) else {
            return Ok(None);
        };
        let left = self
            .limits
            .max_images_total_bytes
            .saturating_sub(self.images_read);
        let limit = self.limits.max_image_bytes.min(left);
        let bytes = self.read_entry(i, name, limit)?;
        self.images_read += bytes.len() as u64;
        Ok(Some(bytes))
    }

    /// Read entry `i` to at most `limit` bytes, checking the inflation ratio
    /// as it goes.
    fn read_entry(&mut self, i: usize, name: &str, limit: u64) -> Result<Vec<u8>, EntryError> {
        let ratio = self.limits.max_ratio;
        let mut file = self
            .zip
            .by_index(i)
            .map_err(|e| EntryError::Fatal(entry_error(e)))?;
        let compressed = file.compressed_size().max(1);
        let mut out = Vec::with_capacity(file.size().min(limit).min(4 * MB) as usize);
        let mut chunk = vec![0u8; 64 * 1024];
        loop {
            let n = match file.read(&mut chunk) {
                Ok(n) => n,
                Err(e) if e.kind() == ErrorKind::Interrupted => continue,
                Err(e) => return Err(EntryError::Fatal(io_error(e))),
            };
            if n == 0 {
                return Ok(out);
            }
            out.extend_from_slice(&chunk[..n]);
            let read = out.len() as u64;
            if read > MB && read / compressed > ratio {
                return Err(EntryError::Fatal(ImportError::ZipBomb {
                    part: name.to_string(),
                }));
            }
            if read > limit {
                return Err(EntryError::TooLarge);
            }
        }
    }
}

fn corrupt(detail: String) -> ImportError {
    ImportError::Corrupt { detail }
}

/// Why the archive could not be opened. A zip whose end-of-directory record
/// is missing was cut short.
fn open_error(bytes: &[u8], e: ZipError) -> ImportError {
    match e {
        ZipError::UnsupportedArchive(msg) if msg == ZipError::PASSWORD_REQUIRED => {
            ImportError::Encrypted
        }
        ZipError::Io(io) => io_error(io),
        other => {
            if cut_short(bytes) {
                ImportError::Truncated
            } else {
                corrupt(other.to_string())
            }
        }
    }
}

/// A zip cut short: no complete end-of-central-directory record, or one
/// whose directory lies past the end of what is there.
fn cut_short(bytes: &[u8]) -> bool {
    let from = bytes.len().saturating_sub(66_000);
    let Some(pos) = bytes[from..]
        .windows(4)
        .rposition(|w| w == b"PK\x05\x06")
        .map(|p| from + p)
    else {
        return true;
    };
    let Some(record) = bytes.get(pos..pos + 22) else {
        return true;
    };
    let u32_at =
        |i: usize| u32::from_le_bytes([record[i], record[i + 1], record[i + 2], record[i + 3]]);
    let (size, offset) = (u32_at(12), u32_at(16));
    if size == u32::MAX || offset == u32::MAX {
        return false; // zip64: the zip crate has said what is wrong
    }
    offset as u64 + size as u64 > pos as u64
}

fn entry_error(e: ZipError) -> ImportError {
    match e {
        ZipError::UnsupportedArchive(msg) if msg == ZipError::PASSWORD_REQUIRED => {
            ImportError::Encrypted
        }
        ZipError::Io(io) => io_error(io),
        other => corrupt(other.to_string()),
    }
}

fn io_error(e: std::io::Error) -> ImportError {
    if e.kind() == ErrorKind::UnexpectedEof {
        ImportError::Truncated
    } else {
        corrupt(e.to_string())
    }
}

/// `%20` and friends in relationship targets.
fn percent_decode(s: &str) -> String {
    let b = s.as_bytes();
    let mut out = Vec::with_capacity(b.len());
    let mut i = 0;
    let hex = |c: u8| (c as char).to_digit(16);
    while i < b.len() {
        let pair = (
            b.get(i + 1).and_then(|c| hex(*c)),
            b.get(i + 2).and_then(|c| hex(*c)),
        );
        if b[i] == b'%'
            && let (Some(hi), Some(lo)) = pair
        {
            out.push((hi * 16 + lo) as u8);
            i += 3;
        } else {
            out.push(b[i]);
            i += 1;
        }
    }
    String::from_utf8(out).unwrap_or_else(|_| s.to_string())
}
