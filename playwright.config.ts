import { defineConfig } from '@playwright/test';
import { existsSync } from 'node:fs';

/**
 * Chromium is found in this order: $CHROMIUM_PATH, Debian's /usr/bin/chromium, then Playwright's own
 * download (`npx playwright install chromium`) on machines that allow it.
 */
const systemChromium = [process.env.CHROMIUM_PATH, '/usr/bin/chromium', '/usr/bin/chromium-browser'].find(
  (path) => path && existsSync(path),
);

/** Ports can be moved (RW_APP_PORT / RW_MEDIA_PORT) when another server already uses the defaults. */
const appPort = Number(process.env.RW_APP_PORT ?? 4173);
const mediaPort = Number(process.env.RW_MEDIA_PORT ?? 5174);

export const chromiumArgs = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];

export default defineConfig({
  testMatch: '**/*.spec.ts',
  timeout: 60_000,
  expect: { timeout: 15_000 },
  fullyParallel: false,
  workers: 2,
  retries: 0,
  reporter: process.env.CI ? [['list']] : [['list']],
  use: {
    launchOptions: {
      executablePath: systemChromium,
      args: chromiumArgs,
    },
    trace: 'retain-on-failure',
  },
  projects: [
    // Everything a person does, against the production build (`vite preview`).
    // phone*.spec.ts are the phone's own flows, run only by the `phone` project below.
    {
      name: 'app',
      testDir: 'tests/e2e',
      testIgnore: /phone[^/]*\.spec\.ts$/,
      use: { baseURL: `http://127.0.0.1:${appPort}` },
    },
    // The same built app on a phone (390x844, touch): its main flows and the layout/screenshot checks.
    // Kept to a handful of tests; CI runs on 2 cores.
    {
      name: 'phone',
      testDir: 'tests/e2e',
      testMatch: /(phone[^/]*|layout)\.spec\.ts$/,
      use: {
        baseURL: `http://127.0.0.1:${appPort}`,
        viewport: { width: 390, height: 844 },
        isMobile: true,
        hasTouch: true,
        deviceScaleFactor: 1,
      },
    },
    // Media modules (render, probe, stitch) exercised in real Chromium through small harness pages
    // served by the dev server, where /src modules can be imported directly.
    { name: 'media', testDir: 'tests/harness', use: { baseURL: `http://127.0.0.1:${mediaPort}` } },
  ],
  webServer: [
    {
      command: `npx vite preview --host 127.0.0.1 --port ${appPort} --strictPort`,
      url: `http://127.0.0.1:${appPort}`,
      reuseExistingServer: !process.env.CI,
      timeout: 60_000,
    },
    {
      command: `npx vite --host 127.0.0.1 --port ${mediaPort} --strictPort`,
      url: `http://127.0.0.1:${mediaPort}/tests/harness/index.html`,
      reuseExistingServer: !process.env.CI,
      timeout: 60_000,
    },
  ],
});
