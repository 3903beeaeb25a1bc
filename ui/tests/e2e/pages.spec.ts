import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type APIRequestContext, type Page } from '@playwright/test';
import { expect, test, api, asUser, login, PASSWORD, shot } from './helpers';

// 校样 rounds, marks on the page, 校改, 签版 and 付印, played on an issue of
// its own (the demo issue comes through its three rounds already signed).
// The issue is dated before the demo issue, so the other specs still open
// the demo issue as the latest, and outside the months the statistics
// specs count.

type Block = { type: 'paragraph'; text: string };
const para = (text: string): Block => ({ type: 'paragraph', text });

// Our own text. Page 2 carries one slip of the pen: 休息译站 for 休息驿站.
const FRONT = {
  title: '园区举办冬季安全生产专题培训',
  body: [
    para('为做好冬季安全生产工作，园区管委会日前组织辖区企业安全管理人员开展专题培训，围绕有限空间作业、危险化学品储存和消防设施维护等内容逐项讲解，并结合近年来的典型事故案例分析风险成因。'),
    para('培训结束后，参训人员分组到企业生产现场开展实地检查，对发现的问题当场登记、限期整改。管委会表示，将持续开展安全生产巡查，督促企业落实主体责任，确保冬季生产平稳有序。'),
  ],
};
const WRONG = '译';
const RIGHT = '驿';
const INNER = {
  title: '滨河绿道二期工程完工开放',
  body: [
    para('滨河绿道二期工程近日完工并向市民开放。新建绿道沿河岸延伸，串联起三处口袋公园和两座人行桥，沿途设置休息译站，配备饮水点、自行车停放架和应急呼叫设施。'),
    para('绿道两侧补种乡土树种和耐寒花卉，夜间照明采用低位灯具，减少对河道生态的影响。周边企业职工下班后可沿绿道步行或骑行回家，不少居民也把这里当作晨练散步的好去处。'),
  ],
};

async function token(request: APIRequestContext, username: string): Promise<string> {
  return (await api<{ token: string }>(request, 'login', { username, password: PASSWORD })).token;
}

/** An issue of two pages with one signed article on each; answers the issue and the articles. */
async function setUp(request: APIRequestContext, number: number, date: string) {
  const editor = await token(request, 'editor');
  const issue = await api<{ id: number }>(
    request,
    'create_issue',
    { year: 2026, number, date, page_count: 2 },
    editor,
  );
  // 内部资料 print their 印刷日期: the press check refuses an issue without one.
  await api(request, 'update_issue', { id: issue.id, print_date: date }, editor);
  const ids: number[] = [];
  for (const a of [FRONT, INNER]) {
    const made = await api<{ id: number; revision: number }>(
      request,
      'create_article',
      { issue_id: issue.id, title: a.title, byline: '本报讯', body: a.body },
      editor,
    );
    await api(request, 'submit_article', { id: made.id, revision: made.revision }, editor);
    for (const [user, level] of [
      ['reviewer1', 1],
      ['reviewer2', 2],
      ['reviewer3', 3],
    ] as const) {
      await api(request, 'approve_article', { id: made.id, revision: made.revision, level, opinion: '同意。' }, await token(request, user));
    }
    ids.push(made.id);
  }
  const layout = await token(request, 'layout');
  const { plan } = await api<{ plan: { pages: { number: number; placements: unknown[] }[] } }>(
    request,
    'get_issue_plan',
    { issue_id: issue.id },
    layout,
  );
  plan.pages.forEach((p, i) => {
    p.placements = [{ article_id: ids[i], headline_span: null, body_columns: null, image_columns: null, type_scale: 100 }];
  });
  await api(request, 'plan_issue', plan, layout);
  return { issueId: issue.id, front: ids[0], inner: ids[1] };
}

/**
 * Where a character is printed on a page of a PDF, as fractions of the
 * page's width and height (from pdftotext's word boxes; the words of these
 * articles are runs of full-width characters, each as wide as the next).
 */
