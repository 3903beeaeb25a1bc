import { Tooltip } from 'antd';
import { CheckCircleOutlined, CloudSyncOutlined, ExclamationCircleOutlined, LoadingOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { useEditing } from '../../state/editing';

/** 已保存 / 未保存 / 保存中 / 有冲突 / 离线 / 保存失败: where the text stands. */
export function SaveIndicator() {
  const { t } = useTranslation();
  const { saveState, article, error } = useEditing();
  const content = {
    saved: (
      <span className="zp-save ok">
        <CheckCircleOutlined /> {t('editor.saved', { n: article?.revision ?? 0 })}
      </span>
    ),
    dirty: <span className="zp-save dirty">{t('editor.dirty')}</span>,
    saving: (
      <span className="zp-save">
        <LoadingOutlined /> {t('editor.saving')}
      </span>
    ),
    conflict: (
      <span className="zp-save bad">
        <ExclamationCircleOutlined /> {t('editor.conflict')}
      </span>
    ),
    offline: (
      <Tooltip title={t('editor.offlineHint')}>
        <span className="zp-save dirty">
          <CloudSyncOutlined /> {t('editor.offline')}
        </span>
      </Tooltip>
    ),
    error: (
      <Tooltip title={error}>
        <span className="zp-save bad">
          <ExclamationCircleOutlined /> {t('editor.error')}
        </span>
      </Tooltip>
    ),
  }[saveState];
  return <span data-testid="save-state" data-state={saveState}>{content}</span>;
}
