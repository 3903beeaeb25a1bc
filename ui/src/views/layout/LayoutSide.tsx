import { useEffect, useMemo, useState } from 'react';
import { Alert, Button, Empty, Modal, Spin, Table, Tag, Tooltip, Typography } from 'antd';
import { CheckCircleFilled, CloseCircleFilled, ReloadOutlined, SafetyCertificateOutlined, ZoomInOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { ApiError, type ExportRecord, type PreflightItem, type Severity } from '../../api';
import { fitOf, useLayout } from '../../state/layout';
import { when } from '../common';
import { FitLine, fitLevel } from './LayoutBoard';
import { SeverityIcon } from '../proof/ProofPanel';
import { useFail } from '../common/useFail';

/** Scale of the close look: an A3 page about 1350 px wide. */
const ZOOM_SCALE = 1.6;

/** One page at a larger scale, to read the type. */
function ZoomedPage({ page, onClose }: { page: number | null; onClose: () => void }) {
  const { t } = useTranslation();
  const pagePicture = useLayout((s) => s.pagePicture);
  const [url, setUrl] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    if (page === null) return;
    let made: string | null = null;
    let live = true;
    setUrl(null);
    setError(null);
    pagePicture(page, ZOOM_SCALE)
      .then((blob) => {
        if (!live) return;
        made = URL.createObjectURL(blob);
        setUrl(made);
      })
      .catch((e) => live && setError(ApiError.from(e).message));
    return () => {
      live = false;
      if (made) URL.revokeObjectURL(made);
    };
  }, [page, pagePicture]);

  return (
    <Modal
      open={page !== null}
      title={page === null ? '' : t('layout.pageN', { n: page })}
      onCancel={onClose}
      footer={null}
      width="min(1100px, 94vw)"
      style={{ top: 16 }}
    >
      <div className="zp-zoom">
        {error ? (
          <Alert type="error" showIcon title={t('layout.preview.failed', { msg: error })} />
        ) : url ? (
          <img src={url} alt={page === null ? '' : t('layout.preview.alt', { n: page })} data-testid="page-zoom" />
        ) : (
          <Spin />
        )}
      </div>
    </Modal>
  );
}

/** The selected page large, with thumbnails of every page above it. */
export function PreviewPane() {
  const { t } = useTranslation();
  const layout = useLayout((s) => s.layout!);
  const previews = useLayout((s) => s.previews);
  const selectedPage = useLayout((s) => s.selectedPage);
  const saving = useLayout((s) => s.saving);
  const select = useLayout((s) => s.select);
  const refresh = useLayout((s) => s.refreshPreviews);
  const page = layout.plan.pages.find((p) => p.number === selectedPage) ?? layout.plan.pages[0];
  const big = previews[page.number];
  const busy = saving || !!big?.loading;
  const [zoom, setZoom] = useState<number | null>(null);

  return (
    <div className="zp-preview">
      <div className="zp-thumbs" role="tablist" aria-label={t('layout.preview.tab')}>
        {layout.plan.pages.map((p) => {
          const pv = previews[p.number];
          const fit = fitOf(layout, p.number);
          return (
            <button
              key={p.number}
              type="button"
              role="tab"
              aria-selected={p.number === page.number}
              className={`zp-thumb${p.number === page.number ? ' zp-thumb-selected' : ''}${fit ? ` zp-thumb-${fitLevel(fit)}` : ''}`}
              onClick={() => select(p.number)}
              data-testid="page-thumb"
              data-page={p.number}
            >
              <span className="zp-thumb-img">
                {pv?.url ? <img src={pv.url} alt={t('layout.preview.alt', { n: p.number })} /> : <Spin size="small" />}
                {pv?.loading && pv.url && <span className="zp-thumb-busy" />}
              </span>
              <span className="zp-thumb-label">{t('layout.pageN', { n: p.number })}</span>
            </button>
          );
        })}
      </div>
      <div className="zp-preview-head">
        <span className="zp-preview-title">
          <FitLine fit={fitOf(layout, page.number)} pending={saving} />
          <span className="zp-muted">
            {page.name && <> · {page.name}</>} · {t(`layout.template.${page.template}`)}
          </span>
        </span>
        <span className="zp-preview-tools">
          {busy && (
            <span className="zp-muted zp-preview-busy" data-testid="preview-busy">
              <Spin size="small" /> {t('layout.preview.rendering')}
            </span>
          )}
          <Tooltip title={t('layout.preview.zoom')}>
            <Button
              size="small"
              type="text"
              icon={<ZoomInOutlined />}
              aria-label={t('layout.preview.zoom')}
              onClick={() => setZoom(page.number)}
            />
          </Tooltip>
          <Tooltip title={t('layout.refresh')}>
            <Button size="small" type="text" icon={<ReloadOutlined />} aria-label={t('layout.refresh')} onClick={() => refresh()} />
          </Tooltip>
        </span>
      </div>
      <div className={`zp-preview-paper${big?.loading ? ' zp-preview-loading' : ''}`}>
        {big?.url ? (
          <img
            src={big.url}
            alt={t('layout.preview.alt', { n: page.number })}
            title={t('layout.preview.zoom')}
            onClick={() => setZoom(page.number)}
            data-testid="page-preview"
            data-page={page.number}
          />
        ) : big?.error ? null : (
          <div className="zp-preview-placeholder">
            <Spin />
          </div>
        )}
        {big?.error && <Alert type="error" showIcon title={t('layout.preview.failed', { msg: big.error })} />}
      </div>
      <ZoomedPage page={zoom} onClose={() => setZoom(null)} />
    </div>
  );
}

