/**
 * SHA-256 (and, for export, CRC-32 plus the bytes) of each backup file, in one read. Files up to
 * NATIVE_HASH_LIMIT are read and hashed in a worker where workers exist, so the page's thread only
 * writes (export) or sees a 64-character answer (import: the bytes never reach the page's heap); without
 * workers (tests, Node) the same work runs inline. Larger files are hashed as a stream by `hashBlob`.
 */
import { crc32 } from './crc32.ts';
import { NATIVE_HASH_LIMIT, hashBlob } from './hash.ts';
import { toHex } from './sha256.ts';
import { WorkerBridge, WorkerError, type Method } from '../../workers/bridge.ts';

export interface Digest {
  sha256: string;
  size: number;
  /** Only with `keep`, for files read whole: the CRC-32 and the bytes that were hashed. */
  crc32?: number;
  bytes?: Uint8Array;
}

export type DigestProtocol = {
  digest: Method<{ blob: Blob; keep: boolean }, Digest>;
};

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
  const digest = worker ? await digestInWorker(worker, blob, keep, signal) : await digestInline(blob, keep);
  signal?.throwIfAborted();
  onChunk?.(digest.size);
  return digest;
}

export async function digestInline(blob: Blob, keep: boolean): Promise<Digest> {
  const bytes = new Uint8Array(await blob.arrayBuffer());
  const sha256 = toHex(new Uint8Array(await crypto.subtle.digest('SHA-256', bytes)));
  return keep ? { sha256, size: bytes.length, crc32: crc32(bytes), bytes } : { sha256, size: bytes.length };
}

/** One worker, started on first use and stopped after a few idle seconds; aborting a digest terminates it. */
let shared: WorkerBridge<DigestProtocol> | undefined;
let broken = false;

function digestWorker(): WorkerBridge<DigestProtocol> | undefined {
  if (broken || typeof Worker === 'undefined') return undefined;
  return (shared ??= new WorkerBridge<DigestProtocol>({
    create: () =>
      new Worker(new URL('./digest.worker.ts', import.meta.url), {
        type: 'module',
        name: 'rw-backup-digest',
      }),
    label: 'backup digest',
    perWorker: Infinity,
    idleMs: 5_000,
  }));
}

async function digestInWorker(
  worker: WorkerBridge<DigestProtocol>,
  blob: Blob,
  keep: boolean,
  signal: AbortSignal | undefined,
): Promise<Digest> {
  try {
    return await worker.call('digest', { blob, keep }, { signal });
  } catch (error) {
    if (!(error instanceof WorkerError && error.kind === 'crashed')) throw error;
    // A worker that cannot load (or dies): finish this digest inline and stop using workers.
    broken = true;
    return digestInline(blob, keep);
  }
}
