import { create } from 'zustand';
import { ApiError, type ArticleCheck, type ArticleFinding } from '../api';
import { call } from './backend';
import { follow } from './live';
import { fieldsOf } from '../doc/fields';
import { useEditing } from './editing';
import { applyFix, checkedText, countChars, placeFindings, savedSignatures, type PlacedFinding } from '../doc/proofText';

/** Milliseconds of quiet after typing before the text is checked. */
export const CHECK_DELAY = 300;

/** The last check of the text in the editor. */
export interface LiveCheck {
  articleId: number;
  /** The joined text that was checked. */
  text: string;
  findings: PlacedFinding[];
  /** Characters checked (whitespace excluded). */
  chars: number;
}

/** A live finding with what the saved article knows of it. */
export interface LiveItem {
  finding: PlacedFinding;
  /** The same finding in the saved article: it can be ignored by its key. */
  saved: ArticleFinding | null;
}

interface ProofState {
  live: LiveCheck | null;
  checking: boolean;
  error: string | null;
  /** `check_article` of the saved revision (editor and review screens). */
  saved: ArticleCheck | null;
  /** The saved findings by signature, when `saved` is of the revision in the editor. */
  savedBySignature: Map<string, ArticleFinding>;
  loadSaved: (articleId: number) => Promise<void>;
  /**
   * Leave a finding as it is, with the reason. An editor's ignore of an
   * error is only a proposal (answers 'proposed') until a proofreader confirms.
   */
  ignore: (key: string, reason: string) => Promise<'ignored' | 'proposed'>;
  /** Confirm (accept) or reject an editor's proposal to leave an error (proofreaders, admins). */
  reviewIgnore: (proposalId: number, accept: boolean, note?: string) => Promise<void>;
  unignore: (key: string) => Promise<void>;
  /** Apply a finding's replacement to the editor's fields; false when the text changed meanwhile. */
  fix: (finding: PlacedFinding) => boolean;
}

let savedSeq = 0;

export const useProof = create<ProofState>((set, get) => ({
  live: null,
  checking: false,
  error: null,
  saved: null,
  savedBySignature: new Map(),

  async loadSaved(articleId) {
    const my = ++savedSeq;
    const check = await call('check_article', { id: articleId });
    if (my !== savedSeq) return;
    setSaved(check);
  },

  async ignore(key, reason) {
    const saved = get().saved;
    if (!saved) return 'ignored';
    const check = await call('ignore_finding', { article_id: saved.article_id, key, reason });
    setSaved(check);
    return check.findings.find((f) => f.key === key)?.proposed ? 'proposed' : 'ignored';
  },

  async reviewIgnore(proposalId, accept, note) {
    setSaved(await call('review_ignore', { id: proposalId, accept, note: note || undefined }));
  },

  async unignore(key) {
    const saved = get().saved;
    if (!saved) return;
    setSaved(await call('unignore_finding', { article_id: saved.article_id, key }));
  },

  fix(finding) {
    const editing = useEditing.getState();
    if (!editing.fields || finding.replacement === null || finding.crosses) return false;
    const patch = applyFix(editing.fields, finding, finding.replacement);
    if (!patch) return false;
    if (patch.body) editing.updateAndRefresh(patch);
    else editing.update(patch);
    // Until the next check answers, the fixed finding is gone.
    const live = get().live;
    if (live) set({ live: { ...live, findings: live.findings.filter((f) => f !== finding) } });
    return true;
  },
}));

function setSaved(check: ArticleCheck) {
  const article = useEditing.getState().article;
  const bySig =
    article && article.id === check.article_id && article.revision === check.revision
      ? savedSignatures(fieldsOf(article), check.findings)
      : new Map<string, ArticleFinding>();
  useProof.setState({ saved: check, savedBySignature: bySig });
}

/** Live findings against the saved check: ignored ones left out, keys attached. */
export function liveItems(live: LiveCheck | null, bySig: Map<string, ArticleFinding>): LiveItem[] {
  if (!live) return [];
  const out: LiveItem[] = [];
  for (const finding of live.findings) {
    const saved = bySig.get(finding.signature) ?? null;
    if (saved?.ignored) continue;
    out.push({ finding, saved });
  }
  return out;
}

/**
 * Check the article in the editing store while it is edited: the text
 * CHECK_DELAY ms after the last change, the saved revision whenever it
 * changes. Returns the function that stops watching.
 */
export function watchEditing(): () => void {
  let timer: ReturnType<typeof setTimeout> | null = null;
  let seq = 0;

  const check = async () => {
    timer = null;
    const { fields, article } = useEditing.getState();
    if (!fields || !article) return;
    const text = checkedText(fields);
    const live = useProof.getState().live;
    if (live && live.articleId === article.id && live.text === text) return;
    const my = ++seq;
    useProof.setState({ checking: true });
    try {
      const findings = await call('check_text', { text, issue_id: article.issue_id ?? undefined });
      if (my !== seq) return;
      const now = useEditing.getState();
      // Typed on meanwhile: the next check is already on its way.
      if (!now.fields || now.article?.id !== article.id || checkedText(now.fields) !== text) return;
      useProof.setState({
        live: { articleId: article.id, text, findings: placeFindings(fields, findings), chars: countChars(text) },
        error: null,
      });
    } catch (e) {
      if (my === seq) useProof.setState({ error: ApiError.from(e).message });
    } finally {
      if (my === seq) useProof.setState({ checking: false });
    }
  };

  const schedule = (delay: number) => {
    if (timer) clearTimeout(timer);
    timer = setTimeout(() => void check(), delay);
  };

  const loadSaved = (id: number) => void useProof.getState().loadSaved(id).catch(() => {});

  const unsubscribe = useEditing.subscribe((s, prev) => {
    // Another article: its predecessor's findings must not show meanwhile.
    if (s.article?.id !== prev.article?.id) useProof.setState({ live: null, saved: null, savedBySignature: new Map() });
    if (s.fields !== prev.fields) schedule(prev.fields ? CHECK_DELAY : 0);
    if (s.article && (s.article.id !== prev.article?.id || s.article.revision !== prev.article?.revision)) {
      loadSaved(s.article.id);
    }
  });

  const now = useEditing.getState();
  if (now.fields) schedule(0);
  if (now.article) loadSaved(now.article.id);

  return () => {
    unsubscribe();
    if (timer) clearTimeout(timer);
    seq++;
    savedSeq++;
    useProof.setState({ live: null, checking: false, error: null, saved: null, savedBySignature: new Map() });
  };
}

// Ignores, proposals and their confirmation by someone else, on the article shown.
follow('proof', {
  wants: (e) => e.kind === 'proof' && e.id === useProof.getState().saved?.article_id,
  async refresh() {
    const id = useProof.getState().saved?.article_id;
    if (id !== undefined) await useProof.getState().loadSaved(id);
  },
  delay: 200,
});
