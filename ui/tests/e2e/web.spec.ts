import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { type Browser, type Page } from '@playwright/test';
import { expect, test, api, login, PASSWORD, shot } from './helpers';

const NASTY = `<script>alert(1)</script>"><svg onload=alert(2)> javascript:alert(3) #[x] $y$`;

interface Manifest {
  proof_copy: boolean;
  pages: number;
  articles: { article_id: number; page: number; title: string; revision: number }[];
}

/** A page of the edition opened from file://, failing on any dialog, script or blocked load. */
async function open(browser: Browser, url: string, width: number): Promise<{ page: Page; problems: string[] }> {
  const context = await browser.newContext({ viewport: { width, height: 860 }, locale: 'zh-CN' });
  const page = await context.newPage();
  const problems: string[] = [];
  page.on('dialog', (d) => {
    problems.push(`dialog: ${d.message()}`);
    void d.dismiss();
  });
  page.on('console', (m) => {
    if (m.type() === 'error' || m.type() === 'warning') problems.push(`console: ${m.text()}`);
  });
  page.on('request', (r) => {
    if (!r.url().startsWith('file://')) problems.push(`request outside the edition: ${r.url()}`);
  });
  await page.goto(url);
  return { page, problems };
}

/** Nothing sticks out sideways, and every image decoded. */
async function holds(page: Page) {
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  expect(overflow).toBeLessThanOrEqual(0);
  const broken = await page.evaluate(() =>
    [...document.images].filter((i) => !i.complete || i.naturalWidth === 0).map((i) => i.getAttribute('src')),
  );
  expect(broken).toEqual([]);
  expect(await page.locator('script').count()).toBe(0);
}

/** 导出数字报 on the layout screen; a 校样 when the issue is refused (not print-ready). Answers the unpacked folder. */
async function exportEdition(page: Page): Promise<{ root: string; proof: boolean }> {
  await page.getByRole('menuitem', { name: '版面' }).click();
  await expect(page.getByTestId('page-column')).toHaveCount(4);
  const download = page.waitForEvent('download', { timeout: 60_000 });
  await page.getByTestId('export-web').click();
  const refused = page.getByRole('button', { name: '生成校样预览' });
  const first = await Promise.race([download.then(() => 'zip' as const), refused.waitFor().then(() => 'refused' as const)]);
  if (first === 'refused') await refused.click();
  const file = await download;
  expect(file.suggestedFilename()).toMatch(/^青禾开发区报-2026年第11期-数字报(-校样)?\.zip$/);
  const dir = mkdtempSync(join(tmpdir(), 'zonepress-web-'));
  const zip = join(dir, 'edition.zip');
  writeFileSync(zip, readFileSync((await file.path())!));
  execFileSync('python3', ['-m', 'zipfile', '-e', zip, dir]);
  return { root: join(dir, file.suggestedFilename().replace(/\.zip$/, '')), proof: first === 'refused' };
}

