import { useEffect } from 'react';
import { Button, Table, Tabs, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import type { ArticleSummary } from '../../api';
import { useArticles } from '../../state/articles';
import { useNav } from '../../state/nav';
import { LengthText, RouteLink, StatusTag, when } from '../common';
import { EditingTags } from '../common/PresenceTags';

export function InboxView() {
  const { t } = useTranslation();
  const { inbox, loadInbox } = useArticles();
  const go = useNav((s) => s.go);

  useEffect(() => {
    void loadInbox();
  }, [loadInbox]);

  const table = (rows: ArticleSummary[], review: boolean) => (
    <Table<ArticleSummary>
      rowKey="id"
      dataSource={rows}
      pagination={false}
      locale={{ emptyText: t('inbox.empty') }}
      columns={[
        {
          title: t('articles.headline'),
          render: (_, a) => (
            <RouteLink to={review ? { name: 'review', id: a.id } : { name: 'article', id: a.id }}>{a.title}</RouteLink>
          ),
        },
        { title: t('presence.column'), width: 150, render: (_, a) => <EditingTags users={a.editing} /> },
        { title: t('articles.status'), width: 110, render: (_, a) => <StatusTag status={a.status} level={a.review_level} /> },
        { title: t('articles.author'), width: 100, render: (_, a) => a.author.display_name },
        { title: t('articles.length'), width: 120, render: (_, a) => <LengthText length={a.length} target={a.target_length} /> },
        { title: t('articles.updated'), width: 150, render: (_, a) => when(a.updated_at) },
        {
          title: t('common.actions'),
          width: 100,
          render: (_, a) => (
            <Button
              size="small"
              type="primary"
              data-testid={`inbox-open-${a.id}`}
              onClick={() => go(review ? { name: 'review', id: a.id } : { name: 'article', id: a.id })}
            >
              {review ? t('inbox.open') : t('inbox.edit')}
            </Button>
          ),
        },
      ]}
    />
  );

  return (
    <div>
      <Typography.Title level={4}>{t('inbox.title')}</Typography.Title>
      <Tabs
        items={[
          { key: 'review', label: `${t('inbox.toReview')}（${inbox.to_review.length}）`, children: table(inbox.to_review, true) },
          { key: 'returned', label: `${t('inbox.returned')}（${inbox.returned.length}）`, children: table(inbox.returned, false) },
        ]}
      />
    </div>
  );
}
