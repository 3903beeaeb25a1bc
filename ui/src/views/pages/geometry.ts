/**
 * Where a click or a drag on a page image falls on the printed page:
 * millimetres from the top-left corner of the trimmed page, the unit
 * `add_proof_mark` takes and `ProofMark` answers.
 */

/** The image as the browser shows it (`getBoundingClientRect`). */
export interface Shown {
  left: number;
  top: number;
  width: number;
  height: number;
}

/** The trimmed page in millimetres. */
export interface PageMm {
  width: number;
  height: number;
}

export interface PointMm {
  x_mm: number;
  y_mm: number;
}

const MM_PER_PT = 25.4 / 72;

/** The page size of a page image rendered at `scale` pixels per point. */
export function pageMmOf(naturalWidth: number, naturalHeight: number, scale: number): PageMm {
  return { width: (naturalWidth / scale) * MM_PER_PT, height: (naturalHeight / scale) * MM_PER_PT };
}

const round2 = (v: number) => Math.round(v * 100) / 100;
const clamp = (v: number, lo: number, hi: number) => Math.min(hi, Math.max(lo, v));

/** A point on the screen → mm on the page (kept on the page, to a hundredth). */
export function toMm(clientX: number, clientY: number, shown: Shown, page: PageMm): PointMm {
  const fx = shown.width > 0 ? (clientX - shown.left) / shown.width : 0;
  const fy = shown.height > 0 ? (clientY - shown.top) / shown.height : 0;
  return { x_mm: round2(clamp(fx, 0, 1) * page.width), y_mm: round2(clamp(fy, 0, 1) * page.height) };
}

/** mm on the page → percent of the image (for drawing over it at any size). */
export function toPercent(x_mm: number, y_mm: number, page: PageMm): { left: number; top: number } {
  return { left: (x_mm / page.width) * 100, top: (y_mm / page.height) * 100 };
}

/** Below this many screen pixels of movement a press is a click, not a drag. */
export const DRAG_PX = 5;

/** What a press and release on the image mean: a click on a point, or a drag from one to another. */
export function gesture(
  down: { x: number; y: number },
  up: { x: number; y: number },
  shown: Shown,
  page: PageMm,
): { at: PointMm; to: PointMm | null } {
  const at = toMm(down.x, down.y, shown, page);
  if (Math.hypot(up.x - down.x, up.y - down.y) < DRAG_PX) return { at, to: null };
  return { at, to: toMm(up.x, up.y, shown, page) };
}

/**
 * The box a mark is drawn as, in mm: a drag's rectangle, or for a click a
 * character-sized square centred on the point.
 */
export function markBox(
  m: { x_mm: number; y_mm: number; x2_mm: number; y2_mm: number },
  charMm = 4.2,
): { x: number; y: number; w: number; h: number } {
  if (m.x2_mm === m.x_mm && m.y2_mm === m.y_mm) {
    return { x: m.x_mm - charMm / 2, y: m.y_mm - charMm / 2, w: charMm, h: charMm };
  }
  const x = Math.min(m.x_mm, m.x2_mm);
  const y = Math.min(m.y_mm, m.y2_mm);
  return { x, y, w: Math.max(Math.abs(m.x2_mm - m.x_mm), 1), h: Math.max(Math.abs(m.y2_mm - m.y_mm), 1) };
}

/** 一校 red, 二校 blue, 三校 green (as the marked-proof PDF draws them). */
export function roundColour(round: number): string {
  return round === 1 ? '#d0021b' : round === 2 ? '#1f5fd1' : '#138a36';
}

/** 差错率 as the office writes it: marks per 10,000 characters, one decimal. */
export function errorRateText(rate: number): string {
  return `${(Math.round(rate * 10) / 10).toFixed(1)}/万字`;
}
