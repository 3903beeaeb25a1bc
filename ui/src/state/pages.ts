import { create } from 'zustand';
import type {
  AddMarkInput,
  AppliedMark,
  ArticleSummary,
  IssuePages,
  MarkKindInfo,
  PageCorrection,
  PageSignoff,
  PrintOrder,
  ProofMark,
  ProofRound,
  Resolution,
} from '../api';
import { call, callBinary, saveDownload } from './backend';
import { follow } from './live';

/**
 * Pages in the record: an issue's 校样 rounds and their marks, the 签版 of
 * each page and the 付印 (the 校样与签版 screen). The article editor's
 * marks live in `useArticleMarks` below.
 */
interface PagesState {
  issueId: number | null;
  /** Rounds, page states (未签 / 已签 / 已失效), blockers of 付印. */
  pages: IssuePages | null;
  /** The marks of every round of the issue, newest last. */
  marks: ProofMark[];
  /** Every article of the issue by id (titles for the marks). */
  articles: Record<number, ArticleSummary>;
  kinds: MarkKindInfo[];
  loading: boolean;
  load: (issueId: number) => Promise<void>;
  loadKinds: () => Promise<void>;
  startRound: () => Promise<ProofRound>;
  closeRound: (id: number) => Promise<ProofRound>;
  /** A round's page as the proofreader marks it (PNG; `scale` pixels per point). */
  roundPage: (roundId: number, page: number, scale: number) => Promise<Blob>;
  roundPdf: (roundId: number) => Promise<Blob>;
  marksPdf: (roundId: number) => Promise<Blob>;
  /** Desktop: save a round's PDF (`proof_round_pdf`, `proof_marks_pdf`) where the user picks; null when cancelled. */
  savePdf: (command: 'proof_round_pdf' | 'proof_marks_pdf', roundId: number, fileName: string) => Promise<string | null>;
  addMark: (input: AddMarkInput) => Promise<ProofMark>;
  resolve: (id: number, resolution: Resolution, reason?: string) => Promise<ProofMark>;
  /** 签版 of one page, bound to the hash the screen shows. */
  sign: (page: number, pageHash: string) => Promise<PageSignoff>;
  orderPrint: () => Promise<PrintOrder>;
  corrections: (page: number) => Promise<PageCorrection[]>;
  /** A page of the issue as it prints now (PNG; `scale` pixels per point). */
  preview: (page: number, scale: number) => Promise<Blob>;
  /** The screen closed: stop following the issue. */
  leave: () => void;
}

let seq = 0;
/** The issue the screen shows and follows (null when it is closed). */
let following: number | null = null;

