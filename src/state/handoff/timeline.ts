/**
 * The hand-off timeline: one neutral description of an episode's cut that the editor-project writers
 * (OpenTimelineIO, FCPXML) and the bundle read. Plain data, no DOM, no Blobs: it runs in Node and the page.
 *
 * Times are seconds as the store keeps them; `layoutHandoff` turns them into whole frames once, so both
 * writers place every clip on exactly the same frame.
 */

/** A frame rate as a ratio: 30 fps is 30/1, NTSC 29.97 is 30000/1001. */
export interface FrameRate {
  num: number;
  den: number;
}

/** One approved take on the video track. */
export interface HandoffClip {
  /** Shown in the editor ("1 · The call — take 2"). */
  name: string;
  /** Path inside the bundle, relative to the project files: `media/seg-01-take-2.mp4`. */
  file: string;
  /** Seconds of media in the file. */
  sourceDuration: number;
  /** Seconds within the file: the slot this clip fills. */
  inPoint: number;
  outPoint: number;
  /** Seconds from the start of the episode. */
  start: number;
  /** The file's own frame rate and size (may differ from the episode's: the editor conforms it). */
  fps: FrameRate;
  width: number;
  height: number;
  hasAudio: boolean;
}

/** The music bed on its own audio track. */
export interface HandoffMusic {
  name: string;
  file: string;
  sourceDuration: number;
  inPoint: number;
  outPoint: number;
  start: number;
  /** Gain in dB (0 = as recorded, -12 = a bed under dialogue). */
  levelDb: number;
}

/** One spoken line on a dialogue track. */
export interface HandoffLine {
  /** The speaker, as in the script (`MAYA`). */
  character: string;
  /** What is said (kept as clip metadata; captions carry the shown text). */
  text: string;
  file: string;
  /** Seconds of audio in the file (defaults to `duration`). */
  sourceDuration?: number;
  start: number;
  duration: number;
}

export interface HandoffCaption {
  start: number;
  end: number;
  text: string;
}

export interface HandoffTimeline {
  title: string;
  /** The episode's frame rate: every position on the timeline is a whole frame of it. */
  fps: FrameRate;
  width: number;
  height: number;
  /** The video track, in timeline order. */
  clips: HandoffClip[];
  music?: HandoffMusic;
  dialogue: HandoffLine[];
  captions: HandoffCaption[];
}

/** A timeline that cannot be handed off, with every reason (shown as is). */
export class HandoffError extends Error {
  constructor(readonly problems: readonly string[]) {
    super(
      problems.length === 1
        ? `This episode cannot be exported for an editor: ${problems[0]}`
        : `This episode cannot be exported for an editor:\n- ${problems.join('\n- ')}`,
    );
    this.name = 'HandoffError';
  }
}

// ——— frame rates ———

const NTSC: ReadonlyArray<[number, FrameRate]> = [
  [23.976, { num: 24000, den: 1001 }],
  [29.97, { num: 30000, den: 1001 }],
  [47.952, { num: 48000, den: 1001 }],
  [59.94, { num: 60000, den: 1001 }],
];

/**
 * A frame rate from a number or a ratio: 30 → 30/1, 29.97 (or 29.97003) → 30000/1001, `24000/1001` stays.
 * Rates that are neither whole nor NTSC are kept to the millisecond (e.g. 12.5 → 12500/1000, reduced).
 */
export function frameRate(fps: number | FrameRate): FrameRate {
  if (typeof fps !== 'number') return reduce(fps.num, fps.den);
  if (!Number.isFinite(fps) || fps <= 0) return { num: 0, den: 1 };
  if (Math.abs(fps - Math.round(fps)) < 1e-3) return { num: Math.round(fps), den: 1 };
  for (const [approx, rate] of NTSC) if (Math.abs(fps - approx) < 0.01) return rate;
  return reduce(Math.round(fps * 1000), 1000);
}

export const fps = (rate: FrameRate): number => rate.num / rate.den;

/** Seconds → the nearest whole frame at `rate`. */
export const toFrames = (seconds: number, rate: FrameRate): number =>
  Math.round((seconds * rate.num) / rate.den + 1e-9);

export const framesToSeconds = (frames: number, rate: FrameRate): number => (frames * rate.den) / rate.num;

const gcd = (a: number, b: number): number => {
  a = Math.abs(a);
  b = Math.abs(b);
  while (b) [a, b] = [b, a % b];
  return a || 1;
};

function reduce(num: number, den: number): FrameRate {
  const g = gcd(num, den);
  return { num: num / g, den: den / g };
}

// ——— validation ———

/** Bundle paths: `media/` and a plain file name, so the same string is a valid path and URL everywhere. */
const MEDIA_PATH = /^media\/[A-Za-z0-9][A-Za-z0-9._-]*$/;

