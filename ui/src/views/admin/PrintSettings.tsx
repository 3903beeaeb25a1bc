import { useEffect, useState } from 'react';
import {
  Alert,
  App as AntApp,
  Button,
  Card,
  Descriptions,
  Form,
  Input,
  InputNumber,
  Popconfirm,
  Select,
  Space,
  Spin,
  Tag,
  Typography,
  Upload,
} from 'antd';
import { DeleteOutlined, UploadOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { ApiError, type Paper, type PrintSettings as Settings } from '../../api';
import { usePrint } from '../../state/print';
import { useSession } from '../../state/session';
import { useFail } from '../common/useFail';

/** 印刷设置: the print shop's output condition (admin edits, everyone reads). */
export function PrintSettings() {
  const { t } = useTranslation();
  const { message } = AntApp.useApp();
  const fail = useFail();
  const view = usePrint((s) => s.view);
  const load = usePrint((s) => s.load);
  const save = usePrint((s) => s.save);
  const importProfile = usePrint((s) => s.importProfile);
  const deleteProfile = usePrint((s) => s.deleteProfile);
  const admin = useSession((s) => s.has)('admin');
  const [form] = Form.useForm<Settings>();
  const [error, setError] = useState<string | null>(null);
  const [importing, setImporting] = useState(false);
  const profileKey = Form.useWatch('profile', form);

  useEffect(() => {
    load().catch((e) => setError(ApiError.from(e).message));
  }, [load]);
  useEffect(() => {
    if (view) form.setFieldsValue({ ...view.settings, profile: view.profile.key });
  }, [view, form]);

  if (error) return <Alert type="error" showIcon title={error} />;
  if (!view) return <Spin />;

  const chosen = view.profiles.find((p) => p.key === profileKey) ?? view.profile;
  const onPaper = (paper: Paper) => {
    const d = view.papers.find((p) => p.paper === paper);
    if (d) form.setFieldsValue({ ink_limit: d.ink_limit, min_ppi: d.min_ppi, profile: d.profile });
  };
  const submit = async (v: Settings) => {
    try {
      await save({ ...view.settings, ...v });
      message.success(t('print.saved'));
    } catch (e) {
      fail(e);
    }
  };
  const upload = async (file: File) => {
    setImporting(true);
    try {
      const info = await importProfile(file);
      form.setFieldsValue({ profile: info.key });
      message.success(t('print.importedOk', { name: info.name }));
    } catch (e) {
      fail(e);
    } finally {
      setImporting(false);
    }
  };
  const cmyk = (key: 'c' | 'm' | 'y' | 'k') => (
    <Form.Item name={['masthead', key]} noStyle rules={[{ type: 'number', min: 0, max: 100 }]}>
      <InputNumber min={0} max={100} prefix={key.toUpperCase()} style={{ width: 92 }} disabled={!admin} data-testid={`masthead-${key}`} />
    </Form.Item>
  );

  return (
    <Card size="small" style={{ maxWidth: 720 }} data-testid="print-settings">
      <Typography.Paragraph type="secondary">{t('print.intro')}</Typography.Paragraph>
      <Descriptions size="small" column={1} bordered style={{ marginBottom: 16 }} data-testid="print-condition">
        <Descriptions.Item label={t('print.condition')}>
          <b>{view.profile.name}</b> {view.profile.builtin && <Tag>{t('print.builtin')}</Tag>}
        </Descriptions.Item>
        <Descriptions.Item label={t('print.description')}>{view.profile.description}</Descriptions.Item>
        <Descriptions.Item label={t('print.conditionId')}>{view.profile.condition_id}</Descriptions.Item>
      </Descriptions>
      {!admin && <Alert type="info" showIcon title={t('print.readOnly')} style={{ marginBottom: 12 }} />}
      <Form form={form} layout="vertical" onFinish={(v) => void submit(v)} disabled={!admin}>
        <Form.Item name="paper" label={t('print.paper')} extra={t('print.paperHint')}>
          <Select
            style={{ width: 240 }}
            onChange={onPaper}
            options={view.papers.map((p) => ({ value: p.paper, label: t(`print.papers.${p.paper}`) }))}
            data-testid="print-paper"
          />
        </Form.Item>
        <Form.Item name="profile" label={t('print.profile')} extra={t('print.profileHint')}>
          <Select
            data-testid="print-profile"
            options={view.profiles.map((p) => ({
              value: p.key,
              label: (
                <span>
                  {p.name} <Tag>{p.builtin ? t('print.builtin') : t('print.imported')}</Tag>
                </span>
              ),
            }))}
          />
        </Form.Item>
        <Typography.Paragraph type="secondary" style={{ marginTop: -12 }} data-testid="print-profile-description">
          {chosen.description}
          {chosen.imported ? `（${chosen.imported}）` : ''}
        </Typography.Paragraph>
        {admin && (
          <Space style={{ marginBottom: 16 }} wrap>
            <Upload
              accept=".icc,.icm"
              showUploadList={false}
              beforeUpload={(file) => {
                void upload(file);
                return false;
              }}
            >
              <Button icon={<UploadOutlined />} loading={importing} data-testid="print-import">
                {importing ? t('print.importing') : t('print.importIcc')}
              </Button>
            </Upload>
            {!chosen.builtin && chosen.key !== view.profile.key && (
              <Popconfirm
                title={t('print.removeConfirm', { name: chosen.name })}
                onConfirm={() =>
                  deleteProfile(chosen.key)
                    .then(() => form.setFieldsValue({ profile: view.profile.key }))
                    .catch(fail)
                }
              >
                <Button icon={<DeleteOutlined />} danger>
                  {t('print.remove')}
                </Button>
              </Popconfirm>
            )}
          </Space>
        )}
        <Space wrap size="large">
          <Form.Item name="ink_limit" label={t('print.inkLimit')}>
            <InputNumber min={160} max={400} suffix="%" style={{ width: 130 }} data-testid="print-ink" />
          </Form.Item>
          <Form.Item name="min_ppi" label={t('print.minPpi')}>
            <InputNumber min={72} max={1200} suffix={t('print.ppi')} style={{ width: 130 }} data-testid="print-ppi" />
          </Form.Item>
          <Form.Item name="bleed_mm" label={t('print.bleed')}>
            <InputNumber min={0} max={10} step={0.5} suffix={t('print.mm')} style={{ width: 130 }} data-testid="print-bleed" />
          </Form.Item>
        </Space>
        <Form.Item label={t('print.masthead')} extra={t('print.mastheadHint')}>
          <Space wrap>
            {cmyk('c')}
            {cmyk('m')}
            {cmyk('y')}
            {cmyk('k')}
            <span
              className="zp-swatch"
              style={{ background: view.masthead_screen }}
              title={view.masthead_screen}
              data-testid="masthead-swatch"
            />
          </Space>
        </Form.Item>
        <Form.Item name="masthead_spot" label={t('print.spot')} extra={t('print.spotHint')}>
          <Input style={{ width: 240 }} maxLength={60} />
        </Form.Item>
        {admin && (
          <Button type="primary" htmlType="submit" data-testid="print-save">
            {t('common.save')}
          </Button>
        )}
      </Form>
    </Card>
  );
}
