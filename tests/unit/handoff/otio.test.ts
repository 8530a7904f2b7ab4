/**
 * The .otio file, read back by OpenTimelineIO itself (Python `opentimelineio`): tracks, clips per track,
 * every clip's source range and timeline position in frames, markers, total duration — and OTIO's own
 * writer reproduces our file byte for byte.
 */
import { expect, it } from 'vitest';
import { writeOtio } from '../../../src/state/handoff/otio.ts';
import { ReaderError, describeWithReaders, episode, readOtio, writeTemp, type OtioItem } from './readers.ts';

const clip = (name: string, start: number, duration: number, sourceStart: number, url: string): OtioItem => ({
  type: 'Clip',
  name,
  start,
  duration,
  source_start: sourceStart,
  source_duration: duration,
  source_rate: 30,
  target_url: url,
});
const gap = (start: number, duration: number): OtioItem => ({ type: 'Gap', name: '', start, duration });

/** What OpenTimelineIO must see in the test episode (worked out by hand from readers.ts's EPISODE). */
const EXPECTED_TRACKS = [
  {
    name: 'Video',
    kind: 'Video',
    items: [
      clip('1 · The call — take 2', 0, 120, 0, 'media/seg-01-take-2.mp4'),
      clip('2 · Rooftop — take 1', 120, 150, 15, 'media/seg-02-take-1.mp4'),
      clip('3 · Goodbye — take 3', 270, 96, 0, 'media/seg-03-take-3.mp4'),
    ],
  },
  {
    name: 'Take audio',
    kind: 'Audio',
    items: [
      clip('1 · The call — take 2', 0, 120, 0, 'media/seg-01-take-2.mp4'),
      clip('2 · Rooftop — take 1', 120, 150, 15, 'media/seg-02-take-1.mp4'),
    ],
  },
  { name: 'Music', kind: 'Audio', items: [clip('night-drive', 0, 366, 0, 'media/music-night-drive.mp3')] },
  {
    name: 'Dialogue',
    kind: 'Audio',
    items: [
      gap(0, 15),
      clip('MAYA', 15, 36, 0, 'media/line-01-maya.wav'),
      gap(51, 78),
      clip('LEO', 129, 45, 0, 'media/line-02-leo.wav'),
      gap(174, 108),
      clip('MAYA', 282, 30, 0, 'media/line-03-maya.wav'),
    ],
  },
];

describeWithReaders('OpenTimelineIO JSON, read by opentimelineio', () => {
  it('has the right tracks, clips, source ranges, positions, markers and duration', () => {
    const reading = readOtio(writeTemp('episode.otio', writeOtio(episode())));
    expect(reading.problems).toEqual([]);
    expect(reading.name).toBe('Pilot: Night & "Day"');
    expect(reading.rate).toBe(30);
    expect(reading.duration).toBe(366);
    expect(reading.tracks).toEqual(EXPECTED_TRACKS);
    expect(reading.markers.map((m) => [m.name, m.start, m.duration])).toEqual([
      ['MAYA: Who is this?', 15, 36],
      ['LEO: Open the door.', 129, 45],
      ['MAYA: Not tonight & never <again>', 282, 30],
    ]);
    expect(reading.markers[0]!.comment).toBe('MAYA: Who is this?');
    expect(reading.markers[0]!.metadata).toEqual({
      reelwright: { index: 1, role: 'caption', text: 'MAYA: Who is this?' },
    });
  });

  it('is exactly what OpenTimelineIO itself writes for the same timeline', () => {
    expect(readOtio(writeTemp('canonical.otio', writeOtio(episode()))).canonical).toBe(true);
  });

  it('keeps NTSC and mixed-rate takes exact: each source range at the take’s own rate', () => {
    const t = episode({
      fps: 29.97,
      takes: [
        { title: 'A', video: { width: 720, height: 1280, duration: 4.004, fps: 29.97, audioCodec: 'opus' } },
        { title: 'B', video: { width: 720, height: 1280, duration: 10, fps: 24 }, inPoint: 1, outPoint: 6 },
      ],
      music: undefined,
      dialogue: [],
      captions: [{ start: 4.004, end: 5, text: 'B starts' }],
    });
    const reading = readOtio(writeTemp('ntsc.otio', writeOtio(t)));
    expect(reading.problems).toEqual([]);
    expect(reading.rate).toBeCloseTo(30000 / 1001, 9);
    const video = reading.tracks[0]!.items;
    expect(video.map((c) => [c.start, c.duration, c.source_start])).toEqual([
      [0, 120, 0],
      // 5 s of B = 149.85 timeline frames → 150; its in point is frame 24 of 24 fps.
      [120, 150, 24],
    ]);
    expect(video[1]!.source_rate).toBe(24);
    expect(video[1]!.source_duration).toBeCloseTo((150 * 1001 * 24) / 30000, 6);
    expect(reading.duration).toBe(270);
    expect(reading.markers.map((m) => m.start)).toEqual([120]);
    expect(reading.canonical).toBe(true);
  });

  it('rejects a broken timeline: a source range past the media, a dropped clip, a file OTIO cannot parse', () => {
    const good = writeOtio(episode());
    const document = JSON.parse(good);
    const videoTrack = document.tracks.children[0];

    // The first take's out point moved 30 frames past the end of its 120-frame file.
    const pastEnd = structuredClone(document);
    pastEnd.tracks.children[0].children[0].source_range.duration.value = 150;
    const reading = readOtio(writeTemp('past-end.otio', JSON.stringify(pastEnd)));
    expect(reading.problems).toHaveLength(1);
    expect(reading.problems[0]).toMatch(
      /^Video\/1 · The call — take 2: source range .* is outside the media's/,
    );

    // A take missing from the video track: every later clip moves and the reading no longer matches.
    const dropped = structuredClone(document);
    dropped.tracks.children[0].children = videoTrack.children.slice(1);
    expect(readOtio(writeTemp('dropped.otio', JSON.stringify(dropped))).tracks).not.toEqual(EXPECTED_TRACKS);

    expect(() => readOtio(writeTemp('cut-short.otio', good.slice(0, good.length / 2)))).toThrow(ReaderError);
    const badTime = structuredClone(document);
    delete badTime.tracks.children[0].children[0].source_range.duration.rate;
    expect(() => readOtio(writeTemp('bad-time.otio', JSON.stringify(badTime)))).toThrow(ReaderError);
  });
});
