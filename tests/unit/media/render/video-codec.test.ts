import { describe, expect, it } from 'vitest';
import { avcCodecString, videoBitrate } from '../../../../src/media/render/video.ts';

describe('avcCodecString: the lowest High-profile level that fits the size and rate', () => {
  it.each([
    [360, 640, 30, 'avc1.64001e'], // level 3.0
    [720, 1280, 30, 'avc1.64001f'], // 3.1: 3600 macroblocks, 108 000 MB/s
    [720, 1280, 60, 'avc1.640020'], // 3.2: 216 000 MB/s
    [1080, 1920, 30, 'avc1.640028'], // 4.0: 8160 macroblocks (1920 is 120 rows, 1080 is 68 columns)
    [1080, 1920, 60, 'avc1.64002a'], // 4.2
    [1440, 2560, 30, 'avc1.640032'], // 5.0
    [2160, 3840, 30, 'avc1.640033'], // 5.1
    [2160, 3840, 60, 'avc1.640034'], // 5.2
  ])('%ix%i at %i fps → %s', (w, h, fps, codec) => {
    expect(avcCodecString(w, h, fps)).toBe(codec);
  });

  it('never picks a level whose frame size is too small (a 1080x1920 frame needs level 4 even at 1 fps)', () => {
    expect(avcCodecString(1080, 1920, 1)).toBe('avc1.640028');
  });

  it('bitrate: ~0.1 bit per pixel per frame, at least 1.5 Mb/s', () => {
    expect(videoBitrate(720, 1280, 30)).toBe(Math.round(720 * 1280 * 30 * 0.1));
    expect(videoBitrate(180, 320, 24)).toBe(1_500_000);
  });
});
