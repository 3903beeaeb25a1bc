import { useEffect, useMemo } from 'react';
import { create } from 'zustand';
import type { CreateIssueInput, Issue } from '../api';
import { call } from './backend';
import { follow } from './live';

interface IssuesState {
  issues: Issue[];
  loading: boolean;
  load: () => Promise<void>;
  create: (input: CreateIssueInput) => Promise<Issue>;
  /** 印刷日期 of an issue (null clears it). */
  setPrintDate: (id: number, date: string | null) => Promise<Issue>;
}

export const useIssues = create<IssuesState>((set, get) => ({
  issues: [],
  loading: false,
  async load() {
    set({ loading: true });
    try {
      set({ issues: await call('list_issues', {}) });
    } finally {
      set({ loading: false });
    }
  },
  async create(input) {
    const issue = await call('create_issue', input);
    await get().load();
    return issue;
  },
  async setPrintDate(id, date) {
    const issue = await call('update_issue', date ? { id, print_date: date } : { id, clear_print_date: true });
    set({ issues: get().issues.map((i) => (i.id === id ? issue : i)) });
    return issue;
  },
}));

/**
 * The issues, loaded on first use, and the one a screen shows: the issue in
 * the address, or else the latest by date.
 */
export function useShownIssue(issueId: number | undefined, onError: (e: unknown) => void) {
  const { issues, load } = useIssues();
  useEffect(() => {
    void load().catch(onError);
  }, [load, onError]);
  const latest = useMemo(() => [...issues].sort((a, b) => b.date.localeCompare(a.date))[0], [issues]);
  return { issues, current: issueId ?? latest?.id };
}

// Issues created or changed elsewhere, and their article counts.
follow('issues', {
  wants: (e) =>
    e.kind === 'issue' || (e.kind === 'article' && (e.action === 'create' || e.action === 'import' || e.action === 'move')),
  async refresh() {
    if (useIssues.getState().issues.length === 0) return;
    useIssues.setState({ issues: await call('list_issues', {}) });
  },
  delay: 300,
});
