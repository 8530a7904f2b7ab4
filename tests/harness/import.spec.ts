/**
 * The asset-import pipeline in real Chromium: analyzeFile on the committed fixtures (metadata, thumbnail,
 * every refusal's message), fitImage's exact output, and extractFrame's real last frame.
 * Drives tests/harness/import.html (window.importHarness).
 */
import { expect, test, type Page } from '@playwright/test';
import type { HarnessAnalysis, ImportHarness, Rgba } from './import-harness.ts';

type Api = { importHarness: ImportHarness };

async function open(page: Page): Promise<void> {
  await page.goto('/tests/harness/import.html');
  await expect(page.locator('#status')).toHaveText('ready');
}

const analyze = (
  page: Page,
  fixture: string,
  opts?: Parameters<ImportHarness['analyze']>[1],
): Promise<HarnessAnalysis> =>
  page.evaluate(([f, o]) => (window as unknown as Api).importHarness.analyze(f, o), [fixture, opts] as const);

function accepted(a: HarnessAnalysis) {
  if (!a.result.ok) throw new Error(`expected acceptance, got ${a.result.reason}: ${a.result.message}`);
  return a.result;
}

const near = (actual: Rgba, expected: [number, number, number], tolerance = 40) =>
  expected.every((v, i) => Math.abs(actual[i] - v) <= tolerance);

test.describe('analyzeFile', () => {
  test.beforeEach(async ({ page }) => open(page));

  for (const [fixture, mime] of [
    ['image.png', 'image/png'],
    ['image.jpg', 'image/jpeg'],
    ['image.webp', 'image/webp'],
    ['image.gif', 'image/gif'],
    ['image.avif', 'image/avif'],
  ] as const) {
    test(`image ${fixture}: size, hash, thumbnail`, async ({ page }) => {
      const a = await analyze(page, fixture);
      const r = accepted(a);
      expect(r.asset).toMatchObject({ name: fixture, kind: 'image', mime, width: 64, height: 48 });
      expect(r.asset.sha256).toMatch(/^[0-9a-f]{64}$/);
      expect(a.thumbnail).toMatchObject({ width: 64, height: 48 });
      expect(a.thumbnail!.type).toMatch(/^image\/(webp|jpeg)$/);
    });
  }

  test('hash is the real SHA-256 of the bytes', async ({ page }) => {
    const r = accepted(await analyze(page, 'image.png'));
    const { createHash } = await import('node:crypto');
    const { readFileSync } = await import('node:fs');
    const expected = createHash('sha256')
      .update(readFileSync('tests/fixtures/assets/image.png'))
      .digest('hex');
    expect(r.asset.sha256).toBe(expected);
  });

  test('type comes from the bytes, not the name', async ({ page }) => {
    const r = accepted(await analyze(page, 'image.png', { as: 'holiday.jpg' }));
    expect(r.asset).toMatchObject({ name: 'holiday.jpg', mime: 'image/png' });
  });

  test('H.264 + AAC MP4: metadata and poster', async ({ page }) => {
    const a = await analyze(page, 'h264-aac.mp4');
    const r = accepted(a);
    expect(r.asset).toMatchObject({ kind: 'video', mime: 'video/mp4', width: 160, height: 90 });
    expect(r.asset.duration).toBeCloseTo(1, 1);
    expect(r.media).toMatchObject({ fps: 25, audioCodec: 'mp4a.40.2' });
    expect(r.media?.videoCodec).toMatch(/^avc1\./);
    expect(a.thumbnail).toMatchObject({ width: 160, height: 90 });
  });

  test('MOV and a moov-at-end MP4', async ({ page }) => {
    const mov = accepted(await analyze(page, 'clip.mov'));
    expect(mov.asset).toMatchObject({ mime: 'video/quicktime', width: 160, height: 90 });
    const late = await analyze(page, 'moov-at-end.mp4');
    expect(accepted(late).asset).toMatchObject({ width: 160, height: 90 });
    expect(late.thumbnail).toBeTruthy();
  });

  test('portrait MP4 thumbnail keeps 9:16', async ({ page }) => {
    const a = await analyze(page, 'portrait.mp4');
    expect(accepted(a).asset).toMatchObject({ width: 90, height: 160 });
    expect(a.thumbnail).toMatchObject({ width: 90, height: 160 });
  });

  test('AV1 MP4 is accepted', async ({ page }) => {
    const a = await analyze(page, 'av1.mp4');
    expect(accepted(a).media?.videoCodec).toMatch(/^av01\./);
  });

  test('HEVC MP4 is accepted even where this browser has no HEVC decoder', async ({ page }) => {
    const r = accepted(await analyze(page, 'hevc.mp4'));
    expect(r.asset).toMatchObject({ kind: 'video', width: 160, height: 90 });
    expect(r.media?.videoCodec).toMatch(/^hvc1\./);
    // Debian Chromium has no HEVC decoder: then there is no poster, and a warning says why.
    if (!r.warning) return;
    expect(r.warning).toContain('HEVC');
  });

  test('WebM: size, duration, poster', async ({ page }) => {
    const a = await analyze(page, 'clip.webm');
    const r = accepted(a);
    expect(r.asset).toMatchObject({ kind: 'video', mime: 'video/webm', width: 160, height: 90 });
    expect(r.asset.duration).toBeCloseTo(1, 1);
    expect(a.thumbnail).toMatchObject({ width: 160, height: 90 });
  });

  for (const [fixture, mime] of [
    ['tone.mp3', 'audio/mpeg'],
    ['tone-noid3.mp3', 'audio/mpeg'],
    ['tone.wav', 'audio/wav'],
    ['tone.m4a', 'audio/mp4'],
    ['tone.aac', 'audio/aac'],
    ['tone-opus.ogg', 'audio/ogg'],
    ['tone-vorbis.ogg', 'audio/ogg'],
  ] as const) {
    test(`audio ${fixture}: duration and waveform`, async ({ page }) => {
      const a = await analyze(page, fixture);
      const r = accepted(a);
      expect(r.asset).toMatchObject({ kind: 'audio', mime });
      expect(r.asset.duration).toBeGreaterThan(0.9);
      expect(r.asset.duration).toBeLessThan(1.2);
      expect(a.thumbnail).toMatchObject({ type: 'image/png', width: 320, height: 120 });
    });
  }
});

