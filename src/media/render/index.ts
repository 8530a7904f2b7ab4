/**
 * Public entry of the render pipeline (issue 13). `renderEpisode` runs one render in its own module worker
 * (render.worker.ts) and resolves with the finished MP4; progress arrives through `onProgress`; aborting
 * terminates the worker (nothing half-written survives: the file only exists once the muxer finalized) and
 * rejects with RenderError('canceled'). `inspectClip` reads what path selection needs from one clip.
 */
import { WorkerBridge } from '../../workers/bridge.ts';
import type { RenderProtocol } from './protocol.ts';
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

/** A worker per render (renders may overlap), terminated as soon as its render settles. */
const worker = new WorkerBridge<RenderProtocol>({
  create: () =>
    new Worker(new URL('./render.worker.ts', import.meta.url), { type: 'module', name: 'render' }),
  label: 'render',
  size: Infinity,
  idleMs: 0,
  toError: (error) => {
    if (error.kind === 'crashed') return new RenderError('worker', error.message);
    const { code = 'worker', clip } = (error.remote?.data ?? {}) as Partial<RenderError>;
    return new RenderError(code, error.message, clip);
  },
});

export async function renderEpisode(
  clips: RenderClip[],
  options: RenderOptions,
  hooks: RenderHooks = {},
): Promise<RenderResult> {
  const { signal, onProgress } = hooks;
  if (signal?.aborted) throw canceled();
  try {
    return await worker.call('render', { clips, options }, { signal, onProgress });
  } catch (error) {
    throw error instanceof RenderError ? error : canceled();
  }
}
