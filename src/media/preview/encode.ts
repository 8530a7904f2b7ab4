/**
 * The render pipeline of the local preview, run inside the worker: paint → VideoEncoder (H.264, avc
 * format) and AudioEncoder (Opus) → mux. Everything that affects the bitstream configuration depends
 * only on the size (and fps), so clips of one size have identical SPS/PPS and stitch losslessly.
 */
import { muxMp4, type MuxSample } from './mux.ts';
import { createFramePainter } from './painter.ts';
import {
  PREVIEW_AUDIO,
  PREVIEW_KEYFRAME_SECONDS,
  VIDEO_TIMESCALE,
  assertSize,
  avcCodecFromAvcC,
  chooseAvc,
  frameCount,
  frameTimestampUs,
  scenePalette,
} from './preview-math.ts';
import { PreviewError, type PreviewRender, type RenderRequest } from './preview-protocol.ts';

/** Frames the encoder may hold before painting waits (keeps memory flat and the pipeline busy). */
const MAX_QUEUE = 6;
/** Opus pre-skip of libopus at 48 kHz when the encoder does not report an OpusHead. */
const DEFAULT_PRE_SKIP = 312;

function toBytes(source: AllowSharedBufferSource): Uint8Array {
  if (source instanceof ArrayBuffer) return new Uint8Array(source.slice(0));
  if (ArrayBuffer.isView(source)) {
    return new Uint8Array(source.buffer, source.byteOffset, source.byteLength).slice();
  }
  return new Uint8Array(source as ArrayBufferLike).slice();
}

/** The ambience of a prompt: a soft chord on the prompt's root note, breathing slowly; mono f32. */
export function synthesiseAmbience(
  prompt: string,
  seconds: number,
  sampleRate: number,
): Float32Array<ArrayBuffer> {
  const palette = scenePalette(prompt);
  const n = Math.round(seconds * sampleRate);
  const pcm = new Float32Array(n);
  const f = palette.toneHz;
  const lfoPhase = ((palette.hash >>> 3) % 628) / 100;
  const fade = Math.round(0.05 * sampleRate);
  const w1 = (2 * Math.PI * f) / sampleRate;
  const w2 = (2 * Math.PI * f * 1.5) / sampleRate;
  const w3 = (2 * Math.PI * f * 2) / sampleRate;
  const wl = (2 * Math.PI * 0.25) / sampleRate;
  for (let i = 0; i < n; i++) {
    const env = Math.min(1, i / fade, (n - 1 - i) / fade);
    const lfo = 0.6 + 0.4 * Math.sin(wl * i + lfoPhase);
    pcm[i] = (0.05 * Math.sin(w1 * i) + 0.03 * Math.sin(w2 * i) + 0.02 * Math.sin(w3 * i)) * lfo * env;
  }
  return pcm;
}

interface EncodedAudio {
  samples: MuxSample[];
  preSkip: number;
}

async function encodeAudio(prompt: string, seconds: number): Promise<EncodedAudio> {
  const { sampleRate, numberOfChannels, bitrate, codec } = PREVIEW_AUDIO;
  const config: AudioEncoderConfig = { codec, sampleRate, numberOfChannels, bitrate };
  const support = await AudioEncoder.isConfigSupported(config);
  if (!support.supported) throw new PreviewError('unsupported', 'This browser cannot encode Opus audio.');
  const packets: { data: Uint8Array; duration: number }[] = [];
  let preSkip = DEFAULT_PRE_SKIP;
  let failure: unknown;
  const encoder = new AudioEncoder({
    output: (chunk, meta) => {
      const description = meta?.decoderConfig?.description;
      if (description && packets.length === 0) {
        const head = toBytes(description);
        // OpusHead: "OpusHead", version, channels, pre-skip (uint16 little-endian), …
        if (head.length >= 12) preSkip = head[10] | (head[11] << 8);
      }
      const data = new Uint8Array(chunk.byteLength);
      chunk.copyTo(data);
      packets.push({ data, duration: Math.round(((chunk.duration ?? 20_000) * sampleRate) / 1e6) });
    },
    error: (error) => {
      failure = error;
    },
  });
  encoder.configure(config);
  const pcm = synthesiseAmbience(prompt, seconds, sampleRate);
  for (let start = 0; start < pcm.length; start += sampleRate) {
    const frames = Math.min(sampleRate, pcm.length - start);
    const data = new AudioData({
      format: 'f32',
      sampleRate,
      numberOfChannels,
      numberOfFrames: frames,
      timestamp: Math.round((start * 1e6) / sampleRate),
      data: pcm.subarray(start, start + frames),
    });
    encoder.encode(data);
    data.close();
  }
  await encoder.flush();
  encoder.close();
  if (failure) throw new PreviewError('encode', `Audio encoding failed: ${String(failure)}`);
  // The decoded stream is pre-skip + the clip; trim the last packet's duration to exactly that.
  const target = Math.round(seconds * sampleRate) + preSkip;
  const samples: MuxSample[] = [];
  let at = 0;
  for (const p of packets) {
    if (at >= target) break;
    const duration = Math.min(p.duration, target - at);
    samples.push({ data: p.data, duration, isSync: true });
    at += duration;
  }
  if (at < target && samples.length) samples[samples.length - 1].duration += target - at;
  return { samples, preSkip };
}

async function loadReference(blob: Blob, width: number, height: number): Promise<ImageBitmap> {
  try {
    return await createImageBitmap(blob, { resizeWidth: width, resizeHeight: height, resizeQuality: 'high' });
  } catch (error) {
    throw new PreviewError('reference', `The reference image could not be decoded: ${String(error)}`);
  }
}

