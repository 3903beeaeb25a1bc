import { useEffect, useState } from 'react';
import { Alert, App as AntApp, Badge, Button, Segmented, Select, Space, Spin, Tabs, Tooltip, Typography } from 'antd';
import {
  CheckOutlined,
  FilePdfOutlined,
  LockOutlined,
  MinusOutlined,
  PlusOutlined,
  SafetyCertificateOutlined,
} from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { ApiError, type PageSize } from '../../api';
import { useShownIssue } from '../../state/issues';
import { useLayout } from '../../state/layout';
import { useNav } from '../../state/nav';
import { articlesOnPagesAfter, MAX_PAGES, setPageCount, setPageSize } from '../../doc/planEdit';
import { useSession } from '../../state/session';
import { ExportDialog } from './ExportDialog';
import { issueLabel } from '../issues';
import { LayoutBoard, NoIssue, useApplyEdit } from './LayoutBoard';
import { ExportRecords, PreflightPane, PreviewPane } from './LayoutSide';
import { SuggestButton } from './SuggestDialog';
import { WebEditionButton } from '../web/WebEditionButton';
import { WechatButton } from '../web/WechatButton';
import { useFail } from '../common/useFail';
import './layout.css';

type SideTab = 'preview' | 'preflight' | 'records';

/** Paper, page count and the save state. */
function PlanSettings({ canEdit }: { canEdit: boolean }) {
  const { t } = useTranslation();
  const { modal } = AntApp.useApp();
  const apply = useApplyEdit();
  const plan = useLayout((s) => s.layout!.plan);
  const pages = plan.pages.length;

  const changePages = (n: number) => {
    const leaving = articlesOnPagesAfter(plan, n);
    if (leaving.length === 0) {
      apply((p) => setPageCount(p, n));
      return;
    }
    modal.confirm({
      title: t('layout.removePages.title'),
      content: t('layout.removePages.content', { from: n, n: leaving.length }),
      okButtonProps: { danger: true },
      onOk: () => apply((p) => setPageCount(p, n)),
    });
  };

  return (
    <Space size={16} wrap>
      <Space size={6}>
        <span className="zp-muted">{t('layout.size')}</span>
        <Segmented<PageSize>
          size="small"
          value={plan.page_size}
          disabled={!canEdit}
          onChange={(v) => apply((p) => setPageSize(p, v))}
          options={[
            { value: 'A3', label: t('layout.sizeA3') },
            { value: 'A4', label: t('layout.sizeA4') },
          ]}
          data-testid="page-size"
        />
      </Space>
      <Space size={6}>
        <span className="zp-muted">{t('layout.pages')}</span>
        <Space.Compact size="small">
          <Button
            icon={<MinusOutlined />}
            disabled={!canEdit || pages <= 1}
            onClick={() => changePages(pages - 1)}
            aria-label="-"
            data-testid="pages-minus"
          />
          <span className="zp-page-count" data-testid="page-count">
            {pages}
          </span>
          <Button
            icon={<PlusOutlined />}
            disabled={!canEdit || pages >= MAX_PAGES}
            onClick={() => apply((p) => setPageCount(p, pages + 1))}
            aria-label="+"
            data-testid="pages-plus"
          />
        </Space.Compact>
      </Space>
    </Space>
  );
}

function SaveState() {
  const { t } = useTranslation();
  const saving = useLayout((s) => s.saving);
  return (
    <span className={`zp-save-state${saving ? ' busy' : ''}`} data-testid="layout-save-state" data-state={saving ? 'saving' : 'saved'}>
      {saving ? <Spin size="small" /> : <CheckOutlined />} {saving ? t('layout.saving') : t('layout.saved')}
    </span>
  );
}

