import { useEffect, useState } from 'react';
import { Alert, App as AntApp, Button, Card, Checkbox, Descriptions, InputNumber, Space, Spin, Tag, Typography } from 'antd';
import { LockOutlined, PoweroffOutlined, WifiOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../../api';
import { useDesktop } from '../../state/desktop';

/**
 * 局域网共享 (desktop, local workspace, admins): serve this workspace to the
 * office from inside the app. The shell checks the admin and refuses while
 * accounts have demo or admin-set passwords; its message is shown.
 */
export function SharingPanel() {
  const { t } = useTranslation();
  const { message } = AntApp.useApp();
  const sharing = useDesktop((s) => s.sharing);
  const loadSharing = useDesktop((s) => s.loadSharing);
  const setSharing = useDesktop((s) => s.setSharing);
  const [loadError, setLoadError] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [port, setPort] = useState<number | null>(null);
  const [https, setHttps] = useState<boolean | null>(null);

  useEffect(() => {
    loadSharing().catch((e) => setLoadError(ApiError.from(e).message));
  }, [loadSharing]);

  if (loadError) return <Alert type="error" showIcon title={loadError} />;
  if (!sharing) return <Spin />;
  if (!sharing.available) return <Alert type="info" showIcon title={t('sharing.unavailable')} />;

  const wantPort = port ?? sharing.port;
  const wantHttps = https ?? sharing.https;
  const changed = wantPort !== sharing.port || wantHttps !== sharing.https;

  const apply = async (enabled: boolean) => {
    setBusy(true);
    setError(null);
    try {
      await setSharing(enabled, wantPort, wantHttps);
      setPort(null);
      setHttps(null);
      message.success(t(enabled ? 'sharing.started' : 'sharing.stopped'));
    } catch (e) {
      setError(ApiError.from(e).message);
    } finally {
      setBusy(false);
    }
  };

  return (
    <div style={{ maxWidth: 820 }} data-testid="sharing-panel">
      <Card size="small" title={t('sharing.title')}>
        <Typography.Paragraph type="secondary">{t('sharing.text')}</Typography.Paragraph>
        {error && (
          <Alert type="error" showIcon title={error} style={{ marginBottom: 12 }} data-testid="sharing-error" />
        )}
        {!error && sharing.error && (
          <Alert
            type="warning"
            showIcon
            title={t('sharing.resumeFailed')}
            description={sharing.error.message}
            style={{ marginBottom: 12 }}
            data-testid="sharing-error"
          />
        )}
        <Descriptions column={1} size="small" styles={{ label: { width: 150 } }}>
          <Descriptions.Item label={t('sharing.state')}>
            {sharing.enabled ? (
              <Tag color="blue" icon={<WifiOutlined />} data-testid="sharing-state" data-state="on">
                {t('sharing.on')}
              </Tag>
            ) : (
              <Tag data-testid="sharing-state" data-state="off">
                {t('sharing.off')}
              </Tag>
            )}
          </Descriptions.Item>
          <Descriptions.Item label={t('sharing.port')}>
            <InputNumber
              min={1024}
              max={65535}
              precision={0}
              value={wantPort}
              onChange={(v) => setPort(typeof v === 'number' ? v : null)}
              disabled={busy}
              data-testid="sharing-port"
            />
          </Descriptions.Item>
          <Descriptions.Item label="HTTPS">
            <div>
              <Checkbox checked={wantHttps} onChange={(e) => setHttps(e.target.checked)} disabled={busy} data-testid="sharing-https">
                {t('sharing.https')}
              </Checkbox>
              <div className="zp-muted" style={{ fontSize: 12 }}>
                {t('sharing.httpsHint')}
              </div>
            </div>
          </Descriptions.Item>
          {sharing.enabled && (
            <Descriptions.Item label={t('sharing.addresses')}>
              <div>
                <Space orientation="vertical" size={2}>
                  {sharing.addresses.map((a) => (
                    <Typography.Text key={a} copyable code data-testid="sharing-address">
                      {a}
                    </Typography.Text>
                  ))}
                </Space>
                <div className="zp-muted" style={{ fontSize: 12 }}>
                  {t('sharing.addressesHint')}
                </div>
              </div>
            </Descriptions.Item>
          )}
          {sharing.enabled && sharing.fingerprint && (
            <Descriptions.Item label={t('sharing.fingerprint')}>
              <div>
                <Typography.Text copyable className="zp-fingerprint" data-testid="sharing-fingerprint">
                  <LockOutlined /> {sharing.fingerprint}
                </Typography.Text>
                <div className="zp-muted" style={{ fontSize: 12 }}>
                  {t('sharing.fingerprintHint')}
                </div>
              </div>
            </Descriptions.Item>
          )}
        </Descriptions>
        <Space style={{ marginTop: 12 }} wrap>
          {sharing.enabled ? (
            <>
              <Button danger icon={<PoweroffOutlined />} loading={busy} onClick={() => void apply(false)} data-testid="sharing-stop">
                {t('sharing.disable')}
              </Button>
              {changed && (
                <Button type="primary" loading={busy} onClick={() => void apply(true)}>
                  {t('sharing.apply')}
                </Button>
              )}
            </>
          ) : (
            <Button type="primary" icon={<WifiOutlined />} loading={busy} onClick={() => void apply(true)} data-testid="sharing-start">
              {t('sharing.enable')}
            </Button>
          )}
        </Space>
        <Typography.Paragraph type="secondary" style={{ marginTop: 12, marginBottom: 0, fontSize: 12 }}>
          {t('sharing.remembered')}
        </Typography.Paragraph>
      </Card>
    </div>
  );
}
