import { expect, test, api, asUser, makeEditor, newArticle, shot, typeBody } from './helpers';

// Issue #10: everyone sees each other's changes within a second, and who else
// has an article open; nothing typed is ever lost.

test("the reviewer's inbox count changes within 2 s of the editor's submit, without a reload", async ({ browser }) => {
  const reviewer = await asUser(browser, 'reviewer1');
  await reviewer.getByRole('menuitem', { name: /待我审核/ }).click();
  const tab = reviewer.getByRole('tab', { name: /待我审核（\d+）/ });
  await expect(tab).toBeVisible();
  const before = Number(/（(\d+)）/.exec((await tab.textContent()) ?? '')![1]);
  const badge = reviewer.getByTestId('inbox-count');

  const editor = await asUser(browser, 'editor');
  const title = `开发区召开项目推进会${Date.now() % 100000}`;
  await newArticle(editor, title, '11月26日上午，开发区召开重点项目推进会，逐一研究解决项目建设中的困难。');
  await editor.getByTestId('submit').click();
  await expect(editor.getByTestId('status-tag').first()).toHaveText('待初审');

  // No reload on the reviewer's side: the tab, the menu badge and the list follow.
  await expect(reviewer.getByRole('tab', { name: `待我审核（${before + 1}）` })).toBeVisible({ timeout: 2000 });
  await expect(reviewer.getByRole('link', { name: title })).toBeVisible({ timeout: 2000 });
  await expect(badge.locator('sup')).toHaveAttribute('title', String(before + 1), { timeout: 2000 });
  await shot(reviewer, 'inbox-live');
});

test('both see presence on one article; a second editor gets it read-only; the editor sees the new-revision banner after the other saves', async ({
  browser,
  request,
}) => {
  const suffix = Date.now() % 100000;
  const password = await makeEditor(request, `wangfang${suffix}`, '王芳');

  const editor = await asUser(browser, 'editor');
  const title = `青禾园区新增标准厂房${suffix}`;
  const id = await newArticle(editor, title, '园区今年新建标准厂房十二栋。');

  // The reviewer opens the same article: each sees the other.
  const reviewer = await asUser(browser, 'reviewer1');
  await reviewer.goto(`/#/article/${id}`);
  await expect(reviewer.getByTestId('presence')).toContainText('林悦正在编辑');
  await expect(editor.getByTestId('presence')).toContainText('郑雨桐正在查看', { timeout: 5000 });

  // The list shows who is editing.
  await reviewer.getByRole('button', { name: '返回列表' }).click();
  await expect(reviewer.getByRole('row', { name: new RegExp(title) }).getByTestId('editing-tag')).toHaveText('林悦正在编辑');
  await shot(reviewer, 'articles-editing');

  // A second editor: read-only by default, with 仍要编辑.
  const second = await asUser(browser, `wangfang${suffix}`, password);
  await second.goto(`/#/article/${id}`);
  await expect(second.getByTestId('yield-notice')).toContainText('林悦正在编辑这篇稿件');
  await expect(second.getByTestId('field-title')).toBeDisabled();
  await shot(second, 'editor-read-only');
  await second.getByTestId('edit-anyway').click();
  await expect(second.getByTestId('field-title')).toBeEnabled();
  await expect(editor.getByTestId('presence')).toContainText('王芳正在编辑', { timeout: 5000 });
  await typeBody(second, '园区今年新建标准厂房十五栋，已全部交付使用。');
  await expect(second.getByTestId('save-state')).toHaveAttribute('data-state', 'saved', { timeout: 15_000 });
  const revision = Number(/第(\d+)稿/.exec((await second.getByTestId('save-state').textContent()) ?? '')![1]);

  // The editor learns of it before her next save fails.
  const banner = editor.getByTestId('newer-banner');
  await expect(banner).toContainText(`有新稿次：第${revision}稿，王芳`, { timeout: 3000 });
  await editor.getByTestId('newer-diff').click();
  const diff = editor.getByRole('dialog').getByTestId('diff');
  await expect(diff.locator('ins')).toContainText(['五']);
  await shot(editor, 'newer-diff');
  await editor.getByRole('dialog').getByRole('button', { name: '载入最新' }).click();
  await expect(editor.getByTestId('article-body')).toHaveText('园区今年新建标准厂房十五栋，已全部交付使用。');
  await expect(banner).toBeHidden();
});

