//! The Typst [`World`] of the export crate: the only door through which the
//! compiler sees fonts, templates, the issue data and images.
//!
//! Fonts are discovered once per [`FontSet`] (system fonts plus extra
//! directories, through the font index) and mapped lazily. Templates are parsed once. Data and images
//! are virtual files handed in per compile; nothing is read from disk here
//! after construction.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use typst::diag::{FileError, FileResult};
use typst::foundations::{Bytes, Datetime, Duration};
use typst::syntax::{FileId, RootedPath, Source, VirtualPath, VirtualRoot};
use typst::text::{Font, FontBook};
use typst::utils::LazyHash;
use typst::{Library, LibraryExt, World};
use typst_kit::fonts::{FontSource, FontStore};

use crate::error::ExportError;
use crate::fontindex::{self, DiscoveryStats};

/// The body face (宋体 role).
pub const SERIF: &str = "Noto Serif CJK SC";
/// The headline face (黑体 role).
pub const SANS: &str = "Noto Sans CJK SC";
/// An optional Kai face for bylines and captions, used when installed.
pub const KAI: &str = "LXGW WenKai";

/// Fonts found on the system plus extra directories, loaded lazily.
pub struct FontSet {
    store: FontStore,
    stats: DiscoveryStats,
}

impl FontSet {
    /// Find the fonts of `extra_dirs` and of the system, through the font
    /// index at `index` when given (see [`crate::fontindex`]). Fails when a
    /// required family is missing, naming the Debian package that provides
    /// it.
    pub fn discover(extra_dirs: &[PathBuf], index: Option<&Path>) -> Result<FontSet, ExportError> {
        let (faces, stats) = fontindex::discover(extra_dirs, index);
        let mut store = FontStore::new();
        for face in faces {
            store.push((
                MappedFont {
                    path: face.path,
                    index: face.index,
                },
                face.info,
            ));
        }
        let set = FontSet { store, stats };
        for family in [SERIF, SANS] {
            if !set.has_family(family) {
                return Err(ExportError::FontsMissing {
                    family: family.into(),
                    package: "fonts-noto-cjk".into(),
                });
            }
        }
        Ok(set)
    }

    pub fn has_family(&self, family: &str) -> bool {
        self.store
            .book()
            .contains_family(&family.to_ascii_lowercase())
    }

    pub fn book(&self) -> &LazyHash<FontBook> {
        self.store.book()
    }

    pub fn font(&self, index: usize) -> Option<Font> {
        self.store.font(index)
    }

    /// How the fonts were found.
    pub fn stats(&self) -> DiscoveryStats {
        self.stats
    }
}

/// A face of a font file, read when the compiler first asks for it. The
/// file is mapped into memory rather than copied: the CJK collections are
/// 20–27 MB each and a page uses only a small part of each.
struct MappedFont {
    path: PathBuf,
    index: u32,
}

impl FontSource for MappedFont {
    fn load(&self) -> Option<Font> {
        let file = std::fs::File::open(&self.path).ok()?;
        let map = Arc::new(map(&file)?);
        let bytes = Bytes::new(SharedMap(map.clone()));
        // Typst identifies a font by a hash of all its bytes, computed once
        // and kept. Computing it reads every page of the file (20–27 MB for
        // a CJK collection), which would then stay in this process's memory
        // although a page of print uses a small part of each font. Compute
        // it now and let those pages go: the parts typesetting needs are
        // read back from the system's file cache as they are used.
        typst::utils::hash128(&bytes);
        release(&map);
        Font::new(bytes, self.index)
    }
}

/// A mapped font file shared between the font and its loader.
struct SharedMap(Arc<memmap2::Mmap>);

impl AsRef<[u8]> for SharedMap {
    fn as_ref(&self) -> &[u8] {
        &self.0
    }
}

