import { describe, expect, it } from 'vitest';
import type { Block, Finding } from '../api';
import {
  applyFix,
  bySeverity,
  checkedText,
  countChars,
  errorRate,
  formatRate,
  passageInContext,
  placeFindings,
  replaceCodePoints,
  savedSignatures,
  segmentsOf,
  underlayRuns,
} from './proofText';

const body: Block[] = [
  { type: 'paragraph', text: '𠮷祥物亮相，开发区党工委书记陈思远出席会议,并讲话。' },
  { type: 'image', asset_id: 'x', caption: '图为𠮷祥物,揭幕现场。', credit: '' },
  { type: 'subhead', text: '一、抓进度' },
];
const fields = { kicker: '聚焦𠮷林——', title: '开发区召开会议', subtitle: '', body };

/** A finding at the first occurrence of `needle` in the joined text, in code points. */
function findingAt(text: string, needle: string, from = 0, extra: Partial<Finding> = {}): Finding {
  const chars = Array.from(text);
  const n = Array.from(needle);
  let start = -1;
  for (let i = from; i <= chars.length - n.length; i++) {
    if (chars.slice(i, i + n.length).join('') === needle) {
      start = i;
      break;
    }
  }
  if (start < 0) throw new Error(`${needle} not in text`);
  return {
    rule: 'punct.halfwidth',
    rule_name_zh: '中文语境中的半角标点',
    severity: 'error',
    start,
    end: start + n.length,
    message_zh: '中文语境中应使用全角逗号“，”',
    message_en: 'Use the full-width comma',
    replacement: '，',
    ...extra,
  };
}

describe('the checked text', () => {
  it('joins kicker, title, subtitle and each block (a photo by its caption) with newlines', () => {
    expect(checkedText(fields)).toBe(
      '聚焦𠮷林——\n开发区召开会议\n\n𠮷祥物亮相，开发区党工委书记陈思远出席会议,并讲话。\n图为𠮷祥物,揭幕现场。\n一、抓进度',
    );
  });

  it('counts segment offsets in code points, not UTF-16 units', () => {
    const segs = segmentsOf(fields);
    // '聚焦𠮷林——' is 6 code points but 7 UTF-16 units.
    expect(segs[0]).toMatchObject({ field: 'kicker', start: 0, length: 6 });
    expect(segs[1]).toMatchObject({ field: 'title', start: 7, length: 7 });
    expect(segs[2]).toMatchObject({ field: 'subtitle', start: 15, length: 0 });
    expect(segs[3]).toMatchObject({ field: 'body', block: 0, start: 16 });
    expect(segs[4]).toMatchObject({ field: 'body', block: 1 });
  });
});

describe('placing findings', () => {
  const text = checkedText(fields);

  it('maps a code point offset after 𠮷 to its block and local range', () => {
    const f = findingAt(text, ',');
    const [p] = placeFindings(fields, [f]);
    expect(p.field).toBe('body');
    expect(p.block).toBe(0);
    expect(p.passage).toBe(',');
    // In the block: 𠮷 counts once.
    const local = Array.from(body[0].type === 'paragraph' ? body[0].text : '').indexOf(',');
    expect(p.local_start).toBe(local);
    expect(p.local_end).toBe(local + 1);
    // UTF-16 indexOf would be one more, because 𠮷 is a surrogate pair.
    expect((body[0] as { text: string }).text.indexOf(',')).toBe(local + 1);
    expect(p.before.endsWith('出席会议')).toBe(true);
    expect(p.after.startsWith('并讲话。')).toBe(true);
    expect(p.crosses).toBe(false);
  });

  it('places findings in headline fields and in a photo caption', () => {
    const inKicker = findingAt(text, '林', 0, { rule: 'x', replacement: null });
    const second = Array.from(text).lastIndexOf(',');
    const inCaption = findingAt(text, ',', second);
    const [k, c] = placeFindings(fields, [inKicker, inCaption]);
    expect(k).toMatchObject({ field: 'kicker', block: null, local_start: 3, local_end: 4, passage: '林' });
    expect(c).toMatchObject({ field: 'body', block: 1, local_start: 5, local_end: 6, passage: ',' });
  });

  it('marks a finding that runs past its segment and clamps it', () => {
    const f = findingAt(text, '——\n开发', 0, { rule: 'punct.dash', replacement: null });
    const [p] = placeFindings(fields, [f]);
    expect(p).toMatchObject({ field: 'kicker', local_start: 4, local_end: 6, passage: '——', crosses: true });
  });

  it('recognises the same finding in the saved article after edits elsewhere', () => {
    const f = findingAt(text, ',');
    const saved = savedSignatures(fields, [
      { ...f, field: 'body', block: 0, local_start: 0, local_end: 0, passage: ',', key: 'k1', ignored: null, proposed: null },
    ]);
    // The live text gained a subtitle; the comma moved but reads the same around it.
    const edited = { ...fields, subtitle: '——新的副题' };
    const [p] = placeFindings(edited, [findingAt(checkedText(edited), ',')]);
    expect(saved.get(p.signature)?.key).toBe('k1');
  });
});

