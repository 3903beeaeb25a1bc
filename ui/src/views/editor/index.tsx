import { useEffect, useRef, useState } from 'react';
import { Alert, Spin } from 'antd';
import { useTranslation } from 'react-i18next';
import { ArticleEditor, type ArticleEditorHandle } from '../../editor/ArticleEditor';
import { useEditing } from '../../state/editing';
import { watchEditing } from '../../state/proof';
import { useHistory } from '../../state/history';
import { useNav } from '../../state/nav';
import { usePaste } from '../../state/paste';
import { usePresence } from '../../state/presence';
import { useSearch } from '../../state/search';
import { useSession } from '../../state/session';
import { isCorrespondentOnly } from '../../state/topics';
import { ConflictView } from './ConflictView';
import { SearchMarksBar } from '../search/SearchMarksBar';
import { HistoryDrawer } from './HistoryDrawer';
import { ArticleMarks } from '../pages/ArticleMarks';
import { BylineCredits } from '../stats/BylineCredits';
import { PdfPasteBar } from './PdfPasteBar';
import { useLiveFindings } from '../proof/ProofPanel';
import { ArticleAlerts } from './ArticleAlerts';
import { EditorSide } from './EditorSide';
import { EditorToolbar } from './EditorToolbar';
import { HeadlineFields } from './HeadlineFields';
import { LengthLine } from './LengthLine';
import { MetadataForm } from './MetadataForm';
import { useArticleSession } from './useArticleSession';
import { useFindingMarks } from './useFindingMarks';
import { useSearchReveal } from './useSearchReveal';

/**
 * The article editor screen: the toolbar, the notices, then the paper
 * (headlines, metadata, credits and marks, the body, its length) beside the
 * 校对 panel. Each part reads what it needs; this screen holds only what they
 * share: what may be edited, which panels are open, the editor handle.
 */
export function EditorView({ id }: { id: number }) {
  const { t } = useTranslation();
  const go = useNav((s) => s.go);
  // Check the text while it is typed (see state/proof.ts).
  useEffect(() => watchEditing(), []);
  const { article, fields, resetKey, saveState, conflict, merging, draft, update, replace } = useEditing();
  const presenceMode = usePresence((s) => s.mode);
  const loadRecord = useHistory((s) => s.loadRecord);
  const mayWrite = useSession((s) => s.has('editor') || s.has('correspondent'));
  const correspondentOnly = useSession((s) => isCorrespondentOnly(s.user?.roles));
  const [historyOpen, setHistoryOpen] = useState(false);
  const [proofOpen, setProofOpen] = useState(true);
  const proof = useLiveFindings();
  const editorRef = useRef<ArticleEditorHandle>(null);
  const pastedPlainText = usePaste((s) => s.pasted);
  const { bodyMarks, headlineRefs, selectFinding } = useFindingMarks(proof.items, editorRef);
  const loadError = useArticleSession(id);
  const opened = useSearchReveal(id, article?.id === id, resetKey, editorRef);
  const clearOpened = useSearch((s) => s.clearOpened);

  if (loadError) return <Alert type="error" showIcon title={loadError} />;
  if (!article || !fields) return <Spin />;

  const editable =
    mayWrite && article.status !== 'withdrawn' && saveState !== 'conflict' && !draft && presenceMode === 'edit';

  return (
    <div className="zp-editor-view">
      <EditorToolbar
        article={article}
        editable={editable}
        proofOpen={proofOpen}
        proofErrors={proof.errors}
        onToggleProof={() => setProofOpen((o) => !o)}
        onOpenHistory={() => setHistoryOpen(true)}
      />
      <ArticleAlerts article={article} editable={editable} mayWrite={mayWrite} />
      {opened && (
        <SearchMarksBar
          opened={opened}
          onNext={() => editorRef.current?.revealHighlight(null, true)}
          onClear={clearOpened}
          onBack={() => go({ name: 'search', q: useSearch.getState().query })}
        />
      )}

      {conflict ? (
        <ConflictView conflict={conflict} />
      ) : (
        <div className={proofOpen || merging ? 'zp-editor-main with-proof' : 'zp-editor-main'}>
          <div className="zp-paper">
            <HeadlineFields
              fields={fields}
              editable={editable}
              terms={opened?.terms}
              items={proof.items}
              refs={headlineRefs}
              onChange={update}
              onSelect={selectFinding}
            />
            <MetadataForm fields={fields} editable={editable} onChange={update} priority={!correspondentOnly} />
            {/* A 通讯员 sees neither the byline's contributors nor the proof marks (the core refuses them). */}
            {!correspondentOnly && (
              <BylineCredits
                articleId={article.id}
                revision={article.revision}
                dirty={fields.byline !== article.byline || saveState === 'dirty' || saveState === 'saving'}
              />
            )}
            {!correspondentOnly && <ArticleMarks articleId={article.id} />}
            <PdfPasteBar />
            <ArticleEditor
              ref={editorRef}
              findings={bodyMarks}
              highlight={opened?.terms}
              blocks={fields.body}
              resetKey={resetKey}
              editable={editable}
              labels={{
                placeholder: t('editor.bodyPh'),
                paragraph: t('editor.paragraph'),
                subhead: t('editor.subhead'),
                brief: t('editor.brief'),
              }}
              onChange={(body) => {
                if (editable) update({ body });
              }}
              onPastePlainText={editable ? pastedPlainText : undefined}
            />
            <LengthLine fields={fields} />
          </div>
          <EditorSide open={proofOpen} editable={editable} onSelect={selectFinding} onClose={() => setProofOpen(false)} />
        </div>
      )}
      <HistoryDrawer
        open={historyOpen}
        onClose={() => setHistoryOpen(false)}
        article={article}
        onRestored={(a) => {
          replace(a);
          void loadRecord(a.id);
        }}
      />
    </div>
  );
}
