import { describe, expect, it } from 'vitest';
import { buildEditList, clipSegments, fitSegments } from '../../../src/media/stitch/edits.ts';

const R = 0x10000;

describe('clip segments from an edit list', () => {
  it('treats a missing edit list as the whole media', () => {
    expect(clipSegments(null, 30720, 15360, 1000)).toEqual([{ mediaTime: 0, seconds: 2 }]);
  });
  it('skips AAC priming (media_time 1024) and clamps to the media that exists', () => {
    // 88 AAC frames = 90112 samples; elst says 2000 ms from sample 1024.
    expect(clipSegments([{ duration: 2000, mediaTime: 1024, rate: R }], 90112, 44100, 1000)).toEqual([
      { mediaTime: 1024, seconds: 2 },
    ]);
    // An edit longer than the media is clamped so it cannot run into the next clip.
    expect(clipSegments([{ duration: 5000, mediaTime: 1024, rate: R }], 45124, 44100, 1000)).toEqual([
      { mediaTime: 1024, seconds: 1 },
    ]);
  });
  it('keeps leading empty edits and resolves duration 0 to the rest of the media', () => {
    expect(
      clipSegments(
        [
          { duration: 100, mediaTime: -1, rate: R },
          { duration: 0, mediaTime: 512, rate: R },
        ],
        15360,
        15360,
        1000,
      ),
    ).toEqual([
      { mediaTime: -1, seconds: 0.1 },
      { mediaTime: 512, seconds: (15360 - 512) / 15360 },
    ]);
  });
});

describe('fitting a clip to its slot', () => {
  it('trims a track that presents longer than the slot', () => {
    expect(fitSegments([{ mediaTime: 1024, seconds: 2.02 }], 2)).toEqual([{ mediaTime: 1024, seconds: 2 }]);
  });
  it('pads a shorter track with an empty edit', () => {
    const r = fitSegments([{ mediaTime: 1024, seconds: 1.99 }], 2);
    expect(r[0]).toEqual({ mediaTime: 1024, seconds: 1.99 });
    expect(r[1]!.mediaTime).toBe(-1);
    expect(r[1]!.seconds).toBeCloseTo(0.01, 9);
  });
});

describe('output edit list', () => {
  it('gives AAC one entry per clip, each skipping that clip’s priming', () => {
    const clips = [0, 1, 2].map((k) => ({
      segments: [{ mediaTime: 1024, seconds: 2 }],
      mediaOffset: k * 90112,
    }));
    expect(buildEditList(clips, 44100, 1000)).toEqual([
      { duration: 2000, mediaTime: 1024, rate: R },
      { duration: 2000, mediaTime: 90112 + 1024, rate: R },
      { duration: 2000, mediaTime: 2 * 90112 + 1024, rate: R },
    ]);
  });
  it('merges contiguous segments (B-frame video with a constant delay) into one entry', () => {
    const clips = [0, 1, 2].map((k) => ({
      segments: [{ mediaTime: 1024, seconds: 2 }],
      mediaOffset: k * 30720,
    }));
    expect(buildEditList(clips, 15360, 1000)).toEqual([{ duration: 6000, mediaTime: 1024, rate: R }]);
  });
  it('rounds cumulatively so 30 joins of 1/3 ms fractions do not drift', () => {
    // 30 clips of 2.0003 s: per-clip rounding would give 30 * 2000 = 60000; the true end is 60009 ms.
    const clips = Array.from({ length: 30 }, (_, k) => ({
      segments: [{ mediaTime: 1024, seconds: 2.0003 }],
      mediaOffset: k * 100000,
    }));
    const edits = buildEditList(clips, 44100, 1000);
    expect(edits.reduce((s, e) => s + e.duration, 0)).toBe(60009);
    // each clip starts within half a movie tick of its exact position
    let t = 0;
    edits.forEach((e, k) => {
      expect(Math.abs(t - k * 2000.3)).toBeLessThanOrEqual(0.5);
      t += e.duration;
    });
  });
  it('merges adjacent empty edits', () => {
    const clips = [
      {
        segments: [
          { mediaTime: -1, seconds: 0.5 },
          { mediaTime: 0, seconds: 1 },
          { mediaTime: -1, seconds: 0.25 },
        ],
        mediaOffset: 0,
      },
      {
        segments: [
          { mediaTime: -1, seconds: 0.25 },
          { mediaTime: 0, seconds: 1 },
        ],
        mediaOffset: 1000,
      },
    ];
    expect(buildEditList(clips, 1000, 1000)).toEqual([
      { duration: 500, mediaTime: -1, rate: R },
      { duration: 1000, mediaTime: 0, rate: R },
      { duration: 500, mediaTime: -1, rate: R },
      { duration: 1000, mediaTime: 1000, rate: R },
    ]);
  });
});
