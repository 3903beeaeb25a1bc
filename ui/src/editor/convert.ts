import type { JSONContent } from '@tiptap/core';
import type { Block } from '../api/types.gen';

/** The stored body (structured blocks) as a TipTap document. */
export function blocksToDoc(blocks: Block[]): JSONContent {
  const content: JSONContent[] = blocks.map((b) => {
    const text = (t: string): JSONContent[] => (t ? [{ type: 'text', text: t }] : []);
    switch (b.type) {
      case 'paragraph':
        return { type: 'paragraph', content: text(b.text) };
      case 'subhead':
        return { type: 'heading', attrs: { level: 3 }, content: text(b.text) };
      case 'brief':
        return { type: 'brief', content: text(b.text) };
      case 'image':
        return {
          type: 'zpImage',
          attrs: { assetId: b.asset_id, caption: b.caption, credit: b.credit },
        };
    }
  });
  return { type: 'doc', content: content.length ? content : [{ type: 'paragraph' }] };
}

function textOf(node: JSONContent): string {
  if (node.type === 'text') return node.text ?? '';
  if (node.type === 'hardBreak') return '';
  return (node.content ?? []).map(textOf).join('');
}

/**
 * A TipTap document as stored blocks. Empty paragraphs are dropped (an
 * empty line is not content); text keeps its characters exactly.
 */
export function docToBlocks(doc: JSONContent): Block[] {
  const out: Block[] = [];
  for (const node of doc.content ?? []) {
    switch (node.type) {
      case 'heading': {
        const text = textOf(node);
        if (text.trim()) out.push({ type: 'subhead', text });
        break;
      }
      case 'brief': {
        const text = textOf(node);
        if (text.trim()) out.push({ type: 'brief', text });
        break;
      }
      case 'zpImage': {
        const a = node.attrs ?? {};
        out.push({
          type: 'image',
          asset_id: String(a.assetId ?? ''),
          caption: String(a.caption ?? ''),
          credit: String(a.credit ?? ''),
        });
        break;
      }
      default: {
        const text = textOf(node);
        if (text.trim()) out.push({ type: 'paragraph', text });
      }
    }
  }
  return out;
}

/** Blocks with their fields in one order, whatever order the JSON had. */
export function normalizeBlocks(blocks: Block[]): Block[] {
  return blocks.map((b) =>
    b.type === 'image'
      ? { type: 'image', asset_id: b.asset_id, caption: b.caption ?? '', credit: b.credit ?? '' }
      : { type: b.type, text: b.text },
  );
}

/** Two bodies are the same content. */
export function sameBlocks(a: Block[], b: Block[]): boolean {
  return JSON.stringify(normalizeBlocks(a)) === JSON.stringify(normalizeBlocks(b));
}
