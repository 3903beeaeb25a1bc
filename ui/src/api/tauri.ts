import { invoke } from '@tauri-apps/api/core';
import { ApiError } from './errors';
import type { Backend, CommandName, Input, Output } from './backend';

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
}
