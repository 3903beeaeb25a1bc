import { useEffect } from 'react';
import { DatePicker, Segmented, Space } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useTranslation } from 'react-i18next';
import { useIssues } from '../../state/issues';
import { periodOf, quarterOf, type Period, type PeriodKind } from '../../doc/statsFigures';

export interface PeriodChoice {
  kind: PeriodKind;
  period: Period;
}

/** The month of a day, as a period choice. */
export function monthOf(day: Dayjs): PeriodChoice {
  return { kind: 'month', period: periodOf('month', day.year(), day.month() + 1) };
}

/** A month, a quarter, a year or a range of issue dates. */
export function PeriodPicker({ value, onChange }: { value: PeriodChoice; onChange: (v: PeriodChoice) => void }) {
  const { t, i18n } = useTranslation();
  const zh = i18n.language !== 'en';
  const start = dayjs(value.period.from);
  const pick = (kind: PeriodKind, day: Dayjs) => {
    if (kind === 'range') {
      onChange({ kind, period: value.period });
    } else {
      const part = kind === 'month' ? day.month() + 1 : quarterOf(day.month() + 1);
      onChange({ kind, period: periodOf(kind, day.year(), part) });
    }
  };
  return (
    <Space wrap data-testid="period-picker">
      <Segmented<PeriodKind>
        value={value.kind}
        onChange={(k) => pick(k, start)}
        options={(['month', 'quarter', 'year', 'range'] as const).map((k) => ({ value: k, label: t(`stats.period.${k}`) }))}
        data-testid="period-kind"
      />
      {value.kind === 'range' ? (
        <DatePicker.RangePicker
          allowClear={false}
          value={[dayjs(value.period.from), dayjs(value.period.to)]}
          onChange={(r) => {
            if (r?.[0] && r[1]) onChange({ kind: 'range', period: { from: r[0].format('YYYY-MM-DD'), to: r[1].format('YYYY-MM-DD') } });
          }}
          data-testid="period-range"
        />
      ) : (
        <DatePicker
          allowClear={false}
          picker={value.kind}
          value={start}
          format={
            zh
              ? { month: 'YYYY年M月', quarter: 'YYYY年第Q季度', year: 'YYYY年' }[value.kind]
              : { month: 'YYYY-MM', quarter: 'YYYY-[Q]Q', year: 'YYYY' }[value.kind]
          }
          onChange={(d) => d && pick(value.kind, d)}
          data-testid="period-date"
        />
      )}
    </Space>
  );
}

/** Until a period is chosen, choose the month of the latest issue (or this
 *  month when there is none), loading the issues first. */
export function useStartingMonth(
  choice: PeriodChoice | null,
  setChoice: (c: PeriodChoice) => void,
  fail: (e: unknown) => void,
) {
  const { issues, load: loadIssues } = useIssues();
  useEffect(() => {
    if (issues.length === 0) void loadIssues().catch(fail);
  }, [issues.length, loadIssues, fail]);
  useEffect(() => {
    if (choice) return;
    if (issues.length === 0 && useIssues.getState().loading) return;
    const latest = [...issues].sort((a, b) => b.date.localeCompare(a.date))[0];
    setChoice(monthOf(latest ? dayjs(latest.date) : dayjs()));
  }, [choice, issues, setChoice]);
}
