import { useState } from 'react';
import { App as AntApp, Button, Dropdown, Space, Tooltip } from 'antd';
import { DownOutlined, GlobalOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../../api';
import { exportWeb } from '../../state/web';
import { formatSize, saveBlob } from '../common/download';
import { useFail } from '../common/useFail';

/** 导出数字报: the issue's digital edition as a .zip download; a 校样 preview from the menu. */
export function WebEditionButton({ issueId, canExport, disabled }: { issueId: number; canExport: boolean; disabled?: boolean }) {
  const { t } = useTranslation();
  const { message, modal } = AntApp.useApp();
  const fail = useFail();
  const [busy, setBusy] = useState(false);

  const run = async (proofCopy: boolean) => {
    setBusy(true);
    const hide = message.loading(t('web.working'), 0);
    try {
      const { blob, fileName } = await exportWeb(issueId, proofCopy);
      saveBlob(blob, fileName);
      message.success(t(proofCopy ? 'web.doneProof' : 'web.done', { name: fileName, size: formatSize(blob.size) }));
    } catch (e) {
      const err = ApiError.from(e);
      if (!proofCopy && (err.code === 'export_failed' || err.code === 'not_signed_off')) {
        modal.confirm({
          title: t('web.refused'),
          content: err.message,
          okText: t('web.offerProof'),
          onOk: () => run(true),
        });
      } else {
        fail(err);
      }
    } finally {
      hide();
      setBusy(false);
    }
  };

  return (
    <Tooltip title={canExport ? t('web.exportHint') : t('web.layoutOnly')}>
      <Space.Compact>
        <Button
          icon={<GlobalOutlined />}
          loading={busy}
          disabled={disabled || !canExport}
          onClick={() => void run(false)}
          data-testid="export-web"
        >
          {t('web.export')}
        </Button>
        <Dropdown
          disabled={disabled || !canExport || busy}
          menu={{
            items: [{ key: 'proof', label: <span data-testid="export-web-proof">{t('web.proofCopy')}</span>, title: t('web.proofCopyHint') }],
            onClick: () => void run(true),
          }}
        >
          <Button icon={<DownOutlined />} aria-label={t('web.proofCopy')} data-testid="export-web-more" />
        </Dropdown>
      </Space.Compact>
    </Tooltip>
  );
}
