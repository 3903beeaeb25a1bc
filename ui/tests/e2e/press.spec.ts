import { type APIRequestContext, type Locator, type Page } from '@playwright/test';
import { expect, test, api, login, PASSWORD, shot } from './helpers';

/**
 * The press as the office sets it up: the admin's 印刷设置 (the output
 * profile shown by name and description, the masthead CMYK), the 出版形式
 * fields of 刊物设置, and an issue's 印刷日期 in the issue list — each read
 * back through the commands, and what preflight makes of a missing field.
 */

async function as<T>(request: APIRequestContext, username: string, command: string, input: unknown): Promise<T> {
  const { token } = await api<{ token: string }>(request, 'login', { username, password: PASSWORD });
  try {
    return await api<T>(request, command, input, token);
  } finally {
    await api(request, 'logout', {}, token);
  }
}

type PrintView = {
  settings: { masthead: { c: number; m: number; y: number; k: number }; ink_limit: number };
  profile: { name: string; description: string };
  masthead_screen: string;
};
type Publication = Record<string, unknown> & { kind: string; permit_number: string };
type Preflight = { ready: boolean; items: { code: string; object?: string | null; message_zh: string }[] };

async function openAdminTab(page: Page, tab: string) {
  await page.getByRole('menuitem', { name: '管理' }).click();
  await page.getByRole('tab', { name: tab }).click();
}

/** The input of an Ant Design number field or date picker found by its test id. */
async function inputOf(field: Locator): Promise<Locator> {
  const tag = await field.evaluate((e) => e.tagName);
  return tag === 'INPUT' ? field : field.locator('input').first();
}

test.describe.configure({ mode: 'serial' });

