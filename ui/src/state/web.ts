import type { WechatHtml } from '../api';
import { call, callBinary } from './backend';
import { useIssues } from './issues';
import { useSession } from './session';

/** 数字报: the issue's digital edition as a .zip (a 校样 when `proofCopy`). */
export async function exportWeb(issueId: number, proofCopy: boolean): Promise<{ blob: Blob; fileName: string }> {
  const blob = await callBinary('export_web', { issue_id: issueId, proof_copy: proofCopy });
  const issue = useIssues.getState().issues.find((i) => i.id === issueId);
  const publication = (useSession.getState().publication?.name ?? '').replace(/[\\/:*?"<>|]/g, '_');
  const name = issue ? `${publication}-${issue.year}年第${issue.number}期-数字报` : `${publication}-${issueId}-数字报`;
  return { blob: new Blob([blob], { type: 'application/zip' }), fileName: `${name}${proofCopy ? '-校样' : ''}.zip` };
}

/** A signed article as WeChat (公众号) HTML. */
export async function wechatArticle(id: number): Promise<WechatHtml> {
  return await call('wechat_html', { id });
}

/** Every placed article of an issue as one WeChat post. */
export async function wechatIssue(issueId: number): Promise<WechatHtml> {
  return await call('wechat_issue_html', { issue_id: issueId });
}

/**
 * Put HTML on the clipboard as rich text (with its plain text beside it),
 * so that it pastes into the WeChat editor with its look. Answers false
 * when the clipboard cannot be written.
 */
export async function copyHtml(html: string): Promise<boolean> {
  const plain = htmlToText(html);
  try {
    if (typeof ClipboardItem !== 'undefined' && navigator.clipboard?.write) {
      await navigator.clipboard.write([
        new ClipboardItem({
          'text/html': new Blob([html], { type: 'text/html' }),
          'text/plain': new Blob([plain], { type: 'text/plain' }),
        }),
      ]);
      return true;
    }
  } catch {
    /* fall back to a selection copy below */
  }
  // Older webviews: copy a selection of the rendered HTML.
  const holder = document.createElement('div');
  holder.contentEditable = 'true';
  holder.style.position = 'fixed';
  holder.style.left = '-10000px';
  holder.innerHTML = html;
  document.body.appendChild(holder);
  try {
    const range = document.createRange();
    range.selectNodeContents(holder);
    const sel = window.getSelection();
    sel?.removeAllRanges();
    sel?.addRange(range);
    return document.execCommand('copy');
  } catch {
    return false;
  } finally {
    window.getSelection()?.removeAllRanges();
    holder.remove();
  }
}

/** The text of an HTML fragment, one block a line. */
export function htmlToText(html: string): string {
  const doc = new DOMParser().parseFromString(html, 'text/html');
  const lines: string[] = [];
  doc.body.querySelectorAll('p, h1, h2, li').forEach((el) => {
    const t = el.textContent?.trim();
    if (t) lines.push(t);
  });
  return lines.join('\n');
}
