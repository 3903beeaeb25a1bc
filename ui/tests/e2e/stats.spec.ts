import { readFile } from 'node:fs/promises';
import { type APIRequestContext, type Page } from '@playwright/test';
import { expect, test, api, login, newArticle, PASSWORD, shot } from './helpers';

/** The demo issue exported for print by the layout account, as the office does before counting. */
async function exportForPrint(request: APIRequestContext) {
  // Pages a layout change on the shared demo voided are signed again, and
  // printing ordered, by the 终审 reviewer (签版 and 付印 come before print).
  const signer = await api<{ token: string }>(request, 'login', { username: 'reviewer3', password: PASSWORD });
  const pages = await api<{ pages: { page: number; page_hash: string; state: string }[]; print_order: unknown }>(
    request,
    'get_issue_pages',
    { issue_id: 1 },
    signer.token,
  );
  for (const p of pages.pages) {
    if (p.state !== 'signed') await api(request, 'sign_page', { issue_id: 1, page: p.page, page_hash: p.page_hash }, signer.token);
  }
  if (!pages.print_order) await api(request, 'order_print', { issue_id: 1 }, signer.token);
  await api(request, 'logout', {}, signer.token);
  const { token } = await api<{ token: string }>(request, 'login', { username: 'layout', password: PASSWORD });
  const res = await request.post('/api/export_issue', {
    data: { issue_id: 1, options: {} },
    headers: { Authorization: `Bearer ${token}` },
  });
  expect(res.ok(), await res.text().catch(() => '')).toBe(true);
  expect((await res.body()).subarray(0, 4).toString('latin1')).toBe('%PDF');
  await api(request, 'logout', {}, token);
}

async function download(page: Page, testId: string): Promise<{ name: string; bytes: Buffer }> {
  const wait = page.waitForEvent('download');
  await page.getByTestId(testId).first().click();
  const file = await wait;
  return { name: file.suggestedFilename(), bytes: await readFile((await file.path())!) };
}

const row = (page: Page, name: string) => page.getByTestId('stats-table').locator('tbody tr').filter({ hasText: name });

test.describe.configure({ mode: 'serial' });

test('an editor keeps the contributors and confirms who a byline names', async ({ page }) => {
  await login(page, 'editor');
  await page.getByRole('menuitem', { name: '通讯员' }).click();
  const table = page.getByTestId('contributor-table');
  await expect(table).toContainText('韩晓东');
  await expect(table).toContainText('0571-8690 1207');
  // 林悦 is also an account.
  await expect(table.locator('tr').filter({ hasText: '林悦' })).toContainText('林悦（editor）');

  // A new correspondent; a name with a separator is refused with a Chinese message, nothing saved.
  await page.getByTestId('contributor-add').click();
  await page.getByTestId('contributor-name').fill('顾晓棠、周向南');
  await page.getByTestId('contributor-unit').fill('青禾社区');
  await page.getByTestId('contributor-form').getByRole('button', { name: /保\s*存/ }).click();
  await expect(page.getByText('姓名中不能含有空格或、，／：等分隔符号')).toBeVisible();
  await page.getByTestId('contributor-name').fill('顾晓棠');
  await page.getByTestId('contributor-phone').fill('0571-8690 2231');
  await page.getByTestId('contributor-form').getByRole('button', { name: /保\s*存/ }).click();
  await expect(page.getByText('已保存通讯员 顾晓棠')).toBeVisible();
  await expect(table.locator('tr').filter({ hasText: '顾晓棠' })).toContainText('青禾社区');

  // An article whose byline names her and someone nobody has registered yet.
  await newArticle(page, '青禾社区开展垃圾分类入户宣传', '11月20日，青禾社区组织志愿者走进居民家中，讲解垃圾分类的方法。');
  await page.getByTestId('field-byline').fill('通讯员 顾晓棠、周向南');
  await expect(page.getByTestId('save-state')).toHaveAttribute('data-state', 'saved', { timeout: 15_000 });
  const credits = page.getByTestId('byline-credits');
  const people = credits.getByTestId('credit-person');
  await expect(people).toHaveCount(2);
  await expect(people.nth(0)).toHaveAttribute('data-state', 'linked');
  await expect(people.nth(0)).toContainText('青禾社区');
  await expect(people.nth(1)).toHaveAttribute('data-state', 'unknown');
  await expect(credits.getByTestId('credits-confirm')).toBeDisabled();

  // The unknown name is offered as a new contributor, with the name filled in.
  await people.nth(1).getByTestId('credit-register').click();
  await expect(page.getByTestId('contributor-name')).toHaveValue('周向南');
  await page.getByTestId('contributor-unit').fill('青禾社区');
  await page.getByTestId('contributor-form').getByRole('button', { name: /保\s*存/ }).click();
  await expect(people.nth(1)).toHaveAttribute('data-state', 'linked');
  await expect(people.nth(1)).toContainText('青禾社区');
  await credits.getByTestId('credits-confirm').click();
  await expect(credits.getByTestId('credits-state')).toContainText('已由林悦（editor）于');
  await shot(page, 'byline-credits');
});

