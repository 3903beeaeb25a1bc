import { useState } from 'react';
import { App as AntApp, Button, Tooltip } from 'antd';
import { WechatOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import type { WechatHtml } from '../../api';
import { copyHtml, wechatArticle, wechatIssue } from '../../state/web';
import { saveBlob } from '../common/download';
import { useFail } from '../common/useFail';

type Target = { article: number } | { issue: number };

/**
 * 复制为公众号格式: the signed article (or the whole issue) as HTML with
 * inline styles on the clipboard, and saved as an .html file.
 */
export function WechatButton({ target, signed = true }: { target: Target; signed?: boolean }) {
  const { t } = useTranslation();
  const { message } = AntApp.useApp();
  const fail = useFail();
  const [busy, setBusy] = useState(false);
  const issue = 'issue' in target;

  const run = async () => {
    setBusy(true);
    try {
      const out: WechatHtml = 'article' in target ? await wechatArticle(target.article) : await wechatIssue(target.issue);
      const copied = await copyHtml(out.html);
      saveBlob(new Blob([out.document], { type: 'text/html' }), out.file_name);
      if (!copied) message.warning(t('web.copyFailed', { file: out.file_name }));
      else if (issue) message.success(t('web.copiedIssue', { n: out.articles.length, file: out.file_name }));
      else message.success(t('web.copied', { title: out.title, file: out.file_name }));
    } catch (e) {
      fail(e);
    } finally {
      setBusy(false);
    }
  };

  return (
    <Tooltip title={signed ? t('web.wechatHint') : t('web.notSigned')}>
      <Button
        icon={<WechatOutlined />}
        loading={busy}
        disabled={!signed}
        onClick={() => void run()}
        data-testid={issue ? 'wechat-issue' : 'wechat-article'}
      >
        {issue ? t('web.wechatIssue') : t('web.wechat')}
      </Button>
    </Tooltip>
  );
}
