import { useCallback, useEffect, useMemo, useState, type DragEvent, type KeyboardEvent } from 'react';
import { Button, Dropdown, Empty, Input, Select, Slider, Space, Tag, Tooltip, Typography } from 'antd';
import type { MenuProps } from 'antd';
import {
  ArrowDownOutlined,
  ArrowUpOutlined,
  CheckCircleFilled,
  DeleteOutlined,
  HolderOutlined,
  MoreOutlined,
  SwapOutlined,
  UndoOutlined,
} from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import type { TFunction } from 'i18next';
import type { ArticleSummary, IssuePlan, PageFit, PagePlan, PageTemplate, Placement } from '../../api';
import { fitOf, unplacedArticles, useLayout } from '../../state/layout';
import { PlanSignTag } from '../pages/PlanSignTag';
import { ReserveSlotButton, SlotCards } from '../topics/ReservedSlots';
import {
  clampScale,
  locate,
  MAX_SCALE,
  MIN_SCALE,
  moveArticle,
  removeArticle,
  setPageName,
  setTemplate,
  shiftArticle,
  updatePlacement,
} from '../../doc/planEdit';
import { useFail } from '../common/useFail';

const DRAG_TYPE = 'application/x-zonepress-article';
const TEMPLATES: PageTemplate[] = ['front', 'inner', 'photo'];

/** Apply a plan edit; a refusal from the server is shown and the plan goes back. */
export function useApplyEdit() {
  const fail = useFail();
  const edit = useLayout((s) => s.edit);
  return useCallback(
    (f: (plan: IssuePlan) => IssuePlan) => {
      void edit(f).catch(fail);
    },
    [edit, fail],
  );
}

export type FitLevel = 'over' | 'under' | 'full';

export function fitLevel(fit: PageFit): FitLevel {
  return fit.overflow_chars > 0 ? 'over' : fit.underfill_chars > 0 ? 'under' : 'full';
}

/** 第2版超出约180字 in Chinese as the layout measured it; the same in English. */
export function fitText(t: TFunction, lang: string, fit: PageFit): string {
  if (lang !== 'en') return fit.message_zh;
  const level = fitLevel(fit);
  const n = level === 'over' ? fit.overflow_chars : fit.underfill_chars;
  // Rounded like the layout rounds it in Chinese (约180字).
  const chars = n > 50 ? Math.ceil(n / 10) * 10 : n;
  return t(`layout.fit.${level}`, { n: fit.page, chars });
}

export function FitLine({ fit, pending }: { fit: PageFit | undefined; pending: boolean }) {
  const { t, i18n } = useTranslation();
  if (!fit) return <div className="zp-fit zp-fit-pending">{t('layout.fit.pending')}</div>;
  const level = fitLevel(fit);
  const text = fitText(t, i18n.language, fit);
  return (
    <div
      className={`zp-fit zp-fit-${level}${pending ? ' zp-fit-stale' : ''}`}
      title={text}
      data-testid="page-fit"
      data-fit={level}
    >
      <span className="zp-fit-dot" />
      {text}
    </div>
  );
}

function ArticleStatusTag({ a }: { a: ArticleSummary }) {
  const { t } = useTranslation();
  if (a.status === 'approved')
    return (
      <span className="zp-card-approved" title={t('layout.approved')} aria-label={t('layout.approved')}>
        <CheckCircleFilled />
      </span>
    );
  const label =
    a.status === 'in_review' ? t('status.in_review', { level: t(`level.${a.review_level ?? 1}`) }) : t(`status.${a.status}`);
  return (
    <Tag color="red" className="zp-card-tag" data-testid="not-approved">
      {label}
    </Tag>
  );
}

function placementSummary(t: TFunction, p: Placement): string {
  const parts: string[] = [];
  if (p.headline_span !== null) parts.push(t('layout.summary.span', { n: p.headline_span }));
  if (p.body_columns !== null) parts.push(t('layout.summary.body', { n: p.body_columns }));
  if (p.image_columns !== null) parts.push(t('layout.summary.image', { n: p.image_columns }));
  if (p.type_scale !== 100) parts.push(t('layout.summary.scale', { n: p.type_scale }));
  return parts.join(' · ');
}

