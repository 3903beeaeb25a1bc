import { useState } from 'react';
import { Alert, App as AntApp, Button, Empty, Modal, Space, Spin, Tag, Tooltip, Typography } from 'antd';
import { BulbOutlined, ReloadOutlined, UndoOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { ApiError, type ArticleSummary, type PagePlan, type PageFit, type Suggestion } from '../../api';
import { useLayout } from '../../state/layout';
import { useSuggest } from '../../state/suggest';
import './suggest.css';

/**
 * A page of a suggestion drawn small: each article a block as wide as its
 * columns and about as tall as its text, with its title.
 */
function Thumb({ page, columns, fit, articles }: { page: PagePlan; columns: number; fit: PageFit | undefined; articles: Map<number, ArticleSummary> }) {
  const { t } = useTranslation();
  // Characters a column of the page holds, roughly (for the block heights).
  const perColumn = Math.max(
    1,
    page.placements.reduce((n, p) => n + (articles.get(p.article_id)?.length ?? 300), 0) / columns,
  );
  return (
    <div className="zp-sg-page" data-testid={`suggest-page-${page.number}`}>
      <div className={`zp-sg-sheet${page.template === 'front' ? ' front' : ''}`}>
        {page.placements.map((p) => {
          const a = articles.get(p.article_id);
          const w = Math.min(columns, Math.max(p.headline_span ?? 0, p.body_columns ?? columns, 1));
          const share = ((a?.length ?? 300) / w / perColumn) * 100;
          return (
            <div
              key={p.article_id}
              className="zp-sg-block"
              style={{ width: `${(w / columns) * 100}%`, height: `${Math.max(8, Math.min(100, share))}%` }}
              title={a?.title}
            >
              <span>{a?.title ?? p.article_id}</span>
              {p.type_scale !== 100 && <em>{p.type_scale}%</em>}
            </div>
          );
        })}
      </div>
      <div className="zp-sg-caption">
        {t('suggest.pageN', { n: page.number })}
        {fit && <span className={fit.overflow_chars > 0 ? 'over' : ''}> · {fit.message_zh.replace(/^第\d+版/, '')}</span>}
      </div>
    </div>
  );
}

function Card({ s, index, onApply, busy }: { s: Suggestion; index: number; onApply: () => void; busy: boolean }) {
  const { t } = useTranslation();
  const layout = useLayout((st) => st.layout);
  const articles = new Map((layout?.articles ?? []).map((a) => [a.id, a]));
  return (
    <div className="zp-sg-card" data-testid={`suggestion-${index + 1}`}>
      <div className="zp-sg-head">
        <Typography.Text strong>{t('suggest.option', { n: index + 1 })}</Typography.Text>
        <Tag color={index === 0 ? 'green' : 'default'}>{t('suggest.score', { score: s.score })}</Tag>
      </div>
      <div className="zp-sg-pages">
        {s.plan.pages.map((p) => (
          <Thumb key={p.number} page={p} columns={s.plan.columns} fit={s.fit.find((f) => f.page === p.number)} articles={articles} />
        ))}
      </div>
      <ul className="zp-sg-parts" data-testid="suggestion-parts">
        {s.parts.map((p) => (
          <li key={p.key} title={p.key === 'left_out' ? s.left_out.map((l) => `《${l.title}》${l.reason_zh}`).join('；') : undefined}>
            <span className="zp-muted">{p.label_zh}</span> {p.detail_zh}
          </li>
        ))}
      </ul>
      <Button type={index === 0 ? 'primary' : 'default'} block loading={busy} onClick={onApply} data-testid={`suggest-apply-${index + 1}`}>
        {t('suggest.apply')}
      </Button>
    </div>
  );
}

/** 排版建议: the button on the layout screen, its dialog, and undo. */
export function SuggestButton({ issueId, canEdit }: { issueId: number; canEdit: boolean }) {
  const { t } = useTranslation();
  const { message } = AntApp.useApp();
  const [open, setOpen] = useState(false);
  const [applying, setApplying] = useState<number | null>(null);
  const { result, loading, error, before, run, apply, undo } = useSuggest();
  const fail = (e: unknown) => message.error(ApiError.from(e).message);
  const shown = result && result.suggestions[0]?.plan.issue_id === issueId ? result : null;
  const start = () => {
    setOpen(true);
    void run(issueId).catch(() => {});
  };
  const choose = (i: number) => {
    setApplying(i);
    apply(i)
      .then(() => {
        setOpen(false);
        message.success(t('suggest.applied', { n: i + 1 }));
      })
      .catch(fail)
      .finally(() => setApplying(null));
  };
  if (!canEdit) return null;
  return (
    <>
      <Button icon={<BulbOutlined />} onClick={start} data-testid="suggest-button">
        {t('suggest.button')}
      </Button>
      {before && before.issue_id === issueId && (
        <Tooltip title={t('suggest.undo')}>
          <Button
            icon={<UndoOutlined />}
            onClick={() =>
              void undo()
                .then(() => message.success(t('suggest.undone')))
                .catch(fail)
            }
            data-testid="suggest-undo"
          >
            {t('suggest.undo')}
          </Button>
        </Tooltip>
      )}
      <Modal
        open={open}
        title={t('suggest.title')}
        onCancel={() => setOpen(false)}
        footer={null}
        width="min(1500px, 96vw)"
        style={{ top: 24 }}
      >
        <Space orientation="vertical" style={{ width: '100%' }}>
          <Space style={{ justifyContent: 'space-between', width: '100%' }}>
            <Typography.Text type="secondary">{t('suggest.hint')}</Typography.Text>
            <Button size="small" icon={<ReloadOutlined />} disabled={loading} onClick={start}>
              {t('suggest.again')}
            </Button>
          </Space>
          {loading && !shown ? (
            <div className="zp-center-block" data-testid="suggest-working">
              <Spin /> {t('suggest.working')}
            </div>
          ) : error ? (
            <Alert type="error" showIcon title={error} />
          ) : !shown || shown.suggestions.length === 0 ? (
            <Empty description={t('suggest.none')} />
          ) : (
            <>
              <div className="zp-sg-list" data-testid="suggestions">
                {shown.suggestions.map((s, i) => (
                  <Card key={i} s={s} index={i} busy={applying === i} onApply={() => choose(i)} />
                ))}
              </div>
              <Typography.Text type="secondary">
                {t('suggest.searched', { n: shown.searched, ms: shown.took_ms })}
              </Typography.Text>
            </>
          )}
        </Space>
      </Modal>
    </>
  );
}
