import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import type { ArticleContent, SuggestedFix } from '../api';
import { applyFixes, bytesToBase64, fileToBase64, looksLikePdfText, previewContent } from './importText';

const FIXTURES = join(dirname(fileURLToPath(import.meta.url)), '../../../crates/zonepress-import/tests/fixtures');
const fixture = (name: string) => readFileSync(join(FIXTURES, name));

describe('base64 of a file', () => {
  it('encodes every byte value, including those ≥ 0x80', () => {
    const bytes = new Uint8Array(256 * 3);
    for (let i = 0; i < bytes.length; i++) bytes[i] = i % 256;
    const b64 = bytesToBase64(bytes);
    expect(b64).toBe(Buffer.from(bytes).toString('base64'));
    expect(Uint8Array.from(Buffer.from(b64, 'base64'))).toEqual(bytes);
  });

  it('encodes a large binary file without overflowing the stack', () => {
    const bytes = new Uint8Array(3 * 1024 * 1024 + 7);
    for (let i = 0; i < bytes.length; i++) bytes[i] = (i * 131 + 7) & 0xff;
    expect(bytesToBase64(bytes)).toBe(Buffer.from(bytes).toString('base64'));
  });

  it('reads a real .docx and a GBK text file as the browser would', async () => {
    for (const name of ['lead-story.docx', 'story.gbk.txt']) {
      const data = fixture(name);
      const file = new File([new Uint8Array(data)], name);
      expect(await fileToBase64(file), name).toBe(data.toString('base64'));
    }
  });

  it('encodes an empty file as an empty string', () => {
    expect(bytesToBase64(new Uint8Array(0))).toBe('');
  });
});

const content: ArticleContent = {
  kind: 'news',
  kicker: '优化营商环境--',
  title: '𠮷祥园区,项目落地',
  subtitle: '',
  byline: '记者 王晓静',
  column: '',
  body: [
    { type: 'paragraph', text: '𠮷𠮷开发区 召开会议,部署工作...' },
    { type: 'image', asset_id: 'a'.repeat(64), caption: '图为 现场', credit: '' },
    { type: 'paragraph', text: '会议强调(一)要抓落实。' },
  ],
};

function fix(field: SuggestedFix['field'], start: number, end: number, original: string, replacement: string): SuggestedFix {
  return { field, start, end, original, replacement, rule: 'punct.halfwidth', rule_name_zh: '半角标点', message_zh: '' };
}

const fixes: SuggestedFix[] = [
  fix('kicker', 6, 8, '--', '——'),
  fix('title', 4, 5, ',', '，'),
  fix({ body: 0 }, 5, 6, ' ', ''),
  fix({ body: 0 }, 10, 11, ',', '，'),
  fix({ body: 0 }, 15, 18, '...', '……'),
  fix({ caption: 1 }, 2, 3, ' ', ''),
  fix({ body: 2 }, 4, 5, '(', '（'),
  fix({ body: 2 }, 6, 7, ')', '）'),
];

describe('applying suggested fixes', () => {
  it('applies every fix by code point offsets, astral characters included', () => {
    const { content: out, applied } = applyFixes(content, fixes, fixes.keys());
    expect(applied).toEqual([0, 1, 2, 3, 4, 5, 6, 7]);
    expect(out.kicker).toBe('优化营商环境——');
    expect(out.title).toBe('𠮷祥园区，项目落地');
    expect(out.body[0]).toEqual({ type: 'paragraph', text: '𠮷𠮷开发区召开会议，部署工作……' });
    expect(out.body[1]).toMatchObject({ type: 'image', caption: '图为现场' });
    expect(out.body[2]).toEqual({ type: 'paragraph', text: '会议强调（一）要抓落实。' });
  });

  it('applies only the chosen subset and leaves the input alone', () => {
    const before = JSON.stringify(content);
    const { content: out, applied } = applyFixes(content, fixes, [4, 1, 2]);
    expect(applied).toEqual([1, 2, 4]);
    expect(out.kicker).toBe('优化营商环境--');
    expect(out.title).toBe('𠮷祥园区，项目落地');
    expect(out.body[0]).toEqual({ type: 'paragraph', text: '𠮷𠮷开发区召开会议,部署工作……' });
    expect(out.body[2]).toEqual(content.body[2]);
    expect(JSON.stringify(content)).toBe(before);
  });

  it('skips a stale fix and one overlapping an earlier choice', () => {
    const stale = fix('title', 0, 1, '吉', '𠮷');
    const overlapping = fix({ body: 0 }, 16, 18, '..', '…');
    const all = [...fixes, stale, overlapping];
    const { content: out, applied } = applyFixes(content, all, [4, 8, 9, 99, -1]);
    expect(applied).toEqual([4]);
    expect(out.title).toBe(content.title);
    expect((out.body[0] as { text: string }).text).toBe('𠮷𠮷开发区 召开会议,部署工作……');
  });

  it('builds the previewed article: fixes, removed blocks, retyped headline', () => {
    const out = previewContent(content, fixes, [1, 6], [1], { title: '新标题', column: '工作动态' });
    expect(out.title).toBe('新标题');
    expect(out.column).toBe('工作动态');
    expect(out.kicker).toBe('优化营商环境--');
    expect(out.body).toEqual([
      { type: 'paragraph', text: '𠮷𠮷开发区 召开会议,部署工作...' },
      { type: 'paragraph', text: '会议强调（一)要抓落实。' },
    ]);
  });
});

describe('detecting text pasted from a PDF', () => {
  it('recognises the real PDF extraction fixture', () => {
    expect(looksLikePdfText(fixture('pdf-pasted.utf8.txt').toString('utf8'))).toBe(true);
  });

  it('recognises Windows line endings too', () => {
    const text = fixture('pdf-pasted.utf8.txt').toString('utf8').replace(/\n/g, '\r\n');
    expect(looksLikePdfText(text)).toBe(true);
  });

  it('leaves ordinary paragraphs alone', () => {
    const text = fixture('sources/story.gbk.txt').toString('utf8');
    expect(looksLikePdfText(text)).toBe(false);
    const paragraphs = Array.from({ length: 10 }, (_, i) => `第${i + 1}段：开发区召开会议，部署四季度重点工作，确保全年目标任务圆满完成。`);
    expect(looksLikePdfText(paragraphs.join('\n'))).toBe(false);
  });

  it('ignores a few short lines', () => {
    expect(looksLikePdfText('一行\n两行\n三行')).toBe(false);
    expect(looksLikePdfText('')).toBe(false);
  });

  it('sees sentences broken across many lines', () => {
    const sentence =
      '今年以来开发区坚持项目为王的理念持续优化营商环境全力推进重点项目建设一批重大产业项目相继开工投产区域经济保持稳中向好的发展态势';
    const chars = Array.from(sentence.repeat(3));
    const lines: string[] = [];
    for (let i = 0; i < chars.length; i += 20) lines.push(chars.slice(i, i + 20).join(''));
    expect(lines.length).toBeGreaterThanOrEqual(8);
    expect(looksLikePdfText(lines.join('\n'))).toBe(true);
  });
});
