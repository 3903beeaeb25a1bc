import { useEffect, useMemo, useState } from 'react';
import { App as AntApp, Button, DatePicker, Form, Input, InputNumber, Modal, Popconfirm, Select, Space, Switch, Table, Tag, Typography } from 'antd';
import { CheckOutlined, HolderOutlined, PlusOutlined } from '@ant-design/icons';
import dayjs, { type Dayjs } from 'dayjs';
import { useTranslation } from 'react-i18next';
import type { RosterRow, WordRow } from '../../api';
import { useProofLists } from '../../state/proofLists';
import { useFail } from '../common/useFail';

interface RosterValues {
  name: string;
  title: string;
  valid_from: Dayjs | null;
  valid_to: Dayjs | null;
  note: string;
  rank: number | null;
}

/** The ranked ids after dropping `moved` on `target`: before a ranked
 * target, or last of the ranked ones on an unranked target. */
export function rankedAfterDrop(roster: RosterRow[], moved: number, target: number): number[] {
  const ranked = roster.filter((r) => r.rank != null && r.id !== moved).map((r) => r.id);
  const to = roster.find((r) => r.id === target);
  const at = to?.rank != null && target !== moved ? ranked.indexOf(target) : -1;
  if (at < 0) ranked.push(moved);
  else ranked.splice(at, 0, moved);
  return ranked;
}

/** 编辑 and 删除 (after a confirmation) for one row of a list. */
function RowActions({ onEdit, onDelete }: { onEdit: () => void; onDelete: () => Promise<unknown> }) {
  const { t } = useTranslation();
  const { message } = AntApp.useApp();
  const fail = useFail();
  return (
    <Space>
      <Button size="small" onClick={onEdit}>
        {t('proof.edit')}
      </Button>
      <Popconfirm
        title={t('proof.deleteConfirm')}
        onConfirm={() =>
          onDelete()
            .then(() => message.success(t('proof.deleted')))
            .catch(fail)
        }
      >
        <Button size="small" danger>
          {t('proof.delete')}
        </Button>
      </Popconfirm>
    </Space>
  );
}

