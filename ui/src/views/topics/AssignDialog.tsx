import { useEffect, useState } from 'react';
import { App as AntApp, Form, Input, Modal } from 'antd';
import { useTranslation } from 'react-i18next';
import type { Topic } from '../../api';
import { useTopics } from '../../state/topics';
import { useFail } from '../common/useFail';

/** 派稿: give a topic to a writer or 通讯员 (by username) with a deadline. */
export function AssignDialog({ topic, onClose }: { topic: Topic | null; onClose: () => void }) {
  const { t } = useTranslation();
  const { message } = AntApp.useApp();
  const fail = useFail();
  const assign = useTopics((s) => s.assign);
  const [assignee, setAssignee] = useState('');
  const [due, setDue] = useState('');
  useEffect(() => {
    setAssignee(topic?.assignee?.username ?? '');
    setDue(topic?.due ?? '');
  }, [topic]);
  return (
    <Modal
      open={topic !== null}
      title={topic ? t('topics.assignTitle', { title: topic.title }) : ''}
      onCancel={onClose}
      okButtonProps={{ disabled: !assignee.trim() || !due.trim(), id: 'assign-ok' }}
      onOk={async () => {
        if (!topic) return;
        try {
          await assign(topic.id, assignee.trim(), due.trim());
          message.success(t('topics.assigned'));
          onClose();
        } catch (e) {
          fail(e);
        }
      }}
    >
      <Form layout="vertical">
        <Form.Item label={t('topics.assignee')} required extra={t('topics.assigneeHelp')}>
          <Input value={assignee} onChange={(e) => setAssignee(e.target.value)} data-testid="assign-user" />
        </Form.Item>
        <Form.Item label={t('topics.due')} required extra={t('topics.dueHelp')}>
          <Input value={due} onChange={(e) => setDue(e.target.value)} placeholder="2026-12-10 18:00" data-testid="assign-due" />
        </Form.Item>
      </Form>
    </Modal>
  );
}