/** Every reason `timeline` cannot be written (empty when it can). */
export function handoffProblems(timeline: HandoffTimeline): string[] {
  const problems: string[] = [];
  const rate = timeline.fps;
  const half = rate.num > 0 ? rate.den / rate.num / 2 : 0;
  const ok = (n: number): boolean => Number.isFinite(n);
  if (!timeline.title.trim()) problems.push('the episode has no title.');
  if (!(Number.isInteger(rate.num) && Number.isInteger(rate.den) && rate.num > 0 && rate.den > 0))
    problems.push(`the frame rate ${rate.num}/${rate.den} is not a positive whole ratio.`);
  if (!(Number.isInteger(timeline.width) && Number.isInteger(timeline.height)) || timeline.width <= 0)
    problems.push(`the canvas ${timeline.width}x${timeline.height} is not a whole pixel size.`);
  if (!timeline.clips.length) problems.push('there are no approved takes on the video track.');

  // One file per name; only the video track may use the same take twice (it is the same file).
  const files = new Map<string, 'video' | 'music' | 'dialogue'>();
  const file = (path: string, kind: 'video' | 'music' | 'dialogue', what: string): void => {
    if (!MEDIA_PATH.test(path)) {
      problems.push(`${what}: “${path}” is not a plain file name under media/.`);
      return;
    }
    const key = path.toLowerCase();
    const owner = files.get(key);
    if (owner && !(owner === 'video' && kind === 'video')) problems.push(`${what}: “${path}” is used twice.`);
    files.set(key, kind);
  };
  const range = (what: string, r: { inPoint: number; outPoint: number; sourceDuration: number }): void => {
    if (![r.inPoint, r.outPoint, r.sourceDuration].every(ok) || r.inPoint < 0)
      problems.push(`${what}: its in and out points are not times.`);
    else if (r.sourceDuration <= 0) problems.push(`${what}: its file has no known length.`);
    else if (r.outPoint - r.inPoint < 2 * half)
      problems.push(`${what}: it is shorter than one frame (${r.inPoint} s to ${r.outPoint} s).`);
    else if (r.outPoint > r.sourceDuration + half)
      problems.push(
        `${what}: its out point ${r.outPoint} s is past the end of the file (${r.sourceDuration} s).`,
      );
  };

  let end = 0;
  timeline.clips.forEach((clip, i) => {
    const what = `clip ${i + 1} (“${clip.name}”)`;
    file(clip.file, 'video', what);
    range(what, clip);
    if (!ok(clip.start) || clip.start < -half) problems.push(`${what}: it starts before the episode.`);
    else if (clip.start < end - half)
      problems.push(
        `${what}: it starts at ${round(clip.start)} s, before the previous clip ends (${round(end)} s).`,
      );
    end = clip.start + (clip.outPoint - clip.inPoint);
    const r = clip.fps;
    if (!(Number.isInteger(r.num) && Number.isInteger(r.den) && r.num > 0 && r.den > 0))
      problems.push(`${what}: its frame rate ${r.num}/${r.den} is not a positive whole ratio.`);
    if (!(clip.width > 0 && clip.height > 0)) problems.push(`${what}: its size is unknown.`);
  });

  const music = timeline.music;
  if (music) {
    file(music.file, 'music', 'the music bed');
    range(`the music bed (“${music.name}”)`, music);
    if (!ok(music.start) || music.start < -half) problems.push('the music bed starts before the episode.');
    if (!ok(music.levelDb)) problems.push('the music bed has no level.');
  }
  timeline.dialogue.forEach((line, i) => {
    const what = `dialogue line ${i + 1} (${line.character || 'no speaker'})`;
    file(line.file, 'dialogue', what);
    if (!line.character.trim()) problems.push(`${what}: it has no speaker.`);
    if (!ok(line.start) || line.start < -half) problems.push(`${what}: it starts before the episode.`);
    range(what, {
      inPoint: 0,
      outPoint: line.duration,
      sourceDuration: line.sourceDuration ?? line.duration,
    });
  });
  timeline.captions.forEach((cue, i) => {
    const what = `caption ${i + 1}`;
    if (!cue.text.trim()) problems.push(`${what}: it has no text.`);
    if (!(ok(cue.start) && ok(cue.end)) || cue.start < -half)
      problems.push(`${what}: it starts before the episode.`);
    else if (cue.end - cue.start < 2 * half) problems.push(`${what}: it is shorter than one frame.`);
  });
  return problems;
}

const round = (n: number): number => Math.round(n * 1000) / 1000;

/** Throws a HandoffError naming every problem; returns the timeline when it can be written. */
export function assertHandoffTimeline(timeline: HandoffTimeline): HandoffTimeline {
  const problems = handoffProblems(timeline);
  if (problems.length) throw new HandoffError(problems);
  return timeline;
}

