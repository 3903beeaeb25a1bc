import { expect, test, api, asUser, login, PASSWORD, shot, typeBody } from './helpers';

test('an editor sees findings while typing, fixes the comma in one click, proposes to leave the roster finding and a proofreader confirms', async ({
  page,
  browser,
}) => {
  await login(page, 'editor');
  await page.getByTestId('new-article').click();
  await page.getByTestId('new-article-title').fill(`校对测试${Date.now() % 100000}`);
  await page.getByRole('button', { name: /确\s*定/ }).click();
  await expect(page.getByTestId('proof-panel')).toBeVisible();

  await typeBody(page, '开发区党工委书记陈思远出席会议,并讲话。');
  const roster = page.getByTestId('finding').and(page.locator('[data-rule^="roster."]'));
  const comma = page.getByTestId('finding').and(page.locator('[data-rule="punct.halfwidth"]'));
  // Checked about 300 ms after the last keystroke.
  await expect(roster).toBeVisible({ timeout: 1000 });
  await expect(comma).toBeVisible({ timeout: 1000 });
  await expect(roster).toContainText('张海峰');
  await expect(roster).toContainText('陈思远');
  // Underlined in the body: the name and the comma.
  await expect(page.getByTestId('article-body').locator('.zp-proof-error')).toHaveText(['陈思远', ',']);

  // A click on a finding selects its passage in the body.
  await roster.locator('.zp-finding-rule').click();
  await expect.poll(() => page.evaluate(() => window.getSelection()?.toString())).toBe('陈思远');

  await comma.getByTestId('finding-fix').click();
  await expect(page.getByTestId('article-body')).toHaveText('开发区党工委书记陈思远出席会议，并讲话。');
  await expect(comma).toHaveCount(0);
  await expect(page.getByTestId('article-body').locator('.zp-proof-error')).toHaveText(['陈思远']);

  // Ignoring needs the finding in the saved article: the fix is saved automatically.
  await expect(page.getByTestId('save-state')).toHaveAttribute('data-state', 'saved', { timeout: 15_000 });
  const ignore = roster.getByTestId('finding-ignore');
  await expect(ignore).toBeEnabled();
  await ignore.click();
  // No reason, no ignoring.
  await page.getByTestId('ignore-confirm').click();
  await expect(page.getByText('请填写忽略的理由')).toBeVisible();
  await page.getByTestId('ignore-reason').fill('经核实，陈思远在此次会议上代行书记职责');
  await page.getByTestId('ignore-confirm').click();

  // An editor's ignore of an error is a proposal: it still counts until a proofreader confirms.
  await expect(page.getByText('已提交忽略申请，待校对人员确认')).toBeVisible();
  await expect(roster.getByTestId('finding-proposal')).toContainText('待校对确认');
  await expect(roster.getByTestId('finding-proposal')).toContainText('林悦申请忽略：经核实，陈思远在此次会议上代行书记职责');
  await shot(page, 'proof-proposal-editor');

  // The proofreader finds it on the 校对 page and confirms it.
  const proofreader = await asUser(browser, 'proofreader');
  await proofreader.getByRole('menuitem', { name: '校对' }).click();
  const proposal = proofreader.getByTestId('proposal').filter({ hasText: '陈思远' });
  await expect(proposal).toContainText('林悦申请忽略：经核实，陈思远在此次会议上代行书记职责');
  await shot(proofreader, 'proof-proposals');
  await proposal.getByTestId('proposal-accept').click();
  await expect(proofreader.getByText('已确认忽略')).toBeVisible();
  await expect(proposal).toHaveCount(0);

  // The editor's panel follows without a reload.
  await expect(roster).toHaveCount(0, { timeout: 3000 });
  await expect(page.getByTestId('article-body').locator('.zp-proof')).toHaveCount(0);
  const ignored = page.getByTestId('ignored-findings');
  await expect(ignored).toContainText('已忽略（1）');
  await ignored.getByText('已忽略（1）').click();
  const item = ignored.getByTestId('ignored-finding');
  await expect(item).toContainText('陈思远');
  await expect(item).toContainText('理由：经核实，陈思远在此次会议上代行书记职责');
  await expect(item).toContainText('林悦');
  await expect(item).toContainText('钱晓雯确认');

  // Headline fields are underlined too, and their findings listed beneath them.
  await page.getByTestId('field-title').fill('园区招商,再传捷报');
  await expect(page.getByTestId('field-underlay-title').locator('.zp-proof-error')).toHaveText([','], { timeout: 1000 });
  await expect(page.getByTestId('field-findings-title')).toContainText('“,”');
  // The underline sits inside the input's box, on its line of text.
  const input = (await page.getByTestId('field-title').boundingBox())!;
  const mark = (await page.getByTestId('field-underlay-title').locator('.zp-proof-error').boundingBox())!;
  expect(mark.y).toBeGreaterThanOrEqual(input.y);
  expect(mark.y + mark.height).toBeLessThanOrEqual(input.y + input.height + 1);
  // The comma is the middle character of the centred title.
  expect(Math.abs(mark.x + mark.width / 2 - (input.x + input.width / 2))).toBeLessThan(30);
});

