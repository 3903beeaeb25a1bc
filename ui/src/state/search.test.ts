import { describe, expect, it } from 'vitest';
import { parseHash, routeHash } from './nav';
import { hasFilter, snippetParts } from './search';

describe('archive search state', () => {
  it('cuts a snippet at its marks', () => {
    expect(snippetParts('…开发区«园区»企业，«园区»服务')).toEqual([
      { text: '…开发区', hit: false },
      { text: '园区', hit: true },
      { text: '企业，', hit: false },
      { text: '园区', hit: true },
      { text: '服务', hit: false },
    ]);
    expect(snippetParts('')).toEqual([]);
  });

  it('keeps the words in the address', () => {
    for (const q of ['园区', '"智能制造 产业园" 5G', '50%/年', '']) {
      expect(parseHash(routeHash({ name: 'search', q }))).toEqual({ name: 'search', q });
    }
    expect(parseHash('#/search/%E0%A4%A')).toEqual({ name: 'search', q: '' });
  });

  it('counts the order as no filter', () => {
    expect(hasFilter({ order: 'relevance' })).toBe(false);
    expect(hasFilter({ issue_id: 1 })).toBe(true);
    expect(hasFilter({ placed: false })).toBe(true);
  });
});
