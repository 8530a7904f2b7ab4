/**
 * Path selection for an episode export (issue 13): which of the three paths runs and exactly why, in words
 * the stitch panel shows as they are. Pure: it reads only each clip's ClipMediaInfo (media/render
 * `inspectClip`) and the episode's settings.
 *
 *  - 'lossless' — every clip matches the episode (codec family and codec string, size, frame rate within
 *    0.01 fps, audio codec/sample rate/channels, all with audio or all without) and nothing is mixed or burned;
 *  - 'audio'    — only the sound needs work (a clip's audio differs or is missing, a music bed or dialogue);
 *  - 'full'     — the picture differs (codec, size, frame rate) or captions are burned in.
 */
import type { ClipDifference, ClipMediaInfo, ExportPath, ExportPlan, RenderOptions } from './types.ts';

export type PlanOptions = Pick<
  RenderOptions,
  'width' | 'height' | 'fps' | 'burnCaptions' | 'music' | 'speech' | 'forcePath'
>;

export interface PlanClip {
  label: string;
  info: ClipMediaInfo;
}

const VIDEO_NAMES: Record<string, string> = {
  avc: 'H.264',
  avc1: 'H.264',
  avc3: 'H.264',
  hevc: 'H.265',
  hvc1: 'H.265',
  hev1: 'H.265',
  vp8: 'VP8',
  vp9: 'VP9',
  vp09: 'VP9',
  av1: 'AV1',
  av01: 'AV1',
};

const AUDIO_NAMES: Record<string, string> = {
  aac: 'AAC',
  mp4a: 'AAC',
  opus: 'Opus',
  mp3: 'MP3',
  flac: 'FLAC',
  ac3: 'AC-3',
  'ac-3': 'AC-3',
  'ec-3': 'E-AC-3',
};

/** "H.264", "H.265", "VP9" from a codec family or codec string. */
export function videoCodecName(codec: string): string {
  const key = codec.toLowerCase().split('.')[0]!;
  return VIDEO_NAMES[key] ?? codec;
}

/** "AAC", "Opus" from a codec family or codec string. */
export function audioCodecName(codec: string): string {
  const key = codec.toLowerCase().split('.')[0]!;
  return AUDIO_NAMES[key] ?? codec;
}

export const fpsText = (fps: number): string => `${Math.round(fps * 100) / 100} fps`;
const sizeText = (w: number, h: number): string => `${w}x${h}`;
const rateText = (hz: number): string => `${Math.round(hz / 100) / 10} kHz`;
const audioText = (a: ClipMediaInfo['audio']): string =>
  a ? `${audioCodecName(a.codec)} ${rateText(a.sampleRate)}` : 'no audio';

/**
 * The codec string a lossless join needs to share: avc1 and avc3 are the same stream format for the
 * stitcher only when the profile/level string matches too.
 */
const codecKey = (info: ClipMediaInfo): string =>
  `${videoCodecName(info.videoCodec)}|${(info.codecString ?? info.videoCodec).toLowerCase()}`;

/** The value most clips have (ties go to the earliest clip), for the episode's reference audio. */
function mostCommon<T>(values: readonly T[], key: (v: T) => string): T | undefined {
  const counts = new Map<string, { value: T; n: number }>();
  for (const v of values) {
    const k = key(v);
    const entry = counts.get(k);
    if (entry) entry.n += 1;
    else counts.set(k, { value: v, n: 1 });
  }
  let best: { value: T; n: number } | undefined;
  for (const entry of counts.values()) if (!best || entry.n > best.n) best = entry;
  return best?.value;
}

