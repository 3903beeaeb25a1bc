import { useState } from 'react';
import { Button, Form, Input, Select, Space, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import type { MarkKind, ProofMark } from '../../api';
import { usePages } from '../../state/pages';
import type { PointMm } from './geometry';
import { useFail } from '../common/useFail';

/** The kind, new text and note of a mark placed where the user clicked or dragged. */
export function MarkForm({
  roundId,
  page,
  at,
  to,
  onPlaced,
  onCancel,
}: {
  roundId: number;
  page: number;
  at: PointMm;
  to: PointMm | null;
  onPlaced: (m: ProofMark) => void;
  onCancel: () => void;
}) {
  const { t } = useTranslation();
  const fail = useFail();
  const kinds = usePages((s) => s.kinds);
  const addMark = usePages((s) => s.addMark);
  const [kind, setKind] = useState<MarkKind>('correct');
  const [replacement, setReplacement] = useState('');
  const [note, setNote] = useState('');
  const [busy, setBusy] = useState(false);
  const info = kinds.find((k) => k.id === kind);
  const missing = (info?.needs_replacement && !replacement.trim()) || (info?.needs_note && !note.trim());

  const submit = async () => {
    setBusy(true);
    try {
      const mark = await addMark({
        round_id: roundId,
        page,
        x_mm: at.x_mm,
        y_mm: at.y_mm,
        ...(to ? { x2_mm: to.x_mm, y2_mm: to.y_mm } : {}),
        kind,
        replacement: info?.needs_replacement || replacement.trim() ? replacement : undefined,
        note: note.trim() || undefined,
      });
      onPlaced(mark);
    } catch (e) {
      fail(e);
    } finally {
      setBusy(false);
    }
  };

  return (
    <Form layout="vertical" size="small" onFinish={() => void submit()} data-testid="mark-form">
      <Typography.Text type="secondary" style={{ display: 'block', marginBottom: 8 }}>
        {to
          ? t('pages.atDrag', { page, x: at.x_mm.toFixed(1), y: at.y_mm.toFixed(1), x2: to.x_mm.toFixed(1), y2: to.y_mm.toFixed(1) })
          : t('pages.atClick', { page, x: at.x_mm.toFixed(1), y: at.y_mm.toFixed(1) })}
      </Typography.Text>
      <Form.Item label={t('pages.kind')}>
        <Select<MarkKind>
          value={kind}
          onChange={setKind}
          // All twelve kinds at once, and typing a name finds it.
          virtual={false}
          listHeight={420}
          showSearch={{ optionFilterProp: 'label' }}
          options={kinds.map((k) => ({ value: k.id, label: `${k.symbol}\u3000${k.name_zh}` }))}
          data-testid="mark-kind"
        />
      </Form.Item>
      {(info?.needs_replacement || kind === 'transpose' || kind === 'move') && (
        <Form.Item label={t('pages.replacement')} required={info?.needs_replacement}>
          <Input value={replacement} onChange={(e) => setReplacement(e.target.value)} maxLength={200} data-testid="mark-replacement" />
        </Form.Item>
      )}
      <Form.Item label={t('pages.note')} required={info?.needs_note}>
        <Input.TextArea value={note} onChange={(e) => setNote(e.target.value)} rows={2} maxLength={500} data-testid="mark-note" />
      </Form.Item>
      <Space>
        <Button type="primary" htmlType="submit" loading={busy} disabled={missing} data-testid="mark-submit">
          {t('pages.placeMark')}
        </Button>
        <Button onClick={onCancel}>{t('common.cancel')}</Button>
      </Space>
    </Form>
  );
}
