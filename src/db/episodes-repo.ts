/** The `episodes` store. Deleting an episode deletes its segments; its takes and stitched cut stay in the library. */
import type { EpisodeRecord } from '../types.ts';
import type { DbConnection } from './schema.ts';
import { writeTx } from './tx.ts';

export type EpisodePatch = Partial<Omit<EpisodeRecord, 'id' | 'projectId' | 'created'>>;

export async function putEpisode(db: DbConnection, episode: EpisodeRecord): Promise<EpisodeRecord> {
  return writeTx(db, ['episodes'], async (tx) => {
    await tx.store.put(episode);
    return episode;
  });
}

export async function getEpisode(db: DbConnection, id: string): Promise<EpisodeRecord | undefined> {
  return db.get('episodes', id);
}

/** Merges `patch` (read and written in one transaction); undefined if the episode is gone. */
export async function updateEpisode(
  db: DbConnection,
  id: string,
  patch: EpisodePatch,
): Promise<EpisodeRecord | undefined> {
  return writeTx(db, ['episodes'], async (tx) => {
    const episode = await tx.store.get(id);
    if (!episode) return undefined;
    const updated: EpisodeRecord = { ...episode, ...patch, id };
    await tx.store.put(updated);
    return updated;
  });
}

/** Every episode (or one project's), oldest first. */
export async function listEpisodes(db: DbConnection, projectId?: string): Promise<EpisodeRecord[]> {
  const rows = projectId
    ? await db.getAllFromIndex('episodes', 'by-project', projectId)
    : await db.getAll('episodes');
  return rows.sort((a, b) => a.created - b.created || a.id.localeCompare(b.id));
}

export async function deleteEpisode(db: DbConnection, id: string): Promise<boolean> {
  return writeTx(db, ['episodes', 'segments'], async (tx) => {
    const episodes = tx.objectStore('episodes');
    if (!(await episodes.get(id))) return false;
    const segments = tx.objectStore('segments');
    for (const segmentId of await segments.index('by-episode').getAllKeys(id))
      await segments.delete(segmentId);
    await episodes.delete(id);
    return true;
  });
}
