import { create } from 'zustand';
import type {
  ArticleSummary,
  ChangeEvent,
  ExportOptions,
  ExportRecord,
  IssueLayout,
  IssuePlan,
  Manifest,
  PageFit,
  Preflight,
} from '../api';
import { call, callBinary, callRecorded, openExported, saveExport } from './backend';
import { useIssues } from './issues';
import { follow } from './live';
import { changedPages, locate, placedIds } from '../doc/planEdit';
import { useSession } from './session';
import { slotPagesChanged } from './slots';

/**
 * Pixels per point of the page previews: an A3 page is about 590 × 834 px.
 * The server renders previews at this scale ahead after each change
 * (SCREEN_PREVIEW_SCALE in crates/zonepress-api/src/layout/plan.rs): keep the two equal.
 */
export const PREVIEW_SCALE = 0.7;

export interface PagePreview {
  /** Object URL of the latest picture (kept while a newer one renders). */
  url: string | null;
  loading: boolean;
  error: string | null;
}

export type ExportStep = 'preflight' | 'layout' | 'pdf';

export interface ExportedPdf {
  blob: Blob;
  fileName: string;
  manifest: Manifest | null;
  proofCopy: boolean;
}

interface LayoutState {
  issueId: number | null;
  /** The plan as shown (edits appear at once), with the fit of the last save. */
  layout: IssueLayout | null;
  loading: boolean;
  /** A plan is on its way to the server (the fit shown is the previous one). */
  saving: boolean;
  previews: Record<number, PagePreview>;
  selectedPage: number;
  selectedArticle: number | null;
  preflight: Preflight | null;
  /** The plan changed after the last 印前检查. */
  preflightStale: boolean;
  preflightLoading: boolean;
  exports: ExportRecord[];

  load: (issueId: number) => Promise<void>;
  /** Apply an edit to the plan, show it, save it; the promise settles when saved. */
  edit: (f: (plan: IssuePlan) => IssuePlan) => Promise<void>;
  select: (page: number, articleId?: number | null) => void;
  /** Re-render page previews (all pages when none are named). */
  refreshPreviews: (pages?: number[]) => void;
  /** One page at a larger scale, for a closer look (the caller owns the blob). */
  pagePicture: (page: number, scale: number) => Promise<Blob>;
  runPreflight: () => Promise<Preflight>;
  loadExports: () => Promise<void>;
  /** 印前检查 → 排版 → 生成PDF; refused with an ApiError (`export_failed`) unless it may print. */
  exportPdf: (options: ExportOptions, onStep: (step: ExportStep) => void) => Promise<ExportedPdf>;
  /** Desktop: the same steps, then the PDF and its manifest saved where the user picks (null: cancelled). */
  exportToFile: (options: ExportOptions, onStep: (step: ExportStep) => void) => Promise<string | null>;
  openExported: (path: string) => Promise<void>;
  /**
   * Follow changes made elsewhere: the plan again, the previews of the
   * pages they touched, the export records. Skipped while an edit of this
   * window is being saved (its answer carries the newest plan).
   */
  syncRemote: (events: ChangeEvent[], resync: boolean) => Promise<void>;
  /** The layout screen closed: stop following the issue. */
  leave: () => void;
}

/** The plan the server holds, and the newest plan waiting to be saved. */
let saved: IssuePlan | null = null;
let desired: IssuePlan | null = null;
let saving: Promise<void> | null = null;
let loadSeq = 0;
/** The issue the layout screen shows and follows (null when it is closed). */
let following: number | null = null;
const previewSeq: Record<number, number> = {};

/** Articles of the issue not on any page (withdrawn ones left out), in the issue's order. */
export function unplacedArticles(layout: IssueLayout): ArticleSummary[] {
  const placed = placedIds(layout.plan);
  return layout.articles.filter((a) => !placed.has(a.id) && a.status !== 'withdrawn');
}

export function fitOf(layout: IssueLayout | null, page: number): PageFit | undefined {
  return layout?.fit.find((f) => f.page === page);
}

