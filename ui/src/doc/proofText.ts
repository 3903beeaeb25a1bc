import type { ArticleFinding, Block, Finding, FindingField } from '../api';
import type { Fields } from './fields';

/**
 * The article as the checker reads it, and findings placed back into it.
 *
 * The server checks one text: kicker, title, subtitle, then each body
 * block's text (an image block: its caption), joined with "\n". Finding
 * offsets count Unicode code points (Rust `chars()`), never UTF-16 units,
 * so all slicing here goes through `Array.from`.
 */

export interface Segment {
  field: FindingField;
  /** Body block index (body only). */
  block: number | null;
  text: string;
  /** Code point offset of the segment in the joined text. */
  start: number;
  /** Length in code points. */
  length: number;
}

/** A finding of the live check, placed in its field or body block. */
export interface PlacedFinding extends Finding {
  field: FindingField;
  block: number | null;
  /** Code point range inside the field or block text. */
  local_start: number;
  local_end: number;
  /** The flagged text (inside its segment). */
  passage: string;
  /** A few characters either side, for showing the passage in context. */
  before: string;
  after: string;
  /** The finding runs past the end of its segment (no fix offered). */
  crosses: boolean;
  /** Rule and surrounding text: equal for the same finding in the saved article. */
  signature: string;
}

function blockText(b: Block): string {
  return b.type === 'image' ? b.caption : b.text;
}

/** The checked parts of an article, in reading order, with their offsets. */
export function segmentsOf(f: Pick<Fields, 'kicker' | 'title' | 'subtitle' | 'body'>): Segment[] {
  const parts: Array<[FindingField, number | null, string]> = [
    ['kicker', null, f.kicker],
    ['title', null, f.title],
    ['subtitle', null, f.subtitle],
    ...f.body.map((b, i): [FindingField, number, string] => ['body', i, blockText(b)]),
  ];
  const out: Segment[] = [];
  let pos = 0;
  parts.forEach(([field, block, text], i) => {
    if (i > 0) pos += 1; // the "\n" between segments
    const length = Array.from(text).length;
    out.push({ field, block, text, start: pos, length });
    pos += length;
  });
  return out;
}

/** Unicode White_Space, as Rust's `char::is_whitespace` knows it. */
const WHITE_SPACE = /[\t\n\v\f\r \u0085\u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]/u;

/** 字数 the Chinese way: characters, whitespace excluded (as the core counts). */
export function countChars(text: string): number {
  let n = 0;
  for (const ch of text) if (!WHITE_SPACE.test(ch)) n++;
  return n;
}

/** The text sent to `check_text`, built exactly as the server builds it. */
export function checkedText(f: Pick<Fields, 'kicker' | 'title' | 'subtitle' | 'body'>): string {
  return segmentsOf(f)
    .map((s) => s.text)
    .join('\n');
}

/**
 * The identity the server hashes into a finding's key: the rule, the
 * passage and up to six characters either side in the joined text.
 */
export function signatureAt(rule: string, chars: string[], start: number, end: number): string {
  const before = chars.slice(Math.max(0, start - 6), start).join('');
  const passage = chars.slice(start, end).join('');
  const after = chars.slice(end, end + 6).join('');
  return `${rule}\u0001${before}\u0001${passage}\u0001${after}`;
}

/** Place the findings of `check_text` over `checkedText(fields)` into fields and blocks. */
export function placeFindings(
  f: Pick<Fields, 'kicker' | 'title' | 'subtitle' | 'body'>,
  findings: Finding[],
): PlacedFinding[] {
  const segs = segmentsOf(f);
  const chars = Array.from(segs.map((s) => s.text).join('\n'));
  return findings.map((finding) => {
    // The last segment starting at or before the finding.
    let i = 0;
    while (i + 1 < segs.length && segs[i + 1].start <= finding.start) i++;
    const seg = segs[i];
    const segChars = Array.from(seg.text);
    const local_start = Math.min(Math.max(0, finding.start - seg.start), seg.length);
    const rawEnd = finding.end - seg.start;
    const local_end = Math.max(local_start, Math.min(rawEnd, seg.length));
    return {
      ...finding,
      field: seg.field,
      block: seg.block,
      local_start,
      local_end,
      passage: segChars.slice(local_start, local_end).join(''),
      before: segChars.slice(Math.max(0, local_start - 12), local_start).join(''),
      after: segChars.slice(local_end, local_end + 12).join(''),
      crosses: rawEnd > seg.length,
      signature: signatureAt(finding.rule, chars, finding.start, finding.end),
    };
  });
}

