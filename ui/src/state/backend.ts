import { ApiError, detectBackend } from '../api';
import type { Backend, CommandName, DesktopShell, EventHandlers, EventSubscription, Input, Output, Recorded } from '../api';

let backend: Backend = detectBackend();
let token: string | null = null;
let onUnauthorized: (error: ApiError) => void = () => {};
let onPasswordChange: () => void = () => {};
let onNetworkError: () => void = () => {};

/**
 * The session token lives in sessionStorage: it survives a reload of the
 * tab but not closing it, and other tabs sign in on their own.
 */
const TOKEN_KEY = 'zonepress.token';

// Earlier versions kept the token in localStorage, for every tab and after closing.
try {
  localStorage.removeItem(TOKEN_KEY);
} catch {
  /* storage unavailable */
}

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
    if (t) sessionStorage.setItem(TOKEN_KEY, t);
    else sessionStorage.removeItem(TOKEN_KEY);
  } catch {
    /* storage unavailable: the session lasts until the window closes */
  }
}

export function savedToken(): string | null {
  try {
    return sessionStorage.getItem(TOKEN_KEY);
  } catch {
    return null;
  }
}

/** Called with the refusal when the session is gone (its message says why: expired, or signed out everywhere). */
export function whenUnauthorized(f: (error: ApiError) => void) {
  onUnauthorized = f;
}

/** Called when a command could not reach the server (the event stream may be cut without knowing it). */
export function whenNetworkFails(f: () => void) {
  onNetworkError = f;
}

/** Called when a command is refused until the account chooses a new password. */
export function whenPasswordChangeRequired(f: () => void) {
  onPasswordChange = f;
}

/** Work the UI does on its own (refreshes after change events, polls) under way. */
let backgroundWork = 0;

/**
 * Run `work` as the UI's own doing, not the user's: the commands it sends
 * until it settles do not count as using the session (the idle timeout).
 */
export async function inBackground<T>(work: () => Promise<T> | T): Promise<T> {
  backgroundWork++;
  try {
    return await work();
  } finally {
    backgroundWork--;
  }
}

/** Call a command as the signed-in account. Stores are the only callers. */
export async function call<C extends CommandName>(command: C, input: Input<C>): Promise<Output<C>> {
  try {
    return await backend.call(command, input, token, backgroundWork > 0 ? { background: true } : undefined);
  } catch (e) {
    const err = ApiError.from(e);
    if (err.code === 'unauthorized' && command !== 'login') onUnauthorized(err);
    if (err.code === 'password_change_required') onPasswordChange();
    if (err.code === 'network') onNetworkError();
    throw err;
  }
}

/** Listen to the change events as the signed-in account (see state/live.ts). */
export function subscribeEvents(lastEventId: string | null, handlers: EventHandlers): EventSubscription {
  if (!token) {
    handlers.end(new ApiError('unauthorized', '登录已失效，请重新登录'));
    return { close() {} };
  }
  return backend.subscribeEvents(token, lastEventId, handlers);
}

/** Desktop: export to a file the user picks (null when cancelled). */
export async function saveExport(issueId: number, options: unknown, fileName: string): Promise<string | null> {
  if (!backend.saveExport) throw new Error('saving files needs the desktop app');
  try {
    return await backend.saveExport(issueId, options, fileName, token);
  } catch (e) {
    const err = ApiError.from(e);
    if (err.code === 'unauthorized') onUnauthorized(err);
    throw err;
  }
}

/** The desktop shell's own commands, or null in a browser. */
export function desktopShell(): DesktopShell | null {
  return backend.desktop ?? null;
}

/** The desktop's 局域网共享, as the signed-in account (admins only; the shell checks). */
export async function sharingStatus() {
  const shell = backend.desktop;
  if (!shell) throw new ApiError('invalid_state', '局域网共享只在桌面程序中提供');
  return await shell.sharingStatus(token);
}

export async function setSharing(enabled: boolean, port: number | null, https: boolean | null) {
  const shell = backend.desktop;
  if (!shell) throw new ApiError('invalid_state', '局域网共享只在桌面程序中提供');
  try {
    return await shell.setSharing(token, enabled, port, https);
  } catch (e) {
    const err = ApiError.from(e);
    if (err.code === 'unauthorized') onUnauthorized(err);
    throw err;
  }
}

/**
 * Desktop: run a file command (审稿单, backup) and save the answer where
 * the user picks with the native dialog, in either mode; null when cancelled.
 */
export async function saveDownload(command: string, input: unknown, fileName: string): Promise<string | null> {
  const shell = backend.desktop;
  if (!shell) throw new Error('saving files needs the desktop app');
  try {
    return await shell.saveDownload(command, input, fileName, token);
  } catch (e) {
    const err = ApiError.from(e);
    if (err.code === 'unauthorized') onUnauthorized(err);
    if (err.code === 'network') onNetworkError();
    throw err;
  }
}

/** Desktop: open a file exported in this session. */
export async function openExported(path: string): Promise<void> {
  if (!backend.openExported) throw new Error('opening files needs the desktop app');
  await backend.openExported(path);
}

/** The error a call that answers bytes failed with; an ended session is handled. */
function binaryFailed(e: unknown): ApiError {
  const err = ApiError.from(e);
  if (err.code === 'unauthorized') onUnauthorized(err);
  return err;
}

/** A command's bytes with the id they were recorded as (see `Backend.callRecorded`). */
export async function callRecorded(command: string, input: unknown): Promise<Recorded> {
  if (!backend.callRecorded) return { blob: await callBinary(command, input), recordId: null };
  try {
    return await backend.callRecorded(command, input, token);
  } catch (e) {
    throw binaryFailed(e);
  }
}

export async function callBinary(command: string, input: unknown): Promise<Blob> {
  try {
    return await backend.callBinary(command, input, token);
  } catch (e) {
    throw binaryFailed(e);
  }
}

/** The session ended (told by the event stream): as when a command answers 401. */
export function sessionEnded(error: ApiError) {
  onUnauthorized(error);
}
