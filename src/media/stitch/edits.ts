/**
 * Edit lists across joins — how audio stays in sync.
 *
 * Every clip arrives with its own edit list per track: ffmpeg's AAC tracks start with `media_time = 1024`
 * (the encoder's priming samples, which must never be heard), Opus with its pre-skip, and H.264 with B-frames
 * with `media_time` = the first frame's composition offset (so the first frame is presented at t = 0).
 * Simply appending samples would play every clip's priming and shift each following clip by ~23 ms of
 * audio — after 30 joins the last clip's audio would lag by most of a second.
 *
 * The output keeps the media (decode) timelines strictly concatenated — clip k's samples start at
 * `mediaOffset[k]` = the sum of the stts durations of clips 0..k-1 — and expresses presentation with ONE edit
 * list per track that has a segment per clip:
 *
 *   1. For each clip and track, `clipSegments` turns the clip's elst (or its absence) into segments of
 *      { mediaTime (clip-relative media ticks, -1 for an empty edit), seconds }. A segment duration of 0 means
 *      "to the end of the media"; every segment is clamped to the media it can actually show (up to the
 *      composition end, which B-frames push past the decode end), so a segment can never run into the next
 *      clip's priming samples.
 *   2. Each clip gets a slot on the movie timeline: the presented duration of its (first) video track, or of
 *      its longest track when it has no video. `fitSegments` trims a track that presents longer than the slot
 *      (e.g. audio a few ms longer than video) and pads a shorter one with an empty edit, so every track of
 *      clip k starts exactly at slotStart[k] — errors cannot accumulate across joins.
 *   3. `buildEditList` shifts each segment's mediaTime by the clip's mediaOffset and converts durations to the
 *      movie timescale by rounding the *cumulative* position (round(end) - round(start)), so rounding never
 *      drifts. Segments that continue exactly where the previous one ended (video without priming, or
 *      B-frame video whose per-clip offset is constant) merge into one entry; AAC tracks get one entry per
 *      clip, each skipping that clip's 1024 priming samples.
 */
import type { Edit } from './boxes.ts';

export interface Segment {
  /** Media time (ticks of the track timescale) relative to the clip's first sample, or -1 for an empty edit. */
  mediaTime: number;
  seconds: number;
}

/**
 * Presentation segments of one clip's track, from its edit list. `mediaEnd` is the end of the media's
 * presentation in media ticks (composition end: with B-frames it is later than the decode end).
 */
export function clipSegments(
  edits: Edit[] | null,
  mediaEnd: number,
  timescale: number,
  movieTimescale: number,
): Segment[] {
  if (!edits || edits.length === 0) return [{ mediaTime: 0, seconds: mediaEnd / timescale }];
  const out: Segment[] = [];
  for (const e of edits) {
    if (e.mediaTime < 0) {
      if (e.duration > 0) out.push({ mediaTime: -1, seconds: e.duration / movieTimescale });
      continue;
    }
    const available = Math.max(0, (mediaEnd - e.mediaTime) / timescale);
    const seconds = e.duration === 0 ? available : Math.min(available, e.duration / movieTimescale);
    if (seconds > 0) out.push({ mediaTime: e.mediaTime, seconds });
  }
  if (out.length === 0) out.push({ mediaTime: 0, seconds: mediaEnd / timescale });
  return out;
}

export function presentedSeconds(segments: Segment[]): number {
  return segments.reduce((s, seg) => s + seg.seconds, 0);
}

const EPS = 1e-9;

/** Trims or pads (with an empty edit) a clip's segments to exactly `slotSeconds`. */
export function fitSegments(segments: Segment[], slotSeconds: number): Segment[] {
  const out: Segment[] = [];
  let left = slotSeconds;
  for (const seg of segments) {
    if (left <= EPS) break;
    const seconds = Math.min(seg.seconds, left);
    out.push({ mediaTime: seg.mediaTime, seconds });
    left -= seconds;
  }
  if (left > EPS) out.push({ mediaTime: -1, seconds: left });
  return out;
}

export interface ClipTimeline {
  segments: Segment[];
  /** Start of this clip's samples in the concatenated media timeline (ticks). */
  mediaOffset: number;
}

/** One output edit list for a track (see the comment at the top of this file). */
export function buildEditList(clips: ClipTimeline[], timescale: number, movieTimescale: number): Edit[] {
  const out: Edit[] = [];
  let position = 0; // seconds on the movie timeline
  let lastMediaEnd = NaN; // ticks, end of the previous non-empty segment
  for (const clip of clips) {
    for (const seg of clip.segments) {
      const start = Math.round(position * movieTimescale);
      position += seg.seconds;
      const duration = Math.round(position * movieTimescale) - start;
      const mediaTime = seg.mediaTime < 0 ? -1 : seg.mediaTime + clip.mediaOffset;
      const last = out[out.length - 1];
      if (mediaTime < 0) {
        if (duration <= 0) continue;
        if (last && last.mediaTime < 0) last.duration += duration;
        else out.push({ duration, mediaTime: -1, rate: 0x10000 });
        lastMediaEnd = NaN;
        continue;
      }
      const mediaEnd = mediaTime + seg.seconds * timescale;
      if (last && last.mediaTime >= 0 && Math.abs(lastMediaEnd - mediaTime) < 0.5) {
        last.duration += duration;
      } else if (duration > 0) {
        out.push({ duration, mediaTime, rate: 0x10000 });
      } else {
        continue;
      }
      lastMediaEnd = mediaEnd;
    }
  }
  return out;
}
