import { create } from 'zustand';
import type { Article, ArticleKind, Block } from '../api';
import { ApiError } from '../api';
import { call } from './backend';
import { normalizeBlocks } from '../editor/convert';

export type SaveState = 'saved' | 'dirty' | 'saving' | 'conflict' | 'error';

/** What the editor changes: the article's content and target length. */
export interface Fields {
  kind: ArticleKind;
  kicker: string;
  title: string;
  subtitle: string;
  byline: string;
  column: string;
  target_length: number | null;
  body: Block[];
}

export function fieldsOf(a: Article): Fields {
  return {
    kind: a.kind,
    kicker: a.kicker,
    title: a.title,
    subtitle: a.subtitle,
    byline: a.byline,
    column: a.column,
    target_length: a.target_length,
    body: normalizeBlocks(a.body),
  };
}

export function sameFields(a: Fields, b: Fields): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

/** Milliseconds of quiet before an automatic save. */
export const AUTOSAVE_DELAY = 1200;

interface EditingState {
  article: Article | null;
  fields: Fields | null;
  /** Changes whenever the editor must replace its content. */
  resetKey: string;
  saveState: SaveState;
  error: string | null;
  load: (id: number) => Promise<void>;
  update: (patch: Partial<Fields>) => void;
  /** Change the fields from outside the editor (e.g. a proofreading fix) and reload the editor's content. */
  updateAndRefresh: (patch: Partial<Fields>) => void;
  save: () => Promise<void>;
  reloadLatest: () => Promise<void>;
  keepMine: () => Promise<void>;
  /** Keep the stand-in title of a 待定标题 article: save what is pending, then end the mark. */
  confirmTitle: () => Promise<void>;
  replace: (a: Article) => void;
  close: () => void;
}

let timer: ReturnType<typeof setTimeout> | null = null;
let inFlight: Promise<void> | null = null;
let refreshes = 0;

function schedule(save: () => Promise<void>) {
  if (timer) clearTimeout(timer);
  timer = setTimeout(() => {
    timer = null;
    void save();
  }, AUTOSAVE_DELAY);
}

export const useEditing = create<EditingState>((set, get) => ({
  article: null,
  fields: null,
  resetKey: '',
  saveState: 'saved',
  error: null,

  async load(id) {
    const article = await call('get_article', { id });
    set({
      article,
      fields: fieldsOf(article),
      resetKey: `${article.id}:${article.revision}:${Date.now()}`,
      saveState: 'saved',
      error: null,
    });
  },

  update(patch) {
    const { fields, article, saveState } = get();
    if (!fields || !article) return;
    const next = { ...fields, ...patch };
    const dirty = !sameFields(next, fieldsOf(article));
    set({
      fields: next,
      saveState: saveState === 'conflict' ? 'conflict' : dirty ? 'dirty' : 'saved',
    });
    if (dirty && saveState !== 'conflict') schedule(get().save);
  },

  updateAndRefresh(patch) {
    const { article } = get();
    if (!article) return;
    get().update(patch);
    set({ resetKey: `${article.id}:${article.revision}:${Date.now()}:${++refreshes}` });
  },

  async save() {
    if (timer) {
      clearTimeout(timer);
      timer = null;
    }
    if (inFlight) {
      await inFlight;
    }
    const { fields, article, saveState } = get();
    if (!fields || !article || saveState === 'conflict') return;
    if (sameFields(fields, fieldsOf(article))) {
      set({ saveState: 'saved' });
      return;
    }
    const sent = fields;
    set({ saveState: 'saving', error: null });
    inFlight = (async () => {
      try {
        const saved = await call('save_article', {
          id: article.id,
          base_revision: article.revision,
          kind: sent.kind,
          kicker: sent.kicker,
          title: sent.title,
          subtitle: sent.subtitle,
          byline: sent.byline,
          column: sent.column,
          body: sent.body,
          target_length: sent.target_length ?? 0,
        });
        const now = get().fields;
        const stillDirty = now !== null && !sameFields(now, sent);
        set({ article: saved, saveState: stillDirty ? 'dirty' : 'saved' });
        if (stillDirty) schedule(get().save);
      } catch (e) {
        const err = ApiError.from(e);
        set({ saveState: err.code === 'conflict' ? 'conflict' : 'error', error: err.message });
      } finally {
        inFlight = null;
      }
    })();
    await inFlight;
  },

  async reloadLatest() {
    const a = get().article;
    if (a) await get().load(a.id);
  },

  async keepMine() {
    const { article, fields } = get();
    if (!article || !fields) return;
    const latest = await call('get_article', { id: article.id });
    set({ article: latest, saveState: 'dirty', error: null });
    await get().save();
  },

  async confirmTitle() {
    await get().save();
    const { article, saveState } = get();
    if (!article?.title_pending || saveState !== 'saved') return;
    const saved = await call('save_article', { id: article.id, base_revision: article.revision, confirm_title: true });
    set({ article: saved });
  },

  replace(a) {
    set({ article: a, fields: fieldsOf(a), resetKey: `${a.id}:${a.revision}:${Date.now()}`, saveState: 'saved', error: null });
  },

  close() {
    if (timer) clearTimeout(timer);
    timer = null;
    set({ article: null, fields: null, saveState: 'saved', error: null });
  },
}));
