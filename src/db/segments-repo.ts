/** The `segments` store: an episode's beats, with their takes (video ids) and the approved one. */
import type { SegmentRecord } from '../types.ts';
import type { DbConnection } from './schema.ts';
import { writeTx } from './tx.ts';

/** An episode's segments in order. */
export async function listSegments(db: DbConnection, episodeId: string): Promise<SegmentRecord[]> {
  const rows = await db.getAllFromIndex('segments', 'by-episode', episodeId);
  return rows.sort((a, b) => a.order - b.order || a.created - b.created);
}

export async function getSegment(db: DbConnection, id: string): Promise<SegmentRecord | undefined> {
  return db.get('segments', id);
}

/** Writes several segments (a split, a reorder) atomically: all or none. */
export async function putSegments(db: DbConnection, segments: readonly SegmentRecord[]): Promise<void> {
  if (!segments.length) return;
  await writeTx(db, ['segments'], async (tx) => {
    for (const segment of segments) await tx.store.put(segment);
  });
}

/** Replaces an episode's segments with `segments` in one transaction (a fresh split). */
export async function replaceSegments(
  db: DbConnection,
  episodeId: string,
  segments: readonly SegmentRecord[],
): Promise<void> {
  await writeTx(db, ['segments'], async (tx) => {
    for (const id of await tx.store.index('by-episode').getAllKeys(episodeId)) await tx.store.delete(id);
    for (const segment of segments) await tx.store.put(segment);
  });
}

export async function deleteSegments(db: DbConnection, ids: readonly string[]): Promise<void> {
  if (!ids.length) return;
  await writeTx(db, ['segments'], async (tx) => {
    for (const id of ids) await tx.store.delete(id);
  });
}

/**
 * Adds a clip as a take of a segment, read and written in one transaction so two tabs (or a replayed
 * job) never add it twice. Resolves to the segment, or undefined if it is gone.
 */
export async function addTake(
  db: DbConnection,
  segmentId: string,
  videoId: string,
  now: number,
): Promise<SegmentRecord | undefined> {
  return writeTx(db, ['segments'], async (tx) => {
    const segment = await tx.store.get(segmentId);
    if (!segment) return undefined;
    if (segment.takeIds.includes(videoId)) return segment;
    const updated: SegmentRecord = { ...segment, takeIds: [...segment.takeIds, videoId], updated: now };
    await tx.store.put(updated);
    return updated;
  });
}
