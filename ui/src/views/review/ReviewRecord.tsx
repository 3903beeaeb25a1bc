import { Alert, Empty, List, Tag, Timeline, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import type { History } from '../../api';
import { when } from '../common';

/** Every signature an article ever carried, current or voided. */
export function SignatureList({ record }: { record: History | null }) {
  const { t } = useTranslation();
  const signatures = record?.signatures ?? [];
  if (signatures.length === 0) return <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} />;
  return (
    <List
      size="small"
      dataSource={signatures}
      data-testid="signature-list"
      renderItem={(s) => (
        <List.Item>
          <div>
            <div>
              {t('review.signatureLine', {
                level: t(`level.${s.level}`),
                who: s.signer.display_name,
                when: when(s.signed_at),
                rev: s.revision,
              })}{' '}
              {s.voided_at ? (
                <Tag color="red">{t('review.voided', { reason: s.voided_reason })}</Tag>
              ) : (
                <Tag color="green">{t('review.live')}</Tag>
              )}
            </div>
            {s.opinion && <Typography.Text type="secondary">{s.opinion}</Typography.Text>}
            {s.signer_reset && (
              <Alert
                type="warning"
                showIcon
                className="zp-signer-reset"
                data-testid="signer-reset"
                title={t('review.signerReset', {
                  who: s.signer.display_name,
                  by: s.signer_reset.by.display_name,
                  when: when(s.signer_reset.at),
                })}
              />
            )}
          </div>
        </List.Item>
      )}
    />
  );
}

/** The append-only log of an article's transitions, oldest first. */
export function TransitionTimeline({ record }: { record: History | null }) {
  const { t } = useTranslation();
  return (
    <Timeline
      data-testid="transition-timeline"
      items={(record?.transitions ?? []).map((tr) => ({
        color: tr.kind === 'return' || tr.kind === 'withdraw' ? 'red' : tr.kind === 'approve' ? 'green' : 'blue',
        content: (
          <div>
            <b>{t(`transition.${tr.kind}`)}</b> · {tr.actor.display_name} · {when(tr.at)} ·{' '}
            {t('articles.revisionN', { n: tr.revision })}
            {tr.opinion && <div className="zp-opinion">{tr.opinion}</div>}
          </div>
        ),
      }))}
    />
  );
}
