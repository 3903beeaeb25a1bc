import { describe, expect, it } from 'vitest';
import { Editor } from '@tiptap/core';
import StarterKit from '@tiptap/starter-kit';
import demo from '../../../crates/zonepress-api/demo/demo-issue.json';
import type { Block } from '../api/types.gen';
import { blocksToDoc, docToBlocks } from './convert';
import { Brief, ZpImage } from './nodes';

function roundTrip(blocks: Block[]): Block[] {
  const editor = new Editor({
    extensions: [StarterKit.configure({ heading: { levels: [3] } }), Brief, ZpImage],
    content: blocksToDoc(blocks),
  });
  const out = docToBlocks(editor.getJSON());
  editor.destroy();
  return out;
}

describe('a real TipTap editor', () => {
  it('keeps every demo article body exactly', () => {
    for (const a of demo.articles) {
      const body = a.content.body as Block[];
      expect(roundTrip(body), a.key).toEqual(body);
    }
  });
});
