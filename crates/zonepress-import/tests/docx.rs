//! `.docx` import: documents made by LibreOffice from the sources in
//! `tests/fixtures/sources` (see `make-fixtures.sh`), and documents written
//! here the way WPS writes them.

use zonepress_testkit::docx;

use docx::{Docx, fixture, p, picture};
use sha2::{Digest, Sha256};
use zonepress_core::{ArticleContent, ArticleKind, Block};
use zonepress_import::{FixField, ProposedArticle, preview_import};

fn one(name: &str, bytes: &[u8]) -> ProposedArticle {
    let mut articles = preview_import(name, bytes).unwrap_or_else(|e| panic!("{name}: {e}"));
    assert_eq!(articles.len(), 1);
    articles.remove(0)
}

fn para(t: &str) -> Block {
    Block::Paragraph { text: t.into() }
}
fn sub(t: &str) -> Block {
    Block::Subhead { text: t.into() }
}
fn image(asset_id: &str, caption: &str, credit: &str) -> Block {
    Block::Image {
        asset_id: asset_id.into(),
        caption: caption.into(),
        credit: credit.into(),
    }
}
fn codes(a: &ProposedArticle) -> Vec<&str> {
    a.warnings.iter().map(|n| n.code.as_str()).collect()
}
fn sha(bytes: &[u8]) -> String {
    hex::encode(Sha256::digest(bytes))
}

#[test]
fn lead_story_from_libreoffice() {
    let a = one("lead-story.docx", &fixture("lead-story.docx"));
    let photo = fixture("site-photo.png");
    let photo_id = sha(&photo);
    assert_eq!(
        a.content,
        ArticleContent {
            kind: ArticleKind::News,
            kicker: "深化改革开放 推动高质量发展——".into(),
            title: "项目建设提速 产业集群成势".into(),
            subtitle: "——青禾开发区前三季度经济运行综述".into(),
            byline: "记者 王晓静 通讯员 刘畅".into(),
            column: String::new(),
            body: vec![
                para(
                    "今年以来，青禾开发区坚持“项目为王、产业为本”，聚焦智能装备、新材料、生物医药三大主导产业，全力以赴稳增长、促投资、优环境。前三季度，全区实现规模以上工业总产值386.5亿元，同比增长12.3%；完成固定资产投资152.8亿元，同比增长15.6%，主要经济指标增速位居全市开发区前列。"
                ),
                sub("重点项目跑出“加速度”"),
                para(
                    "走进青禾智能装备产业园二期项目施工现场，塔吊林立、机器轰鸣，工人们正在进行主体结构施工。“我们实行‘拿地即开工’,从签约到开工只用了45天。”项目负责人介绍。"
                ),
                para(
                    "截至9月底，全区列入省市重点的32个项目已开工30个，开工率93.8%，新增就业岗位1,200个。"
                ),
                image(
                    &photo_id,
                    "图为青禾智能装备产业园二期项目施工现场。",
                    "陈立"
                ),
                sub("营商环境持续优化"),
                para(
                    "开发区深化“一窗受理、集成服务”改革，企业开办时间压缩至1个工作日以内，工业项目审批实现“拿地即开工”。"
                ),
                para(
                    "相关链接：开发区今年推行“企业服务专员”制度，为重点企业提供“一对一”跟踪服务。"
                ),
                para("指标\u{3000}前三季度\u{3000}同比增长"),
                para("规上工业总产值（亿元）\u{3000}386.5\u{3000}12.3%"),
                para("固定资产投资（亿元）\u{3000}152.8\u{3000}15.6%"),
                // the footnote's marker where it was referenced, its text at the end
                para(
                    "下一步，开发区将紧盯全年目标任务，加快在建项目进度，强化要素保障①，确保全年目标任务圆满完成。"
                ),
                sub("注释"),
                para("①数据来源：青禾开发区经济发展局。"),
            ],
        }
    );
    assert_eq!(a.images.len(), 1);
    let img = &a.images[0];
    assert_eq!(
        (
            img.asset_id.as_str(),
            img.file_name.as_str(),
            img.mime.as_str(),
            img.width,
            img.height
        ),
        (photo_id.as_str(), "image1.png", "image/png", 240, 160)
    );
    assert_eq!(img.bytes, photo);
    assert_eq!(
        codes(&a),
        ["table_flattened", "text_box_as_text", "footnotes_appended"]
    );
    assert!(a.warnings[0].message_zh.contains("3 行"));
    // the half-width comma inside Chinese text is offered, not applied; 1,200 is left alone
    assert_eq!(a.fixes.len(), 1);
    let f = &a.fixes[0];
    assert_eq!(
        (
            f.field,
            f.start,
            f.end,
            f.original.as_str(),
            f.replacement.as_str(),
            f.rule.as_str()
        ),
        (FixField::Body(2), 56, 57, ",", "，", "punct.halfwidth")
    );
    // the proposal is valid content for the core
    zonepress_core::text::validate(&a.content).expect("valid content");
}

