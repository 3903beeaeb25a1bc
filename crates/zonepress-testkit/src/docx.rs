//! The import fixtures (made by LibreOffice) and a small `.docx` writer for
//! documents that office software cannot be asked to produce (WPS
//! conventions, hostile packages).

use std::io::{Cursor, Write};
use std::path::PathBuf;

use zip::write::SimpleFileOptions;
use zip::{CompressionMethod, ZipWriter};

pub const W_NS: &str = "http://schemas.openxmlformats.org/wordprocessingml/2006/main";

/// A file of the import crate's fixtures (made by LibreOffice).
pub fn fixture(name: &str) -> Vec<u8> {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../zonepress-import/tests/fixtures")
        .join(name);
    std::fs::read(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// A zip with the given entries (name, bytes, compressed?).
pub fn zip(entries: &[(&str, &[u8], bool)]) -> Vec<u8> {
    zip_level(entries, None)
}

/// [`zip`] with a deflate level (1 fast … 9 best; `None` the default, 6).
pub fn zip_level(entries: &[(&str, &[u8], bool)], level: Option<i64>) -> Vec<u8> {
    let mut w = ZipWriter::new(Cursor::new(Vec::new()));
    for (name, bytes, deflate) in entries {
        let method = if *deflate {
            CompressionMethod::Deflated
        } else {
            CompressionMethod::Stored
        };
        let opts = SimpleFileOptions::default()
            .compression_method(method)
            .compression_level(if *deflate { level } else { None })
            .large_file(bytes.len() > u32::MAX as usize / 2);
        w.start_file(*name, opts).expect("start entry");
        w.write_all(bytes).expect("write entry");
    }
    w.finish().expect("finish zip").into_inner()
}

/// A minimal but complete WordprocessingML package.
pub struct Docx {
    /// The children of `w:body`.
    pub body: String,
    /// The children of `w:styles`.
    pub styles: String,
    /// Relationships of the main part: (id, target, external?).
    pub rels: Vec<(String, String, bool)>,
    /// More entries: (name, bytes, deflate?).
    pub parts: Vec<(String, Vec<u8>, bool)>,
    /// Text placed before `<w:document>` (a DOCTYPE, say).
    pub prolog: String,
}

impl Docx {
    pub fn new(body: &str) -> Self {
        Docx {
            body: body.to_string(),
            styles: String::new(),
            rels: Vec::new(),
            parts: Vec::new(),
            prolog: String::new(),
        }
    }

    pub fn styles(mut self, styles: &str) -> Self {
        self.styles = styles.to_string();
        self
    }

    pub fn image(mut self, id: &str, name: &str, bytes: &[u8], deflate: bool) -> Self {
        self.rels
            .push((id.to_string(), format!("media/{name}"), false));
        self.parts
            .push((format!("word/media/{name}"), bytes.to_vec(), deflate));
        self
    }

    pub fn build(&self) -> Vec<u8> {
        let content_types = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Default Extension="png" ContentType="image/png"/><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>"#;
        let root_rels = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>"#;
        let mut rels = String::from(
            r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rIdStyles" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/>"#,
        );
        for (id, target, external) in &self.rels {
            let mode = if *external {
                r#" TargetMode="External""#
            } else {
                ""
            };
            rels.push_str(&format!(
                r#"<Relationship Id="{id}" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/image" Target="{target}"{mode}/>"#
            ));
        }
        rels.push_str("</Relationships>");
        let document = format!(
            r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>{prolog}<w:document xmlns:w="{W_NS}" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships" xmlns:wp="http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing" xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main" xmlns:pic="http://schemas.openxmlformats.org/drawingml/2006/picture" xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006" xmlns:wps="http://schemas.microsoft.com/office/word/2010/wordprocessingShape" xmlns:v="urn:schemas-microsoft-com:vml" xmlns:o="urn:schemas-microsoft-com:office:office"><w:body>{body}<w:sectPr/></w:body></w:document>"#,
            prolog = self.prolog,
            body = self.body
        );
        let styles = format!(
            r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:styles xmlns:w="{W_NS}">{}</w:styles>"#,
            self.styles
        );
        let mut entries: Vec<(&str, &[u8], bool)> = vec![
            ("[Content_Types].xml", content_types.as_bytes(), true),
            ("_rels/.rels", root_rels.as_bytes(), true),
            ("word/document.xml", document.as_bytes(), true),
            ("word/_rels/document.xml.rels", rels.as_bytes(), true),
            ("word/styles.xml", styles.as_bytes(), true),
        ];
        for (name, bytes, deflate) in &self.parts {
            entries.push((name, bytes, *deflate));
        }
        zip(&entries)
    }
}

/// `<w:p>` with plain text.
pub fn p(text: &str) -> String {
    format!("<w:p><w:r><w:t xml:space=\"preserve\">{text}</w:t></w:r></w:p>")
}

/// An inline DrawingML picture paragraph referring to relationship `id`.
pub fn picture(id: &str) -> String {
    format!(
        r#"<w:p><w:r><w:drawing><wp:inline><wp:extent cx="3000000" cy="2000000"/><wp:docPr id="1" name="图片 1"/><a:graphic><a:graphicData uri="http://schemas.openxmlformats.org/drawingml/2006/picture"><pic:pic><pic:blipFill><a:blip r:embed="{id}"/></pic:blipFill></pic:pic></a:graphicData></a:graphic></wp:inline></w:drawing></w:r></w:p>"#
    )
}

/// A PNG header of the given size followed by `extra` bytes of filler.
pub fn png_of_size(width: u32, height: u32, extra: usize) -> Vec<u8> {
    let mut b = b"\x89PNG\r\n\x1a\n\0\0\0\x0dIHDR".to_vec();
    b.extend(width.to_be_bytes());
    b.extend(height.to_be_bytes());
    b.extend([8, 2, 0, 0, 0]);
    b.resize(b.len() + extra, 0);
    b
}

const PARAGRAPH: &str = "今年以来，青禾开发区坚持项目为王、产业为本，聚焦智能装备、新材料、生物医药三大主导产业，全力以赴稳增长、促投资、优环境，主要经济指标增速位居全市开发区前列。";

/// A correspondent's story of about 2,000 characters: headline stack,
/// subheads, bold runs, a photo with its caption and a table. The benchmarks
/// import it by the hundred.
pub fn sample_docx(n: usize, photo: &[u8]) -> Vec<u8> {
    let mut body = String::new();
    body.push_str(&p("深化改革开放 推动高质量发展——"));
    body.push_str(&format!(
        r#"<w:p><w:pPr><w:pStyle w:val="Heading1"/></w:pPr><w:r><w:t>项目建设提速 产业集群成势（第{n}篇）</w:t></w:r></w:p>"#
    ));
    body.push_str(&p("——青禾开发区经济运行综述"));
    body.push_str(&p("记者 王晓静 通讯员 刘畅"));
    let mut chars = 0;
    let mut i = 0;
    while chars < 2_000 {
        if i % 4 == 3 {
            body.push_str(&format!(
                r#"<w:p><w:r><w:rPr><w:b/></w:rPr><w:t>重点项目跑出加速度{i}</w:t></w:r></w:p>"#
            ));
        }
        body.push_str(&format!(
            r#"<w:p><w:r><w:t>{}</w:t></w:r><w:r><w:rPr><w:b/></w:rPr><w:t>第{i}段，</w:t></w:r><w:r><w:t>项目负责人介绍,从签约到开工只用了45天。</w:t></w:r></w:p>"#,
            &PARAGRAPH[..PARAGRAPH.len() - 3]
        ));
        chars += PARAGRAPH.chars().count() + 24;
        if i == 2 {
            body.push_str(&picture("rId9"));
            body.push_str(&p("图为青禾智能装备产业园二期项目施工现场。（摄影 陈立）"));
            body.push_str("<w:tbl><w:tr><w:tc><w:p><w:r><w:t>指标</w:t></w:r></w:p></w:tc><w:tc><w:p><w:r><w:t>386.5</w:t></w:r></w:p></w:tc></w:tr></w:tbl>");
        }
        i += 1;
    }
    let styles = r#"<w:style w:type="paragraph" w:styleId="Heading1"><w:name w:val="heading 1"/><w:pPr><w:outlineLvl w:val="0"/></w:pPr><w:rPr><w:b/><w:sz w:val="44"/></w:rPr></w:style>"#;
    Docx::new(&body)
        .styles(styles)
        .image("rId9", "image1.png", photo, false)
        .build()
}
