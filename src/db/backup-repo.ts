/**
 * Store-agnostic access for backup, restore and the storage panel. It walks `db.objectStoreNames`, so
 * stores added by later schema versions are exported and imported without a change here.
 */
import type { StoreNames } from 'idb';
import type { BackupDb, BackupKey, BackupStoreInfo } from '../state/ports.ts';
import { collectOrphanBlobs } from './blobs-repo.ts';
import type { DbConnection, ReelwrightDB } from './schema.ts';
import { writeTx } from './tx.ts';

/** The idb typings only know the stores of this schema version; backup code works with any name. */
const asStore = (name: string): StoreNames<ReelwrightDB> => name as StoreNames<ReelwrightDB>;

export function storeInfos(db: DbConnection): BackupStoreInfo[] {
  const names = [...db.objectStoreNames];
  if (!names.length) return [];
  const tx = db.transaction(names, 'readonly');
  const infos = names.map((name) => {
    const store = tx.objectStore(name);
    if (typeof store.keyPath !== 'string') throw new Error(`The “${name}” store has no simple key path.`);
    const uniqueIndexes = [...store.indexNames].flatMap((indexName) => {
      const index = store.index(indexName as never) as unknown as IDBIndex;
      return index.unique && typeof index.keyPath === 'string'
        ? [{ name: indexName, keyPath: index.keyPath }]
        : [];
    });
    return { name, keyPath: store.keyPath, uniqueIndexes };
  });
  tx.done.catch(() => undefined);
  return infos;
}

export async function readBatch(
  db: DbConnection,
  store: string,
  after: BackupKey | undefined,
  limit: number,
): Promise<Array<{ key: BackupKey; value: unknown }>> {
  const range = after === undefined ? undefined : IDBKeyRange.lowerBound(after, true);
  const tx = db.transaction(asStore(store), 'readonly');
  const [keys, values] = await Promise.all([
    tx.store.getAllKeys(range as never, limit),
    tx.store.getAll(range as never, limit),
  ]);
  return keys.map((key, i) => ({ key: key as BackupKey, value: values[i] }));
}

export async function hasKeys(
  db: DbConnection,
  store: string,
  keys: readonly BackupKey[],
): Promise<boolean[]> {
  const tx = db.transaction(asStore(store), 'readonly');
  return Promise.all(keys.map(async (key) => (await tx.store.count(key as never)) > 0));
}

export async function hasIndexValues(
  db: DbConnection,
  store: string,
  index: string,
  values: readonly unknown[],
): Promise<boolean[]> {
  const source = db.transaction(asStore(store), 'readonly').store.index(index as never) as unknown as {
    count(query: IDBValidKey): Promise<number>;
  };
  return Promise.all(values.map(async (value) => (await source.count(value as IDBValidKey)) > 0));
}

export async function addAll(
  db: DbConnection,
  rows: ReadonlyArray<{ store: string; value: unknown }>,
): Promise<void> {
  if (!rows.length) return;
  const names = [...new Set(rows.map((row) => asStore(row.store)))];
  await writeTx(db, names, async (tx) => {
    // One request at a time, so a write that throws synchronously strands no other.
    for (const row of rows) await tx.objectStore(asStore(row.store)).add(row.value as never);
  });
}

export async function deleteAll(
  db: DbConnection,
  keys: ReadonlyArray<{ store: string; key: BackupKey }>,
): Promise<void> {
  if (!keys.length) return;
  const names = [...new Set(keys.map((row) => asStore(row.store)))];
  await writeTx(db, names, async (tx) => {
    await Promise.all(keys.map((row) => tx.objectStore(asStore(row.store)).delete(row.key as never)));
  });
}

export async function writeSettings(
  db: DbConnection,
  rows: ReadonlyArray<{ key: string; value: unknown }>,
  remove: readonly string[] = [],
): Promise<void> {
  await writeTx(db, ['settings'], async (tx) => {
    for (const row of rows) await tx.store.put({ key: row.key, value: row.value });
    for (const key of remove) await tx.store.delete(key);
  });
}

/** Per store: how many records and the sum of their numeric `bytes` fields. Never reads blob bytes. */
export async function storeUsage(
  db: DbConnection,
): Promise<Record<string, { count: number; bytes: number }>> {
  const usage: Record<string, { count: number; bytes: number }> = {};
  for (const name of [...db.objectStoreNames].map(asStore)) {
    const store = db.transaction(name, 'readonly').store;
    if (name === 'blobs') {
      // Blob rows carry no metadata; counting keys keeps their bytes unread.
      usage[name] = { count: await store.count(), bytes: 0 };
      continue;
    }
    let count = 0;
    let bytes = 0;
    let cursor = await store.openCursor();
    while (cursor) {
      count += 1;
      const value = cursor.value as { bytes?: unknown };
      if (typeof value.bytes === 'number' && Number.isFinite(value.bytes)) bytes += value.bytes;
      cursor = await cursor.continue();
    }
    usage[name] = { count, bytes };
  }
  return usage;
}

export async function wipeAll(db: DbConnection): Promise<void> {
  const names = [...db.objectStoreNames].map(asStore);
  if (!names.length) return;
  await writeTx(db, names, async (tx) => {
    await Promise.all(names.map((name) => tx.objectStore(name).clear()));
  });
}

/** The repositories above bound to one open connection, as the backup code's port. */
export function createBackupDb(db: DbConnection): BackupDb {
  return {
    version: db.version,
    stores: () => storeInfos(db),
    readBatch: (store, after, limit) => readBatch(db, store, after, limit),
    get: (store, key) => db.get(asStore(store), key as never),
    hasKeys: (store, keys) => hasKeys(db, store, keys),
    hasIndexValues: (store, index, values) => hasIndexValues(db, store, index, values),
    addAll: (rows) => addAll(db, rows),
    deleteAll: (keys) => deleteAll(db, keys),
    writeSettings: (rows, remove) => writeSettings(db, rows, remove),
    usage: () => storeUsage(db),
    collectOrphans: () => collectOrphanBlobs(db),
    wipe: () => wipeAll(db),
  };
}
