//! Each press check (印前检查 of a PDF, `check_pdf`) on a small PDF written
//! here by hand, the way an advertisement or a supplied page might come:
//! every finding names its page and its object, and a clean page has none.

use zonepress_export::{PressFinding, PressLimits, Severity, check_pdf};
use zonepress_testkit::handpdf::{pdf, stream};

/// Two A4 pages: page 1 draws `first`, page 2 draws `second`, both with a
/// font `/F1` (Helvetica, not embedded unless `embedded`), a Lab colour
/// space `/Lab0` and a CMYK image `/Im1` of 100 × 100 pixels.
fn two_pages(first: &str, second: &str, embedded: bool) -> Vec<u8> {
    let font = if embedded {
        // A TrueType font with a (token) font file: embedded as far as
        // the check reads.
        "<< /Type /Font /Subtype /TrueType /BaseFont /ABCDEF+Body /FontDescriptor 10 0 R >>"
    } else {
        "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>"
    };
    let resources = "/Resources << /Font << /F1 7 0 R >> \
                     /ColorSpace << /Lab0 [/Lab << /WhitePoint [0.9505 1 1.089] >>] >> \
                     /XObject << /Im1 8 0 R >> >>";
    let boxes = "/MediaBox [0 0 595 842] /TrimBox [0 0 595 842] /BleedBox [0 0 595 842]";
    pdf(&[
        b"<< /Type /Catalog /Pages 2 0 R >>".to_vec(),
        b"<< /Type /Pages /Kids [3 0 R 4 0 R] /Count 2 >>".to_vec(),
        format!("<< /Type /Page /Parent 2 0 R {boxes} {resources} /Contents 5 0 R >>").into_bytes(),
        format!("<< /Type /Page /Parent 2 0 R {boxes} {resources} /Contents 6 0 R >>").into_bytes(),
        stream("", first.as_bytes()),
        stream("", second.as_bytes()),
        font.as_bytes().to_vec(),
        stream(
            "/Type /XObject /Subtype /Image /Width 100 /Height 100 \
             /ColorSpace /DeviceCMYK /BitsPerComponent 8",
            &[0u8; 100 * 100 * 4],
        ),
        b"<< >>".to_vec(),
        b"<< /Type /FontDescriptor /FontName /ABCDEF+Body /Flags 32 /FontBBox [0 0 1000 1000] \
           /ItalicAngle 0 /Ascent 800 /Descent -200 /CapHeight 700 /StemV 80 /FontFile2 11 0 R >>"
            .to_vec(),
        stream("", b"not really a font"),
    ])
}

const LIMITS: PressLimits = PressLimits {
    ink_limit: 300,
    min_ppi: 300,
};

fn find<'a>(findings: &'a [PressFinding], code: &str, page: u32) -> &'a PressFinding {
    findings
        .iter()
        .find(|f| f.code == code && f.page == Some(page))
        .unwrap_or_else(|| panic!("no {code} on page {page}: {findings:#?}"))
}

#[test]
fn each_press_check_names_its_page_and_object() {
    // Page 1: an RGB fill, a Lab fill, a 400 % CMYK area, 8 pt text in two
    // inks (font not embedded), a 0.2 pt rule in two inks.
    let first = "1 0 0 rg 10 10 50 50 re f \
                 /Lab0 cs 50 20 30 sc 100 10 50 50 re f \
                 1 1 1 1 k 200 10 50 50 re f \
                 BT /F1 8 Tf 0.6 0.5 0 0 k 50 700 Td (Small) Tj ET \
                 0.2 w 0 1 1 0 K 50 600 m 300 600 l S";
    // Page 2: a 100-pixel image placed 200 pt wide (36 ppi).
    let second = "q 200 0 0 200 100 400 cm /Im1 Do Q";
    let report = check_pdf(&two_pages(first, second, false), LIMITS).unwrap();
    let f = &report.findings;
    assert_eq!(report.pages, 2);

    let rgb = find(f, "rgb_object", 1);
    assert_eq!(rgb.severity, Severity::Error);
    assert!(rgb.message_zh.starts_with("第1页"), "{rgb:?}");
    assert!(rgb.message_zh.contains("RGB"), "{rgb:?}");

    let lab = find(f, "lab_object", 1);
    assert_eq!(lab.severity, Severity::Error);
    assert!(lab.message_zh.contains("Lab"), "{lab:?}");

    let ink = find(f, "ink_limit", 1);
    assert_eq!(ink.severity, Severity::Error);
    assert!(
        ink.message_zh.contains("400%") && ink.message_zh.contains("300%"),
        "{ink:?}"
    );

    let fine: Vec<&PressFinding> = f
        .iter()
        .filter(|x| x.code == "multi_ink_fine" && x.page == Some(1))
        .collect();
    assert_eq!(fine.len(), 2, "the text and the rule: {f:#?}");
    assert!(fine.iter().all(|x| x.severity == Severity::Error));
    assert!(
        fine.iter().any(|x| x.message_zh.contains("8.00 pt")),
        "{fine:#?}"
    );
    assert!(
        fine.iter().any(|x| x.message_zh.contains("0.20 pt")),
        "{fine:#?}"
    );

    let font = find(f, "font_not_embedded", 1);
    assert_eq!(font.severity, Severity::Error);
    assert!(font.message_zh.contains("Helvetica"), "{font:?}");

    let res = find(f, "image_resolution", 2);
    assert_eq!(res.severity, Severity::Error);
    assert!(res.object.contains("100×100"), "{res:?}");
    assert!(res.message_zh.contains("36 ppi"), "{res:?}");
    // Nothing of page 1 is blamed on page 2 and back.
    assert!(
        !f.iter()
            .any(|x| x.page == Some(2) && x.code != "image_resolution")
    );
    assert!(report.errors >= 7, "{f:#?}");
    // Not PDF/X: said once, for the document.
    assert!(
        f.iter()
            .any(|x| x.code == "not_pdfx" && x.page.is_none() && x.severity == Severity::Warning)
    );
}

#[test]
fn a_clean_page_passes_and_limits_come_from_the_settings() {
    // K-only text, a K-only hairline, 280 % of ink, the image at 300 ppi.
    let clean = "BT /F1 8 Tf 0 0 0 1 k 50 700 Td (Small) Tj ET \
                 0.2 w 0 0 0 1 K 50 600 m 300 600 l S \
                 0.8 0.8 0.6 0.6 k 200 10 50 50 re f \
                 q 24 0 0 24 100 400 cm /Im1 Do Q";
    let report = check_pdf(&two_pages(clean, "", true), LIMITS).unwrap();
    assert_eq!(report.errors, 0, "{:#?}", report.findings);
    // On newsprint (220 %) the 280 % area is over the limit.
    let newsprint = check_pdf(
        &two_pages(clean, "", true),
        PressLimits {
            ink_limit: 220,
            min_ppi: 200,
        },
    )
    .unwrap();
    let ink = find(&newsprint.findings, "ink_limit", 1);
    assert!(ink.message_zh.contains("280%"), "{ink:?}");
    assert_eq!(newsprint.errors, 1, "{:#?}", newsprint.findings);
}
