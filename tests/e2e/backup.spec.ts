import { expect, test, type Page } from '@playwright/test';
import { readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AssetManagerPane, PromptBarPane, ViewerPane, fixture, openApp, writeTemp } from './support/app.ts';

const KEY = 'sk-e2e-LOCKTEST-7f3a9c1d2b4e';

/** The settings dialog, on one of its tabs. */
async function settings(page: Page, tab: 'Providers' | 'Backup' | 'Storage' | 'Key lock') {
  const dialog = page.getByRole('dialog', { name: 'Settings' });
  if (!(await dialog.isVisible())) await page.getByRole('button', { name: 'Providers & keys' }).click();
  await dialog.getByRole('tab', { name: tab }).click();
  return dialog;
}

const storeState = (page: Page) =>
  page.evaluate(() => {
    const state = document.querySelector('rw-app-shell')!.store!.state;
    return { assets: state.assetCount, videos: state.videos.length };
  });

/** Every stored blob, by id: its size, type and SHA-256 (the bytes a restore must give back). */
const blobDigests = (page: Page) =>
  page.evaluate(async () => {
    const db = await new Promise<IDBDatabase>((resolve, reject) => {
      const open = indexedDB.open('reelwright');
      open.onsuccess = () => resolve(open.result);
      open.onerror = () => reject(open.error);
    });
    const rows = await new Promise<Array<{ id: string; blob: Blob }>>((resolve, reject) => {
      const request = db.transaction('blobs').objectStore('blobs').getAll();
      request.onsuccess = () => resolve(request.result);
      request.onerror = () => reject(request.error);
    });
    db.close();
    const out: Record<string, string> = {};
    for (const { id, blob } of rows) {
      const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', await blob.arrayBuffer()));
      out[id] =
        `${blob.size} ${blob.type} ${[...digest].map((b) => b.toString(16).padStart(2, '0')).join('')}`;
    }
    return out;
  });

async function exportThroughUi(page: Page): Promise<string> {
  const dialog = await settings(page, 'Backup');
  const pending = page.waitForEvent('download');
  await dialog.getByRole('button', { name: 'Export…' }).click();
  const download = await pending;
  const path = join(tmpdir(), `rw-backup-${Date.now()}-${download.suggestedFilename()}`);
  await download.saveAs(path);
  await expect(dialog.getByRole('status').filter({ hasText: 'Exported' })).toContainText(
    'Keys were not included',
  );
  return path;
}

