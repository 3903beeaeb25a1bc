import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { ApiError, type Backend, type IssueLayout, type IssuePlan } from '../api';
import { setBackend } from './backend';
import { unplacedArticles, useLayout } from './layout';
import { moveArticle, newPlacement, removeArticle } from '../doc/planEdit';

function plan(): IssuePlan {
  return {
    issue_id: 1,
    page_size: 'A3',
    columns: 4,
    pages: [
      { number: 1, template: 'front', name: '要闻', placements: [newPlacement(1), newPlacement(2)] },
      { number: 2, template: 'inner', name: '', placements: [newPlacement(3)] },
    ],
  };
}

const article = (id: number, status: 'approved' | 'draft' | 'withdrawn' = 'approved') =>
  ({ id, title: `稿件${id}`, status }) as IssueLayout['articles'][number];

function layoutOf(p: IssuePlan): IssueLayout {
  return {
    plan: p,
    fit: p.pages.map((pg) => ({
      page: pg.number,
      overflow_chars: pg.placements.length > 2 ? 180 : 0,
      underfill_chars: 0,
      message_zh: pg.placements.length > 2 ? `第${pg.number}版超出约180字` : `第${pg.number}版已排满`,
    })),
    unplaced: [],
    articles: [article(1), article(2), article(3), article(4, 'draft'), article(5, 'withdrawn')],
    layout_hash: '',
    pages: [],
    print_order: null,
    slots: [],
  };
}

/** A backend that answers from a stored plan; plan_issue can be held back or refused. */
function fakeBackend() {
  let stored = plan();
  const calls: { command: string; input: unknown }[] = [];
  let hold: Promise<void> | null = null;
  let refuse = false;
  const backend: Backend = {
    kind: 'http',
    async call(command, input) {
      calls.push({ command, input });
      if (command === 'get_issue_plan') return layoutOf(stored) as never;
      if (command === 'list_exports') return [] as never;
      if (command === 'preflight_issue') return { ready: true, errors: 0, warnings: 0, items: [], fit: layoutOf(stored).fit } as never;
      if (command === 'get_export_manifest') {
        // The latest export is another one, made meanwhile by a colleague.
        const uid = (input as { export_uid?: string }).export_uid ?? 'colleague-export';
        return { export_uid: uid, pages: 2, articles: [] } as never;
      }
      if (command === 'plan_issue') {
        if (hold) await hold;
        if (refuse) throw new ApiError('invalid_input', '稿件 4 被重复安排在版面上');
        stored = input as IssuePlan;
        return layoutOf(stored) as never;
      }
      throw new Error(`unexpected ${command}`);
    },
    async callBinary(command, input) {
      calls.push({ command, input });
      return new Blob(['png']);
    },
    async callRecorded(command, input) {
      calls.push({ command, input });
      return { blob: new Blob(['%PDF']), recordId: 'my-export' };
    },
    subscribeEvents() {
      return { close() {} };
    },
  };
  return {
    backend,
    calls,
    previewsOf: () => calls.filter((c) => c.command === 'preview_page').map((c) => (c.input as { page: number }).page),
    saves: () => calls.filter((c) => c.command === 'plan_issue').length,
    holdSaves() {
      let release!: () => void;
      hold = new Promise((r) => (release = r));
      return () => {
        hold = null;
        release();
      };
    },
    refuse: (v: boolean) => (refuse = v),
  };
}

let url = 0;
beforeEach(() => {
  URL.createObjectURL = vi.fn(() => `blob:${++url}`);
  URL.revokeObjectURL = vi.fn();
});
afterEach(() => {
  useLayout.setState({ issueId: null, layout: null, previews: {} });
});

const ids = (p: IssuePlan) => p.pages.map((pg) => pg.placements.map((pl) => pl.article_id));
const settle = () => new Promise((r) => setTimeout(r, 0));

describe('the layout store', () => {
  it('loads the plan and renders every page, the selected one first', async () => {
    const fake = fakeBackend();
    setBackend(fake.backend);
    useLayout.setState({ selectedPage: 2 });
    await useLayout.getState().load(1);
    await settle();
    expect(fake.previewsOf()).toEqual([1, 2]);
    const s = useLayout.getState();
    expect(ids(s.layout!.plan)).toEqual([[1, 2], [3]]);
    expect(Object.values(s.previews).every((p) => p.url && !p.loading)).toBe(true);
    // Unplaced: the draft, not the withdrawn one.
    expect(unplacedArticles(s.layout!).map((a) => a.id)).toEqual([4]);
  });

  it('shows an edit at once, saves it, and re-renders only the pages that changed', async () => {
    const fake = fakeBackend();
    setBackend(fake.backend);
    await useLayout.getState().load(1);
    await settle();
    const before = fake.previewsOf().length;
    const release = fake.holdSaves();
    const saved = useLayout.getState().edit((p) => moveArticle(p, 4, 2));
    // Shown before the server answers, with the old fit.
    expect(ids(useLayout.getState().layout!.plan)).toEqual([[1, 2], [3, 4]]);
    expect(useLayout.getState().saving).toBe(true);
    release();
    await saved;
    await settle();
    expect(useLayout.getState().saving).toBe(false);
    expect(fake.previewsOf().slice(before)).toEqual([2]);
    expect(unplacedArticles(useLayout.getState().layout!)).toEqual([]);
  });

  it('saves quick successive edits as one newest plan after the one in flight', async () => {
    const fake = fakeBackend();
    setBackend(fake.backend);
    await useLayout.getState().load(1);
    const release = fake.holdSaves();
    const a = useLayout.getState().edit((p) => moveArticle(p, 4, 2));
    await settle();
    void useLayout.getState().edit((p) => moveArticle(p, 1, 2));
    const c = useLayout.getState().edit((p) => moveArticle(p, 2, 2));
    expect(ids(useLayout.getState().layout!.plan)).toEqual([[], [3, 4, 1, 2]]);
    release();
    await Promise.all([a, c]);
    // The first save, then only the newest plan.
    expect(fake.saves()).toBe(2);
    expect(ids(useLayout.getState().layout!.plan)).toEqual([[], [3, 4, 1, 2]]);
    expect(useLayout.getState().layout!.fit[1].message_zh).toBe('第2版超出约180字');
  });

  it('goes back to the saved plan when the server refuses an edit', async () => {
    const fake = fakeBackend();
    setBackend(fake.backend);
    await useLayout.getState().load(1);
    fake.refuse(true);
    await expect(useLayout.getState().edit((p) => removeArticle(p, 3))).rejects.toThrow('重复安排');
    expect(ids(useLayout.getState().layout!.plan)).toEqual([[1, 2], [3]]);
    expect(useLayout.getState().saving).toBe(false);
  });

  it('does not save an edit that changes nothing', async () => {
    const fake = fakeBackend();
    setBackend(fake.backend);
    await useLayout.getState().load(1);
    await useLayout.getState().edit((p) => p);
    expect(fake.saves()).toBe(0);
  });

  it('fetches the manifest of its own export, not the latest one', async () => {
    const fake = fakeBackend();
    setBackend(fake.backend);
    await useLayout.getState().load(1);
    const steps: string[] = [];
    const pdf = await useLayout.getState().exportPdf({ proof_copy: true }, (s) => steps.push(s));
    expect(steps).toEqual(['preflight', 'layout', 'pdf']);
    expect(pdf.proofCopy).toBe(true);
    expect(pdf.manifest?.export_uid).toBe('my-export');
    const asked = fake.calls.find((c) => c.command === 'get_export_manifest');
    expect(asked?.input).toEqual({ issue_id: 1, export_uid: 'my-export' });
  });
});
