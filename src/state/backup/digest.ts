/**
 * SHA-256 (and, for export, CRC-32 plus the bytes) of each backup file, in one read. Files up to
 * NATIVE_HASH_LIMIT are read and hashed in a worker where workers exist, so the page's thread only
 * writes (export) or sees a 64-character answer (import: the bytes never reach the page's heap); without
 * workers (tests, Node) the same work runs inline. Larger files are hashed as a stream by `hashBlob`.
 */
import { crc32 } from './crc32.ts';
import { NATIVE_HASH_LIMIT, hashBlob } from './hash.ts';
import { toHex } from './sha256.ts';

export interface Digest {
  sha256: string;
  size: number;
  /** Only with `keep`, for files read whole: the CRC-32 and the bytes that were hashed. */
  crc32?: number;
  bytes?: Uint8Array;
}

export interface DigestRequest {
  id: number;
  blob: Blob;
  keep: boolean;
}

export type DigestResponse =
  | { id: number; ok: true; sha256: string; size: number; crc32?: number; bytes?: Uint8Array }
  | { id: number; ok: false; error: string };

export async function digestBlob(
  blob: Blob,
  options: { keep?: boolean; signal?: AbortSignal; onChunk?: (bytes: number) => void } = {},
): Promise<Digest> {
  const { keep = false, signal, onChunk } = options;
  signal?.throwIfAborted();
  if (blob.size > NATIVE_HASH_LIMIT) {
    const { sha256, size } = await hashBlob(blob, { signal, onChunk });
    return { sha256, size };
  }
  const worker = digestWorker();
  const digest = worker ? await worker.run(blob, keep, signal) : await digestInline(blob, keep);
  signal?.throwIfAborted();
  onChunk?.(digest.size);
  return digest;
}

async function digestInline(blob: Blob, keep: boolean): Promise<Digest> {
  const bytes = new Uint8Array(await blob.arrayBuffer());
  const sha256 = toHex(new Uint8Array(await crypto.subtle.digest('SHA-256', bytes)));
  return keep ? { sha256, size: bytes.length, crc32: crc32(bytes), bytes } : { sha256, size: bytes.length };
}

interface Task {
  blob: Blob;
  keep: boolean;
  resolve: (digest: Digest) => void;
  reject: (error: unknown) => void;
}

/** One worker, started on first use and stopped after a few idle seconds. */
class DigestWorker {
  private worker: Worker | undefined;
  private readonly tasks = new Map<number, Task>();
  private nextId = 1;
  private idle: ReturnType<typeof setTimeout> | undefined;

  run(blob: Blob, keep: boolean, signal?: AbortSignal): Promise<Digest> {
    clearTimeout(this.idle);
    return new Promise<Digest>((resolve, reject) => {
      const id = this.nextId++;
      const onAbort = (): void => {
        this.tasks.delete(id);
        reject(signal!.reason);
      };
      signal?.addEventListener('abort', onAbort, { once: true });
      const done = (): void => signal?.removeEventListener('abort', onAbort);
      this.tasks.set(id, {
        blob,
        keep,
        resolve: (digest) => (done(), resolve(digest)),
        reject: (error) => (done(), reject(error)),
      });
      try {
        this.spawn().postMessage({ id, blob, keep } satisfies DigestRequest);
      } catch {
        this.fallBack();
      }
    });
  }

  private spawn(): Worker {
    if (this.worker) return this.worker;
    const worker = new Worker(new URL('./digest.worker.ts', import.meta.url), {
      type: 'module',
      name: 'rw-backup-digest',
    });
    worker.addEventListener('message', (event: MessageEvent<DigestResponse>) => {
      const reply = event.data;
      const task = this.tasks.get(reply.id);
      if (!task) return;
      this.tasks.delete(reply.id);
      if (reply.ok) {
        const { sha256, size, crc32: crc, bytes } = reply;
        task.resolve(bytes ? { sha256, size, crc32: crc, bytes } : { sha256, size });
      } else task.reject(new Error(reply.error));
      if (!this.tasks.size) this.idle = setTimeout(() => this.stop(), 5_000);
    });
    // A worker that cannot load (or dies): finish its tasks inline and stop using workers.
    worker.addEventListener('error', (event) => {
      event.preventDefault();
      this.fallBack();
    });
    this.worker = worker;
    return worker;
  }

  private fallBack(): void {
    this.stop();
    broken = true;
    const tasks = [...this.tasks.values()];
    this.tasks.clear();
    for (const task of tasks) digestInline(task.blob, task.keep).then(task.resolve, task.reject);
  }

  private stop(): void {
    this.worker?.terminate();
    this.worker = undefined;
  }
}

let shared: DigestWorker | undefined;
let broken = false;

function digestWorker(): DigestWorker | undefined {
  if (broken || typeof Worker === 'undefined') return undefined;
  shared ??= new DigestWorker();
  return shared;
}
