import { useEffect } from 'react';
import { App as AntApp, Button, DatePicker, Form, Input, InputNumber, Modal, Select, Space } from 'antd';
import { MinusCircleOutlined, PlusOutlined } from '@ant-design/icons';
import dayjs, { type Dayjs } from 'dayjs';
import type { TFunction } from 'i18next';
import { useTranslation } from 'react-i18next';
import type { ArticleKind, PaymentRules } from '../../api';
import { usePayments } from '../../state/stats';
import { parseYuan, yuan } from '../../doc/statsFigures';
import { useFail } from '../common/useFail';

/** 8元/千字，图片50元/张，头版加20元，每篇10～300元，平均分配 */
export function rulesSummary(t: TFunction, r: PaymentRules): string {
  const parts = [t('payments.rules.perThousandShort', { v: yuan(r.per_thousand) })];
  for (const c of r.column_rates) parts.push(`${c.column} ${t('payments.rules.perThousandShort', { v: yuan(c.per_thousand) })}`);
  for (const k of r.kind_rates) parts.push(`${t(`kind.${k.kind}`)} ${t('payments.rules.perThousandShort', { v: yuan(k.per_thousand) })}`);
  parts.push(t('payments.rules.perPhotoShort', { v: yuan(r.per_photo) }));
  if (r.front_page_bonus > 0) parts.push(t('payments.rules.frontShort', { v: yuan(r.front_page_bonus) }));
  parts.push(
    t('payments.rules.minMaxShort', {
      min: yuan(r.min_per_article),
      max: r.max_per_article > 0 ? yuan(r.max_per_article) : t('payments.rules.noMax'),
    }),
  );
  parts.push(
    r.first_author_percent === null
      ? t('payments.rules.splitEqual')
      : t('payments.rules.splitFirst', { p: r.first_author_percent }),
  );
  return parts.join('；');
}

interface Values {
  valid_from: Dayjs;
  per_thousand: string;
  column_rates: { column: string; per_thousand: string }[];
  kind_rates: { kind: ArticleKind; per_thousand: string }[];
  per_photo: string;
  front_page_bonus: string;
  min_per_article: string;
  max_per_article: string;
  first_author_percent: number | null;
  note: string;
}

const asText = (fen: number) => (fen / 100).toFixed(2).replace(/\.00$/, '');

