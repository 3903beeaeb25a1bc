import { useEffect } from 'react';
import { App as AntApp, Form, Input, Modal, Select, Switch } from 'antd';
import { useTranslation } from 'react-i18next';
import type { Contributor } from '../../api';
import { useAdmin } from '../../state/admin';
import { useContributors } from '../../state/stats';
import { useSession } from '../../state/session';
import { useFail } from '../common/useFail';

interface Values {
  name: string;
  unit: string;
  phone: string;
  user_id: number | null;
  paid: boolean;
  active: boolean;
  note: string;
}

/**
 * Add or change a contributor. `initial` without an id (a name from a
 * byline) opens a new contributor with that name filled in.
 */
export function ContributorForm({
  open,
  initial,
  onClose,
  onSaved,
}: {
  open: boolean;
  initial: Partial<Contributor> | null;
  onClose: () => void;
  onSaved?: (c: Contributor) => void;
}) {
  const { t } = useTranslation();
  const { message } = AntApp.useApp();
  const fail = useFail();
  const [form] = Form.useForm<Values>();
  const save = useContributors((s) => s.save);
  const isAdmin = useSession((s) => s.has('admin'));
  const users = useAdmin((s) => s.users);
  const loadUsers = useAdmin((s) => s.load);
  const editing = initial?.id !== undefined;

  useEffect(() => {
    if (open && isAdmin && users.length === 0) void loadUsers().catch(() => {});
  }, [open, isAdmin, users.length, loadUsers]);

  useEffect(() => {
    if (!open) return;
    form.setFieldsValue({
      name: initial?.name ?? '',
      unit: initial?.unit ?? '',
      phone: initial?.phone ?? '',
      user_id: initial?.user?.id ?? null,
      paid: initial?.paid ?? true,
      active: initial?.active ?? true,
      note: initial?.note ?? '',
    });
  }, [open, initial, form]);

  const submit = async () => {
    const v = await form.validateFields();
    try {
      const saved = await save({
        id: initial?.id,
        name: v.name.trim(),
        unit: v.unit ?? '',
        phone: v.phone ?? '',
        // Only admins see the accounts; others leave the link as it is.
        ...(isAdmin ? { user_id: v.user_id ?? 0 } : {}),
        paid: v.paid,
        active: v.active,
        note: v.note ?? '',
      });
      message.success(t('contributors.saved', { name: saved.name }));
      onSaved?.(saved);
      onClose();
    } catch (e) {
      fail(e);
    }
  };

  return (
    <Modal
      open={open}
      title={editing ? t('contributors.edit') : t('contributors.add')}
      onCancel={onClose}
      onOk={() => void submit().catch(() => {})}
      okText={t('common.save')}
      cancelText={t('common.cancel')}
      destroyOnHidden
      data-testid="contributor-form"
    >
      <Form form={form} layout="vertical" requiredMark={false}>
        <Form.Item name="name" label={t('contributors.name')} rules={[{ required: true, whitespace: true, message: t('contributors.nameRequired') }]}>
          <Input maxLength={20} data-testid="contributor-name" />
        </Form.Item>
        <Form.Item name="unit" label={t('contributors.unit')}>
          <Input maxLength={40} data-testid="contributor-unit" />
        </Form.Item>
        <Form.Item name="phone" label={t('contributors.phone')}>
          <Input maxLength={30} data-testid="contributor-phone" />
        </Form.Item>
        {isAdmin ? (
          <Form.Item name="user_id" label={t('contributors.account')}>
            <Select
              allowClear
              showSearch={{ optionFilterProp: 'label' }}
              options={users.map((u) => ({ value: u.id, label: `${u.display_name}（${u.username}）` }))}
              data-testid="contributor-account"
            />
          </Form.Item>
        ) : (
          initial?.user && (
            <Form.Item label={t('contributors.account')}>
              <span>{`${initial.user.display_name}（${initial.user.username}）`}</span>
            </Form.Item>
          )
        )}
        <Form.Item name="paid" label={t('contributors.paid')} valuePropName="checked" extra={t('contributors.paidHint')}>
          <Switch data-testid="contributor-paid" />
        </Form.Item>
        <Form.Item name="active" label={t('contributors.activeSwitch')} valuePropName="checked">
          <Switch />
        </Form.Item>
        <Form.Item name="note" label={t('contributors.note')}>
          <Input.TextArea maxLength={200} autoSize={{ minRows: 1, maxRows: 3 }} />
        </Form.Item>
      </Form>
    </Modal>
  );
}
