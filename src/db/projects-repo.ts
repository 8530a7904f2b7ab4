/** The `projects` store: series. Deleting one deletes its episodes and segments (clips stay in the library). */
import type { ProjectRecord } from '../types.ts';
import type { DbConnection } from './schema.ts';
import { writeTx } from './tx.ts';

export async function putProject(db: DbConnection, project: ProjectRecord): Promise<ProjectRecord> {
  return writeTx(db, ['projects'], async (tx) => {
    await tx.store.put(project);
    return project;
  });
}

export async function getProject(db: DbConnection, id: string): Promise<ProjectRecord | undefined> {
  return db.get('projects', id);
}

/** Most recently changed first. */
export async function listProjects(db: DbConnection): Promise<ProjectRecord[]> {
  return (await db.getAllFromIndex('projects', 'by-updated')).reverse();
}

/** Deletes a project with its episodes and their segments in one transaction; false if it did not exist. */
export async function deleteProject(db: DbConnection, id: string): Promise<boolean> {
  return writeTx(db, ['projects', 'episodes', 'segments'], async (tx) => {
    const projects = tx.objectStore('projects');
    if (!(await projects.get(id))) return false;
    const episodes = tx.objectStore('episodes');
    const segments = tx.objectStore('segments');
    const episodeIds = await episodes.index('by-project').getAllKeys(id);
    for (const episodeId of episodeIds) {
      for (const segmentId of await segments.index('by-episode').getAllKeys(episodeId))
        await segments.delete(segmentId);
      await episodes.delete(episodeId);
    }
    await projects.delete(id);
    return true;
  });
}