/** Signatures of a saved check's findings, over the saved article's fields. */
export function savedSignatures(
  saved: Pick<Fields, 'kicker' | 'title' | 'subtitle' | 'body'>,
  findings: ArticleFinding[],
): Map<string, ArticleFinding> {
  const chars = Array.from(checkedText(saved));
  const out = new Map<string, ArticleFinding>();
  for (const fd of findings) out.set(signatureAt(fd.rule, chars, fd.start, fd.end), fd);
  return out;
}

/** A passage with up to `width` characters either side, from its field or block. */
export function passageInContext(
  f: Pick<Fields, 'kicker' | 'title' | 'subtitle' | 'body'>,
  at: Pick<FindingPlace, 'field' | 'block' | 'local_start' | 'local_end'>,
  width = 12,
): { before: string; passage: string; after: string } | null {
  const seg = segmentsOf(f).find((s) => s.field === at.field && s.block === at.block);
  if (!seg) return null;
  const chars = Array.from(seg.text);
  return {
    before: chars.slice(Math.max(0, at.local_start - width), at.local_start).join(''),
    passage: chars.slice(at.local_start, at.local_end).join(''),
    after: chars.slice(at.local_end, at.local_end + width).join(''),
  };
}

/** Replace code points `start..end` of `text`. */
export function replaceCodePoints(text: string, start: number, end: number, replacement: string): string {
  const chars = Array.from(text);
  return chars.slice(0, start).join('') + replacement + chars.slice(end).join('');
}

/** What a finding's location covers, enough to apply or select it. */
export type FindingPlace = Pick<PlacedFinding, 'field' | 'block' | 'local_start' | 'local_end' | 'passage'>;

/**
 * The change to the fields that applies a finding's replacement, or null
 * when the text there no longer reads as it did when checked.
 */
export function applyFix(
  f: Pick<Fields, 'kicker' | 'title' | 'subtitle' | 'body'>,
  at: FindingPlace,
  replacement: string,
): Partial<Pick<Fields, 'kicker' | 'title' | 'subtitle' | 'body'>> | null {
  const matches = (text: string) =>
    Array.from(text).slice(at.local_start, at.local_end).join('') === at.passage;
  if (at.field !== 'body') {
    const text = f[at.field];
    if (!matches(text)) return null;
    return { [at.field]: replaceCodePoints(text, at.local_start, at.local_end, replacement) };
  }
  const b = at.block === null ? undefined : f.body[at.block];
  if (!b || !matches(blockText(b))) return null;
  const fixed = replaceCodePoints(blockText(b), at.local_start, at.local_end, replacement);
  const body = f.body.map((x, i): Block => {
    if (i !== at.block) return x;
    return x.type === 'image' ? { ...x, caption: fixed } : { ...x, text: fixed };
  });
  return { body };
}

/** 差错率: errors per 10,000 characters. */
export function errorRate(errors: number, chars: number): number {
  return chars === 0 ? 0 : (errors * 10000) / chars;
}

/** The rate as printed, e.g. `0.85`. */
export function formatRate(rate: number): string {
  return rate.toFixed(2);
}

const ORDER = { error: 0, warning: 1, info: 2 } as const;

/** Errors first, then warnings, then notes; within a severity in reading order. */
export function bySeverity<T extends Pick<Finding, 'severity' | 'start'>>(a: T, b: T): number {
  return ORDER[a.severity] - ORDER[b.severity] || a.start - b.start;
}

/** A run of a headline field's text, flagged with the worst finding over it (or not). */
export interface UnderlayRun {
  text: string;
  severity: Finding['severity'] | null;
}

const rank = { error: 0, warning: 1, info: 2 } as const;

/**
 * The field's current text cut into runs for the underline drawn beneath a
 * headline input. A finding is drawn only while the text it flagged is still
 * at its place: typing after a check never shifts an underline onto other words.
 */
export function underlayRuns(
  text: string,
  findings: Pick<PlacedFinding, 'local_start' | 'local_end' | 'passage' | 'severity'>[],
): UnderlayRun[] {
  const chars = Array.from(text);
  const marks = new Array<Finding['severity'] | null>(chars.length).fill(null);
  for (const f of findings) {
    if (f.local_end <= f.local_start || f.local_end > chars.length) continue;
    if (chars.slice(f.local_start, f.local_end).join('') !== f.passage) continue;
    for (let i = f.local_start; i < f.local_end; i++) {
      const m = marks[i];
      if (m === null || rank[f.severity] < rank[m]) marks[i] = f.severity;
    }
  }
  const runs: UnderlayRun[] = [];
  chars.forEach((ch, i) => {
    const last = runs[runs.length - 1];
    if (last && last.severity === marks[i]) last.text += ch;
    else runs.push({ text: ch, severity: marks[i] });
  });
  return runs;
}
