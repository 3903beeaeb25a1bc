import { invoke } from '@tauri-apps/api/core';

/** What the 关于 dialog shows: this program's version and the commit it was built from. */
export interface ProgramInfo {
  /** `desktop`: the desktop app's own build; `web`: the server this page came from. */
  program: 'desktop' | 'web';
  version: string;
  /** The build's commit; null when the program does not say (the server's /api/health names no commit). */
  commit: string | null;
}

/**
 * The desktop asks its own shell (`about`, src-tauri/src/about.rs), also
 * while it works with an office server; a browser asks the server it was
 * served from (`GET /api/health`).
 */
export async function programInfo(): Promise<ProgramInfo> {
  const w = globalThis as unknown as { __TAURI_INTERNALS__?: unknown };
  if (w.__TAURI_INTERNALS__) {
    const info = await invoke<{ version: string; commit: string }>('about');
    return { program: 'desktop', version: info.version, commit: info.commit };
  }
  const res = await fetch('/api/health');
  if (!res.ok) throw new Error(`health ${res.status}`);
  const health = (await res.json()) as { version: string };
  return { program: 'web', version: health.version, commit: null };
}
