/**
 * Building a hand-off timeline from the store's records: ordered approved takes with the facts read from
 * their files, clip starts, music, dialogue and captions. Files get unique, URL-safe names under `media/`.
 */
import type { AssetRecord, SegmentRecord, Size, VideoRecord } from '../../types.ts';
import {
  assertHandoffTimeline,
  frameRate,
  type FrameRate,
  type HandoffCaption,
  type HandoffClip,
  type HandoffLine,
  type HandoffMusic,
  type HandoffTimeline,
} from './timeline.ts';

/** An approved take with the facts read from its file (a VideoRecord carries them all). */
export interface HandoffTakeInput {
  /** The segment's title. */
  title: string;
  /** 1-based take number within the segment, when known (names the file `seg-01-take-2.mp4`). */
  takeNumber?: number;
  video: Pick<VideoRecord, 'width' | 'height' | 'duration' | 'fps' | 'audioCodec'>;
  /** Trim within the take, seconds (default: the whole take). */
  inPoint?: number;
  outPoint?: number;
  /** File extension of the take (default `mp4`). */
  extension?: string;
}

export interface HandoffInput {
  title: string;
  /** The episode rate (e.g. 30, 29.97, `{ num: 24000, den: 1001 }`); default: the first take's. */
  fps?: number | FrameRate;
  /** The episode canvas (`EpisodeRecord.size`, or numbers). */
  size: Size | { width: number; height: number };
  takes: readonly HandoffTakeInput[];
  /** Where each take starts, seconds (RenderResult.clipStarts); default: end to end. */
  clipStarts?: readonly number[];
  music?: {
    /** The asset's name (the file keeps its extension). */
    name: string;
    /** Seconds of audio in the file. */
    duration: number;
    start?: number;
    inPoint?: number;
    /** Default: the end of the file or of the episode, whichever comes first. */
    outPoint?: number;
    /** File extension (default: the name's, else `wav`). */
    extension?: string;
    /** Linear level (EpisodeRecord.musicLevel, 1 = full) or dB; dB wins when both are given. */
    level?: number;
    levelDb?: number;
  };
  dialogue?: ReadonlyArray<{
    character: string;
    text: string;
    start: number;
    duration: number;
    /** File extension (default `wav`). */
    extension?: string;
  }>;
  captions?: readonly HandoffCaption[];
}

/** The quietest level written for a bed (FCP's adjust-volume floor); linear 0 is "muted". */
export const MIN_LEVEL_DB = -96;

/** Linear gain → dB, floored at MIN_LEVEL_DB, to 0.1 dB. */
export const gainToDb = (gain: number): number =>
  gain > 0 ? Math.max(MIN_LEVEL_DB, Math.round(200 * Math.log10(gain)) / 10) : MIN_LEVEL_DB;

/**
 * A hand-off timeline from plain inputs: ordered approved takes with their probed facts, clip starts,
 * music, dialogue and captions. Files get unique, URL-safe names under `media/`; the result is validated.
 */
