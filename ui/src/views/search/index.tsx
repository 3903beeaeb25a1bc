import { useEffect, useRef } from 'react';
import { Alert, Button, DatePicker, Empty, Input, Segmented, Select, Space, Spin, Tag, Typography, type InputRef } from 'antd';
import { SearchOutlined } from '@ant-design/icons';
import dayjs from 'dayjs';
import { useTranslation } from 'react-i18next';
import type { ArticleStatus, SearchHit, SearchOrder } from '../../api';
import { useIssues } from '../../state/issues';
import { useNav } from '../../state/nav';
import { hasFilter, PAGE, snippetParts, useSearch } from '../../state/search';
import { findMatches } from '../../editor/searchMarks';
import { RouteLink, StatusTag } from '../common';
import { issueLabel } from '../issues';

const STATUSES: ArticleStatus[] = ['draft', 'in_review', 'approved', 'returned', 'withdrawn'];

/** Text with the searched words marked. */
function Marked({ text, terms }: { text: string; terms: string[] }) {
  const chars = Array.from(text);
  const out = [];
  let at = 0;
  for (const [s, e] of findMatches(text, terms)) {
    if (s > at) out.push(<span key={at}>{chars.slice(at, s).join('')}</span>);
    out.push(<mark key={s}>{chars.slice(s, e).join('')}</mark>);
    at = e;
  }
  if (at < chars.length) out.push(<span key={at}>{chars.slice(at).join('')}</span>);
  return <>{out}</>;
}

/** A snippet with its matches marked. */
export function Snippet({ text }: { text: string }) {
  return (
    <div className="zp-search-snippet" data-testid="search-snippet">
      {snippetParts(text).map((p, i) => (p.hit ? <mark key={i}>{p.text}</mark> : <span key={i}>{p.text}</span>))}
    </div>
  );
}

function Hit({ hit }: { hit: SearchHit }) {
  const { t } = useTranslation();
  const open = useSearch((s) => s.open);
  const terms = useSearch((s) => s.terms);
  const headlineOnly = hit.snippet_field !== 'body' && hit.snippet_field !== 'caption';
  return (
    <li className="zp-search-hit-item" data-testid="search-hit">
      {hit.kicker && (
        <div className="zp-search-kicker">
          <Marked text={hit.kicker} terms={terms} />
        </div>
      )}
      <div className="zp-search-title" onClickCapture={() => open(hit)}>
        <RouteLink to={{ name: 'article', id: hit.article_id }} testId="search-hit-title">
          <Marked text={hit.title} terms={terms} />
        </RouteLink>
      </div>
      {hit.subtitle && (
        <div className="zp-search-subtitle">
          <Marked text={hit.subtitle} terms={terms} />
        </div>
      )}
      <Space size={6} wrap className="zp-search-meta">
        {hit.issue ? (
          <Tag color="blue" bordered={false}>
            {hit.issue}
            {hit.page !== null && ` · ${t('search.page', { n: hit.page })}`}
          </Tag>
        ) : (
          <Tag bordered={false}>{t('search.noIssue')}</Tag>
        )}
        <StatusTag status={hit.status} level={hit.review_level} />
        {hit.column && <Tag bordered={false}>{hit.column}</Tag>}
        <span>{hit.author.display_name}</span>
        <span className="zp-search-date">{hit.date}</span>
      </Space>
      {hit.snippet && !(headlineOnly && ['kicker', 'title', 'subtitle'].includes(hit.snippet_field)) && (
        <Snippet text={hit.snippet} />
      )}
    </li>
  );
}