/** 人名职务表: add, edit and delete who holds which title. */
export function RosterEditor() {
  const { t } = useTranslation();
  const { message } = AntApp.useApp();
  const fail = useFail();
  const { roster, loadRoster, saveRoster, deleteRoster, reorderRoster } = useProofLists();
  const [editing, setEditing] = useState<RosterRow | 'new' | null>(null);
  const [dragging, setDragging] = useState<number | null>(null);
  const [form] = Form.useForm<RosterValues>();
  const drop = (target: number) => {
    if (dragging === null) return;
    const ids = rankedAfterDrop(roster, dragging, target);
    setDragging(null);
    void reorderRoster(ids).catch(fail);
  };

  useEffect(() => {
    void loadRoster().catch(fail);
  }, [loadRoster, fail]);

  const open = (row: RosterRow | 'new') => {
    setEditing(row);
    form.resetFields();
    if (row !== 'new')
      form.setFieldsValue({
        name: row.name,
        title: row.title,
        valid_from: row.valid_from ? dayjs(row.valid_from) : null,
        valid_to: row.valid_to ? dayjs(row.valid_to) : null,
        note: row.note,
        rank: row.rank ?? null,
      });
  };

  const submit = async () => {
    const v = await form.validateFields();
    try {
      await saveRoster({
        id: editing !== 'new' && editing ? editing.id : undefined,
        name: v.name,
        title: v.title,
        valid_from: v.valid_from ? v.valid_from.format('YYYY-MM-DD') : undefined,
        valid_to: v.valid_to ? v.valid_to.format('YYYY-MM-DD') : undefined,
        note: v.note ?? '',
        rank: v.rank ?? undefined,
      });
      message.success(t('admin.saved'));
      setEditing(null);
    } catch (e) {
      fail(e);
    }
  };

  return (
    <>
      <Space style={{ marginBottom: 12 }} align="center">
        <Button type="primary" icon={<PlusOutlined />} onClick={() => open('new')} data-testid="roster-add">
          {t('proof.rosterAdd')}
        </Button>
        <Typography.Text type="secondary">{t('proof.rosterHint')}</Typography.Text>
      </Space>
      <Table<RosterRow>
        rowKey="id"
        size="small"
        dataSource={roster}
        pagination={false}
        data-testid="roster-table"
        onRow={(r) => ({
          draggable: true,
          'data-testid': `roster-row-${r.name}`,
          onDragStart: (e) => {
            e.dataTransfer.effectAllowed = 'move';
            e.dataTransfer.setData('text/plain', String(r.id));
            setDragging(r.id);
          },
          onDragOver: (e) => {
            if (dragging !== null) e.preventDefault();
          },
          onDrop: (e) => {
            e.preventDefault();
            drop(r.id);
          },
          onDragEnd: () => setDragging(null),
        })}
        columns={[
          {
            title: t('proof.rank'),
            width: 80,
            render: (_, r) => (
              <span title={t('proof.rankDrag')} data-testid="roster-rank">
                <HolderOutlined style={{ cursor: 'grab', marginRight: 6 }} />
                {r.rank ?? '—'}
              </span>
            ),
          },
          { title: t('proof.name'), dataIndex: 'name', width: 110 },
          { title: t('proof.position'), dataIndex: 'title' },
          { title: t('proof.validFrom'), width: 120, render: (_, r) => r.valid_from ?? '—' },
          { title: t('proof.validTo'), width: 120, render: (_, r) => r.valid_to ?? t('proof.validUntilNow') },
          { title: t('proof.note'), dataIndex: 'note' },
          {
            title: t('common.actions'),
            width: 140,
            render: (_, r) => (
              <RowActions onEdit={() => open(r)} onDelete={() => deleteRoster(r.id)} />
            ),
          },
        ]}
      />
      <Modal
        open={editing !== null}
        title={editing === 'new' ? t('proof.rosterAdd') : t('proof.rosterEdit')}
        onOk={() => void submit()}
        onCancel={() => setEditing(null)}
        forceRender
      >
        <Form form={form} layout="vertical">
          <Form.Item name="name" label={t('proof.name')} rules={[{ required: true, whitespace: true }]}>
            <Input maxLength={20} />
          </Form.Item>
          <Form.Item name="title" label={t('proof.position')} rules={[{ required: true, whitespace: true }]}>
            <Input maxLength={80} placeholder="开发区党工委副书记、管委会主任" />
          </Form.Item>
          <Space>
            <Form.Item name="valid_from" label={t('proof.validFrom')}>
              <DatePicker />
            </Form.Item>
            <Form.Item name="valid_to" label={t('proof.validTo')}>
              <DatePicker placeholder={t('proof.validUntilNow')} />
            </Form.Item>
          </Space>
          <Form.Item name="note" label={t('proof.note')}>
            <Input maxLength={200} />
          </Form.Item>
          <Form.Item name="rank" label={t('proof.rank')} extra={t('proof.rankHint')}>
            <InputNumber min={1} max={9999} precision={0} />
          </Form.Item>
        </Form>
      </Modal>
    </>
  );
}

interface WordValues {
  wrong: string;
  right: string;
  kind: 'confusable' | 'deprecated';
  certain: boolean;
  note: string;
  exceptions: string[];
}

