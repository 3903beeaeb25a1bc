import { create } from 'zustand';
import type { Publication, Role, User } from '../api';
import { backendKind, call, savedToken, setToken, whenUnauthorized } from './backend';

interface SessionState {
  status: 'checking' | 'anonymous' | 'signed_in';
  user: User | null;
  publication: Publication | null;
  /** Why the session ended, shown on the login screen. */
  notice: string | null;
  login: (username: string, password: string) => Promise<void>;
  logout: () => Promise<void>;
  restore: () => Promise<void>;
  has: (role: Role) => boolean;
  /** 'tauri' in the desktop app, 'http' in a browser (the desktop webview may not download files). */
  transport: () => 'tauri' | 'http';
}

export const useSession = create<SessionState>((set, get) => ({
  status: 'checking',
  user: null,
  publication: null,
  notice: null,
  async login(username, password) {
    const out = await call('login', { username, password });
    setToken(out.token);
    const me = await call('whoami', {});
    set({ status: 'signed_in', user: me.user, publication: me.publication, notice: null });
  },
  async logout() {
    try {
      await call('logout', {});
    } catch {
      /* the session may already be gone */
    }
    setToken(null);
    set({ status: 'anonymous', user: null, publication: null });
  },
  async restore() {
    const t = savedToken();
    if (!t) {
      set({ status: 'anonymous' });
      return;
    }
    setToken(t);
    try {
      const me = await call('whoami', {});
      set({ status: 'signed_in', user: me.user, publication: me.publication });
    } catch {
      setToken(null);
      set({ status: 'anonymous' });
    }
  },
  has(role) {
    return get().user?.roles.includes(role) ?? false;
  },
  transport() {
    return backendKind();
  },
}));

whenUnauthorized(() => {
  setToken(null);
  useSession.setState({ status: 'anonymous', user: null, notice: '登录已失效，请重新登录' });
});
