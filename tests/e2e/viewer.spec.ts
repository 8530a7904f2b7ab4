import { expect, test, type Page } from '@playwright/test';
import {
  AssetManagerPane,
  meanDifference,
  openApp,
  PromptBarPane,
  rgbFrame,
  ViewerPane,
  writeTemp,
} from './support/app.ts';

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

    // The asset's pixels against the clip's first and last frames as ffmpeg decodes them (an outside
    // reader, so neither side depends on when a <video> element presents a frame).
    const bytes = await page.evaluate(async () => {
      const store = document.querySelector('rw-app-shell')!.store;
      const asset = store.state.assets[0]!;
      const read = (id: string) =>
        new Promise<Blob>((resolve, reject) => {
          const open = indexedDB.open('reelwright');
          open.onsuccess = () => {
            const req = open.result.transaction('blobs').objectStore('blobs').get(id);
            req.onsuccess = () => resolve(req.result.blob);
            req.onerror = () => reject(req.error);
          };
        });
      const base64 = async (blob: Blob) => {
        const data = new Uint8Array(await blob.arrayBuffer());
        let text = '';
        for (let i = 0; i < data.length; i += 0x8000)
          text += String.fromCharCode(...data.subarray(i, i + 0x8000));
        return btoa(text);
      };
      return {
        origin: asset.origin?.kind,
        asset: await base64(await read(asset.blobId)),
        clip: await base64(await read(store.state.videos[0]!.blobId)),
      };
    });
    const assetPath = writeTemp('last-frame.png', Buffer.from(bytes.asset, 'base64'));
    const clipPath = writeTemp('last-frame-clip.mp4', Buffer.from(bytes.clip, 'base64'));
    const mine = rgbFrame(assetPath);
    const last = rgbFrame(clipPath, 'last');
    const first = rgbFrame(clipPath, 'first');
    const result = {
      width: mine.width,
      height: mine.height,
      origin: { kind: bytes.origin },
      toLast: meanDifference(mine.rgb, last.rgb),
      toFirst: meanDifference(mine.rgb, first.rgb),
    };
    expect(result.width).toBe(720);
    expect(result.height).toBe(1280);
    expect(result.origin?.kind).toBe('last-frame');
    expect(result.toLast).toBeLessThan(4);
    expect(result.toFirst).toBeGreaterThan(result.toLast);
  });
});
