/** The `blobs` store: the bytes of assets, clips and thumbnails. Read only to show or export them. */
import type { DbConnection } from './schema.ts';
import { writeTx } from './tx.ts';

export interface OrphanSweep {
  /** Blob rows deleted. */
  count: number;
  /** Bytes those rows held. */
  bytes: number;
}

/**
 * Stores whose records point at blobs through `blobId` / `thumbId`. A store added later that owns
 * blobs (v3 episodes' stitched exports, say) must be listed here, or its bytes will be collected.
 */
const BLOB_OWNER_STORES = ['assets', 'videos'] as const;

export async function getBlob(db: DbConnection, id: string): Promise<Blob | undefined> {
  return (await db.get('blobs', id))?.blob;
}

/** Several blobs in one read transaction (thumbnails of a screen of rows), in the order asked. */
export async function getBlobs(db: DbConnection, ids: readonly string[]): Promise<(Blob | undefined)[]> {
  if (ids.length === 0) return [];
  const tx = db.transaction('blobs', 'readonly');
  const rows = await Promise.all(ids.map((id) => tx.store.get(id)));
  await tx.done;
  return rows.map((row) => row?.blob);
}

/** Writes (or replaces) one blob row. Throws `StorageFullError` when out of space. */
export async function putBlob(db: DbConnection, id: string, blob: Blob): Promise<void> {
  await writeTx(db, ['blobs'], async (tx) => {
    await tx.store.put({ id, blob });
  });
}

export async function deleteBlobs(db: DbConnection, ids: readonly string[]): Promise<void> {
  if (ids.length === 0) return;
  await writeTx(db, ['blobs'], async (tx) => {
    await Promise.all(ids.map((id) => tx.store.delete(id)));
  });
}

/**
 * Deletes blob rows no asset or video refers to (left by a crash, an old bug or an undo window that
 * closed) and reports what was freed. One transaction, so nothing can be saved half-way through it.
 */
export async function collectOrphanBlobs(db: DbConnection): Promise<OrphanSweep> {
  return writeTx(db, [...BLOB_OWNER_STORES, 'blobs'], async (tx) => {
    const referenced = new Set<string>();
    for (const storeName of BLOB_OWNER_STORES) {
      let cursor = await tx.objectStore(storeName).openCursor();
      while (cursor) {
        const { blobId, thumbId } = cursor.value;
        referenced.add(blobId);
        if (thumbId) referenced.add(thumbId);
        cursor = await cursor.continue();
      }
    }
    const blobs = tx.objectStore('blobs');
    const orphans: string[] = [];
    let keyCursor = await blobs.openKeyCursor();
    while (keyCursor) {
      if (!referenced.has(keyCursor.key)) orphans.push(keyCursor.key);
      keyCursor = await keyCursor.continue();
    }
    let bytes = 0;
    await Promise.all(
      orphans.map(async (id) => {
        const row = await blobs.get(id);
        bytes += row?.blob.size ?? 0;
        await blobs.delete(id);
      }),
    );
    return { count: orphans.length, bytes };
  });
}
