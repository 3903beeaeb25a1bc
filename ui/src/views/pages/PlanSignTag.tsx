import { Tooltip } from 'antd';
import { useTranslation } from 'react-i18next';
import type { PageState } from '../../api';
import { when } from '../common';
import { SignStateTag } from './SignoffPanel';
import './pages.css';

/** A page's 签版 on the page plan (未签 / 已签 / 已失效), live with the plan. */
export function PlanSignTag({ state }: { state: PageState | undefined }) {
  const { t } = useTranslation();
  if (!state) return null;
  const tip = state.signoff
    ? t('pages.signedBy', { name: state.signoff.signer.display_name, at: when(state.signoff.signed_at) })
    : state.last_voided
      ? `${t('pages.voidedBy', { name: state.last_voided.signer.display_name, at: when(state.last_voided.signed_at) })}${state.last_voided.voided_reason ? `：${state.last_voided.voided_reason}` : ''}`
      : null;
  return (
    <Tooltip title={tip}>
      <span className="zp-plan-sign" data-testid="plan-sign" data-page={state.page} data-state={state.state}>
        {t('pages.planSign')} <SignStateTag state={state.state} />
      </span>
    </Tooltip>
  );
}
