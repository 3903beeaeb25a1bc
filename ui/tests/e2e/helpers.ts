import { expect, type Page } from '@playwright/test';

export const PASSWORD = 'zonepress';

export async function login(page: Page, username: string) {
  await page.goto('/');
  await page.getByTestId('login-username').fill(username);
  await page.getByTestId('login-password').fill(PASSWORD);
  await page.getByTestId('login-submit').click();
  await expect(page.getByTestId('current-user')).toBeVisible();
}

/** Type into the TipTap body, replacing what is there. */
export async function typeBody(page: Page, text: string) {
  const body = page.getByTestId('article-body');
  await body.click();
  await page.keyboard.press('Control+A');
  await page.keyboard.press('Delete');
  await body.pressSequentially(text, { delay: 5 });
}
