import type { RefObject } from 'react';
import { Input, type InputRef } from 'antd';
import { useTranslation } from 'react-i18next';
import type { Fields } from '../../doc/fields';
import type { PlacedFinding } from '../../doc/proofText';
import { findMatches } from '../../editor/searchMarks';
import type { LiveItem } from '../../state/proof';
import { FieldFindings, FieldUnderlay } from '../proof/ProofPanel';
import { HEADLINE_FIELDS, type HeadlineField } from './useFindingMarks';

interface Props {
  fields: Fields;
  editable: boolean;
  /** The words of an archive search that opened the article, marked where they occur. */
  terms?: string[];
  items: LiveItem[];
  refs: Record<HeadlineField, RefObject<InputRef | null>>;
  onChange: (patch: Partial<Fields>) => void;
  onSelect: (f: PlacedFinding) => void;
}

/** 引题, 标题, 副题: each an input with its proofreading underlines and findings below. */
export function HeadlineFields({ fields, editable, terms, items, refs, onChange, onSelect }: Props) {
  const { t } = useTranslation();
  return (
    <>
      {HEADLINE_FIELDS.map((field) => (
        <div key={field}>
          <div
            className={
              terms && findMatches(fields[field], terms).length > 0
                ? 'zp-headline-field zp-search-field'
                : 'zp-headline-field'
            }
          >
            <Input
              variant="borderless"
              className={`zp-field-${field}`}
              placeholder={t(`editor.${field}Ph`)}
              value={fields[field]}
              disabled={!editable}
              onChange={(e) => onChange({ [field]: e.target.value })}
              data-testid={`field-${field}`}
              aria-label={t(`editor.${field}`)}
              ref={refs[field]}
            />
            <FieldUnderlay field={field} text={fields[field]} items={items} className={`zp-field-${field}`} />
          </div>
          <FieldFindings field={field} items={items} onSelect={onSelect} />
        </div>
      ))}
    </>
  );
}
