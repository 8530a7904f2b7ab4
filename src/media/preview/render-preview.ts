/**
 * Main-thread bridge of the local preview renderer. `renderPreview` runs the whole render in a module
 * worker (painting, WebCodecs encoding and muxing never touch the UI thread); aborting terminates it.
 * `renderStill` paints one frame with the same painter and returns a PNG.
 */
import { createFramePainter } from './painter.ts';
import { PREVIEW_FPS, assertSize } from './preview-math.ts';
import { WorkerBridge } from '../../workers/bridge.ts';
import {
  PreviewError,
  type PreviewProtocol,
  type PreviewRender,
  type RenderRequest,
} from './preview-protocol.ts';

export { PreviewError, type PreviewErrorCode } from './preview-protocol.ts';
export { PREVIEW_FPS, PREVIEW_AUDIO, PREVIEW_LABEL, chooseAvc, type AvcChoice } from './preview-math.ts';

export interface RenderPreviewOptions {
  prompt: string;
  width: number;
  height: number;
  /** Whole seconds are the norm (4, 8, 12); the clip is exactly round(seconds * fps) frames. */
  seconds: number;
  /** An image already fitted to width x height; the first frame is exactly this image. */
  reference?: Blob;
  /** Frames per second; defaults to PREVIEW_FPS. Keep the default for clips that will be stitched. */
  fps?: number;
  /** Called with 0..1 while rendering, ending with 1. */
  onProgress?: (fraction: number) => void;
  signal?: AbortSignal;
}

/** The file, the RFC 6381 codec string of its video track (e.g. `avc1.42c01f`) and the worker's time. */
export type PreviewResult = PreviewRender;

/** A worker per render (previews may overlap), terminated as soon as its render settles. */
const worker = new WorkerBridge<PreviewProtocol>({
  create: () =>
    new Worker(new URL('./preview.worker.ts', import.meta.url), {
      type: 'module',
      name: 'reelwright-preview',
    }),
  label: 'preview',
  size: Infinity,
  idleMs: 0,
  toError: (error) => {
    const code = (error.remote?.data as Partial<PreviewError> | undefined)?.code;
    return new PreviewError(error.kind === 'failed' ? (code ?? 'encode') : 'unsupported', error.message);
  },
});

/** Render a local preview MP4 and report its codec and render time. */
export function renderPreviewWithInfo(opts: RenderPreviewOptions): Promise<PreviewResult> {
  const { signal, onProgress } = opts;
  if (signal?.aborted) return Promise.reject(signal.reason);
  try {
    assertSize(opts.width, opts.height);
  } catch (error) {
    return Promise.reject(new PreviewError('invalid', (error as Error).message));
  }
  const request: RenderRequest = {
    type: 'render',
    prompt: opts.prompt,
    width: opts.width,
    height: opts.height,
    seconds: opts.seconds,
    fps: opts.fps ?? PREVIEW_FPS,
    reference: opts.reference,
  };
  return worker.call('render', request, {
    signal,
    onProgress: (fraction) => onProgress?.(Math.min(1, Math.max(0, fraction))),
  });
}

/** Render a local preview MP4 (H.264 + Opus, faststart) of exactly the requested size and duration. */
export async function renderPreview(opts: RenderPreviewOptions): Promise<Blob> {
  return (await renderPreviewWithInfo(opts)).blob;
}

export interface RenderStillOptions {
  prompt: string;
  width: number;
  height: number;
  /** Different variants of one prompt get different colours and compositions. */
  variant?: number;
}

/** A PNG still with the same look as the clips (prompt, scene colour, label), for image mode. */
export async function renderStill(opts: RenderStillOptions): Promise<Blob> {
  assertSize(opts.width, opts.height);
  const canvas = new OffscreenCanvas(opts.width, opts.height);
  const ctx = canvas.getContext('2d', { alpha: false });
  if (!ctx) throw new PreviewError('unsupported', '2D canvas is not available');
  const painter = createFramePainter(ctx, {
    width: opts.width,
    height: opts.height,
    prompt: opts.prompt,
    variant: opts.variant,
    totalFrames: 1,
    timecode: false,
  });
  painter.paint(0);
  return canvas.convertToBlob({ type: 'image/png' });
}