#[test]
fn photo_news_with_a_hand_formatted_title() {
    let a = one("photo-news.docx", &fixture("photo-news.docx"));
    let photo_id = sha(&fixture("site-photo.png"));
    assert_eq!(
        a.content,
        ArticleContent {
            kind: ArticleKind::Photo,
            title: "金秋时节 园区企业赶订单".into(),
            body: vec![image(
                &photo_id,
                "图为10月15日，青禾新材料产业园内，一家电子材料企业的员工在生产线上赶制订单。时下正值生产旺季，园区企业开足马力，全力冲刺四季度。",
                "记者 王五",
            )],
            ..Default::default()
        }
    );
    assert_eq!(a.images.len(), 1);
    assert!(a.warnings.is_empty(), "{:?}", a.warnings);
    assert!(a.fixes.is_empty());
}

#[test]
fn dateline_story_from_html_via_libreoffice() {
    let a = one("dateline.docx", &fixture("dateline.docx"));
    assert_eq!(
        a.content,
        ArticleContent {
            title: "开发区召开四季度安全生产工作会议".into(),
            byline: "记者 王五 通讯员 赵敏".into(),
            body: vec![
                para(
                    "10月9日上午，开发区召开四季度安全生产工作会议，传达学习上级有关会议精神，分析研判当前安全生产形势，部署四季度安全生产重点工作。"
                ),
                para("会议指出,今年以来全区安全生产形势总体平稳。会议要求："),
                sub("一、压实安全生产责任"),
                // the <br> inside the paragraph separates two paragraphs
                para("各部门要严格落实“党政同责、一岗双责”，企业要落实主体责任..."),
                para("要聚焦危险化学品、建筑施工、消防等重点领域，开展拉网式排查。"),
                para(
                    "会议还通报了9月份安全检查情况，共检查企业126家，整改隐患387处，整改率达98.2%。"
                ),
            ],
            ..Default::default()
        }
    );
    assert_eq!(codes(&a), ["dateline_moved"]);
    assert!(
        a.warnings[0]
            .message_zh
            .contains("本报讯（记者 王五 通讯员 赵敏）")
    );
    let offered: Vec<(FixField, &str, &str)> = a
        .fixes
        .iter()
        .map(|f| (f.field, f.original.as_str(), f.replacement.as_str()))
        .collect();
    assert_eq!(
        offered,
        [
            (FixField::Body(1), ",", "，"),
            (FixField::Body(3), "...", "……")
        ]
    );
}

