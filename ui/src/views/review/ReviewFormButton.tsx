import { useState } from 'react';
import { App as AntApp, Button } from 'antd';
import { FilePdfOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { useLayout } from '../../state/layout';
import { useReview } from '../../state/review';
import { useSession } from '../../state/session';
import { saveBlob } from '../common/download';
import { useFail } from '../common/useFail';

/** 导出审稿单: the article's review form as a PDF (the desktop app saves it with the native dialog). */
export function ReviewFormButton({ id, title }: { id: number; title: string }) {
  const { t } = useTranslation();
  const { message } = AntApp.useApp();
  const fail = useFail();
  const reviewForm = useReview((s) => s.reviewForm);
  const saveReviewForm = useReview((s) => s.saveReviewForm);
  const openFile = useLayout((s) => s.openExported);
  const desktop = useSession((s) => s.transport)() === 'tauri';
  const [busy, setBusy] = useState(false);
  const fileName = `审稿单-${title}.pdf`.replace(/[\\/:*?"<>|]/g, '_');

  const run = async () => {
    setBusy(true);
    try {
      if (desktop) {
        // The desktop saves where the user picks, in either mode.
        const path = await saveReviewForm(id, fileName);
        if (path) {
          message.success({
            content: (
              <span data-testid="saved-file">
                {t('files.saved', { path })}{' '}
                <Button size="small" type="link" onClick={() => void openFile(path).catch(() => {})}>
                  {t('files.open')}
                </Button>
              </span>
            ),
            duration: 8,
          });
        }
        return;
      }
      const blob = new Blob([await reviewForm(id)], { type: 'application/pdf' });
      saveBlob(blob, fileName);
    } catch (e) {
      fail(e);
    } finally {
      setBusy(false);
    }
  };

  return (
    <>
      <Button icon={<FilePdfOutlined />} loading={busy} onClick={() => void run()} data-testid="export-review-form">
        {t('review.exportForm')}
      </Button>
    </>
  );
}
