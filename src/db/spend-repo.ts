/** The `spend` store: one row per billed job, with the estimate at submit time and the final cost. */
import type { SpendRecord } from '../types.ts';
import type { DbConnection } from './schema.ts';
import { writeTx } from './tx.ts';

/** The `day` key of a timestamp, in the user's local calendar: `YYYY-MM-DD`. */
export function dayKey(epochMs: number): string {
  const date = new Date(epochMs);
  const pad = (n: number): string => String(n).padStart(2, '0');
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}`;
}

/** What a row costs: the final amount when known, else the estimate. */
export const spendAmount = (row: SpendRecord): number => row.final ?? row.estimated;

/** Sum of `spendAmount` over rows (e.g. today's total against the daily budget). */
export const totalSpend = (rows: readonly SpendRecord[]): number =>
  rows.reduce((sum, row) => sum + spendAmount(row), 0);

/** Writes the spend row of a job (keyed by `jobId`). Throws `StorageFullError` when out of space. */
export async function recordSpend(db: DbConnection, record: SpendRecord): Promise<void> {
  await writeTx(db, ['spend'], async (tx) => {
    await tx.store.put(record);
  });
}

/** Sets the final cost of a job's spend row; undefined if the job has none. */
export async function updateSpend(
  db: DbConnection,
  jobId: string,
  final: number,
): Promise<SpendRecord | undefined> {
  return writeTx(db, ['spend'], async (tx) => {
    const row = await tx.store.get(jobId);
    if (!row) return undefined;
    const updated = { ...row, final };
    await tx.store.put(updated);
    return updated;
  });
}

/** The rows of one day (`dayKey` format), oldest first. */
export async function spendByDay(db: DbConnection, day: string): Promise<SpendRecord[]> {
  return sortByCreated(await db.getAllFromIndex('spend', 'by-day', day));
}

/** All rows, or those between two days inclusive, oldest first. */
export async function listSpend(
  db: DbConnection,
  options: { fromDay?: string; toDay?: string } = {},
): Promise<SpendRecord[]> {
  const { fromDay, toDay } = options;
  const range =
    fromDay && toDay
      ? IDBKeyRange.bound(fromDay, toDay)
      : fromDay
        ? IDBKeyRange.lowerBound(fromDay)
        : toDay
          ? IDBKeyRange.upperBound(toDay)
          : null;
  return sortByCreated(await db.getAllFromIndex('spend', 'by-day', range));
}

const sortByCreated = (rows: SpendRecord[]): SpendRecord[] => rows.sort((a, b) => a.created - b.created);
