import { expect, test, api, asUser, PASSWORD, shot } from './helpers';

// Issue #11 and #12: accounts an admin makes change their password first; the
// audit log shows who did what.

test('the first sign-in of an admin-created account forces a new password', async ({ browser }) => {
  const admin = await asUser(browser, 'admin');
  await admin.getByRole('menuitem', { name: '管理' }).click();
  const username = `sunli${Date.now() % 100000}`;
  await admin.getByRole('button', { name: '添加账号' }).click();
  const dialog = admin.getByRole('dialog');
  await dialog.getByLabel('用户名').fill(username);
  await dialog.getByLabel('姓名').fill('孙丽');
  await dialog.getByRole('checkbox', { name: '编辑' }).check();
  await dialog.getByLabel('密码').fill('short');
  await dialog.getByRole('button', { name: /确\s*定/ }).click();
  await expect(dialog.getByText('密码至少需要10个字符')).toBeVisible();
  await dialog.getByLabel('密码').fill('Chushi-mima-2026');
  await dialog.getByRole('button', { name: /确\s*定/ }).click();
  const row = admin.getByRole('row', { name: new RegExp(username) });
  await expect(row.getByTestId('must-change-tag')).toHaveText('待改密码');

  // The new colleague signs in: a 修改密码 form comes before the shell.
  const context = await browser.newContext({ locale: 'zh-CN' });
  const page = await context.newPage();
  await page.goto('/');
  await page.getByTestId('login-username').fill(username);
  await page.getByTestId('login-password').fill('Chushi-mima-2026');
  await page.getByTestId('login-submit').click();
  await expect(page.getByTestId('change-password')).toBeVisible();
  await expect(page.getByTestId('current-user')).toHaveCount(0);
  await expect(page.getByTestId('change-password')).toContainText('孙丽');
  await shot(page, 'change-password');
  // A common password is refused by the server, in Chinese.
  await page.getByTestId('password-next').fill('1234567890');
  await page.getByTestId('password-again').fill('1234567890');
  await page.getByTestId('password-submit').click();
  await expect(page.getByTestId('password-error')).toBeVisible();
  await page.getByTestId('password-next').fill('Sunli-qinghe-2026');
  await page.getByTestId('password-again').fill('Sunli-qinghe-2026');
  await page.getByTestId('password-submit').click();
  await expect(page.getByTestId('current-user')).toHaveText('孙丽');
  // The admin's list follows without a reload.
  await expect(row.getByTestId('must-change-tag')).toHaveCount(0, { timeout: 3000 });
});

test('an admin sees the audit log with a sign-in entry, filters it and checks the chain', async ({ browser }) => {
  const admin = await asUser(browser, 'admin');
  await admin.getByRole('menuitem', { name: '管理' }).click();
  await admin.getByRole('tab', { name: '审计日志' }).click();
  const log = admin.getByTestId('audit-log');
  await expect(log.getByRole('row', { name: /赵磊（admin）.*登录成功/ }).first()).toBeVisible();

  await log.getByTestId('audit-action').click();
  await admin.locator('.ant-select-item-option[title="登录成功"]').click();
  await log.getByTestId('audit-search').click();
  await expect(log.getByTestId('audit-action-tag').first()).toHaveText('登录成功');
  const tags = await log.getByTestId('audit-action-tag').allTextContents();
  expect(new Set(tags)).toEqual(new Set(['登录成功']));

  await log.getByTestId('audit-verify').click();
  await expect(log.getByTestId('audit-chain')).toContainText('审计链完整');
  await shot(admin, 'audit-log');

  await admin.getByRole('tab', { name: '服务器与安全' }).click();
  await expect(admin.getByTestId('server-info')).toContainText('仅本机访问');
  await expect(admin.getByTestId('tls-fingerprint')).toHaveText('未启用 HTTPS');
  await expect(admin.getByTestId('unsafe-accounts')).toContainText('演示密码');
  await shot(admin, 'server-info');

  await admin.getByRole('tab', { name: '刊物设置' }).click();
  await expect(admin.getByLabel('无操作自动退出')).toHaveValue('30');
});

test('a signature by an account whose password the admin set carries a warning in the article’s record', async ({ browser, request }) => {
  // An admin makes a 初审 account; its owner changes the password only because forced to, then signs.
  const suffix = Date.now() % 100000;
  const admin = await api<{ token: string }>(request, 'login', { username: 'admin', password: PASSWORD });
  const initial = 'Chushi-mima-2026';
  const username = `qianwei${suffix}`;
  await api(request, 'create_user', { username, display_name: '钱伟', password: initial, roles: ['reviewer'], review_levels: [1] }, admin.token);
  const reviewer = await api<{ token: string }>(request, 'login', { username, password: initial });
  await api(request, 'change_password', { old_password: initial, new_password: 'Qianwei-qinghe-2026' }, reviewer.token);
  const editor = await api<{ token: string }>(request, 'login', { username: 'editor', password: PASSWORD });
  const article = await api<{ id: number; revision: number }>(
    request,
    'create_article',
    { title: `签名提示测试${suffix}`, body: [{ type: 'paragraph', text: '11月27日，园区召开安全例会。' }] },
    editor.token,
  );
  await api(request, 'submit_article', { id: article.id, revision: article.revision }, editor.token);
  await api(request, 'approve_article', { id: article.id, revision: article.revision, level: 1, opinion: '同意。' }, reviewer.token);

  const page = await asUser(browser, 'editor');
  await page.goto(`/#/article/${article.id}`);
  await page.getByTestId('open-history').click();
  await page.getByRole('tab', { name: '审稿流程与签名' }).click();
  await expect(page.getByTestId('signer-reset')).toContainText('钱伟签名时使用的是赵磊于');
  await shot(page, 'history-signer-reset');
});
