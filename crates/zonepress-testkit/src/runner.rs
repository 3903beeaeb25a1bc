//! The `zonepress` binary as users run it, on a temp workspace.
//!
//! The binary is found beside the test executable (Cargo builds a crate's
//! binaries before its integration tests: `target/debug/deps/<test>` runs
//! `target/debug/zonepress`), or at `ZONEPRESS_BIN` when that is set.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::sync::OnceLock;

/// The demo accounts' password (`init --demo`).
pub const DEMO_PASSWORD: &str = "zonepress";
/// The password of the admin of [`own_admin_workspace`].
pub const ADMIN_PASSWORD: &str = "Qinghe-Office-2026";

/// The `zonepress` binary under test.
pub fn bin() -> &'static Path {
    static BIN: OnceLock<PathBuf> = OnceLock::new();
    BIN.get_or_init(|| {
        if let Some(p) = std::env::var_os("ZONEPRESS_BIN") {
            return PathBuf::from(p);
        }
        let exe = std::env::current_exe().expect("the test executable");
        let dir = exe
            .parent()
            .and_then(|deps| deps.parent())
            .expect("the test runs from target/<profile>/deps");
        let bin = dir.join(format!("zonepress{}", std::env::consts::EXE_SUFFIX));
        assert!(
            bin.is_file(),
            "{} is not built (cargo builds it for zonepress-cli's tests; elsewhere set ZONEPRESS_BIN)",
            bin.display()
        );
        bin
    })
}

/// `zonepress --workspace <ws>` with the rest of the arguments to add.
pub fn command(ws: &Path) -> Command {
    let mut cmd = Command::new(bin());
    cmd.arg("--workspace").arg(ws);
    cmd
}

/// Run `zonepress --workspace <ws> <args>` and answer what it did.
pub fn zonepress(ws: &Path, args: &[&str]) -> Output {
    command(ws).args(args).output().unwrap()
}

/// [`zonepress`] with `input` on its standard input (`--password-stdin`).
pub fn zonepress_with_input(ws: &Path, args: &[&str], input: &str) -> Output {
    let mut child = command(ws)
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    child
        .stdin
        .take()
        .unwrap()
        .write_all(input.as_bytes())
        .unwrap();
    child.wait_with_output().unwrap()
}

/// What a run printed on one of its streams, as text.
pub fn text(stream: &[u8]) -> String {
    String::from_utf8_lossy(stream).into_owned()
}

/// Assert that a run succeeded; answer its standard output.
pub fn ok(out: &Output) -> String {
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).into_owned()
}

/// `zonepress init --demo` in a new temp folder: the demo accounts, password
/// [`DEMO_PASSWORD`].
pub fn demo_workspace() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    ok(&zonepress(dir.path(), &["init", "--demo"]));
    dir
}

/// `zonepress init --admin boss`: one admin (赵磊) who chose their own
/// password, [`ADMIN_PASSWORD`].
pub fn own_admin_workspace() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    ok(&zonepress_with_input(
        dir.path(),
        &[
            "init",
            "--admin",
            "boss",
            "--name",
            "赵磊",
            "--password-stdin",
        ],
        &format!("{ADMIN_PASSWORD}\n"),
    ));
    dir
}
