/**
 * Public entry of the stitcher. `stitchClips` runs the stitch in a module worker (created on first use,
 * reused, terminated after 30 s idle) and resolves with the same `StitchResult` as the pure `stitch` core; failures reject with a
 * typed `StitchError` (code + message naming the clips). Where `Worker` does not exist (Node, tests) it runs
 * the core in the current thread.
 */
import { isStitchErrorData, StitchError } from './errors.ts';
import { WorkerBridge } from '../../workers/bridge.ts';
import type { StitchProtocol } from './protocol.ts';
import { stitch, type StitchOptions, type StitchResult } from './stitch.ts';

export { stitch, StitchError };
export { scanLayout } from './locate.ts';
export type { ClipLayout } from './boxes.ts';
export type { StitchOptions, StitchResult };
export type { StitchTrackInfo } from './stitch.ts';
export type { StitchErrorCode, StitchErrorData } from './errors.ts';

export interface StitchClipsOptions extends StitchOptions {
  signal?: AbortSignal;
  /** Run in the calling thread instead of a worker. */
  inline?: boolean;
}

/** One worker, created on first use and shared by concurrent stitches; terminated after 30 s without work. */
const worker = new WorkerBridge<StitchProtocol>({
  create: () =>
    new Worker(new URL('./stitch.worker.ts', import.meta.url), { type: 'module', name: 'stitch' }),
  label: 'stitching',
  perWorker: Infinity,
  idleMs: 30_000,
  toError: (error) => {
    const data = error.remote?.data;
    if (isStitchErrorData(data)) return StitchError.fromData(data);
    return new StitchError('worker', error.kind === 'crashed' ? error.message : 'Stitching failed.');
  },
});

export function stitchClips(clips: Blob[], opts: StitchClipsOptions = {}): Promise<StitchResult> {
  const { signal, inline, ...core } = opts;
  if (signal?.aborted)
    return Promise.reject(signal.reason ?? new DOMException('Stitching was canceled.', 'AbortError'));
  if (inline || typeof Worker === 'undefined') return stitch(clips, core);
  return worker.call('stitch', { clips, opts: core }, { signal });
}
