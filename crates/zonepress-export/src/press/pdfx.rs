//! PDF/X-4 from Typst's PDF.
//!
//! Typst 0.15 (krilla) writes no PDF/X: it has no output intent but the
//! sRGB one of PDF/A, no `GTS_PDFXVersion`, no `BleedBox`, no `Trapped`.
//! What it writes otherwise is what PDF/X-4 asks for, given CMYK frames
//! ([`super::frames`]): `cmyk()` colours as `DeviceCMYK`, CMYK JPEGs passed
//! through as `DCTDecode` images in `DeviceCMYK`, every font embedded.
//! So the file is rewritten once, in memory, object by object: every object
//! is copied as it is except the catalog (which gains the one `GTS_PDFX`
//! output intent with the profile embedded), the document information
//! (`GTS_PDFXVersion`, `Trapped /False`, `ModDate`), the XMP metadata
//! (replaced by a packet with `pdfxid:GTS_PDFXVersion` and the same
//! values) and each page (which gains `TrimBox` when it has none and
//! `BleedBox` = TrimBox + bleed, inside the MediaBox); then a new
//! cross-reference table. No object is parsed beyond those, nothing is
//! compressed again: the rewrite costs a copy of the file (about a
//! millisecond for the demo issue).

use hayro_interpret::hayro_syntax;
use sha2::{Digest, Sha256};

use super::profile::OutputProfile;
use crate::error::ExportError;

/// What the PDF/X identification says about the document.
pub struct PdfxInfo<'a> {
    pub title: &'a str,
    pub author: &'a str,
    pub keywords: &'a str,
    /// `YYYY-MM-DD`: creation and modification date.
    pub date: &'a str,
    /// Bleed around each page's TrimBox, in pt.
    pub bleed_pt: f64,
    pub profile: &'a OutputProfile,
}

const CREATOR: &str = "ZonePress 园区编务 (Typst)";
const PRODUCER: &str = "Typst 0.15 (krilla), PDF/X-4 by ZonePress";

fn fail(reason: impl Into<String>) -> ExportError {
    ExportError::Pdf {
        reason: format!("PDF/X-4: {}", reason.into()),
    }
}

/// One object of the file: its number and its bytes (`N 0 obj … endobj`).
struct Obj<'a> {
    num: usize,
    bytes: std::borrow::Cow<'a, [u8]>,
}

