import { useEffect, useState } from 'react';
import { App as AntApp, Button, Card, Input, Space, Tag, Typography } from 'antd';
import { CheckOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { ApiError, type ProofMark } from '../../api';
import { useEditing } from '../../state/editing';
import { useArticleMarks, usePages } from '../../state/pages';
import { useSession } from '../../state/session';
import { roundColour } from './geometry';
import { MarkQuote, MarkStateTag } from './marks';
import { useFail } from '../common/useFail';

/**
 * The open proof marks of the article in the editor, as proposed changes:
 * 改正 / 删除 / 增补 … apply with one click (a 校改 that keeps the 三审),
 * the others are done by hand and then marked 已改; any may be 不改 with a
 * reason.
 */
export function ArticleMarks({ articleId }: { articleId: number }) {
  const { t } = useTranslation();
  const { message, modal } = AntApp.useApp();
  const fail = useFail();
  const { marks, load, apply, resolve, leave } = useArticleMarks();
  const kinds = usePages((s) => s.kinds);
  const loadKinds = usePages((s) => s.loadKinds);
  const mayResolve = useSession((s) => s.has('editor'));
  const [busy, setBusy] = useState<number | null>(null);

  useEffect(() => {
    void load(articleId).catch(() => {});
    void loadKinds().catch(() => {});
  }, [articleId, load, loadKinds]);
  useEffect(() => leave, [leave]);

  const open = marks.filter((m) => m.state === 'open');
  if (open.length === 0) return null;

  const run = async (m: ProofMark, work: () => Promise<string>) => {
    setBusy(m.id);
    try {
      message.success(await work());
    } catch (e) {
      fail(e);
    } finally {
      setBusy(null);
    }
  };

  const oneClick = (m: ProofMark) => kinds.find((k) => k.id === m.kind)?.one_click ?? false;

  const applyMark = (m: ProofMark) =>
    run(m, async () => {
      const editing = useEditing.getState();
      // The 校改 goes on top of what is saved: unsaved text is saved first.
      if (editing.saveState === 'dirty' || editing.saveState === 'saving') await editing.save();
      const current = useEditing.getState().article;
      if (!current || current.id !== articleId) throw new ApiError('invalid_state', t('pages.editorGone'));
      const applied = await apply(m, current.revision);
      useEditing.getState().replace(applied.article);
      return t('pages.appliedOk', { revision: applied.article.revision, kept: applied.signatures_kept });
    });

  const doneByHand = (m: ProofMark) =>
    run(m, async () => {
      await resolve(m.id, 'applied');
      return t('pages.doneOk');
    });

  const reject = (m: ProofMark) => {
    let reason = '';
    modal.confirm({
      title: t('pages.rejectTitle'),
      content: (
        <Input.TextArea
          rows={3}
          maxLength={500}
          placeholder={t('pages.rejectPh')}
          onChange={(e) => (reason = e.target.value)}
          data-testid="reject-reason"
        />
      ),
      okText: t('pages.rejectOk'),
      onOk: async () => {
        if (!reason.trim()) {
          message.error(t('pages.rejectNeedsReason'));
          throw new Error('reason required');
        }
        await run(m, async () => {
          await resolve(m.id, 'rejected', reason.trim());
          return t('pages.rejectedOk');
        });
      },
    });
  };

  return (
    <Card size="small" className="zp-article-marks" data-testid="article-marks" title={t('pages.articleMarks', { n: open.length })}>
      {open.map((m) => (
        <div key={m.id} className="zp-article-mark" data-testid="article-mark" data-mark={m.id}>
          <Space wrap size={6}>
            <Tag color={roundColour(m.round)}>{t(`pages.round.${Math.min(m.round, 3)}`)}</Tag>
            <span>{t('pages.pageN', { n: m.page })}</span>
            <b>
              {m.symbol} {m.kind_name}
            </b>
            <MarkQuote mark={m} compact />
            <span className="zp-muted">{m.by.display_name}</span>
            <MarkStateTag mark={m} />
          </Space>
          {mayResolve && (
            <Space size={6} style={{ marginTop: 4 }}>
              {oneClick(m) && m.article_id !== null ? (
                <Button
                  size="small"
                  type="primary"
                  icon={<CheckOutlined />}
                  loading={busy === m.id}
                  onClick={() => void applyMark(m)}
                  data-testid="apply-mark"
                >
                  {t('pages.apply')}
                </Button>
              ) : (
                <Button size="small" loading={busy === m.id} onClick={() => void doneByHand(m)} data-testid="done-mark">
                  {t('pages.doneByHand')}
                </Button>
              )}
              <Button size="small" onClick={() => reject(m)} disabled={busy === m.id} data-testid="reject-mark">
                {t('pages.reject')}
              </Button>
            </Space>
          )}
        </div>
      ))}
      {mayResolve && <Typography.Text type="secondary">{t('pages.articleMarksHint')}</Typography.Text>}
    </Card>
  );
}
