//! File names are data, never paths. An uploaded name or a zip entry name with
//! a directory part, `..`, a drive or control characters is refused.

use crate::error::ImportError;

/// Check the uploaded file name (the bare name, e.g. `稿件.docx`) and return
/// its lower-case extension.
pub fn validate_upload_name(name: &str) -> Result<String, ImportError> {
    let unsafe_name = name.contains(['/', '\\'])
        || name == "."
        || name == ".."
        || name.chars().any(char::is_control)
        || has_drive(name);
    if unsafe_name {
        return Err(ImportError::UnsafeName {
            name: name.escape_debug().to_string(),
        });
    }
    Ok(extension(name))
}

/// The lower-case extension of a file name, without the dot; empty if none.
pub fn extension(name: &str) -> String {
    match name.rsplit_once('.') {
        Some((stem, ext)) if !stem.is_empty() => ext.to_ascii_lowercase(),
        _ => String::new(),
    }
}

/// The file name without its extension (`稿件.docx` → `稿件`; `.docx` stays).
pub fn stem(name: &str) -> &str {
    match name.rsplit_once('.') {
        Some((stem, _)) if !stem.is_empty() => stem,
        _ => name,
    }
}

fn has_drive(name: &str) -> bool {
    let b = name.as_bytes();
    b.len() >= 2 && b[0].is_ascii_alphabetic() && b[1] == b':'
}

/// A zip entry name that would escape a directory if anyone used it as a path.
pub(crate) fn is_unsafe_entry_name(name: &str) -> bool {
    name.starts_with(['/', '\\'])
        || has_drive(name)
        || name.chars().any(char::is_control)
        || name.split(['/', '\\']).any(|part| part == "..")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn upload_names() {
        assert_eq!(validate_upload_name("稿件.DOCX").unwrap(), "docx");
        assert_eq!(validate_upload_name("a.b.txt").unwrap(), "txt");
        assert_eq!(validate_upload_name("README").unwrap(), "");
        assert_eq!(validate_upload_name(".docx").unwrap(), "");
        for bad in [
            "../稿件.docx",
            "/etc/passwd.txt",
            "C:\\稿件.docx",
            "C:稿件.docx",
            "a\u{0}.txt",
            "..",
            "dir/a.txt",
        ] {
            assert!(
                matches!(
                    validate_upload_name(bad),
                    Err(ImportError::UnsafeName { .. })
                ),
                "{bad}"
            );
        }
    }

    #[test]
    fn entry_names() {
        assert!(!is_unsafe_entry_name("word/document.xml"));
        assert!(!is_unsafe_entry_name("word/media/图片1.png"));
        for bad in [
            "../evil.xml",
            "word/../../evil",
            "/abs.xml",
            "\\abs.xml",
            "C:/x.xml",
            "word\\..\\x",
        ] {
            assert!(is_unsafe_entry_name(bad), "{bad}");
        }
    }
}