describe('a saved finding in context', () => {
  it('reads the characters around a range of a block, by code points', () => {
    expect(passageInContext(fields, { field: 'body', block: 1, local_start: 5, local_end: 6 }, 4)).toEqual({
      before: '为𠮷祥物',
      passage: ',',
      after: '揭幕现场',
    });
    expect(passageInContext(fields, { field: 'body', block: 7, local_start: 0, local_end: 1 })).toBeNull();
  });
});

describe('applying a fix', () => {
  const text = checkedText(fields);

  it('replaces the comma inside the body block by code points', () => {
    const [p] = placeFindings(fields, [findingAt(text, ',')]);
    const patch = applyFix(fields, p, '，');
    expect(patch?.body?.[0]).toEqual({ type: 'paragraph', text: '𠮷祥物亮相，开发区党工委书记陈思远出席会议，并讲话。' });
    expect(patch?.body?.slice(1)).toEqual(body.slice(1));
  });

  it('replaces inside a photo caption', () => {
    const second = Array.from(text).lastIndexOf(',');
    const [p] = placeFindings(fields, [findingAt(text, ',', second)]);
    const patch = applyFix(fields, p, '，');
    expect(patch?.body?.[1]).toEqual({ type: 'image', asset_id: 'x', caption: '图为𠮷祥物，揭幕现场。', credit: '' });
  });

  it('replaces inside a headline field', () => {
    const [p] = placeFindings(fields, [findingAt(text, '林', 0, { replacement: '林' })]);
    expect(applyFix(fields, p, '吉')).toEqual({ kicker: '聚焦𠮷吉——' });
  });

  it('refuses when the text changed since the check', () => {
    const [p] = placeFindings(fields, [findingAt(text, ',')]);
    const changed = { ...fields, body: [{ type: 'paragraph', text: '前面加了字。' + (body[0] as { text: string }).text } as Block] };
    expect(applyFix(changed, p, '，')).toBeNull();
  });

  it('replaces code points, keeping surrogate pairs whole', () => {
    expect(replaceCodePoints('𠮷,𠮷', 1, 2, '，')).toBe('𠮷，𠮷');
  });
});

describe('rates and order', () => {
  it('gives errors per 10,000 characters', () => {
    expect(errorRate(0, 0)).toBe(0);
    expect(formatRate(errorRate(17, 200000))).toBe('0.85');
  });

  it('sorts errors before warnings before notes', () => {
    const xs = [
      { severity: 'info' as const, start: 1 },
      { severity: 'error' as const, start: 9 },
      { severity: 'warning' as const, start: 0 },
      { severity: 'error' as const, start: 2 },
    ];
    expect(xs.sort(bySeverity).map((x) => `${x.severity}${x.start}`)).toEqual(['error2', 'error9', 'warning0', 'info1']);
  });
});

describe('underlayRuns', () => {
  const f = (local_start: number, local_end: number, passage: string, severity: Finding['severity']) => ({
    local_start,
    local_end,
    passage,
    severity,
  });

  it('cuts the field into plain and flagged runs by code point', () => {
    const runs = underlayRuns('𠮷祥物亮相,开发区', [f(5, 6, ',', 'error')]);
    expect(runs).toEqual([
      { text: '𠮷祥物亮相', severity: null },
      { text: ',', severity: 'error' },
      { text: '开发区', severity: null },
    ]);
    expect(runs.map((r) => r.text).join('')).toBe('𠮷祥物亮相,开发区');
  });

  it('keeps the worse severity where findings overlap', () => {
    const runs = underlayRuns('王书记讲话', [f(0, 3, '王书记', 'info'), f(1, 3, '书记', 'error')]);
    expect(runs).toEqual([
      { text: '王', severity: 'info' },
      { text: '书记', severity: 'error' },
      { text: '讲话', severity: null },
    ]);
  });

  it('drops a finding whose passage has moved since the check', () => {
    expect(underlayRuns('新开发区亮相,', [f(5, 6, ',', 'error')])).toEqual([{ text: '新开发区亮相,', severity: null }]);
    expect(underlayRuns('短', [f(3, 4, ',', 'error')])).toEqual([{ text: '短', severity: null }]);
  });
});

describe('countChars', () => {
  it('counts code points and skips whitespace, as the core does', () => {
    expect(countChars('𠮷祥物 亮相，\n开发区\u3000会议')).toBe(11);
    expect(countChars(' \t\u00a0\u2003')).toBe(0);
    // U+FEFF is no whitespace to Rust.
    expect(countChars('\ufeff字')).toBe(2);
  });
});