/** 稿库检索: every article of every issue by its text, with filters. */
export function SearchView({ query }: { query: string }) {
  const { t } = useTranslation();
  const go = useNav((s) => s.go);
  const s = useSearch();
  const { run, loadOptions } = s;
  const { issues, load: loadIssues } = useIssues();
  const input = useRef<InputRef>(null);

  useEffect(() => {
    void loadIssues().catch(() => {});
    void loadOptions().catch(() => {});
  }, [loadIssues, loadOptions]);

  // The words come from the address: typing, the shell's box, back and forward.
  useEffect(() => {
    void run(query);
  }, [query, run]);

  const focusRequest = s.focusRequest;
  useEffect(() => {
    input.current?.focus({ cursor: 'all' });
  }, [focusRequest]);

  const submit = (value: string) => {
    const q = value.trim();
    if (q === query) void run(q);
    else go({ name: 'search', q });
  };

  const f = s.filters;
  const searched = s.hits !== null;
  const hits = s.hits ?? [];
  const moreToLoad = hits.length > 0 && (hits.length < s.total || (!s.totalExact && hits.length % PAGE === 0));

  return (
    <div className="zp-search-view">
      <Typography.Title level={4} style={{ marginTop: 0 }}>
        {t('search.title')}
      </Typography.Title>
      <Input.Search
        key={query}
        ref={input}
        size="large"
        allowClear
        defaultValue={query}
        placeholder={t('search.placeholder')}
        enterButton={
          <span>
            <SearchOutlined /> {t('search.button')}
          </span>
        }
        onSearch={submit}
        data-testid="search-input"
        className="zp-search-input"
      />
      <Space wrap className="zp-search-filters" size={[8, 8]}>
        <Select
          allowClear
          showSearch={{ optionFilterProp: 'label' }}
          style={{ width: 210 }}
          placeholder={t('search.anyIssue')}
          value={f.issue_id}
          onChange={(v?: number) => void s.setFilters({ issue_id: v })}
          options={issues.map((i) => ({ value: i.id, label: issueLabel(t, i) }))}
          data-testid="search-issue"
        />
        <DatePicker.RangePicker
          style={{ width: 236 }}
          allowEmpty={[true, true]}
          placeholder={[t('search.from'), t('search.to')]}
          value={[f.from ? dayjs(f.from) : null, f.to ? dayjs(f.to) : null]}
          onChange={(v) =>
            void s.setFilters({
              from: v?.[0]?.format('YYYY-MM-DD') ?? undefined,
              to: v?.[1]?.format('YYYY-MM-DD') ?? undefined,
            })
          }
          data-testid="search-dates"
        />
        <Select
          allowClear
          style={{ width: 130 }}
          placeholder={t('search.anyColumn')}
          value={f.column}
          onChange={(v?: string) => void s.setFilters({ column: v })}
          options={(s.options?.columns ?? []).map((c) => ({ value: c, label: c }))}
          data-testid="search-column"
        />
        <Select
          allowClear
          showSearch={{ optionFilterProp: 'label' }}
          style={{ width: 130 }}
          placeholder={t('search.anyAuthor')}
          value={f.author}
          onChange={(v?: string) => void s.setFilters({ author: v })}
          options={(s.options?.authors ?? []).map((a) => ({ value: a.username, label: a.display_name }))}
          data-testid="search-author"
        />
        <Select
          allowClear
          style={{ width: 120 }}
          placeholder={t('search.anyStatus')}
          value={f.status}
          onChange={(v?: ArticleStatus) => void s.setFilters({ status: v })}
          options={STATUSES.map((st) => ({
            value: st,
            label: st === 'in_review' ? t('search.inReview') : t(`status.${st}`),
          }))}
          data-testid="search-status"
        />
        <Select
          allowClear
          style={{ width: 112 }}
          placeholder={t('search.anyPlaced')}
          value={f.placed === undefined ? undefined : f.placed ? 'yes' : 'no'}
          onChange={(v?: string) => void s.setFilters({ placed: v === undefined ? undefined : v === 'yes' })}
          options={[
            { value: 'yes', label: t('search.placedYes') },
            { value: 'no', label: t('search.placedNo') },
          ]}
          data-testid="search-placed"
        />
        {hasFilter(f) && (
          <Button type="link" onClick={() => void s.clearFilters()}>
            {t('search.clear')}
          </Button>
        )}
      </Space>

      {s.error && <Alert type="error" showIcon title={s.error} style={{ marginBottom: 12 }} />}
      {s.notice && <Alert type="info" showIcon title={s.notice} style={{ marginBottom: 12 }} data-testid="search-notice" />}

      {!searched && !s.loading && <Typography.Paragraph type="secondary" className="zp-search-hint">{t('search.hint')}</Typography.Paragraph>}

      {searched && hits.length > 0 && (
        <div className="zp-search-summary">
          <span data-testid="search-summary">
            {s.totalExact ? t('search.total', { n: s.total }) : t('search.totalMore', { n: s.total })}
            {hits.length < s.total && t('search.shown', { n: hits.length })}
          </span>
          <Segmented<SearchOrder>
            size="small"
            value={f.order ?? 'newest'}
            onChange={(v) => void s.setFilters({ order: v })}
            options={[
              { value: 'newest', label: t('search.newest') },
              { value: 'relevance', label: t('search.relevance') },
            ]}
            data-testid="search-order"
          />
        </div>
      )}

      <Spin spinning={s.loading && hits.length === 0}>
        {searched && hits.length === 0 && !s.loading && !s.notice && !s.error && (
          <Empty
            description={
              <>
                <div>{query ? t('search.noneFor', { q: query }) : t('search.none')}</div>
                <Typography.Text type="secondary">{t('search.noneHint')}</Typography.Text>
              </>
            }
          />
        )}
        <ul className="zp-search-results" data-testid="search-results">
          {hits.map((h) => (
            <Hit key={h.article_id} hit={h} />
          ))}
        </ul>
      </Spin>
      {moreToLoad && (
        <div style={{ textAlign: 'center', margin: '8px 0 24px' }}>
          <Button onClick={() => void s.more()} loading={s.loading} data-testid="search-more">
            {t('search.more')}
          </Button>
        </div>
      )}
    </div>
  );
}
