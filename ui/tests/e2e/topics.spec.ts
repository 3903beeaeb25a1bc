import type { APIRequestContext } from '@playwright/test';
import { PASSWORD, api, asUser, expect, test, typeBody } from './helpers';

/**
 * 选题 and 派稿 across browsers: an editor proposes a topic with page 2
 * reserved for it and assigns it to a 通讯员 with a deadline; the 通讯员's
 * bell shows it within 2 s without a reload. Layout staff see the slot on
 * page 2 (title, owner, deadline), in preflight as an error, let it go and
 * reserve it again. The 通讯员 starts the article from the topic — it
 * takes the slot — writes and submits it; the editor's board shows 已交稿,
 * then 已完成 once the article is signed, and the 通讯员 sees 已采用 with the
 * issue and page.
 */

async function token(request: APIRequestContext, username: string, password = PASSWORD): Promise<string> {
  return (await api<{ token: string }>(request, 'login', { username, password })).token;
}

test('an assignment reaches the correspondent live and the topic follows the article to 已完成', async ({
  browser,
  request,
}) => {
  test.setTimeout(120_000);
  // The 通讯员's account, made by the admin in one step, past its first sign-in.
  const admin = await token(request, 'admin');
  const initial = 'Chushi-tongxun-2026';
  const made = await api<{ user: { roles: string[] }; contributor: { unit: string } }>(
    request,
    'create_correspondent',
    { username: 'chenxi', display_name: '陈曦', password: initial, unit: '经发局' },
    admin,
  );
  expect(made.user.roles).toEqual(['correspondent']);
  const password = 'Qinghe-tongxun-2026';
  const own = await token(request, 'chenxi', initial);
  await api(request, 'change_password', { old_password: initial, new_password: password }, own);

  const editorToken = await token(request, 'editor');
  const issue = await api<{ id: number }>(
    request,
    'create_issue',
    // Dated before the demo issue, so the other specs still open the demo
    // issue as the latest.
    { year: 2026, number: 8, date: '2026-09-30', page_count: 2 },
    editorToken,
  );

  const editor = await asUser(browser, 'editor');
  const corr = await asUser(browser, 'chenxi', password);
  // The 通讯员 sees only their own things: no issue list, no search.
  await expect(corr.getByTestId('pieces-view')).toBeVisible();
  await expect(corr.getByTestId('bell-count')).not.toContainText(/\d/);

  // 报题 on the 选题会 board, with page 2 reserved for it.
  await editor.goto(`/#/topics/${issue.id}`);
  await expect(editor.getByTestId('topics-view')).toBeVisible();
  await editor.getByTestId('topic-propose').click();
  await editor.getByTestId('topic-title').fill('经发局助企纾困走访记');
  await editor.getByTestId('topic-page').fill('2');
  await editor.locator('#topic-propose-ok').click();
  const row = editor.getByTestId('topics-table').locator('tr', { hasText: '经发局助企纾困走访记' });
  await expect(row.getByTestId('topic-state')).toHaveText('报题');
  await row.getByTestId('topic-accept').click();
  await expect(row.getByTestId('topic-state')).toHaveText('已通过');

  // 派稿 with a deadline: the 通讯员's bell within 2 s, no reload.
  await row.getByTestId('topic-assign').click();
  await editor.getByTestId('assign-user').fill('chenxi');
  await editor.getByTestId('assign-due').fill('2026-12-20 18:00');
  await editor.locator('#assign-ok').click();
  await expect(row.getByTestId('topic-state')).toHaveText('已派稿');
  await expect(row).toContainText('陈曦');
  await expect(corr.getByTestId('bell-count')).toContainText('1', { timeout: 2000 });
  await expect(corr).toHaveTitle(/^\(1\) /);
  await corr.getByTestId('bell').click();
  await expect(corr.getByTestId('notification').first()).toContainText('派稿：“经发局助企纾困走访记”，截稿2026-12-20 18:00');
  await corr.getByTestId('notification').first().click();
  await expect(corr.getByTestId('bell-count')).not.toContainText(/\d/);

  // Layout staff see the slot held on page 2 with its owner and deadline.
  const layoutPage = await asUser(browser, 'layout');
  await layoutPage.goto(`/#/layout/${issue.id}`);
  const page2 = layoutPage.locator('[data-testid="page-column"][data-page="2"]');
  const slot = page2.getByTestId('reserved-slot');
  await expect(slot).toContainText('经发局助企纾困走访记');
  await expect(slot.getByTestId('slot-meta')).toContainText('陈曦 · 截稿2026-12-20 18:00');
  // Preflight lists it as an error.
  await layoutPage.getByTestId('preflight-button').click();
  await expect(layoutPage.getByTestId('preflight-error')).toContainText('第2版为选题“经发局助企纾困走访记”预留的版位还没有稿件');
  // Let go, and reserved again from the page's 预留版位 picker.
  await slot.getByTestId('slot-release').click();
  await expect(page2.getByTestId('reserved-slot')).toHaveCount(0);
  await page2.getByTestId('slot-reserve').click();
  await layoutPage.getByTestId('slot-topic').click();
  await layoutPage.locator('.ant-select-item-option', { hasText: '经发局助企纾困走访记' }).click();
  await layoutPage.getByTestId('slot-ok').click();
  await expect(page2.getByTestId('reserved-slot')).toContainText('经发局助企纾困走访记');
  await page2.locator('.zp-page-head').click();
  await layoutPage.getByRole('tab', { name: '版面预览' }).click();
  await expect(layoutPage.locator('[data-testid="page-preview"][data-page="2"]')).toBeVisible();
  await layoutPage.screenshot({ path: 'test-results/topics-slot.png' });

  // 开始写稿 from the topic, write and submit.
  await expect(corr.getByTestId('topics-view')).toBeVisible();
  const mine = corr.getByTestId('topics-table').locator('tr', { hasText: '经发局助企纾困走访记' });
  await mine.getByTestId('topic-start').click();
  await expect(corr.getByTestId('field-title')).toHaveValue('经发局助企纾困走访记');
  const articleId = Number(new URL(corr.url()).hash.split('/')[2]);
  await typeBody(corr, '12月上旬，经发局走访园区十家企业，现场解决用工、融资等方面的问题。');
  await expect(corr.getByTestId('save-state')).toHaveText(/已保存/, { timeout: 15_000 });
  await corr.getByTestId('submit').click();
  await expect(row.getByTestId('topic-state')).toHaveText('已交稿');
  // The article took the slot: it is on page 2, the slot is gone.
  await expect(page2.locator(`[data-testid="placed-card"][data-article="${articleId}"]`)).toBeVisible();
  await expect(page2.getByTestId('reserved-slot')).toHaveCount(0);

  // Signed at three levels, in the slot on page 2.
  const article = await api<{ revision: number }>(request, 'get_article', { id: articleId }, editorToken);
  for (const [user, level] of [
    ['reviewer1', 1],
    ['reviewer2', 2],
    ['reviewer3', 3],
  ] as const) {
    await api(
      request,
      'approve_article',
      { id: articleId, revision: article.revision, level, opinion: '同意。' },
      await token(request, user),
    );
  }
  await expect(row.getByTestId('topic-state')).toHaveText('已完成');
  await editor.screenshot({ path: 'test-results/topics-board.png' });

  // The 通讯员 sees 已采用 with the issue and the page.
  await corr.getByRole('menuitem', { name: '我的稿件' }).click();
  const piece = corr.getByTestId('pieces-view').locator('tr', { hasText: '经发局助企纾困走访记' });
  await expect(piece.getByTestId('piece-outcome')).toContainText('已采用');
  await expect(piece.getByTestId('piece-outcome')).toContainText(/2026年第8期（总第\d+期） 第2版/);
  await expect(corr.getByTestId('pieces-stats')).toContainText('已采用1');
  await corr.screenshot({ path: 'test-results/topics-pieces.png' });

  // The core refuses the 通讯员 anything else.
  const refused = await request.post('/api/list_issues', { data: {}, headers: { Authorization: `Bearer ${await token(request, 'chenxi', password)}` } });
  expect(refused.status()).toBe(403);
});

