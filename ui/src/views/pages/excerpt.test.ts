import { describe, expect, it } from 'vitest';
import { diffExcerpt } from './excerpt';

describe('diffExcerpt', () => {
  it('keeps the change with a little context on each side', () => {
    const spans = [
      { op: 'equal' as const, text: '青禾湖湿地生态修复工程近日通过验收，修复湿地面积126公' },
      { op: 'delete' as const, text: '倾' },
      { op: 'insert' as const, text: '顷' },
      { op: 'equal' as const, text: '，新增鸟类栖息地三处，水质由劣Ⅴ类提升至Ⅳ类。' },
    ];
    const out = diffExcerpt(spans, 5);
    expect(out.map((s) => s.text)).toEqual(['…积126公', '倾', '顷', '，新增鸟类…']);
  });

  it('leaves short text whole and a middle run cut in two', () => {
    const out = diffExcerpt(
      [
        { op: 'insert', text: '甲' },
        { op: 'equal', text: '一二三四五六七八九十' },
        { op: 'delete', text: '乙' },
        { op: 'equal', text: '短' },
      ],
      3,
    );
    expect(out.map((s) => s.text)).toEqual(['甲', '一二三…八九十', '乙', '短']);
  });

  it('answers nothing when nothing changed', () => {
    expect(diffExcerpt([{ op: 'equal', text: '没有改动' }])).toEqual([]);
  });
});
