/** The `settings` store: preferences, provider connections, budget — one row per key. */
import type { DbConnection } from './schema.ts';
import { writeTx } from './tx.ts';

/** The stored value, or `fallback` when the key was never set. */
export async function getSetting<T>(db: DbConnection, key: string, fallback: T): Promise<T> {
  const row = await db.get('settings', key);
  return row ? (row.value as T) : fallback;
}

/** Writes a setting (structured-cloneable values only). Throws `StorageFullError` when out of space. */
export async function setSetting<T>(db: DbConnection, key: string, value: T): Promise<void> {
  await writeTx(db, ['settings'], async (tx) => {
    await tx.store.put({ key, value });
  });
}

export async function deleteSetting(db: DbConnection, key: string): Promise<void> {
  await writeTx(db, ['settings'], async (tx) => {
    await tx.store.delete(key);
  });
}
