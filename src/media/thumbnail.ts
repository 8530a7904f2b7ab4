/**
 * Library thumbnails: scaled images (worker), video poster frames (page: <video> + canvas) and audio
 * waveforms (page: decodeAudioData, drawn on an OffscreenCanvas).
 */
import { FrameError, loadVideo, seekVideo, type VideoLoadOptions } from './frames.ts';

/** Longest side of a library thumbnail, in pixels. */
export const THUMB_SIDE = 320;

export interface Thumbnail {
  blob: Blob;
  width: number;
  height: number;
}

/** Scales `width` x `height` so the longest side is at most `maxSide` (never upscales). */
export function thumbSize(
  width: number,
  height: number,
  maxSide = THUMB_SIDE,
): { width: number; height: number } {
  const scale = Math.min(1, maxSide / Math.max(width, height));
  return { width: Math.max(1, Math.round(width * scale)), height: Math.max(1, Math.round(height * scale)) };
}

/** WebP when the browser can encode it, JPEG otherwise (both far smaller than PNG for photos). */
export async function encodeThumbnail(canvas: OffscreenCanvas, quality = 0.8): Promise<Blob> {
  const webp = await canvas.convertToBlob({ type: 'image/webp', quality });
  return webp.type === 'image/webp' ? webp : canvas.convertToBlob({ type: 'image/jpeg', quality });
}

/**
 * A thumbnail of a decoded image (call in the import worker). The bitmap is resized by the browser's
 * scaler, then encoded; the caller keeps ownership of `bitmap`.
 */
export async function imageThumbnail(bitmap: ImageBitmap, maxSide = THUMB_SIDE): Promise<Thumbnail> {
  const size = thumbSize(bitmap.width, bitmap.height, maxSide);
  const scaled = await createImageBitmap(bitmap, {
    resizeWidth: size.width,
    resizeHeight: size.height,
    resizeQuality: 'medium',
  });
  try {
    const canvas = new OffscreenCanvas(size.width, size.height);
    const ctx = canvas.getContext('2d');
    if (!ctx) throw new Error('No 2D canvas available for the thumbnail.');
    ctx.drawImage(scaled, 0, 0);
    return { blob: await encodeThumbnail(canvas), ...size };
  } finally {
    scaled.close();
  }
}

export interface VideoPoster extends Thumbnail {
  /** The video's own size and duration as the browser sees them. */
  videoWidth: number;
  videoHeight: number;
  duration: number;
}

/**
 * A poster frame (page only): opens the video, seeks to 10% of its length (at most 0.5 s in, so short clips
 * don't land on a fade), draws it scaled. Rejects with FrameError on unreadable video or timeout.
 */
export async function videoPosterInfo(
  blob: Blob,
  opts: VideoLoadOptions & { maxSide?: number } = {},
): Promise<VideoPoster> {
  const loaded = await loadVideo(blob, opts);
  try {
    const { video, width, height, duration } = loaded;
    if (!width || !height) throw new FrameError('This file has no picture.');
    const at = Number.isFinite(duration) && duration > 0 ? Math.min(duration * 0.1, 0.5) : 0;
    if (at > 0) await seekVideo(video, at, opts);
    const size = thumbSize(width, height, opts.maxSide);
    const canvas = new OffscreenCanvas(size.width, size.height);
    const ctx = canvas.getContext('2d');
    if (!ctx) throw new FrameError('No 2D canvas available for the poster.');
    ctx.drawImage(video, 0, 0, size.width, size.height);
    return { blob: await encodeThumbnail(canvas), ...size, videoWidth: width, videoHeight: height, duration };
  } finally {
    loaded.dispose();
  }
}

/** Just the poster image (WebP/JPEG, longest side 320 px) — what the store keeps as a clip's thumbnail. */
export async function videoPoster(
  blob: Blob,
  opts: VideoLoadOptions & { maxSide?: number } = {},
): Promise<Blob> {
  return (await videoPosterInfo(blob, opts)).blob;
}

