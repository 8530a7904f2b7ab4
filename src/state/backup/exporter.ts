/**
 * Streams the library (or one project) into a zip: records as NDJSON parts per store, every Blob as a
 * stored (uncompressed) media file, provider keys only when asked for and then encrypted, and a
 * manifest with the size and SHA-256 of every file, written last. Memory stays at a batch of records
 * plus one media file (≤ 64 MB, else streamed).
 */
import { Uint8ArrayReader } from '@zip.js/zip.js';
import type { BackupDb, BackupKey } from '../ports.ts';
import { BackupError, canceled, isAbort } from './errors.ts';
import { digestBlob } from './digest.ts';
import { hashBlob } from './hash.ts';
import { encryptJson } from './key-crypto.ts';
import {
  BACKUP_FORMAT,
  BACKUP_FORMAT_VERSION,
  KEYS_PATH,
  MANIFEST_PATH,
  type BackupFileInfo,
  type BackupManifest,
  type BackupScope,
  type BackupStoreEntry,
} from './manifest.ts';
import { ProgressMeter, type BackupProgress } from './progress.ts';
import { projectClosure } from './project-scope.ts';
import { encodeRecord } from './records.ts';
import { hashingStream } from './sha256.ts';
import { ZipWriter } from './zip.ts';

/** The settings row that holds the key lock; it never leaves the device. */
import { KEY_VAULT_SETTING } from './key-crypto.ts';
import { DEVICE_KEY_SETTING } from '../key-wrap.ts';
export { KEY_VAULT_SETTING };
const RECORDS_PER_PART = 500;
const ZIP32_LIMIT = 0xffff_ffff - 16 * 1024 * 1024;
/** Writes to the sink are gathered up to this size. */
const WRITE_BATCH = 4 * 1024 * 1024;

export interface ExportOptions {
  scope: BackupScope;
  appVersion: string;
  /** Plaintext keys by connection id, only when the user chose to include them; sealed with `passphrase`. */
  keys?: { passphrase: string; byConnection: Record<string, string> };
  /** Every stored key: the export stops rather than write one of them in the clear. */
  secrets?: readonly string[];
  signal?: AbortSignal;
  onProgress?: (progress: BackupProgress) => void;
  now?: () => Date;
}

export interface ExportSummary {
  manifest: BackupManifest;
  /** Bytes written to the sink. */
  bytes: number;
}

export async function exportBackup(
  db: BackupDb,
  sink: WritableStream<Uint8Array>,
  options: ExportOptions,
): Promise<ExportSummary> {
  const { signal } = options;
  const aborter = new AbortController();
  const stop = AbortSignal.any([aborter.signal, ...(signal ? [signal] : [])]);
  let written = 0;
  // Counts the bytes, and hands the sink few large writes (each write to a file is a round trip to the
  // browser process): small chunks (headers, records) are gathered up to WRITE_BATCH, large ones pass as
  // they are. Two chunks may queue on each side, so zip.js prepares the next while one is being written.
  let pending: Uint8Array[] = [];
  let pendingBytes = 0;
  const release = (controller: TransformStreamDefaultController<Uint8Array>): void => {
    if (!pendingBytes) return;
    const joined = pending.length === 1 ? pending[0]! : new Uint8Array(pendingBytes);
    if (pending.length > 1) {
      let at = 0;
      for (const part of pending) joined.set(part, (at += part.length) - part.length);
    }
    pending = [];
    pendingBytes = 0;
    controller.enqueue(joined);
  };
  const counter = new TransformStream<Uint8Array, Uint8Array>(
    {
      transform(chunk, controller) {
        written += chunk.length;
        if (chunk.length >= WRITE_BATCH) {
          release(controller);
          controller.enqueue(chunk);
          return;
        }
        pending.push(chunk);
        pendingBytes += chunk.length;
        if (pendingBytes >= WRITE_BATCH) release(controller);
      },
      flush: release,
    },
    { highWaterMark: 2 },
    { highWaterMark: 2 },
  );
  const piping = counter.readable.pipeTo(sink, { signal: stop });
  piping.catch(() => undefined);
  const zip = new ZipWriter(counter.writable, { level: 0, keepOrder: true, bufferedWrite: false });
  try {
    const manifest = await writeArchive(db, zip, () => written, options);
    await zip.close();
    await piping;
    return { manifest, bytes: written };
  } catch (error) {
    aborter.abort(error);
    await piping.catch(() => undefined);
    if (signal?.aborted || isAbort(error)) throw canceled('export');
    throw error;
  }
}

