import { Extension } from '@tiptap/core';
import type { Node as PMNode } from '@tiptap/pm/model';
import { Plugin, PluginKey } from '@tiptap/pm/state';
import { Decoration, DecorationSet, type EditorView } from '@tiptap/pm/view';
import { blockPositions } from './proofMarks';

/**
 * One character as archive search compares it (the same folding as the
 * server's index): letters in lower case, full-width letters and digits
 * (`Ｍ１１`) as half-width, every space as a plain space. Always one code
 * point for one, so positions carry over to the original text.
 */
export function foldChar(ch: string): string {
  const c = ch.codePointAt(0) ?? 0;
  if ((c >= 0xff10 && c <= 0xff19) || (c >= 0xff21 && c <= 0xff3a) || (c >= 0xff41 && c <= 0xff5a)) {
    return String.fromCodePoint(c - 0xfee0).toLowerCase();
  }
  if (/\s/u.test(ch)) return ' ';
  const lower = ch.toLowerCase();
  return Array.from(lower).length === 1 ? lower : ch;
}

/** Code point ranges [start, end) of every occurrence of any term, sorted and merged. */
export function findMatches(text: string, terms: string[]): Array<[number, number]> {
  const chars = Array.from(text).map(foldChar);
  const ranges: Array<[number, number]> = [];
  for (const term of terms) {
    const needle = Array.from(term);
    if (needle.length === 0 || needle.length > chars.length) continue;
    for (let i = 0; i + needle.length <= chars.length; i++) {
      let same = true;
      for (let k = 0; k < needle.length && same; k++) same = chars[i + k] === needle[k];
      if (same) ranges.push([i, i + needle.length]);
    }
  }
  ranges.sort((a, b) => a[0] - b[0] || a[1] - b[1]);
  const merged: Array<[number, number]> = [];
  for (const r of ranges) {
    const last = merged[merged.length - 1];
    if (last && r[0] <= last[1]) last[1] = Math.max(last[1], r[1]);
    else merged.push([r[0], r[1]]);
  }
  return merged;
}

/** UTF-16 offset of code point `cp` in `text`. */
function utf16At(text: string, cp: number): number {
  let units = 0;
  let n = 0;
  for (const ch of text) {
    if (n >= cp) break;
    units += ch.length;
    n++;
  }
  return units;
}

/** Document ranges of the matches, in reading order (a photo as a whole). */
export function searchRanges(doc: PMNode, terms: string[]): Array<{ from: number; to: number; node: boolean }> {
  const out: Array<{ from: number; to: number; node: boolean }> = [];
  if (terms.length === 0) return out;
  for (const { pos, node } of blockPositions(doc)) {
    if (!node.isTextblock) {
      const { caption, credit } = node.attrs as { caption?: string; credit?: string };
      if (findMatches(`${caption ?? ''}\n${credit ?? ''}`, terms).length > 0) {
        out.push({ from: pos, to: pos + node.nodeSize, node: true });
      }
      continue;
    }
    const text = node.textContent;
    for (const [s, e] of findMatches(text, terms)) {
      out.push({ from: pos + 1 + utf16At(text, s), to: pos + 1 + utf16At(text, e), node: false });
    }
  }
  return out;
}

function decorations(doc: PMNode, terms: string[]): DecorationSet {
  return DecorationSet.create(
    doc,
    searchRanges(doc, terms).map(({ from, to, node }) =>
      node
        ? Decoration.node(from, to, { class: 'zp-search-hit' })
        : Decoration.inline(from, to, { class: 'zp-search-hit', 'data-search-hit': '' }),
    ),
  );
}

export const searchMarksKey = new PluginKey<{ terms: string[]; set: DecorationSet }>('zpSearchMarks');

/**
 * Highlights what an archive search looked for. The terms come in as
 * transaction metadata (`setSearchMarks`); the highlights follow edits and
 * are found again in text typed later.
 */
export const SearchMarks = Extension.create({
  name: 'searchMarks',
  addProseMirrorPlugins() {
    return [
      new Plugin<{ terms: string[]; set: DecorationSet }>({
        key: searchMarksKey,
        state: {
          init: () => ({ terms: [], set: DecorationSet.empty }),
          apply(tr, value) {
            const terms = tr.getMeta(searchMarksKey) as string[] | undefined;
            if (terms) return { terms, set: decorations(tr.doc, terms) };
            return tr.docChanged ? { terms: value.terms, set: decorations(tr.doc, value.terms) } : value;
          },
        },
        props: {
          decorations(state) {
            return searchMarksKey.getState(state)?.set;
          },
        },
      }),
    ];
  },
});

/** Highlight `terms` in an editor view (an empty list clears). */
export function setSearchMarks(view: EditorView, terms: string[]) {
  view.dispatch(view.state.tr.setMeta(searchMarksKey, terms).setMeta('addToHistory', false));
}
