import { useState } from 'react';
import { Alert, Button, Card, Form, Input, Typography } from 'antd';
import { LockOutlined, UserOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../api';
import { useSession } from '../state/session';

export function LoginView() {
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
    <div className="zp-login">
      <Card className="zp-login-card" variant="borderless">
        <div className="zp-login-brand">
          <span className="zp-seal">编</span>
          <div>
            <Typography.Title level={3} style={{ margin: 0 }}>
              {t('app.full')}
            </Typography.Title>
            <Typography.Text type="secondary">{t('login.subtitle')}</Typography.Text>
          </div>
        </div>
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
        <Typography.Paragraph type="secondary" style={{ marginTop: 16, fontSize: 12 }}>
          {t('login.demoHint')}
        </Typography.Paragraph>
      </Card>
    </div>
  );
}