/** The 上移/下移/移到第N版/移出版面 menu of a placed article, or 排入第N版 for an unplaced one. */
function moveMenu(t: TFunction, plan: IssuePlan, articleId: number): MenuProps['items'] {
  const at = locate(plan, articleId);
  if (!at) {
    return plan.pages.map((p) => ({ key: `to-${p.number}`, label: t('layout.move.placeOn', { n: p.number }) }));
  }
  const count = plan.pages.find((p) => p.number === at.page)!.placements.length;
  return [
    { key: 'up', icon: <ArrowUpOutlined />, label: t('layout.move.up'), disabled: at.index === 0 },
    { key: 'down', icon: <ArrowDownOutlined />, label: t('layout.move.down'), disabled: at.index >= count - 1 },
    {
      key: 'to',
      icon: <SwapOutlined />,
      label: t('layout.move.moveTo'),
      children: plan.pages
        .filter((p) => p.number !== at.page)
        .map((p) => ({ key: `to-${p.number}`, label: t('layout.move.toPage', { n: p.number }) })),
    },
    { type: 'divider' },
    { key: 'remove', icon: <DeleteOutlined />, danger: true, label: t('layout.move.remove') },
  ];
}

function applyMenuKey(plan: IssuePlan, articleId: number, key: string): IssuePlan {
  if (key === 'up') return shiftArticle(plan, articleId, -1);
  if (key === 'down') return shiftArticle(plan, articleId, 1);
  if (key === 'remove') return removeArticle(plan, articleId);
  if (key.startsWith('to-')) return moveArticle(plan, articleId, Number(key.slice(3)));
  return plan;
}

/** Keep the keyboard on an article after it moved to another column. */
function refocus(articleId: number) {
  requestAnimationFrame(() => document.querySelector<HTMLElement>(`[data-article="${articleId}"]`)?.focus());
}

interface CardProps {
  article: ArticleSummary | undefined;
  articleId: number;
  placement: Placement | null;
  plan: IssuePlan;
  canEdit: boolean;
  selected: boolean;
  /** Select this article (on `page` when it just moved there). */
  onSelect: (page?: number) => void;
  onDragStart: (id: number) => void;
  onDragEnd: () => void;
  onDragOverCard?: (e: DragEvent<HTMLDivElement>) => void;
  dropBefore?: boolean;
  dropAfter?: boolean;
}

