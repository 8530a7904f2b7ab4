import { describe, expect, it } from 'vitest';
import { importBackup } from '../../../src/state/backup/importer.ts';
import { isTerminal, type JobRecord } from '../../../src/types.ts';
import { freshDb } from '../backup/helpers.ts';
import { editRecords, seededArchive } from './helpers.ts';

describe('an imported zip cannot spend the user’s credit', () => {
  it('writes imported unfinished jobs as canceled “Imported — not run”, without their remote handle', async () => {
    const hostile = await editRecords(await seededArchive(), (store, row) =>
      store === 'jobs'
        ? {
            ...row,
            status: row.id === 'job-1' ? 'waiting' : 'running',
            remote: { id: 'video_attacker' },
            request: { ...(row.request as object), connectionId: 'someone-elses-connection' },
            estimatedCost: 0,
          }
        : row,
    );
    const target = await freshDb();
    const summary = await importBackup(target.db, hostile);
    expect(summary.added.jobs).toBe(2);
    const jobs = (await target.raw.getAll('jobs')) as JobRecord[];
    expect(jobs).toHaveLength(2);
    for (const job of jobs) {
      expect(isTerminal(job.status)).toBe(true);
      expect(job.status).toBe('canceled');
      expect(job.detail).toBe('Imported — not run');
      expect(job.error?.message).toMatch(/Imported — not run: .*did not send it/);
      expect(job.remote).toBeUndefined();
    }
    // The runner's ledger query finds nothing to resume.
    const active = jobs.filter((j) => !isTerminal(j.status));
    expect(active).toEqual([]);
  });

  it('keeps finished jobs as they were', async () => {
    const target = await freshDb();
    await importBackup(target.db, await seededArchive());
    const jobs = (await target.raw.getAll('jobs')) as JobRecord[];
    expect(jobs.map((j) => [j.status, j.detail])).toEqual([
      ['done', undefined],
      ['done', undefined],
    ]);
  });
});
