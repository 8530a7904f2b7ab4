/** The `assets` store: library metadata. Bytes go to `blobs` in the same transaction. */
import type { AssetKind, AssetRecord, BlobRecord } from '../types.ts';
import { readNewestFirst, matchesQuery, type PageAfter } from './paging.ts';
import type { DbConnection } from './schema.ts';
import { writeTx } from './tx.ts';

export interface AddAssetResult {
  asset: AssetRecord;
  /** False when an asset with the same SHA-256 already existed; nothing was written. */
  created: boolean;
}

/** What `deleteAsset` removed, to hand back to `restoreAsset` for undo. */
export interface DeletedAsset {
  asset: AssetRecord;
  blobs: BlobRecord[];
}

export interface ListAssetsOptions {
  kind?: AssetKind;
  /** Case-insensitive substring of the name or a tag. */
  query?: string;
  limit?: number;
  /** The last asset of the previous page. */
  after?: PageAfter;
}

/**
 * Stores an asset with its bytes (and thumbnail) atomically, unless the same bytes are already stored.
 * Compute the hash, thumbnail and `record` before calling. Throws `StorageFullError` when out of space.
 */
export async function addAsset(
  db: DbConnection,
  record: AssetRecord,
  blob: Blob,
  thumb?: Blob,
): Promise<AddAssetResult> {
  if (thumb && !record.thumbId) throw new TypeError('addAsset: a thumbnail needs record.thumbId');
  return writeTx(db, ['assets', 'blobs'], async (tx) => {
    const assets = tx.objectStore('assets');
    const existing = await assets.index('by-sha256').get(record.sha256);
    if (existing) return { asset: existing, created: false };
    // One request at a time, so a write that throws synchronously (DataCloneError) strands no other.
    const blobs = tx.objectStore('blobs');
    await assets.add(record);
    await blobs.add({ id: record.blobId, blob });
    if (thumb && record.thumbId) await blobs.add({ id: record.thumbId, blob: thumb });
    return { asset: record, created: true };
  });
}

export async function getAsset(db: DbConnection, id: string): Promise<AssetRecord | undefined> {
  return db.get('assets', id);
}

export async function findAssetBySha256(db: DbConnection, sha256: string): Promise<AssetRecord | undefined> {
  return db.getFromIndex('assets', 'by-sha256', sha256);
}

/** Newest first, filtered and paged. Reads only the `assets` store, never blob bytes. */
export async function listAssets(db: DbConnection, options: ListAssetsOptions = {}): Promise<AssetRecord[]> {
  const { kind, query, limit, after } = options;
  const index = db.transaction('assets').store.index('by-created');
  const filter =
    kind || query?.trim()
      ? (asset: AssetRecord) =>
          (!kind || asset.kind === kind) && matchesQuery(query, asset.name, ...asset.tags)
      : undefined;
  return readNewestFirst(index, { limit, after, filter });
}

export async function countAssets(db: DbConnection, kind?: AssetKind): Promise<number> {
  return kind ? db.countFromIndex('assets', 'by-kind', kind) : db.count('assets');
}

/** Renames an asset; resolves to the updated record, or undefined if it no longer exists. */
export async function renameAsset(
  db: DbConnection,
  id: string,
  name: string,
): Promise<AssetRecord | undefined> {
  return writeTx(db, ['assets'], async (tx) => {
    const asset = await tx.store.get(id);
    if (!asset) return undefined;
    const renamed = { ...asset, name };
    await tx.store.put(renamed);
    return renamed;
  });
}

/** Deletes an asset and its bytes atomically; resolves to what was removed (for undo), or undefined. */
export async function deleteAsset(db: DbConnection, id: string): Promise<DeletedAsset | undefined> {
  return writeTx(db, ['assets', 'blobs'], async (tx) => {
    const assets = tx.objectStore('assets');
    const blobStore = tx.objectStore('blobs');
    const asset = await assets.get(id);
    if (!asset) return undefined;
    const blobIds = [asset.blobId, asset.thumbId].filter((blobId): blobId is string => !!blobId);
    const blobs = (await Promise.all(blobIds.map((blobId) => blobStore.get(blobId)))).filter(
      (row): row is BlobRecord => !!row,
    );
    await Promise.all([assets.delete(id), ...blobIds.map((blobId) => blobStore.delete(blobId))]);
    return { asset, blobs };
  });
}

/** Undoes `deleteAsset`: puts the record and its bytes back in one transaction. */
export async function restoreAsset(db: DbConnection, deleted: DeletedAsset): Promise<void> {
  await writeTx(db, ['assets', 'blobs'], async (tx) => {
    const blobStore = tx.objectStore('blobs');
    await tx.objectStore('assets').put(deleted.asset);
    for (const row of deleted.blobs) await blobStore.put(row);
  });
}
