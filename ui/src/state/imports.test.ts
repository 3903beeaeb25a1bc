import { describe, expect, it } from 'vitest';
import type { ProposedArticle } from '../api';
import { titlePending, type ImportFile } from './imports';

const proposal = (title: string, codes: string[]): ProposedArticle => ({
  file_name: '安全检查.docx',
  content: { kind: 'news', kicker: '', title, subtitle: '', byline: '', column: '', body: [] },
  images: [],
  warnings: codes.map((code) => ({ code, message_zh: code, message_en: code })),
  fixes: [],
});

const file = (p: ProposedArticle, edits: ImportFile['edits'] = {}): ImportFile => ({
  key: 'f1',
  file: new File([''], p.file_name),
  status: 'ready',
  proposal: p,
  error: null,
  chosen: [],
  removed: [],
  edits,
  kind: null,
});

describe('待定标题 in the preview', () => {
  it('follows the title_pending note until the editor types another title', () => {
    const stand_in = proposal('安全检查', ['table_flattened', 'title_pending']);
    expect(titlePending(file(stand_in))).toBe(true);
    expect(titlePending(file(stand_in, { title: '安全检查 ' }))).toBe(true);
    expect(titlePending(file(stand_in, { title: '开发区开展安全生产大检查' }))).toBe(false);
    expect(titlePending(file(proposal('开发区开展安全生产大检查', ['table_flattened'])))).toBe(false);
  });
});
