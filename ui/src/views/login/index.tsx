import { useEffect, useState } from 'react';
import { Alert, Button, Card, Divider, Form, Input, Space, Spin, Tag, Typography } from 'antd';
import { ApiOutlined, CloudServerOutlined, DesktopOutlined, LockOutlined, UserOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { ApiError, type DesktopStatus } from '../../api';
import { useDesktop } from '../../state/desktop';
import { useSession } from '../../state/session';
import { ConnectServer } from './ConnectServer';
import { FirstLaunch } from './FirstLaunch';

/** The login screen: in the desktop app also where the workspace is chosen. */
export function LoginView() {
  const desktop = useSession((s) => s.transport)() === 'tauri';
  return (
    <div className="zp-login">
      <Card className="zp-login-card" variant="borderless">
        <Brand />
        {desktop ? <DesktopLogin /> : <SignInForm demo={servedLocally()} />}
      </Card>
    </div>
  );
}

/**
 * A browser on this machine. A demo workspace is never served beyond it
 * (the core refuses), so the demo accounts are named only here.
 */
function servedLocally() {
  return /^(localhost|127\.|\[::1\])/.test(globalThis.location?.hostname ?? '');
}

function Brand() {
  const { t } = useTranslation();
  return (
    <div className="zp-login-brand">
      <span className="zp-seal">编</span>
      <div>
        <Typography.Title level={3} style={{ margin: 0 }}>
          {t('app.full')}
        </Typography.Title>
        <Typography.Text type="secondary">{t('login.subtitle')}</Typography.Text>
      </div>
    </div>
  );
}

/**
 * The desktop: the first-launch choices when there is no workspace, the
 * sign-in of the local workspace or of the office server, and
 * 连接办公室服务器.
 */
function DesktopLogin() {
  const { t } = useTranslation();
  const status = useDesktop((s) => s.status);
  const error = useDesktop((s) => s.error);
  const load = useDesktop((s) => s.load);
  const screenShown = useDesktop((s) => s.screenShown);
  const switchToLocal = useDesktop((s) => s.switchToLocal);
  const [connecting, setConnecting] = useState(false);
  const [switchError, setSwitchError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    void load();
  }, [load]);
  // The first usable screen: the shell logs the start-up time (make bench).
  const screen = !status ? null : status.mode === 'none' ? 'first_launch' : 'sign_in';
  useEffect(() => {
    if (screen) screenShown(screen);
  }, [screen, screenShown]);

  if (error) return <Alert type="error" showIcon title={error} />;
  if (!status) return <Spin style={{ display: 'block', margin: '24px auto' }} />;

  const back = async () => {
    setBusy(true);
    setSwitchError(null);
    try {
      await switchToLocal();
      setConnecting(false);
    } catch (e) {
      setSwitchError(ApiError.from(e).message);
    } finally {
      setBusy(false);
    }
  };

  if (connecting) {
    return <ConnectServer onCancel={() => setConnecting(false)} onConnected={() => setConnecting(false)} />;
  }
  const connectLink = (
    <Button type="link" icon={<ApiOutlined />} onClick={() => setConnecting(true)} data-testid="choose-connect">
      {status.mode === 'remote' ? t('desktop.otherServer') : t('desktop.connect')}
    </Button>
  );

  if (status.mode === 'none') {
    return (
      <>
        {status.workspace_error ? (
          <WorkspaceError status={status} onRetry={() => void back()} busy={busy} />
        ) : (
          <FirstLaunch />
        )}
        {switchError && <Alert type="error" showIcon title={switchError} style={{ marginTop: 12 }} />}
        <Divider plain style={{ margin: '16px 0 8px' }}>
          {t('desktop.or')}
        </Divider>
        <div style={{ textAlign: 'center' }}>{connectLink}</div>
      </>
    );
  }

  return (
    <>
      <Where status={status} />
      <SignInForm demo={status.demo} />
      {switchError && <Alert type="error" showIcon title={switchError} style={{ marginTop: 12 }} />}
      <Space className="zp-login-links" wrap>
        {connectLink}
        {status.mode === 'remote' && (
          <Button type="link" icon={<DesktopOutlined />} loading={busy} onClick={() => void back()} data-testid="use-local">
            {t('desktop.backToLocal')}
          </Button>
        )}
      </Space>
    </>
  );
}

/** Which workspace the sign-in is for. */
function Where({ status }: { status: DesktopStatus }) {
  const { t } = useTranslation();
  if (status.mode === 'remote' && status.server) {
    const s = status.server;
    return (
      <div className="zp-login-where" data-testid="login-where" data-mode="remote">
        <CloudServerOutlined />
        <div>
          <div>
            {t('desktop.remote')}：<b data-testid="server-publication">{s.publication || s.address}</b>
          </div>
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {s.tls && <LockOutlined style={{ marginRight: 4 }} />}
            {s.address}
          </Typography.Text>
        </div>
      </div>
    );
  }
  return (
    <div className="zp-login-where" data-testid="login-where" data-mode="local">
      <DesktopOutlined />
      <div>
        {t('desktop.local')}
        {status.demo && (
          <Tag color="orange" style={{ marginLeft: 8 }} data-testid="demo-tag">
            {t('desktop.demoTag')}
          </Tag>
        )}
      </div>
    </div>
  );
}

function WorkspaceError({ status, onRetry, busy }: { status: DesktopStatus; onRetry: () => void; busy: boolean }) {
  const { t } = useTranslation();
  return (
    <Alert
      type="error"
      showIcon
      title={t('desktop.workspaceError')}
      description={
        <>
          <div data-testid="workspace-error">{status.workspace_error?.message}</div>
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {status.workspace_dir}
          </Typography.Text>
        </>
      }
      action={
        <Button size="small" loading={busy} onClick={onRetry}>
          {t('desktop.retry')}
        </Button>
      }
    />
  );
}

/** User name and password; the demo's accounts are named only on a demo workspace. */
function SignInForm({ demo }: { demo: boolean }) {
  const { t } = useTranslation();
  const login = useSession((s) => s.login);
  const notice = useSession((s) => s.notice);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const onFinish = async (v: { username: string; password: string }) => {
    setBusy(true);
    setError(null);
    try {
      await login(v.username.trim(), v.password);
    } catch (e) {
      setError(ApiError.from(e).message);
    } finally {
      setBusy(false);
    }
  };

  return (
    <>
      {(error || notice) && (
        <Alert type={error ? 'error' : 'info'} showIcon title={error ?? notice} style={{ marginBottom: 16 }} />
      )}
      <Form layout="vertical" onFinish={onFinish} requiredMark={false} data-testid="login-form">
        <Form.Item
          name="username"
          label={t('login.username')}
          rules={[{ required: true, message: t('login.required', { field: t('login.username') }) }]}
        >
          <Input prefix={<UserOutlined />} autoComplete="username" autoFocus data-testid="login-username" />
        </Form.Item>
        <Form.Item
          name="password"
          label={t('login.password')}
          rules={[{ required: true, message: t('login.required', { field: t('login.password') }) }]}
        >
          <Input.Password prefix={<LockOutlined />} autoComplete="current-password" data-testid="login-password" />
        </Form.Item>
        <Button type="primary" htmlType="submit" block loading={busy} data-testid="login-submit">
          {t('login.submit')}
        </Button>
      </Form>
      {demo && (
        <Typography.Paragraph type="secondary" style={{ marginTop: 16, fontSize: 12 }}>
          {t('login.demoHint')}
        </Typography.Paragraph>
      )}
    </>
  );
}
