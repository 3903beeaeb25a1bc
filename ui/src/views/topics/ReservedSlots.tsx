import { useMemo, useState } from 'react';
import { App as AntApp, Button, Popover, Select, Space, Tooltip, Typography } from 'antd';
import { CloseOutlined, PushpinOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { ApiError, type ReservedSlot, type Topic } from '../../api';
import { useLayout } from '../../state/layout';
import { placedIds } from '../../doc/planEdit';
import { reservableTopics, useTopics } from '../../state/topics';
import './slots.css';

/**
 * 预留版位 on the layout screen: each page lists the slots held for topics
 * (title, owner, deadline, expected length) after its articles; layout
 * staff hold a page for a topic of the issue or let a slot go. The
 * slot's article takes it as soon as it exists.
 */
export function SlotCards({ page, canEdit }: { page: number; canEdit: boolean }) {
  const { t } = useTranslation();
  const { message } = AntApp.useApp();
  const slots = useLayout((s) => s.layout?.slots ?? []);
  const reserve = useTopics((s) => s.reserve);
  const here = slots.filter((s) => s.page === page);
  return (
    <>
      {here.map((s) => (
        <div key={s.topic_id} className="zp-slot" data-testid="reserved-slot" data-topic={s.topic_id}>
          <div className="zp-slot-main">
            <div className="zp-slot-kicker">
              <PushpinOutlined /> {t('slots.kicker')}
            </div>
            <div className="zp-slot-title">{s.title}</div>
            <div className="zp-slot-meta" data-testid="slot-meta">
              {slotMeta(t, s)}
            </div>
          </div>
          {canEdit && (
            <Tooltip title={t('slots.release')}>
              <Button
                size="small"
                type="text"
                icon={<CloseOutlined />}
                aria-label={t('slots.release')}
                onClick={() => void reserve(s.topic_id, null).catch((e) => message.error(ApiError.from(e).message))}
                data-testid="slot-release"
              />
            </Tooltip>
          )}
        </div>
      ))}
    </>
  );
}

function slotMeta(t: (k: string, o?: Record<string, unknown>) => string, s: ReservedSlot): string {
  const parts = [s.owner || t('topics.unassigned')];
  if (s.due) parts.push(t('slots.due', { due: s.due }));
  parts.push(s.expected_chars ? t('slots.chars', { n: s.expected_chars }) : t('slots.charsDefault'));
  if (s.expected_photos) parts.push(t('slots.photos', { n: s.expected_photos }));
  if (s.article_id !== null) parts.push(t('slots.articleWaiting'));
  return parts.join(' · ');
}

/** 预留版位…: pick a topic of the issue to hold this page for. */
export function ReserveSlotButton({ page }: { page: number }) {
  const { t } = useTranslation();
  const { message } = AntApp.useApp();
  const layout = useLayout((s) => s.layout);
  const reserve = useTopics((s) => s.reserve);
  const [open, setOpen] = useState(false);
  const [topics, setTopics] = useState<Topic[] | null>(null);
  const [picked, setPicked] = useState<number | null>(null);
  const placed = useMemo(() => (layout ? placedIds(layout.plan) : new Set<number>()), [layout]);
  if (!layout) return null;
  const issueId = layout.plan.issue_id;

  const show = (v: boolean) => {
    setOpen(v);
    setPicked(null);
    if (v) {
      setTopics(null);
      void reservableTopics(issueId, placed)
        .then(setTopics)
        .catch((e) => message.error(ApiError.from(e).message));
    }
  };

  const content = (
    <Space direction="vertical" style={{ width: 300 }} data-testid="slot-picker">
      <Select<number>
        style={{ width: '100%' }}
        loading={topics === null}
        placeholder={t('slots.pick')}
        value={picked ?? undefined}
        onChange={setPicked}
        notFoundContent={t('slots.noTopics')}
        options={(topics ?? []).map((x) => ({
          value: x.id,
          label: `${x.title}（${x.assignee?.display_name ?? t('topics.unassigned')}${x.due ? `，${t('slots.due', { due: x.due })}` : ''}）`,
        }))}
        data-testid="slot-topic"
      />
      <Typography.Text type="secondary">{t('slots.help')}</Typography.Text>
      <Button
        type="primary"
        disabled={picked === null}
        onClick={async () => {
          if (picked === null) return;
          try {
            await reserve(picked, page);
            show(false);
          } catch (e) {
            message.error(ApiError.from(e).message);
          }
        }}
        data-testid="slot-ok"
      >
        {t('slots.reserveOn', { n: page })}
      </Button>
    </Space>
  );

  return (
    <Popover content={content} title={t('slots.title', { n: page })} trigger="click" open={open} onOpenChange={show}>
      <Button size="small" type="dashed" block icon={<PushpinOutlined />} className="zp-slot-add" data-testid="slot-reserve">
        {t('slots.reserve')}
      </Button>
    </Popover>
  );
}