function ArticleCard(props: CardProps) {
  const { t } = useTranslation();
  const apply = useApplyEdit();
  const { article: a, articleId, placement, plan, canEdit, selected } = props;
  const title = a?.title || `#${articleId}`;
  const summary = placement ? placementSummary(t, placement) : '';

  const onKeyDown = (e: KeyboardEvent<HTMLDivElement>) => {
    if (e.target !== e.currentTarget) return;
    if (e.key === 'Enter' || e.key === ' ') {
      e.preventDefault();
      props.onSelect();
      return;
    }
    if (!canEdit) return;
    const at = locate(plan, articleId);
    let f: ((p: IssuePlan) => IssuePlan) | null = null;
    if (e.altKey && e.key === 'ArrowUp') f = (p) => shiftArticle(p, articleId, -1);
    else if (e.altKey && e.key === 'ArrowDown') f = (p) => shiftArticle(p, articleId, 1);
    else if (e.altKey && e.key === 'ArrowLeft' && at && at.page > 1) f = (p) => moveArticle(p, articleId, at.page - 1);
    else if (e.altKey && e.key === 'ArrowRight' && at && at.page < plan.pages.length)
      f = (p) => moveArticle(p, articleId, at.page + 1);
    else if ((e.key === 'Delete' || e.key === 'Backspace') && at) f = (p) => removeArticle(p, articleId);
    if (f) {
      e.preventDefault();
      apply(f);
      const now = locate(useLayout.getState().layout!.plan, articleId);
      if (now) props.onSelect(now.page);
      refocus(articleId);
    }
  };

  return (
    <div
      className={[
        'zp-card',
        selected ? 'zp-card-selected' : '',
        props.dropBefore ? 'zp-drop-before' : '',
        props.dropAfter ? 'zp-drop-after' : '',
        a && a.status !== 'approved' ? 'zp-card-unapproved' : '',
      ].join(' ')}
      data-testid={placement ? 'placed-card' : 'tray-card'}
      data-article={articleId}
      tabIndex={0}
      role="button"
      aria-pressed={selected}
      aria-label={title}
      aria-keyshortcuts={canEdit ? 'Alt+ArrowUp Alt+ArrowDown Alt+ArrowLeft Alt+ArrowRight Delete' : undefined}
      title={canEdit ? t('layout.cardKeys') : undefined}
      draggable={canEdit}
      onDragStart={(e) => {
        e.dataTransfer.setData(DRAG_TYPE, String(articleId));
        e.dataTransfer.setData('text/plain', title);
        e.dataTransfer.effectAllowed = 'move';
        props.onDragStart(articleId);
      }}
      onDragEnd={props.onDragEnd}
      onDragOver={props.onDragOverCard}
      onClick={() => props.onSelect()}
      onKeyDown={onKeyDown}
    >
      {canEdit && (
        <span className="zp-card-handle" data-testid="drag-handle" aria-hidden title={t('layout.drag')}>
          <HolderOutlined />
        </span>
      )}
      <div className="zp-card-body">
        <div className="zp-card-title">{title}</div>
        <div className="zp-card-meta">
          {a && (
            <>
              <span>{t(`kind.${a.kind}`)}</span>
              <span>{t('layout.chars', { n: a.length })}</span>
              <ArticleStatusTag a={a} />
            </>
          )}
        </div>
        {summary && <div className="zp-card-summary">{summary}</div>}
      </div>
      {canEdit && (
        <Dropdown
          trigger={['click']}
          menu={{
            items: moveMenu(t, plan, articleId),
            onClick: ({ key, domEvent }) => {
              domEvent.stopPropagation();
              apply((p) => applyMenuKey(p, articleId, key));
              // Follow the article to its new page.
              if (key.startsWith('to-')) useLayout.getState().select(Number(key.slice(3)), articleId);
            },
          }}
        >
          <Button
            size="small"
            type="text"
            className="zp-card-menu"
            icon={<MoreOutlined />}
            aria-label={t('layout.move.menu')}
            data-testid="card-menu"
            onClick={(e) => e.stopPropagation()}
          />
        </Dropdown>
      )}
    </div>
  );
}

/** Page name: edited in place, saved when the field is left. */
function PageName({ page, canEdit }: { page: PagePlan; canEdit: boolean }) {
  const { t } = useTranslation();
  const apply = useApplyEdit();
  const [value, setValue] = useState(page.name);
  useEffect(() => setValue(page.name), [page.name]);
  const commit = () => {
    const name = value.trim();
    if (name !== page.name) apply((p) => setPageName(p, page.number, name));
  };
  if (!canEdit) return <div className="zp-page-name-ro">{page.name || '—'}</div>;
  return (
    <Input
      size="small"
      variant="borderless"
      className="zp-page-name"
      value={value}
      maxLength={20}
      placeholder={t('layout.pageNamePh')}
      onChange={(e) => setValue(e.target.value)}
      onBlur={commit}
      onPressEnter={(e) => (e.target as HTMLInputElement).blur()}
      data-testid="page-name"
    />
  );
}

type DropTarget = { page: number; index: number } | { page: 'tray' };

