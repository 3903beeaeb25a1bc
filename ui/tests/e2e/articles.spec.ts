import { expect, test, login, typeBody } from './helpers';

test('an editor creates an article, types Chinese, reloads and finds it as saved', async ({ page }) => {
  await login(page, 'editor');
  await page.getByTestId('new-article').click();
  const title = `开发区召开冬季安全生产工作会议${Date.now() % 100000}`;
  await page.getByTestId('new-article-title').fill(title);
  await page.getByRole('button', { name: /确\s*定/ }).click();

  await expect(page.getByTestId('field-title')).toHaveValue(title);
  await page.getByTestId('field-kicker').fill('筑牢安全防线——');
  await page.getByTestId('field-byline').fill('记者 林悦');
  await page.getByTestId('field-column').fill('工作动态');
  const text = '11月20日上午，开发区召开冬季安全生产工作会议，部署岁末年初安全防范工作。';
  await typeBody(page, text);
  await expect(page.getByTestId('save-state')).toHaveAttribute('data-state', 'saved', { timeout: 15_000 });
  await expect(page.getByTestId('length')).toContainText(String(Array.from(text).length));

  await page.reload();
  await expect(page.getByTestId('field-title')).toHaveValue(title);
  await expect(page.getByTestId('field-kicker')).toHaveValue('筑牢安全防线——');
  await expect(page.getByTestId('field-column')).toHaveValue('工作动态');
  await expect(page.getByTestId('article-body')).toHaveText(text);

  // The list shows it with its status and length.
  await page.getByTestId('field-title').press('Control+s');
  await page.getByRole('button', { name: '返回列表' }).click();
  const row = page.getByRole('row', { name: new RegExp(title) });
  await expect(row).toContainText('草稿');
  await expect(row).toContainText(`${Array.from(text).length}字`);
});

test('revision history compares two revisions and restores one', async ({ page }) => {
  await login(page, 'editor');
  await page.getByTestId('new-article').click();
  await page.getByTestId('new-article-title').fill(`修订测试${Date.now() % 100000}`);
  await page.getByRole('button', { name: /确\s*定/ }).click();
  await typeBody(page, '第一稿：园区新建标准厂房十二栋。');
  await expect(page.getByTestId('save-state')).toHaveAttribute('data-state', 'saved', { timeout: 15_000 });
  await typeBody(page, '第二稿：园区新建标准厂房十五栋。');
  await expect(page.getByTestId('save-state')).toHaveAttribute('data-state', 'saved', { timeout: 15_000 });

  await page.getByTestId('open-history').click();
  await page.getByTestId('revision-2').getByRole('checkbox').check();
  await page.getByTestId('revision-3').getByRole('checkbox').check();
  await page.getByTestId('compare').click();
  const diff = page.getByTestId('diff');
  await expect(diff.locator('del')).toContainText(['一', '二']);
  await expect(diff.locator('ins')).toContainText(['二', '五']);

  await page.getByTestId('restore-2').click();
  await page.getByRole('button', { name: /确\s*定|OK/ }).click();
  await expect(page.getByTestId('article-body')).toHaveText('第一稿：园区新建标准厂房十二栋。');
  await expect(page.getByTestId('save-state')).toContainText('第4稿');
});

test('a wrong password is refused in Chinese', async ({ page }) => {
  await page.goto('/');
  await page.getByTestId('login-username').fill('editor');
  await page.getByTestId('login-password').fill('not-the-password');
  await page.getByTestId('login-submit').click();
  await expect(page.getByText('用户名或密码错误')).toBeVisible();
});
