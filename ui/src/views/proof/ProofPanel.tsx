import { useMemo, useState } from 'react';
import { App as AntApp, Button, Collapse, Form, Input, Modal, Space, Spin, Tag, Tooltip, Typography } from 'antd';
import {
  CheckCircleOutlined,
  CloseCircleFilled,
  CloseOutlined,
  ExclamationCircleFilled,
  InfoCircleFilled,
} from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import type { TFunction } from 'i18next';
import type { ArticleFinding, FindingField, Severity } from '../../api';
import { liveItems, useProof, type LiveItem } from '../../state/proof';
import { bySeverity, errorRate, formatRate, underlayRuns, type PlacedFinding } from '../../doc/proofText';
import { when } from '../common';
import { useFail } from '../common/useFail';
import './proof.css';

const SEVERITIES: Severity[] = ['error', 'warning', 'info'];

export function SeverityIcon({ severity }: { severity: Severity }) {
  if (severity === 'error') return <CloseCircleFilled className="zp-sev-error" />;
  if (severity === 'warning') return <ExclamationCircleFilled className="zp-sev-warning" />;
  return <InfoCircleFilled className="zp-sev-info" />;
}

/** Where a finding is: 引题, 主题, 副题 or 正文第N段. */
export function whereLabel(t: TFunction, field: FindingField, block: number | null): string {
  return field === 'body' ? t('proof.where.body', { n: (block ?? 0) + 1 }) : t(`proof.where.${field}`);
}

/** The open live findings and the article's 差错率, as the editor screen shows them. */
export function useLiveFindings() {
  const live = useProof((s) => s.live);
  const bySig = useProof((s) => s.savedBySignature);
  return useMemo(() => {
    const items = liveItems(live, bySig).sort((a, b) => bySeverity(a.finding, b.finding));
    const count = (sev: Severity) => items.filter((i) => i.finding.severity === sev).length;
    const errors = count('error');
    return {
      items,
      errors,
      warnings: count('warning'),
      infos: count('info'),
      chars: live?.chars ?? 0,
      rate: errorRate(errors, live?.chars ?? 0),
    };
  }, [live, bySig]);
}

function fixLabel(t: TFunction, replacement: string) {
  return replacement === '' ? t('proof.fixDelete') : t('proof.fix', { text: replacement });
}

/**
 * Underlines for a headline input: a copy of its text in transparent ink,
 * laid exactly over the input, whose flagged runs carry the body's wavy
 * underline. The input itself stays a plain input.
 */
export function FieldUnderlay({
  field,
  text,
  items,
  className,
}: {
  field: FindingField;
  text: string;
  items: LiveItem[];
  className: string;
}) {
  const runs = underlayRuns(
    text,
    items.filter((i) => i.finding.field === field).map((i) => i.finding),
  );
  if (!runs.some((r) => r.severity)) return null;
  return (
    <div className={`zp-field-underlay ${className}`} aria-hidden data-testid={`field-underlay-${field}`}>
      {runs.map((r, i) =>
        r.severity ? (
          <span key={i} className={`zp-proof zp-proof-${r.severity}`}>
            {r.text}
          </span>
        ) : (
          <span key={i}>{r.text}</span>
        ),
      )}
    </div>
  );
}

/** The findings of one headline field, shown beneath it. */
export function FieldFindings({
  field,
  items,
  onSelect,
}: {
  field: FindingField;
  items: LiveItem[];
  onSelect: (f: PlacedFinding) => void;
}) {
  const { i18n } = useTranslation();
  const mine = items.filter((i) => i.finding.field === field);
  if (!mine.length) return null;
  return (
    <div className="zp-field-findings" data-testid={`field-findings-${field}`}>
      {mine.map(({ finding: f }, i) => (
        <button type="button" key={i} className={`zp-field-finding zp-sev-${f.severity}`} onClick={() => onSelect(f)}>
          <SeverityIcon severity={f.severity} /> <span className="zp-field-passage">“{f.passage}”</span>
          {i18n.language === 'en' ? f.message_en : f.message_zh}
        </button>
      ))}
    </div>
  );
}

interface PanelProps {
  /** May apply fixes (the article is editable). */
  canFix: boolean;
  /** May ignore findings (editors and proofreaders). */
  canIgnore: boolean;
  /** May leave errors as they are and confirm or reject editors' proposals (proofreaders, admins). */
  canConfirm: boolean;
  onSelect: (f: PlacedFinding) => void;
  onClose: () => void;
}

