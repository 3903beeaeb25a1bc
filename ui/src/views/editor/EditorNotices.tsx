import { useState } from 'react';
import { Alert, Button, Card, Modal, Space, Spin, Tag, Typography } from 'antd';
import { EditOutlined, ReloadOutlined, SaveOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import type { TextDiffResult } from '../../api';
import { fieldsOf } from '../../doc/fields';
import { useEditing, type Merge, type Newer, type OfferedDraft } from '../../state/editing';
import { othersEditing, usePresence } from '../../state/presence';
import { useSession } from '../../state/session';
import { when } from '../common';
import { DiffView } from '../common/DiffView';
import { ArticleText } from './ArticleText';
import { useFail } from '../common/useFail';

/** Unsaved text of an earlier visit, kept on this computer: restore or drop it. */
export function DraftNotice({ offered }: { offered: OfferedDraft }) {
  const { t } = useTranslation();
  const fail = useFail();
  const restore = useEditing((s) => s.restoreDraft);
  const discard = useEditing((s) => s.discardDraft);
  const revision = useEditing((s) => s.article?.revision ?? 0);
  const d = offered.draft;
  return (
    <Alert
      type="warning"
      showIcon
      data-testid="draft-notice"
      style={{ marginBottom: 12 }}
      title={t(offered.stale ? 'draft.staleTitle' : 'draft.title', { when: when(d.at), base: d.base, n: revision })}
      description={
        <div>
          <p style={{ margin: '0 0 8px' }}>{t(offered.stale ? 'draft.staleText' : 'draft.text')}</p>
          <Space>
            <Button
              type="primary"
              onClick={() => restore().catch(fail)}
              data-testid="draft-restore"
            >
              {t(offered.stale ? 'draft.compare' : 'draft.restore')}
            </Button>
            <Button onClick={discard} data-testid="draft-discard">
              {t('draft.discard', { n: revision })}
            </Button>
          </Space>
        </div>
      }
    />
  );
}

/** Opened read-only because someone else is editing; 仍要编辑 takes it over. */
export function YieldNotice() {
  const { t } = useTranslation();
  const fail = useFail();
  const present = usePresence((s) => s.present);
  const editAnyway = usePresence((s) => s.editAnyway);
  const me = useSession((s) => s.user?.id);
  const names = othersEditing(present, me)
    .map((p) => p.user.display_name)
    .filter((n, i, all) => all.indexOf(n) === i)
    .join('、');
  return (
    <Alert
      type="info"
      showIcon
      data-testid="yield-notice"
      style={{ marginBottom: 12 }}
      title={t('presence.yieldTitle', { names: names || t('presence.someone') })}
      description={t('presence.yieldText')}
      action={
        <Button
          icon={<EditOutlined />}
          onClick={() => editAnyway().catch(fail)}
          data-testid="edit-anyway"
        >
          {t('presence.editAnyway')}
        </Button>
      }
    />
  );
}

/** 有新稿次：第5稿，林悦 — with the diff and 载入最新; one's own unsaved text is never dropped by it. */
export function NewerNotice({ newer }: { newer: Newer }) {
  const { t } = useTranslation();
  const fail = useFail();
  const diffNewer = useEditing((s) => s.diffNewer);
  const loadLatest = useEditing((s) => s.loadLatest);
  const dirty = useEditing((s) => !!s.fields && !!s.article && JSON.stringify(s.fields) !== JSON.stringify(fieldsOf(s.article)));
  const [diff, setDiff] = useState<{ diff: TextDiffResult; against: 'theirs' | 'mine'; from: number; to: number } | null>(null);
  const [open, setOpen] = useState(false);
  const [busy, setBusy] = useState(false);

  const showDiff = async () => {
    setOpen(true);
    setDiff(null);
    try {
      setDiff(await diffNewer());
    } catch (e) {
      setOpen(false);
      fail(e);
    }
  };

  const latest = async () => {
    setBusy(true);
    try {
      await loadLatest();
    } catch (e) {
      fail(e);
    } finally {
      setBusy(false);
    }
  };

  return (
    <>
      <Alert
        type="warning"
        showIcon
        data-testid="newer-banner"
        style={{ marginBottom: 12 }}
        title={t('newer.title', { n: newer.revision, who: newer.by })}
        description={t(dirty ? 'newer.textDirty' : 'newer.text', { when: when(newer.at) })}
        action={
          <Space orientation="vertical" size={6}>
            <Button size="small" onClick={() => void showDiff()} data-testid="newer-diff">
              {t('newer.diff')}
            </Button>
            <Button size="small" type="primary" loading={busy} onClick={() => void latest()} data-testid="newer-load">
              {t('newer.load')}
            </Button>
          </Space>
        }
      />
      <Modal
        open={open}
        title={
          diff?.against === 'mine'
            ? t('newer.diffMine', { n: diff.to })
            : t('newer.diffTheirs', { from: diff?.from ?? '', to: diff?.to ?? newer.revision, who: newer.by })
        }
        onCancel={() => setOpen(false)}
        footer={
          <Space>
            <Button onClick={() => setOpen(false)}>{t('common.close')}</Button>
            <Button
              type="primary"
              onClick={() => {
                setOpen(false);
                void latest();
              }}
            >
              {t('newer.load')}
            </Button>
          </Space>
        }
        width={760}
      >
        {!diff ? (
          <Spin />
        ) : (
          <>
            <Space size={4} style={{ marginBottom: 8 }}>
              <Tag color="green">{t(diff.against === 'mine' ? 'conflict.onlyMine' : 'history.inserted', { n: diff.diff.inserted })}</Tag>
              <Tag color="red">{t(diff.against === 'mine' ? 'conflict.onlyLatest' : 'history.deleted', { n: diff.diff.deleted })}</Tag>
            </Space>
            {diff.against === 'mine' && (
              <Typography.Paragraph type="secondary" style={{ fontSize: 12 }}>
                {t('conflict.legend')}
              </Typography.Paragraph>
            )}
            {diff.diff.inserted + diff.diff.deleted === 0 ? (
              <Typography.Text type="secondary">{t('history.noChange')}</Typography.Text>
            ) : (
              <DiffView diff={diff.diff} />
            )}
          </>
        )}
      </Modal>
    </>
  );
}

/** Merging by hand: the latest revision beside the editor, the diff against the text being merged. */
export function MergePanel({ merging }: { merging: Merge }) {
  const { t } = useTranslation();
  const fail = useFail();
  const save = useEditing((s) => s.save);
  const refresh = useEditing((s) => s.refreshMergeDiff);
  const saveState = useEditing((s) => s.saveState);
  const { latest, diff } = merging;
  return (
    <aside className="zp-merge-panel" data-testid="merge-panel">
      <Typography.Text strong>{t('merge.title')}</Typography.Text>
      <Typography.Paragraph type="secondary" style={{ fontSize: 12, margin: '6px 0 10px' }}>
        {t('merge.hint', { n: latest.revision })}
      </Typography.Paragraph>
      <Space wrap style={{ marginBottom: 10 }}>
        <Button
          type="primary"
          size="small"
          icon={<SaveOutlined />}
          loading={saveState === 'saving'}
          onClick={() => void save()}
          data-testid="merge-save"
        >
          {t('merge.save')}
        </Button>
        <Button
          size="small"
          icon={<ReloadOutlined />}
          onClick={() => refresh().catch(fail)}
        >
          {t('merge.compare')}
        </Button>
      </Space>
      <Card size="small" title={t('merge.diff', { n: latest.revision })} style={{ marginBottom: 10 }}>
        <Typography.Paragraph type="secondary" style={{ fontSize: 12 }}>
          {t('conflict.legend')}
        </Typography.Paragraph>
        {diff ? <DiffView diff={diff} /> : <Typography.Text type="secondary">{t('conflict.noDiff')}</Typography.Text>}
      </Card>
      <Card
        size="small"
        title={t('conflict.latest', { n: latest.revision, who: latest.updated_by.display_name, when: when(latest.updated_at) })}
      >
        <ArticleText fields={fieldsOf(latest)} />
      </Card>
    </aside>
  );
}
