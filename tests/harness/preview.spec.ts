/**
 * The local preview renderer in real Chromium: renders through the worker, plays the result in a
 * <video>, and hands the bytes to ffprobe. Drives tests/harness/preview.html (window.previewHarness).
 */
import { expect, test, type Page } from '@playwright/test';
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PREVIEW_FPS } from '../../src/media/preview/preview-math.ts';
import type { HarnessRenderOptions, HarnessRenderResult, PreviewHarness } from './preview-harness.ts';

const PROMPT = 'A lighthouse keeper finds a letter in a bottle at dawn; waves crash on the rocks below.';
const FPS = PREVIEW_FPS;

interface ProbeStream {
  codec_type: string;
  codec_name: string;
  profile?: string;
  width?: number;
  height?: number;
  duration?: string;
  nb_frames?: string;
  sample_rate?: string;
  channels?: number;
}
interface Probe {
  streams: ProbeStream[];
  format: { duration: string; format_name: string };
}

async function openHarness(page: Page): Promise<void> {
  await page.goto('/tests/harness/preview.html');
  await expect(page.locator('#status')).toHaveText('ready');
}

function render(page: Page, opts: HarnessRenderOptions): Promise<HarnessRenderResult> {
  return page.evaluate(
    (o) => (window as unknown as { previewHarness: PreviewHarness }).previewHarness.render(o),
    opts,
  );
}

function playback(page: Page, base64: string): ReturnType<PreviewHarness['playback']> {
  return page.evaluate(
    (b64) => (window as unknown as { previewHarness: PreviewHarness }).previewHarness.playback(b64),
    base64,
  );
}

