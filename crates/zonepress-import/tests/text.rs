//! `.txt` in every encoding a correspondent's computer produces, `.md`, and
//! text pasted from PDFs.

use zonepress_testkit::docx::fixture;

use zonepress_core::{ArticleContent, ArticleKind, Block};
use zonepress_import::{
    CleanedText, FixField, ProposedArticle, clean_pdf_text, looks_like_pdf_extraction,
    preview_import,
};

fn one(name: &str, bytes: &[u8]) -> ProposedArticle {
    let mut articles = preview_import(name, bytes).unwrap_or_else(|e| panic!("{name}: {e}"));
    assert_eq!(articles.len(), 1);
    articles.remove(0)
}
fn para(t: &str) -> Block {
    Block::Paragraph { text: t.into() }
}
fn codes(a: &ProposedArticle) -> Vec<&str> {
    a.warnings.iter().map(|n| n.code.as_str()).collect()
}

#[test]
fn gbk_story_with_the_whole_headline_stack() {
    let a = one("story.gbk.txt", &fixture("story.gbk.txt"));
    assert_eq!(
        a.content,
        ArticleContent {
            kicker: "优化营商环境——".into(),
            title: "青禾开发区“企业服务专员”上岗".into(),
            subtitle: "——首批40名专员对接重点企业126家".into(),
            byline: "记者 王晓静".into(),
            body: vec![
                para(
                    "10月12日，青禾开发区举行“企业服务专员”聘任仪式，首批40名专员正式上岗，将对辖区内126家重点企业开展“一对一”跟踪服务。"
                ),
                para(
                    "据介绍，服务专员由开发区各部门业务骨干担任，主要负责政策宣传、诉求收集、问题协调等工作,实行“首问负责、全程代办”。"
                ),
                para(
                    "“以前办事要跑好几个部门，现在有了专员，一个电话就能解决。”青禾精密机械有限公司负责人说。"
                ),
                para(
                    "开发区将建立专员工作台账，每月通报诉求办理情况，推动企业反映的问题“件件有着落、事事有回音”。"
                ),
            ],
            ..Default::default()
        }
    );
    assert_eq!(codes(&a), ["encoding_detected"]);
    assert_eq!(a.warnings[0].message_zh, "文本编码识别为 GBK/GB18030");
    assert_eq!(a.fixes.len(), 1);
    assert_eq!(
        (
            a.fixes[0].field,
            a.fixes[0].start,
            a.fixes[0].original.as_str()
        ),
        (FixField::Body(1), 43, ",")
    );
}

#[test]
fn gb18030_with_a_four_byte_character_in_a_name() {
    let bytes = fixture("contest.gb18030.txt");
    // the name's rare character really is a four-byte GB18030 sequence
    assert!(bytes.windows(4).any(|w| w == [0x95, 0x34, 0xB2, 0x35]));
    let a = one("contest.gb18030.txt", &bytes);
    assert_eq!(
        a.content,
        ArticleContent {
            title: "青禾开发区举办首届职工技能大赛".into(),
            byline: "通讯员 王\u{20BB7}".into(),
            body: vec![
                para(
                    "10月20日，青禾开发区首届职工技能大赛在园区实训基地开赛，来自28家企业的156名选手参加数控车工、焊工、电工三个项目的角逐。"
                ),
                para("大赛设一等奖3名、二等奖6名、三等奖9名，获奖选手将优先推荐参加市级技能竞赛。"),
            ],
            ..Default::default()
        }
    );
    assert_eq!(codes(&a), ["encoding_detected", "dateline_moved"]);
}

#[test]
fn utf16_both_byte_orders_give_the_same_article() {
    let le = one("notice.utf16le.txt", &fixture("notice.utf16le.txt"));
    let be = one("notice.utf16be.txt", &fixture("notice.utf16be.txt"));
    let expected = ArticleContent {
        title: "开发区开展消防安全宣传月活动".into(),
        byline: "开发区应急管理局 李明".into(),
        body: vec![
            para(
                "11月是全国消防宣传月。连日来，开发区组织消防志愿者走进企业、社区，开展消防安全知识宣讲和应急疏散演练。",
            ),
            para(
                "活动期间，共发放宣传资料3,000余份，组织演练15场，覆盖企业职工和居民4,200余人次。",
            ),
        ],
        ..Default::default()
    };
    assert_eq!(le.content, expected);
    assert_eq!(be.content, expected);
    assert_eq!(le.warnings[0].message_zh, "文本编码识别为 UTF-16LE");
    assert_eq!(be.warnings[0].message_zh, "文本编码识别为 UTF-16BE");
}