export function LayoutView({ issueId }: { issueId?: number }) {
  const { t } = useTranslation();
  const fail = useFail();
  const go = useNav((s) => s.go);
  const { issues, current } = useShownIssue(issueId, fail);
  const layout = useLayout((s) => s.layout);
  const shownIssue = useLayout((s) => s.issueId);
  const load = useLayout((s) => s.load);
  const leave = useLayout((s) => s.leave);
  const runPreflight = useLayout((s) => s.runPreflight);
  const preflight = useLayout((s) => s.preflight);
  const preflightLoading = useLayout((s) => s.preflightLoading);
  const exportCount = useLayout((s) => s.exports.length);
  const canEdit = useSession((s) => s.has('layout') || s.has('proofreader') || s.has('admin'));
  const canExport = useSession((s) => s.has('layout'));
  const [tab, setTab] = useState<SideTab>('preview');
  const [exporting, setExporting] = useState(false);
  const [loadError, setLoadError] = useState<{ issue: number; message: string } | null>(null);

  useEffect(() => {
    if (current !== undefined)
      void load(current).catch((e) => setLoadError({ issue: current, message: ApiError.from(e).message }));
  }, [current, load]);

  useEffect(() => leave, [leave]);

  const ready = layout !== null && shownIssue === current && layout.plan.issue_id === current;

  const preflightTab = (
    <span>
      {t('layout.preflight.tab')}{' '}
      {preflight && (
        <Badge
          count={preflight.errors || preflight.warnings}
          color={preflight.errors ? '#cf1322' : '#d48806'}
          size="small"
          showZero={false}
        />
      )}
    </span>
  );

  return (
    <div className="zp-layout" data-testid="layout-view">
      <div className="zp-layout-bar">
        <Space size={12} wrap>
          <Typography.Title level={4} style={{ margin: 0 }}>
            {t('layout.title')}
          </Typography.Title>
          <Select
            style={{ width: 260 }}
            placeholder={t('layout.pickIssue')}
            value={current}
            onChange={(id: number) => go({ name: 'layout', issueId: id })}
            options={issues.map((i) => ({ value: i.id, label: issueLabel(t, i) }))}
            notFoundContent={t('layout.noIssues')}
            aria-label={t('layout.issue')}
            data-testid="layout-issue"
          />
          {ready && <PlanSettings canEdit={canEdit} />}
        </Space>
        <Space size={8} wrap>
          {!canEdit ? (
            <Tooltip title={t('layout.readOnly')}>
              <span className="zp-readonly" data-testid="layout-readonly">
                <LockOutlined /> {t('layout.readOnlyShort')}
              </span>
            </Tooltip>
          ) : (
            ready && <SaveState />
          )}
          {ready && shownIssue !== null && <SuggestButton issueId={shownIssue} canEdit={canEdit} />}
          <Button
            icon={<SafetyCertificateOutlined />}
            loading={preflightLoading}
            disabled={!ready}
            onClick={() => {
              setTab('preflight');
              void runPreflight().catch(fail);
            }}
            data-testid="preflight-button"
          >
            {t('layout.preflight.run')}
          </Button>
          <Tooltip title={canExport ? undefined : t('layout.export.layoutOnly')}>
            <Button
              type="primary"
              icon={<FilePdfOutlined />}
              disabled={!ready || !canExport}
              onClick={() => setExporting(true)}
              data-testid="export-button"
            >
              {t('layout.export.button')}
            </Button>
          </Tooltip>
          {ready && shownIssue !== null && (
            <>
              <WebEditionButton issueId={shownIssue} canExport={canExport} />
              <WechatButton target={{ issue: shownIssue }} />
            </>
          )}
        </Space>
      </div>

      {current === undefined ? (
        <NoIssue />
      ) : loadError?.issue === current && !ready ? (
        <Alert type="error" showIcon title={loadError.message} />
      ) : !ready ? (
        <div className="zp-center-block">
          <Spin />
        </div>
      ) : (
        <div className="zp-layout-main">
          <LayoutBoard canEdit={canEdit} />
          <aside className="zp-layout-side">
            <Tabs
              size="small"
              activeKey={tab}
              onChange={(k) => setTab(k as SideTab)}
              items={[
                { key: 'preview', label: t('layout.preview.tab'), children: <PreviewPane /> },
                { key: 'preflight', label: preflightTab, children: <PreflightPane /> },
                {
                  key: 'records',
                  label: (
                    <span>
                      {t('layout.records.tab')} {exportCount > 0 && <span className="zp-muted">{exportCount}</span>}
                    </span>
                  ),
                  children: <ExportRecords />,
                },
              ]}
            />
          </aside>
        </div>
      )}
      {ready && canExport && <ExportDialog open={exporting} onClose={() => setExporting(false)} />}
    </div>
  );
}
