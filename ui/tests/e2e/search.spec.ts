import { expect, test, login, typeBody } from './helpers';

const OUT = '../tests/out';

test('Ctrl+K searches the archive, a result opens the article at its highlighted passage', async ({ page }) => {
  await login(page, 'reviewer1');
  await page.keyboard.press('Control+k');
  const box = page.getByTestId('search-input').locator('input');
  await expect(box).toBeFocused();
  await box.fill('唐瑜');
  await box.press('Enter');

  await expect(page.getByTestId('search-summary')).toContainText('找到 1 篇');
  const hit = page.getByTestId('search-hit').first();
  await expect(hit.getByTestId('search-hit-title')).toHaveText('企业服务专员唐瑜的一天');
  await expect(hit).toContainText('2026年第11期 · 第4版');
  await expect(hit).toContainText('已签发');
  await expect(hit.getByTestId('search-snippet').locator('mark').first()).toHaveText('唐瑜');
  expect(page.url()).toContain('#/search/');

  await hit.getByTestId('search-hit-title').click();
  await expect(page.getByTestId('field-title')).toHaveValue('企业服务专员唐瑜的一天');
  await expect(page.getByTestId('search-marks-bar')).toContainText('唐瑜');
  const marked = page.getByTestId('article-body').locator('.zp-search-hit');
  await expect(marked.first()).toHaveText('唐瑜');
  await expect(marked.first()).toBeInViewport();
  expect(await marked.count()).toBeGreaterThan(1);
  await page.screenshot({ path: `${OUT}/search-opened.png` });

  // the next mark, then the marks cleared
  await page.getByTestId('search-next').click();
  await page.getByTestId('search-clear-marks').click();
  await expect(page.getByTestId('article-body').locator('.zp-search-hit')).toHaveCount(0);

  // back to the results, as they were
  await page.goBack();
  await expect(page.getByTestId('search-hit')).toHaveCount(1);
});

test('the shell box, a short word, filters and relevance; a saved edit is found at once', async ({ page }) => {
  await login(page, 'editor');
  await page.getByTestId('shell-search').fill('园区');
  await page.getByTestId('shell-search').press('Enter');
  await expect(page.getByTestId('search-summary')).toContainText(/找到 \d+ 篇/);
  expect(await page.getByTestId('search-hit').count()).toBeGreaterThan(2);
  for (const mark of await page.getByTestId('search-snippet').locator('mark').allTextContents()) {
    expect(mark).toBe('园区');
  }
  await page.screenshot({ path: `${OUT}/search-results.png`, fullPage: true });

  // 栏目 filter
  const box = page.getByTestId('search-input').locator('input');
  await box.fill('开发区');
  await box.press('Enter');
  await expect(page.getByTestId('search-summary')).toContainText(/找到 \d+ 篇/);
  const before = await page.getByTestId('search-hit').count();
  await page.getByTestId('search-column').click();
  await page.getByTitle('工作动态', { exact: true }).click();
  await expect(page.getByTestId('search-summary')).toBeVisible();
  for (const hit of await page.getByTestId('search-hit').all()) {
    await expect(hit).toContainText('工作动态');
  }
  expect(await page.getByTestId('search-hit').count()).toBeLessThan(before);
  await page.getByRole('button', { name: '清除筛选' }).click();
  await expect(page.getByTestId('search-hit')).toHaveCount(before);

  // by relevance: a headline match first
  await box.fill('智造园区');
  await box.press('Enter');
  await page.getByTestId('search-order').getByText('按相关度').click();
  await expect(page.getByTestId('search-hit').first().getByTestId('search-hit-title')).toHaveText('晨光里的智造园区');

  // a new draft's words are found as soon as it is saved
  await page.getByRole('menuitem', { name: /稿件$/ }).click();
  await page.getByTestId('new-article').click();
  await page.getByTestId('new-article-title').fill('检索测试稿');
  await page.getByRole('dialog').getByRole('button', { name: /确\s*定/ }).click();
  const word = `青禾鲲鹏${Date.now() % 100000}号`;
  await typeBody(page, `开发区${word}项目今日签约。`);
  await expect(page.getByTestId('save-state')).toHaveAttribute('data-state', 'saved', { timeout: 15_000 });
  await page.keyboard.press('Control+k');
  await box.fill(word);
  await box.press('Enter');
  await expect(page.getByTestId('search-hit-title')).toHaveText('检索测试稿');

  // punctuation only: said plainly
  await box.fill('，。！');
  await box.press('Enter');
  await expect(page.getByTestId('search-notice')).toContainText('没有文字');
});
