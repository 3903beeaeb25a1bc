/**
 * Live updates: one connection to the workspace's change events
 * (`GET /api/events` in a browser, `zonepress://event` in the desktop app),
 * its state for the connection banner, and the dispatch of each change to
 * the stores that show what it touched.
 *
 * A store says what it follows with `follow(name, { wants, refresh })`: it
 * is asked whether a change concerns what it shows, and then — a short
 * moment after the first such change, so that a burst costs one request —
 * to refetch that. A `resync` (the server lost track of what this client
 * missed) and a reconnect without a known last event refresh every store.
 *
 * When the stream ends the connection comes back by itself, waiting longer
 * after each failure (BACKOFF); a stream that stays silent past STALL_MS
 * (the server sends a keep-alive every 15 s) is taken as cut.
 */
import { create } from 'zustand';
import { ApiError, type ChangeEvent, type EventHandlers, type EventSubscription } from '../api';
import { inBackground, sessionEnded, subscribeEvents, whenNetworkFails } from './backend';

export type LiveStatus =
  /** Not signed in. */
  | 'stopped'
  /** The first connection is being made. */
  | 'connecting'
  | 'connected'
  /** The stream was cut; trying again at once. */
  | 'reconnecting'
  /** The server cannot be reached; trying again after `retryAt`. */
  | 'offline'
  /** This transport has no event stream: stores refresh on their own. */
  | 'unavailable';

export interface LiveSnapshot {
  status: LiveStatus;
  /** Failed attempts since the last connection. */
  attempt: number;
  /** When the next attempt is made (ms since the epoch), while offline. */
  retryAt: number | null;
  /** The last failure, in Chinese. */
  error: string | null;
}

export interface Follower {
  /** Does this change touch what the store shows? */
  wants(event: ChangeEvent): boolean;
  /**
   * Refetch what the store shows. `events` are the wanted changes since the
   * last call; `resync` is true when anything may have changed.
   */
  refresh(events: ChangeEvent[], resync: boolean): Promise<unknown> | void;
  /** Milliseconds from the first wanted change to the refresh (default 200). */
  delay?: number;
}

/** Waits before the 1st, 2nd, … attempt after a failure (the last repeats). */
export const BACKOFF = [1000, 2000, 5000, 10_000, 20_000, 30_000];
/** No bytes for this long: the stream is taken as cut (keep-alives come every 15 s). */
export const STALL_MS = 45_000;
export const DEFAULT_DELAY = 200;

type Subscribe = (lastEventId: string | null, handlers: EventHandlers) => EventSubscription;

interface FollowerState {
  follower: Follower;
  pending: ChangeEvent[];
  resync: boolean;
  timer: ReturnType<typeof setTimeout> | null;
  running: boolean;
}

export class LiveConnection {
  private sub: EventSubscription | null = null;
  private lastEventId: string | null = null;
  private retryTimer: ReturnType<typeof setTimeout> | null = null;
  private stallTimer: ReturnType<typeof setTimeout> | null = null;
  private followers = new Map<string, FollowerState>();
  private everConnected = false;
  private lostSinceConnected = false;
  private snapshot: LiveSnapshot = { status: 'stopped', attempt: 0, retryAt: null, error: null };

  constructor(
    private readonly subscribe: Subscribe,
    private readonly onSnapshot: (s: LiveSnapshot) => void = () => {},
    private readonly onSessionEnded: (error: ApiError) => void = () => {},
    /** Jitter source: 0.5 gives the BACKOFF waits exactly. */
    private readonly random: () => number = Math.random,
  ) {}

  get state(): LiveSnapshot {
    return this.snapshot;
  }

  /** Register a store; answers the function that unregisters it. */
  follow(name: string, follower: Follower): () => void {
    const old = this.followers.get(name);
    if (old?.timer) clearTimeout(old.timer);
    const st: FollowerState = { follower, pending: [], resync: false, timer: null, running: false };
    this.followers.set(name, st);
    return () => {
      if (this.followers.get(name) === st) {
        if (st.timer) clearTimeout(st.timer);
        this.followers.delete(name);
      }
    };
  }

  /** Connect (after signing in). */
  start() {
    this.stop();
    this.lastEventId = null;
    this.everConnected = false;
    this.lostSinceConnected = false;
    this.set({ status: 'connecting', attempt: 0, retryAt: null, error: null });
    this.connect();
  }

  /** Disconnect (signing out); pending refreshes are dropped. */
  stop() {
    this.sub?.close();
    this.sub = null;
    this.clearTimers();
    for (const st of this.followers.values()) {
      if (st.timer) clearTimeout(st.timer);
      st.timer = null;
      st.pending = [];
      st.resync = false;
    }
    if (this.snapshot.status !== 'stopped') this.set({ status: 'stopped', attempt: 0, retryAt: null, error: null });
  }

  /** Try now instead of waiting (the 立即重试 button, the browser coming back online). */
  retryNow() {
    if (this.snapshot.status !== 'offline' && this.snapshot.status !== 'reconnecting') return;
    if (this.retryTimer) clearTimeout(this.retryTimer);
    this.retryTimer = null;
    this.connect();
  }

