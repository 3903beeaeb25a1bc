import { Badge, Button, Popconfirm, Space, Tooltip } from 'antd';
import {
  ArrowLeftOutlined,
  AuditOutlined,
  FileSearchOutlined,
  HistoryOutlined,
  SaveOutlined,
  SendOutlined,
} from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import type { Article } from '../../api';
import { useEditing } from '../../state/editing';
import { useNav } from '../../state/nav';
import { usePresence } from '../../state/presence';
import { useReview } from '../../state/review';
import { useSession } from '../../state/session';
import { isCorrespondentOnly } from '../../state/topics';
import { StatusTag } from '../common';
import { PresenceBar } from '../common/PresenceTags';
import { WechatButton } from '../web/WechatButton';
import { SaveIndicator } from './SaveIndicator';
import { useArticleAction } from './useArticleSession';

interface Props {
  article: Article;
  editable: boolean;
  proofOpen: boolean;
  /** Errors among the live findings, shown on the 校对 button. */
  proofErrors: number;
  onToggleProof: () => void;
  onOpenHistory: () => void;
}

/** The bar above the article: back, state and presence; save, 校对, 历史 and the workflow steps. */
export function EditorToolbar({ article, editable, proofOpen, proofErrors, onToggleProof, onOpenHistory }: Props) {
  const { t } = useTranslation();
  const go = useNav((s) => s.go);
  const save = useEditing((s) => s.save);
  const conflict = useEditing((s) => s.conflict);
  const draft = useEditing((s) => s.draft);
  const merging = useEditing((s) => s.merging);
  const present = usePresence((s) => s.present);
  const yielded = usePresence((s) => s.yielded);
  const review = useReview();
  const user = useSession((s) => s.user);
  const mayWrite = useSession((s) => s.has('editor') || s.has('correspondent'));
  const correspondentOnly = useSession((s) => isCorrespondentOnly(s.user?.roles));
  const isReviewer = useSession((s) => s.has('reviewer'));
  const act = useArticleAction(article.id);
  const isAuthor = user?.id === article.author.id;
  const isAdmin = user?.roles.includes('admin') ?? false;

  return (
    <div className="zp-editor-bar">
      <Space wrap>
        <Button icon={<ArrowLeftOutlined />} onClick={() => go({ name: 'articles', issueId: article.issue_id })}>
          {t('editor.back')}
        </Button>
        <StatusTag status={article.status} level={article.review_level} />
        <SaveIndicator />
        <PresenceBar present={present} />
      </Space>
      <Space wrap>
        {mayWrite && (
          <Tooltip title="Ctrl+S">
            <Button icon={<SaveOutlined />} onClick={() => void save()} disabled={!editable} data-testid="save">
              {t('editor.save')}
            </Button>
          </Tooltip>
        )}
        <Button
          icon={<FileSearchOutlined />}
          onClick={onToggleProof}
          type={proofOpen ? 'default' : 'dashed'}
          data-testid="toggle-proof"
        >
          {t('proof.toggle')}
          {proofErrors > 0 && <Badge count={proofErrors} size="small" />}
        </Button>
        <Button icon={<HistoryOutlined />} onClick={onOpenHistory} data-testid="open-history">
          {t('editor.history')}
        </Button>
        {mayWrite && (article.status === 'draft' || article.status === 'returned') && (
          <Button
            type="primary"
            icon={<SendOutlined />}
            disabled={!!conflict || !!draft || !!merging || yielded}
            data-testid="submit"
            onClick={() =>
              void act(async () => {
                const a = useEditing.getState().article!;
                await review.submit(a.id, a.revision);
              }, t('editor.submitted'))
            }
          >
            {t('editor.submit')}
          </Button>
        )}
        {isReviewer && article.status === 'in_review' && (
          <Button icon={<AuditOutlined />} onClick={() => go({ name: 'review', id: article.id })}>
            {t('editor.review')}
          </Button>
        )}
        {article.status === 'approved' && !correspondentOnly && <WechatButton target={{ article: article.id }} />}
        {(isAuthor || isAdmin) && article.status !== 'withdrawn' && (
          <Popconfirm
            title={t('editor.withdrawConfirm')}
            onConfirm={() => void act(() => review.withdraw(article.id, ''), t('editor.withdrawn'))}
          >
            <Button danger>{t('editor.withdraw')}</Button>
          </Popconfirm>
        )}
        {(isAuthor || isAdmin) && article.status === 'withdrawn' && (
          <Button onClick={() => void act(() => review.reopen(article.id), t('editor.reopen'))}>
            {t('editor.reopen')}
          </Button>
        )}
      </Space>
    </div>
  );
}