/** The page columns, the selected article's settings and the tray of unplaced articles. */
export function LayoutBoard({ canEdit }: { canEdit: boolean }) {
  const { t } = useTranslation();
  const apply = useApplyEdit();
  const layout = useLayout((s) => s.layout)!;
  const saving = useLayout((s) => s.saving);
  const selectedPage = useLayout((s) => s.selectedPage);
  const selectedArticle = useLayout((s) => s.selectedArticle);
  const select = useLayout((s) => s.select);
  const plan = layout.plan;
  const byId = useMemo(() => new Map(layout.articles.map((a) => [a.id, a])), [layout.articles]);
  const tray = useMemo(() => unplacedArticles(layout), [layout]);
  const [dragging, setDragging] = useState<number | null>(null);
  const [over, setOver] = useState<DropTarget | null>(null);

  // Keep the selected article in view, also after it moved (from the menu, the keyboard or 印前检查).
  const selAt = selectedArticle === null ? null : locate(plan, selectedArticle);
  const selKey = selAt ? `${selAt.page}:${selAt.index}` : '';
  useEffect(() => {
    if (!selKey) return;
    const id = requestAnimationFrame(() =>
      document
        .querySelector(`[data-testid="placed-card"][data-article="${selectedArticle}"]`)
        ?.scrollIntoView({ block: 'nearest', inline: 'nearest' }),
    );
    return () => cancelAnimationFrame(id);
  }, [selectedArticle, selKey]);

  const endDrag = () => {
    setDragging(null);
    setOver(null);
  };
  const accept = (e: DragEvent) => canEdit && dragging !== null && e.dataTransfer.types.includes(DRAG_TYPE);
  const dropOn = (e: DragEvent, target: DropTarget) => {
    e.preventDefault();
    const id = Number(e.dataTransfer.getData(DRAG_TYPE));
    endDrag();
    if (!id) return;
    if (target.page === 'tray') apply((p) => removeArticle(p, id));
    else {
      const to = target.page;
      apply((p) => moveArticle(p, id, to, target.index));
      select(to, id);
    }
  };

  return (
    <div className="zp-board">
      <div className="zp-pages" data-testid="layout-pages">
        {plan.pages.map((page) => {
          const overHere = over && over.page === page.number ? over : null;
          return (
            <section
              key={page.number}
              className={`zp-page-col${selectedPage === page.number ? ' zp-page-selected' : ''}`}
              data-testid="page-column"
              data-page={page.number}
              aria-label={t('layout.pageN', { n: page.number })}
            >
              <header className="zp-page-head" onClick={() => select(page.number)}>
                <div className="zp-page-title">
                  <span className="zp-page-number">{t('layout.pageN', { n: page.number })}</span>
                  <Select<PageTemplate>
                    size="small"
                    variant="borderless"
                    className="zp-page-template"
                    value={page.template}
                    disabled={!canEdit}
                    popupMatchSelectWidth={false}
                    aria-label={t('layout.templateLabel', { n: page.number })}
                    onClick={(e) => e.stopPropagation()}
                    onChange={(tpl) => apply((p) => setTemplate(p, page.number, tpl))}
                    options={TEMPLATES.map((v) => ({ value: v, label: t(`layout.template.${v}`) }))}
                    data-testid="page-template"
                  />
                </div>
                <PageName page={page} canEdit={canEdit} />
                <FitLine fit={fitOf(layout, page.number)} pending={saving} />
                <PlanSignTag state={layout.pages.find((p) => p.page === page.number)} />
              </header>
              <div
                className={`zp-page-body${overHere && 'index' in overHere && overHere.index >= page.placements.length ? ' zp-drop-end' : ''}`}
                onDragOver={(e) => {
                  if (!accept(e)) return;
                  e.preventDefault();
                  e.dataTransfer.dropEffect = 'move';
                  if (!overHere) setOver({ page: page.number, index: page.placements.length });
                }}
                onDragLeave={(e) => {
                  if (!e.currentTarget.contains(e.relatedTarget as Node | null)) setOver(null);
                }}
                onDrop={(e) => {
                  if (!accept(e)) return;
                  dropOn(e, over && over.page === page.number ? over : { page: page.number, index: page.placements.length });
                }}
              >
                {page.placements.map((pl, i) => (
                  <ArticleCard
                    key={pl.article_id}
                    articleId={pl.article_id}
                    article={byId.get(pl.article_id)}
                    placement={pl}
                    plan={plan}
                    canEdit={canEdit}
                    selected={selectedArticle === pl.article_id}
                    onSelect={(to) => select(to ?? page.number, pl.article_id)}
                    onDragStart={setDragging}
                    onDragEnd={endDrag}
                    dropBefore={!!overHere && 'index' in overHere && overHere.index === i}
                    onDragOverCard={(e) => {
                      if (!accept(e)) return;
                      e.preventDefault();
                      e.stopPropagation();
                      e.dataTransfer.dropEffect = 'move';
                      const r = e.currentTarget.getBoundingClientRect();
                      const index = e.clientY < r.top + r.height / 2 ? i : i + 1;
                      if (!overHere || !('index' in overHere) || overHere.index !== index) setOver({ page: page.number, index });
                    }}
                  />
                ))}
                {page.placements.length === 0 && <div className="zp-page-empty">{canEdit ? t('layout.dropHere') : '—'}</div>}
                <SlotCards page={page.number} canEdit={canEdit} />
                {canEdit && <ReserveSlotButton page={page.number} />}
              </div>
            </section>
          );
        })}
      </div>

      <PlacementBar canEdit={canEdit} byId={byId} />

      <section
        className={`zp-tray${over?.page === 'tray' ? ' zp-tray-over' : ''}`}
        data-testid="layout-tray"
        onDragOver={(e) => {
          if (!accept(e)) return;
          e.preventDefault();
          e.dataTransfer.dropEffect = 'move';
          if (over?.page !== 'tray') setOver({ page: 'tray' });
        }}
        onDragLeave={(e) => {
          if (!e.currentTarget.contains(e.relatedTarget as Node | null)) setOver(null);
        }}
        onDrop={(e) => {
          if (accept(e)) dropOn(e, { page: 'tray' });
        }}
      >
        <div className="zp-tray-head">
          <b>{t('layout.tray', { n: tray.length })}</b>
          {canEdit && <span className="zp-muted">{t('layout.trayHint')}</span>}
        </div>
        {tray.length === 0 ? (
          <div className="zp-muted zp-tray-empty">{t('layout.trayEmpty')}</div>
        ) : (
          <div className="zp-tray-cards">
            {tray.map((a) => (
              <ArticleCard
                key={a.id}
                articleId={a.id}
                article={a}
                placement={null}
                plan={plan}
                canEdit={canEdit}
                selected={false}
                onSelect={() => {}}
                onDragStart={setDragging}
                onDragEnd={endDrag}
              />
            ))}
          </div>
        )}
      </section>
    </div>
  );
}

