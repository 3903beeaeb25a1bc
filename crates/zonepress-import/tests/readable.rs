//! Every readable Word file imports (tracker issue #18): a file without a
//! recognisable title gets a stand-in one and is marked 待定标题; footnotes
//! and endnotes are kept at the end; comments are left out and counted;
//! tracked changes are imported accepted; text boxes and tables keep their
//! text. Each of these says so in a warning.
//!
//! The `.docx` files were made by LibreOffice from `tests/fixtures/sources`
//! (`make-fixtures.sh no-title table-only boxed-story notes comments
//! tracked-changes text-box-title`).

use zonepress_testkit::docx::{Docx, W_NS, fixture, p};

use zonepress_core::{ArticleContent, ArticleKind, Block};
use zonepress_import::notes::TITLE_PENDING;
use zonepress_import::{ProposedArticle, preview_import};

fn one(name: &str, bytes: &[u8]) -> ProposedArticle {
    let mut articles = preview_import(name, bytes).unwrap_or_else(|e| panic!("{name}: {e}"));
    assert_eq!(articles.len(), 1);
    let a = articles.remove(0);
    // whatever was proposed can be stored as it is
    zonepress_core::text::validate(&a.content).unwrap_or_else(|e| panic!("{name}: {e}"));
    a
}

fn para(t: &str) -> Block {
    Block::Paragraph { text: t.into() }
}
fn sub(t: &str) -> Block {
    Block::Subhead { text: t.into() }
}
fn codes(a: &ProposedArticle) -> Vec<&str> {
    a.warnings.iter().map(|n| n.code.as_str()).collect()
}
fn warning<'a>(a: &'a ProposedArticle, code: &str) -> &'a str {
    &a.warnings
        .iter()
        .find(|w| w.code == code)
        .unwrap_or_else(|| panic!("no {code} in {:?}", a.warnings))
        .message_zh
}
/// All the text of the article, headline and body.
fn all_text(c: &ArticleContent) -> String {
    let mut s = format!("{}{}{}{}", c.kicker, c.title, c.subtitle, c.byline);
    for b in &c.body {
        s.push_str(b.text());
    }
    s
}

#[test]
fn a_story_without_any_title_takes_the_file_name_and_is_marked() {
    let a = one("四季度安全生产大检查.docx", &fixture("no-title.docx"));
    assert_eq!(
        a.content,
        ArticleContent {
            title: "四季度安全生产大检查".into(),
            body: vec![
                para(
                    "10月22日至24日，青禾开发区安全生产委员会办公室组织应急管理、消防救援、市场监管等部门组成联合检查组，对园区内危险化学品、建筑施工、特种设备等重点领域开展为期三天的安全生产大检查。"
                ),
                para(
                    "检查组采取“四不两直”方式，深入生产车间、仓储库房、施工现场，重点检查企业安全生产主体责任落实、隐患排查治理、应急预案演练等情况，共检查企业68家，发现一般隐患142处，均已现场交办并明确整改时限。"
                ),
                para(
                    "开发区安委办有关负责人表示，下一步将建立隐患整改“回头看”机制，对整改不到位的企业依法依规严肃处理，切实守牢园区安全发展底线，为四季度经济运行营造安全稳定的环境。"
                ),
            ],
            ..Default::default()
        }
    );
    assert_eq!(codes(&a), [TITLE_PENDING]);
    assert!(a.title_pending());
    let w = warning(&a, TITLE_PENDING);
    assert!(
        w.contains("文件名“四季度安全生产大检查”") && w.contains("待定标题"),
        "{w}"
    );
}

