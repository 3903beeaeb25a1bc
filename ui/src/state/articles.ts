import { create } from 'zustand';
import type { ArticleSummary, CreateArticleInput, Inbox } from '../api';
import { call, inBackground } from './backend';
import { follow } from './live';

interface ArticlesState {
  list: ArticleSummary[];
  loading: boolean;
  /** The list shown: an issue's articles (null: all), only mine or not; undefined before the first load. */
  issueId: number | null | undefined;
  mine: boolean;
  inbox: Inbox;
  load: (issueId: number | null, mine?: boolean) => Promise<void>;
  create: (input: CreateArticleInput) => Promise<number>;
  /** `poll`: asked again on a timer, not by the user (does not keep an idle session). */
  loadInbox: (poll?: boolean) => Promise<void>;
  /** The list is no longer shown: stop following it. */
  leave: () => void;
}

let listSeq = 0;

export const useArticles = create<ArticlesState>((set, get) => ({
  list: [],
  loading: false,
  issueId: undefined,
  mine: false,
  inbox: { to_review: [], returned: [] },
  async load(issueId, mine) {
    const m = mine ?? get().mine;
    const my = ++listSeq;
    set({ loading: true, issueId, mine: m });
    try {
      const list = await call('list_articles', { issue_id: issueId ?? undefined, mine: m });
      if (my === listSeq) set({ list });
    } finally {
      if (my === listSeq) set({ loading: false });
    }
  },
  async create(input) {
    const a = await call('create_article', input);
    return a.id;
  },
  async loadInbox(poll) {
    const inbox = poll ? await inBackground(() => call('list_inbox', {})) : await call('list_inbox', {});
    set({ inbox });
  },
  leave() {
    listSeq++;
    set({ issueId: undefined, loading: false });
  },
}));

// The list follows saves, reviews and who is editing, made anywhere.
follow('articles', {
  wants: (e) => {
    const { issueId } = useArticles.getState();
    if (issueId === undefined) return false;
    if (e.kind === 'presence') return true;
    if (e.kind !== 'article' && e.kind !== 'review') return false;
    return issueId === null || e.issue_id === issueId || e.action === 'move';
  },
  async refresh() {
    const { issueId, mine } = useArticles.getState();
    if (issueId === undefined) return;
    const my = ++listSeq;
    const list = await call('list_articles', { issue_id: issueId ?? undefined, mine });
    if (my === listSeq) useArticles.setState({ list });
  },
  delay: 250,
});

// 待我审核 and 退回给我: the count in the menu changes within a second of a submit anywhere.
follow('inbox', {
  wants: (e) =>
    e.kind === 'review' ||
    e.kind === 'presence' ||
    e.kind === 'user' ||
    // A save sends a signed or returned article back to review; other saves leave the inbox as it is.
    (e.kind === 'article' && (e.status === 'in_review' || e.status === 'returned')),
  refresh: () => useArticles.getState().loadInbox(),
  delay: 100,
});