/// Styles the way WPS writes them: numeric style ids, the built-in English
/// names, outline levels in the paragraph properties.
const WPS_STYLES: &str = r#"
<w:docDefaults><w:rPrDefault><w:rPr><w:rFonts w:ascii="Times New Roman" w:eastAsia="宋体"/><w:sz w:val="21"/></w:rPr></w:rPrDefault></w:docDefaults>
<w:style w:type="paragraph" w:default="1" w:styleId="1"><w:name w:val="Normal"/><w:qFormat/><w:pPr><w:widowControl w:val="0"/><w:jc w:val="both"/></w:pPr></w:style>
<w:style w:type="paragraph" w:styleId="2"><w:name w:val="heading 1"/><w:basedOn w:val="1"/><w:next w:val="1"/><w:pPr><w:keepNext/><w:outlineLvl w:val="0"/></w:pPr><w:rPr><w:b/><w:kern w:val="44"/><w:sz w:val="44"/></w:rPr></w:style>
<w:style w:type="paragraph" w:styleId="3"><w:name w:val="heading 2"/><w:basedOn w:val="1"/><w:next w:val="1"/><w:pPr><w:outlineLvl w:val="1"/></w:pPr><w:rPr><w:rFonts w:eastAsia="黑体"/><w:b/><w:sz w:val="32"/></w:rPr></w:style>
<w:style w:type="character" w:default="1" w:styleId="10"><w:name w:val="Default Paragraph Font"/></w:style>
"#;

#[test]
fn wps_style_document() {
    let photo = fixture("site-photo.png");
    let body = [
        p("栏目：工作动态"),
        // a title marked only by an outline level, broken over two lines
        r#"<w:p><w:pPr><w:pStyle w:val="1"/><w:outlineLvl w:val="0"/><w:jc w:val="center"/></w:pPr><w:r><w:rPr><w:rFonts w:hint="eastAsia"/><w:b/><w:sz w:val="44"/></w:rPr><w:t>筑牢安全防线</w:t></w:r><w:r><w:rPr><w:b/><w:sz w:val="44"/></w:rPr><w:br/><w:t>护航园区发展</w:t></w:r></w:p>"#.to_string(),
        p("——青禾开发区“安全生产月”活动综述"),
        // runs split anywhere, a tab, a tracked insertion and deletion, hidden text
        r#"<w:p><w:pPr><w:ind w:firstLineChars="200" w:firstLine="420"/></w:pPr><w:r><w:rPr><w:rFonts w:hint="eastAsia"/><w:lang w:val="en-US" w:eastAsia="zh-CN"/></w:rPr><w:t>6月以来，青禾开发区</w:t></w:r><w:ins w:id="1" w:author="王五"><w:r><w:t>以“人人讲安全、个个会应急”为主题，</w:t></w:r></w:ins><w:del w:id="2" w:author="王五"><w:r><w:delText>删掉的旧文字</w:delText></w:r></w:del><w:r><w:t>组织开展“安全生产月”系列活动</w:t></w:r><w:r><w:rPr><w:vanish/></w:rPr><w:t>（隐藏的批注）</w:t></w:r><w:r><w:t>。</w:t></w:r><w:commentRangeStart w:id="0"/><w:r><w:commentReference w:id="0"/></w:r></w:p>"#.to_string(),
        r#"<w:p><w:pPr><w:pStyle w:val="3"/></w:pPr><w:r><w:t>一、强化隐患排查</w:t></w:r></w:p>"#.to_string(),
        // a line break in a body paragraph makes two paragraphs; a tab is a space
        r#"<w:p><w:r><w:t>活动期间，共检查企业86家，发现并整改隐患213处。</w:t></w:r><w:r><w:br/></w:r><w:r><w:t>开发区还组织了</w:t></w:r><w:r><w:tab/><w:t>12场应急演练。</w:t></w:r></w:p>"#.to_string(),
        // an old-style VML picture, and its caption with a credit
        r#"<w:p><w:r><w:pict><v:shape id="图片 2" style="width:300pt;height:200pt"><v:imagedata r:id="rId5" o:title=""/></v:shape></w:pict></w:r></w:p>"#.to_string(),
        p("图为6月18日，消防救援人员在青禾化工园区开展应急演练。摄影：李四"),
        // a text box written twice, as Word and WPS do: DrawingML and a VML fallback
        r#"<w:p><w:r><mc:AlternateContent><mc:Choice Requires="wps"><w:drawing><wp:anchor><a:graphic><a:graphicData uri="http://schemas.microsoft.com/office/word/2010/wordprocessingShape"><wps:wsp><wps:txbx><w:txbxContent><w:p><w:r><w:t>安全提示：发现隐患请拨打园区安全热线。</w:t></w:r></w:p></w:txbxContent></wps:txbx></wps:wsp></a:graphicData></a:graphic></wp:anchor></w:drawing></mc:Choice><mc:Fallback><w:pict><v:shape><v:textbox><w:txbxContent><w:p><w:r><w:t>安全提示：发现隐患请拨打园区安全热线。</w:t></w:r></w:p></w:txbxContent></v:textbox></v:shape></w:pict></mc:Fallback></mc:AlternateContent></w:r><w:r><w:t>下一步，开发区将建立隐患排查治理长效机制。</w:t></w:r></w:p>"#.to_string(),
        // automatic numbering is not text
        r#"<w:p><w:pPr><w:numPr><w:ilvl w:val="0"/><w:numId w:val="1"/></w:numPr></w:pPr><w:r><w:t>持续开展安全培训。</w:t></w:r></w:p>"#.to_string(),
        p("（张三 李四）"),
    ]
    .concat();
    let bytes = Docx::new(&body)
        .styles(WPS_STYLES)
        .image("rId5", "image2.png", &photo, false)
        .build();
    let a = one("安全生产月.docx", &bytes);
    assert_eq!(
        a.content,
        ArticleContent {
            kind: ArticleKind::News,
            kicker: String::new(),
            title: "筑牢安全防线 护航园区发展".into(),
            subtitle: "——青禾开发区“安全生产月”活动综述".into(),
            byline: "张三 李四".into(),
            column: "工作动态".into(),
            body: vec![
                para(
                    "6月以来，青禾开发区以“人人讲安全、个个会应急”为主题，组织开展“安全生产月”系列活动。"
                ),
                sub("一、强化隐患排查"),
                para("活动期间，共检查企业86家，发现并整改隐患213处。"),
                para("开发区还组织了 12场应急演练。"),
                image(
                    &sha(&photo),
                    "图为6月18日，消防救援人员在青禾化工园区开展应急演练。",
                    "李四"
                ),
                para("下一步，开发区将建立隐患排查治理长效机制。"),
                para("安全提示：发现隐患请拨打园区安全热线。"),
                para("持续开展安全培训。"),
            ],
        }
    );
    assert_eq!(
        codes(&a),
        [
            "text_box_as_text",
            "comments_ignored",
            "tracked_changes",
            "numbering_dropped"
        ]
    );
    assert!(a.warnings[0].message_zh.contains("1 个文本框"));
    // the tab made a space between a Chinese character and a digit: not a stray-space fix
    assert!(a.fixes.is_empty(), "{:?}", a.fixes);
}

