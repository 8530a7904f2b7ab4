/**
 * Reads a backup back in. Phase 1 (checking) reads the zip directory and manifest and hashes every file
 * the manifest lists, before anything is written; any problem is a specific `BackupError` and nothing
 * changes. Phase 2 (writing) adds only what the library lacks (same key, or same value of a unique index
 * such as an asset's SHA-256, is a duplicate): media records in small batches, each batch's keys kept in a
 * journal, then every other record in one final transaction. A cancel or failure before that commit
 * deletes exactly the journalled keys, so the library is left exactly as it was.
 */
import type { BackupDb, BackupKey, BackupStoreInfo } from '../ports.ts';
import { BackupError, canceled, isAbort } from './errors.ts';
import { digestBlob } from './digest.ts';
import { KEY_VAULT_SETTING } from './exporter.ts';
import { DEVICE_KEY_SETTING } from '../key-wrap.ts';
import { WrongPassphraseError, decryptJson, isEnvelope } from './key-crypto.ts';
import { KEYS_PATH, MANIFEST_PATH, parseManifest, type BackupManifest } from './manifest.ts';
import { neutraliseImportedJob } from './imported-jobs.ts';
import { ProgressMeter, type BackupProgress } from './progress.ts';
import { blobRefs, decodeRecord, stringsIn, type BlobRef } from './records.ts';
import { checkRecord } from './schemas.ts';
import { ZIP_LIMITS, entryBlob, openZip } from './zip.ts';

/** A media batch: at most this many records or bytes per transaction. */
const BATCH_RECORDS = 16;
const BATCH_BYTES = 64 * 1024 * 1024;

export interface ImportOptions {
  /** Needed only to import the keys of a backup that includes them. */
  passphrase?: string;
  signal?: AbortSignal;
  onProgress?: (progress: BackupProgress) => void;
  /** Test hook: runs after each committed media batch (e.g. to cancel mid-import). */
  afterBatch?: (written: number) => void;
}

export interface ImportSummary {
  manifest: BackupManifest;
  /** Records added per store. */
  added: Record<string, number>;
  /** Records already in the library (same id, or same content), per store. */
  duplicates: Record<string, number>;
  mediaAdded: { count: number; bytes: number };
  /** Connections from the backup (without keys); the store merges them. */
  connections: Array<Record<string, unknown>>;
  /** Decrypted keys by connection id, when the backup has them and the passphrase opened them. */
  keys?: Record<string, string>;
  /** Why keys in the backup were not imported. */
  keysSkipped?: string;
}

interface ParsedRecord {
  store: string;
  key: BackupKey;
  /** As parsed from JSON, blob references unresolved. */
  raw: Record<string, unknown>;
  refs: BlobRef[];
}

