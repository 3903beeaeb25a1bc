import { create } from 'zustand';
import type { RosterInput, RosterRow, WordInput, WordRow } from '../api';
import { call } from './backend';

interface ProofListsState {
  /** 人名职务表: who holds which title. */
  roster: RosterRow[];
  /** 易错词表: confusable words and deprecated expressions. */
  words: WordRow[];
  loadRoster: () => Promise<void>;
  saveRoster: (input: RosterInput) => Promise<void>;
  deleteRoster: (id: number) => Promise<void>;
  /** 排序: the ranked entries in their new order; the others lose their rank. */
  reorderRoster: (ids: number[]) => Promise<void>;
  loadWords: () => Promise<void>;
  saveWord: (input: WordInput) => Promise<void>;
  deleteWord: (id: number) => Promise<void>;
}

export const useProofLists = create<ProofListsState>((set, get) => ({
  roster: [],
  words: [],
  async loadRoster() {
    set({ roster: await call('list_roster', {}) });
  },
  async saveRoster(input) {
    await call('save_roster_entry', input);
    await get().loadRoster();
  },
  async deleteRoster(id) {
    await call('delete_roster_entry', { id });
    await get().loadRoster();
  },
  async reorderRoster(ids) {
    set({ roster: await call('reorder_roster', { ids }) });
  },
  async loadWords() {
    set({ words: await call('list_word_rules', {}) });
  },
  async saveWord(input) {
    await call('save_word_rule', input);
    await get().loadWords();
  },
  async deleteWord(id) {
    await call('delete_word_rule', { id });
    await get().loadWords();
  },
}));
