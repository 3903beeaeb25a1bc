//! The UI's TypeScript types are generated from the Rust types. This test
//! fails when `ui/src/api/types.gen.ts` is stale; run it with
//! `ZONEPRESS_UPDATE_TYPES=1` to rewrite the file.

use std::path::PathBuf;

#[test]
fn generated_typescript_types_are_current() {
    let path = PathBuf::from(std::env::var_os("CARGO_MANIFEST_DIR").expect("run by cargo"))
        .join("../../ui/src/api/types.gen.ts");
    let fresh = zonepress_api::typescript::definitions();
    if std::env::var_os("ZONEPRESS_UPDATE_TYPES").is_some() {
        std::fs::write(&path, &fresh).unwrap();
        return;
    }
    let on_disk = std::fs::read_to_string(&path).unwrap_or_default();
    assert!(
        on_disk == fresh,
        "ui/src/api/types.gen.ts is stale: run `ZONEPRESS_UPDATE_TYPES=1 cargo test -p zonepress-api --test typescript`"
    );
}

#[test]
fn every_command_has_named_types() {
    let ts = zonepress_api::typescript::definitions();
    for cmd in zonepress_api::COMMANDS {
        assert!(
            ts.contains(&format!("  {}: {{ input: ", cmd.name)),
            "{} missing from Commands",
            cmd.name
        );
    }
    for ty in [
        "export type Article = ",
        "export type Block = ",
        "export type ApiError = ",
    ] {
        assert!(ts.contains(ty), "{ty}");
    }
}
