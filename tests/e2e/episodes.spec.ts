import { expect, test } from '@playwright/test';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AssetManagerPane, ffprobe, fileFrom, fixture, openApp } from './support/app.ts';
import { EpisodesPane, blobBytes, readStore } from './support/episodes.ts';
import { decodeErrors, firstFrameMismatch, frameDigests } from './support/frames.ts';

test.describe.configure({ timeout: 240_000 });

const SCRIPT_3 = [
  'Mara stands on the night bus, neon rain on the windows.',
  'A stranger slides a folded note across the seat.',
  'She opens it and the bus lights flicker out.',
].join('\n---\n');

test('a three-segment episode generates, stitches losslessly, plays and exports', async ({ page }) => {
  await openApp(page, '?pace=fast');
  // A music bed to export with the episode.
  const assets = new AssetManagerPane(page);
  await assets.drop([fileFrom(fixture('tone.m4a'))]);
  await assets.expectCount(1);
  const episodes = new EpisodesPane(page);
  await episodes.open();
  await episodes.createSeries('Night Bus', 12);
  await episodes.split(SCRIPT_3);
  await expect(episodes.cards).toHaveCount(3);
  for (const n of [1, 2, 3]) await expect(episodes.card(n)).toContainText('4 s');
  await expect(episodes.root.getByText('Running total: 12 s of 12 s target')).toBeVisible();

  // Reorder by keyboard and back: Alt+↓ moves the focused card, Alt+↑ returns it.
  const firstTitle = (await episodes.card(1).getByRole('heading').textContent())!.trim();
  await episodes.card(1).focus();
  await page.keyboard.press('Alt+ArrowDown');
  await expect(episodes.card(2).getByRole('heading')).toHaveText(firstTitle);
  await page.keyboard.press('Alt+ArrowUp');
  await expect(episodes.card(1).getByRole('heading')).toHaveText(firstTitle);

  const generateAll = episodes.root.getByRole('button', { name: /^Generate all \(3 · Free\)/ });
  await expect(generateAll).toBeVisible();
  await generateAll.click();
  await expect(episodes.card(1).getByRole('status')).not.toHaveText('Not generated');
  for (const n of [1, 2, 3]) await episodes.approveFirstTake(n);

  await episodes.stitch();
  await expect(episodes.root.getByText(/Stitched 3 clips into/)).toBeVisible({ timeout: 60_000 });
  await expect(episodes.player).toBeVisible();

  const played = await episodes.player.evaluate(async (video: HTMLVideoElement) => {
    const ended = () =>
      new Promise<void>((resolve) => video.addEventListener('ended', () => resolve(), { once: true }));
    video.muted = true;
    if (video.readyState < 1)
      await new Promise((r) => video.addEventListener('loadedmetadata', r, { once: true }));
    video.playbackRate = 4;
    const first = ended();
    await video.play();
    await first;
    const fromStart = { time: video.currentTime, duration: video.duration };
    video.currentTime = video.duration - 0.4;
    await new Promise((r) => video.addEventListener('seeked', r, { once: true }));
    const second = ended();
    await video.play();
    await second;
    return { fromStart, afterSeek: video.currentTime, error: video.error?.code ?? 0 };
  });
  expect(played.error).toBe(0);
  expect(played.fromStart.time).toBeCloseTo(played.fromStart.duration, 1);
  expect(played.afterSeek).toBeCloseTo(played.fromStart.duration, 1);

  const segments = (await readStore(page, 'segments')).sort((a, b) => a.order - b.order);
  const videos = await readStore(page, 'videos');
  const durations = segments.map(
    (seg) => videos.find((v) => v.id === seg.approvedTakeId)!.duration as number,
  );
  expect(durations).toHaveLength(3);

  const total = durations.reduce((a, b) => a + b, 0);

  // Captions are on by default; with a music bed too, Export is one zip bundle.
  await episodes.root.getByLabel('Music bed').selectOption({ label: 'tone.m4a' });
  const zipButton = episodes.root.getByRole('button', { name: 'Export Episode-1.zip' });
  await expect(zipButton).toBeVisible();
  await expect(episodes.root.getByRole('link', { name: /^Download / })).toHaveCount(0);
  await expect(
    episodes.root.getByText(
      'Episode-1.zip holds Episode-1.mp4, Episode-1.vtt, tone.m4a, mix.json, README.txt.',
    ),
  ).toBeVisible();
  const zipped = page.waitForEvent('download');
  await zipButton.click();
  const zipDownload = await zipped;
  expect(zipDownload.suggestedFilename()).toBe('Episode-1.zip');
  const dir = mkdtempSync(join(tmpdir(), 'rw-episode-'));
  const zipPath = join(dir, 'Episode-1.zip');
  await zipDownload.saveAs(zipPath);
  await expect(
    episodes.root.getByRole('status').filter({ hasText: 'Exported 4 files to Episode-1.zip.' }),
  ).toBeVisible();
  const unzip = (...args: string[]): Buffer => execFileSync('unzip', args, { maxBuffer: 256 * 1024 * 1024 });
  // Every entry is stored (level 0): the media is compressed already.
  const listing = unzip('-v', zipPath).toString('utf8');
  const entries = [...listing.matchAll(/^\s*\d+\s+(Stored|Defl:\S+)\s.*\s(\S+)$/gm)].map((m) => [m[2], m[1]]);
  expect(entries).toEqual([
    ['Episode-1.mp4', 'Stored'],
    ['Episode-1.vtt', 'Stored'],
    ['tone.m4a', 'Stored'],
    ['mix.json', 'Stored'],
    ['README.txt', 'Stored'],
  ]);
  execFileSync('unzip', ['-q', '-t', zipPath]); // CRCs check out
  const mp4Path = join(dir, 'Episode-1.mp4');
  writeFileSync(mp4Path, unzip('-p', zipPath, 'Episode-1.mp4'));
  const zipProbe = ffprobe(mp4Path);
  expect(zipProbe.videoCodec).toBe('h264');
  expect(zipProbe.audioCodec).toBe('opus');
  expect(Math.abs(zipProbe.duration - total)).toBeLessThanOrEqual(0.1);
  const captions = unzip('-p', zipPath, 'Episode-1.vtt').toString('utf8');
  expect(captions.startsWith('WEBVTT')).toBe(true);
  expect(captions).toContain('00:00:00.000 --> 00:00:04.000\nMara stands on the night bus');
  expect(captions).toContain(
    '00:00:04.000 --> 00:00:08.000\nA stranger slides a folded note across the\nseat.',
  );
  expect(captions).toContain('00:00:08.000 --> 00:00:12.000\nShe opens it and the bus lights');
  expect(unzip('-p', zipPath, 'tone.m4a').equals(readFileSync(fixture('tone.m4a')))).toBe(true);
  const mix = JSON.parse(unzip('-p', zipPath, 'mix.json').toString('utf8'));
  expect(mix).toMatchObject({ video: 'Episode-1.mp4', music: 'tone.m4a', level: 0.3, start: 0 });
  expect(mix.ffmpeg).toContain('volume=0.3');
  const readme = unzip('-p', zipPath, 'README.txt').toString('utf8');
  for (const name of ['Episode-1.mp4', 'Episode-1.vtt', 'tone.m4a', 'mix.json'])
    expect(readme).toContain(name);

  // Save as… and Save to folder… write the same bundle through the File System Access API (the pickers are
  // pointed at the origin-private file system, which has the same handles and writable streams).
  await page.evaluate(() => {
    const root = () => navigator.storage.getDirectory();
    Object.assign(window, {
      showSaveFilePicker: async () => (await root()).getFileHandle('saved.zip', { create: true }),
      showDirectoryPicker: async () => (await root()).getDirectoryHandle('Exports', { create: true }),
    });
  });
  const opfs = async (folder?: string): Promise<Record<string, string>> =>
    page.evaluate(async (name) => {
      let dir = await navigator.storage.getDirectory();
      if (name) dir = await dir.getDirectoryHandle(name);
      const files: Record<string, string> = {};
      for await (const [file, handle] of dir as unknown as AsyncIterable<[string, FileSystemHandle]>) {
        if (handle.kind !== 'file') continue;
        const bytes = new Uint8Array(await (await (handle as FileSystemFileHandle).getFile()).arrayBuffer());
        let text = '';
        for (let i = 0; i < bytes.length; i += 0x8000)
          text += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
        files[file] = btoa(text);
      }
      return files;
    }, folder);
  await episodes.root.getByRole('button', { name: 'Save Episode-1.zip as…' }).click();
  await expect(episodes.root.getByText('Exported 4 files to saved.zip.')).toBeVisible();
  const savedZip = join(dir, 'saved.zip');
  writeFileSync(savedZip, Buffer.from((await opfs())['saved.zip']!, 'base64'));
  execFileSync('unzip', ['-q', '-t', savedZip]);
  expect(unzip('-p', savedZip, 'Episode-1.mp4').equals(unzip('-p', zipPath, 'Episode-1.mp4'))).toBe(true);
  await episodes.root.getByRole('button', { name: 'Save to folder…' }).click();
  await expect(episodes.root.getByText('Exported 4 files to the folder “Exports”.')).toBeVisible();
  const folder = await opfs('Exports');
  expect(Object.keys(folder).sort()).toEqual(['Episode-1.mp4', 'Episode-1.vtt', 'mix.json', 'tone.m4a']);
  for (const name of Object.keys(folder))
    expect(Buffer.from(folder[name]!, 'base64').equals(unzip('-p', zipPath, name))).toBe(true);

  // Without captions and music, the export is the plain MP4.
  await episodes.root.getByLabel('Music bed').selectOption({ label: 'None' });
  await episodes.root.getByLabel('Captions', { exact: true }).uncheck();
  await expect(zipButton).toHaveCount(0);
  const pending = page.waitForEvent('download');
  await episodes.root.getByRole('link', { name: 'Download Episode-1.mp4' }).click();
  const download = await pending;
  expect(download.suggestedFilename()).toBe('Episode-1.mp4');
  const path = join(dir, 'plain.mp4');
  await download.saveAs(path);
  const probe = ffprobe(path);
  expect(probe.videoCodec).toBe('h264');
  expect(probe.audioCodec).toBe('opus');
  expect(probe.width).toBe(720);
  expect(Math.abs(probe.duration - total)).toBeLessThanOrEqual(0.1);
  // Decoded in full without a complaint, and frame for frame the approved takes, in order: a frame
  // shifted, dropped or repeated at a join fails here.
  expect(decodeErrors(path)).toBe('');
  const takes = await Promise.all(
    segments.map(async (seg, i) => {
      const take = join(dir, `take-${i}.mp4`);
      writeFileSync(take, await blobBytes(page, videos.find((v) => v.id === seg.approvedTakeId)!.blobId));
      return frameDigests(take);
    }),
  );
  for (const t of takes) expect(t.length, 'frames in a 4 s take').toBeGreaterThan(4 * 20);
  expect(firstFrameMismatch(frameDigests(path), takes)).toBeUndefined();

  // The stitched episode is in the library as a clip of its own.
  const saved = (await readStore(page, 'videos')).filter((v) => v.episodeId).length;
  expect(saved).toBe(1);
});

