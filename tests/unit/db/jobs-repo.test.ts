import { describe, expect, it } from 'vitest';
import { deleteJob, getJob, listActiveJobs, listJobs, putJob, updateJob } from '../../../src/db/jobs-repo.ts';
import { freshDb, makeJob } from './helpers.ts';

describe('jobs repository', () => {
  it('lists the jobs to resume — every non-terminal status, oldest first', async () => {
    const db = await freshDb();
    const jobs = [
      makeJob('running', 30, { id: 'running' }),
      makeJob('done', 5, { id: 'done' }),
      makeJob('waiting', 20, { id: 'waiting' }),
      makeJob('failed', 1, { id: 'failed' }),
      makeJob('submitting', 10, { id: 'submitting' }),
      makeJob('downloading', 40, { id: 'downloading' }),
      makeJob('queued', 15, { id: 'queued' }),
      makeJob('unknown', 2, { id: 'unknown' }),
      makeJob('canceled', 3, { id: 'canceled' }),
      makeJob('expired', 4, { id: 'expired' }),
    ];
    for (const job of jobs) await putJob(db, job);

    expect((await listActiveJobs(db)).map((j) => j.id)).toEqual([
      'submitting',
      'queued',
      'waiting',
      'running',
      'downloading',
    ]);
    expect((await listJobs(db)).map((j) => j.created)).toEqual([1, 2, 3, 4, 5, 10, 15, 20, 30, 40]);
    expect((await listJobs(db, { statuses: ['done', 'failed'] })).map((j) => j.id)).toEqual([
      'failed',
      'done',
    ]);
  });

  it('updates a job in one read-modify-write and stamps updated', async () => {
    const db = await freshDb();
    const job = makeJob('queued', 100, { id: 'j1' });
    await putJob(db, job);

    const running = await updateJob(db, 'j1', { status: 'running', progress: 40 }, 500);
    expect(running).toMatchObject({ status: 'running', progress: 40, updated: 500, created: 100 });
    const retried = await updateJob(db, 'j1', (current) => ({ attempts: current.attempts + 1 }), 600);
    expect(retried).toMatchObject({ status: 'running', attempts: 1, updated: 600 });
    expect(await getJob(db, 'j1')).toEqual(retried);
    expect(await updateJob(db, 'missing', { status: 'done' })).toBeUndefined();

    await deleteJob(db, 'j1');
    expect(await getJob(db, 'j1')).toBeUndefined();
  });

  it('keeps concurrent updates from losing each other', async () => {
    const db = await freshDb();
    await putJob(db, makeJob('running', 1, { id: 'j1' }));
    await Promise.all(
      Array.from({ length: 5 }, () => updateJob(db, 'j1', (job) => ({ attempts: job.attempts + 1 }))),
    );
    expect((await getJob(db, 'j1'))?.attempts).toBe(5);
  });
});
