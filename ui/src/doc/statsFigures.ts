/**
 * 稿件统计 and 稿酬 figures as the screens show them: periods by issue date,
 * sorting, shares in thousandths, amounts in 分, the leaders' bars and the
 * names of downloaded files. Pure functions (tested in statsFigures.test.ts).
 */
import type { StatsRow } from '../api';

export type PeriodKind = 'month' | 'quarter' | 'year' | 'range';

/** A period of issue dates, both ends counted (YYYY-MM-DD). */
export interface Period {
  from: string;
  to: string;
}

const pad = (n: number) => String(n).padStart(2, '0');

function lastDay(year: number, month: number): number {
  // Day 0 of the next month is the last day of this one.
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

/**
 * The period of a month (1–12), a quarter (1–4) or a year. `part` is the
 * month or the quarter; it is ignored for a year.
 */
export function periodOf(kind: Exclude<PeriodKind, 'range'>, year: number, part = 1): Period {
  if (!Number.isInteger(year) || year < 1900 || year > 2999) throw new RangeError(`year ${year}`);
  if (kind === 'year') return { from: `${year}-01-01`, to: `${year}-12-31` };
  const first = kind === 'month' ? part : (part - 1) * 3 + 1;
  const last = kind === 'month' ? part : first + 2;
  if (!Number.isInteger(part) || first < 1 || last > 12) throw new RangeError(`${kind} ${part}`);
  return { from: `${year}-${pad(first)}-01`, to: `${year}-${pad(last)}-${pad(lastDay(year, last))}` };
}

/** The quarter (1–4) a month (1–12) falls in. */
export function quarterOf(month: number): number {
  return Math.floor((month - 1) / 3) + 1;
}

/** 2026年11月, 2026年第4季度, 2026年, 2026-11-01至2026-12-31. */
export function periodLabel(kind: PeriodKind, period: Period): string {
  const [y, m] = period.from.split('-').map(Number);
  switch (kind) {
    case 'month':
      return `${y}年${m}月`;
    case 'quarter':
      return `${y}年第${quarterOf(m)}季度`;
    case 'year':
      return `${y}年`;
    default:
      return `${period.from}至${period.to}`;
  }
}

/** The columns of the statistics table that sort. */
export type StatsColumn = 'name' | 'unit' | 'submitted' | 'printed' | 'printed_share' | 'chars' | 'photos' | 'front_page';

const collator = new Intl.Collator('zh-CN-u-co-pinyin');

/**
 * Rows sorted by a column; ties keep the server's order (most characters
 * first). Names sort by pinyin. Numbers sort largest first when descending.
 */
export function sortRows(rows: readonly StatsRow[], column: StatsColumn, order: 'ascend' | 'descend'): StatsRow[] {
  const sign = order === 'ascend' ? 1 : -1;
  return rows
    .map((row, i) => ({ row, i }))
    .sort((a, b) => {
      const x = a.row[column];
      const y = b.row[column];
      const c = typeof x === 'string' && typeof y === 'string' ? collator.compare(x, y) : Number(x) - Number(y);
      return c !== 0 ? c * sign : a.i - b.i;
    })
    .map(({ row }) => row);
}

/** Thousandths as a number of articles or photos: 2500 → "2.5", 1333 → "1.333", 2000 → "2". */
export function share(thousandths: number): string {
  const neg = thousandths < 0;
  const v = Math.abs(Math.trunc(thousandths));
  const whole = Math.floor(v / 1000);
  const frac = String(v % 1000).padStart(3, '0').replace(/0+$/, '');
  return `${neg ? '-' : ''}${whole}${frac ? `.${frac}` : ''}`;
}

/** 分 as 元 with two decimals and thousands separators: 123456 → "1,234.56". */
export function yuan(fen: number): string {
  const neg = fen < 0;
  const v = Math.abs(Math.round(fen));
  const whole = Math.floor(v / 100)
    .toString()
    .replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  return `${neg ? '-' : ''}${whole}.${pad(v % 100)}`;
}

/**
 * 元 as typed in a form → 分, or null when it is not an amount (negative,
 * more than two decimals, not a number, absurdly large).
 */
export function parseYuan(text: string): number | null {
  const s = text.trim().replace(/[,，]/g, '');
  if (!/^\d{1,7}(\.\d{0,2})?$/.test(s)) return null;
  const [whole, frac = ''] = s.split('.');
  return Number(whole) * 100 + Number(frac.padEnd(2, '0'));
}

/** The figures the leaders' chart can show. */
export type LeaderMetric = 'chars' | 'printed_share' | 'photos';

export interface Bar {
  key: string;
  name: string;
  unit: string;
  value: number;
  /** Bar length, 0–100 (% of the largest value shown). */
  percent: number;
}

/**
 * The leaders by a figure: at most `n` rows with something to show, largest
 * first; rows of nobody (无署名) are left out of a ranking.
 */
export function leaders(rows: readonly StatsRow[], metric: LeaderMetric, n = 10): Bar[] {
  const top = rows
    .filter((r) => r.kind !== 'nobody' && r[metric] > 0)
    .map((r, i) => ({ r, i }))
    .sort((a, b) => b.r[metric] - a.r[metric] || a.i - b.i)
    .slice(0, n)
    .map(({ r }) => r);
  const max = top.length ? top[0][metric] : 0;
  return top.map((r) => ({
    key: r.key,
    name: r.name,
    unit: r.unit,
    value: r[metric],
    percent: max > 0 ? Math.max(1, Math.round((r[metric] / max) * 1000) / 10) : 0,
  }));
}

/** Characters that may not be in a file name on Windows or Linux. */
function safe(s: string): string {
  return s.replace(/[\\/:*?"<>|\s]+/g, '_');
}

/** 稿件统计-2026年11月-按人员.xlsx */
export function statsFileName(label: string, by: 'person' | 'unit', ext: 'xlsx' | 'csv'): string {
  return `稿件统计-${safe(label)}-${by === 'unit' ? '按单位' : '按人员'}.${ext}`;
}

/** 稿酬发放表-2026-11-01至2026-11-30（第3号）.pdf; a draft is marked 草稿. */
export function statementFileName(period: Period, id: number | null, ext: 'xlsx' | 'pdf'): string {
  const what = id === null ? '草稿' : `第${id}号`;
  return `稿酬发放表-${period.from}至${period.to}（${what}）.${ext}`;
}