export function planExport(clips: readonly PlanClip[], options: PlanOptions): ExportPlan {
  const undecodable = clips.flatMap(({ label, info }) => {
    const out: ExportPlan['undecodable'] = [];
    if (!info.canDecodeVideo)
      out.push({
        clip: label,
        what: `its video is ${videoCodecName(info.videoCodec)}${info.codecString ? ` (${info.codecString})` : ''}, which this browser cannot decode`,
        fix: 're-generate it as H.264 or convert it (e.g. to H.264 MP4) and import it again',
      });
    if (info.audio && !info.canDecodeAudio)
      out.push({
        clip: label,
        what: `its audio is ${audioCodecName(info.audio.codec)}, which this browser cannot decode`,
        fix: 're-generate it with AAC or Opus audio, or convert it and import it again',
      });
    return out;
  });

  // The episode's video: its canvas and frame rate; its codec is the first clip's (what a lossless join keeps).
  const first = clips[0]?.info;
  const video: ClipDifference[] = [];
  const sound: ClipDifference[] = [];
  const episodeAudio = mostCommon(
    clips.map((c) => c.info.audio),
    (a) => (a ? `${audioCodecName(a.codec)}|${a.sampleRate}|${a.channels}` : 'none'),
  );
  for (const { label, info } of clips) {
    const resized = info.width !== options.width || info.height !== options.height;
    const [mine, theirs] = [videoCodecName(info.videoCodec), videoCodecName(first?.videoCodec ?? '')];
    // Same codec, other size: the codec strings differ only by the level the size needs — name the size alone.
    if (first && codecKey(info) !== codecKey(first) && !(mine === theirs && resized)) {
      video.push({
        clip: label,
        field: 'video codec',
        clipValue: mine === theirs ? (info.codecString ?? info.videoCodec) : mine,
        episodeValue: mine === theirs ? (first.codecString ?? first.videoCodec) : theirs,
      });
    }
    if (resized)
      video.push({
        clip: label,
        field: 'size',
        clipValue: sizeText(info.width, info.height),
        episodeValue: sizeText(options.width, options.height),
      });
    if (Math.abs(info.fps - options.fps) > 0.01)
      video.push({
        clip: label,
        field: 'fps',
        clipValue: fpsText(info.fps),
        episodeValue: fpsText(options.fps),
      });
    const a = info.audio;
    const e = episodeAudio;
    if (!a || !e) {
      if (a !== e)
        sound.push({ clip: label, field: 'audio', clipValue: audioText(a), episodeValue: audioText(e) });
    } else if (audioCodecName(a.codec) !== audioCodecName(e.codec)) {
      sound.push({
        clip: label,
        field: 'audio codec',
        clipValue: audioCodecName(a.codec),
        episodeValue: audioCodecName(e.codec),
      });
    } else {
      if (a.sampleRate !== e.sampleRate)
        sound.push({
          clip: label,
          field: 'sample rate',
          clipValue: rateText(a.sampleRate),
          episodeValue: rateText(e.sampleRate),
        });
      if (a.channels !== e.channels)
        sound.push({
          clip: label,
          field: 'channels',
          clipValue: `${a.channels} ch`,
          episodeValue: `${e.channels} ch`,
        });
    }
  }

  const mixes: string[] = [];
  if (options.music) mixes.push('mixes in the music bed');
  if (options.speech?.length) mixes.push('mixes in the dialogue');
  const differences = [...video, ...sound];
  const natural: ExportPath =
    video.length || options.burnCaptions ? 'full' : sound.length || mixes.length ? 'audio' : 'lossless';
  const path = options.forcePath ?? natural;
  return {
    path,
    summary: undecodable.length
      ? blockedSummary(new Set(undecodable.map((u) => u.clip)).size, clips.length)
      : summarize(path, clips.length, video, sound, mixes, options),
    differences,
    undecodable,
  };
}

/** The summary when a clip cannot be decoded here: the panel lists each one with its fix below. */
const blockedSummary = (blocked: number, total: number): string =>
  `Cannot render in this browser: ${blocked} of ${total} clips cannot be decoded (see below)`;

const describe = (d: ClipDifference): string =>
  d.field === 'audio'
    ? `${d.clip} has ${d.clipValue}${d.episodeValue === 'no audio' ? ' (the others have none)' : ''}`
    : `${d.clip} is ${d.clipValue} (episode ${d.episodeValue})`;

function summarize(
  path: ExportPath,
  total: number,
  video: ClipDifference[],
  sound: ClipDifference[],
  mixes: string[],
  options: PlanOptions,
): string {
  if (path === 'lossless') return 'Lossless — no re-encoding';
  if (path === 'audio') {
    const why = [...sound.map(describe), ...mixes];
    return `Renders audio: ${why.join('; ') || 'as asked'}. The video is copied without re-encoding`;
  }
  const clipsToEncode = new Set(video.map((d) => d.clip));
  const why = [...video.map(describe)];
  if (options.burnCaptions) why.push('captions are burned in');
  const head =
    options.burnCaptions || options.forcePath === 'full'
      ? `Re-encodes all ${total} clips`
      : `Re-encodes ${clipsToEncode.size} of ${total} clips`;
  const audio =
    sound.length || mixes.length ? `; renders audio: ${[...sound.map(describe), ...mixes].join('; ')}` : '';
  return `${head}: ${why.join('; ') || 'as asked'}${audio}`;
}