/** Like the server names it: 青禾开发区报-2026年第11期.pdf (校样: …-校样.pdf). */
export function pdfFileName(publication: string, year: number, number: number, proofCopy: boolean): string {
  const name = `${publication || 'ZonePress'}-${year}年第${number}期${proofCopy ? '-校样' : ''}.pdf`;
  return name.replace(/[\\/:*?"<>|]/g, '_');
}

function revokeAll(previews: Record<number, PagePreview>) {
  for (const p of Object.values(previews)) if (p.url) URL.revokeObjectURL(p.url);
}

/** The file name of an issue's PDF, as the server names it. */
function exportFileName(issueId: number, proofCopy: boolean): string {
  const issue = useIssues.getState().issues.find((i) => i.id === issueId);
  const publication = useSession.getState().publication?.name ?? '';
  return issue
    ? pdfFileName(publication, issue.year, issue.number, proofCopy)
    : `${publication}-${issueId}${proofCopy ? '-校样' : ''}.pdf`;
}

export const useLayout = create<LayoutState>((set, get) => {
  async function fetchPreview(issueId: number, page: number) {
    const my = (previewSeq[page] = (previewSeq[page] ?? 0) + 1);
    set((s) => ({
      previews: { ...s.previews, [page]: { url: s.previews[page]?.url ?? null, loading: true, error: null } },
    }));
    try {
      const blob = await callBinary('preview_page', { issue_id: issueId, page, scale: PREVIEW_SCALE });
      if (my !== previewSeq[page] || get().issueId !== issueId) return;
      const url = URL.createObjectURL(blob);
      const old = get().previews[page]?.url;
      if (old) URL.revokeObjectURL(old);
      set((s) => ({ previews: { ...s.previews, [page]: { url, loading: false, error: null } } }));
    } catch (e) {
      if (my !== previewSeq[page] || get().issueId !== issueId) return;
      const error = e instanceof Error ? e.message : String(e);
      set((s) => ({ previews: { ...s.previews, [page]: { url: s.previews[page]?.url ?? null, loading: false, error } } }));
    }
  }

  /** Drop the pictures of pages that no longer exist. */
  function prunePreviews(pageCount: number) {
    const previews = { ...get().previews };
    let changed = false;
    for (const key of Object.keys(previews)) {
      const n = Number(key);
      if (n > pageCount) {
        if (previews[n].url) URL.revokeObjectURL(previews[n].url!);
        delete previews[n];
        previewSeq[n] = (previewSeq[n] ?? 0) + 1;
        changed = true;
      }
    }
    if (changed) set({ previews });
  }

  async function flush(issueId: number) {
    set({ saving: true });
    try {
      while (desired && desired.issue_id === issueId) {
        const plan = desired;
        desired = null;
        let out: IssueLayout;
        try {
          out = await call('plan_issue', plan);
        } catch (e) {
          // Refused: back to what the server holds.
          desired = null;
          const cur = get().layout;
          if (cur && saved && get().issueId === issueId) set({ layout: { ...cur, plan: saved } });
          throw e;
        }
        if (get().issueId !== issueId) return;
        const before = saved;
        saved = out.plan;
        const shown = get().layout;
        // A newer edit is waiting: keep showing it, with the fit measured so far.
        set({ layout: desired && shown ? { ...out, plan: shown.plan } : out });
        const pages = changedPages(before, out.plan);
        const first = get().selectedPage;
        for (const p of [...pages].sort((a, b) => (a === first ? -1 : b === first ? 1 : a - b))) void fetchPreview(issueId, p);
      }
    } finally {
      set({ saving: false });
    }
  }

  return {
    issueId: null,
    layout: null,
    loading: false,
    saving: false,
    previews: {},
    selectedPage: 1,
    selectedArticle: null,
    preflight: null,
    preflightStale: false,
    preflightLoading: false,
    exports: [],

    async load(issueId) {
      const my = ++loadSeq;
      following = issueId;
      if (get().issueId !== issueId) {
        revokeAll(get().previews);
        desired = null;
        saved = null;
        set({
          issueId,
          layout: null,
          previews: {},
          selectedPage: 1,
          selectedArticle: null,
          preflight: null,
          preflightStale: false,
          exports: [],
        });
      }
      set({ loading: true });
      try {
        const layout = await call('get_issue_plan', { issue_id: issueId });
        if (my !== loadSeq) return;
        saved = layout.plan;
        const selectedPage = Math.min(get().selectedPage, layout.plan.pages.length);
        set({ layout, selectedPage });
        prunePreviews(layout.plan.pages.length);
        get().refreshPreviews();
        void get().loadExports().catch(() => {});
      } finally {
        if (my === loadSeq) set({ loading: false });
      }
    },

    edit(f) {
      const cur = get().layout;
      const issueId = get().issueId;
      if (!cur || issueId === null) return Promise.resolve();
      const next = f(cur.plan);
      if (next === cur.plan) return Promise.resolve();
      const { selectedPage, selectedArticle } = get();
      set({
        layout: { ...cur, plan: next },
        preflightStale: get().preflight !== null,
        selectedPage: Math.min(selectedPage, next.pages.length),
        selectedArticle:
          selectedArticle !== null && next.pages.some((p) => p.placements.some((pl) => pl.article_id === selectedArticle))
            ? selectedArticle
            : null,
      });
      prunePreviews(next.pages.length);
      desired = next;
      if (!saving) {
        saving = flush(issueId).finally(() => {
          saving = null;
        });
      }
      return saving;
    },

    select(page, articleId) {
      set({ selectedPage: page, ...(articleId === undefined ? {} : { selectedArticle: articleId }) });
    },

    refreshPreviews(pages) {
      const { issueId, layout, selectedPage } = get();
      if (issueId === null || !layout) return;
      const all = pages ?? layout.plan.pages.map((p) => p.number);
      const ordered = [...all].sort((a, b) => (a === selectedPage ? -1 : b === selectedPage ? 1 : a - b));
      for (const p of ordered) void fetchPreview(issueId, p);
    },

    async pagePicture(page, scale) {
      const issueId = get().issueId;
      if (issueId === null) throw new Error('no issue');
      return await callBinary('preview_page', { issue_id: issueId, page, scale });
    },

    async runPreflight() {
      const issueId = get().issueId;
      if (issueId === null) throw new Error('no issue');
      set({ preflightLoading: true });
      try {
        const preflight = await call('preflight_issue', { issue_id: issueId });
        if (get().issueId === issueId) {
          const cur = get().layout;
          set({
            preflight,
            preflightStale: false,
            // The check measured the layout too: its fit is the newest.
            layout: cur && !desired && !get().saving ? { ...cur, fit: preflight.fit } : cur,
          });
        }
        return preflight;
      } finally {
        set({ preflightLoading: false });
      }
    },

    async loadExports() {
      const issueId = get().issueId;
      if (issueId === null) return;
      const exports = await call('list_exports', { issue_id: issueId });
      if (get().issueId === issueId) set({ exports });
    },

    async exportPdf(options, onStep) {
      const issueId = get().issueId;
      if (issueId === null) throw new Error('no issue');
      if (saving) await saving;
      onStep('preflight');
      await get().runPreflight();
      onStep('layout');
      const layout = await call('get_issue_plan', { issue_id: issueId });
      if (get().issueId === issueId && !desired) set({ layout });
      onStep('pdf');
      const { blob, recordId } = await callRecorded('export_issue', { issue_id: issueId, options });
      const proofCopy = options.proof_copy ?? false;
      const fileName = exportFileName(issueId, proofCopy);
      // This export's manifest, by its id: another export made meanwhile
      // is not taken for it.
      const manifest = await call('get_export_manifest', { issue_id: issueId, export_uid: recordId ?? undefined }).catch(() => null);
      void get().loadExports().catch(() => {});
      return { blob: new Blob([blob], { type: 'application/pdf' }), fileName, manifest, proofCopy };
    },

    async exportToFile(options, onStep) {
      const issueId = get().issueId;
      if (issueId === null) throw new Error('no issue');
      if (saving) await saving;
      onStep('preflight');
      await get().runPreflight();
      onStep('pdf');
      const path = await saveExport(issueId, options, exportFileName(issueId, options.proof_copy ?? false));
      void get().loadExports().catch(() => {});
      return path;
    },

    async openExported(path) {
      await openExported(path);
    },

    async syncRemote(events, resync) {
      const issueId = get().issueId;
      const before = get().layout;
      if (issueId === null || !before || following !== issueId) return;
      if (saving) await saving;
      const onlyExports = !resync && events.every((e) => e.kind === 'export');
      if (events.some((e) => e.kind === 'export') || resync) void get().loadExports().catch(() => {});
      if (onlyExports) return;
      const shown = get().layout;
      const fresh = await call('get_issue_plan', { issue_id: issueId });
      // An edit of this window started meanwhile: its save answers the newest plan.
      if (get().issueId !== issueId || desired || get().saving || get().layout !== shown || !shown) return;
      saved = fresh.plan;
      const pages = new Set([...changedPages(shown.plan, fresh.plan), ...slotPagesChanged(shown.slots, fresh.slots)]);
      const everything = resync || events.some((e) => e.kind === 'publication' || e.kind === 'issue');
      for (const e of events) {
        if (e.kind !== 'article') continue;
        const at = locate(fresh.plan, e.id) ?? locate(shown.plan, e.id);
        if (at) pages.add(at.page);
      }
      set({
        layout: fresh,
        selectedPage: Math.min(get().selectedPage, fresh.plan.pages.length),
        preflightStale: get().preflight !== null,
      });
      prunePreviews(fresh.plan.pages.length);
      get().refreshPreviews(everything ? undefined : [...pages].filter((p) => p <= fresh.plan.pages.length));
    },

    leave() {
      following = null;
    },
  };
});

follow('layout', {
  wants: (e) => {
    const id = following;
    if (id === null || id !== useLayout.getState().issueId) return false;
    if (e.kind === 'plan' || e.kind === 'issue' || e.kind === 'export' || e.kind === 'page') return e.id === id;
    if (e.kind === 'article' || e.kind === 'review') return e.issue_id === id;
    return e.kind === 'publication';
  },
  refresh: (events, resync) => useLayout.getState().syncRemote(events, resync),
  delay: 250,
});