export async function importBackup(
  db: BackupDb,
  file: Blob,
  options: ImportOptions = {},
): Promise<ImportSummary> {
  const { signal } = options;
  const meter = new ProgressMeter('import', 0, (p) => options.onProgress?.(p));
  const { reader, entries } = await openZip(file);
  try {
    // ——— phase 1: check everything, write nothing ———
    const manifestEntry = entries.get(MANIFEST_PATH);
    if (!manifestEntry) {
      throw new BackupError(
        'foreign',
        'This zip is not a Reelwright backup: it has no Reelwright manifest. Choose a file made with “Export library”.',
      );
    }
    const manifest = parseManifest(
      await (await entryBlob(file, manifestEntry, ZIP_LIMITS.manifestBytes)).text(),
      db.version,
    );
    const listed = Object.entries(manifest.files);
    const total = listed.reduce((sum, [, info]) => sum + info.size, 0);
    meter.setPhase('checking', total * 2);
    const blobs = new Map<string, Blob>();
    // Every file's cap: what the manifest says it holds (NDJSON parts at most 64 MB).
    const limitOf = (path: string): number => {
      const size = manifest.files[path]!.size;
      return path.endsWith('.ndjson') ? Math.min(size, ZIP_LIMITS.partBytes) : size;
    };
    for (const [path] of listed) {
      const entry = entries.get(path);
      if (!entry) {
        throw new BackupError(
          'missing-file',
          `This backup is incomplete: ${path} is missing. Nothing was imported.`,
        );
      }
      // Declared sizes are checked for every file before the first one is read or inflated.
      const declared = Math.max(
        entry.uncompressedSize,
        entry.compressionMethod === 0 ? entry.compressedSize : 0,
      );
      if (declared > limitOf(path)) {
        throw new BackupError(
          'corrupt',
          `This backup is damaged: ${path} declares ${declared} bytes, but may hold at most ${limitOf(path)}. Nothing was imported.`,
        );
      }
    }
    // Hash the next file while this one is compared (one file of read-ahead).
    // Only the digest comes back (hashed in a worker where there is one): no file's bytes stay alive.
    const check = (path: string) =>
      entryBlob(file, entries.get(path)!, limitOf(path)).then(async (blob) => ({
        blob,
        hashed: await digestBlob(blob, { signal, onChunk: (bytes) => meter.add(bytes) }),
      }));
    let next = listed.length ? check(listed[0]![0]) : undefined;
    next?.catch(() => undefined);
    for (const [index, [path, info]] of listed.entries()) {
      signal?.throwIfAborted();
      const { blob, hashed } = await next!;
      next = index + 1 < listed.length ? check(listed[index + 1]![0]) : undefined;
      next?.catch(() => undefined);
      if (hashed.size !== info.size || hashed.sha256 !== info.sha256) {
        throw new BackupError(
          'checksum',
          `This backup is damaged: ${path} does not match its checksum. Nothing was imported.`,
        );
      }
      blobs.set(path, blob);
    }
    const stores = new Map(db.stores().map((store) => [store.name, store]));
    const records = await parseRecords(manifest, blobs, stores);
    const connections = takeConnections(records);
    const { keys, keysSkipped } = await openKeys(manifest, blobs, options.passphrase);
    signal?.throwIfAborted();

    // ——— phase 2: decide what is new, then write it with a journal ———
    const plan = await planWrites(db, records, stores);
    const mediaBytes = plan.media.reduce((sum, r) => sum + r.refs.reduce((s, ref) => s + ref.size, 0), 0);
    meter.setPhase('writing', total + mediaBytes);
    const journal: Array<{ store: string; key: BackupKey }> = [];
    const resolve = (ref: BlobRef): Blob => {
      const blob = blobs.get(ref[`$rwBlob`]);
      if (!blob)
        throw new BackupError('missing-file', `This backup is incomplete: ${ref.$rwBlob} is missing.`);
      return ref.type && blob.type !== ref.type ? blob.slice(0, blob.size, ref.type) : blob;
    };
    try {
      let batch: ParsedRecord[] = [];
      let batchBytes = 0;
      const flush = async (): Promise<void> => {
        if (!batch.length) return;
        signal?.throwIfAborted();
        await db.addAll(batch.map((r) => ({ store: r.store, value: decodeRecord(r.raw, resolve) })));
        journal.push(...batch.map((r) => ({ store: r.store, key: r.key })));
        meter.add(batchBytes);
        batch = [];
        batchBytes = 0;
        options.afterBatch?.(journal.length);
      };
      for (const record of plan.media) {
        batch.push(record);
        batchBytes += record.refs.reduce((sum, ref) => sum + ref.size, 0);
        if (batch.length >= BATCH_RECORDS || batchBytes >= BATCH_BYTES) await flush();
      }
      await flush();
      signal?.throwIfAborted();
      // The commit point: every other record in one transaction.
      await db.addAll(plan.rest.map((r) => ({ store: r.store, value: decodeRecord(r.raw, resolve) })));
    } catch (error) {
      meter.setPhase('rolling-back');
      await db.deleteAll(journal);
      throw error;
    }
    meter.emit(true);
    return {
      manifest,
      added: countByStore([...plan.media, ...plan.rest]),
      duplicates: plan.duplicates,
      mediaAdded: { count: plan.media.reduce((n, r) => n + r.refs.length, 0), bytes: mediaBytes },
      connections,
      keys,
      keysSkipped,
    };
  } catch (error) {
    if (signal?.aborted || isAbort(error)) throw canceled('import');
    throw error;
  } finally {
    await reader.close().catch(() => undefined);
  }
}