async function writeArchive(
  db: BackupDb,
  zip: ZipWriter<unknown>,
  written: () => number,
  options: ExportOptions,
): Promise<BackupManifest> {
  const { signal, scope } = options;
  const meter = new ProgressMeter('export', 0, (p) => options.onProgress?.(p));
  meter.setPhase('preparing');
  const stores = db.stores();
  const only = scope.kind === 'project' ? await projectClosure(db, scope.id) : undefined;
  const wanted = (store: string, key: BackupKey): boolean => !only || !!only.get(store)?.has(key);
  const skipStore = (store: string): boolean => !!only && store === 'settings';

  // A first pass over metadata only (Blob handles, never their bytes) for the progress total.
  let total = 0;
  for (const store of stores) {
    if (skipStore(store.name)) continue;
    await forEachBatch(db, store.name, signal, (rows) => {
      for (const row of rows)
        if (wanted(store.name, row.key)) encodeRecord(row.value, (blob) => ((total += blob.size), ''));
    });
  }
  meter.setPhase('exporting', total);

  const files: Record<string, BackupFileInfo> = {};
  const storeEntries: BackupStoreEntry[] = [];
  const counts: Record<string, number> = {};
  const media = { count: 0, bytes: 0 };
  const secrets = (options.secrets ?? []).filter((secret) => secret.length >= 8);
  const add = async (path: string, data: Uint8Array | Blob, size: number, crc32?: number): Promise<void> => {
    signal?.throwIfAborted();
    const zip64 = size >= ZIP32_LIMIT || written() + size >= ZIP32_LIMIT;
    if (data instanceof Uint8Array) {
      // With the CRC-32 already known (computed with the SHA-256), zip.js stores the bytes as they are,
      // read as views of the one buffer (a Uint8ArrayReader would copy every chunk first).
      if (crc32 !== undefined) {
        const options = { passThrough: true, compressionMethod: 0, crc32, uncompressedSize: size };
        await zip.add(path, viewsOf(data), { level: 0, zip64, signal, ...options });
      } else await zip.add(path, new Uint8ArrayReader(data), { level: 0, zip64, signal });
      return;
    }
    const tap = hashingStream((bytes) => meter.add(bytes));
    await zip.add(path, data.stream().pipeThrough(tap.stream), { level: 0, zip64, signal });
    files[path] = tap.result();
  };

  for (const store of stores) {
    if (skipStore(store.name)) continue;
    const entry: BackupStoreEntry = { name: store.name, keyPath: store.keyPath, parts: [], count: 0 };
    let part = 0;
    await forEachBatch(db, store.name, signal, async (rows) => {
      const lines: string[] = [];
      const blobs: Array<{ path: string; blob: Blob }> = [];
      for (const { key, value } of rows) {
        if (!wanted(store.name, key)) continue;
        const record = redact(store.name, key, value);
        if (record === undefined) continue;
        const encoded = encodeRecord(record, (blob) => {
          media.count += 1;
          const path = `media/${String(media.count).padStart(7, '0')}`;
          blobs.push({ path, blob });
          return path;
        });
        lines.push(JSON.stringify(encoded));
      }
      if (!lines.length) return;
      const text = lines.join('\n') + '\n';
      for (const secret of secrets) {
        if (text.includes(secret)) {
          throw new BackupError(
            'secret-leak',
            'Export stopped: a provider key would have been written unencrypted. Nothing usable was saved.',
          );
        }
      }
      part += 1;
      const path = `records/${safeName(store.name)}/${String(part).padStart(5, '0')}.ndjson`;
      const bytes = new TextEncoder().encode(text);
      const tap = hashingStream();
      await new Response(new Blob([bytes as BlobPart]).stream().pipeThrough(tap.stream)).arrayBuffer();
      files[path] = tap.result();
      await add(path, bytes, bytes.length);
      entry.parts.push(path);
      entry.count += lines.length;
      // Read and hash the next file while this one is written (one file of read-ahead).
      const digest = (blob: Blob) => quiet(digestBlob(blob, { keep: true, signal }));
      let next = blobs.length ? digest(blobs[0]!.blob) : undefined;
      for (const [index, { path: mediaPath, blob }] of blobs.entries()) {
        const hashed = await next!;
        next = index + 1 < blobs.length ? digest(blobs[index + 1]!.blob) : undefined;
        if (hashed.bytes) {
          files[mediaPath] = { size: hashed.size, sha256: hashed.sha256 };
          await add(mediaPath, hashed.bytes, hashed.size, hashed.crc32);
          meter.add(hashed.size);
        } else {
          await add(mediaPath, blob, blob.size);
          if (files[mediaPath]!.sha256 !== hashed.sha256) {
            throw new BackupError('corrupt', 'A stored file changed while it was being exported. Try again.');
          }
        }
        media.bytes += hashed.size;
      }
    });
    storeEntries.push(entry);
    counts[store.name] = entry.count;
  }

  if (options.keys) {
    const envelope = await encryptJson(options.keys.passphrase, options.keys.byConnection);
    const bytes = new TextEncoder().encode(
      JSON.stringify({ format: 'reelwright-keys', version: 1, envelope }),
    );
    const { sha256 } = await hashBlob(new Blob([bytes as BlobPart]));
    files[KEYS_PATH] = { size: bytes.length, sha256 };
    await add(KEYS_PATH, bytes, bytes.length);
  }

  const manifest: BackupManifest = {
    format: BACKUP_FORMAT,
    formatVersion: BACKUP_FORMAT_VERSION,
    app: { name: 'Reelwright', version: options.appVersion },
    dbVersion: db.version,
    created: (options.now?.() ?? new Date()).toISOString(),
    scope,
    stores: storeEntries,
    counts,
    media,
    keys: { included: !!options.keys },
    files,
  };
  const bytes = new TextEncoder().encode(JSON.stringify(manifest, null, 1));
  await zip.add(MANIFEST_PATH, new Uint8ArrayReader(bytes), { level: 0, signal });
  meter.emit(true);
  return manifest;
}

