import { describe, expect, it } from 'vitest';
import { blocksToDoc, docToBlocks, sameBlocks } from './convert';
import type { Block } from '../api/types.gen';

const body: Block[] = [
  { type: 'paragraph', text: '11月18日上午，开发区召开重点项目推进会。' },
  { type: 'subhead', text: '一、抓进度' },
  { type: 'brief', text: '11月12日，开发区举办企业家沙龙。' },
  { type: 'image', asset_id: 'a'.repeat(64), caption: '图为签约现场。', credit: '摄影 刘畅' },
];

describe('editor conversion', () => {
  it('round-trips every block type exactly', () => {
    expect(docToBlocks(blocksToDoc(body))).toEqual(body);
  });

  it('drops empty paragraphs but keeps spaces inside text', () => {
    const doc = {
      type: 'doc',
      content: [
        { type: 'paragraph' },
        { type: 'paragraph', content: [{ type: 'text', text: 'ABB 公司 5G 项目' }] },
        { type: 'paragraph', content: [{ type: 'text', text: '   ' }] },
      ],
    };
    expect(docToBlocks(doc)).toEqual([{ type: 'paragraph', text: 'ABB 公司 5G 项目' }]);
  });

  it('gives an empty document one empty paragraph to type in', () => {
    expect(blocksToDoc([]).content).toEqual([{ type: 'paragraph' }]);
  });

  it('compares bodies by content', () => {
    expect(sameBlocks(body, JSON.parse(JSON.stringify(body)))).toBe(true);
    expect(sameBlocks(body, body.slice(1))).toBe(false);
  });
});

describe('block normalisation', () => {
  it('ignores the order of JSON keys', () => {
    const fromServer = JSON.parse('[{"text":"正文。","type":"paragraph"},{"caption":"图为园区。","credit":"","asset_id":"x","type":"image"}]');
    expect(sameBlocks(fromServer, [
      { type: 'paragraph', text: '正文。' },
      { type: 'image', asset_id: 'x', caption: '图为园区。', credit: '' },
    ])).toBe(true);
  });
});
