/**
 * The article in the editor: its saved revision, the text as typed, and
 * saving. Nothing typed is ever thrown away without the user choosing so:
 *
 * - the text is kept on this computer (drafts.ts) from the first keystroke
 *   until it is saved, and offered back when the article is opened again;
 * - a save refused because someone saved a newer revision opens the
 *   conflict view (the user's text beside the latest, with a character
 *   diff): keep mine on top of the latest, take the latest, or merge by hand;
 * - a save that cannot reach the server waits (`offline`) and is tried again
 *   when the connection returns;
 * - a newer revision saved elsewhere shows as `newer` (有新稿次) before the
 *   next save fails.
 */
import { create } from 'zustand';
import type { Article, TextDiffResult, TopicPriority } from '../api';
import { ApiError } from '../api';
import { call } from './backend';
import { clearDraft, decideDraft, readDraft, writeDraft, type Draft } from './drafts';
import { follow, useLive } from './live';
import { usePresence } from './presence';
import { useSession } from './session';
import { fieldsOf, sameFields, type Fields } from '../doc/fields';

export type SaveState =
  | 'saved'
  | 'dirty'
  | 'saving'
  /** Refused: someone saved a newer revision (see `conflict`). */
  | 'conflict'
  /** Refused for another reason (`error`). */
  | 'error'
  /** The server could not be reached: kept here, saved when it is back. */
  | 'offline';

/** Milliseconds of quiet before an automatic save. */
export const AUTOSAVE_DELAY = 1200;
/** Milliseconds before a save that could not reach the server is tried again. */
export const OFFLINE_RETRY = 5000;

/** A newer revision saved elsewhere while this one is open. */
export interface Newer {
  revision: number;
  by: string;
  at: string;
}

/** The user's text against the latest revision, until they choose. */
export interface Conflict {
  latest: Article;
  mine: Fields;
  /** The latest revision (old) against my text (new). */
  diff: TextDiffResult | null;
  /** What led here: a refused save, a draft of an older revision, 载入最新 with unsaved text. */
  reason: 'save' | 'draft' | 'reload';
}

/** Merging by hand: my text in the editor, based on `latest`, shown beside it. */
export interface Merge {
  latest: Article;
  diff: TextDiffResult | null;
}

/** Unsaved text found on this computer when the article was opened. */
export interface OfferedDraft {
  draft: Draft;
  /** Based on an older revision: restoring it goes through the conflict view. */
  stale: boolean;
}

interface EditingState {
  article: Article | null;
  fields: Fields | null;
  /** Changes whenever the editor must replace its content. */
  resetKey: string;
  saveState: SaveState;
  error: string | null;
  newer: Newer | null;
  conflict: Conflict | null;
  merging: Merge | null;
  draft: OfferedDraft | null;
  load: (id: number) => Promise<void>;
  update: (patch: Partial<Fields>) => void;
  /** Change the fields from outside the editor (e.g. a proofreading fix) and reload the editor's content. */
  updateAndRefresh: (patch: Partial<Fields>) => void;
  save: () => Promise<void>;
  /** Load the saved article again (after submitting, say); unsaved text must have been saved. */
  reload: () => Promise<void>;
  /** 载入最新: the latest revision, or the conflict view when there is unsaved text. */
  loadLatest: () => Promise<void>;
  /** The diff behind the 有新稿次 banner: their change, or the latest against my unsaved text. */
  diffNewer: () => Promise<{ diff: TextDiffResult; against: 'theirs' | 'mine'; from: number; to: number }>;
  /** Conflict: save my text on top of the latest revision. */
  keepMine: () => Promise<void>;
  /** Keep the stand-in title of a 待定标题 article: save what is pending, then end the mark. */
  confirmTitle: () => Promise<void>;
  /** Conflict: drop my text, take the latest revision. */
  takeLatest: () => void;
  /** Conflict: edit my text with the latest beside it; saved when the user saves. */
  mergeByHand: () => void;
  /** Compare my text with the latest again while merging. */
  refreshMergeDiff: () => Promise<void>;
  restoreDraft: () => Promise<void>;
  discardDraft: () => void;
  replace: (a: Article) => void;
  /** 优先级 头条/重点/一般: not content, saved at once, signatures stay. */
  setPriority: (priority: TopicPriority) => Promise<void>;
  close: () => void;
}

