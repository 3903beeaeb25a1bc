import { useEffect, useMemo, useState } from 'react';
import { Alert, Button, DatePicker, Select, Space, Table, Tag, Tooltip, Typography } from 'antd';
import { SafetyCertificateOutlined, SearchOutlined, UndoOutlined } from '@ant-design/icons';
import dayjs, { type Dayjs } from 'dayjs';
import { useTranslation } from 'react-i18next';
import type { TFunction } from 'i18next';
import type { AuditEntry } from '../../api';
import { useAdmin } from '../../state/admin';
import { AUDIT_ACTIONS, AUDIT_PAGE, useAudit, type AuditFilter } from '../../state/audit';
import { useFail } from '../common/useFail';

/** 登录成功, 签发…: the action in words (its code when it is new to this version). */
export function actionLabel(t: TFunction, action: string): string {
  return t(`audit.actions.${action}`, { defaultValue: action });
}

/** The facts an entry shows first; the rest follow, hashes last. */
const DETAIL_ORDER = ['revision', 'from', 'from_level', 'to', 'level', 'opinion', 'reason', 'note', 'username', 'display_name'];
const STATUSES = new Set(['draft', 'in_review', 'approved', 'returned', 'withdrawn']);

/** One recorded fact in words: statuses, levels and times as the rest of the app shows them. */
function detailValue(t: TFunction, key: string, v: unknown): string {
  if (typeof v === 'string' && STATUSES.has(v) && (key === 'from' || key === 'to')) return t(`audit.status.${v}`);
  if (typeof v === 'number' && (key === 'level' || key === 'from_level') && v >= 1 && v <= 3) return t(`level.${v}`);
  if (typeof v === 'boolean') return v ? t('common.yes') : t('common.no');
  if (typeof v === 'string' && /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/.test(v)) return dayjs(v).format('YYYY-MM-DD HH:mm');
  if (Array.isArray(v) && v.some((x) => x !== null && typeof x === 'object')) return t('audit.items', { n: v.length });
  return short(typeof v === 'string' ? v : JSON.stringify(v));
}

/** The facts an entry records, as short `key：value` pieces. */
function detailText(t: TFunction, detail: unknown): string[] {
  if (!detail || typeof detail !== 'object') return [];
  const rank = (k: string) => (k === 'content_hash' ? 1000 : DETAIL_ORDER.includes(k) ? DETAIL_ORDER.indexOf(k) : 100);
  return Object.entries(detail as Record<string, unknown>)
    .filter(([, v]) => v !== null && v !== '' && !(Array.isArray(v) && v.length === 0))
    .sort(([a], [b]) => rank(a) - rank(b))
    .map(([k, v]) => t('audit.kv', { k: t(`audit.detail.${k}`, { defaultValue: k }), v: detailValue(t, k, v) }));
}

/** Hashes and nested records, cut to a readable length (the full text is in the tooltip). */
function short(s: string): string {
  if (/^[0-9a-f]{40,}$/.test(s)) return `${s.slice(0, 12)}…`;
  return s.length > 60 ? `${s.slice(0, 60)}…` : s;
}