export interface ClipPlacement {
  clip: HandoffClip;
  /** Timeline frames (episode rate). */
  start: number;
  duration: number;
  /** Frames of the clip's own rate. */
  sourceIn: number;
  /** The file's length in its own frames. */
  available: number;
  /**
   * The slot in the clip's own frames: `duration` rescaled to the clip's rate (whole when the rates match,
   * fractional when a 24 fps take sits in a 30 fps episode: the timeline position is what stays exact).
   */
  sourceDuration: number;
}

export interface SoundPlacement {
  role: 'music' | 'dialogue';
  name: string;
  file: string;
  /** All in timeline frames (audio has no frames of its own; editors place it on the episode's). */
  start: number;
  duration: number;
  sourceIn: number;
  available: number;
  levelDb: number;
  character?: string;
  text?: string;
}

export interface CaptionPlacement {
  start: number;
  duration: number;
  text: string;
}

export interface HandoffLayout {
  timeline: HandoffTimeline;
  rate: FrameRate;
  clips: ClipPlacement[];
  music?: SoundPlacement;
  /** Dialogue lines on as many tracks as overlapping lines need (usually one). */
  dialogue: SoundPlacement[][];
  captions: CaptionPlacement[];
  /** End of the last thing on the timeline, frames. */
  duration: number;
  /** End of the video track, frames. */
  videoEnd: number;
}

/** Validates `timeline` and places everything on whole frames of its rate. */
export function layoutHandoff(timeline: HandoffTimeline): HandoffLayout {
  assertHandoffTimeline(timeline);
  const rate = timeline.fps;
  const starts = timeline.clips.map((c) => toFrames(c.start, rate));
  const clips = timeline.clips.map((clip, i): ClipPlacement => {
    const start = starts[i]!;
    let end = toFrames(clip.start + clip.outPoint - clip.inPoint, rate);
    // Rounding never lets a clip run into the next one.
    if (i + 1 < starts.length) end = Math.min(end, starts[i + 1]!);
    const available = Math.max(1, toFrames(clip.sourceDuration, clip.fps));
    const sourceIn = Math.min(toFrames(clip.inPoint, clip.fps), available - 1);
    let duration = Math.max(1, end - start);
    let sourceDuration = rescale(duration, rate, clip.fps);
    if (sourceIn + sourceDuration > available + 1e-9) {
      // The slot rounded past the file's last frame: end on it instead.
      duration = Math.max(1, Math.floor(rescale(available - sourceIn, clip.fps, rate) + 1e-9));
      sourceDuration = rescale(duration, rate, clip.fps);
    }
    return { clip, start, duration, sourceIn, available, sourceDuration };
  });
  const videoEnd = clips.reduce((max, c) => Math.max(max, c.start + c.duration), 0);

  const sound = (
    role: SoundPlacement['role'],
    s: {
      name: string;
      file: string;
      start: number;
      inPoint: number;
      outPoint: number;
      sourceDuration: number;
    },
    levelDb: number,
  ): SoundPlacement => {
    const available = Math.max(1, toFrames(s.sourceDuration, rate));
    const sourceIn = Math.min(toFrames(s.inPoint, rate), available - 1);
    const duration = Math.max(1, Math.min(toFrames(s.outPoint - s.inPoint, rate), available - sourceIn));
    return {
      role,
      name: s.name,
      file: s.file,
      start: toFrames(s.start, rate),
      duration,
      sourceIn,
      available,
      levelDb,
    };
  };
  const music = timeline.music && sound('music', timeline.music, timeline.music.levelDb);

  const tracks: SoundPlacement[][] = [];
  const lines = timeline.dialogue
    .map((line) => ({
      ...sound(
        'dialogue',
        {
          name: line.character,
          file: line.file,
          start: line.start,
          inPoint: 0,
          outPoint: line.duration,
          sourceDuration: line.sourceDuration ?? line.duration,
        },
        0,
      ),
      character: line.character,
      text: line.text,
    }))
    .sort((a, b) => a.start - b.start);
  for (const line of lines) {
    const track = tracks.find((t) => t.at(-1)!.start + t.at(-1)!.duration <= line.start);
    if (track) track.push(line);
    else tracks.push([line]);
  }

  const captions = timeline.captions
    .map((cue) => {
      const start = toFrames(cue.start, rate);
      return { start, duration: Math.max(1, toFrames(cue.end, rate) - start), text: cue.text.trim() };
    })
    .sort((a, b) => a.start - b.start);

  const ends = [
    videoEnd,
    music ? music.start + music.duration : 0,
    ...lines.map((l) => l.start + l.duration),
    ...captions.map((c) => c.start + c.duration),
  ];
  return { timeline, rate, clips, music, dialogue: tracks, captions, duration: Math.max(...ends), videoEnd };
}

/** `frames` of rate `from` expressed in frames of rate `to` (exact when the rates match). */
export function rescale(frames: number, from: FrameRate, to: FrameRate): number {
  if (from.num === to.num && from.den === to.den) return frames;
  return (frames * from.den * to.num) / (from.num * to.den);
}
