/**
 * The stitcher in real Chromium: stitch fixture clips through the worker bridge, play the result in a <video>,
 * seek near the end and get a decoded frame; mismatched clips are refused with a message naming them.
 */
import { expect, test } from '@playwright/test';

type StitchModule = typeof import('../../src/media/stitch/index.ts');
/** Served by the Vite dev server; a variable so TypeScript does not try to resolve the absolute URL. */
const MODULE_URL = '/src/media/stitch/index.ts';

interface PlayReport {
  resultDuration: number;
  videoDuration: number;
  width: number;
  height: number;
  seekedAt: number;
  frameTime: number | null;
  nonBlackPixels: number;
  bytes: number;
  error?: string;
}

test.describe('stitch (media harness)', () => {
  test.beforeEach(async ({ page }) => {
    await page.goto('/tests/harness/index.html');
  });

  test('stitches 3 clips in a worker; the output plays, has the summed duration and seeks to a decoded frame', async ({
    page,
  }) => {
    const report = await page.evaluate(async (moduleUrl): Promise<PlayReport> => {
      const mod = (await import(/* @vite-ignore */ moduleUrl)) as StitchModule;
      const names = ['a', 'b', 'c'];
      const blobs = await Promise.all(
        names.map(async (n) => (await fetch(`/tests/fixtures/stitch/${n}.mp4`)).blob()),
      );
      const result = await mod.stitchClips(blobs, { labels: names });
      const video = document.createElement('video');
      video.muted = true;
      video.preload = 'auto';
      video.src = URL.createObjectURL(result.blob);
      document.body.append(video);
      await new Promise<void>((resolve, reject) => {
        video.addEventListener('loadeddata', () => resolve(), { once: true });
        video.addEventListener(
          'error',
          () => reject(new Error(`video error ${video.error?.code} ${video.error?.message}`)),
          { once: true },
        );
      });
      const target = video.duration - 0.2;
      // The frame the seek presents (requestVideoFrameCallback), skipping the initial one at 0 s if it is
      // presented late; no timer: if no frame is ever presented, the test's own timeout reports it.
      const frame = new Promise<number>((resolve) => {
        const onFrame = (_now: number, meta: VideoFrameCallbackMetadata): void => {
          if (meta.mediaTime > 1) resolve(meta.mediaTime);
          else video.requestVideoFrameCallback(onFrame);
        };
        video.requestVideoFrameCallback(onFrame);
      });
      const seeked = new Promise<void>((resolve) =>
        video.addEventListener('seeked', () => resolve(), { once: true }),
      );
      video.currentTime = target;
      await seeked;
      const frameTime: number | null = await frame;
      const canvas = document.createElement('canvas');
      canvas.width = video.videoWidth;
      canvas.height = video.videoHeight;
      const ctx = canvas.getContext('2d')!;
      ctx.drawImage(video, 0, 0);
      const data = ctx.getImageData(0, 0, canvas.width, canvas.height).data;
      let nonBlack = 0;
      for (let i = 0; i < data.length; i += 4) if (data[i]! + data[i + 1]! + data[i + 2]! > 60) nonBlack++;
      return {
        resultDuration: result.duration,
        videoDuration: video.duration,
        width: video.videoWidth,
        height: video.videoHeight,
        seekedAt: video.currentTime,
        frameTime,
        nonBlackPixels: nonBlack,
        bytes: result.blob.size,
      };
    }, MODULE_URL);
    console.log(JSON.stringify(report));
    expect(report.width).toBe(180);
    expect(report.height).toBe(320);
    expect(Math.abs(report.videoDuration - 6)).toBeLessThanOrEqual(3 / 30);
    expect(Math.abs(report.resultDuration - 6)).toBeLessThanOrEqual(3 / 30);
    expect(Math.abs(report.seekedAt - (report.videoDuration - 0.2))).toBeLessThan(0.05);
    expect(report.frameTime).not.toBeNull();
    expect(report.frameTime!).toBeGreaterThan(5.5);
    expect(report.nonBlackPixels).toBeGreaterThan(1000);
  });

  test('30 joins of B-frame clips (ctts + per-clip AAC edits) load with the summed duration and seek into the last clip', async ({
    page,
  }) => {
    const report = await page.evaluate(async (moduleUrl) => {
      const mod = (await import(/* @vite-ignore */ moduleUrl)) as StitchModule;
      const pair = await Promise.all(
        ['bf1', 'bf2'].map(async (n) => (await fetch(`/tests/fixtures/stitch/${n}.mp4`)).blob()),
      );
      const result = await mod.stitchClips(Array.from({ length: 31 }, (_, i) => pair[i % 2]!));
      const video = document.createElement('video');
      video.muted = true;
      video.src = URL.createObjectURL(result.blob);
      document.body.append(video);
      await new Promise<void>((resolve, reject) => {
        video.addEventListener('loadeddata', () => resolve(), { once: true });
        video.addEventListener('error', () => reject(new Error(`video error ${video.error?.message}`)), {
          once: true,
        });
      });
      const target = 60.5; // inside the 31st clip
      const frame = new Promise<number | null>((resolve) => {
        const onFrame = (_now: number, meta: VideoFrameCallbackMetadata): void => {
          if (meta.mediaTime > 1) resolve(meta.mediaTime);
          else video.requestVideoFrameCallback(onFrame);
        };
        video.requestVideoFrameCallback(onFrame);
      });
      const seeked = new Promise<void>((resolve) =>
        video.addEventListener('seeked', () => resolve(), { once: true }),
      );
      video.currentTime = target;
      await seeked;
      return {
        duration: video.duration,
        expected: result.duration,
        frameTime: await frame,
        audioEdits: result.tracks[1]!.editCount,
      };
    }, MODULE_URL);
    console.log(JSON.stringify(report));
    expect(Math.abs(report.duration - 62)).toBeLessThanOrEqual(31 / 30);
    expect(report.expected).toBeCloseTo(62, 2);
    expect(report.audioEdits).toBe(31);
    expect(report.frameTime).not.toBeNull();
    expect(Math.abs(report.frameTime! - 60.5)).toBeLessThan(0.1);
  });

  test('refuses mismatched clips with a message naming them', async ({ page }) => {
    const refusal = await page.evaluate(async (moduleUrl) => {
      const mod = (await import(/* @vite-ignore */ moduleUrl)) as StitchModule;
      const names = ['a', 'b', 'big'];
      const blobs = await Promise.all(
        names.map(async (n) => (await fetch(`/tests/fixtures/stitch/${n}.mp4`)).blob()),
      );
      try {
        await mod.stitchClips(blobs, { labels: ['take-a', 'take-b', 'take-big'] });
        return null;
      } catch (err) {
        const e = err as InstanceType<typeof mod.StitchError>;
        return {
          isStitchError: e instanceof mod.StitchError,
          code: e.code,
          message: e.message,
          clipIndexes: e.clipIndexes,
        };
      }
    }, MODULE_URL);
    expect(refusal).not.toBeNull();
    expect(refusal!.isStitchError).toBe(true);
    expect(refusal!.code).toBe('codec-mismatch');
    expect(refusal!.clipIndexes).toEqual([2]);
    expect(refusal!.message).toContain('Clip 3 (take-big) uses a different video encoding');
    expect(refusal!.message).toContain('than clip 1 (take-a)');
  });
});
