import { Tag } from 'antd';
import { useTranslation } from 'react-i18next';
import type { ProofMark } from '../../api';

/** What a mark covers: which article, which characters, the quote and the new text. */
export function MarkQuote({ mark, title, compact }: { mark: ProofMark; title?: string; compact?: boolean }) {
  const { t } = useTranslation();
  const where =
    mark.article_id === null
      ? t('pages.onLayout')
      : mark.start !== null && mark.end !== null
        ? mark.end - mark.start === 1
          ? t('pages.whereChar', { title: title ?? `#${mark.article_id}`, at: mark.end })
          : t('pages.whereChars', { title: title ?? `#${mark.article_id}`, from: mark.start + 1, to: mark.end })
        : t('pages.whereArticle', { title: title ?? `#${mark.article_id}` });
  return (
    <span className="zp-mark-quote" data-testid="mark-quote">
      {!compact && <span className="zp-muted">{where}</span>}
      {!compact && <br />}
      {mark.quote && <span className="zp-quote-old">“{mark.quote}”</span>}
      {mark.replacement && (
        <>
          {' → '}
          <span className="zp-quote-new">“{mark.replacement}”</span>
        </>
      )}
      {mark.note && <span className="zp-muted">（{mark.note}）</span>}
      {compact && mark.article_id === null && <span className="zp-muted">{t('pages.onLayout')}</span>}
    </span>
  );
}

/** 待处理 / 已改 / 不改, with the reason of a rejection. */
export function MarkStateTag({ mark }: { mark: ProofMark }) {
  const { t } = useTranslation();
  const colour = mark.state === 'open' ? 'red' : mark.state === 'applied' ? 'success' : 'default';
  return (
    <Tag color={colour} title={mark.reason || undefined} data-testid="mark-state" data-state={mark.state}>
      {t(`pages.markState.${mark.state}`)}
    </Tag>
  );
}
