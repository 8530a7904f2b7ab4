/**
 * The one way repositories write: a readwrite transaction whose failure (thrown, rejected or aborted)
 * leaves nothing half-written and surfaces quota failures as `StorageFullError`.
 */
import type { IDBPTransaction, StoreNames } from 'idb';
import { isQuotaError, StorageFullError, toStorageError } from './quota.ts';
import type { DbConnection, ReelwrightDB } from './schema.ts';

export type WriteTx<Names extends StoreNames<ReelwrightDB>[]> = IDBPTransaction<
  ReelwrightDB,
  Names,
  'readwrite'
>;

/**
 * Runs `work` in one readwrite transaction over `stores` and resolves once the transaction has committed.
 * `work` may only await IDB requests of `tx` (never a fetch, a hash or a timer): compute those first.
 */
export async function writeTx<const Names extends StoreNames<ReelwrightDB>[], T>(
  db: DbConnection,
  stores: Names,
  work: (tx: WriteTx<Names>) => Promise<T>,
): Promise<T> {
  let tx: WriteTx<Names>;
  try {
    tx = db.transaction(stores, 'readwrite');
  } catch (error) {
    throw toStorageError(error);
  }
  const done = tx.done;
  done.catch(() => undefined); // observed below; keeps an early failure from being reported as unhandled
  try {
    const result = await work(tx);
    await done;
    return result;
  } catch (error) {
    abortQuietly(tx);
    await done.catch(() => undefined);
    // A quota abort reports itself on the transaction; the failed request often only says "AbortError".
    const txError = tx.error;
    if (isQuotaError(txError) || isQuotaError(error)) throw new StorageFullError({ cause: txError ?? error });
    throw error;
  }
}

function abortQuietly(tx: { abort(): void }): void {
  try {
    tx.abort();
  } catch {
    // Already committed or aborted.
  }
}
