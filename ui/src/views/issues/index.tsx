import { useEffect, useState } from 'react';
import { App as AntApp, Button, DatePicker, Form, InputNumber, Modal, Select, Space, Table, Tag, Typography } from 'antd';
import { PlusOutlined } from '@ant-design/icons';
import dayjs, { type Dayjs } from 'dayjs';
import { useTranslation } from 'react-i18next';
import type { TFunction } from 'i18next';
import type { Issue, PageSize } from '../../api';
import { useIssues } from '../../state/issues';
import { useNav } from '../../state/nav';
import { useSession } from '../../state/session';
import { IssuePrintDate } from './IssuePrintDate';
import { useFail } from '../common/useFail';

export function issueLabel(t: TFunction, i: Issue) {
  return t('issues.label', { year: i.year, number: i.number, serial: i.serial });
}

export function IssuesView() {
  const { t } = useTranslation();
  const { issues, loading, load, create } = useIssues();
  const go = useNav((s) => s.go);
  const may = useSession((s) => s.has('editor') || s.has('layout') || s.has('admin'));
  const [open, setOpen] = useState(false);
  const [form] = Form.useForm();
  const { message } = AntApp.useApp();
  const fail = useFail();

  useEffect(() => {
    void load();
  }, [load]);

  const submit = async () => {
    const v = (await form.validateFields()) as {
      year: number;
      number: number;
      serial?: number;
      date: Dayjs;
      page_count: number;
      page_size: PageSize;
    };
    try {
      const issue = await create({
        year: v.year,
        number: v.number,
        serial: v.serial ?? undefined,
        date: v.date.format('YYYY-MM-DD'),
        page_count: v.page_count,
        page_size: v.page_size,
      });
      setOpen(false);
      message.success(t('issues.created', { label: issueLabel(t, issue) }));
    } catch (e) {
      fail(e);
    }
  };

  return (
    <div>
      <Space style={{ justifyContent: 'space-between', width: '100%', marginBottom: 16 }}>
        <Typography.Title level={4} style={{ margin: 0 }}>
          {t('issues.title')}
        </Typography.Title>
        {may && (
          <Button type="primary" icon={<PlusOutlined />} onClick={() => setOpen(true)}>
            {t('issues.create')}
          </Button>
        )}
      </Space>
      <Table<Issue>
        rowKey="id"
        loading={loading}
        dataSource={issues}
        pagination={false}
        locale={{ emptyText: t('issues.empty') }}
        onRow={(i) => ({ onDoubleClick: () => go({ name: 'articles', issueId: i.id }) })}
        columns={[
          { title: t('issues.title'), render: (_, i) => <b>{issueLabel(t, i)}</b> },
          { title: t('issues.date'), dataIndex: 'date' },
          { title: t('form.printDate'), render: (_, i) => <IssuePrintDate issue={i} editable={may} /> },
          { title: t('issues.pages'), render: (_, i) => `${i.page_count}版 · ${i.page_size} · ${i.columns}栏` },
          { title: t('issues.articles'), dataIndex: 'article_count' },
          { title: t('articles.status'), render: (_, i) => <Tag>{t(`issues.status.${i.status}`)}</Tag> },
          {
            title: t('common.actions'),
            render: (_, i) => (
              <Space size={4}>
                <Button size="small" onClick={() => go({ name: 'articles', issueId: i.id })}>
                  {t('issues.open')}
                </Button>
                <Button size="small" onClick={() => go({ name: 'pages', issueId: i.id })} data-testid="issue-pages">
                  {t('pages.menu')}
                </Button>
              </Space>
            ),
          },
        ]}
      />
      <Modal open={open} title={t('issues.create')} onOk={submit} onCancel={() => setOpen(false)} destroyOnHidden>
        <Form
          form={form}
          layout="vertical"
          initialValues={{
            year: dayjs().year(),
            number: dayjs().month() + 1,
            date: dayjs().endOf('month'),
            page_count: 4,
            page_size: 'A3',
          }}
        >
          <Space>
            <Form.Item name="year" label={t('issues.year')} rules={[{ required: true }]}>
              <InputNumber min={2000} max={2100} />
            </Form.Item>
            <Form.Item name="number" label={t('issues.number')} rules={[{ required: true }]}>
              <InputNumber min={1} max={366} />
            </Form.Item>
            <Form.Item name="serial" label={t('issues.serial')} tooltip={t('issues.serialHint')}>
              <InputNumber min={1} />
            </Form.Item>
          </Space>
          <Form.Item name="date" label={t('issues.date')} rules={[{ required: true }]}>
            <DatePicker />
          </Form.Item>
          <Space>
            <Form.Item name="page_count" label={t('issues.pages')}>
              <InputNumber min={1} max={32} />
            </Form.Item>
            <Form.Item name="page_size" label={t('issues.size')}>
              <Select
                style={{ width: 160 }}
                options={[
                  { value: 'A3', label: 'A3（4栏）' },
                  { value: 'A4', label: 'A4（3栏）' },
                ]}
              />
            </Form.Item>
          </Space>
        </Form>
      </Modal>
    </div>
  );
}