#[test]
fn bold_and_large_lines_without_styles_pick_the_largest_as_title() {
    // a kicker set smaller than the title, both bold, no heading styles, no dashes
    let body = [
        r#"<w:p><w:r><w:rPr><w:b/><w:sz w:val="28"/></w:rPr><w:t>聚焦主责主业</w:t></w:r></w:p>"#,
        r#"<w:p><w:r><w:rPr><w:b/><w:sz w:val="44"/></w:rPr><w:t>开发区新签约项目12个</w:t></w:r></w:p>"#,
        r#"<w:p><w:r><w:t>记者 王晓静</w:t></w:r></w:p>"#,
        r#"<w:p><w:r><w:t>10月28日，开发区举行第四季度重点项目集中签约仪式，12个项目现场签约，总投资达56亿元。</w:t></w:r></w:p>"#,
        r#"<w:p><w:r><w:rPr><w:b/></w:rPr><w:t>产业链招商成效明显</w:t></w:r></w:p>"#,
        r#"<w:p><w:r><w:t>签约项目中，产业链上下游配套项目占比超过六成。</w:t></w:r></w:p>"#,
    ]
    .concat();
    let a = one("签约.docx", &Docx::new(&body).build());
    assert_eq!(
        a.content,
        ArticleContent {
            kicker: "聚焦主责主业".into(),
            title: "开发区新签约项目12个".into(),
            byline: "记者 王晓静".into(),
            body: vec![
                para(
                    "10月28日，开发区举行第四季度重点项目集中签约仪式，12个项目现场签约，总投资达56亿元。"
                ),
                sub("产业链招商成效明显"),
                para("签约项目中，产业链上下游配套项目占比超过六成。"),
            ],
            ..Default::default()
        }
    );
}