const SEVERITIES: Severity[] = ['error', 'warning', 'info'];

/** 印前检查: a verdict, then every item by severity; a click selects its page and article. */
export function PreflightPane() {
  const { t, i18n } = useTranslation();
  const fail = useFail();
  const preflight = useLayout((s) => s.preflight);
  const stale = useLayout((s) => s.preflightStale);
  const loading = useLayout((s) => s.preflightLoading);
  const run = useLayout((s) => s.runPreflight);
  const select = useLayout((s) => s.select);
  const articles = useLayout((s) => s.layout?.articles);
  const titles = useMemo(() => new Map((articles ?? []).map((a) => [a.id, a.title])), [articles]);

  // The board keeps the selected article in view.
  const go = (item: PreflightItem) => {
    if (item.page !== null) select(item.page, item.article_id ?? null);
  };

  return (
    <div className="zp-preflight" data-testid="preflight-panel">
      <div className="zp-preflight-run">
        <Button
          type={preflight && !stale ? 'default' : 'primary'}
          icon={<SafetyCertificateOutlined />}
          loading={loading}
          onClick={() => void run().catch(fail)}
          data-testid="preflight-run"
        >
          {preflight ? t('layout.preflight.rerun') : t('layout.preflight.run')}
        </Button>
      </div>
      {!preflight ? (
        <Typography.Paragraph type="secondary">{t('layout.preflight.intro')}</Typography.Paragraph>
      ) : (
        <>
          {stale && <Alert type="warning" showIcon title={t('layout.preflight.stale')} style={{ marginBottom: 8 }} />}
          <div
            className={`zp-verdict ${preflight.ready ? 'zp-verdict-ok' : 'zp-verdict-bad'}`}
            data-testid="preflight-verdict"
            data-ready={preflight.ready}
          >
            {preflight.ready ? <CheckCircleFilled /> : <CloseCircleFilled />}
            <div>
              <div className="zp-verdict-title">
                {preflight.ready
                  ? preflight.warnings
                    ? t('layout.preflight.readyWarn', { n: preflight.warnings })
                    : t('layout.preflight.ready')
                  : t('layout.preflight.notReady', { n: preflight.errors })}
              </div>
              {!preflight.ready && <div className="zp-verdict-hint">{t('layout.preflight.notReadyHint')}</div>}
            </div>
          </div>
          {SEVERITIES.map((sev) => {
            const items = preflight.items.filter((i) => i.severity === sev);
            if (items.length === 0) return null;
            return (
              <div key={sev} className="zp-preflight-group" data-testid={`preflight-${sev}`}>
                <div className="zp-preflight-group-head">
                  <SeverityIcon severity={sev} />{' '}
                  {t('layout.preflight.group', { label: t(`layout.preflight.severity.${sev}`), n: items.length })}
                </div>
                {items.map((item, i) => (
                  <button
                    key={i}
                    type="button"
                    className="zp-preflight-item"
                    disabled={item.page === null}
                    onClick={() => go(item)}
                    data-testid="preflight-item"
                    data-code={item.code}
                  >
                    <Tag className="zp-preflight-page" color={item.page === null ? 'default' : 'blue'}>
                      {item.page === null ? t('layout.preflight.whole') : t('layout.pageN', { n: item.page })}
                    </Tag>
                    <span>
                      {item.object && (
                        <Tag className="zp-preflight-object" data-testid="preflight-object">
                          {item.object}
                        </Tag>
                      )}
                      {i18n.language === 'en' ? item.message_en : item.message_zh}
                      {item.article_id !== null && i18n.language === 'en' && titles.get(item.article_id) && (
                        <span className="zp-muted"> 《{titles.get(item.article_id)}》</span>
                      )}
                    </span>
                  </button>
                ))}
              </div>
            );
          })}
        </>
      )}
    </div>
  );
}

/** Who exported what, when: 付印稿 or 校样. */
export function ExportRecords() {
  const { t } = useTranslation();
  const exports = useLayout((s) => s.exports);
  const rows = useMemo(() => [...exports].sort((a, b) => b.at.localeCompare(a.at)), [exports]);
  if (rows.length === 0) return <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('layout.records.empty')} />;
  return (
    <Table<ExportRecord>
      rowKey="id"
      size="small"
      pagination={false}
      dataSource={rows}
      data-testid="export-records"
      columns={[
        { title: t('layout.records.when'), render: (_, r) => when(r.at), width: 128 },
        { title: t('layout.records.who'), render: (_, r) => r.user.display_name },
        {
          title: t('layout.records.kind'),
          render: (_, r) =>
            r.proof_copy ? <Tag color="orange">{t('layout.export.kindProof')}</Tag> : <Tag color="green">{t('layout.export.kindPrint')}</Tag>,
        },
        { title: t('layout.records.pages'), render: (_, r) => t('layout.records.pagesN', { n: r.pages }) },
        {
          title: t('layout.records.hash'),
          render: (_, r) => (
            <Tooltip title={`SHA-256 ${r.pdf_sha256}`}>
              <code className="zp-hash">{r.pdf_sha256.slice(0, 8)}</code>
            </Tooltip>
          ),
        },
      ]}
    />
  );
}
