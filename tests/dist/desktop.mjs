// The installed desktop app under WebDriver (run by dist-test.sh under
// Xvfb): launch /usr/bin/zonepress-desktop through tauri-driver and
// WebKitWebDriver, time how long the first screen takes to become
// interactive (on a first launch the choices, where it opens the demo),
// sign in, and open 关于 to read the version and the build's commit.
// Plain WebDriver over HTTP, as tests/desktop/smoke.mjs.
//
// Environment: ZONEPRESS_DESKTOP_BIN (default /usr/bin/zonepress-desktop),
// EXPECT_VERSION and EXPECT_COMMIT (what 关于 must show; both required), LABEL (for the
// timing line), SCREENSHOT (a PNG path for the 关于 dialog). The workspace is
// whatever the app opens (dist-test.sh points XDG_DATA_HOME at a temporary
// folder, so the first launch offers the choices and opens the demo there).
import { spawn } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';

const app = process.env.ZONEPRESS_DESKTOP_BIN ?? '/usr/bin/zonepress-desktop';
const driverBin = process.env.TAURI_DRIVER ?? join(homedir(), '.cargo/bin/tauri-driver');
const port = 5444 + Math.floor(Math.random() * 1000);
const label = process.env.LABEL ?? 'launch';
// What 关于 must show: required, so that the check cannot pass by default.
const expectVersion = process.env.EXPECT_VERSION;
const expectCommit = process.env.EXPECT_COMMIT;
if (!expectVersion || !expectCommit) {
  console.log('  ✗ EXPECT_VERSION and EXPECT_COMMIT must say what 关于 shows (dist-test.sh sets them)');
  process.exit(2);
}
let passed = 0;
let failed = 0;

function check(name, ok, detail = '') {
  if (ok) {
    passed++;
    console.log(`  ✓ ${name}`);
  } else {
    failed++;
    console.log(`  ✗ ${name} ${detail}`);
  }
}

const driver = spawn(driverBin, ['--port', String(port)], { stdio: ['ignore', 'ignore', 'inherit'] });
const base = `http://127.0.0.1:${port}`;

async function wd(method, path, body) {
  const res = await fetch(base + path, {
    method,
    headers: { 'Content-Type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const json = await res.json();
  if (json.value && json.value.error) throw new Error(`${json.value.error}: ${json.value.message}`);
  return json.value;
}

async function until(f, ms = 20000) {
  const end = Date.now() + ms;
  let last;
  while (Date.now() < end) {
    try {
      const v = await f();
      if (v) return v;
    } catch (e) {
      last = e;
    }
    await new Promise((r) => setTimeout(r, 50));
  }
  throw last ?? new Error('timed out');
}

// Never hang a test run: a launch that gets nowhere fails after two minutes.
const deadline = setTimeout(() => {
  console.log('  ✗ no answer from the app within 120 s');
  driver.kill();
  process.exit(1);
}, 120000);

let session;
try {
  await until(async () => (await fetch(`${base}/status`)).ok, 15000);
  const launched = Date.now();
  session = await wd('POST', '/session', {
    capabilities: { alwaysMatch: { browserName: 'wry', 'tauri:options': { application: app } } },
  });
  const sid = session.sessionId;
  const find = async (css) =>
    Object.values(await wd('POST', `/session/${sid}/element`, { using: 'css selector', value: css }))[0];
  const text = async (css) => (await wd('GET', `/session/${sid}/element/${await find(css)}/text`)).trim();
  const click = async (css) => wd('POST', `/session/${sid}/element/${await find(css)}/click`, {});

  // The first screen: the login form on an existing workspace, or on a
  // first launch the choices (新建工作区, 打开演示工作区, 连接办公室服务器).
  const first = await until(async () => {
    if (await find('[data-testid="login-submit"]').catch(() => null)) return 'login';
    if (await find('[data-testid="choose-demo"]').catch(() => null)) return 'choices';
    return null;
  });
  const ms = Date.now() - launched;
  if (first === 'choices') {
    console.log(`  ${label}: first-launch choices interactive ${ms} ms after launch`);
    await click('[data-testid="choose-demo"]');
  } else {
    console.log(`  ${label}: login screen interactive ${ms} ms after launch`);
  }
  const button = await until(() => find('[data-testid="login-submit"]'), 30000).catch(() => null);
  if (first === 'choices' && button) {
    console.log(`  ${label}: demo workspace created, login screen ${Date.now() - launched} ms after launch`);
  }
  check('the installed app shows its login screen', Boolean(button));
  const title = await until(async () => {
    const t = await wd('GET', `/session/${sid}/title`);
    return t.includes('演示') ? t : null;
  }).catch(() => wd('GET', `/session/${sid}/title`));
  check('window title is 园区编务 ZonePress, marked 演示', title.startsWith('园区编务 ZonePress') && title.includes('演示'), title);

  await wd('POST', `/session/${sid}/element/${await find('[data-testid="login-username"]')}/value`, { text: 'editor' });
  await wd('POST', `/session/${sid}/element/${await find('[data-testid="login-password"]')}/value`, { text: 'zonepress' });
  await click('[data-testid="login-submit"]');
  const who = await until(() => text('[data-testid="current-user"]'));
  check('signs in on the workspace the app opened', who === '林悦', who);

  await click('[data-testid="account-menu"]');
  await until(async () => {
    const items = await wd('POST', `/session/${sid}/elements`, { using: 'css selector', value: '.ant-dropdown-menu-item' });
    for (const el of items) {
      const t = (await wd('GET', `/session/${sid}/element/${Object.values(el)[0]}/text`)).trim();
      if (t === '关于') {
        await wd('POST', `/session/${sid}/element/${Object.values(el)[0]}/click`, {});
        return true;
      }
    }
    return false;
  });
  const version = await until(async () => {
    const v = await text('[data-testid="about-version"]');
    return v && v !== '…' ? v : null;
  });
  const commit = await text('[data-testid="about-commit"]');
  console.log(`  关于: version ${version}, commit ${commit}`);
  check('关于 shows the version', version === expectVersion, `${version}, expected ${expectVersion}`);
  check('关于 shows the build commit', commit === expectCommit, `${commit}, expected ${expectCommit}`);
  if (process.env.SCREENSHOT) {
    await new Promise((r) => setTimeout(r, 400)); // the dialog's opening animation
    writeFileSync(process.env.SCREENSHOT, Buffer.from(await wd('GET', `/session/${sid}/screenshot`), 'base64'));
  }
} catch (e) {
  check('installed desktop app under WebDriver', false, String(e));
} finally {
  if (session) await wd('DELETE', `/session/${session.sessionId}`).catch(() => {});
  driver.kill();
}
clearTimeout(deadline);
console.log(`installed desktop: ${passed} passed, ${failed} failed`);
process.exit(failed ? 1 : 0);