function charOnPage(pdf: Buffer, page: number, ch: string): { fx: number; fy: number } {
  const dir = mkdtempSync(join(tmpdir(), 'zp-pages-'));
  const file = join(dir, 'round.pdf');
  writeFileSync(file, pdf);
  const xml = execFileSync('pdftotext', ['-f', String(page), '-l', String(page), '-bbox', file, '-'], { encoding: 'utf8' });
  const size = /<page width="([\d.]+)" height="([\d.]+)"/.exec(xml)!;
  const [width, height] = [Number(size[1]), Number(size[2])];
  const words = [...xml.matchAll(/<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)<\/word>/g)];
  const hits = words.filter((w) => w[5].includes(ch));
  expect(hits, `“${ch}” printed once on page ${page}`).toHaveLength(1);
  const [, x0, y0, x1, y1, text] = hits[0];
  const chars = [...text];
  const i = chars.indexOf(ch);
  const x = Number(x0) + ((i + 0.5) * (Number(x1) - Number(x0))) / chars.length;
  const y = (Number(y0) + Number(y1)) / 2;
  return { fx: x / width, fy: y / height };
}

/** Click at a fraction of the shown page image, scrolled into view first. */
async function clickOnPage(page: Page, fx: number, fy: number) {
  const img = page.getByTestId('mark-page').locator('img');
  await expect(img).toBeVisible();
  await expect.poll(() => img.evaluate((el: HTMLImageElement) => el.complete && el.naturalWidth > 0)).toBe(true);
  await page.getByTestId('mark-scroll').evaluate(
    (el, [x, y]) => {
      const inner = el.querySelector('img')!.getBoundingClientRect();
      const outer = el.getBoundingClientRect();
      el.scrollLeft += inner.left + x * inner.width - (outer.left + el.clientWidth / 2);
      el.scrollTop += inner.top + y * inner.height - (outer.top + el.clientHeight / 2);
    },
    [fx, fy],
  );
  const box = (await img.boundingBox())!;
  await page.mouse.click(box.x + fx * box.width, box.y + fy * box.height);
}

/** Drag over the shown page image from one fraction to another, scrolled into view first. */
async function dragOnPage(page: Page, from: [number, number], to: [number, number]) {
  const img = page.getByTestId('mark-page').locator('img');
  await page.getByTestId('mark-scroll').evaluate(
    (el, [x, y]) => {
      const inner = el.querySelector('img')!.getBoundingClientRect();
      const outer = el.getBoundingClientRect();
      el.scrollLeft += inner.left + x * inner.width - (outer.left + el.clientWidth / 2);
      el.scrollTop += inner.top + y * inner.height - (outer.top + el.clientHeight / 2);
    },
    [(from[0] + to[0]) / 2, (from[1] + to[1]) / 2],
  );
  const box = (await img.boundingBox())!;
  await page.mouse.move(box.x + from[0] * box.width, box.y + from[1] * box.height);
  await page.mouse.down();
  await page.mouse.move(box.x + to[0] * box.width, box.y + to[1] * box.height, { steps: 6 });
  await page.mouse.up();
}

async function confirm(page: Page, name: string) {
  await page.locator('.ant-popconfirm').getByRole('button', { name }).click();
}

