/**
 * Public entry of the render pipeline (issue 13). `renderEpisode` runs one render in its own module worker
 * (render.worker.ts) and resolves with the finished MP4; progress arrives through `onProgress`; aborting
 * terminates the worker (nothing half-written survives: the file only exists once the muxer finalized) and
 * rejects with RenderError('canceled'). `inspectClip` reads what path selection needs from one clip.
 */
import type { RenderRequest, RenderResponse } from './protocol.ts';
import {
  RenderError,
  type RenderClip,
  type RenderOptions,
  type RenderProgress,
  type RenderResult,
} from './types.ts';

export { inspectClip, describeCodec } from './inspect.ts';
export { layoutCaption, toWebVtt, SAFE_AREA } from './captions.ts';
export { avcCodecString } from './video.ts';
export * from './types.ts';

export interface RenderHooks {
  onProgress?(p: RenderProgress): void;
  signal?: AbortSignal;
}

const canceled = (): RenderError => new RenderError('canceled', 'The render was canceled.');

export function renderEpisode(
  clips: RenderClip[],
  options: RenderOptions,
  hooks: RenderHooks = {},
): Promise<RenderResult> {
  const { signal, onProgress } = hooks;
  if (signal?.aborted) return Promise.reject(canceled());
  return new Promise<RenderResult>((resolve, reject) => {
    const worker = new Worker(new URL('./render.worker.ts', import.meta.url), {
      type: 'module',
      name: 'render',
    });
    const finish = (): void => {
      signal?.removeEventListener('abort', onAbort);
      worker.terminate();
    };
    const onAbort = (): void => {
      finish();
      reject(canceled());
    };
    signal?.addEventListener('abort', onAbort, { once: true });
    worker.onmessage = (event: MessageEvent<RenderResponse>) => {
      const msg = event.data;
      if (msg.type === 'progress') onProgress?.(msg.progress);
      else if (msg.type === 'done') {
        finish();
        resolve(msg.result);
      } else {
        finish();
        reject(new RenderError(msg.error.code, msg.error.message, msg.error.clip));
      }
    };
    worker.onerror = (event: ErrorEvent) => {
      event.preventDefault();
      finish();
      reject(new RenderError('worker', `The render worker failed: ${event.message || 'unknown error'}.`));
    };
    const request: RenderRequest = { clips, options };
    worker.postMessage(request);
  });
}