/// Map a font file read-only.
#[allow(unsafe_code)]
fn map(file: &std::fs::File) -> Option<memmap2::Mmap> {
    // SAFETY: the mapping is read-only and private to this process. It would
    // only be unsound if the file were truncated or rewritten in place while
    // mapped; font files are installed by package managers and font tools,
    // which replace a file (new inode) instead of rewriting it, so a mapping
    // keeps the old contents. This is what fontdb (and with it Typst's own
    // font discovery) does for every system font.
    unsafe { memmap2::Mmap::map(file) }.ok()
}

/// Drop the pages of a font mapping from this process (they stay in the
/// system's file cache); the next read of a page maps it again.
#[cfg(unix)]
#[allow(unsafe_code)]
fn release(map: &memmap2::Mmap) {
    // SAFETY: `MADV_DONTNEED` on a private mapping discards the process's
    // copy of its pages; a page read afterwards is filled again from the
    // file. This mapping is read-only and never written, so no page holds
    // anything but the file's contents and nothing is lost. Failure only
    // means the pages stay.
    let _ = unsafe { map.unchecked_advise(memmap2::UncheckedAdvice::DontNeed) };
}

/// On Windows the pages of a read-only file mapping are clean pages of the
/// system's file cache, shared with it: the system takes them back from the
/// process as it needs them, and there is no call to drop them at once.
#[cfg(not(unix))]
fn release(_: &memmap2::Mmap) {}

/// A file id in the project root.
pub fn file_id(path: &str) -> FileId {
    let vpath = VirtualPath::new(path).expect("static template paths are valid");
    RootedPath::new(VirtualRoot::Project, vpath).intern()
}

/// Parsed templates, keyed by their file id.
#[derive(Clone, Default)]
pub struct Templates {
    sources: HashMap<FileId, Source>,
}

impl Templates {
    pub fn insert(&mut self, path: &str, text: String) {
        let id = file_id(path);
        self.sources.insert(id, Source::new(id, text));
    }

    fn get(&self, id: FileId) -> Option<&Source> {
        self.sources.get(&id)
    }
}

/// Virtual files of one compile: the data, the manifest, the images.
pub type Files = HashMap<FileId, Bytes>;

/// One compile's view of everything.
pub struct ZpWorld<'a> {
    pub library: &'a LazyHash<Library>,
    pub fonts: &'a FontSet,
    pub templates: &'a Templates,
    pub files: &'a Files,
    pub main: FileId,
}

/// The standard library, built once per exporter.
pub fn library() -> LazyHash<Library> {
    LazyHash::new(Library::builder().build())
}

impl World for ZpWorld<'_> {
    fn library(&self) -> &LazyHash<Library> {
        self.library
    }

    fn book(&self) -> &LazyHash<FontBook> {
        self.fonts.book()
    }

    fn main(&self) -> FileId {
        self.main
    }

    fn source(&self, id: FileId) -> FileResult<Source> {
        match self.templates.get(id) {
            Some(source) => Ok(source.clone()),
            None => Err(not_found(id)),
        }
    }

    fn file(&self, id: FileId) -> FileResult<Bytes> {
        if let Some(bytes) = self.files.get(&id) {
            return Ok(bytes.clone());
        }
        match self.templates.get(id) {
            Some(source) => Ok(Bytes::from_string(source.clone())),
            None => Err(not_found(id)),
        }
    }

    fn font(&self, index: usize) -> Option<Font> {
        self.fonts.font(index)
    }

    fn today(&self, _offset: Option<Duration>) -> Option<Datetime> {
        // The templates never ask for the clock: dates come with the data.
        None
    }
}

fn not_found(id: FileId) -> FileError {
    FileError::NotFound(id.get().vpath().get_without_slash().into())
}

/// Shared state of an exporter that every compile borrows.
pub struct Shared {
    pub library: LazyHash<Library>,
    pub fonts: FontSet,
    pub templates: Templates,
}

impl Shared {
    pub fn world<'a>(&'a self, files: &'a Files, main: &str) -> ZpWorld<'a> {
        ZpWorld {
            library: &self.library,
            fonts: &self.fonts,
            templates: &self.templates,
            files,
            main: file_id(main),
        }
    }
}
