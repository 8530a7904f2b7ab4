import { chromium, expect, test } from '@playwright/test';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromiumArgs } from '../../playwright.config.ts';
import { AssetManagerPane, fileFrom, fixture, openApp } from './support/app.ts';
import { serveDist } from './support/static-server.ts';

const executablePath = [process.env.CHROMIUM_PATH, '/usr/bin/chromium'].find(Boolean);

async function controlled(page: import('@playwright/test').Page): Promise<void> {
  await page.evaluate(() => navigator.serviceWorker.ready);
  if (!(await page.evaluate(() => !!navigator.serviceWorker.controller))) await page.reload();
  await expect.poll(() => page.evaluate(() => !!navigator.serviceWorker.controller)).toBe(true);
}

test('Chrome reports no installability errors', async ({ baseURL }) => {
  const dir = mkdtempSync(join(tmpdir(), 'rw-install-'));
  const context = await chromium.launchPersistentContext(dir, {
    executablePath:
      executablePath && (await import('node:fs')).existsSync(executablePath) ? executablePath : undefined,
    args: chromiumArgs,
    headless: true,
  });
  try {
    const page = await context.newPage();
    await page.goto(baseURL!);
    await page.evaluate(() => navigator.serviceWorker.ready);
    const cdp = await context.newCDPSession(page);
    await expect
      .poll(async () => {
        const { installabilityErrors } = (await cdp.send('Page.getInstallabilityErrors')) as {
          installabilityErrors: Array<{ errorId: string }>;
        };
        return installabilityErrors.map((e) => e.errorId);
      })
      .toEqual([]);
    const manifest = await (await page.request.get(`${baseURL}/manifest.webmanifest`)).json();
    expect(manifest).toMatchObject({
      name: 'Reelwright',
      short_name: 'Reelwright',
      display: 'standalone',
      start_url: '/',
    });
    expect(manifest.icons.map((i: { sizes: string; purpose: string }) => `${i.sizes}:${i.purpose}`)).toEqual([
      '192x192:any',
      '512x512:any',
      '512x512:maskable',
    ]);
  } finally {
    await context.close();
    rmSync(dir, { recursive: true, force: true });
  }
});

test('after one online visit, the app and the library open offline', async ({ page, context }) => {
  await openApp(page, '');
  await controlled(page);
  const assets = new AssetManagerPane(page);
  await assets.drop([fileFrom(fixture('image.png'), 'offline-ref.png')]);
  await expect(assets.card('offline-ref.png')).toBeVisible();

  await context.setOffline(true);
  await page.reload();
  await expect(page.getByRole('heading', { name: 'Reelwright' })).toBeVisible();
  await expect(page.getByText('Offline — your library still works')).toBeVisible();
  await expect(assets.card('offline-ref.png')).toBeVisible();
  // Media is never precached: only the shell is in the cache.
  const cached = await page.evaluate(async () => {
    const names = await caches.keys();
    const urls = (
      await Promise.all(names.map(async (n) => (await (await caches.open(n)).keys()).map((r) => r.url)))
    ).flat();
    return urls;
  });
  expect(cached.some((u) => new URL(u).pathname === '/index.html')).toBe(true);
  expect(cached.filter((u) => /\.(mp4|webm|mov|png|jpe?g)$/.test(u) && !u.includes('/icons/'))).toEqual([]);
  await context.setOffline(false);
});

test('a new deployment is offered, and the page reloads only with consent', async ({ browser }) => {
  const server = await serveDist();
  const context = await browser.newContext();
  try {
    const page = await context.newPage();
    await page.goto(server.url);
    await controlled(page);
    await page.evaluate(() => {
      const w = window as unknown as { marker: string; controllerChanges: number };
      w.marker = 'still here';
      w.controllerChanges = 0;
      navigator.serviceWorker.addEventListener('controllerchange', () => (w.controllerChanges += 1));
    });

    // Deploy a new version: the service worker's bytes change.
    server.override('/sw.js', (body) => Buffer.concat([body, Buffer.from('\n// deployment 2\n')]));
    await page.evaluate(async () => (await navigator.serviceWorker.getRegistration())?.update());

    const prompt = page.getByRole('alertdialog', { name: 'Update available' });
    await expect(prompt).toBeVisible();
    // The state that proves no reload can come: the new worker is installed and *waiting*, the old one
    // still controls the page, and no controller change happened. A waiting worker only activates when
    // told to skip waiting, which the app does on consent alone.
    await expect
      .poll(() =>
        page.evaluate(async () => {
          const registration = await navigator.serviceWorker.getRegistration();
          return {
            waiting: registration?.waiting?.state ?? 'none',
            oldStillControls:
              !!navigator.serviceWorker.controller &&
              navigator.serviceWorker.controller === registration?.active,
            controllerChanges: (window as unknown as { controllerChanges: number }).controllerChanges,
            marker: (window as unknown as { marker?: string }).marker,
          };
        }),
      )
      .toEqual({ waiting: 'installed', oldStillControls: true, controllerChanges: 0, marker: 'still here' });

    await prompt.getByRole('button', { name: 'Reload to update' }).click();
    await expect
      .poll(() =>
        page
          .evaluate(() => (window as unknown as { marker?: string }).marker ?? 'reloaded')
          .catch(() => 'navigating'),
      )
      .toBe('reloaded');
    await expect(page.getByRole('heading', { name: 'Reelwright' })).toBeVisible();
    await expect(prompt).toBeHidden();
  } finally {
    await context.close();
    await server.close();
  }
});
