import { expect, test, type Page } from '@playwright/test';
import { AssetManagerPane, openApp, PromptBarPane, ViewerPane } from './support/app.ts';

const state = (viewer: ViewerPane) =>
  viewer.video.evaluate((v: HTMLVideoElement) => ({
    time: v.currentTime,
    paused: v.paused,
    muted: v.muted,
    rate: v.playbackRate,
    loop: v.loop,
  }));

async function generated(page: Page, prompt: string): Promise<ViewerPane> {
  const viewer = new ViewerPane(page);
  await new PromptBarPane(page).generate(prompt);
  await viewer.playable();
  return viewer;
}

test.describe('viewer', () => {
  test.setTimeout(120_000);

  test('keyboard: K/Space play-pause, J/L seconds, arrows frames, M mute, D download; speed and loop', async ({
    page,
  }) => {
    await openApp(page);
    const viewer = await generated(page, 'Keyboard check: a metronome swinging');
    const player = viewer.root.getByRole('group', { name: /^Player/ });
    await player.focus();
    await page.keyboard.press('k');
    await expect.poll(async () => (await state(viewer)).paused).toBe(false);
    await page.keyboard.press('k');
    await expect.poll(async () => (await state(viewer)).paused).toBe(true);
    await page.keyboard.press(' ');
    await expect.poll(async () => (await state(viewer)).paused).toBe(false);
    await page.keyboard.press(' ');
    await expect.poll(async () => (await state(viewer)).paused).toBe(true);

    const start = (await state(viewer)).time;
    await page.keyboard.press('l');
    await expect.poll(async () => (await state(viewer)).time).toBeCloseTo(Math.min(start + 1, 4), 1);
    await page.keyboard.press('l');
    const two = (await state(viewer)).time;
    await page.keyboard.press('j');
    await expect.poll(async () => (await state(viewer)).time).toBeCloseTo(two - 1, 1);
    // One frame at the clip's own rate (read from the file; the local preview renders 24 fps).
    const fps = Number(
      (await viewer.root.locator('[data-field="codec"]').textContent())?.match(/([\d.]+) fps/)?.[1],
    );
    expect(fps).toBe(24);
    const before = (await state(viewer)).time;
    await page.keyboard.press('ArrowRight');
    await expect.poll(async () => (await state(viewer)).time).toBeCloseTo(before + 1 / fps, 3);
    await page.keyboard.press('ArrowLeft');
    await page.keyboard.press('ArrowLeft');
    await expect.poll(async () => (await state(viewer)).time).toBeCloseTo(before - 1 / fps, 3);

    await page.keyboard.press('m');
    await expect.poll(async () => (await state(viewer)).muted).toBe(true);
    await page.keyboard.press('m');
    await expect.poll(async () => (await state(viewer)).muted).toBe(false);

    await viewer.root.getByLabel('Playback speed').selectOption('2');
    await expect.poll(async () => (await state(viewer)).rate).toBe(2);
    await viewer.root.getByRole('button', { name: 'Loop' }).click();
    await expect.poll(async () => (await state(viewer)).loop).toBe(true);

    await player.focus();
    const download = page.waitForEvent('download');
    await page.keyboard.press('d');
    expect((await download).suggestedFilename()).toMatch(/^reelwright-keyboard-check.*\.mp4$/);
  });

  test('the file and the request are both shown', async ({ page }) => {
    await openApp(page);
    const viewer = await generated(page, 'Details check: a spinning top');
    const details = viewer.root.getByRole('definition');
    await expect(viewer.root.locator('[data-field="codec"]')).toContainText('avc1');
    await expect(viewer.root.locator('[data-field="audio"]')).not.toBeEmpty();
    await expect(details.filter({ hasText: 'Details check: a spinning top' })).toBeVisible();
    await expect(viewer.root.locator('[data-field="duration"]')).toContainText('asked 4 s');
  });

  test('"use last frame as reference" makes a new asset from the final frame, at the clip size', async ({
    page,
  }) => {
    await openApp(page);
    const viewer = await generated(page, 'Last frame check: a ball rolls across a table to the right edge');
    await viewer.root.getByRole('button', { name: 'Use last frame as reference' }).click();
    await expect(page.getByText('The last frame is now the reference')).toBeVisible();
    const assets = new AssetManagerPane(page);
    await expect(assets.cards).toHaveCount(1);
    await expect(page.getByRole('region', { name: 'Prompt bar' }).locator('rw-reference-chip')).toBeVisible();

    // The asset's pixels against the <video> drawn at its very end.
    const result = await page.evaluate(async () => {
      const shell = document.querySelector('rw-app-shell')!;
      const store = shell.store;
      const asset = store.state.assets[0]!;
      const blob = await new Promise<Blob>((resolve, reject) => {
        const open = indexedDB.open('reelwright');
        open.onsuccess = () => {
          const req = open.result.transaction('blobs').objectStore('blobs').get(asset.blobId);
          req.onsuccess = () => resolve(req.result.blob);
          req.onerror = () => reject(req.error);
        };
      });
      const image = await createImageBitmap(blob);
      const video = document.createElement('video');
      video.muted = true;
      video.src = (await store.loadUrl(store.state.videos[0]!.blobId))!;
      await new Promise((r) => video.addEventListener('loadeddata', r, { once: true }));
      const pixels = async (at: number) => {
        await new Promise((r) => {
          video.addEventListener('seeked', r, { once: true });
          video.currentTime = at;
        });
        const c = new OffscreenCanvas(video.videoWidth, video.videoHeight);
        const ctx = c.getContext('2d')!;
        ctx.drawImage(video, 0, 0);
        return ctx.getImageData(0, 0, c.width, c.height).data;
      };
      const c = new OffscreenCanvas(image.width, image.height);
      const ctx = c.getContext('2d')!;
      ctx.drawImage(image, 0, 0);
      const mine = ctx.getImageData(0, 0, c.width, c.height).data;
      const diff = (a: Uint8ClampedArray, b: Uint8ClampedArray) => {
        let sum = 0;
        for (let i = 0; i < a.length; i += 4)
          sum += Math.abs(a[i]! - b[i]!) + Math.abs(a[i + 1]! - b[i + 1]!) + Math.abs(a[i + 2]! - b[i + 2]!);
        return sum / (a.length / 4) / 3;
      };
      const last = await pixels(video.duration - 0.001);
      const first = await pixels(0);
      return {
        width: image.width,
        height: image.height,
        origin: asset.origin,
        toLast: diff(mine, last),
        toFirst: diff(mine, first),
      };
    });
    expect(result.width).toBe(720);
    expect(result.height).toBe(1280);
    expect(result.origin?.kind).toBe('last-frame');
    expect(result.toLast).toBeLessThan(4);
    expect(result.toFirst).toBeGreaterThan(result.toLast);
  });
});
