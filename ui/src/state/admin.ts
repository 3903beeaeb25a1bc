import { create } from 'zustand';
import type { CreateUserInput, Publication, ServerInfo, UpdateUserInput, User } from '../api';
import { call, callBinary, saveDownload } from './backend';
import { follow } from './live';
import { useSession } from './session';

interface AdminState {
  users: User[];
  serverInfo: ServerInfo | null;
  load: () => Promise<void>;
  createUser: (input: CreateUserInput) => Promise<void>;
  updateUser: (input: UpdateUserInput) => Promise<void>;
  /** Sign an account out on every computer; answers how many sessions ended. */
  signOutUser: (id: number) => Promise<number>;
  savePublication: (p: Publication) => Promise<void>;
  /** Version, LAN sharing, addresses, the TLS fingerprint and what keeps the workspace from being shared. */
  loadServerInfo: () => Promise<void>;
  /** A consistent copy of the workspace database. */
  backup: () => Promise<{ blob: Blob; fileName: string }>;
  /** Desktop: save the backup where the user picks (native dialog); null when cancelled. */
  saveBackup: () => Promise<string | null>;
}

function stamp(d: Date): string {
  const p = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}${p(d.getMonth() + 1)}${p(d.getDate())}-${p(d.getHours())}${p(d.getMinutes())}`;
}

function backupName() {
  return `园区编务备份-${stamp(new Date())}.db`;
}

export const useAdmin = create<AdminState>((set, get) => ({
  users: [],
  serverInfo: null,
  async load() {
    set({ users: await call('list_users', {}) });
  },
  async createUser(input) {
    await call('create_user', input);
    await get().load();
  },
  async updateUser(input) {
    await call('update_user', input);
    await get().load();
  },
  async signOutUser(id) {
    const out = await call('sign_out_user', { id });
    return out.sessions;
  },
  async savePublication(p) {
    const publication = await call('update_publication', p);
    useSession.setState({ publication });
  },
  async loadServerInfo() {
    set({ serverInfo: await call('server_info', {}) });
  },
  async backup() {
    const blob = await callBinary('backup_workspace', {});
    return { blob, fileName: backupName() };
  },
  async saveBackup() {
    return await saveDownload('backup_workspace', {}, backupName());
  },
}));

// Accounts created or changed by another admin.
follow('admin', {
  wants: (e) => e.kind === 'user' && useAdmin.getState().users.length > 0 && useSession.getState().has('admin'),
  refresh: () => useAdmin.getState().load(),
  delay: 300,
});