/// Rewrite `pdf` (as Typst wrote it) as PDF/X-4.
pub fn to_pdfx(pdf: &[u8], info: &PdfxInfo<'_>) -> Result<Vec<u8>, ExportError> {
    let xref_at = startxref(pdf).ok_or_else(|| fail("no startxref"))?;
    let (offsets, trailer) = classic_xref(pdf, xref_at)?;
    let size = offsets.len();
    let root = dict_ref(trailer, b"/Root").ok_or_else(|| fail("no /Root"))?;
    let info_num = dict_ref(trailer, b"/Info");
    let id0 = first_id(trailer);

    // Objects in file order, each ending where the next begins.
    let mut order: Vec<(usize, usize)> = offsets
        .iter()
        .enumerate()
        .filter_map(|(n, o)| o.map(|o| (o, n)))
        .collect();
    order.sort_unstable();
    let mut objects: Vec<Obj<'_>> = Vec::with_capacity(order.len() + 3);
    for (i, &(at, num)) in order.iter().enumerate() {
        let end = order.get(i + 1).map_or(xref_at, |&(next, _)| next);
        if at >= end || end > pdf.len() {
            return Err(fail("object offsets out of order"));
        }
        objects.push(Obj {
            num,
            bytes: std::borrow::Cow::Borrowed(&pdf[at..end]),
        });
    }

    let parsed = hayro_syntax::Pdf::new(pdf.to_vec()).map_err(|_| fail("unreadable"))?;
    let mut page_boxes = vec![];
    for page in parsed.pages().iter() {
        let dict = page.raw();
        let num = dict
            .obj_id()
            .ok_or_else(|| fail("page without object number"))?
            .obj_number;
        let media = page.media_box();
        let trim = dict.get::<hayro_syntax::object::Rect>(b"TrimBox");
        page_boxes.push((num as usize, media, trim));
    }
    if page_boxes.is_empty() {
        return Err(fail("no pages"));
    }

    let mut next = size;
    let mut new_num = || {
        next += 1;
        next - 1
    };
    let icc_num = new_num();
    let intent_num = new_num();

    let catalog = find(&objects, root).ok_or_else(|| fail("catalog missing"))?;
    let metadata_num = dict_ref(dict_part(&objects[catalog].bytes), b"/Metadata");
    let xmp_num = metadata_num.unwrap_or_else(&mut new_num);
    let info_num = info_num.unwrap_or_else(&mut new_num);

    // The catalog: the output intent (and the metadata if it had none).
    {
        let mut extra = format!(" /OutputIntents [{intent_num} 0 R]");
        if metadata_num.is_none() {
            extra.push_str(&format!(" /Metadata {xmp_num} 0 R"));
        }
        let text = &objects[catalog].bytes;
        if contains(dict_part(text), b"/OutputIntents") {
            return Err(fail("the PDF has an output intent already"));
        }
        objects[catalog].bytes = std::borrow::Cow::Owned(insert_before_close(text, &extra)?);
    }
    // Pages: TrimBox (the paper) when Typst wrote none, BleedBox around it.
    for (num, media, trim) in &page_boxes {
        let i = find(&objects, *num).ok_or_else(|| fail("page object missing"))?;
        let t = trim.unwrap_or(*media);
        let b = info.bleed_pt;
        let bleed = hayro_syntax::object::Rect::new(t.x0 - b, t.y0 - b, t.x1 + b, t.y1 + b)
            .intersect(*media);
        let mut extra = String::new();
        if trim.is_none() {
            extra.push_str(&format!(" /TrimBox {}", rect(t)));
        }
        extra.push_str(&format!(" /BleedBox {}", rect(bleed)));
        if contains(dict_part(&objects[i].bytes), b"/BleedBox") {
            return Err(fail("page has a BleedBox already"));
        }
        objects[i].bytes = std::borrow::Cow::Owned(insert_before_close(&objects[i].bytes, &extra)?);
    }

    let digest = Sha256::digest(pdf);
    let id0 = id0.unwrap_or_else(|| hex::encode(&digest[..16]));
    let id1 = hex::encode(&Sha256::digest([&digest[..], b"PDF/X-4"].concat())[..16]);
    let uuid = |h: &[u8]| {
        let h = hex::encode(&h[..16]);
        format!(
            "uuid:{}-{}-{}-{}-{}",
            &h[..8],
            &h[8..12],
            &h[12..16],
            &h[16..20],
            &h[20..32]
        )
    };
    let document_id = uuid(&Sha256::digest(id0.as_bytes()));
    let instance_id = uuid(&Sha256::digest(id1.as_bytes()));
    let pdf_date = pdf_date(info.date);
    let xmp_date = format!("{}T00:00:00Z", info.date);

    // Document information, with the same values as the XMP.
    let info_dict = format!(
        "{info_num} 0 obj\n<< /Title {} /Author {} /Keywords {} /Creator {} /Producer {} \
         /CreationDate {pdf_date} /ModDate {pdf_date} /Trapped /False \
         /GTS_PDFXVersion (PDF/X-4) >>\nendobj\n",
        text_string(info.title),
        text_string(info.author),
        text_string(info.keywords),
        text_string(CREATOR),
        text_string(PRODUCER),
    );
    replace_or_add(&mut objects, info_num, info_dict.into_bytes());

    let xmp = xmp(info, &xmp_date, &document_id, &instance_id);
    let mut xmp_obj = format!(
        "{xmp_num} 0 obj\n<< /Type /Metadata /Subtype /XML /Length {} >>\nstream\n",
        xmp.len()
    )
    .into_bytes();
    xmp_obj.extend_from_slice(xmp.as_bytes());
    xmp_obj.extend_from_slice(b"\nendstream\nendobj\n");
    replace_or_add(&mut objects, xmp_num, xmp_obj);

    let p = info.profile;
    let zlib = p.icc_zlib();
    let mut icc_obj = format!(
        "{icc_num} 0 obj\n<< /N 4 /Alternate /DeviceCMYK /Filter /FlateDecode /Length {} >>\nstream\n",
        zlib.len()
    )
    .into_bytes();
    icc_obj.extend_from_slice(zlib);
    icc_obj.extend_from_slice(b"\nendstream\nendobj\n");
    replace_or_add(&mut objects, icc_num, icc_obj);

    let intent = format!(
        "{intent_num} 0 obj\n<< /Type /OutputIntent /S /GTS_PDFX /OutputConditionIdentifier {} \
         /OutputCondition {} /RegistryName {} /Info {} /DestOutputProfile {icc_num} 0 R >>\nendobj\n",
        text_string(&p.condition_id),
        text_string(&p.condition),
        text_string(&p.registry),
        text_string(&p.description),
    );
    replace_or_add(&mut objects, intent_num, intent.into_bytes());

    // Write: the header, every object, the table, the trailer.
    let first = order.first().map_or(0, |&(at, _)| at);
    let mut out = Vec::with_capacity(pdf.len() + zlib.len() + xmp.len() + 4096);
    out.extend_from_slice(&pdf[..first]);
    let total = next;
    let mut table = vec![None; total];
    for o in &objects {
        table[o.num] = Some(out.len());
        out.extend_from_slice(&o.bytes);
        if !o.bytes.ends_with(b"\n") {
            out.push(b'\n');
        }
    }
    let xref = out.len();
    out.extend_from_slice(format!("xref\n0 {total}\n").as_bytes());
    for (n, at) in table.iter().enumerate() {
        match at {
            Some(at) => out.extend_from_slice(format!("{at:010} 00000 n \n").as_bytes()),
            None if n == 0 => out.extend_from_slice(b"0000000000 65535 f \n"),
            None => out.extend_from_slice(b"0000000000 00000 f \n"),
        }
    }
    out.extend_from_slice(
        format!(
            "trailer\n<< /Size {total} /Root {root} 0 R /Info {info_num} 0 R /ID [<{id0}> <{id1}>] >>\nstartxref\n{xref}\n%%EOF\n"
        )
        .as_bytes(),
    );
    Ok(out)
}

