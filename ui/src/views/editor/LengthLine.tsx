import { useMemo } from 'react';
import { Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { countBody, type Fields } from '../../doc/fields';

/** 字数 under the body, against the target when there is one. */
export function LengthLine({ fields }: { fields: Fields }) {
  const { t } = useTranslation();
  const length = useMemo(() => countBody(fields.body), [fields]);
  return (
    <Typography.Text type="secondary" className="zp-length" data-testid="length">
      {fields.target_length
        ? t('editor.lengthTarget', { length, target: fields.target_length })
        : t('editor.length', { length })}
      {fields.target_length && length > fields.target_length ? (
        <span style={{ color: '#cf1322' }}> · {t('editor.overTarget', { n: length - fields.target_length })}</span>
      ) : null}
    </Typography.Text>
  );
}
