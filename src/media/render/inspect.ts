/**
 * `inspectClip`: what the render pipeline needs to know about one clip (codec, size, rate, audio, and whether
 * this browser's WebCodecs can decode it), read with mediabunny from the MP4's metadata — no frame is decoded.
 */
import { ALL_FORMATS, BlobSource, Input } from 'mediabunny';
import { mp4TableProblem } from '../stitch/locate.ts';
import { RenderError, type ClipMediaInfo } from './types.ts';

/** mediabunny's codec names are already the short family ('avc', 'hevc', 'vp9', 'av1', 'aac', 'opus' …). */
export async function inspectClip(blob: Blob, label = 'The clip'): Promise<ClipMediaInfo> {
  // Table counts are checked against their boxes first: a hostile count is refused, never allocated.
  const corrupt = await mp4TableProblem(blob);
  if (corrupt) throw new RenderError('unreadable', `${label} is a ${corrupt}.`, label);
  const input = new Input({ source: new BlobSource(blob), formats: ALL_FORMATS });
  try {
    const video = await input.getPrimaryVideoTrack().catch(() => null);
    if (!video) throw new RenderError('unreadable', `${label} has no readable video track.`, label);
    const audio = await input.getPrimaryAudioTrack();
    const [codecString, stats, end, first, canDecodeVideo] = await Promise.all([
      video.getCodecParameterString(),
      video.computePacketStats(120),
      video.computeDuration(),
      video.getFirstTimestamp(),
      video.canDecode(),
    ]);
    // The clip's length is its picture's: the slot the episode timeline gives it.
    const duration = end - first;
    const info: ClipMediaInfo = {
      videoCodec: video.codec ?? 'unknown',
      width: video.displayWidth,
      height: video.displayHeight,
      fps: Math.round(stats.averagePacketRate * 100) / 100,
      duration,
      canDecodeVideo,
      canDecodeAudio: true,
    };
    if (codecString) info.codecString = codecString;
    if (audio) {
      const audioCodecString = await audio.getCodecParameterString();
      info.audio = {
        codec: audio.codec ?? 'unknown',
        sampleRate: audio.sampleRate,
        channels: audio.numberOfChannels,
      };
      if (audioCodecString) info.audio.codecString = audioCodecString;
      info.canDecodeAudio = await audio.canDecode();
    }
    return info;
  } catch (err) {
    if (err instanceof RenderError) throw err;
    throw new RenderError(
      'unreadable',
      `${label} could not be read as a video: ${(err as Error).message}`,
      label,
    );
  } finally {
    input.dispose();
  }
}

const CODEC_NAMES: Record<string, string> = {
  avc: 'H.264',
  hevc: 'H.265',
  vp8: 'VP8',
  vp9: 'VP9',
  av1: 'AV1',
};

/** "H.265 (hvc1.1.6.L120.90)" — the family a person knows, then the exact string. */
export function describeCodec(info: Pick<ClipMediaInfo, 'videoCodec' | 'codecString'>): string {
  const name = CODEC_NAMES[info.videoCodec] ?? info.videoCodec;
  return info.codecString ? `${name} (${info.codecString})` : name;
}

/** The error a render raises for a clip this browser cannot decode: which clip, what it is, what to do. */
export function undecodableError(label: string, info: ClipMediaInfo): RenderError {
  if (!info.canDecodeVideo)
    return new RenderError(
      'undecodable',
      `${label} is ${describeCodec(info)} at ${info.width}x${info.height}, which this browser cannot decode. ` +
        'Re-generate it as H.264 or convert it, then render again.',
      label,
    );
  const audio = info.audio;
  return new RenderError(
    'undecodable',
    `${label} has ${audio?.codecString ?? audio?.codec ?? 'its'} audio, which this browser cannot decode. ` +
      'Re-generate it with AAC or Opus audio, then render again.',
    label,
  );
}
