import { describe, expect, it } from 'vitest';
import type { IssuePlan } from '../api';
import {
  articlesOnPagesAfter,
  changedPages,
  clampScale,
  locate,
  moveArticle,
  newPlacement,
  placedIds,
  removeArticle,
  setPageCount,
  setPageName,
  setPageSize,
  setTemplate,
  shiftArticle,
  updatePlacement,
} from './planEdit';

/** Page 1: 1, 2, 3; page 2: 4, 5; page 3: empty. */
function plan(): IssuePlan {
  const p = (number: number, ids: number[]) => ({
    number,
    template: number === 1 ? ('front' as const) : ('inner' as const),
    name: '',
    placements: ids.map(newPlacement),
  });
  return { issue_id: 1, page_size: 'A3', columns: 4, pages: [p(1, [1, 2, 3]), p(2, [4, 5]), p(3, [])] };
}

const ids = (pl: IssuePlan) => pl.pages.map((p) => p.placements.map((x) => x.article_id));

describe('moving articles', () => {
  it('places an article from the tray at a position, with default settings', () => {
    const out = moveArticle(plan(), 9, 2, 1);
    expect(ids(out)).toEqual([[1, 2, 3], [4, 9, 5], []]);
    expect(out.pages[1].placements[1]).toEqual(newPlacement(9));
  });

  it('appends when no position is given or the position is past the end', () => {
    expect(ids(moveArticle(plan(), 9, 3))).toEqual([[1, 2, 3], [4, 5], [9]]);
    expect(ids(moveArticle(plan(), 9, 2, 99))).toEqual([[1, 2, 3], [4, 5, 9], []]);
  });

  it('moves between pages and keeps the settings', () => {
    const start = updatePlacement(plan(), 3, { headline_span: 2, type_scale: 95 });
    const out = moveArticle(start, 3, 2, 0);
    expect(ids(out)).toEqual([[1, 2], [3, 4, 5], []]);
    expect(out.pages[1].placements[0]).toMatchObject({ article_id: 3, headline_span: 2, type_scale: 95 });
  });

  it('reorders within a page, counting positions before the move', () => {
    // Drop article 1 before article 3 (position 2): it lands between 2 and 3.
    expect(ids(moveArticle(plan(), 1, 1, 2))).toEqual([[2, 1, 3], [4, 5], []]);
    // Drop article 3 at the top.
    expect(ids(moveArticle(plan(), 3, 1, 0))).toEqual([[3, 1, 2], [4, 5], []]);
    // Dropping in its own place changes nothing (same object back).
    const p = plan();
    expect(moveArticle(p, 2, 1, 1)).toBe(p);
    expect(moveArticle(p, 2, 1, 2)).toBe(p);
  });

  it('shifts up and down, and not past the ends', () => {
    expect(ids(shiftArticle(plan(), 2, -1))).toEqual([[2, 1, 3], [4, 5], []]);
    expect(ids(shiftArticle(plan(), 2, 1))).toEqual([[1, 3, 2], [4, 5], []]);
    const p = plan();
    expect(shiftArticle(p, 1, -1)).toBe(p);
    expect(shiftArticle(p, 5, 1)).toBe(p);
  });

  it('removes to the tray', () => {
    const out = removeArticle(plan(), 4);
    expect(ids(out)).toEqual([[1, 2, 3], [5], []]);
    expect(locate(out, 4)).toBeNull();
    expect(placedIds(out).has(4)).toBe(false);
  });

  it('never places an article twice and leaves the original plan alone', () => {
    const p = plan();
    const out = moveArticle(moveArticle(p, 1, 2), 1, 3);
    expect(ids(out)).toEqual([[2, 3], [4, 5], [1]]);
    expect(ids(p)).toEqual([[1, 2, 3], [4, 5], []]);
  });

  it('ignores a page that does not exist', () => {
    const p = plan();
    expect(moveArticle(p, 1, 7)).toBe(p);
  });
});

describe('settings of a placed article', () => {
  it('clamps spans to the columns and the type scale to 85–115 %', () => {
    const out = updatePlacement(plan(), 2, { headline_span: 6, body_columns: 0, image_columns: 3, type_scale: 130 });
    expect(out.pages[0].placements[1]).toMatchObject({ headline_span: 4, body_columns: 1, image_columns: 3, type_scale: 115 });
    expect(clampScale(80)).toBe(85);
    expect(clampScale(97.4)).toBe(97);
  });

  it('keeps 自动 (null) as it is', () => {
    const out = updatePlacement(plan(), 2, { headline_span: null });
    expect(out.pages[0].placements[1].headline_span).toBeNull();
  });
});

describe('paper, columns and pages', () => {
  it('switching A3 to A4 narrows every span to 3 columns', () => {
    let p = updatePlacement(plan(), 1, { headline_span: 4, body_columns: 4, image_columns: 4 });
    p = updatePlacement(p, 4, { headline_span: 2 });
    const out = setPageSize(p, 'A4');
    expect(out.page_size).toBe('A4');
    expect(out.columns).toBe(3);
    expect(out.pages[0].placements[0]).toMatchObject({ headline_span: 3, body_columns: 3, image_columns: 3 });
    expect(out.pages[1].placements[0].headline_span).toBe(2);
    // And back: A3 has 4 columns again; spans stay as they were narrowed.
    const back = setPageSize(out, 'A3');
    expect(back.columns).toBe(4);
    expect(back.pages[0].placements[0].headline_span).toBe(3);
  });

  it('adds inner pages numbered on, and removing pages sends their articles to the tray', () => {
    const more = setPageCount(plan(), 5);
    expect(more.pages.map((p) => [p.number, p.template])).toEqual([
      [1, 'front'],
      [2, 'inner'],
      [3, 'inner'],
      [4, 'inner'],
      [5, 'inner'],
    ]);
    expect(articlesOnPagesAfter(plan(), 1)).toEqual([4, 5]);
    const fewer = setPageCount(plan(), 1);
    expect(ids(fewer)).toEqual([[1, 2, 3]]);
    expect(setPageCount(plan(), 0).pages).toHaveLength(1);
  });

  it('sets a page template and name', () => {
    const out = setPageName(setTemplate(plan(), 3, 'photo'), 3, '图片新闻');
    expect(out.pages[2]).toMatchObject({ template: 'photo', name: '图片新闻' });
  });

  it('names the pages whose picture may change', () => {
    const p = plan();
    expect(changedPages(null, p)).toEqual([1, 2, 3]);
    expect(changedPages(p, moveArticle(p, 3, 2))).toEqual([1, 2]);
    expect(changedPages(p, updatePlacement(p, 5, { type_scale: 90 }))).toEqual([2]);
    expect(changedPages(p, setPageSize(p, 'A4'))).toEqual([1, 2, 3]);
    expect(changedPages(p, setPageCount(p, 4))).toEqual([4]);
    expect(changedPages(p, p)).toEqual([]);
  });
});
