/**
 * 排版建议: the suggestions for the issue on the layout screen. Applying one
 * goes through the layout store's `edit`, like any change of the plan (the
 * server tells everyone); `undo` puts back the plan from before.
 */
import { create } from 'zustand';
import type { IssuePlan, SuggestLayout } from '../api';
import { call } from './backend';
import { useLayout } from './layout';

interface SuggestState {
  issueId: number | null;
  result: SuggestLayout | null;
  loading: boolean;
  error: string | null;
  /** The plan before the last suggestion applied (for undo). */
  before: IssuePlan | null;
  run: (issueId: number) => Promise<void>;
  /** Make suggestion `index` the plan; resolves when saved. */
  apply: (index: number) => Promise<void>;
  undo: () => Promise<void>;
  clear: () => void;
}

let seq = 0;

export const useSuggest = create<SuggestState>((set, get) => ({
  issueId: null,
  result: null,
  loading: false,
  error: null,
  before: null,

  async run(issueId) {
    const my = ++seq;
    set({ issueId, loading: true, error: null, result: get().issueId === issueId ? get().result : null });
    try {
      const result = await call('suggest_layout', { issue_id: issueId });
      if (my === seq) set({ result });
    } catch (e) {
      if (my === seq) set({ error: e instanceof Error ? e.message : String(e), result: null });
      throw e;
    } finally {
      if (my === seq) set({ loading: false });
    }
  },

  async apply(index) {
    const chosen = get().result?.suggestions[index];
    const layout = useLayout.getState().layout;
    if (!chosen || !layout || layout.plan.issue_id !== chosen.plan.issue_id) return;
    set({ before: layout.plan });
    await useLayout.getState().edit(() => chosen.plan);
  },

  async undo() {
    const before = get().before;
    const layout = useLayout.getState().layout;
    if (!before || !layout || layout.plan.issue_id !== before.issue_id) return;
    set({ before: null });
    await useLayout.getState().edit(() => before);
  },

  clear() {
    seq++;
    set({ issueId: null, result: null, loading: false, error: null });
  },
}));
