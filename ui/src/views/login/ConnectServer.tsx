import { useState } from 'react';
import { Alert, Button, Descriptions, Form, Input, List, Space, Typography } from 'antd';
import { CloudServerOutlined, DeleteOutlined, LockOutlined, WarningOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { ApiError, type ProbeResult } from '../../api';
import { useDesktop } from '../../state/desktop';

/**
 * 连接办公室服务器: type the address once (recent servers are offered),
 * see who answers (刊名, version, over HTTPS the certificate's fingerprint)
 * and connect. A first HTTPS connection needs the fingerprint confirmed; a
 * changed certificate is refused.
 */
export function ConnectServer({ onCancel, onConnected }: { onCancel: () => void; onConnected: () => void }) {
  const { t } = useTranslation();
  const status = useDesktop((s) => s.status);
  const probe = useDesktop((s) => s.probe);
  const connect = useDesktop((s) => s.connect);
  const forget = useDesktop((s) => s.forget);
  const [form] = Form.useForm<{ address: string }>();
  const [found, setFound] = useState<ProbeResult | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState<'probe' | 'connect' | null>(null);
  const recent = status?.recent_servers ?? [];

  const find = async (address: string) => {
    setBusy('probe');
    setError(null);
    setFound(null);
    try {
      setFound(await probe(address.trim()));
    } catch (e) {
      setError(ApiError.from(e).message);
    } finally {
      setBusy(null);
    }
  };

  const go = async (p: ProbeResult) => {
    setBusy('connect');
    setError(null);
    try {
      await connect(p.address, p.trust === 'new' ? p.fingerprint : null);
      onConnected();
    } catch (e) {
      setError(ApiError.from(e).message);
    } finally {
      setBusy(null);
    }
  };

  const remove = async (address: string) => {
    try {
      await forget(address);
      if (found?.address === address) await find(address);
    } catch (e) {
      setError(ApiError.from(e).message);
    }
  };

  return (
    <div data-testid="connect-server">
      <Typography.Title level={5} style={{ marginTop: 0 }}>
        <CloudServerOutlined /> {t('desktop.connectTitle')}
      </Typography.Title>
      <Typography.Paragraph type="secondary">{t('desktop.connectText')}</Typography.Paragraph>
      <Form
        form={form}
        layout="vertical"
        requiredMark={false}
        onFinish={(v) => void find(v.address)}
        initialValues={{ address: recent[0]?.address ?? '' }}
      >
        <Form.Item
          name="address"
          label={t('desktop.address')}
          rules={[{ required: true, whitespace: true, message: t('login.required', { field: t('desktop.address') }) }]}
        >
          <Input
            placeholder={t('desktop.addressPlaceholder')}
            autoFocus
            onChange={() => setFound(null)}
            data-testid="server-address"
          />
        </Form.Item>
        <Button htmlType="submit" block loading={busy === 'probe'} data-testid="server-find">
          {t('desktop.find')}
        </Button>
      </Form>

      {error && <Alert type="error" showIcon title={error} style={{ marginTop: 12 }} data-testid="connect-error" />}
      {found && <Found probe={found} busy={busy === 'connect'} onConnect={() => void go(found)} onForget={() => void remove(found.address)} />}

      {recent.length > 0 && !found && (
        <List
          size="small"
          header={<Typography.Text type="secondary">{t('desktop.recent')}</Typography.Text>}
          dataSource={recent}
          style={{ marginTop: 12 }}
          renderItem={(r) => (
            <List.Item
              actions={[
                <Button
                  key="forget"
                  size="small"
                  type="text"
                  icon={<DeleteOutlined />}
                  aria-label={t('desktop.forget')}
                  title={t('desktop.forget')}
                  onClick={() => void remove(r.address)}
                />,
              ]}
            >
              <Button
                type="link"
                style={{ padding: 0, height: 'auto', textAlign: 'left' }}
                onClick={() => {
                  form.setFieldsValue({ address: r.address });
                  void find(r.address);
                }}
                data-testid="recent-server"
              >
                <span>
                  {r.publication || r.address}
                  <br />
                  <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                    {r.fingerprint && <LockOutlined style={{ marginRight: 4 }} />}
                    {r.address}
                  </Typography.Text>
                </span>
              </Button>
            </List.Item>
          )}
        />
      )}

      <Button type="link" block onClick={onCancel} style={{ marginTop: 8 }} data-testid="connect-cancel">
        {t('desktop.back')}
      </Button>
    </div>
  );
}

/** Who answered, and what the certificate says. */
function Found({
  probe,
  busy,
  onConnect,
  onForget,
}: {
  probe: ProbeResult;
  busy: boolean;
  onConnect: () => void;
  onForget: () => void;
}) {
  const { t } = useTranslation();
  const details = (
    <Descriptions column={1} size="small" style={{ marginTop: 12 }} styles={{ label: { width: 96 } }}>
      <Descriptions.Item label={t('desktop.publication')}>
        <b data-testid="probe-publication">{probe.publication}</b>
      </Descriptions.Item>
      <Descriptions.Item label={t('desktop.address')}>{probe.address}</Descriptions.Item>
      <Descriptions.Item label={t('desktop.version')}>{probe.version}</Descriptions.Item>
    </Descriptions>
  );
  if (!probe.compatible) {
    return (
      <>
        {details}
        <Alert type="error" showIcon title={t('desktop.incompatible', { version: probe.version })} />
      </>
    );
  }
  if (probe.trust === 'changed') {
    return (
      <>
        {details}
        <Alert
          type="error"
          showIcon
          icon={<WarningOutlined />}
          title={t('desktop.certChanged')}
          description={
            <>
              <div>{t('desktop.certChangedText')}</div>
              <div className="zp-fingerprint-pair">
                {t('desktop.certConfirmed')}
                <code>{probe.pinned}</code>
                {t('desktop.certNow')}
                <code>{probe.fingerprint}</code>
              </div>
              <Button size="small" danger onClick={onForget}>
                {t('desktop.forget')}
              </Button>
            </>
          }
          data-testid="cert-changed"
        />
      </>
    );
  }
  return (
    <>
      {details}
      {probe.trust === 'plain' && <Alert type="warning" showIcon title={t('desktop.plain')} style={{ marginBottom: 12 }} />}
      {probe.trust === 'new' && (
        <Alert
          type="info"
          showIcon
          icon={<LockOutlined />}
          title={t('desktop.certNew')}
          description={
            <code className="zp-fingerprint" data-testid="probe-fingerprint">
              {probe.fingerprint}
            </code>
          }
          style={{ marginBottom: 12 }}
        />
      )}
      {probe.trust === 'trusted' && (
        <Alert type="success" showIcon icon={<LockOutlined />} title={t('desktop.certTrusted')} style={{ marginBottom: 12 }} />
      )}
      <Space orientation="vertical" style={{ width: '100%' }}>
        <Button type="primary" block loading={busy} onClick={onConnect} data-testid="server-connect">
          {probe.trust === 'new' ? t('desktop.confirmConnect') : t('desktop.doConnect')}
        </Button>
      </Space>
    </>
  );
}