test('an admin opens a correspondent account from the 通讯员 list; the editor sees who read the assignment, the 月历 and cancels', async ({
  browser,
  request,
}) => {
  test.setTimeout(90_000);
  // 开通通讯员账号 in one step from the 通讯员 list.
  const admin = await asUser(browser, 'admin');
  await admin.goto('/#/contributors');
  await admin.getByTestId('correspondent-add').click();
  await admin.getByTestId('correspondent-name').fill('林晓');
  await admin.getByTestId('correspondent-username').fill('linxiao');
  const initial = 'Chushi-linxiao-2026';
  await admin.getByTestId('correspondent-password').fill(initial);
  await admin.getByTestId('correspondent-unit').fill('招商局');
  await admin.locator('#correspondent-ok').click();
  const made = admin.getByTestId('contributor-table').locator('tr', { hasText: '林晓' });
  await expect(made).toContainText('林晓（linxiao）');

  // 派稿 to them (dated before the demo issue, which other specs open as the latest).
  const editorToken = await token(request, 'editor');
  const issue = await api<{ id: number }>(request, 'create_issue', { year: 2026, number: 7, date: '2026-08-31', page_count: 2 }, editorToken);
  const topic = await api<{ id: number }>(request, 'propose_topic', { issue_id: issue.id, title: '招商局半年签约回顾', expected_chars: 900 }, editorToken);
  await api(request, 'decide_topic', { id: topic.id, decision: 'accepted' }, editorToken);
  await api(request, 'assign_topic', { topic_id: topic.id, assignee: 'linxiao', due: '2026-08-20 17:00' }, editorToken);

  // The editor sees that 林晓 was told and has not read it yet.
  const editor = await asUser(browser, 'editor');
  await editor.goto(`/#/topics/${issue.id}`);
  const row = editor.getByTestId('topics-table').locator('tr', { hasText: '招商局半年签约回顾' });
  await row.locator('.ant-table-row-expand-icon').click();
  const told = editor.getByTestId('topic-deliveries');
  await expect(told).toContainText('林晓');
  // (Its deadline is past: the overdue reminders went out too.)
  await expect(told.locator('tr', { hasText: '派稿：' }).getByTestId('delivery-unread')).toHaveText('未读');

  // 林晓 reads it (first sign-in: their own password, then the bell).
  const own = await token(request, 'linxiao', initial);
  await api(request, 'change_password', { old_password: initial, new_password: 'Qinghe-linxiao-2026' }, own);
  const corr = await token(request, 'linxiao', 'Qinghe-linxiao-2026');
  await api(request, 'mark_notifications_read', {}, corr);
  await editor.reload();
  await editor.getByTestId('topics-table').locator('tr', { hasText: '招商局半年签约回顾' }).locator('.ant-table-row-expand-icon').click();
  await expect(editor.getByTestId('topic-deliveries').locator('tr', { hasText: '派稿：' }).getByTestId('delivery-read')).toContainText('已读');

  // The 月历: the deadline on its day, the issue on its date.
  await editor.getByTestId('topics-shape').getByText('月历').click();
  const calendar = editor.getByTestId('topics-calendar');
  await expect(calendar.locator('[data-day="2026-08-20"]').getByTestId('calendar-due')).toHaveText('截稿：招商局半年签约回顾');
  await expect(calendar.locator('[data-day="2026-08-31"]').getByTestId('calendar-issue')).toContainText('2026年第7期');
  await editor.screenshot({ path: 'test-results/topics-calendar.png' });

  // Cancelled with a reason: 已取消, and 林晓 is told.
  await editor.getByTestId('topics-shape').getByText('列表').click();
  await editor.getByTestId('topics-table').locator('tr', { hasText: '招商局半年签约回顾' }).getByTestId('topic-cancel').click();
  await editor.getByTestId('topic-cancel-reason').fill('签约仪式改到下月，本期不报道。');
  await editor.locator('#topic-cancel-ok').click();
  await expect(editor.getByTestId('topics-table').locator('tr', { hasText: '招商局半年签约回顾' }).getByTestId('topic-state')).toHaveText('已取消');
  const notes = await api<{ items: { kind: string; body: string }[] }>(request, 'list_notifications', {}, corr);
  expect(notes.items[0].kind).toBe('cancelled');
  expect(notes.items[0].body).toBe('签约仪式改到下月，本期不报道。');
});