#[test]
fn without_a_title_the_first_short_line_stands_in_and_stays_in_the_body() {
    let long = "10月9日上午，开发区召开四季度安全生产工作会议，传达学习上级有关会议精神，分析研判当前安全生产形势，部署四季度安全生产重点工作。";
    let body = [
        p(long),
        p("——开发区安全生产工作侧记"),
        p("会议要求："),
        p("记者 王五"),
        p("压实安全生产责任。"),
        p("各部门要严格落实“党政同责、一岗双责”，企业要落实主体责任，做到责任、措施、投入、培训、应急“五到位”。"),
    ]
    .concat();
    let a = one("会议.docx", &Docx::new(&body).build());
    // dash lines, clauses and bylines are passed over; the closing 。 is not part of a headline
    assert_eq!(a.content.title, "压实安全生产责任");
    assert!(a.title_pending());
    assert!(warning(&a, TITLE_PENDING).contains("正文中的短句“压实安全生产责任”"));
    // the line was copied, not moved: no text is lost
    assert!(a.content.body.contains(&para("压实安全生产责任。")));
    assert_eq!(a.content.body[0], para(long));
    assert_eq!(a.content.body.len(), 6);
}

#[test]
fn a_text_file_without_a_title_imports_too() {
    let text = "11月21日，园区举办第三届职工运动会，来自32家企业的600余名职工参加了田径、拔河、跳绳等8个项目的比赛。\n\n运动会历时一天，共决出团体奖项12个、个人奖项48个。\n";
    let a = one("职工运动会.txt", text.as_bytes());
    assert_eq!(a.content.title, "职工运动会");
    assert_eq!(codes(&a), [TITLE_PENDING]);
    assert_eq!(a.content.body.len(), 2);
}

#[test]
fn a_file_holding_only_a_table_keeps_every_row_and_takes_the_file_name() {
    let a = one("三季度新签约项目.docx", &fixture("table-only.docx"));
    assert_eq!(
        a.content,
        ArticleContent {
            title: "三季度新签约项目".into(),
            body: vec![
                para("项目名称\u{3000}总投资（亿元）\u{3000}所属产业\u{3000}进展"),
                para("青禾精密减速器生产基地\u{3000}12.5\u{3000}智能装备\u{3000}已开工"),
                para("高性能复合材料产业园\u{3000}8.6\u{3000}新材料\u{3000}完成供地"),
                para("生物医药中试平台\u{3000}3.2\u{3000}生物医药\u{3000}设计中"),
            ],
            ..Default::default()
        }
    );
    // a header row of cells is data, never the headline
    assert_eq!(codes(&a), ["table_flattened", TITLE_PENDING]);
    assert!(warning(&a, "table_flattened").contains("4 行"));
}

#[test]
fn a_story_typed_in_a_one_cell_table_keeps_its_paragraphs_and_headline() {
    let a = one("boxed-story.docx", &fixture("boxed-story.docx"));
    assert_eq!(
        a.content,
        ArticleContent {
            title: "青禾开发区举办秋季人才招聘会".into(),
            byline: "通讯员 李明".into(),
            body: vec![
                para(
                    "10月18日，青禾开发区2026年秋季人才招聘会在园区人才服务中心举行，86家企业提供就业岗位2,300余个，吸引1,600余名求职者到场。"
                ),
                para(
                    "招聘会设置智能装备、新材料、生物医药三个专区，现场初步达成就业意向620人，其中本科及以上学历占四成。"
                ),
                para(
                    "开发区人才服务中心负责人介绍，今年以来园区已举办各类招聘活动15场，帮助企业引进各类人才3,800余名。"
                ),
            ],
            ..Default::default()
        }
    );
    assert_eq!(codes(&a), ["table_flattened"]);
    assert!(!a.title_pending());
}

