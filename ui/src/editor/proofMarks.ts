import { Extension } from '@tiptap/core';
import type { Node as PMNode } from '@tiptap/pm/model';
import { Plugin, PluginKey } from '@tiptap/pm/state';
import { Decoration, DecorationSet, type EditorView } from '@tiptap/pm/view';

/**
 * A proofreading finding in the body, as the editor needs it: the body
 * block (its index among the stored blocks) and a range inside that
 * block's text in Unicode code points, the way the checker counts.
 */
export interface BodyMark {
  id: string;
  block: number;
  start: number;
  end: number;
  severity: 'error' | 'warning' | 'info';
  /** Shown when the pointer rests on the underline. */
  title?: string;
}

export interface MarkRange {
  mark: BodyMark;
  from: number;
  to: number;
  /** The whole node is marked (a photo's caption). */
  node: boolean;
}

/** UTF-16 length of the first `cp` code points of `text`. */
export function codePointsToUtf16(text: string, cp: number): number {
  let units = 0;
  let n = 0;
  for (const ch of text) {
    if (n >= cp) break;
    units += ch.length;
    n++;
  }
  return units;
}

/**
 * The document position of every stored body block, in order. Empty
 * paragraphs are not stored (see `docToBlocks`), so they take no index.
 */
export function blockPositions(doc: PMNode): Array<{ pos: number; node: PMNode }> {
  const out: Array<{ pos: number; node: PMNode }> = [];
  doc.forEach((node, offset) => {
    if (node.type.name === 'zpImage' || node.textContent.trim()) out.push({ pos: offset, node });
  });
  return out;
}

/** Document positions of the marks; marks outside the document are dropped. */
export function markRanges(doc: PMNode, marks: BodyMark[]): MarkRange[] {
  const blocks = blockPositions(doc);
  const out: MarkRange[] = [];
  for (const mark of marks) {
    const b = blocks[mark.block];
    if (!b) continue;
    if (!b.node.isTextblock) {
      out.push({ mark, from: b.pos, to: b.pos + b.node.nodeSize, node: true });
      continue;
    }
    const text = b.node.textContent;
    const from = b.pos + 1 + codePointsToUtf16(text, mark.start);
    const to = b.pos + 1 + codePointsToUtf16(text, Math.max(mark.start, mark.end));
    // An empty range (a missing character) still gets one visible character.
    const end = to > from ? to : Math.min(from + 1, b.pos + 1 + text.length);
    const start = end > from ? from : Math.max(b.pos + 1, from - 1);
    if (end > start) out.push({ mark, from: start, to: end, node: false });
  }
  return out;
}

function decorations(doc: PMNode, marks: BodyMark[]): DecorationSet {
  const decos = markRanges(doc, marks).map(({ mark, from, to, node }) => {
    const attrs = {
      class: `zp-proof zp-proof-${mark.severity}`,
      'data-proof': mark.id,
      'data-severity': mark.severity,
      ...(mark.title ? { title: mark.title } : {}),
    };
    return node ? Decoration.node(from, to, attrs) : Decoration.inline(from, to, attrs);
  });
  return DecorationSet.create(doc, decos);
}

export const proofMarksKey = new PluginKey<DecorationSet>('zpProofMarks');

/**
 * Underlines proofreading findings. The findings come in as transaction
 * metadata (`setProofMarks`); while the user types, the underlines move
 * with the text until the next check replaces them.
 */
export const ProofMarks = Extension.create({
  name: 'proofMarks',
  addProseMirrorPlugins() {
    return [
      new Plugin<DecorationSet>({
        key: proofMarksKey,
        state: {
          init: () => DecorationSet.empty,
          apply(tr, set) {
            const marks = tr.getMeta(proofMarksKey) as BodyMark[] | undefined;
            if (marks) return decorations(tr.doc, marks);
            return tr.docChanged ? set.map(tr.mapping, tr.doc) : set;
          },
        },
        props: {
          decorations(state) {
            return proofMarksKey.getState(state);
          },
        },
      }),
    ];
  },
});

/** Replace the underlined findings of an editor view. */
export function setProofMarks(view: EditorView, marks: BodyMark[]) {
  view.dispatch(view.state.tr.setMeta(proofMarksKey, marks).setMeta('addToHistory', false));
}

/** The document range of a code point range inside a body block, or null. */
export function blockRange(
  doc: PMNode,
  block: number,
  start: number,
  end: number,
): { from: number; to: number; node: boolean } | null {
  const b = blockPositions(doc)[block];
  if (!b) return null;
  if (!b.node.isTextblock) return { from: b.pos, to: b.pos + b.node.nodeSize, node: true };
  const text = b.node.textContent;
  return {
    from: b.pos + 1 + codePointsToUtf16(text, start),
    to: b.pos + 1 + codePointsToUtf16(text, end),
    node: false,
  };
}
