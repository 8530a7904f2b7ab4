/**
 * The render's picture. `copyVideo` (audio-only path) pipes each clip's encoded packets unchanged into one
 * output track, timestamps offset to the clip's start. `encodeVideo` (full path) decodes each clip
 * (VideoSampleSink, streaming: one frame in hand at a time), composes it on the episode canvas with the
 * caption, and encodes H.264 at the episode's rate, picking for each output time the nearest source frame.
 */
import {
  ALL_FORMATS,
  BlobSource,
  CanvasSource,
  EncodedPacketSink,
  EncodedVideoPacketSource,
  Input,
  VideoSampleSink,
  type InputVideoTrack,
} from 'mediabunny';
import { captionAt } from './captions.ts';
import { FrameComposer } from './compose.ts';
import { RenderError, type RenderCaption, type RenderOptions } from './types.ts';

export interface VideoClip {
  label: string;
  blob: Blob;
}

async function openVideo(clip: VideoClip): Promise<{ input: Input; track: InputVideoTrack }> {
  const input = new Input({ source: new BlobSource(clip.blob), formats: ALL_FORMATS });
  const track = await input.getPrimaryVideoTrack().catch(() => null);
  if (!track) {
    input.dispose();
    throw new RenderError('unreadable', `${clip.label} has no readable video track.`, clip.label);
  }
  return { input, track };
}

const bytesOf = (b?: AllowSharedBufferSource): Uint8Array =>
  !b
    ? new Uint8Array()
    : ArrayBuffer.isView(b)
      ? new Uint8Array(b.buffer, b.byteOffset, b.byteLength)
      : new Uint8Array(b);

const sameBytes = (a?: AllowSharedBufferSource, b?: AllowSharedBufferSource): boolean => {
  const x = bytesOf(a);
  const y = bytesOf(b);
  return x.length === y.length && x.every((v, i) => v === y[i]);
};

/**
 * Copies every clip's video packets into `source`, clip after clip. Resolves with each clip's start and the
 * total duration (seconds in the output). All clips must share the decoder config (codec, size, parameter
 * sets): one track has one sample description.
 */
export async function copyVideo(
  clips: readonly VideoClip[],
  source: EncodedVideoPacketSource,
  onClip: (i: number) => void,
): Promise<{ starts: number[]; duration: number }> {
  const starts: number[] = [];
  let first: VideoDecoderConfig | null = null;
  let at = 0;
  let metaSent = false;
  for (let i = 0; i < clips.length; i++) {
    const clip = clips[i]!;
    const { input, track } = await openVideo(clip);
    try {
      const config = await track.getDecoderConfig();
      if (!config)
        throw new RenderError(
          'unreadable',
          `${clip.label}: its video track has no decoder configuration.`,
          clip.label,
        );
      if (!first) first = config;
      else if (
        config.codec !== first.codec ||
        config.codedWidth !== first.codedWidth ||
        config.codedHeight !== first.codedHeight ||
        !sameBytes(config.description, first.description)
      )
        throw new RenderError(
          'input',
          `${clip.label} is ${config.codec} ${config.codedWidth}x${config.codedHeight} with its own encoder settings, ` +
            `unlike ${clips[0]!.label} (${first.codec} ${first.codedWidth}x${first.codedHeight}): its video cannot be copied, so the episode needs a full render.`,
          clip.label,
        );
      const origin = await track.getFirstTimestamp();
      let end = at;
      starts.push(at);
      const sink = new EncodedPacketSink(track);
      for await (const packet of sink.packets()) {
        const timestamp = at + packet.timestamp - origin;
        end = Math.max(end, timestamp + packet.duration);
        await source.add(packet.clone({ timestamp }), metaSent ? undefined : { decoderConfig: config });
        metaSent = true;
      }
      at = end;
      onClip(i);
    } finally {
      input.dispose();
    }
  }
  return { starts, duration: at };
}

