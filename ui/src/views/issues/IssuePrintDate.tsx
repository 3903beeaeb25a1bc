import { DatePicker } from 'antd';
import dayjs from 'dayjs';
import { useTranslation } from 'react-i18next';
import type { Issue } from '../../api';
import { useIssues } from '../../state/issues';
import { useFail } from '../common/useFail';

/** An issue's 印刷日期 (printed in the colophon), set in the issue list. */
export function IssuePrintDate({ issue, editable }: { issue: Issue; editable: boolean }) {
  const { t } = useTranslation();
  const fail = useFail();
  const setPrintDate = useIssues((s) => s.setPrintDate);
  if (!editable) return <span>{issue.print_date ?? '—'}</span>;
  return (
    <DatePicker
      size="small"
      value={issue.print_date ? dayjs(issue.print_date) : null}
      placeholder={t('form.printDate')}
      title={t('form.printDateHint')}
      onChange={(d) =>
        setPrintDate(issue.id, d ? d.format('YYYY-MM-DD') : null).catch(fail)
      }
      data-testid={`print-date-${issue.id}`}
    />
  );
}
