import { type ReactNode, useEffect, useMemo, useState } from 'react';
import { Button, Empty, Form, Input, Modal, Segmented, Select, Space, Table, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import type { Topic, TopicPriority, TopicState } from '../../api';
import { useIssues, useShownIssue } from '../../state/issues';
import { useNav } from '../../state/nav';
import { useSession } from '../../state/session';
import { isCorrespondentOnly, mayPlanTopics, useTopics } from '../../state/topics';
import { issueLabel } from '../issues';
import { when } from '../common';
import { AssignDialog } from './AssignDialog';
import { Deliveries } from './Deliveries';
import { ProposeDialog } from './ProposeDialog';
import { TopicsCalendar } from './TopicsCalendar';
import { useFail } from '../common/useFail';

export const STATE_COLORS: Record<TopicState, string> = {
  proposed: 'default',
  accepted: 'blue',
  declined: 'red',
  held: 'gold',
  assigned: 'geekblue',
  in_progress: 'cyan',
  submitted: 'purple',
  done: 'green',
  cancelled: 'default',
};

export function TopicStateTag({ state }: { state: TopicState }) {
  const { t } = useTranslation();
  return (
    <Tag color={STATE_COLORS[state]} data-testid="topic-state">
      {t(`topics.state.${state}`)}
    </Tag>
  );
}

const PRIORITY_COLORS: Record<TopicPriority, string> = { headline: 'red', major: 'orange', normal: 'default' };

/**
 * 选题会: an issue's topics by page and priority, with their states, owners
 * and deadlines, and what is still missing; editors decide and assign here,
 * the assignee starts the article from it. A 通讯员 sees their own topics
 * of every issue (they see no issue list).
 */
export function TopicsView({ issueId }: { issueId?: number }) {
  const user = useSession((s) => s.user);
  return isCorrespondentOnly(user?.roles) ? <TopicBoard issueId={null} /> : <IssueTopics issueId={issueId} />;
}

function IssueTopics({ issueId }: { issueId?: number }) {
  const { t } = useTranslation();
  const fail = useFail();
  const go = useNav((s) => s.go);
  const { issues, current } = useShownIssue(issueId, fail);
  if (current === undefined) return <Empty description={t('pages.noIssues')} />;
  return (
    <TopicBoard
      issueId={current}
      picker={
        <>
          <span>{t('pages.issue')}</span>
          <Select
            style={{ width: 280 }}
            value={current}
            onChange={(id: number) => go({ name: 'topics', issueId: id })}
            options={issues.map((i) => ({ value: i.id, label: issueLabel(t, i) }))}
            data-testid="topics-issue"
          />
        </>
      }
    />
  );
}

function TopicBoard({ issueId, picker }: { issueId: number | null; picker?: ReactNode }) {
  const { t } = useTranslation();
  const fail = useFail();
  const go = useNav((s) => s.go);
  const user = useSession((s) => s.user);
  const correspondent = issueId === null;
  const shownIssue = issueId;
  const { list, load, decide, start, cancel } = useTopics();
  const issues = useIssues((s) => s.issues);
  const [shape, setShape] = useState<'list' | 'calendar'>('list');
  const [cancelling, setCancelling] = useState<Topic | null>(null);
  const [proposing, setProposing] = useState(false);
  const [assigning, setAssigning] = useState<Topic | null>(null);
  const [declining, setDeclining] = useState<Topic | null>(null);
  const [reason, setReason] = useState('');
  const planner = mayPlanTopics();

  useEffect(() => {
    void load(shownIssue).catch(fail);
  }, [shownIssue, load, fail]);

  const missing = useMemo(
    () => list.filter((x) => ['accepted', 'assigned', 'in_progress'].includes(x.state)).length,
    [list],
  );

  const startArticle = async (topic: Topic) => {
    try {
      const started = await start(topic.id);
      go({ name: 'article', id: started.article.id });
    } catch (e) {
      fail(e);
    }
  };

  const columns = [
    {
      title: t('topics.page'),
      key: 'page',
      width: 72,
      render: (_: unknown, r: Topic) => (r.page ? t('pages.pageN', { n: r.page }) : '—'),
    },
    {
      title: t('topics.priority'),
      key: 'priority',
      width: 72,
      render: (_: unknown, r: Topic) => <Tag color={PRIORITY_COLORS[r.priority]}>{t(`topics.priorities.${r.priority}`)}</Tag>,
    },
    {
      title: t('topics.titleCol'),
      key: 'title',
      render: (_: unknown, r: Topic) => (
        <Space direction="vertical" size={0}>
          <Typography.Text strong>{r.title}</Typography.Text>
          {r.points && <Typography.Text type="secondary">{r.points}</Typography.Text>}
          {r.reason && <Typography.Text type="secondary">{t('topics.reason', { reason: r.reason })}</Typography.Text>}
        </Space>
      ),
    },
    {
      title: t('topics.stateCol'),
      key: 'state',
      width: 96,
      render: (_: unknown, r: Topic) => <TopicStateTag state={r.state} />,
    },
    {
      title: t('topics.owner'),
      key: 'owner',
      width: 120,
      render: (_: unknown, r: Topic) => r.assignee?.display_name ?? <Typography.Text type="secondary">{t('topics.unassigned')}</Typography.Text>,
    },
    {
      title: t('topics.due'),
      key: 'due',
      width: 150,
      render: (_: unknown, r: Topic) =>
        r.due_at ? (
          <Typography.Text type={overdue(r) ? 'danger' : undefined}>{r.due ?? when(r.due_at)}</Typography.Text>
        ) : (
          '—'
        ),
    },
    {
      title: t('common.actions'),
      key: 'actions',
      width: 260,
      render: (_: unknown, r: Topic) => (
        <Space wrap size={4}>
          {planner && ['proposed', 'held', 'declined'].includes(r.state) && (
            <Button size="small" onClick={() => void decide(r.id, 'accepted').catch(fail)} data-testid="topic-accept">
              {t('topics.accept')}
            </Button>
          )}
          {planner && ['proposed', 'accepted'].includes(r.state) && (
            <Button size="small" onClick={() => void decide(r.id, 'held').catch(fail)}>
              {t('topics.hold')}
            </Button>
          )}
          {planner && ['proposed', 'accepted', 'held'].includes(r.state) && (
            <Button size="small" danger onClick={() => (setDeclining(r), setReason(''))}>
              {t('topics.decline')}
            </Button>
          )}
          {planner && ['accepted', 'assigned', 'in_progress'].includes(r.state) && (
            <Button size="small" type="primary" onClick={() => setAssigning(r)} data-testid="topic-assign">
              {r.assignee ? t('topics.reassign') : t('topics.assign')}
            </Button>
          )}
          {r.article_id === null &&
            ['accepted', 'assigned'].includes(r.state) &&
            (r.assignee?.id === user?.id || planner) && (
              <Button size="small" onClick={() => void startArticle(r)} data-testid="topic-start">
                {t('topics.start')}
              </Button>
            )}
          {r.article_id !== null && (
            <Button size="small" type="link" onClick={() => go({ name: 'article', id: r.article_id as number })} data-testid="topic-open">
              {t('topics.open')}
            </Button>
          )}
          {planner && !['done', 'declined', 'cancelled'].includes(r.state) && (
            <Button size="small" type="link" danger onClick={() => (setCancelling(r), setReason(''))} data-testid="topic-cancel">
              {t('topics.cancel')}
            </Button>
          )}
        </Space>
      ),
    },
  ];

  return (
    <div data-testid="topics-view">
      <Space style={{ justifyContent: 'space-between', width: '100%', marginBottom: 12 }} wrap>
        <Typography.Title level={4} style={{ margin: 0 }}>
          {correspondent ? t('topics.mine') : t('topics.title')}
        </Typography.Title>
        <Space>
          <Segmented<'list' | 'calendar'>
            value={shape}
            onChange={setShape}
            options={[
              { value: 'list', label: t('topics.calendar.list') },
              { value: 'calendar', label: t('topics.calendar.month') },
            ]}
            data-testid="topics-shape"
          />
          {picker}
          <Button type="primary" onClick={() => setProposing(true)} data-testid="topic-propose">
            {t('topics.propose')}
          </Button>
        </Space>
      </Space>
      {!correspondent && list.length > 0 && (
        <Typography.Paragraph type="secondary" data-testid="topics-summary">
          {t('topics.summary', { total: list.length, missing })}
        </Typography.Paragraph>
      )}
      {shape === 'calendar' ? (
        <TopicsCalendar topics={list} issues={issues} />
      ) : list.length === 0 ? (
        <Empty description={t('topics.none')} />
      ) : (
        <Table
          rowKey="id"
          size="small"
          pagination={false}
          dataSource={list}
          columns={columns}
          expandable={
            planner
              ? { expandedRowRender: (r: Topic) => <Deliveries topicId={r.id} />, rowExpandable: (r: Topic) => r.assignee !== null || r.reason !== '' || r.state !== 'proposed' }
              : undefined
          }
          data-testid="topics-table"
        />
      )}
      <ProposeDialog open={proposing} issueId={shownIssue} onClose={() => setProposing(false)} />
      <AssignDialog topic={assigning} onClose={() => setAssigning(null)} />
      <Modal
        open={cancelling !== null}
        title={t('topics.cancelTitle', { title: cancelling?.title ?? '' })}
        okText={t('topics.cancel')}
        okButtonProps={{ danger: true, id: 'topic-cancel-ok' }}
        onCancel={() => setCancelling(null)}
        onOk={async () => {
          if (!cancelling) return;
          try {
            await cancel(cancelling.id, reason.trim() || undefined);
            setCancelling(null);
          } catch (e) {
            fail(e);
          }
        }}
      >
        <Form layout="vertical">
          <Form.Item label={t('topics.cancelReason')}>
            <Input.TextArea value={reason} onChange={(e) => setReason(e.target.value)} maxLength={500} data-testid="topic-cancel-reason" />
          </Form.Item>
        </Form>
      </Modal>
      <Modal
        open={declining !== null}
        title={t('topics.declineTitle')}
        onCancel={() => setDeclining(null)}
        okButtonProps={{ disabled: !reason.trim() }}
        onOk={async () => {
          if (!declining) return;
          try {
            await decide(declining.id, 'declined', reason);
            setDeclining(null);
          } catch (e) {
            fail(e);
          }
        }}
      >
        <Form layout="vertical">
          <Form.Item label={t('topics.declineReason')} required>
            <Input.TextArea value={reason} onChange={(e) => setReason(e.target.value)} maxLength={500} />
          </Form.Item>
        </Form>
      </Modal>
    </div>
  );
}

function overdue(t: Topic): boolean {
  return !!t.due_at && ['assigned', 'in_progress'].includes(t.state) && new Date(t.due_at).getTime() < Date.now();
}

