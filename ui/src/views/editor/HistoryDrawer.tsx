import { useEffect, useState } from 'react';
import { App as AntApp, Button, Checkbox, Drawer, List, Popconfirm, Space, Tabs, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import type { Article } from '../../api';
import { useHistory } from '../../state/history';
import { when } from '../common';
import { DiffView } from '../common/DiffView';
import { SignatureList, TransitionTimeline } from '../review/ReviewRecord';
import { useFail } from '../common/useFail';

export function HistoryDrawer({
  open,
  onClose,
  article,
  onRestored,
}: {
  open: boolean;
  onClose: () => void;
  article: Article;
  onRestored: (a: Article) => void;
}) {
  const { t } = useTranslation();
  const { message } = AntApp.useApp();
  const fail = useFail();
  const { revisions, diff, diffOf, record, load, compare, restore, loadRecord } = useHistory();
  const [picked, setPicked] = useState<number[]>([]);

  useEffect(() => {
    if (open) {
      setPicked([]);
      void load(article.id);
      void loadRecord(article.id).catch(() => {});
    }
  }, [open, article.id, article.revision, article.status, load, loadRecord]);

  const toggle = (n: number, on: boolean) =>
    setPicked((p) => (on ? [...p.filter((x) => x !== n), n].slice(-2) : p.filter((x) => x !== n)));

  return (
    <Drawer title={t('history.title')} open={open} onClose={onClose} size="large" data-testid="history">
      <Tabs
        items={[
          {
            key: 'revisions',
            label: t('history.revisionsTab'),
            children: (
              <>
          <Space style={{ marginBottom: 12 }}>
            <Button
              type="primary"
              disabled={picked.length !== 2}
              onClick={() =>
                compare(article.id, picked[0], picked[1]).catch(fail)
              }
              data-testid="compare"
            >
              {t('history.compare')}
            </Button>
            <Typography.Text type="secondary">{t('history.pick')}</Typography.Text>
          </Space>
          <List
            size="small"
            bordered
            dataSource={[...revisions].reverse()}
            renderItem={(r) => (
              <List.Item
                data-testid={`revision-${r.number}`}
                actions={[
                  r.number !== article.revision && (
                    <Popconfirm
                      key="restore"
                      title={t('history.restoreConfirm', { n: r.number })}
                      onConfirm={async () => {
                        try {
                          const a = await restore(article.id, r.number, article.revision);
                          message.success(t('history.restored', { n: r.number }));
                          onRestored(a);
                          await load(article.id);
                        } catch (e) {
                          fail(e);
                        }
                      }}
                    >
                      <Button size="small" data-testid={`restore-${r.number}`}>
                        {t('history.restore')}
                      </Button>
                    </Popconfirm>
                  ),
                ]}
              >
                <Checkbox checked={picked.includes(r.number)} onChange={(e) => toggle(r.number, e.target.checked)}>
                  <b>{t('articles.revisionN', { n: r.number })}</b>
                </Checkbox>
                {r.number === article.revision && <Tag color="blue">{t('history.current')}</Tag>}
                <Typography.Text type="secondary">
                  {t('history.by', { who: r.author.display_name, when: when(r.created_at) })} ·{' '}
                  {t('articles.lengthOnly', { length: r.length })}
                </Typography.Text>
                {r.note && <Tag>{r.note}</Tag>}
              </List.Item>
            )}
          />
          {diff && diffOf && (
            <div style={{ marginTop: 16 }}>
              <Typography.Title level={5}>
                {t('history.diffTitle', { from: diffOf[0], to: diffOf[1] })}{' '}
                <Tag color="green">{t('history.inserted', { n: diff.inserted })}</Tag>
                <Tag color="red">{t('history.deleted', { n: diff.deleted })}</Tag>
              </Typography.Title>
              {diff.inserted + diff.deleted === 0 ? (
                <Typography.Text type="secondary">{t('history.noChange')}</Typography.Text>
              ) : (
                <DiffView diff={diff} />
              )}
            </div>
          )}
              </>
            ),
          },
          {
            key: 'record',
            label: t('history.recordTab'),
            children: (
              <div data-testid="history-record">
                <Typography.Title level={5}>{t('review.history')}</Typography.Title>
                <TransitionTimeline record={record} />
                <Typography.Title level={5}>{t('review.signatures')}</Typography.Title>
                <SignatureList record={record} />
              </div>
            ),
          },
        ]}
      />
    </Drawer>
  );
}
