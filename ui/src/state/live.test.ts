import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { ApiError, type ChangeEvent, type EventHandlers } from '../api';
import { BACKOFF, LiveConnection, STALL_MS, type LiveSnapshot } from './live';

function ev(kind: ChangeEvent['kind'], id: number, more: Partial<ChangeEvent> = {}): ChangeEvent {
  return {
    seq: 1,
    kind,
    action: 'save',
    id,
    issue_id: null,
    revision: null,
    status: null,
    review_level: null,
    by: null,
    by_name: null,
    at: '2026-11-24T08:00:00Z',
    ...more,
  };
}

/** A transport whose connections the test opens, feeds and cuts. */
function transport() {
  const connections: { lastEventId: string | null; h: EventHandlers; closed: boolean }[] = [];
  const subscribe = (lastEventId: string | null, h: EventHandlers) => {
    const c = { lastEventId, h, closed: false };
    connections.push(c);
    return {
      close() {
        c.closed = true;
      },
    };
  };
  return { connections, subscribe, last: () => connections[connections.length - 1] };
}

describe('LiveConnection', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it('connects, reconnects after a cut with Last-Event-ID and backs off while the server is away', () => {
    const t = transport();
    const states: LiveSnapshot[] = [];
    const live = new LiveConnection(t.subscribe, (s) => states.push(s), () => {}, () => 0.5);
    live.start();
    expect(live.state.status).toBe('connecting');
    t.last().h.open();
    t.last().h.event(ev('article', 1), 'run-5');
    expect(live.state.status).toBe('connected');

    t.last().h.end(new ApiError('network', '与服务器的连接中断'));
    expect(live.state.status).toBe('reconnecting');
    expect(t.connections).toHaveLength(1);
    vi.advanceTimersByTime(BACKOFF[0]);
    expect(t.connections).toHaveLength(2);
    expect(t.last().lastEventId).toBe('run-5');

    // The server stays away: the waits grow, the state says offline.
    const waits: number[] = [];
    for (let i = 1; i < BACKOFF.length + 2; i++) {
      t.last().h.end(new ApiError('network', '无法连接服务器'));
      expect(live.state.status).toBe('offline');
      const before = t.connections.length;
      const wait = live.state.retryAt! - Date.now();
      waits.push(wait);
      vi.advanceTimersByTime(wait - 1);
      expect(t.connections).toHaveLength(before);
      vi.advanceTimersByTime(1);
      expect(t.connections).toHaveLength(before + 1);
    }
    expect(waits).toEqual([...BACKOFF.slice(1), BACKOFF[BACKOFF.length - 1], BACKOFF[BACKOFF.length - 1]]);

    t.last().h.open();
    expect(live.state).toMatchObject({ status: 'connected', attempt: 0, retryAt: null });
    expect(states.map((s) => s.status)).toContain('offline');
  });

  it('tries at once when asked, instead of waiting', () => {
    const t = transport();
    const live = new LiveConnection(t.subscribe, () => {}, () => {}, () => 0.5);
    live.start();
    t.last().h.end(new ApiError('network', 'x'));
    expect(live.state.status).toBe('offline');
    live.retryNow();
    expect(t.connections).toHaveLength(2);
    // The pending timer was dropped: no third attempt on its own.
    vi.advanceTimersByTime(BACKOFF[0] * 2);
    expect(t.connections).toHaveLength(2);
  });

  it('takes a silent stream as cut, and keep-alives as life', () => {
    const t = transport();
    const live = new LiveConnection(t.subscribe, () => {}, () => {}, () => 0.5);
    live.start();
    t.last().h.open();
    vi.advanceTimersByTime(STALL_MS - 1000);
    t.last().h.alive();
    vi.advanceTimersByTime(STALL_MS - 1000);
    expect(live.state.status).toBe('connected');
    vi.advanceTimersByTime(1000);
    expect(live.state.status).toBe('reconnecting');
    expect(t.connections[0].closed).toBe(true);
  });

  it('reconnects when a command could not reach the server, and shows offline while it stays away', () => {
    const t = transport();
    const live = new LiveConnection(t.subscribe, () => {}, () => {}, () => 0.5);
    live.start();
    t.last().h.open();
    t.last().h.event(ev('issue', 1), 'k-4');
    live.suspect();
    expect(t.connections[0].closed).toBe(true);
    expect(live.state.status).toBe('reconnecting');
    vi.advanceTimersByTime(BACKOFF[0]);
    expect(t.last().lastEventId).toBe('k-4');
    t.last().h.end(new ApiError('network', 'x'));
    expect(live.state.status).toBe('offline');
    // Not while already away.
    live.suspect();
    expect(t.connections).toHaveLength(2);
  });

  it('stops on a 401 and tells the session; a transport without events is left alone', () => {
    const t = transport();
    const ended: string[] = [];
    const live = new LiveConnection(t.subscribe, () => {}, (e) => ended.push(e.code));
    live.start();
    t.last().h.end(new ApiError('unauthorized', '登录已失效'));
    expect(live.state.status).toBe('stopped');
    expect(ended).toEqual(['unauthorized']);
    vi.advanceTimersByTime(60_000);
    expect(t.connections).toHaveLength(1);

    live.start();
    t.last().h.end(new ApiError('unknown_command', '桌面程序暂不支持实时更新'));
    expect(live.state.status).toBe('unavailable');
    vi.advanceTimersByTime(60_000);
    expect(t.connections).toHaveLength(2);
  });

  it('hands each change to the stores that want it, once per burst', async () => {
    const t = transport();
    const live = new LiveConnection(t.subscribe);
    const inbox: ChangeEvent[][] = [];
    const layout: ChangeEvent[][] = [];
    live.follow('inbox', { wants: (e) => e.kind === 'review', refresh: (evs) => void inbox.push(evs), delay: 100 });
    live.follow('layout', { wants: (e) => e.kind === 'plan' && e.id === 7, refresh: (evs) => void layout.push(evs) });
    live.start();
    t.last().h.open();
    t.last().h.event(ev('review', 1, { action: 'submit' }), 'r-1');
    t.last().h.event(ev('review', 2, { action: 'approve' }), 'r-2');
    t.last().h.event(ev('plan', 8), 'r-3');
    await vi.advanceTimersByTimeAsync(99);
    expect(inbox).toEqual([]);
    await vi.advanceTimersByTimeAsync(1);
    expect(inbox.map((b) => b.map((e) => e.id))).toEqual([[1, 2]]);
    // A burst that keeps coming still refreshes a delay after its first change.
    for (let i = 0; i < 5; i++) {
      t.last().h.event(ev('review', 3), `r-${4 + i}`);
      await vi.advanceTimersByTimeAsync(30);
    }
    expect(inbox).toHaveLength(2);
    await vi.advanceTimersByTimeAsync(200);
    expect(inbox).toHaveLength(3);
    expect(layout).toEqual([]);
    t.last().h.event(ev('plan', 7), 'r-9');
    await vi.advanceTimersByTimeAsync(200);
    expect(layout).toHaveLength(1);
  });

  it('does not overlap a store’s refreshes: changes during one wait for it', async () => {
    const t = transport();
    const live = new LiveConnection(t.subscribe);
    let release!: () => void;
    const calls: number[][] = [];
    live.follow('list', {
      wants: () => true,
      refresh: (evs) => {
        calls.push(evs.map((e) => e.id));
        return new Promise<void>((r) => (release = r));
      },
      delay: 10,
    });
    live.start();
    t.last().h.event(ev('article', 1), 'a-1');
    vi.advanceTimersByTime(10);
    t.last().h.event(ev('article', 2), 'a-2');
    vi.advanceTimersByTime(50);
    expect(calls).toEqual([[1]]);
    release();
    await vi.advanceTimersByTimeAsync(10);
    expect(calls).toEqual([[1], [2]]);
  });

  it('refreshes everything on resync, and after a reconnect it could not catch up from', async () => {
    const t = transport();
    const live = new LiveConnection(t.subscribe, () => {}, () => {}, () => 0.5);
    const got: boolean[] = [];
    live.follow('a', { wants: () => false, refresh: (_e, resync) => void got.push(resync) });
    live.follow('b', { wants: () => false, refresh: (_e, resync) => void got.push(resync) });
    live.start();
    t.last().h.open();
    t.last().h.event(ev('resync', 0, { action: 'resync' }), 'z-9');
    await vi.advanceTimersByTimeAsync(200);
    expect(got).toEqual([true, true]);

    // A fresh start that never saw an event: a reconnect refetches all.
    live.start();
    t.last().h.open();
    t.last().h.end(new ApiError('network', 'x'));
    await vi.advanceTimersByTimeAsync(BACKOFF[0]);
    expect(t.last().lastEventId).toBeNull();
    t.last().h.open();
    await vi.advanceTimersByTimeAsync(200);
    expect(got).toEqual([true, true, true, true]);
  });

  it('forgets pending refreshes and reports nothing after stop', () => {
    const t = transport();
    const live = new LiveConnection(t.subscribe);
    const calls: number[] = [];
    live.follow('x', { wants: () => true, refresh: () => void calls.push(1) });
    live.start();
    t.last().h.event(ev('issue', 1), 'i-1');
    live.stop();
    vi.advanceTimersByTime(1000);
    expect(calls).toEqual([]);
    expect(t.last().closed).toBe(true);
    expect(live.state.status).toBe('stopped');
  });
});
