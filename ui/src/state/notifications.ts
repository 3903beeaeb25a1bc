/**
 * Notifications 通知: one's own list and unread count, refreshed when a
 * `notification` event names this account. In a browser the page title
 * shows the unread count; in the desktop app each new one also shows as a
 * system notification (see `desktop.ts`).
 */
import { create } from 'zustand';
import type { Notification } from '../api';
import { call } from './backend';
import { follow } from './live';
import { useSession } from './session';

interface NotificationsState {
  items: Notification[];
  unread: number;
  loaded: boolean;
  load: () => Promise<void>;
  markRead: (ids?: number[]) => Promise<void>;
}

/** Told of each notification that arrived since the last load (system notifications). */
type Listener = (fresh: Notification[]) => void;
const listeners = new Set<Listener>();
export function onNewNotifications(l: Listener): () => void {
  listeners.add(l);
  return () => listeners.delete(l);
}

export const useNotifications = create<NotificationsState>((set, get) => ({
  items: [],
  unread: 0,
  loaded: false,
  async load() {
    const before = get().loaded ? new Set(get().items.map((n) => n.id)) : null;
    const page = await call('list_notifications', { limit: 50 });
    set({ items: page.items, unread: page.unread, loaded: true });
    showInTitle(page.unread);
    if (before) {
      const fresh = page.items.filter((n) => !before.has(n.id) && !n.read_at);
      if (fresh.length > 0) listeners.forEach((l) => l(fresh));
    }
  },
  async markRead(ids) {
    const out = await call('mark_notifications_read', ids ? { ids } : {});
    const now = new Date().toISOString();
    set({
      unread: out.unread,
      items: get().items.map((n) => (!ids || ids.includes(n.id) ? { ...n, read_at: n.read_at ?? now } : n)),
    });
    showInTitle(out.unread);
  },
}));

let baseTitle: string | null = null;

/** `(3) 园区编务` while three are unread. */
export function showInTitle(unread: number) {
  if (typeof document === 'undefined') return;
  if (baseTitle === null) baseTitle = document.title.replace(/^\(\d+\)\s*/, '');
  document.title = unread > 0 ? `(${unread}) ${baseTitle}` : baseTitle;
}

follow('notifications', {
  wants: (e) => e.kind === 'notification' && e.id === useSession.getState().user?.id,
  async refresh() {
    if (useNotifications.getState().loaded) await useNotifications.getState().load();
  },
  delay: 50,
});
