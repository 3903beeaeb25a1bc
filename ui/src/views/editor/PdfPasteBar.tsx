import { useEffect } from 'react';
import { Alert, Button, Space } from 'antd';
import { useTranslation } from 'react-i18next';
import { usePaste } from '../../state/paste';

/**
 * Shown above the body after text that looks copied from a PDF was pasted:
 * offers to clean it (join broken lines, drop page numbers and running
 * heads), then says what was done.
 */
export function PdfPasteBar() {
  const { t } = useTranslation();
  const { offer, cleaning, done, error, clean, dismiss } = usePaste();
  // Leaving the article forgets the offer.
  useEffect(() => () => usePaste.getState().dismiss(), []);

  if (offer) {
    return (
      <Alert
        type="info"
        showIcon
        data-testid="pdf-paste-bar"
        // Sticky: a paste far down a long article still sees the offer.
        style={{ margin: '8px 0', position: 'sticky', top: 8, zIndex: 5 }}
        title={t('import.paste.detected')}
        action={
          <Space>
            <Button size="small" type="primary" loading={cleaning} onClick={() => void clean()} data-testid="pdf-paste-clean">
              {t('import.paste.clean')}
            </Button>
            <Button size="small" onClick={dismiss}>
              {t('import.paste.ignore')}
            </Button>
          </Space>
        }
      />
    );
  }
  if (done || error) {
    return (
      <Alert
        type={error ? 'warning' : 'success'}
        showIcon
        closable={{ onClose: dismiss }}
        data-testid="pdf-paste-done"
        style={{ margin: '8px 0' }}
        title={
          error ??
          t('import.paste.done', {
            joined: done!.joined_lines,
            pages: done!.removed_page_numbers,
            heads: done!.removed_running_heads,
          })
        }
      />
    );
  }
  return null;
}
