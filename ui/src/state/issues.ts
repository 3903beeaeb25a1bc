import { create } from 'zustand';
import type { CreateIssueInput, Issue } from '../api';
import { call } from './backend';

interface IssuesState {
  issues: Issue[];
  loading: boolean;
  load: () => Promise<void>;
  create: (input: CreateIssueInput) => Promise<Issue>;
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
}));