/** 易错词表: wrong → right, with the kind, whether the fix is certain, and exceptions. */
export function WordListEditor() {
  const { t } = useTranslation();
  const { message } = AntApp.useApp();
  const fail = useFail();
  const { words, loadWords, saveWord, deleteWord } = useProofLists();
  const [editing, setEditing] = useState<WordRow | 'new' | null>(null);
  const [query, setQuery] = useState('');
  const [form] = Form.useForm<WordValues>();

  useEffect(() => {
    void loadWords().catch(fail);
  }, [loadWords, fail]);

  const shown = useMemo(() => {
    const q = query.trim();
    return q ? words.filter((w) => w.wrong.includes(q) || w.right.includes(q) || w.note.includes(q)) : words;
  }, [words, query]);

  const open = (row: WordRow | 'new') => {
    setEditing(row);
    form.resetFields();
    if (row === 'new') form.setFieldsValue({ kind: 'confusable', certain: true, exceptions: [] });
    else form.setFieldsValue({ ...row, kind: row.kind === 'deprecated' ? 'deprecated' : 'confusable' });
  };

  const submit = async () => {
    const v = await form.validateFields();
    try {
      await saveWord({
        id: editing !== 'new' && editing ? editing.id : undefined,
        wrong: v.wrong,
        right: v.right,
        kind: v.kind,
        certain: v.certain,
        note: v.note ?? '',
        exceptions: v.exceptions ?? [],
      });
      message.success(t('admin.saved'));
      setEditing(null);
    } catch (e) {
      fail(e);
    }
  };

  const kindLabel = (k: string) => t(`proof.kinds.${k === 'deprecated' ? 'deprecated' : 'confusable'}`);

  return (
    <>
      <Space style={{ marginBottom: 12 }} align="center" wrap>
        <Button type="primary" icon={<PlusOutlined />} onClick={() => open('new')} data-testid="word-add">
          {t('proof.wordAdd')}
        </Button>
        <Input.Search allowClear style={{ width: 220 }} placeholder={t('proof.wordSearch')} onChange={(e) => setQuery(e.target.value)} />
        <Typography.Text type="secondary">{t('proof.wordsHint')}</Typography.Text>
      </Space>
      <Table<WordRow>
        rowKey="id"
        size="small"
        dataSource={shown}
        pagination={{ pageSize: 20, hideOnSinglePage: true, showSizeChanger: false }}
        data-testid="word-table"
        columns={[
          { title: t('proof.wrong'), dataIndex: 'wrong', width: 130, render: (w: string) => <Typography.Text delete>{w}</Typography.Text> },
          { title: t('proof.right'), dataIndex: 'right', width: 130, render: (w: string) => <b>{w}</b> },
          {
            title: t('proof.kind'),
            width: 110,
            render: (_, w) => <Tag color={w.kind === 'deprecated' ? 'orange' : 'red'}>{kindLabel(w.kind)}</Tag>,
          },
          {
            title: t('proof.certain'),
            width: 60,
            align: 'center',
            render: (_, w) => (w.certain ? <CheckOutlined style={{ color: '#2b8a3e' }} /> : '—'),
          },
          { title: t('proof.explanation'), dataIndex: 'note' },
          {
            title: t('proof.exceptions'),
            width: 160,
            render: (_, w) => w.exceptions.map((x) => <Tag key={x}>{x}</Tag>),
          },
          {
            title: t('common.actions'),
            width: 140,
            render: (_, w) => (
              <RowActions onEdit={() => open(w)} onDelete={() => deleteWord(w.id)} />
            ),
          },
        ]}
      />
      <Modal
        open={editing !== null}
        title={editing === 'new' ? t('proof.wordAdd') : t('proof.wordEdit')}
        onOk={() => void submit()}
        onCancel={() => setEditing(null)}
        forceRender
      >
        <Form form={form} layout="vertical">
          <Space style={{ display: 'flex' }} align="start">
            <Form.Item name="wrong" label={t('proof.wrong')} rules={[{ required: true, whitespace: true }]}>
              <Input maxLength={30} />
            </Form.Item>
            <Form.Item name="right" label={t('proof.right')} rules={[{ required: true, whitespace: true }]}>
              <Input maxLength={30} />
            </Form.Item>
          </Space>
          <Space style={{ display: 'flex' }} align="start">
            <Form.Item name="kind" label={t('proof.kind')}>
              <Select
                style={{ width: 160 }}
                options={(['confusable', 'deprecated'] as const).map((k) => ({ value: k, label: kindLabel(k) }))}
              />
            </Form.Item>
            <Form.Item name="certain" label={t('proof.certain')} valuePropName="checked" tooltip={t('proof.certainHint')}>
              <Switch />
            </Form.Item>
          </Space>
          <Form.Item name="note" label={t('proof.explanation')}>
            <Input.TextArea rows={2} maxLength={200} />
          </Form.Item>
          <Form.Item name="exceptions" label={t('proof.exceptions')} tooltip={t('proof.exceptionsHint')}>
            <Select mode="tags" open={false} tokenSeparators={['，', ',', '、']} suffixIcon={null} />
          </Form.Item>
        </Form>
      </Modal>
    </>
  );
}
