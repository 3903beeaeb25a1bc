import { useEffect, useMemo, useState } from 'react';
import {
  Alert,
  App as AntApp,
  Button,
  Card,
  Form,
  Input,
  Modal,
  Popconfirm,
  Result,
  Space,
  Spin,
  Statistic,
  Table,
  Tabs,
  Tag,
  Typography,
} from 'antd';
import { DeleteOutlined, DownloadOutlined, EditOutlined, PlusOutlined, ReloadOutlined } from '@ant-design/icons';
import dayjs from 'dayjs';
import { useTranslation } from 'react-i18next';
import type { PaymentLine, PaymentPerson, PaymentRules, StatementRecord } from '../../api';
import { usePayments } from '../../state/stats';
import { useSession } from '../../state/session';
import { statementFileName, yuan, type Period } from '../../doc/statsFigures';
import { when } from '../common';
import { saveBlob } from '../common/download';
import { PeriodPicker, useStartingMonth, type PeriodChoice } from './PeriodPicker';
import { RulesForm, rulesSummary } from './RulesForm';
import { useFail } from '../common/useFail';
import './stats.css';

/** 稿酬: the statement of a period, the issued statements and the rules. Amounts for admins and reviewers only. */
export function PaymentsView() {
  const { t } = useTranslation();
  const mayView = useSession((s) => s.has('admin') || s.has('reviewer'));
  if (!mayView) return <Result status="403" title={t('payments.forbidden')} data-testid="payments-forbidden" />;
  return (
    <div className="zp-payments" data-testid="payments-view">
      <Typography.Title level={3} style={{ marginTop: 0 }}>
        {t('payments.title')}
      </Typography.Title>
      <Tabs
        items={[
          { key: 'statement', label: t('payments.tabs.statement'), children: <StatementTab /> },
          { key: 'issued', label: t('payments.tabs.issued'), children: <IssuedTab /> },
          { key: 'rules', label: t('payments.tabs.rules'), children: <RulesTab /> },
        ]}
      />
    </div>
  );
}

function useDownload() {
  const { t } = useTranslation();
  const { message } = AntApp.useApp();
  const fail = useFail();
  const download = usePayments((s) => s.download);
  return async (id: number | null, period: Period, format: 'xlsx' | 'pdf') => {
    try {
      const blob = await download(id, format);
      const file = statementFileName(period, id, format);
      saveBlob(blob, file);
      message.success(t('payments.downloaded', { file }));
    } catch (e) {
      fail(e);
    }
  };
}

