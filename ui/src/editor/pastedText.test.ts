import { afterEach, describe, expect, it } from 'vitest';
import { Editor } from '@tiptap/core';
import StarterKit from '@tiptap/starter-kit';
import type { Block } from '../api/types.gen';
import { blocksToDoc, docToBlocks } from './convert';
import { Brief, ZpImage } from './nodes';
import { PastedText, type ReplacePasted } from './pastedText';

const editors: Editor[] = [];
afterEach(() => editors.splice(0).forEach((e) => e.destroy()));

function setup(blocks: Block[]) {
  const pastes: { text: string; replace: ReplacePasted }[] = [];
  const editor = new Editor({
    element: document.createElement('div'),
    extensions: [
      StarterKit.configure({ heading: { levels: [3] } }),
      Brief,
      ZpImage,
      PastedText.configure({ onPaste: (text, replace) => pastes.push({ text, replace }) }),
    ],
    content: blocksToDoc(blocks),
  });
  editors.push(editor);
  return { editor, pastes, blocks: () => docToBlocks(editor.getJSON()) };
}

/** A paste as the browser delivers it: plain text only, as PDF viewers copy. */
function paste(editor: Editor, text: string) {
  const clipboardData = { getData: (type: string) => (type === 'text/plain' ? text : '') };
  editor.view.pasteText(text, { clipboardData, preventDefault() {} } as unknown as ClipboardEvent);
}

const PDF = '今年以来，开发区以创建省级绿色低碳示范园区为抓\n手，推动企业节能降碳改造，全区单位工业增加值能耗同比下\n降5.2%。\n- 1 -\n下一步，开发区将加快推进。';

describe('plain-text paste into the body', () => {
  it('reports the paste and replaces exactly the pasted paragraphs', () => {
    const { editor, pastes, blocks } = setup([
      { type: 'paragraph', text: '第一段。' },
      { type: 'paragraph', text: '' },
      { type: 'paragraph', text: '最后一段。' },
    ]);
    // the cursor in the empty second paragraph
    const empty = 1 + editor.state.doc.child(0).nodeSize + 1;
    editor.commands.setTextSelection(empty);
    paste(editor, PDF);
    expect(pastes).toHaveLength(1);
    expect(pastes[0].text).toBe(PDF);
    expect(blocks()).toHaveLength(7);

    expect(
      pastes[0].replace([
        '今年以来，开发区以创建省级绿色低碳示范园区为抓手，推动企业节能降碳改造，全区单位工业增加值能耗同比下降5.2%。',
        '下一步，开发区将加快推进。',
      ]),
    ).toBe(true);
    expect(blocks()).toEqual([
      { type: 'paragraph', text: '第一段。' },
      {
        type: 'paragraph',
        text: '今年以来，开发区以创建省级绿色低碳示范园区为抓手，推动企业节能降碳改造，全区单位工业增加值能耗同比下降5.2%。',
      },
      { type: 'paragraph', text: '下一步，开发区将加快推进。' },
      { type: 'paragraph', text: '最后一段。' },
    ]);
  });

  it('joins cleaned text to the words around a paste inside a paragraph', () => {
    const { editor, pastes, blocks } = setup([{ type: 'paragraph', text: '前文后文' }]);
    editor.commands.setTextSelection(3);
    paste(editor, '甲\n乙\n丙');
    expect(blocks()).toEqual([
      { type: 'paragraph', text: '前文甲' },
      { type: 'paragraph', text: '乙' },
      { type: 'paragraph', text: '丙后文' },
    ]);
    expect(pastes[0].replace(['甲乙丙'])).toBe(true);
    expect(blocks()).toEqual([{ type: 'paragraph', text: '前文甲乙丙后文' }]);
  });

  it('says nothing about a rich (HTML) paste', () => {
    const { editor, pastes } = setup([]);
    const data: Record<string, string> = { 'text/html': '<p>甲</p><p>乙</p>', 'text/plain': '甲\n乙' };
    const clipboardData = { getData: (type: string) => data[type] ?? '' };
    editor.view.pasteHTML('<p>甲</p><p>乙</p>', { clipboardData, preventDefault() {} } as unknown as ClipboardEvent);
    expect(editor.getText()).toContain('乙');
    expect(pastes).toHaveLength(0);
  });

  it('follows the pasted text when the body is edited before it', () => {
    const { editor, pastes, blocks } = setup([{ type: 'paragraph', text: '开头' }]);
    editor.commands.setTextSelection(editor.state.doc.content.size - 1);
    editor.commands.splitBlock();
    paste(editor, '一行\n两行');
    editor.commands.insertContentAt(1, '新');
    expect(pastes[0].replace(['一行两行'])).toBe(true);
    expect(blocks()).toEqual([
      { type: 'paragraph', text: '新开头' },
      { type: 'paragraph', text: '一行两行' },
    ]);
  });

  it('refuses when the pasted text was changed since', () => {
    const { editor, pastes, blocks } = setup([]);
    paste(editor, '一行\n两行');
    editor.commands.insertContent('！');
    const before = blocks();
    editor.commands.setTextSelection(3);
    editor.commands.insertContent('改');
    const changed = blocks();
    expect(changed).not.toEqual(before);
    expect(pastes[0].replace(['一行两行'])).toBe(false);
    expect(blocks()).toEqual(changed);
  });

  it('only the latest paste can be replaced', () => {
    const { editor, pastes } = setup([]);
    paste(editor, '甲\n乙');
    paste(editor, '丙\n丁');
    expect(pastes).toHaveLength(2);
    expect(pastes[0].replace(['甲乙'])).toBe(false);
    expect(pastes[1].replace(['丙丁'])).toBe(true);
    expect(editor.getText()).toContain('丙丁');
  });
});
