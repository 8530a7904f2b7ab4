import { describe, expect, it } from 'vitest';
import { MP4BoxBuffer, createFile, type Movie } from 'mp4box';
import { muxMp4, type MuxSample } from '../../../src/media/preview/mux.ts';
import {
  PREVIEW_FPS,
  VIDEO_TIMESCALE,
  assertSize,
  avcCodecFromAvcC,
  chooseAvc,
  formatTimecode,
  frameCount,
  frameTimestampUs,
  hashString,
  previewBitrate,
  scenePalette,
  wrapText,
} from '../../../src/media/preview/preview-math.ts';

describe('chooseAvc: the H.264 level of each preview size', () => {
  it.each([
    [720, 1280, 'avc1.42e01f', 3.1, 3600],
    [1280, 720, 'avc1.42e01f', 3.1, 3600],
    [1080, 1920, 'avc1.42e028', 4.0, 8160],
    [1024, 1792, 'avc1.42e028', 4.0, 7168],
    [1792, 1024, 'avc1.42e028', 4.0, 7168],
    [1024, 1024, 'avc1.42e020', 3.2, 4096],
    [480, 854, 'avc1.42e01f', 3.1, 1620],
  ])('%ix%i → %s (level %d, %i macroblocks)', (w, h, codec, level, mbs) => {
    const choice = chooseAvc(w, h, 30);
    expect(choice).toMatchObject({ codec, level, macroblocks: mbs });
  });

  it('720x1280 sits exactly at level 3.1 (3600 MBs, 108000 MB/s at 30 fps)', () => {
    expect(chooseAvc(720, 1280, 30).level).toBe(3.1);
    // One more macroblock row, or a faster frame rate, needs the next level.
    expect(chooseAvc(720, 1296, 30).level).toBe(3.2);
    expect(chooseAvc(720, 1280, 31).level).toBe(3.2);
  });

  it('uses the same levels at the default frame rate', () => {
    expect(PREVIEW_FPS).toBe(24);
    expect(chooseAvc(720, 1280).codec).toBe('avc1.42e01f');
    expect(chooseAvc(1280, 720).codec).toBe('avc1.42e01f');
    expect(chooseAvc(1080, 1920).codec).toBe('avc1.42e028');
    expect(chooseAvc(1024, 1792).codec).toBe('avc1.42e028');
    expect(chooseAvc(1792, 1024).codec).toBe('avc1.42e028');
    expect(chooseAvc(720, 1280).bitrate).toBe(1_106_000);
  });

  it('is deterministic: one size, one configuration', () => {
    expect(chooseAvc(720, 1280)).toEqual(chooseAvc(720, 1280));
    expect(chooseAvc(720, 1280).bitrate).toBe(previewBitrate(720, 1280, PREVIEW_FPS));
  });

  it('refuses sizes no level allows and odd or tiny sizes', () => {
    expect(() => chooseAvc(4096, 4096, 60)).toThrow(/larger than any H.264 level/);
    expect(() => assertSize(721, 1280)).toThrow(/even whole pixels/);
    expect(() => assertSize(8, 8)).toThrow();
  });

  it('bitrate scales with the picture and is clamped', () => {
    expect(previewBitrate(720, 1280, 30)).toBe(1_382_000);
    expect(previewBitrate(1080, 1920, 30)).toBeGreaterThan(previewBitrate(720, 1280, 30));
    expect(previewBitrate(64, 64, 30)).toBe(400_000);
    expect(previewBitrate(4096, 4096, 60)).toBe(6_000_000);
  });

  it('reads the codec string back from an avcC record', () => {
    expect(avcCodecFromAvcC(Uint8Array.from([1, 0x42, 0xc0, 0x1f, 0xff]))).toBe('avc1.42c01f');
    expect(() => avcCodecFromAvcC(Uint8Array.from([0, 0x42]))).toThrow();
  });
});

describe('timing', () => {
  it('formats mm:ss.ff timecodes', () => {
    expect(formatTimecode(0, 30)).toBe('00:00.00');
    expect(formatTimecode(29, 30)).toBe('00:00.29');
    expect(formatTimecode(30, 30)).toBe('00:01.00');
    expect(formatTimecode(239, 30)).toBe('00:07.29');
    expect(formatTimecode(61 * 24 + 5, 24)).toBe('01:01.05');
    expect(formatTimecode(-3, 30)).toBe('00:00.00');
  });

  it('counts frames and timestamps exactly', () => {
    expect(frameCount(8, 30)).toBe(240);
    expect(frameCount(12, 24)).toBe(288);
    expect(frameTimestampUs(1, 30)).toBe(33_333);
    expect(frameTimestampUs(30, 30)).toBe(1_000_000);
    expect(VIDEO_TIMESCALE % 24).toBe(0);
    expect(VIDEO_TIMESCALE % 30).toBe(0);
  });
});

