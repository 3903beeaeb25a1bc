import { useCallback, useEffect, useMemo, useState } from 'react';
import { App as AntApp, Button, Select, Space, Tag, Typography } from 'antd';
import { CheckOutlined, UserAddOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import type { ArticleCredits, Contributor, NamedPerson } from '../../api';
import { confirmCredits, loadCredits, useContributors } from '../../state/stats';
import { useSession } from '../../state/session';
import { when } from '../common';
import { ContributorForm } from './ContributorForm';
import { useFail } from '../common/useFail';
import './stats.css';

/** A person's choice: a contributor's id, or 0 for nobody to count; undefined: not chosen yet. */
type Choice = number | undefined;

function initialChoice(p: NamedPerson): Choice {
  if (p.state === 'linked') return p.contributor?.id;
  if (p.state === 'excluded') return 0;
  return undefined;
}

const STATE_COLOR: Record<NamedPerson['state'], string> = {
  linked: 'green',
  ambiguous: 'red',
  unknown: 'orange',
  excluded: 'default',
};

/**
 * 署名中的人员: who the saved byline and photo credits name, for the editor
 * to confirm or correct; unknown names can be registered as contributors.
 * Refetched whenever a new revision is saved.
 */
export function BylineCredits({ articleId, revision, dirty }: { articleId: number; revision: number; dirty: boolean }) {
  const { t } = useTranslation();
  const { message } = AntApp.useApp();
  const fail = useFail();
  const mayKeep = useSession((s) => s.has('editor') || s.has('admin'));
  const contributors = useContributors((s) => s.list);
  const loadContributors = useContributors((s) => s.load);
  const [credits, setCredits] = useState<ArticleCredits | null>(null);
  const [choices, setChoices] = useState<Choice[]>([]);
  // The form's starting values live in state: a new object each render would reset what is typed.
  const [registering, setRegistering] = useState<{ index: number; initial: Partial<Contributor> } | null>(null);
  const [busy, setBusy] = useState(false);

  const fetch = useCallback(async () => {
    const c = await loadCredits(articleId);
    setCredits(c);
    setChoices(c.people.map(initialChoice));
  }, [articleId]);

  useEffect(() => {
    void fetch().catch(() => setCredits(null));
  }, [fetch, revision]);

  useEffect(() => {
    if (mayKeep) void loadContributors().catch(() => {});
  }, [mayKeep, loadContributors]);

  const active = useMemo(() => contributors.filter((c) => c.active), [contributors]);
  if (!credits) return null;
  const missing = choices.filter((c) => c === undefined).length;

  const options = (p: NamedPerson, index: number) => {
    const same = p.candidates.length ? p.candidates : active.filter((c) => c.name === p.name);
    const current = choices[index];
    const rest = active.filter((c) => !same.some((s) => s.id === c.id));
    const label = (c: Contributor) => `${c.name}${c.unit ? `（${c.unit}）` : ''}`;
    const all = [
      ...same.map((c) => ({ value: c.id, label: label(c) })),
      { value: 0, label: t('credits.nobody') },
      ...rest.map((c) => ({ value: c.id, label: label(c) })),
    ];
    // A linked contributor no longer active still shows as chosen.
    if (current && !all.some((o) => o.value === current) && p.contributor) all.unshift({ value: current, label: label(p.contributor) });
    return all;
  };

  const confirm = async () => {
    setBusy(true);
    try {
      const out = await confirmCredits(
        articleId,
        credits.source,
        credits.people.map((p, i) => ({ part: p.part, name: p.name, role: p.role, contributor_id: choices[i] ? choices[i] : null })),
      );
      setCredits(out);
      setChoices(out.people.map(initialChoice));
      message.success(t('credits.saved'));
    } catch (e) {
      fail(e);
    } finally {
      setBusy(false);
    }
  };

  return (
    <div className="zp-credits" data-testid="byline-credits">
      <Space size={8} wrap>
        <Typography.Text strong>{t('credits.title')}</Typography.Text>
        <Typography.Text type="secondary" data-testid="credits-state">
          {credits.confirmed
            ? t('credits.confirmed', { who: credits.confirmed_by ?? '', when: credits.confirmed_at ? when(credits.confirmed_at) : '' })
            : t('credits.notConfirmed')}
        </Typography.Text>
      </Space>
      {credits.people.length === 0 ? (
        <div className="zp-credits-people">
          <Typography.Text type="secondary">{t('credits.none')}</Typography.Text>
        </div>
      ) : (
        <div className="zp-credits-people">
          {credits.people.map((p, i) => (
            <span className="zp-credit" key={`${p.part}-${i}`} data-testid="credit-person" data-state={p.state}>
              {p.part === 'photo' && <Tag>{t('credits.photo')}</Tag>}
              {p.role && <Typography.Text type="secondary">{p.role}</Typography.Text>}
              <strong>{p.name}</strong>
              <Tag color={STATE_COLOR[p.state]}>
                {p.state === 'linked' && p.contributor ? p.contributor.unit || t('credits.linked') : t(`credits.${p.state}`)}
              </Tag>
              {mayKeep && (
                <Select<number>
                  size="small"
                  style={{ width: 190 }}
                  placeholder={p.state === 'ambiguous' ? t('credits.ambiguous') : t('credits.choose')}
                  value={choices[i]}
                  showSearch={{ optionFilterProp: 'label' }}
                  onChange={(v) => setChoices((cs) => cs.map((c, j) => (j === i ? v : c)))}
                  options={options(p, i)}
                  data-testid="credit-choice"
                />
              )}
              {mayKeep && p.state === 'unknown' && (
                <Button size="small" icon={<UserAddOutlined />} onClick={() => setRegistering({ index: i, initial: { name: p.name, unit: p.unit_hint } })} data-testid="credit-register">
                  {t('credits.register')}
                </Button>
              )}
            </span>
          ))}
        </div>
      )}
      {mayKeep && credits.people.length > 0 && (
        <Space size={8} wrap>
          <Button size="small" type="primary" ghost icon={<CheckOutlined />} loading={busy} disabled={dirty || missing > 0} onClick={() => void confirm()} data-testid="credits-confirm">
            {t('credits.confirm')}
          </Button>
          {dirty ? (
            <Typography.Text type="warning">{t('credits.stale')}</Typography.Text>
          ) : missing > 0 ? (
            <Typography.Text type="warning">{t('credits.needChoice', { n: missing })}</Typography.Text>
          ) : (
            <Typography.Text type="secondary">{t('credits.hint')}</Typography.Text>
          )}
        </Space>
      )}
      <ContributorForm
        open={registering !== null}
        initial={registering?.initial ?? null}
        onClose={() => setRegistering(null)}
        onSaved={(c) => {
          const index = registering?.index;
          // The new contributor is who this name is; the rest keep what was chosen.
          void loadCredits(articleId)
            .then((fresh) => {
              setCredits(fresh);
              setChoices((old) => fresh.people.map((p, i) => (i === index ? c.id : (old[i] ?? initialChoice(p)))));
            })
            .catch(() => {});
        }}
      />
    </div>
  );
}