test('a page proof from 一校 to 付印: marked, corrected, closed, signed, printed; a later change voids the page', async ({
  browser,
  request,
}) => {
  test.setTimeout(240_000);
  const { issueId, inner } = await setUp(request, 10, '2026-10-31');

  // Layout staff start 一校.
  const layout = await asUser(browser, 'layout');
  await layout.goto(`/#/pages/${issueId}`);
  await expect(layout.getByTestId('rounds-panel')).toBeVisible();
  await layout.getByTestId('start-round').click();
  const row1 = layout.locator('[data-testid="round-row"][data-round="1"]');
  await expect(row1.getByTestId('round-state')).toHaveText('进行中', { timeout: 30_000 });
  await expect(layout.getByTestId('start-round')).toBeDisabled();

  // A proofreader marks the wrong character on page 2 with a click.
  const proofreader = await asUser(browser, 'proofreader');
  await proofreader.goto(`/#/pages/${issueId}`);
  await proofreader.locator('[data-testid="round-row"][data-round="1"]').getByTestId('open-round').click();
  await expect(proofreader.getByTestId('marking-view')).toBeVisible();
  const roundId = Number(new URL(proofreader.url()).hash.split('/').pop());
  await proofreader.getByTestId('mark-page-pick').getByText('第2版').click();
  await expect(proofreader.getByTestId('mark-page')).toHaveAttribute('data-page', '2');

  const pdf = await request.post('/api/proof_round_pdf', {
    data: { id: roundId },
    headers: { Authorization: `Bearer ${await token(request, 'proofreader')}` },
  });
  expect(pdf.ok()).toBe(true);
  const at = charOnPage(Buffer.from(await pdf.body()), 2, WRONG);
  await clickOnPage(proofreader, at.fx, at.fy);
  await expect(proofreader.getByTestId('mark-form')).toBeVisible();
  await proofreader.getByTestId('mark-replacement').fill(RIGHT);
  await proofreader.getByTestId('mark-submit').click();
  const placed = proofreader.getByTestId('mark-placed');
  await expect(placed).toContainText(`“${WRONG}” → “${RIGHT}”`);
  // The mark is the character clicked, in the right article, at its offset.
  const [mark] = await api<{ article_id: number; start: number; end: number; quote: string; kind: string }[]>(
    request,
    'list_proof_marks',
    { round_id: roundId },
    await token(request, 'proofreader'),
  );
  expect(mark).toMatchObject({ article_id: inner, quote: WRONG, kind: 'correct' });
  expect(mark.end - mark.start).toBe(1);
  await expect(placed).toContainText(`《${INNER.title}》第${mark.end}字`);
  const box = proofreader.getByTestId('mark-box');
  await expect(box).toHaveCount(1);
  await expect(box).toContainText('改正');
  // The mark sits on the character: the click point is inside the drawn box.
  const img = (await proofreader.getByTestId('mark-page').locator('img').boundingBox())!;
  const drawn = (await box.boundingBox())!;
  const px = img.x + at.fx * img.width;
  const py = img.y + at.fy * img.height;
  expect(px).toBeGreaterThan(drawn.x);
  expect(px).toBeLessThan(drawn.x + drawn.width);
  expect(py).toBeGreaterThan(drawn.y);
  expect(py).toBeLessThan(drawn.y + drawn.height);
  await expect(proofreader.getByTestId('mark-row')).toHaveCount(1);
  await shot(proofreader, 'pages-marking');

  // A box dragged over the empty lower half of the page marks no text (the area of the article above it).
  await dragOnPage(proofreader, [0.3, 0.55], [0.7, 0.65]);
  await proofreader.getByTestId('mark-kind').click();
  await proofreader.locator('.ant-select-item-option').filter({ hasText: '其他' }).click();
  await proofreader.getByTestId('mark-note').fill('下半版空白过多，请补排图片或调整版式');
  await proofreader.getByTestId('mark-submit').click();
  await expect(placed).toContainText(`《${INNER.title}》所在区域（不在文字上）`);
  await expect(proofreader.getByTestId('mark-box')).toHaveCount(2);

  // The round cannot close while the mark is open.
  await proofreader.getByTestId('back-to-rounds').click();
  const pRow1 = proofreader.locator('[data-testid="round-row"][data-round="1"]');
  await expect(pRow1.getByTestId('round-marks')).toContainText('2处未处理');
  await expect(pRow1.getByTestId('close-round')).toBeDisabled();
  await shot(proofreader, 'pages-rounds');

  // The article's editor applies it with one click (a 校改: the 三审 stays).
  const editor = await asUser(browser, 'editor');
  await editor.goto(`/#/article/${inner}`);
  const marks = editor.getByTestId('article-marks');
  await expect(marks).toContainText(`“${WRONG}” → “${RIGHT}”`);
  await shot(editor, 'pages-article-marks');
  await marks.getByTestId('apply-mark').click();
  await expect(editor.getByText(/已校改，现为第2稿，保留3个审核签名/)).toBeVisible();
  // Left: the box on the empty space, for the layout staff (or the editor, by hand).
  await expect(editor.getByTestId('article-mark')).toHaveCount(1);
  await expect(editor.getByTestId('article-mark')).toContainText('其他');
  await expect(editor.getByTestId('article-mark').getByTestId('done-mark')).toBeVisible();
  await expect(editor.getByTestId('article-body')).toContainText(`休息${RIGHT}站`);
  await expect(editor.getByTestId('status-tag')).toHaveText('已签发');

  // Layout staff do the layout mark on the page and mark it done.
  await layout.locator('[data-testid="round-row"][data-round="1"]').getByTestId('open-round').click();
  await layout.getByTestId('mark-page-pick').getByText('第2版').click();
  const layoutMark = layout.getByTestId('mark-row').filter({ hasText: '其他' });
  await expect(layoutMark.getByTestId('mark-to-article')).toHaveCount(0);
  await layoutMark.getByTestId('mark-done').click();
  await expect(layoutMark.getByTestId('mark-state')).toHaveText('已改');
  await layout.getByTestId('back-to-rounds').click();

  // The proofreader closes 一校 (live: the marks are resolved); its 差错率 is recorded.
  await expect(pRow1.getByTestId('close-round')).toBeEnabled({ timeout: 10_000 });
  await pRow1.getByTestId('close-round').click();
  await confirm(proofreader, '确定');
  await expect(pRow1.getByTestId('round-state')).toHaveText('已结束');
  await expect(pRow1.getByTestId('round-rate')).not.toHaveText('0.0/万字');

  // 二校 and 三校 pass without marks.
  for (const n of [2, 3]) {
    await expect(layout.getByTestId('start-round')).toBeEnabled({ timeout: 10_000 });
    await layout.getByTestId('start-round').click();
    const row = layout.locator(`[data-testid="round-row"][data-round="${n}"]`);
    await expect(row.getByTestId('round-state')).toHaveText('进行中', { timeout: 30_000 });
    await row.getByTestId('close-round').click();
    await confirm(layout, '确定');
    await expect(row.getByTestId('round-state')).toHaveText('已结束');
  }

  // The 终审 reviewer signs both pages (the 校改 listed on page 2) and orders printing.
  const signer = await asUser(browser, 'reviewer3');
  await signer.goto(`/#/pages/${issueId}/signoff`);
  await expect(signer.getByTestId('signoff-panel')).toBeVisible();
  await expect(signer.getByTestId('order-print')).toBeDisabled();
  for (const n of [1, 2]) {
    const thumb = signer.locator(`[data-testid="sign-thumb"][data-page="${n}"]`);
    await thumb.click();
    await expect(signer.getByTestId('sign-page-big')).toHaveAttribute('data-page', String(n));
    if (n === 2) {
      await expect(signer.getByTestId('correction')).toHaveCount(1);
      await expect(signer.getByTestId('correction')).toContainText(`《${INNER.title}》`);
      await expect(signer.getByTestId('correction').locator('ins')).toHaveText(RIGHT);
      await expect(signer.getByTestId('correction-box')).toHaveCount(1);
      await shot(signer, 'pages-signoff');
    }
    await signer.getByTestId('sign-page').click();
    await confirm(signer, '签版');
    await expect(thumb).toHaveAttribute('data-state', 'signed');
  }
  await expect(signer.getByTestId('order-print')).toBeEnabled();
  await signer.getByTestId('order-print').click();
  await confirm(signer, '付印');
  await expect(signer.getByTestId('print-ordered')).toBeVisible();

  // Layout staff export the print PDF; the page plan shows both pages signed.
  await layout.goto(`/#/layout/${issueId}`);
  await expect(layout.locator('[data-testid="plan-sign"][data-page="2"]')).toHaveAttribute('data-state', 'signed');
  await layout.getByTestId('export-button').click();
  const download = layout.waitForEvent('download');
  await layout.getByTestId('export-start').click();
  const file = await download;
  expect(file.suggestedFilename()).toBe('青禾开发区报-2026年第10期.pdf');
  const bytes = readFileSync((await file.path())!);
  expect(bytes.subarray(0, 4).toString('latin1')).toBe('%PDF');
  await layout.getByRole('button', { name: /关\s*闭/ }).last().click();

  // A layout change on page 2 voids its 签版 (shown live on the plan and to the signer).
  const name = layout.locator('[data-testid="page-column"][data-page="2"]').getByTestId('page-name');
  await name.click();
  await name.fill('城市生活');
  await name.press('Enter');
  await expect(layout.getByTestId('layout-save-state')).toHaveAttribute('data-state', 'saved', { timeout: 10_000 });
  await expect(layout.locator('[data-testid="plan-sign"][data-page="2"]')).toHaveAttribute('data-state', 'voided', {
    timeout: 10_000,
  });
  await expect(layout.locator('[data-testid="plan-sign"][data-page="1"]')).toHaveAttribute('data-state', 'signed');
  await shot(layout, 'pages-plan-voided');
  await expect(signer.locator('[data-testid="sign-thumb"][data-page="2"]')).toHaveAttribute('data-state', 'voided', {
    timeout: 10_000,
  });
  await expect(signer.getByTestId('print-not-ordered')).toBeVisible();

  // The print export is refused, naming the page, and leads to the 签版 screen.
  await layout.getByTestId('export-button').click();
  await layout.getByTestId('export-start').click();
  const refused = layout.getByTestId('export-refused');
  await expect(refused).toContainText('第2版尚未签版', { timeout: 30_000 });
  await expect(refused).not.toContainText('第1版');
  await shot(layout, 'pages-export-refused');
  await layout.getByTestId('export-to-signoff').click();
  await expect(layout.getByTestId('signoff-panel')).toBeVisible();
  await expect(layout.locator('[data-testid="sign-thumb"][data-page="2"]')).toHaveAttribute('data-state', 'voided');
  await expect(layout.getByTestId('sign-page')).toHaveCount(0);
});

