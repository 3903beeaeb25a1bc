import { type APIRequestContext, type Page } from '@playwright/test';
import { api, asUser, expect, login, PASSWORD, test } from './helpers';

/**
 * 排版建议 on an issue of its own (dated before the demo issue, so the other
 * specs still open the demo as the latest): six signed stories all on page 1
 * overflow it; a suggestion spreads them so nothing overflows, a second
 * layout window sees the change live, and undo brings the overflow back.
 */

const SENTENCES = [
  '开发区各部门围绕年度目标倒排工期，逐项落实重点任务',
  '园区企业服务专员深入车间了解用工、用地和融资需求',
  '新建的标准厂房已有三家企业签约入驻并开始设备安装',
  '社区网格员走访辖区住户，登记老人和儿童的服务需求',
  '生态环境部门对沿河排口开展夜间巡查并建立问题台账',
  '职业技能培训班吸引了两百多名企业职工报名参加学习',
  '政务服务中心把二十项高频事项调整为当场办结的清单',
  '项目现场实行安全员分段负责制，每天记录施工进度',
];

/** A body of about `n` characters, in paragraphs of four sentences. */
function body(seed: number, n: number) {
  const paras: { type: 'paragraph'; text: string }[] = [];
  let text = '';
  let k = seed;
  let total = 0;
  while (total < n) {
    text += `${SENTENCES[k % SENTENCES.length]}${k % 3 === 0 ? '，' : '。'}`;
    k += 1;
    if (k % 4 === 0) {
      paras.push({ type: 'paragraph', text: text.endsWith('，') ? `${text.slice(0, -1)}。` : text });
      total += text.length;
      text = '';
    }
  }
  return paras;
}

const TITLES = ['开发区推进重点项目建设', '标准厂房迎来首批企业', '社区网格服务走进千家万户', '沿河排口夜查常态化', '职工技能培训报名踊跃', '政务服务高频事项当场办'];

async function token(request: APIRequestContext, username: string): Promise<string> {
  return (await api<{ token: string }>(request, 'login', { username, password: PASSWORD })).token;
}

/** Issue 2026年第6期 with six signed stories, all placed on page 1 of 2. */
async function setUp(request: APIRequestContext): Promise<number> {
  const editor = await token(request, 'editor');
  const issue = await api<{ id: number }>(request, 'create_issue', { year: 2026, number: 6, date: '2026-07-31', page_count: 2 }, editor);
  const ids: number[] = [];
  for (const [i, title] of TITLES.entries()) {
    const made = await api<{ id: number; revision: number }>(
      request,
      'create_article',
      { issue_id: issue.id, title, byline: '本刊讯', body: body(i, 700 + i * 120) },
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
  const { plan } = await api<{ plan: { pages: { number: number; placements: unknown[] }[] } }>(request, 'get_issue_plan', { issue_id: issue.id }, layout);
  plan.pages[0].placements = ids.map((id) => ({ article_id: id, headline_span: 2, body_columns: 2, image_columns: null, type_scale: 100 }));
  await api(request, 'plan_issue', plan, layout);
  return issue.id;
}

const fits = (page: Page) => page.getByTestId('page-column').getByTestId('page-fit');

test('a suggestion fixes an overflowing plan, everyone sees it, and undo takes it back', async ({ page, browser, request }) => {
  test.setTimeout(120_000);
  const issueId = await setUp(request);
  await login(page, 'layout');
  await page.goto(`/#/layout/${issueId}`);
  await expect(page.getByTestId('page-column')).toHaveCount(2);
  await expect(fits(page).first()).toHaveText(/^第1版超出约\d+字$/);

  // A second layout window on the same issue.
  const other = await asUser(browser, 'layout');
  await other.goto(`/#/layout/${issueId}`);
  await expect(fits(other).first()).toHaveText(/^第1版超出约\d+字$/);

  await page.getByTestId('suggest-button').click();
  const first = page.getByTestId('suggestion-1');
  await expect(first).toBeVisible({ timeout: 60_000 });
  // Side by side, each with its pages drawn small and the parts of its score.
  await expect(first.getByTestId('suggest-page-1')).toBeVisible();
  await expect(first.getByTestId('suggest-page-2')).toBeVisible();
  await expect(first.getByTestId('suggestion-parts')).toContainText('版面空白');
  await expect(first.getByTestId('suggestion-parts')).toContainText('改动');
  await expect(first.getByTestId('suggest-page-1')).not.toContainText('超出');
  await page.screenshot({ path: 'test-results/suggest-dialog.png' });

  await page.getByTestId('suggest-apply-1').click();
  await expect(page.getByTestId('suggestions')).toBeHidden();
  await expect(page.getByTestId('layout-save-state')).toHaveAttribute('data-state', 'saved');
  for (const f of await fits(page).all()) await expect(f).not.toHaveText(/超出/);
  // The other window follows without a reload.
  await expect(fits(other).first()).not.toHaveText(/超出/, { timeout: 5000 });
  await expect(other.getByTestId('page-column').nth(1).getByTestId('placed-card').first()).toBeVisible();

  // Undo: the overflowing plan is back, here and there.
  await page.getByTestId('suggest-undo').click();
  await expect(fits(page).first()).toHaveText(/^第1版超出约\d+字$/, { timeout: 5000 });
  await expect(fits(other).first()).toHaveText(/^第1版超出约\d+字$/, { timeout: 5000 });
  await expect(page.getByTestId('suggest-undo')).toBeHidden();
});