async function parseRecords(
  manifest: BackupManifest,
  blobs: Map<string, Blob>,
  stores: Map<string, BackupStoreInfo>,
): Promise<ParsedRecord[]> {
  const records: ParsedRecord[] = [];
  for (const entry of manifest.stores) {
    const store = stores.get(entry.name);
    if (!store) {
      throw new BackupError(
        'newer-version',
        `This backup has “${entry.name}” records, which this version of Reelwright does not know. Update Reelwright, then import it again.`,
      );
    }
    for (const part of entry.parts) {
      const lines = (await blobs.get(part)!.text()).split('\n');
      for (const [index, line] of lines.entries()) {
        if (!line.trim()) continue;
        const bad = (): BackupError =>
          new BackupError(
            'bad-record',
            `This backup is damaged: record ${index + 1} of ${part} cannot be read. Nothing was imported.`,
          );
        let raw: unknown;
        try {
          raw = JSON.parse(line);
        } catch {
          throw bad();
        }
        if (!raw || typeof raw !== 'object' || Array.isArray(raw)) throw bad();
        const key = Object.hasOwn(raw, store.keyPath)
          ? (raw as Record<string, unknown>)[store.keyPath]
          : undefined;
        if (typeof key !== 'string' && typeof key !== 'number') throw bad();
        // Every record is held to its store's schema before anything is written; one bad line refuses all.
        const checked = checkRecord(entry.name, raw);
        if (!checked.ok) {
          throw new BackupError(
            'bad-record',
            `This backup is damaged: line ${index + 1} of ${part} (a ${entry.name} record) is not valid — ${checked.problem}. Nothing was imported.`,
          );
        }
        const refs = blobRefs(raw);
        for (const ref of refs) {
          const blob = blobs.get(ref.$rwBlob);
          if (!blob || !ref.$rwBlob.startsWith('media/')) {
            throw new BackupError(
              'missing-file',
              `This backup is incomplete: ${ref.$rwBlob} is missing. Nothing was imported.`,
            );
          }
          if (blob.size !== ref.size) throw bad();
        }
        const record = raw as Record<string, unknown>;
        records.push({
          store: entry.name,
          key,
          raw: entry.name === 'jobs' ? neutraliseImportedJob(record) : record,
          refs,
        });
      }
    }
  }
  return records;
}

/** Connections are merged by the store (they may carry keys); the vault row is never imported. */
function takeConnections(records: ParsedRecord[]): Array<Record<string, unknown>> {
  let connections: Array<Record<string, unknown>> = [];
  for (let i = records.length - 1; i >= 0; i -= 1) {
    const record = records[i]!;
    if (record.store !== 'settings') continue;
    if (
      record.key === 'connections' ||
      record.key === KEY_VAULT_SETTING ||
      record.key === DEVICE_KEY_SETTING
    ) {
      if (record.key === 'connections' && Array.isArray(record.raw.value)) {
        connections = (record.raw.value as unknown[]).filter(
          (c): c is Record<string, unknown> =>
            !!c && typeof c === 'object' && typeof (c as { id?: unknown }).id === 'string',
        );
      }
      records.splice(i, 1);
    }
  }
  return connections.map(({ apiKey: _dropped, wrappedKey: _wrapped, ...rest }) => rest);
}

