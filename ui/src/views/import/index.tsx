import { useEffect, useMemo, useState } from 'react';
import {
  Alert,
  Button,
  Card,
  Checkbox,
  Col,
  Empty,
  Input,
  Modal,
  Progress,
  Row,
  Select,
  Skeleton,
  Space,
  Tag,
  Tooltip,
  Typography,
  Upload,
} from 'antd';
import {
  ArrowLeftOutlined,
  CheckCircleFilled,
  CloseCircleFilled,
  CloseOutlined,
  DeleteOutlined,
  FileTextOutlined,
  FileWordOutlined,
  ImportOutlined,
  InboxOutlined,
  PictureOutlined,
  SnippetsOutlined,
} from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import type { TFunction } from 'i18next';
import type { ArticleKind, Block, FixField, ImportedImage, SuggestedFix } from '../../api';
import { applyFixes, type HeadlineField } from '../../doc/importText';
import { titlePending, useImports, type ImportFile } from '../../state/imports';
import { useIssues } from '../../state/issues';
import { useNav } from '../../state/nav';
import { useSession } from '../../state/session';
import { FileDropArea } from '../common/FileDrop';
import { issueLabel } from '../issues';
import './import.css';

/** The import screen: drop files, preview each as an article, import them all as drafts. */
export function ImportView({ issueId }: { issueId: number | null }) {
  const { t } = useTranslation();
  const go = useNav((s) => s.go);
  const mayImport = useSession((s) => s.has('editor'));
  const { issues, load: loadIssues } = useIssues();
  const { files, phase, progress, addFiles, importAll, reset } = useImports();
  const [pasteOpen, setPasteOpen] = useState(false);

  useEffect(() => {
    void loadIssues();
  }, [loadIssues]);

  if (!mayImport) return <Alert type="info" showIcon title={t('editor.noEdit')} />;

  const ready = files.filter((f) => f.status === 'ready').length;
  const failed = files.filter((f) => f.status === 'failed').length;
  const reading = files.some((f) => f.status === 'reading');
  const busy = phase === 'importing';

  return (
    <FileDropArea enabled={!busy} label={t('import.dropHere')} onFiles={addFiles}>
      <div data-testid="import-view">
        <div className="zp-import-head">
          <Space wrap>
            <Typography.Title level={4} style={{ margin: 0 }}>
              {t('import.title')}
            </Typography.Title>
            <span>{t('import.target')}</span>
            <Select
              style={{ minWidth: 260 }}
              value={issueId ?? 0}
              disabled={busy}
              onChange={(v: number) => go({ name: 'import', issueId: v || null })}
              options={[
                ...issues.map((i) => ({ value: i.id, label: issueLabel(t, i) })),
                { value: 0, label: t('articles.noIssue') },
              ]}
              data-testid="import-target"
            />
          </Space>
          <Space>
            <Button icon={<SnippetsOutlined />} disabled={busy} onClick={() => setPasteOpen(true)} data-testid="paste-pdf">
              {t('import.pastePdf')}
            </Button>
            <Button icon={<ArrowLeftOutlined />} onClick={() => go({ name: 'articles', issueId })}>
              {t('import.back')}
            </Button>
          </Space>
        </div>

        {phase === 'done' ? (
          <ResultList onAgain={reset} onBack={() => go({ name: 'articles', issueId })} />
        ) : (
          <>
            <Typography.Paragraph type="secondary">{t('import.intro')}</Typography.Paragraph>
            <Upload.Dragger
              multiple
              disabled={busy}
              showUploadList={false}
              // The picker offers the readable kinds; a drop passes every file,
              // so a .doc or .pdf gets the server's Chinese explanation.
              accept={{ format: '.docx,.txt,.md', filter: 'native' }}
              beforeUpload={(file) => {
                addFiles([file]);
                return Upload.LIST_IGNORE;
              }}
              data-testid="import-drop"
            >
              {files.length === 0 ? (
                <>
                  <p className="ant-upload-drag-icon">
                    <InboxOutlined />
                  </p>
                  <p className="ant-upload-text">{t('import.drop')}</p>
                  <p className="ant-upload-hint">{t('import.dropHint')}</p>
                </>
              ) : (
                // Once files are listed, the drop zone shrinks to one line.
                <p className="ant-upload-text" style={{ margin: 0 }}>
                  <InboxOutlined style={{ color: '#1f4e79', marginRight: 8 }} />
                  {t('import.drop')}
                </p>
              )}
            </Upload.Dragger>

            {files.length > 0 && (
              <div className="zp-import-actions" data-testid="import-actions">
                {busy ? (
                  <>
                    <span data-testid="import-current">{t('import.importing', { name: progress.current })}</span>
                    <Progress
                      percent={progress.total ? Math.round((progress.done / progress.total) * 100) : 0}
                      format={() => `${progress.done} / ${progress.total}`}
                      status="active"
                      data-testid="import-progress"
                    />
                  </>
                ) : (
                  <>
                    <span style={{ flex: 1 }} data-testid="import-count">
                      {t('import.count', { total: files.length, ready, failed })}
                    </span>
                    <Tooltip title={reading ? t('import.stillReading') : undefined}>
                      <Button
                        type="primary"
                        icon={<ImportOutlined />}
                        disabled={ready === 0 || reading}
                        onClick={() => void importAll(issueId)}
                        data-testid="import-all"
                      >
                        {ready ? t('import.importAllN', { n: ready }) : t('import.importAll')}
                      </Button>
                    </Tooltip>
                  </>
                )}
              </div>
            )}

            <div style={{ marginTop: files.length ? 0 : 16 }}>
              {files.map((f) => (
                <FileCard key={f.key} f={f} disabled={busy} />
              ))}
            </div>
          </>
        )}
        <PastePdfModal
          open={pasteOpen}
          onClose={() => setPasteOpen(false)}
          onText={(name, text) => addFiles([new File([text], name, { type: 'text/plain' })])}
        />
      </div>
    </FileDropArea>
  );
}

