import { useEffect } from 'react';
import { Empty, Select, Space, Tabs, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { useShownIssue } from '../../state/issues';
import { useNav, type PagesTab } from '../../state/nav';
import { usePages } from '../../state/pages';
import { issueLabel } from '../issues';
import { MarkingView } from './MarkingView';
import { RoundsPanel } from './RoundsPanel';
import { SignoffPanel } from './SignoffPanel';
import { useFail } from '../common/useFail';
import './pages.css';

/**
 * 校样与签版: an issue's proof rounds (一校 / 二校 / 三校) and their marks,
 * one round's pages being marked, the 签版 of every page and the 付印.
 */
export function PagesView({ issueId, tab, round }: { issueId?: number; tab?: PagesTab; round?: number }) {
  const { t } = useTranslation();
  const fail = useFail();
  const go = useNav((s) => s.go);
  const { issues, current } = useShownIssue(issueId, fail);
  const load = usePages((s) => s.load);
  const loadKinds = usePages((s) => s.loadKinds);
  const leave = usePages((s) => s.leave);
  const shown = usePages((s) => (s.issueId === current ? s.pages : null));

  useEffect(() => {
    if (current !== undefined) void load(current).catch(fail);
  }, [current, load, fail]);
  useEffect(() => {
    void loadKinds().catch(fail);
  }, [loadKinds, fail]);
  useEffect(() => leave, [leave]);

  return (
    <div className="zp-pages-view" data-testid="pages-view">
      <Space style={{ justifyContent: 'space-between', width: '100%', marginBottom: 12 }} wrap>
        <Typography.Title level={4} style={{ margin: 0 }}>
          {t('pages.title')}
        </Typography.Title>
        <Space>
          <span>{t('pages.issue')}</span>
          <Select
            style={{ width: 280 }}
            value={current}
            onChange={(id: number) => go({ name: 'pages', issueId: id, tab })}
            options={issues.map((i) => ({ value: i.id, label: issueLabel(t, i) }))}
            notFoundContent={t('pages.noIssues')}
            data-testid="pages-issue"
          />
        </Space>
      </Space>
      {current === undefined ? (
        <Empty description={t('pages.noIssues')} />
      ) : round !== undefined ? (
        <MarkingView issueId={current} roundId={round} />
      ) : (
        <Tabs
          activeKey={tab ?? 'rounds'}
          onChange={(key) => go({ name: 'pages', issueId: current, tab: key as PagesTab })}
          items={[
            { key: 'rounds', label: t('pages.tabRounds'), children: shown && <RoundsPanel pages={shown} /> },
            { key: 'signoff', label: t('pages.tabSignoff'), children: shown && <SignoffPanel pages={shown} /> },
          ]}
          data-testid="pages-tabs"
        />
      )}
    </div>
  );
}