#[test]
fn a_row_of_cells_above_the_headline_is_passed_over() {
    let cell = |t: &str| format!("<w:tc><w:p><w:r><w:t>{t}</w:t></w:r></w:p></w:tc>");
    let body = [
        format!(
            "<w:tbl><w:tr>{}{}</w:tr></w:tbl>",
            cell("青禾开发区报通讯员来稿"),
            cell("2026年11月")
        ),
        p("开发区召开四季度安全生产工作会议"),
        p("通讯员 赵敏"),
        p("11月9日上午，开发区召开四季度安全生产工作会议，部署四季度安全生产重点工作。"),
    ]
    .concat();
    let a = one("来稿.docx", &Docx::new(&body).build());
    assert_eq!(a.content.title, "开发区召开四季度安全生产工作会议");
    assert_eq!(a.content.byline, "通讯员 赵敏");
    assert_eq!(
        a.content.body,
        [
            para("青禾开发区报通讯员来稿\u{3000}2026年11月"),
            para("11月9日上午，开发区召开四季度安全生产工作会议，部署四季度安全生产重点工作。"),
        ]
    );
    assert_eq!(codes(&a), ["table_flattened", "text_before_title"]);
    assert!(warning(&a, "text_before_title").contains("标题前有 1 段文字"));
}

#[test]
fn footnotes_and_endnotes_are_kept_under_a_notes_subhead() {
    let a = one("notes.docx", &fixture("notes.docx"));
    assert_eq!(
        a.content,
        ArticleContent {
            kind: ArticleKind::News,
            title: "开发区外贸进出口逆势增长".into(),
            byline: "记者 王晓静".into(),
            body: vec![
                para(
                    "今年前三季度，青禾开发区实现外贸进出口总额218.6亿元①，同比增长9.7%，增速高于全市平均水平4.2个百分点。"
                ),
                para(
                    "其中，跨境电商进出口额达36.8亿元，同比增长31.5%②，成为拉动外贸增长的新引擎。"
                ),
                para(
                    "开发区商务局负责人表示，将继续落实稳外贸各项政策，支持企业开拓“一带一路”沿线市场③。"
                ),
                sub("注释"),
                para("①数据来源：青禾海关驻开发区办事处。"),
                para("②跨境电商统计口径包括一般出口和特殊区域出口。"),
                para("不含个人物品邮递进出境。"),
                para("③详见《青禾开发区稳外贸十条措施》。"),
            ],
            ..Default::default()
        }
    );
    assert_eq!(codes(&a), ["footnotes_appended"]);
    let w = warning(&a, "footnotes_appended");
    assert!(
        w.contains("2 条脚注和 1 条尾注") && w.contains("①…③"),
        "{w}"
    );
}

#[test]
fn comments_are_left_out_and_counted() {
    let a = one("comments.docx", &fixture("comments.docx"));
    assert_eq!(
        a.content,
        ArticleContent {
            title: "园区企业技术中心再添新军".into(),
            body: vec![
                para(
                    "近日，市工业和信息化局公布2026年度市级企业技术中心认定名单，青禾开发区5家企业入选，入选数量居全市开发区首位。"
                ),
                para(
                    "截至目前，开发区已拥有市级以上企业技术中心42家，其中国家级3家、省级17家。开发区将持续加大研发投入奖补力度，推动企业创新能力提升。"
                ),
            ],
            ..Default::default()
        }
    );
    assert!(!all_text(&a.content).contains("批注"));
    assert_eq!(codes(&a), ["comments_ignored"]);
    assert!(warning(&a, "comments_ignored").contains("2 条批注"));
}

#[test]
fn tracked_changes_import_as_accepted() {
    let a = one("tracked-changes.docx", &fixture("tracked-changes.docx"));
    assert_eq!(
        a.content,
        ArticleContent {
            title: "开发区举行首届职工技能大赛".into(),
            body: vec![
                // inserted: 来自42家企业的
                para(
                    "10月16日，青禾开发区首届职工技能大赛在园区实训基地开幕，来自42家企业的380名选手参加数控车工、电工、焊工等6个工种的比拼。"
                ),
                // deleted: 约
                para("大赛历时两天，共决出各工种一等奖6名，30名选手获评“园区技术能手”称号。"),
                // a deleted sentence is gone
                para("开发区总工会负责人表示，将以赛促学、以赛促练，引导广大职工提升技能水平。"),
            ],
            ..Default::default()
        }
    );
    assert!(!all_text(&a.content).contains("据不完全统计"));
    assert_eq!(codes(&a), ["tracked_changes"]);
    let w = warning(&a, "tracked_changes");
    assert!(
        w.contains("接受全部修订") && w.contains("插入的 8 个字") && w.contains("删除的 25 个字"),
        "{w}"
    );
}

