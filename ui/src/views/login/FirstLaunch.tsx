import { useState } from 'react';
import { Alert, Button, Form, Input, Typography } from 'antd';
import { ExperimentOutlined, LockOutlined, PlusOutlined, UserOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { ApiError, type CreateWorkspaceInput } from '../../api';
import { useDesktop } from '../../state/desktop';

/** The shortest password the core accepts (it also refuses common ones and the username). */
const MIN_PASSWORD = 10;

/**
 * A computer without a workspace: 新建工作区 (the first admin) or
 * 打开演示工作区. The core checks the password; its message is shown.
 */
export function FirstLaunch() {
  const { t } = useTranslation();
  const createWorkspace = useDesktop((s) => s.createWorkspace);
  const openDemo = useDesktop((s) => s.openDemo);
  const [creating, setCreating] = useState(false);
  const [busy, setBusy] = useState<'create' | 'demo' | null>(null);
  const [error, setError] = useState<string | null>(null);

  const run = async (which: 'create' | 'demo', f: () => Promise<void>) => {
    setBusy(which);
    setError(null);
    try {
      await f();
    } catch (e) {
      setError(ApiError.from(e).message);
    } finally {
      setBusy(null);
    }
  };

  const onCreate = (v: CreateWorkspaceInput & { again: string }) =>
    run('create', () =>
      createWorkspace({ username: v.username.trim(), display_name: v.display_name.trim(), password: v.password }),
    );

  return (
    <div data-testid="first-launch">
      <Typography.Title level={5} style={{ marginTop: 0 }}>
        {t('desktop.welcome')}
      </Typography.Title>
      <Typography.Paragraph type="secondary">{t('desktop.welcomeText')}</Typography.Paragraph>
      {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 12 }} data-testid="first-launch-error" />}
      {creating ? (
        <Form layout="vertical" requiredMark={false} onFinish={(v) => void onCreate(v)} data-testid="create-workspace-form">
          <Form.Item
            name="username"
            label={t('desktop.adminUsername')}
            rules={[{ required: true, whitespace: true, message: t('login.required', { field: t('desktop.adminUsername') }) }]}
          >
            <Input prefix={<UserOutlined />} autoFocus autoComplete="username" data-testid="create-username" />
          </Form.Item>
          <Form.Item
            name="display_name"
            label={t('desktop.adminName')}
            rules={[{ required: true, whitespace: true, message: t('login.required', { field: t('desktop.adminName') }) }]}
          >
            <Input data-testid="create-name" />
          </Form.Item>
          <Form.Item
            name="password"
            label={t('login.password')}
            extra={t('desktop.passwordHint', { n: MIN_PASSWORD })}
            rules={[
              { required: true, message: t('password.nextRequired') },
              { min: MIN_PASSWORD, message: t('password.tooShort', { n: MIN_PASSWORD }) },
            ]}
          >
            <Input.Password prefix={<LockOutlined />} autoComplete="new-password" data-testid="create-password" />
          </Form.Item>
          <Form.Item
            name="again"
            label={t('desktop.passwordAgain')}
            dependencies={['password']}
            rules={[
              { required: true, message: t('desktop.passwordAgain') },
              ({ getFieldValue }) => ({
                validator: (_, value) =>
                  !value || value === getFieldValue('password')
                    ? Promise.resolve()
                    : Promise.reject(new Error(t('desktop.passwordMismatch'))),
              }),
            ]}
          >
            <Input.Password prefix={<LockOutlined />} autoComplete="new-password" data-testid="create-password-again" />
          </Form.Item>
          <Button type="primary" htmlType="submit" block loading={busy === 'create'} data-testid="create-submit">
            {t('desktop.create')}
          </Button>
          <Button type="link" block onClick={() => setCreating(false)} disabled={busy !== null}>
            {t('desktop.back')}
          </Button>
        </Form>
      ) : (
        <div className="zp-choices">
          <button type="button" className="zp-choice" onClick={() => setCreating(true)} data-testid="choose-create">
            <PlusOutlined className="zp-choice-icon" />
            <span>
              <b>{t('desktop.createTitle')}</b>
              <span className="zp-choice-text">{t('desktop.createText')}</span>
            </span>
          </button>
          <button
            type="button"
            className="zp-choice"
            disabled={busy !== null}
            onClick={() => void run('demo', openDemo)}
            data-testid="choose-demo"
          >
            <ExperimentOutlined className="zp-choice-icon" />
            <span>
              <b>{busy === 'demo' ? t('desktop.openingDemo') : t('desktop.demoTitle')}</b>
              <span className="zp-choice-text">{t('desktop.demoText')}</span>
            </span>
          </button>
        </div>
      )}
    </div>
  );
}
