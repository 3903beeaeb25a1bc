import { create } from 'zustand';
import type { CreateUserInput, Publication, UpdateUserInput, User } from '../api';
import { call } from './backend';
import { useSession } from './session';

interface AdminState {
  users: User[];
  load: () => Promise<void>;
  createUser: (input: CreateUserInput) => Promise<void>;
  updateUser: (input: UpdateUserInput) => Promise<void>;
  savePublication: (p: Publication) => Promise<void>;
}

export const useAdmin = create<AdminState>((set, get) => ({
  users: [],
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
  async savePublication(p) {
    const publication = await call('update_publication', p);
    useSession.setState({ publication });
  },
}));
