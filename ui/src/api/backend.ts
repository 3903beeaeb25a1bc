import type { ApiError } from './errors';
import type { Commands, Event as ChangeEvent } from './types.gen';
import type { CreateWorkspaceInput, DesktopStatus, ProbeResult, SharingStatus } from './desktop.gen';

export type CommandName = keyof Commands;
export type Input<C extends CommandName> = Commands[C]['input'];
export type Output<C extends CommandName> = Commands[C]['output'];

/**
 * How the UI reaches the Rust core. The desktop app uses Tauri's IPC, a
 * browser uses HTTP; both carry the same commands and errors. Only the
 * stores in state/ call this.
 */
/** Bytes a command answered, with the id it recorded them as (null when it recorded none). */
export interface Recorded {
  blob: Blob;
  recordId: string | null;
}

/** How one command is sent. */
export interface CallOptions {
  /**
   * The UI sends it on its own (a refresh after a change event, a poll),
   * not for something the user did: it does not count as using the
   * session, so the idle timeout still ends an unattended one.
   */
  background?: boolean;
}

export interface Backend {
  readonly kind: 'tauri' | 'http';
  call<C extends CommandName>(command: C, input: Input<C>, token: string | null, options?: CallOptions): Promise<Output<C>>;
  /** Commands that answer with bytes (PDF, PNG). */
  callBinary(command: string, input: unknown, token: string | null): Promise<Blob>;
  /**
   * A command that answers with bytes and records them (an export): the
   * bytes with the id they were recorded as, so that what belongs to them
   * (the manifest) is asked for by that id, not as "the latest".
   */
  callRecorded?(command: string, input: unknown, token: string | null): Promise<Recorded>;
  /** Desktop only: ask where to save, export the issue there with its manifest; null when cancelled. */
  saveExport?(issueId: number, options: unknown, fileName: string, token: string | null): Promise<string | null>;
  /** Desktop only: open a file exported in this session with the system viewer. */
  openExported?(path: string): Promise<void>;
  /** Desktop only: the shell's modes, 局域网共享 and the native save dialog. */
  readonly desktop?: DesktopShell;
  /**
   * Listen to the workspace's change events (one connection; the caller
   * reconnects). `lastEventId` is the id of the last event seen, so that the
   * server sends what was missed (or a `resync`).
   */
  subscribeEvents(token: string, lastEventId: string | null, handlers: EventHandlers): EventSubscription;
}

/** What a transport reports about one event connection. */
export interface EventHandlers {
  /** Connected: events follow. */
  open(): void;
  /** One change, with its id (`<run>-<seq>`) for reconnecting. */
  event(event: ChangeEvent, id: string | null): void;
  /** Bytes arrived (an event or a keep-alive): the connection is alive. */
  alive(): void;
  /**
   * The connection ended or could not be made: `unauthorized` when the
   * session ended, `network` when the server is unreachable or the stream
   * was cut, `unknown_command` when this transport has no event stream.
   * Never called after `close()`.
   */
  end(error: ApiError): void;
}

export interface EventSubscription {
  /** Stop listening; no handler is called afterwards. */
  close(): void;
}

/**
 * The desktop shell's own commands: the mode (本机工作区, 连接办公室服务器,
 * first launch), 局域网共享 and saving files with the native dialog. Only
 * the shell knows the mode; `call` goes wherever it points.
 */
export interface DesktopShell {
  status(): Promise<DesktopStatus>;
  createWorkspace(input: CreateWorkspaceInput): Promise<DesktopStatus>;
  openDemo(): Promise<DesktopStatus>;
  useLocal(): Promise<DesktopStatus>;
  probe(address: string): Promise<ProbeResult>;
  /** Over HTTPS the first time, `fingerprint` is the one the user confirmed. */
  connect(address: string, fingerprint: string | null): Promise<DesktopStatus>;
  forget(address: string): Promise<DesktopStatus>;
  sharingStatus(token: string | null): Promise<SharingStatus>;
  setSharing(token: string | null, enabled: boolean, port: number | null, https: boolean | null): Promise<SharingStatus>;
  /** Run a file command and save its answer where the user picks; null when cancelled. */
  saveDownload(command: string, input: unknown, fileName: string, token: string | null): Promise<string | null>;
  /** The first usable screen is shown (the shell logs the start-up time once). */
  ready(screen: 'sign_in' | 'first_launch', pageMs: number, scriptsMs: number | null): Promise<void>;
  /** Show a system notification (Tauri's notification plugin). */
  notify(title: string, body: string): Promise<void>;
}
