import { expect, test, api, asUser, makeEditor, PASSWORD, shot } from './helpers';

// Issue #25: a changed password signs out the account's other sessions —
// the screen that changed it says how many, the other one says why — and
// the audit chain says it is keyed.

test('changing one’s password signs out one’s other sessions, and both screens say so', async ({ browser, request }) => {
  const username = `qianxl${Date.now() % 100000}`;
  const password = await makeEditor(request, username, '钱晓林');
  const here = await asUser(browser, username, password);
  const there = await asUser(browser, username, password);

  await here.getByTestId('account-menu').click();
  await here.getByRole('menuitem', { name: '修改密码' }).click();
  await expect(here.getByTestId('password-others-note')).toContainText('其他电脑、浏览器上的登录将全部退出');
  await here.getByTestId('password-current').fill(password);
  await here.getByTestId('password-next').fill('Qianxl-xin-mima-2026');
  await here.getByTestId('password-again').fill('Qianxl-xin-mima-2026');
  await here.getByTestId('password-submit').click();
  await expect(here.getByText('密码已修改，并已退出此账号在其他设备上的1处登录')).toBeVisible();
  await shot(here, 'password-changed-others-signed-out');

  // The other screen hears it through its event stream, without a click.
  await expect(there.getByTestId('login-submit')).toBeVisible({ timeout: 5000 });
  await expect(there.getByText(/密码已在另一处修改/)).toBeVisible();
  await shot(there, 'signed-out-by-password-change');
  // This one goes on.
  await expect(here.getByTestId('current-user')).toHaveText('钱晓林');
});

test('the audit chain check says the chain is keyed', async ({ browser, request }) => {
  const admin = await asUser(browser, 'admin');
  // a refused privileged command, for the record
  const editor = await api<{ token: string }>(request, 'login', { username: 'editor', password: PASSWORD });
  const refused = await request.post('/api/list_audit', { data: {}, headers: { Authorization: `Bearer ${editor.token}` } });
  expect(refused.status()).toBe(403);
  await admin.getByRole('menuitem', { name: '管理' }).click();
  await admin.getByRole('tab', { name: '审计日志' }).click();
  const log = admin.getByTestId('audit-log');
  await expect(log.getByRole('row', { name: /林悦（editor）.*越权操作被拒绝/ }).first()).toBeVisible();
  await log.getByTestId('audit-verify').click();
  await expect(log.getByTestId('audit-chain')).toContainText('审计链完整');
  await expect(log.getByTestId('audit-chain')).toContainText('以保存在数据库之外的密钥签名');
  await shot(admin, 'audit-chain-keyed');
});