export async function encodePreview(
  request: RenderRequest,
  onProgress: (f: number) => void,
): Promise<PreviewRender> {
  const started = performance.now();
  const { prompt, width, height, seconds, fps } = request;
  try {
    assertSize(width, height);
  } catch (error) {
    throw new PreviewError('invalid', (error as Error).message);
  }
  if (!(seconds > 0 && seconds <= 120))
    throw new PreviewError('invalid', `Duration must be 0-120 s, got ${seconds}`);
  if (typeof VideoEncoder === 'undefined' || typeof AudioEncoder === 'undefined') {
    throw new PreviewError(
      'unsupported',
      'This browser has no WebCodecs encoders; local previews need Chrome or Edge.',
    );
  }

  const avc = chooseAvc(width, height, fps);
  const config: VideoEncoderConfig = {
    codec: avc.codec,
    width,
    height,
    bitrate: avc.bitrate,
    bitrateMode: 'variable',
    framerate: fps,
    latencyMode: 'quality',
    hardwareAcceleration: 'prefer-software',
    avc: { format: 'avc' },
  };
  const support = await VideoEncoder.isConfigSupported(config);
  if (!support.supported) {
    throw new PreviewError(
      'unsupported',
      `This browser cannot encode H.264 ${avc.codec} at ${width}x${height}.`,
    );
  }

  const total = frameCount(seconds, fps);
  const reference = request.reference ? await loadReference(request.reference, width, height) : undefined;
  const canvas = new OffscreenCanvas(width, height);
  const ctx = canvas.getContext('2d', { alpha: false });
  if (!ctx) throw new PreviewError('unsupported', '2D canvas is not available in this worker');
  const painter = createFramePainter(ctx, { width, height, prompt, fps, totalFrames: total, reference });

  // Audio runs on the encoder's own thread while frames are painted.
  const audioPromise = encodeAudio(prompt, seconds);
  audioPromise.catch(() => undefined);

  const chunks: { data: Uint8Array; timestamp: number; isSync: boolean }[] = [];
  let avcC: Uint8Array | undefined;
  let failure: unknown;
  // Wakes the paint loop when the encoder drains a frame, or fails (then no 'dequeue' may ever come).
  let wake: (() => void) | undefined;
  const encoder = new VideoEncoder({
    output: (chunk, meta) => {
      const description = meta?.decoderConfig?.description;
      if (description && !avcC) avcC = toBytes(description);
      const data = new Uint8Array(chunk.byteLength);
      chunk.copyTo(data);
      chunks.push({ data, timestamp: chunk.timestamp, isSync: chunk.type === 'key' });
      onProgress((0.95 * chunks.length) / total);
    },
    error: (error) => {
      failure = error;
      wake?.();
    },
  });
  const drained = (): Promise<void> =>
    new Promise((resolve) => {
      wake = resolve;
      encoder.addEventListener('dequeue', () => resolve(), { once: true });
    });
  encoder.configure(config);
  const keyEvery = Math.max(1, Math.round(fps * PREVIEW_KEYFRAME_SECONDS));
  const frameDurationUs = Math.round(1e6 / fps);
  for (let i = 0; i < total; i++) {
    if (failure) break;
    painter.paint(i);
    const frame = new VideoFrame(canvas, { timestamp: frameTimestampUs(i, fps), duration: frameDurationUs });
    encoder.encode(frame, { keyFrame: i % keyEvery === 0 });
    frame.close();
    while (encoder.encodeQueueSize > MAX_QUEUE && !failure) await drained();
  }
  if (!failure) await encoder.flush().catch((error: unknown) => (failure = failure ?? error));
  encoder.close();
  reference?.close();
  if (failure) throw new PreviewError('encode', `Video encoding failed: ${String(failure)}`);
  if (!avcC) throw new PreviewError('encode', 'The H.264 encoder gave no decoder configuration (avcC).');
  if (chunks.length === 0 || !chunks[0].isSync)
    throw new PreviewError('encode', 'The encoder did not start with a keyframe.');

  // Durations from the timestamps (robust to a dropped frame), the clip ending exactly at `seconds`.
  const ticks = (us: number): number => Math.round((us * VIDEO_TIMESCALE) / 1e6);
  const end = Math.round((total * VIDEO_TIMESCALE) / fps);
  const videoSamples: MuxSample[] = chunks.map((c, i) => ({
    data: c.data,
    isSync: c.isSync,
    duration: (i + 1 < chunks.length ? ticks(chunks[i + 1].timestamp) : end) - ticks(c.timestamp),
  }));
  if (videoSamples.some((s) => s.duration <= 0))
    throw new PreviewError('encode', 'The encoder reordered frames.');

  const audio = await audioPromise;
  let muxed;
  try {
    muxed = muxMp4({
      seconds,
      video: { width, height, avcC, samples: videoSamples },
      audio: {
        sampleRate: PREVIEW_AUDIO.sampleRate,
        channels: PREVIEW_AUDIO.numberOfChannels,
        preSkip: audio.preSkip,
        samples: audio.samples,
      },
    });
  } catch (error) {
    throw new PreviewError('mux', `Writing the MP4 failed: ${(error as Error).message}`);
  }
  const blob = new Blob(muxed.parts as BlobPart[], { type: 'video/mp4' });
  onProgress(1);
  return { blob, codec: avcCodecFromAvcC(avcC), elapsedMs: Math.round(performance.now() - started) };
}
