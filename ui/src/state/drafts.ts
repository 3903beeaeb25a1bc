/**
 * Unsaved editor text kept on this computer (localStorage), per account and
 * article, from the first keystroke until the text is saved. If the window
 * closes, the server cannot be reached or the session ends, the text is
 * offered back the next time the article is opened; if someone saved a newer
 * revision meanwhile, it goes through the conflict view.
 *
 * A draft names the revision it was based on and that revision's content
 * hash, so a draft from another workspace (same article number, other
 * content) is never offered.
 */
import type { Article } from '../api';
import type { Fields } from '../doc/fields';

export interface Draft {
  v: 1;
  userId: number;
  articleId: number;
  /** The revision the text was based on. */
  base: number;
  /** That revision's content hash. */
  baseHash: string;
  fields: Fields;
  /** When it was last changed (ISO). */
  at: string;
}

const PREFIX = 'zonepress.draft.';

export function draftKey(userId: number, articleId: number): string {
  return `${PREFIX}${userId}.${articleId}`;
}

function storage(): Storage | null {
  try {
    return typeof localStorage === 'undefined' ? null : localStorage;
  } catch {
    return null;
  }
}

function isDraft(v: unknown): v is Draft {
  if (!v || typeof v !== 'object') return false;
  const d = v as Partial<Draft>;
  return (
    d.v === 1 &&
    typeof d.userId === 'number' &&
    typeof d.articleId === 'number' &&
    typeof d.base === 'number' &&
    typeof d.baseHash === 'string' &&
    typeof d.at === 'string' &&
    !!d.fields &&
    Array.isArray(d.fields.body)
  );
}

export function readDraft(userId: number, articleId: number): Draft | null {
  const s = storage();
  if (!s) return null;
  try {
    const raw = s.getItem(draftKey(userId, articleId));
    if (!raw) return null;
    const d: unknown = JSON.parse(raw);
    return isDraft(d) && d.userId === userId && d.articleId === articleId ? d : null;
  } catch {
    return null;
  }
}

/** Keep the text; false when the browser refused (storage full or off). */
export function writeDraft(userId: number, base: Article, fields: Fields, now = new Date()): boolean {
  const s = storage();
  if (!s) return false;
  const d: Draft = {
    v: 1,
    userId,
    articleId: base.id,
    base: base.revision,
    baseHash: base.content_hash,
    fields,
    at: now.toISOString(),
  };
  try {
    s.setItem(draftKey(userId, base.id), JSON.stringify(d));
    return true;
  } catch {
    return false;
  }
}

export function clearDraft(userId: number, articleId: number) {
  try {
    storage()?.removeItem(draftKey(userId, articleId));
  } catch {
    /* storage unavailable */
  }
}

/** Every draft of an account on this computer, newest first. */
export function listDrafts(userId: number): Draft[] {
  const s = storage();
  if (!s) return [];
  const out: Draft[] = [];
  for (let i = 0; i < s.length; i++) {
    const key = s.key(i);
    if (!key?.startsWith(`${PREFIX}${userId}.`)) continue;
    const id = Number(key.slice(`${PREFIX}${userId}.`.length));
    const d = Number.isInteger(id) ? readDraft(userId, id) : null;
    if (d) out.push(d);
  }
  return out.sort((a, b) => b.at.localeCompare(a.at));
}

/**
 * What to do with a draft found when an article is opened:
 * - `same`: it reads like the article now (saved after all): forget it;
 * - `offer`: based on the current revision: offer to restore it;
 * - `stale`: based on an older revision of this article (if `olderHash`,
 *   the hash of revision `draft.base`, matches): restore through the
 *   conflict view;
 * - `foreign`: not of this article's history (another workspace): leave it.
 */
export type DraftDecision = 'same' | 'offer' | 'stale' | 'foreign';

export function decideDraft(draft: Draft, article: Article, current: Fields, olderHash?: string | null): DraftDecision {
  if (draft.base === article.revision) {
    if (draft.baseHash !== article.content_hash) return 'foreign';
    return JSON.stringify(draft.fields) === JSON.stringify(current) ? 'same' : 'offer';
  }
  if (draft.base < article.revision && olderHash === draft.baseHash) {
    return JSON.stringify(draft.fields) === JSON.stringify(current) ? 'same' : 'stale';
  }
  return 'foreign';
}
