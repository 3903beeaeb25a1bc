//! The press, through the commands on the demo workspace: the final print
//! export is PDF/X-4 in CMYK, read back from the file itself with pikepdf
//! (qpdf) and poppler as a print shop's preflight reads it; photos are CMYK
//! in print and sRGB on the screen; the press check of any PDF; 出版形式;
//! 印刷设置 with an imported profile; the 内部资料 wording rule.
//!
//! Needs `python3` with `pikepdf`, `pdftotext` and `pdftoppm` (poppler-utils);
//! `scripts/deps.sh` installs them.

use std::path::{Path, PathBuf};
use std::process::Command;

use zonepress_testkit::api::Demo;
use zonepress_testkit::poppler::{page_text, squash};

use base64::Engine;
use serde_json::{Value, json};

fn out_dir() -> PathBuf {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/out/press");
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

/// What pikepdf reads from a PDF (see `tests/press/pdfx_report.py`).
fn report(pdf: &[u8], name: &str) -> Value {
    let path = out_dir().join(name);
    std::fs::write(&path, pdf).unwrap();
    let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/press/pdfx_report.py");
    let out = Command::new("python3")
        .arg(&script)
        .arg(&path)
        .output()
        .expect("python3 runs");
    assert!(
        out.status.success(),
        "pdfx_report.py failed (is pikepdf installed? python3 -m pip install pikepdf): {}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).unwrap()
}

fn items(pre: &Value) -> &Vec<Value> {
    pre["items"].as_array().unwrap()
}

fn mm(pt: f64) -> f64 {
    pt / 72.0 * 25.4
}

#[test]
fn the_demo_final_export_is_pdf_x_4_in_cmyk() {
    let d = Demo::new();
    let pre = d.json("layout", "preflight_issue", json!({ "issue_id": 1 }));
    assert_eq!(pre["ready"], true, "{pre:#}");
    let pdf = d.bytes("layout", "export_issue", json!({ "issue_id": 1 }));
    let r = report(&pdf, "demo-final.pdf");

    // PDF/X-4 in Info and XMP, trapping stated.
    assert_eq!(r["info"]["GTS_PDFXVersion"], "PDF/X-4", "{r:#}");
    assert_eq!(r["xmp_pdfxid"], "PDF/X-4");
    assert_eq!(r["info"]["Trapped"], "/False");
    assert_eq!(r["xmp_trapped"], "False");
    assert!(
        r["info"]["Title"]
            .as_str()
            .unwrap()
            .contains("青禾开发区报")
    );
    assert!(r["info"]["ModDate"].is_string() && r["info"]["CreationDate"].is_string());
    // PDF/X-4 allows no attachment: the manifest is beside the file.
    assert_eq!(r["attachments"], 0);
    // Exactly one GTS_PDFX output intent, with a 4-channel printer profile.
    let intents = r["output_intents"].as_array().unwrap();
    assert_eq!(intents.len(), 1, "{intents:?}");
    assert_eq!(intents[0]["S"], "/GTS_PDFX");
    assert_eq!(intents[0]["N"], 4);
    assert_eq!(intents[0]["profile_space"], "CMYK");
    assert_eq!(intents[0]["profile_class"], "prtr");
    assert_eq!(intents[0]["condition"], "FOGRA39");
    assert!(intents[0]["profile_bytes"].as_u64().unwrap() > 10_000);

    // No DeviceRGB, no ICC-based RGB, no Lab, no grey anywhere (page
    // content, forms, images, shadings): CMYK only.
    let spaces = r["colour_spaces"].as_object().unwrap();
    for bad in [
        "DeviceRGB",
        "ICCBased/3",
        "Lab",
        "CalRGB",
        "ICCBased/1",
        "DeviceGray",
    ] {
        assert!(
            !spaces.contains_key(bad),
            "{bad} used: {:?}",
            r["colour_space_samples"][bad]
        );
    }
    assert!(spaces.contains_key("DeviceCMYK"), "{spaces:?}");
    assert!(
        spaces.keys().all(|k| k == "DeviceCMYK"),
        "only CMYK expected: {spaces:?}"
    );

    // Every image is CMYK and at or above 300 ppi (coated paper) as placed.
    let images = r["images"].as_array().unwrap();
    assert!(!images.is_empty());
    for img in images {
        assert_eq!(img["colour_space"], "DeviceCMYK", "{img}");
        assert!(img["ppi"].as_f64().unwrap() >= 300.0, "{img}");
    }

    // Text: every text-showing operator is under a CMYK fill; black text
    // is K only (0 0 0 1), never four-colour black.
    let text = &r["text"];
    assert!(text["total"].as_u64().unwrap() > 500, "{text}");
    assert_eq!(text["not_cmyk"], 0, "{text}");
    assert_eq!(text["rich_black"], 0, "{text}");
    assert!(
        text["black_k"].as_u64().unwrap() * 10 > text["total"].as_u64().unwrap() * 9,
        "most text is K-only black: {text}"
    );

    // Boxes on every page: MediaBox ⊇ BleedBox = TrimBox + 3 mm ⊇ TrimBox =
    // A3 (297 × 420 mm).
    let pages = r["pages"].as_array().unwrap();
    assert_eq!(pages.len(), 4);
    for p in pages {
        let v = |k: &str| -> Vec<f64> {
            p[k].as_array()
                .unwrap_or_else(|| panic!("{k} missing: {p}"))
                .iter()
                .map(|x| x.as_f64().unwrap())
                .collect()
        };
        let (media, bleed, trim) = (v("media"), v("bleed"), v("trim"));
        assert!((mm(trim[2] - trim[0]) - 297.0).abs() < 0.1, "{p}");
        assert!((mm(trim[3] - trim[1]) - 420.0).abs() < 0.1, "{p}");
        for i in 0..2 {
            assert!((mm(trim[i] - bleed[i]) - 3.0).abs() < 0.05, "{p}");
            assert!((mm(bleed[i + 2] - trim[i + 2]) - 3.0).abs() < 0.05, "{p}");
            assert!(
                media[i] <= bleed[i] + 0.001 && bleed[i + 2] <= media[i + 2] + 0.001,
                "{p}"
            );
        }
        // Crop marks sit outside the bleed: the sheet is larger still.
        assert!(media[2] - media[0] > bleed[2] - bleed[0] + 1.0, "{p}");
        assert!(
            p["group_cs"].is_null() || p["group_cs"] == "DeviceCMYK",
            "{p}"
        );
    }

    // Fonts embedded.
    let fonts = r["fonts"].as_object().unwrap();
    assert!(!fonts.is_empty());
    assert!(fonts.values().all(|e| e == true), "{fonts:?}");

    // Our own press check agrees: no errors.
    let check = zonepress_export::check_pdf(
        &pdf,
        zonepress_export::PressLimits {
            ink_limit: 300,
            min_ppi: 300,
        },
    )
    .unwrap();
    assert_eq!(check.errors, 0, "{:#?}", check.findings);
    assert_eq!(check.pdfx_version.as_deref(), Some("PDF/X-4"));

    // The manifest is beside the file, and verify finds it there; sent
    // alone, these exact bytes are checked against the recorded manifest.
    let manifest = d.json("layout", "get_export_manifest", json!({ "issue_id": 1 }));
    let alone = zonepress_api::layout::verify(&d.ctx, &pdf, None).unwrap();
    assert!(alone.ok && alone.hash_matches, "{alone:?}");
    let ok = zonepress_api::layout::verify(&d.ctx, &pdf, Some(&manifest.to_string())).unwrap();
    assert!(ok.ok && ok.hash_matches, "{ok:?}");

    // The masthead and the colophon as the 内部资料 requires.
    let first = squash(&page_text(&pdf, 1));
    assert!(first.contains("内部资料"), "{first}");
    assert!(first.contains("免费交流"));
    assert!(
        first.contains("准印证号：（青）内准字第2026-018号"),
        "{first}"
    );
    let last = squash(&page_text(&pdf, 4));
    for needle in [
        "编印：青禾开发区党群工作部宣传办",
        "发送对象：区内机关、企事业单位及驻区单位",
        "印刷：青禾印务有限公司",
        "印刷日期：2026年11月28日",
        "印数：3000份",
        "准印证号：（青）内准字第2026-018号",
        "2026年第11期总第137期",
    ] {
        assert!(last.contains(needle), "page 4 lacks {needle}: {last}");
    }

    // For looking at: page 1 and the page with the colophon at 50 dpi.
    let pdf_path = out_dir().join("demo-final.pdf");
    let status = Command::new("pdftoppm")
        .args(["-r", "50", "-png"])
        .arg(&pdf_path)
        .arg(out_dir().join("demo-final"))
        .status()
        .expect("pdftoppm runs");
    assert!(status.success());
}

#[test]
fn an_srgb_photo_is_cmyk_in_print_and_srgb_on_the_screen_and_in_the_web_edition() {
    let d = Demo::new();
    // The demo photo is an sRGB JPEG (three components).
    let plan = d.json("layout", "get_issue_plan", json!({ "issue_id": 1 }));
    let photo_article = plan["articles"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| a["id"].as_i64().unwrap())
        .find_map(|id| {
            let a = d.json("editor", "get_article", json!({ "id": id }));
            a["body"]
                .as_array()
                .unwrap()
                .iter()
                .find(|b| b["type"] == "image" || b.get("asset_id").is_some())
                .map(|b| b["asset_id"].as_str().unwrap().to_string())
        })
        .expect("the demo has a photo");
    let original = d.bytes("editor", "get_asset", json!({ "id": photo_article }));
    let img = image::load_from_memory(&original).unwrap();
    assert_eq!(img.color(), image::ColorType::Rgb8);

    // In the print PDF: a DCT image in DeviceCMYK.
    let pdf = d.bytes("layout", "export_issue", json!({ "issue_id": 1 }));
    let r = report(&pdf, "photo-final.pdf");
    let images = r["images"].as_array().unwrap();
    assert!(
        images.iter().any(|i| i["colour_space"] == "DeviceCMYK"
            && i["filters"].to_string().contains("DCTDecode")
            && i["width"].as_u64() == Some(u64::from(img.width()))),
        "{images:?}"
    );

    // The 校样 (screen colour): the same photo in sRGB, no CMYK at all.
    let proof = d.bytes(
        "layout",
        "export_issue",
        json!({ "issue_id": 1, "options": { "proof_copy": true } }),
    );
    let p = report(&proof, "photo-proof.pdf");
    assert!(p["info"]["GTS_PDFXVersion"].is_null());
    assert!(
        !p["colour_spaces"]
            .as_object()
            .unwrap()
            .contains_key("DeviceCMYK"),
        "{:?}",
        p["colour_spaces"]
    );
    assert!(
        p["images"]
            .as_array()
            .unwrap()
            .iter()
            .all(|i| i["colour_space"] != "DeviceCMYK")
    );

    // The 数字报: the photo as it was imported (sRGB), page images RGB PNGs.
    let zip = d.bytes("layout", "export_web", json!({ "issue_id": 1 }));
    let site = zonepress_web::read::from_zip(&zip).unwrap();
    let mut photos = 0;
    let mut pages = 0;
    for (path, bytes) in &site {
        if path.ends_with(".jpg") || path.ends_with(".jpeg") {
            let i = image::load_from_memory(bytes).unwrap();
            assert_eq!(i.color(), image::ColorType::Rgb8, "{path}");
            assert!(
                !zonepress_export::press::frames::is_cmyk_jpeg(bytes),
                "{path}"
            );
            photos += 1;
        }
        if path.ends_with(".png") {
            let i = image::load_from_memory(bytes).unwrap();
            assert!(
                matches!(i.color(), image::ColorType::Rgb8 | image::ColorType::Rgba8),
                "{path}"
            );
            pages += 1;
        }
    }
    assert!(
        photos >= 1 && pages >= 4,
        "{photos} photos, {pages} page images"
    );
}

#[test]
fn a_press_preflight_of_a_pdf_with_an_rgb_image_fails_naming_it() {
    let d = Demo::new();
    // A 校样 is screen colour: its photo is RGB, as a supplied advertisement's might be.
    let proof = d.bytes(
        "layout",
        "export_issue",
        json!({ "issue_id": 1, "options": { "proof_copy": true } }),
    );
    let b64 = base64::engine::general_purpose::STANDARD.encode(&proof);
    let r = d.json("layout", "preflight_pdf", json!({ "pdf_base64": b64 }));
    assert!(r["errors"].as_u64().unwrap() > 0, "{r:#}");
    let findings = r["findings"].as_array().unwrap();
    let rgb_image = findings
        .iter()
        .find(|f| f["code"] == "rgb_object" && f["object"].as_str().unwrap().starts_with("图像"))
        .unwrap_or_else(|| panic!("no RGB image named: {findings:#?}"));
    assert_eq!(rgb_image["severity"], "error");
    assert!(rgb_image["page"].as_u64().is_some());
    assert!(
        rgb_image["message_zh"].as_str().unwrap().contains("像素"),
        "{rgb_image}"
    );
    assert!(findings.iter().any(|f| f["code"] == "not_pdfx"));
    // The final export passes the same check.
    let pdf = d.bytes("layout", "export_issue", json!({ "issue_id": 1 }));
    let b64 = base64::engine::general_purpose::STANDARD.encode(&pdf);
    let r = d.json("layout", "preflight_pdf", json!({ "pdf_base64": b64 }));
    assert_eq!(r["errors"], 0, "{r:#}");
    assert_eq!(r["pdfx_version"], "PDF/X-4");
}

#[test]
fn an_internal_publication_without_its_permit_is_refused_at_final_export() {
    let d = Demo::new();
    let mut p = d.json("admin", "get_publication", json!({}));
    let permit = p["permit_number"].as_str().unwrap().to_string();
    p["permit_number"] = json!("");
    d.json("admin", "update_publication", p.clone());

    let pre = d.json("layout", "preflight_issue", json!({ "issue_id": 1 }));
    assert_eq!(pre["ready"], false);
    let item = items(&pre)
        .iter()
        .find(|i| i["code"] == "publication_form_missing")
        .expect("the missing field is named");
    assert!(
        item["message_zh"].as_str().unwrap().contains("准印证号"),
        "{item}"
    );
    assert_eq!(item["object"], "准印证号");
    let err = d
        .call("layout", "export_issue", json!({ "issue_id": 1 }))
        .unwrap_err();
    assert_eq!(err.code, zonepress_api::ErrorCode::ExportFailed);
    assert!(err.message.contains("准印证号"), "{}", err.message);
    // A 校样 is still possible.
    d.bytes(
        "layout",
        "export_issue",
        json!({ "issue_id": 1, "options": { "proof_copy": true } }),
    );

    // With the number, the final export prints it where the template puts
    // it: the masthead (page 1) and the colophon (page 4).
    // The masthead changed, so its pages are signed again and printing
    // ordered again (签版 and 付印 bind what prints).
    p["permit_number"] = json!("（青）内准字第2027-001号");
    d.json("admin", "update_publication", p.clone());
    assert!(d.sign_off());
    let pdf = d.bytes("layout", "export_issue", json!({ "issue_id": 1 }));
    for page in [1, 4] {
        let text = squash(&page_text(&pdf, page));
        assert!(text.contains("内部资料"), "page {page}: {text}");
        assert!(
            text.contains("（青）内准字第2027-001号"),
            "page {page}: {text}"
        );
        assert!(!text.contains(&permit), "page {page}");
    }

    // A missing 印刷日期 (the issue's) is named too.
    d.json(
        "layout",
        "update_issue",
        json!({ "id": 1, "clear_print_date": true }),
    );
    let pre = d.json("layout", "preflight_issue", json!({ "issue_id": 1 }));
    assert!(
        items(&pre)
            .iter()
            .any(|i| i["code"] == "publication_form_missing"
                && i["message_zh"].as_str().unwrap().contains("印刷日期"))
    );

    // A 公开出版 periodical prints its CN number, not 内部资料.
    d.json(
        "layout",
        "update_issue",
        json!({ "id": 1, "print_date": "2026-11-28" }),
    );
    p["kind"] = json!("public");
    p["cn_number"] = json!("CN 32-1234/D");
    p["postal_code"] = json!("28-136");
    d.json("admin", "update_publication", p);
    assert!(d.sign_off());
    let pdf = d.bytes("layout", "export_issue", json!({ "issue_id": 1 }));
    let first = squash(&page_text(&pdf, 1));
    assert!(first.contains("CN32-1234/D"), "{first}");
    assert!(first.contains("邮发代号：28-136"), "{first}");
    assert!(!first.contains("内部资料"), "{first}");
}

#[test]
fn internal_publications_are_warned_off_benbao_and_the_rule_can_be_switched_off() {
    let d = Demo::new();
    let check = |text: &str| {
        d.json("editor", "check_text", json!({ "text": text }))
            .as_array()
            .unwrap()
            .iter()
            .filter(|f| f["rule"] == "word.internal")
            .cloned()
            .collect::<Vec<Value>>()
    };
    let found = check("本报讯（记者 林悦）本报记者从开发区获悉，本报告期内本报将增设专栏。");
    let fixes: Vec<&str> = found
        .iter()
        .map(|f| f["replacement"].as_str().unwrap_or(""))
        .collect();
    assert_eq!(fixes, vec!["本刊讯", "本刊记者", "本刊"], "{found:#?}");
    assert!(found.iter().all(|f| f["severity"] == "warning"));

    // A 公开出版 newspaper may call itself 本报.
    let mut p = d.json("admin", "get_publication", json!({}));
    p["kind"] = json!("public");
    p["cn_number"] = json!("CN 32-1234/D");
    d.json("admin", "update_publication", p.clone());
    assert!(check("本报讯 本报记者").is_empty());
    p["kind"] = json!("internal");
    d.json("admin", "update_publication", p);
    assert_eq!(check("本报讯").len(), 1);

    // Switched off in the word list like any other entry.
    let rules = d.json("admin", "list_word_rules", json!({}));
    for r in rules.as_array().unwrap() {
        if r["kind"] == "internal" {
            d.json("admin", "delete_word_rule", json!({ "id": r["id"] }));
        }
    }
    assert!(check("本报讯 本报记者").is_empty());
}

#[test]
fn print_settings_take_an_imported_profile_and_a_new_masthead_colour() {
    let d = Demo::new();
    let view = d.json("layout", "get_print_settings", json!({}));
    assert_eq!(view["profile"]["key"], "builtin:coated");
    assert!(
        view["profile"]["description"]
            .as_str()
            .unwrap()
            .contains("FOGRA39L")
    );
    assert_eq!(view["settings"]["ink_limit"], 300);
    // Only an admin changes them.
    let mut settings = view["settings"].clone();
    settings["ink_limit"] = json!(280);
    assert!(
        d.call("layout", "update_print_settings", settings.clone())
            .is_err()
    );

    // An RGB profile is refused with a reason.
    let srgb = std::fs::read("/usr/share/color/icc/sRGB.icc").unwrap_or_else(|_| {
        // Any RGB display profile will do.
        moxcms::ColorProfile::new_srgb().encode().unwrap()
    });
    let err = d
        .call(
            "admin",
            "import_print_profile",
            json!({ "file_name": "srgb.icc",
                    "data_base64": base64::engine::general_purpose::STANDARD.encode(&srgb) }),
        )
        .unwrap_err();
    assert!(err.message.contains("CMYK"), "{}", err.message);

    // A shop's CMYK profile (here the uncoated one ZonePress builds, as a file).
    let icc = zonepress_export::OutputProfile::builtin("builtin:uncoated")
        .unwrap()
        .icc()
        .to_vec();
    let info = d.json(
        "admin",
        "import_print_profile",
        json!({ "file_name": "青禾印务-胶版纸.icc",
                "data_base64": base64::engine::general_purpose::STANDARD.encode(&icc) }),
    );
    assert_eq!(info["name"], "青禾印务-胶版纸.icc");
    assert_eq!(info["builtin"], false);
    settings["ink_limit"] = json!(280);
    settings["profile"] = info["key"].clone();
    settings["masthead"] = json!({ "c": 0, "m": 90, "y": 80, "k": 0 });
    let view = d.json("admin", "update_print_settings", settings.clone());
    assert_eq!(view["profile"]["name"], "青禾印务-胶版纸.icc");
    assert!(view["masthead_screen"].as_str().unwrap().starts_with('#'));
    // In use: cannot be deleted.
    assert!(
        d.call(
            "admin",
            "delete_print_profile",
            json!({ "key": info["key"] })
        )
        .is_err()
    );

    // The pages print in other colours now: signed again, printing ordered.
    assert!(d.sign_off());
    let pdf = d.bytes("layout", "export_issue", json!({ "issue_id": 1 }));
    let r = report(&pdf, "imported-profile.pdf");
    let intents = r["output_intents"].as_array().unwrap();
    assert_eq!(intents.len(), 1);
    assert_eq!(intents[0]["condition"], "Custom");
    assert!(
        intents[0]["info"].as_str().unwrap().contains("FOGRA29L"),
        "{intents:?}"
    );
    assert_eq!(intents[0]["profile_bytes"], icc.len());
    // The masthead's name is set in the new CMYK.
    // (CMYK goes through the PDF as 8-bit: 90 % is 230/255.)
    let fills = r["text"]["fills"].as_object().unwrap();
    let near = |k: &str, want: [f64; 4]| {
        let v: Vec<f64> = k
            .split(' ')
            .skip(1)
            .filter_map(|x| x.parse().ok())
            .collect();
        k.starts_with("DeviceCMYK ")
            && v.len() == 4
            && v.iter().zip(want).all(|(a, b)| (a - b).abs() < 0.005)
    };
    assert!(
        fills.keys().any(|k| near(k, [0.0, 0.9, 0.8, 0.0])),
        "{fills:?}"
    );

    // An ink limit the masthead exceeds is refused.
    settings["ink_limit"] = json!(160);
    settings["masthead"] = json!({ "c": 0, "m": 100, "y": 100, "k": 10 });
    let err = d
        .call("admin", "update_print_settings", settings)
        .unwrap_err();
    assert!(err.message.contains("总墨量"), "{}", err.message);
}

#[test]
fn hostile_icc_files_are_refused_with_a_reason_and_nothing_is_kept() {
    let d = Demo::new();
    let import = |name: &str, bytes: &[u8]| {
        d.call(
            "admin",
            "import_print_profile",
            json!({ "file_name": name,
                    "data_base64": base64::engine::general_purpose::STANDARD.encode(bytes) }),
        )
    };
    let good = zonepress_export::OutputProfile::builtin("builtin:newsprint")
        .unwrap()
        .icc()
        .to_vec();
    // The ICC header: size at 0, device class at 12, colour space at 16.
    let with = |at: usize, bytes: &[u8]| {
        let mut p = good.clone();
        p[at..at + bytes.len()].copy_from_slice(bytes);
        p
    };
    // A tag table whose first entry points far past the end of the file.
    let mut past_end = good.clone();
    past_end[132 + 4..132 + 8].copy_from_slice(&0x7fff_0000u32.to_be_bytes());
    past_end[132 + 8..132 + 12].copy_from_slice(&0x7fff_0000u32.to_be_bytes());
    // A tag count of four billion.
    let many_tags = with(128, &u32::MAX.to_be_bytes());
    let mut huge = good.clone();
    huge.resize(9 * 1024 * 1024, 0);
    let cases: Vec<(&str, Vec<u8>, &str)> = vec![
        ("huge.icc", huge, "太大"),
        ("empty.icc", vec![], "不是有效的 ICC"),
        ("header-only.icc", good[..128].to_vec(), "不是有效的 ICC"),
        (
            "half.icc",
            good[..good.len() / 2].to_vec(),
            "不是有效的 ICC",
        ),
        ("past-end.icc", past_end, ""),
        ("many-tags.icc", many_tags, ""),
        ("scanner.icc", with(12, b"scnr"), "不是输出"),
        ("link.icc", with(12, b"link"), ""),
        ("gray.icc", with(16, b"GRAY"), "不是 CMYK"),
        (
            "photo.jpg",
            b"\xff\xd8\xff\xe0 not a profile at all".to_vec(),
            "不是有效的 ICC",
        ),
    ];
    for (name, bytes, says) in cases {
        let e = import(name, &bytes).expect_err(name);
        assert_eq!(
            e.code,
            zonepress_api::ErrorCode::InvalidInput,
            "{name}: {e:?}"
        );
        assert!(
            e.message.contains(says)
                && e.message
                    .chars()
                    .any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c)),
            "{name}: {}",
            e.message
        );
    }
    // Nothing was kept: the built-in profiles only.
    let view = d.json("admin", "get_print_settings", json!({}));
    let profiles = view["profiles"].as_array().unwrap();
    assert!(
        profiles.iter().all(|p| p["builtin"] == true),
        "{profiles:?}"
    );
    // The real file still goes in.
    assert!(import("印厂-新闻纸.icc", &good).is_ok());
}
