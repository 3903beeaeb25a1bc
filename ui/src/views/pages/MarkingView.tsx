import { useEffect, useMemo, useRef, useState } from 'react';
import { Alert, App as AntApp, Button, Card, Col, Input, Row, Segmented, Space, Spin, Table, Tag, Typography } from 'antd';
import { ArrowLeftOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { ApiError, type ProofMark } from '../../api';
import { useNav } from '../../state/nav';
import { usePages } from '../../state/pages';
import { useSession } from '../../state/session';
import { gesture, markBox, pageMmOf, toPercent, type PageMm, type PointMm } from './geometry';
import { MarkForm } from './MarkForm';
import { MarkQuote, MarkStateTag } from './marks';
import { RoundPdfButton } from './RoundsPanel';
import { roundColour } from './geometry';
import { useFail } from '../common/useFail';

/** Pixels per point of the page a proofreader marks: an A3 page is 1684 px wide. */
const SCALE = 2;
const ZOOMS = [100, 150, 200] as const;

/** One page of a round, large, with its marks drawn over it; a click or a drag places a mark. */
function MarkedPage({
  roundId,
  round,
  page,
  marks,
  pending,
  zoom,
  onPlace,
  canMark,
}: {
  roundId: number;
  round: number;
  page: number;
  marks: ProofMark[];
  pending: { at: PointMm; to: PointMm | null } | null;
  zoom: number;
  onPlace: (g: { at: PointMm; to: PointMm | null }) => void;
  canMark: boolean;
}) {
  const { t } = useTranslation();
  const roundPage = usePages((s) => s.roundPage);
  const [url, setUrl] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [size, setSize] = useState<PageMm | null>(null);
  const [band, setBand] = useState<{ x: number; y: number; x2: number; y2: number } | null>(null);
  const imgRef = useRef<HTMLImageElement>(null);
  const down = useRef<{ x: number; y: number } | null>(null);

  useEffect(() => {
    let gone = false;
    let made: string | null = null;
    setUrl(null);
    setError(null);
    roundPage(roundId, page, SCALE)
      .then((blob) => {
        if (gone) return;
        made = URL.createObjectURL(blob);
        setUrl(made);
      })
      .catch((e) => !gone && setError(ApiError.from(e).message));
    return () => {
      gone = true;
      if (made) URL.revokeObjectURL(made);
    };
  }, [roundId, page, roundPage]);

  const box = (m: { x_mm: number; y_mm: number; x2_mm: number; y2_mm: number }) => {
    if (!size) return null;
    const b = markBox(m);
    const p = toPercent(b.x, b.y, size);
    return { left: `${p.left}%`, top: `${p.top}%`, width: `${(b.w / size.width) * 100}%`, height: `${(b.h / size.height) * 100}%` };
  };
  const colour = roundColour(round);

  return (
    <div className="zp-mark-scroll" data-testid="mark-scroll">
      {error && <Alert type="error" showIcon title={error} />}
      {!url && !error && <Spin style={{ display: 'block', margin: '120px auto' }} />}
      {url && (
        <div
          className={`zp-mark-page${canMark ? ' zp-mark-live' : ''}`}
          style={{ width: `${zoom}%` }}
          data-testid="mark-page"
          data-page={page}
          onPointerDown={(e) => {
            if (!canMark || e.button !== 0) return;
            e.preventDefault();
            down.current = { x: e.clientX, y: e.clientY };
            (e.currentTarget as HTMLElement).setPointerCapture?.(e.pointerId);
          }}
          onPointerMove={(e) => {
            const d = down.current;
            const img = imgRef.current;
            if (!d || !img) return;
            const r = img.getBoundingClientRect();
            setBand({ x: d.x - r.left, y: d.y - r.top, x2: e.clientX - r.left, y2: e.clientY - r.top });
          }}
          onPointerUp={(e) => {
            const d = down.current;
            down.current = null;
            setBand(null);
            const img = imgRef.current;
            if (!d || !img || !size) return;
            onPlace(gesture(d, { x: e.clientX, y: e.clientY }, img.getBoundingClientRect(), size));
          }}
        >
          <img
            ref={imgRef}
            src={url}
            alt={t('pages.pageN', { n: page })}
            draggable={false}
            onLoad={(e) => setSize(pageMmOf(e.currentTarget.naturalWidth, e.currentTarget.naturalHeight, SCALE))}
          />
          {size &&
            marks.map((m) => (
              <div
                key={m.id}
                className={`zp-mark-box zp-mark-${m.state}`}
                style={{ ...box(m), borderColor: colour }}
                data-testid="mark-box"
                data-mark={m.id}
                title={`${m.kind_name} ${m.quote}`}
              >
                <span className="zp-mark-label" style={{ background: colour }}>
                  {m.symbol} {m.kind_name} · {m.by.display_name}
                </span>
              </div>
            ))}
          {size && pending && (
            <div
              className="zp-mark-box zp-mark-pending"
              style={{
                ...box({
                  x_mm: pending.at.x_mm,
                  y_mm: pending.at.y_mm,
                  x2_mm: pending.to?.x_mm ?? pending.at.x_mm,
                  y2_mm: pending.to?.y_mm ?? pending.at.y_mm,
                }),
                borderColor: colour,
              }}
              data-testid="mark-pending"
            />
          )}
          {band && (
            <div
              className="zp-mark-band"
              style={{
                left: Math.min(band.x, band.x2),
                top: Math.min(band.y, band.y2),
                width: Math.abs(band.x2 - band.x),
                height: Math.abs(band.y2 - band.y),
                borderColor: colour,
              }}
            />
          )}
        </div>
      )}
    </div>
  );
}

/**
 * What may be done with an open mark from the round's list: text marks go to
 * the article editor (its editor applies them there); marks on the layout
 * are done by layout staff or editors and then marked 已改, or 不改 with a
 * reason.
 */
function ResolveButtons({ mark }: { mark: ProofMark }) {
  const { t } = useTranslation();
  const { message, modal } = AntApp.useApp();
  const fail = useFail();
  const go = useNav((s) => s.go);
  const kinds = usePages((s) => s.kinds);
  const resolve = usePages((s) => s.resolve);
  const isEditor = useSession((s) => s.has('editor'));
  const isLayout = useSession((s) => s.has('layout'));
  const layoutMark = mark.start === null || kinds.find((k) => k.id === mark.kind)?.layout === true;
  if (!layoutMark) {
    return isEditor && mark.article_id !== null ? (
      <Button size="small" type="link" style={{ padding: 0 }} onClick={(e) => {
        e.stopPropagation();
        go({ name: 'article', id: mark.article_id! });
      }} data-testid="mark-to-article">
        {t('pages.toArticle')}
      </Button>
    ) : null;
  }
  if (!isEditor && !isLayout) return null;
  const done = async (resolution: 'applied' | 'rejected', reason?: string) => {
    try {
      await resolve(mark.id, resolution, reason);
      message.success(resolution === 'applied' ? t('pages.doneOk') : t('pages.rejectedOk'));
    } catch (e) {
      fail(e);
    }
  };
  const reject = () => {
    let reason = '';
    modal.confirm({
      title: t('pages.rejectTitle'),
      content: <Input.TextArea rows={3} maxLength={500} placeholder={t('pages.rejectPh')} onChange={(e) => (reason = e.target.value)} />,
      okText: t('pages.rejectOk'),
      onOk: async () => {
        if (!reason.trim()) {
          message.error(t('pages.rejectNeedsReason'));
          throw new Error('reason required');
        }
        await done('rejected', reason.trim());
      },
    });
  };
  return (
    <Space size={2} onClick={(e) => e.stopPropagation()}>
      <Button size="small" onClick={() => void done('applied')} data-testid="mark-done">
        {t('pages.doneByHand')}
      </Button>
      <Button size="small" onClick={reject}>
        {t('pages.reject')}
      </Button>
    </Space>
  );
}

/** Marking a round's pages (proofreaders, editors, reviewers) and its list of marks. */
export function MarkingView({ issueId, roundId }: { issueId: number; roundId: number }) {
  const { t } = useTranslation();
  const { message } = AntApp.useApp();
  const go = useNav((s) => s.go);
  const pages = usePages((s) => (s.issueId === issueId ? s.pages : null));
  const allMarks = usePages((s) => s.marks);
  const articles = usePages((s) => s.articles);
  const mayMark = useSession((s) => s.has('proofreader') || s.has('editor') || s.has('reviewer'));
  const [page, setPage] = useState(1);
  const [zoom, setZoom] = useState<number>(150);
  const [pending, setPending] = useState<{ at: PointMm; to: PointMm | null } | null>(null);
  const [placed, setPlaced] = useState<ProofMark | null>(null);

  const round = pages?.rounds.find((r) => r.id === roundId) ?? null;
  const marks = useMemo(() => allMarks.filter((m) => m.round_id === roundId), [allMarks, roundId]);
  const onPage = useMemo(() => marks.filter((m) => m.page === page), [marks, page]);

  useEffect(() => {
    if (pages && !round) message.error(t('pages.noSuchRound'));
  }, [pages, round, message, t]);
  if (!pages) return <Spin style={{ display: 'block', margin: '80px auto' }} />;
  if (!round) return null;
  const open = round.closed_at === null;
  const canMark = open && mayMark;

  return (
    <div className="zp-marking" data-testid="marking-view" data-round={round.round}>
      <Space style={{ marginBottom: 8 }} wrap>
        <Button icon={<ArrowLeftOutlined />} onClick={() => go({ name: 'pages', issueId })} data-testid="back-to-rounds">
          {t('pages.backToRounds')}
        </Button>
        <Tag color={roundColour(round.round)} style={{ fontSize: 14, padding: '2px 10px' }}>
          {round.round_name}样
        </Tag>
        <Segmented
          value={page}
          onChange={(v) => {
            setPage(Number(v));
            setPending(null);
          }}
          options={round.pages.map((p) => ({ value: p.page, label: t('pages.pageN', { n: p.page }) }))}
          data-testid="mark-page-pick"
        />
        <Segmented
          value={zoom}
          onChange={(v) => setZoom(Number(v))}
          options={ZOOMS.map((z) => ({ value: z, label: `${z}%` }))}
          aria-label={t('pages.zoom')}
        />
        <RoundPdfButton round={round} marked={false} />
        <RoundPdfButton round={round} marked />
      </Space>
      {!open && <Alert type="info" showIcon title={t('pages.roundIsClosed', { name: round.round_name })} style={{ marginBottom: 8 }} />}
      {open && !mayMark && <Alert type="info" showIcon title={t('pages.mayNotMark')} style={{ marginBottom: 8 }} />}
      <Row gutter={12}>
        <Col xs={24} xl={15}>
          {canMark && <Typography.Paragraph type="secondary" style={{ marginBottom: 6 }}>{t('pages.markHint')}</Typography.Paragraph>}
          <MarkedPage
            roundId={round.id}
            round={round.round}
            page={page}
            marks={onPage}
            pending={pending}
            zoom={zoom}
            canMark={canMark}
            onPlace={(g) => {
              setPending(g);
              setPlaced(null);
            }}
          />
        </Col>
        <Col xs={24} xl={9}>
          {canMark && (
            <Card size="small" title={t('pages.newMark')} className="zp-mark-card" data-testid="mark-card">
              {pending ? (
                <MarkForm
                  key={`${pending.at.x_mm},${pending.at.y_mm},${pending.to?.x_mm}`}
                  roundId={round.id}
                  page={page}
                  at={pending.at}
                  to={pending.to}
                  onPlaced={(m) => {
                    setPlaced(m);
                    setPending(null);
                  }}
                  onCancel={() => setPending(null)}
                />
              ) : (
                <Typography.Text type="secondary">{t('pages.pickOnPage')}</Typography.Text>
              )}
              {placed && (
                <Alert
                  style={{ marginTop: 8 }}
                  type="success"
                  showIcon
                  data-testid="mark-placed"
                  title={t('pages.placed', { kind: placed.kind_name })}
                  description={<MarkQuote mark={placed} title={placed.article_id ? articles[placed.article_id]?.title : undefined} />}
                />
              )}
            </Card>
          )}
          <Card size="small" title={t('pages.roundMarks', { n: marks.length })} style={{ marginTop: canMark ? 12 : 0 }}>
            <Table<ProofMark>
              rowKey="id"
              size="small"
              pagination={false}
              dataSource={marks}
              locale={{ emptyText: t('pages.noMarks') }}
              onRow={(m) => ({ onClick: () => setPage(m.page), 'data-testid': 'mark-row' }) as React.HTMLAttributes<HTMLElement>}
              columns={[
                { title: t('pages.colPage'), width: 56, render: (_, m) => t('pages.pageN', { n: m.page }) },
                {
                  title: t('pages.colMark'),
                  render: (_, m) => (
                    <div>
                      <b style={{ color: roundColour(m.round) }}>
                        {m.symbol} {m.kind_name}
                      </b>{' '}
                      <MarkQuote mark={m} title={m.article_id ? articles[m.article_id]?.title : undefined} compact />
                      <div className="zp-muted">{m.by.display_name}</div>
                    </div>
                  ),
                },
                {
                  title: t('pages.colState'),
                  width: 96,
                  render: (_, m) => (
                    <Space direction="vertical" size={2}>
                      <MarkStateTag mark={m} />
                      {m.state === 'open' && <ResolveButtons mark={m} />}
                    </Space>
                  ),
                },
              ]}
            />
          </Card>
        </Col>
      </Row>
    </div>
  );
}