function StatementTab() {
  const { t } = useTranslation();
  const { message } = AntApp.useApp();
  const fail = useFail();
  const { draft, loading, compute, issue } = usePayments();
  const mayManage = useSession((s) => s.has('admin'));
  const download = useDownload();
  const [choice, setChoice] = useState<PeriodChoice | null>(() => {
    const p = usePayments.getState().period;
    return p ? { kind: 'range', period: p } : null;
  });

  // Start on the month of the latest issue (or this month when there is none).
  useStartingMonth(choice, setChoice, fail);

  useEffect(() => {
    if (choice) void compute(choice.period).catch(fail);
  }, [choice, compute, fail]);

  const issueNow = async () => {
    try {
      const record = await issue();
      message.success(t('payments.issued', { id: record.id }));
    } catch (e) {
      fail(e);
    }
  };

  const lines = useMemo(() => {
    const m = new Map<string, PaymentLine[]>();
    for (const l of draft?.lines ?? []) m.set(l.key, [...(m.get(l.key) ?? []), l]);
    return m;
  }, [draft]);

  const columns = [
    {
      title: t('payments.name'),
      dataIndex: 'name',
      render: (name: string, p: PaymentPerson) => (
        <Space size={4}>
          <span>{name}</span>
          {!p.paid && <Tag>{t('payments.notPaid')}</Tag>}
        </Space>
      ),
    },
    { title: t('payments.unit'), dataIndex: 'unit' },
    { title: t('payments.articles'), dataIndex: 'articles', align: 'right' as const },
    { title: t('payments.chars'), dataIndex: 'chars', align: 'right' as const, render: (v: number) => v.toLocaleString('zh-CN') },
    { title: t('payments.textFen'), dataIndex: 'text_fen', align: 'right' as const, render: (v: number) => yuan(v) },
    { title: t('payments.photoFen'), dataIndex: 'photo_fen', align: 'right' as const, render: (v: number) => yuan(v) },
    {
      title: t('payments.totalFen'),
      dataIndex: 'total_fen',
      align: 'right' as const,
      render: (v: number, p: PaymentPerson) =>
        p.paid ? (
          <strong data-testid="person-total">{yuan(v)}</strong>
        ) : (
          <Typography.Text type="secondary">{t('payments.earned', { v: yuan(p.earned_fen) })}</Typography.Text>
        ),
    },
  ];

  const lineColumns = [
    { title: t('payments.issue'), dataIndex: 'issue' },
    { title: t('payments.page'), dataIndex: 'page', render: (p: number) => t('stats.pageN', { n: p }) },
    { title: t('payments.lineTitle'), dataIndex: 'title', ellipsis: true },
    {
      title: t('payments.chars'),
      key: 'chars',
      align: 'right' as const,
      render: (_: unknown, l: PaymentLine) => (l.share === 1000 ? String(l.chars) : `${l.chars} / ${l.article_chars}`),
    },
    { title: t('payments.rate'), dataIndex: 'rate', align: 'right' as const, render: (v: number) => yuan(v) },
    { title: t('payments.textFen'), dataIndex: 'text_fen', align: 'right' as const, render: (v: number) => yuan(v) },
    { title: t('payments.photoFen'), dataIndex: 'photo_fen', align: 'right' as const, render: (v: number) => yuan(v) },
    { title: t('payments.totalFen'), dataIndex: 'total_fen', align: 'right' as const, render: (v: number) => yuan(v) },
  ];

  return (
    <div data-testid="statement-tab">
      <Space wrap style={{ width: '100%', justifyContent: 'space-between', marginBottom: 12 }}>
        <Space wrap>
          {choice && <PeriodPicker value={choice} onChange={setChoice} />}
          <Button icon={<ReloadOutlined />} onClick={() => choice && void compute(choice.period).catch(fail)}>
            {t('payments.compute')}
          </Button>
        </Space>
        <Space wrap>
          <Button icon={<DownloadOutlined />} disabled={!draft || !choice} onClick={() => choice && void download(null, choice.period, 'xlsx')} data-testid="draft-xlsx">
            {t('payments.draftXlsx')}
          </Button>
          <Button icon={<DownloadOutlined />} disabled={!draft || !choice} onClick={() => choice && void download(null, choice.period, 'pdf')} data-testid="draft-pdf">
            {t('payments.draftPdf')}
          </Button>
          {mayManage && (
            <Popconfirm
              title={t('payments.issueButton')}
              description={<div style={{ maxWidth: 320 }}>{t('payments.issueConfirm', { total: yuan(draft?.total_fen ?? 0) })}</div>}
              onConfirm={() => void issueNow()}
              okText={t('common.ok')}
              cancelText={t('common.cancel')}
              disabled={!draft?.ready}
            >
              <Button type="primary" disabled={!draft?.ready} title={draft && !draft.ready ? t('payments.notReady') : undefined} data-testid="issue-statement">
                {t('payments.issueButton')}
              </Button>
            </Popconfirm>
          )}
        </Space>
      </Space>
      <Spin spinning={loading}>
        {draft && (
          <>
            {draft.problems.length > 0 && (
              <Alert
                type="error"
                showIcon
                style={{ marginBottom: 8 }}
                title={t('payments.problems')}
                description={
                  <ul className="zp-plain-list">
                    {draft.problems.map((p) => (
                      <li key={p}>{p}</li>
                    ))}
                  </ul>
                }
                data-testid="statement-problems"
              />
            )}
            {draft.notes.map((n) => (
              <Alert key={n} type="info" showIcon title={n} style={{ marginBottom: 8 }} />
            ))}
            <div className="zp-stats-issues">
              {draft.issues.map((i) => (
                <Tag key={i.id} color={i.printed ? 'green' : 'orange'}>
                  {i.label}（{i.date}）·{' '}
                  {!i.printed ? t('payments.notPrinted') : i.rules_from ? t('payments.rulesFrom', { from: i.rules_from }) : t('payments.noRules')}
                  {i.printed && ` · ${t('payments.yuanUnit', { v: yuan(i.total_fen) })}`}
                </Tag>
              ))}
            </div>
            <Card size="small" style={{ marginBottom: 12 }}>
              <Space size={48} wrap>
                <Statistic title={t('payments.totalPaid')} value={yuan(draft.total_fen)} suffix="元" data-testid="statement-total" />
                <Statistic title={t('payments.totalUnpaid')} value={yuan(draft.unpaid_fen)} suffix="元" />
                <Statistic title={t('payments.people')} value={draft.people.filter((p) => p.paid).length} />
                <Typography.Text type="secondary">{t('payments.computedAt', { at: when(draft.computed_at) })}</Typography.Text>
              </Space>
            </Card>
            <Table<PaymentPerson>
              rowKey="key"
              size="middle"
              dataSource={draft.people}
              columns={columns}
              pagination={false}
              locale={{ emptyText: t('payments.noPeople') }}
              expandable={{
                expandedRowRender: (p) => (
                  <Table<PaymentLine>
                    rowKey={(l) => `${l.issue_id}-${l.article_id}`}
                    size="small"
                    dataSource={lines.get(p.key) ?? []}
                    columns={lineColumns}
                    pagination={false}
                  />
                ),
              }}
              data-testid="statement-people"
            />
          </>
        )}
      </Spin>
    </div>
  );
}

