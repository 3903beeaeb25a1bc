import { useEffect, useMemo, useRef, useState } from 'react';
import {
  Alert,
  App as AntApp,
  Badge,
  Button,
  Col,
  Input,
  InputNumber,
  Popconfirm,
  Row,
  Select,
  Space,
  Spin,
  Tooltip,
  Typography,
  type InputRef,
} from 'antd';
import {
  ArrowLeftOutlined,
  AuditOutlined,
  CheckCircleOutlined,
  CloudSyncOutlined,
  ExclamationCircleOutlined,
  FileSearchOutlined,
  HistoryOutlined,
  LoadingOutlined,
  SaveOutlined,
  SendOutlined,
} from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { ApiError, type ArticleKind, type Block } from '../api';
import { ArticleEditor, type ArticleEditorHandle } from '../editor/ArticleEditor';
import { codePointsToUtf16, type BodyMark } from '../editor/proofMarks';
import { useEditing } from '../state/editing';
import { watchEditing } from '../state/proof';
import { countChars, type PlacedFinding } from '../state/proofText';
import { useHistory } from '../state/history';
import { useNav } from '../state/nav';
import { usePaste } from '../state/paste';
import { usePresence } from '../state/presence';
import { useReview } from '../state/review';
import { useSearch } from '../state/search';
import { useSession } from '../state/session';
import { findMatches } from '../editor/searchMarks';
import { StatusTag } from './common';
import { isCorrespondentOnly } from '../state/topics';
import { ConflictView } from './editor/ConflictView';
import { DraftNotice, MergePanel, NewerNotice, YieldNotice } from './editor/EditorNotices';
import { PrioritySelect } from './editor/PrioritySelect';
import { SearchMarksBar } from './search/SearchMarksBar';
import { HistoryDrawer } from './HistoryDrawer';
import { ArticleMarks } from './pages/ArticleMarks';
import { BylineCredits } from './stats/BylineCredits';
import { PresenceBar } from './PresenceTags';
import { PdfPasteBar } from './PdfPasteBar';
import { FieldFindings, FieldUnderlay, ProofPanel, useLiveFindings } from './ProofPanel';
import { WechatButton } from './web/WechatButton';

/** 字数 the way the core counts it: every non-whitespace character of the body. */
export function countBody(blocks: Block[]): number {
  return blocks.reduce((n, b) => n + countChars(b.type === 'image' ? b.caption : b.text), 0);
}

function SaveIndicator() {
  const { t } = useTranslation();
  const { saveState, article, error } = useEditing();
  const content = {
    saved: (
      <span className="zp-save ok">
        <CheckCircleOutlined /> {t('editor.saved', { n: article?.revision ?? 0 })}
      </span>
    ),
    dirty: <span className="zp-save dirty">{t('editor.dirty')}</span>,
    saving: (
      <span className="zp-save">
        <LoadingOutlined /> {t('editor.saving')}
      </span>
    ),
    conflict: (
      <span className="zp-save bad">
        <ExclamationCircleOutlined /> {t('editor.conflict')}
      </span>
    ),
    offline: (
      <Tooltip title={t('editor.offlineHint')}>
        <span className="zp-save dirty">
          <CloudSyncOutlined /> {t('editor.offline')}
        </span>
      </Tooltip>
    ),
    error: (
      <Tooltip title={error}>
        <span className="zp-save bad">
          <ExclamationCircleOutlined /> {t('editor.error')}
        </span>
      </Tooltip>
    ),
  }[saveState];
  return <span data-testid="save-state" data-state={saveState}>{content}</span>;
}

/** The headline stack, each an input with its underlines and findings. */
const HEADLINE_FIELDS = ['kicker', 'title', 'subtitle'] as const;

