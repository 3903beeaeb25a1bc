//! 预留版位 on the page: a slot held for a topic is typeset like an article
//! of the topic's expected length — a 预留版位 kicker, the topic's title, a
//! line with the owner and the deadline, placeholder paragraphs of the
//! expected number of characters and a grey box per expected photo — so
//! the page's fit counts it and its hash covers it. Its item id is the
//! topic's id negated, never an article's.

use zonepress_core::layout::Placement;
use zonepress_core::topics::ReservedSlot;
use zonepress_core::{ArticleContent, ArticleKind, Block, Id};

use crate::IssueDoc;
use crate::view::{Geom, TplItem, item};

/// The placeholder characters a slot is filled with.
const FILLER: &str = "预留版位";
/// Characters per placeholder paragraph.
const PARAGRAPH: usize = 240;

/// The id a slot's item carries: its topic's, negated.
pub fn slot_id(topic_id: Id) -> Id {
    -topic_id
}

/// The title of the topic whose slot is item `id`, if it is one.
pub(crate) fn slot_title(doc: &IssueDoc, id: Id) -> Option<String> {
    doc.reserved
        .iter()
        .find(|s| slot_id(s.topic_id) == id)
        .map(|s| format!("预留：{}", s.title))
}

/// The line under the slot's title: who writes it and by when.
pub fn slot_line(slot: &ReservedSlot) -> String {
    let owner = if slot.owner.is_empty() {
        "尚未派稿".to_string()
    } else {
        slot.owner.clone()
    };
    match &slot.due {
        Some(due) => format!("{owner}\u{3000}截稿{due}"),
        None => owner,
    }
}

/// The template item of a slot.
pub(crate) fn slot_item(geom: &Geom, slot: &ReservedSlot) -> TplItem {
    let chars = slot.chars() as usize;
    let photos = slot.expected_photos.unwrap_or(0).min(4);
    let note = if photos > 0 {
        format!("（为此稿预留约{chars}字、{photos}张图片的位置。）")
    } else {
        format!("（为此稿预留约{chars}字的位置。）")
    };
    let rest = chars.saturating_sub(note.chars().count());
    let mut body = vec![Block::Paragraph { text: note }];
    for _ in 0..photos {
        body.push(Block::Image {
            asset_id: String::new(),
            caption: "预留图片".into(),
            credit: String::new(),
        });
    }
    let filler: Vec<char> = FILLER.chars().cycle().take(rest).collect();
    for part in filler.chunks(PARAGRAPH) {
        body.push(Block::Paragraph {
            text: part.iter().collect(),
        });
    }
    let content = ArticleContent {
        kind: ArticleKind::News,
        kicker: "预留版位".into(),
        title: slot.title.clone(),
        subtitle: String::new(),
        byline: slot_line(slot),
        column: String::new(),
        body,
    };
    let placement = Placement::new(slot_id(slot.topic_id));
    let cols = geom.cols;
    let mut it = item(geom, &placement, &content, cols, cols, false);
    for img in &mut it.images {
        img.path = None;
    }
    it
}

#[cfg(test)]
mod tests {
    use zonepress_core::PageSize;
    use zonepress_core::topics::TopicPriority;

    use super::*;

    fn slot(chars: Option<u32>, photos: Option<u32>) -> ReservedSlot {
        ReservedSlot {
            page: 2,
            topic_id: 7,
            title: "经发局助企纾困走访记".into(),
            owner: "陈曦".into(),
            due: Some("2026-12-20 18:00".into()),
            expected_chars: chars,
            expected_photos: photos,
            priority: TopicPriority::Major,
            article_id: None,
        }
    }

    #[test]
    fn a_slot_is_typeset_at_its_expected_length_with_title_owner_and_deadline() {
        let geom = Geom::new(PageSize::A3, 4);
        let it = slot_item(&geom, &slot(Some(1000), Some(2)));
        assert_eq!(it.id, -7);
        assert_eq!(it.kicker, "预留版位");
        assert_eq!(it.title, "经发局助企纾困走访记");
        assert_eq!(it.byline, "陈曦\u{3000}截稿2026-12-20 18:00");
        let chars: usize = it.blocks.iter().map(|b| b.text.chars().count()).sum();
        assert_eq!(chars, 1000);
        assert_eq!(it.images.len(), 2);
        assert!(
            it.images
                .iter()
                .all(|i| i.path.is_none() && i.asset_id.is_empty())
        );
        // No length given: a common story's.
        let it = slot_item(&geom, &slot(None, None));
        let chars: usize = it.blocks.iter().map(|b| b.text.chars().count()).sum();
        assert_eq!(chars, zonepress_core::topics::SLOT_DEFAULT_CHARS as usize);
        let mut unassigned = slot(None, None);
        unassigned.owner.clear();
        unassigned.due = None;
        assert_eq!(slot_line(&unassigned), "尚未派稿");
    }
}