test('statistics of the printed issue, per person and per unit, with the articles behind a figure and exports', async ({ page, request }) => {
  await exportForPrint(request);
  await login(page, 'proofreader');
  await page.getByRole('menuitem', { name: '稿件统计' }).click();
  await expect(page.getByTestId('period-date')).toBeVisible();
  await expect(page.getByTestId('stats-issues')).toContainText('付印稿18篇');
  await expect(page.getByTestId('stats-totals')).toContainText('18');

  // 王晓静 wrote four printed articles, one of them with a co-author (3.5 articles).
  const wang = row(page, '王晓静');
  await expect(wang).toContainText('本报编辑部');
  await expect(wang.getByTestId('figure-printed')).toHaveText('4');
  await expect(wang).toContainText('3.5');
  await expect(page.getByTestId('leader-bar').first()).toContainText('王晓静');
  await shot(page, 'stats-person');

  // Sorting by a column: most characters first, then fewest first.
  const header = page.getByTestId('stats-table').locator('th').filter({ hasText: '刊用字数' });
  await header.click();
  await expect(page.getByTestId('stats-table').locator('tbody tr').first()).toContainText('王晓静');
  await header.click();
  await expect(page.getByTestId('stats-table').locator('tbody tr').first()).not.toContainText('王晓静');

  // The figure opens the articles behind it: four printed, with their pages.
  await wang.getByTestId('figure-printed').click();
  const drawer = page.getByTestId('figure-drawer');
  await expect(drawer).toContainText('王晓静 · 刊用');
  await expect(drawer.getByTestId('figure-article')).toHaveCount(4);
  await expect(drawer).toContainText('第1版');
  await shot(page, 'stats-drilldown');
  await page.keyboard.press('Escape');
  await expect(drawer.getByTestId('figure-article').first()).toBeHidden();

  // Per unit: 经济发展局 sums its two correspondents.
  await page.getByTestId('stats-by').getByText('按单位').click();
  await expect(row(page, '经济发展局').getByTestId('figure-printed')).toHaveText('4');

  // The spreadsheet and the CSV download with the same figures.
  const xlsx = await download(page, 'stats-xlsx');
  expect(xlsx.name).toBe('稿件统计-2026年11月-按单位.xlsx');
  expect(xlsx.bytes.subarray(0, 2).toString('latin1')).toBe('PK');
  const csv = await download(page, 'stats-csv');
  expect(csv.name).toBe('稿件统计-2026年11月-按单位.csv');
  const text = csv.bytes.toString('utf8');
  expect(text).toContain('经济发展局');
  expect(text).toContain('本报编辑部');

  // A year with no issue: said plainly, nothing counted.
  await page.getByTestId('period-kind').getByText('年').click();
  await page.getByTestId('period-date').click();
  await page.locator('.ant-picker-year-panel').getByText('2025').click();
  await expect(page.getByTestId('stats-note')).toContainText('2025-01-01至2025-12-31之间没有出版的期次');
  await expect(page.getByTestId('stats-totals')).toContainText('0');

  // The same screen in English.
  await page.getByTestId('period-kind').getByText('月').click();
  await page.getByTestId('language').click();
  await expect(page.getByTestId('stats-view')).toContainText('Statistics');
  await expect(page.getByTestId('stats-table')).toContainText('Characters');
  await shot(page, 'stats-en');
});

