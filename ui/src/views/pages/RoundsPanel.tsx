import { useState } from 'react';
import { App as AntApp, Button, Popconfirm, Space, Table, Tag, Tooltip, Typography } from 'antd';
import { EditOutlined, FilePdfOutlined, PlusOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import type { IssuePages, ProofRound } from '../../api';
import { useNav } from '../../state/nav';
import { usePages } from '../../state/pages';
import { useSession } from '../../state/session';
import { when } from '../common';
import { saveBlob } from '../common/download';
import { errorRateText, roundColour } from './geometry';
import { useFail } from '../common/useFail';

/** A round's PDF, or its proof with the marks drawn (downloaded, or saved with the desktop's dialog). */
export function RoundPdfButton({ round, marked }: { round: ProofRound; marked: boolean }) {
  const { t } = useTranslation();
  const { message } = AntApp.useApp();
  const fail = useFail();
  const desktop = useSession((s) => s.transport)() === 'tauri';
  const { roundPdf, marksPdf, savePdf } = usePages();
  const [busy, setBusy] = useState(false);
  const fileName = `${round.round_name}样${marked ? '-标记' : ''}.pdf`;
  const run = async () => {
    setBusy(true);
    try {
      if (desktop) {
        const path = await savePdf(marked ? 'proof_marks_pdf' : 'proof_round_pdf', round.id, fileName);
        if (path) message.success(t('files.saved', { path }));
        return;
      }
      const blob = marked ? await marksPdf(round.id) : await roundPdf(round.id);
      saveBlob(new Blob([blob], { type: 'application/pdf' }), fileName);
    } catch (e) {
      fail(e);
    } finally {
      setBusy(false);
    }
  };
  return (
    <Button
      size="small"
      icon={<FilePdfOutlined />}
      loading={busy}
      onClick={() => void run()}
      data-testid={marked ? 'round-marks-pdf' : 'round-pdf'}
    >
      {marked ? t('pages.marksPdf') : t('pages.roundPdf')}
    </Button>
  );
}

/** The issue's 校样 rounds: start the next (layout staff), mark one, close one, its PDFs and 差错率. */
export function RoundsPanel({ pages }: { pages: IssuePages }) {
  const { t } = useTranslation();
  const { message } = AntApp.useApp();
  const fail = useFail();
  const go = useNav((s) => s.go);
  const { startRound, closeRound } = usePages();
  const mayStart = useSession((s) => s.has('layout'));
  const mayClose = useSession((s) => s.has('layout') || s.has('proofreader'));
  const mayMark = useSession((s) => s.has('proofreader') || s.has('editor') || s.has('reviewer'));
  const [busy, setBusy] = useState<string | null>(null);
  const rounds = pages.rounds;
  const open = rounds.find((r) => r.closed_at === null);
  const next = rounds.length + 1;
  const nextName = t(`pages.round.${Math.min(next, 3)}`);

  const act = async (key: string, work: () => Promise<ProofRound>, done: (r: ProofRound) => string) => {
    setBusy(key);
    try {
      message.success(done(await work()));
    } catch (e) {
      fail(e);
    } finally {
      setBusy(null);
    }
  };

  const whyNotStart = open
    ? t('pages.roundStillOpen', { name: open.round_name })
    : rounds.length >= pages.proof_rounds
      ? t('pages.allRoundsDone', { n: pages.proof_rounds })
      : null;

  return (
    <div className="zp-rounds" data-testid="rounds-panel">
      <Space style={{ marginBottom: 12 }} wrap>
        {mayStart && (
          <Tooltip title={whyNotStart}>
            <Button
              type="primary"
              icon={<PlusOutlined />}
              disabled={whyNotStart !== null}
              loading={busy === 'start'}
              onClick={() =>
                void act('start', startRound, (r) => t('pages.roundStarted', { name: r.round_name, pages: r.pages.length }))
              }
              data-testid="start-round"
            >
              {t('pages.startRound', { name: nextName })}
            </Button>
          </Tooltip>
        )}
        <Typography.Text type="secondary">
          {t('pages.roundsOf', { done: rounds.filter((r) => r.closed_at !== null).length, n: pages.proof_rounds })}
        </Typography.Text>
      </Space>
      <Table<ProofRound>
        rowKey="id"
        size="small"
        pagination={false}
        dataSource={rounds}
        locale={{ emptyText: t('pages.noRounds') }}
        onRow={(r) => ({ 'data-testid': 'round-row', 'data-round': r.round }) as React.HTMLAttributes<HTMLElement>}
        columns={[
          {
            title: t('pages.colRound'),
            width: 90,
            render: (_, r) => (
              <Tag color={roundColour(r.round)} data-testid="round-name">
                {r.round_name}
              </Tag>
            ),
          },
          {
            title: t('pages.colState'),
            width: 90,
            render: (_, r) =>
              r.closed_at === null ? (
                <Tag color="processing" data-testid="round-state">
                  {t('pages.roundOpen')}
                </Tag>
              ) : (
                <Tag color="success" data-testid="round-state">
                  {t('pages.roundClosed')}
                </Tag>
              ),
          },
          {
            title: t('pages.colMarks'),
            width: 130,
            render: (_, r) => (
              <span data-testid="round-marks">
                {t('pages.marksN', { n: r.marks })}
                {r.open_marks > 0 && <Tag color="red" style={{ marginLeft: 6 }}>{t('pages.openN', { n: r.open_marks })}</Tag>}
              </span>
            ),
          },
          { title: t('pages.colChars'), width: 90, align: 'right', dataIndex: 'chars' },
          {
            title: t('pages.colRate'),
            width: 100,
            align: 'right',
            render: (_, r) => <span data-testid="round-rate">{errorRateText(r.error_rate)}</span>,
          },
          {
            title: t('pages.colStarted'),
            render: (_, r) => (
              <span className="zp-muted">
                {r.started_by.display_name} {when(r.started_at)}
                {r.closed_by && r.closed_at && (
                  <>
                    <br />
                    {t('pages.closedBy', { name: r.closed_by.display_name, at: when(r.closed_at) })}
                  </>
                )}
              </span>
            ),
          },
          {
            title: '',
            render: (_, r) => (
              <Space wrap size={4}>
                <Button
                  size="small"
                  type={r.closed_at === null && mayMark ? 'primary' : 'default'}
                  icon={<EditOutlined />}
                  onClick={() => go({ name: 'pages', issueId: pages.issue_id, round: r.id })}
                  data-testid="open-round"
                >
                  {r.closed_at === null && mayMark ? t('pages.markRound') : t('pages.viewRound')}
                </Button>
                <RoundPdfButton round={r} marked={false} />
                <RoundPdfButton round={r} marked />
                {mayClose && r.closed_at === null && (
                  <Popconfirm
                    title={t('pages.closeConfirm', { name: r.round_name })}
                    disabled={r.open_marks > 0}
                    onConfirm={() =>
                      void act(`close-${r.id}`, () => closeRound(r.id), (c) =>
                        t('pages.roundClosedOk', { name: c.round_name, rate: errorRateText(c.error_rate) }),
                      )
                    }
                  >
                    <Tooltip title={r.open_marks > 0 ? t('pages.closeBlocked', { n: r.open_marks }) : null}>
                      <Button
                        size="small"
                        disabled={r.open_marks > 0}
                        loading={busy === `close-${r.id}`}
                        data-testid="close-round"
                      >
                        {t('pages.closeRound')}
                      </Button>
                    </Tooltip>
                  </Popconfirm>
                )}
              </Space>
            ),
          },
        ]}
      />
    </div>
  );
}
