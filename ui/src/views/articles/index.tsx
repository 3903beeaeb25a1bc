import { useEffect, useState } from 'react';
import { App as AntApp, Button, Form, Input, Modal, Radio, Segmented, Select, Space, Table, Tag, Tooltip, Typography } from 'antd';
import { ImportOutlined, PlusOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import type { ArticleKind, ArticleSummary } from '../../api';
import { useArticles } from '../../state/articles';
import { useImports } from '../../state/imports';
import { useIssues } from '../../state/issues';
import { useNav } from '../../state/nav';
import { useSession } from '../../state/session';
import { LengthText, RouteLink, StatusTag, when } from '../common';
import { FileDropArea } from '../common/FileDrop';
import { EditingTags } from '../common/PresenceTags';
import { issueLabel } from '../issues';
import { useFail } from '../common/useFail';

export function ArticlesView({ issueId }: { issueId: number | null }) {
  const { t } = useTranslation();
  const { list, loading, load, create, mine, leave } = useArticles();
  const { issues, load: loadIssues } = useIssues();
  const go = useNav((s) => s.go);
  const mayWrite = useSession((s) => s.has('editor'));
  const { message } = AntApp.useApp();
  const fail = useFail();
  const [open, setOpen] = useState(false);
  const [form] = Form.useForm();
  const addImportFiles = useImports((s) => s.addFiles);

  useEffect(() => {
    void loadIssues();
  }, [loadIssues]);
  // Without an issue in the address, show the newest issue.
  const current = issueId ?? issues[0]?.id ?? null;
  useEffect(() => {
    void load(current);
  }, [load, current]);
  useEffect(() => leave, [leave]);

  const submit = async () => {
    const v = (await form.validateFields()) as { title: string; kind: ArticleKind };
    try {
      const id = await create({ title: v.title, kind: v.kind, issue_id: current ?? undefined });
      setOpen(false);
      message.success(t('editor.created'));
      go({ name: 'article', id });
    } catch (e) {
      fail(e);
    }
  };

  return (
    <FileDropArea
      enabled={mayWrite}
      label={t('import.dropHere')}
      onFiles={(files) => {
        addImportFiles(files);
        go({ name: 'import', issueId: current });
      }}
    >
      <Space style={{ justifyContent: 'space-between', width: '100%', marginBottom: 16 }} wrap>
        <Space>
          <Typography.Title level={4} style={{ margin: 0 }}>
            {t('articles.title')}
          </Typography.Title>
          <Select
            style={{ minWidth: 260 }}
            value={current ?? undefined}
            placeholder={t('articles.issue')}
            onChange={(v: number) => go({ name: 'articles', issueId: v })}
            options={issues.map((i) => ({ value: i.id, label: issueLabel(t, i) }))}
            data-testid="issue-select"
          />
          <Segmented
            value={mine ? 'mine' : 'all'}
            onChange={(v) => void load(current, v === 'mine')}
            options={[
              { value: 'all', label: t('articles.all') },
              { value: 'mine', label: t('articles.mine') },
            ]}
            data-testid="mine-filter"
          />
        </Space>
        {mayWrite && (
          <Space>
            <Button icon={<ImportOutlined />} onClick={() => go({ name: 'import', issueId: current })} data-testid="import-articles">
              {t('import.title')}
            </Button>
            <Button type="primary" icon={<PlusOutlined />} onClick={() => setOpen(true)} data-testid="new-article">
              {t('articles.create')}
            </Button>
          </Space>
        )}
      </Space>
      <Table<ArticleSummary>
        rowKey="id"
        loading={loading}
        dataSource={list}
        size="middle"
        pagination={{ pageSize: 50, hideOnSinglePage: true }}
        locale={{ emptyText: t('articles.empty') }}
        onRow={(a) => ({ onDoubleClick: () => go({ name: 'article', id: a.id }) })}
        columns={[
          {
            title: t('articles.headline'),
            render: (_, a) => (
              <>
                <RouteLink to={{ name: 'article', id: a.id }} testId="article-link">
                  {a.kicker && <span className="zp-kicker-inline">{a.kicker}</span>}
                  {a.title}
                </RouteLink>
                {a.title_pending && (
                  <Tooltip title={t('articles.titlePendingHint')}>
                    <Tag color="orange" style={{ marginLeft: 8 }} data-testid="title-pending-tag">
                      {t('articles.titlePending')}
                    </Tag>
                  </Tooltip>
                )}
              </>
            ),
          },
          {
            title: t('presence.column'),
            width: 150,
            render: (_, a) => <EditingTags users={a.editing} />,
          },
          { title: t('articles.column'), dataIndex: 'column', width: 110 },
          { title: t('editor.kind'), width: 100, render: (_, a) => t(`kind.${a.kind}`) },
          {
            title: t('articles.status'),
            width: 110,
            render: (_, a) => <StatusTag status={a.status} level={a.review_level} />,
          },
          {
            title: t('articles.length'),
            width: 130,
            render: (_, a) => <LengthText length={a.length} target={a.target_length} />,
          },
          { title: t('articles.author'), width: 100, render: (_, a) => a.author.display_name },
          { title: t('articles.revision'), width: 80, render: (_, a) => t('articles.revisionN', { n: a.revision }) },
          { title: t('articles.updated'), width: 150, render: (_, a) => when(a.updated_at) },
        ]}
      />
      <Modal open={open} title={t('articles.create')} onOk={submit} onCancel={() => setOpen(false)} destroyOnHidden>
        <Form form={form} layout="vertical" initialValues={{ kind: 'news' }}>
          <Form.Item name="kind" label={t('editor.kind')}>
            <Radio.Group
              options={(['news', 'briefs', 'photo'] as const).map((k) => ({ value: k, label: t(`kind.${k}`) }))}
            />
          </Form.Item>
          <Form.Item
            name="title"
            label={t('editor.title')}
            rules={[{ required: true, whitespace: true, message: t('editor.titlePh') }]}
          >
            <Input placeholder={t('editor.titlePh')} maxLength={200} data-testid="new-article-title" />
          </Form.Item>
        </Form>
      </Modal>
    </FileDropArea>
  );
}
