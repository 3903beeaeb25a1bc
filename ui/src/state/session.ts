import { create } from 'zustand';
import type { Publication, Role, User } from '../api';
import { ApiError } from '../api';
import { backendKind, call, savedToken, setToken, whenPasswordChangeRequired, whenUnauthorized } from './backend';
import { listDrafts } from './drafts';
import { follow, live } from './live';

interface SessionState {
  /**
   * `must_change_password`: signed in with a password an admin set; every
   * command but change_password and logout is refused until a new one is chosen.
   */
  status: 'checking' | 'anonymous' | 'must_change_password' | 'signed_in';
  user: User | null;
  publication: Publication | null;
  /** Why the session ended, shown on the login screen. */
  notice: string | null;
  /** The password typed at this sign-in is known (the forced change need not ask for it again). */
  knowsPassword: boolean;
  login: (username: string, password: string) => Promise<void>;
  /**
   * Choose a new password; `current` may be omitted right after signing in.
   * Answers how many other sessions of the account (other devices, other
   * tabs) the change signed out.
   */
  changePassword: (current: string | null, next: string) => Promise<number>;
  logout: () => Promise<void>;
  /** Sign out every session of this account (this one too); answers how many ended. */
  logoutAll: () => Promise<number>;
  restore: () => Promise<void>;
  has: (role: Role) => boolean;
  /** 'tauri' in the desktop app, 'http' in a browser (the desktop webview may not download files). */
  transport: () => 'tauri' | 'http';
}

/** Held in memory only, for the forced change right after signing in. */
let typedPassword: string | null = null;

function signedIn(user: User, publication: Publication) {
  useSession.setState({ status: 'signed_in', user, publication, notice: null, knowsPassword: false });
  typedPassword = null;
  live.start();
}

/** Forget the session (the desktop switched to another workspace or server). */
export function endSession(notice: string | null = null) {
  signedOut(notice);
}

function signedOut(notice: string | null) {
  live.stop();
  setToken(null);
  typedPassword = null;
  useSession.setState({ status: 'anonymous', user: null, publication: null, notice, knowsPassword: false });
}

export const useSession = create<SessionState>((set, get) => ({
  status: 'checking',
  user: null,
  publication: null,
  notice: null,
  knowsPassword: false,
  async login(username, password) {
    const out = await call('login', { username, password });
    setToken(out.token);
    if (out.must_change_password) {
      typedPassword = password;
      set({ status: 'must_change_password', user: out.user, notice: null, knowsPassword: true });
      return;
    }
    const me = await call('whoami', {});
    signedIn(me.user, me.publication);
  },
  async changePassword(current, next) {
    const old = current ?? typedPassword;
    if (old === null) throw new ApiError('invalid_input', '请输入原密码');
    const out = await call('change_password', { old_password: old, new_password: next });
    if (get().status !== 'must_change_password') return out.other_sessions_ended;
    const me = await call('whoami', {});
    signedIn(me.user, me.publication);
    return out.other_sessions_ended;
  },
  async logout() {
    try {
      await call('logout', {});
    } catch {
      /* the session may already be gone */
    }
    signedOut(null);
  },
  async logoutAll() {
    const out = await call('logout_all', {});
    signedOut(null);
    return out.sessions;
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
      signedIn(me.user, me.publication);
    } catch (e) {
      if (ApiError.from(e).code === 'password_change_required') {
        set({ status: 'must_change_password', knowsPassword: false });
        return;
      }
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

whenUnauthorized((error) => {
  const s = useSession.getState();
  if (s.status === 'anonymous') return;
  const kept = s.user ? listDrafts(s.user.id).length > 0 : false;
  // The server says why: expired, or signed out on every device (whichever
  // command or the event stream heard it first).
  const why = (error.code === 'unauthorized' && error.message.replace(/[。.]$/, '')) || '登录已失效，请重新登录';
  signedOut(kept ? `${why}。未保存的文字已暂存在本机，重新打开稿件即可恢复。` : `${why}。`);
});

whenPasswordChangeRequired(() => {
  if (useSession.getState().status === 'signed_in') {
    live.stop();
    useSession.setState({ status: 'must_change_password', knowsPassword: false });
  }
});

// Changes to one's own account and to the publication, made elsewhere.
follow('session', {
  wants: (e) => {
    const me = useSession.getState().user;
    return e.kind === 'publication' || (!!me && (e.kind === 'user' || e.kind === 'session') && e.id === me.id);
  },
  async refresh(_events, resync) {
    if (useSession.getState().status !== 'signed_in') return;
    try {
      // Answers 401 when this session was among those signed out; the
      // server's message says so, and whenUnauthorized shows it.
      const me = await call('whoami', {});
      useSession.setState({ user: me.user, publication: me.publication });
    } catch (e) {
      if (!resync) throw e;
    }
  },
  delay: 50,
});