test('签版 of a page changed since the signer looked at it is refused, and the page is shown anew', async ({
  browser,
  request,
}) => {
  test.setTimeout(120_000);
  const { issueId } = await setUp(request, 9, '2026-10-15');
  // The signer's window hears no change events: it still shows page 2 as it was.
  const context = await browser.newContext({ locale: 'zh-CN' });
  await context.route('**/api/events', (route) => route.abort());
  const signer = await context.newPage();
  await login(signer, 'reviewer3');
  await signer.goto(`/#/pages/${issueId}/signoff`);
  const thumb = signer.locator('[data-testid="sign-thumb"][data-page="2"]');
  await thumb.click();
  await expect(signer.getByTestId('sign-page-big')).toHaveAttribute('data-page', '2');
  await expect(thumb).toHaveAttribute('data-state', 'unsigned');

  const layout = await token(request, 'layout');
  const { plan } = await api<{ plan: { pages: { name: string }[] } }>(request, 'get_issue_plan', { issue_id: issueId }, layout);
  plan.pages[1].name = '城市生活';
  await api(request, 'plan_issue', plan, layout);

  await signer.getByTestId('sign-page').click();
  await confirm(signer, '签版');
  const dialog = signer.locator('.ant-modal-confirm');
  await expect(dialog).toContainText('第2版已有变动，未签版');
  await expect(dialog).toContainText('第2版在您查看之后又有变动，请刷新后看过再签版');
  await dialog.getByRole('button', { name: '重新查看' }).click();
  await expect(thumb).toHaveAttribute('data-state', 'unsigned');
  // Shown anew, it signs.
  await signer.getByTestId('sign-page').click();
  await confirm(signer, '签版');
  await expect(thumb).toHaveAttribute('data-state', 'signed');
  await expect(signer.getByTestId('signed-by')).toContainText('周敏');
});
