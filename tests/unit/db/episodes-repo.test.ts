import { describe, expect, it } from 'vitest';
import {
  deleteEpisode,
  getEpisode,
  listEpisodes,
  putEpisode,
  updateEpisode,
} from '../../../src/db/episodes-repo.ts';
import { deleteProject, listProjects, putProject } from '../../../src/db/projects-repo.ts';
import {
  addTake,
  getSegment,
  listSegments,
  putSegments,
  replaceSegments,
} from '../../../src/db/segments-repo.ts';
import type { EpisodeRecord, ProjectRecord, SegmentRecord } from '../../../src/types.ts';
import { freshDb } from './helpers.ts';

const project = (id: string, updated = 1): ProjectRecord => ({ id, title: id, created: 1, updated });
const episode = (id: string, projectId: string, created = 1): EpisodeRecord => ({
  id,
  projectId,
  title: id,
  targetSeconds: 75,
  aspect: '9:16',
  size: '720x1280',
  connectionId: 'local',
  model: 'local-preview',
  script: '',
  musicLevel: 0.3,
  captions: true,
  created,
  updated: created,
});
const segment = (id: string, episodeId: string, order: number): SegmentRecord => ({
  id,
  episodeId,
  order,
  title: id,
  prompt: id,
  caption: id,
  seconds: 4,
  continuity: 'cut',
  takeIds: [],
  created: 1,
  updated: 1,
});

describe('projects, episodes and segments repositories', () => {
  it('lists projects newest first and episodes per project oldest first', async () => {
    const db = await freshDb();
    await putProject(db, project('p1', 10));
    await putProject(db, project('p2', 20));
    await putEpisode(db, episode('e2', 'p1', 2));
    await putEpisode(db, episode('e1', 'p1', 1));
    await putEpisode(db, episode('x', 'p2', 3));
    expect((await listProjects(db)).map((p) => p.id)).toEqual(['p2', 'p1']);
    expect((await listEpisodes(db, 'p1')).map((e) => e.id)).toEqual(['e1', 'e2']);
    expect(await listEpisodes(db)).toHaveLength(3);
    expect(await updateEpisode(db, 'e1', { title: 'Pilot' })).toMatchObject({
      id: 'e1',
      title: 'Pilot',
      projectId: 'p1',
    });
    expect(await updateEpisode(db, 'gone', { title: 'x' })).toBeUndefined();
  });

  it('keeps segments in order, replaces a split atomically and adds a take only once', async () => {
    const db = await freshDb();
    await putSegments(db, [segment('s2', 'e1', 1), segment('s1', 'e1', 0), segment('o', 'e2', 0)]);
    expect((await listSegments(db, 'e1')).map((s) => s.id)).toEqual(['s1', 's2']);
    await replaceSegments(db, 'e1', [segment('n1', 'e1', 0)]);
    expect((await listSegments(db, 'e1')).map((s) => s.id)).toEqual(['n1']);
    expect(await getSegment(db, 'o')).toBeDefined();
    await addTake(db, 'n1', 'v1', 5);
    const twice = await addTake(db, 'n1', 'v1', 6);
    expect(twice?.takeIds).toEqual(['v1']);
    expect(await addTake(db, 'missing', 'v1', 7)).toBeUndefined();
  });

  it('deleting an episode deletes its segments; deleting a project deletes its episodes too', async () => {
    const db = await freshDb();
    await putProject(db, project('p'));
    await putEpisode(db, episode('e1', 'p'));
    await putEpisode(db, episode('e2', 'p'));
    await putSegments(db, [segment('a', 'e1', 0), segment('b', 'e2', 0)]);
    expect(await deleteEpisode(db, 'e1')).toBe(true);
    expect(await listSegments(db, 'e1')).toEqual([]);
    expect(await getEpisode(db, 'e2')).toBeDefined();
    expect(await deleteProject(db, 'p')).toBe(true);
    expect(await listEpisodes(db)).toEqual([]);
    expect(await getSegment(db, 'b')).toBeUndefined();
    expect(await deleteProject(db, 'p')).toBe(false);
  });
});
