import { create } from 'zustand';
import type { ArticleContent, ImportResult, ProposedArticle } from '../api';
import { ApiError } from '../api';
import i18n from '../i18n';
import { call } from './backend';
import { fileToBase64, previewContent, type HeadlineEdits, type HeadlineField } from '../doc/importText';

/**
 * Largest file sent to the server. The HTTP server takes at most 96 MB per
 * request and base64 inflates by 4/3, so a bigger file could never arrive.
 */
export const MAX_FILE_BYTES = 70 * 1024 * 1024;

/** One file on the import screen. */
export interface ImportFile {
  key: string;
  file: File;
  status: 'reading' | 'ready' | 'failed';
  proposal: ProposedArticle | null;
  /** Why the file cannot be imported, in Chinese. */
  error: string | null;
  /** Indices of the suggested fixes to apply (all, at first). */
  chosen: number[];
  /** Indices of the proposal's body blocks the editor removed. */
  removed: number[];
  /** Headline fields as retyped by the editor. */
  edits: HeadlineEdits;
  kind: ArticleContent['kind'] | null;
}

/** The article a file will become, as previewed. */
export function contentOf(f: ImportFile): ArticleContent | null {
  if (!f.proposal) return null;
  const c = previewContent(f.proposal.content, f.proposal.fixes, f.chosen, f.removed, f.edits);
  return f.kind ? { ...c, kind: f.kind } : c;
}

/**
 * No title was found in the file: the proposed one is a stand-in (待定标题)
 * until the editor types another.
 */
export function titlePending(f: ImportFile): boolean {
  const p = f.proposal;
  if (!p?.warnings.some((w) => w.code === 'title_pending')) return false;
  return f.edits.title === undefined || f.edits.title.trim() === p.content.title;
}

export type ImportPhase = 'preview' | 'importing' | 'done';

interface ImportsState {
  files: ImportFile[];
  phase: ImportPhase;
  /** Files sent so far and to send, during the import. */
  progress: { done: number; total: number; current: string };
  results: ImportResult[];
  /** Add chosen or dropped files and read each into a preview. */
  addFiles: (files: File[]) => void;
  remove: (key: string) => void;
  setFix: (key: string, index: number, on: boolean) => void;
  setAllFixes: (key: string, on: boolean) => void;
  editField: (key: string, field: HeadlineField, value: string) => void;
  setKind: (key: string, kind: ArticleContent['kind']) => void;
  removeBlock: (key: string, index: number) => void;
  restoreBlocks: (key: string) => void;
  /** Import every previewed file into the issue, one request per file. */
  importAll: (issueId: number | null) => Promise<void>;
  /** Clear the screen for another batch. */
  reset: () => void;
}

function failedResult(file_name: string, error: NonNullable<ImportResult['error']>): ImportResult {
  return { file_name, article_id: null, title: null, error, warnings: [], title_pending: false };
}

let seq = 0;
const fileKey = (f: File) => `${f.name}:${f.size}:${f.lastModified}`;

export const useImports = create<ImportsState>((set, get) => {
  const patch = (key: string, p: Partial<ImportFile> | ((f: ImportFile) => Partial<ImportFile>)) =>
    set((s) => ({
      files: s.files.map((f) => (f.key === key ? { ...f, ...(typeof p === 'function' ? p(f) : p) } : f)),
    }));

  async function preview(key: string, file: File) {
    try {
      if (file.size > MAX_FILE_BYTES) {
        throw new ApiError('invalid_input', i18n.t('import.tooLarge', { mb: Math.ceil(file.size / 1048576), max: MAX_FILE_BYTES / 1048576 }));
      }
      const data_base64 = await fileToBase64(file);
      const [proposal] = await call('preview_import', { file_name: file.name, data_base64 });
      if (!proposal) throw new ApiError('invalid_input', i18n.t('import.nothing'));
      patch(key, { status: 'ready', proposal, chosen: proposal.fixes.map((_, i) => i) });
    } catch (e) {
      patch(key, { status: 'failed', error: ApiError.from(e).message });
    }
  }

  return {
    files: [],
    phase: 'preview',
    progress: { done: 0, total: 0, current: '' },
    results: [],

    addFiles(files) {
      if (get().phase !== 'preview') get().reset();
      const known = new Set(get().files.map((f) => fileKey(f.file)));
      const added: ImportFile[] = [];
      for (const file of files) {
        if (known.has(fileKey(file))) continue;
        known.add(fileKey(file));
        added.push({
          key: `f${++seq}`,
          file,
          status: 'reading',
          proposal: null,
          error: null,
          chosen: [],
          removed: [],
          edits: {},
          kind: null,
        });
      }
      set((s) => ({ files: [...s.files, ...added] }));
      for (const f of added) void preview(f.key, f.file);
    },

    remove(key) {
      set((s) => ({ files: s.files.filter((f) => f.key !== key) }));
    },

    setFix(key, index, on) {
      patch(key, (f) => ({
        chosen: on ? [...new Set([...f.chosen, index])].sort((a, b) => a - b) : f.chosen.filter((i) => i !== index),
      }));
    },

    setAllFixes(key, on) {
      patch(key, (f) => ({ chosen: on ? (f.proposal?.fixes.map((_, i) => i) ?? []) : [] }));
    },

    editField(key, field, value) {
      patch(key, (f) => ({ edits: { ...f.edits, [field]: value } }));
    },

    setKind(key, kind) {
      patch(key, { kind });
    },

    removeBlock(key, index) {
      patch(key, (f) => ({ removed: [...new Set([...f.removed, index])] }));
    },

    restoreBlocks(key) {
      patch(key, { removed: [] });
    },

    async importAll(issueId) {
      const { files, phase } = get();
      if (phase !== 'preview' || files.some((f) => f.status === 'reading')) return;
      const ready = files.filter((f) => f.status === 'ready');
      set({ phase: 'importing', results: [], progress: { done: 0, total: ready.length, current: '' } });
      const results: ImportResult[] = [];
      for (const [n, f] of ready.entries()) {
        set({ progress: { done: n, total: ready.length, current: f.file.name } });
        let result: ImportResult;
        try {
          const data_base64 = await fileToBase64(f.file);
          // What was previewed is what is imported: the content as shown,
          // with the chosen fixes applied, removed blocks left out.
          const content = contentOf(f) ?? undefined;
          const [r] = await call('import_articles', {
            issue_id: issueId ?? undefined,
            items: [{ file_name: f.file.name, data_base64, content }],
          });
          result = r ?? failedResult(f.file.name, { code: 'internal', message: i18n.t('import.nothing') });
        } catch (e) {
          const err = ApiError.from(e);
          result = failedResult(f.file.name, { code: err.code === 'network' ? 'internal' : err.code, message: err.message });
        }
        results.push(result);
        set({ results: [...results] });
      }
      // Files that could not even be previewed are listed with their reason.
      for (const f of files) {
        if (f.status === 'failed') {
          results.push(failedResult(f.file.name, { code: 'invalid_input', message: f.error ?? '' }));
        }
      }
      set({ phase: 'done', results, progress: { done: ready.length, total: ready.length, current: '' } });
    },

    reset() {
      set({ files: [], phase: 'preview', results: [], progress: { done: 0, total: 0, current: '' } });
    },
  };
});
