/**
 * Editing a page plan (版面安排) as pure functions: every edit takes an
 * IssuePlan and returns a new one, never touching the old. The layout store
 * applies them, shows the result at once and saves it with `plan_issue`.
 */
import type { IssuePlan, PagePlan, PageSize, PageTemplate, Placement } from '../api';

export const MIN_SCALE = 85;
export const MAX_SCALE = 115;
/** 1–32 pages, as the core allows. */
export const MAX_PAGES = 32;

/** The columns of each page size: 4 on A3, 3 on A4. */
export const COLUMNS: Record<PageSize, number> = { A3: 4, A4: 3 };

export function newPlacement(articleId: number): Placement {
  return { article_id: articleId, headline_span: null, body_columns: null, image_columns: null, type_scale: 100 };
}

/** Where an article stands: its page number and index there, or null when not placed. */
export function locate(plan: IssuePlan, articleId: number): { page: number; index: number } | null {
  for (const p of plan.pages) {
    const index = p.placements.findIndex((pl) => pl.article_id === articleId);
    if (index >= 0) return { page: p.number, index };
  }
  return null;
}

export function placedIds(plan: IssuePlan): Set<number> {
  return new Set(plan.pages.flatMap((p) => p.placements.map((pl) => pl.article_id)));
}

function mapPages(plan: IssuePlan, f: (p: PagePlan) => PagePlan): IssuePlan {
  return { ...plan, pages: plan.pages.map(f) };
}

/**
 * Put an article on page `toPage` at `toIndex` (clamped; past the end
 * appends). An article already placed keeps its settings and leaves its old
 * place; one from the tray gets default settings. `toIndex` counts positions
 * in the target page as it is before the move.
 */
export function moveArticle(plan: IssuePlan, articleId: number, toPage: number, toIndex = Infinity): IssuePlan {
  const target = plan.pages.find((p) => p.number === toPage);
  if (!target) return plan;
  const from = locate(plan, articleId);
  const placement = from
    ? plan.pages.find((p) => p.number === from.page)!.placements[from.index]
    : newPlacement(articleId);
  let index = Math.max(0, Math.min(toIndex, target.placements.length));
  // Moving down within the same page: the article's own slot disappears first.
  if (from && from.page === toPage && from.index < index) index -= 1;
  if (from && from.page === toPage && from.index === index) return plan;
  return mapPages(plan, (p) => {
    let placements = p.placements;
    if (from && p.number === from.page) placements = placements.filter((pl) => pl.article_id !== articleId);
    if (p.number === toPage) placements = [...placements.slice(0, index), placement, ...placements.slice(index)];
    return placements === p.placements ? p : { ...p, placements };
  });
}

/** 上移 (-1) / 下移 (+1) within the article's page. */
export function shiftArticle(plan: IssuePlan, articleId: number, delta: -1 | 1): IssuePlan {
  const at = locate(plan, articleId);
  if (!at) return plan;
  const page = plan.pages.find((p) => p.number === at.page)!;
  const to = at.index + delta;
  if (to < 0 || to >= page.placements.length) return plan;
  // moveArticle counts positions before the move: going down means after the next one.
  return moveArticle(plan, articleId, at.page, delta > 0 ? to + 1 : to);
}

/** 移出版面: back to the tray of unplaced articles. */
export function removeArticle(plan: IssuePlan, articleId: number): IssuePlan {
  if (!locate(plan, articleId)) return plan;
  return mapPages(plan, (p) =>
    p.placements.some((pl) => pl.article_id === articleId)
      ? { ...p, placements: p.placements.filter((pl) => pl.article_id !== articleId) }
      : p,
  );
}

/** Keep a span within 1..columns; null (自动) stays null. */
export function clampSpan(span: number | null, columns: number): number | null {
  if (span === null) return null;
  return Math.max(1, Math.min(columns, Math.round(span)));
}

export function clampScale(scale: number): number {
  return Math.max(MIN_SCALE, Math.min(MAX_SCALE, Math.round(scale)));
}

function clampPlacement(p: Placement, columns: number): Placement {
  return {
    ...p,
    headline_span: clampSpan(p.headline_span, columns),
    body_columns: clampSpan(p.body_columns, columns),
    image_columns: clampSpan(p.image_columns, columns),
    type_scale: clampScale(p.type_scale),
  };
}

/** Change one placed article's settings (跨栏, 栏数, 图片宽度, 字号), kept within the page. */
export function updatePlacement(
  plan: IssuePlan,
  articleId: number,
  patch: Partial<Omit<Placement, 'article_id'>>,
): IssuePlan {
  if (!locate(plan, articleId)) return plan;
  return mapPages(plan, (p) =>
    p.placements.some((pl) => pl.article_id === articleId)
      ? {
          ...p,
          placements: p.placements.map((pl) =>
            pl.article_id === articleId ? clampPlacement({ ...pl, ...patch }, plan.columns) : pl,
          ),
        }
      : p,
  );
}

/** A different number of columns: every span wider than the page is narrowed to it. */
export function setColumns(plan: IssuePlan, columns: number): IssuePlan {
  const n = Math.max(1, Math.min(6, Math.round(columns)));
  return {
    ...plan,
    columns: n,
    pages: plan.pages.map((p) => ({ ...p, placements: p.placements.map((pl) => clampPlacement(pl, n)) })),
  };
}

/** A3 (4 columns) or A4 (3 columns). */
export function setPageSize(plan: IssuePlan, size: PageSize): IssuePlan {
  return setColumns({ ...plan, page_size: size }, COLUMNS[size]);
}

/**
 * Add inner pages at the end, or remove pages from the end (their articles
 * return to the tray). Pages stay numbered 1..n.
 */
export function setPageCount(plan: IssuePlan, count: number): IssuePlan {
  const n = Math.max(1, Math.min(MAX_PAGES, Math.round(count)));
  if (n === plan.pages.length) return plan;
  if (n < plan.pages.length) return { ...plan, pages: plan.pages.slice(0, n) };
  const added: PagePlan[] = [];
  for (let i = plan.pages.length + 1; i <= n; i++) {
    added.push({ number: i, template: i === 1 ? 'front' : 'inner', name: '', placements: [] });
  }
  return { ...plan, pages: [...plan.pages, ...added] };
}

/** Articles that removing pages down to `count` would send back to the tray. */
export function articlesOnPagesAfter(plan: IssuePlan, count: number): number[] {
  return plan.pages.filter((p) => p.number > count).flatMap((p) => p.placements.map((pl) => pl.article_id));
}

export function setTemplate(plan: IssuePlan, page: number, template: PageTemplate): IssuePlan {
  return mapPages(plan, (p) => (p.number === page ? { ...p, template } : p));
}

export function setPageName(plan: IssuePlan, page: number, name: string): IssuePlan {
  return mapPages(plan, (p) => (p.number === page ? { ...p, name } : p));
}

/**
 * Pages whose picture may differ between two plans: a page whose own plan
 * changed, or every page when the paper or columns changed.
 */
export function changedPages(before: IssuePlan | null, after: IssuePlan): number[] {
  const all = after.pages.map((p) => p.number);
  if (!before || before.page_size !== after.page_size || before.columns !== after.columns) return all;
  return after.pages
    .filter((p) => {
      const old = before.pages.find((b) => b.number === p.number);
      return !old || JSON.stringify(old) !== JSON.stringify(p);
    })
    .map((p) => p.number);
}