/** The editor's proofreading column: open findings by severity, fixes, ignoring with a reason. */
export function ProofPanel({ canFix, canIgnore, canConfirm, onSelect, onClose }: PanelProps) {
  const { t, i18n } = useTranslation();
  const { message } = AntApp.useApp();
  const fail = useFail();
  const { items, errors, warnings, infos, chars, rate } = useLiveFindings();
  const checking = useProof((s) => s.checking);
  const error = useProof((s) => s.error);
  const saved = useProof((s) => s.saved);
  const fix = useProof((s) => s.fix);
  const unignore = useProof((s) => s.unignore);
  const reviewIgnore = useProof((s) => s.reviewIgnore);
  const [ignoring, setIgnoring] = useState<LiveItem | null>(null);
  const zh = i18n.language !== 'en';
  const ignored = (saved?.findings ?? []).filter((f) => f.ignored);

  const applyFix = (f: PlacedFinding) => {
    if (fix(f)) message.success(t('proof.fixed'));
    else message.warning(t('proof.fixStale'));
  };

  const runUnignore = async (f: ArticleFinding, done = t('proof.unignored')) => {
    try {
      await unignore(f.key);
      message.success(done);
    } catch (e) {
      fail(e);
    }
  };

  const decide = async (f: ArticleFinding, accept: boolean) => {
    if (!f.proposed) return;
    try {
      await reviewIgnore(f.proposed.id, accept);
      message.success(accept ? t('proof.proposal.accepted') : t('proof.proposal.rejected'));
    } catch (e) {
      fail(e);
    }
  };

  return (
    <aside className="zp-proof-panel" data-testid="proof-panel">
      <div className="zp-proof-head">
        <Typography.Text strong>{t('proof.panel')}</Typography.Text>
        <Space size={4}>
          {checking && <Spin size="small" data-testid="proof-checking" />}
          <Button type="text" size="small" icon={<CloseOutlined />} onClick={onClose} aria-label={t('proof.close')} />
        </Space>
      </div>
      <Tooltip title={t('proof.rateHint')}>
        <div className="zp-proof-rate">
          <span className="zp-proof-rate-label">{t('proof.rate')}</span>
          <span className={errors ? 'zp-proof-rate-value bad' : 'zp-proof-rate-value'} data-testid="article-error-rate">
            {t('proof.rateValue', { rate: formatRate(rate) })}
          </span>
        </div>
      </Tooltip>
      <div className="zp-proof-summary">{t('proof.summary', { chars, errors, warnings, infos })}</div>
      {error && <Typography.Text type="danger">{t('proof.checkFailed', { error })}</Typography.Text>}

      {items.length === 0 && !error && (
        <div className="zp-proof-none">
          <CheckCircleOutlined /> {t('proof.none')}
        </div>
      )}
      {SEVERITIES.map((sev) => {
        const group = items.filter((i) => i.finding.severity === sev);
        if (!group.length) return null;
        return (
          <section key={sev} className="zp-proof-group">
            <div className={`zp-proof-group-title zp-sev-${sev}`}>
              <SeverityIcon severity={sev} /> {t('proof.group', { label: t(`proof.severity.${sev}`), n: group.length })}
            </div>
            {group.map((item, i) => {
              const f = item.finding;
              return (
                <div
                  key={`${f.signature}:${i}`}
                  className={`zp-finding zp-finding-${f.severity}`}
                  data-testid="finding"
                  data-rule={f.rule}
                  role="button"
                  tabIndex={0}
                  onClick={() => onSelect(f)}
                  onKeyDown={(e) => {
                    if (e.key === 'Enter') onSelect(f);
                  }}
                >
                  <div className="zp-finding-head">
                    <span className="zp-finding-rule">{f.rule_name_zh}</span>
                    <span className="zp-finding-where">{whereLabel(t, f.field, f.block)}</span>
                  </div>
                  <div className="zp-finding-passage">
                    {f.before && <span>…{f.before}</span>}
                    <mark>{f.passage || '\u00a0'}</mark>
                    {f.after && <span>{f.after}…</span>}
                  </div>
                  <div className="zp-finding-message">{zh ? f.message_zh : f.message_en}</div>
                  {item.saved?.proposed && (
                    <div className="zp-finding-proposal" data-testid="finding-proposal">
                      <Tag color="gold">{t('proof.proposal.tag')}</Tag>
                      {t('proof.proposal.by', { who: item.saved.proposed.by.display_name, reason: item.saved.proposed.reason })}
                    </div>
                  )}
                  {item.saved?.proposed ? (
                    <Space size={6} className="zp-finding-actions" onClick={(e) => e.stopPropagation()}>
                      {canFix && f.replacement !== null && !f.crosses && (
                        <Button size="small" type="primary" ghost autoInsertSpace={false} onClick={() => applyFix(f)}>
                          {fixLabel(t, f.replacement)}
                        </Button>
                      )}
                      {canConfirm ? (
                        <>
                          <Button size="small" autoInsertSpace={false} onClick={() => void decide(item.saved!, true)} data-testid="proposal-accept">
                            {t('proof.proposal.accept')}
                          </Button>
                          <Button size="small" danger autoInsertSpace={false} onClick={() => void decide(item.saved!, false)} data-testid="proposal-reject">
                            {t('proof.proposal.reject')}
                          </Button>
                        </>
                      ) : (
                        canIgnore && (
                          <Button
                            size="small"
                            type="link"
                            autoInsertSpace={false}
                            onClick={() => void runUnignore(item.saved!, t('proof.proposal.withdrawn'))}
                            data-testid="proposal-withdraw"
                          >
                            {t('proof.proposal.withdraw')}
                          </Button>
                        )
                      )}
                    </Space>
                  ) : (canFix && f.replacement !== null && !f.crosses) || canIgnore ? (
                    <Space size={6} className="zp-finding-actions" onClick={(e) => e.stopPropagation()}>
                      {canFix && f.replacement !== null && !f.crosses && (
                        <Button
                          size="small"
                          type="primary"
                          ghost
                          autoInsertSpace={false}
                          onClick={() => applyFix(f)}
                          data-testid="finding-fix"
                        >
                          {fixLabel(t, f.replacement)}
                        </Button>
                      )}
                      {canIgnore && (
                        <Tooltip title={item.saved ? undefined : t('proof.ignoreNeedsSave')}>
                          <Button
                            size="small"
                            autoInsertSpace={false}
                            disabled={!item.saved}
                            onClick={() => setIgnoring(item)}
                            data-testid="finding-ignore"
                          >
                            {t('proof.ignore')}
                          </Button>
                        </Tooltip>
                      )}
                    </Space>
                  ) : null}
                </div>
              );
            })}
          </section>
        );
      })}

      {ignored.length > 0 && (
        <Collapse
          size="small"
          ghost
          className="zp-proof-ignored"
          data-testid="ignored-findings"
          items={[
            {
              key: 'ignored',
              label: t('proof.ignored', { n: ignored.length }),
              children: ignored.map((f) => (
                <div key={f.key} className="zp-finding zp-finding-ignored" data-testid="ignored-finding" data-rule={f.rule}>
                  <div className="zp-finding-head">
                    <span className="zp-finding-rule">{f.rule_name_zh}</span>
                    <span className="zp-finding-where">{whereLabel(t, f.field, f.block)}</span>
                  </div>
                  <div className="zp-finding-passage">
                    <mark>{f.passage}</mark>
                  </div>
                  <div className="zp-finding-message">{t('proof.ignoredReason', { reason: f.ignored!.reason })}</div>
                  <div className="zp-finding-meta">
                    {t('proof.ignoredBy', { who: f.ignored!.by.display_name, when: when(f.ignored!.at) })}
                    {f.ignored!.confirmed_by && <> · {t('proof.confirmedBy', { who: f.ignored!.confirmed_by.display_name })}</>}
                  </div>
                  {canIgnore && (
                    <Button size="small" type="link" onClick={() => void runUnignore(f)} data-testid="finding-unignore">
                      {t('proof.unignore')}
                    </Button>
                  )}
                </div>
              )),
            },
          ]}
        />
      )}
      <IgnoreModal item={ignoring} proposal={!canConfirm && ignoring?.finding.severity === 'error'} onClose={() => setIgnoring(null)} />
    </aside>
  );
}

