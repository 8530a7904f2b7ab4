import { describe, expect, it } from 'vitest';
import { buildHandoffTimeline, gainToDb, musicInput, takeInput } from '../../../src/state/handoff/build.ts';
import {
  HandoffError,
  frameRate,
  handoffProblems,
  layoutHandoff,
  type HandoffTimeline,
} from '../../../src/state/handoff/timeline.ts';
import type { AssetRecord, SegmentRecord, VideoRecord } from '../../../src/types.ts';
import { EPISODE, episode } from './readers.ts';

describe('frame rates', () => {
  it('keeps whole rates whole and turns NTSC rates into their exact ratios', () => {
    expect(frameRate(30)).toEqual({ num: 30, den: 1 });
    expect(frameRate(24)).toEqual({ num: 24, den: 1 });
    expect(frameRate(29.97)).toEqual({ num: 30000, den: 1001 });
    expect(frameRate(30000 / 1001)).toEqual({ num: 30000, den: 1001 });
    expect(frameRate(23.976)).toEqual({ num: 24000, den: 1001 });
    expect(frameRate(59.94)).toEqual({ num: 60000, den: 1001 });
    expect(frameRate({ num: 60, den: 2 })).toEqual({ num: 30, den: 1 });
    expect(frameRate(12.5)).toEqual({ num: 25, den: 2 });
  });

  it('turns a linear music level into dB', () => {
    expect(gainToDb(1)).toBe(0);
    expect(gainToDb(0.5)).toBe(-6);
    expect(gainToDb(0.25)).toBe(-12);
    expect(gainToDb(0)).toBe(-96);
  });
});

describe('buildHandoffTimeline', () => {
  it('names every file uniquely under media/ and lays the takes end to end', () => {
    const t = episode();
    expect(t.title).toBe('Pilot: Night & "Day"');
    expect(t.fps).toEqual({ num: 30, den: 1 });
    expect([t.width, t.height]).toEqual([720, 1280]);
    expect(t.clips.map((c) => [c.file, c.start, c.inPoint, c.outPoint, c.hasAudio])).toEqual([
      ['media/seg-01-take-2.mp4', 0, 0, 4, true],
      ['media/seg-02-take-1.mp4', 4, 0.5, 5.5, true],
      ['media/seg-03-take-3.mp4', 9, 0, 3.2, false],
    ]);
    expect(t.clips[0]!.name).toBe('1 · The call — take 2');
    expect(t.music).toMatchObject({ file: 'media/music-night-drive.mp3', levelDb: -6, start: 0, inPoint: 0 });
    // The bed is cut at the end of the episode (12.2 s), not left running for its 30 s.
    expect(t.music!.outPoint).toBeCloseTo(12.2, 9);
    expect(t.dialogue.map((l) => l.file)).toEqual([
      'media/line-01-maya.wav',
      'media/line-02-leo.wav',
      'media/line-03-maya.wav',
    ]);
  });

  it('uses the clip starts it is given (a render with gaps or offsets)', () => {
    const t = episode({ clipStarts: [0, 4.5, 10] });
    expect(t.clips.map((c) => c.start)).toEqual([0, 4.5, 10]);
    const layout = layoutHandoff(t);
    expect(layout.clips.map((c) => [c.start, c.duration])).toEqual([
      [0, 120],
      [135, 150],
      [300, 96],
    ]);
  });

  it('keeps file names URL-safe and unique whatever the titles and speakers are called', () => {
    const t = buildHandoffTimeline({
      ...EPISODE,
      takes: [EPISODE.takes[0]!, { ...EPISODE.takes[0]! }],
      music: { name: 'Ünïcode bed (final).WAV', duration: 10 },
      dialogue: [{ character: 'Zoë / "Z"', text: 'Hi', start: 0, duration: 1 }],
    });
    expect(t.clips.map((c) => c.file)).toEqual(['media/seg-01-take-2.mp4', 'media/seg-02-take-2.mp4']);
    expect(t.music!.file).toBe('media/music-unicode-bed-final.wav');
    expect(t.dialogue[0]!.file).toBe('media/line-01-zoe-z.wav');
  });

  it('rejects what an editor could not open, naming each problem', () => {
    const overlap = () => episode({ clipStarts: [0, 3, 9] });
    expect(overlap).toThrow(HandoffError);
    expect(overlap).toThrow(
      'clip 2 (“2 · Rooftop — take 1”): it starts at 3 s, before the previous clip ends (4 s).',
    );
    expect(() => episode({ takes: [] })).toThrow('there are no approved takes on the video track.');
    expect(() => episode({ takes: [{ ...EPISODE.takes[0]!, outPoint: 5 }] })).toThrow(
      'its out point 5 s is past the end of the file (4 s).',
    );
    expect(() => episode({ title: '  ' })).toThrow('the episode has no title.');
  });
});

