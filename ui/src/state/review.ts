import { create } from 'zustand';
import type { Article, ReviewView } from '../api';
import { call, callBinary, saveDownload } from './backend';
import { follow } from './live';

/** The article changed while the reviewer had it open. */
export interface ChangedUnder {
  from: number;
  to: number;
  by: string;
}

interface ReviewState {
  view: ReviewView | null;
  /** A newer revision arrived while the review screen was open (shown above the text). */
  changed: ChangedUnder | null;
  load: (id: number) => Promise<void>;
  /** The review screen closed: stop following the article. */
  leave: () => void;
  approve: (opinion: string) => Promise<Article>;
  returnToAuthor: (opinion: string) => Promise<Article>;
  submit: (id: number, revision: number) => Promise<Article>;
  withdraw: (id: number, reason: string) => Promise<Article>;
  reopen: (id: number) => Promise<Article>;
  comment: (start: number, end: number, body: string, parentId?: number) => Promise<void>;
  resolve: (commentId: number, resolved: boolean) => Promise<void>;
  reviewForm: (id: number) => Promise<Blob>;
  /** Desktop: save the 审稿单 where the user picks (native dialog); null when cancelled. */
  saveReviewForm: (id: number, fileName: string) => Promise<string | null>;
}

/** Approve or return the article on screen, at the revision and level the reviewer saw. */
async function decide(command: 'approve_article' | 'return_article', opinion: string): Promise<Article> {
  const v = useReview.getState().view!;
  const a = await call(command, {
    id: v.article.id,
    revision: v.article.revision,
    level: v.article.review_level ?? undefined,
    opinion,
  });
  await useReview.getState().load(a.id);
  return a;
}

let seq = 0;

export const useReview = create<ReviewState>((set, get) => ({
  view: null,
  changed: null,
  async load(id) {
    const my = ++seq;
    const view = await call('get_review', { id });
    if (my !== seq) return;
    if (get().view?.article.id !== id) set({ changed: null });
    set({ view });
  },
  leave() {
    seq++;
    set({ view: null, changed: null });
  },
  async approve(opinion) {
    return decide('approve_article', opinion);
  },
  async returnToAuthor(opinion) {
    return decide('return_article', opinion);
  },
  async submit(id, revision) {
    return await call('submit_article', { id, revision });
  },
  async withdraw(id, reason) {
    return await call('withdraw_article', { id, reason });
  },
  async reopen(id) {
    return await call('reopen_article', { id });
  },
  async comment(start, end, body, parentId) {
    const v = get().view!;
    await call('add_comment', {
      id: v.article.id,
      revision: v.article.revision,
      start,
      end,
      body,
      parent_id: parentId,
    });
    await get().load(v.article.id);
  },
  async resolve(commentId, resolved) {
    const v = get().view!;
    await call('resolve_comment', { comment_id: commentId, resolved });
    await get().load(v.article.id);
  },
  async reviewForm(id) {
    return await callBinary('export_review_form', { id });
  },
  async saveReviewForm(id, fileName) {
    return await saveDownload('export_review_form', { id }, fileName);
  },
}));

// Saves, signatures, returns and comments made elsewhere while the article is under review.
follow('review', {
  wants: (e) => {
    const v = useReview.getState().view;
    return !!v && e.id === v.article.id && (e.kind === 'article' || e.kind === 'review' || e.kind === 'comment' || e.kind === 'proof');
  },
  async refresh() {
    const before = useReview.getState().view;
    if (!before) return;
    const my = ++seq;
    const view = await call('get_review', { id: before.article.id });
    const now = useReview.getState().view;
    if (my !== seq || !now || now.article.id !== view.article.id) return;
    const changed =
      view.article.revision > now.article.revision
        ? { from: now.article.revision, to: view.article.revision, by: view.article.updated_by.display_name }
        : useReview.getState().changed;
    useReview.setState({ view, changed });
  },
  delay: 150,
});
