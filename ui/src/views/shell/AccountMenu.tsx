import { useState } from 'react';
import { App as AntApp, Avatar, Dropdown, Modal, Space, Tag, Typography, type ButtonProps } from 'antd';
import { DownOutlined, InfoCircleOutlined, KeyOutlined, LogoutOutlined, PoweroffOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { useSession } from '../../state/session';
import { PasswordForm } from '../login/ChangePasswordView';
import { AboutDialog } from './AboutDialog';
import { useFail } from '../common/useFail';

/** The signed-in account in the header: its name and roles, and what one does with one's own account. */
export function AccountMenu() {
  const { t } = useTranslation();
  const { modal, message } = AntApp.useApp();
  const fail = useFail();
  const user = useSession((s) => s.user);
  const logout = useSession((s) => s.logout);
  const logoutAll = useSession((s) => s.logoutAll);
  const [changing, setChanging] = useState(false);
  const [about, setAbout] = useState(false);

  const confirmLogoutAll = () =>
    modal.confirm({
      title: t('account.logoutAllTitle'),
      content: t('account.logoutAllText'),
      okText: t('account.logoutAllOk'),
      okButtonProps: { danger: true, 'data-testid': 'logout-all-confirm' } as ButtonProps,
      onOk: async () => {
        try {
          await logoutAll();
        } catch (e) {
          fail(e);
        }
      },
    });

  return (
    <>
      <Dropdown
        trigger={['click']}
        menu={{
          items: [
            { key: 'password', icon: <KeyOutlined />, label: t('account.changePassword') },
            { key: 'all', icon: <PoweroffOutlined />, label: t('account.logoutAll'), danger: true },
            { type: 'divider' },
            { key: 'about', icon: <InfoCircleOutlined />, label: t('about.menu') },
            { key: 'logout', icon: <LogoutOutlined />, label: t('nav.logout') },
          ],
          onClick: ({ key }) => {
            if (key === 'password') setChanging(true);
            else if (key === 'about') setAbout(true);
            else if (key === 'all') confirmLogoutAll();
            else void logout();
          },
        }}
      >
        <Space className="zp-account" role="button" tabIndex={0} data-testid="account-menu">
          <Avatar style={{ background: '#1f4e79' }}>{user?.display_name.slice(-1)}</Avatar>
          <Typography.Text strong data-testid="current-user">
            {user?.display_name}
          </Typography.Text>
          {user?.roles.map((r) => (
            <Tag key={r}>{t(`role.${r}`)}</Tag>
          ))}
          <DownOutlined style={{ fontSize: 10, color: '#999' }} />
        </Space>
      </Dropdown>
      <Modal
        open={changing}
        title={t('account.changePassword')}
        footer={null}
        onCancel={() => setChanging(false)}
        destroyOnHidden
        width={420}
      >
        <PasswordForm
          askCurrent
          submitLabel={t('password.submit')}
          onDone={(othersEnded) => {
            setChanging(false);
            message.success(
              othersEnded > 0 ? t('security.changedOthersSignedOut', { n: othersEnded }) : t('password.changed'),
            );
          }}
        />
      </Modal>
      <AboutDialog open={about} onClose={() => setAbout(false)} />
    </>
  );
}
