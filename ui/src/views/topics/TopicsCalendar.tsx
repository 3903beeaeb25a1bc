import { Calendar, Tag, Tooltip } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useTranslation } from 'react-i18next';
import type { Issue, Topic } from '../../api';
import { issueLabel } from '../issues';
import './slots.css';

/**
 * 月历: the deadlines 截稿 of the topics shown and the issues' dates, day
 * by day. A deadline missed by a topic not yet submitted is red.
 */
export function TopicsCalendar({ topics, issues }: { topics: Topic[]; issues: Issue[] }) {
  const { t } = useTranslation();
  const byDay = new Map<string, Topic[]>();
  for (const x of topics) {
    if (!x.due_at || x.state === 'cancelled' || x.state === 'declined') continue;
    const day = dayjs(x.due_at).format('YYYY-MM-DD');
    byDay.set(day, [...(byDay.get(day) ?? []), x]);
  }
  const issuesOn = new Map<string, Issue[]>();
  for (const i of issues) issuesOn.set(i.date, [...(issuesOn.get(i.date) ?? []), i]);
  const now = Date.now();

  const cell = (d: Dayjs) => {
    const day = d.format('YYYY-MM-DD');
    const due = byDay.get(day) ?? [];
    const out = issuesOn.get(day) ?? [];
    if (due.length === 0 && out.length === 0) return null;
    return (
      <div className="zp-cal-day" data-testid="calendar-day" data-day={day}>
        {out.map((i) => (
          <Tag key={`i${i.id}`} color="red" data-testid="calendar-issue">
            {t('topics.calendar.issue', { label: issueLabel(t, i) })}
          </Tag>
        ))}
        {due.map((x) => {
          const late = ['assigned', 'in_progress'].includes(x.state) && new Date(x.due_at as string).getTime() < now;
          return (
            <Tooltip key={x.id} title={`${x.title} · ${x.assignee?.display_name ?? t('topics.unassigned')} · ${t(`topics.state.${x.state}`)}`}>
              <div className={`zp-cal-due${late ? ' zp-cal-late' : ''}`} data-testid="calendar-due">
                {t('topics.calendar.due', { title: x.title })}
              </div>
            </Tooltip>
          );
        })}
      </div>
    );
  };

  return (
    <div data-testid="topics-calendar">
      <Calendar
        cellRender={(d, info) => (info.type === 'date' ? cell(d) : info.originNode)}
        defaultValue={firstDue(topics)}
      />
    </div>
  );
}

/** The month to open: that of the deadline nearest to today, else today's. */
function firstDue(topics: Topic[]): Dayjs {
  const now = Date.now();
  const near = topics
    .map((x) => (x.due_at ? new Date(x.due_at).getTime() : NaN))
    .filter((ms) => !Number.isNaN(ms))
    .sort((a, b) => Math.abs(a - now) - Math.abs(b - now))[0];
  return near === undefined ? dayjs() : dayjs(near);
}
