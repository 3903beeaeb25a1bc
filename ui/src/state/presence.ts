/**
 * Who else has the open article open (林悦正在编辑). The server keeps the
 * list; this store tells it that the article is open — again every
 * `heartbeat_secs` while it stays open — and follows the presence changes.
 *
 * Someone who opens an article to edit it while another person is editing
 * it gets it read-only (`yielded`) until they choose 仍要编辑, or until the
 * other person closes it.
 */
import { create } from 'zustand';
import type { OpenMode, Present } from '../api';
import { call, inBackground } from './backend';
import { follow } from './live';
import { useSession } from './session';

interface PresenceState {
  articleId: number | null;
  /** How this window has the article open. */
  mode: OpenMode;
  /** Opened read-only because someone else is editing. */
  yielded: boolean;
  /** Everyone with the article open, this window included (`you`). */
  present: Present[];
  /** Open an article: to edit it (unless someone else is editing) or to read it. */
  open: (id: number, want: OpenMode) => Promise<void>;
  /** 仍要编辑: edit although someone else is editing. */
  editAnyway: () => Promise<void>;
  close: () => void;
}

let heartbeat: ReturnType<typeof setInterval> | null = null;
let openSeq = 0;

/** Others with the article open (this window left out; my other windows kept). */
export function othersPresent(present: Present[]): Present[] {
  return present.filter((p) => !p.you);
}

/** Others editing: a reason to open read-only. */
export function othersEditing(present: Present[], myId: number | undefined): Present[] {
  return present.filter((p) => !p.you && p.mode === 'edit' && p.user.id !== myId);
}

function beat(id: number, seconds: number) {
  if (heartbeat) clearInterval(heartbeat);
  heartbeat = setInterval(
    () => {
      const s = usePresence.getState();
      if (s.articleId !== id) return;
      inBackground(() => call('open_article', { id, mode: s.mode }))
        .then((p) => {
          if (usePresence.getState().articleId === id) usePresence.setState({ present: p.present });
        })
        .catch(() => {});
    },
    Math.max(5, seconds) * 1000,
  );
}

export const usePresence = create<PresenceState>((set, get) => ({
  articleId: null,
  mode: 'view',
  yielded: false,
  present: [],

  async open(id, want) {
    const my = ++openSeq;
    set({ articleId: id, mode: want, yielded: false, present: [] });
    let mode = want;
    if (want === 'edit') {
      const now = await call('get_presence', { id }).catch(() => null);
      if (my !== openSeq) return;
      if (now && othersEditing(now.present, useSession.getState().user?.id).length > 0) mode = 'view';
    }
    const p = await call('open_article', { id, mode });
    if (my !== openSeq) return;
    set({ mode, yielded: want === 'edit' && mode === 'view', present: p.present });
    beat(id, p.heartbeat_secs);
  },

  async editAnyway() {
    const id = get().articleId;
    if (id === null) return;
    set({ mode: 'edit', yielded: false });
    const p = await call('open_article', { id, mode: 'edit' });
    if (get().articleId === id) set({ present: p.present });
  },

  close() {
    openSeq++;
    if (heartbeat) clearInterval(heartbeat);
    heartbeat = null;
    const id = get().articleId;
    set({ articleId: null, mode: 'view', yielded: false, present: [] });
    if (id !== null) void call('close_article', { id }).catch(() => {});
  },
}));

follow('presence', {
  wants: (e) => e.kind === 'presence' && e.id === usePresence.getState().articleId,
  async refresh(_events, resync) {
    const id = usePresence.getState().articleId;
    if (id === null) return;
    // After a resync the server may have expired this window's entry: say it again.
    const p = resync
      ? await call('open_article', { id, mode: usePresence.getState().mode })
      : await call('get_presence', { id });
    const s = usePresence.getState();
    if (s.articleId !== id) return;
    if (s.yielded && othersEditing(p.present, useSession.getState().user?.id).length === 0) {
      // The person we yielded to has gone: the article is ours to edit.
      usePresence.setState({ present: p.present, yielded: false, mode: 'edit' });
      await call('open_article', { id, mode: 'edit' });
    } else {
      usePresence.setState({ present: p.present });
    }
  },
  delay: 100,
});
