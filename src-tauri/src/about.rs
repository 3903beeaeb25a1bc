//! 关于: the version and the commit this desktop build was made from (the
//! commit comes from `build.rs`: `git rev-parse`, or "unknown" without git).

/// The program's version and the build's commit, for the 关于 dialog.
pub fn build_info() -> serde_json::Value {
    serde_json::json!({
        "version": env!("CARGO_PKG_VERSION"),
        "commit": env!("ZONEPRESS_COMMIT"),
    })
}

#[tauri::command]
pub fn about() -> serde_json::Value {
    build_info()
}

#[cfg(test)]
mod tests {
    #[test]
    fn names_the_version_and_the_commit_of_this_tree() {
        let info = super::build_info();
        assert_eq!(info["version"], env!("CARGO_PKG_VERSION"));
        let commit = info["commit"].as_str().unwrap();
        let head = std::process::Command::new("git")
            .args(["rev-parse", "--short=12", "HEAD"])
            .output()
            .ok()
            .filter(|o| o.status.success())
            .map(|o| String::from_utf8_lossy(&o.stdout).trim().to_string());
        match (std::env::var("ZONEPRESS_COMMIT"), head) {
            (Ok(given), _) if !given.trim().is_empty() => assert_eq!(commit, given.trim()),
            (_, Some(head)) => assert_eq!(commit, head),
            (_, None) => assert_eq!(commit, "unknown"),
        }
    }
}
