// Desktop smoke test: the real `zonepress-desktop` (under Xvfb, see
// `make desktop-test`) through tauri-driver and WebKitWebDriver, each launch
// with its own workspace folder and its own settings (XDG_CONFIG_HOME):
//
// 1. first launch: the choices (新建工作区, 打开演示工作区, 连接办公室服务器);
//    the demo opens marked 演示, its admin is refused 局域网共享 with the
//    core's message, the editor signs in through the Tauri transport and
//    sees the demo issue;
// 2. connected mode: a `zonepress serve --tls` started here on 127.0.0.2;
//    the app finds it, shows the certificate fingerprint the server printed,
//    connects, signs in and lists the server's articles (one imported there
//    by this test); the next launch goes straight to that server; 返回本机工作区;
// 3. hosting: 新建工作区 (a weak password refused by the core first), the
//    admin turns 局域网共享 on in 管理 (HTTPS offered by default, turned off
//    for this part); a plain HTTP client gets the web UI
//    and signs in at the address the app shows; stopping sharing closes it.
//
// A node:test suite, one test per part (ZONEPRESS_SMOKE_ONLY=first,connect,host
// runs some); the WebDriver helpers are tests/webdriver.mjs, shared with
// tests/dist/desktop.mjs. Screenshots go to tests/out/desktop-*.png.
import { spawn, execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { connect as tlsConnect } from 'node:tls';
import { request as httpsRequest } from 'node:https';
import { tmpdir, homedir, networkInterfaces } from 'node:os';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { chromium } from 'playwright-core';
import { freePort, until, withApp as launch } from '../webdriver.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const out = join(here, '../out');
const target = process.env.CARGO_TARGET_DIR ?? join(homedir(), '.cache/zonepress-target');
const app = process.env.ZONEPRESS_DESKTOP_BIN ?? join(target, 'debug/zonepress-desktop');
const cli = process.env.ZONEPRESS_BIN ?? join(target, 'debug/zonepress');
const ONLY = process.env.ZONEPRESS_SMOKE_ONLY?.split(',');
const skip = (part) => Boolean(ONLY && !ONLY.includes(part));

/** One expectation of the smoke run: logged when it holds, failing the test when not. */
function check(name, ok, detail = '') {
  assert.ok(ok, `${name} ${detail}`);
  console.log(`  ✓ ${name}`);
}

/** Folders made for this run, removed at the end. */
const made = [];
const fresh = (name) => {
  const dir = mkdtempSync(join(tmpdir(), `zonepress-${name}-`));
  made.push(dir);
  return dir;
};
after(() => {
  for (const dir of made) rmSync(dir, { recursive: true, force: true });
});

/**
 * `POST /api/<command>` as a colleague's browser would, over HTTPS with the
 * server's self-signed certificate (checked by the app, not here).
 */
function apiOverHttps(base, command, input, token) {
  return new Promise((resolve, reject) => {
    const body = JSON.stringify(input);
    const headers = { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(body) };
    if (token) headers.Authorization = `Bearer ${token}`;
    const req = httpsRequest(`${base}/api/${command}`, { method: 'POST', headers, rejectUnauthorized: false }, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (d) => (text += d));
      res.on('end', () => (res.statusCode < 300 ? resolve(JSON.parse(text)) : reject(new Error(`${res.statusCode} ${text}`))));
    });
    req.once('error', reject);
    req.end(body);
  });
}

/** Launch the debug app once with `env` (its workspace and settings folders). */
const withApp = (env, body) => launch({ app, env, shots: out }, body);

async function signIn(ui, username, password) {
  await ui.wait('[data-testid="login-form"]');
  await ui.type('[data-testid="login-username"]', username);
  await ui.type('[data-testid="login-password"]', password);
  await ui.click('[data-testid="login-submit"]');
  return await until(async () => (await ui.text('[data-testid="current-user"]')) || null);
}

async function signOut(ui) {
  await ui.click('[data-testid="logout"]');
  await ui.wait('[data-testid="login-form"]');
}

async function openAdminTab(ui, tab) {
  await until(() => ui.clickText('[role="menuitem"]', '管理').then(() => true));
  await until(() => ui.clickText('[role="tab"]', tab).then(() => true));
}

// ---------------------------------------------------------------------------

