import type { DiffSpan } from '../../api';

/**
 * The changed parts of a diff with a little context around each, the rest
 * cut to “…”: what a 校改 changed, without the whole article.
 */
export function diffExcerpt(spans: DiffSpan[], context = 12): DiffSpan[] {
  if (spans.every((s) => s.op === 'equal')) return [];
  return spans.map((s, i) => {
    if (s.op !== 'equal') return s;
    const chars = [...s.text];
    const before = i > 0; // a change comes before this text
    const after = i < spans.length - 1; // …and after it
    const head = before ? context : 0;
    const tail = after ? context : 0;
    if (chars.length <= head + tail + 1) return s;
    const text = chars.slice(0, head).join('') + '…' + chars.slice(chars.length - tail).join('');
    return { ...s, text };
  });
}
