import { App as AntApp, Select } from 'antd';
import { useTranslation } from 'react-i18next';
import { ApiError, type TopicPriority } from '../../api';
import { useEditing } from '../../state/editing';
import { mayPlanTopics } from '../../state/topics';

const PRIORITIES: TopicPriority[] = ['headline', 'major', 'normal'];

/**
 * 优先级 头条/重点/一般 of the open article. It orders the stories in 排版建议;
 * it is no content, so it stays editable after 签发 (editors and admins).
 */
export function PrioritySelect() {
  const { t } = useTranslation();
  const { message } = AntApp.useApp();
  const article = useEditing((s) => s.article);
  const setPriority = useEditing((s) => s.setPriority);
  if (!article) return null;
  return (
    <Select<TopicPriority>
      style={{ width: '100%' }}
      prefix={t('editor.priority')}
      value={article.priority ?? 'normal'}
      disabled={!mayPlanTopics()}
      onChange={(p) =>
        void setPriority(p)
          .then(() => message.success(t('editor.prioritySaved')))
          .catch((e) => message.error(ApiError.from(e).message))
      }
      options={PRIORITIES.map((p) => ({ value: p, label: t(`topics.priorities.${p}`) }))}
      data-testid="field-priority"
    />
  );
}
