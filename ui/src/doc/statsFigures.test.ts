import { describe, expect, it } from 'vitest';
import type { StatsRow } from '../api';
import {
  leaders,
  parseYuan,
  periodLabel,
  periodOf,
  quarterOf,
  share,
  sortRows,
  statementFileName,
  statsFileName,
  yuan,
} from './statsFigures';

function row(key: string, name: string, unit: string, chars: number, printed_share: number, photos = 0): StatsRow {
  return {
    key,
    kind: key === '-' ? 'nobody' : 'contributor',
    name,
    unit,
    contributor_id: null,
    submitted: 1,
    printed: Math.ceil(printed_share / 1000),
    printed_share,
    chars,
    photos,
    front_page: 0,
  };
}

describe('periods by issue date', () => {
  it('ends a month on its last day, leap years included', () => {
    expect(periodOf('month', 2026, 11)).toEqual({ from: '2026-11-01', to: '2026-11-30' });
    expect(periodOf('month', 2028, 2)).toEqual({ from: '2028-02-01', to: '2028-02-29' });
    expect(periodOf('month', 2026, 2)).toEqual({ from: '2026-02-01', to: '2026-02-28' });
    expect(periodOf('month', 2026, 12)).toEqual({ from: '2026-12-01', to: '2026-12-31' });
  });

  it('spans three months for a quarter and the whole year for a year', () => {
    expect(periodOf('quarter', 2026, 4)).toEqual({ from: '2026-10-01', to: '2026-12-31' });
    expect(periodOf('quarter', 2026, 1)).toEqual({ from: '2026-01-01', to: '2026-03-31' });
    expect(periodOf('quarter', 2026, 2)).toEqual({ from: '2026-04-01', to: '2026-06-30' });
    expect(periodOf('year', 2026)).toEqual({ from: '2026-01-01', to: '2026-12-31' });
    expect(quarterOf(11)).toBe(4);
    expect(quarterOf(3)).toBe(1);
  });

  it('refuses a month or quarter that does not exist', () => {
    expect(() => periodOf('month', 2026, 13)).toThrow(RangeError);
    expect(() => periodOf('quarter', 2026, 5)).toThrow(RangeError);
    expect(() => periodOf('month', 2026, 0)).toThrow(RangeError);
  });

  it('names a period the way the office says it', () => {
    expect(periodLabel('month', periodOf('month', 2026, 11))).toBe('2026年11月');
    expect(periodLabel('quarter', periodOf('quarter', 2026, 4))).toBe('2026年第4季度');
    expect(periodLabel('year', periodOf('year', 2026))).toBe('2026年');
    expect(periodLabel('range', { from: '2026-10-15', to: '2026-11-30' })).toBe('2026-10-15至2026-11-30');
  });
});

describe('sorting the table', () => {
  const rows = [row('c:1', '王晓静', '本报编辑部', 2542, 3500), row('c:2', '韩晓东', '经济发展局', 1252, 2500), row('c:3', '刘畅', '融媒体中心', 127, 1000, 1000), row('c:4', '陈曦', '经济发展局', 1252, 1000)];

  it('sorts numbers either way and keeps ties in the server order', () => {
    expect(sortRows(rows, 'chars', 'descend').map((r) => r.key)).toEqual(['c:1', 'c:2', 'c:4', 'c:3']);
    expect(sortRows(rows, 'chars', 'ascend').map((r) => r.key)).toEqual(['c:3', 'c:2', 'c:4', 'c:1']);
    expect(sortRows(rows, 'photos', 'descend')[0].key).toBe('c:3');
  });

  it('sorts names and units by pinyin', () => {
    expect(sortRows(rows, 'name', 'ascend').map((r) => r.name)).toEqual(['陈曦', '韩晓东', '刘畅', '王晓静']);
    expect(sortRows(rows, 'unit', 'ascend').map((r) => r.unit)).toEqual(['本报编辑部', '经济发展局', '经济发展局', '融媒体中心']);
  });

  it('leaves the rows it was given untouched', () => {
    const before = rows.map((r) => r.key);
    sortRows(rows, 'name', 'descend');
    expect(rows.map((r) => r.key)).toEqual(before);
  });
});

describe('figures', () => {
  it('shows thousandths as a share of articles', () => {
    expect(share(2500)).toBe('2.5');
    expect(share(2000)).toBe('2');
    expect(share(1333)).toBe('1.333');
    expect(share(50)).toBe('0.05');
    expect(share(0)).toBe('0');
  });

  it('shows 分 as 元', () => {
    expect(yuan(123456)).toBe('1,234.56');
    expect(yuan(5)).toBe('0.05');
    expect(yuan(0)).toBe('0.00');
    expect(yuan(100000000)).toBe('1,000,000.00');
  });

  it('reads typed 元 and refuses what is not an amount', () => {
    expect(parseYuan('80')).toBe(8000);
    expect(parseYuan('12.5')).toBe(1250);
    expect(parseYuan('1,200.05')).toBe(120005);
    expect(parseYuan('-3')).toBeNull();
    expect(parseYuan('1.234')).toBeNull();
    expect(parseYuan('abc')).toBeNull();
    expect(parseYuan('')).toBeNull();
    expect(parseYuan('99999999')).toBeNull();
  });
});

describe('the leaders chart', () => {
  it('ranks by the chosen figure, scales to the largest and leaves out rows without a byline', () => {
    const rows = [row('-', '（无署名）', '', 9000, 1000), row('c:2', '韩晓东', '经济发展局', 1250, 2500), row('c:1', '王晓静', '本报编辑部', 2500, 3500), row('c:3', '刘畅', '融媒体中心', 0, 0, 1000)];
    const bars = leaders(rows, 'chars');
    expect(bars.map((b) => b.key)).toEqual(['c:1', 'c:2']);
    expect(bars.map((b) => b.percent)).toEqual([100, 50]);
    expect(leaders(rows, 'photos').map((b) => b.name)).toEqual(['刘畅']);
    expect(leaders(rows, 'printed_share', 1).map((b) => b.value)).toEqual([3500]);
    expect(leaders([], 'chars')).toEqual([]);
  });
});

describe('file names', () => {
  it('names downloads after the period and grouping', () => {
    expect(statsFileName('2026年11月', 'person', 'xlsx')).toBe('稿件统计-2026年11月-按人员.xlsx');
    expect(statsFileName('2026-10-01至2026-11-30', 'unit', 'csv')).toBe('稿件统计-2026-10-01至2026-11-30-按单位.csv');
    expect(statementFileName({ from: '2026-11-01', to: '2026-11-30' }, 3, 'pdf')).toBe('稿酬发放表-2026-11-01至2026-11-30（第3号）.pdf');
    expect(statementFileName({ from: '2026-11-01', to: '2026-11-30' }, null, 'xlsx')).toBe('稿酬发放表-2026-11-01至2026-11-30（草稿）.xlsx');
  });
});