export const usePages = create<PagesState>((set, get) => {
  function issue(): number {
    const id = get().issueId;
    if (id === null) throw new Error('no issue shown');
    return id;
  }
  return {
    issueId: null,
    pages: null,
    marks: [],
    articles: {},
    kinds: [],
    loading: false,
    async load(issueId) {
      following = issueId;
      const my = ++seq;
      if (get().issueId !== issueId) set({ issueId, pages: null, marks: [], articles: {} });
      set({ loading: true });
      try {
        const [pages, marks, plan] = await Promise.all([
          call('get_issue_pages', { issue_id: issueId }),
          call('list_proof_marks', { issue_id: issueId }),
          call('get_issue_plan', { issue_id: issueId }),
        ]);
        if (my !== seq) return;
        const articles: Record<number, ArticleSummary> = {};
        for (const a of plan.articles) articles[a.id] = a;
        set({ pages, marks, articles });
      } finally {
        if (my === seq) set({ loading: false });
      }
    },
    async loadKinds() {
      if (get().kinds.length === 0) set({ kinds: await call('proof_mark_kinds', {}) });
    },
    async startRound() {
      const round = await call('start_proof_round', { issue_id: issue() });
      await get().load(issue());
      return round;
    },
    async closeRound(id) {
      const round = await call('close_proof_round', { id });
      await get().load(issue());
      return round;
    },
    roundPage: (id, page, scale) => callBinary('proof_round_page', { id, page, scale }),
    roundPdf: (id) => callBinary('proof_round_pdf', { id }),
    marksPdf: (roundId) => callBinary('proof_marks_pdf', { round_id: roundId }),
    savePdf: (command, roundId, fileName) =>
      saveDownload(command, command === 'proof_round_pdf' ? { id: roundId } : { round_id: roundId }, fileName),
    async addMark(input) {
      const mark = await call('add_proof_mark', input);
      set({ marks: [...get().marks.filter((m) => m.id !== mark.id), mark] });
      void get().load(issue()).catch(() => {});
      return mark;
    },
    async resolve(id, resolution, reason) {
      const mark = await call('resolve_proof_mark', { id, resolution, reason: reason || undefined });
      set({ marks: get().marks.map((m) => (m.id === id ? mark : m)) });
      return mark;
    },
    async sign(page, pageHash) {
      const id = issue();
      try {
        return await call('sign_page', { issue_id: id, page, page_hash: pageHash });
      } finally {
        // Signed, or refused because the page changed: show it as it is now.
        await get().load(id).catch(() => {});
      }
    },
    async orderPrint() {
      const id = issue();
      try {
        return await call('order_print', { issue_id: id });
      } finally {
        await get().load(id).catch(() => {});
      }
    },
    corrections: (page) => call('page_corrections', { issue_id: issue(), page }),
    preview: (page, scale) => callBinary('preview_page', { issue_id: issue(), page, scale }),
    leave() {
      following = null;
    },
  };
});

// Rounds, marks, 签版 and 付印 of the issue, and changes that void them.
follow('pages', {
  wants: (e) =>
    following !== null &&
    (((e.kind === 'page' || e.kind === 'plan' || e.kind === 'issue') && e.id === following) ||
      ((e.kind === 'article' || e.kind === 'review') && e.issue_id === following) ||
      e.kind === 'publication'),
  async refresh() {
    if (following !== null) await usePages.getState().load(following);
  },
  delay: 300,
});

/** The marks on one article, as the article editor shows them. */
interface ArticleMarksState {
  articleId: number | null;
  marks: ProofMark[];
  load: (articleId: number) => Promise<void>;
  /** 校改 with one click: the server changes the marked span of `baseRevision`. */
  apply: (mark: ProofMark, baseRevision: number) => Promise<AppliedMark>;
  resolve: (id: number, resolution: Resolution, reason?: string) => Promise<ProofMark>;
  leave: () => void;
}

let markSeq = 0;

export const useArticleMarks = create<ArticleMarksState>((set, get) => ({
  articleId: null,
  marks: [],
  async load(articleId) {
    const my = ++markSeq;
    if (get().articleId !== articleId) set({ articleId, marks: [] });
    const marks = await call('list_proof_marks', { article_id: articleId });
    if (my === markSeq) set({ marks });
  },
  async apply(mark, baseRevision) {
    const applied = await call('apply_proof_mark', { id: mark.id, base_revision: baseRevision });
    set({ marks: get().marks.map((m) => (m.id === mark.id ? applied.mark : m)) });
    return applied;
  },
  async resolve(id, resolution, reason) {
    const mark = await call('resolve_proof_mark', { id, resolution, reason: reason || undefined });
    set({ marks: get().marks.map((m) => (m.id === id ? mark : m)) });
    return mark;
  },
  leave() {
    markSeq++;
    set({ articleId: null, marks: [] });
  },
}));

// Marks placed or resolved elsewhere on the open article's issue.
follow('articleMarks', {
  wants: (e) => useArticleMarks.getState().articleId !== null && e.kind === 'page',
  async refresh() {
    const id = useArticleMarks.getState().articleId;
    if (id !== null) await useArticleMarks.getState().load(id);
  },
  delay: 300,
});