export function buildHandoffTimeline(input: HandoffInput): HandoffTimeline {
  const first = input.takes[0]?.video;
  const rate = frameRate(input.fps ?? first?.fps ?? 30);
  const { width, height } =
    typeof input.size === 'string'
      ? parseSize(input.size)
      : { width: input.size.width, height: input.size.height };
  const names = new Set<string>();
  const unique = (stem: string, extension: string): string => {
    let name = `${stem}.${extension}`;
    for (let n = 2; names.has(name.toLowerCase()); n++) name = `${stem}-${n}.${extension}`;
    names.add(name.toLowerCase());
    return `media/${name}`;
  };

  let at = 0;
  const clips = input.takes.map((take, i): HandoffClip => {
    const inPoint = take.inPoint ?? 0;
    const outPoint = take.outPoint ?? take.video.duration;
    const start = input.clipStarts?.[i] ?? at;
    at = start + (outPoint - inPoint);
    const seg = `seg-${String(i + 1).padStart(2, '0')}`;
    const stem = take.takeNumber ? `${seg}-take-${take.takeNumber}` : seg;
    return {
      name: `${i + 1} · ${take.title.trim() || `Segment ${i + 1}`}${take.takeNumber ? ` — take ${take.takeNumber}` : ''}`,
      file: unique(stem, extensionOf(take.extension, 'mp4')),
      sourceDuration: take.video.duration,
      inPoint,
      outPoint,
      start,
      fps: frameRate(take.video.fps ?? rate),
      width: take.video.width,
      height: take.video.height,
      hasAudio: !!take.video.audioCodec,
    };
  });
  const end = at;

  let music: HandoffMusic | undefined;
  if (input.music) {
    const m = input.music;
    const start = m.start ?? 0;
    const inPoint = m.inPoint ?? 0;
    const dot = m.name.lastIndexOf('.');
    const stem = dot > 0 ? m.name.slice(0, dot) : m.name;
    music = {
      name: stem || 'Music',
      file: unique(
        `music-${slug(stem) || 'bed'}`,
        extensionOf(m.extension ?? (dot > 0 ? m.name.slice(dot + 1) : ''), 'wav'),
      ),
      sourceDuration: m.duration,
      inPoint,
      outPoint: m.outPoint ?? Math.min(m.duration, inPoint + Math.max(0, end - start)),
      start,
      levelDb: m.levelDb ?? gainToDb(m.level ?? 1),
    };
  }
  const dialogue = (input.dialogue ?? []).map((line, i): HandoffLine => ({
    character: line.character.trim(),
    text: line.text,
    file: unique(
      `line-${String(i + 1).padStart(2, '0')}-${slug(line.character) || 'voice'}`,
      extensionOf(line.extension, 'wav'),
    ),
    start: line.start,
    duration: line.duration,
  }));
  return assertHandoffTimeline({
    title: input.title.trim(),
    fps: rate,
    width,
    height,
    clips,
    music,
    dialogue,
    captions: (input.captions ?? []).map((c) => ({ start: c.start, end: c.end, text: c.text })),
  });
}

/** A segment's approved take as an input (its take number is its place among the segment's takes). */
export function takeInput(segment: SegmentRecord, video: VideoRecord): HandoffTakeInput {
  const index = segment.takeIds.indexOf(video.id);
  return { title: segment.title, takeNumber: index >= 0 ? index + 1 : undefined, video };
}

const AUDIO_EXTENSIONS: Record<string, string> = {
  'audio/mpeg': 'mp3',
  'audio/mp3': 'mp3',
  'audio/wav': 'wav',
  'audio/x-wav': 'wav',
  'audio/wave': 'wav',
  'audio/mp4': 'm4a',
  'audio/x-m4a': 'm4a',
  'audio/aac': 'aac',
  'audio/ogg': 'ogg',
  'audio/opus': 'opus',
  'audio/webm': 'webm',
  'audio/flac': 'flac',
  'audio/x-flac': 'flac',
  'audio/aiff': 'aiff',
  'audio/x-aiff': 'aiff',
};

/** The episode's music bed from its asset and level (`EpisodeRecord.musicLevel`, 1 = full). */
export function musicInput(asset: AssetRecord, level: number): NonNullable<HandoffInput['music']> {
  return {
    name: asset.name,
    duration: asset.duration ?? 0,
    level,
    extension: AUDIO_EXTENSIONS[asset.mime.split(';')[0]!.trim().toLowerCase()],
  };
}

function parseSize(size: Size): { width: number; height: number } {
  const [w, h] = size.split('x').map(Number);
  return { width: w ?? 0, height: h ?? 0 };
}

/** `Maya Chen` → `maya-chen`; letters outside ASCII are dropped (file names stay URL-safe). */
export const slug = (text: string): string =>
  text
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 40);

const extensionOf = (extension: string | undefined, fallback: string): string =>
  (extension ?? '').toLowerCase().replace(/[^a-z0-9]/g, '') || fallback;
