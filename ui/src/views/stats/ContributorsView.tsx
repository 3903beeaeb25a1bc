import { useEffect, useMemo, useState } from 'react';
import { Alert, Button, Input, Space, Switch, Table, Tag, Typography } from 'antd';
import { EditOutlined, PlusOutlined, UserAddOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import type { Contributor } from '../../api';
import { useContributors } from '../../state/stats';
import { useSession } from '../../state/session';
import { CorrespondentAccountDialog } from '../topics/CorrespondentAccountDialog';
import { ContributorForm } from './ContributorForm';
import { useFail } from '../common/useFail';

const collator = new Intl.Collator('zh-CN-u-co-pinyin');

/** 通讯员: the people bylines are counted for, kept by editors and admins. */
export function ContributorsView() {
  const { t } = useTranslation();
  const fail = useFail();
  const { list, load, loaded } = useContributors();
  const mayKeep = useSession((s) => s.has('editor') || s.has('admin'));
  const [query, setQuery] = useState('');
  const [showInactive, setShowInactive] = useState(false);
  const [editing, setEditing] = useState<Partial<Contributor> | null>(null);
  const admin = useSession((s) => s.has('admin'));
  // 开通通讯员账号: for a record (or a new one, `'new'`).
  const [opening, setOpening] = useState<Contributor | 'new' | null>(null);

  useEffect(() => {
    void load().catch(fail);
  }, [load, fail]);

  const namesakes = useMemo(() => {
    const n = new Map<string, number>();
    for (const c of list) n.set(c.name, (n.get(c.name) ?? 0) + 1);
    return n;
  }, [list]);

  const shown = useMemo(() => {
    const q = query.trim();
    return list.filter((c) => (showInactive || c.active) && (!q || c.name.includes(q) || c.unit.includes(q)));
  }, [list, query, showInactive]);

  const columns = [
    {
      title: t('contributors.name'),
      dataIndex: 'name',
      sorter: (a: Contributor, b: Contributor) => collator.compare(a.name, b.name),
      render: (name: string) => (
        <Space size={4}>
          <span>{name}</span>
          {(namesakes.get(name) ?? 0) > 1 && <Tag color="orange">{t('contributors.namesake', { n: namesakes.get(name) })}</Tag>}
        </Space>
      ),
    },
    {
      title: t('contributors.unit'),
      dataIndex: 'unit',
      sorter: (a: Contributor, b: Contributor) => collator.compare(a.unit, b.unit),
    },
    ...(mayKeep ? [{ title: t('contributors.phone'), dataIndex: 'phone' }] : []),
    {
      title: t('contributors.account'),
      key: 'account',
      render: (_: unknown, c: Contributor) =>
        c.user ? <Tag color="blue">{`${c.user.display_name}（${c.user.username}）`}</Tag> : <Typography.Text type="secondary">{t('contributors.noAccount')}</Typography.Text>,
    },
    {
      title: t('contributors.paid'),
      dataIndex: 'paid',
      render: (paid: boolean) => (paid ? t('common.yes') : t('common.no')),
    },
    {
      title: t('contributors.active'),
      dataIndex: 'active',
      render: (active: boolean) => (active ? <Tag color="green">{t('contributors.activeOn')}</Tag> : <Tag>{t('contributors.activeOff')}</Tag>),
    },
    { title: t('contributors.note'), dataIndex: 'note', ellipsis: true },
    ...(mayKeep
      ? [
          {
            title: t('common.actions'),
            key: 'actions',
            width: admin ? 120 : 80,
            render: (_: unknown, c: Contributor) => (
              <Space size={4}>
                <Button size="small" icon={<EditOutlined />} onClick={() => setEditing(c)} data-testid="contributor-edit" aria-label={t('contributors.edit')} />
                {admin && !c.user && (
                  <Button
                    size="small"
                    icon={<UserAddOutlined />}
                    onClick={() => setOpening(c)}
                    data-testid="contributor-open-account"
                    aria-label={t('correspondents.ok')}
                    title={t('correspondents.ok')}
                  />
                )}
              </Space>
            ),
          },
        ]
      : []),
  ];

  return (
    <div data-testid="contributors-view">
      <Space style={{ width: '100%', justifyContent: 'space-between', marginBottom: 12 }} wrap>
        <Typography.Title level={3} style={{ margin: 0 }}>
          {t('contributors.title')}
        </Typography.Title>
        <Space wrap>
          <Input.Search allowClear placeholder={t('contributors.search')} value={query} onChange={(e) => setQuery(e.target.value)} style={{ width: 220 }} data-testid="contributor-search" />
          <Space size={6}>
            <Switch size="small" checked={showInactive} onChange={setShowInactive} />
            <span>{t('contributors.showInactive')}</span>
          </Space>
          {admin && (
            <Button icon={<UserAddOutlined />} onClick={() => setOpening('new')} data-testid="correspondent-add">
              {t('correspondents.title')}
            </Button>
          )}
          {mayKeep && (
            <Button type="primary" icon={<PlusOutlined />} onClick={() => setEditing({})} data-testid="contributor-add">
              {t('contributors.add')}
            </Button>
          )}
        </Space>
      </Space>
      <Typography.Paragraph type="secondary">{t('contributors.intro')}</Typography.Paragraph>
      {!mayKeep && <Alert type="info" showIcon title={t('contributors.readOnly')} style={{ marginBottom: 12 }} />}
      <Table<Contributor>
        rowKey="id"
        size="middle"
        loading={!loaded}
        dataSource={shown}
        columns={columns}
        pagination={{ pageSize: 50, hideOnSinglePage: true }}
        locale={{ emptyText: t('contributors.empty') }}
        data-testid="contributor-table"
      />
      <ContributorForm open={editing !== null} initial={editing} onClose={() => setEditing(null)} />
      <CorrespondentAccountDialog open={opening !== null} contributor={opening === 'new' ? null : opening} onClose={() => setOpening(null)} />
    </div>
  );
}
