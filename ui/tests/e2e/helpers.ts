import { mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { test as base, expect, type APIRequestContext, type Browser, type BrowserContext, type Page } from '@playwright/test';

export { expect };

/**
 * Playwright's test, which also closes the browser contexts a test opened
 * itself (asUser, browser.newContext). Left open, their pages kept their
 * event streams and presence running through every later test: by the
 * statistics tests 28 pages held 61 of the server's 64 connections per
 * client address, and their work slowed the pages under test.
 */
export const test = base.extend<{ closesOwnContexts: void }>({
  closesOwnContexts: [
    async ({ browser }, use) => {
      const before = new Set<BrowserContext>(browser.contexts());
      await use();
      await Promise.all(browser.contexts().filter((c) => !before.has(c)).map((c) => c.close()));
    },
    { auto: true },
  ],
});

export const PASSWORD = 'zonepress';

export async function login(page: Page, username: string, password = PASSWORD) {
  await page.goto('/');
  await page.getByTestId('login-username').fill(username);
  await page.getByTestId('login-password').fill(password);
  await page.getByTestId('login-submit').click();
  await expect(page.getByTestId('current-user')).toBeVisible();
}

/** A signed-in page in its own browser context: its own storage, its own session. */
export async function asUser(browser: Browser, username: string, password = PASSWORD): Promise<Page> {
  const context = await browser.newContext({ locale: 'zh-CN' });
  const page = await context.newPage();
  await login(page, username, password);
  return page;
}

/** Type into the TipTap body, replacing what is there. */
export async function typeBody(page: Page, text: string) {
  const body = page.getByTestId('article-body');
  await body.click();
  await page.keyboard.press('Control+A');
  await page.keyboard.press('Delete');
  await body.pressSequentially(text, { delay: 5 });
}

/** Call a command over HTTP, as the README's contract describes it. */
export async function api<T = Record<string, unknown>>(
  request: APIRequestContext,
  command: string,
  input: unknown,
  token?: string,
): Promise<T> {
  const res = await request.post(`/api/${command}`, {
    data: input ?? {},
    headers: token ? { Authorization: `Bearer ${token}` } : {},
  });
  if (!res.ok()) throw new Error(`${command}: ${res.status()} ${await res.text()}`);
  return (await res.json()) as T;
}

/**
 * A second editor account, made by the admin and already past its forced
 * password change; answers its password.
 */
export async function makeEditor(request: APIRequestContext, username: string, displayName: string): Promise<string> {
  const admin = await api<{ token: string }>(request, 'login', { username: 'admin', password: PASSWORD });
  const initial = 'Chushi-mima-2026';
  await api(request, 'create_user', { username, display_name: displayName, password: initial, roles: ['editor'] }, admin.token);
  const own = await api<{ token: string }>(request, 'login', { username, password: initial });
  const password = 'Qinghe-bianji-2026';
  await api(request, 'change_password', { old_password: initial, new_password: password }, own.token);
  await api(request, 'logout', {}, own.token);
  await api(request, 'logout', {}, admin.token);
  return password;
}

/** New draft with a title and body, opened in the editor; answers its id. */
export async function newArticle(page: Page, title: string, body: string): Promise<number> {
  await page.getByRole('menuitem', { name: /稿件$/ }).click();
  await page.getByTestId('new-article').click();
  await page.getByTestId('new-article-title').fill(title);
  await page.getByRole('button', { name: /确\s*定/ }).click();
  await expect(page.getByTestId('field-title')).toHaveValue(title);
  await typeBody(page, body);
  await expect(page.getByTestId('save-state')).toHaveAttribute('data-state', 'saved', { timeout: 15_000 });
  return Number(new URL(page.url()).hash.split('/').pop());
}

const here = dirname(fileURLToPath(import.meta.url));
/** Screenshots of the screens, for looking at (tests/out/screens, not committed). */
export async function shot(page: Page, name: string) {
  const dir = resolve(here, '../../../tests/out/screens');
  mkdirSync(dir, { recursive: true });
  // Let dialogs and messages finish their entrance.
  await page.waitForTimeout(400);
  await page.screenshot({ path: resolve(dir, `${name}.png`), fullPage: false });
}