function fileIcon(name: string) {
  return /\.docx?$/i.test(name) ? <FileWordOutlined style={{ color: '#1f4e79' }} /> : <FileTextOutlined />;
}

function sizeText(bytes: number): string {
  return bytes >= 1048576 ? `${(bytes / 1048576).toFixed(1)} MB` : `${Math.max(1, Math.round(bytes / 1024))} KB`;
}

/** One file: its preview, notes and suggested fixes, or why it cannot be imported. */
function FileCard({ f, disabled }: { f: ImportFile; disabled: boolean }) {
  const { t } = useTranslation();
  const remove = useImports((s) => s.remove);
  const status =
    f.status === 'reading' ? (
      <Tag>{t('import.reading')}</Tag>
    ) : f.status === 'failed' ? (
      <Tag color="error">{t('import.failed')}</Tag>
    ) : (
      <Tag color="success">{t('import.ready')}</Tag>
    );
  return (
    <Card
      size="small"
      className={`zp-import-card ${f.status}`}
      data-testid="import-card"
      data-status={f.status}
      data-file={f.file.name}
      title={
        <Space>
          {fileIcon(f.file.name)}
          <span>{f.file.name}</span>
          <Typography.Text type="secondary" style={{ fontWeight: 'normal', fontSize: 12 }}>
            {sizeText(f.file.size)}
          </Typography.Text>
          {status}
        </Space>
      }
      extra={
        <Button
          type="text"
          size="small"
          icon={<CloseOutlined />}
          disabled={disabled}
          onClick={() => remove(f.key)}
          data-testid="import-remove"
        >
          {t('import.remove')}
        </Button>
      }
    >
      {f.status === 'reading' && <Skeleton active paragraph={{ rows: 4 }} />}
      {f.status === 'failed' && <Alert type="error" showIcon title={f.error} data-testid="import-error" />}
      {f.status === 'ready' && f.proposal && (
        <Row gutter={16}>
          <Col span={14}>
            <ArticlePreview f={f} disabled={disabled} />
          </Col>
          <Col span={10} className="zp-import-side">
            <Notes f={f} />
            <Fixes f={f} disabled={disabled} />
          </Col>
        </Row>
      )}
    </Card>
  );
}

