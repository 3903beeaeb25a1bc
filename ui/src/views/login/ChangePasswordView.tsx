import { useState } from 'react';
import { Alert, Button, Card, Form, Input, Typography } from 'antd';
import { LockOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../../api';
import { useSession } from '../../state/session';

/** The shortest password the server accepts. */
const MIN_PASSWORD = 10;

interface Values {
  current?: string;
  next: string;
  again: string;
}

/** Current password (unless known), new password twice; the server's rules are shown in its own words. */
export function PasswordForm({
  askCurrent,
  onDone,
  submitLabel,
}: {
  askCurrent: boolean;
  /** `othersEnded`: the account's other sessions the change signed out. */
  onDone?: (othersEnded: number) => void;
  submitLabel: string;
}) {
  const { t } = useTranslation();
  const changePassword = useSession((s) => s.changePassword);
  const [form] = Form.useForm<Values>();
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const onFinish = async (v: Values) => {
    setBusy(true);
    setError(null);
    try {
      const othersEnded = await changePassword(askCurrent ? (v.current ?? '') : null, v.next);
      form.resetFields();
      onDone?.(othersEnded);
    } catch (e) {
      setError(ApiError.from(e).message);
    } finally {
      setBusy(false);
    }
  };

  return (
    <Form form={form} layout="vertical" requiredMark={false} onFinish={onFinish} data-testid="password-form">
      {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 16 }} data-testid="password-error" />}
      <Typography.Paragraph type="secondary" data-testid="password-others-note">
        {t('security.othersSignedOutNote')}
      </Typography.Paragraph>
      {askCurrent && (
        <Form.Item
          name="current"
          label={t('password.current')}
          rules={[{ required: true, message: t('password.currentRequired') }]}
        >
          <Input.Password prefix={<LockOutlined />} autoComplete="current-password" data-testid="password-current" />
        </Form.Item>
      )}
      <Form.Item
        name="next"
        label={t('password.next')}
        extra={t('password.rules', { n: MIN_PASSWORD })}
        rules={[
          { required: true, message: t('password.nextRequired') },
          { min: MIN_PASSWORD, message: t('password.tooShort', { n: MIN_PASSWORD }) },
        ]}
      >
        <Input.Password prefix={<LockOutlined />} autoComplete="new-password" data-testid="password-next" />
      </Form.Item>
      <Form.Item
        name="again"
        label={t('password.again')}
        dependencies={['next']}
        rules={[
          { required: true, message: t('password.againRequired') },
          ({ getFieldValue }) => ({
            validator: (_, value) =>
              !value || value === getFieldValue('next') ? Promise.resolve() : Promise.reject(new Error(t('password.mismatch'))),
          }),
        ]}
      >
        <Input.Password prefix={<LockOutlined />} autoComplete="new-password" data-testid="password-again" />
      </Form.Item>
      <Button type="primary" htmlType="submit" block loading={busy} data-testid="password-submit">
        {submitLabel}
      </Button>
    </Form>
  );
}

/**
 * Right after signing in with a password an admin set: choose one's own
 * before anything else (the server refuses every other command until then).
 */
export function ChangePasswordView() {
  const { t } = useTranslation();
  const user = useSession((s) => s.user);
  const knowsPassword = useSession((s) => s.knowsPassword);
  const logout = useSession((s) => s.logout);

  return (
    <div className="zp-login">
      <Card className="zp-login-card" variant="borderless" data-testid="change-password">
        <div className="zp-login-brand">
          <span className="zp-seal">编</span>
          <div>
            <Typography.Title level={3} style={{ margin: 0 }}>
              {t('password.title')}
            </Typography.Title>
            <Typography.Text type="secondary">
              {user ? t('password.forUser', { name: user.display_name, username: user.username }) : t('app.full')}
            </Typography.Text>
          </div>
        </div>
        <Alert type="info" showIcon title={t('password.forced')} style={{ marginBottom: 16 }} />
        <PasswordForm askCurrent={!knowsPassword} submitLabel={t('password.submitFirst')} />
        <Button type="link" block style={{ marginTop: 8 }} onClick={() => void logout()} data-testid="password-logout">
          {t('nav.logout')}
        </Button>
      </Card>
    </div>
  );
}