test('the conflict view keeps the user’s text and saves it on top of the latest', async ({ browser, request }) => {
  const suffix = Date.now() % 100000;
  const password = await makeEditor(request, `liqiang${suffix}`, '李强');
  const editor = await asUser(browser, 'editor');
  const id = await newArticle(editor, `冬季安全生产检查${suffix}`, '园区开展冬季安全生产检查。');

  const other = await asUser(browser, `liqiang${suffix}`, password);
  await other.goto(`/#/article/${id}`);
  await other.getByTestId('edit-anyway').click();
  await typeBody(other, '园区开展冬季安全生产大检查，排查隐患二十处。');
  await expect(other.getByTestId('save-state')).toHaveAttribute('data-state', 'saved', { timeout: 15_000 });

  // 林悦 types on her older revision: the save is refused, her text is shown beside the latest.
  const mine = '园区开展冬季安全生产检查，检查企业四十家。';
  await typeBody(editor, mine);
  const conflict = editor.getByTestId('conflict-view');
  await expect(conflict).toBeVisible({ timeout: 15_000 });
  await expect(editor.getByTestId('conflict-mine')).toContainText(mine);
  await expect(editor.getByTestId('conflict-latest-text')).toContainText('排查隐患二十处');
  await expect(conflict).toContainText('保存冲突：李强已保存第3稿');
  await expect(conflict.getByTestId('diff')).toBeVisible();
  await shot(editor, 'conflict-view');

  await editor.getByTestId('conflict-keep').click();
  await expect(editor.getByTestId('save-state')).toHaveAttribute('data-state', 'saved', { timeout: 15_000 });
  await expect(editor.getByTestId('save-state')).toContainText('第4稿');
  await expect(editor.getByTestId('article-body')).toHaveText(mine);
  // The other editor hears of it.
  await expect(other.getByTestId('newer-banner')).toContainText('有新稿次：第4稿，林悦', { timeout: 3000 });
});

test('text typed while the server is unreachable is kept and saved when it is back', async ({ browser }) => {
  const editor = await asUser(browser, 'editor');
  await newArticle(editor, `断网测试${Date.now() % 100000}`, '第一段。');
  await editor.context().setOffline(true);
  await typeBody(editor, '断网期间输入的文字，不会丢失。');
  await expect(editor.getByTestId('save-state')).toHaveAttribute('data-state', 'offline', { timeout: 15_000 });
  await expect(editor.getByTestId('save-state')).toContainText('未连接服务器，修改暂存在本机');
  const kept = await editor.evaluate(() => Object.keys(localStorage).filter((k) => k.startsWith('zonepress.draft.')).length);
  expect(kept).toBe(1);
  // The failed save made the app check its connection: the banner says the server is away.
  await expect(editor.getByTestId('connection-banner')).toHaveAttribute('data-state', 'offline', { timeout: 10_000 });
  await expect(editor.getByTestId('connection-banner')).toContainText('您输入的文字保存在本机，不会丢失');
  await shot(editor, 'editor-offline');
  await editor.context().setOffline(false);
  await expect(editor.getByTestId('save-state')).toHaveAttribute('data-state', 'saved', { timeout: 15_000 });
  await expect(editor.getByTestId('connection-banner')).toBeHidden({ timeout: 15_000 });
  const left = await editor.evaluate(() => Object.keys(localStorage).filter((k) => k.startsWith('zonepress.draft.')).length);
  expect(left).toBe(0);
});

