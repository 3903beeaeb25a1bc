// Desktop smoke test: launch the real `zonepress-desktop` (under Xvfb, see
// `make desktop-test`) through tauri-driver and WebKitWebDriver on a fresh
// workspace, prove the login screen rendered in Chinese, sign in through the
// Tauri IPC transport, and save a screenshot. Plain WebDriver over HTTP: no
// client library needed.
import { spawn } from 'node:child_process';
import { mkdtempSync, mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir, homedir } from 'node:os';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const target = process.env.CARGO_TARGET_DIR ?? join(homedir(), '.cache/zonepress-target');
const app = process.env.ZONEPRESS_DESKTOP_BIN ?? join(target, 'debug/zonepress-desktop');
const driverBin = process.env.TAURI_DRIVER ?? join(homedir(), '.cargo/bin/tauri-driver');
const port = 4444 + Math.floor(Math.random() * 1000);
// A fresh workspace (the app seeds the demo on first launch) unless one is given.
const workspace = process.env.ZONEPRESS_SMOKE_WORKSPACE ?? mkdtempSync(join(tmpdir(), 'zonepress-desktop-'));
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

const driver = spawn(driverBin, ['--port', String(port)], {
  env: { ...process.env, ZONEPRESS_WORKSPACE: workspace },
  stdio: ['ignore', 'ignore', 'inherit'],
});

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
    await new Promise((r) => setTimeout(r, 100));
  }
  throw last ?? new Error('timed out');
}

let session;
try {
  await until(async () => (await fetch(`${base}/status`)).ok, 15000);
  const launched = Date.now();
  session = await wd('POST', '/session', {
    capabilities: { alwaysMatch: { browserName: 'wry', 'tauri:options': { application: app } } },
  });
  const sid = session.sessionId;
  // A W3C element reference is an object with one key.
  const find = async (css) =>
    Object.values(await wd('POST', `/session/${sid}/element`, { using: 'css selector', value: css }))[0];

  // Interactive: the login form, or the app itself when a session is remembered.
  await until(() => find('[data-testid="login-form"], [data-testid="current-user"]'));
  const ms = Date.now() - launched;
  console.log(`  interactive ${ms} ms after launch (${process.env.ZONEPRESS_DESKTOP_BIN ? app : 'debug build'})`);
  const remembered = await find('[data-testid="logout"]').catch(() => null);
  if (remembered) await wd('POST', `/session/${sid}/element/${remembered}/click`, {});
  const form = await until(() => find('[data-testid="login-form"]'));
  check('the login form rendered', Boolean(form));
  const title = await wd('GET', `/session/${sid}/title`);
  check('window title is 园区编务 ZonePress', title === '园区编务 ZonePress', title);
  const button = await find('[data-testid="login-submit"]');
  const label = await wd('GET', `/session/${sid}/element/${button}/text`);
  check('the page is in Simplified Chinese', label.replace(/\s/g, '') === '登录', label);

  await wd('POST', `/session/${sid}/element/${await find('[data-testid="login-username"]')}/value`, { text: 'editor' });
  await wd('POST', `/session/${sid}/element/${await find('[data-testid="login-password"]')}/value`, { text: 'zonepress' });
  await wd('POST', `/session/${sid}/element/${button}/click`, {});
  const who = await until(async () => {
    const el = await find('[data-testid="current-user"]');
    return await wd('GET', `/session/${sid}/element/${el}/text`);
  });
  check('signed in through the Tauri transport on the demo workspace', who === '林悦', who);
  const rows = await until(async () => {
    const els = await wd('POST', `/session/${sid}/elements`, { using: 'css selector', value: '[data-testid="article-link"]' });
    return els.length >= 21 ? els.length : 0;
  });
  check('the demo issue lists its articles', rows >= 21, String(rows));

  const shot = await wd('GET', `/session/${sid}/screenshot`);
  const out = join(here, '../out');
  mkdirSync(out, { recursive: true });
  writeFileSync(join(out, 'desktop.png'), Buffer.from(shot, 'base64'));
  console.log(`  screenshot: tests/out/desktop.png`);
} catch (e) {
  check('desktop app under WebDriver', false, String(e));
} finally {
  if (session) await wd('DELETE', `/session/${session.sessionId}`).catch(() => {});
  driver.kill();
}
console.log(`desktop smoke: ${passed} passed, ${failed} failed`);
process.exit(failed ? 1 : 0);
