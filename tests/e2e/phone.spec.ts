import { expect, test } from '@playwright/test';
import { rmSync } from 'node:fs';
import {
  AssetManagerPane,
  PromptBarPane,
  ViewerPane,
  ffprobe,
  fixture,
  openApp,
  showPane,
} from './support/app.ts';
import { EpisodesPane } from './support/episodes.ts';
import { pageOverflowX } from './support/layout.ts';

// The `phone` project only (390x844, touch): the main flows, by tap, one pane at a time.

test.describe.configure({ timeout: 180_000 });

test('on a phone: import an asset, generate with the local preview, watch and download the clip', async ({
  page,
}) => {
  await openApp(page);
  const assets = new AssetManagerPane(page);
  await assets.show();
  await assets.pick([fixture('image.png')]);
  await expect(assets.card('image.png')).toBeVisible();
  expect(await pageOverflowX(page)).toBe(0);

  const bar = new PromptBarPane(page);
  await bar.show();
  await bar.prompt.fill('A kite tangled in a phone line at dusk');
  await bar.select('Size').selectOption('720x1280');
  await bar.root.getByRole('button', { name: 'Generate' }).tap();
  // The prompt is its own tab on a phone: Generate brings the viewer up, with the job in it.
  await expect(page.getByRole('tab', { name: 'Viewer' })).toHaveAttribute('aria-selected', 'true');
  const viewer = new ViewerPane(page);
  await expect(viewer.jobs.first()).toContainText('A kite tangled');
  expect(await viewer.playable()).toMatchObject({ width: 720, height: 1280 });
  const box = (await viewer.video.boundingBox())!;
  expect(box.height).toBeGreaterThan(box.width * 1.7);
  expect(box.x + box.width).toBeLessThanOrEqual(390);

  const path = await viewer.download();
  try {
    expect(ffprobe(path)).toMatchObject({ width: 720, height: 1280, videoCodec: 'h264' });
  } finally {
    rmSync(path, { force: true });
  }
});

test('on a phone: an episode is built by touch, stitched and exported', async ({ page }) => {
  await openApp(page, '?pace=fast');
  const episodes = new EpisodesPane(page);
  await episodes.open();
  await episodes.createSeries('Pocket', 8);
  await episodes.split('A courier runs for the last tram.\n---\nThe doors close on her scarf.');
  await expect(episodes.cards).toHaveCount(2);
  expect(await pageOverflowX(page)).toBe(0);

  // Reorder with the move buttons, by tap, and back.
  const first = (await episodes.card(1).getByRole('heading').textContent())!.trim();
  await episodes
    .card(1)
    .getByRole('button', { name: `Move ${first} later` })
    .tap();
  await expect(episodes.card(2).getByRole('heading')).toHaveText(first);
  await episodes
    .card(2)
    .getByRole('button', { name: `Move ${first} earlier` })
    .tap();
  await expect(episodes.card(1).getByRole('heading')).toHaveText(first);

  await episodes.root.getByRole('button', { name: /^Generate all \(2 · Free\)/ }).tap();
  for (const n of [1, 2]) await episodes.approveFirstTake(n);
  await episodes.stitch();
  await expect(episodes.root.getByText(/Stitched 2 clips into/)).toBeVisible({ timeout: 60_000 });
  await expect(episodes.player).toBeVisible();

  // Export is a zip (captions are on by default) or the plain MP4, depending on the episode's settings.
  const exportControl = episodes.root
    .getByRole('button', { name: /^Export Episode-1/ })
    .or(episodes.root.getByRole('link', { name: /^Download / }));
  const download = page.waitForEvent('download');
  await exportControl.first().tap();
  expect((await download).suggestedFilename()).toMatch(/^Episode-1\.(zip|mp4)$/);
  await showPane(page, 'Viewer');
  expect(await pageOverflowX(page)).toBe(0);

  // Share: where the browser can share files, the MP4 goes to the share sheet; here it cannot (desktop
  // Linux Chromium), so it is downloaded. Then with a share sheet standing in for the phone's.
  const share = episodes.root.getByRole('button', { name: 'Share Episode-1.mp4' });
  const fallback = page.waitForEvent('download');
  await share.tap();
  expect((await fallback).suggestedFilename()).toBe('Episode-1.mp4');
  await page.evaluate(() => {
    Object.assign(navigator, {
      canShare: (data: ShareData) => !!data.files?.length,
      share: async (data: ShareData) => {
        const file = data.files![0]!;
        Object.assign(window, { __rwShared: { name: file.name, type: file.type, size: file.size } });
      },
    });
  });
  await share.tap();
  await expect
    .poll(() => page.evaluate(() => (window as { __rwShared?: unknown }).__rwShared))
    .toMatchObject({ name: 'Episode-1.mp4', type: 'video/mp4' });
  const shared = await page.evaluate(
    () => (window as unknown as { __rwShared: { size: number } }).__rwShared,
  );
  expect(shared.size).toBeGreaterThan(10_000);
});