test('signing out everywhere ends the session in another window too', async ({ browser }) => {
  const first = await asUser(browser, 'proofreader');
  const second = await asUser(browser, 'proofreader');
  // The token is kept per tab (sessionStorage), never in localStorage.
  expect(await first.evaluate(() => localStorage.getItem('zonepress.token'))).toBeNull();
  expect(await first.evaluate(() => sessionStorage.getItem('zonepress.token'))).toBeTruthy();

  await first.getByTestId('account-menu').click();
  await first.getByRole('menuitem', { name: '退出所有设备上的登录' }).click();
  await first.getByTestId('logout-all-confirm').click();
  await expect(first.getByTestId('login-form')).toBeVisible();
  await expect(second.getByTestId('login-form')).toBeVisible({ timeout: 5000 });
  await expect(second.getByText('您的账号已在所有设备上退出登录，请重新登录。')).toBeVisible();
});

test('merging by hand keeps the latest beside the editor and saves only when asked', async ({ browser, request }) => {
  const suffix = Date.now() % 100000;
  const password = await makeEditor(request, `zhoujie${suffix}`, '周杰');
  const editor = await asUser(browser, 'editor');
  const id = await newArticle(editor, `园区植树活动${suffix}`, '园区组织植树活动。');
  const other = await asUser(browser, `zhoujie${suffix}`, password);
  await other.goto(`/#/article/${id}`);
  await other.getByTestId('edit-anyway').click();
  await typeBody(other, '园区组织义务植树活动，栽种树苗三百株。');
  await expect(other.getByTestId('save-state')).toHaveAttribute('data-state', 'saved', { timeout: 15_000 });

  await typeBody(editor, '园区组织植树活动，干部职工五十余人参加。');
  await expect(editor.getByTestId('conflict-view')).toBeVisible({ timeout: 15_000 });
  await editor.getByTestId('conflict-merge').click();
  const panel = editor.getByTestId('merge-panel');
  await expect(panel).toContainText('栽种树苗三百株');
  await expect(editor.getByTestId('article-body')).toHaveText('园区组织植树活动，干部职工五十余人参加。');
  const merged = '园区组织义务植树活动，干部职工五十余人参加，栽种树苗三百株。';
  await typeBody(editor, merged);
  await shot(editor, 'merge-by-hand');
  // Nothing is saved on its own while merging.
  await editor.waitForTimeout(2000);
  await expect(editor.getByTestId('save-state')).toHaveAttribute('data-state', 'dirty');
  await panel.getByTestId('merge-save').click();
  await expect(editor.getByTestId('save-state')).toHaveAttribute('data-state', 'saved', { timeout: 15_000 });
  await expect(panel).toBeHidden();
  await expect(other.getByTestId('newer-banner')).toContainText('林悦', { timeout: 3000 });
  await other.getByTestId('newer-load').click();
  await expect(other.getByTestId('article-body')).toHaveText(merged);
});