test('an admin computes, issues, downloads and voids the 稿酬发放表', async ({ page }) => {
  await login(page, 'admin');
  await page.getByRole('menuitem', { name: '稿酬' }).click();
  const people = page.getByTestId('statement-people');
  await expect(people).toContainText('韩晓东');
  // Staff are listed but not paid.
  await expect(people.locator('tr').filter({ hasText: '林悦' })).toContainText('不领取');
  const total = (await page.getByTestId('statement-total').locator('.ant-statistic-content-value').textContent())!;
  expect(Number(total.replace(/,/g, ''))).toBeGreaterThan(0);
  await shot(page, 'payments-statement');

  const draft = await download(page, 'draft-pdf');
  expect(draft.name).toBe('稿酬发放表-2026-11-01至2026-11-30（草稿）.pdf');
  expect(draft.bytes.subarray(0, 4).toString('latin1')).toBe('%PDF');

  await page.getByTestId('issue-statement').click();
  await page.getByRole('button', { name: /确\s*定/ }).click();
  await expect(page.getByText(/已签发第\d+号发放表/)).toBeVisible();

  await page.getByRole('tab', { name: '已签发' }).click();
  const issued = page.getByTestId('issued-statements').locator('tbody tr').first();
  await expect(issued).toContainText('2026-11-01 至 2026-11-30');
  await expect(issued).toContainText('赵磊');
  await expect(issued).toContainText(total);
  await expect(issued).toContainText('有效');
  const sheet = await download(page, 'issued-xlsx');
  expect(sheet.name).toMatch(/^稿酬发放表-2026-11-01至2026-11-30（第\d+号）\.xlsx$/);
  expect(sheet.bytes.subarray(0, 2).toString('latin1')).toBe('PK');
  await shot(page, 'payments-issued');

  await issued.getByTestId('void-statement').click();
  // The dialog's own button: the row's 作废 stays in the page behind it.
  const voidDialog = page.getByRole('dialog', { name: /作废第\d+号发放表/ });
  await voidDialog.getByRole('button', { name: /作\s*废/ }).click();
  await expect(page.getByText('请填写作废原因')).toBeVisible();
  await page.getByTestId('void-reason').fill('稿件字数核对有误，重新计算');
  await voidDialog.getByRole('button', { name: /作\s*废/ }).click();
  await expect(issued).toContainText('已作废');
  await expect(issued).toContainText('稿件字数核对有误');

  // The rules: an absurd input is refused in the form, before anything is saved.
  await page.getByRole('tab', { name: '稿酬标准' }).click();
  await expect(page.getByTestId('rules-card').first()).toContainText('2026-01-01');
  await expect(page.getByTestId('rules-card').first()).toContainText('80.00元/千字');
  await page.getByTestId('rules-add').click();
  await page.getByTestId('rules-per-thousand').fill('-5');
  await page.getByTestId('rules-form').getByRole('button', { name: /保\s*存/ }).click();
  await expect(page.getByText('请输入不小于0的金额，最多两位小数').first()).toBeVisible();
  await shot(page, 'payments-rules');
});

test('roles without the right see no amounts', async ({ page, request }) => {
  await login(page, 'editor');
  await expect(page.getByRole('menuitem', { name: '稿件统计' })).toBeVisible();
  await expect(page.getByRole('menuitem', { name: '稿酬' })).toHaveCount(0);
  await page.goto('/#/payments');
  await expect(page.getByTestId('payments-forbidden')).toContainText('稿酬金额仅管理员和审核人员可以查看');
  await expect(page.getByTestId('statement-people')).toHaveCount(0);

  // The core refuses, whatever the screen shows.
  const { token } = await api<{ token: string }>(request, 'login', { username: 'editor', password: PASSWORD });
  const res = await request.post('/api/payment_statement', {
    data: { from: '2026-11-01', to: '2026-11-30' },
    headers: { Authorization: `Bearer ${token}` },
  });
  expect(res.status()).toBe(403);
  expect((await res.json()).code).toBe('forbidden');

  // A reviewer (who signs the sheet) sees the amounts but cannot issue.
  await page.getByTestId('logout').click();
  await login(page, 'reviewer3');
  await page.getByRole('menuitem', { name: '稿酬' }).click();
  await expect(page.getByTestId('statement-people')).toContainText('韩晓东');
  await expect(page.getByTestId('issue-statement')).toHaveCount(0);
});
