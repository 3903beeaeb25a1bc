import { useEffect, useState } from 'react';
import { Alert, App as AntApp, Button, Card, Descriptions, Empty, List, Space, Spin, Tag, Typography } from 'antd';
import { CloudDownloadOutlined, LockOutlined, ReloadOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../../api';
import { useAdmin } from '../../state/admin';
import { useSession } from '../../state/session';
import { formatSize, saveBlob } from '../common/download';
import { useFail } from '../common/useFail';

/** How the workspace is served: version, LAN sharing, addresses, the TLS fingerprint; backup. */
export function ServerPanel() {
  const { t } = useTranslation();
  const { message } = AntApp.useApp();
  const fail = useFail();
  const info = useAdmin((s) => s.serverInfo);
  const load = useAdmin((s) => s.loadServerInfo);
  const backup = useAdmin((s) => s.backup);
  const saveBackup = useAdmin((s) => s.saveBackup);
  const desktop = useSession((s) => s.transport)() === 'tauri';
  const [error, setError] = useState<string | null>(null);
  const [backingUp, setBackingUp] = useState(false);

  const refresh = () => {
    setError(null);
    load().catch((e) => setError(ApiError.from(e).message));
  };
  useEffect(() => {
    load().catch((e) => setError(ApiError.from(e).message));
  }, [load]);

  const runBackup = async () => {
    setBackingUp(true);
    try {
      if (desktop) {
        // The desktop saves where the user picks, in either mode.
        const path = await saveBackup();
        if (path) message.success(t('files.saved', { path }));
        return;
      }
      const { blob, fileName } = await backup();
      saveBlob(blob, fileName);
      message.success(t('server.backupDone', { name: fileName, size: formatSize(blob.size) }));
    } catch (e) {
      fail(e);
    } finally {
      setBackingUp(false);
    }
  };

  if (error) return <Alert type="error" showIcon title={error} />;
  if (!info) return <Spin />;
  const net = info.network;

  return (
    <div className="zp-server" style={{ maxWidth: 820 }}>
      <Card
        size="small"
        title={t('server.title')}
        extra={<Button size="small" type="text" icon={<ReloadOutlined />} onClick={refresh} aria-label={t('common.refresh')} />}
        data-testid="server-info"
      >
        <Descriptions column={1} size="small" styles={{ label: { width: 150 } }}>
          <Descriptions.Item label={t('server.version')}>{info.version}</Descriptions.Item>
          <Descriptions.Item label={t('server.sharing')}>
            {net.sharing ? <Tag color="blue">{t('server.sharingOn')}</Tag> : <Tag>{t('server.sharingOff')}</Tag>}
          </Descriptions.Item>
          <Descriptions.Item label={t('server.addresses')}>
            {net.addresses.length ? (
              <Space orientation="vertical" size={2}>
                {net.addresses.map((a) => (
                  <Typography.Text key={a} copyable code>
                    {a}
                  </Typography.Text>
                ))}
              </Space>
            ) : (
              <Typography.Text type="secondary">{t('server.noAddresses')}</Typography.Text>
            )}
          </Descriptions.Item>
          <Descriptions.Item label={t('server.fingerprint')}>
            {net.tls_fingerprint ? (
              <div>
                <Typography.Text copyable className="zp-fingerprint" data-testid="tls-fingerprint">
                  <LockOutlined /> {net.tls_fingerprint}
                </Typography.Text>
                <div className="zp-muted" style={{ fontSize: 12 }}>
                  {t('server.fingerprintHint')}
                </div>
              </div>
            ) : (
              <Typography.Text type="secondary" data-testid="tls-fingerprint">
                {t('server.noTls')}
              </Typography.Text>
            )}
          </Descriptions.Item>
          <Descriptions.Item label={t('server.demo')}>{info.demo ? t('common.yes') : t('common.no')}</Descriptions.Item>
        </Descriptions>
      </Card>

      <Card size="small" title={t('server.unsafeTitle')} style={{ marginTop: 16 }} data-testid="unsafe-accounts">
        {info.unsafe_accounts.length === 0 ? (
          <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('server.unsafeNone')} />
        ) : (
          <>
            <Alert type="warning" showIcon title={t('server.unsafeText')} style={{ marginBottom: 8 }} />
            <List
              size="small"
              dataSource={info.unsafe_accounts}
              renderItem={(a) => (
                <List.Item>
                  <span>
                    <b>{a.display_name}</b> <span className="zp-muted">（{a.username}）</span>
                  </span>
                  <Tag color={a.reason === 'demo' ? 'red' : 'orange'}>
                    {t(a.reason === 'demo' ? 'server.reasonDemo' : 'server.reasonAdmin')}
                  </Tag>
                </List.Item>
              )}
            />
          </>
        )}
      </Card>

      <Card size="small" title={t('server.backupTitle')} style={{ marginTop: 16 }}>
        <Typography.Paragraph type="secondary">{t('server.backupText')}</Typography.Paragraph>
        <Button icon={<CloudDownloadOutlined />} loading={backingUp} onClick={() => void runBackup()} data-testid="backup">
          {t('server.backup')}
        </Button>
      </Card>
    </div>
  );
}