/** The article as it will be imported, with the headline fields editable. */
function ArticlePreview({ f, disabled }: { f: ImportFile; disabled: boolean }) {
  const { t } = useTranslation();
  const { editField, setKind, removeBlock, restoreBlocks } = useImports();
  const proposal = f.proposal!;
  // The fixes as chosen, on the proposal's own block indices (removal is by index).
  const fixed = useMemo(
    () => applyFixes(proposal.content, proposal.fixes, f.chosen).content,
    [proposal, f.chosen],
  );
  const value = (field: HeadlineField) => f.edits[field] ?? fixed[field];
  const field = (name: HeadlineField, className?: string, placeholder?: string) => (
    <Input
      variant="borderless"
      className={className}
      value={value(name)}
      placeholder={placeholder}
      disabled={disabled}
      status={name === 'title' && !value(name).trim() ? 'error' : undefined}
      onChange={(e) => editField(f.key, name, e.target.value)}
      aria-label={t(`editor.${name}`)}
      data-testid={`import-${name}`}
    />
  );
  const removed = new Set(f.removed);
  const shown = fixed.body.map((b, i) => [b, i] as const).filter(([, i]) => !removed.has(i));

  return (
    <div className="zp-import-paper">
      {field('kicker', 'zp-field-kicker', t('editor.kickerPh'))}
      {field('title', 'zp-field-title', t('editor.titlePh'))}
      {!value('title').trim() && (
        <Typography.Text type="danger" style={{ display: 'block', textAlign: 'center' }}>
          {t('import.titleRequired')}
        </Typography.Text>
      )}
      {titlePending(f) && (
        <div style={{ textAlign: 'center' }}>
          <Tooltip title={t('import.titlePendingHint')}>
            <Tag color="orange" data-testid="import-title-pending">
              {t('import.titlePending')}
            </Tag>
          </Tooltip>
        </div>
      )}
      {field('subtitle', 'zp-field-subtitle', t('editor.subtitlePh'))}
      <Row gutter={8} style={{ marginTop: 8 }}>
        <Col span={10}>
          <Space.Compact style={{ width: '100%' }}>
            <Space.Addon>{t('editor.byline')}</Space.Addon>
            <Input
              value={value('byline')}
              placeholder={t('editor.bylinePh')}
              disabled={disabled}
              onChange={(e) => editField(f.key, 'byline', e.target.value)}
              data-testid="import-byline"
            />
          </Space.Compact>
        </Col>
        <Col span={8}>
          <Space.Compact style={{ width: '100%' }}>
            <Space.Addon>{t('editor.column')}</Space.Addon>
            <Input
              value={value('column')}
              placeholder={t('editor.columnPh')}
              disabled={disabled}
              onChange={(e) => editField(f.key, 'column', e.target.value)}
              data-testid="import-column"
            />
          </Space.Compact>
        </Col>
        <Col span={6}>
          <Select<ArticleKind>
            style={{ width: '100%' }}
            value={f.kind ?? proposal.content.kind}
            disabled={disabled}
            onChange={(k) => setKind(f.key, k)}
            options={(['news', 'briefs', 'photo'] as const).map((k) => ({ value: k, label: t(`kind.${k}`) }))}
            aria-label={t('import.kind')}
          />
        </Col>
      </Row>
      <div className="zp-import-body" data-testid="import-body">
        {shown.length === 0 && <Typography.Text type="secondary">{t('import.emptyBody')}</Typography.Text>}
        {shown.map(([b, i]) => (
          <div className="zp-import-block" key={i} data-testid="import-block">
            <BlockView block={b} images={proposal.images} />
            {!disabled && (
              <Tooltip title={t('import.removeBlock')}>
                <Button
                  className="zp-import-remove"
                  type="text"
                  size="small"
                  icon={<DeleteOutlined />}
                  aria-label={t('import.removeBlock')}
                  onClick={() => removeBlock(f.key, i)}
                />
              </Tooltip>
            )}
          </div>
        ))}
      </div>
      {f.removed.length > 0 && (
        <Typography.Text type="secondary" style={{ fontSize: 12 }}>
          {t('import.removedBlocks', { n: f.removed.length })}{' '}
          {!disabled && <a onClick={() => restoreBlocks(f.key)}>{t('import.restoreBlocks')}</a>}
        </Typography.Text>
      )}
    </div>
  );
}