export function EditorView({ id }: { id: number }) {
  const { t } = useTranslation();
  const { message } = AntApp.useApp();
  const go = useNav((s) => s.go);
  const {
    article,
    fields,
    resetKey,
    saveState,
    error,
    newer,
    conflict,
    merging,
    draft,
    load,
    update,
    save,
    reload,
    confirmTitle,
    replace,
    close,
  } = useEditing();
  const present = usePresence((s) => s.present);
  const presenceMode = usePresence((s) => s.mode);
  const yielded = usePresence((s) => s.yielded);
  const openPresence = usePresence((s) => s.open);
  const closePresence = usePresence((s) => s.close);
  const review = useReview();
  const record = useHistory((s) => s.record);
  const loadRecord = useHistory((s) => s.loadRecord);
  const user = useSession((s) => s.user);
  const mayWrite = useSession((s) => s.has('editor') || s.has('correspondent'));
  const correspondentOnly = useSession((s) => isCorrespondentOnly(s.user?.roles));
  const isReviewer = useSession((s) => s.has('reviewer'));
  const [historyOpen, setHistoryOpen] = useState(false);
  const [loadError, setLoadError] = useState<string | null>(null);
  const mayProofread = useSession((s) => s.has('editor') || s.has('proofreader'));
  const mayConfirm = useSession((s) => s.has('proofreader') || s.has('admin'));
  const [proofOpen, setProofOpen] = useState(true);
  const proof = useLiveFindings();
  const editorRef = useRef<ArticleEditorHandle>(null);
  const pastedPlainText = usePaste((s) => s.pasted);
  const kickerRef = useRef<InputRef>(null);
  const titleRef = useRef<InputRef>(null);
  const subtitleRef = useRef<InputRef>(null);
  const headlineRefs = { kicker: kickerRef, title: titleRef, subtitle: subtitleRef };

  // Check the text while it is typed (see state/proof.ts).
  useEffect(() => watchEditing(), []);

  const bodyMarks = useMemo<BodyMark[]>(
    () =>
      proof.items
        .filter((i) => i.finding.field === 'body' && i.finding.block !== null)
        .map(({ finding: f }, n) => ({
          id: `${n}`,
          block: f.block!,
          start: f.local_start,
          end: f.local_end,
          severity: f.severity,
          title: `${f.rule_name_zh}：${f.message_zh}`,
        })),
    [proof.items],
  );

  /** Show a finding's passage: select it in the body or in its headline field. */
  const selectFinding = (f: PlacedFinding) => {
    if (f.field === 'body') {
      if (f.block !== null) editorRef.current?.select(f.block, f.local_start, f.local_end);
      return;
    }
    const ref = headlineRefs[f.field].current;
    const text = useEditing.getState().fields?.[f.field] ?? '';
    ref?.focus();
    ref?.setSelectionRange(codePointsToUtf16(text, f.local_start), codePointsToUtf16(text, f.local_end));
  };

  useEffect(() => {
    setLoadError(null);
    load(id).catch((e) => setLoadError(ApiError.from(e).message));
    void loadRecord(id).catch(() => {});
    return () => close();
  }, [id, load, close, loadRecord]);

  // Tell the others this article is open here (read-only while someone else edits it).
  useEffect(() => {
    void openPresence(id, mayWrite ? 'edit' : 'view').catch(() => {});
    return () => closePresence();
  }, [id, mayWrite, openPresence, closePresence]);

  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if ((e.ctrlKey || e.metaKey) && e.key.toLowerCase() === 's') {
        e.preventDefault();
        void save();
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [save]);

  // Leaving with unsaved changes: save first.
  useEffect(() => {
    const onLeave = (e: BeforeUnloadEvent) => {
      const s = useEditing.getState().saveState;
      if (s === 'dirty' || s === 'saving') {
        void useEditing.getState().save();
        e.preventDefault();
      }
    };
    window.addEventListener('beforeunload', onLeave);
    return () => window.removeEventListener('beforeunload', onLeave);
  }, []);

  // Opened from archive search: its words marked, the passage shown.
  const opened = useSearch((s) => (s.opened?.articleId === id ? s.opened : null));
  const clearOpened = useSearch((s) => s.clearOpened);
  const loaded = article?.id === id;
  useEffect(() => {
    if (!opened || !loaded) return;
    const timer = setTimeout(() => editorRef.current?.revealHighlight(opened.block), 60);
    return () => clearTimeout(timer);
  }, [opened, loaded, resetKey]);

  const length = useMemo(() => (fields ? countBody(fields.body) : 0), [fields]);
  const lastReturn = useMemo(
    () => [...(record?.transitions ?? [])].reverse().find((tr) => tr.kind === 'return'),
    [record],
  );

  if (loadError) return <Alert type="error" showIcon title={loadError} />;
  if (!article || !fields) return <Spin />;

  const editable =
    mayWrite && article.status !== 'withdrawn' && saveState !== 'conflict' && !draft && presenceMode === 'edit';
  const isAuthor = user?.id === article.author.id;
  const isAdmin = user?.roles.includes('admin') ?? false;

  const act = async (f: () => Promise<unknown>, done: string) => {
    try {
      await save();
      await f();
      message.success(done);
      await reload();
      await loadRecord(id);
    } catch (e) {
      message.error(ApiError.from(e).message);
    }
  };

  return (
    <div className="zp-editor-view">
      <div className="zp-editor-bar">
        <Space wrap>
          <Button icon={<ArrowLeftOutlined />} onClick={() => go({ name: 'articles', issueId: article.issue_id })}>
            {t('editor.back')}
          </Button>
          <StatusTag status={article.status} level={article.review_level} />
          <SaveIndicator />
          <PresenceBar present={present} />
        </Space>
        <Space wrap>
          {mayWrite && (
            <Tooltip title="Ctrl+S">
              <Button icon={<SaveOutlined />} onClick={() => void save()} disabled={!editable} data-testid="save">
                {t('editor.save')}
              </Button>
            </Tooltip>
          )}
          <Button
            icon={<FileSearchOutlined />}
            onClick={() => setProofOpen((o) => !o)}
            type={proofOpen ? 'default' : 'dashed'}
            data-testid="toggle-proof"
          >
            {t('proof.toggle')}
            {proof.errors > 0 && <Badge count={proof.errors} size="small" />}
          </Button>
          <Button icon={<HistoryOutlined />} onClick={() => setHistoryOpen(true)} data-testid="open-history">
            {t('editor.history')}
          </Button>
          {mayWrite && (article.status === 'draft' || article.status === 'returned') && (
            <Button
              type="primary"
              icon={<SendOutlined />}
              disabled={!!conflict || !!draft || !!merging || yielded}
              data-testid="submit"
              onClick={() =>
                void act(async () => {
                  const a = useEditing.getState().article!;
                  await review.submit(a.id, a.revision);
                }, t('editor.submitted'))
              }
            >
              {t('editor.submit')}
            </Button>
          )}
          {isReviewer && article.status === 'in_review' && (
            <Button icon={<AuditOutlined />} onClick={() => go({ name: 'review', id: article.id })}>
              {t('editor.review')}
            </Button>
          )}
          {article.status === 'approved' && !correspondentOnly && <WechatButton target={{ article: article.id }} />}
          {(isAuthor || isAdmin) && article.status !== 'withdrawn' && (
            <Popconfirm
              title={t('editor.withdrawConfirm')}
              onConfirm={() => void act(() => review.withdraw(article.id, ''), t('editor.withdrawn'))}
            >
              <Button danger>{t('editor.withdraw')}</Button>
            </Popconfirm>
          )}
          {(isAuthor || isAdmin) && article.status === 'withdrawn' && (
            <Button onClick={() => void act(() => review.reopen(article.id), t('editor.reopen'))}>
              {t('editor.reopen')}
            </Button>
          )}
        </Space>
      </div>

      {draft && <DraftNotice offered={draft} />}
      {!draft && yielded && mayWrite && <YieldNotice />}
      {newer && !conflict && <NewerNotice newer={newer} />}
      {saveState === 'error' && error && <Alert type="error" showIcon title={error} style={{ marginBottom: 12 }} />}
      {article.status === 'returned' && lastReturn && (
        <Alert
          type="warning"
          showIcon
          style={{ marginBottom: 12 }}
          title={t('editor.returnedBy', { who: lastReturn.actor.display_name, opinion: lastReturn.opinion })}
        />
      )}
      {article.title_pending && (
        <Alert
          type="warning"
          showIcon
          style={{ marginBottom: 12 }}
          title={t('editor.titlePending', { title: article.title })}
          description={editable ? t('editor.titlePendingText') : undefined}
          action={
            editable && (
              <Button
                size="small"
                onClick={() =>
                  void confirmTitle()
                    .then(() => message.success(t('editor.titleConfirmed')))
                    .catch((e) => message.error(ApiError.from(e).message))
                }
                data-testid="confirm-title"
              >
                {t('editor.confirmTitle')}
              </Button>
            )
          }
          data-testid="title-pending"
        />
      )}
      {article.status === 'withdrawn' && <Alert type="info" title={t('editor.readOnly')} style={{ marginBottom: 12 }} />}
      {!mayWrite && <Alert type="info" title={t('editor.noEdit')} style={{ marginBottom: 12 }} />}
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
          {HEADLINE_FIELDS.map((field) => (
            <div key={field}>
              <div
                className={
                  opened && findMatches(fields[field], opened.terms).length > 0
                    ? 'zp-headline-field zp-search-field'
                    : 'zp-headline-field'
                }
              >
                <Input
                  variant="borderless"
                  className={`zp-field-${field}`}
                  placeholder={t(`editor.${field}Ph`)}
                  value={fields[field]}
                  disabled={!editable}
                  onChange={(e) => update({ [field]: e.target.value })}
                  data-testid={`field-${field}`}
                  aria-label={t(`editor.${field}`)}
                  ref={headlineRefs[field]}
                />
                <FieldUnderlay field={field} text={fields[field]} items={proof.items} className={`zp-field-${field}`} />
              </div>
              <FieldFindings field={field} items={proof.items} onSelect={selectFinding} />
            </div>
          ))}
          <Row gutter={12} className="zp-meta-row">
            <Col span={8}>
              <Input
                addonBefore={t('editor.byline')}
                placeholder={t('editor.bylinePh')}
                value={fields.byline}
                disabled={!editable}
                onChange={(e) => update({ byline: e.target.value })}
                data-testid="field-byline"
              />
            </Col>
            <Col span={6}>
              <Input
                addonBefore={t('editor.column')}
                placeholder={t('editor.columnPh')}
                value={fields.column}
                disabled={!editable}
                onChange={(e) => update({ column: e.target.value })}
                data-testid="field-column"
              />
            </Col>
            <Col span={4}>
              <Select<ArticleKind>
                style={{ width: '100%' }}
                value={fields.kind}
                disabled={!editable}
                onChange={(kind) => update({ kind })}
                options={(['news', 'briefs', 'photo'] as const).map((k) => ({ value: k, label: t(`kind.${k}`) }))}
              />
            </Col>
            <Col span={3}>
              <InputNumber
                style={{ width: '100%' }}
                min={0}
                max={100000}
                placeholder={t('editor.target')}
                value={fields.target_length ?? undefined}
                disabled={!editable}
                onChange={(v) => update({ target_length: v ? Number(v) : null })}
                data-testid="field-target"
              />
            </Col>
            {!correspondentOnly && (
              <Col span={3}>
                <PrioritySelect />
              </Col>
            )}
          </Row>
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
          <Typography.Text type="secondary" className="zp-length" data-testid="length">
            {fields.target_length
              ? t('editor.lengthTarget', { length, target: fields.target_length })
              : t('editor.length', { length })}
            {fields.target_length && length > fields.target_length ? (
              <span style={{ color: '#cf1322' }}> · {t('editor.overTarget', { n: length - fields.target_length })}</span>
            ) : null}
          </Typography.Text>
        </div>
        {merging ? (
          <MergePanel merging={merging} />
        ) : (
          proofOpen && (
            <ProofPanel
              canFix={editable}
              canIgnore={mayProofread}
              canConfirm={mayConfirm}
              onSelect={selectFinding}
              onClose={() => setProofOpen(false)}
            />
          )
        )}
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
