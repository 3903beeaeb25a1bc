// The desktop app under WebDriver, for both desktop suites
// (tests/desktop/smoke.mjs on the debug build, tests/dist/desktop.mjs on the
// installed package): tauri-driver in front of WebKitWebDriver, spoken to in
// plain W3C WebDriver over HTTP, so no client library is needed.
//
//   await withApp({ app, env }, async (ui) => { await ui.click('[data-testid="x"]'); });
//
// `ui` finds, clicks, types, reads and takes screenshots by CSS selector;
// each launch gets its own driver on free ports and is closed afterwards,
// with a screenshot when the body throws.
import { spawn } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { homedir } from 'node:os';
import { dirname, join } from 'node:path';

/** tauri-driver: TAURI_DRIVER, or where `cargo install` puts it. */
export const driverBin = process.env.TAURI_DRIVER ?? join(homedir(), '.cargo/bin/tauri-driver');

export const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/** Poll `f` until it answers something truthy (answered), or throw its last error after `ms`. */
export async function until(f, ms = 20000, every = 100) {
  const end = Date.now() + ms;
  let last;
  while (Date.now() < end) {
    try {
      const v = await f();
      if (v) return v;
    } catch (e) {
      last = e;
    }
    await sleep(every);
  }
  throw last ?? new Error(`timed out after ${ms} ms`);
}

/** A free TCP port on `host`. */
export function freePort(host = '127.0.0.1') {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, host, () => {
      const { port } = s.address();
      s.close(() => resolve(port));
    });
  });
}

/** A W3C WebDriver endpoint: `wd(method, path, payload)` answers `value` or throws its error. */
function client(base) {
  return async (method, path, payload) => {
    const res = await fetch(base + path, {
      method,
      headers: { 'Content-Type': 'application/json' },
      body: payload === undefined ? undefined : JSON.stringify(payload),
    });
    const json = await res.json();
    if (json.value && json.value.error) throw new Error(`${json.value.error}: ${json.value.message}`);
    return json.value;
  };
}

/**
 * Launch `app` once through a tauri-driver of its own, with `env` added to
 * the environment (its workspace and settings folders), and run `body(ui)`.
 * Screenshots go to `shots` (a folder); a failing body leaves
 * `desktop-failure.png` there. Answers what `body` answers.
 */
export async function withApp({ app, env = {}, shots }, body) {
  const port = await freePort();
  const native = await freePort();
  const driver = spawn(driverBin, ['--port', String(port), '--native-port', String(native)], {
    env: { ...process.env, ...env },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  const driverExit = new Promise((resolve) => driver.once('exit', resolve));
  const wd = client(`http://127.0.0.1:${port}`);
  let sid;
  try {
    await until(async () => (await fetch(`http://127.0.0.1:${port}/status`)).ok, 15000);
    const launched = Date.now();
    sid = (
      await wd('POST', '/session', {
        capabilities: { alwaysMatch: { browserName: 'wry', 'tauri:options': { application: app } } },
      })
    ).sessionId;
    const ui = session(wd, `/session/${sid}`, { launched, shots });
    try {
      return await body(ui);
    } catch (e) {
      await ui.screenshot('desktop-failure.png').catch(() => {});
      throw e;
    }
  } finally {
    if (sid) await wd('DELETE', `/session/${sid}`).catch(() => {});
    driver.kill();
    await Promise.race([driverExit, sleep(2000)]);
  }
}

/** The helpers on one WebDriver session at path `s`. */
function session(wd, s, { launched, shots }) {
  // A W3C element reference is an object with one key.
  const ref = (v) => Object.values(v)[0];
  const ui = {
    /** When the app was launched (Date.now()), to time the first screen. */
    launched,
    wd: (method, path, payload) => wd(method, `${s}${path}`, payload),
    find: async (css) => ref(await wd('POST', `${s}/element`, { using: 'css selector', value: css })),
    /** The element matching `css`, or null. */
    maybe: (css) => ui.find(css).catch(() => null),
    findAll: async (css) => (await wd('POST', `${s}/elements`, { using: 'css selector', value: css })).map(ref),
    elementText: (el) => wd('GET', `${s}/element/${el}/text`),
    /** The first element matching `css` whose text contains `text`. */
    byText: async (css, text) => {
      for (const el of await ui.findAll(css)) {
        if ((await ui.elementText(el)).includes(text)) return el;
      }
      throw new Error(`no ${css} with “${text}”`);
    },
    wait: (css, ms) => until(() => ui.find(css), ms),
    text: async (css) => await ui.elementText(await ui.find(css)),
    click: async (css) => await wd('POST', `${s}/element/${await ui.wait(css)}/click`, {}),
    clickElement: (el) => wd('POST', `${s}/element/${el}/click`, {}),
    /** Click the first `css` whose textContent holds `text` (WebKit's element text misses some). */
    clickText: async (css, text) => {
      const done = await wd('POST', `${s}/execute/sync`, {
        script:
          'const el = [...document.querySelectorAll(arguments[0])].find((e) => e.textContent.includes(arguments[1]));' +
          'if (el) el.click(); return Boolean(el);',
        args: [css, text],
      });
      if (!done) throw new Error(`no ${css} with “${text}”`);
    },
    /** Type into the field as keys (nothing cleared first). */
    sendKeys: async (css, text) => await wd('POST', `${s}/element/${await ui.wait(css)}/value`, { text }),
    /** Replace the field's text: emptied the way React notices, then typed key by key. */
    type: async (css, text) => {
      const el = await ui.wait(css);
      await wd('POST', `${s}/execute/sync`, {
        script:
          'const el = document.querySelector(arguments[0]);' +
          "Object.getOwnPropertyDescriptor(HTMLInputElement.prototype, 'value').set.call(el, '');" +
          "el.dispatchEvent(new Event('input', { bubbles: true }));",
        args: [css],
      });
      await wd('POST', `${s}/element/${el}/value`, { text });
    },
    title: () => wd('GET', `${s}/title`),
    /** Wait for `css` to hold `text` (or to match the predicate); answers the text. */
    waitText: (css, want, ms) =>
      until(async () => {
        const t = await ui.text(css);
        return (typeof want === 'function' ? want(t) : t.includes(want)) ? t || ' ' : null;
      }, ms),
    /** A PNG of the window: to `name` in the shots folder, or to a path given whole. */
    screenshot: async (name) => {
      const shot = await wd('GET', `${s}/screenshot`);
      const path = shots && !name.includes('/') ? join(shots, name) : name;
      mkdirSync(dirname(path), { recursive: true });
      writeFileSync(path, Buffer.from(shot, 'base64'));
      console.log(`  screenshot: ${path}`);
    },
  };
  return ui;
}
