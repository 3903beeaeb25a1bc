import { useEffect, useState } from 'react';
import { Empty, Spin, Table, Tag } from 'antd';
import { useTranslation } from 'react-i18next';
import { ApiError, type Delivery } from '../../api';
import { useTopics } from '../../state/topics';
import { when } from '../common';

/**
 * Who was told about a topic and whether they read it (what the sender of
 * a 派稿 sees), newest first.
 */
export function Deliveries({ topicId }: { topicId: number }) {
  const { t } = useTranslation();
  const detail = useTopics((s) => s.detail);
  const list = useTopics((s) => s.list);
  const [rows, setRows] = useState<Delivery[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  // Asked again when the topic changes (a reassignment tells someone else).
  const stamp = list.find((x) => x.id === topicId)?.updated_at;

  useEffect(() => {
    let live = true;
    detail(topicId)
      .then((d) => live && setRows([...d.deliveries].reverse()))
      .catch((e) => live && setError(ApiError.from(e).message));
    return () => {
      live = false;
    };
  }, [detail, topicId, stamp]);

  if (error) return <span className="zp-muted">{error}</span>;
  if (rows === null) return <Spin size="small" />;
  if (rows.length === 0) return <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('topics.deliveries.none')} />;
  return (
    <Table<Delivery>
      rowKey="id"
      size="small"
      pagination={false}
      dataSource={rows}
      data-testid="topic-deliveries"
      columns={[
        { title: t('topics.deliveries.to'), key: 'to', render: (_, d) => d.recipient.display_name, width: 120 },
        { title: t('topics.deliveries.what'), key: 'what', render: (_, d) => d.title },
        { title: t('topics.deliveries.sent'), key: 'sent', render: (_, d) => when(d.created_at), width: 140 },
        {
          title: t('topics.deliveries.read'),
          key: 'read',
          width: 150,
          render: (_, d) =>
            d.read_at ? (
              <Tag color="green" data-testid="delivery-read">
                {t('topics.deliveries.readAt', { at: when(d.read_at) })}
              </Tag>
            ) : (
              <Tag data-testid="delivery-unread">{t('topics.deliveries.unread')}</Tag>
            ),
        },
      ]}
    />
  );
}
