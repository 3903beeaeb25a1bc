import { Tag } from 'antd';
import dayjs from 'dayjs';
import { useTranslation } from 'react-i18next';
import type { ReactNode } from 'react';
import type { ArticleStatus } from '../../api';
import { routeHash, useNav, type Route } from '../../state/nav';

const COLORS: Record<ArticleStatus, string> = {
  draft: 'default',
  in_review: 'processing',
  approved: 'success',
  returned: 'warning',
  withdrawn: 'error',
};

/** The article's workflow state, the same everywhere it is listed. */
export function StatusTag({ status, level }: { status: ArticleStatus; level: number | null }) {
  const { t } = useTranslation();
  const label =
    status === 'in_review' ? t('status.in_review', { level: t(`level.${level ?? 1}`) }) : t(`status.${status}`);
  return (
    <Tag color={COLORS[status]} data-testid="status-tag">
      {label}
    </Tag>
  );
}

export function when(iso: string): string {
  return dayjs(iso).format('YYYY-MM-DD HH:mm');
}

/** 字数 against the target, red when over. */
export function LengthText({ length, target }: { length: number; target: number | null }) {
  const { t } = useTranslation();
  if (!target) return <span>{t('articles.lengthOnly', { length })}</span>;
  const over = length > target;
  return (
    <span style={{ color: over ? '#cf1322' : undefined }}>{t('articles.lengthOf', { length, target })}</span>
  );
}

/** A real link to a screen (middle-click and keyboard work); navigation stays in the app. */
export function RouteLink({ to, children, testId }: { to: Route; children: ReactNode; testId?: string }) {
  const go = useNav((s) => s.go);
  return (
    <a
      href={routeHash(to)}
      data-testid={testId}
      onClick={(e) => {
        if (e.ctrlKey || e.metaKey || e.shiftKey || e.button !== 0) return;
        e.preventDefault();
        go(to);
      }}
    >
      {children}
    </a>
  );
}