function BlockView({ block, images }: { block: Block; images: ImportedImage[] }) {
  const { t } = useTranslation();
  switch (block.type) {
    case 'paragraph':
      return <p>{block.text}</p>;
    case 'subhead':
      return <h4>{block.text}</h4>;
    case 'brief':
      return <p className="brief">{block.text}</p>;
    case 'image': {
      const img = images.find((i) => i.asset_id === block.asset_id);
      const caption = block.credit ? `${block.caption}（${block.credit}）` : block.caption;
      return (
        <figure className="zp-import-figure" data-testid="import-image">
          <div className="box">
            <PictureOutlined style={{ fontSize: 28 }} />
            <span>{t('import.image')}</span>
            {img && <span>{t('import.imageSize', { width: img.width, height: img.height })}</span>}
            {img && <span style={{ fontSize: 12 }}>{img.file_name}</span>}
          </div>
          <figcaption>{caption || t('import.noCaption')}</figcaption>
        </figure>
      );
    }
  }
}

/** The importer's notes: what could not be kept as it was. */
function Notes({ f }: { f: ImportFile }) {
  const { t, i18n } = useTranslation();
  const warnings = f.proposal?.warnings ?? [];
  if (warnings.length === 0) return null;
  return (
    <div data-testid="import-notes">
      <h5>{t('import.notes')}</h5>
      <ul className="zp-import-notes">
        {warnings.map((w, i) => (
          <li key={i} data-code={w.code}>
            {i18n.language === 'en' ? w.message_en : w.message_zh}
          </li>
        ))}
      </ul>
    </div>
  );
}

function whereLabel(t: TFunction, field: FixField): string {
  if (typeof field === 'string') return t(`import.where.${field}`);
  if ('body' in field) return t('import.where.body', { n: field.body + 1 });
  return t('import.where.caption', { n: field.caption + 1 });
}

/** Spaces made visible: a suggested fix is often just a space. */
function Visible({ text }: { text: string }) {
  const { t } = useTranslation();
  if (text === '') return <span className="zp-fix-space">{t('import.deleted')}</span>;
  const parts = text.split(/( +)/);
  return (
    <>
      {parts.map((p, i) =>
        /^ +$/.test(p) ? (
          <span key={i} className="zp-fix-space">
            {p.length > 1 ? `${p.length}×` : ''}
            {t('import.space')}
          </span>
        ) : (
          p
        ),
      )}
    </>
  );
}

function originalText(f: ImportFile, field: FixField): string {
  const c = f.proposal!.content;
  if (typeof field === 'string') return c[field];
  const b = c.body['body' in field ? field.body : field.caption];
  if (!b) return '';
  return b.type === 'image' ? b.caption : b.text;
}

/** A few characters either side of the fix, so the editor sees where it is. */
function Context({ text, fix }: { text: string; fix: SuggestedFix }) {
  const chars = Array.from(text);
  const before = chars.slice(Math.max(0, fix.start - 8), fix.start).join('');
  const after = chars.slice(fix.end, fix.end + 8).join('');
  return (
    <span className="zp-fix-context">
      {fix.start > 8 && '…'}
      {before}
      <mark>{fix.original}</mark>
      {after}
      {fix.end + 8 < chars.length && '…'}
    </span>
  );
}