#[test]
fn a_title_in_a_text_box_is_the_title() {
    let a = one("text-box-title.docx", &fixture("text-box-title.docx"));
    assert_eq!(
        a.content,
        ArticleContent {
            title: "开发区启动老旧厂房改造提升行动".into(),
            body: vec![
                para(
                    "11月3日，青禾开发区召开老旧厂房改造提升行动动员会，计划用三年时间完成园区内建成超过20年的56栋老旧厂房改造，盘活低效用地约1,200亩。"
                ),
                para(
                    "改造将采取企业自主改造、政府收储再开发、引入社会资本合作等方式，优先保障智能装备、新材料等主导产业项目用地需求。"
                ),
                para("开发区对按期完成改造的企业给予每平方米最高200元的奖补。"),
            ],
            ..Default::default()
        }
    );
    assert_eq!(codes(&a), ["text_box_as_text", "title_from_text_box"]);
    assert!(!a.title_pending());
}

#[test]
fn a_note_reference_without_its_text_is_reported_not_marked() {
    // Word's way: separators, one real note, and a reference to a note the
    // part does not have
    let footnotes = format!(
        r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:footnotes xmlns:w="{W_NS}"><w:footnote w:type="separator" w:id="-1"><w:p><w:r><w:separator/></w:r></w:p></w:footnote><w:footnote w:type="continuationSeparator" w:id="0"><w:p><w:r><w:continuationSeparator/></w:r></w:p></w:footnote><w:footnote w:id="1"><w:p><w:pPr><w:pStyle w:val="FootnoteText"/></w:pPr><w:r><w:rPr><w:rStyle w:val="FootnoteReference"/></w:rPr><w:footnoteRef/></w:r><w:r><w:t xml:space="preserve"> 以上数据为快报数。</w:t></w:r></w:p></w:footnote></w:footnotes>"#
    );
    let body = [
        p("开发区一般公共预算收入稳步增长"),
        r#"<w:p><w:r><w:t>1至10月，开发区完成一般公共预算收入28.6亿元</w:t></w:r><w:r><w:rPr><w:vertAlign w:val="superscript"/></w:rPr><w:footnoteReference w:id="1"/></w:r><w:r><w:t>，同比增长6.8%，其中税收收入占比达85.3%</w:t></w:r><w:r><w:footnoteReference w:id="7"/></w:r><w:r><w:t>。</w:t></w:r></w:p>"#.to_string(),
    ]
    .concat();
    let mut docx = Docx::new(&body);
    docx.parts
        .push(("word/footnotes.xml".into(), footnotes.into_bytes(), true));
    let a = one("预算收入.docx", &docx.build());
    assert_eq!(
        a.content.body,
        [
            para(
                "1至10月，开发区完成一般公共预算收入28.6亿元①，同比增长6.8%，其中税收收入占比达85.3%。"
            ),
            sub("注释"),
            para("①以上数据为快报数。"),
        ]
    );
    assert_eq!(codes(&a), ["footnotes_appended", "footnotes_ignored"]);
    assert!(warning(&a, "footnotes_ignored").contains("1 处"));
}

#[test]
fn a_word_document_with_nothing_in_it_is_still_refused() {
    let e = preview_import("空白.docx", &Docx::new(&p("  ")).build()).unwrap_err();
    assert_eq!(e, zonepress_import::ImportError::Empty);
    assert_eq!(e.message_zh(), "文件是空的，没有可导入的文字或图片");
}