test.describe('analyzeFile refusals', () => {
  test.beforeEach(async ({ page }) => open(page));

  const refusals: [string, Parameters<ImportHarness['analyze']>[1], string, string | RegExp][] = [
    ['empty.png', undefined, 'empty', 'empty.png is empty.'],
    [
      'image.png',
      { fakeSize: Math.round(1.2 * 1024 ** 3) },
      'too-large',
      'image.png is 1.2 GB; the limit is 1 GB.',
    ],
    ['image.png', { maxBytes: 100 }, 'too-large', /^image\.png is \d+ bytes; the limit is 100 bytes\.$/],
    [
      'letter.docx',
      undefined,
      'unsupported-type',
      "letter.docx: Reelwright can't use .docx files. Add images (PNG, JPEG, WebP, GIF, AVIF), video (MP4, MOV, WebM) or audio (MP3, WAV, M4A, OGG).",
    ],
    [
      'notes.txt',
      undefined,
      'unsupported-type',
      /^notes\.txt: Reelwright can't use \.txt files\. Add images/,
    ],
    ['archive.zip', undefined, 'unsupported-type', /^archive\.zip: Reelwright can't use \.zip files\./],
    [
      'fake.png',
      { as: 'photo.png' },
      'mismatch',
      "photo.png is not a real PNG image — its contents don't match any supported format.",
    ],
    [
      'bad-opus.ogg',
      undefined,
      'mismatch',
      "bad-opus.ogg is not a real OGG audio file — its contents don't match any supported format.",
    ],
    [
      'broken.png',
      undefined,
      'undecodable-image',
      "broken.png looks like a PNG image but can't be decoded — the file may be damaged or incomplete.",
    ],
    [
      'truncated.mp4',
      undefined,
      'unparseable-video',
      /^truncated\.mp4 looks like an MP4 video but can't be read: no complete movie header \(moov box\)/,
    ],
    [
      'garbage-after-ftyp.mp4',
      undefined,
      'unparseable-video',
      /^garbage-after-ftyp\.mp4 looks like an MP4 video but can't be read: the file structure is damaged/,
    ],
    [
      'mpeg4-part2.mp4',
      undefined,
      'unsupported-codec',
      "mpeg4-part2.mp4 uses the MPEG-4 Part 2 video codec (mp4v.20), which Reelwright can't use. Convert it to H.264, HEVC or AV1 first.",
    ],
    [
      'broken.wav',
      undefined,
      'undecodable-audio',
      /^broken\.wav looks like a WAV audio file but can't be decoded/,
    ],
  ];
  for (const [fixture, opts, reason, message] of refusals) {
    test(`${reason}: ${opts?.as ?? fixture}${opts?.maxBytes ? ' over a small limit' : ''}`, async ({
      page,
    }) => {
      const { result } = await analyze(page, fixture, opts);
      expect(result.ok).toBe(false);
      if (result.ok) return;
      expect(result.reason).toBe(reason);
      if (typeof message === 'string') expect(result.message).toBe(message);
      else expect(result.message).toMatch(message);
    });
  }

  test('abort rejects with AbortError', async ({ page }) => {
    const outcome = await page.evaluate(() =>
      (window as unknown as Api).importHarness.abortDuringAnalyze('h264-aac.mp4'),
    );
    expect(outcome).toBe('AbortError');
  });

  test('analyzeFiles reports every file once, good and bad', async ({ page }) => {
    const fixtures = [
      'image.png',
      'fake.png',
      'h264-aac.mp4',
      'tone.mp3',
      'letter.docx',
      'image.jpg',
      'clip.webm',
    ];
    const out = await page.evaluate((f) => (window as unknown as Api).importHarness.analyzeMany(f), fixtures);
    expect([...out.order].sort()).toEqual(fixtures.map((_, i) => i));
    expect(out.names).toEqual(fixtures);
    expect(out.ok).toEqual([true, false, true, true, false, true, true]);
  });
});

test.describe('fitImage', () => {
  test.beforeEach(async ({ page }) => open(page));

  for (const [w, h] of [
    [90, 160],
    [160, 90],
  ] as const) {
    test(`letterbox 4:3 into ${w}x${h}: exact size, black corners`, async ({ page }) => {
      const out = await page.evaluate(
        ([a, b]) => (window as unknown as Api).importHarness.fit('white-80x60.png', a, b, 'letterbox'),
        [w, h] as const,
      );
      expect(out).toMatchObject({ width: w, height: h, type: 'image/png' });
      for (const corner of out.corners) expect(near(corner, [0, 0, 0], 2)).toBe(true);
      expect(near(out.centre, [255, 255, 255], 2)).toBe(true);
    });

    test(`crop 4:3 into ${w}x${h}: exact size, image reaches the corners`, async ({ page }) => {
      const out = await page.evaluate(
        ([a, b]) => (window as unknown as Api).importHarness.fit('white-80x60.png', a, b, 'crop'),
        [w, h] as const,
      );
      expect(out).toMatchObject({ width: w, height: h });
      for (const corner of out.corners) expect(near(corner, [255, 255, 255], 2)).toBe(true);
    });
  }

  test('a small JPEG upscaled to 1280x720 is exact', async ({ page }) => {
    const out = await page.evaluate(() =>
      (window as unknown as Api).importHarness.fit('image.jpg', 1280, 720, 'crop'),
    );
    expect(out).toMatchObject({ width: 1280, height: 720 });
  });
});

test.describe('extractFrame and probeVideo', () => {
  test.beforeEach(async ({ page }) => open(page));

  test("'last' is the real final frame (one blue frame after 1 s of red)", async ({ page }) => {
    const out = await page.evaluate(() =>
      (window as unknown as Api).importHarness.frame('red-then-blue.mp4', 'last'),
    );
    expect(out).toMatchObject({ width: 64, height: 64, type: 'image/png' });
    expect(near(out.centre, [0, 0, 255]), `centre pixel ${out.centre.join(',')}`).toBe(true);
  });

  test("'first' and a time in the middle are red", async ({ page }) => {
    for (const at of ['first', 0.5] as const) {
      const out = await page.evaluate(
        (t) => (window as unknown as Api).importHarness.frame('red-then-blue.mp4', t),
        at,
      );
      expect(near(out.centre, [255, 0, 0]), `${at}: ${out.centre.join(',')}`).toBe(true);
    }
  });

  test("'last' of a WebM (element fallback) has the video's size", async ({ page }) => {
    const out = await page.evaluate(() =>
      (window as unknown as Api).importHarness.frame('clip.webm', 'last'),
    );
    expect(out).toMatchObject({ width: 160, height: 90 });
  });

  test('probeVideo reads MP4 and WebM', async ({ page }) => {
    const mp4 = await page.evaluate(() => (window as unknown as Api).importHarness.probe('h264-aac.mp4'));
    expect(mp4).toMatchObject({ width: 160, height: 90, fps: 25, audioCodec: 'mp4a.40.2' });
    const webm = await page.evaluate(() => (window as unknown as Api).importHarness.probe('clip.webm'));
    expect(webm).toMatchObject({ width: 160, height: 90 });
  });
});
