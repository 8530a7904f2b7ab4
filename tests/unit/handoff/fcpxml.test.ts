/**
 * The .fcpxml file, read back by external readers: `xmllint` (well-formed; valid against Apple's DTD when
 * RW_FCPXML_DTD names a local copy), OpenTimelineIO's FCP X XML adapter (tracks per lane, clips,
 * durations), and an exact fractions-based reading in Python (every time on a whole frame, positions of
 * connected clips resolved through their parents, refs, lengths).
 */
import { describe, expect, it } from 'vitest';
import { escapeAttribute, escapeText, writeFcpxml } from '../../../src/state/handoff/fcpxml.ts';
import {
  ReaderError,
  describeWithPython,
  describeWithReaders,
  episode,
  readFcpxml,
  writeTemp,
  xmllint,
} from './readers.ts';

describe('FCPXML text', () => {
  it('escapes markup and drops characters XML cannot hold', () => {
    expect(escapeText('a < b & c > d')).toBe('a &lt; b &amp; c &gt; d');
    expect(escapeAttribute(`"it's"\nnext\u0007`)).toBe('&quot;it&apos;s&quot;&#10;next');
  });

  it('is well-formed XML (xmllint) even with markup in every name and caption', () => {
    const t = episode({
      title: 'A <b>&amp;</b> "quoted" \u0001title',
      captions: [{ start: 0, end: 1, text: 'x < y && "z" > \'w\' ]]>' }],
    });
    const xml = writeFcpxml(t);
    expect(xml.startsWith('<?xml version="1.0" encoding="UTF-8"?>\n<!DOCTYPE fcpxml>\n')).toBe(true);
    expect(xml).toContain('<fcpxml version="1.10">');
    expect(xmllint(writeTemp('markup.fcpxml', xml))).toBe('');
  });

  it('xmllint rejects a broken file (the check can fail)', () => {
    const xml = writeFcpxml(episode()).replace('name="1 · The call — take 2"', 'name="1 & 2"');
    expect(xmllint(writeTemp('broken.fcpxml', xml))).toMatch(/EntityRef|xmlParseEntityRef|parser error/);
  });

  it('names media with relative URLs beside the project file', () => {
    const xml = writeFcpxml(episode());
    const srcs = [...xml.matchAll(/<media-rep kind="original-media" src="([^"]+)"\/>/g)].map((m) => m[1]);
    expect(srcs).toEqual([
      './media/seg-01-take-2.mp4',
      './media/seg-02-take-1.mp4',
      './media/seg-03-take-3.mp4',
      './media/music-night-drive.mp3',
      './media/line-01-maya.wav',
      './media/line-02-leo.wav',
      './media/line-03-maya.wav',
    ]);
  });
});

describeWithReaders('FCPXML, read by the OpenTimelineIO FCP X XML adapter', () => {
  it('the adapter sees the video lane, the music and dialogue lanes, every clip and its length', () => {
    const adapter = readFcpxml(writeTemp('episode.fcpxml', writeFcpxml(episode()))).adapter!;
    expect(adapter.name).toBe('Pilot: Night & "Day"');
    expect(adapter.tracks.map((t) => [t.lane, t.kind])).toEqual([
      ['-2', 'Audio'],
      ['-1', 'Audio'],
      ['0', 'Video'],
    ]);
    const clips = (lane: string) =>
      adapter.tracks.find((t) => t.lane === lane)!.items.filter((i) => i.type === 'Clip');
    // The adapter floors every time to a frame (int(float)), so it may read up to one frame short.
    const near = (actual: number, expected: number) => {
      expect(actual).toBeLessThanOrEqual(expected + 1e-9);
      expect(actual).toBeGreaterThanOrEqual(expected - 1 / 30 - 1e-9);
    };
    const expectClips = (lane: string, expected: Array<[string, number, number]>) => {
      const got = clips(lane);
      expect(got.map((c) => c.name)).toEqual(expected.map((e) => e[0]));
      got.forEach((c, i) => {
        near(c.start_s, expected[i]![1]);
        near(c.duration_s, expected[i]![2]);
      });
    };
    expectClips('0', [
      ['1 · The call — take 2', 0, 4],
      ['2 · Rooftop — take 1', 4, 5],
      ['3 · Goodbye — take 3', 9, 3.2],
    ]);
    expectClips('-1', [['night-drive', 0, 12.2]]);
    expectClips('-2', [
      ['MAYA: Who is this?', 0.5, 1.2],
      ['LEO: Open the door.', 4.3, 1.5],
      ['MAYA: Not tonight.', 9.4, 1],
    ]);
    near(adapter.duration_s, 12.2);
    // Caption markers ride on the take they fall in (times in the take's own source time).
    const markers = clips('0').map((c) => (c.markers ?? []).map((m) => m.name));
    expect(markers).toEqual([
      ['MAYA: Who is this?'],
      ['LEO: Open the door.'],
      ['MAYA: Not tonight & never <again>'],
    ]);
  });
});

