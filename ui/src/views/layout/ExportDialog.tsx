import { useEffect, useRef, useState } from 'react';
import { Alert, Button, Checkbox, Modal, Progress, Radio, Result, Space, Spin, Steps, Typography } from 'antd';
import { DownloadOutlined, EyeOutlined, FileTextOutlined, FilePdfOutlined, ExportOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { ApiError, type ExportOptions, type Preflight, type PreflightItem } from '../../api';
import { useLayout, type ExportedPdf, type ExportStep } from '../../state/layout';
import { useNav } from '../../state/nav';
import { usePrint } from '../../state/print';
import { useSession } from '../../state/session';
import { formatSize, saveBlob, saveJson } from '../common/download';
import { SeverityIcon } from '../proof/ProofPanel';

const STEPS: ExportStep[] = ['preflight', 'layout', 'pdf'];
const PERCENT: Record<ExportStep, number> = { preflight: 12, layout: 40, pdf: 70 };

type Phase =
  | { name: 'options' }
  | { name: 'working'; step: ExportStep }
  | { name: 'done'; pdf: ExportedPdf; url: string }
  | { name: 'saved'; path: string; proofCopy: boolean }
  | { name: 'refused'; message: string; items: PreflightItem[]; unsigned: boolean }
  | { name: 'failed'; message: string };

function refusalItems(e: ApiError): PreflightItem[] {
  const d = e.detail as Partial<Preflight> | null | undefined;
  return Array.isArray(d?.items) ? d.items.filter((i) => i.severity === 'error') : [];
}

/** The PDF shown inside the app (the desktop webview may not download files). */
export function PdfViewer({ url, title, onClose }: { url: string | null; title: string; onClose: () => void }) {
  return (
    <Modal open={url !== null} title={title} onCancel={onClose} footer={null} width="92vw" style={{ top: 16 }} destroyOnHidden>
      {url && <iframe src={url} title={title} className="zp-pdf-frame" data-testid="pdf-viewer" />}
    </Modal>
  );
}

/** 导出PDF: options, then 印前检查 → 排版 → 生成PDF, then open or download the file. */
export function ExportDialog({ open, onClose }: { open: boolean; onClose: () => void }) {
  const { t, i18n } = useTranslation();
  const exportPdf = useLayout((s) => s.exportPdf);
  const exportToFile = useLayout((s) => s.exportToFile);
  const openFile = useLayout((s) => s.openExported);
  const preflight = useLayout((s) => s.preflight);
  const issueId = useLayout((s) => s.issueId);
  const go = useNav((s) => s.go);
  const desktop = useSession((s) => s.transport)() === 'tauri';
  // The final print export is PDF/X-4 (CMYK, bleed, manifest beside the
  // file); a 校样 and the PDF/A archive copy are in screen colour.
  const [options, setOptions] = useState<Required<ExportOptions>>({
    bleed: true,
    proof_copy: false,
    pdf_a: false,
    embed_manifest: false,
    pdf_x: true,
  });
  const printView = usePrint((s) => s.view);
  const loadPrint = usePrint((s) => s.load);
  useEffect(() => {
    if (open && !printView) loadPrint().catch(() => {});
  }, [open, printView, loadPrint]);
  const standard = options.pdf_x ? 'x4' : !options.pdf_a ? 'plain' : options.embed_manifest ? 'a3b' : 'a2b';
  const setStandard = (value: string, proofCopy = options.proof_copy) => {
    const pdfX = value === 'x4' && !proofCopy;
    setOptions({
      ...options,
      proof_copy: proofCopy,
      pdf_x: pdfX,
      pdf_a: value === 'a3b' || value === 'a2b',
      embed_manifest: value === 'plain' || value === 'a3b',
      bleed: pdfX ? true : options.bleed,
    });
  };
  const [phase, setPhase] = useState<Phase>({ name: 'options' });
  const [viewer, setViewer] = useState(false);
  const urlRef = useRef<string | null>(null);

  const release = () => {
    if (urlRef.current) URL.revokeObjectURL(urlRef.current);
    urlRef.current = null;
  };
  useEffect(() => release, []);

  const close = () => {
    if (phase.name === 'working') return;
    release();
    setViewer(false);
    setPhase({ name: 'options' });
    onClose();
  };

  const start = async (opts: Required<ExportOptions>) => {
    release();
    setPhase({ name: 'working', step: 'preflight' });
    try {
      if (desktop) {
        // The desktop app saves the PDF and its manifest where the user picks.
        const path = await exportToFile(opts, (step) => setPhase({ name: 'working', step }));
        setPhase(path ? { name: 'saved', path, proofCopy: opts.proof_copy } : { name: 'options' });
        return;
      }
      const pdf = await exportPdf(opts, (step) => setPhase({ name: 'working', step }));
      const url = URL.createObjectURL(pdf.blob);
      urlRef.current = url;
      setPhase({ name: 'done', pdf, url });
      saveBlob(pdf.blob, pdf.fileName);
    } catch (e) {
      const err = ApiError.from(e);
      if (err.code === 'export_failed' || err.code === 'not_signed_off') setPhase({ name: 'refused', message: err.message, items: refusalItems(err), unsigned: err.code === 'not_signed_off' });
      else setPhase({ name: 'failed', message: err.message });
    }
  };

  const notReady = preflight && !preflight.ready ? preflight.errors : 0;
  const kindLabel = (proofCopy: boolean) => (proofCopy ? t('layout.export.kindProof') : t('layout.export.kindPrint'));

  // After an export: make another, or close.
  const afterFooter = (
    <Space>
      <Button onClick={() => setPhase({ name: 'options' })}>{t('layout.export.again')}</Button>
      <Button type="primary" onClick={close}>
        {t('common.close')}
      </Button>
    </Space>
  );

  let body;
  let footer: React.ReactNode = null;
  switch (phase.name) {
    case 'options':
      body = (
        <div className="zp-export-options">
          <Checkbox
            checked={options.bleed}
            disabled={options.pdf_x}
            onChange={(e) => setOptions({ ...options, bleed: e.target.checked })}
            data-testid="export-bleed"
          >
            <b>{t('layout.export.bleed')}</b>
            <div className="zp-option-hint">{t('layout.export.bleedHint')}</div>
          </Checkbox>
          <Checkbox
            checked={options.proof_copy}
            onChange={(e) => setStandard(e.target.checked && standard === 'x4' ? 'plain' : standard, e.target.checked)}
            data-testid="export-proof"
          >
            <b>{t('layout.export.proof')}</b>
            <div className="zp-option-hint">{t('layout.export.proofHint')}</div>
          </Checkbox>
          <div className="zp-export-standard">
            <div style={{ marginBottom: 4 }}>
              <b>{t('layout.export.pdfA')}</b>
            </div>
            <Radio.Group value={standard} onChange={(e) => setStandard(e.target.value as string)} data-testid="export-standard">
              <Space orientation="vertical" size={2}>
                <Radio value="x4" disabled={options.proof_copy} data-testid="export-pdfx">
                  {t('pdfx.standard')}
                </Radio>
                <Radio value="plain">{t('layout.export.standardPlain')}</Radio>
                <Radio value="a3b" data-testid="export-pdfa3b">
                  {t('layout.export.standardA3b')}
                </Radio>
                <Radio value="a2b" data-testid="export-pdfa2b">
                  {t('layout.export.standardA2b')}
                </Radio>
              </Space>
            </Radio.Group>
            <div className="zp-option-hint">{options.pdf_x ? t('pdfx.standardHint') : t('layout.export.pdfAHint')}</div>
            {options.pdf_x && printView && (
              <div className="zp-option-hint" data-testid="export-condition">
                {t('pdfx.condition', { name: printView.profile.name, description: printView.profile.description })}
              </div>
            )}
          </div>
          {notReady > 0 && !options.proof_copy && (
            <Alert type="warning" showIcon title={t('layout.export.notReady', { n: notReady })} />
          )}
        </div>
      );
      footer = (
        <Space>
          <Button onClick={close}>{t('common.cancel')}</Button>
          <Button type="primary" icon={<FilePdfOutlined />} onClick={() => void start(options)} data-testid="export-start">
            {t('layout.export.start')}
          </Button>
        </Space>
      );
      break;
    case 'working': {
      const current = STEPS.indexOf(phase.step);
      body = (
        <div className="zp-export-working" data-testid="export-progress">
          <Steps
            size="small"
            current={current}
            items={STEPS.map((s, i) => ({
              title: t(`layout.export.steps.${s}`),
              icon: i === current ? <Spin size="small" /> : undefined,
            }))}
          />
          <Progress percent={PERCENT[phase.step]} status="active" showInfo={false} />
          <Typography.Text type="secondary">{t('layout.export.working')}</Typography.Text>
        </div>
      );
      break;
    }
    case 'saved': {
      const { path, proofCopy } = phase;
      body = (
        <Result
          status="success"
          title={t('layout.export.done', { kind: kindLabel(proofCopy) })}
          subTitle={<span data-testid="export-file">{t('layout.export.savedTo', { path })}</span>}
          extra={
            <Button
              type="primary"
              icon={<ExportOutlined />}
              onClick={() => openFile(path).catch((e) => setPhase({ name: 'failed', message: ApiError.from(e).message }))}
              data-testid="export-open-file"
            >
              {t('layout.export.openFile')}
            </Button>
          }
        />
      );
      footer = afterFooter;
      break;
    }
    case 'done': {
      const { pdf, url } = phase;
      body = (
        <Result
          status="success"
          title={t('layout.export.done', { kind: kindLabel(pdf.proofCopy) })}
          subTitle={
            <span data-testid="export-file">{t('layout.export.file', { name: pdf.fileName, size: formatSize(pdf.blob.size) })}</span>
          }
          extra={
            <Space wrap style={{ justifyContent: 'center' }}>
              <Button type="primary" icon={<ExportOutlined />} onClick={() => window.open(url, '_blank', 'noopener')} data-testid="export-open">
                {t('layout.export.open')}
              </Button>
              <Button icon={<DownloadOutlined />} onClick={() => saveBlob(pdf.blob, pdf.fileName)} data-testid="export-download">
                {t('layout.export.download')}
              </Button>
              {pdf.manifest && (
                <Button
                  icon={<FileTextOutlined />}
                  onClick={() => saveJson(pdf.manifest, pdf.fileName.replace(/\.pdf$/, '.manifest.json'))}
                  data-testid="export-manifest"
                >
                  {t('layout.export.manifest')}
                </Button>
              )}
              <Button icon={<EyeOutlined />} onClick={() => setViewer(true)} data-testid="export-view">
                {t('layout.export.viewer')}
              </Button>
            </Space>
          }
        />
      );
      footer = afterFooter;
      break;
    }
    case 'refused':
      body = (
        <div data-testid="export-refused">
          <Alert
            type="error"
            showIcon
            title={t('layout.export.refused')}
            description={
              phase.items.length > 0
                ? t('layout.export.refusedItems', { n: phase.items.length })
                : phase.message
            }
          />
          {phase.items.length > 0 && (
            <div className="zp-refused-items">
              {phase.items.map((item, i) => (
                <div key={i} className="zp-refused-item">
                  <SeverityIcon severity={item.severity} /> {i18n.language === 'en' ? item.message_en : item.message_zh}
                </div>
              ))}
            </div>
          )}
        </div>
      );
      footer = (
        <Space>
          <Button onClick={close}>{t('common.close')}</Button>
          {phase.unsigned && issueId !== null && (
            <Button
              onClick={() => {
                close();
                go({ name: 'pages', issueId, tab: 'signoff' });
              }}
              data-testid="export-to-signoff"
            >
              {t('pages.toSignoff')}
            </Button>
          )}
          <Button
            type="primary"
            onClick={() => {
              const proofCopy = { ...options, proof_copy: true, pdf_x: false, embed_manifest: !options.pdf_a || options.embed_manifest };
              setOptions(proofCopy);
              void start(proofCopy);
            }}
            data-testid="export-as-proof"
          >
            {t('layout.export.proof')}
          </Button>
        </Space>
      );
      break;
    case 'failed':
      body = <Alert type="error" showIcon title={phase.message} />;
      footer = (
        <Space>
          <Button onClick={close}>{t('common.close')}</Button>
          <Button type="primary" onClick={() => void start(options)}>
            {t('layout.export.again')}
          </Button>
        </Space>
      );
      break;
  }

  return (
    <>
      <Modal
        open={open}
        title={t('layout.export.title')}
        onCancel={close}
        footer={footer}
        closable={phase.name !== 'working'}
        mask={{ closable: phase.name !== 'working' }}
        width={560}
      >
        {body}
      </Modal>
      <PdfViewer
        url={viewer && phase.name === 'done' ? phase.url : null}
        title={phase.name === 'done' ? phase.pdf.fileName : ''}
        onClose={() => setViewer(false)}
      />
    </>
  );
}
