import { useEffect } from 'react';
import { App as AntApp, Form, Input, Modal, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { ApiError, type Contributor } from '../../api';
import { createCorrespondent } from '../../state/topics';

interface Values {
  username: string;
  display_name: string;
  password: string;
  unit?: string;
  phone?: string;
}

/**
 * 开通通讯员账号 from the 通讯员 list (admins): the account with the
 * correspondent role, linked to the chosen contributor record or to a new
 * one made with it, in one step. The password is a first one: its owner
 * chooses their own at the first sign-in.
 */
export function CorrespondentAccountDialog({
  open,
  contributor,
  onClose,
}: {
  open: boolean;
  /** The record to give an account; null: a new one is made. */
  contributor: Contributor | null;
  onClose: () => void;
}) {
  const { t } = useTranslation();
  const { message } = AntApp.useApp();
  const [form] = Form.useForm<Values>();

  useEffect(() => {
    if (open) form.setFieldsValue({ username: '', display_name: contributor?.name ?? '', password: '', unit: '', phone: '' });
  }, [open, contributor, form]);

  const submit = async () => {
    const v = await form.validateFields();
    try {
      const made = await createCorrespondent({
        username: v.username,
        display_name: v.display_name,
        password: v.password,
        ...(contributor ? { contributor_id: contributor.id } : { unit: v.unit, phone: v.phone }),
      });
      message.success(t('correspondents.made', { name: made.user.display_name, username: made.user.username }));
      onClose();
    } catch (e) {
      message.error(ApiError.from(e).message);
    }
  };

  return (
    <Modal
      open={open}
      title={contributor ? t('correspondents.titleFor', { name: contributor.name }) : t('correspondents.title')}
      okText={t('correspondents.ok')}
      okButtonProps={{ id: 'correspondent-ok' }}
      onOk={() => void submit().catch(() => {})}
      onCancel={onClose}
      destroyOnHidden
    >
      <Form form={form} layout="vertical" data-testid="correspondent-form">
        <Form.Item name="display_name" label={t('correspondents.displayName')} rules={[{ required: true, whitespace: true, message: t('correspondents.required') }]}>
          <Input data-testid="correspondent-name" />
        </Form.Item>
        <Form.Item name="username" label={t('correspondents.username')} rules={[{ required: true, whitespace: true, message: t('correspondents.required') }]}>
          <Input autoComplete="off" data-testid="correspondent-username" />
        </Form.Item>
        <Form.Item name="password" label={t('correspondents.password')} extra={t('correspondents.passwordHelp')} rules={[{ required: true, message: t('correspondents.required') }]}>
          <Input.Password autoComplete="new-password" data-testid="correspondent-password" />
        </Form.Item>
        {!contributor && (
          <>
            <Form.Item name="unit" label={t('correspondents.unit')}>
              <Input data-testid="correspondent-unit" />
            </Form.Item>
            <Form.Item name="phone" label={t('correspondents.phone')}>
              <Input />
            </Form.Item>
          </>
        )}
        {contributor && <Typography.Text type="secondary">{t('correspondents.linked', { unit: contributor.unit || '—' })}</Typography.Text>}
      </Form>
    </Modal>
  );
}
