//! Print what an import would propose for some files, as JSON.
//!
//! `cargo run -p zonepress-import --example preview -- 稿件.docx 来稿.txt`

fn main() {
    for path in std::env::args().skip(1) {
        let path = std::path::Path::new(&path);
        let name = path
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        let bytes = match std::fs::read(path) {
            Ok(b) => b,
            Err(e) => {
                eprintln!("{}: {e}", path.display());
                continue;
            }
        };
        match zonepress_import::preview_import(&name, &bytes) {
            Ok(articles) => println!(
                "{}",
                serde_json::to_string_pretty(&articles).expect("articles serialise")
            ),
            Err(e) => println!("{name}: {e} / {}", e.message_zh()),
        }
    }
}
