/**
 * Public entry of the stitcher. `stitchClips` runs the stitch in a module worker (created on first use,
 * reused, terminated after 30 s idle) and resolves with the same `StitchResult` as the pure `stitch` core; failures reject with a
 * typed `StitchError` (code + message naming the clips). Where `Worker` does not exist (Node, tests) it runs
 * the core in the current thread.
 */
import { isStitchErrorData, StitchError } from './errors.ts';
import type { StitchRequest, StitchResponse } from './protocol.ts';
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

let nextId = 1;
/** One worker, created on first use and reused; it is terminated after this long without work. */
const IDLE_MS = 30_000;
let shared: { worker: Worker; busy: number; idle?: ReturnType<typeof setTimeout> } | null = null;
const pending = new Map<number, { resolve: (r: StitchResult) => void; reject: (e: unknown) => void }>();

function acquire(): Worker {
  if (shared) {
    clearTimeout(shared.idle);
    shared.busy++;
    return shared.worker;
  }
  const worker = new Worker(new URL('./stitch.worker.ts', import.meta.url), {
    type: 'module',
    name: 'stitch',
  });
  worker.onmessage = (event: MessageEvent<StitchResponse>) => {
    const msg = event.data;
    const waiter = pending.get(msg.id);
    if (!waiter) return;
    pending.delete(msg.id);
    if (msg.ok) waiter.resolve(msg.result);
    else
      waiter.reject(
        isStitchErrorData(msg.error)
          ? StitchError.fromData(msg.error)
          : new StitchError('worker', 'Stitching failed.'),
      );
  };
  worker.onerror = (event: ErrorEvent) => {
    event.preventDefault();
    const error = new StitchError(
      'worker',
      `The stitching worker failed: ${event.message || 'unknown error'}.`,
    );
    for (const waiter of pending.values()) waiter.reject(error);
    pending.clear();
    worker.terminate();
    if (shared?.worker === worker) shared = null;
  };
  shared = { worker, busy: 1 };
  return worker;
}

function release(worker: Worker, kill: boolean): void {
  if (!shared || shared.worker !== worker) return;
  shared.busy--;
  if (kill) {
    // An aborted stitch may still be running: drop this worker (other callers' requests fail fast and typed).
    for (const waiter of pending.values())
      waiter.reject(new StitchError('worker', 'The stitching worker was stopped.'));
    pending.clear();
    worker.terminate();
    shared = null;
    return;
  }
  if (shared.busy === 0) {
    shared.idle = setTimeout(() => {
      if (shared?.worker === worker && shared.busy === 0) {
        worker.terminate();
        shared = null;
      }
    }, IDLE_MS);
  }
}

export function stitchClips(clips: Blob[], opts: StitchClipsOptions = {}): Promise<StitchResult> {
  const { signal, inline, ...core } = opts;
  if (signal?.aborted)
    return Promise.reject(signal.reason ?? new DOMException('Stitching was canceled.', 'AbortError'));
  if (inline || typeof Worker === 'undefined') return stitch(clips, core);
  return new Promise<StitchResult>((resolve, reject) => {
    const worker = acquire();
    const id = nextId++;
    const onAbort = (): void => {
      pending.delete(id);
      release(worker, true);
      reject(signal?.reason ?? new DOMException('Stitching was canceled.', 'AbortError'));
    };
    signal?.addEventListener('abort', onAbort, { once: true });
    pending.set(id, {
      resolve: (r) => {
        signal?.removeEventListener('abort', onAbort);
        release(worker, false);
        resolve(r);
      },
      reject: (e) => {
        signal?.removeEventListener('abort', onAbort);
        release(worker, false);
        reject(e);
      },
    });
    const request: StitchRequest = { id, clips, opts: core };
    worker.postMessage(request);
  });
}