function spanOptions(t: TFunction, columns: number) {
  return [
    { value: 0, label: t('layout.settings.auto') },
    ...Array.from({ length: columns }, (_, i) => ({ value: i + 1, label: t('layout.settings.columnsN', { n: i + 1 }) })),
  ];
}

/** The selected article: where it stands and its settings (跨栏, 栏数, 图片宽度, 字号). */
function PlacementBar({ canEdit, byId }: { canEdit: boolean; byId: Map<number, ArticleSummary> }) {
  const { t } = useTranslation();
  const apply = useApplyEdit();
  const plan = useLayout((s) => s.layout!.plan);
  const selectedArticle = useLayout((s) => s.selectedArticle);
  const at = selectedArticle === null ? null : locate(plan, selectedArticle);
  const placement = at ? plan.pages[at.page - 1].placements[at.index] : null;
  const [scale, setScale] = useState(placement?.type_scale ?? 100);
  useEffect(() => setScale(placement?.type_scale ?? 100), [placement?.type_scale, selectedArticle]);

  if (!at || !placement || selectedArticle === null) {
    return (
      <div className="zp-inspector zp-inspector-empty" data-testid="placement-settings">
        <Typography.Text type="secondary">{t('layout.settings.none')}</Typography.Text>
      </div>
    );
  }
  const id = selectedArticle;
  const a = byId.get(id);
  const set = (patch: Partial<Omit<Placement, 'article_id'>>) => apply((p) => updatePlacement(p, id, patch));
  const span = (key: 'headline_span' | 'body_columns' | 'image_columns', label: string, hint?: string) => (
    <label className="zp-inspector-field">
      <span>
        {hint ? (
          <Tooltip title={hint}>
            <span className="zp-hint">{label}</span>
          </Tooltip>
        ) : (
          label
        )}
      </span>
      <Select<number>
        size="small"
        style={{ width: 70 }}
        value={placement[key] ?? 0}
        disabled={!canEdit}
        onChange={(v) => set({ [key]: v === 0 ? null : v })}
        options={spanOptions(t, plan.columns)}
        aria-label={label}
        data-testid={`setting-${key}`}
      />
    </label>
  );
  const pageCount = plan.pages[at.page - 1].placements.length;

  return (
    <div className="zp-inspector" data-testid="placement-settings">
      <div className="zp-inspector-row">
        <div className="zp-inspector-title">
          <b>{a?.title ?? `#${id}`}</b>
          <span className="zp-muted">{t('layout.settings.position', { page: at.page, index: at.index + 1 })}</span>
        </div>
        {canEdit && (
          <Space size={4} wrap>
            <Button size="small" icon={<ArrowUpOutlined />} disabled={at.index === 0} onClick={() => apply((p) => shiftArticle(p, id, -1))} data-testid="move-up">
              {t('layout.move.up')}
            </Button>
            <Button
              size="small"
              icon={<ArrowDownOutlined />}
              disabled={at.index >= pageCount - 1}
              onClick={() => apply((p) => shiftArticle(p, id, 1))}
              data-testid="move-down"
            >
              {t('layout.move.down')}
            </Button>
            <Dropdown
              trigger={['click']}
              menu={{
                items: plan.pages
                  .filter((p) => p.number !== at.page)
                  .map((p) => ({ key: String(p.number), label: t('layout.move.toPage', { n: p.number }) })),
                onClick: ({ key }) => {
                  apply((p) => moveArticle(p, id, Number(key)));
                  useLayout.getState().select(Number(key), id);
                },
              }}
            >
              <Button size="small" icon={<SwapOutlined />} data-testid="move-to">
                {t('layout.move.moveTo')}
              </Button>
            </Dropdown>
            <Button size="small" danger icon={<DeleteOutlined />} onClick={() => apply((p) => removeArticle(p, id))} data-testid="move-remove">
              {t('layout.move.remove')}
            </Button>
          </Space>
        )}
      </div>
      <div className="zp-inspector-row zp-inspector-fields">
        {span('headline_span', t('layout.settings.headlineSpan'))}
        {span('body_columns', t('layout.settings.bodyColumns'))}
        {span('image_columns', t('layout.settings.imageColumns'), t('layout.settings.imageHint'))}
        <label className="zp-inspector-field zp-inspector-scale">
          <span>{t('layout.settings.typeScale')}</span>
          <Slider
            min={MIN_SCALE}
            max={MAX_SCALE}
            step={1}
            value={scale}
            disabled={!canEdit}
            tooltip={{ formatter: (v) => `${v}%` }}
            onChange={(v) => setScale(v)}
            onChangeComplete={(v) => set({ type_scale: clampScale(v) })}
            aria-label={t('layout.settings.typeScale')}
            data-testid="setting-type-scale"
          />
          <span className="zp-scale-value">{scale}%</span>
        </label>
        {canEdit && (
          <Tooltip title={t('layout.settings.reset')}>
            <Button
              size="small"
              type="text"
              icon={<UndoOutlined />}
              aria-label={t('layout.settings.reset')}
              onClick={() => set({ headline_span: null, body_columns: null, image_columns: null, type_scale: 100 })}
            />
          </Tooltip>
        )}
      </div>
    </div>
  );
}

export function NoIssue() {
  const { t } = useTranslation();
  return <Empty description={t('layout.noIssues')} />;
}
