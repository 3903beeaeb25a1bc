import { create } from 'zustand';
import type { Article, History, RevisionSummary, TextDiffResult } from '../api';
import { call } from './backend';
import { follow } from './live';

interface HistoryState {
  /** The article whose record (and revisions) are shown. */
  articleId: number | null;
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
  articleId: null,
  revisions: [],
  diff: null,
  diffOf: null,
  record: null,
  async load(id) {
    set({ revisions: await call('list_revisions', { id }), diff: null, diffOf: null, articleId: id });
  },
  async compare(id, from, to) {
    const [a, b] = from < to ? [from, to] : [to, from];
    set({ diff: await call('diff_revisions', { id, from: a, to: b }), diffOf: [a, b] });
  },
  async restore(id, number, base) {
    return await call('restore_revision', { id, number, base_revision: base });
  },
  async loadRecord(id) {
    const record = await call('get_history', { id });
    set({ record, articleId: id });
  },
  clear() {
    set({ revisions: [], diff: null, diffOf: null, record: null, articleId: null });
  },
}));

// The record and the list of revisions follow saves and reviews made elsewhere.
follow('history', {
  wants: (e) => e.id === useHistory.getState().articleId && (e.kind === 'article' || e.kind === 'review'),
  async refresh() {
    const { articleId, revisions, record } = useHistory.getState();
    if (articleId === null) return;
    const [rec, revs] = await Promise.all([
      record ? call('get_history', { id: articleId }) : Promise.resolve(null),
      revisions.length ? call('list_revisions', { id: articleId }) : Promise.resolve(null),
    ]);
    if (useHistory.getState().articleId !== articleId) return;
    useHistory.setState({ ...(rec ? { record: rec } : {}), ...(revs ? { revisions: revs } : {}) });
  },
  delay: 300,
});
