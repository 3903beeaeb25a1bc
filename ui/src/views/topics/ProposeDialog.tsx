import { App as AntApp, Form, Input, InputNumber, Modal, Select } from 'antd';
import { useTranslation } from 'react-i18next';
import type { TopicPriority } from '../../api';
import { mayPlanTopics, useTopics } from '../../state/topics';
import { useFail } from '../common/useFail';

interface Values {
  title: string;
  points?: string;
  kind?: string;
  priority?: TopicPriority;
  expected_chars?: number;
  expected_photos?: number;
  sources?: string;
  page?: number;
}

/** 报题: a topic for the issue shown (or none, for a 通讯员). */
export function ProposeDialog({ open, issueId, onClose }: { open: boolean; issueId: number | null; onClose: () => void }) {
  const { t } = useTranslation();
  const { message } = AntApp.useApp();
  const fail = useFail();
  const [form] = Form.useForm<Values>();
  const propose = useTopics((s) => s.propose);
  return (
    <Modal
      open={open}
      title={t('topics.proposeTitle')}
      onCancel={onClose}
      destroyOnHidden
      onOk={async () => {
        const v = await form.validateFields();
        try {
          await propose({ ...v, issue_id: issueId ?? undefined });
          message.success(t('topics.proposed'));
          form.resetFields();
          onClose();
        } catch (e) {
          fail(e);
        }
      }}
      okButtonProps={{ id: 'topic-propose-ok' }}
    >
      <Form form={form} layout="vertical" initialValues={{ priority: 'normal', kind: 'news' }}>
        <Form.Item name="title" label={t('topics.titleCol')} rules={[{ required: true, message: t('topics.titleRequired') }]}>
          <Input maxLength={120} data-testid="topic-title" />
        </Form.Item>
        <Form.Item name="points" label={t('topics.points')}>
          <Input.TextArea maxLength={4000} rows={3} />
        </Form.Item>
        <Form.Item name="kind" label={t('topics.kind')}>
          <Select
            options={['news', 'feature', 'photo', 'briefs'].map((k) => ({ value: k, label: t(`topics.kinds.${k}`) }))}
          />
        </Form.Item>
        <Form.Item name="priority" label={t('topics.priority')}>
          <Select
            options={(['headline', 'major', 'normal'] as const).map((p) => ({ value: p, label: t(`topics.priorities.${p}`) }))}
          />
        </Form.Item>
        <Form.Item name="expected_chars" label={t('topics.expectedChars')}>
          <InputNumber min={0} max={50000} step={100} />
        </Form.Item>
        <Form.Item name="expected_photos" label={t('topics.expectedPhotos')}>
          <InputNumber min={0} max={50} />
        </Form.Item>
        <Form.Item name="sources" label={t('topics.sources')}>
          <Input.TextArea maxLength={1000} rows={2} />
        </Form.Item>
        {issueId !== null && mayPlanTopics() && (
          <Form.Item name="page" label={t('topics.reservePage')}>
            <InputNumber min={1} max={32} data-testid="topic-page" />
          </Form.Item>
        )}
      </Form>
    </Modal>
  );
}