/** H.264 levels: [level_idc, max macroblocks per frame, max macroblocks per second]. */
const AVC_LEVELS = [
  [30, 1620, 40_500],
  [31, 3600, 108_000],
  [32, 5120, 216_000],
  [40, 8192, 245_760],
  [42, 8704, 522_240],
  [50, 22_080, 589_824],
  [51, 36_864, 983_040],
  [52, 36_864, 2_073_600],
] as const;

/** The lowest High-profile codec string whose level fits `width` x `height` at `fps` (a lower one is refused). */
export function avcCodecString(width: number, height: number, fps: number): string {
  const mbs = Math.ceil(width / 16) * Math.ceil(height / 16);
  const level = AVC_LEVELS.find(([, fs, rate]) => mbs <= fs && mbs * fps <= rate)?.[0] ?? 52;
  return `avc1.6400${level.toString(16).padStart(2, '0')}`;
}

/** Bits per second for a clean vertical short: ~0.1 bit per pixel per frame, at least 1.5 Mb/s. */
export const videoBitrate = (width: number, height: number, fps: number): number =>
  Math.max(1_500_000, Math.round(width * height * fps * 0.1));

/** Hardware H.264 when this browser offers it for the size, otherwise software. */
export async function pickVideoEncoder(
  width: number,
  height: number,
  fps: number,
): Promise<{ codec: string; hardwareAcceleration: 'prefer-hardware' | 'prefer-software' }> {
  const codec = avcCodecString(width, height, fps);
  const base = { codec, width, height, framerate: fps, bitrate: videoBitrate(width, height, fps) };
  for (const hardwareAcceleration of ['prefer-hardware', 'prefer-software'] as const) {
    const support = await VideoEncoder.isConfigSupported({ ...base, hardwareAcceleration }).catch(() => null);
    if (support?.supported) return { codec, hardwareAcceleration };
  }
  throw new RenderError(
    'encoder',
    `This browser cannot encode H.264 (${codec}) at ${width}x${height} ${fps} fps.`,
  );
}

export interface FullClip extends VideoClip {
  /** Seconds into the clip's own timeline where its slot starts. */
  inPoint: number;
  /** Output frames [first, end) this clip fills. */
  firstFrame: number;
  endFrame: number;
}

/** Decodes, composes and encodes every clip's frames into `source`; `onFrame` gets the output frame count. */
export async function encodeVideo(
  clips: readonly FullClip[],
  source: CanvasSource,
  composer: FrameComposer,
  options: Pick<RenderOptions, 'fps' | 'burnCaptions'> & { captions: readonly RenderCaption[] },
  onFrame: (frames: number) => void,
): Promise<void> {
  const { fps } = options;
  for (const clip of clips) {
    const { input, track } = await openVideo(clip);
    try {
      const origin = await track.getFirstTimestamp();
      const stats = await track.computePacketStats(60);
      const half = stats.averagePacketRate > 0 ? 0.5 / stats.averagePacketRate : 0;
      const times: number[] = [];
      for (let n = clip.firstFrame; n < clip.endFrame; n++)
        times.push(origin + clip.inPoint + (n - clip.firstFrame) / fps + half);
      const sink = new VideoSampleSink(track);
      let n = clip.firstFrame;
      // Consecutive output times often map to the same source frame (fps up-conversion): the sink yields the
      // same sample again, so each is closed once drawn.
      for await (const sample of sink.samplesAtTimestamps(times)) {
        try {
          composer.drawFrame(sample);
        } finally {
          sample?.close();
        }
        const t = n / fps;
        const caption = options.burnCaptions ? captionAt(options.captions, t) : undefined;
        if (caption) composer.drawCaption(caption.text);
        await source.add(t, 1 / fps);
        n++;
        onFrame(n);
      }
    } catch (err) {
      if (err instanceof RenderError) throw err;
      throw new RenderError(
        'undecodable',
        `${clip.label}: its video could not be decoded (${(err as Error).message}).`,
        clip.label,
      );
    } finally {
      input.dispose();
    }
  }
}
