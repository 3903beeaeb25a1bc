import { useEffect, useMemo, useRef, useState } from 'react';
import {
  Alert,
  App as AntApp,
  Badge,
  Button,
  Card,
  Col,
  Input,
  List,
  Row,
  Space,
  Spin,
  Tag,
  Typography,
} from 'antd';
import { ArrowLeftOutlined, CheckOutlined, EditOutlined, RollbackOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { ApiError, type Article, type ArticleCheck, type ArticleFinding, type Comment } from '../../api';
import { useHistory } from '../../state/history';
import { useNav } from '../../state/nav';
import { usePresence } from '../../state/presence';
import { useProof } from '../../state/proof';
import { bySeverity, passageInContext } from '../../doc/proofText';
import { useReview } from '../../state/review';
import { StatusTag } from '../common';
import { DiffView } from '../common/DiffView';
import { PresenceBar } from '../common/PresenceTags';
import { SignatureList, TransitionTimeline } from './ReviewRecord';
import { ReviewFormButton } from './ReviewFormButton';
import { WechatButton } from '../web/WechatButton';
import { SeverityIcon, whereLabel } from '../proof/ProofPanel';
import { useFail } from '../common/useFail';

/** Character offsets of the current selection inside `root`'s text. */
function selectionOffsets(root: HTMLElement): [number, number] | null {
  const sel = window.getSelection();
  if (!sel || sel.rangeCount === 0 || sel.isCollapsed) return null;
  const range = sel.getRangeAt(0);
  if (!root.contains(range.startContainer) || !root.contains(range.endContainer)) return null;
  const offset = (node: Node, within: number) => {
    const pre = document.createRange();
    pre.selectNodeContents(root);
    pre.setEnd(node, within);
    return Array.from(pre.toString()).length;
  };
  const a = offset(range.startContainer, range.startOffset);
  const b = offset(range.endContainer, range.endOffset);
  return a < b ? [a, b] : null;
}

/** The review text with commented passages marked. */
function MarkedText({ text, comments }: { text: string; comments: Comment[] }) {
  const chars = Array.from(text);
  const marks = new Array<number | null>(chars.length).fill(null);
  for (const c of comments) for (let i = c.start; i < c.end && i < chars.length; i++) marks[i] = c.id;
  const parts: { text: string; id: number | null }[] = [];
  chars.forEach((ch, i) => {
    const last = parts[parts.length - 1];
    if (last && last.id === marks[i]) last.text += ch;
    else parts.push({ text: ch, id: marks[i] });
  });
  return (
    <>
      {parts.map((p, i) =>
        p.id === null ? <span key={i}>{p.text}</span> : <mark key={i} data-comment={p.id}>{p.text}</mark>,
      )}
    </>
  );
}

/** The flagged passage, with a few characters around it when the checked revision is at hand. */
function Passage({ finding, article }: { finding: ArticleFinding; article: Article | null }) {
  const ctx = article ? passageInContext(article, finding) : null;
  return (
    <div className="zp-finding-passage">
      {ctx?.before && <span>…{ctx.before}</span>}
      <mark>{ctx ? ctx.passage : finding.passage}</mark>
      {ctx?.after && <span>{ctx.after}…</span>}
    </div>
  );
}

/** The open proofreading findings of the revision under review. */
function ReviewFindings({ check, article }: { check: ArticleCheck | null; article: Article }) {
  const { t, i18n } = useTranslation();
  const open = (check?.findings ?? []).filter((f) => !f.ignored).sort(bySeverity);
  const ignored = (check?.findings.length ?? 0) - open.length;
  return (
    <Card
      size="small"
      style={{ marginBottom: 12 }}
      data-testid="review-findings"
      title={t('proof.review.title')}
      extra={
        check && (
          <span className={check.errors ? 'zp-sev-error' : undefined}>
            {t('proof.review.counts', { errors: check.errors, warnings: check.warnings })}
          </span>
        )
      }
    >
      {!check ? (
        <Spin size="small" />
      ) : open.length === 0 ? (
        <Typography.Text type="success">{t('proof.review.none')}</Typography.Text>
      ) : (
        <div className="zp-review-findings">
          {open.map((f) => (
            <div key={f.key} className={`zp-finding zp-finding-${f.severity}`} style={{ cursor: 'default' }}>
              <div className="zp-finding-head">
                <span className="zp-finding-rule">
                  <SeverityIcon severity={f.severity} /> {f.rule_name_zh}
                </span>
                <span className="zp-finding-where">{whereLabel(t, f.field, f.block)}</span>
              </div>
              <Passage finding={f} article={check?.revision === article.revision ? article : null} />
              <div className="zp-finding-message">{i18n.language === 'en' ? f.message_en : f.message_zh}</div>
              {f.proposed && (
                <div className="zp-finding-meta" data-testid="review-proposed">
                  <Tag color="gold">{t('proof.proposal.tag')}</Tag>
                  {t('proof.proposal.by', { who: f.proposed.by.display_name, reason: f.proposed.reason })}
                </div>
              )}
            </div>
          ))}
        </div>
      )}
      {ignored > 0 && (
        <Typography.Text type="secondary" style={{ display: 'block', marginTop: 6 }}>
          {t('proof.review.ignoredN', { n: ignored })}
        </Typography.Text>
      )}
    </Card>
  );
}

export function ReviewView({ id }: { id: number }) {
  const { t } = useTranslation();
  const { message } = AntApp.useApp();
  const fail = useFail();
  const go = useNav((s) => s.go);
  const { view, changed, load, leave, approve, returnToAuthor, comment, resolve } = useReview();
  const present = usePresence((s) => s.present);
  const openPresence = usePresence((s) => s.open);
  const closePresence = usePresence((s) => s.close);
  const { record, loadRecord } = useHistory();
  const [opinion, setOpinion] = useState('');
  const [note, setNote] = useState('');
  const [replyTo, setReplyTo] = useState<number | null>(null);
  const [reply, setReply] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const textRef = useRef<HTMLDivElement>(null);
  const saved = useProof((s) => s.saved);
  const loadChecks = useProof((s) => s.loadSaved);

  useEffect(() => {
    setError(null);
    load(id).catch((e) => setError(ApiError.from(e).message));
    void loadRecord(id).catch(() => {});
    void loadChecks(id).catch(() => {});
  }, [id, load, loadRecord, loadChecks]);
  useEffect(() => leave, [leave]);
  // The editor sees that the article is being read (郑雨桐正在查看).
  useEffect(() => {
    void openPresence(id, 'view').catch(() => {});
    return () => closePresence();
  }, [id, openPresence, closePresence]);

  const open = useMemo(() => (view?.comments ?? []).filter((c) => c.parent_id === null), [view]);
  if (error) return <Alert type="error" showIcon title={error} />;
  if (!view) return <Spin />;
  const a = view.article;
  const level = a.review_level ?? 1;
  const levelName = t(`level.${level}`);
  const current = open.filter((c) => c.revision === a.revision && !c.resolved_at);
  const check = saved?.article_id === id ? saved : null;

  const run = async (f: () => Promise<unknown>, done: string) => {
    setBusy(true);
    try {
      await f();
      message.success(done);
      await loadRecord(id);
    } catch (e) {
      fail(e);
      await load(id).catch(() => {});
    } finally {
      setBusy(false);
    }
  };

  const addComment = async () => {
    const range = textRef.current ? selectionOffsets(textRef.current) : null;
    if (!range) {
      message.warning(t('review.selectFirst'));
      return;
    }
    await run(() => comment(range[0], range[1], note), t('review.comments'));
    setNote('');
  };

  const sendReply = async (parent: number) => {
    const c = view.comments.find((x) => x.id === parent);
    if (!c || !reply.trim()) return;
    await run(() => comment(c.start, c.end, reply, parent), t('review.replied'));
    setReply('');
    setReplyTo(null);
  };

  return (
    <div className="zp-review">
      <Space style={{ marginBottom: 12 }} wrap>
        <Button icon={<ArrowLeftOutlined />} onClick={() => go({ name: 'inbox' })}>
          {t('inbox.title')}
        </Button>
        <StatusTag status={a.status} level={a.review_level} />
        <Typography.Text type="secondary">
          {t('articles.revisionN', { n: a.revision })} · {a.author.display_name} · {t('articles.lengthOnly', { length: a.length })}
        </Typography.Text>
        <Button icon={<EditOutlined />} onClick={() => go({ name: 'article', id: a.id })}>
          {t('inbox.edit')}
        </Button>
        <ReviewFormButton id={a.id} title={a.title} />
        {a.status === 'approved' && <WechatButton target={{ article: a.id }} />}
        <PresenceBar present={present} />
      </Space>
      {changed && (
        <Alert
          type="warning"
          showIcon
          style={{ marginBottom: 12 }}
          data-testid="review-changed"
          title={t('review.changedUnder', { from: changed.from, to: changed.to, who: changed.by })}
        />
      )}
      <Row gutter={16}>
        <Col xs={24} lg={15}>
          <Card title={t('review.text')} size="small">
            <div className="zp-review-text" ref={textRef} data-testid="review-text">
              <MarkedText text={view.review_text} comments={current} />
            </div>
          </Card>
          {view.last_reviewed_revision !== null && (
            <Card
              size="small"
              style={{ marginTop: 12 }}
              title={t('review.diff', { n: view.last_reviewed_revision })}
              data-testid="review-diff"
            >
              {view.diff_since_last_review ? (
                <DiffView diff={view.diff_since_last_review} />
              ) : (
                <Typography.Text type="secondary">{t('review.noDiff')}</Typography.Text>
              )}
            </Card>
          )}
        </Col>
        <Col xs={24} lg={9}>
          <ReviewFindings check={check} article={a} />
          <Card size="small" title={t('review.opinion')}>
            {view.allowed.approve ? (
              <>
                <Input.TextArea
                  rows={3}
                  placeholder={t('review.opinionPh')}
                  value={opinion}
                  onChange={(e) => setOpinion(e.target.value)}
                  maxLength={2000}
                  data-testid="opinion"
                />
                <Space style={{ marginTop: 8 }}>
                  <Badge
                    count={check?.errors ?? 0}
                    title={t('proof.review.badge', { n: check?.errors ?? 0 })}
                    data-testid="approve-errors"
                  >
                    <Button
                      type="primary"
                      icon={<CheckOutlined />}
                      loading={busy}
                      data-testid="approve"
                      onClick={() => void run(() => approve(opinion).then(() => setOpinion('')), t('review.approved', { level: levelName }))}
                    >
                      {level >= view.levels ? t('review.approveFinal') : t('review.approve', { level: levelName })}
                    </Button>
                  </Badge>
                  <Button
                    danger
                    icon={<RollbackOutlined />}
                    loading={busy}
                    data-testid="return"
                    onClick={() => {
                      if (!opinion.trim()) {
                        message.warning(t('review.returnNeedsOpinion'));
                        return;
                      }
                      void run(() => returnToAuthor(opinion).then(() => setOpinion('')), t('review.returned'));
                    }}
                  >
                    {t('review.return')}
                  </Button>
                </Space>
              </>
            ) : (
              <Alert type="info" showIcon title={t('review.refusal', { reason: view.allowed.review_refusal })} />
            )}
          </Card>
          <Card size="small" title={t('review.signatures')} style={{ marginTop: 12 }}>
            <SignatureList record={record} />
          </Card>
          <Card size="small" title={t('review.comments')} style={{ marginTop: 12 }}>
            <Space.Compact style={{ width: '100%' }}>
              <Input
                placeholder={t('review.commentPh')}
                value={note}
                onChange={(e) => setNote(e.target.value)}
                data-testid="comment-input"
              />
              <Button onMouseDown={(e) => e.preventDefault()} onClick={() => void addComment()} disabled={!note.trim()}>
                {t('review.addComment')}
              </Button>
            </Space.Compact>
            <List
              size="small"
              dataSource={open}
              renderItem={(c) => (
                <List.Item
                  actions={[
                    <Button
                      key="reply"
                      size="small"
                      type="link"
                      onClick={() => {
                        setReplyTo(replyTo === c.id ? null : c.id);
                        setReply('');
                      }}
                      data-testid={`comment-reply-${c.id}`}
                    >
                      {t('review.reply')}
                    </Button>,
                    <Button key="r" size="small" type="link" onClick={() => void run(() => resolve(c.id, !c.resolved_at), t('admin.saved'))}>
                      {c.resolved_at ? t('review.reopen') : t('review.resolve')}
                    </Button>,
                  ]}
                >
                  <div style={{ opacity: c.resolved_at ? 0.55 : 1 }}>
                    <Typography.Text mark>“{c.quote}”</Typography.Text>{' '}
                    <Tag>{t('review.onRevision', { n: c.revision })}</Tag>
                    {c.resolved_at && <Tag color="green">{t('review.resolved')}</Tag>}
                    <div>
                      <b>{c.author.display_name}</b>：{c.body}
                    </div>
                    {view.comments
                      .filter((r) => r.parent_id === c.id)
                      .map((r) => (
                        <div key={r.id} className="zp-reply">
                          <b>{r.author.display_name}</b>：{r.body}
                        </div>
                      ))}
                    {replyTo === c.id && (
                      <Space.Compact style={{ width: '100%', marginTop: 6 }}>
                        <Input
                          size="small"
                          autoFocus
                          placeholder={t('review.replyPh')}
                          value={reply}
                          maxLength={2000}
                          onChange={(e) => setReply(e.target.value)}
                          onPressEnter={() => void sendReply(c.id)}
                          data-testid="reply-input"
                        />
                        <Button size="small" type="primary" disabled={!reply.trim()} onClick={() => void sendReply(c.id)} data-testid="reply-send">
                          {t('review.reply')}
                        </Button>
                      </Space.Compact>
                    )}
                  </div>
                </List.Item>
              )}
            />
          </Card>
          <Card size="small" title={t('review.history')} style={{ marginTop: 12 }}>
            <TransitionTimeline record={record} />
          </Card>
        </Col>
      </Row>
    </div>
  );
}