/** Provider keys never go into the records: connections lose `apiKey`, the key vault stays home. */
function redact(store: string, key: BackupKey, value: unknown): unknown {
  if (store !== 'settings') return value;
  if (key === KEY_VAULT_SETTING || key === DEVICE_KEY_SETTING) return undefined;
  const row = value as { key: string; value: unknown };
  if (key === 'connections' && Array.isArray(row.value)) {
    return {
      ...row,
      value: row.value.map((connection: Record<string, unknown>) => {
        const { apiKey: _dropped, wrappedKey: _wrapped, ...rest } = connection;
        return rest;
      }),
    };
  }
  return value;
}

async function forEachBatch(
  db: BackupDb,
  store: string,
  signal: AbortSignal | undefined,
  each: (rows: Array<{ key: BackupKey; value: unknown }>) => void | Promise<void>,
): Promise<void> {
  let after: BackupKey | undefined;
  for (;;) {
    signal?.throwIfAborted();
    const rows = await db.readBatch(store, after, RECORDS_PER_PART);
    if (rows.length) await each(rows);
    if (rows.length < RECORDS_PER_PART) return;
    after = rows.at(-1)!.key;
  }
}

/** The bytes as a stream of WRITE_BATCH views, made as they are pulled. */
function viewsOf(bytes: Uint8Array): ReadableStream<Uint8Array> {
  let at = 0;
  return new ReadableStream<Uint8Array>(
    {
      pull(controller) {
        if (at >= bytes.length) return controller.close();
        controller.enqueue(bytes.subarray(at, (at += WRITE_BATCH)));
      },
    },
    { highWaterMark: 0 },
  );
}

/** Marks a read-ahead promise as handled (it is awaited later, or dropped when the export stops). */
function quiet<T>(promise: Promise<T>): Promise<T> {
  promise.catch(() => undefined);
  return promise;
}

const safeName = (name: string): string => name.replace(/[^a-z0-9-]/gi, '_');