#[test]
fn utf8_bom_briefs_box() {
    let a = one("briefs.utf8bom.txt", &fixture("briefs.utf8bom.txt"));
    let brief = |t: &str| Block::Brief { text: t.into() };
    assert_eq!(
        a.content,
        ArticleContent {
            kind: ArticleKind::Briefs,
            title: "要闻快览".into(),
            body: vec![
                brief(
                    "10月8日，开发区召开党工委（扩大）会议，传达学习上级有关会议精神，研究部署近期重点工作。"
                ),
                brief("10月10日，开发区与华东某高校签订产学研合作协议，共建智能制造联合实验室。"),
                brief("10月16日，开发区举办2026年秋季招聘会，62家企业提供就业岗位1,300余个。"),
                brief("10月22日，青禾生物医药产业园一期项目通过竣工验收。"),
            ],
            ..Default::default()
        }
    );
    assert!(
        a.warnings.is_empty(),
        "UTF-8 needs no note: {:?}",
        a.warnings
    );
}

#[test]
fn pdf_pasted_text_file_is_cleaned() {
    let a = one("pdf-pasted.utf8.txt", &fixture("pdf-pasted.utf8.txt"));
    assert_eq!(
        a.content,
        ArticleContent {
            title: "园区绿色发展 按下“快进键”".into(),
            byline: "本报记者 陈立".into(),
            body: vec![
                para(
                    "今年以来，青禾开发区以创建省级绿色低碳示范园区为抓手，推动企业节能降碳改造，全区单位工业增加值能耗同比下降5.2%，绿色发展成效逐步显现。"
                ),
                para(
                    "在青禾新能源科技有限公司，屋顶上的光伏板整齐排列。“光伏项目年发电量约1,200万千瓦时，每年可节约电费800余万元。”公司负责人介绍，企业还投用了余热回收系统，每年减少二氧化碳排放约6,000吨。"
                ),
                para(
                    "开发区还建立了重点用能企业在线监测平台，对32家重点企业的能耗实行实时监测，做到及时预警、精准服务。截至目前，平台已累计发出预警提示210条，帮助企业挖掘节能潜力。"
                ),
                para(
                    "下一步，开发区将加快推进分布式光伏、储能等项目建设，力争年底前新增光伏装机容量20兆瓦，让绿色成为园区高质量发展的鲜明底色。"
                ),
            ],
            ..Default::default()
        }
    );
    assert_eq!(codes(&a), ["pdf_text_cleaned"]);
    assert_eq!(
        a.warnings[0].message_zh,
        "文字像是从 PDF 复制的：已合并 9 处断行，删除 2 个页码、2 行页眉，请核对"
    );
}

#[test]
fn clean_pdf_text_counts_what_it_did() {
    let text = String::from_utf8(fixture("pdf-pasted.utf8.txt")).unwrap();
    assert!(looks_like_pdf_extraction(&text));
    let cleaned = clean_pdf_text(&text);
    assert_eq!(
        (
            cleaned.joined_lines,
            cleaned.removed_page_numbers,
            cleaned.removed_running_heads
        ),
        (9, 2, 2)
    );
    assert_eq!(cleaned.text.lines().count(), 6);
    assert_eq!(
        cleaned.text.lines().next(),
        Some("园区绿色发展 按下“快进键”")
    );
}

#[test]
fn clean_pdf_text_rules() {
    let text = "开发区召开经济运行分析会议，会议听取了各部门前三季度\n\
                工作情况汇报，研究部署四季度重点工作。会议强调，要\n\
                坚定信心、真抓实干。\n\
                第3页\n\
                一、狠抓项目建设\n\
                “今年的目标一定能完成！”负责人表示。他还说：“项目\n\
                进展顺利。”\n\
                3/12\n\
                The Zone Press system supports import of files from\n\
                correspondents in the field.";
    assert_eq!(
        clean_pdf_text(text),
        CleanedText {
            text: "开发区召开经济运行分析会议，会议听取了各部门前三季度工作情况汇报，研究部署四季度重点工作。会议强调，要坚定信心、真抓实干。\n\
                   一、狠抓项目建设\n\
                   “今年的目标一定能完成！”负责人表示。他还说：“项目进展顺利。”\n\
                   The Zone Press system supports import of files from correspondents in the field."
                .into(),
            joined_lines: 4,
            removed_page_numbers: 2,
            removed_running_heads: 0,
        }
    );
    // never across a sentence end, whatever the line length
    let text = "会议听取了各部门前三季度工作情况汇报并研究部署了重点工作。\n随后召开党工委会议研究部署四季度安全生产重点工作任务要求。";
    assert_eq!(clean_pdf_text(text).joined_lines, 0);
    // stray spaces between Chinese characters go, Latin words keep theirs
    let cleaned = clean_pdf_text("开 发 区 引 进 ZonePress 编务系统 ， 提升 office work 效率 。");
    assert_eq!(
        cleaned.text,
        "开发区引进 ZonePress 编务系统，提升 office work 效率。"
    );
}

