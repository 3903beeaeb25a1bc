import { describe, expect, it } from 'vitest';
import { errorRateText, gesture, markBox, pageMmOf, toMm, toPercent } from './geometry';

// An A3 page (297 × 420 mm = 841.89 × 1190.55 pt) rendered at 2 px/pt.
const A3 = pageMmOf(841.89 * 2, 1190.55 * 2, 2);
// …and shown 600 px wide, scrolled so that it starts at (100, 50).
const shown = { left: 100, top: 50, width: 600, height: 600 * (1190.55 / 841.89) };

describe('page geometry', () => {
  it('knows the page size from the image and its scale', () => {
    expect(A3.width).toBeCloseTo(297, 1);
    expect(A3.height).toBeCloseTo(420, 1);
  });

  it('maps a point on the shown image to mm from the trimmed top-left corner', () => {
    expect(toMm(100, 50, shown, A3)).toEqual({ x_mm: 0, y_mm: 0 });
    const mid = toMm(400, 50 + shown.height / 2, shown, A3);
    expect(mid.x_mm).toBeCloseTo(148.5, 1);
    expect(mid.y_mm).toBeCloseTo(210, 1);
    // 30 mm right and 40 mm down, whatever the zoom.
    const px = 600 / 297;
    const p = toMm(100 + 30 * px, 50 + 40 * px, shown, A3);
    expect(p.x_mm).toBeCloseTo(30, 1);
    expect(p.y_mm).toBeCloseTo(40, 1);
  });

  it('keeps a point outside the image on the page edge', () => {
    expect(toMm(0, 0, shown, A3)).toEqual({ x_mm: 0, y_mm: 0 });
    const far = toMm(5000, 5000, shown, A3);
    expect(far.x_mm).toBeCloseTo(297, 1);
    expect(far.y_mm).toBeCloseTo(420, 1);
  });

  it('round-trips mm and percent of the image', () => {
    const { left, top } = toPercent(74.25, 105, A3);
    expect(left).toBeCloseTo(25, 3);
    expect(top).toBeCloseTo(25, 2);
  });

  it('tells a click from a drag', () => {
    const click = gesture({ x: 300, y: 300 }, { x: 302, y: 303 }, shown, A3);
    expect(click.to).toBeNull();
    const drag = gesture({ x: 300, y: 300 }, { x: 420, y: 300 }, shown, A3);
    expect(drag.to).not.toBeNull();
    expect(drag.to!.x_mm - drag.at.x_mm).toBeCloseTo(120 * (297 / 600), 1);
    expect(drag.to!.y_mm).toBe(drag.at.y_mm);
  });

  it('draws a click as a character-sized box around the point, a drag as its rectangle', () => {
    expect(markBox({ x_mm: 50, y_mm: 60, x2_mm: 50, y2_mm: 60 }, 4)).toEqual({ x: 48, y: 58, w: 4, h: 4 });
    expect(markBox({ x_mm: 80, y_mm: 70, x2_mm: 50, y2_mm: 60 })).toEqual({ x: 50, y: 60, w: 30, h: 10 });
    // A drag along a line still has a height to see.
    expect(markBox({ x_mm: 50, y_mm: 60, x2_mm: 70, y2_mm: 60 }).h).toBe(1);
  });

  it('writes 差错率 per 10,000 characters', () => {
    expect(errorRateText(2.345)).toBe('2.3/万字');
    expect(errorRateText(0)).toBe('0.0/万字');
  });
});
