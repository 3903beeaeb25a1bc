import { Alert, Button, Space } from 'antd';
import { useTranslation } from 'react-i18next';
import type { OpenedFromSearch } from '../../state/search';

/**
 * Above an article opened from search: what is marked, back to the
 * results, the next mark, and clearing the marks.
 */
export function SearchMarksBar({
  opened,
  onNext,
  onClear,
  onBack,
}: {
  opened: OpenedFromSearch;
  onNext: () => void;
  onClear: () => void;
  onBack: () => void;
}) {
  const { t } = useTranslation();
  return (
    <Alert
      type="info"
      showIcon
      style={{ marginBottom: 12 }}
      title={t('search.opened', { terms: opened.terms.join('”“') })}
      action={
        <Space>
          <Button size="small" onClick={onBack} data-testid="search-back">
            {t('search.back')}
          </Button>
          <Button size="small" onClick={onNext} data-testid="search-next">
            {t('search.next')}
          </Button>
          <Button size="small" type="text" onClick={onClear} data-testid="search-clear-marks">
            {t('search.clearMarks')}
          </Button>
        </Space>
      }
      data-testid="search-marks-bar"
    />
  );
}
