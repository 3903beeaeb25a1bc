/**
 * A small parser for server-sent events (the `text/event-stream` format of
 * the HTML standard), for reading `GET /api/events` with `fetch`: a browser
 * EventSource cannot send the `Authorization` header.
 *
 * Feed it the bytes as they arrive, in chunks of any size (a chunk may end
 * in the middle of a line or of a UTF-8 character); it answers the messages
 * that are complete.
 */

export interface SseMessage {
  /** The `id:` in force for this message (the last one seen), or null. */
  id: string | null;
  /** The `event:` name; `message` when none was given. */
  event: string;
  /** The `data:` lines, joined with `\n`. */
  data: string;
}

export class SseParser {
  private readonly decoder = new TextDecoder('utf-8');
  private buffer = '';
  /** A `\r` ended the last chunk: a `\n` opening the next one belongs to it. */
  private pendingCr = false;
  private firstLine = true;
  private data: string[] = [];
  private event = '';
  private lastId: string | null = null;
  /** Keep-alive and other comment lines seen (`: …`). */
  comments = 0;
  /** The server's `retry:` in milliseconds, when it sent one. */
  retry: number | null = null;

  /** The id of the last message (what a reconnect sends as `Last-Event-ID`). */
  get lastEventId(): string | null {
    return this.lastId;
  }

  /** Take the next chunk; answers the messages it completed. */
  push(chunk: Uint8Array | string): SseMessage[] {
    let text = typeof chunk === 'string' ? chunk : this.decoder.decode(chunk, { stream: true });
    if (this.pendingCr && text.startsWith('\n')) text = text.slice(1);
    this.pendingCr = false;
    this.buffer += text;
    const out: SseMessage[] = [];
    let start = 0;
    for (let i = 0; i < this.buffer.length; i++) {
      const c = this.buffer.charCodeAt(i);
      if (c !== 10 && c !== 13) continue;
      const line = this.buffer.slice(start, i);
      if (c === 13) {
        if (i + 1 < this.buffer.length) {
          if (this.buffer.charCodeAt(i + 1) === 10) i++;
        } else {
          this.pendingCr = true;
        }
      }
      start = i + 1;
      const message = this.line(line);
      if (message) out.push(message);
    }
    this.buffer = this.buffer.slice(start);
    return out;
  }

  private line(raw: string): SseMessage | null {
    let line = raw;
    if (this.firstLine) {
      this.firstLine = false;
      if (line.charCodeAt(0) === 0xfeff) line = line.slice(1);
    }
    if (line === '') return this.dispatch();
    if (line.startsWith(':')) {
      this.comments++;
      return null;
    }
    const colon = line.indexOf(':');
    const field = colon < 0 ? line : line.slice(0, colon);
    let value = colon < 0 ? '' : line.slice(colon + 1);
    if (value.startsWith(' ')) value = value.slice(1);
    switch (field) {
      case 'data':
        this.data.push(value);
        break;
      case 'event':
        this.event = value;
        break;
      case 'id':
        if (!value.includes('\0')) this.lastId = value;
        break;
      case 'retry':
        if (/^\d+$/.test(value)) this.retry = Number(value);
        break;
      default:
        // Unknown fields are ignored, as the standard asks.
        break;
    }
    return null;
  }

  private dispatch(): SseMessage | null {
    const data = this.data;
    const event = this.event;
    this.data = [];
    this.event = '';
    if (data.length === 0) return null;
    return { id: this.lastId, event: event || 'message', data: data.join('\n') };
  }
}
