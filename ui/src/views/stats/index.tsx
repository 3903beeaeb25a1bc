import { useEffect, useMemo, useState } from 'react';
import { Alert, App as AntApp, Button, Card, Drawer, Segmented, Space, Spin, Statistic, Table, Tag, Typography } from 'antd';
import type { SorterResult } from 'antd/es/table/interface';
import { DownloadOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import type { StatsArticle, StatsBy, StatsRow } from '../../api';
import { useStats } from '../../state/stats';
import {
  leaders,
  periodLabel,
  share,
  sortRows,
  statsFileName,
  type LeaderMetric,
  type StatsColumn,
} from '../../doc/statsFigures';
import { RouteLink, StatusTag } from '../common';
import { saveBlob } from '../common/download';
import { PeriodPicker, useStartingMonth, type PeriodChoice } from './PeriodPicker';
import { useFail } from '../common/useFail';
import './stats.css';

/** Which figure of a row was opened: it decides which of the row's articles are listed. */
type Figure = 'submitted' | 'printed' | 'chars' | 'photos' | 'front_page';

const FIGURE_FILTER: Record<Figure, (a: StatsArticle) => boolean> = {
  submitted: (a) => a.submitted,
  printed: (a) => a.printed,
  chars: (a) => a.printed,
  photos: (a) => a.printed && a.photo_share > 0,
  front_page: (a) => a.printed && a.front_page,
};

const FIGURE_LABEL: Record<Figure, string> = {
  submitted: 'stats.submitted',
  printed: 'stats.printed',
  chars: 'stats.chars',
  photos: 'stats.photos',
  front_page: 'stats.frontPage',
};

/** 稿件统计: a period's figures per person or unit, the leaders and the articles behind each figure. */
export function StatsView() {
  const { t, i18n } = useTranslation();
  const { message } = AntApp.useApp();
  const fail = useFail();
  const { stats, loading, load, download } = useStats();
  const [choice, setChoice] = useState<PeriodChoice | null>(() => {
    const p = useStats.getState().period;
    return p ? { kind: 'range', period: p } : null;
  });
  const [by, setBy] = useState<StatsBy>(useStats.getState().by);
  const [sorter, setSorter] = useState<{ column: StatsColumn; order: 'ascend' | 'descend' } | null>(null);
  const [metric, setMetric] = useState<LeaderMetric>('chars');
  const [opened, setOpened] = useState<{ row: StatsRow; figure: Figure } | null>(null);

  // Start on the month of the latest issue (or this month when there is none).
  useStartingMonth(choice, setChoice, fail);

  useEffect(() => {
    if (choice) void load(choice.period, by).catch(fail);
  }, [choice, by, load, fail]);

  const rows = useMemo(() => {
    const all = stats?.rows ?? [];
    return sorter ? sortRows(all, sorter.column, sorter.order) : all;
  }, [stats, sorter]);
  const bars = useMemo(() => leaders(stats?.rows ?? [], metric, 10), [stats, metric]);

  const label = choice ? periodLabel(choice.kind, choice.period) : '';

  const exportAs = async (format: 'xlsx' | 'csv') => {
    try {
      const blob = await download(format);
      const file = statsFileName(label, by, format);
      saveBlob(blob, file);
      message.success(t('stats.exported', { file }));
    } catch (e) {
      fail(e);
    }
  };

  const figure = (row: StatsRow, f: Figure, text: string, value: number) =>
    value > 0 ? (
      <Button type="link" size="small" className="zp-figure" onClick={() => setOpened({ row, figure: f })} data-testid={`figure-${f}`}>
        {text}
      </Button>
    ) : (
      <span className="zp-figure-zero">{text}</span>
    );

  const sortOrder = (c: StatsColumn) => (sorter?.column === c ? sorter.order : null);
  const num = (c: StatsColumn) => ({ sorter: true, sortOrder: sortOrder(c), align: 'right' as const, sortDirections: ['descend' as const, 'ascend' as const] });

  const columns = [
    {
      title: by === 'unit' ? t('stats.unitName') : t('stats.name'),
      dataIndex: 'name',
      key: 'name',
      sorter: true,
      sortOrder: sortOrder('name'),
      render: (name: string, r: StatsRow) => (
        <Space size={4}>
          <span>{name}</span>
          {r.kind === 'unknown' && <Tag color="orange">{t('credits.unknown')}</Tag>}
          {r.kind === 'ambiguous' && <Tag color="red">{t('credits.ambiguous')}</Tag>}
        </Space>
      ),
    },
    ...(by === 'person' ? [{ title: t('stats.unit'), dataIndex: 'unit', key: 'unit', sorter: true, sortOrder: sortOrder('unit') }] : []),
    { title: t('stats.submitted'), dataIndex: 'submitted', key: 'submitted', ...num('submitted'), render: (v: number, r: StatsRow) => figure(r, 'submitted', String(v), v) },
    { title: t('stats.printed'), dataIndex: 'printed', key: 'printed', ...num('printed'), render: (v: number, r: StatsRow) => figure(r, 'printed', String(v), v) },
    { title: t('stats.printedShare'), dataIndex: 'printed_share', key: 'printed_share', ...num('printed_share'), render: (v: number) => share(v) },
    { title: t('stats.chars'), dataIndex: 'chars', key: 'chars', ...num('chars'), render: (v: number, r: StatsRow) => figure(r, 'chars', v.toLocaleString('zh-CN'), v) },
    { title: t('stats.photos'), dataIndex: 'photos', key: 'photos', ...num('photos'), render: (v: number, r: StatsRow) => figure(r, 'photos', share(v), v) },
    { title: t('stats.frontPage'), dataIndex: 'front_page', key: 'front_page', ...num('front_page'), render: (v: number, r: StatsRow) => figure(r, 'front_page', String(v), v) },
  ];

  return (
    <div className="zp-stats" data-testid="stats-view">
      <Space style={{ width: '100%', justifyContent: 'space-between', marginBottom: 8 }} wrap>
        <Typography.Title level={3} style={{ margin: 0 }}>
          {t('stats.title')}
        </Typography.Title>
        <Space wrap>
          {choice && <PeriodPicker value={choice} onChange={setChoice} />}
          <Segmented<StatsBy>
            value={by}
            onChange={setBy}
            options={[
              { value: 'person', label: t('stats.byPerson') },
              { value: 'unit', label: t('stats.byUnit') },
            ]}
            data-testid="stats-by"
          />
          <Button icon={<DownloadOutlined />} onClick={() => void exportAs('xlsx')} disabled={!stats} data-testid="stats-xlsx">
            {t('stats.exportXlsx')}
          </Button>
          <Button icon={<DownloadOutlined />} onClick={() => void exportAs('csv')} disabled={!stats} data-testid="stats-csv">
            {t('stats.exportCsv')}
          </Button>
        </Space>
      </Space>
      <Typography.Paragraph type="secondary">{t('stats.intro')}</Typography.Paragraph>

      <Spin spinning={loading}>
        {stats && (
          <>
            <div className="zp-stats-issues" data-testid="stats-issues">
              {stats.issues.length === 0 && stats.notes.length === 0 && (
                <Typography.Text type="secondary">{t('stats.noIssues')}</Typography.Text>
              )}
              {stats.issues.map((i) => (
                <Tag key={i.id} color={i.printed ? 'green' : 'orange'}>
                  {t('stats.issueLine', { label: i.label, date: i.date })} · {i.printed ? t('stats.issuePrinted', { n: i.articles }) : t('stats.issueNotPrinted')}
                </Tag>
              ))}
            </div>
            {stats.notes.map((n) => (
              <Alert key={n} type="warning" showIcon title={n} style={{ marginBottom: 8 }} data-testid="stats-note" />
            ))}

            <div className="zp-stats-top">
              <Card size="small" className="zp-stats-totals" data-testid="stats-totals">
                <Statistic title={t('stats.submitted')} value={stats.totals.submitted} />
                <Statistic title={t('stats.printed')} value={stats.totals.printed} />
                <Statistic title={t('stats.chars')} value={stats.totals.chars} groupSeparator="," />
                <Statistic title={t('stats.photos')} value={stats.totals.photos} />
                <Statistic title={t('stats.frontPage')} value={stats.totals.front_page} />
              </Card>
              <Card
                size="small"
                className="zp-leaders"
                title={`${t('stats.leaders')} · ${i18n.language === 'en' && choice ? `${choice.period.from} – ${choice.period.to}` : label}`}
                extra={
                  <Segmented<LeaderMetric>
                    size="small"
                    value={metric}
                    onChange={setMetric}
                    options={(['chars', 'printed_share', 'photos'] as const).map((m) => ({ value: m, label: t(`stats.leaderBy.${m}`) }))}
                    data-testid="leader-metric"
                  />
                }
              >
                {bars.length === 0 ? (
                  <Typography.Text type="secondary">{t('stats.noLeaders')}</Typography.Text>
                ) : (
                  <ol className="zp-bars" data-testid="leader-bars">
                    {bars.map((b) => {
                      const row = stats.rows.find((r) => r.key === b.key);
                      return (
                        <li key={b.key}>
                          <button
                            type="button"
                            className="zp-bar-row"
                            onClick={() => row && setOpened({ row, figure: metric === 'photos' ? 'photos' : 'printed' })}
                            title={b.unit}
                            data-testid="leader-bar"
                          >
                            <span className="zp-bar-name">{b.name}</span>
                            <span className="zp-bar-track">
                              <span className="zp-bar" style={{ width: `${b.percent}%` }} />
                            </span>
                            <span className="zp-bar-value">{metric === 'chars' ? b.value.toLocaleString('zh-CN') : share(b.value)}</span>
                          </button>
                        </li>
                      );
                    })}
                  </ol>
                )}
              </Card>
            </div>

            <Table<StatsRow>
              rowKey="key"
              size="middle"
              dataSource={rows}
              columns={columns}
              pagination={false}
              showSorterTooltip={false}
              onChange={(_p, _f, s) => {
                const one = (Array.isArray(s) ? s[0] : s) as SorterResult<StatsRow> | undefined;
                setSorter(one?.order ? { column: one.columnKey as StatsColumn, order: one.order } : null);
              }}
              summary={() => (
                <Table.Summary.Row className="zp-stats-sum">
                  <Table.Summary.Cell index={0}>{t('stats.total')}</Table.Summary.Cell>
                  {by === 'person' && <Table.Summary.Cell index={1} />}
                  <Table.Summary.Cell index={2} align="right">{stats.totals.submitted}</Table.Summary.Cell>
                  <Table.Summary.Cell index={3} align="right">{stats.totals.printed}</Table.Summary.Cell>
                  <Table.Summary.Cell index={4} align="right">{stats.totals.printed}</Table.Summary.Cell>
                  <Table.Summary.Cell index={5} align="right">{stats.totals.chars.toLocaleString('zh-CN')}</Table.Summary.Cell>
                  <Table.Summary.Cell index={6} align="right">{stats.totals.photos}</Table.Summary.Cell>
                  <Table.Summary.Cell index={7} align="right">{stats.totals.front_page}</Table.Summary.Cell>
                </Table.Summary.Row>
              )}
              data-testid="stats-table"
            />
          </>
        )}
      </Spin>
      <FigureArticles opened={opened} onClose={() => setOpened(null)} />
    </div>
  );
}

/** The articles behind one figure of a row. */
function FigureArticles({ opened, onClose }: { opened: { row: StatsRow; figure: Figure } | null; onClose: () => void }) {
  const { t } = useTranslation();
  const fail = useFail();
  const articlesOf = useStats((s) => s.articles);
  const [list, setList] = useState<StatsArticle[] | null>(null);
  const key = opened?.row.key;

  useEffect(() => {
    if (!key) return;
    let live = true;
    setList(null);
    articlesOf(key)
      .then((l) => live && setList(l))
      .catch((e) => {
        fail(e);
        if (live) setList([]);
      });
    return () => {
      live = false;
    };
  }, [key, articlesOf, fail]);

  const shown = opened && list ? list.filter(FIGURE_FILTER[opened.figure]) : [];
  const columns = [
    { title: t('stats.issue'), dataIndex: 'issue', render: (v: string) => v || t('stats.unassigned') },
    { title: t('stats.page'), dataIndex: 'page', render: (p: number | null) => (p ? t('stats.pageN', { n: p }) : '—') },
    {
      title: t('stats.headline'),
      dataIndex: 'title',
      render: (title: string, a: StatsArticle) => (
        <RouteLink to={{ name: 'article', id: a.article_id }} testId="figure-article">
          {title}
        </RouteLink>
      ),
    },
    { title: t('stats.byline'), dataIndex: 'byline', ellipsis: true },
    {
      title: t('stats.charsShare'),
      key: 'chars',
      align: 'right' as const,
      render: (_: unknown, a: StatsArticle) => (a.printed ? `${a.chars_share.toLocaleString('zh-CN')} / ${a.chars.toLocaleString('zh-CN')}` : t('stats.notPrinted')),
    },
    { title: t('stats.share'), dataIndex: 'share', align: 'right' as const, render: (v: number, a: StatsArticle) => (a.printed ? share(v) : '—') },
    ...(opened?.figure === 'photos'
      ? [{ title: t('stats.photos'), dataIndex: 'photo_share', align: 'right' as const, render: (v: number) => share(v) }]
      : []),
    {
      title: t('articles.status'),
      key: 'status',
      render: (_: unknown, a: StatsArticle) => (a.status ? <StatusTag status={a.status} level={null} /> : null),
    },
  ];

  return (
    <Drawer
      open={opened !== null}
      onClose={onClose}
      size={880}
      title={opened ? t('stats.figureTitle', { name: opened.row.name, what: t(FIGURE_LABEL[opened.figure]) }) : ''}
      data-testid="figure-drawer"
    >
      <Spin spinning={list === null}>
        <Table<StatsArticle>
          rowKey={(a) => `${a.issue_id ?? 0}-${a.article_id}`}
          size="small"
          dataSource={shown}
          columns={columns}
          pagination={false}
          locale={{ emptyText: t('stats.noArticles') }}
          data-testid="figure-articles"
        />
      </Spin>
    </Drawer>
  );
}
