import { readFile } from 'node:fs/promises';
import { type Page } from '@playwright/test';
import { expect, test, login } from './helpers';

const column = (page: Page, n: number) => page.locator(`[data-testid="page-column"][data-page="${n}"]`);
const fitOf = (page: Page, n: number) => column(page, n).getByTestId('page-fit');

async function openLayout(page: Page) {
  await page.getByRole('menuitem', { name: '版面' }).click();
  await expect(page.getByTestId('layout-issue')).toContainText('2026年第11期');
  await expect(page.getByTestId('page-column')).toHaveCount(4);
}

/** The big preview has a decoded picture. */
async function previewLoaded(page: Page) {
  const img = page.getByTestId('page-preview');
  await expect(img).toBeVisible();
  await expect.poll(() => img.evaluate((el: HTMLImageElement) => el.complete && el.naturalWidth)).toBeGreaterThan(300);
}

test('layout staff see the demo issue full, overflow page 1 and undo it, pass preflight and export a 校样', async ({ page }) => {
  await login(page, 'layout');
  await openLayout(page);

  // The stored plan fills every page exactly.
  await expect(page.getByTestId('page-column').getByTestId('page-fit')).toHaveText([
    '第1版已排满',
    '第2版已排满',
    '第3版已排满',
    '第4版已排满',
  ]);
  await previewLoaded(page);
  await expect(page.getByTestId('page-preview')).toHaveAttribute('data-page', '1');
  const before = await page.getByTestId('page-preview').getAttribute('src');

  // Move the last article of page 3 to page 1 with the card's menu.
  const card = column(page, 3).getByTestId('placed-card').last();
  const id = await card.getAttribute('data-article');
  const title = (await card.locator('.zp-card-title').textContent())!;
  await card.getByTestId('card-menu').click();
  await page.getByRole('menuitem', { name: /移到(?!第)/ }).hover();
  await page.getByRole('menuitem', { name: '移到第1版' }).click();

  await expect(column(page, 1).locator(`[data-article="${id}"]`)).toBeVisible();
  await expect(fitOf(page, 1)).toHaveText(/^第1版超出约\d+字$/, { timeout: 5000 });
  await expect(fitOf(page, 1)).toHaveAttribute('data-fit', 'over');
  await expect(fitOf(page, 3)).toHaveText(/^第3版尚空约\d+字$/);
  // The moved article is selected and page 1's preview was rendered again.
  await expect(page.getByTestId('placement-settings')).toContainText(title);
  await expect(page.getByTestId('page-preview')).toHaveAttribute('data-page', '1');
  await expect(page.getByTestId('page-preview')).not.toHaveAttribute('src', before!, { timeout: 5000 });
  await previewLoaded(page);

  // And back to the end of page 3, from the settings bar: every page is full again.
  await page.getByTestId('move-to').click();
  await page.getByRole('menuitem', { name: '移到第3版' }).click();
  await expect(column(page, 3).getByTestId('placed-card').last()).toHaveAttribute('data-article', id!);
  await expect(page.getByTestId('page-column').getByTestId('page-fit')).toHaveText(
    ['第1版已排满', '第2版已排满', '第3版已排满', '第4版已排满'],
    { timeout: 5000 },
  );
  await expect(page.getByTestId('layout-save-state')).toHaveAttribute('data-state', 'saved');

  // Drag an unplaced article (not approved: red tag) onto page 4, then back to the tray.
  const tray = page.getByTestId('layout-tray');
  const loose = tray.getByTestId('tray-card').first();
  const looseId = await loose.getAttribute('data-article');
  await expect(loose.locator('.ant-tag-red')).toBeVisible();
  await loose.dragTo(column(page, 4).locator('.zp-page-body'));
  const placed = column(page, 4).locator(`[data-article="${looseId}"]`);
  await expect(placed).toBeVisible();
  await expect(placed.getByTestId('not-approved')).toBeVisible();
  await placed.dragTo(tray);
  await expect(tray.locator(`[data-article="${looseId}"]`)).toBeVisible();
  await expect(column(page, 4).locator(`[data-article="${looseId}"]`)).toHaveCount(0);
  await expect(fitOf(page, 4)).toHaveText('第4版已排满', { timeout: 5000 });

  // 印前检查: no errors, one warning: the pages changed and changed back
  // lost their 签版 (the demo comes through its three rounds signed).
  await page.getByTestId('preflight-button').click();
  const verdict = page.getByTestId('preflight-verdict');
  await expect(verdict).toHaveAttribute('data-ready', 'true');
  await expect(verdict).toContainText('可以导出付印稿');
  await expect(page.getByTestId('preflight-error')).toHaveCount(0);
  await expect(page.getByTestId('preflight-warning').getByTestId('preflight-item')).toHaveCount(1);
  await expect(page.getByTestId('preflight-warning')).toContainText('尚未签版');

  // Export a 校样: steps, then the PDF is downloaded and can be opened.
  await page.getByTestId('export-button').click();
  await page.getByTestId('export-proof').click();
  const download = page.waitForEvent('download');
  await page.getByTestId('export-start').click();
  const file = await download;
  expect(file.suggestedFilename()).toBe('青禾开发区报-2026年第11期-校样.pdf');
  const bytes = await readFile((await file.path())!);
  expect(bytes.subarray(0, 4).toString('latin1')).toBe('%PDF');
  await expect(page.getByTestId('export-file')).toContainText('青禾开发区报-2026年第11期-校样.pdf');
  await expect(page.getByTestId('export-open')).toBeVisible();
  await expect(page.getByTestId('export-manifest')).toBeVisible();
  await page.getByRole('button', { name: /关\s*闭/ }).last().click();

  // The export record names who exported a 校样 of 4 pages.
  await page.getByRole('tab', { name: /导出记录/ }).click();
  const records = page.getByTestId('export-records');
  await expect(records).toContainText('校样');
  await expect(records).toContainText('孙一鸣');
  await expect(records).toContainText('4版');
});

test('an editor sees the layout read-only', async ({ page }) => {
  await login(page, 'editor');
  await openLayout(page);
  await expect(page.getByTestId('layout-readonly')).toBeVisible();
  await expect(page.getByTestId('page-column').getByTestId('page-fit')).toHaveCount(4);
  await previewLoaded(page);
  await expect(page.getByTestId('placed-card').first()).toBeVisible();
  await expect(page.getByTestId('drag-handle')).toHaveCount(0);
  await expect(page.getByTestId('card-menu')).toHaveCount(0);
  await expect(page.locator('[data-testid="placed-card"][draggable="true"]')).toHaveCount(0);
  await expect(page.getByTestId('layout-save-state')).toHaveCount(0);
  await expect(page.getByTestId('pages-plus')).toBeDisabled();
  await expect(page.getByTestId('export-button')).toBeDisabled();

  // Selecting an article shows its settings, but nothing can be changed.
  await page.getByTestId('placed-card').first().click();
  await expect(page.getByTestId('move-up')).toHaveCount(0);
  await expect(page.getByTestId('placement-settings').locator('.ant-select-disabled').first()).toBeVisible();
});

test('the review screen exports an article’s 审稿单 as a PDF', async ({ page }) => {
  await login(page, 'reviewer1');
  await page.goto('/#/review/1');
  const download = page.waitForEvent('download');
  await page.getByTestId('export-review-form').click();
  const file = await download;
  expect(file.suggestedFilename()).toMatch(/^审稿单-18个项目签约落户.*\.pdf$/);
  const bytes = await readFile((await file.path())!);
  expect(bytes.subarray(0, 4).toString('latin1')).toBe('%PDF');
});
