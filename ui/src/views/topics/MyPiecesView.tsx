import { useEffect } from 'react';
import { Button, Descriptions, Empty, Table, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import type { Piece, PieceOutcome } from '../../api';
import { useNav } from '../../state/nav';
import { usePieces } from '../../state/topics';
import { useFail } from '../common/useFail';

const OUTCOME_COLORS: Record<PieceOutcome, string> = {
  draft: 'default',
  in_review: 'blue',
  returned: 'orange',
  approved: 'cyan',
  used: 'green',
  not_used: 'default',
};

/**
 * 我的稿件: one's own pieces with their outcome — 已采用 with the issue and
 * page, 未采用, 退回 with the editor's opinion — and one's own 稿件统计.
 */
export function MyPiecesView() {
  const { t } = useTranslation();
  const fail = useFail();
  const go = useNav((s) => s.go);
  const { mine, load } = usePieces();
  useEffect(() => {
    void load().catch(fail);
  }, [load, fail]);

  const columns = [
    {
      title: t('topics.titleCol'),
      key: 'title',
      render: (_: unknown, r: Piece) => (
        <Button type="link" style={{ padding: 0 }} onClick={() => go({ name: 'article', id: r.article_id })}>
          {r.title || t('topics.untitled')}
        </Button>
      ),
    },
    { title: t('topics.length'), dataIndex: 'length', key: 'length', width: 80 },
    {
      title: t('topics.outcome'),
      key: 'outcome',
      width: 320,
      render: (_: unknown, r: Piece) => (
        <span data-testid="piece-outcome">
          <Tag color={OUTCOME_COLORS[r.outcome]}>{t(`topics.outcomes.${r.outcome}`)}</Tag>
          {r.outcome === 'used' && r.issue_label && r.page !== null && (
            <Typography.Text>{t('topics.usedAt', { issue: r.issue_label, page: r.page })}</Typography.Text>
          )}
          {r.outcome === 'returned' && r.opinion && (
            <Typography.Text type="warning">{t('topics.opinion', { opinion: r.opinion })}</Typography.Text>
          )}
        </span>
      ),
    },
  ];

  return (
    <div data-testid="pieces-view">
      <Typography.Title level={4}>{t('topics.piecesTitle')}</Typography.Title>
      {mine && (
        <Descriptions size="small" column={4} style={{ marginBottom: 12 }} data-testid="pieces-stats">
          <Descriptions.Item label={t('topics.stats.total')}>{mine.total}</Descriptions.Item>
          <Descriptions.Item label={t('topics.stats.submitted')}>{mine.submitted}</Descriptions.Item>
          <Descriptions.Item label={t('topics.stats.used')}>{mine.used}</Descriptions.Item>
          <Descriptions.Item label={t('topics.stats.usedChars')}>{mine.used_chars}</Descriptions.Item>
        </Descriptions>
      )}
      {mine && mine.pieces.length === 0 ? (
        <Empty description={t('topics.noPieces')} />
      ) : (
        <Table rowKey="article_id" size="small" pagination={false} dataSource={mine?.pieces ?? []} columns={columns} />
      )}
    </div>
  );
}