/** 审计日志: who did what and when, filtered by person, action and date; the hash chain checked on demand. */
export function AuditLog() {
  const { t } = useTranslation();
  const fail = useFail();
  const { entries, total, page, loading, chain, checking, load, verify, filter } = useAudit();
  const users = useAdmin((s) => s.users);
  const loadUsers = useAdmin((s) => s.load);
  const [actorId, setActorId] = useState<number | undefined>(filter.actorId);
  const [action, setAction] = useState<string | undefined>(filter.action);
  const [range, setRange] = useState<[Dayjs | null, Dayjs | null] | null>(
    filter.since || filter.until ? [filter.since ? dayjs(filter.since) : null, filter.until ? dayjs(filter.until) : null] : null,
  );

  useEffect(() => {
    if (users.length === 0) void loadUsers().catch(() => {});
    void useAudit.getState().load(useAudit.getState().filter, useAudit.getState().page).catch(fail);
    // eslint-disable-next-line react-hooks/exhaustive-deps -- once, when the tab opens
  }, []);

  const current = (): AuditFilter => ({
    actorId,
    action,
    since: range?.[0]?.format('YYYY-MM-DD'),
    until: range?.[1]?.format('YYYY-MM-DD'),
  });

  const actionOptions = useMemo(
    () =>
      Object.entries(AUDIT_ACTIONS).map(([group, actions]) => ({
        label: t(`audit.groups.${group}`),
        title: group,
        options: [
          { value: `${group}.`, label: t('audit.allOf', { group: t(`audit.groups.${group}`) }) },
          ...actions.map((a) => ({ value: a, label: actionLabel(t, a) })),
        ],
      })),
    [t],
  );

  const runVerify = async () => {
    try {
      // The result shows in the alert above the table.
      await verify();
    } catch (e) {
      fail(e);
    }
  };

  return (
    <div className="zp-audit" data-testid="audit-log">
      <Space wrap style={{ marginBottom: 12, justifyContent: 'space-between', width: '100%' }}>
        <Space wrap>
          <Select
            allowClear
            showSearch={{ optionFilterProp: 'label' }}
            style={{ width: 180 }}
            placeholder={t('audit.person')}
            value={actorId}
            onChange={setActorId}
            options={users.map((u) => ({ value: u.id, label: `${u.display_name}（${u.username}）` }))}
            data-testid="audit-person"
          />
          <Select
            allowClear
            showSearch={{ optionFilterProp: 'label' }}
            style={{ width: 200 }}
            placeholder={t('audit.action')}
            value={action}
            onChange={setAction}
            options={actionOptions}
            data-testid="audit-action"
          />
          <DatePicker.RangePicker
            value={range}
            onChange={(v) => setRange(v)}
            allowEmpty={[true, true]}
            placeholder={[t('audit.since'), t('audit.until')]}
            data-testid="audit-range"
          />
          <Button type="primary" icon={<SearchOutlined />} onClick={() => void load(current(), 1).catch(fail)} data-testid="audit-search">
            {t('audit.search')}
          </Button>
          <Button
            icon={<UndoOutlined />}
            onClick={() => {
              setActorId(undefined);
              setAction(undefined);
              setRange(null);
              void load({}, 1).catch(fail);
            }}
          >
            {t('audit.reset')}
          </Button>
        </Space>
        <Tooltip title={t('audit.verifyHint')}>
          <Button icon={<SafetyCertificateOutlined />} loading={checking} onClick={() => void runVerify()} data-testid="audit-verify">
            {t('audit.verify')}
          </Button>
        </Tooltip>
      </Space>
      {chain && (
        <Alert
          type={chain.ok ? 'success' : 'error'}
          showIcon
          closable
          style={{ marginBottom: 12 }}
          data-testid="audit-chain"
          title={chain.ok ? t('audit.chainOk', { n: chain.entries }) : t('audit.chainBroken', { id: chain.first_broken ?? '?' })}
          description={
            chain.ok
              ? `${t('audit.chainOkText')}${chain.keyed_since != null ? t('security.chainKeyed', { id: chain.keyed_since }) : ''}`
              : chain.reason
          }
        />
      )}
      <Table<AuditEntry>
        rowKey="id"
        size="small"
        loading={loading}
        dataSource={entries}
        locale={{ emptyText: t('audit.empty') }}
        pagination={{
          current: page,
          pageSize: AUDIT_PAGE,
          total,
          showSizeChanger: false,
          showTotal: (n) => t('audit.total', { n }),
          onChange: (p) => void load(filter, p).catch(fail),
        }}
        columns={[
          { title: t('audit.no'), dataIndex: 'id', width: 72, render: (id: number) => <span className="zp-muted">#{id}</span> },
          {
            title: t('audit.at'),
            width: 160,
            render: (_, e) => dayjs(e.at).format('YYYY-MM-DD HH:mm:ss'),
          },
          { title: t('audit.person'), width: 170, render: (_, e) => e.actor },
          {
            title: t('audit.action'),
            width: 150,
            render: (_, e) => (
              <Tag color={e.action === 'login.fail' ? 'red' : e.action.startsWith('login.') ? 'blue' : undefined} data-testid="audit-action-tag">
                {actionLabel(t, e.action)}
              </Tag>
            ),
          },
          {
            title: t('audit.target'),
            width: 120,
            render: (_, e) =>
              e.target_kind
                ? `${t(`audit.kinds.${e.target_kind}`, { defaultValue: e.target_kind })}${e.target_id !== null ? ` ${e.target_id}` : ''}`
                : '—',
          },
          {
            title: t('audit.client'),
            width: 140,
            render: (_, e) => (
              <span>
                {e.client} <span className="zp-muted">· {t(`audit.via.${e.via}`, { defaultValue: e.via })}</span>
              </span>
            ),
          },
          {
            title: t('audit.detailCol'),
            render: (_, e) => (
              <Tooltip title={<pre className="zp-audit-json">{JSON.stringify(e.detail, null, 2)}</pre>} placement="left">
                <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                  {detailText(t, e.detail).join(t('audit.sep'))}
                </Typography.Text>
              </Tooltip>
            ),
          },
        ]}
      />
    </div>
  );
}
