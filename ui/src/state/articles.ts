import { create } from 'zustand';
import type { ArticleSummary, CreateArticleInput, Inbox } from '../api';
import { call } from './backend';

interface ArticlesState {
  list: ArticleSummary[];
  loading: boolean;
  issueId: number | null;
  mine: boolean;
  inbox: Inbox;
  load: (issueId: number | null, mine?: boolean) => Promise<void>;
  create: (input: CreateArticleInput) => Promise<number>;
  loadInbox: () => Promise<void>;
}

export const useArticles = create<ArticlesState>((set, get) => ({
  list: [],
  loading: false,
  issueId: null,
  mine: false,
  inbox: { to_review: [], returned: [] },
  async load(issueId, mine) {
    const m = mine ?? get().mine;
    set({ loading: true, issueId, mine: m });
    try {
      const list = await call('list_articles', { issue_id: issueId ?? undefined, mine: m });
      set({ list });
    } finally {
      set({ loading: false });
    }
  },
  async create(input) {
    const a = await call('create_article', input);
    return a.id;
  },
  async loadInbox() {
    set({ inbox: await call('list_inbox', {}) });
  },
}));