#[test]
fn plain_document_takes_the_first_short_line_as_title_and_keeps_dashes() {
    let body = [
        p("科技创新引领--"),
        p("青禾开发区新增3家省级研发中心"),
        p("—记开发区科技创新工作"),
        p("文/刘畅　图/陈立"),
        p("近日，省科技厅公布2026年度省级企业研发中心名单，青禾开发区3家企业榜上有名。"),
    ]
    .concat();
    let a = one("研发中心.docx", &Docx::new(&body).build());
    assert_eq!(
        a.content,
        ArticleContent {
            kicker: "科技创新引领--".into(),
            title: "青禾开发区新增3家省级研发中心".into(),
            subtitle: "—记开发区科技创新工作".into(),
            byline: "文/刘畅 图/陈立".into(),
            body: vec![para(
                "近日，省科技厅公布2026年度省级企业研发中心名单，青禾开发区3家企业榜上有名。"
            )],
            ..Default::default()
        }
    );
    // the dashes are offered as ——, not changed
    let offered: Vec<(FixField, &str, &str)> = a
        .fixes
        .iter()
        .map(|f| (f.field, f.original.as_str(), f.replacement.as_str()))
        .collect();
    assert_eq!(
        offered,
        [
            (FixField::Kicker, "--", "——"),
            (FixField::Subtitle, "—", "——")
        ]
    );
}

#[test]
fn images_are_shared_and_unusable_pictures_are_noted() {
    let photo = fixture("site-photo.png");
    let body = [
        p("园区风貌"),
        picture("rIdA"),
        p("图为青禾开发区夜景。（张三 摄）"),
        picture("rIdB"), // the same bytes under another name: one asset
        picture("rIdEmf"),
        picture("rIdGone"),
        picture("rIdLink"),
        p("（本版图片由开发区党群工作局提供）"),
    ]
    .concat();
    let mut docx = Docx::new(&body)
        .image("rIdA", "image1.png", &photo, true)
        .image("rIdB", "image9.png", &photo, false)
        .image("rIdEmf", "image3.emf", b"\x01\x00\x00\x00 EMF data", true);
    docx.rels
        .push(("rIdGone".into(), "media/missing.png".into(), false));
    docx.rels
        .push(("rIdLink".into(), "http://example.cn/a.png".into(), true));
    let a = one("风貌.docx", &docx.build());
    let id = sha(&photo);
    assert_eq!(
        a.content.body,
        [
            image(&id, "图为青禾开发区夜景。", "张三"),
            image(&id, "", ""),
            para("（本版图片由开发区党群工作局提供）"),
        ]
    );
    assert_eq!(a.images.len(), 1);
    assert_eq!(
        codes(&a),
        ["image_unsupported", "image_missing", "image_missing"]
    );
}

#[test]
fn a_document_without_a_title_says_so() {
    let body = p(
        "10月9日上午，开发区召开四季度安全生产工作会议，传达学习上级有关会议精神，分析研判当前安全生产形势，部署四季度安全生产重点工作。",
    );
    let a = one("安全生产会议.docx", &Docx::new(&body).build());
    // a stand-in title from the file name, marked 待定标题 (see tests/readable.rs)
    assert_eq!(a.content.title, "安全生产会议");
    assert_eq!(codes(&a), ["title_pending"]);
    assert_eq!(a.content.body.len(), 1);
}

