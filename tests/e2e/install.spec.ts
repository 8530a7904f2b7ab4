import { expect, test, type Page } from '@playwright/test';
import { readFileSync } from 'node:fs';
import { AssetManagerPane, fixture, openApp } from './support/app.ts';

// What an installed app does: receive shares, open files, focus the open window, offer shortcuts.

async function controlled(page: Page): Promise<void> {
  await page.evaluate(() => navigator.serviceWorker.ready);
  if (!(await page.evaluate(() => !!navigator.serviceWorker.controller))) await page.reload();
  await expect.poll(() => page.evaluate(() => !!navigator.serviceWorker.controller)).toBe(true);
}

test('the built manifest declares the share target, file handlers, launch handler and shortcuts', async ({
  request,
}) => {
  const manifest = await (await request.get('/manifest.webmanifest')).json();
  expect(manifest.share_target).toEqual({
    action: '/share-target',
    method: 'POST',
    enctype: 'multipart/form-data',
    params: {
      title: 'title',
      text: 'text',
      url: 'url',
      files: [{ name: 'media', accept: ['image/*', 'video/*', 'audio/*'] }],
    },
  });
  const accepted = Object.values(manifest.file_handlers[0].accept).flat();
  expect(accepted).toEqual(['.png', '.jpg', '.jpeg', '.webp', '.mp4', '.m4a', '.zip']);
  expect(manifest.launch_handler.client_mode).toEqual(['focus-existing', 'navigate-existing', 'auto']);
  expect(manifest.shortcuts.map((s: { name: string; url: string }) => [s.name, s.url])).toEqual([
    ['New clip', '/?view=studio&pane=prompt'],
    ['Episodes', '/?view=episodes'],
    ['Library', '/?view=library'],
  ]);
  // The share-target handler is loaded into the generated worker, so the POST is answered offline too;
  // so is the connect guard (public/connect-guard.js), which refuses origins that are not connections.
  const sw = await (await request.get('/sw.js')).text();
  expect(sw).toContain('importScripts("share-target.js","connect-guard.js")');
  expect((await request.get('/share-target.js')).ok()).toBe(true);
  expect((await request.get('/connect-guard.js')).ok()).toBe(true);
});

test('the shortcuts open their views', async ({ page }) => {
  await page.goto('/?view=episodes');
  await expect(page.getByRole('main', { name: 'Episodes' })).toBeVisible();
  await page.goto('/?view=library');
  await expect(page.getByRole('main', { name: 'Clip library' })).toBeVisible();
  await page.goto('/?view=studio&pane=prompt');
  await expect(page.getByRole('main', { name: 'Video viewer' })).toBeVisible();
  await expect(
    page.getByRole('region', { name: 'Prompt bar' }).getByRole('textbox', { name: 'Prompt' }),
  ).toBeVisible();
});

test('files shared to the app land in the asset library, offline too', async ({ page, context }) => {
  await openApp(page, '');
  await controlled(page);
  await context.setOffline(true);
  // What the OS share sheet does: a multipart POST to the manifest's share_target action.
  const png = readFileSync(fixture('image.png')).toString('base64');
  const m4a = readFileSync(fixture('tone.m4a')).toString('base64');
  await page.evaluate(
    ([image, audio]) => {
      const file = (data: string, name: string, type: string) =>
        new File([Uint8Array.from(atob(data), (c) => c.charCodeAt(0))], name, { type });
      const form = document.createElement('form');
      form.method = 'POST';
      form.enctype = 'multipart/form-data';
      form.action = '/share-target';
      const input = document.createElement('input');
      input.type = 'file';
      input.name = 'media';
      input.multiple = true;
      const transfer = new DataTransfer();
      transfer.items.add(file(image!, 'shared-photo.png', 'image/png'));
      transfer.items.add(file(audio!, 'voice-note.m4a', 'audio/mp4'));
      input.files = transfer.files;
      const text = document.createElement('input');
      text.name = 'text';
      text.value = 'from the gallery';
      form.append(input, text);
      document.body.append(form);
      form.submit();
    },
    [png, m4a],
  );
  await page.waitForURL((url) => url.pathname === '/');
  const assets = new AssetManagerPane(page);
  await expect(assets.card('shared-photo.png')).toBeVisible();
  await expect(assets.card('voice-note.m4a')).toBeVisible();
  await expect(page.getByText('Offline — your library still works')).toBeVisible();
  // The inbox is emptied and ?shared is dropped, so a reload does not import them twice.
  expect(new URL(page.url()).search).toBe('');
  await page.reload();
  await assets.expectCount(2);
  expect(await page.evaluate(async () => (await (await caches.open('rw-share-inbox')).keys()).length)).toBe(
    0,
  );
  await context.setOffline(false);
});

/** A synthetic launch: what Chromium's File Handling does, with real handles from the origin-private FS. */
async function launchWith(page: Page, files: Array<{ name: string; path: string }>): Promise<void> {
  await expect.poll(() => page.evaluate(() => typeof (window as any).__rwLaunchConsumer)).toBe('function'); // eslint-disable-line @typescript-eslint/no-explicit-any
  const payload = files.map((f) => ({ name: f.name, data: readFileSync(f.path).toString('base64') }));
  await page.evaluate(async (items) => {
    const root = await navigator.storage.getDirectory();
    const handles: FileSystemFileHandle[] = [];
    for (const item of items) {
      const handle = await root.getFileHandle(item.name, { create: true });
      const writable = await handle.createWritable();
      await writable.write(Uint8Array.from(atob(item.data), (c) => c.charCodeAt(0)));
      await writable.close();
      handles.push(handle);
    }
    (window as any).__rwLaunchConsumer({ targetURL: location.href, files: handles }); // eslint-disable-line @typescript-eslint/no-explicit-any
  }, payload);
}

test.describe('Open with Reelwright (launchQueue)', () => {
  test.beforeEach(async ({ page }) => {
    // Chromium defines launchQueue only for an installed app; this stands in for it, keeping the consumer.
    await page.addInitScript(() => {
      Object.defineProperty(window, 'launchQueue', {
        value: {
          setConsumer: (consumer: unknown) => Object.assign(window, { __rwLaunchConsumer: consumer }),
        },
      });
    });
  });

  test('an opened image and clip become assets', async ({ page }) => {
    await page.goto('/?open=files');
    await launchWith(page, [
      { name: 'opened.png', path: fixture('image.png') },
      { name: 'opened.mp4', path: fixture('portrait.mp4') },
    ]);
    const assets = new AssetManagerPane(page);
    await expect(assets.card('opened.png')).toBeVisible();
    await expect(assets.card('opened.mp4')).toBeVisible();
  });

  test('an opened .zip goes to the backup import', async ({ page }) => {
    await page.goto('/?open=files');
    await launchWith(page, [{ name: 'not-a-backup.zip', path: fixture('archive.zip') }]);
    const dialog = page.getByRole('dialog', { name: 'Settings' });
    await expect(dialog.getByRole('tab', { name: 'Backup' })).toHaveAttribute('aria-selected', 'true');
    // The backup reader, not the asset importer, answered: it names what is missing from the archive.
    await expect(dialog.getByRole('alert')).toBeVisible();
    await expect(new AssetManagerPane(page).cards).toHaveCount(0);
  });
});
