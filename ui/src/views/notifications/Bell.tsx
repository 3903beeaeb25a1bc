import { useEffect } from 'react';
import { Badge, Button, Empty, List, Popover, Space, Typography } from 'antd';
import { BellOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import type { Notification } from '../../api';
import { useLive } from '../../state/live';
import { useNav } from '../../state/nav';
import { useNotifications } from '../../state/notifications';
import { when } from '../common';

/**
 * The bell in the header: the unread count, the newest notifications, and
 * 全部已读. A notification about a topic leads to the 选题 board, one
 * about an article to the article, a voided 签版 to the 签版 screen.
 */
export function Bell() {
  const { t } = useTranslation();
  const { items, unread, load, markRead } = useNotifications();
  const go = useNav((s) => s.go);
  const live = useLive((s) => s.status === 'connected');

  useEffect(() => {
    void load().catch(() => {});
    if (live) return;
    // Without the event stream: ask now and then.
    const timer = setInterval(() => void load().catch(() => {}), 30000);
    return () => clearInterval(timer);
  }, [load, live]);

  const open = (n: Notification) => {
    if (!n.read_at) void markRead([n.id]).catch(() => {});
    if (n.topic_id !== null) go({ name: 'topics' });
    else if (n.article_id !== null) go({ name: 'article', id: n.article_id });
    else if (n.kind === 'voided') go({ name: 'pages' });
  };

  const content = (
    <div style={{ width: 360 }} data-testid="notifications">
      {items.length === 0 ? (
        <Empty description={t('notify.none')} image={Empty.PRESENTED_IMAGE_SIMPLE} />
      ) : (
        <List
          size="small"
          dataSource={items.slice(0, 20)}
          renderItem={(n) => (
            <List.Item
              style={{ cursor: 'pointer', background: n.read_at ? undefined : '#fff7e6' }}
              onClick={() => open(n)}
              data-testid="notification"
            >
              <List.Item.Meta
                title={<Typography.Text strong={!n.read_at}>{n.title}</Typography.Text>}
                description={
                  <Space size={8}>
                    <span>{t(`notify.kinds.${n.kind}`, { defaultValue: '' })}</span>
                    <span>{when(n.created_at)}</span>
                    {n.sender && <span>{n.sender.display_name}</span>}
                  </Space>
                }
              />
            </List.Item>
          )}
        />
      )}
      {unread > 0 && (
        <Button type="link" onClick={() => void markRead().catch(() => {})} data-testid="notifications-read-all">
          {t('notify.readAll')}
        </Button>
      )}
    </div>
  );

  return (
    <Popover content={content} title={t('notify.title')} trigger="click" placement="bottomRight">
      <Button type="text" data-testid="bell" aria-label={t('notify.title')}>
        <Badge count={unread} size="small" data-testid="bell-count">
          <BellOutlined style={{ fontSize: 18 }} />
        </Badge>
      </Button>
    </Popover>
  );
}