describeWithPython('FCPXML, read exactly (Python XML parser and fractions)', () => {
  it('the exact reading puts every clip, line, title and marker on its frame', () => {
    const { exact } = readFcpxml(writeTemp('exact.fcpxml', writeFcpxml(episode())));
    expect(exact.problems).toEqual([]);
    expect([exact.version, exact.frame_duration, exact.width, exact.height, exact.duration]).toEqual([
      '1.10',
      '1/30',
      720,
      1280,
      366,
    ]);
    expect(exact.spine.map((s) => [s.tag, s.offset, s.duration, s.src, s.source_start_s])).toEqual([
      ['asset-clip', 0, 120, './media/seg-01-take-2.mp4', 0],
      ['asset-clip', 120, 150, './media/seg-02-take-1.mp4', 0.5],
      ['asset-clip', 270, 96, './media/seg-03-take-3.mp4', 0],
    ]);
    expect(
      exact.connected.map((c) => [c.lane, c.role, c.src, c.start, c.duration, c.source_start, c.volume]),
    ).toEqual([
      [-1, 'music', './media/music-night-drive.mp3', 0, 366, 0, '-6dB'],
      [-2, 'dialogue', './media/line-01-maya.wav', 15, 36, 0, null],
      [-2, 'dialogue', './media/line-02-leo.wav', 129, 45, 0, null],
      [-2, 'dialogue', './media/line-03-maya.wav', 282, 30, 0, null],
    ]);
    expect(exact.titles).toEqual([
      { lane: 1, text: 'MAYA: Who is this?', start: 15, duration: 36 },
      { lane: 1, text: 'LEO: Open the door.', start: 129, duration: 45 },
      { lane: 1, text: 'MAYA: Not tonight & never <again>', start: 282, duration: 30 },
    ]);
    expect(exact.markers).toEqual([
      { value: 'MAYA: Who is this?', start: 15 },
      { value: 'LEO: Open the door.', start: 129 },
      { value: 'MAYA: Not tonight & never <again>', start: 282 },
    ]);
  });

  it('keeps NTSC, mixed-rate takes and gaps on whole frames of the sequence', () => {
    const t = episode({
      fps: 29.97,
      clipStarts: [0, 5],
      takes: [
        { title: 'A', video: { width: 720, height: 1280, duration: 4.004, fps: 29.97, audioCodec: 'opus' } },
        { title: 'B', video: { width: 1080, height: 1920, duration: 10, fps: 24 }, inPoint: 1, outPoint: 6 },
      ],
      music: { name: 'bed.wav', duration: 60, levelDb: -14.5 },
      dialogue: [{ character: 'LEO', text: 'Late.', start: 6, duration: 1.5 }],
      captions: [{ start: 6, end: 7.5, text: 'LEO: Late.' }],
    });
    const path = writeTemp('ntsc.fcpxml', writeFcpxml(t));
    expect(xmllint(path)).toBe('');
    const { exact } = readFcpxml(path);
    expect(exact.problems).toEqual([]);
    expect(exact.frame_duration).toBe('1001/30000');
    // 4.004 s = 120 frames; a gap up to 5 s (frame 150); B's 5 s = 149.85 → 150 frames.
    expect(exact.spine.map((s) => [s.tag, s.offset, s.duration])).toEqual([
      ['asset-clip', 0, 120],
      ['gap', 120, 30],
      ['asset-clip', 150, 150],
    ]);
    expect(exact.spine[2]!.source_start_s).toBe(1);
    expect(exact.connected.map((c) => [c.lane, c.start, c.duration, c.volume])).toEqual([
      [-1, 0, 300, '-14.5dB'],
      [-2, 180, 45, null],
    ]);
    expect(exact.titles.map((c) => [c.start, c.duration])).toEqual([[180, 45]]);
    expect(exact.markers.map((m) => m.start)).toEqual([180]);
  });

  it('rejects a broken timeline: off-frame times, a missing take, a file no reader can parse', () => {
    const good = writeFcpxml(episode());

    // The second line nudged half a frame: not on a frame boundary.
    const offFrame = good.replace(/(ref="r7" lane="-2" offset=")[^"]+"/, '$11/60s"');
    expect(offFrame).not.toBe(good);
    const off = readFcpxml(writeTemp('off-frame.fcpxml', offFrame)).exact;
    expect(off.problems.some((p) => p.includes('is not a whole frame'))).toBe(true);

    // The middle take removed from the spine: the next one no longer starts where the spine ends.
    const dropped = good.replace(/\n\s*<asset-clip ref="r3"[^\n]*\n[\s\S]*?\n\s{24}<\/asset-clip>/, '');
    expect(dropped).not.toBe(good);
    const gone = readFcpxml(writeTemp('dropped.fcpxml', dropped));
    expect(gone.exact.problems).toEqual([
      "spine asset-clip '3 · Goodbye — take 3': offset 9 s, but the previous item ends at 4 s",
    ]);
    if (gone.adapter)
      expect(
        gone.adapter.tracks.find((t) => t.lane === '0')!.items.filter((i) => i.type === 'Clip'),
      ).toHaveLength(2);

    const broken = good.replace('<spine>', '<spine><oops>');
    expect(xmllint(writeTemp('unclosed.fcpxml', broken))).not.toBe('');
    expect(() => readFcpxml(writeTemp('unclosed.fcpxml', broken))).toThrow(ReaderError);
  });
});
