//! `zonepress --version`: the version and the commit the program was built from.

use std::process::Command;

const BIN: &str = env!("CARGO_BIN_EXE_zonepress");

#[test]
fn version_names_the_release_and_the_commit_it_was_built_from() {
    let out = Command::new(BIN).arg("--version").output().unwrap();
    assert!(out.status.success());
    let line = String::from_utf8(out.stdout).unwrap();
    let expected_commit = match std::env::var("ZONEPRESS_COMMIT") {
        Ok(c) if !c.trim().is_empty() => c.trim().to_string(),
        _ => Command::new("git")
            .args(["rev-parse", "--short=12", "HEAD"])
            .output()
            .ok()
            .filter(|o| o.status.success())
            .map(|o| String::from_utf8_lossy(&o.stdout).trim().to_string())
            .unwrap_or_else(|| "unknown".into()),
    };
    assert_eq!(
        line.trim_end(),
        format!(
            "zonepress {} (commit {expected_commit})",
            env!("CARGO_PKG_VERSION")
        )
    );
}
