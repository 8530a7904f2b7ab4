/**
 * "Export for editor" (issue 17): the open episode as one zip with an FCPXML and an OpenTimelineIO project
 * and the media they reference — the approved takes (whole, in and out points), the music bed, each heard
 * dialogue take, the captions as titles/markers — laid out by handoff/bundle.ts with relative paths.
 * Framework-free: gathers the records and bytes through the library port, the writers do the rest.
 */
import type { AssetRecord, EpisodeRecord, SegmentRecord, VideoRecord } from '../types.ts';
import { handoffBundle, writeHandoffZip, type HandoffBundle } from './handoff/bundle.ts';
import { buildHandoffTimeline, musicInput, takeInput } from './handoff/build.ts';
import type { HandoffTimeline } from './handoff/timeline.ts';
import type { LibraryDb } from './ports.ts';
import { estimateSpeechSeconds } from './speech-catalog.ts';
import { episodeCaptions, lineTake, usesVoices } from './voice-lines.ts';

type Db = Pick<LibraryDb, 'getAsset' | 'getBlob' | 'getVideo'>;

/** The hand-off timeline and the bytes of every file it names. */
export interface HandoffSource {
  timeline: HandoffTimeline;
  media: Map<string, Blob>;
}

const EXTENSIONS: Record<string, string> = {
  'audio/wav': 'wav',
  'audio/x-wav': 'wav',
  'audio/mpeg': 'mp3',
  'audio/mp3': 'mp3',
  'audio/ogg': 'ogg',
  'audio/opus': 'opus',
  'audio/aac': 'aac',
  'audio/flac': 'flac',
};

const extensionOf = (asset: AssetRecord): string | undefined =>
  EXTENSIONS[asset.mime.split(';')[0]!.trim().toLowerCase()] ?? asset.name.split('.').at(-1);

/**
 * Reads the episode's approved takes, music bed and heard dialogue takes, and builds the timeline.
 * Clips start where the last render put them (`exportInfo.clipStarts`) when those starts fit these takes,
 * else end to end. Throws an Error naming what is missing (a segment without an approved take, gone bytes).
 */
export async function handoffSource(
  db: Db,
  episode: EpisodeRecord,
  segments: readonly SegmentRecord[],
  musicAsset: AssetRecord | undefined,
): Promise<HandoffSource> {
  const unapproved = segments.filter((s) => !s.approvedTakeId).map((s) => `“${s.title}”`);
  if (!segments.length) throw new Error('The episode has no segments yet.');
  if (unapproved.length) throw new Error(`Approve a take of ${unapproved.join(', ')} first.`);
  const takes: VideoRecord[] = [];
  for (const segment of segments) {
    const take = await db.getVideo(segment.approvedTakeId!);
    if (!take) throw new Error(`The approved take of “${segment.title}” was deleted from the library.`);
    takes.push(take);
  }
  const durations = takes.map((t) => t.duration);
  const total = durations.reduce((sum, d) => sum + d, 0);
  const endToEnd = durations.map((_, i) => durations.slice(0, i).reduce((sum, d) => sum + d, 0));
  const rendered = episode.exportInfo?.clipStarts;
  // The last render's starts, when they are of takes this long (no clip would overlap the next one).
  const fits =
    rendered?.length === segments.length &&
    rendered.every((at, i) => i === 0 || at >= rendered[i - 1]! + durations[i - 1]! - 1e-3);
  const starts = fits ? rendered : endToEnd;
  const duration = fits
    ? Math.max(episode.exportInfo?.duration ?? 0, starts.at(-1)! + durations.at(-1)!)
    : total;

  const lineBlobs: Blob[] = [];
  const dialogue: Array<{
    character: string;
    text: string;
    start: number;
    duration: number;
    extension?: string;
  }> = [];
  const seconds = new Map<string, number | undefined>();
  for (const [i, segment] of segments.entries()) {
    if (!usesVoices(segment)) continue;
    for (const line of segment.lines ?? []) {
      const id = lineTake(line);
      const asset = id ? await db.getAsset(id) : undefined;
      const blob = asset && (await db.getBlob(asset.blobId));
      if (!id || !asset || !blob) continue;
      seconds.set(id, asset.duration);
      const start = Math.round(((starts[i] ?? 0) + Math.max(0, line.offset)) * 1000) / 1000;
      const length = asset.duration ?? estimateSpeechSeconds(line.text);
      dialogue.push({
        character: line.speaker,
        text: line.text,
        start,
        duration: Math.min(length, Math.max(0.05, duration - start)),
        extension: extensionOf(asset),
      });
      lineBlobs.push(blob);
    }
  }
  const musicBlob = musicAsset && (await db.getBlob(musicAsset.blobId));
  if (musicAsset && !musicBlob)
    throw new Error(`The music bed “${musicAsset.name}” has no bytes on this device.`);

  const timeline = buildHandoffTimeline({
    title: episode.title,
    fps: episode.render?.fps ?? takes[0]?.fps ?? 30,
    size:
      episode.render?.width && episode.render.height
        ? { width: episode.render.width, height: episode.render.height }
        : episode.size,
    // A segment heard with our voices only hands off its take without the take's own audio.
    takes: segments.map((segment, i) =>
      takeInput(segment, segment.speech === 'voices' ? { ...takes[i]!, audioCodec: undefined } : takes[i]!),
    ),
    clipStarts: starts,
    music: musicAsset && musicBlob ? musicInput(musicAsset, episode.musicLevel) : undefined,
    dialogue: dialogue.filter((l) => l.start < duration),
    captions: episode.captions ? episodeCaptions(segments, starts, duration, (id) => seconds.get(id)) : [],
  });

  const media = new Map<string, Blob>();
  for (const [i, clip] of timeline.clips.entries()) {
    const blob = await db.getBlob(takes[i]!.blobId);
    if (!blob) throw new Error(`The approved take of “${segments[i]!.title}” has no bytes on this device.`);
    media.set(clip.file, blob);
  }
  if (timeline.music && musicBlob) media.set(timeline.music.file, musicBlob);
  timeline.dialogue.forEach((line, i) => media.set(line.file, lineBlobs[i]!));
  return { timeline, media };
}

/** The bundle (file list) of the episode's editor project. */
export async function episodeHandoff(
  db: Db,
  episode: EpisodeRecord,
  segments: readonly SegmentRecord[],
  musicAsset: AssetRecord | undefined,
): Promise<HandoffBundle> {
  const { timeline, media } = await handoffSource(db, episode, segments, musicAsset);
  return handoffBundle(timeline, media);
}

/** The editor zip as one Blob (for a download link). */
export async function handoffZipBlob(bundle: HandoffBundle, signal?: AbortSignal): Promise<Blob> {
  const { readable, writable } = new TransformStream<Uint8Array, Uint8Array>();
  const blob = new Response(readable).blob();
  blob.catch(() => undefined);
  await writeHandoffZip(bundle, writable, { signal });
  return new Blob([await blob], { type: 'application/zip' });
}
