/**
 * The typed bridge to the import workers: a small pool (one worker per core, at most 2 by default) with a
 * FIFO queue. Each worker inspects PER_WORKER files at once. Aborting a running task terminates its worker (the
 * only way to stop a decode or a hash) and a fresh one takes its place.
 */
import { inspectFile, type InspectReport } from './inspect.ts';

export interface ImportWorkerRequest {
  id: number;
  file: Blob;
  thumbSide?: number;
}

export type ImportWorkerResponse =
  { id: number; ok: true; report: InspectReport } | { id: number; ok: false; error: string };

interface Task {
  id: number;
  file: Blob;
  thumbSide?: number;
  signal?: AbortSignal;
  resolve(report: InspectReport): void;
  reject(error: unknown): void;
}

interface Slot {
  worker: Worker;
  tasks: Map<number, Task>;
}

/** Files each worker holds at once (1 measured no worse than 2 on a 2-core machine; raise for I/O-bound files). */
const PER_WORKER = 1;

const abortError = () => new DOMException('The import was canceled.', 'AbortError');

export class ImportPool {
  readonly size: number;
  #slots: Slot[] = [];
  #queue: Task[] = [];
  #nextId = 1;
  #workersAvailable = typeof Worker === 'function';

  constructor(size = Math.max(1, Math.min(2, globalThis.navigator?.hardwareConcurrency ?? 2))) {
    this.size = size;
  }

  /** Sniffs, hashes and (image) decodes + thumbnails or (MP4/MOV) probes a file in a worker. */
  inspect(file: Blob, opts: { thumbSide?: number; signal?: AbortSignal } = {}): Promise<InspectReport> {
    if (opts.signal?.aborted) return Promise.reject(abortError());
    if (!this.#workersAvailable) return inspectFile(file, opts.thumbSide);
    return new Promise((resolve, reject) => {
      const task: Task = {
        id: this.#nextId++,
        file,
        thumbSide: opts.thumbSide,
        signal: opts.signal,
        resolve,
        reject,
      };
      opts.signal?.addEventListener('abort', () => this.#cancel(task), { once: true });
      this.#queue.push(task);
      this.#pump();
    });
  }

  /** Stops every worker; queued and running tasks reject with AbortError. */
  dispose(): void {
    for (const task of this.#queue.splice(0)) task.reject(abortError());
    for (const slot of this.#slots.splice(0)) {
      slot.worker.terminate();
      for (const task of slot.tasks.values()) task.reject(abortError());
    }
  }

  #spawn(): Slot {
    const worker = new Worker(new URL('./import.worker.ts', import.meta.url), {
      type: 'module',
      name: 'rw-import',
    });
    const slot: Slot = { worker, tasks: new Map() };
    worker.addEventListener('message', (event: MessageEvent<ImportWorkerResponse>) => {
      const task = slot.tasks.get(event.data.id);
      if (!task) return;
      slot.tasks.delete(task.id);
      if (event.data.ok) task.resolve(event.data.report);
      else task.reject(new Error(event.data.error));
      this.#pump();
    });
    worker.addEventListener('error', (event) => {
      // A worker that fails to load or crashes: fail its task, replace it.
      event.preventDefault();
      this.#replace(slot);
      for (const task of slot.tasks.values()) {
        task.reject(new Error(`The import worker failed: ${event.message || 'unknown error'}`));
      }
      this.#pump();
    });
    return slot;
  }

  #replace(slot: Slot): void {
    slot.worker.terminate();
    const index = this.#slots.indexOf(slot);
    if (index >= 0) this.#slots.splice(index, 1);
  }

  #pump(): void {
    while (this.#queue.length > 0) {
      let slot = this.#slots.find((s) => s.tasks.size === 0);
      if (!slot && this.#slots.length < this.size) {
        slot = this.#spawn();
        this.#slots.push(slot);
      }
      slot ??= this.#slots.find((s) => s.tasks.size < PER_WORKER);
      if (!slot) return;
      const task = this.#queue.shift()!;
      slot.tasks.set(task.id, task);
      slot.worker.postMessage({
        id: task.id,
        file: task.file,
        thumbSide: task.thumbSide,
      } satisfies ImportWorkerRequest);
    }
  }

  #cancel(task: Task): void {
    const queued = this.#queue.indexOf(task);
    if (queued >= 0) this.#queue.splice(queued, 1);
    const slot = this.#slots.find((s) => s.tasks.has(task.id));
    if (slot) {
      // Terminating stops the decode or hash; the worker's other file goes back to the front of the queue.
      this.#replace(slot);
      slot.tasks.delete(task.id);
      this.#queue.unshift(...slot.tasks.values());
    }
    task.reject(abortError());
    this.#pump();
  }
}

let shared: ImportPool | undefined;

/** The app-wide pool, created on first use. */
export const importPool = (): ImportPool => (shared ??= new ImportPool());
