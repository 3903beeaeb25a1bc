import { create } from 'zustand';
import { ApiError } from '../api';
import type { CreateWorkspaceInput, DesktopStatus, ProbeResult, SharingStatus } from '../api';
import { desktopShell, setSharing, sharingStatus } from './backend';
import { onNewNotifications } from './notifications';
import { endSession } from './session';
import { startupMarks } from '../startup';

/**
 * The desktop app's mode: the local workspace (with the first-launch
 * choices when there is none) or an office server, and 局域网共享. Only the
 * shell knows where commands go; this store asks it and tells it to switch.
 * In a browser there is no shell and nothing here is used.
 */
interface DesktopState {
  status: DesktopStatus | null;
  /** Why the status could not be read. */
  error: string | null;
  /** 局域网共享 as the shell reports it (admins only). */
  sharing: SharingStatus | null;
  load: () => Promise<void>;
  /** The first usable screen is on show (the shell logs the start-up time). */
  screenShown: (screen: 'sign_in' | 'first_launch') => void;
  createWorkspace: (input: CreateWorkspaceInput) => Promise<void>;
  openDemo: () => Promise<void>;
  /** 返回本机工作区. */
  switchToLocal: () => Promise<void>;
  /** Who answers at an address (publication, version, certificate). */
  probe: (address: string) => Promise<ProbeResult>;
  connect: (address: string, fingerprint: string | null) => Promise<void>;
  forget: (address: string) => Promise<void>;
  loadSharing: () => Promise<void>;
  setSharing: (enabled: boolean, port: number | null, https: boolean | null) => Promise<void>;
}

function shell() {
  const s = desktopShell();
  if (!s) throw new ApiError('invalid_state', '此功能只在桌面程序中提供');
  return s;
}

export const useDesktop = create<DesktopState>((set) => {
  /** The shell sets the window's title; the page's follows (演示, the server). */
  const shown = (status: DesktopStatus) => {
    document.title = status.title;
    return status;
  };
  /** A new mode: any session belonged to the old one. */
  const switched = (status: DesktopStatus) => {
    endSession();
    set({ status: shown(status), error: null, sharing: null });
  };
  return {
    status: null,
    error: null,
    sharing: null,
    async load() {
      try {
        set({ status: shown(await shell().status()), error: null });
      } catch (e) {
        set({ error: ApiError.from(e).message });
      }
    },
    screenShown(screen) {
      const { pageMs, scriptsMs } = startupMarks();
      void desktopShell()
        ?.ready(screen, pageMs, scriptsMs)
        .catch(() => {});
    },
    async createWorkspace(input) {
      switched(await shell().createWorkspace(input));
    },
    async openDemo() {
      switched(await shell().openDemo());
    },
    async switchToLocal() {
      switched(await shell().useLocal());
    },
    async probe(address) {
      return await shell().probe(address);
    },
    async connect(address, fingerprint) {
      switched(await shell().connect(address, fingerprint));
    },
    async forget(address) {
      set({ status: shown(await shell().forget(address)) });
    },
    async loadSharing() {
      set({ sharing: await sharingStatus() });
    },
    async setSharing(enabled, port, https) {
      try {
        set({ sharing: await setSharing(enabled, port, https) });
      } catch (e) {
        // The shell turned it off (and remembers it off): show that.
        set({ sharing: await sharingStatus().catch(() => null) });
        throw e;
      }
    },
  };
});

/** The most system notifications shown at once; the rest are summed up. */
const SHOWN_AT_ONCE = 3;

// In the desktop app each new notification of the bell also shows as a
// system notification; a failure (notifications turned off) is ignored.
onNewNotifications((fresh) => {
  const s = desktopShell();
  if (!s) return;
  const shown = fresh.slice(0, SHOWN_AT_ONCE);
  for (const n of shown) void s.notify(n.title, n.body).catch(() => {});
  if (fresh.length > shown.length) void s.notify(`另有${fresh.length - shown.length}条新通知`, '').catch(() => {});
});