fn find(objects: &[Obj<'_>], num: usize) -> Option<usize> {
    objects.iter().position(|o| o.num == num)
}

fn replace_or_add(objects: &mut Vec<Obj<'_>>, num: usize, bytes: Vec<u8>) {
    match find(objects, num) {
        Some(i) => objects[i].bytes = std::borrow::Cow::Owned(bytes),
        None => objects.push(Obj {
            num,
            bytes: std::borrow::Cow::Owned(bytes),
        }),
    }
}

fn contains(hay: &[u8], needle: &[u8]) -> bool {
    hay.windows(needle.len()).any(|w| w == needle)
}

/// The dictionary of an object, before its stream if it has one.
fn dict_part(obj: &[u8]) -> &[u8] {
    match obj.windows(6).position(|w| w == b"stream") {
        Some(i) => &obj[..i],
        None => obj,
    }
}

/// Insert `extra` before the `>>` that closes an object's dictionary (a
/// dictionary object, not a stream).
fn insert_before_close(obj: &[u8], extra: &str) -> Result<Vec<u8>, ExportError> {
    if contains(obj, b"stream") {
        return Err(fail("expected a dictionary, found a stream"));
    }
    let end = obj
        .windows(6)
        .rposition(|w| w == b"endobj")
        .ok_or_else(|| fail("object without endobj"))?;
    let close = obj[..end]
        .windows(2)
        .rposition(|w| w == b">>")
        .ok_or_else(|| fail("object is not a dictionary"))?;
    let mut out = Vec::with_capacity(obj.len() + extra.len());
    out.extend_from_slice(&obj[..close]);
    out.extend_from_slice(extra.as_bytes());
    out.push(b' ');
    out.extend_from_slice(&obj[close..]);
    Ok(out)
}

fn startxref(pdf: &[u8]) -> Option<usize> {
    let tail = &pdf[pdf.len().saturating_sub(64)..];
    let at = tail.windows(9).rposition(|w| w == b"startxref")?;
    let rest = std::str::from_utf8(&tail[at + 9..]).ok()?;
    rest.split_whitespace().next()?.parse().ok()
}

/// The classic cross-reference table at `at` (what krilla writes): the
/// offset of each object number, and the trailer dictionary's bytes.
#[allow(clippy::type_complexity)]
fn classic_xref(pdf: &[u8], at: usize) -> Result<(Vec<Option<usize>>, &[u8]), ExportError> {
    let rest = pdf
        .get(at..)
        .ok_or_else(|| fail("startxref outside the file"))?;
    let rest = rest
        .strip_prefix(b"xref")
        .ok_or_else(|| fail("cross-reference stream (expected a table)"))?;
    let trailer_at = rest
        .windows(7)
        .position(|w| w == b"trailer")
        .ok_or_else(|| fail("no trailer"))?;
    let table = std::str::from_utf8(&rest[..trailer_at]).map_err(|_| fail("bad xref"))?;
    let mut offsets: Vec<Option<usize>> = vec![];
    let mut lines = table.lines().map(str::trim).filter(|l| !l.is_empty());
    while let Some(head) = lines.next() {
        let mut parts = head.split_whitespace();
        let (Some(start), Some(count)) = (parts.next(), parts.next()) else {
            return Err(fail("bad xref subsection"));
        };
        let start: usize = start.parse().map_err(|_| fail("bad xref start"))?;
        let count: usize = count.parse().map_err(|_| fail("bad xref count"))?;
        if offsets.len() < start + count {
            offsets.resize(start + count, None);
        }
        for slot in &mut offsets[start..start + count] {
            let entry = lines.next().ok_or_else(|| fail("short xref"))?;
            let mut f = entry.split_whitespace();
            let (Some(off), Some(_gen), Some(kind)) = (f.next(), f.next(), f.next()) else {
                return Err(fail("bad xref entry"));
            };
            if kind == "n" {
                *slot = Some(off.parse().map_err(|_| fail("bad offset"))?);
            }
        }
    }
    let trailer = &rest[trailer_at..];
    let end = trailer
        .windows(9)
        .position(|w| w == b"startxref")
        .unwrap_or(trailer.len());
    Ok((offsets, &trailer[..end]))
}

/// `/Key N 0 R` in a dictionary's bytes.
fn dict_ref(dict: &[u8], key: &[u8]) -> Option<usize> {
    let mut from = 0;
    while let Some(i) = dict[from..].windows(key.len()).position(|w| w == key) {
        let after = from + i + key.len();
        // Not a longer key that starts the same (`/Root` in `/RootX`).
        if dict
            .get(after)
            .is_some_and(|c| c.is_ascii_alphanumeric() || *c == b'_')
        {
            from = after;
            continue;
        }
        let text = std::str::from_utf8(&dict[after..]).ok().or_else(|| {
            let valid = std::str::from_utf8(&dict[after..]).err()?.valid_up_to();
            std::str::from_utf8(&dict[after..after + valid]).ok()
        })?;
        let mut words = text.split_whitespace();
        let n = words.next()?.parse().ok()?;
        let _gen = words.next()?;
        return (words.next()?.starts_with('R')).then_some(n);
    }
    None
}

/// The first string of the trailer's `/ID`, as hex.
fn first_id(trailer: &[u8]) -> Option<String> {
    let i = trailer.windows(3).position(|w| w == b"/ID")?;
    let rest = &trailer[i + 3..];
    let open = rest.iter().position(|c| *c == b'<')?;
    let close = rest[open..].iter().position(|c| *c == b'>')? + open;
    let hex = std::str::from_utf8(&rest[open + 1..close]).ok()?;
    hex.chars()
        .all(|c| c.is_ascii_hexdigit())
        .then(|| hex.to_ascii_lowercase())
}

fn rect(r: hayro_syntax::object::Rect) -> String {
    let f = |v: f64| {
        let s = format!("{v:.3}");
        let s = s.trim_end_matches('0').trim_end_matches('.');
        if s == "-0" {
            "0".to_string()
        } else {
            s.to_string()
        }
    };
    format!("[{} {} {} {}]", f(r.x0), f(r.y0), f(r.x1), f(r.y1))
}

/// A PDF text string: ASCII as a literal, anything else UTF-16BE in hex.
fn text_string(s: &str) -> String {
    if s.chars().all(|c| c.is_ascii_graphic() || c == ' ') {
        let mut out = String::from("(");
        for c in s.chars() {
            if matches!(c, '(' | ')' | '\\') {
                out.push('\\');
            }
            out.push(c);
        }
        out.push(')');
        out
    } else {
        let mut out = String::from("<FEFF");
        for u in s.encode_utf16() {
            out.push_str(&format!("{u:04X}"));
        }
        out.push('>');
        out
    }
}

/// `D:20261130000000Z` from `2026-11-30`.
fn pdf_date(date: &str) -> String {
    let digits: String = date.chars().filter(char::is_ascii_digit).collect();
    let digits = if digits.len() == 8 {
        digits
    } else {
        "20000101".into()
    };
    format!("(D:{digits}000000Z)")
}

fn xml(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

fn xmp(info: &PdfxInfo<'_>, date: &str, document_id: &str, instance_id: &str) -> String {
    format!(
        r#"<?xpacket begin="{bom}" id="W5M0MpCehiHzreSzNTczkc9d"?>
<x:xmpmeta xmlns:x="adobe:ns:meta/">
 <rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">
  <rdf:Description rdf:about=""
    xmlns:dc="http://purl.org/dc/elements/1.1/"
    xmlns:xmp="http://ns.adobe.com/xap/1.0/"
    xmlns:pdf="http://ns.adobe.com/pdf/1.3/"
    xmlns:xmpMM="http://ns.adobe.com/xap/1.0/mm/"
    xmlns:pdfxid="http://www.npes.org/pdfx/ns/id/">
   <dc:format>application/pdf</dc:format>
   <dc:title><rdf:Alt><rdf:li xml:lang="x-default">{title}</rdf:li></rdf:Alt></dc:title>
   <dc:creator><rdf:Seq><rdf:li>{author}</rdf:li></rdf:Seq></dc:creator>
   <xmp:CreateDate>{date}</xmp:CreateDate>
   <xmp:ModifyDate>{date}</xmp:ModifyDate>
   <xmp:MetadataDate>{date}</xmp:MetadataDate>
   <xmp:CreatorTool>{creator}</xmp:CreatorTool>
   <pdf:Producer>{producer}</pdf:Producer>
   <pdf:Keywords>{keywords}</pdf:Keywords>
   <pdf:Trapped>False</pdf:Trapped>
   <pdfxid:GTS_PDFXVersion>PDF/X-4</pdfxid:GTS_PDFXVersion>
   <xmpMM:DocumentID>{document_id}</xmpMM:DocumentID>
   <xmpMM:InstanceID>{instance_id}</xmpMM:InstanceID>
   <xmpMM:VersionID>1</xmpMM:VersionID>
   <xmpMM:RenditionClass>default</xmpMM:RenditionClass>
  </rdf:Description>
 </rdf:RDF>
</x:xmpmeta>
<?xpacket end="w"?>"#,
        bom = '\u{feff}',
        title = xml(info.title),
        author = xml(info.author),
        creator = xml(CREATOR),
        producer = xml(PRODUCER),
        keywords = xml(info.keywords),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn references_are_read_from_dictionaries() {
        let d = b"<< /Type /Catalog /Pages 3 0 R /Metadata 12 0 R >>";
        assert_eq!(dict_ref(d, b"/Pages"), Some(3));
        assert_eq!(dict_ref(d, b"/Metadata"), Some(12));
        assert_eq!(dict_ref(d, b"/Root"), None);
        assert_eq!(
            dict_ref(b"<< /RootX 1 0 R /Root 4 0 R >>", b"/Root"),
            Some(4)
        );
    }

    #[test]
    fn text_strings_and_boxes() {
        assert_eq!(text_string("FOGRA39"), "(FOGRA39)");
        assert_eq!(text_string("a(b)"), "(a\\(b\\))");
        assert_eq!(text_string("青禾"), "<FEFF975279BE>");
        assert_eq!(
            rect(hayro_syntax::object::Rect::new(0.0, -0.0, 841.89, 1190.551)),
            "[0 0 841.89 1190.551]"
        );
        assert_eq!(pdf_date("2026-11-30"), "(D:20261130000000Z)");
    }

    #[test]
    fn a_dictionary_gains_keys_before_it_closes() {
        let obj = b"5 0 obj\n<< /Type /Page /Contents 6 0 R >>\nendobj\n";
        let out = insert_before_close(obj, " /BleedBox [0 0 1 1]").unwrap();
        assert_eq!(
            String::from_utf8(out).unwrap(),
            "5 0 obj\n<< /Type /Page /Contents 6 0 R  /BleedBox [0 0 1 1] >>\nendobj\n"
        );
        assert!(
            insert_before_close(
                b"7 0 obj\n<< /Length 1 >>\nstream\nx\nendstream\nendobj\n",
                ""
            )
            .is_err()
        );
    }
}