export interface WaveformOptions {
  /** Decode at most this many bytes from the start of the file (default 16 MiB). */
  maxDecodeBytes?: number;
  width?: number;
  height?: number;
  /** Bar colour; the background is transparent. */
  color?: string;
  signal?: AbortSignal;
}

export interface Waveform extends Thumbnail {
  /** Seconds of audio that were decoded (the whole file when `complete`). */
  decodedDuration: number;
  complete: boolean;
}

/** Peak amplitude (0..1) of each of `buckets` equal slices of `samples`. */
export function peaks(samples: Float32Array, buckets: number): Float32Array {
  const out = new Float32Array(buckets);
  const per = samples.length / buckets;
  for (let b = 0; b < buckets; b++) {
    let max = 0;
    const end = Math.min(samples.length, Math.floor((b + 1) * per));
    for (let i = Math.floor(b * per); i < end; i++) {
      const v = samples[i] < 0 ? -samples[i] : samples[i];
      if (v > max) max = v;
    }
    out[b] = max;
  }
  return out;
}

/**
 * A waveform image from the first `maxDecodeBytes` of an audio file (page only: OfflineAudioContext is not
 * available in workers). Decoded at 8 kHz mono, which is plenty for a picture and keeps memory small.
 * Rejects (DOMException EncodingError) when the browser can't decode the audio.
 */
export async function audioWaveform(blob: Blob, opts: WaveformOptions = {}): Promise<Waveform> {
  const { maxDecodeBytes = 16 << 20, width = THUMB_SIDE, height = 120, color = '#7aa2ff' } = opts;
  const complete = blob.size <= maxDecodeBytes;
  const bytes = await (complete ? blob : blob.slice(0, maxDecodeBytes)).arrayBuffer();
  if (opts.signal?.aborted) throw new DOMException('Aborted', 'AbortError');
  const ctx = new OfflineAudioContext(1, 1, 8000);
  const audio = await ctx.decodeAudioData(bytes);
  const channel = audio.getChannelData(0);
  const barWidth = 2;
  const gap = 1;
  const bars = Math.floor(width / (barWidth + gap));
  const levels = peaks(channel, bars);
  const loudest = Math.max(0.05, ...levels);
  const canvas = new OffscreenCanvas(width, height);
  const draw = canvas.getContext('2d');
  if (!draw) throw new Error('No 2D canvas available for the waveform.');
  draw.fillStyle = color;
  const mid = height / 2;
  for (let i = 0; i < bars; i++) {
    const h = Math.max(1, (levels[i] / loudest) * (height - 4));
    draw.fillRect(i * (barWidth + gap), mid - h / 2, barWidth, h);
  }
  return {
    blob: await canvas.convertToBlob({ type: 'image/png' }),
    width,
    height,
    decodedDuration: audio.duration,
    complete,
  };
}

/** Duration (seconds) from an <audio> element's metadata; rejects when the browser can't read the file. */
export function audioDuration(
  blob: Blob,
  { timeoutMs = 10_000 }: { timeoutMs?: number } = {},
): Promise<number> {
  return new Promise((resolve, reject) => {
    const audio = document.createElement('audio');
    const url = URL.createObjectURL(blob);
    const finish = (error: Error | null, duration = 0) => {
      clearTimeout(timer);
      audio.onloadedmetadata = audio.onerror = null;
      audio.removeAttribute('src');
      audio.load();
      URL.revokeObjectURL(url);
      if (error) reject(error);
      else resolve(duration);
    };
    const timer = setTimeout(() => finish(new Error('Timed out reading the audio metadata.')), timeoutMs);
    audio.preload = 'metadata';
    audio.onloadedmetadata = () => finish(null, audio.duration);
    audio.onerror = () => finish(new Error(audio.error?.message || 'The browser could not read this audio.'));
    audio.src = url;
  });
}