async function firstLaunchAndDemo() {
  const workspace = process.env.ZONEPRESS_SMOKE_WORKSPACE ?? fresh('desktop');
  const existing = Boolean(process.env.ZONEPRESS_SMOKE_WORKSPACE);
  await withApp({ ZONEPRESS_WORKSPACE: workspace, XDG_CONFIG_HOME: fresh('config') }, async (ui) => {
    // Interactive: the first-launch choices, or the login form on an existing workspace.
    await ui.wait(existing ? '[data-testid="login-form"]' : '[data-testid="first-launch"]');
    console.log(`  interactive ${Date.now() - ui.launched} ms after launch (${process.env.ZONEPRESS_DESKTOP_BIN ? app : 'debug build'})`);
    if (!existing) {
      for (const id of ['choose-create', 'choose-demo', 'choose-connect']) {
        check(`the first launch offers ${id}`, Boolean(await ui.find(`[data-testid="${id}"]`).catch(() => null)));
      }
      const text = await ui.text('[data-testid="first-launch"]');
      check('the choices are in Simplified Chinese', text.includes('新建工作区') && text.includes('打开演示工作区'), text);
      await ui.screenshot('desktop-first-launch.png');
      await ui.click('[data-testid="choose-demo"]');
    }
    await ui.wait('[data-testid="login-form"]', 30000);
    const label = await ui.text('[data-testid="login-submit"]');
    check('the page is in Simplified Chinese', label.replace(/\s/g, '') === '登录', label);
    const title = await until(async () => ((await ui.title()).includes('演示') ? ui.title() : null));
    check('the demo is marked 演示 in the window title', title.includes('演示'), title);
    check('the login screen marks the demo', (await ui.text('[data-testid="login-where"]')).includes('演示'));
    await ui.screenshot('desktop-login-demo.png');

    // The demo's admin may not share it: the core's refusal names the accounts.
    check('the demo admin signs in', (await signIn(ui, 'admin', 'zonepress')) === '赵磊');
    await openAdminTab(ui, '局域网共享');
    await ui.click('[data-testid="sharing-start"]');
    const refused = await ui.waitText('[data-testid="sharing-error"]', '演示密码');
    check('局域网共享 of the demo is refused with the Chinese reason', refused.includes('不能开启局域网共享'), refused);
    check('sharing stays off', (await ui.text('[data-testid="sharing-state"]')).includes('未共享'));
    await ui.screenshot('desktop-sharing-refused.png');
    await signOut(ui);

    const who = await signIn(ui, 'editor', 'zonepress');
    check('signed in through the Tauri transport on the demo workspace', who === '林悦', who);
    await until(() => ui.clickText('[role="menuitem"]', '稿件').then(() => true));
    const rows = await until(async () => {
      const els = await ui.findAll('[data-testid="article-link"]');
      return els.length >= 21 ? els.length : 0;
    });
    check('the demo issue lists its articles', rows >= 21, String(rows));
    await ui.screenshot('desktop.png');
  });
}

/** `zonepress serve --tls` on 127.0.0.2 over a demo workspace with one more article. */
async function officeServer() {
  const dir = fresh('office');
  execFileSync(cli, ['--workspace', dir, 'init', '--demo'], { stdio: 'ignore' });
  const file = join(dir, '园区办公室联网试用.txt');
  writeFileSync(
    file,
    '园区办公室联网试用\n\n11月26日上午，开发区宣传办在新办公楼试用联网编务，各科室的稿件第一次汇总到同一台服务器上。\n',
  );
  execFileSync(cli, ['--workspace', dir, 'import', file, '--issue', '1', '--as', 'editor'], { stdio: 'ignore' });
  const address = `127.0.0.2:${await freePort('127.0.0.2')}`;
  return { dir, address, ...(await serveOffice(dir, address)) };
}

