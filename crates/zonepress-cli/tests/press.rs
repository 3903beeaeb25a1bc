//! The press check of any PDF from outside: `zonepress preflight --press
//! FILE.pdf [--json]` exits 1 on errors and 0 on our own final export, and
//! `preflight_pdf` — which any signed-in role may send a PDF to — reads a
//! hostile file in a limited parser child, as `verify_export` does: a file
//! nested 60,000 deep or inflating to a gigabyte is `unreadable_file`, and
//! the server lives on with its memory where it was. The hostile files are
//! written here.

use std::io::Write;
use std::process::Output;
use std::time::Instant;

use base64::Engine;
use serde_json::{Value, json};
use zonepress_api::ErrorCode;
use zonepress_testkit::handpdf::{pdf, stream};
use zonepress_testkit::runner::*;
use zonepress_testkit::served::*;

fn exits(out: &Output, code: i32) {
    assert_eq!(
        out.status.code(),
        Some(code),
        "stdout: {}\nstderr: {}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
}

#[test]
fn preflight_press_on_the_command_line_fails_a_screen_colour_pdf_and_passes_the_final_export() {
    let ws = demo_workspace();
    let path = |name: &str| ws.path().join(name).to_str().unwrap().to_string();
    // A 校样 is in screen colour: its photo and masthead are RGB, as a
    // company's advertisement made for the screen would be.
    exits(
        &zonepress(
            ws.path(),
            &[
                "export",
                "--issue",
                "1",
                "--proof-copy",
                "-o",
                &path("校样.pdf"),
            ],
        ),
        0,
    );
    let out = zonepress(ws.path(), &["preflight", "--press", &path("校样.pdf")]);
    exits(&out, 1);
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.contains("[错误]") && text.contains("图像"), "{text}");
    assert!(text.contains("不是 PDF/X"), "{text}");
    let out = zonepress(
        ws.path(),
        &["preflight", "--press", &path("校样.pdf"), "--json"],
    );
    exits(&out, 1);
    let report: Value = serde_json::from_slice(&out.stdout).unwrap();
    let findings = report["findings"].as_array().unwrap();
    assert!(
        findings.iter().any(|f| f["code"] == "rgb_object"
            && f["severity"] == "error"
            && f["page"].as_u64().is_some()
            && f["object"].as_str().unwrap().starts_with("图像")),
        "{report:#}"
    );
    assert_eq!(report["limits"]["ink_limit"], 300);

    // The final print export (PDF/X-4) passes.
    exits(
        &zonepress(
            ws.path(),
            &["export", "--issue", "1", "-o", &path("付印.pdf")],
        ),
        0,
    );
    let out = zonepress(
        ws.path(),
        &["preflight", "--press", &path("付印.pdf"), "--json"],
    );
    exits(&out, 0);
    let report: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(report["errors"], 0, "{report:#}");
    assert_eq!(report["pdfx_version"], "PDF/X-4");

    // Hostile files on the command line: read in a parser child too. The
    // catalog nested 60,000 deep is never walked by the press check, so it
    // is answered (not PDF/X, no TrimBox); a file with no readable
    // structure is refused as unreadable. Neither crashes the program.
    let deep = format!("{}{}", "[".repeat(60_000), "]".repeat(60_000));
    std::fs::write(
        path("deep.pdf"),
        one_page(&format!("/Deep {deep}"), stream("", b"BT ET"), vec![]),
    )
    .unwrap();
    let out = zonepress(ws.path(), &["preflight", "--press", &path("deep.pdf")]);
    exits(&out, 0);
    assert!(String::from_utf8_lossy(&out.stdout).contains("TrimBox"));
    std::fs::write(path("broken.pdf"), b"%PDF-1.7\n1 0 obj << /Type /Catalog").unwrap();
    let out = zonepress(ws.path(), &["preflight", "--press", &path("broken.pdf")]);
    assert!(
        !out.status.success() && out.status.code().is_some(),
        "{out:?}"
    );
    assert!(
        String::from_utf8_lossy(&out.stderr).contains("文件无法读取"),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

/// One A4 page drawing `content` with resources `/XObject << /Im1 5 0 R >>`
/// (object 5 is the first of `more`); the catalog carries `extra`.
fn one_page(extra: &str, content: Vec<u8>, more: Vec<Vec<u8>>) -> Vec<u8> {
    let resources = if more.is_empty() {
        ""
    } else {
        "/Resources << /XObject << /Im1 5 0 R >> >>"
    };
    let mut objects = vec![
        format!("<< /Type /Catalog /Pages 2 0 R {extra} >>").into_bytes(),
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>".to_vec(),
        format!(
            "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] {resources} /Contents 4 0 R >>"
        )
        .into_bytes(),
        content,
    ];
    objects.extend(more);
    pdf(&objects)
}

/// `mib` MiB of `byte`, zlib-compressed (about a thousandth of the size).
fn zlib_of(byte: u8, mib: usize) -> Vec<u8> {
    let mut z = flate2::write::ZlibEncoder::new(Vec::new(), flate2::Compression::best());
    let block = vec![byte; 1024 * 1024];
    for _ in 0..mib {
        z.write_all(&block).unwrap();
    }
    z.finish().unwrap()
}

/// The server still answers a colleague's article list within a second.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn hostile_pdfs_sent_to_the_press_check_are_unreadable_and_the_server_lives_on() {
    let ws = demo_workspace();
    let mut server = Server::start(ws.path(), &[]);
    let url = server.url(false);
    // Any role may press-check a PDF: here the proofreader.
    let sender = client_from(&url, "127.0.0.2", None);
    let token = login(&sender, "proofreader", DEMO_PASSWORD).await;
    let colleague = client_from(&url, "127.0.0.3", None);
    let editor_token = login(&colleague, "editor", DEMO_PASSWORD).await;
    still_serves(&mut server, &colleague, &editor_token).await;
    let (_, hwm_before) = server.memory_kib();

    let check = |file: Vec<u8>| {
        let sender = &sender;
        let token = &token;
        async move {
            call(
                sender,
                "preflight_pdf",
                Some(token),
                json!({ "pdf_base64": base64::engine::general_purpose::STANDARD.encode(&file) }),
            )
            .await
        }
    };

    // Arrays 60,000 deep, in the catalog and in the page's content.
    let deep = format!("{}{}", "[".repeat(60_000), "]".repeat(60_000));
    // 1 GiB of zeros in 1 MB as the page's content, and 256 MiB of full
    // ink as a CMYK image of 8192 × 8192 pixels (under the size the ink
    // check still decodes) drawn over the page.
    let bomb = zlib_of(0, 1024);
    let ink = zlib_of(255, 256);
    assert!(bomb.len() < 1_200_000 && ink.len() < 1_200_000);
    let files = [
        (
            "nested in the syntax",
            one_page(&format!("/Deep {deep}"), stream("", b"BT ET"), vec![]),
        ),
        (
            "nested in the content",
            one_page(
                "",
                stream("", format!("BT {deep} TJ ET").as_bytes()),
                vec![],
            ),
        ),
        (
            "content bomb",
            one_page("", stream("/Filter /FlateDecode", &bomb), vec![]),
        ),
        (
            "image bomb",
            one_page(
                "",
                stream("", b"q 595 0 0 842 0 0 cm /Im1 Do Q"),
                vec![stream(
                    "/Type /XObject /Subtype /Image /Width 8192 /Height 8192 \
                     /ColorSpace /DeviceCMYK /BitsPerComponent 8 /Filter /FlateDecode",
                    &ink,
                )],
            ),
        ),
    ];
    for (what, file) in files {
        let started = Instant::now();
        match check(file).await {
            // A file the child read within its limits answers a report;
            // one that broke a limit is unreadable. Either way no crash.
            Ok(report) => {
                assert!(report["pages"].is_u64(), "{what}: {report}");
                eprintln!(
                    "{what}: report, {} errors, in {:?}",
                    report["errors"],
                    started.elapsed()
                );
            }
            Err(e) => {
                assert_eq!(e.code, ErrorCode::UnreadableFile, "{what}: {e:?}");
                assert!(e.message.starts_with("文件无法读取"), "{}", e.message);
                eprintln!("{what}: unreadable ({}) in {:?}", e.log, started.elapsed());
            }
        }
        still_serves(&mut server, &colleague, &editor_token).await;
    }
    // A file with no readable structure is unreadable.
    let e = check(b"%PDF-1.7\n1 0 obj << /Type /Catalog".to_vec())
        .await
        .unwrap_err();
    assert_eq!(e.code, ErrorCode::UnreadableFile, "{e:?}");
    assert!(e.message.contains("印前检查"), "{}", e.message);
    // Not a PDF: said so.
    let e = check(b"GIF89a not a pdf".to_vec()).await.unwrap_err();
    assert_eq!(e.code, ErrorCode::InvalidInput, "{e:?}");
    assert!(e.message.contains("不是 PDF"), "{}", e.message);

    // Every file above was read in a child: the server's own high-water
    // mark grew by less than 64 MiB.
    let (_, hwm_after) = server.memory_kib();
    eprintln!("VmHWM before {hwm_before} KiB, after {hwm_after} KiB");
    assert!(
        hwm_after < hwm_before + 64 * 1024,
        "VmHWM grew from {hwm_before} to {hwm_after} KiB"
    );
}
