import { expect, test, type Page } from '@playwright/test';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ffprobe, openApp } from './support/app.ts';
import { EpisodesPane, blobBytes, playToEnd, readStore } from './support/episodes.ts';
import { decodeErrors, firstFrameMismatch, frameDigests } from './support/frames.ts';

test.describe.configure({ timeout: 240_000 });

/** The app is installed once online; from then on every chunk comes from the service worker. */
async function installThenGoOffline(page: Page, context: import('@playwright/test').BrowserContext) {
  await openApp(page, '?pace=fast');
  await page.evaluate(() => navigator.serviceWorker.ready);
  await expect.poll(() => page.evaluate(() => !!navigator.serviceWorker.controller)).toBe(true);
  await context.setOffline(true);
  // Reloaded offline, so the page, its lazy chunks and workers (stitcher, encoder) can only come from the
  // precache: anything missing from it fails here instead of in a user's train tunnel.
  await page.reload();
  await expect(page.getByRole('heading', { name: 'Reelwright' })).toBeVisible();
  await expect(page.getByText('Offline — your library still works')).toBeVisible();
}

test('offline: an episode is edited, generated, stitched and played with the network off', async ({
  page,
  context,
}) => {
  const foreign: string[] = [];
  // Object URLs of media are aborted whenever a <video> changes source; anything else failing is a request
  // that needed the network.
  page.on('requestfailed', (request) => {
    if (!/^(blob|data):/.test(request.url()))
      foreign.push(`${request.url()} ${request.failure()?.errorText}`);
  });
  await installThenGoOffline(page, context);

  const episodes = new EpisodesPane(page);
  await episodes.open();
  await episodes.createSeries('Offline Ferry', 8);
  await episodes.split(
    'A ferry leaves the harbour in thick fog.\n---\nThe captain spots a lantern on the water.',
  );
  await expect(episodes.cards).toHaveCount(2);

  // Edits: the episode's title, a segment's title and prompt, and the order of the segments.
  const title = episodes.root.getByLabel('Episode title');
  await title.fill('Pilot');
  await title.press('Tab');
  await episodes.card(2).click();
  const segmentTitle = episodes.editor.getByLabel('Title');
  await segmentTitle.fill('Lantern');
  await segmentTitle.press('Tab');
  const prompt = episodes.editor.getByLabel('Prompt');
  await prompt.fill('A lantern bobs on black water, the ferry looms behind it.');
  await prompt.press('Tab');
  await expect(episodes.card(2).getByRole('heading')).toHaveText('Lantern');
  await episodes.card(2).getByRole('button', { name: 'Move Lantern earlier' }).click();
  await expect(episodes.card(1).getByRole('heading')).toHaveText('Lantern');

  // The edits are saved (read back from IndexedDB, not from the screen).
  await expect.poll(async () => (await readStore(page, 'episodes')).map((e) => e.title)).toEqual(['Pilot']);
  await expect
    .poll(async () =>
      (await readStore(page, 'segments'))
        .sort((a, b) => a.order - b.order)
        .map((s) => [s.title, s.prompt.slice(0, 22)]),
    )
    .toEqual([
      ['Lantern', 'A lantern bobs on blac'],
      [expect.any(String), 'A ferry leaves the har'],
    ]);

  // Generate (the local preview needs no network), approve, stitch, play.
  await episodes.root.getByRole('button', { name: /^Generate all/ }).click();
  await episodes.approveFirstTake(1);
  await episodes.approveFirstTake(2);
  await episodes.stitch();
  await expect(episodes.root.getByText(/Stitched 2 clips into/)).toBeVisible({ timeout: 60_000 });
  await expect(episodes.player).toBeVisible();
  const played = await playToEnd(episodes.player);
  expect(played.error).toBe(0);
  expect(played.duration).toBeCloseTo(8, 0);
  expect(played.time).toBeCloseTo(played.duration, 1);

  // The stitched file decodes cleanly and is its takes' frames, in the edited order.
  const segments = (await readStore(page, 'segments')).sort((a, b) => a.order - b.order);
  const videos = await readStore(page, 'videos');
  const stitched = videos.filter((v) => v.episodeId);
  expect(stitched).toHaveLength(1);
  const dir = mkdtempSync(join(tmpdir(), 'rw-offline-'));
  try {
    const write = async (name: string, blobId: string) => {
      const path = join(dir, name);
      writeFileSync(path, await blobBytes(page, blobId));
      return path;
    };
    const out = await write('episode.mp4', stitched[0]!.blobId);
    const takes = await Promise.all(
      segments.map((s, i) => write(`take-${i}.mp4`, videos.find((v) => v.id === s.approvedTakeId)!.blobId)),
    );
    expect(decodeErrors(out)).toBe('');
    // The library record says what the file is (the exporter's own facts, not a second probe).
    const probed = ffprobe(out);
    expect(stitched[0]).toMatchObject({
      width: probed.width,
      height: probed.height,
      codec: expect.stringMatching(/^avc1\./),
    });
    expect(stitched[0]!.duration).toBeCloseTo(probed.duration, 1);
    expect(stitched[0]!.fps).toBeCloseTo(24, 0);
    expect(firstFrameMismatch(frameDigests(out), takes.map(frameDigests))).toBeUndefined();
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }

  // Still offline, a reload keeps every edit and the stitched episode.
  await page.reload();
  await episodes.open();
  await expect(episodes.root.getByLabel('Episode title')).toHaveValue('Pilot');
  await expect(episodes.card(1).getByRole('heading')).toHaveText('Lantern');
  await expect(page.getByText('Offline — your library still works')).toBeVisible();
  // Nothing tried to reach the network and failed (which would mean a missing chunk or a stray request).
  expect(foreign).toEqual([]);
  await context.setOffline(false);
});
