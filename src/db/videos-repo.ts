/** The `videos` store: generated clips' metadata. Bytes go to `blobs` in the same transaction. */
import type { BlobRecord, VideoRecord } from '../types.ts';
import { readNewestFirst, type PageAfter } from './paging.ts';
import type { DbConnection } from './schema.ts';
import { writeTx } from './tx.ts';

export type VideoPatch = Partial<Omit<VideoRecord, 'id'>>;

/** What `deleteVideo` removed, to hand back to `restoreVideo` for undo. */
export interface DeletedVideo {
  video: VideoRecord;
  blobs: BlobRecord[];
}

export interface ListVideosOptions {
  limit?: number;
  /** The last video of the previous page. */
  after?: PageAfter;
}

/**
 * Stores a clip with its MP4 (and thumbnail) atomically. Idempotent for the same record, so a job
 * runner resuming after a crash may call it again. Throws `StorageFullError` when out of space.
 */
export async function saveClip(
  db: DbConnection,
  video: VideoRecord,
  blob: Blob,
  thumb?: Blob,
): Promise<VideoRecord> {
  if (thumb && !video.thumbId) throw new TypeError('saveClip: a thumbnail needs video.thumbId');
  return writeTx(db, ['videos', 'blobs'], async (tx) => {
    // One request at a time, so a write that throws synchronously (DataCloneError) strands no other.
    const blobs = tx.objectStore('blobs');
    await tx.objectStore('videos').put(video);
    await blobs.put({ id: video.blobId, blob });
    if (thumb && video.thumbId) await blobs.put({ id: video.thumbId, blob: thumb });
    return video;
  });
}

export async function getVideo(db: DbConnection, id: string): Promise<VideoRecord | undefined> {
  return db.get('videos', id);
}

/** The clips a job produced (a job may make several variants). */
export async function findVideosByJob(db: DbConnection, jobId: string): Promise<VideoRecord[]> {
  return db.getAllFromIndex('videos', 'by-job', jobId);
}

/** Newest first, paged. Reads only the `videos` store, never blob bytes. */
export async function listVideos(db: DbConnection, options: ListVideosOptions = {}): Promise<VideoRecord[]> {
  return readNewestFirst(db.transaction('videos').store.index('by-created'), options);
}

export async function countVideos(db: DbConnection): Promise<number> {
  return db.count('videos');
}

/** Merges `patch` into a clip; resolves to the updated record, or undefined if it no longer exists. */
export async function updateVideo(
  db: DbConnection,
  id: string,
  patch: VideoPatch,
): Promise<VideoRecord | undefined> {
  return writeTx(db, ['videos'], async (tx) => {
    const video = await tx.store.get(id);
    if (!video) return undefined;
    const updated: VideoRecord = { ...video, ...patch, id };
    await tx.store.put(updated);
    return updated;
  });
}

/** Deletes a clip and its bytes atomically; resolves to what was removed (for undo), or undefined. */
export async function deleteVideo(db: DbConnection, id: string): Promise<DeletedVideo | undefined> {
  return writeTx(db, ['videos', 'blobs'], async (tx) => {
    const videos = tx.objectStore('videos');
    const blobStore = tx.objectStore('blobs');
    const video = await videos.get(id);
    if (!video) return undefined;
    // The clip, its poster and its scrub sprite: none of them may outlive the row (orphans).
    const blobIds = [video.blobId, video.thumbId, video.spriteId].filter(
      (blobId): blobId is string => !!blobId,
    );
    const blobs = (await Promise.all(blobIds.map((blobId) => blobStore.get(blobId)))).filter(
      (row): row is BlobRecord => !!row,
    );
    await Promise.all([videos.delete(id), ...blobIds.map((blobId) => blobStore.delete(blobId))]);
    return { video, blobs };
  });
}

/** Undoes `deleteVideo`: puts the record and its bytes back in one transaction. */
export async function restoreVideo(db: DbConnection, deleted: DeletedVideo): Promise<void> {
  await writeTx(db, ['videos', 'blobs'], async (tx) => {
    const blobStore = tx.objectStore('blobs');
    await tx.objectStore('videos').put(deleted.video);
    for (const row of deleted.blobs) await blobStore.put(row);
  });
}
