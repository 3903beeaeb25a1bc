import { ApiError, detectBackend } from '../api';
import type { Backend, CommandName, Input, Output } from '../api';

let backend: Backend = detectBackend();
let token: string | null = null;
let onUnauthorized: () => void = () => {};

const TOKEN_KEY = 'zonepress.token';

/** Swap the transport (tests, or a desktop connecting to an office server). */
export function setBackend(b: Backend) {
  backend = b;
}

export function backendKind() {
  return backend.kind;
}

export function setToken(t: string | null) {
  token = t;
  try {
    if (t) localStorage.setItem(TOKEN_KEY, t);
    else localStorage.removeItem(TOKEN_KEY);
  } catch {
    /* storage unavailable: the session lasts until the window closes */
  }
}

export function savedToken(): string | null {
  try {
    return localStorage.getItem(TOKEN_KEY);
  } catch {
    return null;
  }
}

export function whenUnauthorized(f: () => void) {
  onUnauthorized = f;
}

/** Call a command as the signed-in account. Stores are the only callers. */
export async function call<C extends CommandName>(command: C, input: Input<C>): Promise<Output<C>> {
  try {
    return await backend.call(command, input, token);
  } catch (e) {
    const err = ApiError.from(e);
    if (err.code === 'unauthorized' && command !== 'login') onUnauthorized();
    throw err;
  }
}

/** Desktop: export to a file the user picks (null when cancelled). */
export async function saveExport(issueId: number, options: unknown, fileName: string): Promise<string | null> {
  if (!backend.saveExport) throw new Error('saving files needs the desktop app');
  try {
    return await backend.saveExport(issueId, options, fileName, token);
  } catch (e) {
    const err = ApiError.from(e);
    if (err.code === 'unauthorized') onUnauthorized();
    throw err;
  }
}

/** Desktop: open a file exported in this session. */
export async function openExported(path: string): Promise<void> {
  if (!backend.openExported) throw new Error('opening files needs the desktop app');
  await backend.openExported(path);
}

export async function callBinary(command: string, input: unknown): Promise<Blob> {
  try {
    return await backend.callBinary(command, input, token);
  } catch (e) {
    const err = ApiError.from(e);
    if (err.code === 'unauthorized') onUnauthorized();
    throw err;
  }
}
