//! The packaged `zonepress.service` stays confined: `systemd-analyze
//! security` (offline, on the file itself) scores it 2.5 or less, and the
//! settings the office server relies on are there — the workspace the one
//! writable path, a system-call filter, a memory ceiling, no new
//! privileges — and the packaged settings default to HTTPS.

use std::path::PathBuf;
use std::process::Command;

fn packaging(file: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../../packaging/linux")
        .join(file)
}

#[test]
fn the_service_unit_scores_at_most_2_5_in_systemd_analyze_security() {
    let unit = packaging("zonepress.service");
    let out = Command::new("systemd-analyze")
        .args(["security", "--offline=true"])
        .arg(&unit)
        .output()
        .expect("systemd-analyze (package systemd) is installed");
    let text = String::from_utf8_lossy(&out.stdout);
    let score: f64 = text
        .lines()
        .find_map(|l| {
            l.split_once("Overall exposure level for ")
                .and_then(|(_, rest)| rest.split_once(": "))
                .and_then(|(_, rest)| rest.split_whitespace().next())
                .and_then(|n| n.parse().ok())
        })
        .unwrap_or_else(|| {
            panic!(
                "no score in:\n{text}\n{}",
                String::from_utf8_lossy(&out.stderr)
            )
        });
    assert!(score <= 2.5, "exposure {score} > 2.5:\n{text}");

    let unit_text = std::fs::read_to_string(&unit).unwrap();
    for needed in [
        "ProtectSystem=strict",
        "ReadWritePaths=/var/lib/zonepress",
        "SystemCallFilter=@system-service",
        "MemoryMax=",
        "NoNewPrivileges=yes",
        "UMask=0077",
    ] {
        assert!(unit_text.contains(needed), "{needed} missing");
    }
    // The filter must leave what the server needs: setrlimit for the
    // child processes that parse uploads, netlink to list addresses.
    assert!(!unit_text.contains("@resources"));
    assert!(unit_text.contains("AF_NETLINK"));
}

#[test]
fn the_packaged_settings_default_to_https() {
    let conf = std::fs::read_to_string(packaging("zonepress.conf")).unwrap();
    assert!(conf.lines().any(|l| l == "ZONEPRESS_TLS=yes"), "{conf}");
    let serve = std::fs::read_to_string(packaging("zonepress-serve")).unwrap();
    assert!(serve.lines().any(|l| l == "ZONEPRESS_TLS=yes"));
}