  /**
   * A command could not reach the server: the stream may be cut without
   * having noticed (a half-open connection). Reconnect, catching up from the
   * last event; while the server stays away this shows as offline.
   */
  suspect() {
    if (this.snapshot.status !== 'connected') return;
    this.sub?.close();
    this.sub = null;
    this.ended(new ApiError('network', '无法连接服务器，请检查网络或服务是否已启动'));
  }

  /** Hand a change to the stores (also used for changes made in this window, if wanted). */
  dispatch(event: ChangeEvent) {
    if (event.kind === 'resync') {
      this.refreshAll();
      return;
    }
    for (const st of this.followers.values()) {
      let wanted: boolean;
      try {
        wanted = st.follower.wants(event);
      } catch {
        wanted = false;
      }
      if (!wanted) continue;
      st.pending.push(event);
      this.schedule(st);
    }
  }

  /** Every store refetches what it shows. */
  refreshAll() {
    for (const st of this.followers.values()) {
      st.resync = true;
      this.schedule(st);
    }
  }

  private schedule(st: FollowerState) {
    if (st.timer || st.running) return;
    st.timer = setTimeout(() => {
      st.timer = null;
      void this.run(st);
    }, st.follower.delay ?? DEFAULT_DELAY);
  }

  private async run(st: FollowerState) {
    const events = st.pending;
    const resync = st.resync;
    st.pending = [];
    st.resync = false;
    st.running = true;
    try {
      // a refresh is the UI's doing, not the user's (idle timeout)
      await inBackground(() => st.follower.refresh(events, resync));
    } catch {
      /* the store shows its own errors; the next change tries again */
    } finally {
      st.running = false;
    }
    if (st.pending.length || st.resync) this.schedule(st);
  }

  private connect() {
    this.sub?.close();
    const handlers: EventHandlers = {
      open: () => this.opened(),
      alive: () => this.armStall(),
      event: (event, id) => {
        if (this.snapshot.status !== 'connected') this.opened();
        if (id) this.lastEventId = id;
        this.dispatch(event);
      },
      end: (error) => this.ended(error),
    };
    const sub = this.subscribe(this.lastEventId, handlers);
    // `end` may have been called already (no token, say).
    if (this.snapshot.status !== 'stopped' && this.snapshot.status !== 'unavailable') this.sub = sub;
    else sub.close();
  }

  private opened() {
    if (this.snapshot.status === 'connected') return;
    const catchUp = this.lostSinceConnected && this.lastEventId === null;
    this.everConnected = true;
    this.lostSinceConnected = false;
    this.set({ status: 'connected', attempt: 0, retryAt: null, error: null });
    this.armStall();
    // Reconnected without a last event the server could catch up from.
    if (catchUp) this.refreshAll();
  }

  private ended(error: ApiError) {
    this.sub = null;
    this.clearTimers();
    if (error.code === 'unauthorized' || error.code === 'password_change_required') {
      this.set({ status: 'stopped', attempt: 0, retryAt: null, error: error.message });
      this.onSessionEnded(error);
      return;
    }
    if (error.code === 'unknown_command') {
      this.set({ status: 'unavailable', attempt: 0, retryAt: null, error: null });
      return;
    }
    if (this.everConnected) this.lostSinceConnected = true;
    const attempt = this.snapshot.attempt + 1;
    const base = BACKOFF[Math.min(attempt - 1, BACKOFF.length - 1)];
    const wait = Math.round(base * (0.8 + 0.4 * this.random()));
    const status: LiveStatus = this.snapshot.status === 'connected' ? 'reconnecting' : 'offline';
    this.set({ status, attempt, retryAt: Date.now() + wait, error: error.message });
    this.retryTimer = setTimeout(() => {
      this.retryTimer = null;
      this.connect();
    }, wait);
  }

  private armStall() {
    if (this.stallTimer) clearTimeout(this.stallTimer);
    this.stallTimer = setTimeout(() => {
      this.stallTimer = null;
      if (this.snapshot.status !== 'connected') return;
      this.sub?.close();
      this.sub = null;
      this.ended(new ApiError('network', '与服务器的连接中断'));
    }, STALL_MS);
  }

  private clearTimers() {
    if (this.retryTimer) clearTimeout(this.retryTimer);
    if (this.stallTimer) clearTimeout(this.stallTimer);
    this.retryTimer = null;
    this.stallTimer = null;
  }

  private set(s: LiveSnapshot) {
    this.snapshot = s;
    this.onSnapshot(s);
  }
}

/** The connection's state, for the banner and for stores that wait for it. */
export const useLive = create<LiveSnapshot & { retryNow: () => void }>(() => ({
  status: 'stopped',
  attempt: 0,
  retryAt: null,
  error: null,
  retryNow: () => live.retryNow(),
}));

/** The app's one connection. */
export const live = new LiveConnection(
  subscribeEvents,
  (s) => useLive.setState(s),
  (error) => sessionEnded(error),
);

whenNetworkFails(() => live.suspect());

/** Register a store's interest in changes (see Follower). */
export function follow(name: string, follower: Follower): () => void {
  return live.follow(name, follower);
}

/** True while changes made elsewhere arrive by themselves. */
export function isLive(): boolean {
  return live.state.status === 'connected';
}

if (typeof window !== 'undefined') {
  window.addEventListener('online', () => live.retryNow());
  document.addEventListener('visibilitychange', () => {
    if (document.visibilityState === 'visible') live.retryNow();
  });
}