#[test]
fn txt_with_every_line_a_paragraph_and_indents() {
    let text = "\u{3000}\u{3000}开发区召开党建工作推进会\r\n\u{3000}\u{3000}10月30日，开发区召开党建工作推进会。\r\n\u{3000}\u{3000}会议要求，各党组织要对照年度目标，补齐短板弱项。\r\n";
    let a = one("党建.txt", text.as_bytes());
    assert_eq!(
        a.content,
        ArticleContent {
            title: "开发区召开党建工作推进会".into(),
            body: vec![
                para("10月30日，开发区召开党建工作推进会。"),
                para("会议要求，各党组织要对照年度目标，补齐短板弱项。"),
            ],
            ..Default::default()
        }
    );
    assert!(a.warnings.is_empty());
}

#[test]
fn markdown_story() {
    let a = one("story.md", &fixture("story.md"));
    assert_eq!(
        a.content,
        ArticleContent {
            title: "青禾开发区启动“数字园区”建设".into(),
            byline: "记者 刘畅".into(),
            body: vec![
                para(
                    "10月25日，青禾开发区“数字园区”建设项目正式启动。项目总投资1.2亿元，将建设园区大数据中心、智慧安防、智慧能源等六大平台。"
                ),
                Block::Subhead {
                    text: "建设内容".into()
                },
                para(
                    "项目分两期实施，一期工程计划于2027年6月前完成，重点建设园区大数据中心和企业服务平台。"
                ),
                Block::Subhead {
                    text: "预期成效".into()
                },
                para("项目建成后，企业办事“一网通办”比例将达到95%以上,企业平均办事时间缩短一半。"),
            ],
            ..Default::default()
        }
    );
    assert_eq!(codes(&a), ["markdown_image"]);
    assert!(a.warnings[0].message_zh.contains("qidong.jpg"));
    assert!(
        a.warnings[0]
            .message_zh
            .contains("图为“数字园区”建设项目启动仪式现场")
    );
    assert_eq!(a.fixes.len(), 1);
    assert_eq!(a.fixes[0].field, FixField::Body(4));
}

#[test]
fn a_filled_in_form_and_a_closing_byline() {
    let text = "栏目：工作动态\n标题：开发区开展“安全生产月”活动\n引题：筑牢安全防线\n作者：王晓静\u{3000}刘畅\n\n6月以来，开发区组织开展“安全生产月”系列活动，共检查企业86家。\n";
    let a = one("来稿.txt", text.as_bytes());
    assert_eq!(
        a.content,
        ArticleContent {
            kicker: "筑牢安全防线".into(),
            title: "开发区开展“安全生产月”活动".into(),
            byline: "王晓静 刘畅".into(),
            column: "工作动态".into(),
            body: vec![para(
                "6月以来，开发区组织开展“安全生产月”系列活动，共检查企业86家。"
            )],
            ..Default::default()
        }
    );
    let text = "开发区举办企业家沙龙\n\n11月5日，开发区举办第三期企业家沙龙，20余位企业负责人参加。\n\n通讯员 李四\n";
    let a = one("沙龙.txt", text.as_bytes());
    assert_eq!(a.content.byline, "通讯员 李四");
    assert_eq!(
        a.content.body,
        [para(
            "11月5日，开发区举办第三期企业家沙龙，20余位企业负责人参加。"
        )]
    );
}

#[test]
fn header_lines_without_blank_lines_between_them_stay_apart() {
    let text = "青禾开发区召开四季度安全生产工作会议\n记者 王五\n\n10月9日上午，开发区召开四季度安全生产工作会议。\n";
    let a = one("会议.txt", text.as_bytes());
    assert_eq!(a.content.title, "青禾开发区召开四季度安全生产工作会议");
    assert_eq!(a.content.byline, "记者 王五");
    assert_eq!(
        a.content.body,
        [para("10月9日上午，开发区召开四季度安全生产工作会议。")]
    );
}

#[test]
fn a_dateline_alone_on_its_line_leaves_no_empty_paragraph() {
    let text = "开发区召开党工委会议\n本报讯（记者 王五）\n10月9日，开发区召开党工委会议。\n";
    let a = one("会议.txt", text.as_bytes());
    assert_eq!(a.content.byline, "记者 王五");
    assert_eq!(a.content.body, [para("10月9日，开发区召开党工委会议。")]);
}
