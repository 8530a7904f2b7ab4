/**
 * The import workers: a small pool (one worker per core, at most 2 by default) behind the worker bridge,
 * with a FIFO queue. Each worker inspects PER_WORKER files at once. Aborting a running task terminates its
 * worker (the only way to stop a decode or a hash) and a fresh one takes its place; idle workers stop.
 */
import { WorkerBridge, type Method } from '../workers/bridge.ts';
import { inspectFile, type InspectReport } from './inspect.ts';

export type ImportProtocol = {
  inspect: Method<{ file: Blob; thumbSide?: number }, InspectReport>;
};

/** Files each worker holds at once (1 measured no worse than 2 on a 2-core machine; raise for I/O-bound files). */
const PER_WORKER = 1;

const abortError = () => new DOMException('The import was canceled.', 'AbortError');

export class ImportPool {
  readonly size: number;
  #workers: WorkerBridge<ImportProtocol>;
  #workersAvailable = typeof Worker === 'function';

  constructor(size = Math.max(1, Math.min(2, globalThis.navigator?.hardwareConcurrency ?? 2))) {
    this.size = size;
    this.#workers = new WorkerBridge<ImportProtocol>({
      create: () =>
        new Worker(new URL('./import.worker.ts', import.meta.url), { type: 'module', name: 'rw-import' }),
      label: 'import',
      size,
      perWorker: PER_WORKER,
      idleMs: 30_000,
    });
  }

  /** Sniffs, hashes and (image) decodes + thumbnails or (MP4/MOV) probes a file in a worker. */
  inspect(file: Blob, opts: { thumbSide?: number; signal?: AbortSignal } = {}): Promise<InspectReport> {
    if (opts.signal?.aborted) return Promise.reject(abortError());
    if (!this.#workersAvailable) return inspectFile(file, opts.thumbSide);
    return this.#workers.call('inspect', { file, thumbSide: opts.thumbSide }, { signal: opts.signal });
  }

  /** Stops every worker; queued and running tasks reject with AbortError. */
  dispose(): void {
    this.#workers.dispose();
  }
}

let shared: ImportPool | undefined;

/** The app-wide pool, created on first use. */
export const importPool = (): ImportPool => (shared ??= new ImportPool());