#[test]
fn strict_and_renamed_documents_still_read() {
    // a .docx saved as .doc by mistake is read by its content
    let a = one("改了扩展名.doc", &fixture("dateline.docx"));
    assert_eq!(a.content.title, "开发区召开四季度安全生产工作会议");
    // Strict Open XML uses another namespace for the same elements; no styles part
    let body = p("严格格式的标题");
    let xml_strict = format!(
        r#"<?xml version="1.0" encoding="UTF-8"?><w:document xmlns:w="http://purl.oclc.org/ooxml/wordprocessingml/main"><w:body>{body}</w:body></w:document>"#
    );
    let bytes = docx::zip(&[("word/document.xml", xml_strict.as_bytes(), true)]);
    let a = one("strict.docx", &bytes);
    assert_eq!(a.content.title, "严格格式的标题");
}

#[test]
fn word_title_and_subtitle_styles_and_a_jpeg_photo() {
    let styles = r#"
<w:style w:type="paragraph" w:default="1" w:styleId="Normal"><w:name w:val="Normal"/></w:style>
<w:style w:type="paragraph" w:styleId="Title"><w:name w:val="Title"/><w:basedOn w:val="Normal"/><w:rPr><w:sz w:val="56"/></w:rPr></w:style>
<w:style w:type="paragraph" w:styleId="Subtitle"><w:name w:val="Subtitle"/><w:basedOn w:val="Normal"/></w:style>
<w:style w:type="paragraph" w:styleId="Heading1"><w:name w:val="heading 1"/><w:basedOn w:val="Normal"/></w:style>"#;
    // a JPEG header: SOI, an APP0 segment, SOF0 with 1200 x 800
    let mut jpeg = vec![0xFF, 0xD8, 0xFF, 0xE0, 0x00, 0x10];
    jpeg.extend(b"JFIF\0\x01\x01\0\0\x01\0\x01\0\0");
    jpeg.extend([0xFF, 0xC0, 0x00, 0x11, 0x08, 0x03, 0x20, 0x04, 0xB0, 0x03]);
    jpeg.extend([0u8; 64]);
    let body = [
        r#"<w:p><w:pPr><w:pStyle w:val="Title"/></w:pPr><w:r><w:t>开发区举行重点项目集中开工仪式</w:t></w:r></w:p>"#.to_string(),
        r#"<w:p><w:pPr><w:pStyle w:val="Subtitle"/></w:pPr><w:r><w:t>总投资86亿元的15个项目同日开工</w:t></w:r></w:p>"#.to_string(),
        p("通讯员 赵敏"),
        p("11月8日上午，青禾开发区举行第四季度重点项目集中开工仪式，15个项目同日开工，总投资86亿元。"),
        r#"<w:p><w:pPr><w:pStyle w:val="Heading1"/></w:pPr><w:r><w:t>产业项目占比超八成</w:t></w:r></w:p>"#.to_string(),
        picture("rIdJ"),
        p("▲图为开工仪式现场。（通讯员 赵敏 摄）"),
    ]
    .concat();
    let a = one(
        "开工.docx",
        &Docx::new(&body)
            .styles(styles)
            .image("rIdJ", "image1.jpeg", &jpeg, true)
            .build(),
    );
    assert_eq!(
        a.content,
        ArticleContent {
            title: "开发区举行重点项目集中开工仪式".into(),
            subtitle: "总投资86亿元的15个项目同日开工".into(),
            byline: "通讯员 赵敏".into(),
            body: vec![
                para(
                    "11月8日上午，青禾开发区举行第四季度重点项目集中开工仪式，15个项目同日开工，总投资86亿元。"
                ),
                sub("产业项目占比超八成"),
                image(&sha(&jpeg), "▲图为开工仪式现场。", "通讯员 赵敏"),
            ],
            ..Default::default()
        }
    );
    let img = &a.images[0];
    assert_eq!(
        (img.mime.as_str(), img.width, img.height),
        ("image/jpeg", 1200, 800)
    );
}
