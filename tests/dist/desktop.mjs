// The installed desktop app under WebDriver (run by dist-test.sh under
// Xvfb): launch /usr/bin/zonepress-desktop through tauri-driver and
// WebKitWebDriver, time how long the first screen takes to become
// interactive (on a first launch the choices, where it opens the demo),
// sign in, and open 关于 to read the version and the build's commit.
// A node:test suite on the WebDriver helpers of tests/webdriver.mjs, shared
// with tests/desktop/smoke.mjs.
//
// Environment: ZONEPRESS_DESKTOP_BIN (default /usr/bin/zonepress-desktop),
// EXPECT_VERSION and EXPECT_COMMIT (what 关于 must show; both required), LABEL (for the
// timing line), SCREENSHOT (a PNG path for the 关于 dialog). The workspace is
// whatever the app opens (dist-test.sh points XDG_DATA_HOME at a temporary
// folder, so the first launch offers the choices and opens the demo there).
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { until, withApp } from '../webdriver.mjs';

const app = process.env.ZONEPRESS_DESKTOP_BIN ?? '/usr/bin/zonepress-desktop';
const label = process.env.LABEL ?? 'launch';
// What 关于 must show: required, so that the check cannot pass by default.
const expectVersion = process.env.EXPECT_VERSION;
const expectCommit = process.env.EXPECT_COMMIT;

// Never hang a test run: a launch that gets nowhere fails after two minutes.
test('the installed desktop app: first screen, sign-in, 关于', { timeout: 120000 }, async () => {
  assert.ok(expectVersion && expectCommit, 'EXPECT_VERSION and EXPECT_COMMIT must say what 关于 shows (dist-test.sh sets them)');
  const shots = join(dirname(fileURLToPath(import.meta.url)), '../out');
  await withApp({ app, shots }, async (ui) => {
    const text = async (css) => (await ui.text(css)).trim();

    // The first screen: the login form on an existing workspace, or on a
    // first launch the choices (新建工作区, 打开演示工作区, 连接办公室服务器).
    const first = await until(async () => {
      if (await ui.maybe('[data-testid="login-submit"]')) return 'login';
      if (await ui.maybe('[data-testid="choose-demo"]')) return 'choices';
      return null;
    }, 20000, 50);
    const ms = Date.now() - ui.launched;
    if (first === 'choices') {
      console.log(`  ${label}: first-launch choices interactive ${ms} ms after launch`);
      await ui.click('[data-testid="choose-demo"]');
    } else {
      console.log(`  ${label}: login screen interactive ${ms} ms after launch`);
    }
    const button = await until(() => ui.find('[data-testid="login-submit"]'), 30000, 50).catch(() => null);
    assert.ok(button, 'the installed app shows its login screen');
    if (first === 'choices') {
      console.log(`  ${label}: demo workspace created, login screen ${Date.now() - ui.launched} ms after launch`);
    }
    const title = await until(async () => {
      const t = await ui.title();
      return t.includes('演示') ? t : null;
    }).catch(() => ui.title());
    assert.ok(title.startsWith('园区编务 ZonePress') && title.includes('演示'), `window title is 园区编务 ZonePress, marked 演示: ${title}`);

    await ui.sendKeys('[data-testid="login-username"]', 'editor');
    await ui.sendKeys('[data-testid="login-password"]', 'zonepress');
    await ui.click('[data-testid="login-submit"]');
    const who = await until(() => text('[data-testid="current-user"]'));
    assert.equal(who, '林悦', 'signs in on the workspace the app opened');

    await ui.click('[data-testid="account-menu"]');
    await until(async () => {
      for (const el of await ui.findAll('.ant-dropdown-menu-item')) {
        if ((await ui.elementText(el)).trim() === '关于') {
          await ui.clickElement(el);
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
    assert.equal(version, expectVersion, '关于 shows the version');
    assert.equal(commit, expectCommit, '关于 shows the build commit');
    if (process.env.SCREENSHOT) {
      await new Promise((r) => setTimeout(r, 400)); // the dialog's opening animation
      await ui.screenshot(process.env.SCREENSHOT);
    }
  });
});