/** The suggested normalisations, each with an "apply" checkbox. */
function Fixes({ f, disabled }: { f: ImportFile; disabled: boolean }) {
  const { t } = useTranslation();
  const { setFix, setAllFixes } = useImports();
  const fixes = f.proposal?.fixes ?? [];
  const chosen = new Set(f.chosen);
  const removed = new Set(f.removed);
  const rows = fixes
    .map((fix, i) => ({ fix, i }))
    .filter(({ fix }) => typeof fix.field === 'string' || !removed.has('body' in fix.field ? fix.field.body : fix.field.caption));

  return (
    <div data-testid="import-fixes">
      <Space style={{ justifyContent: 'space-between', width: '100%' }}>
        <h5>{t('import.fixes')}</h5>
        {fixes.length > 0 && (
          <Space size={4}>
            <Typography.Text type="secondary" style={{ fontSize: 12 }}>
              {t('import.fixCount', { chosen: f.chosen.length, total: fixes.length })}
            </Typography.Text>
            <Button type="link" size="small" disabled={disabled} onClick={() => setAllFixes(f.key, true)}>
              {t('import.fixAll')}
            </Button>
            <Button type="link" size="small" disabled={disabled} onClick={() => setAllFixes(f.key, false)}>
              {t('import.fixNone')}
            </Button>
          </Space>
        )}
      </Space>
      {fixes.length === 0 ? (
        <Typography.Text type="secondary">{t('import.noFixes')}</Typography.Text>
      ) : (
        <>
          <Typography.Paragraph type="secondary" style={{ fontSize: 12, marginBottom: 4 }}>
            {t('import.fixesHint')}
          </Typography.Paragraph>
          <div className="zp-import-fixes">
            {rows.map(({ fix, i }) => {
              const edited = typeof fix.field === 'string' && f.edits[fix.field as HeadlineField] !== undefined;
              const on = chosen.has(i) && !edited;
              return (
                <div key={i} className={`zp-import-fix ${on ? '' : 'off'}`} data-testid="import-fix" data-rule={fix.rule}>
                  <Checkbox
                    checked={on}
                    disabled={disabled || edited}
                    onChange={(e) => setFix(f.key, i, e.target.checked)}
                    aria-label={t('import.apply')}
                  />
                  <div>
                    <div className="zp-fix-change">
                      <code className="from">
                        <Visible text={fix.original} />
                      </code>
                      {' → '}
                      <code className="to">
                        <Visible text={fix.replacement} />
                      </code>{' '}
                      <Typography.Text style={{ fontSize: 13 }}>{fix.message_zh}</Typography.Text>
                    </div>
                    <div>
                      <Tag color="blue" style={{ fontSize: 11, marginRight: 4 }} data-testid="import-fix-rule">
                        {fix.rule_name_zh}
                      </Tag>
                      <Tag style={{ fontSize: 11, marginRight: 4 }}>{whereLabel(t, fix.field)}</Tag>
                      {edited ? (
                        <span className="zp-fix-context">
                          {t('import.edited', { field: whereLabel(t, fix.field) })}
                        </span>
                      ) : (
                        <Context text={originalText(f, fix.field)} fix={fix} />
                      )}
                    </div>
                  </div>
                </div>
              );
            })}
          </div>
        </>
      )}
    </div>
  );
}

