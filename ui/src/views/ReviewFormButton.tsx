import { useEffect, useState } from 'react';
import { App as AntApp, Button } from 'antd';
import { FilePdfOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../api';
import { useReview } from '../state/review';
import { useSession } from '../state/session';
import { saveBlob } from './download';
import { PdfViewer } from './ExportDialog';

/** 导出审稿单: the article's review form as a PDF (in the desktop app also shown in a viewer). */
export function ReviewFormButton({ id, title }: { id: number; title: string }) {
  const { t } = useTranslation();
  const { message } = AntApp.useApp();
  const reviewForm = useReview((s) => s.reviewForm);
  const desktop = useSession((s) => s.transport)() === 'tauri';
  const [busy, setBusy] = useState(false);
  const [url, setUrl] = useState<string | null>(null);
  const fileName = `审稿单-${title}.pdf`.replace(/[\\/:*?"<>|]/g, '_');

  useEffect(() => () => void (url && URL.revokeObjectURL(url)), [url]);

  const run = async () => {
    setBusy(true);
    try {
      const blob = new Blob([await reviewForm(id)], { type: 'application/pdf' });
      saveBlob(blob, fileName);
      if (desktop) setUrl(URL.createObjectURL(blob));
    } catch (e) {
      message.error(ApiError.from(e).message);
    } finally {
      setBusy(false);
    }
  };

  return (
    <>
      <Button icon={<FilePdfOutlined />} loading={busy} onClick={() => void run()} data-testid="export-review-form">
        {t('review.exportForm')}
      </Button>
      <PdfViewer url={url} title={fileName} onClose={() => setUrl(null)} />
    </>
  );
}