test('a proofreader sees the demo issue\'s 三校 record made from its 校样 rounds', async ({ page }) => {
  await login(page, 'proofreader');
  await page.getByRole('menuitem', { name: '校对' }).click();
  await expect(page.getByTestId('proof-issue')).toContainText('2026年第11期');
  await expect(page.getByTestId('issue-error-rate')).toContainText('/万字');
  await expect(page.getByTestId('proof-articles')).toContainText('开发区出台优化营商环境22条新举措');
  // The demo issue went through its three rounds: each pass is the round's
  // marks counted on its 校样, with the 差错率 of that round.
  const passes = page.getByTestId('proof-passes');
  await expect(passes).toContainText('一校样：2处标记');
  await expect(passes).toContainText('二校样：1处标记');
  await expect(passes).toContainText('三校样：0处标记');
  await expect(passes).toContainText('差错率');
  await expect(passes).toContainText('三校已全部完成');
  // Nothing is left to record by hand.
  await expect(page.getByTestId('record-pass')).toHaveCount(0);
});

test('an admin adds a word to the list and an editor is warned about it while typing', async ({ browser }) => {
  const word = `青禾湾${Date.now() % 1000}区`;
  const admin = await (await browser.newContext({ locale: 'zh-CN' })).newPage();
  await login(admin, 'admin');
  await admin.getByRole('menuitem', { name: '管理' }).click();
  await admin.getByRole('tab', { name: '易错词表' }).click();
  await admin.getByTestId('word-add').click();
  const dialog = admin.getByRole('dialog');
  await dialog.getByLabel('错误写法').fill(word);
  await dialog.getByLabel('正确写法').fill('青禾开发区');
  await dialog.getByRole('button', { name: /确\s*定/ }).click();
  await admin.getByPlaceholder('查找词条').fill(word);
  await expect(admin.getByTestId('word-table')).toContainText(word);

  const editor = await (await browser.newContext({ locale: 'zh-CN' })).newPage();
  await login(editor, 'editor');
  await editor.getByTestId('new-article').click();
  await editor.getByTestId('new-article-title').fill(`词表测试${Date.now() % 100000}`);
  await editor.getByRole('button', { name: /确\s*定/ }).click();
  await typeBody(editor, `${word}举办秋季招聘会。`);
  const finding = editor.getByTestId('finding').and(editor.locator('[data-rule="word.confusable"]'));
  await expect(finding).toContainText(`“${word}”应为“青禾开发区”`);
  await expect(editor.getByTestId('article-body').locator('.zp-proof-warning')).toHaveText([word]);
});

test('an admin drags a row of 人名职务表 to a new rank, and the rank rule follows the new order', async ({ page, request }) => {
  const token = (await api<{ token: string }>(request, 'login', { username: 'admin', password: PASSWORD })).token;
  const text = '陈思远、李文博出席签约仪式。';
  const rankFindings = async () =>
    (await api<{ rule: string; replacement?: string | null }[]>(request, 'check_text', { text }, token)).filter((f) => f.rule === 'roster.rank_order');
  expect(await rankFindings()).toHaveLength(0);

  await login(page, 'admin');
  await page.getByRole('menuitem', { name: '管理' }).click();
  await page.getByRole('tab', { name: '人名职务表' }).click();
  const table = page.getByTestId('roster-table');
  const rankOf = (name: string) => page.getByTestId(`roster-row-${name}`).getByTestId('roster-rank');
  await expect(rankOf('陈思远')).toHaveText('2');
  await expect(rankOf('李文博')).toHaveText('3');

  // 李文博 dropped on 陈思远 takes rank 2; 陈思远 moves down to 3, the rest stay.
  await page.getByTestId('roster-row-李文博').dragTo(page.getByTestId('roster-row-陈思远'));
  await expect(rankOf('李文博')).toHaveText('2');
  await expect(rankOf('陈思远')).toHaveText('3');
  await expect(rankOf('张海峰')).toHaveText('1');
  await expect(rankOf('周敏')).toHaveText('4');
  await expect(table.locator('tbody tr').nth(1)).toContainText('李文博');
  await shot(page, 'roster-dragged');

  // The checker now expects 李文博 first, and offers the reordered names.
  const found = await rankFindings();
  expect(found).toHaveLength(1);
  expect(found[0].replacement).toBe('李文博、陈思远');

  // Dragged back, the order and the text are as before.
  await page.getByTestId('roster-row-陈思远').dragTo(page.getByTestId('roster-row-李文博'));
  await expect(rankOf('陈思远')).toHaveText('2');
  await expect(rankOf('李文博')).toHaveText('3');
  expect(await rankFindings()).toHaveLength(0);
});
