/**
 * Pure helpers for importing: file bytes as base64, the importer's suggested
 * fixes applied on the client, and a guess whether pasted text came out of a
 * PDF. No store, no backend.
 */
import type { ArticleContent, Block, FixField, SuggestedFix } from '../api';

/**
 * Bytes as standard base64. Encoded in chunks whose length is a multiple of
 * 3 (so the pieces join into one valid string) and small enough to pass as
 * arguments: a spread of a whole file overflows the stack.
 */
export function bytesToBase64(bytes: Uint8Array): string {
  const CHUNK = 3 * 8192;
  const parts: string[] = [];
  for (let i = 0; i < bytes.length; i += CHUNK) {
    parts.push(btoa(String.fromCharCode(...bytes.subarray(i, i + CHUNK))));
  }
  return parts.join('');
}

/** A file chosen or dropped by the user, read in the browser as base64. */
export async function fileToBase64(file: Blob): Promise<string> {
  const buffer = await new Promise<ArrayBuffer>((resolve, reject) => {
    const reader = new FileReader();
    reader.onload = () => resolve(reader.result as ArrayBuffer);
    reader.onerror = () => reject(reader.error ?? new Error('read failed'));
    reader.readAsArrayBuffer(file);
  });
  return bytesToBase64(new Uint8Array(buffer));
}

/** The headline fields the preview lets the editor retype. */
export type HeadlineField = 'kicker' | 'title' | 'subtitle' | 'byline' | 'column';
export type HeadlineEdits = Partial<Record<HeadlineField, string>>;

function sameField(a: FixField, b: FixField): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

function fieldText(content: ArticleContent, field: FixField): string | null {
  if (typeof field === 'string') return content[field];
  if ('body' in field) {
    const b = content.body[field.body];
    return b && b.type !== 'image' ? b.text : null;
  }
  const b = content.body[field.caption];
  return b && b.type === 'image' ? b.caption : null;
}

function setFieldText(content: ArticleContent, field: FixField, text: string) {
  if (typeof field === 'string') {
    content[field] = text;
  } else if ('body' in field) {
    const b = content.body[field.body];
    if (b && b.type !== 'image') content.body[field.body] = { ...b, text };
  } else {
    const b = content.body[field.caption];
    if (b && b.type === 'image') content.body[field.caption] = { ...b, caption: text };
  }
}

/**
 * Apply the chosen fixes (indices into `fixes`) to a copy of `content`, the
 * way the server does: offsets count code points; a fix whose `original` no
 * longer matches, or that overlaps one accepted before it, is skipped; each
 * field is edited from its end backwards so earlier offsets stay valid.
 * Returns the new content and the indices actually applied.
 */
export function applyFixes(
  content: ArticleContent,
  fixes: SuggestedFix[],
  chosen: Iterable<number>,
): { content: ArticleContent; applied: number[] } {
  const out: ArticleContent = { ...content, body: content.body.map((b) => ({ ...b }) as Block) };
  const wanted = [...new Set(chosen)].filter((i) => i >= 0 && i < fixes.length).sort((a, b) => a - b);
  const accepted: number[] = [];
  for (const i of wanted) {
    const f = fixes[i];
    const text = fieldText(out, f.field);
    if (text === null || f.end < f.start) continue;
    const chars = Array.from(text);
    if (chars.length < f.end || chars.slice(f.start, f.end).join('') !== f.original) continue;
    const overlaps = accepted.some((a) => {
      const g = fixes[a];
      return sameField(g.field, f.field) && g.start < f.end && f.start < g.end;
    });
    if (!overlaps) accepted.push(i);
  }
  const backwards = [...accepted].sort((a, b) => fixes[b].start - fixes[a].start);
  for (const i of backwards) {
    const f = fixes[i];
    const chars = Array.from(fieldText(out, f.field) ?? '');
    chars.splice(f.start, f.end - f.start, f.replacement);
    setFieldText(out, f.field, chars.join(''));
  }
  return { content: out, applied: accepted };
}

/**
 * What an imported file becomes: the proposal with the chosen fixes, the
 * removed body blocks left out and the headline fields as retyped.
 */
export function previewContent(
  proposal: ArticleContent,
  fixes: SuggestedFix[],
  chosen: Iterable<number>,
  removed: Iterable<number>,
  edits: HeadlineEdits,
): ArticleContent {
  const fixed = applyFixes(proposal, fixes, chosen).content;
  const gone = new Set(removed);
  return { ...fixed, ...edits, body: fixed.body.filter((_, i) => !gone.has(i)) };
}

/** The body block (or headline field) a fix belongs to, for grouping. */
export function fixBlock(field: FixField): number | null {
  if (typeof field === 'string') return null;
  return 'body' in field ? field.body : field.caption;
}

// --- text pasted from a PDF -------------------------------------------------

const SPACE = /^[\s\u3000\u00a0\ufeff]+|[\s\u3000\u00a0\ufeff]+$/g;
const SENTENCE_END = new Set(['。', '！', '？', '!', '?', '…', '”', '’', '」', '』', '；', '：']);

/**
 * Han or Chinese punctuation: the mirror of `zonepress_core::chars::is_cjk`,
 * tested against the same vectors (crates/zonepress-core/tests/chars.json).
 */
export function isCjk(c: string): boolean {
  const n = c.codePointAt(0) ?? 0;
  const han =
    (n >= 0x4e00 && n <= 0x9fff) ||
    (n >= 0x3400 && n <= 0x4dbf) ||
    (n >= 0xf900 && n <= 0xfaff) ||
    (n >= 0x20000 && n <= 0x3134f) ||
    n === 0x3007;
  const punct =
    (n >= 0x3001 && n <= 0x303f && n !== 0x3007) ||
    (n >= 0xff01 && n <= 0xff0f) ||
    (n >= 0xff1a && n <= 0xff20) ||
    (n >= 0xff3b && n <= 0xff40) ||
    (n >= 0xff5b && n <= 0xff65) ||
    '“”‘’—―…·◆'.includes(c);
  return han || punct;
}

/** Visual width: a Chinese or full-width character counts 2, others 1. */
function width(s: string): number {
  let w = 0;
  for (const c of s) w += isCjk(c) || (c.codePointAt(0) ?? 0) >= 0x1100 ? 2 : 1;
  return w;
}

/** The width of a full printed line: the 80th percentile of the line widths. */
function fullLineWidth(lines: string[]): number {
  const widths = lines.map(width).filter((w) => w > 0).sort((a, b) => a - b);
  if (widths.length === 0) return 0;
  return widths[Math.min(Math.floor((widths.length * 8) / 10), widths.length - 1)];
}

/**
 * Does pasted plain text look like it was copied out of a PDF? Many lines of
 * about the same width that stop in the middle of a sentence, few blank
 * lines. (The same test as the importer's `looks_like_pdf_extraction`.)
 */
export function looksLikePdfText(text: string): boolean {
  const lines = text.split(/\r?\n/).map((l) => l.replace(SPACE, ''));
  const solid = lines.filter((l) => l.length > 0);
  if (solid.length < 8) return false;
  const blank = lines.length - solid.length - (text.endsWith('\n') ? 1 : 0);
  if (blank * 5 > solid.length) return false;
  const full = fullLineWidth(solid);
  if (full < 30) return false;
  const nearFull = solid.filter((l) => {
    const w = width(l);
    return w * 100 >= full * 85 && w * 100 <= full * 110;
  }).length;
  const openEnded = solid.filter((l) => !SENTENCE_END.has(Array.from(l).pop() ?? '')).length;
  return nearFull * 2 >= solid.length && openEnded * 5 >= solid.length * 2;
}
