/**
 * OpenTimelineIO JSON (`.otio`) for the hand-off: the serialization OpenTimelineIO 0.18 writes itself
 * (same schemas, versions, keys and key order — Timeline.1, Stack.1, Track.1, Clip.2, Gap.1,
 * ExternalReference.1, Marker.2, TimeRange.1, RationalTime.1), so any OTIO-aware tool reads it.
 *
 * Tracks, bottom to top as OTIO stacks them: "Video" (the approved takes), "Take audio" (the takes' own
 * sound, when any has it), "Music", "Dialogue" (a second "Dialogue 2" only when lines overlap). Captions
 * are markers on the stack (timeline markers). Media paths are relative to the .otio file, plain
 * `media/name.ext` — the convention of OTIO's own file bundles (otiod/otioz).
 */
import { fps, layoutHandoff, type FrameRate, type HandoffTimeline, type SoundPlacement } from './timeline.ts';

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

/** Metadata as OTIO writes it: keys sorted at every level (its AnyDictionary is an ordered map). */
const meta = (value: Json): Json => {
  if (Array.isArray(value)) return value.map(meta);
  if (value === null || typeof value !== 'object') return value;
  return Object.fromEntries(
    Object.keys(value)
      .sort()
      .map((key) => [key, meta(value[key]!)]),
  );
};

const time = (value: number, rate: FrameRate): Json => ({
  OTIO_SCHEMA: 'RationalTime.1',
  rate: fps(rate),
  value,
});

const range = (start: number, duration: number, rate: FrameRate): Json => ({
  OTIO_SCHEMA: 'TimeRange.1',
  duration: time(duration, rate),
  start_time: time(start, rate),
});

const reference = (file: string, available: number, rate: FrameRate, metadata: Json = {}): Json => ({
  OTIO_SCHEMA: 'ExternalReference.1',
  metadata: meta(metadata),
  name: file.slice(file.lastIndexOf('/') + 1),
  available_range: range(0, available, rate),
  available_image_bounds: null,
  target_url: file,
});

const item = (schema: string, name: string, sourceRange: Json, metadata: Json, markers: Json[] = []) => ({
  OTIO_SCHEMA: schema,
  metadata: meta(metadata),
  name,
  source_range: sourceRange,
  effects: [] as Json[],
  markers,
  enabled: true,
  color: null,
});

const clip = (name: string, sourceRange: Json, ref: Json, metadata: Json): Json => ({
  ...item('Clip.2', name, sourceRange, metadata),
  media_references: { DEFAULT_MEDIA: ref },
  active_media_reference_key: 'DEFAULT_MEDIA',
});

const gap = (duration: number, rate: FrameRate): Json => item('Gap.1', '', range(0, duration, rate), {});

const track = (name: string, kind: 'Video' | 'Audio', children: Json[]): Json => ({
  ...item('Track.1', name, null, {}),
  children,
  kind,
});

/** Lays `items` (timeline frames) end to end with gaps between them. */
function sequence<T extends { start: number; duration: number }>(
  items: readonly T[],
  rate: FrameRate,
  toClip: (item: T) => Json,
): Json[] {
  const children: Json[] = [];
  let at = 0;
  for (const it of items) {
    if (it.start > at) children.push(gap(it.start - at, rate));
    children.push(toClip(it));
    at = it.start + it.duration;
  }
  return children;
}

const rateText = (rate: FrameRate): string => `${rate.num}/${rate.den}`;

/** The episode as an OpenTimelineIO document (a string ready to save as `<title>.otio`). */
export function writeOtio(timeline: HandoffTimeline): string {
  const layout = layoutHandoff(timeline);
  const { rate } = layout;

  const video = sequence(layout.clips, rate, (p) => {
    const c = p.clip;
    return clip(c.name, range(p.sourceIn, p.sourceDuration, c.fps), reference(c.file, p.available, c.fps), {
      reelwright: {
        role: 'take',
        width: c.width,
        height: c.height,
        fps: rateText(c.fps),
        has_audio: c.hasAudio,
      },
    });
  });
  const tracks: Json[] = [track('Video', 'Video', video)];

  const takeAudio = layout.clips.filter((p) => p.clip.hasAudio);
  if (takeAudio.length) {
    tracks.push(
      track(
        'Take audio',
        'Audio',
        sequence(takeAudio, rate, (p) =>
          clip(
            p.clip.name,
            range(p.sourceIn, p.sourceDuration, p.clip.fps),
            reference(p.clip.file, p.available, p.clip.fps),
            {
              reelwright: { role: 'take-audio' },
            },
          ),
        ),
      ),
    );
  }

  const sound = (s: SoundPlacement, name: string, metadata: Json): Json =>
    clip(name, range(s.sourceIn, s.duration, rate), reference(s.file, s.available, rate), metadata);
  if (layout.music) {
    const m = layout.music;
    tracks.push(
      track(
        'Music',
        'Audio',
        sequence([m], rate, () => sound(m, m.name, { reelwright: { role: 'music', level_db: m.levelDb } })),
      ),
    );
  }
  layout.dialogue.forEach((lines, i) => {
    tracks.push(
      track(
        i ? `Dialogue ${i + 1}` : 'Dialogue',
        'Audio',
        sequence(lines, rate, (l) =>
          sound(l, l.character ?? l.name, {
            reelwright: { role: 'dialogue', character: l.character ?? '', text: l.text ?? '' },
          }),
        ),
      ),
    );
  });

  const markers: Json[] = layout.captions.map((cue, i) => ({
    OTIO_SCHEMA: 'Marker.2',
    metadata: meta({ reelwright: { role: 'caption', index: i + 1, text: cue.text } }),
    name: cue.text,
    color: 'YELLOW',
    marked_range: range(cue.start, cue.duration, rate),
    comment: cue.text,
  }));

  const document: Json = {
    OTIO_SCHEMA: 'Timeline.1',
    metadata: meta({
      reelwright: {
        width: timeline.width,
        height: timeline.height,
        fps: rateText(rate),
        duration_frames: layout.duration,
      },
    }),
    name: timeline.title,
    global_start_time: time(0, rate),
    tracks: { ...item('Stack.1', 'tracks', null, {}, markers), children: tracks },
  };
  return `${serialize(document)}\n`;
}

/** JSON as OpenTimelineIO writes it: 4-space indent, RationalTime numbers always with a decimal point. */
function serialize(document: Json): string {
  return JSON.stringify(document, null, 4).replace(/^(\s*"(?:rate|value)": )(-?\d+)(,?)$/gm, '$1$2.0$3');
}
