import { describe, expect, it } from 'vitest';
import { SseParser } from './sse';

const enc = new TextEncoder();

describe('SseParser', () => {
  it('reads one event with its id and JSON data', () => {
    const p = new SseParser();
    const out = p.push('id: ab12-7\ndata: {"seq":7,"kind":"article"}\n\n');
    expect(out).toEqual([{ id: 'ab12-7', event: 'message', data: '{"seq":7,"kind":"article"}' }]);
    expect(p.lastEventId).toBe('ab12-7');
  });

  it('completes a message only at the blank line, across chunks cut anywhere', () => {
    const wire = 'id: r-1\ndata: {"a":1}\n\nid: r-2\ndata: {"b":2}\n\n';
    for (let cut = 1; cut < wire.length; cut++) {
      const p = new SseParser();
      const got = [...p.push(wire.slice(0, cut)), ...p.push(wire.slice(cut))];
      expect(got.map((m) => [m.id, m.data])).toEqual([
        ['r-1', '{"a":1}'],
        ['r-2', '{"b":2}'],
      ]);
    }
  });

  it('accepts CRLF and lone CR line ends, also when a CRLF is split between chunks', () => {
    const p = new SseParser();
    expect(p.push('data: one\r\n\r\ndata: two\r\rdata: three\r')).toEqual([
      { id: null, event: 'message', data: 'one' },
      { id: null, event: 'message', data: 'two' },
    ]);
    // The \n that follows the \r of the last chunk is not an empty line.
    expect(p.push('\n')).toEqual([]);
    expect(p.push('\n').map((m) => m.data)).toEqual(['three']);
  });

  it('joins several data lines with a newline and keeps a value without the space', () => {
    const p = new SseParser();
    expect(p.push('data:first\ndata: second\ndata\n\n')[0].data).toBe('first\nsecond\n');
  });

  it('counts keep-alive comments and dispatches nothing for them', () => {
    const p = new SseParser();
    expect(p.push(':\n\n: keep-alive\n\n')).toEqual([]);
    expect(p.comments).toBe(2);
  });

  it('keeps the last id for messages that name none, and reads event and retry', () => {
    const p = new SseParser();
    const out = p.push('id: x-1\ndata: a\n\nevent: ping\ndata: b\n\nretry: 3000\nretry: soon\n\n');
    expect(out[1]).toEqual({ id: 'x-1', event: 'ping', data: 'b' });
    expect(p.retry).toBe(3000);
  });

  it('decodes UTF-8 split inside a character and drops a leading BOM', () => {
    const bytes = enc.encode('\ufeffdata: {"by_name":"林悦"}\n\n');
    const p = new SseParser();
    const out = [];
    for (const b of bytes) out.push(...p.push(new Uint8Array([b])));
    expect(out).toHaveLength(1);
    expect(JSON.parse(out[0].data)).toEqual({ by_name: '林悦' });
  });

  it('ignores an event without data and unknown fields', () => {
    const p = new SseParser();
    expect(p.push('id: y-3\nfoo: bar\n\n')).toEqual([]);
    expect(p.lastEventId).toBe('y-3');
  });
});
