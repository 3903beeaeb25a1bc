import { Avatar, Space, Tag, Tooltip } from 'antd';
import { EditOutlined, EyeOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import type { Present, UserRef } from '../../api';
import { othersPresent } from '../../state/presence';
import { useSession } from '../../state/session';
import { when } from '.';

/** In a list: who has the article open for editing (林悦正在编辑), oneself left out. */
export function EditingTags({ users }: { users: UserRef[] }) {
  const { t } = useTranslation();
  const me = useSession((s) => s.user?.id);
  const others = users.filter((u) => u.id !== me);
  if (others.length === 0) return null;
  return (
    <Tag color="orange" icon={<EditOutlined />} className="zp-editing-tag" data-testid="editing-tag">
      {t('presence.editingList', { names: others.map((u) => u.display_name).join('、') })}
    </Tag>
  );
}

/** On an open article: everyone else who has it open, and how. */
export function PresenceBar({ present }: { present: Present[] }) {
  const { t } = useTranslation();
  const me = useSession((s) => s.user?.id);
  const others = othersPresent(present);
  if (others.length === 0) return null;
  return (
    <Space size={6} wrap className="zp-presence" data-testid="presence">
      {others.map((p, i) => {
        const name = p.user.id === me ? t('presence.youElsewhere') : p.user.display_name;
        const editing = p.mode === 'edit';
        return (
          <Tooltip key={`${p.user.id}:${i}`} title={t('presence.since', { when: when(p.since) })}>
            <span className={`zp-presence-chip${editing ? ' editing' : ''}`} data-testid="presence-chip" data-mode={p.mode}>
              <Avatar size={20} style={{ background: editing ? '#d46b08' : '#8c8c8c', fontSize: 12 }}>
                {p.user.display_name.slice(-1)}
              </Avatar>
              {editing ? <EditOutlined /> : <EyeOutlined />}
              {t(editing ? 'presence.editing' : 'presence.viewing', { name })}
            </span>
          </Tooltip>
        );
      })}
    </Space>
  );
}
