import { useMemo } from 'react';
import { Alert, App as AntApp, Button } from 'antd';
import { useTranslation } from 'react-i18next';
import type { Article } from '../../api';
import { useEditing } from '../../state/editing';
import { useHistory } from '../../state/history';
import { usePresence } from '../../state/presence';
import { useFail } from '../common/useFail';
import { DraftNotice, NewerNotice, YieldNotice } from './EditorNotices';

/**
 * What the writer should know before typing: a draft kept on this computer,
 * someone else editing, a newer revision, a failed save, 退回 with the opinion,
 * a title still to confirm, read-only.
 */
export function ArticleAlerts({ article, editable, mayWrite }: { article: Article; editable: boolean; mayWrite: boolean }) {
  const { t } = useTranslation();
  const { message } = AntApp.useApp();
  const fail = useFail();
  const saveState = useEditing((s) => s.saveState);
  const error = useEditing((s) => s.error);
  const newer = useEditing((s) => s.newer);
  const conflict = useEditing((s) => s.conflict);
  const draft = useEditing((s) => s.draft);
  const confirmTitle = useEditing((s) => s.confirmTitle);
  const yielded = usePresence((s) => s.yielded);
  const record = useHistory((s) => s.record);
  const lastReturn = useMemo(
    () => [...(record?.transitions ?? [])].reverse().find((tr) => tr.kind === 'return'),
    [record],
  );

  return (
    <>
      {draft && <DraftNotice offered={draft} />}
      {!draft && yielded && mayWrite && <YieldNotice />}
      {newer && !conflict && <NewerNotice newer={newer} />}
      {saveState === 'error' && error && <Alert type="error" showIcon title={error} style={{ marginBottom: 12 }} />}
      {article.status === 'returned' && lastReturn && (
        <Alert
          type="warning"
          showIcon
          style={{ marginBottom: 12 }}
          title={t('editor.returnedBy', { who: lastReturn.actor.display_name, opinion: lastReturn.opinion })}
        />
      )}
      {article.title_pending && (
        <Alert
          type="warning"
          showIcon
          style={{ marginBottom: 12 }}
          title={t('editor.titlePending', { title: article.title })}
          description={editable ? t('editor.titlePendingText') : undefined}
          action={
            editable && (
              <Button
                size="small"
                onClick={() =>
                  void confirmTitle()
                    .then(() => message.success(t('editor.titleConfirmed')))
                    .catch(fail)
                }
                data-testid="confirm-title"
              >
                {t('editor.confirmTitle')}
              </Button>
            )
          }
          data-testid="title-pending"
        />
      )}
      {article.status === 'withdrawn' && <Alert type="info" title={t('editor.readOnly')} style={{ marginBottom: 12 }} />}
      {!mayWrite && <Alert type="info" title={t('editor.noEdit')} style={{ marginBottom: 12 }} />}
    </>
  );
}
