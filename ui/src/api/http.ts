import { ApiError } from './errors';
import type { Backend, CallOptions, CommandName, EventHandlers, EventSubscription, Input, Output, Recorded } from './backend';
import { SseParser } from './sse';
import type { Event as ChangeEvent } from './types.gen';

/** The HTTP transport: `POST /api/<command>` with `Authorization: Bearer`. */
export class HttpBackend implements Backend {
  readonly kind = 'http' as const;

  constructor(private readonly base = '') {}

  private async post(command: string, input: unknown, token: string | null, options?: CallOptions): Promise<Response> {
    const headers: Record<string, string> = { 'Content-Type': 'application/json' };
    if (token) headers.Authorization = `Bearer ${token}`;
    if (options?.background) headers['X-ZonePress-Background'] = '1';
    let res: Response;
    try {
      res = await fetch(`${this.base}/api/${command}`, {
        method: 'POST',
        headers,
        body: JSON.stringify(input ?? {}),
      });
    } catch {
      throw new ApiError('network', '无法连接服务器，请检查网络或服务是否已启动');
    }
    if (!res.ok) {
      const body: unknown = await res.json().catch(() => null);
      throw body ? ApiError.from(body) : new ApiError('internal', `服务器错误（${res.status}）`);
    }
    return res;
  }

  async call<C extends CommandName>(command: C, input: Input<C>, token: string | null, options?: CallOptions): Promise<Output<C>> {
    const res = await this.post(command, input, token, options);
    return (await res.json()) as Output<C>;
  }

  async callBinary(command: string, input: unknown, token: string | null): Promise<Blob> {
    const res = await this.post(command, input, token);
    return await res.blob();
  }

  /** The server names what it recorded in `X-ZonePress-Record`. */
  async callRecorded(command: string, input: unknown, token: string | null): Promise<Recorded> {
    const res = await this.post(command, input, token);
    return { recordId: res.headers.get('X-ZonePress-Record'), blob: await res.blob() };
  }

  /**
   * `GET /api/events` read with fetch (an EventSource cannot send the
   * Authorization header): server-sent events, keep-alive comments about
   * every 15 s, `Last-Event-ID` to catch up after a reconnect.
   */
  subscribeEvents(token: string, lastEventId: string | null, handlers: EventHandlers): EventSubscription {
    const abort = new AbortController();
    let closed = false;
    const end = (e: ApiError) => {
      if (!closed) {
        closed = true;
        handlers.end(e);
      }
    };
    const cut = () => new ApiError('network', '与服务器的连接中断');
    void (async () => {
      const headers: Record<string, string> = { Authorization: `Bearer ${token}`, Accept: 'text/event-stream' };
      if (lastEventId) headers['Last-Event-ID'] = lastEventId;
      let res: Response;
      try {
        res = await fetch(`${this.base}/api/events`, { headers, signal: abort.signal, cache: 'no-store' });
      } catch {
        end(new ApiError('network', '无法连接服务器，请检查网络或服务是否已启动'));
        return;
      }
      if (!res.ok || !res.body) {
        const body: unknown = await res.json().catch(() => null);
        end(body ? ApiError.from(body) : new ApiError(res.status === 404 ? 'unknown_command' : 'internal', `服务器错误（${res.status}）`));
        return;
      }
      if (closed) return;
      handlers.open();
      const reader = res.body.getReader();
      const parser = new SseParser();
      try {
        for (;;) {
          const { done, value } = await reader.read();
          if (done || closed) break;
          handlers.alive();
          for (const m of parser.push(value)) {
            let event: ChangeEvent;
            try {
              event = JSON.parse(m.data) as ChangeEvent;
            } catch {
              continue;
            }
            if (closed) return;
            handlers.event(event, m.id);
          }
        }
      } catch {
        /* aborted or cut */
      }
      end(cut());
    })();
    return {
      close() {
        closed = true;
        abort.abort();
      },
    };
  }
}
