import { create } from 'zustand';
import type { PrintSettings, PrintSettingsView, ProfileInfo } from '../api';
import { call } from './backend';
import { fileToBase64 } from '../doc/importText';
import { follow } from './live';

interface PrintState {
  /** 印刷设置 with the profiles to choose from; null until loaded. */
  view: PrintSettingsView | null;
  load: () => Promise<void>;
  save: (settings: PrintSettings) => Promise<PrintSettingsView>;
  /** Import a print shop's .icc file; answers the profile (not yet chosen). */
  importProfile: (file: File) => Promise<ProfileInfo>;
  deleteProfile: (key: string) => Promise<void>;
}

export const usePrint = create<PrintState>((set, get) => ({
  view: null,
  async load() {
    set({ view: await call('get_print_settings', {}) });
  },
  async save(settings) {
    const view = await call('update_print_settings', settings);
    set({ view });
    return view;
  },
  async importProfile(file) {
    const info = await call('import_print_profile', { file_name: file.name, data_base64: await fileToBase64(file) });
    await get().load();
    return info;
  },
  async deleteProfile(key) {
    await call('delete_print_profile', { key });
    await get().load();
  },
}));

// Another admin changed the settings or the profiles.
follow('print', {
  wants: (e) => e.kind === 'publication' && (e.action === 'print' || e.action === 'print_profile') && usePrint.getState().view !== null,
  refresh: () => usePrint.getState().load(),
  delay: 300,
});