/** Asks for the reason a finding stays as it is, then ignores it. */
function IgnoreModal({ item, proposal, onClose }: { item: LiveItem | null; proposal: boolean; onClose: () => void }) {
  const { t } = useTranslation();
  const { message } = AntApp.useApp();
  const fail = useFail();
  const ignore = useProof((s) => s.ignore);
  const [form] = Form.useForm<{ reason: string }>();
  const [busy, setBusy] = useState(false);

  const submit = async () => {
    if (!item?.saved) return;
    const { reason } = await form.validateFields();
    setBusy(true);
    try {
      const outcome = await ignore(item.saved.key, reason.trim());
      message.success(outcome === 'proposed' ? t('proof.proposal.sent') : t('proof.ignoredDone'));
      onClose();
    } catch (e) {
      fail(e);
    } finally {
      setBusy(false);
    }
  };

  return (
    <Modal
      open={item !== null}
      title={proposal ? t('proof.proposal.title') : t('proof.ignoreTitle')}
      okText={proposal ? t('proof.proposal.ok') : t('proof.ignoreOk')}
      onOk={() => void submit()}
      onCancel={onClose}
      confirmLoading={busy}
      destroyOnHidden
      okButtonProps={{ 'data-testid': 'ignore-confirm' }}
    >
      {proposal && <Typography.Paragraph type="secondary">{t('proof.proposal.explain')}</Typography.Paragraph>}
      {item && (
        <div className="zp-ignore-what">
          <b>{item.finding.rule_name_zh}</b>：“{item.finding.passage}”
          <div className="zp-finding-message">{item.finding.message_zh}</div>
        </div>
      )}
      <Form form={form} layout="vertical" preserve={false}>
        <Form.Item
          name="reason"
          label={t('proof.reason')}
          rules={[{ required: true, whitespace: true, message: t('proof.reasonRequired') }]}
        >
          <Input.TextArea rows={3} maxLength={500} placeholder={t('proof.reasonPh')} data-testid="ignore-reason" autoFocus />
        </Form.Item>
      </Form>
    </Modal>
  );
}
