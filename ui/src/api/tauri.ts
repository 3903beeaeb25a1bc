import { invoke } from '@tauri-apps/api/core';
import { listen, type UnlistenFn } from '@tauri-apps/api/event';
import { ApiError } from './errors';
import type { Backend, CommandName, EventHandlers, EventSubscription, Input, Output } from './backend';
import type { Event as ChangeEvent } from './types.gen';

/** The Tauri event on which the desktop shell forwards the workspace's change events. */
export const EVENT_CHANNEL = 'zonepress://event';

/** The payload of one `zonepress://event`: the change and its id (`<run>-<seq>`, as over HTTP). */
export interface TauriEventPayload {
  id: string;
  event: ChangeEvent;
}

/** The desktop transport: one Tauri command, `api`, wrapping the same core call. */
export class TauriBackend implements Backend {
  readonly kind = 'tauri' as const;

  async call<C extends CommandName>(command: C, input: Input<C>, token: string | null): Promise<Output<C>> {
    try {
      return await invoke<Output<C>>('api', { command, token, input: input ?? {} });
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
   * The desktop's event stream. The contract the shell implements
   * (src-tauri):
   *
   * 1. The UI listens on `zonepress://event` first, then calls
   *    `invoke('subscribe_events', { token, lastEventId })`.
   * 2. `subscribe_events` checks the session like `GET /api/events` (without
   *    counting as use) and rejects with the API error (`unauthorized` when
   *    the session ended). Once it resolves, the shell emits to this window
   *    every change as `{ id, event }` ({@link TauriEventPayload}): first
   *    those after `lastEventId` (or one `resync` event when they are no
   *    longer known), then each new one. A second call replaces the first.
   * 3. When the session ends (`session` event for the account), the shell
   *    keeps emitting until `unsubscribe_events` or the next subscribe; the
   *    UI finds the session ended with its next command.
   * 4. `invoke('unsubscribe_events')` stops the forwarding for this window.
   *
   * While the shell has no `subscribe_events`, this ends with
   * `unknown_command` and the UI falls back to refreshing on its own.
   */
  subscribeEvents(token: string, lastEventId: string | null, handlers: EventHandlers): EventSubscription {
    let closed = false;
    let unlisten: UnlistenFn | null = null;
    const end = (e: ApiError) => {
      if (closed) return;
      closed = true;
      unlisten?.();
      handlers.end(e);
    };
    const unavailable = (e: unknown) => new ApiError('unknown_command', '桌面程序暂不支持实时更新', e);
    void (async () => {
      try {
        unlisten = await listen<TauriEventPayload>(EVENT_CHANNEL, (e) => {
          if (closed) return;
          handlers.alive();
          handlers.event(e.payload.event, e.payload.id);
        });
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
        unlisten?.();
        void invoke('unsubscribe_events').catch(() => {});
      },
    };
  }
}
