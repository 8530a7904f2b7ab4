/**
 * Harness page for the local preview renderer (tests/harness/preview.spec.ts drives it through
 * `window.previewHarness`). Served by the Vite dev server, so it imports the module under test directly.
 */
import { renderPreviewWithInfo, renderStill } from '../../src/media/preview/render-preview.ts';

export interface HarnessRenderOptions {
  prompt: string;
  width: number;
  height: number;
  seconds: number;
  /** Reference image: one solid colour, or left half `left` / right half `right`. */
  reference?: { left: [number, number, number]; right?: [number, number, number] };
  /** Abort the render as soon as it reports its first progress (so it is demonstrably under way). */
  abortOnProgress?: boolean;
}

export interface HarnessRenderResult {
  base64: string;
  bytes: number;
  codec: string;
  workerMs: number;
  wallMs: number;
  progress: number[];
  /** Longest gap between main-thread timer ticks during the render (ms): how free the UI thread stayed. */
  maxMainThreadGapMs: number;
}

export interface HarnessPlayback {
  videoWidth: number;
  videoHeight: number;
  duration: number;
  /** Mean colour of the left and right halves of the frame at t = 0. */
  firstFrame: { left: [number, number, number]; right: [number, number, number] };
  /** After playing (muted) for a moment: where playback got to and what Chromium decoded. */
  played: { currentTime: number; audioBytes: number; videoBytes: number };
}

async function makeReference(
  width: number,
  height: number,
  ref: NonNullable<HarnessRenderOptions['reference']>,
): Promise<Blob> {
  const canvas = new OffscreenCanvas(width, height);
  const ctx = canvas.getContext('2d');
  if (!ctx) throw new Error('no 2d');
  const css = (c: [number, number, number]): string => `rgb(${c[0]} ${c[1]} ${c[2]})`;
  ctx.fillStyle = css(ref.left);
  ctx.fillRect(0, 0, width, height);
  if (ref.right) {
    ctx.fillStyle = css(ref.right);
    ctx.fillRect(width / 2, 0, width / 2, height);
  }
  return canvas.convertToBlob({ type: 'image/png' });
}

async function toBase64(blob: Blob): Promise<string> {
  const url = await new Promise<string>((resolve, reject) => {
    const reader = new FileReader();
    reader.onload = () => resolve(String(reader.result));
    reader.onerror = () => reject(reader.error);
    reader.readAsDataURL(blob);
  });
  return url.slice(url.indexOf(',') + 1);
}

function fromBase64(base64: string): Blob {
  const bin = atob(base64);
  const bytes = new Uint8Array(bin.length);
  for (let i = 0; i < bin.length; i++) bytes[i] = bin.charCodeAt(i);
  return new Blob([bytes], { type: 'video/mp4' });
}

function halfMeans(
  ctx: CanvasRenderingContext2D,
  width: number,
  height: number,
): HarnessPlayback['firstFrame'] {
  const mean = (x: number, w: number): [number, number, number] => {
    // Stay clear of the middle seam.
    const data = ctx.getImageData(x + Math.floor(w * 0.1), 0, Math.floor(w * 0.8), height).data;
    const sum = [0, 0, 0];
    for (let i = 0; i < data.length; i += 4) {
      sum[0] += data[i];
      sum[1] += data[i + 1];
      sum[2] += data[i + 2];
    }
    const n = data.length / 4;
    return [Math.round(sum[0] / n), Math.round(sum[1] / n), Math.round(sum[2] / n)];
  };
  const half = Math.floor(width / 2);
  return { left: mean(0, half), right: mean(half, width - half) };
}

const harness = {
  async render(opts: HarnessRenderOptions): Promise<HarnessRenderResult> {
    const reference = opts.reference
      ? await makeReference(opts.width, opts.height, opts.reference)
      : undefined;
    const progress: number[] = [];
    let maxGap = 0;
    let last = performance.now();
    const ticker = setInterval(() => {
      const now = performance.now();
      maxGap = Math.max(maxGap, now - last);
      last = now;
    }, 10);
    const controller = new AbortController();
    const started = performance.now();
    try {
      const result = await renderPreviewWithInfo({
        prompt: opts.prompt,
        width: opts.width,
        height: opts.height,
        seconds: opts.seconds,
        reference,
        signal: controller.signal,
        onProgress: (f) => {
          progress.push(f);
          if (opts.abortOnProgress) controller.abort();
        },
      });
      const wallMs = Math.round(performance.now() - started);
      return {
        base64: await toBase64(result.blob),
        bytes: result.blob.size,
        codec: result.codec,
        workerMs: result.elapsedMs,
        wallMs,
        progress,
        maxMainThreadGapMs: Math.round(maxGap),
      };
    } finally {
      clearInterval(ticker);
    }
  },

  async playback(base64: string): Promise<HarnessPlayback> {
    const url = URL.createObjectURL(fromBase64(base64));
    const video = document.createElement('video');
    video.muted = true;
    video.preload = 'auto';
    try {
      await new Promise<void>((resolve, reject) => {
        video.onloadeddata = () => resolve();
        video.onerror = () => reject(new Error(`video error ${video.error?.code}: ${video.error?.message}`));
        video.src = url;
      });
      // A frame is drawable once it has been presented, not merely when 'loadeddata' or 'seeked' fires: on a
      // busy machine a detached element can still draw black then. So the element is in the document and we
      // seek to 0 (even when already there) and wait for the presented frame.
      document.body.append(video);
      const presented = new Promise((resolve) => video.requestVideoFrameCallback(resolve));
      video.currentTime = 0;
      await presented;
      const canvas = document.createElement('canvas');
      canvas.width = video.videoWidth;
      canvas.height = video.videoHeight;
      const ctx = canvas.getContext('2d', { willReadFrequently: true });
      if (!ctx) throw new Error('no 2d');
      ctx.drawImage(video, 0, 0);
      const firstFrame = halfMeans(ctx, canvas.width, canvas.height);
      // Play until a frame half a second in has been presented: playback demonstrably advanced.
      const advanced = new Promise<void>((resolve) => {
        const onFrame = (_now: number, meta: VideoFrameCallbackMetadata): void => {
          if (meta.mediaTime >= 0.5) resolve();
          else video.requestVideoFrameCallback(onFrame);
        };
        video.requestVideoFrameCallback(onFrame);
      });
      await video.play();
      await advanced;
      video.pause();
      const counters = video as HTMLVideoElement & {
        webkitAudioDecodedByteCount?: number;
        webkitVideoDecodedByteCount?: number;
      };
      return {
        videoWidth: video.videoWidth,
        videoHeight: video.videoHeight,
        duration: video.duration,
        firstFrame,
        played: {
          currentTime: video.currentTime,
          audioBytes: counters.webkitAudioDecodedByteCount ?? -1,
          videoBytes: counters.webkitVideoDecodedByteCount ?? -1,
        },
      };
    } finally {
      video.remove();
      URL.revokeObjectURL(url);
    }
  },

  async still(opts: { prompt: string; width: number; height: number; variant?: number }) {
    const blob = await renderStill(opts);
    const bitmap = await createImageBitmap(blob);
    const result = { type: blob.type, bytes: blob.size, width: bitmap.width, height: bitmap.height };
    bitmap.close();
    return result;
  },
};

export type PreviewHarness = typeof harness;
(window as unknown as { previewHarness: PreviewHarness }).previewHarness = harness;
const status = document.getElementById('status');
if (status) status.textContent = 'ready';
