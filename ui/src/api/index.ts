import type { Backend } from './backend';
import { HttpBackend } from './http';
import { TauriBackend } from './tauri';

export type { Backend, CommandName, Input, Output } from './backend';
export { ApiError, isApiError } from './errors';
export type * from './types.gen';

/** The desktop app runs inside Tauri; anywhere else the UI talks HTTP. */
export function detectBackend(): Backend {
  const w = globalThis as unknown as { __TAURI_INTERNALS__?: unknown };
  return w.__TAURI_INTERNALS__ ? new TauriBackend() : new HttpBackend();
}
export type { EventHandlers, EventSubscription } from './backend';
export type { Event as ChangeEvent } from './types.gen';
export type { DesktopShell, Recorded } from './backend';
export type * from './desktop.gen';