test('clips of different sizes are re-encoded into one episode, naming the segment that differs', async ({
  page,
}) => {
  await openApp(page, '?pace=fast');
  const episodes = new EpisodesPane(page);
  await episodes.open();
  await episodes.createSeries('Mixed Sizes', 8);
  await episodes.split('The harbour at dawn, gulls overhead.\n---\nA ferry horn sounds across the water.');
  await expect(episodes.cards).toHaveCount(2);
  await episodes.card(2).click();
  await episodes.editor.getByLabel('Size').selectOption('1080x1920');
  await expect(episodes.card(2)).toContainText('1080x1920');
  await episodes.root.getByRole('button', { name: /^Generate all/ }).click();
  await episodes.approveFirstTake(1);
  await episodes.approveFirstTake(2);
  // The plan says which path runs and why, naming the segment and the exact difference.
  await expect(episodes.root.getByText(/^Re-encodes 1 of 2 clips/)).toBeVisible({ timeout: 60_000 });
  await expect(
    episodes.root.getByRole('listitem').filter({ hasText: 'size 1080x1920 — the episode has 720x1280' }),
  ).toContainText('2. A ferry horn sounds across');
  await episodes.stitch();
  await expect(episodes.root.getByRole('status').filter({ hasText: /^Rendered 2 clips/ })).toBeVisible({
    timeout: 120_000,
  });
  await expect(episodes.player).toHaveCount(1);
});

