import { useEffect, useMemo, useState } from 'react';
import { Alert, App as AntApp, Button, Card, Col, Empty, Popconfirm, Row, Space, Spin, Tag, Typography } from 'antd';
import { CheckCircleOutlined, PrinterOutlined, ReloadOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { ApiError, type IssuePages, type PageCorrection, type PageState, type SignState } from '../../api';
import { useNav } from '../../state/nav';
import { usePages } from '../../state/pages';
import { when } from '../common';
import { diffExcerpt } from './excerpt';
import { markBox, roundColour, toPercent } from './geometry';
import { useFail } from '../common/useFail';

const STATE_COLOUR: Record<SignState, string> = { unsigned: 'default', signed: 'success', voided: 'error' };
const MM_PER_PT = 25.4 / 72;

/** 未签 / 已签 / 已失效, the same on the 签版 screen and the page plan. */
export function SignStateTag({ state }: { state: SignState }) {
  const { t } = useTranslation();
  return (
    <Tag color={STATE_COLOUR[state]} data-testid="sign-state" data-state={state}>
      {t(`pages.sign.${state}`)}
    </Tag>
  );
}

/** A page of the issue as it prints now (object URL, released when it goes). */
function usePagePicture(page: number, scale: number, hash: string) {
  const preview = usePages((s) => s.preview);
  const [url, setUrl] = useState<string | null>(null);
  useEffect(() => {
    let gone = false;
    let made: string | null = null;
    preview(page, scale)
      .then((blob) => {
        if (gone) return;
        made = URL.createObjectURL(blob);
        setUrl(made);
      })
      .catch(() => {});
    return () => {
      gone = true;
      if (made) URL.revokeObjectURL(made);
    };
    // A new picture whenever what the page prints changes.
  }, [page, scale, hash, preview]);
  return url;
}

function Thumb({ p, selected, onClick }: { p: PageState; selected: boolean; onClick: () => void }) {
  const { t } = useTranslation();
  const url = usePagePicture(p.page, 0.25, p.page_hash);
  return (
    <button
      type="button"
      className={`zp-sign-thumb${selected ? ' zp-sign-thumb-on' : ''}`}
      onClick={onClick}
      data-testid="sign-thumb"
      data-page={p.page}
      data-state={p.state}
    >
      <div className="zp-sign-thumb-img">{url ? <img src={url} alt={t('pages.pageN', { n: p.page })} /> : <Spin size="small" />}</div>
      <div className="zp-sign-thumb-foot">
        <b>{t('pages.pageN', { n: p.page })}</b> <SignStateTag state={p.state} />
      </div>
    </button>
  );
}

/** The page large, with the places of its 校改 marked. */
function BigPage({ p, corrections }: { p: PageState; corrections: PageCorrection[] }) {
  const { t } = useTranslation();
  const marks = usePages((s) => s.marks);
  const url = usePagePicture(p.page, 1, p.page_hash);
  const [size, setSize] = useState<{ width: number; height: number } | null>(null);
  const ids = new Set(corrections.map((c) => c.mark_id));
  const placed = marks.filter((m) => ids.has(m.id) && m.page === p.page);
  return (
    <div className="zp-sign-big" data-testid="sign-page-big" data-page={p.page}>
      {url ? (
        <div className="zp-mark-page">
          <img
            src={url}
            alt={t('pages.pageN', { n: p.page })}
            onLoad={(e) =>
              setSize({ width: e.currentTarget.naturalWidth * MM_PER_PT, height: e.currentTarget.naturalHeight * MM_PER_PT })
            }
          />
          {size &&
            placed.map((m) => {
              const b = markBox(m);
              const at = toPercent(b.x, b.y, size);
              return (
                <div
                  key={m.id}
                  className="zp-mark-box"
                  data-testid="correction-box"
                  style={{
                    left: `${at.left}%`,
                    top: `${at.top}%`,
                    width: `${(b.w / size.width) * 100}%`,
                    height: `${(b.h / size.height) * 100}%`,
                    borderColor: roundColour(m.round),
                  }}
                >
                  <span className="zp-mark-label" style={{ background: roundColour(m.round) }}>
                    {t('pages.correctionLabel', { kind: m.kind_name })}
                  </span>
                </div>
              );
            })}
        </div>
      ) : (
        <Spin style={{ display: 'block', margin: '120px auto' }} />
      )}
    </div>
  );
}

/** 签版 of each page (未签 / 已签 / 已失效) and 付印 of the issue. */
export function SignoffPanel({ pages }: { pages: IssuePages }) {
  const { t } = useTranslation();
  const { message, modal } = AntApp.useApp();
  const fail = useFail();
  const go = useNav((s) => s.go);
  const { sign, orderPrint, corrections: loadCorrections, load } = usePages();
  const [selected, setSelected] = useState(1);
  const [corrections, setCorrections] = useState<PageCorrection[] | null>(null);
  const [busy, setBusy] = useState<string | null>(null);
  const p = pages.pages.find((x) => x.page === selected) ?? pages.pages[0];

  useEffect(() => {
    if (!p) return;
    let gone = false;
    setCorrections(null);
    loadCorrections(p.page)
      .then((c) => !gone && setCorrections(c))
      .catch((e) => !gone && fail(e));
    return () => {
      gone = true;
    };
  }, [p?.page, p?.page_hash, loadCorrections, fail]); // eslint-disable-line react-hooks/exhaustive-deps

  const signed = useMemo(() => pages.pages.filter((x) => x.state === 'signed').length, [pages]);
  if (!p) return <Empty description={t('pages.noPages')} />;

  const doSign = async () => {
    setBusy('sign');
    try {
      await sign(p.page, p.page_hash);
      message.success(t('pages.signedOk', { n: p.page }));
      const next = pages.pages.find((x) => x.page > p.page && x.state !== 'signed');
      if (next) setSelected(next.page);
    } catch (e) {
      const err = ApiError.from(e);
      if (err.code === 'conflict') {
        // The page changed since it was shown: the screen shows it anew (the store reloaded).
        modal.warning({ title: t('pages.staleTitle', { n: p.page }), content: err.message, okText: t('pages.staleOk') });
      } else {
        fail(err);
      }
    } finally {
      setBusy(null);
    }
  };

  const doOrder = async () => {
    setBusy('order');
    try {
      await orderPrint();
      message.success(t('pages.orderedOk'));
    } catch (e) {
      fail(e);
    } finally {
      setBusy(null);
    }
  };

  const order = pages.print_order;
  return (
    <div className="zp-signoff" data-testid="signoff-panel">
      <Card size="small" className="zp-print-bar" data-testid="print-bar">
        <Space wrap style={{ justifyContent: 'space-between', width: '100%' }}>
          <Space wrap>
            <b>{t('pages.signedOf', { signed, n: pages.pages.length })}</b>
            {order ? (
              <Tag color="success" icon={<CheckCircleOutlined />} data-testid="print-ordered">
                {t('pages.ordered', { name: order.by.display_name, at: when(order.at) })}
              </Tag>
            ) : (
              <Tag data-testid="print-not-ordered">{t('pages.notOrdered')}</Tag>
            )}
          </Space>
          <Space>
            <Button icon={<ReloadOutlined />} onClick={() => void load(pages.issue_id).catch(() => {})}>
              {t('pages.reload')}
            </Button>
            {pages.may_sign && !order && (
              <Popconfirm
                title={t('pages.orderConfirm')}
                description={t('pages.orderConfirmText')}
                disabled={pages.blockers.length > 0}
                onConfirm={() => void doOrder()}
                okText={t('pages.orderOk')}
              >
                <Button
                  type="primary"
                  icon={<PrinterOutlined />}
                  disabled={pages.blockers.length > 0}
                  loading={busy === 'order'}
                  data-testid="order-print"
                >
                  {t('pages.orderPrint')}
                </Button>
              </Popconfirm>
            )}
          </Space>
        </Space>
        {!order && pages.blockers.length > 0 && (
          <div className="zp-blockers" data-testid="print-blockers">
            {t('pages.blockersLead')}
            <ul>
              {pages.blockers.map((b) => (
                <li key={b}>{b}</li>
              ))}
            </ul>
          </div>
        )}
        {!pages.may_sign && <Typography.Text type="secondary">{t('pages.mayNotSign')}</Typography.Text>}
      </Card>
      <Row gutter={12} style={{ marginTop: 12 }}>
        <Col flex="150px">
          <div className="zp-sign-thumbs" data-testid="sign-thumbs">
            {pages.pages.map((x) => (
              <Thumb key={x.page} p={x} selected={x.page === p.page} onClick={() => setSelected(x.page)} />
            ))}
          </div>
        </Col>
        <Col flex="1 1 0" style={{ minWidth: 0 }}>
          <Row gutter={12}>
            <Col xs={24} lg={14}>
              <BigPage p={p} corrections={corrections ?? []} />
            </Col>
            <Col xs={24} lg={10}>
              <Card
                size="small"
                title={
                  <Space>
                    {t('pages.pageN', { n: p.page })}
                    <SignStateTag state={p.state} />
                  </Space>
                }
                data-testid="sign-card"
              >
                {p.signoff && (
                  <p data-testid="signed-by">{t('pages.signedBy', { name: p.signoff.signer.display_name, at: when(p.signoff.signed_at) })}</p>
                )}
                {p.state !== 'signed' && p.last_voided && (
                  <Alert
                    type="warning"
                    showIcon
                    style={{ marginBottom: 8 }}
                    data-testid="voided-note"
                    title={t('pages.voidedBy', { name: p.last_voided.signer.display_name, at: when(p.last_voided.signed_at) })}
                    description={p.last_voided.voided_reason || undefined}
                  />
                )}
                {p.open_marks > 0 && (
                  <Alert
                    type="error"
                    showIcon
                    style={{ marginBottom: 8 }}
                    title={t('pages.openMarksOnPage', { n: p.open_marks })}
                    action={
                      <Button size="small" onClick={() => go({ name: 'pages', issueId: pages.issue_id })}>
                        {t('pages.toRounds')}
                      </Button>
                    }
                  />
                )}
                {pages.may_sign && p.state !== 'signed' && (
                  <Popconfirm
                    title={t('pages.signConfirm', { n: p.page })}
                    description={t('pages.signConfirmText', { n: corrections?.length ?? 0 })}
                    onConfirm={() => void doSign()}
                    disabled={p.open_marks > 0}
                    okText={t('pages.signOk')}
                  >
                    <Button type="primary" disabled={p.open_marks > 0} loading={busy === 'sign'} data-testid="sign-page">
                      {t('pages.signPage', { n: p.page })}
                    </Button>
                  </Popconfirm>
                )}
                <Typography.Title level={5} style={{ marginTop: 16 }}>
                  {t('pages.corrections', { n: corrections?.length ?? 0 })}
                </Typography.Title>
                {corrections === null ? (
                  <Spin size="small" />
                ) : corrections.length === 0 ? (
                  <Typography.Text type="secondary">{t('pages.noCorrections')}</Typography.Text>
                ) : (
                  <div className="zp-corrections" data-testid="corrections">
                    {corrections.map((c) => (
                      <div key={c.mark_id} className="zp-correction" data-testid="correction">
                        <div>
                          <Tag color={roundColour(c.round_name === '一校' ? 1 : c.round_name === '二校' ? 2 : 3)}>{c.round_name}</Tag>
                          <b>《{c.title}》</b> {c.kind_name}{' '}
                          <span className="zp-muted">{t('pages.revisionStep', { from: c.from_revision, to: c.revision })}</span>
                        </div>
                        <div className="zp-diff">
                          {diffExcerpt(c.diff.spans).map((s, i) =>
                            s.op === 'insert' ? <ins key={i}>{s.text}</ins> : s.op === 'delete' ? <del key={i}>{s.text}</del> : <span key={i}>{s.text}</span>,
                          )}
                        </div>
                        <div className="zp-muted">
                          {t('pages.correctionBy', {
                            marker: c.marked_by.display_name,
                            applier: c.applied_by?.display_name ?? '—',
                            at: c.applied_at ? when(c.applied_at) : '',
                          })}
                        </div>
                      </div>
                    ))}
                  </div>
                )}
              </Card>
            </Col>
          </Row>
        </Col>
      </Row>
    </div>
  );
}
