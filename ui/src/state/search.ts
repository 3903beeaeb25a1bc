import { create } from 'zustand';
import type { ArticleStatus, SearchHit, SearchOptions, SearchOrder } from '../api';
import { ApiError } from '../api';
import { call } from './backend';

/** What narrows a search besides its words. */
export interface SearchFilters {
  issue_id?: number;
  /** The author's username. */
  author?: string;
  column?: string;
  status?: ArticleStatus;
  /** YYYY-MM-DD */
  from?: string;
  to?: string;
  placed?: boolean;
  order?: SearchOrder;
}

/** An article opened from the results: what its editor highlights. */
export interface OpenedFromSearch {
  articleId: number;
  terms: string[];
  /** The body block of the first passage shown in the results. */
  block: number | null;
}

interface SearchState {
  query: string;
  filters: SearchFilters;
  /** Null until something was searched. */
  hits: SearchHit[] | null;
  total: number;
  totalExact: boolean;
  terms: string[];
  notice: string | null;
  error: string | null;
  loading: boolean;
  options: SearchOptions | null;
  opened: OpenedFromSearch | null;
  /** Bumped to ask the search screen to focus its box (Ctrl+K). */
  focusRequest: number;
  requestFocus: () => void;
  /** Search for `query` with the current filters (from the first result). */
  run: (query?: string) => Promise<void>;
  /** The next page of the same search. */
  more: () => Promise<void>;
  setFilters: (patch: Partial<SearchFilters>) => Promise<void>;
  clearFilters: () => Promise<void>;
  loadOptions: () => Promise<void>;
  /** Remember what to highlight when `hit` is opened. */
  open: (hit: SearchHit) => void;
  clearOpened: () => void;
}

export const PAGE = 20;

/** True when a filter other than the order is set. */
export function hasFilter(f: SearchFilters): boolean {
  return Object.entries(f).some(([k, v]) => k !== 'order' && v !== undefined);
}

// Answers arrive in any order; only the latest request's answer counts.
let latest = 0;

export const useSearch = create<SearchState>((set, get) => {
  async function fetch(offset: number) {
    const { query, filters } = get();
    if (!query.trim() && !hasFilter(filters)) {
      set({ hits: null, total: 0, terms: [], notice: null, error: null, loading: false });
      return;
    }
    const ticket = ++latest;
    set({ loading: true, error: null });
    try {
      const r = await call('search_articles', { query, ...filters, limit: PAGE, offset });
      if (ticket !== latest) return;
      set({
        hits: offset === 0 ? r.hits : [...(get().hits ?? []), ...r.hits],
        total: r.total,
        totalExact: r.total_exact,
        terms: r.terms,
        notice: r.notice,
      });
    } catch (e) {
      if (ticket === latest) set({ error: ApiError.from(e).message, hits: offset === 0 ? [] : get().hits });
    } finally {
      if (ticket === latest) set({ loading: false });
    }
  }
  return {
    query: '',
    filters: {},
    hits: null,
    total: 0,
    totalExact: true,
    terms: [],
    notice: null,
    error: null,
    loading: false,
    options: null,
    opened: null,
    focusRequest: 0,
    requestFocus() {
      set({ focusRequest: get().focusRequest + 1 });
    },
    async run(query) {
      if (query !== undefined) set({ query });
      await fetch(0);
    },
    async more() {
      await fetch(get().hits?.length ?? 0);
    },
    async setFilters(patch) {
      set({ filters: { ...get().filters, ...patch } });
      await fetch(0);
    },
    async clearFilters() {
      set({ filters: { order: get().filters.order } });
      await fetch(0);
    },
    async loadOptions() {
      set({ options: await call('search_options', {}) });
    },
    open(hit) {
      set({ opened: { articleId: hit.article_id, terms: get().terms, block: hit.snippet_block } });
    },
    clearOpened() {
      set({ opened: null });
    },
  };
});

/** A snippet cut at its `«…»` marks: the marked parts are the matches. */
export function snippetParts(snippet: string): Array<{ text: string; hit: boolean }> {
  const parts: Array<{ text: string; hit: boolean }> = [];
  let hit = false;
  let text = '';
  for (const ch of snippet) {
    if (ch === '«' || ch === '»') {
      if (text) parts.push({ text, hit });
      text = '';
      hit = ch === '«';
    } else {
      text += ch;
    }
  }
  if (text) parts.push({ text, hit });
  return parts;
}