test('a chained segment waits for the approved take and starts from its last frame', async ({ page }) => {
  await openApp(page, '?pace=fast');
  const episodes = new EpisodesPane(page);
  await episodes.open();
  await episodes.createSeries('Chain', 8);
  await episodes.split('A red door at the end of a corridor.\n---\nThe door swings open onto a snowy field.');
  await expect(episodes.cards).toHaveCount(2);
  await episodes.card(2).click();
  await episodes.editor.getByLabel('Continuity').selectOption('chain');
  await expect(episodes.card(2)).toContainText('Chained');
  await episodes.root.getByRole('button', { name: /^Generate all/ }).click();
  await expect(episodes.card(2).getByRole('status')).toHaveText(/Waiting for the previous segment/);
  await episodes.approveFirstTake(1);
  await episodes.approveFirstTake(2);

  const segs = (await readStore(page, 'segments')).sort((a, b) => a.order - b.order);
  const job = (await readStore(page, 'jobs')).find((j) => j.request.segmentId === segs[1]!.id)!;
  const asset = (await readStore(page, 'assets')).find((a) => a.id === job.request.referenceAssetId)!;
  const clip = (await readStore(page, 'videos')).find((v) => v.id === segs[0]!.approvedTakeId)!;
  expect(asset.origin).toEqual({ kind: 'last-frame', videoId: segs[0]!.approvedTakeId });
  expect(`${asset.width}x${asset.height}`).toBe('720x1280');
  const dir = tmpdir();
  const clipPath = join(dir, `rw-chain-${Date.now()}.mp4`);
  const framePath = join(dir, `rw-chain-${Date.now()}.png`);
  writeFileSync(clipPath, await blobBytes(page, clip.blobId));
  writeFileSync(framePath, await blobBytes(page, asset.blobId));
  const raw = (args: string[]): Buffer =>
    execFileSync(
      'ffmpeg',
      ['-v', 'error', ...args, '-frames:v', '1', '-f', 'rawvideo', '-pix_fmt', 'rgb24', '-'],
      {
        maxBuffer: 64 * 1024 * 1024,
      },
    );
  const expected = raw(['-sseof', '-0.05', '-i', clipPath]);
  const actual = raw(['-i', framePath]);
  expect(actual.length).toBe(expected.length);
  let diff = 0;
  for (let i = 0; i < expected.length; i += 1) diff += Math.abs(expected[i]! - actual[i]!);
  expect(diff / expected.length).toBeLessThan(6);
  // A different frame (the clip's first) is far from it: the comparison can fail.
  const first = raw(['-i', clipPath]);
  let other = 0;
  for (let i = 0; i < first.length; i += 1) other += Math.abs(first[i]! - actual[i]!);
  expect(other / first.length).toBeGreaterThan(diff / expected.length);
});