/** Add or change the payment rules (admins). Amounts are typed in 元 and kept in 分. */
export function RulesForm({ open, initial, onClose }: { open: boolean; initial: PaymentRules | null; onClose: () => void }) {
  const { t } = useTranslation();
  const { message } = AntApp.useApp();
  const fail = useFail();
  const [form] = Form.useForm<Values>();
  const save = usePayments((s) => s.saveRules);

  useEffect(() => {
    if (!open || !initial) return;
    form.setFieldsValue({
      valid_from: dayjs(initial.valid_from),
      per_thousand: asText(initial.per_thousand),
      column_rates: initial.column_rates.map((c) => ({ column: c.column, per_thousand: asText(c.per_thousand) })),
      kind_rates: initial.kind_rates.map((k) => ({ kind: k.kind, per_thousand: asText(k.per_thousand) })),
      per_photo: asText(initial.per_photo),
      front_page_bonus: asText(initial.front_page_bonus),
      min_per_article: asText(initial.min_per_article),
      max_per_article: asText(initial.max_per_article),
      first_author_percent: initial.first_author_percent,
      note: initial.note,
    });
  }, [open, initial, form]);

  const amount = [
    {
      validator: (_: unknown, v: string | undefined) =>
        v !== undefined && parseYuan(String(v)) !== null ? Promise.resolve() : Promise.reject(new Error(t('payments.rules.amount'))),
    },
  ];
  const fen = (v: string) => parseYuan(v) ?? 0;

  const submit = async () => {
    if (!initial) return;
    const v = await form.validateFields();
    try {
      await save({
        id: initial.id,
        valid_from: v.valid_from.format('YYYY-MM-DD'),
        per_thousand: fen(v.per_thousand),
        column_rates: (v.column_rates ?? []).map((c) => ({ column: c.column.trim(), per_thousand: fen(c.per_thousand) })),
        kind_rates: (v.kind_rates ?? []).map((k) => ({ kind: k.kind, per_thousand: fen(k.per_thousand) })),
        per_photo: fen(v.per_photo),
        front_page_bonus: fen(v.front_page_bonus),
        min_per_article: fen(v.min_per_article),
        max_per_article: fen(v.max_per_article),
        first_author_percent: v.first_author_percent ?? null,
        note: v.note ?? '',
      });
      message.success(t('payments.rules.saved'));
      onClose();
    } catch (e) {
      fail(e);
    }
  };

  return (
    <Modal
      open={open}
      width={640}
      title={initial?.id ? t('payments.rules.edit') : t('payments.rules.add')}
      onCancel={onClose}
      onOk={() => void submit().catch(() => {})}
      okText={t('common.save')}
      cancelText={t('common.cancel')}
      destroyOnHidden
      data-testid="rules-form"
    >
      <Form form={form} layout="vertical" requiredMark={false}>
        <Space wrap align="start">
          <Form.Item name="valid_from" label={t('payments.rules.validFrom')} extra={t('payments.rules.validFromHint')} rules={[{ required: true }]}>
            <DatePicker allowClear={false} data-testid="rules-valid-from" />
          </Form.Item>
          <Form.Item name="per_thousand" label={t('payments.rules.perThousand')} rules={amount}>
            <Input style={{ width: 140 }} data-testid="rules-per-thousand" />
          </Form.Item>
        </Space>
        <Form.Item label={t('payments.rules.columnRates')}>
          <Form.List name="column_rates">
            {(fields, { add, remove }) => (
              <>
                {fields.map((f) => (
                  <Space key={f.key} align="baseline">
                    <Form.Item name={[f.name, 'column']} rules={[{ required: true, whitespace: true, message: t('payments.rules.column') }]}>
                      <Input placeholder={t('payments.rules.column')} style={{ width: 160 }} />
                    </Form.Item>
                    <Form.Item name={[f.name, 'per_thousand']} rules={amount}>
                      <Input style={{ width: 120 }} suffix="元" />
                    </Form.Item>
                    <MinusCircleOutlined onClick={() => remove(f.name)} />
                  </Space>
                ))}
                <Button type="dashed" size="small" icon={<PlusOutlined />} onClick={() => add({ column: '', per_thousand: '' })}>
                  {t('payments.rules.addColumn')}
                </Button>
              </>
            )}
          </Form.List>
        </Form.Item>
        <Form.Item label={t('payments.rules.kindRates')}>
          <Form.List name="kind_rates">
            {(fields, { add, remove }) => (
              <>
                {fields.map((f) => (
                  <Space key={f.key} align="baseline">
                    <Form.Item name={[f.name, 'kind']} rules={[{ required: true }]}>
                      <Select<ArticleKind>
                        style={{ width: 160 }}
                        options={(['news', 'briefs', 'photo'] as const).map((k) => ({ value: k, label: t(`kind.${k}`) }))}
                      />
                    </Form.Item>
                    <Form.Item name={[f.name, 'per_thousand']} rules={amount}>
                      <Input style={{ width: 120 }} suffix="元" />
                    </Form.Item>
                    <MinusCircleOutlined onClick={() => remove(f.name)} />
                  </Space>
                ))}
                <Button type="dashed" size="small" icon={<PlusOutlined />} onClick={() => add({ kind: 'news', per_thousand: '' })}>
                  {t('payments.rules.addKind')}
                </Button>
              </>
            )}
          </Form.List>
        </Form.Item>
        <Space wrap align="start">
          <Form.Item name="per_photo" label={t('payments.rules.perPhoto')} rules={amount}>
            <Input style={{ width: 140 }} data-testid="rules-per-photo" />
          </Form.Item>
          <Form.Item name="front_page_bonus" label={t('payments.rules.frontBonus')} rules={amount}>
            <Input style={{ width: 140 }} />
          </Form.Item>
          <Form.Item name="min_per_article" label={t('payments.rules.min')} rules={amount}>
            <Input style={{ width: 140 }} />
          </Form.Item>
          <Form.Item name="max_per_article" label={t('payments.rules.max')} rules={amount}>
            <Input style={{ width: 140 }} />
          </Form.Item>
        </Space>
        <Form.Item name="first_author_percent" label={t('payments.rules.firstPercent')} extra={t('payments.rules.firstPercentHint')}>
          <InputNumber min={1} max={100} precision={0} style={{ width: 140 }} />
        </Form.Item>
        <Form.Item name="note" label={t('payments.rules.note')}>
          <Input.TextArea maxLength={200} autoSize={{ minRows: 1, maxRows: 3 }} />
        </Form.Item>
      </Form>
    </Modal>
  );
}
