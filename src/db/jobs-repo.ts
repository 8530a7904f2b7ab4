/** The `jobs` store: the durable job ledger. Every transition is written here before it is acted on. */
import { JOB_STATUSES, isTerminal, type JobRecord, type JobStatus } from '../types.ts';
import type { DbConnection } from './schema.ts';
import { writeTx } from './tx.ts';

export type JobPatch = Partial<Omit<JobRecord, 'id' | 'created'>>;

const ACTIVE_STATUSES = JOB_STATUSES.filter((status) => !isTerminal(status));

const byCreated = (a: JobRecord, b: JobRecord): number => a.created - b.created || (a.id < b.id ? -1 : 1);

/** Writes a whole job row (create or replace). Throws `StorageFullError` when out of space. */
export async function putJob(db: DbConnection, job: JobRecord): Promise<void> {
  await writeTx(db, ['jobs'], async (tx) => {
    await tx.store.put(job);
  });
}

export async function getJob(db: DbConnection, id: string): Promise<JobRecord | undefined> {
  return db.get('jobs', id);
}

/** Jobs oldest first, optionally only those in `statuses`. */
export async function listJobs(
  db: DbConnection,
  options: { statuses?: readonly JobStatus[] } = {},
): Promise<JobRecord[]> {
  const { statuses } = options;
  if (!statuses) return db.getAllFromIndex('jobs', 'by-created');
  const index = db.transaction('jobs').store.index('by-status');
  const groups = await Promise.all([...new Set(statuses)].map((status) => index.getAll(status)));
  return groups.flat().sort(byCreated);
}

/** Every job not yet in a terminal status, oldest first: what the runner resumes on start-up. */
export async function listActiveJobs(db: DbConnection): Promise<JobRecord[]> {
  return listJobs(db, { statuses: ACTIVE_STATUSES });
}

/**
 * Read-modify-write of one job in a single transaction; stamps `updated`. `patch` may be a function
 * of the current row (e.g. `job => ({ attempts: job.attempts + 1 })`). Undefined if the job is gone.
 */
export async function updateJob(
  db: DbConnection,
  id: string,
  patch: JobPatch | ((job: JobRecord) => JobPatch),
  now: number = Date.now(),
): Promise<JobRecord | undefined> {
  return writeTx(db, ['jobs'], async (tx) => {
    const job = await tx.store.get(id);
    if (!job) return undefined;
    const changes = typeof patch === 'function' ? patch(job) : patch;
    const updated: JobRecord = { ...job, ...changes, id, created: job.created, updated: now };
    await tx.store.put(updated);
    return updated;
  });
}

export async function deleteJob(db: DbConnection, id: string): Promise<void> {
  await writeTx(db, ['jobs'], async (tx) => {
    await tx.store.delete(id);
  });
}