function IssuedTab() {
  const { t } = useTranslation();
  const { message } = AntApp.useApp();
  const fail = useFail();
  const { statements, loadStatements, voidStatement } = usePayments();
  const mayManage = useSession((s) => s.has('admin'));
  const download = useDownload();
  const [voiding, setVoiding] = useState<StatementRecord | null>(null);
  const [form] = Form.useForm<{ reason: string }>();

  useEffect(() => {
    void loadStatements().catch(fail);
  }, [loadStatements, fail]);

  const submitVoid = async () => {
    if (!voiding) return;
    const { reason } = await form.validateFields();
    try {
      await voidStatement(voiding.id, reason.trim());
      message.success(t('payments.voidDone', { id: voiding.id }));
      setVoiding(null);
      form.resetFields();
    } catch (e) {
      fail(e);
    }
  };

  const columns = [
    { title: t('payments.id'), dataIndex: 'id', width: 70 },
    { title: t('payments.periodCol'), key: 'period', render: (_: unknown, r: StatementRecord) => `${r.period_from} 至 ${r.period_to}` },
    { title: t('payments.issuedBy'), dataIndex: 'issued_by' },
    { title: t('payments.issuedAt'), dataIndex: 'issued_at', render: (v: string) => when(v) },
    { title: t('payments.total'), dataIndex: 'total_fen', align: 'right' as const, render: (v: number) => <span className="zp-money">{yuan(v)}</span> },
    {
      title: t('payments.state'),
      key: 'state',
      render: (_: unknown, r: StatementRecord) =>
        r.voided_at ? (
          <Space orientation="vertical" size={0}>
            <Tag color="red">{t('payments.voided')}</Tag>
            <Typography.Text type="secondary">{t('payments.voidedBy', { who: r.voided_by ?? '', reason: r.void_reason })}</Typography.Text>
          </Space>
        ) : (
          <Tag color="green">{t('payments.valid')}</Tag>
        ),
    },
    {
      title: t('common.actions'),
      key: 'actions',
      render: (_: unknown, r: StatementRecord) => {
        const period = { from: r.period_from, to: r.period_to };
        return (
          <Space>
            <Button size="small" icon={<DownloadOutlined />} onClick={() => void download(r.id, period, 'xlsx')} data-testid="issued-xlsx">
              {t('payments.xlsx')}
            </Button>
            <Button size="small" icon={<DownloadOutlined />} onClick={() => void download(r.id, period, 'pdf')} data-testid="issued-pdf">
              {t('payments.pdf')}
            </Button>
            {mayManage && !r.voided_at && (
              <Button size="small" danger onClick={() => setVoiding(r)} data-testid="void-statement">
                {t('payments.void')}
              </Button>
            )}
          </Space>
        );
      },
    },
  ];

  return (
    <>
      <Table<StatementRecord>
        rowKey="id"
        size="middle"
        dataSource={statements}
        columns={columns}
        pagination={{ pageSize: 20, hideOnSinglePage: true }}
        locale={{ emptyText: t('payments.noStatements') }}
        data-testid="issued-statements"
      />
      <Modal
        open={voiding !== null}
        title={voiding ? t('payments.voidTitle', { id: voiding.id }) : ''}
        onCancel={() => setVoiding(null)}
        onOk={() => void submitVoid().catch(() => {})}
        okButtonProps={{ danger: true }}
        okText={t('payments.void')}
        cancelText={t('common.cancel')}
        destroyOnHidden
      >
        <Form form={form} layout="vertical" requiredMark={false}>
          <Form.Item name="reason" label={t('payments.voidReason')} rules={[{ required: true, whitespace: true, message: t('payments.voidReasonRequired') }]}>
            <Input.TextArea maxLength={200} autoSize={{ minRows: 2 }} data-testid="void-reason" />
          </Form.Item>
        </Form>
      </Modal>
    </>
  );
}

