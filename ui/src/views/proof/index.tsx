import { useEffect, useMemo, useState } from 'react';
import {
  Alert,
  App as AntApp,
  Button,
  Card,
  Col,
  Empty,
  Form,
  Input,
  InputNumber,
  Row,
  Select,
  Space,
  Statistic,
  Table,
  Tag,
  Typography,
} from 'antd';
import { CheckCircleOutlined, EditOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import type { ArticleProofRow, IgnoreRow, ProofPass } from '../../api';
import { useShownIssue } from '../../state/issues';
import { useNav } from '../../state/nav';
import { useProofReport } from '../../state/proofReport';
import { formatRate } from '../../doc/proofText';
import { useSession } from '../../state/session';
import { when } from '../common';
import { issueLabel } from '../issues';
import { useFail } from '../common/useFail';
import './proof.css';

/** Editors' proposals to leave an error as it is: a proofreader confirms or rejects each. */
function Proposals({ issueId }: { issueId: number }) {
  const { t } = useTranslation();
  const { message } = AntApp.useApp();
  const fail = useFail();
  const go = useNav((s) => s.go);
  const proposals = useProofReport((s) => s.proposals);
  const loadProposals = useProofReport((s) => s.loadProposals);
  const reviewIgnore = useProofReport((s) => s.reviewIgnore);
  const mayDecide = useSession((s) => s.has('proofreader') || s.has('admin'));
  const report = useProofReport((s) => s.report);
  const titles = useMemo(() => new Map((report?.articles ?? []).map((a) => [a.id, a.title])), [report]);
  const [busy, setBusy] = useState<number | null>(null);

  useEffect(() => {
    void loadProposals(issueId).catch(fail);
  }, [issueId, loadProposals, fail]);

  const decide = async (p: IgnoreRow, accept: boolean) => {
    setBusy(p.id);
    try {
      await reviewIgnore(p, accept);
      message.success(accept ? t('proof.proposal.accepted') : t('proof.proposal.rejected'));
    } catch (e) {
      fail(e);
    } finally {
      setBusy(null);
    }
  };

  return (
    <Card
      size="small"
      style={{ marginTop: 16 }}
      title={
        <span>
          {t('proof.proposal.list')} {proposals.length > 0 && <Tag color="gold">{proposals.length}</Tag>}
        </span>
      }
      data-testid="proof-proposals"
    >
      {proposals.length === 0 ? (
        <Typography.Text type="secondary">{t('proof.proposal.none')}</Typography.Text>
      ) : (
        <div className="zp-proposals">
          {proposals.map((p) => (
            <div key={p.id} className="zp-proposal" data-testid="proposal">
              <div className="zp-proposal-head">
                <Button type="link" size="small" style={{ padding: 0 }} onClick={() => go({ name: 'article', id: p.article_id })}>
                  {titles.get(p.article_id) ?? t('proof.proposal.article', { id: p.article_id })}
                </Button>
                <span className="zp-muted">{when(p.created_at)}</span>
              </div>
              <div>
                <mark>{p.passage}</mark>
              </div>
              <div className="zp-opinion">{t('proof.proposal.by', { who: p.user.display_name, reason: p.reason })}</div>
              {mayDecide && (
                <Space size={6} style={{ marginTop: 6 }}>
                  <Button size="small" loading={busy === p.id} onClick={() => void decide(p, true)} data-testid="proposal-accept">
                    {t('proof.proposal.accept')}
                  </Button>
                  <Button size="small" danger loading={busy === p.id} onClick={() => void decide(p, false)} data-testid="proposal-reject">
                    {t('proof.proposal.reject')}
                  </Button>
                </Space>
              )}
            </div>
          ))}
        </div>
      )}
    </Card>
  );
}

/** The form a proofreader fills in after a pass over the page proofs. */
function RecordPass({ issueId, next }: { issueId: number; next: number }) {
  const { t } = useTranslation();
  const { message } = AntApp.useApp();
  const fail = useFail();
  const recordPass = useProofReport((s) => s.recordPass);
  const [form] = Form.useForm<{ errors_found: number | null; note: string }>();
  const passName = t(`proof.pass.${next}`);

  return (
    <Form
      form={form}
      layout="vertical"
      initialValues={{ errors_found: 0, note: '' }}
      onFinish={async (v) => {
        try {
          await recordPass({ issue_id: issueId, pass: next, errors_found: v.errors_found ?? 0, note: v.note?.trim() || undefined });
          message.success(t('proof.recorded', { pass: passName }));
          form.resetFields();
        } catch (e) {
          fail(e);
        }
      }}
      className="zp-record-pass"
    >
      <Row gutter={12}>
        <Col span={6}>
          <Form.Item label={t('proof.passCol')}>
            <Tag color="blue" style={{ fontSize: 14, padding: '2px 10px' }} data-testid="next-pass">
              {passName}
            </Tag>
          </Form.Item>
        </Col>
        <Col span={18}>
          <Form.Item name="errors_found" label={t('proof.errorsFound')}>
            <InputNumber min={0} max={100000} style={{ width: 140 }} data-testid="pass-errors" />
          </Form.Item>
        </Col>
      </Row>
      <Form.Item name="note" label={t('proof.note')}>
        <Input.TextArea rows={2} maxLength={1000} placeholder={t('proof.notePh')} data-testid="pass-note" />
      </Form.Item>
      <Button type="primary" htmlType="submit" data-testid="record-pass">
        {t('proof.record', { pass: passName })}
      </Button>
    </Form>
  );
}

export function ProofView({ issueId }: { issueId?: number }) {
  const { t } = useTranslation();
  const fail = useFail();
  const go = useNav((s) => s.go);
  const { issues, current } = useShownIssue(issueId, fail);
  const { report, loading, load, leave } = useProofReport();
  const isProofreader = useSession((s) => s.has('proofreader'));

  useEffect(() => {
    if (current !== undefined) void load(current).catch(fail);
  }, [current, load, fail]);
  useEffect(() => leave, [leave]);

  const shown = report && report.issue_id === current ? report : null;
  const rows = useMemo(
    () => [...(shown?.articles ?? [])].sort((a, b) => b.errors - a.errors || b.warnings - a.warnings),
    [shown],
  );
  const passes = useMemo(() => [...(shown?.passes ?? [])].sort((a, b) => a.pass - b.pass), [shown]);
  const next = passes.reduce((m, p) => Math.max(m, p.pass), 0) + 1;

  return (
    <div className="zp-proof-view">
      <Space style={{ justifyContent: 'space-between', width: '100%', marginBottom: 16 }} wrap>
        <Typography.Title level={4} style={{ margin: 0 }}>
          {t('proof.title')}
        </Typography.Title>
        <Space>
          <span>{t('proof.issue')}</span>
          <Select
            style={{ width: 280 }}
            placeholder={t('proof.pickIssue')}
            value={current}
            onChange={(id: number) => go({ name: 'proof', issueId: id })}
            options={issues.map((i) => ({ value: i.id, label: issueLabel(t, i) }))}
            notFoundContent={t('proof.noIssues')}
            data-testid="proof-issue"
          />
        </Space>
      </Space>

      {current === undefined ? (
        <Empty description={t('proof.noIssues')} />
      ) : (
        <Row gutter={16}>
          <Col xs={24} xl={15}>
            <Card size="small" style={{ marginBottom: 16 }}>
              <Row gutter={16}>
                <Col span={6}>
                  <Statistic title={t('proof.articleCount')} value={shown?.articles.length ?? 0} loading={loading && !shown} />
                </Col>
                <Col span={6}>
                  <Statistic title={t('proof.chars')} value={shown?.chars ?? 0} loading={loading && !shown} />
                </Col>
                <Col span={6}>
                  <Statistic
                    title={t('proof.errors')}
                    value={shown?.errors ?? 0}
                    loading={loading && !shown}
                    styles={{ content: { color: shown?.errors ? '#c92a2a' : undefined } }}
                  />
                </Col>
                <Col span={6}>
                  <div title={t('proof.rateHint')} data-testid="issue-error-rate">
                    <Statistic
                      title={t('proof.rate')}
                      value={t('proof.rateValue', { rate: formatRate(shown?.error_rate ?? 0) })}
                      loading={loading && !shown}
                      styles={{ content: { color: shown?.errors ? '#c92a2a' : '#2b8a3e' } }}
                    />
                  </div>
                </Col>
              </Row>
            </Card>
            <Card size="small" title={t('proof.articles')}>
              <Table<ArticleProofRow>
                rowKey="id"
                size="small"
                loading={loading}
                dataSource={rows}
                pagination={false}
                locale={{ emptyText: t('proof.noArticles') }}
                data-testid="proof-articles"
                columns={[
                  {
                    title: t('proof.article'),
                    render: (_, a) => (
                      <Button type="link" size="small" style={{ padding: 0 }} onClick={() => go({ name: 'article', id: a.id })}>
                        {a.title}
                      </Button>
                    ),
                  },
                  { title: t('proof.chars'), dataIndex: 'chars', width: 80, align: 'right' },
                  {
                    title: t('proof.errors'),
                    width: 80,
                    align: 'right',
                    render: (_, a) => (a.errors ? <Tag color="red">{a.errors}</Tag> : <span className="zp-muted">0</span>),
                  },
                  {
                    title: t('proof.warnings'),
                    width: 80,
                    align: 'right',
                    render: (_, a) => (a.warnings ? <Tag color="orange">{a.warnings}</Tag> : <span className="zp-muted">0</span>),
                  },
                  {
                    title: '',
                    width: 60,
                    render: (_, a) => (
                      <Button
                        size="small"
                        type="text"
                        icon={<EditOutlined />}
                        aria-label={t('proof.openArticle')}
                        onClick={() => go({ name: 'article', id: a.id })}
                      />
                    ),
                  },
                ]}
              />
            </Card>
          </Col>
          <Col xs={24} xl={9}>
            <Card size="small" title={t('proof.passes')} data-testid="proof-passes">
              {passes.length === 0 ? (
                <Typography.Text type="secondary">{t('proof.noPasses')}</Typography.Text>
              ) : (
                <div className="zp-passes">
                  {passes.map((p: ProofPass) => (
                    <div key={p.id} className="zp-pass" data-testid={`pass-${p.pass}`}>
                      <div className="zp-pass-head">
                        <Tag color="blue">{t(`proof.pass.${p.pass}`)}</Tag>
                        <b>{p.user.display_name}</b>
                        <span className="zp-muted">{when(p.at)}</span>
                      </div>
                      <div>
                        {t('proof.errorsFound')}：{t('proof.errorsFoundN', { n: p.errors_found })}
                      </div>
                      {p.note && <div className="zp-opinion">{p.note}</div>}
                    </div>
                  ))}
                </div>
              )}
              <div style={{ marginTop: 16 }}>
                {next > 3 ? (
                  <Alert type="success" showIcon icon={<CheckCircleOutlined />} title={t('proof.allDone')} />
                ) : isProofreader ? (
                  <RecordPass key={`${current}:${next}`} issueId={current} next={next} />
                ) : (
                  <Typography.Text type="secondary">{t('proof.proofreaderOnly')}</Typography.Text>
                )}
              </div>
            </Card>
            <Proposals issueId={current} />
          </Col>
        </Row>
      )}
    </div>
  );
}