function withFile<T>(bytes: Buffer, use: (file: string) => T): T {
  const dir = mkdtempSync(join(tmpdir(), 'reelwright-preview-'));
  try {
    const file = join(dir, 'clip.mp4');
    writeFileSync(file, bytes);
    return use(file);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

function ffprobe(bytes: Buffer): Probe {
  return withFile(bytes, (file) => {
    const out = execFileSync('ffprobe', [
      '-v',
      'error',
      '-show_streams',
      '-show_format',
      '-of',
      'json',
      file,
    ]);
    return JSON.parse(out.toString()) as Probe;
  });
}

/** ffmpeg decodes every packet of both streams: its error output (empty when clean) and the audio level. */
function ffmpegDecode(bytes: Buffer): { errors: string; meanVolumeDb: number } {
  return withFile(bytes, (file) => {
    const decode = spawnSync('ffmpeg', ['-v', 'error', '-i', file, '-f', 'null', '-'], { encoding: 'utf8' });
    const level = spawnSync('ffmpeg', ['-i', file, '-map', '0:a', '-af', 'volumedetect', '-f', 'null', '-'], {
      encoding: 'utf8',
    });
    const mean = /mean_volume: (-?[\d.]+) dB/.exec(level.stderr);
    const errors = decode.stderr.trim() + (decode.status === 0 ? '' : ` (exit ${decode.status})`);
    return { errors, meanVolumeDb: mean ? Number(mean[1]) : NaN };
  });
}

/** Top-level box types in file order. */
function topLevelBoxes(bytes: Buffer): string[] {
  const types: string[] = [];
  let at = 0;
  while (at + 8 <= bytes.length) {
    const size = bytes.readUInt32BE(at);
    types.push(bytes.toString('latin1', at + 4, at + 8));
    if (size < 8) break;
    at += size;
  }
  return types;
}

/** The avcC payload (AVCDecoderConfigurationRecord: SPS + PPS) of the file. */
function avcC(bytes: Buffer): Buffer {
  const at = bytes.indexOf('avcC', 0, 'latin1');
  expect(at, 'avcC box present').toBeGreaterThan(4);
  const size = bytes.readUInt32BE(at - 4);
  return bytes.subarray(at + 4, at - 4 + size);
}

function checkFile(result: HarnessRenderResult, width: number, height: number, seconds: number): Buffer {
  const bytes = Buffer.from(result.base64, 'base64');
  expect(bytes.length).toBe(result.bytes);
  expect(topLevelBoxes(bytes), 'non-fragmented, moov before mdat').toEqual(['ftyp', 'moov', 'mdat']);

  const probe = ffprobe(bytes);
  const video = probe.streams.find((s) => s.codec_type === 'video');
  const audio = probe.streams.find((s) => s.codec_type === 'audio');
  expect(video?.codec_name).toBe('h264');
  expect(video?.profile).toBe('Constrained Baseline');
  expect([video?.width, video?.height]).toEqual([width, height]);
  expect(Number(video?.nb_frames)).toBe(seconds * FPS);
  expect(Math.abs(Number(video?.duration) - seconds)).toBeLessThanOrEqual(0.1);
  expect(audio?.codec_name).toBe('opus');
  expect(audio?.sample_rate).toBe('48000');
  expect(Math.abs(Number(audio?.duration) - seconds)).toBeLessThanOrEqual(0.1);
  expect(Math.abs(Number(probe.format.duration) - seconds)).toBeLessThanOrEqual(0.1);
  expect(result.codec).toMatch(/^avc1\.42[0-9a-f]{4}$/);
  return bytes;
}

function checkProgress(progress: number[]): void {
  expect(progress.length).toBeGreaterThan(5);
  expect(progress.at(-1)).toBe(1);
  for (let i = 1; i < progress.length; i++) expect(progress[i]).toBeGreaterThanOrEqual(progress[i - 1]);
  expect(progress.every((f) => f >= 0 && f <= 1)).toBe(true);
}

test.describe('local preview renderer', () => {
  test.describe.configure({ timeout: 180_000 });

  const cases: [number, number, number][] = [
    [720, 1280, 4],
    [1280, 720, 4],
    [1080, 1920, 4],
    [1792, 1024, 12],
  ];
  for (const [width, height, seconds] of cases) {
    test(`${width}x${height} ${seconds} s: plays in <video>, ffprobe sees H.264 + Opus of that size and length`, async ({
      page,
    }) => {
      await openHarness(page);
      const result = await render(page, { prompt: PROMPT, width, height, seconds });
      checkProgress(result.progress);
      checkFile(result, width, height, seconds);
      const decoded = ffmpegDecode(Buffer.from(result.base64, 'base64'));
      expect(decoded.errors, 'ffmpeg decodes every packet').toBe('');
      // A quiet but audible ambience: well below full scale, well above silence.
      expect(decoded.meanVolumeDb).toBeGreaterThan(-50);
      expect(decoded.meanVolumeDb).toBeLessThan(-15);
      const played = await playback(page, result.base64);
      expect([played.videoWidth, played.videoHeight]).toEqual([width, height]);
      expect(Math.abs(played.duration - seconds)).toBeLessThanOrEqual(0.1);
      expect(played.played.currentTime, 'playback advances').toBeGreaterThan(0.2);
      expect(played.played.videoBytes).toBeGreaterThan(0);
      expect(played.played.audioBytes, 'Chromium decodes the Opus track').toBeGreaterThan(0);
      test.info().annotations.push({
        type: 'render',
        description: `${width}x${height} ${seconds}s ${result.codec}: worker ${result.workerMs} ms, wall ${result.wallMs} ms, ${result.bytes} bytes, longest main-thread gap ${result.maxMainThreadGapMs} ms`,
      });
    });
  }

  test('two clips of one size share the codec configuration (stitchable), different prompts differ', async ({
    page,
  }) => {
    await openHarness(page);
    const a = await render(page, { prompt: PROMPT, width: 720, height: 1280, seconds: 2 });
    const b = await render(page, {
      prompt: 'Neon rain over a night market',
      width: 720,
      height: 1280,
      seconds: 3,
    });
    const bytesA = checkFile(a, 720, 1280, 2);
    const bytesB = checkFile(b, 720, 1280, 3);
    expect(avcC(bytesA).equals(avcC(bytesB)), 'identical avcC (SPS/PPS)').toBe(true);
    expect(a.codec).toBe(b.codec);
    // The pictures themselves do differ: the prompts' scenes have different colours.
    const [pa, pb] = [await playback(page, a.base64), await playback(page, b.base64)];
    expect(pa.firstFrame.left).not.toEqual(pb.firstFrame.left);
  });

  test('with a reference image the first frame is that image', async ({ page }) => {
    await openHarness(page);
    const left: [number, number, number] = [200, 40, 40];
    const right: [number, number, number] = [40, 70, 200];
    const result = await render(page, {
      prompt: PROMPT,
      width: 720,
      height: 1280,
      seconds: 2,
      reference: { left, right },
    });
    checkFile(result, 720, 1280, 2);
    const played = await playback(page, result.base64);
    for (const [got, want] of [
      [played.firstFrame.left, left],
      [played.firstFrame.right, right],
    ] as const) {
      for (let c = 0; c < 3; c++)
        expect(Math.abs(got[c] - want[c]), `channel ${c} of ${got} vs ${want}`).toBeLessThanOrEqual(12);
    }
    test.info().annotations.push({ type: 'first-frame', description: JSON.stringify(played.firstFrame) });
  });

  test('abort mid-render stops it and rejects with AbortError', async ({ page }) => {
    await openHarness(page);
    const outcome = await page.evaluate(async () => {
      const h = (window as unknown as { previewHarness: PreviewHarness }).previewHarness;
      try {
        await h.render({ prompt: 'abort me', width: 720, height: 1280, seconds: 8, abortOnProgress: true });
        return 'resolved';
      } catch (error) {
        return (error as Error).name;
      }
    });
    expect(outcome).toBe('AbortError');
  });

  test('an invalid size is refused with a clear error', async ({ page }) => {
    await openHarness(page);
    const message = await page.evaluate(async () => {
      const h = (window as unknown as { previewHarness: PreviewHarness }).previewHarness;
      return h.render({ prompt: 'x', width: 721, height: 1280, seconds: 4 }).then(
        () => 'resolved',
        (error: Error) => `${error.name}: ${error.message}`,
      );
    });
    expect(message).toMatch(/^PreviewError: Preview size must be even/);
  });

  test('renderStill gives a PNG of the exact size', async ({ page }) => {
    await openHarness(page);
    const still = await page.evaluate(
      (prompt) =>
        (window as unknown as { previewHarness: PreviewHarness }).previewHarness.still({
          prompt,
          width: 1024,
          height: 1024,
          variant: 2,
        }),
      PROMPT,
    );
    expect(still).toMatchObject({ type: 'image/png', width: 1024, height: 1024 });
    expect(still.bytes).toBeGreaterThan(1000);
  });
});
