import { defineConfig } from '@playwright/test';

// End-to-end tests run the real UI in Debian's Chromium against a real
// `zonepress serve` on a fresh demo workspace (see tests/e2e/serve.sh).
const port = Number(process.env.ZONEPRESS_E2E_PORT ?? 8479);

export default defineConfig({
  testDir: 'tests/e2e',
  timeout: 60_000,
  expect: { timeout: 10_000 },
  fullyParallel: false,
  workers: 1,
  reporter: [['list']],
  outputDir: 'test-results',
  use: {
    baseURL: `http://127.0.0.1:${port}`,
    locale: 'zh-CN',
    viewport: { width: 1366, height: 860 },
    // As a user who turned animations off: a dialog's buttons are where
    // they end up the moment it opens, so a click on a busy machine does
    // not land during the zoom (App.tsx honours the setting).
    reducedMotion: 'reduce',
    launchOptions: {
      executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-quic',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
      ],
    },
    screenshot: 'only-on-failure',
  },
  webServer: {
    command: `bash tests/e2e/serve.sh ${port}`,
    url: `http://127.0.0.1:${port}/api/health`,
    reuseExistingServer: false,
    timeout: 60_000,
    stdout: 'pipe',
  },
});
