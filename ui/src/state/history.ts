import { create } from 'zustand';
import type { Article, History, RevisionSummary, TextDiffResult } from '../api';
import { call } from './backend';

interface HistoryState {
  revisions: RevisionSummary[];
  diff: TextDiffResult | null;
  diffOf: [number, number] | null;
  record: History | null;
  load: (articleId: number) => Promise<void>;
  compare: (articleId: number, from: number, to: number) => Promise<void>;
  restore: (articleId: number, number: number, base: number) => Promise<Article>;
  loadRecord: (articleId: number) => Promise<void>;
  clear: () => void;
}

export const useHistory = create<HistoryState>((set) => ({
  revisions: [],
  diff: null,
  diffOf: null,
  record: null,
  async load(id) {
    set({ revisions: await call('list_revisions', { id }), diff: null, diffOf: null });
  },
  async compare(id, from, to) {
    const [a, b] = from < to ? [from, to] : [to, from];
    set({ diff: await call('diff_revisions', { id, from: a, to: b }), diffOf: [a, b] });
  },
  async restore(id, number, base) {
    return await call('restore_revision', { id, number, base_revision: base });
  },
  async loadRecord(id) {
    set({ record: await call('get_history', { id }) });
  },
  clear() {
    set({ revisions: [], diff: null, diffOf: null, record: null });
  },
}));
