import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type Page } from '@playwright/test';
import { expect, test, login } from './helpers';

const FIXTURES = join(dirname(fileURLToPath(import.meta.url)), '../../../crates/zonepress-import/tests/fixtures');
const LEAD_TITLE = '项目建设提速 产业集群成势';
const STORY_TITLE = '青禾开发区“企业服务专员”上岗';

/** A fixture as the file chooser hands it over. */
const fixtureFile = (name: string, mimeType: string) => ({ name, mimeType, buffer: readFileSync(join(FIXTURES, name)) });

/** An old Word .doc: the OLE2 signature and zeros. */
const legacyDoc = {
  name: '旧版稿件.doc',
  mimeType: 'application/msword',
  buffer: Buffer.concat([Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]), Buffer.alloc(4096)]),
};

async function openImport(page: Page) {
  await login(page, 'editor');
  await page.getByTestId('import-articles').click();
  await expect(page).toHaveURL(/#\/import\/\d+$/);
  await expect(page.getByTestId('import-view')).toBeVisible();
}

const card = (page: Page, file: string) => page.locator(`[data-testid="import-card"][data-file="${file}"]`);

test('an editor previews two correspondents’ files and a bad one, imports them and opens a draft', async ({ page }) => {
  await openImport(page);
  await page
    .getByTestId('import-view')
    .locator('input[type=file]')
    .setInputFiles([
      fixtureFile('lead-story.docx', 'application/vnd.openxmlformats-officedocument.wordprocessingml.document'),
      fixtureFile('story.gbk.txt', 'text/plain'),
      legacyDoc,
    ]);

  // Previews: the detected headlines, and the bad file with its Chinese reason.
  const lead = card(page, 'lead-story.docx');
  const story = card(page, 'story.gbk.txt');
  const bad = card(page, '旧版稿件.doc');
  await expect(lead).toHaveAttribute('data-status', 'ready');
  await expect(story).toHaveAttribute('data-status', 'ready');
  await expect(bad).toHaveAttribute('data-status', 'failed');
  await expect(lead.getByTestId('import-title')).toHaveValue(LEAD_TITLE);
  await expect(lead.getByTestId('import-kicker')).toHaveValue('深化改革开放 推动高质量发展——');
  await expect(lead.getByTestId('import-subtitle')).toHaveValue('——青禾开发区前三季度经济运行综述');
  await expect(story.getByTestId('import-title')).toHaveValue(STORY_TITLE);
  await expect(story.getByTestId('import-byline')).toHaveValue('记者 王晓静');
  await expect(bad).toContainText('无法导入');
  await expect(bad.getByTestId('import-error')).toContainText('旧版 Word 文档');
  await expect(page.getByTestId('import-count')).toContainText('可导入 2 个，无法导入 1 个');

  // The GBK story has a half-width comma: offered, checked, applied in the preview.
  const fix = story.getByTestId('import-fix').filter({ hasText: '，' }).first();
  await expect(fix.getByRole('checkbox')).toBeChecked();
  // Named as the 校对 panel names the same rule.
  await expect(fix).toHaveAttribute('data-rule', 'punct.halfwidth');
  await expect(fix.getByTestId('import-fix-rule')).toHaveText('中文语境中的半角标点');
  await expect(story.getByTestId('import-body')).toContainText('诉求收集、问题协调等工作，实行');
  await fix.getByRole('checkbox').uncheck();
  await expect(story.getByTestId('import-body')).toContainText('问题协调等工作,实行');
  await fix.getByRole('checkbox').check();
  await expect(story.getByTestId('import-body')).toContainText('问题协调等工作，实行');

  await page.getByTestId('import-all').click();
  // A batch shows its progress while the drafts are created.
  await expect(page.getByTestId('import-progress').or(page.getByTestId('import-results'))).toBeVisible();
  const results = page.getByTestId('import-results');
  await expect(results).toBeVisible({ timeout: 30_000 });
  await expect(page.getByTestId('import-summary')).toContainText('成功导入 2 篇草稿，1 个文件无法导入');
  await expect(results.getByTestId('import-result-link')).toHaveText([LEAD_TITLE, STORY_TITLE]);
  const failed = results.locator('[data-testid="import-result"][data-ok="no"]');
  await expect(failed).toHaveCount(1);
  await expect(failed).toContainText('旧版稿件.doc');
  await expect(failed).toContainText('另存为 .docx');

  // Open the imported story: the title, and the fix applied in the body.
  await results.getByTestId('import-result-link').filter({ hasText: STORY_TITLE }).click();
  await expect(page).toHaveURL(/#\/article\/\d+$/);
  await expect(page.getByTestId('field-title')).toHaveValue(STORY_TITLE);
  await expect(page.getByTestId('article-body')).toContainText('问题协调等工作，实行');
  await expect(page.getByTestId('status-tag')).toContainText('草稿');

  // Both drafts are in the demo issue's list.
  await page.getByRole('button', { name: '返回列表' }).click();
  await expect(page.getByRole('row', { name: new RegExp(LEAD_TITLE) })).toContainText('草稿');
  await expect(page.getByRole('row', { name: new RegExp(STORY_TITLE) })).toContainText('草稿');
});

test('headline edits and removed blocks in the preview are what gets imported', async ({ page }) => {
  await openImport(page);
  await page.getByTestId('import-view').locator('input[type=file]').setInputFiles(join(FIXTURES, 'story.gbk.txt'));
  const story = card(page, 'story.gbk.txt');
  await expect(story).toHaveAttribute('data-status', 'ready');
  const title = `企业服务专员上岗${Date.now() % 100000}`;
  await story.getByTestId('import-title').fill(title);
  await story.getByTestId('import-column').fill('营商环境');
  const blocks = story.getByTestId('import-block');
  const count = await blocks.count();
  const last = blocks.last();
  await expect(last).toContainText('件件有着落');
  await last.hover();
  await last.getByRole('button').click();
  await expect(blocks).toHaveCount(count - 1);

  await page.getByTestId('import-all').click();
  await expect(page.getByTestId('import-summary')).toContainText('成功导入 1 篇草稿，0 个文件无法导入', { timeout: 30_000 });
  await page.getByTestId('import-result-link').click();
  await expect(page.getByTestId('field-title')).toHaveValue(title);
  await expect(page.getByTestId('field-column')).toHaveValue('营商环境');
  await expect(page.getByTestId('article-body')).not.toContainText('件件有着落');
});

test('files dropped on the article list open the import screen with them', async ({ page }) => {
  await login(page, 'editor');
  await expect(page.getByTestId('import-articles')).toBeVisible();
  const text = readFileSync(join(FIXTURES, 'story.md'));
  const dt = await page.evaluateHandle((bytes: number[]) => {
    const dt = new DataTransfer();
    dt.items.add(new File([new Uint8Array(bytes)], 'story.md', { type: 'text/markdown' }));
    return dt;
  }, Array.from(text));
  const area = page.getByTestId('file-drop-area');
  await area.dispatchEvent('dragenter', { dataTransfer: dt });
  await area.dispatchEvent('dragover', { dataTransfer: dt });
  await area.dispatchEvent('drop', { dataTransfer: dt });
  await expect(page).toHaveURL(/#\/import\/\d+$/);
  await expect(card(page, 'story.md')).toHaveAttribute('data-status', 'ready');

  // On the import screen, a drop on the drop zone or beside it adds the file once.
  const gbk = readFileSync(join(FIXTURES, 'story.gbk.txt'));
  const dt2 = await page.evaluateHandle((bytes: number[]) => {
    const dt = new DataTransfer();
    dt.items.add(new File([new Uint8Array(bytes)], 'story.gbk.txt', { type: 'text/plain' }));
    return dt;
  }, Array.from(gbk));
  const zone = page.locator('.ant-upload-drag');
  await zone.dispatchEvent('dragover', { dataTransfer: dt2 });
  await zone.dispatchEvent('drop', { dataTransfer: dt2 });
  await expect(card(page, 'story.gbk.txt')).toHaveAttribute('data-status', 'ready');
  await expect(page.getByTestId('import-card')).toHaveCount(2);
  const notice = readFileSync(join(FIXTURES, 'notice.utf16le.txt'));
  const dt3 = await page.evaluateHandle((bytes: number[]) => {
    const dt = new DataTransfer();
    dt.items.add(new File([new Uint8Array(bytes)], 'notice.utf16le.txt', { type: 'text/plain' }));
    return dt;
  }, Array.from(notice));
  await page.getByTestId('import-count').dispatchEvent('drop', { dataTransfer: dt3 });
  await expect(card(page, 'notice.utf16le.txt')).toHaveAttribute('data-status', 'ready');
  await expect(page.getByTestId('import-card')).toHaveCount(3);
});

test('a file without a title imports as 待定标题, notes are kept, and every warning is on record', async ({ page }) => {
  await openImport(page);
  const docx = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';
  // A unique file name, so that the draft is found again in the shared demo issue.
  const stem = `四季度安全生产大检查${Date.now() % 100000}`;
  await page
    .getByTestId('import-view')
    .locator('input[type=file]')
    .setInputFiles([
      { name: `${stem}.docx`, mimeType: docx, buffer: readFileSync(join(FIXTURES, 'no-title.docx')) },
      fixtureFile('notes.docx', docx),
    ]);

  // The preview: the file name stands in for the title, marked and explained.
  const untitled = card(page, `${stem}.docx`);
  await expect(untitled).toHaveAttribute('data-status', 'ready');
  await expect(untitled.getByTestId('import-title')).toHaveValue(stem);
  await expect(untitled.getByTestId('import-title-pending')).toHaveText('待定标题');
  await expect(untitled.locator('[data-code="title_pending"]')).toContainText('暂以文件名');
  // Footnotes and endnotes end the body under 注释.
  const notes = card(page, 'notes.docx');
  await expect(notes.getByTestId('import-body')).toContainText('①数据来源：青禾海关驻开发区办事处。');
  await expect(notes.locator('[data-code="footnotes_appended"]')).toContainText('2 条脚注和 1 条尾注');
  await expect(notes.getByTestId('import-title-pending')).toHaveCount(0);

  await page.getByTestId('import-all').click();
  await expect(page.getByTestId('import-summary')).toContainText('成功导入 2 篇草稿，0 个文件无法导入', { timeout: 30_000 });
  const row = page.getByTestId('import-result').filter({ hasText: `${stem}.docx` });
  await expect(row.getByTestId('import-result-title-pending')).toBeVisible();
  await expect(row.getByTestId('import-result-notes')).toContainText('待定标题');

  // The article list marks it.
  await page.getByTestId('import-results').getByRole('button', { name: '返回稿件列表' }).click();
  const listed = page.getByRole('row', { name: new RegExp(stem) });
  await expect(listed.getByTestId('title-pending-tag')).toHaveText('待定标题');

  // The editor says so until the title is confirmed; the history keeps the import's warnings.
  await listed.getByTestId('article-link').click();
  await expect(page.getByTestId('title-pending')).toContainText(stem);
  await page.getByTestId('open-history').click();
  await page.getByRole('tab', { name: '审稿流程与签名' }).click();
  await expect(page.getByTestId('transition-timeline')).toContainText(`导入自“${stem}.docx”`);
  await expect(page.getByTestId('transition-timeline')).toContainText('待定标题');
  await page.keyboard.press('Escape');
  await page.getByTestId('confirm-title').click();
  await expect(page.getByTestId('title-pending')).toHaveCount(0);
  await page.getByRole('button', { name: '返回列表' }).click();
  await expect(page.getByRole('row', { name: new RegExp(stem) }).getByTestId('title-pending-tag')).toHaveCount(0);
});

test('a reviewer sees no import button', async ({ page }) => {
  await login(page, 'reviewer1');
  await expect(page.getByTestId('new-article')).toHaveCount(0);
  await expect(page.getByTestId('import-articles')).toHaveCount(0);
});

test('text pasted from a PDF into the body is tidied on request', async ({ page }) => {
  await login(page, 'editor');
  await page.getByTestId('new-article').click();
  await page.getByTestId('new-article-title').fill(`粘贴测试${Date.now() % 100000}`);
  await page.getByRole('button', { name: /确\s*定/ }).click();
  const body = page.getByTestId('article-body');
  await body.click();

  // A plain-text paste, as a PDF viewer puts it on the clipboard.
  const text = readFileSync(join(FIXTURES, 'pdf-pasted.utf8.txt'), 'utf8');
  await body.evaluate((el, t) => {
    const data = new DataTransfer();
    data.setData('text/plain', t);
    el.dispatchEvent(new ClipboardEvent('paste', { clipboardData: data, bubbles: true, cancelable: true }));
  }, text);
  await expect(body).toContainText('- 1 -');
  await expect(page.getByTestId('pdf-paste-bar')).toContainText('像是从 PDF 复制的');

  await page.getByTestId('pdf-paste-clean').click();
  await expect(page.getByTestId('pdf-paste-done')).toContainText('合并断行 9 处，删除页码 2 个、页眉 2 行');
  await expect(body.locator('p')).toHaveCount(6);
  await expect(body.locator('p').first()).toHaveText('园区绿色发展 按下“快进键”');
  await expect(body).not.toContainText('- 1 -');
  await expect(body).toContainText('绿色低碳示范园区为抓手，推动企业节能降碳改造');
  await expect(page.getByTestId('save-state')).toHaveAttribute('data-state', 'saved', { timeout: 15_000 });
});