test.describe('backup', () => {
  test.beforeEach(async ({ page }) => {
    // No File System Access picker: the export falls back to a download Playwright can catch.
    await page.addInitScript(() => delete (window as { showSaveFilePicker?: unknown }).showSaveFilePicker);
  });

  test('export, delete everything, import: the library is restored', async ({ page }) => {
    test.setTimeout(120_000);
    await openApp(page);
    const assets = new AssetManagerPane(page);
    await assets.pick([fixture('image.png'), fixture('image.jpg')]);
    await assets.expectCount(2);
    await new PromptBarPane(page).generate('A lighthouse keeper waves at dusk');
    await expect(new ViewerPane(page).jobs.first()).toContainText('Done', { timeout: 60_000 });
    expect(await storeState(page)).toEqual({ assets: 2, videos: 1 });
    const before = await blobDigests(page);
    // Two images and their thumbnails, the clip and its thumbnail at least.
    expect(Object.keys(before).length).toBeGreaterThanOrEqual(6);

    const archive = await exportThroughUi(page);
    expect(readFileSync(archive).subarray(0, 2).toString()).toBe('PK');

    const storage = await settings(page, 'Storage');
    await expect(storage.getByRole('row', { name: /Assets/ })).toContainText('2');
    const wipe = storage.getByRole('button', { name: 'Delete everything' });
    await expect(wipe).toBeDisabled();
    await storage.getByLabel('Type DELETE to confirm').fill('DELETE');
    await Promise.all([page.waitForEvent('load'), wipe.click()]);
    await expect(page.getByRole('heading', { name: 'Reelwright' })).toBeVisible();
    await assets.expectCount(0);
    expect(await storeState(page)).toEqual({ assets: 0, videos: 0 });

    const dialog = await settings(page, 'Backup');
    await dialog.getByLabel('Backup file').setInputFiles(archive);
    await dialog.getByRole('button', { name: 'Import' }).click();
    await expect(dialog.getByRole('status').filter({ hasText: 'Added' })).toContainText('2 assets');
    await dialog.getByRole('button', { name: 'Close' }).click();
    await assets.expectCount(2);
    expect(await storeState(page)).toEqual({ assets: 2, videos: 1 });
    // Not just the counts: every blob comes back byte for byte, under its own id.
    expect(await blobDigests(page)).toEqual(before);

    // And the restored clip plays: frames half a second in are presented.
    const viewer = new ViewerPane(page);
    await viewer.root.getByRole('button', { name: /^Play clip: A lighthouse keeper waves/ }).click();
    expect((await viewer.playable()).duration).toBeCloseTo(4, 1);
    const played = await viewer.video.evaluate(async (video: HTMLVideoElement) => {
      video.muted = true;
      const advanced = new Promise<number>((resolve) => {
        const onFrame = (_now: number, meta: VideoFrameCallbackMetadata): void => {
          if (meta.mediaTime >= 0.5) resolve(meta.mediaTime);
          else video.requestVideoFrameCallback(onFrame);
        };
        video.requestVideoFrameCallback(onFrame);
      });
      await video.play();
      const mediaTime = await advanced;
      video.pause();
      return { mediaTime, error: video.error?.code ?? 0 };
    });
    expect(played.error).toBe(0);
    expect(played.mediaTime).toBeGreaterThanOrEqual(0.5);
  });

  test('a damaged or foreign archive is refused with a specific message and nothing changes', async ({
    page,
  }) => {
    await openApp(page);
    const assets = new AssetManagerPane(page);
    await assets.pick([fixture('image.png')]);
    await assets.expectCount(1);
    const archive = readFileSync(await exportThroughUi(page));
    // Flip one byte inside the stored PNG: same size, different checksum.
    const png = readFileSync(fixture('image.png'));
    const at = archive.indexOf(png.subarray(0, 64));
    expect(at).toBeGreaterThan(0);
    const damaged = Buffer.from(archive);
    damaged[at + 40] = (damaged[at + 40]! + 1) & 0xff;

    const cases: Array<[string, RegExp]> = [
      [fixture('notes.txt'), /not a zip archive/],
      [fixture('archive.zip'), /not a Reelwright backup/],
      [writeTemp('damaged-backup.zip', damaged), /does not match its checksum/],
    ];
    const dialog = await settings(page, 'Backup');
    for (const [path, message] of cases) {
      await dialog.getByLabel('Backup file').setInputFiles(path);
      await dialog.getByRole('button', { name: 'Import' }).click();
      await expect(dialog.getByRole('alert')).toHaveText(message);
    }
    expect(await storeState(page)).toEqual({ assets: 1, videos: 0 });
  });

  test('keys lock with a passphrase, stay out of storage and caches, and unlock', async ({ page }) => {
    test.setTimeout(90_000);
    await openApp(page);
    await page.evaluate(() => navigator.serviceWorker.ready);
    const providers = await settings(page, 'Providers');
    await providers.getByRole('button', { name: '+ Sora 2 / OpenAI-compatible' }).click();
    await providers.getByLabel('Base URL').fill('http://127.0.0.1:9/v1');
    await providers.getByLabel('API key').fill(KEY);
    await providers.getByRole('button', { name: 'Save' }).click();
    // Use the key: the connection test sends it (to a closed local port).
    await providers.getByRole('button', { name: 'Test connection' }).click();
    await expect(
      providers.getByRole('status').filter({ hasText: /Unreachable|Blocked|rejected/ }),
    ).toBeVisible();

    const lock = await settings(page, 'Key lock');
    await lock.getByLabel('Passphrase', { exact: true }).fill('correct horse battery');
    await lock.getByLabel('Passphrase again').fill('correct horse battery');
    await lock.getByRole('button', { name: 'Lock keys' }).click();
    await expect(lock.getByRole('status').first()).toContainText('Unlocked for this session');
    await lock.getByRole('button', { name: 'Lock now' }).click();
    await expect(lock.getByRole('status').first()).toContainText('Locked');

    // Neither IndexedDB, Web Storage nor the service worker's caches hold the key in the clear.
    const stored = await page.evaluate(async () => {
      const db = await new Promise<IDBDatabase>((resolve, reject) => {
        const open = indexedDB.open('reelwright');
        open.onsuccess = () => resolve(open.result);
        open.onerror = () => reject(open.error);
      });
      const rows = await new Promise<unknown[]>((resolve) => {
        const req = db.transaction('settings').objectStore('settings').getAll();
        req.onsuccess = () => resolve(req.result);
      });
      db.close();
      let cached = '';
      for (const name of await caches.keys()) {
        const cache = await caches.open(name);
        for (const request of await cache.keys()) {
          cached += request.url + JSON.stringify([...request.headers]);
          cached += await (await cache.match(request))!.text();
        }
      }
      return {
        settings: JSON.stringify(rows),
        cached,
        cacheCount: (await caches.keys()).length,
        web: JSON.stringify({ ...localStorage, ...sessionStorage }),
      };
    });
    expect(stored.cacheCount).toBeGreaterThan(0);
    expect(stored.settings).toContain('reelwright-key-vault');
    expect(stored.settings).not.toContain(KEY);
    expect(stored.cached).not.toContain(KEY);
    expect(stored.web).not.toContain(KEY);

    // A job on the locked connection waits, saying why.
    await page.evaluate(async () => {
      const store = document.querySelector('rw-app-shell')!.store!;
      const id = store.state.connections.find((c) => c.kind === 'openai')!.id;
      store.generation.updateDraft({ connectionId: id, model: 'sora-2', prompt: 'A locked key test' });
    });
    await settings(page, 'Key lock');
    await page.getByRole('dialog', { name: 'Settings' }).getByRole('button', { name: 'Close' }).click();
    await page.getByRole('region', { name: 'Prompt bar' }).getByRole('button', { name: 'Generate' }).click();
    await expect(new ViewerPane(page).jobs.first()).toContainText('Unlock your keys to send', {
      timeout: 15_000,
    });

    const again = await settings(page, 'Key lock');
    await again.getByLabel('Passphrase', { exact: true }).fill('wrong passphrase');
    await again.getByRole('button', { name: 'Unlock' }).click();
    await expect(again.getByRole('alert')).toHaveText(/Wrong passphrase/);
    await again.getByLabel('Passphrase', { exact: true }).fill('correct horse battery');
    await again.getByRole('button', { name: 'Unlock' }).click();
    await expect(again.getByRole('status').first()).toContainText('Unlocked for this session');
    const key = await page.evaluate(
      () =>
        document.querySelector('rw-app-shell')!.store!.state.connections.find((c) => c.kind === 'openai')
          ?.apiKey,
    );
    expect(key).toBe(KEY);

    page.once('dialog', (d) => void d.accept());
    await again.getByRole('button', { name: 'Forget all keys' }).click();
    await expect(again.getByRole('status').first()).toContainText('Off');
    const after = await page.evaluate(() =>
      document.querySelector('rw-app-shell')!.store!.state.connections.some((c) => c.apiKey),
    );
    expect(after).toBe(false);
  });
});