describe('handoffProblems', () => {
  const base = (): HandoffTimeline => structuredClone(episode());

  it('accepts the test episode', () => {
    expect(handoffProblems(base())).toEqual([]);
  });

  it('lists every problem of a broken timeline at once', () => {
    const t = base();
    t.clips[0]!.file = '../escape.mp4';
    t.clips[1]!.inPoint = 5.5;
    t.music!.file = t.dialogue[0]!.file;
    t.captions[0]!.text = ' ';
    t.fps = { num: 29.97, den: 1 };
    expect(handoffProblems(t)).toEqual([
      'the frame rate 29.97/1 is not a positive whole ratio.',
      'clip 1 (“1 · The call — take 2”): “../escape.mp4” is not a plain file name under media/.',
      'clip 2 (“2 · Rooftop — take 1”): it is shorter than one frame (5.5 s to 5.5 s).',
      'dialogue line 1 (MAYA): “media/line-01-maya.wav” is used twice.',
      'caption 1: it has no text.',
    ]);
  });
});

describe('layoutHandoff', () => {
  it('puts everything on whole frames of the episode rate', () => {
    const layout = layoutHandoff(episode());
    expect(layout.clips.map((c) => [c.start, c.duration, c.sourceIn, c.sourceDuration, c.available])).toEqual(
      [
        [0, 120, 0, 120, 120],
        [120, 150, 15, 150, 180],
        [270, 96, 0, 96, 96],
      ],
    );
    expect(layout.music).toMatchObject({ start: 0, duration: 366, sourceIn: 0, available: 900, levelDb: -6 });
    expect(layout.dialogue).toHaveLength(1);
    expect(layout.dialogue[0]!.map((l) => [l.start, l.duration])).toEqual([
      [15, 36],
      [129, 45],
      [282, 30],
    ]);
    expect(layout.captions.map((c) => [c.start, c.duration])).toEqual([
      [15, 36],
      [129, 45],
      [282, 30],
    ]);
    expect(layout.duration).toBe(366);
  });

  it('gives overlapping lines a second dialogue track', () => {
    const t = episode({
      dialogue: [
        { character: 'MAYA', text: 'Wait—', start: 1, duration: 2 },
        { character: 'LEO', text: 'No!', start: 2, duration: 1 },
        { character: 'MAYA', text: 'Fine.', start: 3, duration: 1 },
      ],
    });
    const layout = layoutHandoff(t);
    expect(layout.dialogue.map((track) => track.map((l) => l.character))).toEqual([
      ['MAYA', 'MAYA'],
      ['LEO'],
    ]);
  });

  it('places a 24 fps take on a 29.97 fps timeline on whole timeline frames, never past its last frame', () => {
    const layout = layoutHandoff(
      episode({
        fps: 29.97,
        takes: [
          { title: 'A', video: { width: 720, height: 1280, duration: 4.004, fps: 29.97 } },
          { title: 'B', video: { width: 720, height: 1280, duration: 5, fps: 24 } },
        ],
        music: undefined,
        dialogue: [],
        captions: [],
      }),
    );
    expect(layout.clips[0]).toMatchObject({ start: 0, duration: 120, sourceDuration: 120 });
    // 5 s at 29.97 fps is 149.85 frames: 150 would run past the take's last frame (120 frames of 24 fps),
    // so the slot ends on it, at 149 frames = 149 × 1001/30000 s = 119.32 frames of 24 fps.
    expect(layout.clips[1]).toMatchObject({ start: 120, duration: 149, available: 120 });
    expect(layout.clips[1]!.sourceDuration).toBeCloseTo((149 * 1001 * 24) / 30000, 9);
    expect(layout.duration).toBe(269);
  });
});

describe('inputs from the store', () => {
  it('numbers a take by its place in the segment and names the bed by its type', () => {
    const video = {
      id: 'v2',
      width: 720,
      height: 1280,
      duration: 4,
      fps: 30,
      audioCodec: 'opus',
    } as VideoRecord;
    const segment = { title: 'The call', takeIds: ['v1', 'v2'] } as SegmentRecord;
    expect(takeInput(segment, video)).toEqual({ title: 'The call', takeNumber: 2, video });
    const asset = { name: 'Bed', mime: 'audio/mpeg', duration: 30 } as AssetRecord;
    expect(musicInput(asset, 0.5)).toEqual({ name: 'Bed', duration: 30, level: 0.5, extension: 'mp3' });
    const t = buildHandoffTimeline({
      ...EPISODE,
      takes: [takeInput(segment, video)],
      music: musicInput(asset, 0.5),
    });
    expect(t.clips[0]!.file).toBe('media/seg-01-take-2.mp4');
    expect(t.music).toMatchObject({ file: 'media/music-bed.mp3', levelDb: -6, outPoint: 4 });
  });
});

it('names a music bed whose length is unknown', () => {
  expect(() => episode({ music: { name: 'bed.mp3', duration: 0 } })).toThrow(
    'the music bed (“bed”): its file has no known length.',
  );
});