async function openKeys(
  manifest: BackupManifest,
  blobs: Map<string, Blob>,
  passphrase: string | undefined,
): Promise<{ keys?: Record<string, string>; keysSkipped?: string }> {
  if (!manifest.keys.included) return {};
  if (!passphrase)
    return {
      keysSkipped:
        'The backup includes encrypted keys; they were not imported because no passphrase was given.',
    };
  const file = blobs.get(KEYS_PATH);
  if (!file)
    throw new BackupError(
      'missing-file',
      `This backup is incomplete: ${KEYS_PATH} is missing. Nothing was imported.`,
    );
  let envelope: unknown;
  try {
    envelope = (JSON.parse(await file.text()) as { envelope?: unknown }).envelope;
  } catch {
    envelope = undefined;
  }
  if (!isEnvelope(envelope))
    throw new BackupError(
      'corrupt',
      'This backup is damaged: its encrypted keys cannot be read. Nothing was imported.',
    );
  try {
    const { value } = await decryptJson<unknown>(passphrase, envelope);
    // Connection ids come from the file: a null-prototype map, so `keys['constructor']` is never inherited.
    const keys = Object.create(null) as Record<string, string>;
    if (value && typeof value === 'object' && !Array.isArray(value)) {
      for (const [id, key] of Object.entries(value)) {
        if (typeof key === 'string' && key.length <= 10_000) keys[id] = key;
      }
    }
    return { keys };
  } catch (error) {
    if (error instanceof WrongPassphraseError) {
      throw new BackupError(
        'passphrase',
        'Wrong passphrase for the keys in this backup. Nothing was imported; check the passphrase and try again, or leave it empty to import without keys.',
      );
    }
    throw error;
  }
}

async function planWrites(
  db: BackupDb,
  records: ParsedRecord[],
  stores: Map<string, BackupStoreInfo>,
): Promise<{ media: ParsedRecord[]; rest: ParsedRecord[]; duplicates: Record<string, number> }> {
  const duplicates: Record<string, number> = {};
  const fresh: ParsedRecord[] = [];
  const byStore = new Map<string, ParsedRecord[]>();
  for (const record of records) byStore.set(record.store, [...(byStore.get(record.store) ?? []), record]);
  for (const [name, list] of byStore) {
    const store = stores.get(name)!;
    const exists = await db.hasKeys(
      name,
      list.map((r) => r.key),
    );
    const taken = await Promise.all(
      store.uniqueIndexes.map((index) =>
        db.hasIndexValues(
          name,
          index.name,
          list.map((r) => r.raw[index.keyPath] ?? null),
        ),
      ),
    );
    const seenKeys = new Set<BackupKey>();
    const seenUnique = store.uniqueIndexes.map(() => new Set<unknown>());
    list.forEach((record, i) => {
      const unique = store.uniqueIndexes.map((index) => record.raw[index.keyPath]);
      const duplicate =
        exists[i] ||
        seenKeys.has(record.key) ||
        unique.some((value, u) => value !== undefined && (taken[u]![i] || seenUnique[u]!.has(value)));
      if (duplicate) {
        duplicates[name] = (duplicates[name] ?? 0) + 1;
        return;
      }
      seenKeys.add(record.key);
      unique.forEach((value, u) => value !== undefined && seenUnique[u]!.add(value));
      fresh.push(record);
    });
  }
  // A row of the `blobs` store is only worth writing if something being added points at it.
  const referenced = new Set<string>();
  for (const record of fresh) if (!record.refs.length) stringsIn(record.raw, referenced);
  const media: ParsedRecord[] = [];
  const rest: ParsedRecord[] = [];
  for (const record of fresh) {
    if (!record.refs.length) rest.push(record);
    else if (record.store !== 'blobs' || referenced.has(String(record.key))) media.push(record);
    else duplicates[record.store] = (duplicates[record.store] ?? 0) + 1;
  }
  return { media, rest, duplicates };
}

function countByStore(records: ParsedRecord[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const record of records) counts[record.store] = (counts[record.store] ?? 0) + 1;
  return counts;
}