/** Start (or start again) `zonepress serve --tls`; answers the process and the fingerprint it printed. */
async function serveOffice(dir, address) {
  const server = spawn(cli, ['--workspace', dir, 'serve', '--bind', address, '--tls'], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let printed = '';
  let logged = '';
  server.stdout.on('data', (d) => (printed += d));
  server.stderr.on('data', (d) => (logged += d));
  const fingerprint = await until(() => printed.match(/证书指纹（SHA-256）：(\S+)/)?.[1], 20000).catch((e) => {
    console.log(printed, logged);
    throw e;
  });
  return { server, fingerprint };
}

async function connectedMode() {
  const office = await officeServer();
  const { address, fingerprint } = office;
  const env = { ZONEPRESS_WORKSPACE: join(fresh('desktop'), 'workspace'), XDG_CONFIG_HOME: fresh('config') };
  try {
    await withApp(env, async (ui) => {
      await ui.wait('[data-testid="first-launch"]');
      await ui.click('[data-testid="choose-connect"]');
      await ui.type('[data-testid="server-address"]', address);
      await ui.click('[data-testid="server-find"]');
      const publication = await ui.waitText('[data-testid="probe-publication"]', (t) => t.length > 0);
      check('the server is found with its publication', publication === '青禾开发区报', publication);
      const shown = await ui.text('[data-testid="probe-fingerprint"]');
      check('the certificate fingerprint shown is the one the server printed', shown.trim() === fingerprint, `${shown} vs ${fingerprint}`);
      await ui.screenshot('desktop-connect.png');
      await ui.click('[data-testid="server-connect"]');
      await ui.wait('[data-testid="login-where"][data-mode="remote"]');
      const title = await until(async () => ((await ui.title()).includes('办公室服务器') ? ui.title() : null));
      check('the window names the office server', title.includes('青禾开发区报') && title.includes(address), title);
      const who = await signIn(ui, 'editor', 'zonepress');
      check('signed in on the office server from the desktop', who === '林悦', who);
      await until(() => ui.clickText('[role="menuitem"]', '稿件').then(() => true));
      const link = await until(() => ui.byText('[data-testid="article-link"]', '园区办公室联网试用'));
      check('the article imported on the server is listed', Boolean(link));
      const rows = (await ui.findAll('[data-testid="article-link"]')).length;
      check('the server’s issue lists all its articles', rows >= 22, String(rows));
      // An article added on the server (林悦 at another PC): the list follows, no reload.
      const base = `https://${address}`;
      const { token } = await apiOverHttps(base, 'login', { username: 'editor', password: 'zonepress' });
      await apiOverHttps(base, 'create_article', { issue_id: 1, title: '同事在服务器上新建的稿件' }, token);
      const started = Date.now();
      await until(() => ui.byText('[data-testid="article-link"]', '同事在服务器上新建的稿件'), 5000).catch(() => null);
      const ms = Date.now() - started;
      check(`a change made on the server reaches the list through the event stream (${ms} ms)`, ms < 3000);

      // The server goes away (sharing turned off, a restart): said in Chinese, and it recovers.
      office.server.kill('SIGTERM');
      const banner = await ui.waitText('[data-testid="connection-banner"]', (t) => t.length > 0, 15000);
      check('a server that went away is said in Chinese', /连接|服务器/.test(banner), banner);
      await ui.screenshot('desktop-server-away.png');
      Object.assign(office, await serveOffice(office.dir, address));
      await ui.click('[data-testid="connection-retry"]').catch(() => {});
      const bannerGone = await until(async () => !(await ui.find('[data-testid="connection-banner"]').catch(() => null)), 20000).catch(
        () => false,
      );
      const relisted = await until(() => ui.byText('[data-testid="article-link"]', '同事在服务器上新建的稿件')).catch(() => null);
      check('the app reconnects when the server is back: the banner goes, the list is there again', bannerGone && Boolean(relisted));
    });
    // The address and the pinned certificate are remembered.
    await withApp(env, async (ui) => {
      await ui.wait('[data-testid="login-where"][data-mode="remote"]');
      await ui.screenshot('desktop-login-remote.png');
      check('the next launch goes straight to the office server', (await ui.text('[data-testid="server-publication"]')) === '青禾开发区报');
      check('and signs in there', (await signIn(ui, 'reviewer1', 'zonepress')) === '郑雨桐');
      await signOut(ui);

      // The server now shows another certificate: refused with a warning.
      office.server.kill('SIGTERM');
      await until(() => office.server.exitCode !== null || office.server.signalCode !== null);
      rmSync(join(office.dir, 'tls'), { recursive: true, force: true });
      Object.assign(office, await serveOffice(office.dir, address));
      check('the restarted server has a new certificate', office.fingerprint !== fingerprint);
      await ui.type('[data-testid="login-username"]', 'reviewer1');
      await ui.type('[data-testid="login-password"]', 'zonepress');
      await ui.click('[data-testid="login-submit"]');
      const warning = await ui.waitText('.ant-alert-error', (t) => t.length > 0);
      check('signing in to a server with a changed certificate is refused with a warning', warning.includes('警告'), warning);
      await ui.click('[data-testid="choose-connect"]');
      await ui.click('[data-testid="recent-server"]');
      const changed = await ui.waitText('[data-testid="cert-changed"]', (t) => t.length > 0);
      check(
        'the connect screen shows both fingerprints',
        changed.includes(fingerprint) && changed.includes(office.fingerprint),
        changed,
      );
      await ui.screenshot('desktop-cert-changed.png');
      await ui.clickText('[data-testid="cert-changed"] button', '移除');
      const again = await ui.waitText('[data-testid="probe-fingerprint"]', (t) => t.length > 0);
      check('once removed, the new fingerprint is offered for confirmation', again.trim() === office.fingerprint, again);
      await ui.click('[data-testid="connect-cancel"]');
      await ui.click('[data-testid="use-local"]');
      const choices = await ui.wait('[data-testid="first-launch"]').catch(() => null);
      check('返回本机工作区 leads back to the first-launch choices', Boolean(choices));
    });
  } finally {
    office.server.kill('SIGTERM');
  }
}

async function hosting() {
  const env = { ZONEPRESS_WORKSPACE: join(fresh('desktop'), 'workspace'), XDG_CONFIG_HOME: fresh('config') };
  const password = 'Qinghe-Bianwu-2026';
  const port = await freePort('0.0.0.0');
  await withApp(env, async (ui) => {
    await ui.wait('[data-testid="first-launch"]');
    await ui.click('[data-testid="choose-create"]');
    await ui.type('[data-testid="create-username"]', 'sunym');
    await ui.type('[data-testid="create-name"]', '孙一鸣');
    await ui.type('[data-testid="create-password"]', 'sunym12345');
    await ui.type('[data-testid="create-password-again"]', 'sunym12345');
    await ui.click('[data-testid="create-submit"]');
    const weak = await ui.waitText('[data-testid="first-launch-error"]', (t) => t.length > 0);
    check('a guessable admin password is refused by the core', weak.includes('太常见或太容易猜到'), weak);
    await ui.type('[data-testid="create-password"]', password);
    await ui.type('[data-testid="create-password-again"]', password);
    await ui.click('[data-testid="create-submit"]');
    await ui.wait('[data-testid="login-form"]', 30000);
    const title = await ui.title();
    check('a new workspace is not marked 演示', !title.includes('演示'), title);
    check('its admin signs in', (await signIn(ui, 'sunym', password)) === '孙一鸣');

    await openAdminTab(ui, '局域网共享');
    await ui.type('input[data-testid="sharing-port"], [data-testid="sharing-port"] input', String(port));
    const httpsByDefault = await ui
      .find('.ant-checkbox-wrapper-checked[data-testid="sharing-https"], .ant-checkbox-wrapper-checked [data-testid="sharing-https"]')
      .then(
        () => true,
        () => false,
      );
    check('局域网共享 offers HTTPS by default', httpsByDefault);
    // First over plain HTTP, as a colleague's plain client reaches it.
    await ui.click('[data-testid="sharing-https"]');
    await ui.click('[data-testid="sharing-start"]');
    await ui.waitText('[data-testid="sharing-state"]', '正在共享');
    const shown = await ui.text('[data-testid="sharing-panel"]');
    const lan = Object.values(networkInterfaces())
      .flat()
      .filter((i) => i.family === 'IPv4' && !i.internal)
      .map((i) => `http://${i.address}:${port}/`);
    check(
      'the addresses colleagues use are shown',
      lan.length === 0 || lan.some((a) => shown.includes(a)),
      `${JSON.stringify(lan)} in ${shown}`,
    );

    // A colleague's browser (a plain HTTP client) at that port.
    const base = `http://127.0.0.1:${port}`;
    const page = await fetch(`${base}/`);
    const html = await page.text();
    check('the shared workspace serves the web UI', page.ok && html.includes('园区编务'), String(page.status));
    const login = await fetch(`${base}/api/login`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ username: 'sunym', password }),
    });
    const session = await login.json();
    check('a colleague signs in over HTTP', login.ok && typeof session.token === 'string', JSON.stringify(session));
    const me = await fetch(`${base}/api/whoami`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${session.token}` },
      body: '{}',
    }).then((r) => r.json());
    check('and works on the same workspace', me.user?.display_name === '孙一鸣', JSON.stringify(me));
    // And in a real browser (Debian's Chromium): the embedded web UI signs in.
    const browser = await chromium.launch({
      executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
      args: ['--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking'],
    });
    try {
      // Loopback only in tests: the same server answers on every address.
      const tab = await browser.newPage({ locale: 'zh-CN' });
      await tab.goto(`${base}/`);
      await tab.getByTestId('login-username').fill('sunym');
      await tab.getByTestId('login-password').fill(password);
      await tab.getByTestId('login-submit').click();
      const name = await tab.getByTestId('current-user').textContent({ timeout: 15000 });
      check('a colleague’s browser signs in to the shared workspace', name === '孙一鸣', String(name));
    } finally {
      await browser.close();
    }
    // The app's own work goes on meanwhile.
    await ui.clickText('[role="tab"]', '账号');
    const row = await until(() => ui.byText('.ant-table-row', 'sunym')).catch(() => null);
    check('the host keeps working while sharing: 账号 lists its admin', Boolean(row));

    await ui.clickText('[role="tab"]', '局域网共享');
    await ui.click('[data-testid="sharing-stop"]');
    await ui.waitText('[data-testid="sharing-state"]', '未共享');
    const gone = await fetch(`${base}/api/health`).then(
      () => false,
      () => true,
    );
    check('stopping sharing closes the port', gone);

    // Over HTTPS: the fingerprint shown is the certificate's the port presents.
    await ui.click('[data-testid="sharing-https"]');
    await ui.click('[data-testid="sharing-start"]');
    await ui.waitText('[data-testid="sharing-state"]', '正在共享');
    const shownPrint = (await ui.waitText('[data-testid="sharing-fingerprint"]', ':')).trim();
    const presented = await new Promise((resolve, reject) => {
      const socket = tlsConnect({ host: '127.0.0.1', port, rejectUnauthorized: false }, () => {
        resolve(socket.getPeerCertificate().fingerprint256);
        socket.end();
      });
      socket.once('error', reject);
    });
    check('over HTTPS the panel shows the served certificate’s fingerprint', shownPrint === presented, `${shownPrint} vs ${presented}`);
    check('and the addresses are https', (await ui.text('[data-testid="sharing-panel"]')).includes(`https://`));
    await ui.screenshot('desktop-sharing.png');

    // A colleague adds an account over the LAN: the host's 账号 list follows.
    const secure = `https://127.0.0.1:${port}`;
    const colleague = await apiOverHttps(secure, 'login', { username: 'sunym', password });
    await ui.clickText('[role="tab"]', '账号');
    await apiOverHttps(
      secure,
      'create_user',
      { username: 'zhengyt', display_name: '郑雨桐', password: 'Linshi-Mima-2026', roles: ['reviewer'] },
      colleague.token,
    );
    const started = Date.now();
    await until(() => ui.byText('.ant-table-row', '郑雨桐'), 5000).catch(() => null);
    const ms = Date.now() - started;
    check(`a change made over the LAN reaches the host’s screen through the event channel (${ms} ms)`, ms < 3000);

    // Off, and not on again while an account has a password its owner never chose.
    await ui.clickText('[role="tab"]', '局域网共享');
    await ui.click('[data-testid="sharing-stop"]');
    await ui.waitText('[data-testid="sharing-state"]', '未共享');
    await ui.click('[data-testid="sharing-start"]');
    const refused = await ui.waitText('[data-testid="sharing-error"]', (t) => t.length > 0);
    check(
      'sharing is refused while an account keeps an admin-set password, naming it',
      refused.includes('郑雨桐（zhengyt，管理员设置的初始密码'),
      refused,
    );
  });
}

test('first launch, demo', { skip: skip('first') }, firstLaunchAndDemo);
test('connected mode (zonepress serve --tls on 127.0.0.2)', { skip: skip('connect') }, connectedMode);
test('hosting (新建工作区, 局域网共享)', { skip: skip('host') }, hosting);
