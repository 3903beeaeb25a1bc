//! poppler-utils read-back of the PDFs the tests make: what a reader's
//! copy-and-paste would give, and the document's own information.

use std::io::Write;
use std::path::Path;
use std::process::{Command, Stdio};

/// Run a program to success and answer its standard output.
pub fn run(cmd: &str, args: &[&str]) -> String {
    let out = Command::new(cmd)
        .args(args)
        .output()
        .unwrap_or_else(|e| panic!("{cmd} (poppler-utils) is installed: {e}"));
    assert!(
        out.status.success(),
        "{cmd} {args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

/// Run a program with `input` on its standard input.
fn run_with_input(cmd: &str, args: &[&str], input: &[u8]) -> String {
    let mut child = Command::new(cmd)
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap_or_else(|e| panic!("{cmd} (poppler-utils) is installed: {e}"));
    child.stdin.take().unwrap().write_all(input).unwrap();
    let out = child.wait_with_output().unwrap();
    assert!(
        out.status.success(),
        "{cmd} {args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

/// `pdftotext -raw` of a PDF file, pages separated by form feeds.
pub fn pdftotext(path: &Path) -> String {
    run(
        "pdftotext",
        &["-raw", "-enc", "UTF-8", path.to_str().unwrap(), "-"],
    )
}

/// `pdftotext` of PDF bytes in reading order, pages separated by form feeds.
pub fn text(pdf: &[u8]) -> String {
    run_with_input("pdftotext", &["-enc", "UTF-8", "-", "-"], pdf)
}

/// `pdftotext -layout` of PDF bytes: the columns kept side by side.
pub fn text_layout(pdf: &[u8]) -> String {
    run_with_input("pdftotext", &["-layout", "-enc", "UTF-8", "-", "-"], pdf)
}

/// The text of one page (from 1) of PDF bytes.
pub fn page_text(pdf: &[u8], page: u32) -> String {
    let page = page.to_string();
    run_with_input(
        "pdftotext",
        &["-f", &page, "-l", &page, "-enc", "UTF-8", "-", "-"],
        pdf,
    )
}

/// Text without any whitespace: CJK lines break anywhere, so the tests
/// look for phrases in this.
pub fn squash(s: &str) -> String {
    s.chars().filter(|c| !c.is_whitespace()).collect()
}

/// `pdfinfo` of a PDF file: its `Name: value` lines.
pub fn pdfinfo(path: &Path) -> String {
    run("pdfinfo", &[path.to_str().unwrap()])
}

/// One field of [`pdfinfo`] (`Pages`, `Page size`, `Producer` …).
pub fn pdfinfo_field(info: &str, name: &str) -> Option<String> {
    info.lines()
        .find_map(|l| l.strip_prefix(name)?.strip_prefix(':'))
        .map(|v| v.trim().to_string())
}