test('导出数字报 builds the demo edition: regions open their articles from file://, at 375 and 1366 px', async ({ page, browser, request }) => {
  test.setTimeout(240_000);
  await login(page, 'layout');
  const { root, proof } = await exportEdition(page);
  await shot(page, 'web-layout-button');
  const manifest = JSON.parse(readFileSync(join(root, 'manifest.json'), 'utf8')) as Manifest;
  expect(manifest.pages).toBe(4);
  expect(manifest.proof_copy).toBe(proof);
  expect(manifest.articles.length).toBeGreaterThanOrEqual(18);
  const url = (p: string) => pathToFileURL(join(root, p)).href;

  for (const width of [1366, 375]) {
    // The index: every page as an image, the contents by page.
    const index = await open(browser, url('index.html'), width);
    await expect(index.page.locator('.thumb img')).toHaveCount(4);
    await expect(index.page.locator('.contents .toc a')).toHaveCount(manifest.articles.length);
    await expect(index.page.locator('[data-proof-copy]')).toHaveCount(proof ? 1 : 0);
    await holds(index.page);
    await shot(index.page, `web-index-${width}`);
    expect(index.problems).toEqual([]);
    await index.page.context().close();

    for (let n = 1; n <= 4; n++) {
      const { page: p, problems } = await open(browser, url(`page-${n}.html`), width);
      const onPage = manifest.articles.filter((a) => a.page === n);
      await expect(p.locator('a.region')).toHaveCount(onPage.length);
      await holds(p);
      const sheet = (await p.locator('.sheet').boundingBox())!;
      if (width === 1366) {
        // Page image beside its list on a large screen, stacked on a phone.
        const list = (await p.locator('.page-list').boundingBox())!;
        expect(list.x).toBeGreaterThanOrEqual(sheet.x + sheet.width - 1);
      } else {
        expect(sheet.width).toBeLessThanOrEqual(375);
        expect(sheet.width).toBeGreaterThan(300);
      }
      if (n === 1) await shot(p, `web-page-1-${width}`);
      for (const a of onPage) {
        const region = p.locator(`a.region[data-article="${a.article_id}"]`);
        await expect(region).toHaveCount(1);
        // The region lies inside the page image.
        const box = (await region.boundingBox())!;
        const img = (await p.locator('.page-image').boundingBox())!;
        expect(box.x).toBeGreaterThanOrEqual(img.x - 1);
        expect(box.y).toBeGreaterThanOrEqual(img.y - 1);
        expect(box.x + box.width).toBeLessThanOrEqual(img.x + img.width + 1);
        expect(box.y + box.height).toBeLessThanOrEqual(img.y + img.height + 1);
        // Every region is clicked on a large screen; on a phone, the first of each page.
        if (width === 375 && a !== onPage[0]) continue;
        await region.click();
        await expect(p).toHaveURL(new RegExp(`article-${a.article_id}\\.html$`));
        await expect(p.locator('h1.title')).toHaveText(a.title);
        await holds(p);
        await p.locator('.crumb a').click();
        await expect(p).toHaveURL(new RegExp(`page-${n}\\.html$`));
      }
      expect(problems).toEqual([]);
      await p.context().close();
    }
  }
  // An article page with a photo, for looking at.
  const photo = manifest.articles.find((a) => readFileSync(join(root, `article-${a.article_id}.html`), 'utf8').includes('<figure'));
  expect(photo).toBeTruthy();
  const shown = await open(browser, url(`article-${photo!.article_id}.html`), 1366);
  await holds(shown.page);
  await shot(shown.page, 'web-article-photo-1366');
  expect(shown.problems).toEqual([]);
  await shown.page.context().close();

  // An article with markup and script in its title, signed at three levels.
  const layoutToken = (await api<{ token: string }>(request, 'login', { username: 'layout', password: PASSWORD })).token;
  const plan = await api<{ plan: { pages: { number: number; placements: { article_id: number }[] }[] } }>(
    request,
    'get_issue_plan',
    { issue_id: 1 },
    layoutToken,
  );
  const target = plan.plan.pages[2].placements[1].article_id;
  const editor = (await api<{ token: string }>(request, 'login', { username: 'editor', password: PASSWORD })).token;
  const before = await api<{ revision: number }>(request, 'get_article', { id: target }, editor);
  const saved = await api<{ revision: number; status: string }>(
    request,
    'save_article',
    { id: target, base_revision: before.revision, title: NASTY },
    editor,
  );
  // A signed article that is saved goes back to 初审 by itself.
  if (saved.status !== 'in_review') await api(request, 'submit_article', { id: target, revision: saved.revision }, editor);
  for (const [user, level] of [
    ['reviewer1', 1],
    ['reviewer2', 2],
    ['reviewer3', 3],
  ] as const) {
    const t = (await api<{ token: string }>(request, 'login', { username: user, password: PASSWORD })).token;
    await api(request, 'approve_article', { id: target, revision: saved.revision, level, opinion: '同意。' }, t);
  }
  const again = await exportEdition(page);
  const url2 = (p: string) => pathToFileURL(join(again.root, p)).href;
  for (const width of [1366, 375]) {
    const { page: p, problems } = await open(browser, url2('page-3.html'), width);
    const region = p.locator(`a.region[data-article="${target}"]`);
    await expect(region).toHaveCount(1);
    await expect(region).toHaveAttribute('aria-label', NASTY);
    await region.click();
    await expect(p).toHaveURL(new RegExp(`article-${target}\\.html$`));
    // The injection title is text; nothing ran, nothing was added.
    await expect(p.locator('h1.title')).toHaveText(NASTY);
    await expect(p).toHaveTitle(new RegExp(NASTY.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')));
    expect(await p.locator('svg').count()).toBe(0);
    await holds(p);
    await shot(p, `web-article-injection-${width}`);
    expect(problems).toEqual([]);
    await p.context().close();
  }
});

test('复制为公众号格式 puts the signed article on the clipboard with inline styles only', async ({ browser, request }) => {
  const context = await browser.newContext({ locale: 'zh-CN', permissions: ['clipboard-read', 'clipboard-write'] });
  const page = await context.newPage();
  await login(page, 'editor');
  const editor = (await api<{ token: string }>(request, 'login', { username: 'editor', password: PASSWORD })).token;
  const list = await api<{ id: number; status: string; revision: number }[]>(request, 'list_articles', { issue_id: 1 }, editor);
  const signed = list.find((a) => a.status === 'approved')!;
  const rev = await api<{ content: Record<string, unknown> & { body: Record<string, string>[] } }>(
    request,
    'get_revision',
    { id: signed.id, number: signed.revision },
    editor,
  );
  await page.goto(`/#/article/${signed.id}`);
  const download = page.waitForEvent('download');
  await page.getByTestId('wechat-article').click();
  const file = await download;
  expect(file.suggestedFilename()).toBe(`公众号-${signed.id}.html`);
  await expect(page.getByText(/已复制《/)).toBeVisible();

  const html = await page.evaluate(async () => {
    const items = await navigator.clipboard.read();
    const blob = await items[0].getType('text/html');
    return await blob.text();
  });
  // Pasted into an editor of its own, the clipboard HTML has no class, no script, nothing outside.
  const checked = await page.evaluate((h) => {
    const doc = new DOMParser().parseFromString(h, 'text/html');
    const all = [...doc.body.querySelectorAll('*')];
    return {
      classes: all.filter((e) => e.hasAttribute('class')).length,
      scripts: doc.querySelectorAll('script').length,
      styled: all.filter((e) => e.hasAttribute('style')).length,
      handlers: all.filter((e) => [...e.attributes].some((a) => a.name.startsWith('on'))).length,
      external: all.filter((e) => /^(https?:)?\/\//.test(e.getAttribute('src') ?? e.getAttribute('href') ?? '')).length,
      text: doc.body.textContent ?? '',
    };
  }, html);
  expect(checked.classes).toBe(0);
  expect(checked.scripts).toBe(0);
  expect(checked.handlers).toBe(0);
  expect(checked.external).toBe(0);
  expect(checked.styled).toBeGreaterThan(3);
  const c = rev.content;
  let want = ['column', 'kicker', 'title', 'subtitle', 'byline'].map((f) => (c[f] as string) ?? '').join('');
  for (const b of c.body) want += (b.text ?? '') + (b.caption ?? '') + (b.credit ?? '');
  expect(checked.text).toBe(want);
  // The saved file is the same HTML in a page of its own.
  const saved = readFileSync((await file.path())!, 'utf8');
  expect(saved).toContain(html.includes('<section') ? '<section style=' : '<p style=');
  expect(saved).not.toMatch(/<script|class=/);
  await context.close();
});
