//! A change to one article typesets that article again and takes the rest
//! of its page from Typst's memory (tracker issue #27: the layout screen's
//! hand path). Counted, not timed: Typst's own timing records every
//! paragraph it lays out, and this file is its own test binary, so no other
//! test's typesetting is counted.

use std::collections::HashMap;

use zonepress_core::Block;
use zonepress_export::IssueDoc;
use zonepress_testkit::export;

/// Paragraph layouts Typst made while `f` ran.
fn paragraphs_laid_out(f: impl FnOnce()) -> usize {
    typst_timing::clear();
    typst_timing::enable();
    f();
    typst_timing::disable();
    let mut json = vec![];
    typst_timing::export_json(&mut json, |_| (String::new(), 0)).unwrap();
    let events: serde_json::Value = serde_json::from_slice(&json).unwrap();
    events
        .as_array()
        .unwrap()
        .iter()
        .filter(|e| e["name"] == "prepare" && e["ph"] == "B")
        .count()
}

/// Body blocks of the articles on page `page` (0-based), by article.
fn blocks_on(doc: &IssueDoc, page: usize) -> HashMap<i64, usize> {
    doc.plan.pages[page]
        .placements
        .iter()
        .map(|p| {
            let body = &doc.articles[&p.article_id].content.body;
            let blocks = body
                .iter()
                .filter(|b| !matches!(b, Block::Image { .. }))
                .count();
            (p.article_id, blocks)
        })
        .collect()
}

#[test]
fn a_change_to_one_article_lays_out_that_article_and_not_its_neighbours() {
    let exporter = export::exporter();
    let (mut doc, assets) = export::demo();
    exporter.layout(&doc, &assets).unwrap();

    let blocks = blocks_on(&doc, 1);
    let page: usize = blocks.values().sum();
    let changed = doc.plan.pages[1].placements[1].article_id;
    let own = blocks[&changed];
    assert!(
        blocks.len() >= 3 && page >= 3 * own,
        "page 2 of the demo holds several articles: {blocks:?}"
    );

    // The type scale of one article: its body is set again at a new size.
    doc.plan.pages[1].placements[1].type_scale = 90;
    let laid = paragraphs_laid_out(|| {
        exporter.layout(&doc, &assets).unwrap();
    });
    // Measured once and set once (a paragraph that may end in a
    // one-character line is measured once more), on each of Typst's two
    // passes over the page, the second mostly from memory. The others on
    // the page are not laid out again at all.
    assert!(
        laid >= own,
        "the changed article was set again: {laid} paragraph layouts for its {own} blocks"
    );
    assert!(
        laid <= 4 * own,
        "{laid} paragraph layouts after a change to one article of {own} blocks \
         (its page has {page}): the other articles were measured again"
    );

    // The same state again: the page comes from the exporter's cache.
    let again = paragraphs_laid_out(|| {
        exporter.layout(&doc, &assets).unwrap();
    });
    assert_eq!(again, 0, "an unchanged issue is not typeset again");
}