test('the admin sees the output profile by name and description and changes the masthead CMYK', async ({ page, request }) => {
  await login(page, 'admin');
  await openAdminTab(page, '印刷设置');
  const card = page.getByTestId('print-settings');
  const condition = card.getByTestId('print-condition');
  await expect(condition).toContainText('涂布纸 FOGRA39L（园区编务据公开特征数据生成）');
  await expect(condition).toContainText('内置');
  await expect(condition).toContainText('ZonePress Coated FOGRA39L');
  await expect(condition).toContainText('FOGRA39');
  await expect(card.getByTestId('print-profile-description')).toContainText('FOGRA39L');
  await expect(await inputOf(card.getByTestId('print-ink'))).toHaveValue('300');
  const swatch = card.getByTestId('masthead-swatch');
  const before = await swatch.getAttribute('title');
  expect(before).toMatch(/^#[0-9a-f]{6}$/);

  // The masthead red a little lighter: M 100 → 80, K 10 → 0.
  const m = await inputOf(card.getByTestId('masthead-m'));
  await m.fill('80');
  const k = await inputOf(card.getByTestId('masthead-k'));
  await k.fill('0');
  await card.getByTestId('print-save').click();
  await expect(page.getByText('印刷设置已保存')).toBeVisible();
  // The swatch shows the new CMYK through the profile.
  await expect(swatch).not.toHaveAttribute('title', before!);
  await shot(page, 'print-settings');

  const view = await as<PrintView>(request, 'layout', 'get_print_settings', {});
  expect(view.settings.masthead).toEqual({ c: 0, m: 80, y: 100, k: 0 });
  expect(view.profile.name).toBe('涂布纸 FOGRA39L（园区编务据公开特征数据生成）');
  expect(view.masthead_screen).toBe(await swatch.getAttribute('title'));

  // A layout account reads the same condition but cannot change it.
  const { token } = await api<{ token: string }>(request, 'login', { username: 'layout', password: PASSWORD });
  const res = await request.post('/api/update_print_settings', {
    data: { ...view.settings, ink_limit: 280 },
    headers: { Authorization: `Bearer ${token}` },
  });
  expect(res.status()).toBe(403);
  await api(request, 'logout', {}, token);

  // Back to the demo's red, so the rest of the suite prints as before.
  await m.fill('100');
  await k.fill('10');
  await card.getByTestId('print-save').click();
  await expect.poll(async () => (await as<PrintView>(request, 'admin', 'get_print_settings', {})).settings.masthead.m).toBe(100);
});

test('刊物设置 holds the 出版形式 and preflight names a missing 准印证号', async ({ page, request }) => {
  await login(page, 'admin');
  await openAdminTab(page, '刊物设置');
  const form = page.getByTestId('publication-form');
  await expect(form).toContainText('出版形式');
  await expect(form.getByLabel('内部资料')).toBeChecked();
  await expect(form.getByTestId('publication-permit')).toHaveValue('（青）内准字第2026-018号');
  await expect(form.getByTestId('publication-editor-unit')).toHaveValue('青禾开发区党群工作部宣传办');
  await expect(form.getByTestId('publication-audience')).toHaveValue('区内机关、企事业单位及驻区单位');
  await expect(form.getByTestId('publication-printer')).toHaveValue('青禾印务有限公司');
  await expect(await inputOf(form.getByTestId('publication-print-run'))).toHaveValue('3000');
  await expect(form.getByTestId('publication-cn')).toHaveCount(0);
  await shot(page, 'publication-form');

  // 公开出版 asks for the CN number instead.
  const save = page.locator('form').filter({ has: form }).getByRole('button', { name: /^保\s*存$/ });
  await form.getByLabel('公开出版').check();
  await expect(form.getByTestId('publication-cn')).toBeVisible();
  await expect(form).toContainText('公开出版的连续出版物须印国内统一连续出版物号（CN）');
  await form.getByLabel('内部资料').check();
  await expect(form.getByTestId('publication-cn')).toHaveCount(0);

  // The 准印证号 emptied and saved: preflight names it.
  await form.getByTestId('publication-permit').fill('');
  await save.click();
  await expect(page.getByText('已保存', { exact: true })).toBeVisible();
  await expect.poll(async () => (await as<Publication>(request, 'admin', 'get_publication', {})).permit_number).toBe('');
  const pre = await as<Preflight>(request, 'layout', 'preflight_issue', { issue_id: 1 });
  expect(pre.ready).toBe(false);
  const missing = pre.items.find((i) => i.code === 'publication_form_missing');
  expect(missing?.object).toBe('准印证号');
  expect(missing?.message_zh).toContain('准印证号');

  // Filled in again.
  await form.getByTestId('publication-permit').fill('（青）内准字第2026-018号');
  await save.click();
  await expect
    .poll(async () => (await as<Publication>(request, 'admin', 'get_publication', {})).permit_number)
    .toBe('（青）内准字第2026-018号');
  const again = await as<Preflight>(request, 'layout', 'preflight_issue', { issue_id: 1 });
  expect(again.items.filter((i) => i.code === 'publication_form_missing')).toEqual([]);
});

test('an issue’s 印刷日期 is set in the issue list', async ({ page, request }) => {
  await login(page, 'layout');
  await page.getByRole('menuitem', { name: '期次' }).click();
  const picker = await inputOf(page.getByTestId('print-date-1'));
  await expect(picker).toHaveValue('2026-11-28');
  await picker.click();
  await picker.fill('2026-12-02');
  await picker.press('Enter');
  await expect.poll(async () => {
    const issues = await as<{ id: number; print_date?: string | null }[]>(request, 'layout', 'list_issues', {});
    return issues.find((i) => i.id === 1)?.print_date;
  }).toBe('2026-12-02');
  await expect(picker).toHaveValue('2026-12-02');
  await shot(page, 'issue-print-date');
  // The colophon of the next export prints it; put the demo's date back.
  await picker.click();
  await picker.fill('2026-11-28');
  await picker.press('Enter');
  await expect.poll(async () => {
    const issues = await as<{ id: number; print_date?: string | null }[]>(request, 'layout', 'list_issues', {});
    return issues.find((i) => i.id === 1)?.print_date;
  }).toBe('2026-11-28');
});

test('the export dialog names the output condition of the print PDF', async ({ page }) => {
  await login(page, 'layout');
  await page.getByRole('menuitem', { name: '版面' }).click();
  await page.getByTestId('export-button').click();
  const condition = page.getByTestId('export-condition');
  await expect(condition).toContainText('输出条件：涂布纸 FOGRA39L（园区编务据公开特征数据生成）');
  await expect(condition).toContainText('ZonePress Coated FOGRA39L');
  await shot(page, 'export-condition');
  // A 校样 is screen colour: no output condition to name.
  await page.getByTestId('export-proof').click();
  await expect(condition).toHaveCount(0);
});
