/**
 * 通讯员, 稿件统计 and 稿酬: the stores behind their screens. Who may do
 * what is decided by the core; `mayKeepContributors` and friends only mirror
 * it so the screens can hide what would be refused.
 */
import { create } from 'zustand';
import type {
  ArticleCredits,
  ArticleStats,
  Contributor,
  CreditRow,
  PaymentRules,
  PaymentStatement,
  SaveContributorInput,
  StatementRecord,
  StatsArticle,
  StatsBy,
} from '../api';
import { call, callBinary } from './backend';
import { follow } from './live';
import { useSession } from './session';
import type { Period } from '../doc/statsFigures';

/** Editors and admins keep the list of contributors and confirm bylines. */
export function mayKeepContributors(): boolean {
  const { has } = useSession.getState();
  return has('editor') || has('admin');
}

/** Admins and reviewers (who sign the 稿酬发放表) see payment amounts. */
export function mayViewPayments(): boolean {
  const { has } = useSession.getState();
  return has('reviewer') || has('admin');
}

/** Admins set the rules and issue or void statements. */
export function mayManagePayments(): boolean {
  return useSession.getState().has('admin');
}

// ---------------------------------------------------------------- contributors

interface ContributorsState {
  list: Contributor[];
  loaded: boolean;
  load: () => Promise<void>;
  save: (input: SaveContributorInput) => Promise<Contributor>;
}

export const useContributors = create<ContributorsState>((set, get) => ({
  list: [],
  loaded: false,
  async load() {
    set({ list: await call('list_contributors', {}), loaded: true });
  },
  async save(input) {
    const saved = await call('save_contributor', input);
    await get().load();
    return saved;
  },
}));

follow('contributors', {
  wants: (e) => e.kind === 'contributor' && useContributors.getState().loaded,
  refresh: () => useContributors.getState().load(),
  delay: 300,
});

/** Who an article's byline names; confirm or correct it. */
export async function loadCredits(articleId: number): Promise<ArticleCredits> {
  return call('article_credits', { id: articleId });
}

export async function confirmCredits(articleId: number, source: string, people: CreditRow[]): Promise<ArticleCredits> {
  return call('confirm_article_credits', { id: articleId, source, people });
}

// ----------------------------------------------------------------- statistics

interface StatsState {
  period: Period | null;
  by: StatsBy;
  stats: ArticleStats | null;
  loading: boolean;
  load: (period: Period, by: StatsBy) => Promise<void>;
  /** The articles behind one row. */
  articles: (key: string) => Promise<StatsArticle[]>;
  download: (format: 'xlsx' | 'csv') => Promise<Blob>;
}

export const useStats = create<StatsState>((set, get) => ({
  period: null,
  by: 'person',
  stats: null,
  loading: false,
  async load(period, by) {
    set({ period, by, loading: true });
    try {
      const stats = await call('article_stats', { from: period.from, to: period.to, by });
      // Only the latest request shows.
      if (get().period === period && get().by === by) set({ stats });
    } finally {
      if (get().period === period) set({ loading: false });
    }
  },
  async articles(key) {
    const { period, by } = get();
    if (!period) return [];
    return call('stats_articles', { from: period.from, to: period.to, by, key });
  },
  async download(format) {
    const { period, by } = get();
    if (!period) throw new Error('no period');
    return callBinary('export_stats', { from: period.from, to: period.to, by, format });
  },
}));

follow('stats', {
  wants: (e) => (e.kind === 'export' || e.kind === 'contributor') && useStats.getState().stats !== null,
  refresh: () => {
    const { period, by } = useStats.getState();
    return period ? useStats.getState().load(period, by) : undefined;
  },
  delay: 500,
});

// -------------------------------------------------------------------- payment

interface PaymentsState {
  rules: PaymentRules[];
  statements: StatementRecord[];
  period: Period | null;
  draft: PaymentStatement | null;
  loading: boolean;
  loadRules: () => Promise<void>;
  saveRules: (rules: PaymentRules) => Promise<void>;
  deleteRules: (id: number) => Promise<void>;
  loadStatements: () => Promise<void>;
  /** The statement of a period as it would be issued now. */
  compute: (period: Period) => Promise<void>;
  /** Issue the computed statement (refused when its total changed meanwhile). */
  issue: () => Promise<StatementRecord>;
  voidStatement: (id: number, reason: string) => Promise<void>;
  /** An issued statement (by id) or the draft of the period shown. */
  download: (id: number | null, format: 'xlsx' | 'pdf') => Promise<Blob>;
}

export const usePayments = create<PaymentsState>((set, get) => ({
  rules: [],
  statements: [],
  period: null,
  draft: null,
  loading: false,
  async loadRules() {
    set({ rules: await call('list_payment_rules', {}) });
  },
  async saveRules(rules) {
    await call('save_payment_rules', rules);
    await get().loadRules();
    const { period } = get();
    if (period) await get().compute(period);
  },
  async deleteRules(id) {
    await call('delete_payment_rules', { id });
    await get().loadRules();
    const { period } = get();
    if (period) await get().compute(period);
  },
  async loadStatements() {
    set({ statements: await call('list_payment_statements', {}) });
  },
  async compute(period) {
    set({ period, loading: true });
    try {
      const draft = await call('payment_statement', period);
      if (get().period === period) set({ draft });
    } finally {
      if (get().period === period) set({ loading: false });
    }
  },
  async issue() {
    const { period, draft } = get();
    if (!period || !draft) throw new Error('nothing computed');
    const record = await call('issue_payment_statement', { ...period, expected_total_fen: draft.total_fen });
    await get().loadStatements();
    return record;
  },
  async voidStatement(id, reason) {
    await call('void_payment_statement', { id, reason });
    await get().loadStatements();
  },
  async download(id, format) {
    if (id !== null) return callBinary('export_payment_statement', { id, format });
    const { period } = get();
    if (!period) throw new Error('no period');
    return callBinary('export_payment_statement', { ...period, format });
  },
}));

follow('payments', {
  wants: (e) => e.kind === 'payment' && mayViewPayments(),
  refresh: async () => {
    const s = usePayments.getState();
    await Promise.all([s.loadRules(), s.loadStatements(), s.period ? s.compute(s.period) : undefined]);
  },
  delay: 300,
});
