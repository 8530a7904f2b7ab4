/**
 * Single frames out of a video: the poster for the library, "use last frame as reference" and chain
 * continuity. Page-only (HTMLVideoElement, WebCodecs). The last frame of an MP4/MOV is decoded exactly with
 * WebCodecs (last keyframe → end, keep the frame with the greatest presentation time); other videos fall
 * back to seeking the element to the end.
 */
import { DataStream, Endianness } from 'mp4box';
import { openMp4 } from './probe.ts';
import { readHead, sniffType } from './sniff.ts';

export class FrameError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'FrameError';
  }
}

export interface LoadedVideo {
  video: HTMLVideoElement;
  width: number;
  height: number;
  /** Seconds (may be Infinity for some live-recorded WebM files). */
  duration: number;
  /** Revokes the object URL and releases the decoder. */
  dispose(): void;
}

export interface VideoLoadOptions {
  timeoutMs?: number;
  signal?: AbortSignal;
}

const DEFAULT_TIMEOUT_MS = 10_000;

/** Waits for one of `events` on `target`; rejects on 'error', on timeout and on abort. */
function waitFor(
  target: HTMLMediaElement,
  events: readonly string[],
  what: string,
  { timeoutMs = DEFAULT_TIMEOUT_MS, signal }: VideoLoadOptions,
): Promise<void> {
  return new Promise((resolve, reject) => {
    const done = (error?: Error) => {
      clearTimeout(timer);
      for (const event of events) target.removeEventListener(event, ok);
      target.removeEventListener('error', fail);
      signal?.removeEventListener('abort', abort);
      if (error) reject(error);
      else resolve();
    };
    const ok = () => done();
    const fail = () => {
      const code = target.error?.code;
      const reason =
        target.error?.message ||
        (code === 4 ? 'format or codec not supported' : `media error ${code ?? '?'}`);
      done(new FrameError(`The browser could not ${what}: ${reason}.`));
    };
    const abort = () => done(new DOMException('Aborted', 'AbortError'));
    const timer = setTimeout(
      () => done(new FrameError(`Timed out after ${Math.round(timeoutMs / 1000)} s trying to ${what}.`)),
      timeoutMs,
    );
    for (const event of events) target.addEventListener(event, ok, { once: true });
    target.addEventListener('error', fail, { once: true });
    if (signal?.aborted) abort();
    else signal?.addEventListener('abort', abort, { once: true });
  });
}

/** Opens a video blob in a detached, muted <video> and waits until its first frame is available. */
export async function loadVideo(blob: Blob, opts: VideoLoadOptions = {}): Promise<LoadedVideo> {
  const video = document.createElement('video');
  const url = URL.createObjectURL(blob);
  const dispose = () => {
    video.removeAttribute('src');
    video.load();
    URL.revokeObjectURL(url);
  };
  video.muted = true;
  video.playsInline = true;
  video.preload = 'auto';
  const loaded = waitFor(video, ['loadeddata'], 'read this video', opts);
  video.src = url;
  try {
    await loaded;
  } catch (error) {
    dispose();
    throw error;
  }
  return { video, width: video.videoWidth, height: video.videoHeight, duration: video.duration, dispose };
}

/** Seeks and resolves once the frame at `time` is ready to draw. */
export async function seekVideo(
  video: HTMLVideoElement,
  time: number,
  opts: VideoLoadOptions = {},
  force = false,
): Promise<void> {
  const target = Math.max(0, Math.min(time, Number.isFinite(video.duration) ? video.duration : time));
  if (!force && Math.abs(video.currentTime - target) < 1e-6 && video.readyState >= 2) return;
  const seeked = waitFor(video, ['seeked'], 'seek in this video', opts);
  video.currentTime = target;
  await seeked;
}

type Drawable = CanvasImageSource & ({ videoWidth: number } | { displayWidth: number });

/** Draws a video element or VideoFrame at `width` x `height` and encodes it. */
export async function drawToBlob(
  source: Drawable,
  width: number,
  height: number,
  type = 'image/png',
  quality?: number,
): Promise<Blob> {
  const canvas = new OffscreenCanvas(width, height);
  const ctx = canvas.getContext('2d');
  if (!ctx) throw new FrameError('No 2D canvas available to draw the frame.');
  ctx.drawImage(source, 0, 0, width, height);
  return canvas.convertToBlob({ type, quality });
}

/**
 * True when nothing was drawn: a `<video>` that has no decoded frame yet draws nothing at all, so the
 * canvas stays fully transparent. (A real black frame is opaque black, and is not "nothing".)
 */
export function drewNothing(ctx: OffscreenCanvasRenderingContext2D, width: number, height: number): boolean {
  const step = Math.max(1, Math.floor(Math.min(width, height) / 8));
  for (let y = Math.floor(step / 2); y < height; y += step) {
    const row = ctx.getImageData(0, y, width, 1).data;
    for (let x = Math.floor(step / 2); x < width; x += step) if (row[x * 4 + 3] !== 0) return false;
  }
  return true;
}

/**
 * Draws the element's current frame, making sure one was really presented: after a seek Chrome can
 * report `seeked` before the frame is decoded, which draws nothing. Such a draw is retried by seeking
 * again (an event, not a timer), a few times, then refused with a plain message.
 */
