import { useEffect, useState } from 'react';
import {
  App as AntApp,
  Button,
  Card,
  Checkbox,
  Form,
  Input,
  InputNumber,
  Modal,
  Popconfirm,
  Select,
  Space,
  Switch,
  Table,
  Tabs,
  Tag,
} from 'antd';
import { PlusOutlined, PoweroffOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import type { Publication, Role, User } from '../../api';
import { useAdmin } from '../../state/admin';
import { useSession } from '../../state/session';
import { AuditLog } from './AuditLog';
import { PrintSettings } from './PrintSettings';
import { PublicationFormFields } from './PublicationForm';
import { ServerPanel } from './ServerPanel';
import { SharingPanel } from './SharingPanel';
import { useDesktop } from '../../state/desktop';
import { RosterEditor, WordListEditor } from './ProofListsAdmin';
import { useFail } from '../common/useFail';

/** The shortest password the server accepts. */
const MIN_PASSWORD = 10;

const ROLES: Role[] = ['editor', 'reviewer', 'proofreader', 'layout', 'admin', 'correspondent'];

function UserForm({ editing }: { editing: boolean }) {
  const { t } = useTranslation();
  return (
    <>
      <Form.Item name="username" label={t('admin.username')} rules={[{ required: !editing }]}>
        <Input disabled={editing} />
      </Form.Item>
      <Form.Item name="display_name" label={t('admin.displayName')} rules={[{ required: true, whitespace: true }]}>
        <Input />
      </Form.Item>
      <Form.Item name="roles" label={t('admin.roles')} rules={[{ required: true }]}>
        <Checkbox.Group options={ROLES.map((r) => ({ value: r, label: t(`role.${r}`) }))} />
      </Form.Item>
      <Form.Item name="review_levels" label={t('admin.levels')} tooltip={t('admin.anyLevel')}>
        <Checkbox.Group options={[1, 2, 3].map((l) => ({ value: l, label: t(`level.${l}`) }))} />
      </Form.Item>
      <Form.Item
        name="password"
        label={editing ? t('admin.newPassword') : t('admin.password')}
        extra={t('admin.passwordHint', { n: MIN_PASSWORD })}
        rules={[
          { required: !editing, message: t('password.nextRequired') },
          { min: MIN_PASSWORD, message: t('password.tooShort', { n: MIN_PASSWORD }) },
        ]}
      >
        <Input.Password autoComplete="new-password" />
      </Form.Item>
      {editing && (
        <Form.Item name="disabled" label={t('admin.disabled')} valuePropName="checked">
          <Switch />
        </Form.Item>
      )}
    </>
  );
}

function Users() {
  const { t } = useTranslation();
  const { message } = AntApp.useApp();
  const fail = useFail();
  const { users, load, createUser, updateUser, signOutUser } = useAdmin();
  const me = useSession((s) => s.user?.id);
  const [editing, setEditing] = useState<User | 'new' | null>(null);
  const [form] = Form.useForm();

  useEffect(() => {
    void load().catch(fail);
  }, [load, fail]);

  const openEdit = (u: User | 'new') => {
    setEditing(u);
    form.resetFields();
    if (u !== 'new') form.setFieldsValue({ ...u, password: '' });
  };

  const submit = async () => {
    const v = await form.validateFields();
    try {
      if (editing === 'new') {
        await createUser({
          username: v.username,
          display_name: v.display_name,
          password: v.password,
          roles: v.roles,
          review_levels: v.review_levels ?? [],
        });
      } else if (editing) {
        await updateUser({
          id: editing.id,
          display_name: v.display_name,
          roles: v.roles,
          review_levels: v.review_levels ?? [],
          disabled: v.disabled,
          password: v.password ? v.password : undefined,
        });
      }
      message.success(t('admin.saved'));
      setEditing(null);
    } catch (e) {
      fail(e);
    }
  };

  return (
    <>
      <Button type="primary" icon={<PlusOutlined />} onClick={() => openEdit('new')} style={{ marginBottom: 12 }}>
        {t('admin.addUser')}
      </Button>
      <Table<User>
        rowKey="id"
        dataSource={users}
        pagination={false}
        columns={[
          { title: t('admin.username'), dataIndex: 'username' },
          { title: t('admin.displayName'), dataIndex: 'display_name' },
          { title: t('admin.roles'), render: (_, u) => u.roles.map((r) => <Tag key={r}>{t(`role.${r}`)}</Tag>) },
          {
            title: t('admin.levels'),
            render: (_, u) =>
              u.roles.includes('reviewer')
                ? u.review_levels.length
                  ? u.review_levels.map((l) => t(`level.${l}`)).join('、')
                  : t('admin.anyLevel')
                : '—',
          },
          {
            title: t('articles.status'),
            render: (_, u) => (
              <Space size={4} wrap>
                {u.disabled ? <Tag color="red">{t('admin.disabled')}</Tag> : <Tag color="green">{t('admin.active')}</Tag>}
                {u.must_change_password && (
                  <Tag color="orange" data-testid="must-change-tag">
                    {t('admin.mustChange')}
                  </Tag>
                )}
              </Space>
            ),
          },
          {
            title: t('common.actions'),
            render: (_, u) => (
              <Space size={6}>
                <Button size="small" onClick={() => openEdit(u)}>
                  {t('admin.edit')}
                </Button>
                {u.id !== me && (
                  <Popconfirm
                    title={t('admin.signOutConfirm', { name: u.display_name })}
                    okButtonProps={{ danger: true }}
                    onConfirm={async () => {
                      try {
                        const n = await signOutUser(u.id);
                        message.success(t('admin.signedOut', { name: u.display_name, n }));
                      } catch (e) {
                        fail(e);
                      }
                    }}
                  >
                    <Button size="small" icon={<PoweroffOutlined />} data-testid={`sign-out-${u.username}`}>
                      {t('admin.signOut')}
                    </Button>
                  </Popconfirm>
                )}
              </Space>
            ),
          },
        ]}
      />
      <Modal
        open={editing !== null}
        title={editing === 'new' ? t('admin.addUser') : t('admin.edit')}
        onOk={submit}
        onCancel={() => setEditing(null)}
        forceRender
      >
        <Form form={form} layout="vertical">
          <UserForm editing={editing !== 'new'} />
        </Form>
      </Modal>
    </>
  );
}

function PublicationSettings() {
  const { t } = useTranslation();
  const { message } = AntApp.useApp();
  const fail = useFail();
  const publication = useSession((s) => s.publication);
  const save = useAdmin((s) => s.savePublication);
  const [form] = Form.useForm<Publication>();
  useEffect(() => {
    if (publication) form.setFieldsValue(publication);
  }, [publication, form]);
  return (
    <Card size="small" style={{ maxWidth: 560 }}>
      <Form
        form={form}
        layout="vertical"
        onFinish={async (v) => {
          try {
            await save(v);
            message.success(t('admin.saved'));
          } catch (e) {
            fail(e);
          }
        }}
      >
        <Form.Item name="name" label={t('admin.name')} rules={[{ required: true, whitespace: true }]}>
          <Input />
        </Form.Item>
        <Form.Item name="publisher" label={t('admin.publisher')}>
          <Input />
        </Form.Item>
        <PublicationFormFields />
        <Space>
          <Form.Item name="page_size" label={t('admin.pageSize')}>
            <Select style={{ width: 120 }} options={[{ value: 'A3' }, { value: 'A4' }]} />
          </Form.Item>
          <Form.Item name="columns" label={t('admin.columns')}>
            <InputNumber min={1} max={6} />
          </Form.Item>
          <Form.Item name="review_levels" label={t('admin.reviewLevels')}>
            <InputNumber min={1} max={3} />
          </Form.Item>
        </Space>
        <Form.Item
          name="session_idle_minutes"
          label={t('admin.idle')}
          extra={t('admin.idleHint')}
          rules={[{ type: 'number', min: 5, max: 720, message: t('admin.idleRange') }]}
        >
          <InputNumber min={5} max={720} suffix={t('admin.minutes')} style={{ width: 160 }} data-testid="idle-minutes" />
        </Form.Item>
        <Button type="primary" htmlType="submit">
          {t('common.save')}
        </Button>
      </Form>
    </Card>
  );
}

export function AdminView() {
  const { t } = useTranslation();
  const desktop = useSession((s) => s.transport)() === 'tauri';
  const mode = useDesktop((s) => s.status?.mode);
  const loadDesktop = useDesktop((s) => s.load);
  useEffect(() => {
    if (desktop && !mode) void loadDesktop();
  }, [desktop, mode, loadDesktop]);
  // 局域网共享 is set on the computer that keeps the workspace.
  const sharing = desktop && mode === 'local';
  return (
    <Tabs
      items={[
        { key: 'users', label: t('admin.users'), children: <Users /> },
        { key: 'publication', label: t('admin.publication'), children: <PublicationSettings /> },
        { key: 'print', label: t('print.tab'), children: <PrintSettings /> },
        { key: 'roster', label: t('proof.roster'), children: <RosterEditor /> },
        { key: 'words', label: t('proof.words'), children: <WordListEditor /> },
        ...(sharing ? [{ key: 'sharing', label: t('sharing.tab'), children: <SharingPanel /> }] : []),
        { key: 'server', label: t('server.tab'), children: <ServerPanel /> },
        { key: 'audit', label: t('audit.tab'), children: <AuditLog /> },
      ]}
    />
  );
}
