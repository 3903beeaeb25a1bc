import { useEffect, useState } from 'react';
import { Descriptions, Modal, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { loadProgramInfo, type ProgramInfo } from '../../state/about';

/** 关于: the program, its version and the commit it was built from. */
export function AboutDialog({ open, onClose }: { open: boolean; onClose: () => void }) {
  const { t } = useTranslation();
  const [info, setInfo] = useState<ProgramInfo | null | undefined>(undefined);

  useEffect(() => {
    if (!open) return;
    let live = true;
    void loadProgramInfo().then((i) => {
      if (live) setInfo(i);
    });
    return () => {
      live = false;
    };
  }, [open]);

  return (
    <Modal open={open} title={t('about.title')} footer={null} onCancel={onClose} destroyOnHidden width={440}>
      <div data-testid="about-dialog">
        <Typography.Title level={4} style={{ marginTop: 0 }}>
          {t('app.full')}
        </Typography.Title>
        <Typography.Paragraph type="secondary">{t('about.tagline')}</Typography.Paragraph>
        {info === null ? (
          <Typography.Text type="danger">{t('about.unavailable')}</Typography.Text>
        ) : (
          <Descriptions column={1} size="small" bordered>
            <Descriptions.Item label={info?.program === 'web' ? t('about.serverVersion') : t('about.version')}>
              <span data-testid="about-version">{info?.version ?? '…'}</span>
            </Descriptions.Item>
            <Descriptions.Item label={t('about.commit')}>
              {info?.commit ? (
                <Typography.Text code copyable data-testid="about-commit">
                  {info.commit}
                </Typography.Text>
              ) : (
                <span data-testid="about-commit">{info ? t('about.noCommit') : '…'}</span>
              )}
            </Descriptions.Item>
            <Descriptions.Item label={t('about.program')}>
              {info ? t(info.program === 'desktop' ? 'about.desktop' : 'about.web') : '…'}
            </Descriptions.Item>
          </Descriptions>
        )}
      </div>
    </Modal>
  );
}
