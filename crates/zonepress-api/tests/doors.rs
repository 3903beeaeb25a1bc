//! One door: the transports (the `zonepress` command line, the desktop
//! shell, the HTTP server) reach the api only through the command table —
//! by name ([`zonepress_api::call_from`] and its kin, for requests that come
//! with a name) or typed ([`zonepress_api::invoke`]) — and through the few
//! functions that must run before there is a session: creating, opening,
//! restoring and serving a workspace. This test reads their sources and
//! fails on any other api function they call, so a side door that skips
//! the table's password-change gate and per-command log cannot come back
//! unnoticed. Types, constants and constructors are not doors.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

/// Api functions a transport may call, each with why.
const ALLOWED: &[(&str, &str)] = &[
    // The command table.
    ("invoke", "the typed door"),
    ("call", "a command by name from the desktop UI"),
    ("call_from", "a command by name (IPC, HTTP)"),
    (
        "call_session",
        "a command by name for a session checked before the body",
    ),
    (
        "authenticate",
        "the session of a token, before reading a body",
    ),
    ("cli_session", "the command line's session (`--as`)"),
    ("command_info", "what the table says of a command"),
    ("max_body", "the body limit of a command"),
    ("is_heavy", "how many of a command run at once"),
    ("openapi::document", "the OpenAPI document of the table"),
    // Before a session: create, restore, open, serve.
    (
        "workspace::create",
        "新建工作区, `zonepress init`, the demo",
    ),
    (
        "admin::restore_workspace",
        "`zonepress restore` (no server may run)",
    ),
    (
        "admin::is_demo",
        "opening a workspace: the demo is never shared",
    ),
    (
        "serving::check_network_ready",
        "serving beyond this machine",
    ),
    (
        "serving::record",
        "serving: the program's own start, stop and resume",
    ),
    ("presence::sweep", "serving: who has an article open, swept"),
    ("notify::reminders::send_due", "serving: deadline reminders"),
    ("sandbox::main_hook", "a parser child process starts here"),
    // Pure helpers: no workspace, no session.
    (
        "files::write_export",
        "writing what `export_issue` answered",
    ),
    (
        "files::manifest_path",
        "where a manifest sits beside its PDF",
    ),
    ("files::write_edition", "writing what `export_web` answered"),
    (
        "files::read_edition",
        "a 数字报 folder read back for `verify_export`",
    ),
    ("files::write_private", "a backup only its owner may read"),
    (
        "auth::validate_password",
        "a new workspace's password, before anything changes",
    ),
    ("topics::parse_due", "a deadline as the user typed it"),
    ("stats::thousandths", "a share printed as a decimal"),
    (
        "articles::count_chars",
        "the characters of a text, for its 差错率",
    ),
    ("import::ImportResult::of", "a file that could not be read"),
];

fn sources(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).expect("read source dir") {
        let path = entry.expect("dir entry").path();
        if path.is_dir() {
            sources(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs")
            // The shell's own tests set up workspaces as a test may.
            && path.file_name().is_some_and(|n| n != "tests.rs")
        {
            out.push(path);
        }
    }
}

/// Every api function `text` calls by path (`zonepress_api::a::f(`,
/// `zonepress_api::invoke::<…>(`) or imports (`use zonepress_api::a::f;`,
/// `use zonepress_api::a::{f, T}`). A `Type::method(` call counts only when
/// it is listed (constructors such as `Caller::local()` are no doors).
fn calls(text: &str) -> Vec<String> {
    let lower = |s: &str| s.starts_with(|c: char| c.is_ascii_lowercase());
    let mut found = Vec::new();
    let mut rest = text;
    while let Some(at) = rest.find("zonepress_api::") {
        rest = &rest[at + "zonepress_api::".len()..];
        let raw: String = rest
            .chars()
            .take_while(|c| c.is_ascii_alphanumeric() || *c == '_' || *c == ':')
            .collect();
        let after = &rest[raw.len()..];
        let path = raw.trim_end_matches(':');
        let last = path.rsplit("::").next().unwrap_or("");
        let typed = path
            .split("::")
            .any(|s| s.starts_with(|c: char| c.is_ascii_uppercase()));
        let called = after.starts_with('(') || (raw.ends_with("::") && after.starts_with('<'));
        if called && lower(last) && (!typed || ALLOWED.iter().any(|(a, _)| *a == path)) {
            found.push(path.to_string());
        }
        // An import: `path;` or `path::{a, b}` (after `use`).
        let imported = text[..text.len() - rest.len()]
            .trim_end_matches("zonepress_api::")
            .trim_end()
            .ends_with("use");
        if imported
            && (after.starts_with(';') || after.starts_with(" as "))
            && lower(last)
            && !MODULES.contains(&path)
        {
            found.push(format!("use {path}"));
        }
        if imported && after.starts_with('{') {
            let inner = &after[1..after.find('}').unwrap_or(after.len())];
            for item in inner.split(',').map(str::trim).filter(|i| !i.is_empty()) {
                let name = item.split_whitespace().next().unwrap_or("");
                let full = if path.is_empty() {
                    name.to_string()
                } else {
                    format!("{path}::{name}")
                };
                if lower(name) && !MODULES.contains(&full.as_str()) && !MODULES.contains(&name) {
                    found.push(format!("use {full}"));
                }
            }
        }
    }
    found
}

/// Modules a transport may name in a `use` (for their types).
const MODULES: &[&str] = &[
    "admin",
    "articles",
    "auth",
    "cmd",
    "events",
    "files",
    "import",
    "layout",
    "pages",
    "pages::signoff",
    "press",
    "proof",
    "search",
    "serving",
    "stats",
    "topics",
    "topics::correspondents",
    "web",
    "workspace",
];

#[test]
fn transports_call_the_api_only_through_the_command_table() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
    let mut files = Vec::new();
    for dir in [
        "crates/zonepress-cli/src",
        "crates/zonepress-http/src",
        "src-tauri/src",
    ] {
        sources(&root.join(dir), &mut files);
    }
    assert!(files.len() > 20, "found only {} source files", files.len());
    let allowed: BTreeSet<&str> = ALLOWED.iter().map(|(a, _)| *a).collect();
    let mut doors = Vec::new();
    let mut seen = BTreeSet::new();
    for file in &files {
        let text = std::fs::read_to_string(file).expect("read source");
        for call in calls(&text) {
            seen.insert(call.clone());
            if !allowed.contains(call.as_str()) {
                doors.push(format!("{}: zonepress_api::{call}", file.display()));
            }
        }
    }
    assert!(
        doors.is_empty(),
        "transports call api functions beside the command table (use `invoke::<cmd::…>`):\n{}",
        doors.join("\n")
    );
    // The scan sees what it should: the typed door is in use.
    assert!(
        seen.contains("invoke"),
        "no transport uses the typed door: {seen:?}"
    );
}

#[test]
fn the_scan_finds_a_side_door() {
    let found = calls(
        "let out = zonepress_api::layout::export_as(&ctx, &s, 1, &o)?;\n\
         zonepress_api::invoke::<zonepress_api::cmd::list_issues>(&ctx, &c, &s, Empty {})?;\n\
         use zonepress_api::admin::backup_to_file;\n\
         use zonepress_api::{cmd, web::web_edition_as, Empty};",
    );
    assert_eq!(
        found,
        [
            "layout::export_as",
            "invoke",
            "use admin::backup_to_file",
            "use web::web_edition_as",
        ],
        "{found:?}"
    );
}
