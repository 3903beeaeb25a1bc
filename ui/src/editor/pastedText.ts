import { Extension } from '@tiptap/core';
import { Fragment, Slice } from '@tiptap/pm/model';
import { Plugin, PluginKey, type EditorState } from '@tiptap/pm/state';
import type { EditorView } from '@tiptap/pm/view';

/**
 * Puts paragraphs in place of the pasted text. Returns false (and changes
 * nothing) when the pasted text was edited or deleted since, or a later
 * paste took its place.
 */
export type ReplacePasted = (paragraphs: string[]) => boolean;

export interface PastedTextOptions {
  /** Called after every plain-text paste into the body, with the text as pasted. */
  onPaste: ((text: string, replace: ReplacePasted) => void) | null;
}

/** The last plain-text paste: where it sits now in the document. */
interface Pasted {
  id: number;
  text: string;
  from: number;
  to: number;
}

const key = new PluginKey<Pasted | null>('zpPastedText');
const squeeze = (s: string) => s.replace(/\s+/g, '');

/** Where the last plain-text paste sits in `state`, if it is still there as pasted. */
export function pastedRange(state: EditorState): Pasted | null {
  const p = key.getState(state);
  if (!p) return null;
  const now = state.doc.textBetween(p.from, p.to, '\n');
  return squeeze(now) === squeeze(p.text) ? p : null;
}

function replaceFor(view: EditorView, id: number): ReplacePasted {
  return (paragraphs) => {
    if (view.isDestroyed) return false;
    const p = pastedRange(view.state);
    if (!p || p.id !== id) return false;
    const { schema } = view.state;
    const nodes = paragraphs.map((t) => schema.nodes.paragraph.create(null, t ? schema.text(t) : null));
    // Open at both ends, as the paste was: the first and last paragraphs
    // join the text before and after the pasted range.
    const slice = nodes.length ? new Slice(Fragment.fromArray(nodes), 1, 1) : Slice.empty;
    const tr = view.state.tr.replace(p.from, p.to, slice).setMeta(key, null);
    view.dispatch(tr.scrollIntoView());
    return true;
  };
}

/**
 * Reports plain-text pastes (text without HTML, such as text copied from a
 * PDF viewer) and keeps track of where the pasted text went, so a view can
 * offer to replace it with a cleaned version. The editor never decides what
 * to do with the text itself.
 */
export const PastedText = Extension.create<PastedTextOptions>({
  name: 'zpPastedText',

  addOptions() {
    return { onPaste: null };
  },

  addProseMirrorPlugins() {
    const options = this.options;
    let seq = 0;
    let pending: { text: string; from: number } | null = null;
    let reported = 0;
    return [
      new Plugin<Pasted | null>({
        key,
        state: {
          init: () => null,
          apply(tr, value) {
            if (tr.getMeta(key) !== undefined) return tr.getMeta(key) as Pasted | null;
            if (tr.getMeta('uiEvent') === 'paste' && pending) {
              const p = { id: ++seq, text: pending.text, from: pending.from, to: tr.selection.to };
              pending = null;
              return p.to > p.from ? p : null;
            }
            if (!value || !tr.docChanged) return value;
            const from = tr.mapping.map(value.from, 1);
            const to = tr.mapping.map(value.to, -1);
            return to > from ? { ...value, from, to } : null;
          },
        },
        props: {
          handlePaste(view, event, slice) {
            if (!options.onPaste) return false;
            const data = event?.clipboardData ?? null;
            if (data?.getData('text/html')) return false;
            const text =
              data?.getData('text/plain') || slice.content.textBetween(0, slice.content.size, '\n');
            pending = text.trim() ? { text, from: view.state.selection.from } : null;
            return false;
          },
        },
        view: () => ({
          update(view) {
            const p = key.getState(view.state);
            if (p && p.id !== reported) {
              reported = p.id;
              options.onPaste?.(p.text, replaceFor(view, p.id));
            }
          },
        }),
      }),
    ];
  },
});