async function drawPresentedFrame(
  video: HTMLVideoElement,
  time: number,
  width: number,
  height: number,
  opts: VideoLoadOptions,
): Promise<Blob> {
  const canvas = new OffscreenCanvas(width, height);
  const ctx = canvas.getContext('2d', { willReadFrequently: true });
  if (!ctx) throw new FrameError('No 2D canvas available to draw the frame.');
  for (let attempt = 0; attempt < 4; attempt++) {
    if (attempt > 0 || time > 0) await seekVideo(video, time, opts, attempt > 0);
    ctx.clearRect(0, 0, width, height);
    if (video.readyState >= HTMLMediaElement.HAVE_CURRENT_DATA) ctx.drawImage(video, 0, 0, width, height);
    if (!drewNothing(ctx, width, height)) return canvas.convertToBlob({ type: 'image/png' });
  }
  throw new FrameError('The browser did not present a picture for that frame; try again.');
}

export type FramePosition = 'first' | 'last' | number;

/**
 * A PNG of one frame at the video's own size. `'last'` is the real final frame (exact for MP4/MOV through
 * WebCodecs). Throws FrameError with a plain message when the video can't be read or decoded.
 */
export async function extractFrame(
  videoBlob: Blob,
  at: FramePosition,
  opts: VideoLoadOptions = {},
): Promise<Blob> {
  if (at === 'last') {
    const sniffed = sniffType(await readHead(videoBlob));
    if (
      (sniffed?.container === 'mp4' || sniffed?.container === 'mov') &&
      typeof VideoDecoder === 'function'
    ) {
      // `null` means WebCodecs cannot decode this codec here: the element is the way. A decode that
      // fails (a codec reclaimed by the browser under load, say) is tried once more with a new decoder
      // before the element is used, and the element's draw is checked (drawPresentedFrame).
      for (let attempt = 0; attempt < 2; attempt++) {
        try {
          const frame = await decodeLastMp4Frame(videoBlob, opts.signal);
          if (frame) return frame;
          break;
        } catch (error) {
          if ((error as Error).name === 'AbortError') throw error;
        }
      }
    }
  }
  const loaded = await loadVideo(videoBlob, opts);
  try {
    const { video, width, height, duration } = loaded;
    if (!width || !height) throw new FrameError('This file has no picture to take a frame from.');
    let time = 0;
    if (typeof at === 'number') time = at;
    // Fallback for 'last': Chrome presents the final frame when the element is seeked to its duration.
    else if (at === 'last') time = Number.isFinite(duration) ? duration : 0;
    return await drawPresentedFrame(video, time, width, height, opts);
  } finally {
    loaded.dispose();
  }
}

interface CodecConfigBox {
  write(stream: DataStream): void;
}

/** The decoder configuration record (avcC / hvcC / av1C / vpcC) without its 8-byte box header. */
function decoderDescription(entry: Record<string, unknown>): Uint8Array | undefined {
  const box = (entry.avcC ?? entry.hvcC ?? entry.av1C ?? entry.vpcC) as CodecConfigBox | undefined;
  if (!box) return undefined;
  const stream = new DataStream(undefined, 0, Endianness.BIG_ENDIAN);
  box.write(stream);
  return new Uint8Array(stream.buffer, 8, stream.byteLength - 8).slice();
}

/** Decodes the last GOP of the first video track and returns the frame with the greatest timestamp as PNG. */
async function decodeLastMp4Frame(blob: Blob, signal?: AbortSignal): Promise<Blob | null> {
  const { file, info } = await openMp4(blob, { signal });
  const track = info.videoTracks[0];
  if (!track) return null;
  const samples = file.getTrackSamplesInfo(track.id);
  if (samples.length === 0) return null;
  let firstIndex = samples.length - 1;
  while (firstIndex > 0 && !samples[firstIndex].is_sync) firstIndex--;
  const gop = samples.slice(firstIndex);
  const entry = file.getTrackById(track.id).mdia.minf.stbl.stsd.entries[0] as unknown as Record<
    string,
    unknown
  >;
  const config: VideoDecoderConfig = {
    codec: track.codec,
    codedWidth: track.video?.width ?? track.track_width,
    codedHeight: track.video?.height ?? track.track_height,
    description: decoderDescription(entry),
  };
  if (!(await VideoDecoder.isConfigSupported(config)).supported) return null;

  // One read for the whole GOP (samples of a track sit close together), per-sample reads if it is huge.
  const start = Math.min(...gop.map((s) => s.offset));
  const end = Math.max(...gop.map((s) => s.offset + s.size));
  const span = end - start <= 64 << 20 ? new Uint8Array(await blob.slice(start, end).arrayBuffer()) : null;

  let last: VideoFrame | null = null;
  let decodeError: Error | null = null;
  const decoder = new VideoDecoder({
    output: (frame) => {
      if (!last || frame.timestamp >= last.timestamp) {
        last?.close();
        last = frame;
      } else frame.close();
    },
    error: (error) => {
      decodeError = error;
    },
  });
  try {
    decoder.configure(config);
    for (const sample of gop) {
      if (signal?.aborted) throw new DOMException('Aborted', 'AbortError');
      const data = span
        ? span.subarray(sample.offset - start, sample.offset - start + sample.size)
        : new Uint8Array(await blob.slice(sample.offset, sample.offset + sample.size).arrayBuffer());
      decoder.decode(
        new EncodedVideoChunk({
          type: sample.is_sync ? 'key' : 'delta',
          timestamp: Math.round((sample.cts * 1e6) / sample.timescale),
          duration: Math.round((sample.duration * 1e6) / sample.timescale),
          data,
        }),
      );
    }
    await decoder.flush();
  } finally {
    if (decoder.state !== 'closed') decoder.close();
  }
  const frame = last as VideoFrame | null;
  const failure = decodeError as Error | null;
  if (failure || !frame) {
    (frame as VideoFrame | null)?.close();
    throw new FrameError(`The last frame could not be decoded: ${failure?.message ?? 'no frame came out'}.`);
  }
  try {
    return await drawToBlob(frame, frame.displayWidth, frame.displayHeight);
  } finally {
    frame.close();
  }
}