let timer: ReturnType<typeof setTimeout> | null = null;
let inFlight: Promise<void> | null = null;
let refreshes = 0;

function schedule(save: () => Promise<void>, delay = AUTOSAVE_DELAY) {
  if (timer) clearTimeout(timer);
  timer = setTimeout(() => {
    timer = null;
    void save();
  }, delay);
}

function cancelSchedule() {
  if (timer) clearTimeout(timer);
  timer = null;
}

function me(): number | null {
  return useSession.getState().user?.id ?? null;
}

function key(a: Article): string {
  return `${a.id}:${a.revision}:${Date.now()}:${++refreshes}`;
}

/** Keep the text on this computer while it differs from `base`; forget it when it does not. */
function keep(base: Article, fields: Fields) {
  const user = me();
  if (user === null) return;
  if (sameFields(fields, fieldsOf(base))) clearDraft(user, base.id);
  else writeDraft(user, base, fields);
}

function unsavedInput(fields: Fields) {
  return {
    kind: fields.kind,
    kicker: fields.kicker,
    title: fields.title,
    subtitle: fields.subtitle,
    byline: fields.byline,
    column: fields.column,
    body: fields.body,
  };
}

export const useEditing = create<EditingState>((set, get) => {
  /** Fetch the latest revision and put it beside `mine`. */
  async function openConflict(mine: Fields, reason: Conflict['reason']) {
    const a = get().article;
    if (!a) return;
    cancelSchedule();
    const latest = await call('get_article', { id: a.id });
    const diff = await call('diff_unsaved', { id: a.id, number: latest.revision, ...unsavedInput(mine) }).catch(() => null);
    if (get().article?.id !== a.id) return;
    set({ conflict: { latest, mine, diff, reason }, saveState: 'conflict', newer: null, merging: null });
  }

  return {
    article: null,
    fields: null,
    resetKey: '',
    saveState: 'saved',
    error: null,
    newer: null,
    conflict: null,
    merging: null,
    draft: null,

    async load(id) {
      const article = await call('get_article', { id });
      const current = fieldsOf(article);
      set({
        article,
        fields: current,
        resetKey: key(article),
        saveState: 'saved',
        error: null,
        newer: null,
        conflict: null,
        merging: null,
        draft: null,
      });
      const user = me();
      const draft = user === null ? null : readDraft(user, id);
      if (!draft || user === null) return;
      let olderHash: string | null = null;
      if (draft.base < article.revision) {
        olderHash = await call('get_revision', { id, number: draft.base })
          .then((r) => r.content_hash)
          .catch(() => null);
      }
      if (get().article?.id !== id) return;
      const decision = decideDraft(draft, article, current, olderHash);
      if (decision === 'same') clearDraft(user, id);
      else if (decision === 'offer' || decision === 'stale') set({ draft: { draft, stale: decision === 'stale' } });
    },

    update(patch) {
      const { fields, article, saveState, merging, draft } = get();
      if (!fields || !article || draft) return;
      const next = { ...fields, ...patch };
      const dirty = !sameFields(next, fieldsOf(article));
      const state: SaveState =
        saveState === 'conflict' ? 'conflict' : !dirty ? 'saved' : saveState === 'offline' ? 'offline' : 'dirty';
      set({ fields: next, saveState: state });
      if (saveState !== 'conflict') keep(article, next);
      if (dirty && saveState !== 'conflict' && !merging) schedule(get().save, saveState === 'offline' ? OFFLINE_RETRY : AUTOSAVE_DELAY);
    },

    updateAndRefresh(patch) {
      const { article } = get();
      if (!article) return;
      get().update(patch);
      set({ resetKey: key(article) });
    },

    async save() {
      cancelSchedule();
      if (inFlight) await inFlight;
      const { fields, article, saveState } = get();
      if (!fields || !article || saveState === 'conflict' || get().draft) return;
      if (sameFields(fields, fieldsOf(article))) {
        set({ saveState: 'saved', merging: null });
        keep(article, fields);
        return;
      }
      const sent = fields;
      set({ saveState: 'saving', error: null });
      inFlight = (async () => {
        try {
          const saved = await call('save_article', {
            id: article.id,
            base_revision: article.revision,
            ...unsavedInput(sent),
            target_length: sent.target_length ?? 0,
          });
          if (get().article?.id !== article.id) return;
          const now = get().fields ?? sent;
          const stillDirty = !sameFields(now, sent);
          const newer = get().newer;
          set({
            article: saved,
            saveState: stillDirty ? 'dirty' : 'saved',
            merging: null,
            newer: newer && newer.revision > saved.revision ? newer : null,
          });
          keep(saved, now);
          if (stillDirty) schedule(get().save);
        } catch (e) {
          const err = ApiError.from(e);
          if (get().article?.id !== article.id) return;
          if (err.code === 'conflict') {
            set({ saveState: 'conflict', error: err.message });
            await openConflict(get().fields ?? sent, 'save').catch((e2) =>
              set({ error: ApiError.from(e2).message }),
            );
          } else if (err.code === 'network' || err.code === 'busy') {
            set({ saveState: 'offline', error: err.message });
            schedule(get().save, OFFLINE_RETRY);
          } else {
            set({ saveState: 'error', error: err.message });
          }
        } finally {
          // Cleared before anyone waiting on it goes on (and may start the next save).
          inFlight = null;
        }
      })();
      await inFlight;
    },

    async reload() {
      const a = get().article;
      if (a) await get().load(a.id);
    },

    async loadLatest() {
      const { article, fields } = get();
      if (!article || !fields) return;
      if (inFlight) await inFlight;
      const f = get().fields!;
      if (sameFields(f, fieldsOf(get().article!))) await get().load(article.id);
      else await openConflict(f, 'reload');
    },

    async diffNewer() {
      const { article, fields, newer } = get();
      if (!article || !fields || !newer) throw new ApiError('invalid_state', '没有新的稿次');
      if (sameFields(fields, fieldsOf(article))) {
        const diff = await call('diff_revisions', { id: article.id, from: article.revision, to: newer.revision });
        return { diff, against: 'theirs' as const, from: article.revision, to: newer.revision };
      }
      const diff = await call('diff_unsaved', { id: article.id, number: newer.revision, ...unsavedInput(fields) });
      return { diff, against: 'mine' as const, from: newer.revision, to: newer.revision };
    },

    async keepMine() {
      const c = get().conflict;
      if (!c) return;
      set({
        article: c.latest,
        fields: c.mine,
        resetKey: key(c.latest),
        conflict: null,
        saveState: 'dirty',
        error: null,
        newer: null,
      });
      keep(c.latest, c.mine);
      await get().save();
    },

    takeLatest() {
      const c = get().conflict;
      if (!c) return;
      const user = me();
      if (user !== null) clearDraft(user, c.latest.id);
      set({
        article: c.latest,
        fields: fieldsOf(c.latest),
        resetKey: key(c.latest),
        conflict: null,
        saveState: 'saved',
        error: null,
        newer: null,
      });
    },

    mergeByHand() {
      const c = get().conflict;
      if (!c) return;
      set({
        article: c.latest,
        fields: c.mine,
        resetKey: key(c.latest),
        conflict: null,
        merging: { latest: c.latest, diff: c.diff },
        saveState: sameFields(c.mine, fieldsOf(c.latest)) ? 'saved' : 'dirty',
        error: null,
        newer: null,
      });
      keep(c.latest, c.mine);
    },

    async refreshMergeDiff() {
      const { merging, fields } = get();
      if (!merging || !fields) return;
      const diff = await call('diff_unsaved', { id: merging.latest.id, number: merging.latest.revision, ...unsavedInput(fields) });
      if (get().merging?.latest === merging.latest) set({ merging: { ...merging, diff } });
    },

    async restoreDraft() {
      const { draft, article } = get();
      if (!draft || !article) return;
      set({ draft: null });
      if (draft.stale) {
        await openConflict(draft.draft.fields, 'draft');
        return;
      }
      set({ fields: draft.draft.fields, resetKey: key(article), saveState: 'dirty' });
      schedule(get().save);
    },

    async confirmTitle() {
      await get().save();
      const { article, saveState } = get();
      if (!article?.title_pending || saveState !== 'saved') return;
      const saved = await call('save_article', { id: article.id, base_revision: article.revision, confirm_title: true });
      set({ article: saved });
    },

    async setPriority(priority) {
      const { article } = get();
      if (!article) return;
      const saved = await call('set_article_priority', { id: article.id, priority });
      const now = get().article;
      if (now?.id === saved.id) set({ article: { ...now, priority: saved.priority } });
    },

    discardDraft() {
      const { draft, article } = get();
      const user = me();
      if (draft && article && user !== null) clearDraft(user, article.id);
      set({ draft: null });
    },

    replace(a) {
      cancelSchedule();
      const user = me();
      if (user !== null) clearDraft(user, a.id);
      set({
        article: a,
        fields: fieldsOf(a),
        resetKey: key(a),
        saveState: 'saved',
        error: null,
        newer: null,
        conflict: null,
        merging: null,
      });
    },

    close() {
      const { article, fields, saveState, merging } = get();
      cancelSchedule();
      // Leaving with unsaved text: save it on the way out (it stays on this computer until then).
      if (article && fields && !merging && (saveState === 'dirty' || saveState === 'offline') && !sameFields(fields, fieldsOf(article))) {
        void call('save_article', {
          id: article.id,
          base_revision: article.revision,
          ...unsavedInput(fields),
          target_length: fields.target_length ?? 0,
        })
          .then((saved) => {
            const user = me();
            if (user !== null) keep(saved, fields);
          })
          .catch(() => {});
      }
      set({ article: null, fields: null, saveState: 'saved', error: null, newer: null, conflict: null, merging: null, draft: null });
    },
  };
});

