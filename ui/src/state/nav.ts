import { create } from 'zustand';

/** The screens, kept in the URL hash so a reload returns to the same place. */
export type Route =
  | { name: 'issues' }
  | { name: 'articles'; issueId: number | null }
  | { name: 'article'; id: number }
  /** Import files as drafts into an issue (null: the unassigned pool). */
  | { name: 'import'; issueId: number | null }
  | { name: 'inbox' }
  | { name: 'review'; id: number }
  /** Proofreading of an issue (absent: the latest issue). */
  | { name: 'proof'; issueId?: number }
  /** The page plan, previews, preflight and export of an issue (absent: the latest issue). */
  | { name: 'layout'; issueId?: number }
  /**
   * 校样与签版 of an issue (absent: the latest issue): the rounds, one
   * round's pages being marked, or the 签版 of the pages.
   */
  | { name: 'pages'; issueId?: number; tab?: PagesTab; round?: number }
  | { name: 'admin' }
  /** Archive search 稿库检索, with what was typed. */
  | { name: 'search'; q: string }
  /** 通讯员, 稿件统计 and 稿酬. */
  | { name: 'contributors' }
  | { name: 'stats' }
  | { name: 'payments' }
  /** 选题会: an issue's topics (absent: the latest issue; a 通讯员: their own). */
  | { name: 'topics'; issueId?: number }
  /** 我的稿件: one's own pieces and their outcome. */
  | { name: 'mine' };

export type PagesTab = 'rounds' | 'signoff';

export function parseHash(hash: string): Route {
  const parts = hash.replace(/^#\/?/, '').split('/').filter(Boolean);
  const num = (s: string | undefined) => (s && /^\d+$/.test(s) ? Number(s) : null);
  switch (parts[0]) {
    case 'issues':
      return { name: 'issues' };
    case 'articles':
      return { name: 'articles', issueId: num(parts[1]) };
    case 'import':
      return { name: 'import', issueId: num(parts[1]) };
    case 'article': {
      const id = num(parts[1]);
      return id === null ? { name: 'issues' } : { name: 'article', id };
    }
    case 'inbox':
      return { name: 'inbox' };
    case 'review': {
      const id = num(parts[1]);
      return id === null ? { name: 'inbox' } : { name: 'review', id };
    }
    case 'proof': {
      const id = num(parts[1]);
      return id === null ? { name: 'proof' } : { name: 'proof', issueId: id };
    }
    case 'layout': {
      const id = num(parts[1]);
      return id === null ? { name: 'layout' } : { name: 'layout', issueId: id };
    }
    case 'pages': {
      const id = num(parts[1]);
      if (id === null) return { name: 'pages' };
      if (parts[2] === 'round') {
        const round = num(parts[3]);
        return round === null ? { name: 'pages', issueId: id } : { name: 'pages', issueId: id, round };
      }
      return parts[2] === 'signoff' ? { name: 'pages', issueId: id, tab: 'signoff' } : { name: 'pages', issueId: id };
    }
    case 'admin':
      return { name: 'admin' };
    case 'search': {
      let q = '';
      try {
        q = decodeURIComponent(parts.slice(1).join('/'));
      } catch {
        /* a hand-edited address: start empty */
      }
      return { name: 'search', q };
    }
    case 'contributors':
    case 'stats':
    case 'payments':
    case 'mine':
      return { name: parts[0] };
    case 'topics': {
      const id = num(parts[1]);
      return id === null ? { name: 'topics' } : { name: 'topics', issueId: id };
    }
    default:
      return { name: 'articles', issueId: null };
  }
}

export function routeHash(r: Route): string {
  switch (r.name) {
    case 'articles':
      return r.issueId === null ? '#/articles' : `#/articles/${r.issueId}`;
    case 'import':
      return r.issueId === null ? '#/import' : `#/import/${r.issueId}`;
    case 'article':
      return `#/article/${r.id}`;
    case 'review':
      return `#/review/${r.id}`;
    case 'proof':
      return r.issueId === undefined ? '#/proof' : `#/proof/${r.issueId}`;
    case 'layout':
      return r.issueId === undefined ? '#/layout' : `#/layout/${r.issueId}`;
    case 'pages':
      if (r.issueId === undefined) return '#/pages';
      if (r.round !== undefined) return `#/pages/${r.issueId}/round/${r.round}`;
      return r.tab === 'signoff' ? `#/pages/${r.issueId}/signoff` : `#/pages/${r.issueId}`;
    case 'search':
      return r.q ? `#/search/${encodeURIComponent(r.q)}` : '#/search';
    case 'topics':
      return r.issueId === undefined ? '#/topics' : `#/topics/${r.issueId}`;
    default:
      return `#/${r.name}`;
  }
}

interface NavState {
  route: Route;
  go: (r: Route) => void;
}

export const useNav = create<NavState>((set) => ({
  route: parseHash(typeof location === 'undefined' ? '' : location.hash),
  go(route) {
    set({ route });
    if (typeof location !== 'undefined' && location.hash !== routeHash(route)) {
      history.pushState(null, '', routeHash(route));
    }
  },
}));

if (typeof window !== 'undefined') {
  window.addEventListener('popstate', () => useNav.setState({ route: parseHash(location.hash) }));
}
