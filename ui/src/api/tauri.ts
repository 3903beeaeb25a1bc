import { invoke } from '@tauri-apps/api/core';
import { listen, type UnlistenFn } from '@tauri-apps/api/event';
import { ApiError } from './errors';
import type { Backend, CallOptions, CommandName, DesktopShell, EventHandlers, EventSubscription, Input, Output } from './backend';
import type { Event as ChangeEvent } from './types.gen';

/** The Tauri event on which the desktop shell forwards the workspace's change events. */
export const EVENT_CHANNEL = 'zonepress://event';
/** Nothing changed, the forwarding is alive (every 15 s while idle). */
export const ALIVE_CHANNEL = 'zonepress://event-alive';
/** The forwarding ended, with the API error (`network`, `unauthorized`). */
export const END_CHANNEL = 'zonepress://event-end';

async function shell<T>(command: string, args: Record<string, unknown> = {}): Promise<T> {
  try {
    return await invoke<T>(command, args);
  } catch (e) {
    throw ApiError.from(e);
  }
}

const tauriShell: DesktopShell = {
  notify: (title, body) => shell('plugin:notification|notify', { options: { title, body: body || undefined } }),
  status: () => shell('desktop_status'),
  createWorkspace: (input) => shell('create_workspace', { input }),
  openDemo: () => shell('open_demo'),
  useLocal: () => shell('use_local'),
  probe: (address) => shell('probe_server', { address }),
  connect: (address, fingerprint) => shell('connect_server', { address, fingerprint }),
  forget: (address) => shell('forget_server', { address }),
  sharingStatus: (token) => shell('sharing_status', { token }),
  setSharing: (token, enabled, port, https) => shell('set_sharing', { token, enabled, port, https }),
  saveDownload: (command, input, fileName, token) =>
    shell('save_download', { token, command, input: input ?? {}, fileName }),
  ready: (screen, pageMs, scriptsMs) => shell('ui_ready', { screen, pageMs, scriptsMs }),
};

/** The payload of one `zonepress://event`: the change and its id (`<run>-<seq>`, as over HTTP). */
export interface TauriEventPayload {
  id: string;
  event: ChangeEvent;
}

/** The desktop transport: one Tauri command, `api`, wrapping the same core call. */
export class TauriBackend implements Backend {
  readonly kind = 'tauri' as const;
  readonly desktop = tauriShell;

  async call<C extends CommandName>(command: C, input: Input<C>, token: string | null, options?: CallOptions): Promise<Output<C>> {
    try {
      return await invoke<Output<C>>('api', { command, token, input: input ?? {}, background: options?.background ?? false });
    } catch (e) {
      throw ApiError.from(e);
    }
  }

  async saveExport(issueId: number, options: unknown, fileName: string, token: string | null): Promise<string | null> {
    try {
      return await invoke<string | null>('save_export', { token, issueId, options, fileName });
    } catch (e) {
      throw ApiError.from(e);
    }
  }

  async openExported(path: string): Promise<void> {
    try {
      await invoke('open_exported', { path });
    } catch (e) {
      throw ApiError.from(e);
    }
  }

  async callBinary(command: string, input: unknown, token: string | null): Promise<Blob> {
    try {
      const bytes = await invoke<ArrayBuffer>('api_binary', { command, token, input: input ?? {} });
      return new Blob([bytes]);
    } catch (e) {
      throw ApiError.from(e);
    }
  }

  /**
   * The desktop's event stream, from the local workspace or the office
   * server (the shell knows which). The contract the shell implements
   * (src-tauri/src/live.rs):
   *
   * 1. The UI listens on `zonepress://event`, `…-alive` and `…-end` first,
   *    then calls `invoke('subscribe_events', { token, lastEventId })`.
   * 2. `subscribe_events` checks the session like `GET /api/events` (without
   *    counting as use) and rejects with the API error (`unauthorized` when
   *    the session ended, `network` when the server is away). Once it
   *    resolves, the shell emits to this window every change as
   *    `{ id, event }` ({@link TauriEventPayload}): first those after
   *    `lastEventId` (or one `resync` event when they are no longer known),
   *    then each new one; `…-alive` every 15 s of silence. A second call
   *    replaces the first.
   * 3. When the forwarding ends (the server stopped or the connection broke,
   *    the session ended), the shell emits the error on `…-end` and stops;
   *    the UI reconnects with the last id it saw.
   * 4. `invoke('unsubscribe_events')` stops the forwarding for this window.
   */
  subscribeEvents(token: string, lastEventId: string | null, handlers: EventHandlers): EventSubscription {
    let closed = false;
    const unlisteners: UnlistenFn[] = [];
    const unlisten = () => unlisteners.splice(0).forEach((u) => u());
    const end = (e: ApiError) => {
      if (closed) return;
      closed = true;
      unlisten();
      handlers.end(e);
    };
    const unavailable = (e: unknown) => new ApiError('unknown_command', '桌面程序暂不支持实时更新', e);
    void (async () => {
      try {
        unlisteners.push(
          await listen<TauriEventPayload>(EVENT_CHANNEL, (e) => {
            if (closed) return;
            handlers.alive();
            handlers.event(e.payload.event, e.payload.id);
          }),
        );
        unlisteners.push(
          await listen(ALIVE_CHANNEL, () => {
            if (!closed) handlers.alive();
          }),
        );
        unlisteners.push(await listen<unknown>(END_CHANNEL, (e) => end(ApiError.from(e.payload))));
      } catch (e) {
        end(unavailable(e));
        return;
      }
      if (closed) {
        unlisten();
        return;
      }
      try {
        await invoke('subscribe_events', { token, lastEventId });
      } catch (e) {
        const err = ApiError.from(e);
        end(/not found|unknown command|not allowed/i.test(err.message) ? unavailable(e) : err);
        return;
      }
      if (!closed) handlers.open();
    })();
    return {
      close() {
        if (closed) return;
        closed = true;
        unlisten();
        void invoke('unsubscribe_events').catch(() => {});
      },
    };
  }
}
