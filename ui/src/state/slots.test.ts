import { describe, expect, it } from 'vitest';
import type { ReservedSlot } from '../api';
import { slotPagesChanged } from './slots';

const slot = (page: number, topic_id: number, owner = ''): ReservedSlot => ({
  page,
  topic_id,
  title: '园区新签项目巡礼',
  owner,
  due: null,
  expected_chars: 1200,
  expected_photos: null,
  priority: 'normal',
  article_id: null,
});

describe('slotPagesChanged', () => {
  it('names the pages whose slots were added, dropped or changed', () => {
    expect(slotPagesChanged([], [])).toEqual([]);
    expect(slotPagesChanged([slot(2, 1)], [slot(2, 1)])).toEqual([]);
    expect(slotPagesChanged([], [slot(3, 1)])).toEqual([3]);
    expect(slotPagesChanged([slot(2, 1), slot(4, 2)], [slot(4, 2)])).toEqual([2]);
    expect(slotPagesChanged([slot(2, 1)], [slot(2, 1, '陈曦')])).toEqual([2]);
  });
});
