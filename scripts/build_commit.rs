// Shared by the build scripts of `zonepress` (crates/zonepress-cli) and
// `zonepress-desktop` (src-tauri) through `include!`: the commit a build was
// made from, as `ZONEPRESS_COMMIT` for `env!`. `ZONEPRESS_COMMIT` in the
// environment wins (a build from a source tarball); without git it is
// "unknown".

fn git(args: &[&str]) -> Option<String> {
    let out = std::process::Command::new("git").args(args).output().ok()?;
    if !out.status.success() {
        return None;
    }
    Some(String::from_utf8(out.stdout).ok()?.trim().to_string())
}

/// Rebuild when this git file changes (found also in a worktree, where .git
/// is a file). Only paths that exist: cargo reruns a build script on every
/// build while a watched path is missing. False when it does not exist.
fn watch_git_path(path: &str) -> bool {
    match git(&["rev-parse", "--path-format=absolute", "--git-path", path]) {
        Some(p) if std::path::Path::new(&p).exists() => {
            println!("cargo:rerun-if-changed={p}");
            true
        }
        _ => false,
    }
}

fn emit_commit() {
    println!("cargo:rerun-if-env-changed=ZONEPRESS_COMMIT");
    let commit = match std::env::var("ZONEPRESS_COMMIT") {
        Ok(c) if !c.trim().is_empty() => c.trim().to_string(),
        _ => match git(&["rev-parse", "--short=12", "HEAD"]) {
            Some(hash) => {
                // HEAD moving, or the branch it names getting a new commit:
                // its loose ref, or (while it is only packed) the folder where
                // the next commit writes one.
                watch_git_path("HEAD");
                watch_git_path("packed-refs");
                if let Some(branch) = git(&["symbolic-ref", "-q", "HEAD"])
                    && !watch_git_path(&branch)
                {
                    watch_git_path("refs/heads");
                }
                hash
            }
            None => "unknown".to_string(),
        },
    };
    println!("cargo:rustc-env=ZONEPRESS_COMMIT={commit}");
}
