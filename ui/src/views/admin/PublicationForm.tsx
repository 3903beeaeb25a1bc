import { Form, Input, InputNumber, Radio, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import type { PublicationKind } from '../../api';

/**
 * 出版形式 in 刊物设置: 内部资料 (准印证号 and the colophon's fields) or
 * 公开出版 (CN number, 邮发代号). Preflight names what a kind still lacks;
 * the form marks those fields as required but lets an admin save a half-
 * filled form (the print PDF is what refuses).
 */
export function PublicationFormFields() {
  const { t } = useTranslation();
  const form = Form.useFormInstance();
  const kind = (Form.useWatch('kind', form) as PublicationKind | undefined) ?? 'internal';
  const internal = kind === 'internal';
  const need = (on: boolean) => (on ? t('form.required', { kind: t(`form.${kind}`) }) : undefined);
  return (
    <fieldset className="zp-form-kind" data-testid="publication-form">
      <legend>{t('form.title')}</legend>
      <Form.Item name="kind" label={t('form.kind')} initialValue="internal">
        <Radio.Group
          options={[
            { value: 'internal', label: t('form.internal') },
            { value: 'public', label: t('form.public') },
          ]}
          data-testid="publication-kind"
        />
      </Form.Item>
      <Typography.Paragraph type="secondary" style={{ marginTop: -12 }}>
        {internal ? t('form.internalHint') : t('form.publicHint')}
      </Typography.Paragraph>
      <Form.Item name="permit_number" label={t('admin.permit')} extra={need(internal)}>
        <Input maxLength={60} data-testid="publication-permit" />
      </Form.Item>
      {!internal && (
        <>
          <Form.Item name="cn_number" label={t('form.cn')} extra={need(true)}>
            <Input maxLength={40} placeholder={t('form.cnPh')} data-testid="publication-cn" />
          </Form.Item>
          <Form.Item name="postal_code" label={t('form.postal')}>
            <Input maxLength={20} />
          </Form.Item>
        </>
      )}
      <Form.Item name="editor_unit" label={t('form.editorUnit')} extra={need(internal)}>
        <Input maxLength={80} data-testid="publication-editor-unit" />
      </Form.Item>
      <Form.Item name="audience" label={t('form.audience')} extra={need(internal)}>
        <Input maxLength={80} data-testid="publication-audience" />
      </Form.Item>
      <Form.Item name="printer" label={t('form.printer')} extra={need(internal)}>
        <Input maxLength={80} data-testid="publication-printer" />
      </Form.Item>
      <Form.Item name="print_run" label={t('form.printRun')} extra={need(internal)}>
        <InputNumber min={0} max={10000000} suffix={t('form.copies')} style={{ width: 180 }} data-testid="publication-print-run" />
      </Form.Item>
    </fieldset>
  );
}
