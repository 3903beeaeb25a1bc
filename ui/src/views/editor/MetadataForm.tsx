import { Col, Input, InputNumber, Row, Select } from 'antd';
import { useTranslation } from 'react-i18next';
import type { ArticleKind } from '../../api';
import type { Fields } from '../../doc/fields';
import { PrioritySelect } from './PrioritySelect';

interface Props {
  fields: Fields;
  editable: boolean;
  onChange: (patch: Partial<Fields>) => void;
  /** 优先级 (not for a 通讯员, who cannot set it). */
  priority: boolean;
}

/** 署名, 栏目, 体裁, 目标字数 and 优先级 in one row under the headlines. */
export function MetadataForm({ fields, editable, onChange, priority }: Props) {
  const { t } = useTranslation();
  return (
    <Row gutter={12} className="zp-meta-row">
      <Col span={8}>
        <Input
          addonBefore={t('editor.byline')}
          placeholder={t('editor.bylinePh')}
          value={fields.byline}
          disabled={!editable}
          onChange={(e) => onChange({ byline: e.target.value })}
          data-testid="field-byline"
        />
      </Col>
      <Col span={6}>
        <Input
          addonBefore={t('editor.column')}
          placeholder={t('editor.columnPh')}
          value={fields.column}
          disabled={!editable}
          onChange={(e) => onChange({ column: e.target.value })}
          data-testid="field-column"
        />
      </Col>
      <Col span={4}>
        <Select<ArticleKind>
          style={{ width: '100%' }}
          value={fields.kind}
          disabled={!editable}
          onChange={(kind) => onChange({ kind })}
          options={(['news', 'briefs', 'photo'] as const).map((k) => ({ value: k, label: t(`kind.${k}`) }))}
        />
      </Col>
      <Col span={3}>
        <InputNumber
          style={{ width: '100%' }}
          min={0}
          max={100000}
          placeholder={t('editor.target')}
          value={fields.target_length ?? undefined}
          disabled={!editable}
          onChange={(v) => onChange({ target_length: v ? Number(v) : null })}
          data-testid="field-target"
        />
      </Col>
      {priority && (
        <Col span={3}>
          <PrioritySelect />
        </Col>
      )}
    </Row>
  );
}
