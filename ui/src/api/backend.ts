import type { Commands } from './types.gen';

export type CommandName = keyof Commands;
export type Input<C extends CommandName> = Commands[C]['input'];
export type Output<C extends CommandName> = Commands[C]['output'];

/**
 * How the UI reaches the Rust core. The desktop app uses Tauri's IPC, a
 * browser uses HTTP; both carry the same commands and errors. Only the
 * stores in state/ call this.
 */
export interface Backend {
  readonly kind: 'tauri' | 'http';
  call<C extends CommandName>(command: C, input: Input<C>, token: string | null): Promise<Output<C>>;
  /** Commands that answer with bytes (PDF, PNG). */
  callBinary(command: string, input: unknown, token: string | null): Promise<Blob>;
  /** Desktop only: ask where to save, export the issue there with its manifest; null when cancelled. */
  saveExport?(issueId: number, options: unknown, fileName: string, token: string | null): Promise<string | null>;
  /** Desktop only: open a file exported in this session with the system viewer. */
  openExported?(path: string): Promise<void>;
}
