import { beforeEach, describe, expect, it } from 'vitest';
import type { Article } from '../api';
import { clearDraft, decideDraft, draftKey, listDrafts, readDraft, writeDraft } from './drafts';
import { fieldsOf } from '../doc/fields';

function article(revision: number, hash: string, text = '园区新建标准厂房十二栋。'): Article {
  const who = { id: 2, username: 'editor', display_name: '林悦' };
  return {
    id: 41,
    issue_id: 1,
    target_length: null,
    length: text.length,
    status: 'draft',
    review_level: null,
    revision,
    content_hash: hash,
    title_pending: false,
    priority: 'normal',
    author: who,
    created_at: '2026-11-20T01:00:00Z',
    updated_at: '2026-11-20T01:00:00Z',
    updated_by: who,
    kind: 'news',
    kicker: '',
    title: '开发区新建标准厂房',
    subtitle: '',
    byline: '记者 林悦',
    column: '工作动态',
    body: [{ type: 'paragraph', text }],
  };
}

describe('local drafts', () => {
  beforeEach(() => localStorage.clear());

  it('keeps the text per account and article until cleared', () => {
    const a = article(4, 'h4');
    const mine = { ...fieldsOf(a), title: '开发区新建标准厂房十五栋' };
    expect(writeDraft(2, a, mine, new Date('2026-11-24T07:30:00Z'))).toBe(true);
    expect(localStorage.getItem(draftKey(2, 41))).toContain('十五栋');
    expect(readDraft(2, 41)).toMatchObject({ base: 4, baseHash: 'h4', fields: mine, at: '2026-11-24T07:30:00.000Z' });
    // Another account on the same computer does not see it.
    expect(readDraft(3, 41)).toBeNull();
    expect(listDrafts(2).map((d) => d.articleId)).toEqual([41]);
    clearDraft(2, 41);
    expect(readDraft(2, 41)).toBeNull();
  });

  it('offers a draft of the current revision, and forgets one that reads like the article', () => {
    const a = article(4, 'h4');
    const mine = { ...fieldsOf(a), byline: '记者 林悦 通讯员 刘畅' };
    writeDraft(2, a, mine);
    expect(decideDraft(readDraft(2, 41)!, a, fieldsOf(a))).toBe('offer');
    writeDraft(2, a, fieldsOf(a));
    expect(decideDraft(readDraft(2, 41)!, a, fieldsOf(a))).toBe('same');
  });

  it('sends a draft of an older revision through the conflict view, once its base is known', () => {
    const old = article(4, 'h4');
    writeDraft(2, old, { ...fieldsOf(old), title: '我的标题' });
    const now = article(5, 'h5', '园区新建标准厂房十五栋。');
    const d = readDraft(2, 41)!;
    expect(decideDraft(d, now, fieldsOf(now), 'h4')).toBe('stale');
    // Revision 4 of this workspace is other text: the draft is not of this article.
    expect(decideDraft(d, now, fieldsOf(now), 'other')).toBe('foreign');
    expect(decideDraft(d, article(4, 'elsewhere'), fieldsOf(now))).toBe('foreign');
    expect(decideDraft(d, article(3, 'h3'), fieldsOf(now))).toBe('foreign');
  });

  it('skips what is not a draft', () => {
    localStorage.setItem(draftKey(2, 41), '{"v":1,"userId":2}');
    localStorage.setItem(draftKey(2, 42), 'not json');
    expect(readDraft(2, 41)).toBeNull();
    expect(readDraft(2, 42)).toBeNull();
    expect(listDrafts(2)).toEqual([]);
  });
});
