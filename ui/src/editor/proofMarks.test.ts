import { afterEach, describe, expect, it } from 'vitest';
import { Editor } from '@tiptap/core';
import StarterKit from '@tiptap/starter-kit';
import type { Block } from '../api/types.gen';
import { blocksToDoc } from './convert';
import { Brief, ZpImage } from './nodes';
import { blockRange, codePointsToUtf16, markRanges, ProofMarks, setProofMarks, type BodyMark } from './proofMarks';

const blocks: Block[] = [
  { type: 'paragraph', text: '𠮷祥物亮相，陈思远出席会议,并讲话。' },
  { type: 'image', asset_id: 'x', caption: '图为揭幕现场。', credit: '' },
  { type: 'brief', text: '11月12日,开发区举办沙龙。' },
];

let editor: Editor | null = null;
afterEach(() => {
  editor?.destroy();
  editor = null;
});

function make(content = blocksToDoc(blocks)) {
  const element = document.createElement('div');
  document.body.appendChild(element);
  editor = new Editor({ element, extensions: [StarterKit.configure({ heading: { levels: [3] } }), Brief, ZpImage, ProofMarks], content });
  return editor;
}

const comma = (block: number, text: string): BodyMark => {
  const i = Array.from(text).indexOf(',');
  return { id: `c${block}`, block, start: i, end: i + 1, severity: 'error', title: '半角逗号' };
};

describe('code points to UTF-16', () => {
  it('counts a character outside the BMP as two units', () => {
    expect(codePointsToUtf16('𠮷a', 1)).toBe(2);
    expect(codePointsToUtf16('𠮷a', 2)).toBe(3);
    expect(codePointsToUtf16('ab', 9)).toBe(2);
  });
});

describe('decoration positions', () => {
  it('puts a code point range after 𠮷 on the right characters', () => {
    const ed = make();
    const text = (blocks[0] as { text: string }).text;
    const [r] = markRanges(ed.state.doc, [comma(0, text)]);
    expect(ed.state.doc.textBetween(r.from, r.to)).toBe(',');
    expect(r.node).toBe(false);
  });

  it('maps block indices past a photo and past empty paragraphs', () => {
    const doc = blocksToDoc(blocks);
    // An empty paragraph between blocks is not a stored block.
    doc.content!.splice(1, 0, { type: 'paragraph' });
    const ed = make(doc);
    const brief = (blocks[2] as { text: string }).text;
    const [photo, r] = markRanges(ed.state.doc, [
      { id: 'p', block: 1, start: 0, end: 2, severity: 'warning' },
      comma(2, brief),
    ]);
    expect(photo.node).toBe(true);
    expect(ed.state.doc.nodeAt(photo.from)?.type.name).toBe('zpImage');
    expect(ed.state.doc.textBetween(r.from, r.to)).toBe(',');
  });

  it('drops marks for blocks that are not there and widens empty ranges to one character', () => {
    const ed = make();
    const rs = markRanges(ed.state.doc, [
      { id: 'gone', block: 9, start: 0, end: 1, severity: 'info' },
      { id: 'empty', block: 0, start: 3, end: 3, severity: 'info' },
    ]);
    expect(rs).toHaveLength(1);
    expect(ed.state.doc.textBetween(rs[0].from, rs[0].to)).toBe('亮');
  });

  it('renders underlines with the severity class and keeps them on their text while typing', () => {
    const ed = make();
    const text = (blocks[0] as { text: string }).text;
    setProofMarks(ed.view, [comma(0, text), { id: 'w', block: 2, start: 0, end: 6, severity: 'warning' }]);
    const err = ed.view.dom.querySelector('.zp-proof-error');
    expect(err?.textContent).toBe(',');
    expect(err?.getAttribute('title')).toBe('半角逗号');
    expect(ed.view.dom.querySelector('.zp-proof-warning')?.textContent).toBe('11月12日');
    // Typing before the comma moves the underline with it.
    ed.commands.insertContentAt(2, '新');
    expect(ed.view.dom.querySelector('.zp-proof-error')?.textContent).toBe(',');
    setProofMarks(ed.view, []);
    expect(ed.view.dom.querySelector('.zp-proof')).toBeNull();
  });

  it('gives the range to select for a finding', () => {
    const ed = make();
    const range = blockRange(ed.state.doc, 0, 6, 9)!;
    expect(ed.state.doc.textBetween(range.from, range.to)).toBe('陈思远');
    expect(blockRange(ed.state.doc, 5, 0, 1)).toBeNull();
  });
});