test('an open review screen and the layout board follow changes made elsewhere', async ({ browser, request }) => {
  // The review screen: the editor changes the text while the reviewer reads it.
  const editor = await asUser(browser, 'editor');
  const title = `园区举办消防演练${Date.now() % 100000}`;
  const id = await newArticle(editor, title, '11月28日，园区举办消防演练。');
  await editor.getByTestId('submit').click();
  await expect(editor.getByTestId('status-tag').first()).toHaveText('待初审');
  const reviewer = await asUser(browser, 'reviewer1');
  await reviewer.goto(`/#/review/${id}`);
  await expect(reviewer.getByTestId('review-text')).toContainText('园区举办消防演练。');
  await expect(editor.getByTestId('presence')).toContainText('郑雨桐正在查看', { timeout: 5000 });
  await typeBody(editor, '11月28日，园区举办消防演练，三百余名职工参加。');
  await expect(editor.getByTestId('save-state')).toHaveAttribute('data-state', 'saved', { timeout: 15_000 });
  await expect(reviewer.getByTestId('review-text')).toContainText('三百余名职工参加', { timeout: 2000 });
  await expect(reviewer.getByTestId('review-changed')).toContainText('审阅期间稿件已更新：第2稿 → 第3稿（林悦）');
  await shot(reviewer, 'review-changed');

  // The layout board: a colleague takes an article off page 3 and puts it back.
  const layout = await asUser(browser, 'layout');
  await layout.getByRole('menuitem', { name: '版面' }).click();
  const page3 = layout.locator('[data-testid="page-column"][data-page="3"]');
  await expect(page3.getByTestId('placed-card').first()).toBeVisible();
  const cards = await page3.getByTestId('placed-card').count();
  const thumb = layout.locator('[data-testid="page-thumb"][data-page="3"] img');
  await expect(thumb).toBeVisible({ timeout: 15_000 });
  const before = await thumb.getAttribute('src');

  const other = await api<{ token: string }>(request, 'login', { username: 'proofreader', password: 'zonepress' });
  const issues = await api<{ id: number; date: string }[]>(request, 'list_issues', {}, other.token);
  const issueId = [...issues].sort((a, b) => b.date.localeCompare(a.date))[0].id;
  const { plan } = await api<{ plan: { pages: { number: number; placements: { article_id: number }[] }[] } }>(
    request,
    'get_issue_plan',
    { issue_id: issueId },
    other.token,
  );
  const original = structuredClone(plan);
  const removed = plan.pages[2].placements.pop()!;
  await api(request, 'plan_issue', plan, other.token);

  await expect(page3.getByTestId('placed-card')).toHaveCount(cards - 1, { timeout: 2000 });
  await expect(layout.getByTestId('layout-tray').locator(`[data-article="${removed.article_id}"]`)).toBeVisible();
  await expect.poll(() => thumb.getAttribute('src'), { timeout: 10_000 }).not.toBe(before);
  await shot(layout, 'layout-live');

  await api(request, 'plan_issue', original, other.token);
  await expect(page3.getByTestId('placed-card')).toHaveCount(cards, { timeout: 2000 });
});

test('a session that ended while text was unsaved: a clear message, and the text comes back after signing in again', async ({
  browser,
  request,
}) => {
  const editor = await asUser(browser, 'editor');
  const id = await newArticle(editor, `会话失效测试${Date.now() % 100000}`, '第一稿。');
  await editor.context().setOffline(true);
  const text = '会话失效前输入、尚未保存的文字。';
  await typeBody(editor, text);
  await expect(editor.getByTestId('save-state')).toHaveAttribute('data-state', 'offline', { timeout: 15_000 });

  // Meanwhile the admin signs 林悦 out everywhere; the first command after
  // reconnecting hears why, and the unsaved text is kept.
  const admin = await api<{ token: string }>(request, 'login', { username: 'admin', password: 'zonepress' });
  const users = await api<{ id: number; username: string }[]>(request, 'list_users', {}, admin.token);
  await api(request, 'sign_out_user', { id: users.find((u) => u.username === 'editor')!.id }, admin.token);

  await editor.context().setOffline(false);
  await expect(editor.getByTestId('login-form')).toBeVisible({ timeout: 15_000 });
  await expect(
    editor.getByText('您的账号已在所有设备上退出登录，请重新登录。未保存的文字已暂存在本机，重新打开稿件即可恢复。'),
  ).toBeVisible();
  await shot(editor, 'session-ended');

  await editor.getByTestId('login-username').fill('editor');
  await editor.getByTestId('login-password').fill('zonepress');
  await editor.getByTestId('login-submit').click();
  await expect(editor).toHaveURL(new RegExp(`#/article/${id}$`));
  const notice = editor.getByTestId('draft-notice');
  await expect(notice).toContainText('本机保存着您上次未保存的修改');
  await expect(editor.getByTestId('field-title')).toBeDisabled();
  await shot(editor, 'draft-notice');
  await notice.getByTestId('draft-restore').click();
  await expect(editor.getByTestId('article-body')).toHaveText(text);
  await expect(editor.getByTestId('save-state')).toHaveAttribute('data-state', 'saved', { timeout: 15_000 });
  await expect(editor.getByTestId('save-state')).toContainText('第3稿');
});
