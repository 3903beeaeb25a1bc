import { create } from 'zustand';
import type { CleanedText } from '../api';
import { ApiError } from '../api';
import i18n from '../i18n';
import { call } from './backend';
import type { ReplacePasted } from '../editor/pastedText';
import { looksLikePdfText } from '../doc/importText';

interface PasteState {
  /** Text just pasted into the body that looks like a PDF extraction. */
  offer: { text: string; replace: ReplacePasted } | null;
  cleaning: boolean;
  /** What the last cleanup did. */
  done: CleanedText | null;
  error: string | null;
  /** Called by the editor for every plain-text paste. */
  pasted: (text: string, replace: ReplacePasted) => void;
  /** Clean the offered text on the server and put it in place of the paste. */
  clean: () => Promise<void>;
  dismiss: () => void;
}

export const usePaste = create<PasteState>((set, get) => ({
  offer: null,
  cleaning: false,
  done: null,
  error: null,

  pasted(text, replace) {
    if (looksLikePdfText(text)) set({ offer: { text, replace }, done: null, error: null });
  },

  async clean() {
    const offer = get().offer;
    if (!offer || get().cleaning) return;
    set({ cleaning: true, error: null });
    try {
      const cleaned = await call('clean_pdf_text', { text: offer.text });
      const paragraphs = cleaned.text.split('\n').filter((p) => p.trim() !== '');
      if (offer.replace(paragraphs)) set({ offer: null, done: cleaned });
      else set({ offer: null, error: i18n.t('import.paste.changed') });
    } catch (e) {
      set({ error: ApiError.from(e).message });
    } finally {
      set({ cleaning: false });
    }
  },

  dismiss() {
    set({ offer: null, done: null, error: null });
  },
}));