describe('scene palette from the prompt', () => {
  it('hashes with FNV-1a', () => {
    expect(hashString('')).toBe(0x811c9dc5);
    expect(hashString('a')).toBe(0xe40c292c);
  });

  it('is stable per prompt, differs between prompts and variants', () => {
    const a = scenePalette('A lighthouse at dawn');
    expect(scenePalette('  a LIGHTHOUSE at dawn ')).toEqual(a);
    expect(scenePalette('Neon rain over a night market').hue).not.toBe(a.hue);
    expect(scenePalette('A lighthouse at dawn', 1).hash).not.toBe(a.hash);
    expect(a.hue).toBeGreaterThanOrEqual(0);
    expect(a.hue).toBeLessThan(360);
    expect(a.toneHz).toBeGreaterThanOrEqual(110);
    expect(a.toneHz).toBeLessThan(220);
    for (const c of a.rgb) expect(c).toBeGreaterThanOrEqual(0);
    expect(a.top).toMatch(/^hsl\(/);
  });
});

describe('wrapText', () => {
  const measure = (s: string): number => s.length * 10;

  it('wraps on words within the width', () => {
    expect(wrapText('one two three four five', 100, measure)).toEqual(['one two', 'three four', 'five']);
  });

  it('breaks a word longer than a line', () => {
    expect(wrapText('abcdefghijklmnop', 50, measure)).toEqual(['abcde', 'fghij', 'klmno', 'p']);
  });

  it('ellipsises what does not fit in maxLines', () => {
    const lines = wrapText('one two three four five six seven', 100, measure, 2);
    expect(lines).toHaveLength(2);
    expect(lines[1].endsWith('…')).toBe(true);
    expect(measure(lines[1])).toBeLessThanOrEqual(100);
  });

  it('handles empty text', () => {
    expect(wrapText('   ', 100, measure)).toEqual([]);
  });
});

describe('muxMp4', () => {
  // A real avcC from Chromium's encoder at 720x1280 (constrained baseline, level 3.1).
  const AVCC = Uint8Array.from(
    '0142c01fffe100126742c01f8c8d405a050d37010d010784423501000468ce3c80'
      .match(/../g)!
      .map((h) => parseInt(h, 16)),
  );
  const seconds = 2;
  const fps = 30;
  const frame = (i: number): MuxSample => ({
    data: Uint8Array.from({ length: 100 + i }, (_, k) => (i + k) & 0xff),
    duration: VIDEO_TIMESCALE / fps,
    isSync: i % fps === 0,
  });
  const packet = (i: number, last: boolean): MuxSample => ({
    data: Uint8Array.from({ length: 20 }, () => 0xa0 + (i % 16)),
    duration: last ? 312 : 960,
    isSync: true,
  });
  const video = Array.from({ length: seconds * fps }, (_, i) => frame(i));
  const audio = Array.from({ length: seconds * 50 + 1 }, (_, i) => packet(i, i === seconds * 50));

  const out = muxMp4({
    seconds,
    video: { width: 720, height: 1280, avcC: AVCC, samples: video },
    audio: { sampleRate: 48_000, channels: 1, preSkip: 312, samples: audio },
  });
  const bytes = new Uint8Array(out.byteLength);
  let at = 0;
  for (const part of out.parts) {
    bytes.set(part, at);
    at += part.byteLength;
  }

  const parse = (): { info: Movie; file: ReturnType<typeof createFile> } => {
    const file = createFile(true);
    let info: Movie | undefined;
    file.onReady = (i) => (info = i);
    file.appendBuffer(MP4BoxBuffer.fromArrayBuffer(bytes.slice().buffer, 0));
    file.flush();
    if (!info) throw new Error('mp4box did not parse the file');
    return { info, file };
  };

  it('writes ftyp, moov, mdat in that order, sizes adding up', () => {
    const view = new DataView(bytes.buffer);
    const boxes: string[] = [];
    let pos = 0;
    while (pos < bytes.length) {
      boxes.push(String.fromCharCode(...bytes.subarray(pos + 4, pos + 8)));
      pos += view.getUint32(pos);
    }
    expect(boxes).toEqual(['ftyp', 'moov', 'mdat']);
    expect(pos).toBe(bytes.length);
  });

  it('describes both tracks with exact durations, not fragmented', () => {
    const { info } = parse();
    expect(info.isFragmented).toBe(false);
    expect(info.duration / info.timescale).toBe(seconds);
    const v = info.videoTracks[0];
    const a = info.audioTracks[0];
    expect(v.codec).toBe('avc1.42c01f');
    expect(v.video).toEqual({ width: 720, height: 1280 });
    expect(v.nb_samples).toBe(seconds * fps);
    expect(v.samples_duration / v.timescale).toBe(seconds);
    expect(a.codec).toBe('Opus');
    expect(a.audio?.sample_rate).toBe(48_000);
    expect(a.audio?.channel_count).toBe(1);
    expect(a.nb_samples).toBe(seconds * 50 + 1);
    expect(a.samples_duration).toBe(seconds * 48_000 + 312);
    expect(a.edits).toEqual([expect.objectContaining({ media_time: 312, segment_duration: seconds * 1000 })]);
  });

  it('points every sample at its own bytes and marks keyframes', () => {
    const { file, info } = parse();
    const check = (trackId: number, expected: MuxSample[]): void => {
      const samples = file.getTrackSamplesInfo(trackId);
      expect(samples).toHaveLength(expected.length);
      samples.forEach((s, i) => {
        expect(s.size).toBe(expected[i].data.byteLength);
        expect(bytes.subarray(s.offset, s.offset + s.size)).toEqual(expected[i].data);
        expect(s.is_sync).toBe(expected[i].isSync);
      });
    };
    check(info.videoTracks[0].id, video);
    check(info.audioTracks[0].id, audio);
  });

  it('writes the Opus dOps box', () => {
    const { file, info } = parse();
    const entry = file.getTrackById(info.audioTracks[0].id).mdia.minf.stbl.stsd.entries[0] as unknown as {
      dOps: { Version: number; OutputChannelCount: number; PreSkip: number; InputSampleRate: number };
    };
    expect(entry.dOps).toMatchObject({
      Version: 0,
      OutputChannelCount: 1,
      PreSkip: 312,
      InputSampleRate: 48_000,
    });
  });

  it('refuses a file that does not start with a keyframe', () => {
    expect(() =>
      muxMp4({
        seconds: 1,
        video: { width: 16, height: 16, avcC: AVCC, samples: [{ ...frame(1), isSync: false }] },
      }),
    ).toThrow(/keyframe/);
  });
});
