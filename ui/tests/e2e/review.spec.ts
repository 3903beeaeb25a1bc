import { expect, test, asUser, typeBody } from './helpers';

test('an editor submits, three reviewers sign in their own sessions, the editor sees 已签发', async ({ browser }) => {
  const editor = await asUser(browser, 'editor');
  await editor.getByTestId('new-article').click();
  const title = `开发区举办重点项目观摩活动${Date.now() % 100000}`;
  await editor.getByTestId('new-article-title').fill(title);
  await editor.getByRole('button', { name: /确\s*定/ }).click();
  await typeBody(editor, '11月24日，开发区组织重点项目观摩活动，实地察看了8个在建项目。');
  await expect(editor.getByTestId('save-state')).toHaveAttribute('data-state', 'saved', { timeout: 15_000 });
  await editor.getByTestId('submit').click();
  await expect(editor.getByTestId('status-tag').first()).toHaveText('待初审');
  const articleUrl = editor.url();

  const opinions = ['内容属实，同意送复审。', '文字通顺，同意送终审。', '同意签发。'];
  for (const [i, reviewer] of ['reviewer1', 'reviewer2', 'reviewer3'].entries()) {
    const page = await asUser(browser, reviewer);
    await page.getByRole('menuitem', { name: /待我审核/ }).click();
    await page.getByRole('link', { name: title }).click();
    await expect(page.getByTestId('review-text')).toContainText('实地察看了8个在建项目');
    await page.getByTestId('opinion').fill(opinions[i]);
    await page.getByTestId('approve').click();
    await expect(page.getByText(/已签发(初审|复审|终审)/)).toBeVisible();
    await page.context().close();
  }

  await editor.reload();
  await expect(editor.getByTestId('status-tag').first()).toHaveText('已签发');
  // The history shows each reviewer's opinion.
  const reviewer = await asUser(browser, 'reviewer1');
  await reviewer.goto(articleUrl.replace('#/article/', '#/review/'));
  for (const o of opinions) await expect(reviewer.getByText(o).first()).toBeVisible();
});

test('a reviewer returns with an opinion and the author sees it', async ({ browser }) => {
  const editor = await asUser(browser, 'editor');
  await editor.getByTestId('new-article').click();
  const title = `园区开展冬季安全检查${Date.now() % 100000}`;
  await editor.getByTestId('new-article-title').fill(title);
  await editor.getByRole('button', { name: /确\s*定/ }).click();
  await typeBody(editor, '11月25日，园区开展冬季安全生产大检查,排查隐患。');
  await expect(editor.getByTestId('save-state')).toHaveAttribute('data-state', 'saved', { timeout: 15_000 });
  await editor.getByTestId('submit').click();
  await expect(editor.getByTestId('status-tag').first()).toHaveText('待初审');

  const r1 = await asUser(browser, 'reviewer1');
  await r1.getByRole('menuitem', { name: /待我审核/ }).click();
  await r1.getByRole('link', { name: title }).click();
  // The reviewer sees the open proofreading finding before deciding.
  await expect(r1.getByTestId('review-findings')).toContainText('中文语境中的半角标点');
  await expect(r1.getByTestId('review-findings')).toContainText('错误 1');
  await expect(r1.getByTestId('approve-errors')).toContainText('1');
  // Returning without an opinion is refused before anything is sent.
  await r1.getByTestId('return').click();
  await expect(r1.getByText('退回稿件必须填写审核意见')).toBeVisible();
  // A comment on a passage (the note typed first, then the passage selected), and a reply to it.
  await r1.getByTestId('comment-input').fill('检查了多少家企业？');
  await r1.getByTestId('review-text').evaluate((el) => {
    const text = el.textContent ?? '';
    const at = text.indexOf('安全生产大检查');
    const walker = document.createTreeWalker(el, NodeFilter.SHOW_TEXT);
    let node = walker.nextNode();
    let offset = 0;
    while (node && offset + (node.textContent ?? '').length <= at) {
      offset += (node.textContent ?? '').length;
      node = walker.nextNode();
    }
    const range = document.createRange();
    range.setStart(node!, at - offset);
    range.setEnd(node!, at - offset + 7);
    window.getSelection()!.removeAllRanges();
    window.getSelection()!.addRange(range);
  });
  await r1.getByRole('button', { name: '对所选文字批注' }).click();
  await expect(r1.getByTestId('review-text').locator('mark')).toHaveText('安全生产大检查');
  await r1.locator('[data-testid^="comment-reply-"]').first().click();
  await r1.getByTestId('reply-input').fill('请在正文中写明企业数量。');
  await r1.getByTestId('reply-send').click();
  await expect(r1.locator('.zp-reply')).toContainText('请在正文中写明企业数量。');

  await r1.getByTestId('opinion').fill('请补充检查发现的问题数量和整改要求。');
  await r1.getByTestId('return').click();
  await expect(r1.getByText('已退回作者')).toBeVisible();

  await editor.getByRole('menuitem', { name: /待我审核/ }).click();
  await editor.getByRole('tab', { name: /退回给我/ }).click();
  await editor.getByRole('link', { name: title }).click();
  await expect(editor.getByTestId('status-tag').first()).toHaveText('退回');
  await expect(editor.getByText('请补充检查发现的问题数量和整改要求。')).toBeVisible();
  // The author reads the whole record in the history drawer: submission, the return and its opinion.
  await editor.getByTestId('open-history').click();
  await editor.getByRole('tab', { name: '审稿流程与签名' }).click();
  const record = editor.getByTestId('history-record');
  await expect(record.getByTestId('transition-timeline')).toContainText('送审');
  await expect(record.getByTestId('transition-timeline')).toContainText('退回');
  await expect(record.getByTestId('transition-timeline')).toContainText('请补充检查发现的问题数量和整改要求。');
});