/** After the import: each file with a link to its new draft, or why it failed. */
function ResultList({ onAgain, onBack }: { onAgain: () => void; onBack: () => void }) {
  const { t, i18n } = useTranslation();
  const go = useNav((s) => s.go);
  const results = useImports((s) => s.results);
  const ok = results.filter((r) => r.article_id !== null).length;
  return (
    <Card
      title={t('import.results')}
      className="zp-import-results"
      data-testid="import-results"
      extra={
        <Space>
          <Button type="primary" onClick={onAgain} data-testid="import-again">
            {t('import.again')}
          </Button>
          <Button onClick={onBack}>{t('import.back')}</Button>
        </Space>
      }
    >
      <Alert
        type={ok === results.length ? 'success' : ok === 0 ? 'error' : 'warning'}
        showIcon
        title={t('import.summary', { ok, failed: results.length - ok })}
        style={{ marginBottom: 12 }}
        data-testid="import-summary"
      />
      {results.length === 0 && <Empty />}
      {results.map((r, i) => (
        <div
          key={i}
          className="zp-import-fix"
          data-testid="import-result"
          data-ok={r.article_id !== null ? 'yes' : 'no'}
          style={{ padding: '10px 0' }}
        >
          {r.article_id !== null ? (
            <CheckCircleFilled style={{ color: '#389e0d', fontSize: 18, marginTop: 3 }} />
          ) : (
            <CloseCircleFilled style={{ color: '#cf1322', fontSize: 18, marginTop: 3 }} />
          )}
          <div style={{ flex: 1 }}>
            {r.article_id !== null ? (
              <Space orientation="vertical" size={0}>
                <Typography.Link
                  strong
                  onClick={() => go({ name: 'article', id: r.article_id! })}
                  data-testid="import-result-link"
                >
                  {r.title}
                </Typography.Link>
                <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                  {fileIcon(r.file_name)} {r.file_name} · {t('import.imported')} · {t('status.draft')}
                  {r.title_pending && (
                    <Tag color="orange" style={{ marginLeft: 8 }} data-testid="import-result-title-pending">
                      {t('import.titlePending')}
                    </Tag>
                  )}
                </Typography.Text>
                {r.warnings.length > 0 && (
                  <div data-testid="import-result-notes">
                    <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                      {t('import.warningsN', { n: r.warnings.length })}
                    </Typography.Text>
                    <ul className="zp-import-notes">
                      {r.warnings.map((w, j) => (
                        <li key={j} data-code={w.code}>
                          {i18n.language === 'en' ? w.message_en : w.message_zh}
                        </li>
                      ))}
                    </ul>
                  </div>
                )}
              </Space>
            ) : (
              <Space orientation="vertical" size={0}>
                <Space>
                  {fileIcon(r.file_name)}
                  <Typography.Text strong>{r.file_name}</Typography.Text>
                  <Tag color="error">{t('import.failed')}</Tag>
                </Space>
                <Typography.Text type="danger" data-testid="import-result-error">
                  {r.error?.message}
                </Typography.Text>
              </Space>
            )}
          </div>
          {r.article_id !== null && (
            <Button size="small" onClick={() => go({ name: 'article', id: r.article_id! })}>
              {t('import.openDraft')}
            </Button>
          )}
        </div>
      ))}
    </Card>
  );
}

/** Text copied from a PDF, pasted here and previewed like a .txt file. */
function PastePdfModal({
  open,
  onClose,
  onText,
}: {
  open: boolean;
  onClose: () => void;
  onText: (name: string, text: string) => void;
}) {
  const { t } = useTranslation();
  const [text, setText] = useState('');
  const [n, setN] = useState(1);
  return (
    <Modal
      open={open}
      title={t('import.pastePdf')}
      okText={t('import.preview')}
      okButtonProps={{ disabled: !text.trim(), 'data-testid': 'paste-pdf-ok' }}
      onOk={() => {
        onText(t('import.pastePdfName', { n: n > 1 ? n : '' }), text);
        setN(n + 1);
        setText('');
        onClose();
      }}
      onCancel={onClose}
      width={720}
      destroyOnHidden
    >
      <Typography.Paragraph type="secondary">{t('import.pastePdfHint')}</Typography.Paragraph>
      <Input.TextArea
        value={text}
        onChange={(e) => setText(e.target.value)}
        rows={14}
        placeholder={t('import.pastePdfPh')}
        data-testid="paste-pdf-text"
      />
    </Modal>
  );
}
