//! The Typst [`World`] of the export crate: the only door through which the
//! compiler sees fonts, templates, the issue data and images.
//!
//! Fonts are discovered once per [`FontSet`] (system fonts plus extra
//! directories) and loaded lazily. Templates are parsed once. Data and images
//! are virtual files handed in per compile; nothing is read from disk here
//! after construction.

use std::collections::HashMap;
use std::path::PathBuf;

use typst::diag::{FileError, FileResult};
use typst::foundations::{Bytes, Datetime, Duration};
use typst::syntax::{FileId, RootedPath, Source, VirtualPath, VirtualRoot};
use typst::text::{Font, FontBook};
use typst::utils::LazyHash;
use typst::{Library, LibraryExt, World};
use typst_kit::fonts::FontStore;

use crate::error::ExportError;

/// The body face (宋体 role).
pub const SERIF: &str = "Noto Serif CJK SC";
/// The headline face (黑体 role).
pub const SANS: &str = "Noto Sans CJK SC";
/// An optional Kai face for bylines and captions, used when installed.
pub const KAI: &str = "LXGW WenKai";

/// Fonts found on the system plus extra directories, loaded lazily.
pub struct FontSet {
    store: FontStore,
}

impl FontSet {
    /// Scan the system fonts and `extra_dirs`. Fails when a required
    /// family is missing, naming the Debian package that provides it.
    pub fn discover(extra_dirs: &[PathBuf]) -> Result<FontSet, ExportError> {
        let mut store = FontStore::new();
        for dir in extra_dirs {
            store.extend(typst_kit::fonts::scan(dir));
        }
        store.extend(typst_kit::fonts::system());
        let set = FontSet { store };
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
}

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