function RulesTab() {
  const { t } = useTranslation();
  const { message } = AntApp.useApp();
  const fail = useFail();
  const { rules, loadRules, deleteRules } = usePayments();
  const mayManage = useSession((s) => s.has('admin'));
  const [editing, setEditing] = useState<PaymentRules | null>(null);

  useEffect(() => {
    void loadRules().catch(fail);
  }, [loadRules, fail]);

  const sorted = useMemo(() => [...rules].sort((a, b) => b.valid_from.localeCompare(a.valid_from)), [rules]);

  return (
    <div data-testid="rules-tab">
      <Space style={{ width: '100%', justifyContent: 'space-between', marginBottom: 12 }}>
        {!mayManage ? <Typography.Text type="secondary">{t('payments.rules.adminOnly')}</Typography.Text> : <span />}
        {mayManage && (
          <Button
            type="primary"
            icon={<PlusOutlined />}
            onClick={() => setEditing(newRules(sorted[0]))}
            data-testid="rules-add"
          >
            {t('payments.rules.add')}
          </Button>
        )}
      </Space>
      {sorted.length === 0 && <Typography.Text type="secondary">{t('payments.rules.empty')}</Typography.Text>}
      <Space orientation="vertical" style={{ width: '100%' }}>
        {sorted.map((r) => (
          <Card
            key={r.id}
            size="small"
            title={`${t('payments.rules.validFrom')}：${r.valid_from}`}
            data-testid="rules-card"
            extra={
              mayManage && (
                <Space>
                  <Button size="small" icon={<EditOutlined />} onClick={() => setEditing(r)} data-testid="rules-edit">
                    {t('payments.rules.edit')}
                  </Button>
                  <Popconfirm
                    title={t('payments.rules.removeConfirm', { from: r.valid_from })}
                    onConfirm={() =>
                      void deleteRules(r.id)
                        .then(() => message.success(t('payments.rules.removed')))
                        .catch(fail)
                    }
                    okText={t('common.ok')}
                    cancelText={t('common.cancel')}
                  >
                    <Button size="small" danger icon={<DeleteOutlined />} aria-label={t('payments.rules.remove')} />
                  </Popconfirm>
                </Space>
              )
            }
          >
            <Typography.Paragraph style={{ marginBottom: 4 }}>{rulesSummary(t, r)}</Typography.Paragraph>
            {r.note && <Typography.Text type="secondary">{r.note}</Typography.Text>}
          </Card>
        ))}
      </Space>
      <RulesForm open={editing !== null} initial={editing} onClose={() => setEditing(null)} />
    </div>
  );
}

/** New rules start from the latest ones, applying from the first of next month. */
function newRules(latest: PaymentRules | undefined): PaymentRules {
  const from = dayjs().add(1, 'month').startOf('month').format('YYYY-MM-DD');
  if (latest) return { ...latest, id: 0, valid_from: from, note: '' };
  return {
    id: 0,
    valid_from: from,
    per_thousand: 8000,
    column_rates: [],
    kind_rates: [],
    per_photo: 5000,
    front_page_bonus: 0,
    min_per_article: 0,
    max_per_article: 0,
    first_author_percent: null,
    note: '',
  };
}