// A newer revision or another state, saved elsewhere while the article is open.
follow('editing', {
  wants: (e) => {
    const a = useEditing.getState().article;
    return !!a && e.id === a.id && (e.kind === 'article' || e.kind === 'review');
  },
  async refresh() {
    if (inFlight) await inFlight;
    const a = useEditing.getState().article;
    if (!a) return;
    const latest = await call('get_article', { id: a.id });
    const s = useEditing.getState();
    if (!s.article || s.article.id !== latest.id) return;
    if (latest.revision === s.article.revision) {
      // Submitted, signed, returned…: the same text in another state.
      if (latest.status !== s.article.status || latest.review_level !== s.article.review_level) useEditing.setState({ article: latest });
      return;
    }
    if (latest.revision < s.article.revision) return;
    const clean = s.fields !== null && sameFields(s.fields, fieldsOf(s.article));
    const reading = usePresence.getState().mode === 'view';
    if (clean && reading && !s.conflict && !s.merging && !s.draft && s.saveState !== 'saving') {
      // Only reading: follow the latest text.
      useEditing.getState().replace(latest);
      return;
    }
    useEditing.setState({ newer: { revision: latest.revision, by: latest.updated_by.display_name, at: latest.updated_at } });
  },
  delay: 150,
});

// The connection is back: a save that could not reach the server goes now.
useLive.subscribe((s, prev) => {
  if (s.status === 'connected' && prev.status !== 'connected' && useEditing.getState().saveState === 'offline') {
    void useEditing.getState().save();
  }
});
