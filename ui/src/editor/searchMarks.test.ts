import { afterEach, describe, expect, it } from 'vitest';
import { Editor } from '@tiptap/core';
import StarterKit from '@tiptap/starter-kit';
import type { Block } from '../api/types.gen';
import { blocksToDoc } from './convert';
import { Brief, ZpImage } from './nodes';
import { findMatches, foldChar, SearchMarks, searchRanges, setSearchMarks } from './searchMarks';

const blocks: Block[] = [
  { type: 'paragraph', text: '𠮷园区内，M11地块建设５Ｇ工厂，园区再添新动能。' },
  { type: 'image', asset_id: 'x', caption: '图为园区晨景。', credit: '摄影 刘畅' },
  { type: 'brief', text: '11月12日，开发区举办沙龙。' },
];

let editor: Editor | null = null;
afterEach(() => {
  editor?.destroy();
  editor = null;
});

describe('search folding', () => {
  it('folds case, full width and spaces one character for one', () => {
    expect(['Ｍ', '１', 'G', '\u3000', '园'].map(foldChar)).toEqual(['m', '1', 'g', ' ', '园']);
  });

  it('finds every occurrence in code points, merged', () => {
    expect(findMatches('𠮷园区内园区', ['园区'])).toEqual([
      [1, 3],
      [4, 6],
    ]);
    expect(findMatches('建设５Ｇ工厂', ['5g'])).toEqual([[2, 4]]);
    expect(findMatches('园区企业', ['园区', '区企'])).toEqual([[0, 3]]);
    expect(findMatches('无关', ['园区'])).toEqual([]);
  });
});

describe('search marks in the editor', () => {
  it('highlights matches in text and a photo whose caption matches', () => {
    const element = document.createElement('div');
    document.body.appendChild(element);
    editor = new Editor({
      element,
      extensions: [StarterKit.configure({ heading: { levels: [3] } }), Brief, ZpImage, SearchMarks],
      content: blocksToDoc(blocks),
    });
    const ranges = searchRanges(editor.state.doc, ['园区']);
    expect(ranges.filter((r) => !r.node)).toHaveLength(2);
    expect(ranges.filter((r) => r.node)).toHaveLength(1);
    expect(editor.state.doc.textBetween(ranges[0].from, ranges[0].to)).toBe('园区');
    setSearchMarks(editor.view, ['园区', 'm11']);
    const marked = [...element.querySelectorAll('.zp-search-hit')].map((e) => e.textContent);
    expect(marked).toContain('园区');
    expect(marked).toContain('M11');
    setSearchMarks(editor.view, []);
    expect(element.querySelectorAll('.zp-search-hit')).toHaveLength(0);
  });
});
